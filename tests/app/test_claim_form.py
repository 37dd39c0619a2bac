"""The "Add claim" form (``--allow-edit``) with Streamlit's AppTest: absent by default, writes only valid claims.

Every test writes to a copy of the committed files in ``tmp_path``, never to the repository.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.textdiff import inserted_lines
from yamldata.loader import load_dataset

from .conftest import REPO, SHP
from .mapview import go_to, map_day, map_legend


def app(monkeypatch, data_dir: Path, *, allow_edit: bool = True) -> AppTest:
    args = ["app.py", "--districts", str(data_dir / "districts.yaml"), "--claims", str(data_dir / "claims.yaml")]
    if SHP.exists():
        args += ["--boundaries", str(SHP)]
    if allow_edit:
        args.append("--allow-edit")
    monkeypatch.setattr(sys, "argv", args)
    monkeypatch.setenv("CONTROL_MAP_CACHE_DIR", str(data_dir / "cache"))
    return AppTest.from_file(str(REPO / "app.py"), default_timeout=60).run()


def fill(at: AppTest, **values: object) -> AppTest:
    """Set the form's widgets (by the name after ``claim_form_``), submit, rerun."""
    kinds = {
        "date": at.date_input,
        "source": at.selectbox,
        "new_source_party": at.selectbox,
        "status": at.selectbox,
        "holder": at.selectbox,
        "certainty": at.selectbox,
        "undated": at.checkbox,
        "districts": at.multiselect,
        "quote": at.text_area,
    }
    for name, value in values.items():
        kinds.get(name, at.text_input)(key=f"claim_form_{name}").set_value(value)
    return at.button(key="claim_form_submit").click().run()


def errors(at: AppTest) -> str:
    return " ".join(e.value for e in at.error).replace("\\", "")  # md() escapes; compare the plain text


def test_without_the_flag_there_is_no_form(monkeypatch, data_dir):
    at = app(monkeypatch, data_dir, allow_edit=False)
    assert not at.exception
    assert "Add claim" not in [b.label for b in at.button]
    assert not [b for b in at.button if b.key and b.key.startswith("claim_form")]
    assert not at.date_input and not at.text_area
    assert not any("Add claim" in m.value for m in at.markdown)


def test_valid_claim_is_appended_keeping_comments_and_the_map_follows(monkeypatch, data_dir):
    claims = data_dir / "claims.yaml"
    old = claims.read_text(encoding="utf-8")
    at = app(monkeypatch, data_dir)
    assert at.date_input(key="claim_form_date").value == dt.date(2021, 9, 6)  # the selected day
    assert map_legend(at)['Taliban — confirmed'] == 7

    at = fill(
        at,
        date=dt.date(2021, 9, 7),
        source="roggio",
        districts=["paryan"],
        status="contested",
        quote="Heavy fighting continues in Paryan",
        outlet="Long War Journal",
        report="Taliban push into the upper valley",
        url="https://example.org/lwj",
    )

    assert not at.exception and not at.error
    [success] = at.success
    assert "2021-09-07-roggio-heavy-fighting-continues-in" in success.value.replace("\\", "")
    added = inserted_lines(old, claims.read_text(encoding="utf-8"))
    assert "  - id: 2021-09-07-roggio-heavy-fighting-continues-in" in added
    assert "    districts: [Paryan]" in added and "    date: 2021-09-07" in added and "    reported_by: Long War Journal" in added
    assert "    report: Taliban push into the upper valley" in added and "    url: https://example.org/lwj" in added
    new = claims.read_text(encoding="utf-8")
    assert [line for line in old.splitlines() if line.lstrip().startswith("#")] == [
        line for line in new.splitlines() if line.lstrip().startswith("#")
    ]  # every comment kept, none added
    dataset = load_dataset(data_dir / "districts.yaml", claims)
    assert dataset.claims[-1].id == "2021-09-07-roggio-heavy-fighting-continues-in"
    # The same rerun shows the new day and the new state.
    assert map_day(at) == dt.date(2021, 9, 7)
    legend = map_legend(at)
    assert legend['Taliban — confirmed'] == 6
    assert legend['Contested — by independent accounts (fighting, both sides present, or sources that differ)'] == 1
    # The form is emptied for the next claim, but keeps date and source.
    assert at.text_area(key="claim_form_quote").value == "" and at.multiselect(key="claim_form_districts").value == []
    assert at.selectbox(key="claim_form_source").value == "roggio"
    assert at.date_input(key="claim_form_date").value == dt.date(2021, 9, 7)


def test_the_form_writes_the_evidence_fields(monkeypatch, data_dir):
    """A hedged report of presence, undated in its report, at night: written as the file would say it."""
    claims = data_dir / "claims.yaml"
    old = claims.read_text(encoding="utf-8")
    at = app(monkeypatch, data_dir)
    at = fill(
        at,
        date=dt.date(2021, 9, 7),
        source="emergency",
        districts=["dara"],
        status="present",
        holder="taliban",
        certainty="hedged",
        time="night",
        undated=True,
        quote="Taliban fighters were reportedly seen in Dara",
    )
    assert not at.exception and not at.error
    added = inserted_lines(old, claims.read_text(encoding="utf-8"))
    assert "    party: taliban" in added and "    certainty: hedged" in added and "    time: night" in added
    assert "    undated: true" in added and not any(line.startswith("    holder:") for line in added)
    claim = load_dataset(data_dir / "districts.yaml", claims).claims[-1]
    assert (claim.status, claim.party, claim.hedged, claim.undated) == ("present", "taliban", True, True)
    assert map_legend(at)['Taliban — partly supported by an independent source (unconfirmed)'] == 1  # Dara, that day


def test_form_date_follows_the_map_until_changed(monkeypatch, data_dir):
    at = go_to(app(monkeypatch, data_dir), dt.date(2021, 9, 5))
    assert at.date_input(key="claim_form_date").value == dt.date(2021, 9, 5)
    at = fill(at, date=dt.date(2021, 9, 1), source="roggio", status="statement", quote="x", url="not a url")  # refused
    assert at.date_input(key="claim_form_date").value == dt.date(2021, 9, 1) and at.error
    at = go_to(at, dt.date(2021, 9, 4))
    assert at.date_input(key="claim_form_date").value == dt.date(2021, 9, 1)  # the user's choice stays


def test_invalid_submission_shows_the_problems_and_writes_nothing(monkeypatch, data_dir):
    claims = data_dir / "claims.yaml"
    before = claims.read_bytes()
    at = app(monkeypatch, data_dir)
    at = fill(at, source="karimi", districts=["khinj"], status="held", quote="taken", url="javascript:alert(1)")

    assert not at.exception and not at.success
    text = errors(at)
    assert "The claim was not added; nothing was written" in text
    assert f"{claims}:" in text  # FILE:LINE: message, as the CLI prints it
    assert "has status 'held' but no 'holder'" in text
    assert "url 'javascript:alert(1)'" in text and "must be an http:// or https:// address" in text
    assert "javascript\\:alert\\(1\\)" in " ".join(e.value for e in at.error)  # escaped Markdown: never a link
    assert claims.read_bytes() == before
    assert sorted(p.name for p in data_dir.iterdir() if p.name.endswith(".tmp")) == []
    assert map_legend(at)['Taliban — confirmed'] == 7
    assert at.text_area(key="claim_form_quote").value == "taken"  # kept for the user to fix


def test_holder_on_a_contested_claim_is_refused_like_the_cli(monkeypatch, data_dir):
    claims = data_dir / "claims.yaml"
    before = claims.read_bytes()
    at = fill(app(monkeypatch, data_dir), source="roggio", districts=["paryan"], status="contested", holder="nrf", quote="fighting")
    assert "has a 'holder' but status 'contested'" in errors(at)
    assert claims.read_bytes() == before


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"districts": ["+all", "paryan"]}, "either “all” or particular districts"),
        ({"source": "+new"}, "New source: give its name"),
        ({"source": "+new", "new_source_name": "bill roggio"}, "“Bill Roggio” already exists"),
        ({"source": "roggio", "new_source_name": "Someone Else"}, "a name is filled in but an existing source is chosen"),
    ],
)
def test_form_level_mistakes_write_nothing(monkeypatch, data_dir, values, message):
    claims = data_dir / "claims.yaml"
    before = claims.read_bytes()
    at = fill(app(monkeypatch, data_dir), **{"districts": ["paryan"], "status": "contested", "quote": "fighting", **values})
    assert message in errors(at)
    assert claims.read_bytes() == before


def test_new_source_is_added_with_the_claim(monkeypatch, data_dir):
    claims = data_dir / "claims.yaml"
    old = claims.read_text(encoding="utf-8")
    at = app(monkeypatch, data_dir)
    at = fill(
        at,
        source="+new",
        new_source_name="Kabul Now",
        new_source_role="Afghan news site",
        districts=["+all"],
        status="held",
        holder="taliban",
        quote="The Taliban control the whole valley",
    )
    assert not at.error, errors(at)
    added = inserted_lines(old, claims.read_text(encoding="utf-8"))
    assert "  - {id: kabul-now, name: Kabul Now, role: Afghan news site}" in added  # the sources' one-line style
    assert "    districts: all" in added and "    source: kabul-now" in added
    dataset = load_dataset(data_dir / "districts.yaml", claims)
    assert dataset.source("kabul-now").party is None  # independent
    assert at.selectbox(key="claim_form_source").value == "kabul-now"  # chosen for the next claim
    assert at.text_input(key="claim_form_new_source_name").value == ""


def test_hand_edit_made_while_the_form_is_open_is_kept(monkeypatch, data_dir):
    claims = data_dir / "claims.yaml"
    at = app(monkeypatch, data_dir)
    edited = (
        claims.read_text(encoding="utf-8")
        .replace("role: Long War Journal}", "role: Long War Journal (FDD)}", 1)
        .replace("  # Independent\n", "  # Independent\n  # hand edit while the form was open\n", 1)
    )
    claims.write_text(edited, encoding="utf-8")
    at = fill(at, source="roggio", districts=["dara"], status="held", holder="taliban", quote="Dara has fallen")
    assert not at.error, errors(at)
    new = claims.read_text(encoding="utf-8")
    assert "# hand edit while the form was open" in new and "role: Long War Journal (FDD)}" in new
    assert inserted_lines(edited, new)


def test_a_broken_file_is_reported_as_such_and_left_alone(monkeypatch, data_dir):
    claims = data_dir / "claims.yaml"
    at = app(monkeypatch, data_dir)
    claims.write_text(claims.read_text(encoding="utf-8").replace("source: roggio", "source: rogio", 1), encoding="utf-8")
    before = claims.read_bytes()
    at = fill(at, source="roggio", districts=["dara"], status="held", holder="taliban", quote="Dara has fallen")
    line = next(i for i, text in enumerate(claims.read_text(encoding="utf-8").splitlines(), 1) if "source: rogio" in text)
    text = errors(at)
    assert "The data files themselves do not validate" in text
    assert f"{claims}:{line}: unknown source 'rogio'" in text
    assert claims.read_bytes() == before


def _python(code: str) -> dict:
    """Run ``code`` in a fresh interpreter at the repository root; it prints a JSON answer."""
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], cwd=REPO, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_only_the_form_imports_the_writer_and_the_app_only_with_the_flag(data_dir):
    """One fresh interpreter, in this order: every component but the form (and what app.py
    imports) leaves yamldata.writer and ruamel unimported; the whole app script, run without
    --allow-edit, too, and shows no form; run again with the flag, it loads the writer and
    shows the form. One process for the three: each start of Streamlit and the app costs seconds."""
    args = ["app.py", "--districts", str(data_dir / "districts.yaml"), "--claims", str(data_dir / "claims.yaml")]
    args += ["--boundaries", str(SHP)] if SHP.exists() else []
    answer = _python(
        f"""
        import importlib, json, os, pkgutil, sys
        os.environ["CONTROL_MAP_CACHE_DIR"] = {str(data_dir / "cache")!r}

        def loaded():
            return {{"writer": "yamldata.writer" in sys.modules, "ruamel": any(m.startswith("ruamel") for m in sys.modules)}}

        import components
        names = sorted(m.name for m in pkgutil.iter_modules(components.__path__) if m.name != "claim_form")
        for name in names:
            importlib.import_module("components." + name)
        import core.rules, streamlit
        modules = loaded()
        from streamlit.testing.v1 import AppTest
        runs = []
        for flag in ([], ["--allow-edit"]):
            sys.argv = {args!r} + flag
            at = AppTest.from_file("app.py", default_timeout=120).run()
            runs.append({{"exception": [e.value for e in at.exception], **loaded(),
                          "form": any(b.key == "claim_form_submit" for b in at.button)}})
        print(json.dumps({{"imported": names, "modules": modules, "runs": runs}}))
        """
    )
    assert {"data", "timemap", "settings", "compare", "timeslider"} <= set(answer["imported"])
    assert answer["modules"] == {"writer": False, "ruamel": False}
    without, with_flag = answer["runs"]
    assert without == {"exception": [], "writer": False, "ruamel": False, "form": False}
    assert with_flag == {**with_flag, "exception": [], "writer": True, "form": True}


@pytest.mark.parametrize(
    ("time", "quote", "outlet", "minutes"),
    [("22:00", "yes", "ON", 22 * 60), ("12:05", "3:45", "No", 12 * 60 + 5), ("09:30", "on", "1:30", 9 * 60 + 30)],
)
def test_times_and_one_word_text_are_accepted_and_read_back_as_typed(monkeypatch, data_dir, time, quote, outlet, minutes):
    """22:00 (the form's placeholder) was refused as a number; the quote "yes" as true/false; "3:45" became 225."""
    claims = data_dir / "claims.yaml"
    at = fill(app(monkeypatch, data_dir), date=dt.date(2021, 9, 7), source="roggio", districts=["paryan"], status="contested",
              time=time, quote=quote, outlet=outlet)  # fmt: skip
    assert not at.exception and not at.error, errors(at)
    [success] = at.success
    claim = load_dataset(data_dir / "districts.yaml", claims).claims[-1]
    assert (claim.time, claim.quote, claim.reported_by) == (minutes, quote, outlet)
    assert claim.id in success.value.replace("\\", "")


def test_a_quote_over_the_limit_is_refused_naming_the_limit_and_stays_in_the_box(monkeypatch, data_dir):
    claims = data_dir / "claims.yaml"
    before = claims.read_bytes()
    long_quote = "Heavy fighting continues in the valley. " * 60  # 2,400 characters
    at = fill(app(monkeypatch, data_dir), source="roggio", districts=["paryan"], status="contested", quote=long_quote)
    assert "Quote: 2,399 characters; the limit is 2,000" in errors(at)
    assert "nothing was written" in errors(at)
    assert at.text_area(key="claim_form_quote").value == long_quote  # kept, to be shortened
    assert claims.read_bytes() == before


def test_a_busy_file_says_why_and_keeps_the_claim_in_the_form(monkeypatch, data_dir):
    """Another writer holding the lock past the wait: the form says so and keeps what was typed."""
    from components import claim_form
    from yamldata.writer import file_lock

    monkeypatch.setattr(claim_form, "LOCK_TIMEOUT_S", 0.2)
    at = app(monkeypatch, data_dir)
    with file_lock(data_dir / "claims.yaml"):
        at = fill(at, source="roggio", districts=["paryan"], status="contested", quote="Clashes in Paryan")
    assert "is held by another writer" in errors(at) and "Your claim is still in the form" in errors(at)
    assert at.text_area(key="claim_form_quote").value == "Clashes in Paryan"
    at = at.button(key="claim_form_submit").click().run()  # again, now that the other writer is done
    assert not at.error and at.success
