"""The download path end to end, against a real HTTP server on 127.0.0.1.

The server serves the national GeoJSON from ../shared (read at test time) and a few
broken variants; each failure must fall back to schematic shapes with a warning naming
why, leave nothing in the cache, and not be retried within the process.
"""

from __future__ import annotations

import collections
import http.server
import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import geo
from geo import SCHEMATIC_WARNING, load_boundaries
from geo.cache import cached_path
from tests.geo.conftest import NATIONAL_GEOJSON, make_gazetteer

FILE_NAME = "geoBoundaries-AFG-ADM2.geojson"
SLOW_SECONDS = 10.0


class Server:
    """A threaded HTTP server whose behaviour is chosen by the first path segment."""

    def __init__(self, body: bytes):
        self.body = body
        self.requests: collections.Counter[str] = collections.Counter()
        self.release = threading.Event()
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                server.requests[self.path] += 1
                mode = self.path.strip("/").split("/")[0]
                try:
                    getattr(server, f"serve_{mode.replace('-', '_')}", server.serve_missing)(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def url(self, mode: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/{mode}/{FILE_NAME}"

    def count(self, mode: str) -> int:
        return sum(n for path, n in self.requests.items() if path.startswith(f"/{mode}/"))

    @staticmethod
    def send(handler, body: bytes, *, content_type="application/geo+json", length: int | None = None) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body) if length is None else length))
        handler.end_headers()
        handler.wfile.write(body)

    def serve_ok(self, handler) -> None:
        self.send(handler, self.body)

    def serve_slow(self, handler) -> None:
        self.release.wait(SLOW_SECONDS)
        self.send(handler, self.body)

    def serve_truncated(self, handler) -> None:
        # promises the whole file, sends half, hangs up
        self.send(handler, self.body[: len(self.body) // 2], length=len(self.body))
        handler.close_connection = True

    def serve_cut(self, handler) -> None:
        # no Content-Length: the only sign of truncation is the broken JSON
        handler.send_response(200)
        handler.send_header("Content-Type", "application/geo+json")
        handler.send_header("Connection", "close")
        handler.end_headers()
        handler.wfile.write(self.body[: len(self.body) // 2])
        handler.close_connection = True

    def serve_wrong(self, handler) -> None:
        data = json.loads(self.body)
        data["features"] = data["features"][:3]
        self.send(handler, json.dumps(data).encode())

    def serve_renamed(self, handler) -> None:
        data = json.loads(self.body)
        for feature in data["features"]:
            if feature["properties"]["shapeName"] == "Khenj (Hese- Awal)":
                feature["properties"]["shapeName"] = "Hese Awal (Panjshir)"
        self.send(handler, json.dumps(data).encode())

    def serve_html(self, handler) -> None:
        self.send(handler, b"<!DOCTYPE html><html><body><h1>Sign in</h1></body></html>", content_type="text/html")

    def serve_missing(self, handler) -> None:
        handler.send_error(404, "Not Found")


@pytest.fixture(scope="module")
def national_body(national_dir) -> bytes:
    return (national_dir / NATIONAL_GEOJSON.name).read_bytes()


@pytest.fixture
def server(national_body: bytes) -> Iterator[Server]:
    server = Server(national_body)
    server.thread.start()
    yield server
    server.release.set()
    server.httpd.shutdown()
    server.httpd.server_close()


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def gazetteer_for(url: str):
    return make_gazetteer(url=url)


def cache_files(cache: Path) -> list[str]:
    return sorted(p.name for p in cache.iterdir()) if cache.exists() else []


def test_download_then_cache(server: Server, cache: Path):
    url = server.url("ok")
    gazetteer = gazetteer_for(url)
    first = load_boundaries(gazetteer, cache_dir=cache, timeout=2.0)
    assert first.origin == "download" and first.source == url and not first.schematic
    assert first.districts["id"].tolist() == list(gazetteer.ids)
    assert first.attribution == gazetteer.boundaries.attribution
    assert first.warnings == []
    assert server.count("ok") == 1
    assert cache_files(cache) == [cached_path(url, cache).name]  # no temporary files left
    assert cached_path(url, cache).read_bytes() == server.body

    second = load_boundaries(gazetteer, cache_dir=cache, timeout=2.0)
    assert second.origin == "cache" and not second.schematic
    assert server.count("ok") == 1  # served from the cache: no request
    assert second.districts["area_km2"].tolist() == first.districts["area_km2"].tolist()

    offline = load_boundaries(gazetteer, cache_dir=cache, allow_download=False)
    assert offline.origin == "cache"


def test_cache_directory_from_the_environment(server: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("CONTROL_MAP_CACHE_DIR", str(tmp_path / "env"))
    url = server.url("ok")
    assert load_boundaries(gazetteer_for(url), timeout=2.0).origin == "download"
    assert cached_path(url, tmp_path / "env").is_file()


def test_timeout_falls_back_quickly_once(server: Server, cache: Path):
    url = server.url("slow")
    gazetteer = gazetteer_for(url)
    started = time.perf_counter()
    first = load_boundaries(gazetteer, cache_dir=cache, timeout=0.5)
    elapsed = time.perf_counter() - started
    assert first.schematic and first.origin == "schematic"
    assert elapsed < 3.0
    assert first.warnings[0].startswith(SCHEMATIC_WARNING)
    assert "timed out" in first.warnings[0] and url in first.warnings[0]

    started = time.perf_counter()
    second = load_boundaries(gazetteer, cache_dir=cache, timeout=0.5)
    assert time.perf_counter() - started < 0.4  # remembered: no second wait
    assert server.count("slow") == 1
    assert second.schematic and "failed earlier in this run" in second.warnings[0]
    assert cache_files(cache) == []


@pytest.mark.parametrize(
    ("mode", "why"),
    [
        ("truncated", "truncated download"),
        ("cut", "not a readable vector file"),
        ("wrong", "3 features, expected 398"),
        ("renamed", "district 'Khinj' (khinj): no feature with shapeName"),
        ("html", "not a readable vector file"),
        ("missing", "HTTP 404"),
    ],
)
def test_bad_downloads_fall_back_with_the_reason(server: Server, cache: Path, mode: str, why: str):
    url = server.url(mode)
    gazetteer = gazetteer_for(url)
    result = load_boundaries(gazetteer, cache_dir=cache, timeout=2.0)
    assert result.schematic and len(result.districts) == 7
    assert result.warnings[0].startswith(f"{SCHEMATIC_WARNING}: download of {url} failed: ")
    assert why in result.warnings[0]
    assert cache_files(cache) == []  # nothing half-written or unverified is kept
    again = load_boundaries(gazetteer, cache_dir=cache, timeout=2.0)
    assert again.schematic and server.count(mode) == 1


def test_failures_are_remembered_per_url_and_can_be_forgotten(server: Server, cache: Path):
    assert load_boundaries(gazetteer_for(server.url("missing")), cache_dir=cache).schematic
    assert load_boundaries(gazetteer_for(server.url("ok")), cache_dir=cache).origin == "download"
    geo.forget_failures()
    load_boundaries(gazetteer_for(server.url("missing")), cache_dir=cache)
    assert server.count("missing") == 2


def test_unusable_cached_copy_is_removed_and_replaced(server: Server, cache: Path):
    url = server.url("ok")
    stale = cached_path(url, cache)
    stale.parent.mkdir(parents=True)
    stale.write_text('{"type": "FeatureCollection", "features": []', encoding="utf-8")
    result = load_boundaries(gazetteer_for(url), cache_dir=cache)
    assert result.origin == "download"
    assert any("cached copy" in w and "removed" in w for w in result.warnings)
    assert stale.read_bytes() == server.body


def test_unusable_cached_copy_without_download_falls_back(cache: Path):
    url = "http://127.0.0.1:9/never/" + FILE_NAME
    stale = cached_path(url, cache)
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"\x00garbage")
    result = load_boundaries(gazetteer_for(url), cache_dir=cache, allow_download=False)
    assert result.schematic and not stale.exists()
    assert "downloading is turned off" in result.warnings[0]


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize(
    "url",
    [f"http://127.0.0.1:{_closed_port()}/x/{FILE_NAME}", f"http://boundaries.invalid/{FILE_NAME}"],
    ids=["refused", "no-dns"],
)
def test_no_network_costs_little(url: str, cache: Path):
    started = time.perf_counter()
    result = load_boundaries(gazetteer_for(url), cache_dir=cache, timeout=1.0)
    assert time.perf_counter() - started < 3.0
    assert result.schematic and "cannot" in result.warnings[0]


def test_unwritable_cache_still_uses_the_download(server: Server, tmp_path: Path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("", encoding="utf-8")
    result = load_boundaries(gazetteer_for(server.url("ok")), cache_dir=blocker / "cache", timeout=2.0)
    assert result.origin == "download" and not result.schematic
    assert any("not writable" in w for w in result.warnings)
    assert blocker.read_text(encoding="utf-8") == ""


def test_a_url_as_path_is_refused(gazetteer):
    with pytest.raises(geo.BoundaryError, match="a URL is not a file"):
        load_boundaries(gazetteer, "https://example.org/boundaries.geojson")
