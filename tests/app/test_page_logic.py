"""Page logic with Streamlit's AppTest: legend counts, views, permalinks, hot reload, escaping."""

from __future__ import annotations

import sys
from pathlib import Path

from streamlit.testing.v1 import AppTest

from .conftest import REPO, SHP


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


def legend_text(at: AppTest) -> str:
    return " ".join(m.value for m in at.sidebar.markdown if "legend" in m.value)


def test_default_is_the_last_day_all_confirmed_taliban(monkeypatch, data_dir):
    at = app(monkeypatch, data_dir)
    assert not at.exception
    assert at.slider(key="date").value.isoformat() == "2021-09-06"
    assert 'Taliban — confirmed: <b class="legend-count">7</b>' in legend_text(at)


def test_permalink_date_and_view_are_read(monkeypatch, data_dir):
    at = app(monkeypatch, data_dir, query={"date": "2021-09-04", "view": "consensus"})
    assert at.slider(key="date").value.isoformat() == "2021-09-04"
    assert 'Disputed (claims contradict): <b class="legend-count">7</b>' in legend_text(at)


def test_moving_the_slider_follows_the_rules(monkeypatch, data_dir):
    at = app(monkeypatch, data_dir)
    at.slider(key="date").set_value(__import__("datetime").date(2021, 9, 5)).run()
    text = legend_text(at)
    assert 'Taliban — confirmed: <b class="legend-count">0</b>' in text  # no independent word is dated Sunday
    assert 'Disputed (claims contradict): <b class="legend-count">7</b>' in text
    assert at.query_params["date"] == ["2021-09-05"] or at.query_params["date"] == "2021-09-05"


def test_step_buttons(monkeypatch, data_dir):
    at = app(monkeypatch, data_dir)
    at.button[0].click().run()  # ◀ Day
    assert at.slider(key="date").value.isoformat() == "2021-09-05"
    at.button[2].click().run()  # Day ▶
    assert at.slider(key="date").value.isoformat() == "2021-09-06"


def test_party_view_shows_that_partys_word(monkeypatch, data_dir):
    at = app(monkeypatch, data_dir, query={"date": "2021-09-05"})
    at.radio(key="view").set_value("nrf").run()
    text = legend_text(at)
    assert 'National Resistance Front — held (by its own account): <b class="legend-count">7</b>' in text
    assert 'Contested (fighting / both present): <b class="legend-count">0</b>' in text


def test_district_history_lists_its_claims(monkeypatch, data_dir):
    at = app(monkeypatch, data_dir, query={"district": "Unabah", "date": "2021-09-04"})  # the day's claims are not Unaba's
    assert at.selectbox(key="district").value == "unaba"
    body = " ".join(m.value for m in at.markdown)
    assert "2021-09-05-emergency-anabah" in body and "Taliban forces had reached Anabah" in body
    assert "2021-09-05-roggio-possibly-dara" not in body  # about Dara, not Unaba


def test_broken_edit_shows_file_line_and_keeps_last_valid_data(monkeypatch, data_dir):
    at = app(monkeypatch, data_dir)
    claims = data_dir / "claims.yaml"
    claims.write_text(claims.read_text(encoding="utf-8").replace("source: roggio", "source: rogio", 1), encoding="utf-8")
    at.run()
    [error] = at.error
    line = next(i for i, text in enumerate(claims.read_text(encoding="utf-8").splitlines(), 1) if "source: rogio" in text)
    assert f"claims.yaml:{line}: unknown source 'rogio'" in error.value.replace("\\", "")
    assert "keeps showing the last valid data" in error.value
    assert 'Taliban — confirmed: <b class="legend-count">7</b>' in legend_text(at)


def test_html_in_quotes_is_escaped(monkeypatch, data_dir):
    claims = data_dir / "claims.yaml"
    text = claims.read_text(encoding="utf-8")
    claims.write_text(
        text.replace('"All still unconfirmed … Fighting in Paryan reported."', '"<img src=x onerror=alert(1)><script>alert(2)</script>"'),
        encoding="utf-8",
    )
    at = app(monkeypatch, data_dir, query={"date": "2021-09-06", "district": "paryan"})
    html = " ".join(m.value for m in at.markdown)
    assert "&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;" in html
    assert "<img src=x" not in html and "<script>" not in html
