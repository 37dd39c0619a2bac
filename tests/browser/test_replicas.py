"""scripts/replicas.sh: two app replicas behind nginx, driven through the proxy by two browsers.

Each browser carries its own ``replica`` cookie, chosen so that nginx's sticky hash sends
the two to different replicas; every response they get (``X-Upstream``) and their
websockets (nginx's access log) must come from their own replica. Both see the map, and
both follow an edit of claims.yaml after a reload. SIGTERM must stop everything.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from http.client import HTTPResponse
from pathlib import Path

import pytest
from harness import (
    REPO_ROOT,
    SHP,
    expected_fills,
    free_port,
    is_local_url,
    map_frame,
    path_fills,
    wait_for_fills,
    wait_for_paths,
    wait_for_script_idle,
    with_firm_paryan_claim,
)

NGINX = Path("/usr/sbin/nginx")
SCRIPT = REPO_ROOT / "scripts" / "replicas.sh"
DISTRICT_ORDER = ["bazarak", "dara", "khinj", "paryan", "rukha", "shutul", "unaba"]  # districts.yaml order

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not NGINX.exists(), reason="no /usr/sbin/nginx: apt-get install nginx (.ci/run does)"),
    pytest.mark.skipif(not SHP.exists(), reason="../shared boundary data not beside the repo"),
]


@dataclass
class Recipe:
    process: subprocess.Popen[bytes]
    url: str
    app_ports: list[int]
    run_dir: Path
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> int:
        """SIGTERM the script (it stops nginx and the replicas); kill its group if it hangs."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        return self.process.returncode


def get(url: str, cookie: str | None = None) -> HTTPResponse:
    request = urllib.request.Request(url, headers={"Cookie": f"replica={cookie}"} if cookie else {})
    return urllib.request.urlopen(request, timeout=5)


def replica_cookies(response: HTTPResponse) -> list[str]:
    """The values of the ``replica`` cookies nginx set in ``response``."""
    return [m[1] for c in response.headers.get_all("Set-Cookie", []) if (m := re.match(r"replica=(\w+);", c))]


def listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


@contextlib.contextmanager
def running_recipe(data_dir: Path, timeout: float = 60) -> Iterator[Recipe]:
    ports: set[int] = set()
    while len(ports) < 3:
        ports.add(free_port())
    proxy, *app_ports = sorted(ports)
    run_dir = data_dir / "run"
    log_path = data_dir / "replicas.log"
    data_args = ["--districts", str(data_dir / "districts.yaml"), "--claims", str(data_dir / "claims.yaml"), "--boundaries", str(SHP)]
    command = ["bash", str(SCRIPT), "--port", str(proxy), "--app-ports", ",".join(map(str, app_ports)), "--dir", str(run_dir), "--"]
    env = {**os.environ, "CONTROL_MAP_CACHE_DIR": str(data_dir / "cache")}
    with log_path.open("wb") as log:
        process = subprocess.Popen([*command, *data_args], cwd=REPO_ROOT, env=env, stdout=log, stderr=log, start_new_session=True)
    recipe = Recipe(process, f"http://127.0.0.1:{proxy}", app_ports, run_dir, log_path)
    try:
        deadline = time.monotonic() + timeout
        while True:
            assert process.poll() is None, f"replicas.sh exited with {process.returncode}:\n{recipe.log()}"
            with contextlib.suppress(OSError):
                with get(recipe.url + "/_stcore/health", cookie="probe") as response:
                    if response.read() == b"ok":
                        break
            assert time.monotonic() < deadline, f"the proxy was not healthy within {timeout:.0f} s:\n{recipe.log()}"
            time.sleep(0.3)
        yield recipe
    finally:
        recipe.stop()


def cookies_per_replica(recipe: Recipe) -> dict[str, str]:
    """A ``replica`` cookie value for each upstream address, found by asking nginx (``X-Upstream``)."""
    found: dict[str, str] = {}
    for n in range(50):
        key = f"newsroom-{n}"
        with get(recipe.url + "/_stcore/health", cookie=key) as response:
            found.setdefault(response.headers["X-Upstream"], key)
        if len(found) == len(recipe.app_ports):
            break
    assert set(found) == {f"127.0.0.1:{port}" for port in recipe.app_ports}, found
    return found


def test_two_replicas_behind_nginx_sticky_websocket_and_edits(tmp_path, browser):
    for name in ("districts.yaml", "claims.yaml"):
        shutil.copy(REPO_ROOT / name, tmp_path / name)
    districts, claims = tmp_path / "districts.yaml", tmp_path / "claims.yaml"

    with running_recipe(tmp_path) as recipe:
        # Without a cookie nginx picks a replica and sets one; with it the choice sticks.
        with get(recipe.url + "/") as response:
            (key,) = replica_cookies(response)
            first = response.headers["X-Upstream"]
        for _ in range(5):
            with get(recipe.url + "/_stcore/health", cookie=key) as response:
                assert response.headers["X-Upstream"] == first and replica_cookies(response) == []
        keys = cookies_per_replica(recipe)

        served: dict[str, set[str]] = {}
        external: list[str] = []
        contexts = []
        try:
            pages = {}
            for upstream, key in keys.items():
                context = browser.new_context(viewport={"width": 1400, "height": 1500})
                contexts.append(context)
                context.add_cookies([{"name": "replica", "value": key, "url": recipe.url}])
                # The browser's proxy leads nowhere (conftest.NOWHERE_PROXY): a request off the machine fails; it is
                # recorded here. (Not with `route`, which turns the HTTP cache off: each reload fetched Streamlit's scripts again.)
                context.on("request", lambda r: external.append(r.url) if not is_local_url(r.url) else None)
                seen = served.setdefault(upstream, set())
                # Every response from the proxy (not the page's own blob: URLs) names the replica that sent it.
                context.on("response", lambda r, seen=seen: r.url.startswith(recipe.url) and seen.add(r.headers.get("x-upstream", "none")))
                pages[upstream] = context.new_page()

            want = expected_fills(districts, claims, "2021-09-05")
            for page in pages.values():  # both replicas run the script at once
                page.goto(recipe.url + "/?date=2021-09-05")
            for page in pages.values():  # the websocket works through the proxy: the script ran, the map came
                wait_for_script_idle(page)
                assert wait_for_paths(map_frame(page), 7) == want

            # An edit (Roggio: the Taliban hold Paryan on 5 September) reaches both replicas.
            claims.write_text(with_firm_paryan_claim(claims.read_text(encoding="utf-8")), encoding="utf-8")
            edited = expected_fills(districts, claims, "2021-09-05")
            assert edited[DISTRICT_ORDER.index("paryan")] == "#d55e00" != want[DISTRICT_ORDER.index("paryan")]
            for page in pages.values():
                page.reload()
            for page in pages.values():
                wait_for_script_idle(page)
                frame = map_frame(page)
                wait_for_fills(frame, edited)
                assert path_fills(frame) == edited
        finally:
            for context in contexts:
                context.close()  # closes the websockets: nginx logs them now

        assert external == []
        assert served == {upstream: {upstream} for upstream in keys}, "a session was served by another replica"
        access = recipe.run_dir / "access.log"
        stream = re.compile(r'"GET /_stcore/stream \S+" 101 upstream=(\S+) replica=(\S+)')
        streams: set[tuple[str, str]] = set()
        for _ in range(50):
            streams = {m.groups() for m in stream.finditer(access.read_text(encoding="utf-8"))}
            if {key for _, key in streams} >= set(keys.values()):
                break
            time.sleep(0.1)
        assert streams == {(upstream, key) for upstream, key in keys.items()}, streams

        # SIGTERM stops nginx and both replicas.
        assert recipe.stop() == 143, recipe.log()
        assert not any(listening(port) for port in [int(recipe.url.rsplit(":", 1)[1]), *recipe.app_ports]), recipe.log()
