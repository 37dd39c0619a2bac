"""Every validation message: FILE:LINE: message naming the offending value."""

from __future__ import annotations

import pytest

from core.errors import ValidationError
from tests.scenarios import DISTRICTS, claim


def problems(files) -> list[str]:
    with pytest.raises(ValidationError) as info:
        files.dataset()
    return [str(p) for p in info.value.problems]


def line_of(path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def test_valid_files_load(files):
    files.write([claim("c1", "2021-09-05", "wire", ["North"], holder="red")])
    assert [c.id for c in files.dataset().claims] == ["c1"]


def test_unknown_district_names_spelling_and_closest_names(files):
    files.write([claim("c1", "2021-09-05", "wire", ["Nort"], holder="red")])
    [message] = problems(files)
    assert (
        message
        == f"{files.claims}:{line_of(files.claims, '- Nort')}: unknown district 'Nort' in claim 'c1' (closest: North, Nórth-Side, South)"
    )


def test_unknown_source_and_party(files):
    files.write([claim("c1", "2021-09-05", "wyre", ["North"], holder="green")])
    found = problems(files)
    assert f"{files.claims}:{line_of(files.claims, 'source: wyre')}: unknown source 'wyre' in claim 'c1' (did you mean 'wire'?)" in found
    assert any("unknown party 'green' as holder in claim 'c1'" in p for p in found)


def test_unknown_party_of_a_source(files):
    sources = [{"id": "x", "name": "X", "party": "reds"}]
    files.write([], sources=sources)
    assert any(p.endswith("unknown party 'reds' for source 'x' (did you mean 'red'?)") for p in problems(files))


def test_held_without_holder(files):
    files.write([claim("c1", "2021-09-05", "wire", ["North"])])
    [message] = problems(files)
    assert "claim 'c1' has status 'held' but no 'holder'" in message
    assert message.startswith(f"{files.claims}:{line_of(files.claims, 'id: c1')}:")


@pytest.mark.parametrize("bad", ["2021-13-01", "2021-02-30", "05/09/2021", "yesterday"])
def test_bad_date(files, bad):
    files.write([claim("c1", bad, "wire", ["North"], holder="red")])
    [message] = problems(files)
    assert f"bad date '{bad}' in claim 'c1'" in message
    assert message.startswith(f"{files.claims}:{line_of(files.claims, 'date:')}:")


def test_duplicate_claim_id(files):
    files.write([claim("c1", "2021-09-05", "wire", ["North"], holder="red"), claim("c1", "2021-09-06", "wire", ["South"], holder="red")])
    [message] = problems(files)
    first = line_of(files.claims, "id: c1")
    assert f"duplicate id 'c1' (first on line {first})" in message


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.org/x", "www.example.org", "data:text/html,<b>x</b>"])
def test_non_http_url(files, url):
    files.write([claim("c1", "2021-09-05", "wire", ["North"], holder="red", url=url)])
    [message] = problems(files)
    assert f"url '{url}' of claim 'c1' must be an http:// or https:// address" in message


def test_unknown_status(files):
    files.write([claim("c1", "2021-09-05", "wire", ["North"], status="captured")])
    [message] = problems(files)
    assert "unknown status 'captured' in claim 'c1' (use one of: held, contested, present, denied, unverified, statement)" in message


def test_holder_with_contested_is_refused(files):
    files.write([claim("c1", "2021-09-05", "wire", ["North"], status="contested", holder="red")])
    assert "only 'held' names a holder" in problems(files)[0]


def test_unknown_field_suggests_the_right_one(files):
    files.write([claim("c1", "2021-09-05", "wire", ["North"], holder="red", qoute="x")])
    assert "unknown field 'qoute' in claim 'c1' (did you mean 'quote'?)" in problems(files)[0]


def test_every_problem_is_reported_at_once(files):
    files.write([claim("c1", "2021-99-05", "nobody", ["Nowhere"], status="held")])
    assert len(problems(files)) == 4  # date, source, holder, district


def test_yaml_syntax_error_has_its_line(files):
    files.write_claims_text(
        """\
        parties: []
        sources: []
        claims:
          - id: c1
            quote: "unclosed
          - id: c2
        """
    )
    [message] = problems(files)
    assert message.startswith(f"{files.claims}:") and "YAML syntax error" in message
    assert int(message.split(":")[1]) in (5, 6, 7)


def test_wrong_types_everywhere(files):
    files.write_claims_text(
        """\
        parties: {id: red}
        sources: 42
        claims:
          - just a string
          - {id: [1, 2], date: {a: 1}, source: [], districts: {x: 1}, status: 7, quote: [q]}
        """
    )
    found = problems(files)
    assert any(":1: 'parties' must be a list, not a mapping" in p for p in found)
    assert any(":2: 'sources' must be a list, not a number 42" in p for p in found)
    assert any(":4: claim #1 must be a mapping of fields, not text 'just a string'" in p for p in found)
    assert len(found) >= 6


def test_district_clash_after_normalisation(files):
    districts = {"region": "x", "districts": [*DISTRICTS["districts"], {"id": "north2", "name": "North 2", "aliases": ["north-side"]}]}
    files.write([], districts=districts)
    [message] = problems(files)
    assert "district 'north2' and district 'north' (line" in message and "share the name 'northside'" in message
    assert message.startswith(f"{files.districts}:{line_of(files.districts, 'id: north2')}:")


def test_bad_district_id_and_seat(files):
    districts = {"region": "x", "districts": [{"id": "Bad Id", "name": "B", "seat": {"lat": 95, "lon": 69}}]}
    files.write([], districts=districts)
    found = problems(files)
    assert any("id 'Bad Id' of district #1 may use only a-z, 0-9, '_' and '-'" in p for p in found)
    assert any("seat lat of district #1 must be a number between -90 and 90, not a number 95" in p for p in found)


def test_bad_party_colour_and_reserved_id(files):
    parties = [{"id": "independent", "name": "X", "color": "red; background:url(x)"}]
    files.write([], parties=parties, sources=[{"id": "s", "name": "S"}])
    found = problems(files)
    assert any("party id 'independent' is reserved" in p for p in found)
    assert any("must be a hex colour" in p for p in found)


def test_after_a_claim_the_report_times_later_is_an_error(files):
    files.write(
        [
            claim("w1", "2021-09-05", "wire", ["North"], holder="red", time="22:00"),
            claim("w2", "2021-09-05", "ngo", ["North"], holder="red", time="09:00", after=["w1"]),
        ]
    )
    [message] = problems(files)
    assert message.endswith("comes 'after' claim 'w1', but its time is earlier (09:00 before 22:00)")


def test_stale_after_days_must_be_a_positive_whole_number(files):
    files.write([claim("c1", "2021-09-05", "wire", ["North"], holder="red")])
    files.claims.write_text(files.claims.read_text(encoding="utf-8") + "settings:\n  stale_after_days: 0\n", encoding="utf-8")
    [message] = problems(files)
    assert message == f"{files.claims}:{line_of(files.claims, 'stale_after_days')}: " + (
        "stale_after_days must be a whole number of days, at least 1, not a number 0"
    )
