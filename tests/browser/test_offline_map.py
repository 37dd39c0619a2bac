"""The offline map in a real browser: Leaflet from the app, hatching, in-place restyle."""

from __future__ import annotations

import importlib.util
import io
import os
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from harness import (
    LEAFLET_PATHS,
    RequestLog,
    StreamlitServer,
    map_frame,
    path_fills,
    running_streamlit,
    screenshot,
    wait_for_fills,
    wait_for_paths,
    wait_for_script_idle,
)
from PIL import Image
from playwright.sync_api import Frame, Page, expect

from webmap.hatching import hatch_id
from webmap.offline import find_leaflet_dist, save_standalone_html

pytestmark = pytest.mark.browser

PAGES = Path(__file__).resolve().parent / "pages"
PAGE = PAGES / "offline_map_page.py"
SCREENSHOT = Path(os.environ.get("OFFLINE_MAP_SCREENSHOT", "/tmp/offline_map.png"))


def _load_scenario() -> ModuleType:
    spec = importlib.util.spec_from_file_location("offline_map_scenario", PAGES / "offline_map_scenario.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


scenario = _load_scenario()
DISTRICTS = list(scenario.DISTRICTS)
N = len(DISTRICTS)


def expected_fills(day: int) -> list[str]:
    return [scenario.fill_for(day, d) for d in DISTRICTS]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StreamlitServer]:
    with running_streamlit(PAGE, log_dir=tmp_path_factory.mktemp("streamlit")) as server:
        yield server


def open_map(page: Page, url: str) -> Frame:
    page.goto(url)
    wait_for_script_idle(page)
    frame = map_frame(page)
    wait_for_paths(frame, N)
    return frame


def distinct_colours(png: bytes) -> set[tuple[int, ...]]:
    with Image.open(io.BytesIO(png)) as image:
        return {c for _, c in image.convert("RGB").getcolors(maxcolors=1 << 16) or []}


def test_map_loads_leaflet_from_the_app_with_solid_hatched_and_grey_fills(
    page: Page, request_log: RequestLog, demo: StreamlitServer
) -> None:
    frame = open_map(page, demo.url)

    assert frame.evaluate("L.version") == find_leaflet_dist().version
    wait_for_fills(frame, expected_fills(0))
    fills = path_fills(frame)
    assert fills == ["#c53030", "url(#hatch-2b6cb0)", "#9e9e9e"]
    pattern = frame.evaluate(
        """id => { const p = document.getElementById(id);
                   return p && [p.tagName, p.querySelector('line').getAttribute('stroke')]; }""",
        hatch_id("#2b6cb0"),
    )
    assert pattern == ["pattern", "#2b6cb0"]
    labels = frame.locator(".district-label")
    expect(labels).to_have_text(["Alpha", "Bravo", "Charlie"])
    expect(labels.first.locator("div")).to_have_css("font-weight", "600")  # add_css reached it

    # The hatched district really paints lines over a tint; the solid one is flat.
    paths = frame.locator(LEAFLET_PATHS)
    box = paths.nth(1).bounding_box()
    assert box is not None
    clip = {"x": box["x"] + 10, "y": box["y"] + 10, "width": 40, "height": 40}
    assert len(distinct_colours(page.screenshot(clip=clip))) >= 3
    solid = paths.nth(0).bounding_box()
    assert solid is not None
    clip = {"x": solid["x"] + 10, "y": solid["y"] + 10, "width": 40, "height": 40}
    assert len(distinct_colours(page.screenshot(clip=clip))) == 1

    leaflet = request_log.matching("/app/static/vendor/leaflet-")
    assert any(u.endswith("/leaflet.js") for u in leaflet), request_log.urls
    assert any(u.endswith("/leaflet.css") for u in leaflet), request_log.urls
    for unwanted in ("jquery", "bootstrap", "awesome", "fontawesome", "glyphicons"):
        assert not request_log.matching(unwanted)
    request_log.assert_local()
    screenshot(page, SCREENSHOT)


def test_tooltip_shows_district_and_status_on_hover(page: Page, demo: StreamlitServer) -> None:
    frame = open_map(page, demo.url)
    frame.locator(LEAFLET_PATHS).nth(1).hover()  # the label on top is not interactive
    tooltip = frame.locator(".leaflet-tooltip")
    expect(tooltip).to_contain_text("Bravo")
    expect(tooltip).to_contain_text(scenario.status_for(0, "bravo"))


SAMPLE_PATH_COUNT = """() => {
    window.__pathCounts = [];
    const tick = () => {
        window.__pathCounts.push(document.querySelectorAll('path.leaflet-interactive').length);
        requestAnimationFrame(tick);
    };
    tick();
}"""


def test_slider_restyles_in_place_keeping_the_map_and_its_zoom(page: Page, demo: StreamlitServer) -> None:
    frame = open_map(page, demo.url)
    zoom = frame.evaluate(
        """() => { window.map.__probe = 'same-map';
                   map.setZoom(map.getZoom() + 1, {animate: false});
                   return map.getZoom(); }"""
    )
    frame.evaluate(SAMPLE_PATH_COUNT)

    slider = page.get_by_role("slider")
    for day in (1, 2):
        slider.focus()
        page.keyboard.press("ArrowRight")
        expect(page.get_by_text(f"day={day}")).to_be_visible()
        wait_for_fills(frame, expected_fills(day))

        assert not frame.is_detached()
        assert frame.evaluate("window.map.__probe") == "same-map"  # same Leaflet map object
        assert frame.evaluate("map.getZoom()") == zoom  # the user's zoom survived
        assert frame.evaluate("Math.min(...window.__pathCounts)") == N  # never blank

    hatched = next(d for d in DISTRICTS if scenario.DAYS[2][d][1])
    assert frame.evaluate("id => !!document.getElementById(id)", hatch_id("#c53030"))
    frame.locator(LEAFLET_PATHS).nth(DISTRICTS.index(hatched)).hover()
    expect(frame.locator(".leaflet-tooltip")).to_contain_text(scenario.status_for(2, hatched))
    screenshot(page, SCREENSHOT.with_name(SCREENSHOT.stem + "_after_slider.png"))


def test_map_works_under_a_base_url_path(page: Page, request_log: RequestLog, streamlit_server) -> None:
    server = streamlit_server(PAGE, base_path="panjshir/map")
    frame = open_map(page, server.url)
    wait_for_fills(frame, expected_fills(0))
    leaflet = request_log.matching("/vendor/leaflet-")
    assert leaflet and all("/panjshir/map/app/static/" in u for u in leaflet), leaflet


def test_standalone_html_works_from_a_file_url(page: Page, request_log: RequestLog, tmp_path: Path) -> None:
    import folium

    base, districts = scenario.build_map(1)
    districts.add_to(base)
    folium.Marker(scenario.CENTER).add_to(base)  # a default marker: its icon must load too
    target = tmp_path / "map.html"
    save_standalone_html(base, target)

    page.goto(target.as_uri())
    page.wait_for_function(
        "n => window.L && document.querySelectorAll('path.leaflet-interactive').length === n",
        arg=N,
    )
    wait_for_fills(page.main_frame, expected_fills(1))
    assert page.evaluate("id => !!document.getElementById(id)", hatch_id("#c53030"))
    icon = page.locator("img.leaflet-marker-icon")
    expect(icon).to_have_count(1)
    assert icon.get_attribute("src").startswith("data:image/png")
    assert page.evaluate("document.querySelector('img.leaflet-marker-icon').naturalWidth") > 0
    assert all(u.startswith(("file:", "data:")) for u in request_log.urls), request_log.urls
