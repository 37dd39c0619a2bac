"""Play runs in the browser: day by day at the chosen speed, stops on the last day; Pause stops it and the day holds.

Every day the map shows is recorded in the page (a MutationObserver on the map's
``data-day``), so "no day skipped" is checked on what was drawn, not on a timer.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from harness import (
    RECORD_MAP,
    SHP,
    add_sunday_test_claims,
    expected_fills,
    map_day,
    map_frame,
    wait_for_fills,
    wait_for_paths,
    wait_for_permalink,
    wait_for_script_idle,
)

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not SHP.exists(), reason="../shared boundary data not beside the repo")]


def test_play_walks_to_the_last_day_then_stops(page, app_server, data_dir):
    files = (data_dir / "districts.yaml", data_dir / "claims.yaml")
    add_sunday_test_claims(files[1])  # so that each day's fills differ from the last
    page.set_viewport_size({"width": 1400, "height": 1400})
    page.goto(app_server.url.rstrip("/") + "/?date=2021-09-04")
    wait_for_script_idle(page)
    frame = map_frame(page)
    wait_for_paths(frame, 7)
    wait_for_fills(frame, expected_fills(*files, "2021-09-04"))
    page.evaluate(RECORD_MAP)

    page.get_by_role("button", name="Play").click()
    page.get_by_role("button", name="Pause").wait_for(timeout=5_000)
    wait_for_fills(frame, expected_fills(*files, "2021-09-05"), timeout=5_000)
    wait_for_fills(frame, expected_fills(*files, "2021-09-06"), timeout=5_000)
    page.get_by_role("button", name="Play").wait_for(timeout=5_000)  # stopped by itself on the last day
    days = [d for d, _ in page.evaluate("() => window.__days")]
    assert days == ["2021-09-05", "2021-09-06"]  # one day at a time, none skipped, none repeated
    slider = page.get_by_role("slider", name="Date", exact=True)
    assert slider.get_attribute("aria-valuetext") == "Mon 6 Sep 2021"
    # Python hears the day once play has stopped: the day's claims and the permalink follow.
    wait_for_permalink(page, "date=2021-09-06", timeout=10_000)
    page.get_by_text("Said on Monday 06 September 2021").wait_for(timeout=10_000)

    assert page.get_by_role("button", name="One day forward").is_disabled()  # already the last day
    assert map_day(page) == "2021-09-06"
    page.get_by_role("button", name="One day back").click()
    wait_for_fills(frame, expected_fills(*files, "2021-09-05"))


#: Per speed (days a second): how many days to watch it draw, about 1.5 s of play from the second
#: day on (the rate is measured between the first and the last day drawn), and how to pause.
SPEEDS = [(1, 3, "Escape"), (7, 12, "Escape"), (30, 46, "Enter")]


def test_play_speeds_draw_every_day_and_pause_holds(page, app_server, three_years):
    """A long timeline (three years of generated claims), on one page: at each speed the map
    advances at about that many days a second and draws every day in order; Escape on the
    slider pauses, so does Enter on Pause, and a paused map holds its day."""
    page.set_viewport_size({"width": 1400, "height": 1400})
    page.goto(app_server.url)
    wait_for_script_idle(page)
    wait_for_paths(map_frame(page), 7)
    slider = page.get_by_role("slider", name="Date", exact=True)
    page.evaluate(RECORD_MAP)
    for speed, count, pause in SPEEDS:
        slider.press("Home")
        start = map_day(page)
        # Python hears of the day (the permalink follows) before play starts: its rerun lands on a map standing still.
        wait_for_permalink(page, "date=" + start, timeout=10_000)
        wait_for_script_idle(page)
        page.get_by_role("combobox", name="Play speed").select_option(str(speed))
        page.evaluate("() => { window.__days = []; }")
        page.get_by_role("button", name="Play").click()
        page.wait_for_function("n => window.__days.length >= n", arg=count, timeout=30_000)
        if pause == "Escape":
            slider.press("Escape")
        else:
            page.get_by_role("button", name="Pause").press("Enter")  # from the keyboard
        page.get_by_role("button", name="Play").wait_for(timeout=2_000)
        record = page.evaluate("() => window.__days")
        days = [dt.date.fromisoformat(d) for d, _ in record]
        assert len(days) >= count, record
        assert (days[0] - dt.date.fromisoformat(start)).days == 1, (start, record)
        assert all((b - a).days == 1 for a, b in itertools.pairwise(days)), "a day was skipped or repeated"
        rate = (len(days) - 1) / ((record[-1][1] - record[0][1]) / 1000)
        print(f"\nplay at {speed} days/s: {len(days)} days drawn, {rate:.1f} days/s")
        assert 0.7 * speed <= rate <= 1.3 * speed
    held = map_day(page)
    page.wait_for_timeout(500)  # 15 days at 30 a second
    assert map_day(page) == held and page.get_by_role("button", name="Play").count() == 1
