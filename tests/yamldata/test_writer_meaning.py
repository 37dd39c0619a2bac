"""What the writer writes is what every reader reads: text that YAML 1.1 or 1.2 would take for something else is quoted.

ruamel.yaml writes YAML 1.2; the loader reads with PyYAML (YAML 1.1) and, for big files,
yaml-rs (YAML 1.2). A plain ``3:45`` is 225 to PyYAML, ``yes`` is True, NEL is a line
break: the writer must quote those, prove it by reading the new entries back, and never
leave a file that blocks the next append.
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from pathlib import Path

import pytest
import yaml
import yaml_rs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.errors import ValidationError
from tests.scenarios import Files, claim
from yamldata import chunkworker, loader, writer, yamlsource
from yamldata.loader import load_dataset
from yamldata.writer import WriteError, append_claims

REPO = Path(__file__).resolve().parents[2]



def contested(**fields) -> dict:
    return {"date": "2021-09-07", "source": "roggio", "districts": ["Paryan"], "status": "contested", "quote": "x", **fields}


def added(claims: Path, districts: Path, entry: dict):
    [claim_id] = append_claims(claims, districts, [entry])
    return load_dataset(districts, claims).claim(claim_id)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"quote": "3:45"}, {"quote": "3:45"}),  # base-60: 225 to YAML 1.1 when plain
        ({"quote": "190:20:30", "reported_by": "1:30"}, {"quote": "190:20:30", "reported_by": "1:30"}),
        ({"quote": "yes", "reported_by": "ON", "report": "No"}, {"quote": "yes", "reported_by": "ON", "report": "No"}),
        ({"quote": "no"}, {"quote": "no"}),
        ({"quote": "on"}, {"quote": "on"}),
        ({"quote": "null", "reported_by": "~"}, {"quote": "null", "reported_by": "~"}),
        ({"quote": "1_000", "report": "0o17"}, {"quote": "1_000", "report": "0o17"}),
        ({"quote": "2021-09-05", "report": ".inf"}, {"quote": "2021-09-05", "report": ".inf"}),
        ({"quote": "It's 22:00: \"all quiet\" # not a comment"}, {"quote": "It's 22:00: \"all quiet\" # not a comment"}),
        ({"time": "22:00"}, {"time": 22 * 60}),  # the form's own placeholder
        ({"time": "12:05"}, {"time": 12 * 60 + 5}),
        ({"time": "09:30"}, {"time": 9 * 60 + 30}),
    ],
)
def test_text_that_looks_like_another_type_is_read_back_as_written(committed, fields, expected):
    claims, districts = committed
    got = added(claims, districts, contested(**fields))
    assert {key: getattr(got, key) for key in expected} == expected
    assert not list(claims.parent.glob(".claims.yaml.*.tmp"))


def test_the_time_is_written_quoted_as_the_validator_asks(committed):
    claims, districts = committed
    old = claims.read_text(encoding="utf-8")
    added(claims, districts, contested(time="22:00", quote="yes"))
    new_lines = claims.read_text(encoding="utf-8").splitlines()[len(old.splitlines()) - 20 :]
    assert '    time: "22:00"' in new_lines and '    quote: "yes"' in new_lines


@pytest.mark.parametrize("separator", ["\x85", "\u2028", "\u2029", "\n", "\r", "\t", "\x0b", "\x0c", "\x1b", "\x00", "\ufeff"])
def test_line_separators_and_controls_are_kept_and_never_block_the_next_append(committed, separator):
    """NEL was written folded and read back as a space; the next append was then refused for good."""
    claims, districts = committed
    quote = f"Fighting{separator}continues{separator} sources say"
    got = added(claims, districts, contested(quote=quote, reported_by=f"A{separator}B"))
    assert (got.quote, got.reported_by) == (quote, f"A{separator}B")
    later = added(claims, districts, contested(quote="Later claim", date="2021-09-08"))  # from any tab, or the ACLED import
    assert later.quote == "Later claim"
    assert got.id == "2021-09-07-roggio-fighting-continues-sources-say" or separator not in " \x85\u2028\u2029\n\r\t\x0b\x0c"


def test_edge_spaces_are_written_quoted(committed):
    claims, districts = committed
    added(claims, districts, contested(quote=" padded ", reported_by="\u00a0nbsp"))
    raw = yamlsource.parse(claims.read_text(encoding="utf-8"), "claims.yaml")["claims"][-1]
    assert (raw["quote"], raw["reported_by"]) == (" padded ", "\u00a0nbsp")  # as given; the validator then trims


def test_a_value_that_would_not_read_back_is_refused_and_nothing_is_written(committed, monkeypatch):
    """The read-back check itself: with the quoting switched off, the writer refuses instead of writing 225."""
    claims, districts = committed
    before = claims.read_bytes()
    monkeypatch.setattr(writer, "_scalar", lambda value, key: value)
    with pytest.raises(WriteError, match=r"claims\.yaml:\d+: 'quote' '3:45' would be read back as 225; nothing was written"):
        append_claims(claims, districts, [contested(quote="3:45")])
    assert claims.read_bytes() == before
    assert not list(claims.parent.glob(".claims.yaml.*.tmp"))


def test_a_lone_surrogate_is_refused_with_its_field(committed):
    claims, districts = committed
    before = claims.read_bytes()
    with pytest.raises(WriteError, match=r"'quote' .* is not valid Unicode text"):
        append_claims(claims, districts, [contested(quote="bad \ud800 text")])
    assert claims.read_bytes() == before


# ---- hand-written files: one-word text, quoted or not ------------------------------------------


def test_quoted_one_word_text_is_accepted(files):
    files.write_claims_text(
        """\
        parties: [{id: red, name: Red, color: "#d55e00"}]
        sources: [{id: wire, name: Wire}]
        claims:
        - {id: c1, date: 2021-09-05, source: wire, status: statement, quote: "yes", reported_by: "ON", report: 'No'}
        - {id: c2, date: 2021-09-05, source: wire, status: statement, quote: "3:45", reported_by: "1_000"}
        """
    )
    c1, c2 = files.dataset().claims
    assert (c1.quote, c1.reported_by, c1.report) == ("yes", "ON", "No")
    assert (c2.quote, c2.reported_by) == ("3:45", "1_000")


@pytest.mark.parametrize(
    ("written", "read_as"),
    [("yes", "true/false True"), ("Off", "true/false False"), ("3:45", "a number 225"), ("1_000", "a number 1000"),
     ("0o17", None), ("1.50", "a number 1.5"), ("2021-09-05", "date datetime.date(2021, 9, 5)")],
)  # fmt: skip
def test_unquoted_one_word_text_that_yaml_reads_otherwise_is_refused_naming_the_line(files, written, read_as):
    """Decision: text YAML reads as true/false, a number or a date is an error naming file:line, with the quoted form."""
    files.write_claims_text(
        f"""\
        parties: [{{id: red, name: Red, color: "#d55e00"}}]
        sources: [{{id: wire, name: Wire}}]
        claims:
        - id: c1
          date: 2021-09-05
          source: wire
          status: statement
          quote: {written}
        """
    )
    if read_as is None:  # 0o17 is text to YAML 1.1 (PyYAML): it stays as written
        assert files.dataset().claims[0].quote == written
        return
    with pytest.raises(ValidationError) as info:
        files.dataset()
    [problem] = info.value.problems
    assert problem.file == str(files.claims) and problem.line == 8
    assert f"'quote' of claim 'c1' must be text, not {read_as}" in problem.message
    assert f'put it in quotes: quote: "{written}"' in problem.message


def test_a_number_that_prints_as_written_stays_accepted(files):
    files.write_claims_text(
        """\
        parties: [{id: red, name: Red, color: "#d55e00"}]
        sources: [{id: wire, name: Wire}]
        claims:
        - {id: c1, date: 2021-09-05, source: wire, status: statement, quote: 2021, reported_by: 1.5}
        """
    )
    [c1] = files.dataset().claims
    assert (c1.quote, c1.reported_by) == ("2021", "1.5")


# ---- the property: any text, any field, read back identical ------------------------------------

TRICKY = [
    "yes", "no", "Yes", "NO", "on", "Off", "y", "n", "true", "False", "null", "Null", "~", "", " ", "3:45", "22:00", "12:05",
    "190:20:30", "-1:30", "1_000", "0o17", "0x1F", "0b101", "012", "1e3", "1.", ".5", "+1", ".inf", "-.Inf", ".nan", "=", "<<",
    "2021-09-05", "0021-09-05", "2021-09-05 10:00", "2021-09-05T10:00:00Z", "- x", "? x", ": x", "#x", "x #y", "&a", "*a",
    "!tag", "|", ">", "'", '"', "%YAML", "@x", "`x", "{a: 1}", "[a]", "a, b", "x: y", "---", "...", "\\", "\\n",
]  # fmt: skip
LINE_BREAKS = st.sampled_from(["\n", "\r", "\r\n", "\x85", "\u2028", "\u2029", "\t", "\x0b", "\x0c"])
CONTROLS = st.characters(categories=["Cc", "Cf", "Zl", "Zp", "Zs"], exclude_characters="\ud800")
WORDS = st.lists(
    st.one_of(st.sampled_from(TRICKY), st.text(max_size=12), LINE_BREAKS, CONTROLS.map(str),
              st.integers().map(str), st.floats(allow_nan=True).map(repr),
              st.from_regex(r"[0-9]{1,3}(:[0-5][0-9]){1,2}", fullmatch=True),
              st.dates().map(lambda d: d.isoformat())),
    max_size=6,
).map("".join)  # fmt: skip


def _same_read_by_yaml_rs(data: bytes) -> None:
    """yaml-rs reads the new claim as PyYAML does, unless the fast path would not give it this text at all.

    yaml-rs 0.1 (parse_datetime) reads even quoted date- and time-like text (``"2021-09-05"``,
    ``"00:00:00"``) as a date or a time: the fast path then finds no text where text is
    due and leaves the file to the builder (yamldata.validate Unsure), so a date there is
    a refusal, not a misreading.
    """
    if chunkworker.may_differ(data):
        return
    fast = yaml_rs.load(data, parse_datetime=True)["claims"][-1]
    slow = yaml.load(data.decode("utf-8-sig"), Loader=yamlsource._LOADER)["claims"][-1]
    assert set(fast) == set(slow)
    for key, value in slow.items():
        assert fast[key] == value or (isinstance(fast[key], dt.date | dt.time) and isinstance(value, str)), (key, fast[key], value)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(quote=WORDS, outlet=WORDS, report=WORDS, name=WORDS, role=WORDS)
def test_any_text_is_read_back_identical_and_the_next_append_still_works(quote, outlet, report, name, role):
    with tempfile.TemporaryDirectory() as tmp:
        files = Files(Path(tmp)).write([claim("c1", "2021-09-05", "wire", ["North"], holder="red"),
                                        claim("c2", "2021-09-05", "ngo", None, status="statement"),
                                        claim("c3", "2021-09-06", "wire", ["South"], holder="blue")])  # fmt: skip
        source = {"id": "new-source", "name": name if name.strip() else "x" + name, "role": role or None}
        new = claim("c4", "2021-09-07", "new-source", None, status="statement", quote=quote or None, reported_by=outlet or None,
                    report=report or None)  # fmt: skip
        assert append_claims(files.claims, files.districts, [new], [source]) == ["c4"]
        raw = yamlsource.parse(files.claims.read_text(encoding="utf-8"), "claims.yaml")
        written = {k: v for k, v in raw["claims"][-1].items() if k in ("quote", "reported_by", "report")}
        assert written == {k: v for k, v in {"quote": quote, "reported_by": outlet, "report": report}.items() if v}
        assert {k: raw["sources"][-1].get(k) for k in ("name", "role")} == {"name": source["name"], "role": source["role"]}
        _same_read_by_yaml_rs(files.claims.read_bytes())

        dataset = files.dataset()
        c4 = dataset.claim("c4")
        assert (c4.quote, c4.reported_by, c4.report) == tuple(t.strip() or None for t in (quote, outlet, report))
        assert dataset.source("new-source").name == source["name"].strip()
        assert append_claims(files.claims, files.districts, [claim("c5", "2021-09-08", "ngo", None, status="statement")]) == ["c5"]
        assert [c.id for c in files.dataset().claims] == ["c1", "c2", "c3", "c4", "c5"]


@settings(max_examples=400, deadline=None)
@given(text=st.one_of(st.sampled_from(TRICKY), st.text(max_size=20), WORDS))
def test_each_text_as_the_writer_dumps_it_is_read_back_by_both_parsers(text):
    """The writer's choice (plain or double-quoted) of one value, dumped by ruamel.yaml as the writer sets it up."""
    out = io.StringIO()
    writer._yaml_for("").dump({"a": writer._scalar(text, "a")}, out)
    assert yaml.load(out.getvalue(), Loader=yamlsource._LOADER) == {"a": text}, out.getvalue()
    fast = yaml_rs.load(out.getvalue().encode(), parse_datetime=True)["a"]
    assert fast == text or isinstance(fast, dt.date | dt.time), out.getvalue()  # see _same_read_by_yaml_rs


@pytest.mark.parametrize(
    ("texts", "path"),
    [(["Fighting\x85continues", "A\u2028B\u2029C", "bell\x07 esc\x1b", "tab\tnew\nline", "It's 22:00: \"all quiet\" # no"], "fast"),
     ([t for t in TRICKY if t.strip()], None)],
    ids=["escaped", "tricky"],
)  # fmt: skip
def test_the_fast_path_reads_what_the_writer_wrote_as_the_builder_does(committed, monkeypatch, texts, path):
    """A big file is read by yaml-rs (the fast path): the same claims as the builder, or the builder reads it.

    The writer's escapes (\\N, \\L, \\x07, …) go through yaml-rs; quoted one-word text that
    YAML would read otherwise plain makes the fast path hand the file to the builder.
    """
    claims, districts = committed
    entries = [contested(quote=text, reported_by=text.strip(), date="2021-09-07") for text in texts]
    append_claims(claims, districts, entries)
    monkeypatch.setattr(yamlsource, "FAST_MIN_BYTES", 0)
    loader.clear_cache()
    fast = load_dataset(districts, claims)
    assert path is None or loader.last_claims_path() == path
    loader.clear_cache()
    monkeypatch.setattr(yamlsource, "yaml_rs", None)
    slow = load_dataset(districts, claims)
    assert loader.last_claims_path() == "slow"
    assert [(c.id, c.quote, c.reported_by) for c in fast.claims] == [(c.id, c.quote, c.reported_by) for c in slow.claims]
    assert [c.quote for c in slow.claims[-len(entries) :]] == texts
