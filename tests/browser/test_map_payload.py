"""What the map costs on the wire: geometry once per page load, a few KB per slider step.

The real app in a real Streamlit server, headless Chromium, for Panjshir (7 districts,
real boundaries from ../shared) and for all 398 districts of Afghanistan (a gazetteer
written by benchmarks/national.py into a temp dir, 1,000 generated claims). Websocket
bytes are the payloads of the frames the page receives (``framereceived``); the map's
own share is the frame carrying the st_folium component (its arguments are re-sent in
full on every rerun). Numbers are printed for the record (``-s``).
"""

from __future__ import annotations

import datetime as dt
import shutil
import statistics
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from harness import (
    FOLIUM_IFRAME,
    REPO_ROOT,
    SHP,
    is_local_url,
    map_frame,
    rule_fills,
    wait_for_fills,
    wait_for_paths,
    wait_for_script_idle,
)

from control.loader import load_dataset, load_gazetteer
from control.rules import Timeline

ARTIFACTS = REPO_ROOT / "tests" / "browser" / "artifacts"
MAP_FRAME_MARK = b"__applyDistrictState"  # only the map component's message carries this
GEOMETRY_PATH = "/app/static/generated/"

STEP_LIMIT = 20_000  # bytes per slider step (the map's message, and the whole page's), at any scale
FIRST_MAP_LIMIT = {7: 250_000, 398: 2_500_000}  # map message + geometry + its script

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not SHP.exists(), reason="../shared boundary data not beside the repo")]


@dataclass
class Wire:
    """Websocket frames received and HTTP requests made by one page."""

    frames: list[bytes] = field(default_factory=list)
    requests: list = field(default_factory=list)
    sockets: list[str] = field(default_factory=list)

    def mark(self) -> int:
        return len(self.frames)

    def ws_bytes(self, since: int = 0) -> int:
        return sum(len(f) for f in self.frames[since:])

    def map_frames(self, since: int = 0) -> list[bytes]:
        return [f for f in self.frames[since:] if MAP_FRAME_MARK in f]

    def geometry_requests(self) -> list:
        return [r for r in self.requests if GEOMETRY_PATH in r.url and r.url.endswith(".geojson")]

    def http_bytes(self, fragment: str) -> int:
        """Encoded (on the wire) response body bytes of requests whose URL has ``fragment``."""
        total = 0
        for request in self.requests:
            if fragment in request.url:
                try:
                    total += max(0, request.sizes()["responseBodySize"])
                except Exception:  # a request without a response yet counts as 0
                    pass
        return total


def watch(page) -> Wire:
    wire = Wire()

    def on_socket(ws) -> None:
        wire.sockets.append(ws.url)
        ws.on("framereceived", lambda payload: wire.frames.append(payload if isinstance(payload, bytes) else payload.encode()))

    page.on("websocket", on_socket)
    page.context.on("request", lambda request: wire.requests.append(request))
    return wire


def map_screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.locator(FOLIUM_IFRAME).screenshot(path=str(ARTIFACTS / name))


def wait_for_new_map_frame(page, wire: Wire, since: int, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while not wire.map_frames(since):
        assert time.monotonic() < deadline, "no map message after the step"
        page.wait_for_timeout(100)


def measure(page, server, dataset, request_log, *, start: dt.date, label: str, load_timeout_ms: float) -> dict:
    """Load at ``start``, step one day back; assert the budgets; return the numbers."""
    n = len(dataset.gazetteer.ids)
    wire = watch(page)
    page.set_viewport_size({"width": 1400, "height": 1500})
    page.goto(server.url + f"?date={start.isoformat()}")
    wait_for_script_idle(page, timeout=load_timeout_ms)
    frame = map_frame(page, timeout=load_timeout_ms)
    wait_for_paths(frame, n, timeout=load_timeout_ms)
    wait_for_fills(frame, rule_fills(dataset, start), timeout=load_timeout_ms)
    first_map = wire.map_frames()
    assert first_map, "no map message on first load"
    first_ws, first_map_bytes = wire.ws_bytes(), len(first_map[0])
    geometry_http = wire.http_bytes(GEOMETRY_PATH)  # the GeoJSON and the script that loads it
    leaflet_http = wire.http_bytes("/app/static/vendor/")
    assert len(wire.geometry_requests()) == 1

    marker = frame.evaluate("() => (window.map.__testMarker = Math.random())")
    frame.evaluate("() => { const m = window.map; m.setZoom(m.getZoom() + 0.5, {animate: false}); m.panBy([40, 30], {animate: false}); }")
    page.wait_for_timeout(500)  # past streamlit-folium's 250 ms debounce: a pan must not rerun the app
    zoom = frame.evaluate("() => window.map.getZoom()")
    center = frame.evaluate("() => window.map.getCenter()")
    before = wire.mark()
    slider = page.get_by_role("slider")
    slider.focus()
    started = time.perf_counter()
    slider.press("ArrowLeft")
    wait_for_new_map_frame(page, wire, before, load_timeout_ms / 1000)
    day = start - dt.timedelta(days=1)
    wait_for_fills(frame, rule_fills(dataset, day), timeout=load_timeout_ms)
    step_s = time.perf_counter() - started
    wait_for_script_idle(page, timeout=load_timeout_ms)
    step_map = wire.map_frames(before)
    step_map_bytes = max(len(f) for f in step_map)

    # The step re-sent no geometry and re-fetched nothing; the map survived it.
    assert len(wire.geometry_requests()) == 1, [r.url for r in wire.geometry_requests()]
    assert not any(b'"coordinates"' in f for f in wire.frames[before:])
    assert frame.evaluate("() => window.map.__testMarker") == marker
    assert frame.evaluate("() => window.map.getZoom()") == zoom
    assert frame.evaluate("() => window.map.getCenter()") == center
    assert step_map_bytes < STEP_LIMIT, f"{label}: the map's message per step is {step_map_bytes} bytes"
    # Only the day's fragment reran: the whole step fits too, and the chart was not re-sent.
    assert wire.ws_bytes(before) <= STEP_LIMIT, f"{label}: a step sent {wire.ws_bytes(before)} bytes"
    assert not any(b"vega-lite" in f or b"Control over time" in f for f in wire.frames[before:])
    first_map_total = first_map_bytes + geometry_http
    assert first_map_total <= FIRST_MAP_LIMIT[n], f"{label}: first map {first_map_total} bytes"
    assert all(is_local_url(u) for u in wire.sockets)
    assert all(urlsplit(r.url).hostname in ("127.0.0.1", None) or is_local_url(r.url) for r in wire.requests)
    request_log.assert_local()

    numbers = {
        "first load, websocket (whole page)": first_ws,
        "first load, map message": first_map_bytes,
        "first load, geometry + script (HTTP)": geometry_http,
        "first load, Leaflet (HTTP)": leaflet_http,
        "step, websocket (whole page)": wire.ws_bytes(before),
        "step, map message": step_map_bytes,
    }
    print(f"\n{label} ({n} districts): " + "; ".join(f"{k} {v:,} B" for k, v in numbers.items()) + f"; step {step_s * 1000:.0f} ms")
    return {"frame": frame, "numbers": numbers, "step_s": step_s}


def test_panjshir_sends_geometry_once_and_little_per_step(page, streamlit_server, tmp_path, request_log):
    for name in ("districts.yaml", "claims.yaml"):
        shutil.copy(REPO_ROOT / name, tmp_path / name)
    dataset = load_dataset(tmp_path / "districts.yaml", tmp_path / "claims.yaml")
    server = streamlit_server(
        REPO_ROOT / "app.py",
        env={"CONTROL_MAP_CACHE_DIR": str(tmp_path / "cache")},
        script_args=["--districts", str(tmp_path / "districts.yaml"), "--claims", str(tmp_path / "claims.yaml"), "--boundaries", str(SHP)],
    )
    result = measure(page, server, dataset, request_log, start=dt.date(2021, 9, 6), label="Panjshir", load_timeout_ms=60_000)
    frame = result["frame"]
    # The grey neighbours and the labels came with the geometry.
    assert frame.locator("path:not(.leaflet-interactive)").count() > 0
    assert frame.locator(".district-label").count() == 7
    map_screenshot(page, "payload-panjshir.png")


def test_national_sends_geometry_once_and_little_per_step(page, streamlit_server, tmp_path, request_log):
    from benchmarks.generate import write_claims
    from benchmarks.national import write_districts

    districts = write_districts(tmp_path)
    claims = write_claims(tmp_path / "claims.yaml", load_gazetteer(districts), 1000, seed=7)
    dataset = load_dataset(districts, claims)
    assert len(dataset.gazetteer.ids) == 398
    # A day whose map differs from the day before, so the step visibly restyles.
    start = next(
        d
        for d in reversed(dataset.dates)
        if rule_fills(dataset, d) != rule_fills(dataset, d - dt.timedelta(days=1)) and d > dataset.dates[0]
    )
    server = streamlit_server(
        REPO_ROOT / "app.py",
        env={"CONTROL_MAP_CACHE_DIR": str(tmp_path / "cache")},
        script_args=["--districts", str(districts), "--claims", str(claims), "--boundaries", str(SHP)],
        timeout=120,
    )
    result = measure(page, server, dataset, request_log, start=start, label="Afghanistan", load_timeout_ms=240_000)
    frame = result["frame"]
    map_screenshot(page, "payload-national.png")

    # Short tooltips (name + category, as text) and click-to-select still work at scale.
    big = frame.evaluate(
        """() => {
            let best = null;
            window.map.eachLayer(l => {
                if (l.feature && l.feature.properties && l.feature.properties.role === 'district') {
                    const p = l.feature.properties;
                    if (!best || p.label_rank < best.label_rank) best = p;
                }
            });
            return best;
        }"""
    )
    page.locator(FOLIUM_IFRAME).scroll_into_view_if_needed()
    point = frame.evaluate(
        """([lat, lon]) => {
            window.map.panTo([lat, lon], {animate: false});
            const p = window.map.latLngToContainerPoint([lat, lon]);
            return [p.x, p.y];
        }""",
        [big["label_lat"], big["label_lon"]],
    )
    frame.locator("#map_div").hover(position={"x": point[0], "y": point[1]}, force=True)
    tooltip = frame.locator(".leaflet-tooltip").first
    tooltip.wait_for(timeout=10_000)
    assert big["name"] in tooltip.inner_text()
    map_screenshot(page, "payload-national-tooltip.png")
    frame.locator("#map_div").click(position={"x": point[0], "y": point[1]}, force=True)
    page.wait_for_function("id => location.search.includes('district=' + id)", arg=big["id"], timeout=120_000)


def test_national_step_server_work_is_small(tmp_path):
    """Building a step's map (base map + state layer, rendered) must not touch geometry."""
    import folium

    from benchmarks.generate import write_claims
    from benchmarks.national import write_districts
    from geo import load_boundaries
    from webmap.choropleth import geometry_base_map, state_layer, state_payload_for
    from webmap.geometry_once import district_geometry

    districts = write_districts(tmp_path)
    claims = write_claims(tmp_path / "claims.yaml", load_gazetteer(districts), 1000, seed=7)
    dataset = load_dataset(districts, claims)
    timeline = Timeline(dataset)
    boundaries = load_boundaries(dataset.gazetteer, str(SHP), cache_dir=tmp_path / "cache")
    started = time.perf_counter()
    geometry = district_geometry(boundaries)
    first_s = time.perf_counter() - started
    colors = [p.color for p in dataset.parties]
    timings = []
    for day in dataset.dates[-7:]:
        started = time.perf_counter()
        assert district_geometry(boundaries) is geometry  # cached by boundaries object
        m = geometry_base_map(boundaries, geometry, "generated/x.geojson", colors, script_url="generated/y.js")
        layer = state_layer(state_payload_for(geometry, dataset, timeline, day, "consensus", None))
        assert isinstance(layer, folium.FeatureGroup)
        layer.add_to(m)
        html = m.get_root().render()
        timings.append(time.perf_counter() - started)
        assert '"coordinates"' not in html
    median = statistics.median(timings)
    print(
        f"\nnational step server work: geometry once {first_s * 1000:.0f} ms; "
        f"per step median {median * 1000:.1f} ms, max {max(timings) * 1000:.1f} ms"
    )
    assert median < 0.5
