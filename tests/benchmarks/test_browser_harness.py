"""Smoke tests of the browser benchmark's pieces (no browser, no timing)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

pytest.importorskip("playwright")

from benchmarks import browser  # after the skip: it imports playwright
from benchmarks.run import targets


def test_bare_page_is_one_slider_and_one_text(tmp_path):
    page = browser.write_bare_page(tmp_path)
    text = page.read_text(encoding="utf-8")
    compile(text, str(page), "exec")
    assert text.count("st.slider(") == 1 and text.count("st.write(") == 1
    assert f"value={browser.BARE_START}" in text


def test_walk_changes_the_map_at_every_step():
    days = [dt.date(2021, 9, 1) + dt.timedelta(days=i) for i in range(6)]
    looks = ["a", "a", "b", "c", "d", "d"]  # the run of changing days is 1..4
    expected = browser.Expected(order=["x"], days=days, fills={d: [f] for d, f in zip(days, looks, strict=True)})
    start, steps = expected.walk(9)
    assert start == days[1] and len(steps) == 9
    shown = [start] + [day for _, day in steps]
    assert all(expected.fills[a] != expected.fills[b] for a, b in itertools.pairwise(shown))
    assert all(abs((b - a).days) == 1 for a, b in itertools.pairwise(shown))
    assert {key for key, _ in steps} == {"ArrowRight", "ArrowLeft"}


def test_percentile_is_nearest_rank():
    values = list(range(1, 21))
    assert browser.percentile(values, 95) == 19
    assert browser.percentile(values, 50) == 10


def test_targets_say_pass_or_miss_with_a_ratio():
    http = {"component": 50_000, "app_static": 50_000, "streamlit_frontend": 3_000_000, "other": 0, "requests": 9, "total": 0}
    case = {"case": "Panjshir", "districts": 7, "step_ms_p95": 300.0, "first_ws_bytes_median": 100_000,
            "first_http_median": http, "step_ws_bytes_median": 30_000}  # fmt: skip
    checked = targets([], {"floor": {"step_ms_p95": 100.0}, "app": [case]}, None)
    verdicts = {c["target"].split(":")[0]: (c["verdict"], c["ratio"]) for c in checked}
    assert verdicts["slider step p95 ≤ 2× bare-Streamlit p95 (100 ms)"] == ("MISS", 1.5)
    assert next(v for k, v in verdicts.items() if k.startswith("first map")) == ("PASS", 0.8)
    assert next(v for k, v in verdicts.items() if k.startswith("a step")) == ("MISS", 1.5)
