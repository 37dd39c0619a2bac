"""A region made by ``python -m control init``, opened in the app as a new user would (``--districts``
and ``--claims`` only): every district drawn with its real shape at once, and names shown only
from the zoom at which they fit inside their district.

Testland (tests/drawn_region.py) is drawn for the tests, a GeoPackage in EPSG:3035, so this
runs without ../shared.
"""

from __future__ import annotations

import math
import time

import pytest
from harness import CM_APP, LEAFLET_PATHS, REPO_ROOT, map_frame, screenshot, wait_for_paths, wait_for_script_idle

from control.cli import main
from tests.drawn_region import NAMES, SMALL, write_testland
from webmap.labels import text_width_px

pytestmark = pytest.mark.browser

#: Per label, in page order: its text, whether it is shown, and the map's zoom.
LABELS = "() => Array.from(" + CM_APP + ".querySelectorAll('.cm-label')).map(e => [e.textContent, e.style.visibility !== 'hidden'])"
ZOOM = "() => " + CM_APP + ".controlMap.map.getZoom()"


def test_an_init_made_region_opens_with_real_shapes_and_names_that_fit(page, streamlit_server, tmp_path, request_log):
    started = time.perf_counter()
    boundaries = write_testland(tmp_path / "boundaries")["gpkg"]
    out = tmp_path / "testland"
    assert main(["init", "--boundaries", str(boundaries), "--region", "Testland", "--out", str(out), "--all"]) == 0
    server = streamlit_server(
        REPO_ROOT / "app.py", script_args=["--districts", str(out / "districts.yaml"), "--claims", str(out / "claims.yaml")], shared=False
    )
    page.set_viewport_size({"width": 1400, "height": 1300})
    page.goto(server.url)
    wait_for_script_idle(page)
    frame = map_frame(page)
    fills = wait_for_paths(frame, len(NAMES))
    print(f"from nothing to the region's map: {time.perf_counter() - started:.1f} s")  # files drawn, init, server, page

    # Real shapes, not schematic cells: no warning on the map or the page, and Minnow (1.5 km, inside
    # Avalon's hole) is a small square, not a Voronoi cell as big as its neighbours.
    assert frame.locator(".cm-warning").count() == 0
    assert "Schematic shapes" not in page.inner_text("body") and "could not be used" not in page.inner_text("body")
    assert len(set(fills)) == 1  # no claims yet: every district "no information"
    paths = "Array.from(" + CM_APP + f".querySelectorAll('{LEAFLET_PATHS}'))"
    sizes = frame.evaluate("() => " + paths + ".map(p => { const b = p.getBBox(); return b.width * b.height; })")
    assert len(sizes) == len(NAMES) and sorted(sizes)[0] < sorted(sizes)[1] / 50

    # Names: hidden below the zoom from which they fit inside their district (webmap/labels.py), shown from it.
    from geo import load_boundaries
    from webmap.labels import district_label_zooms
    from yamldata.loader import load_gazetteer

    frame_of = load_boundaries(load_gazetteer(out / "districts.yaml")).districts
    fit_from = dict(zip(frame_of["name"], district_label_zooms(frame_of), strict=True))
    zoom = frame.evaluate(ZOOM)
    labels = dict(frame.evaluate(LABELS))
    assert set(labels) == set(fit_from)
    assert all(not shown for name, shown in labels.items() if zoom < fit_from[name]), (zoom, labels)
    screenshot(page, REPO_ROOT / "tests" / "browser" / "artifacts" / "testland.png", full_page=False)
    cells = max(z for name, z in fit_from.items() if name != SMALL)
    assert cells < fit_from[SMALL]
    frame.evaluate("z => " + CM_APP + ".controlMap.map.setZoom(z, {animate: false})", math.ceil(cells * 4) / 4)
    page.wait_for_function("() => (" + LABELS + ")().filter(([, shown]) => shown).length === " + str(len(NAMES) - 1), timeout=10_000)
    assert dict(frame.evaluate(LABELS))[SMALL] is False  # 1.5 km across: not yet
    frame.evaluate("z => " + CM_APP + ".controlMap.map.setZoom(z, {animate: false})", math.ceil(fit_from[SMALL] * 4) / 4)
    page.wait_for_function("() => (" + LABELS + ")().some(([name, shown]) => name === 'Minnow' && shown)", timeout=10_000)

    # The browser draws no name wider than webmap/labels.py reckons (what it hides names by).
    widths = frame.evaluate(
        "names => { const c = document.createElement('canvas').getContext('2d'); c.font = '600 12px sans-serif';"
        " return names.map(n => c.measureText(n).width); }",
        list(labels),
    )
    for name, width in zip(labels, widths, strict=True):
        assert width <= text_width_px(name) + 0.5, (name, width)
    request_log.assert_local()
