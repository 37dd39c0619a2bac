"""The browser fixtures themselves: a page reaches only this machine, and says so when it tried not to."""

from __future__ import annotations

import http.server
import threading

import pytest
from a11y import assert_axe_clean, axe_run, split_violations
from embedding import article_html

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


@pytest.mark.parametrize(
    ("profile", "width", "scale", "touch"), [("desktop", 1000, 1, False), ("phone", 390, 3, True), ("phone-320", 320, 2, True)]
)
def test_each_profile_is_the_device_it_names(open_page, local_site, profile, width, scale, touch):
    page = open_page(profile)
    page.goto(local_site)  # no viewport tag: a mobile browser lays the page out 980 px wide
    assert page.evaluate("() => innerWidth") == (980 if touch else width)
    page.set_content('<meta name="viewport" content="width=device-width, initial-scale=1"><p>a phone page</p>')
    device = page.evaluate(
        "() => [innerWidth, devicePixelRatio, matchMedia('(pointer: coarse)').matches,"
        " navigator.maxTouchPoints > 0, 'ontouchstart' in window]"
    )
    assert device == [width, scale, touch, touch, touch]


AXE_PAGE = """<!DOCTYPE html><html lang="en"><head><title>t</title></head><body><main><h1>Test</h1>
<button class="ours"></button><div class="theirs"><img src="data:,"></div></main></body></html>"""


def test_axe_fails_on_a_violation_in_our_markup_and_tells_theirs_apart(page):
    page.set_content(AXE_PAGE)
    with pytest.raises(AssertionError, match=r"button-name \(critical, 1 node"):
        assert_axe_clean(page)
    results = axe_run(page)
    assert {v["id"] for v in results["violations"]} == {"button-name", "image-alt"}
    ours, theirs = split_violations(page, results["violations"], ".theirs")
    assert [v["id"] for v in ours] == ["button-name"] and [v["id"] for v in theirs] == ["image-alt"]
    assert_axe_clean(page, exclude=[".ours", ".theirs"])  # scoped away, nothing is left
    page.set_content(AXE_PAGE.replace("<button class=\"ours\"></button>", "").replace('src="data:,"', 'src="data:," alt=""'))
    assert_axe_clean(page)


def test_the_two_sites_are_two_origins(page, sites):
    publisher, article = sites
    inner = publisher.publish("inner.html", "<!DOCTYPE html><title>inner</title><p id=p>inside</p>")
    outer = article.publish("outer.html", article_html(f'<iframe title="inner" src="{inner}"></iframe>'))
    page.goto(outer)
    page.wait_for_load_state("load")
    frame = next(f for f in page.frames if f.url == inner)
    assert frame.evaluate("() => location.origin") == publisher.origin != article.origin
    assert page.evaluate("() => document.querySelector('iframe').contentDocument") is None  # the browser keeps them apart
    assert frame.text_content("#p") == "inside"
