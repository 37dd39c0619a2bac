"""Fixtures for browser tests of Streamlit pages (helpers live in ``harness.py``).

* ``streamlit_server``: factory ``streamlit_server(script, **kwargs)`` giving a running
  ``streamlit run`` (see :func:`harness.start_streamlit`). Servers are shared: a call
  with the same script and arguments as an earlier test's gets that server again (each
  test opens its own page, so its own Streamlit session), and all stop when the session
  ends. Starting a server and its first script run cost about 2.5 s of the 2-core
  machine's CPU; the suite asks for the same few servers about thirty times.
* ``data_dir``: the copy of districts.yaml and claims.yaml a test may edit, put back to
  the repository's files before each test. Its path stays the same, so ``app_server``
  (the app on it) is one server for the session, whatever data a test writes there
  (``three_years``: a long generated timeline).
* ``edit_server``: the app on ``data_dir`` with ``--allow-edit``, under a base URL path.
* ``national``: all 398 districts and 1,000 generated claims (the scale case), made once.
* ``browser``: the machine's Debian Chromium, never a downloaded build, one per session
  (started again if it died; see :class:`Browsers`).
* ``page``: a fresh page whose requests -- its iframes' included -- are recorded in
  ``request_log``; any request leaving the machine fails (the browser's proxy goes
  nowhere) and fails the test at teardown, so every browser test also checks that the
  app works offline. Pages share one browser context, so the HTTP cache.
* ``open_page``: factory ``open_page(profile)`` giving such a page in another of
  ``harness.PROFILES`` (``"phone"``: 390x844 at scale 3 with touch; ``"phone-320"``),
  each profile one shared context of its own.
* ``sites``: two static HTTP servers on two loopback ports, so two origins
  (``embedding.StaticSite``): a publisher and an article that embeds its map.
"""

from __future__ import annotations

import shutil
import socket
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from embedding import StaticSite
from harness import (
    CHROMIUM_ARGS,
    CHROMIUM_PATH,
    PROFILES,
    REPO_ROOT,
    SHP,
    RequestLog,
    ServerPool,
    StreamlitServer,
)
from harness import start_streamlit as _start_streamlit
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, Request, sync_playwright

#: Where ``edit_server`` serves the app (``server.baseUrlPath``).
EDIT_SERVER_PATH = "newsroom/map"

# The app's packages (components, control, geo) for tests run as plain `pytest`.
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))


@pytest.fixture(scope="session")
def server_pool(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerPool]:
    """The session's running Streamlit servers, by what they were started with."""
    pool = ServerPool(_start_streamlit, tmp_path_factory.mktemp("servers"))
    yield pool
    pool.stop_all()


@pytest.fixture
def streamlit_server(server_pool: ServerPool) -> Iterator[Callable[..., StreamlitServer]]:
    """Factory ``streamlit_server(script, shared=True, **kwargs)``: a running server, shared with any
    earlier test that asked the same. ``shared=False`` (arguments no other test will give, such as
    files in the test's own ``tmp_path``): a server of the test's own, stopped after it."""
    own: list[StreamlitServer] = []

    def start(script: Path | str, *, shared: bool = True, **kwargs: object) -> StreamlitServer:
        if shared:
            return server_pool.get(script, **kwargs)
        kwargs.setdefault("log_dir", server_pool.log_dir)
        own.append(_start_streamlit(script, **kwargs))  # type: ignore[arg-type]
        return own[-1]

    yield start
    for server in own:
        server.stop()


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as pw:
        yield pw


#: Where the browser sends every request that is not to this machine: a port nothing
#: listens on, so such a request fails at once; loopback bypasses it.
#: Blocking here rather than with Playwright's ``route`` keeps the HTTP cache on.
NOWHERE_PROXY = {"server": "http://127.0.0.1:9", "bypass": "127.0.0.1,localhost,[::1]"}
#: The tests' Chromium keeps one renderer process per site (every page of 127.0.0.1 in
#: one), not one per page: a page load then reuses the scripts compiled by the page
#: before, in the same V8. Over 2 × 7 loads of the app here: 1.5-1.65 s and 2.1-2.4 s of
#: Chromium CPU per load, against 2.1-2.4 s and 2.6-3.5 s with a process per page. How
#: pages are spread over processes is none of the app's business; benchmarks/ measures
#: with Chromium's default.
TEST_CHROMIUM_ARGS = [*CHROMIUM_ARGS, "--process-per-site"]


class Browsers:
    """The session's Chromium and its shared contexts (one per profile), started again if one died.

    Pages share one context, so that they share the HTTP cache: a fresh context per test
    would fetch and compile Streamlit's 3 MB of scripts again every time, about 0.8 s of
    wall time and 0.8 s of CPU per page load (measured over five loads each way on this
    machine). Each page still opens its own Streamlit session (its own websocket); what
    pages share is only what the app never relies on: the cache, cookies and storage.
    Sharing has one risk, that a browser or context that died would fail every later test
    on the worker; so each test asks for them afresh, and a dead one is replaced. A phone
    (touch, a mobile viewport) is a context's settings, so each of ``harness.PROFILES``
    has a context of its own, made when a test first asks for it.
    """

    def __init__(self, playwright: Playwright) -> None:
        self._playwright = playwright
        self._browser: Browser | None = None
        self._contexts: dict[str, BrowserContext] = {}
        self.starts = 0  # browsers launched, for the harness's own test

    def browser(self) -> Browser:
        if self._browser is None or not self._browser.is_connected():
            with socket.socket() as probe:  # a listener there would make outside requests hang, not fail
                assert probe.connect_ex(("127.0.0.1", 9)) != 0, "something listens on 127.0.0.1:9, the browser's proxy to nowhere"
            self._browser = self._playwright.chromium.launch(
                executable_path=CHROMIUM_PATH, headless=True, args=TEST_CHROMIUM_ARGS, proxy=NOWHERE_PROXY
            )
            self._contexts.clear()
            self.starts += 1
        return self._browser

    def context(self, profile: str = "desktop") -> BrowserContext:
        """The shared context of ``profile`` (a key of ``harness.PROFILES``)."""
        browser = self.browser()
        context = self._contexts.get(profile)
        if context is not None:
            try:
                context.cookies()  # a round trip: raises if the context was closed or crashed
            except Exception:
                context = None
        if context is None:
            context = self._contexts[profile] = browser.new_context(**PROFILES[profile])  # type: ignore[arg-type]
        return context

    def close(self) -> None:
        if self._browser is not None and self._browser.is_connected():
            self._browser.close()


@pytest.fixture(scope="session")
def browsers(playwright_instance: Playwright) -> Iterator[Browsers]:
    """Headless Debian Chromium (``apt-get install chromium``); it can reach only this machine."""
    if not shutil.which(CHROMIUM_PATH):
        pytest.fail(f"No Chromium at {CHROMIUM_PATH}: run `apt-get install chromium`.")
    holder = Browsers(playwright_instance)
    yield holder
    holder.close()


@pytest.fixture
def browser(browsers: Browsers) -> Browser:
    """The session's Chromium (a new one if the last one died)."""
    return browsers.browser()


@pytest.fixture
def browser_context(browsers: Browsers) -> BrowserContext:
    """The context the session's ``page``s share (a new one if the last one died): see :class:`Browsers`."""
    return browsers.context()


@pytest.fixture
def request_log() -> RequestLog:
    """What the ``page`` fixture's page requested; checked to be local at teardown."""
    return RequestLog()


class PageOpener:
    """Opens logged pages in the session's contexts and closes them after the test.

    Every request of every page of a context used (its frames', other tabs' and popups'
    included) is logged in ``request_log`` while the test runs; one that left the
    machine fails the test at :meth:`close`.
    """

    def __init__(self, browsers: Browsers, request_log: RequestLog) -> None:
        self._browsers, self._log = browsers, request_log
        self._listening: dict[str, tuple[BrowserContext, Callable[[Request], None]]] = {}
        self.opened: list[Page] = []

    def __call__(self, profile: str = "desktop") -> Page:
        context = self._browsers.context(profile)
        if profile not in self._listening:

            def log(request: Request) -> None:
                self._log.entries.append((request.resource_type, request.url))

            context.on("request", log)
            self._listening[profile] = (context, log)
        page = context.new_page()
        page.console_lines = []  # type: ignore[attr-defined]  # for the report of a failed test
        page.on("console", lambda message: page.console_lines.append(f"{message.type}: {message.text}"))  # type: ignore[attr-defined]
        page.on("pageerror", lambda error: page.console_lines.append(f"pageerror: {error}"))  # type: ignore[attr-defined]
        page.on("websocket", lambda ws: self._log.entries.append(("websocket", ws.url)))
        self.opened.append(page)
        return page

    def close(self) -> None:
        for context, log in self._listening.values():
            for opened in context.pages:  # the test's own, and any window they opened
                opened.close()
            context.remove_listener("request", log)
        self._listening.clear()
        self._log.assert_local()


@pytest.fixture
def open_page(browsers: Browsers, request_log: RequestLog) -> Iterator[PageOpener]:
    """Factory ``open_page(profile="desktop")``: a fresh logged page in that profile's shared
    context (``harness.PROFILES``: ``"phone"``, ``"phone-320"``…); all close after the test,
    and any request that left the machine fails it."""
    opener = PageOpener(browsers, request_log)
    yield opener
    opener.close()


@pytest.fixture
def page(open_page: PageOpener) -> Page:
    """A fresh page in the desktop context; its requests (its frames', other tabs' and popups'
    included) logged, and any that left the machine fail the test (see :class:`PageOpener`)."""
    return open_page("desktop")


@pytest.fixture(scope="session")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[StaticSite, StaticSite]]:
    """Two static sites on two loopback ports -- two origins: ``(publisher, article)``."""
    publisher = StaticSite.start(tmp_path_factory.mktemp("publisher"))
    article = StaticSite.start(tmp_path_factory.mktemp("article"))
    yield publisher, article
    publisher.stop()
    article.stop()


@pytest.fixture(scope="session")
def _session_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("data")


@pytest.fixture
def data_dir(_session_data_dir: Path) -> Path:
    """A copy of the repository's districts.yaml and claims.yaml that a test may edit.

    The same folder for every test, emptied (the boundary cache aside) and filled again
    before each, so the servers started on it can serve the next test too.
    """
    for entry in _session_data_dir.iterdir():
        if entry.name == "cache":
            continue
        if entry.is_dir():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    for name in ("districts.yaml", "claims.yaml"):
        shutil.copy(REPO_ROOT / name, _session_data_dir / name)
    return _session_data_dir


@pytest.fixture
def three_years(data_dir: Path) -> tuple[Path, Path]:
    """``data_dir``'s files, its claims replaced by 400 generated over three years (a long timeline
    for ``app_server``, which needs no server of its own for it): (districts, claims)."""
    from benchmarks.generate import write_claims
    from yamldata.loader import load_gazetteer

    districts = data_dir / "districts.yaml"
    return districts, write_claims(data_dir / "claims.yaml", load_gazetteer(districts), 400, seed=3)


@pytest.fixture(scope="session")
def national(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """All 398 districts of Afghanistan and 1,000 generated claims, made once a session (the
    districts from ../shared's boundaries take 1.7 s): (districts, claims). Read them; a test
    that shows them in the app copies them into ``data_dir``."""
    from benchmarks.generate import write_claims
    from benchmarks.national import write_districts
    from yamldata.loader import load_gazetteer

    folder = tmp_path_factory.mktemp("national")
    districts = write_districts(folder)
    return districts, write_claims(folder / "claims.yaml", load_gazetteer(districts), 1000, seed=7)


@pytest.fixture
def app_server(streamlit_server, data_dir: Path) -> StreamlitServer:
    """The real app on ``data_dir``'s files with the real boundaries and a private cache.

    A test that needs other data writes it into ``data_dir`` (see ``three_years``) rather
    than start a server of its own: a server's start and first script run cost 4-7 s.
    """
    return streamlit_server(
        REPO_ROOT / "app.py",
        env={"CONTROL_MAP_CACHE_DIR": str(data_dir / "cache")},
        script_args=["--districts", str(data_dir / "districts.yaml"), "--claims", str(data_dir / "claims.yaml"), "--boundaries", str(SHP)],
    )


@pytest.fixture
def edit_server(streamlit_server, data_dir: Path) -> StreamlitServer:
    """The app on ``data_dir``'s files with ``--allow-edit`` (its "Add claim" form), served under a base
    URL path, as behind a newsroom's proxy: the form's tests and the base path's share one server."""
    args = ["--districts", str(data_dir / "districts.yaml"), "--claims", str(data_dir / "claims.yaml"), "--allow-edit"]
    args += ["--boundaries", str(SHP)] if SHP.exists() else []
    return streamlit_server(
        REPO_ROOT / "app.py", env={"CONTROL_MAP_CACHE_DIR": str(data_dir / "cache")}, script_args=args, base_path=EDIT_SERVER_PATH
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    """A failed browser test leaves its page's screenshot and console in tests/browser/artifacts/failed/."""
    report = yield
    funcargs = getattr(item, "funcargs", {})
    opener = funcargs.get("open_page")
    page = opener.opened[-1] if opener is not None and opener.opened else funcargs.get("page")  # the page opened last
    folder = REPO_ROOT / "tests" / "browser" / "artifacts" / "failed"
    name = "".join(c if c.isalnum() or c in "-_." else "_" for c in item.nodeid.split("::", 1)[-1])
    if report.when == "call" and report.passed:  # an earlier failure's evidence is stale now
        for stale in (folder / f"{name}.png", folder / f"{name}.txt"):
            stale.unlink(missing_ok=True)
    if report.when == "call" and report.failed and page is not None and not page.is_closed():
        folder.mkdir(parents=True, exist_ok=True)
        try:
            page.screenshot(path=str(folder / f"{name}.png"), full_page=True, timeout=10_000)
        except Exception as exc:  # a page that cannot be drawn any more still gets its console written
            page.console_lines.append(f"(no screenshot: {exc})")
        lines = [f"url: {page.url}", *page.console_lines]
        (folder / f"{name}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        report.sections.append(("page console", "\n".join(lines[-40:])))
    return report
