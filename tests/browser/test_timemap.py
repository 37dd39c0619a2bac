"""The time map in the app: it scrubs, steps and compares in the browser; Python follows once the day stands still.

Expected fills come from the library (``core.rules`` + ``core.style``), the
expected differences from ``core.compare``: the page is checked against the rules.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from harness import (
    CM_APP,
    MAP_ROOT,
    RECORD_MAP,
    REPO_ROOT,
    SHP,
    add_sunday_test_claims,
    assert_canvas_draws,
    district_point,
    expected_fills,
    map_day,
    map_frame,
    path_fills,
    rule_fills,
    screenshot,
    wait_for_fills,
    wait_for_paths,
    wait_for_permalink,
    wait_for_script_idle,
)

from core.compare import differences
from core.rules import ComputedTimeline
from yamldata.loader import load_dataset

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not SHP.exists(), reason="../shared boundary data not beside the repo")]

DASHED = "path.leaflet-interactive:not(.cm-place)[stroke-dasharray='7 4']"


def open_app(page, server, query: str = "", districts: int = 7, timeout: float = 30_000):
    page.set_viewport_size({"width": 1400, "height": 1500})
    page.goto(server.url.rstrip("/") + "/" + query.lstrip("/"))
    wait_for_script_idle(page, timeout=timeout)
    frame = map_frame(page, timeout=timeout)
    wait_for_paths(frame, districts)
    return frame


def test_drag_repaints_while_the_mouse_is_down_python_follows_on_release_and_compare_marks_differences(page, app_server, data_dir):
    """A drag of the slider repaints the map at every day it crosses, and Python hears of the day on
    release; then, on that day, compare marks the districts that differ, lists them, and the permalink
    carries both days."""
    districts, claims = data_dir / "districts.yaml", data_dir / "claims.yaml"
    add_sunday_test_claims(claims)  # every day's fills differ from the last; Sunday differs from Monday in part
    frame = open_app(page, app_server, "/?date=2021-09-04")
    page.get_by_text("Said on Saturday 04 September 2021").wait_for()
    page.evaluate(RECORD_MAP)
    box = page.get_by_role("slider", name="Date", exact=True).bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + 6, y)
    page.mouse.down()
    for x in [*range(0, 101, 5), *range(100, -1, -5), *range(0, 101, 5)]:  # right, left, right again
        page.mouse.move(box["x"] + 6 + (box["width"] - 12) * x / 100, y)
        page.wait_for_timeout(15)
    # Still dragging: the map has shown every day on the way, Python has not been asked yet.
    wait_for_fills(frame, expected_fills(districts, claims, "2021-09-06"))
    days = [day for _, day in page.evaluate("() => window.__repaints")]
    shown = [d for i, d in enumerate(days) if i == 0 or d != days[i - 1]]
    assert shown == ["2021-09-05", "2021-09-06", "2021-09-05", "2021-09-04", "2021-09-05", "2021-09-06"]
    assert "date=2021-09-04" in page.url
    assert page.get_by_text("Said on Saturday 04 September 2021").count() == 1
    page.mouse.up()
    wait_for_permalink(page, "date=2021-09-06", timeout=10_000)
    page.get_by_text("Said on Monday 06 September 2021").wait_for(timeout=10_000)
    assert path_fills(frame) == expected_fills(districts, claims, "2021-09-06")

    # Compare, on Monday 6 September.
    dataset = load_dataset(districts, claims)
    timeline = ComputedTimeline(dataset)
    wait_for_script_idle(page)
    page.get_by_label("Compare with", exact=True).check()  # starts at the day before
    changed = differences(timeline, dt.date(2021, 9, 5), dt.date(2021, 9, 6))
    assert 0 < len(changed) < 7  # the test claims make Sunday differ in part
    page.wait_for_function(f'n => {MAP_ROOT}.querySelectorAll("{DASHED}").length === n', arg=len(changed))
    assert page.locator(".cm-differ").inner_text() == f"{len(changed)} of 7 districts differ from 5 Sep 2021"
    wait_for_permalink(page, "compare=2021-09-05", timeout=10_000)
    page.get_by_text("Compared: Sun 05 Sep 2021 → Mon 06 Sep 2021").wait_for(timeout=10_000)
    page.get_by_text(f"{len(changed)} of 7 districts differ").first.wait_for()
    names = {dataset.gazetteer.by_id(d.district).name for d in changed}
    listing = page.locator(".compare-item").all_inner_texts()
    assert {text.split(":")[0] for text in listing} == names
    screenshot(page, REPO_ROOT / "tests" / "browser" / "artifacts" / "compare-2021-09-05-06.png")

    compare = page.get_by_role("slider", name="Compare with date")
    compare.press("Home")  # 4 September: every district differs from the 6th
    page.wait_for_function(f'() => {MAP_ROOT}.querySelectorAll("{DASHED}").length === 7')
    wait_for_permalink(page, "compare=2021-09-04", timeout=10_000)

    # The permalink opens in the same comparison.
    page.goto(page.url)
    wait_for_script_idle(page)
    map_frame(page)
    page.wait_for_function(f'() => {MAP_ROOT}.querySelectorAll("{DASHED}").length === 7')
    assert page.locator(".cm-app").get_attribute("data-compare") == "2021-09-04"
    assert page.get_by_label("Compare with", exact=True).is_checked()
    page.get_by_text("Compared: Sat 04 Sep 2021 → Mon 06 Sep 2021").wait_for(timeout=10_000)

    page.get_by_label("Compare with", exact=True).uncheck()
    page.wait_for_function("() => !location.search.includes('compare=')", timeout=10_000)
    assert page.locator(DASHED).count() == 0
    page.wait_for_function("() => !document.body.innerText.includes('Compared:')", timeout=10_000)


def test_keys_step_by_day_and_week_and_the_slider_says_the_date(page, app_server, three_years):
    """Three years of generated claims: ←/→ a day, PageUp/PageDown a week, Home/End; the
    fills follow the rules at every step and the slider's value text is the date."""
    dataset = load_dataset(*three_years)
    first, last = dataset.dates[0], dataset.dates[-1]
    frame = open_app(page, app_server)
    slider = page.get_by_role("slider", name="Date", exact=True)
    slider.focus()
    day = last
    for key, move in [("Home", None), ("ArrowRight", 1), ("PageUp", 7), ("PageUp", 7), ("ArrowLeft", -1), ("PageDown", -7), ("End", None)]:
        slider.press(key)
        day = first if key == "Home" else last if key == "End" else day + dt.timedelta(days=move)
        assert map_day(page) == day.isoformat(), key
        assert slider.get_attribute("aria-valuetext") == f"{day:%a} {day.day} {day:%b %Y}"
        wait_for_fills(frame, rule_fills(dataset, day))
    assert slider.get_attribute("aria-label") == "Date" and slider.get_attribute("type") == "range"
    wait_for_permalink(page, "date=" + last.isoformat(), timeout=10_000)


def test_national_map_draws_steps_and_selects(page, app_server, data_dir, national, request_log):
    """398 districts: the first map follows the rules, a key step repaints without a rerun
    of the map, short tooltips name the district, a click selects it."""
    districts, claims = (Path(shutil.copy(path, data_dir)) for path in national)
    dataset = load_dataset(districts, claims)
    start = next(d for d in reversed(dataset.dates) if rule_fills(dataset, d) != rule_fills(dataset, d - dt.timedelta(days=1)))
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    frame = open_app(page, app_server, f"/?date={start.isoformat()}", districts=398, timeout=120_000)  # its shapes made once a session
    wait_for_fills(frame, rule_fills(dataset, start), timeout=60_000)
    fetched = [u for u in requests if "/app/static/generated/" in u and u.endswith(".json")]
    assert len(fetched) == 2  # the shapes and the view's change points, once
    marker = frame.evaluate("() => (" + CM_APP + ".controlMap.map.__testMarker = Math.random())")
    slider = page.get_by_role("slider", name="Date", exact=True)
    slider.focus()
    slider.press("ArrowLeft")
    wait_for_fills(frame, rule_fills(dataset, start - dt.timedelta(days=1)), timeout=5_000)
    wait_for_permalink(page, "date=" + (start - dt.timedelta(days=1)).isoformat(), timeout=60_000)
    wait_for_script_idle(page, timeout=60_000)
    assert frame.evaluate("() => " + CM_APP + ".controlMap.map.__testMarker") == marker  # kept through the rerun
    assert [u for u in requests if "/app/static/generated/" in u and u.endswith(".json")] == fetched  # nothing fetched again
    screenshot(page, REPO_ROOT / "tests" / "browser" / "artifacts" / "national.png", full_page=False)

    # 398 districts are drawn on one canvas (webmap.timemap.renderer_for), not as SVG paths; what
    # the canvas shows inside a plain-coloured district is that district's fill.
    assert frame.evaluate("() => " + CM_APP + ".controlMap.renderer") == "canvas"
    assert frame.locator("path.leaflet-interactive:not(.cm-place)").count() == 0
    day_fills = rule_fills(dataset, start - dt.timedelta(days=1))
    assert_canvas_draws(frame, day_fills)
    kabul = dataset.gazetteer.lookup("Kabul")
    index = dataset.gazetteer.ids.index(kabul.id)
    page.mouse.move(*district_point(frame, index))
    tooltip = frame.locator(".leaflet-tooltip").first
    tooltip.wait_for(timeout=10_000)
    assert tooltip.inner_text().startswith(kabul.name) and "Click for the claims behind it." in tooltip.inner_text()
    page.mouse.click(*district_point(frame, index))
    wait_for_permalink(page, "district=" + kabul.id, timeout=120_000)
    request_log.assert_local()


def test_the_map_works_under_a_base_url_path(page, edit_server, data_dir, request_log):
    """Behind a proxy prefix (``server.baseUrlPath``; conftest's ``edit_server``) the map finds its scripts and data
    relative to the page."""
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    frame = open_app(page, edit_server, "/?date=2021-09-04")
    assert "/newsroom/map/" in page.url
    wait_for_fills(frame, expected_fills(data_dir / "districts.yaml", data_dir / "claims.yaml", "2021-09-04"))
    static = [u for u in requests if "/app/static/" in u]
    assert static and all("/newsroom/map/app/static/" in u for u in static)
    request_log.assert_local()
