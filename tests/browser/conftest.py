"""Fixtures for browser tests of Streamlit pages (helpers live in ``harness.py``).

* ``streamlit_server``: factory ``streamlit_server(script, **kwargs)`` starting
  ``streamlit run`` (see :func:`harness.start_streamlit`); stopped after the test.
* ``browser`` (session): the machine's Debian Chromium, never a downloaded build.
* ``page``: a fresh page whose requests -- its iframes' included -- are recorded in
  ``request_log``; any request leaving the machine is aborted and fails the test at
  teardown, so every browser test also checks that the app works offline.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from harness import (
    CHROMIUM_ARGS,
    CHROMIUM_PATH,
    REPO_ROOT,
    SHP,
    RequestLog,
    StreamlitServer,
    is_local_url,
)
from harness import start_streamlit as _start_streamlit
from playwright.sync_api import Browser, Page, Playwright, Route, sync_playwright

# The app's packages (components, control, geo) for tests run as plain `pytest`.
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))


@pytest.fixture
def streamlit_server(tmp_path: Path) -> Iterator[Callable[..., StreamlitServer]]:
    """Factory ``streamlit_server(script, **kwargs)``; its servers stop after the test."""
    servers: list[StreamlitServer] = []

    def start(script: Path | str, **kwargs: object) -> StreamlitServer:
        kwargs.setdefault("log_dir", tmp_path)
        server = _start_streamlit(script, **kwargs)  # type: ignore[arg-type]
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    """Headless Debian Chromium (``apt-get install chromium``)."""
    if not shutil.which(CHROMIUM_PATH):
        pytest.fail(f"No Chromium at {CHROMIUM_PATH}: run `apt-get install chromium`.")
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM_PATH, headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def request_log() -> RequestLog:
    """What the ``page`` fixture's page requested; checked to be local at teardown."""
    return RequestLog()


@pytest.fixture
def page(browser: Browser, request_log: RequestLog) -> Iterator[Page]:
    """A fresh page in its own context; requests logged and kept on the machine."""
    context = browser.new_context(viewport={"width": 1000, "height": 800})

    def guard(route: Route) -> None:
        url = route.request.url
        if is_local_url(url) or urlsplit(url).hostname in request_log.allowed_hosts:
            route.continue_()
        else:
            route.abort("blockedbyclient")

    context.route("**/*", guard)
    context.on("request", lambda req: request_log.entries.append((req.resource_type, req.url)))
    page = context.new_page()
    page.on("websocket", lambda ws: request_log.entries.append(("websocket", ws.url)))
    yield page
    context.close()
    request_log.assert_local()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A copy of the repository's districts.yaml and claims.yaml that a test may edit."""
    for name in ("districts.yaml", "claims.yaml"):
        shutil.copy(REPO_ROOT / name, tmp_path / name)
    return tmp_path


@pytest.fixture
def app_server(streamlit_server, data_dir: Path) -> StreamlitServer:
    """The real app on ``data_dir``'s files with the real boundaries and a private cache."""
    return streamlit_server(
        REPO_ROOT / "app.py",
        env={"CONTROL_MAP_CACHE_DIR": str(data_dir / "cache")},
        script_args=["--districts", str(data_dir / "districts.yaml"), "--claims", str(data_dir / "claims.yaml"), "--boundaries", str(SHP)],
    )
