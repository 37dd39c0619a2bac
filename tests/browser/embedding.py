"""A newsroom in miniature: the map published on one origin, embedded by an article on another.

* :class:`StaticSite` serves a folder over HTTP on a loopback port of its own (a port is
  an origin: two sites are two origins, as a publisher's CDN and a newspaper's site are).
* :func:`article_html` is a plain article page holding an embed snippet in a column of a
  given width, the way a CMS places it.
* :func:`open_embedded` opens such an article in a page and returns the map's frame
  (cross-origin: reached through Playwright's frame tree, never the parent's DOM).
"""

from __future__ import annotations

import functools
import html
import http.server
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Frame, Page


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")  # each test's files are its own
        super().end_headers()


@dataclass
class StaticSite:
    """A folder served at ``url`` (``http://127.0.0.1:<port>/``) until :meth:`stop`."""

    folder: Path
    server: http.server.ThreadingHTTPServer

    @classmethod
    def start(cls, folder: Path) -> StaticSite:
        folder.mkdir(parents=True, exist_ok=True)
        handler = functools.partial(_QuietHandler, directory=str(folder))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True, name=f"static-site-{folder.name}").start()
        return cls(folder, server)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    @property
    def origin(self) -> str:
        return self.url.rstrip("/")

    def publish(self, name: str, text: str) -> str:
        """Write ``text`` as ``name`` in the folder; its URL."""
        (self.folder / name).write_text(text, encoding="utf-8")
        return self.url + name

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def article_html(snippet: str, *, column_px: int | None = 680, title: str = "An article with a map") -> str:
    """An accessible article page (lang, main, h1) with ``snippet`` between two paragraphs, in a
    column ``column_px`` wide (None: the page's width, less 16 px margins, as on a phone)."""
    width = f"max-width:{column_px}px;" if column_px else ""
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title>"
        "<style>body{margin:0;font:16px/1.5 Georgia,serif}main{margin:0 auto;padding:0 16px;"
        f"{width}" + "}</style></head><body><main>"
        f"<h1>{html.escape(title)}</h1><p>The paragraph before the map.</p>"
        f"{snippet}"
        "<p>The paragraph after the map.</p></main></body></html>"
    )


def open_embedded(page: Page, article_url: str, map_url: str, timeout: float = 30_000) -> Frame:
    """Open the article; return the frame of the map at ``map_url`` once the map has drawn its day."""
    page.goto(article_url)
    page.wait_for_function(
        "url => [...document.querySelectorAll('iframe')].some(f => f.src === url)", arg=map_url, timeout=timeout
    )
    # The snippet's iframe is loading="lazy": the article's load event does not wait for it,
    # so wait for the frame to have navigated to the map rather than look once.
    deadline = time.monotonic() + timeout / 1000
    while not (frames := [frame for frame in page.frames if frame.url == map_url]):
        assert time.monotonic() < deadline, f"no frame at {map_url}: {[f.url for f in page.frames]}"
        page.wait_for_timeout(50)
    frames[0].wait_for_function("() => document.documentElement.hasAttribute('data-day')", timeout=timeout)
    return frames[0]
