"""Browser-test helpers: real ``streamlit run`` servers, request logs, Leaflet probes.

The fixtures built on these live in ``conftest.py``; tests import the helpers
with ``from harness import ...`` (pytest puts this folder on ``sys.path``).

* :func:`start_streamlit` starts ``python -m streamlit run SCRIPT`` on a free
  loopback port and waits for ``/_stcore/health``; the server's output is shown
  if it fails to come up.
* :class:`RequestLog` holds every URL a page requested; :func:`is_local_url`
  decides what counts as staying on the machine.
* :func:`map_frame`, :func:`wait_for_paths`, :func:`path_fills` ... wait for the
  time map (a components-v2 element in the page itself) and read its districts' fills:
  Leaflet's SVG paths, or on a canvas map what the map gave the canvas.

Servers run with ``--server.fileWatcherType none``: tests never edit sources, and
a watcher only adds threads and spurious reruns. (Data files such as the YAML the
app reads are not watched in any mode; the app sees edits because it reads them
on each rerun, or keys its caches on their mtime.)
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Frame, Locator, Page

REPO_ROOT = Path(__file__).resolve().parents[2]
#: The real national boundaries beside the repo (never copied into it).
SHP = REPO_ROOT.parent / "shared" / "data" / "geoboundaries-AFG-ADM2" / "geoBoundaries-AFG-ADM2.shp"

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

#: The browser contexts tests run in, by name (see conftest's ``open_page``): a desktop
#: window, a phone (390x844 CSS px at scale 3, touch, mobile viewport: an iPhone 12-15)
#: and the narrowest phone still in use (320x568 at scale 2: an iPhone SE, or any phone
#: with large text). Touch and ``is_mobile`` are a context's, not a page's, settings.
PROFILES: dict[str, dict[str, object]] = {
    "desktop": {"viewport": {"width": 1000, "height": 800}},
    "phone": {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True, "has_touch": True},
    "phone-320": {"viewport": {"width": 320, "height": 568}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True},
}

#: The time map's root element in the page (components.timemap; no iframe), once drawn.
TIMEMAP_READY = '.cm-app[data-ready="true"]'
#: Leaflet's SVG paths for vector layers that take the mouse (GeoJSON districts).
LEAFLET_PATHS = "path.leaflet-interactive:not(.cm-place)"

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
HEALTH_TIMEOUT_S = 30.0
PORT_ATTEMPTS = 3


# --------------------------------------------------------------------------- servers


def free_port() -> int:
    """A TCP port free on the loopback interface right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class StreamlitServer:
    """A running ``streamlit run`` subprocess."""

    process: subprocess.Popen[bytes]
    port: int
    base_path: str
    log_path: Path

    @property
    def url(self) -> str:
        """The app's URL, ending in ``/``."""
        base = f"/{self.base_path}/" if self.base_path else "/"
        return f"http://127.0.0.1:{self.port}{base}"

    def log(self) -> str:
        """Everything the server printed so far."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        """Kill the server and reap it.

        Killed, not asked to stop: Streamlit's graceful stop took 0.5-1.5 s a server here, and
        the session's last test waited 3-9 s for its servers' together on the busy two cores. A
        test server has nothing to save, and when idle no child process (the app starts some
        while it loads) to leave behind. (The deployment recipe's stop on SIGTERM is
        test_replicas.py's to check.)
        """
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=10)


def _wait_healthy(server: StreamlitServer, timeout: float) -> None:
    health = server.url + "_stcore/health"
    deadline = time.monotonic() + timeout
    last_error = "no answer"
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {server.process.returncode} before it was healthy. Its output:\n{server.log()}")
        try:
            with urllib.request.urlopen(health, timeout=2) as response:
                body = response.read().decode().strip()
            # Ours, not another test process's that took the port first: alive, and bound to it.
            if body == "ok" and server.process.poll() is None and f"127.0.0.1:{server.port}" in server.log():
                return
            last_error = f"health said {body!r}"
        except (urllib.error.URLError, OSError) as exc:
            last_error = str(exc)
        time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"streamlit was not healthy at {health} within {timeout:.0f} s ({last_error}). Its output:\n{server.log()}")


def start_streamlit(
    script: Path | str,
    *,
    cwd: Path | str = REPO_ROOT,
    env: dict[str, str] | None = None,
    extra_args: Sequence[str] = (),
    script_args: Sequence[str] = (),
    base_path: str = "",
    log_dir: Path | None = None,
    timeout: float = HEALTH_TIMEOUT_S,
) -> StreamlitServer:
    """Start ``streamlit run script`` and return once ``/_stcore/health`` says ok.

    ``cwd`` decides which ``.streamlit/config.toml`` applies (the repository's by
    default). The repository root is put on ``PYTHONPATH`` so pages can import the
    app's packages. ``extra_args`` go to Streamlit (e.g. ``--server.enableStaticServing
    false``), ``script_args`` to the script after ``--``; ``base_path`` sets
    ``server.baseUrlPath``. The caller must ``stop()`` the server.
    """
    log_dir = Path(log_dir) if log_dir else Path(tempfile.gettempdir())
    full_env = {**os.environ, **(env or {})}
    full_env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO_ROOT), full_env.get("PYTHONPATH", "")) if p)
    full_env.setdefault("PYTHONUNBUFFERED", "1")
    for attempt in range(PORT_ATTEMPTS):
        port = free_port()
        log_path = log_dir / f"streamlit-{port}.log"
        command = [
            sys.executable, "-m", "streamlit", "run", str(script),
            "--server.port", str(port),
            "--server.address", "127.0.0.1",
            "--server.headless", "true",
            "--browser.gatherUsageStats", "false",
            "--server.fileWatcherType", "none",
            *(["--server.baseUrlPath", base_path] if base_path else []),
            *extra_args,
        ]  # fmt: skip
        if script_args:
            command += ["--", *script_args]
        with log_path.open("wb") as log:
            process = subprocess.Popen(command, cwd=cwd, env=full_env, stdout=log, stderr=subprocess.STDOUT)
        server = StreamlitServer(process, port, base_path.strip("/"), log_path)
        try:
            _wait_healthy(server, timeout)
        except RuntimeError:
            # Another test process (pytest -n) may have taken the free port first.
            if attempt + 1 < PORT_ATTEMPTS and process.poll() is not None and f"Port {port} is not available" in server.log():
                continue
            raise
        return server
    raise AssertionError("unreachable")


class ServerPool:
    """Running servers by the arguments they were started with; one is started only when none matches.

    A server that has exited is started again. At most ``limit`` run at once: the one
    asked for least recently is stopped to make room.
    """

    def __init__(self, start: Callable[..., StreamlitServer], log_dir: Path, limit: int = 6) -> None:
        self._start, self.log_dir, self._limit = start, log_dir, limit
        self._servers: dict[str, StreamlitServer] = {}

    def get(self, script: Path | str, **kwargs: object) -> StreamlitServer:
        """A running ``start_streamlit(script, **kwargs)``, shared with every caller that asks the same."""
        kwargs.setdefault("log_dir", self.log_dir)
        key = repr((str(script), sorted((name, repr(value)) for name, value in kwargs.items())))
        server = self._servers.pop(key, None)
        if server is not None and server.process.poll() is not None:
            server = None
        if server is None:
            while len(self._servers) >= self._limit:
                self._servers.pop(next(iter(self._servers))).stop()
            server = self._start(script, **kwargs)
        self._servers[key] = server  # last: the most recently asked for
        return server

    def stop_all(self) -> None:
        """Stop every server."""
        servers = list(self._servers.values())
        self._servers.clear()
        for server in servers:
            server.stop()


@contextlib.contextmanager
def running_streamlit(script: Path | str, **kwargs: object) -> Iterator[StreamlitServer]:
    """:func:`start_streamlit` as a context manager that always stops the server."""
    server = start_streamlit(script, **kwargs)  # type: ignore[arg-type]
    try:
        yield server
    finally:
        server.stop()


# --------------------------------------------------------------------------- requests


def is_local_url(url: str) -> bool:
    """Whether ``url`` stays on this machine (loopback, or a non-network scheme)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https", "ws", "wss"):
        return True  # data:, blob:, about:, file:, chrome-error: ...
    return (parts.hostname or "") in LOCAL_HOSTS


@dataclass
class RequestLog:
    """Every URL a page asked for: ``entries`` as (resource type, url) pairs."""

    entries: list[tuple[str, str]] = field(default_factory=list)

    @property
    def urls(self) -> list[str]:
        return [url for _, url in self.entries]

    def external(self) -> list[str]:
        """URLs that left the machine (or tried to)."""
        return [url for url in self.urls if not is_local_url(url)]

    def matching(self, fragment: str) -> list[str]:
        return [url for url in self.urls if fragment in url]

    def assert_local(self) -> None:
        external = self.external()
        assert not external, f"requests to hosts other than this machine: {external}"


# --------------------------------------------------------------------------- helpers


def wait_for_script_idle(page: Page, timeout: float = 30_000) -> None:
    """Wait until Streamlit has connected and finished running the script."""
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout)


def wait_for_permalink(page: Page, part: str, timeout: float = 30_000) -> None:
    """Wait until the page's query string holds ``part`` (``"date=2021-09-04"``): Python has heard of
    what the map shows, since the app writes the permalink from its rerun."""
    page.wait_for_function("part => location.search.includes(part)", arg=part, timeout=timeout)


def map_frame(page: Page, timeout: float = 30_000) -> Frame:
    """The frame that holds the time map (the page's own: the component has no iframe), once drawn."""
    page.wait_for_selector(TIMEMAP_READY, timeout=timeout)
    return page.main_frame


#: The document the time map lives in, as a JS expression: the component's shadow root
#: (components v2, ``isolate_styles``), or the page itself (the HTML export).
MAP_ROOT = "(document.querySelector('[data-testid=stBidiComponentIsolated]')?.shadowRoot || document)"
#: The time map's element, as a JS expression (its ``controlMap`` property is the map's API).
CM_APP = MAP_ROOT + ".querySelector('.cm-app')"
#: The map's API (webmap/js/timemap.js) as a JS expression: on the app's element, or on the
#: export's ``<html>``.
CONTROL_MAP = "(" + CM_APP + " || document.documentElement).controlMap"

#: Records in the page what the map drew: ``window.__days`` gets ``[day, time]`` at every
#: change of the day shown, ``window.__repaints`` ``[time, day]`` at every change of a
#: district's fill (one MutationObserver callback per redraw; SVG maps only: a canvas map
#: has no fill attributes to watch).
RECORD_MAP = (
    """() => {
    const root = """
    + CM_APP
    + """;
    window.__days = []; window.__repaints = [];
    new MutationObserver(() => window.__days.push([root.getAttribute('data-day'), performance.now()]))
        .observe(root, {attributes: true, attributeFilter: ['data-day']});
    new MutationObserver(() => window.__repaints.push([performance.now(), root.getAttribute('data-day')]))
        .observe(root.querySelector('.leaflet-overlay-pane'), {attributes: true, subtree: true, attributeFilter: ['fill']});
}"""
)


def map_day(page: Page) -> str:
    """The ISO day the map shows (its root's ``data-day``)."""
    return page.locator(".cm-app").get_attribute("data-day") or ""


#: Every district's fill in data order, as a JS expression: the SVG paths' ``fill``, or on a
#: map drawn on one canvas (``webmap.timemap.renderer_for``: large maps) what the map gave
#: the canvas, through its ``controlMap.fills()``; pattern fills are ``url(#id)`` in both.
DISTRICT_FILLS = (
    "(() => { const api = "
    + CONTROL_MAP
    + "; if (api && api.renderer === 'canvas') { return api.fills(); }"
    + " return Array.from("
    + MAP_ROOT
    + ".querySelectorAll('"
    + LEAFLET_PATHS
    + "'), e => e.getAttribute('fill')); })()"
)


def path_fills(frame: Frame) -> list[str]:
    """Every district's fill, in data order (SVG paths' ``fill``, or the canvas map's)."""
    return frame.evaluate("() => " + DISTRICT_FILLS)


def wait_for_paths(frame: Frame, count: int, timeout: float = 15_000) -> list[str]:
    """Wait for exactly ``count`` districts drawn; return their fills."""
    frame.wait_for_function("n => " + DISTRICT_FILLS + ".length === n", arg=count, timeout=timeout)
    return path_fills(frame)


def wait_for_fills(frame: Frame, expected: Sequence[str], timeout: float = 15_000) -> None:
    """Wait until the districts' fills are exactly ``expected``."""
    frame.wait_for_function("want => JSON.stringify(" + DISTRICT_FILLS + ") === JSON.stringify(want)", arg=list(expected), timeout=timeout)


def district_point(frame: Frame, index: int) -> tuple[float, float]:
    """Page coordinates of a point inside district ``index`` (its label point), on either renderer."""
    x, y = frame.evaluate("i => " + CONTROL_MAP + ".pointOf(i)", index)
    return x, y


#: The canvas's pixels (RGBA, 0-255, not premultiplied) in a row of 12 from page point [x, y].
CANVAS_PIXELS = (
    """([x, y]) => {
    const canvas = """
    + MAP_ROOT
    + """.querySelector('.leaflet-overlay-pane canvas');
    const box = canvas.getBoundingClientRect();
    const scale = canvas.width / box.width;
    const at = [Math.round((x - box.left) * scale), Math.round((y - box.top) * scale)];
    const data = canvas.getContext('2d').getImageData(at[0], at[1], 12, 1).data;
    const out = [];
    for (let k = 0; k < data.length; k += 4) { out.push(Array.from(data.slice(k, k + 4))); }
    return out;
}"""
)


def biggest_district(frame: Frame, indices: Sequence[int]) -> int:
    """Of ``indices``, the district whose shape spans the most of the map (its label point lies
    well inside: no outline drawn over it)."""
    return frame.evaluate(
        """ids => {
            const map = """
        + CONTROL_MAP
        + """.map;
            const span = {};
            map.eachLayer(l => {
                if (l.feature && ids.includes(l.feature.properties.i)) {
                    const b = l.getBounds();
                    const a = map.latLngToContainerPoint(b.getNorthWest()), c = map.latLngToContainerPoint(b.getSouthEast());
                    span[l.feature.properties.i] = (c.x - a.x) * (c.y - a.y);
                }
            });
            return ids.reduce((best, i) => (span[i] > span[best] ? i : best), ids[0]);
        }""",
        list(indices),
    )


def assert_canvas_draws(frame: Frame, fills: Sequence[str]) -> None:
    """The canvas shows the biggest plain-coloured district and the biggest patterned one
    (a ``CanvasPattern``: hatching.js) in their ``fills`` (in data order)."""
    for kind in ("#", "url("):
        index = biggest_district(frame, [i for i, fill in enumerate(fills) if fill.startswith(kind)])
        assert_canvas_shows(frame, index, fills[index])


def assert_canvas_shows(frame: Frame, index: int, fill: str) -> None:
    """The canvas, inside district ``index`` (12 pixels in a row from its label point), shows
    ``fill``: a plain colour, every pixel alike; or a pattern (``url(#kind-rrggbb)``), every pixel
    in its colour but some more opaque than others (the tint between the lines)."""
    point = list(district_point(frame, index))
    # Leaflet redraws a canvas on the next animation frame after a style change: wait for it.
    frame.wait_for_function("(p) => (" + CANVAS_PIXELS + ")(p).some(px => px[3] > 0)", arg=point, timeout=10_000)
    pixels = frame.evaluate(CANVAS_PIXELS, point)
    plain = fill.startswith("#")
    want = bytes.fromhex(fill[1:] if plain else fill[-7:-1])
    tolerance = 2 if plain else 8  # alpha rounding, larger at a pattern's low alpha
    for rgba in pixels:
        assert all(abs(got - w) <= tolerance for got, w in zip(rgba[:3], want, strict=True)), (index, fill, pixels)
    alphas = [rgba[3] for rgba in pixels]
    assert min(alphas) > 0, (index, fill, pixels)
    assert (max(alphas) - min(alphas) <= 2) if plain else (max(alphas) - min(alphas) > 40), (index, fill, pixels)


def screenshot(page: Page, path: Path | str, *, full_page: bool = True) -> Path:
    """Save a PNG of the page (iframes included) and return its path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=full_page)
    return path


def rule_fills(dataset, day, view: str = "consensus") -> list[str]:
    """The Leaflet ``fill`` of every district on ``day`` (a date or YYYY-MM-DD), as the rules say.

    Computed from ``core.rules`` and ``core.style`` so browser tests check the page
    against the rules, never against colours copied into the test.
    """
    import datetime as dt

    from core.rules import ComputedTimeline
    from webmap.hatching import state_fill

    day = dt.date.fromisoformat(day) if isinstance(day, str) else day
    timeline = ComputedTimeline(dataset)
    return [state_fill(timeline.state(district, day, view), dataset) for district in dataset.gazetteer.ids]


#: Claims a test adds to its copy of claims.yaml so that Sunday 5 September shows every
#: kind of state (the reports date nothing independent to that day): a firm independent
#: word (Bazarak confirmed), a hedged one (Unaba partly supported) and fighting (Paryan).
SUNDAY_TEST_CLAIMS = """
  - id: test-firm-bazarak
    date: 2021-09-05
    source: roggio
    districts: [Bazarak]
    status: held
    holder: taliban
    quote: "Test claim: Bazarak is Taliban controlled"

  - id: test-hedged-unaba
    date: 2021-09-05
    source: emergency
    districts: [Unaba]
    status: held
    holder: taliban
    certainty: hedged
    quote: "Test claim: it appears Unaba is Taliban controlled"

  - id: test-fighting-paryan
    date: 2021-09-05
    source: roggio
    districts: [Paryan]
    status: contested
    quote: "Test claim: fighting in Paryan"
"""


def with_firm_paryan_claim(text: str) -> str:
    """claims.yaml's text with Roggio's hedged Paryan claim made a firm Taliban hold of 5 September (a valid edit)."""
    start = text.index("  - id: 2021-09-06-roggio-fighting-paryan")
    end = text.index("\n\n", start)
    block = (
        "  - id: 2021-09-06-roggio-fighting-paryan\n    date: 2021-09-05\n    source: roggio\n    districts: [Paryan]\n"
        '    status: held\n    holder: taliban\n    quote: "Test edit: Paryan is Taliban controlled"'
    )
    return text[:start] + block + text[end:]


def add_sunday_test_claims(claims: Path) -> None:
    """Append :data:`SUNDAY_TEST_CLAIMS` to the claims list of a copy of claims.yaml (before its ACLED mapping)."""
    text = claims.read_text(encoding="utf-8")
    anchor = "\n# ---- ACLED"
    assert anchor in text
    claims.write_text(text.replace(anchor, SUNDAY_TEST_CLAIMS + anchor, 1), encoding="utf-8")


def expected_fills(districts: Path, claims: Path, day, view: str = "consensus") -> list[str]:
    """:func:`rule_fills` for the data files as they are on disk now."""
    from yamldata.loader import load_dataset

    return rule_fills(load_dataset(districts, claims), day, view)


def wait_for_tooltip(frame: Frame, text: str, timeout: float = 10_000) -> Locator:
    """The map's open tooltip once it says ``text``: a rich tooltip comes with its view's
    tooltip table, fetched once after the map's first state; until then a short one shows."""
    frame.wait_for_function(
        "t => (" + MAP_ROOT + ".querySelector('.leaflet-tooltip') || {}).innerText?.includes(t)", arg=text, timeout=timeout
    )
    return frame.locator(".leaflet-tooltip").first
