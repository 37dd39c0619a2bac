"""Smoke tests of the browser benchmark's pieces (no browser, no timing)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

pytest.importorskip("playwright")

from benchmarks import browser  # after the skip: it imports playwright
from benchmarks.run import PANJSHIR, targets, timemap_table


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
    http = {"component": 0, "app_static": 120_000, "streamlit_frontend": 3_000_000, "other": 0, "requests": 9, "total": 0}
    panjshir = {"case": PANJSHIR, "districts": 7, "step_ms_p95": 30.0, "panel_ms_p95": 180.0, "first_ws_bytes_median": 20_000,
                "first_http_median": http, "drag": {"repaints_per_second": 3.0}}  # fmt: skip
    national = {"case": "398 districts, 1,000 claims", "districts": 398, "step_ms_p95": 60.0, "first_ws_bytes_median": 20_000,
                "first_http_median": {**http, "app_static": 500_000}, "drag": {"repaints_per_second": 27.0},
                "drag_mouse": {"repaints_per_second": 45.0},
                "play": {"days_per_second": 29.7, "skipped": 1}}  # fmt: skip
    checked = targets([], {"floor": {"step_ms_p95": 100.0}, "app": [panjshir, national]}, None)
    verdicts = {c["target"]: (c["verdict"], c["ratio"]) for c in checked}

    def find(start: str, case: str) -> tuple[str, float]:
        return next(v for k, v in verdicts.items() if k.startswith(start) and k.endswith(case))

    assert find("key step p95 ≤ 0.5×", PANJSHIR) == ("PASS", 0.6)
    assert find("key step p95 ≤ 0.5×", "1,000 claims") == ("MISS", 1.2)
    assert find("day's panels", PANJSHIR) == ("MISS", 1.2)
    assert find("first map", PANJSHIR) == ("PASS", round(140_000 / 170_900, 2))
    assert find("first map", "1,000 claims") == ("MISS", round(520_000 / 440_700, 2))
    assert find("drag ≥ 30 map repaints/s, a mouse at 60 Hz", "1,000 claims") == ("PASS", 1.5)
    assert find("drag ≥ 30 map repaints/s, moves paced by the driver", "1,000 claims") == ("MISS", 0.9)
    assert not any(k.startswith("drag") and k.endswith(PANJSHIR) for k in verdicts)  # three days: nothing to drag through
    assert find("play at 30", "1,000 claims")[0] == "MISS"  # a skipped day misses whatever the rate


def test_in_page_key_step_has_its_own_floor_and_the_app_settings_floor_is_shown_in_brackets():
    floor = {"step_ms_p95": 100.0, "step_in_page_ms_p95": 80.0}
    same = {"step_ms_p95": 50.0, "step_in_page_ms_p95": 40.0}
    case = {"case": "398 districts, 1,000 claims", "districts": 398, "step_ms_median": 30.0, "step_ms_p95": 40.0,
            "step_in_page_ms_median": 10.0, "step_in_page_ms_p95": 16.0, "panel_ms_median": 90.0, "panel_ms_p95": 120.0,
            "first_ws_bytes_median": 1, "first_http_median": {"component": 0, "app_static": 1}}  # fmt: skip
    result = {"floor": floor, "floor_app_settings": same, "app": [case]}
    verdicts = {c["target"]: (c["verdict"], c["ratio"]) for c in targets([], result, None)}
    in_page = [v for k, v in verdicts.items() if k.startswith("key step p95 in the page")]
    assert in_page == [("PASS", round(16.0 / (0.5 * 80.0), 2))]  # against the in-page floor, not the driver's
    row = next(line for line in timemap_table(result).splitlines() if line.startswith("| 398 districts"))
    assert "| 0.40× (0.80×) |" in row  # driver key step: 40 / 100, and 40 / 50 with the app's settings
    assert "| 0.20× (0.40×) |" in row  # in the page: 16 / 80 and 16 / 40
    assert "| 1.20× (2.40×) |" in row  # panels: 120 / 100 and 120 / 50
    without = next(line for line in timemap_table({"floor": floor, "app": [case]}).splitlines() if line.startswith("| 398"))
    assert "| 0.40× |" in without and "(" not in without.split("|")[3]  # no second floor measured: no brackets
