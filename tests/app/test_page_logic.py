"""Page logic with Streamlit's AppTest: the map's counts, views, permalinks, hot reload, escaping."""

from __future__ import annotations

import sys
from pathlib import Path

from streamlit.testing.v1 import AppTest

from .conftest import REPO, SHP
from .mapview import go_to, map_data, map_day, map_legend


def app(monkeypatch, data_dir: Path, *, query: dict | None = None) -> AppTest:
    args = ["app.py", "--districts", str(data_dir / "districts.yaml"), "--claims", str(data_dir / "claims.yaml")]
    if SHP.exists():
        args += ["--boundaries", str(SHP)]
    monkeypatch.setattr(sys, "argv", args)
    monkeypatch.setenv("CONTROL_MAP_CACHE_DIR", str(data_dir / "cache"))
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


def test_default_is_the_last_day_all_confirmed_taliban(monkeypatch, data_dir):
    at = app(monkeypatch, data_dir)
    assert not at.exception
    assert map_day(at).isoformat() == "2021-09-06"
    assert map_legend(at)['Taliban — confirmed'] == 7


def test_permalink_date_and_view_are_read(monkeypatch, data_dir):
    at = app(monkeypatch, data_dir, query={"date": "2021-09-04", "view": "consensus"})
    assert map_day(at).isoformat() == "2021-09-04"
    assert map_legend(at)['Disputed — the accounts conflict'] == 7


def test_moving_to_a_day_follows_the_rules(monkeypatch, data_dir):
    at = go_to(app(monkeypatch, data_dir), __import__("datetime").date(2021, 9, 5))
    assert map_day(at).isoformat() == "2021-09-05"
    text = map_legend(at)
    assert text['Taliban — confirmed'] == 0  # no independent word is dated Sunday
    assert text['Disputed — the accounts conflict'] == 7
    assert at.query_params["date"] == ["2021-09-05"] or at.query_params["date"] == "2021-09-05"


def test_permalink_compare_is_read_and_written(monkeypatch, data_dir):
    at = app(monkeypatch, data_dir, query={"date": "2021-09-06", "compare": "2021-09-04"})
    assert map_data(at)["compare"]["day"] == "2021-09-04"
    assert at.query_params["compare"] in (["2021-09-04"], "2021-09-04")
    body = " ".join(m.value for m in at.markdown)
    assert "Compared: Sat 04 Sep 2021 → Mon 06 Sep 2021" in body and "7 of 7 districts differ" in body
    assert "Disputed — the accounts conflict → <b>Taliban — confirmed</b>" in body


def test_party_view_shows_that_partys_word(monkeypatch, data_dir):
    at = app(monkeypatch, data_dir, query={"date": "2021-09-05"})
    at.radio(key="view").set_value("nrf").run()
    text = map_legend(at)
    assert text['National Resistance Front — held, by its own account'] == 7
    assert text['Contested — by its own account (fighting, both sides present, or its sources differ)'] == 0


def test_district_history_lists_its_claims(monkeypatch, data_dir):
    at = app(monkeypatch, data_dir, query={"district": "Unabah", "date": "2021-09-04"})  # the day's claims are not Unaba's
    assert at.selectbox(key="district").value == "unaba"
    body = " ".join(m.value for m in at.markdown)
    assert "2021-09-06-emergency-anabah" in body and "Taliban forces had reached Anabah" in body
    assert "2021-09-06-roggio-possibly-dara" not in body  # about Dara, not Unaba


def test_broken_edit_shows_file_line_and_keeps_last_valid_data(monkeypatch, data_dir):
    at = app(monkeypatch, data_dir)
    claims = data_dir / "claims.yaml"
    claims.write_text(claims.read_text(encoding="utf-8").replace("source: roggio", "source: rogio", 1), encoding="utf-8")
    at.run()
    [error] = at.error
    line = next(i for i, text in enumerate(claims.read_text(encoding="utf-8").splitlines(), 1) if "source: rogio" in text)
    assert f"claims.yaml:{line}: unknown source 'rogio'" in error.value.replace("\\", "")
    assert "keeps showing the last valid data" in error.value
    assert map_legend(at)['Taliban — confirmed'] == 7


def test_html_in_quotes_is_escaped(monkeypatch, data_dir):
    claims = data_dir / "claims.yaml"
    text = claims.read_text(encoding="utf-8")
    quote = '"All still unconfirmed … Fighting in Paryan reported"'
    assert quote in text  # the edit below must change something
    claims.write_text(text.replace(quote, '"<img src=x onerror=alert(1)><script>alert(2)</script>"'), encoding="utf-8")
    at = app(monkeypatch, data_dir, query={"date": "2021-09-06", "district": "paryan"})
    html = " ".join(m.value for m in at.markdown)
    assert "&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;" in html
    assert "<img src=x" not in html and "<script>" not in html
