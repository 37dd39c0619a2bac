"""The browser fixtures themselves: a page reaches only this machine, and says so when it tried not to."""

from __future__ import annotations

import http.server
import threading

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def local_site():
    """A tiny HTTP server on loopback that answers every GET with a short page."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = b"<p>local</p>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_a_request_off_the_machine_fails_and_is_logged(page, request_log, local_site):
    failed = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    assert page.goto(local_site).ok  # loopback is reached directly
    page.set_content('<img src="http://example.com/tile.png"><img src="http://93.184.215.14/tile.png">')
    page.wait_for_function("() => [...document.images].every(img => img.complete)")
    assert sorted(failed) == ["http://93.184.215.14/tile.png", "http://example.com/tile.png"]
    assert sorted(request_log.external()) == sorted(failed) and request_log.matching(local_site)
    request_log.entries.clear()  # seen; the page fixture's own check would fail the test otherwise


def test_a_dead_context_or_browser_is_replaced_for_the_next_test(browsers, local_site):
    context = browsers.context()
    assert browsers.context() is context  # shared while it lives
    context.close()  # as if it had crashed
    revived = browsers.context()
    assert revived is not context
    page = revived.new_page()
    assert page.goto(local_site).ok
    page.close()
    starts = browsers.starts
    browsers.browser().close()  # as if Chromium had died
    page = browsers.context().new_page()
    assert browsers.starts == starts + 1
    assert page.goto(local_site).ok
    page.close()
