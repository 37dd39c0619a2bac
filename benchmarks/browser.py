"""The time map in headless Chromium driving ``streamlit run``: steps, panels, drag, play, bytes.

What a person waits for: a key press on the date slider until the map's Leaflet paths
carry the fills :mod:`core.rules` says for the new day (the map draws it in the
browser); then, once the day stands still, the day's panels (Python) follow: from the
moment the map tells Python the day (its ``data-reported-at``) until "Said on <day>"
shows. Dragging: repaints per second while the mouse is down. Play at 30 days a second:
days drawn per second and days skipped. Measured on the real app
(``app.py -- --districts … --claims … --boundaries SHP``) and, beside it, on a bare
Streamlit page with one ``st.slider`` and one ``st.write`` (written into a temp dir at
run time): key press until the written text shows the new value. That page is the floor
of a Streamlit rerun on this machine (the slider's debounce, the websocket round trip,
a script run, React); the app can only be compared to it.

Bytes: every websocket frame the page receives (``page.on("websocket")`` →
``ws.on("framereceived")``; Streamlit does not compress its websocket, so payload bytes
are wire bytes) and every HTTP response's encoded body size (``request.sizes()``), for
the first load until the map is drawn, and per slider step (from one key press to the
next, after the script went idle). HTTP is split by what asked for it: Streamlit's own
frontend bundle (``/static/``, the same for every Streamlit page), the map component's
iframe (``/component/``), the app's static files (``/app/static/``: Leaflet, the district
geometry file, the map script), media files (``/media/``: images such as the national
timeline raster) and the rest.

Each case runs ``repeats`` sessions (a fresh browser context each, so a cold browser
cache) of ``warmup + steps`` key presses; medians are taken over the sessions. The
machine is shared, so the load average is recorded with each case.

Driving the app reuses ``tests/browser/harness.py`` (server start, Leaflet probes).
Chromium is Debian's ``/usr/bin/chromium``; every request that would leave the machine
is aborted (and counted).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import os
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from yamldata.loader import REPO_ROOT

sys.path.insert(0, str(REPO_ROOT / "tests" / "browser"))
from harness import (
    CHROMIUM_ARGS,
    CHROMIUM_PATH,
    CM_APP,
    DISTRICT_FILLS,
    RECORD_MAP,
    is_local_url,
    start_streamlit,
    wait_for_script_idle,
)

BARE_PAGE = '''"""The floor of a Streamlit rerun: one slider, one line of text (benchmarks/browser.py)."""
import streamlit as st

value = st.slider("Value", min_value=0, max_value=1000, value=500)
st.write(f"bare value {value}")
'''
BARE_START = 500
VIEWPORT = {"width": 1400, "height": 1000}
SETTLE_MS = 300  # after the script went idle, before the next key press
REPORT_MS = 300  # the map tells Python the day once it has stood still this long (webmap/js/timemap.js)
LOAD_TIMEOUT_MS = 300_000
STEP_TIMEOUT_MS = 120_000


def write_bare_page(directory: Path) -> Path:
    """Write the bare slider page into ``directory`` and return its path."""
    path = Path(directory) / "bare_slider.py"
    path.write_text(BARE_PAGE, encoding="utf-8")
    return path


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of ``values``."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))  # ceil
    return ordered[int(rank) - 1]


# ---- what the map must show -----------------------------------------------------


@dataclass
class Expected:
    """Fills per day in the order of the map's paths, and the days a step walks."""

    order: list[str]
    days: list[dt.date]
    fills: dict[dt.date, list[str]]

    @classmethod
    def build(cls, districts: Path, claims: Path, boundaries: Path | None) -> Expected:
        from core.rules import CONSENSUS
        from geo import load_boundaries
        from webmap.hatching import state_fill
        from yamldata.loader import load_dataset, timeline_of

        dataset = load_dataset(districts, claims)
        timeline = timeline_of(dataset)  # as the app builds it: its views with the collector paused
        order = list(load_boundaries(dataset.gazetteer, boundaries).districts.id)
        first, last = dataset.dates[0], dataset.dates[-1]
        days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
        fills = {}
        for day in days:
            states = timeline.states_on(day, CONSENSUS)
            fills[day] = [state_fill(states[district], dataset) for district in order]
        return cls(order, days, fills)

    def walk(self, count: int) -> tuple[dt.date, list[tuple[str, dt.date]]]:
        """A start day and ``count`` (key, day) steps, each changing at least one fill.

        The longest run of days in which every day looks different from the one before
        (the latest such run on ties), walked forward to its end, back to its start, and
        so on: the slider moves one day per key press, and every press must show.
        """
        best = (0, 0)  # (start index, end index)
        start = 0
        for i in range(1, len(self.days)):
            if self.fills[self.days[i]] == self.fills[self.days[i - 1]]:
                start = i
            elif i - start >= best[1] - best[0]:
                best = (start, i)
        lo, hi = best
        if hi == lo:
            raise ValueError("no two consecutive days differ on the map: nothing to step through")
        steps, index, direction = [], lo, +1
        for _ in range(count):
            if not lo <= index + direction <= hi:
                direction = -direction
            index += direction
            steps.append(("ArrowRight" if direction > 0 else "ArrowLeft", self.days[index]))
        return self.days[lo], steps


# ---- the page --------------------------------------------------------------------


class Wire:
    """Bytes a page received: websocket frames, HTTP responses (sized after the fact)."""

    def __init__(self) -> None:
        self.ws_bytes = 0
        self.ws_frames = 0
        self.payloads: list[bytes] = []
        self.requests: list = []
        self.blocked: list[str] = []

    def attach(self, context, page) -> None:
        def guard(route) -> None:
            if is_local_url(route.request.url):
                route.continue_()
            else:
                self.blocked.append(route.request.url)
                route.abort("blockedbyclient")

        context.route("**/*", guard)
        context.on("requestfinished", lambda request: self.requests.append(request))
        page.on("websocket", self._socket)

    def _socket(self, ws) -> None:
        def received(payload) -> None:
            data = payload.encode("utf-8") if isinstance(payload, str) else payload
            self.ws_bytes += len(data)
            self.ws_frames += 1
            self.payloads.append(data)

        ws.on("framereceived", received)

    def http(self, upto: int | None = None) -> dict[str, int]:
        """Encoded response body bytes by kind, for the first ``upto`` finished requests."""
        out = {"streamlit_frontend": 0, "component": 0, "app_static": 0, "media": 0, "other": 0, "requests": 0}
        for request in self.requests[:upto]:
            try:
                size = max(0, request.sizes()["responseBodySize"])
            except Exception:
                size = 0
            path = urlsplit(request.url).path
            kind = (
                "app_static" if path.startswith("/app/static/")
                else "component" if path.startswith("/component/")
                else "media" if path.startswith("/media/")
                else "streamlit_frontend" if path.startswith("/static/") or path in ("/", "/index.html")
                else "other"
            )  # fmt: skip
            out[kind] += size
            out["requests"] += 1
        out["total"] = sum(v for k, v in out.items() if k != "requests")
        return out


def map_bytes(payloads: Sequence[bytes]) -> int:
    """Bytes of the frames that carry the map: Streamlit deltas of the time map's custom component."""
    try:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    except ImportError:
        return -1
    total = 0
    for data in payloads:
        message = ForwardMsg()
        try:
            message.ParseFromString(data)
        except Exception:
            continue
        if message.WhichOneof("type") == "delta" and message.delta.WhichOneof("type") == "new_element":
            if message.delta.new_element.WhichOneof("type") in ("component_instance", "bidi_component"):
                total += len(data)
    return total


def map_frame(page, count: int, timeout_ms: float):
    """The frame whose map has ``count`` districts drawn (whatever iframe it is; SVG or canvas)."""
    deadline = time.monotonic() + timeout_ms / 1000
    while time.monotonic() < deadline:
        for frame in page.frames:
            try:
                n = frame.evaluate("() => " + DISTRICT_FILLS + ".length")
            except Exception:
                continue
            if n == count:
                return frame
        page.wait_for_timeout(50)
    raise TimeoutError(f"no frame with {count} districts drawn after {timeout_ms / 1000:.0f} s")


#: Every district's fill as drawn, lower case with ``#abc`` written ``#aabbcc``, as the expected fills are.
_NORMALIZED_FILLS = (
    DISTRICT_FILLS
    + """.map(fill => {
        let f = (fill || '').trim().toLowerCase();
        if (/^#[0-9a-f]{3}$/.test(f)) f = '#' + [...f.slice(1)].map(c => c + c).join('');
        return f;
    })"""
)


def wait_fills(frame, expected: list[str], timeout_ms: float) -> None:
    frame.wait_for_function(
        "want => JSON.stringify(" + _NORMALIZED_FILLS + ") === JSON.stringify(want)",
        arg=expected,
        timeout=timeout_ms,
    )


def wait_text(page, text: str, timeout_ms: float) -> None:
    page.wait_for_function("t => document.body.innerText.includes(t)", arg=text, timeout=timeout_ms)


#: The page's own clock for a step, installed before each key press: ``__keyAt`` when the
#: key reached the page (a capturing listener, before the page's own handlers), and
#: ``__shownAt`` once the first animation frame whose check sees the result (the text for
#: the bare page, the district fills for the map) has been rendered: a task posted from
#: that frame's callback runs after the frame's other callbacks (Leaflet's canvas redraw)
#: and its paint. No driver round trip is in between.
_STEP_CLOCK = (
    """([kind, want]) => {
    if (!window.__keyClock) {
        window.__keyClock = true;
        document.addEventListener('keydown', () => { if (window.__keyAt === null) window.__keyAt = performance.now(); }, true);
    }
    window.__keyAt = null; window.__shownAt = null;
    const fills = () => JSON.stringify("""
    + _NORMALIZED_FILLS
    + """);
    const check = kind === 'text' ? () => document.body.innerText.includes(want) : () => fills() === JSON.stringify(want);
    const loop = () => {
        if (window.__keyAt !== null && check()) { setTimeout(() => { window.__shownAt = performance.now(); }, 0); return; }
        requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
}"""
)


def _session(
    browser,
    url: str,
    first_drawn: Callable,
    steps: list[tuple[str, Callable, tuple[str, Any]]],
    *,
    follow: Callable | None = None,
    extras: Callable | None = None,
) -> dict:
    """One fresh context: load until drawn, then key presses; times and bytes.

    ``follow(page, i)``, for the app, waits after step ``i`` until the day's panels show
    it and returns how long that took after the map told Python; ``extras(page)`` runs
    once at the end (drag, play) and returns its numbers.
    """
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    wire = Wire()
    wire.attach(context, page)
    try:
        start = time.perf_counter()
        page.goto(url)
        target = first_drawn(page)
        first_seconds = time.perf_counter() - start
        first_ws, first_frames = wire.ws_bytes, wire.ws_frames
        first_http = wire.http(len(wire.requests))
        wait_for_script_idle(page, timeout=LOAD_TIMEOUT_MS)
        page.wait_for_timeout(SETTLE_MS)
        whole_page_seconds = time.perf_counter() - start
        whole_page_ws = wire.ws_bytes
        slider = page.get_by_role("slider").first
        slider.focus()
        times, in_page, step_bytes, step_map_bytes, panels = [], [], [], [], []
        for i, (key, done, watch) in enumerate(steps):
            before, first_frame = wire.ws_bytes, len(wire.payloads)
            page.evaluate(_STEP_CLOCK, list(watch))
            t0 = time.perf_counter()
            slider.press(key)
            done(target)
            times.append(time.perf_counter() - t0)
            page.wait_for_function("() => window.__shownAt !== null", timeout=STEP_TIMEOUT_MS)
            in_page.append(page.evaluate("() => (window.__shownAt - window.__keyAt) / 1000"))
            if follow is not None:
                panels.append(follow(page, i))
            wait_for_script_idle(page, timeout=STEP_TIMEOUT_MS)
            page.wait_for_timeout(SETTLE_MS)
            step_bytes.append(wire.ws_bytes - before)
            step_map_bytes.append(map_bytes(wire.payloads[first_frame:]))
        return {
            "first_seconds": first_seconds,
            "first_ws_bytes": first_ws,
            "first_ws_frames": first_frames,
            "first_http": first_http,
            "whole_page_seconds": whole_page_seconds,  # the script idle, every element sent (+ SETTLE_MS)
            "whole_page_ws_bytes": whole_page_ws,
            "step_seconds": times,
            "step_in_page_seconds": in_page,  # key event in the page → first animation frame that shows the result
            "step_ws_bytes": step_bytes,
            "step_map_ws_bytes": step_map_bytes,  # of which the map component's deltas
            "step_http_requests": len(wire.requests) - first_http["requests"],
            "panel_seconds": panels,  # map told Python → the day's panels show the day
            **(extras(page) if extras is not None else {}),
            "blocked": wire.blocked,
        }
    finally:
        context.close()


def _server_peak_mb(server) -> float | None:
    try:
        with open(f"/proc/{server.process.pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


def _summary(sessions: list[dict], warmup: int) -> dict:
    """Medians over sessions (each session's own median / p95 over its measured steps)."""
    measured = [s["step_seconds"][warmup:] for s in sessions]
    step_bytes = [b for s in sessions for b in s["step_ws_bytes"][warmup:]]
    pooled = [t for m in measured for t in m]
    panels = [s["panel_seconds"][warmup:] for s in sessions if s.get("panel_seconds")]
    extra = {}
    in_page = [s["step_in_page_seconds"][warmup:] for s in sessions if s.get("step_in_page_seconds")]
    if in_page:
        extra["step_in_page_ms_median"] = round(statistics.median(statistics.median(m) for m in in_page) * 1000, 1)
        extra["step_in_page_ms_p95"] = round(statistics.median(percentile(m, 95) for m in in_page) * 1000, 1)
    if panels:
        extra["panel_ms_median"] = round(statistics.median(statistics.median(m) for m in panels) * 1000, 1)
        extra["panel_ms_p95"] = round(statistics.median(percentile(m, 95) for m in panels) * 1000, 1)
    for key in ("drag", "drag_mouse", "play"):
        found = [s[key] for s in sessions if key in s]
        if found:
            extra[key] = found[0]
    return {
        **extra,
        "step_ms_median": round(statistics.median(statistics.median(m) for m in measured) * 1000, 1),
        "step_ms_p95": round(statistics.median(percentile(m, 95) for m in measured) * 1000, 1),
        "step_ms_median_pooled": round(statistics.median(pooled) * 1000, 1),
        "step_ms_p95_pooled": round(percentile(pooled, 95) * 1000, 1),
        "steps_measured": len(pooled),
        "step_ws_bytes_median": statistics.median(step_bytes),
        "step_ws_bytes_max": max(step_bytes),
        "step_map_ws_bytes_median": statistics.median(b for s in sessions for b in s["step_map_ws_bytes"][warmup:]),
        "first_seconds_median": round(statistics.median(s["first_seconds"] for s in sessions), 2),
        "first_ws_bytes_median": statistics.median(s["first_ws_bytes"] for s in sessions),
        "whole_page_ws_bytes_median": statistics.median(s["whole_page_ws_bytes"] for s in sessions),
        "first_http_median": {k: statistics.median(s["first_http"][k] for s in sessions) for k in sessions[0]["first_http"]},
        "blocked_requests": sorted({u for s in sessions for u in s["blocked"]}),
    }


def measure_bare(browser, workdir: Path, *, steps: int, warmup: int, repeats: int, app_settings: bool = False) -> dict:
    """The bare slider page: key press until ``st.write``'s text shows the new value.

    By default with Streamlit's own ``runner.postScriptGC`` (a full garbage collection
    after every run), as the floor was defined; with ``app_settings`` as the app runs
    (the repository's config turns it off), for the same-settings comparison.
    """
    page_path = write_bare_page(workdir)
    gc_flag = [] if app_settings else ["--runner.postScriptGC", "true"]
    server = start_streamlit(page_path, cwd=REPO_ROOT, log_dir=workdir, extra_args=gc_flag)
    load = load_average()
    try:
        sessions = []
        for _ in range(repeats):
            plan = [("ArrowRight", BARE_START + i + 1) for i in range(warmup + steps)]
            sessions.append(
                _session(
                    browser,
                    server.url,
                    lambda page: (wait_text(page, f"bare value {BARE_START}", LOAD_TIMEOUT_MS), page)[1],
                    [
                        (key, lambda page, v=value: wait_text(page, f"bare value {v}", STEP_TIMEOUT_MS), ("text", f"bare value {value}"))
                        for key, value in plan
                    ],
                )
            )
    finally:
        peak = _server_peak_mb(server)
        server.stop()
    return {"case": "bare Streamlit page", "app_settings": app_settings, "load_average": [load, load_average()], "server_peak_mb": peak,
            "sessions": sessions, **_summary(sessions, warmup)}  # fmt: skip


def measure_app(
    browser,
    workdir: Path,
    label: str,
    districts: Path,
    claims: Path,
    boundaries: Path | None,
    *,
    steps: int,
    warmup: int,
    repeats: int,
) -> dict:
    """The real app: key press on the date slider until the map's fills are the new day's."""
    expected = Expected.build(districts, claims, boundaries)
    start_day, plan = expected.walk(warmup + steps)
    args = ["--districts", str(districts), "--claims", str(claims)]
    if boundaries is not None:
        args += ["--boundaries", str(boundaries)]
    env = {"CONTROL_MAP_CACHE_DIR": os.environ.get("CONTROL_MAP_CACHE_DIR", str(workdir / "cache"))}
    server = start_streamlit(REPO_ROOT / "app.py", cwd=REPO_ROOT, env=env, script_args=args, log_dir=workdir)
    load = load_average()
    n = len(expected.order)

    def drawn(page):
        frame = map_frame(page, n, LOAD_TIMEOUT_MS)
        wait_fills(frame, expected.fills[start_day], LOAD_TIMEOUT_MS)
        return frame

    def follow(page, i: int) -> float:
        return panels_follow(page, plan[i][1])

    try:
        sessions = []
        for k in range(repeats):
            sessions.append(
                _session(
                    browser,
                    server.url + f"?date={start_day.isoformat()}",
                    drawn,
                    [
                        (key, lambda frame, d=day: wait_fills(frame, expected.fills[d], STEP_TIMEOUT_MS), ("fills", expected.fills[day]))
                        for key, day in plan
                    ],
                    follow=follow,
                    extras=(lambda page: {"drag": drag_rate(page), "drag_mouse": mouse_drag_rate(page), "play": play_rate(page, 30)})
                    if k == 0
                    else None,
                )
            )
    finally:
        peak = _server_peak_mb(server)
        server.stop()
    return {
        "case": label,
        "districts": n,
        "claims_file_mb": round(claims.stat().st_size / 2**20, 1),
        "days_walked": [start_day.isoformat(), max(d for _, d in plan).isoformat()],
        "load_average": [load, load_average()],
        "server_peak_mb": peak,
        "sessions": sessions,
        **_summary(sessions, warmup),
    }


def panels_follow(page, day: dt.date) -> float:
    """Seconds from the map telling Python ``day`` to the day's claims panel showing it."""
    text = f"Said on {day:%A %d %B %Y}"
    page.wait_for_function(
        """t => {
            if (!document.body.innerText.includes(t)) return false;
            window.__panelAt = performance.now();
            return true;
        }""",
        arg=text,
        polling=5,
        timeout=STEP_TIMEOUT_MS,
    )
    told = page.evaluate("() => parseFloat(" + CM_APP + ".getAttribute('data-reported-at'))")
    return max(0.0, (page.evaluate("() => window.__panelAt") - told) / 1000)


#: Counts animation frames whose day differs from the frame before: the repaints a reader saw.
_COUNT_FRAMES = (
    """() => {
    const root = """
    + CM_APP
    + """;
    window.__frames = {all: 0, changed: 0, stop: false};
    let last = root.getAttribute('data-day');
    function frame() {
        const day = root.getAttribute('data-day');
        window.__frames.all += 1;
        if (day !== last) { window.__frames.changed += 1; last = day; }
        if (!window.__frames.stop) requestAnimationFrame(frame);
    }
    requestAnimationFrame(frame);
}"""
)


def _slider_track(page) -> tuple[float, float, int]:
    """The date slider's track in page pixels: left end, middle height, usable width."""
    slider = page.get_by_role("slider", name="Date", exact=True)
    slider.scroll_into_view_if_needed()
    box = slider.bounding_box()
    return box["x"] + 6, box["y"] + box["height"] / 2, int(box["width"] - 12)


def drag_rate(page, seconds: float = 2.5) -> dict:
    """Drag the slider's thumb across the slider for about ``seconds``, moving the mouse as fast as
    the page takes it: frames repainted with a new day per second while the mouse is down."""
    left, y, width = _slider_track(page)
    page.mouse.move(left, y)
    page.mouse.down()
    page.evaluate(_COUNT_FRAMES)
    t0 = time.perf_counter()
    moves = 0
    while time.perf_counter() - t0 < seconds:
        moves += 1
        page.mouse.move(left + (moves * 3) % width, y)  # 3 px a move, wrapping: every move crosses days
    frames = page.evaluate("() => { window.__frames.stop = true; return window.__frames; }")
    elapsed = time.perf_counter() - t0
    page.mouse.up()
    wait_for_script_idle(page, timeout=STEP_TIMEOUT_MS)
    return {
        "seconds": round(elapsed, 2),
        "moves": moves,
        "frames": frames["all"],
        "repaints": frames["changed"],
        "repaints_per_second": round(frames["changed"] / elapsed, 1),
    }


def mouse_drag_rate(page, seconds: float = 2.5, hz: int = 60) -> dict:
    """The same drag by a mouse that moves ``hz`` times a second whatever the page does, as a real one does.

    :func:`drag_rate` moves only once the browser has acknowledged the move before, and
    Chromium acknowledges a move that changed the canvas only after the frame that shows
    it, about two frames later: that driver measures its own round trips as much as the map.
    Here every move is its own CDP ``Input.dispatchMouseEvent``, sent on a schedule and
    not awaited by the next one. Playwright's sync API awaits every call, so the moves are
    tasks on its event loop (its private ``_impl_obj`` and ``_loop``), run while the page waits.
    """
    left, y, width = _slider_track(page)
    cdp = page.context.new_cdp_session(page)

    def event(kind: str, x: float, **more) -> dict:
        return {"type": kind, "x": x, "y": y, "button": "left", "buttons": 1, **more}

    cdp.send("Input.dispatchMouseEvent", event("mouseMoved", left, button="none", buttons=0))
    cdp.send("Input.dispatchMouseEvent", event("mousePressed", left, clickCount=1))
    page.evaluate(_COUNT_FRAMES)
    impl, n = cdp._impl_obj, int(seconds * hz)

    async def move(i: int) -> None:
        await asyncio.sleep(i / hz)
        await impl.send("Input.dispatchMouseEvent", event("mouseMoved", left + (i * 3) % width), STEP_TIMEOUT_MS)

    t0 = time.perf_counter()
    tasks = [page._loop.create_task(move(i)) for i in range(1, n + 1)]
    page.wait_for_timeout(seconds * 1000)
    frames = page.evaluate("() => { window.__frames.stop = true; return window.__frames; }")
    elapsed = time.perf_counter() - t0
    for _ in range(100):  # the last moves' answers arrive while the page waits
        if all(t.done() for t in tasks):
            break
        page.wait_for_timeout(20)
    for task in tasks:
        if not task.done():
            task.cancel()
    page.wait_for_timeout(50)  # the loop runs: cancelled tasks finish
    delivered = sum(1 for t in tasks if t.done() and not t.cancelled() and t.exception() is None)
    cdp.send("Input.dispatchMouseEvent", event("mouseReleased", left, clickCount=1, buttons=0))
    cdp.detach()
    wait_for_script_idle(page, timeout=STEP_TIMEOUT_MS)
    return {
        "seconds": round(elapsed, 2),
        "hz": hz,
        "moves": n,
        "moves_delivered": delivered,
        "frames": frames["all"],
        "repaints": frames["changed"],
        "repaints_per_second": round(frames["changed"] / elapsed, 1),
    }


def play_rate(page, speed: int, seconds: float = 3.0) -> dict:
    """Play at ``speed`` days a second from the first day for ``seconds``: days drawn per second, days skipped."""
    slider = page.get_by_role("slider", name="Date", exact=True)
    slider.press("Home")
    page.get_by_role("combobox", name="Play speed").select_option(str(speed))
    wait_for_script_idle(page, timeout=STEP_TIMEOUT_MS)
    page.evaluate(RECORD_MAP)
    page.get_by_role("button", name="Play").click()
    page.wait_for_timeout(seconds * 1000)
    slider.press("Escape")
    days = page.evaluate("() => window.__days")
    dates = [dt.date.fromisoformat(d) for d, _ in days]
    gaps = [(b - a).days for a, b in itertools.pairwise(dates)]
    elapsed = (days[-1][1] - days[0][1]) / 1000 if len(days) > 1 else 0.0
    return {
        "speed": speed,
        "days_drawn": len(dates),
        "days_per_second": round((len(dates) - 1) / elapsed, 1) if elapsed else 0.0,
        "skipped": sum(g - 1 for g in gaps if g > 1),
        "repeated_or_backwards": sum(1 for g in gaps if g < 1),
    }


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM_PATH, headless=True, args=CHROMIUM_ARGS)
