"""The HTML export as readers get it: on a phone, inside an article on another origin, and to axe-core.

One export of the bundled data on the real boundaries, made once by the command line with
``--embed URL`` (so the snippet tested is the one a newsroom gets), is published on one
loopback origin and embedded by an article on another (``conftest.sites``). Each test opens
it in a profile of ``harness.PROFILES``: a desktop window, a phone (390x844, touch) and a
320 px phone. Screenshots of each land in ``tests/browser/artifacts/reader/``.
"""

from __future__ import annotations

import re

import pytest
from a11y import assert_axe_clean
from embedding import article_html, open_embedded
from harness import REPO_ROOT, SHP, screenshot

from control.cli import main
from exports.embed import EMBED_HEIGHT, HEIGHT_MESSAGE

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not SHP.exists(), reason="../shared boundary data not beside the repo")]

ARTIFACTS = REPO_ROOT / "tests" / "browser" / "artifacts" / "reader"
TITLE = "Panjshir: who controls which district, according to whom"
PAGE = "panjshir.html"
#: Records, in the article, every message its window receives: [origin, data].
RECORDER = "<script>window.__messages = []; addEventListener('message', e => __messages.push([e.origin, e.data]));</script>"
#: The iframe's height once the page's last height message has been applied (or null).
APPLIED_HEIGHT = """() => {
    const told = window.__messages.filter(m => m[1] && typeof m[1][KEY] === 'number');
    const frame = document.querySelector('iframe');
    if (!told.length) { return null; }
    const want = told[told.length - 1][1][KEY];
    return Math.round(frame.getBoundingClientRect().height) === want ? want : null;
}""".replace("KEY", repr(HEIGHT_MESSAGE))


@pytest.fixture(scope="module")
def published(sites, tmp_path_factory):
    """The export and its snippet, written by ``python -m control export --embed URL`` (its ``main``,
    in this process: the same code, no interpreter to start) into the publisher's folder."""
    publisher, _ = sites
    url = publisher.url + PAGE
    files = ["--districts", str(REPO_ROOT / "districts.yaml"), "--claims", str(REPO_ROOT / "claims.yaml")]
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CONTROL_MAP_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        command = ["export", "--format", "html", "--boundaries", str(SHP), *files, "-o", str(publisher.folder / PAGE), "--embed", url]
        assert main(command) == 0
    snippet = (publisher.folder / "panjshir.embed.html").read_text(encoding="utf-8")
    return url, snippet


def _day(frame) -> str:
    return frame.evaluate("() => document.documentElement.getAttribute('data-day')")


@pytest.mark.parametrize("profile", ["desktop", "phone"])  # 320 px: embedded, below
def test_the_page_shell_passes_axe_and_lets_a_phone_zoom(open_page, published, profile):
    url, _ = published
    page = open_page(profile)
    page.goto(url)
    page.wait_for_function("() => document.documentElement.hasAttribute('data-day')")
    shell = page.evaluate(
        """() => ({
            lang: document.documentElement.lang,
            h1: [...document.querySelectorAll('h1')].map(h => h.textContent),
            mains: document.querySelectorAll('main').length,
            mapInMain: !!document.querySelector('main .folium-map'),
            viewport: document.querySelector('meta[name=viewport]').content,
            mapHeight: document.querySelector('.folium-map').getBoundingClientRect().height,
        })"""
    )
    assert shell["lang"] == "en" and shell["h1"] == [TITLE] and shell["mains"] == 1 and shell["mapInMain"]
    assert shell["viewport"] == "width=device-width, initial-scale=1"  # no maximum-scale, no user-scalable=no
    assert shell["mapHeight"] == page.viewport_size["height"]  # the main landmark still lets the map fill the window
    screenshot(page, ARTIFACTS / f"export-{profile}.png", full_page=False)
    assert_axe_clean(page, what=f"the export ({profile})")


@pytest.mark.parametrize(("profile", "column"), [("desktop", 680), ("phone", None), ("phone-320", None)])
def test_embedded_from_another_origin_the_map_works_and_sets_its_height(open_page, request_log, sites, published, profile, column):
    publisher, article = sites
    url, snippet = published
    page = open_page(profile)
    article_url = article.publish(f"article-{profile}.html", article_html(RECORDER + snippet, column_px=column))
    frame = open_embedded(page, article_url, url)

    assert frame.evaluate("() => location.origin") == publisher.origin != page.evaluate("() => location.origin")
    assert page.evaluate("() => document.querySelector('iframe').contentDocument") is None  # truly cross-origin
    height = page.wait_for_function(APPLIED_HEIGHT, timeout=10_000).json_value()
    origins = {origin for origin, _ in page.evaluate("() => window.__messages")}
    assert origins == {publisher.origin}
    assert 320 <= height <= 1200 and height != EMBED_HEIGHT
    assert frame.evaluate("() => innerHeight") == height
    # Tall enough for the map's controls: the panel shows whole, with no scrolling of its own.
    panel = frame.evaluate("() => { const p = document.querySelector('.cm-panel'); return [p.scrollHeight, p.clientHeight]; }")
    assert panel[0] <= panel[1] + 1, panel
    frame_width = page.evaluate("() => document.querySelector('iframe').getBoundingClientRect().width")
    assert frame_width == (column if column else page.viewport_size["width"] - 32)

    # The map inside answers the reader: a key on the slider, and on a phone a tap on ◀.
    assert _day(frame) == "2021-09-06"
    frame.locator("input.cm-slider").press("Home")
    frame.wait_for_function("() => document.documentElement.getAttribute('data-day') === '2021-09-04'")
    if profile != "desktop":
        frame.locator("button.cm-button[aria-label='One day forward']").tap()
        frame.wait_for_function("() => document.documentElement.getAttribute('data-day') === '2021-09-05'")

    screenshot(page, ARTIFACTS / f"embedded-{profile}.png")
    assert_axe_clean(frame, what=f"the embedded export ({profile})")
    if profile == "desktop":  # the snippet in the article: the iframe's title, among others
        assert_axe_clean(page, what="the article around it")
    # The map's page asked its origin for nothing but itself (the request log fails the test on anything off the machine).
    assert [u for u in request_log.urls if u.startswith(publisher.origin)] == [url]


def test_where_the_cms_strips_scripts_the_iframe_keeps_its_height_and_the_map_works(open_page, sites, published):
    """A CMS that allows iframes but not scripts, at a newsroom's own 680x520: the map still draws and answers."""
    _, article = sites
    url, snippet = published
    stripped = re.sub(r"<script>.*?</script>", "", snippet, flags=re.S).replace(f'height="{EMBED_HEIGHT}"', 'height="520"')
    assert "<script" not in stripped and 'height="520"' in stripped
    page = open_page("desktop")
    page.set_viewport_size({"width": 1000, "height": 900})
    frame = open_embedded(page, article.publish("article-no-scripts.html", article_html(RECORDER + stripped, column_px=680)), url)
    page.wait_for_function("() => window.__messages.length > 0", timeout=10_000)  # the page told; nobody listened
    box = page.evaluate("() => { const r = document.querySelector('iframe').getBoundingClientRect(); return [r.width, r.height]; }")
    assert box == [680, 520]
    assert frame.locator("path.leaflet-interactive:not(.cm-place)").count() == 7
    frame.locator("input.cm-slider").press("Home")
    frame.wait_for_function("() => document.documentElement.getAttribute('data-day') === '2021-09-04'")
    screenshot(page, ARTIFACTS / "embedded-no-scripts-680x520.png")
    assert_axe_clean(frame, what="the export in a 680x520 iframe")
