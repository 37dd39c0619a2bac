"""The HTML export as readers get it: on a phone, on a desktop, inside an article on another origin, and to axe-core.

One export of the bundled data on the real boundaries, made once by the command line with
``--embed URL`` (so the snippet tested is the one a newsroom gets), is published on one
loopback origin and embedded by an article on another (``conftest.sites``). Each test opens
it once in a profile of ``harness.PROFILES`` (a desktop window, a phone: 390x844 with touch,
a 320 px phone) and checks all it can on that page: every district has a point a tap
reaches at first paint; a tap (or a click) on each opens its explanation inside the
viewport, closed with one tap; dates change by touch; every control is at least 44 px
square; the keyboard reaches every district and place; the table view lists them with
their states, as the rules give them; axe-core (its target-size rule on) finds nothing.
Screenshots of each land in ``tests/browser/artifacts/reader/``.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from a11y import assert_axe_clean
from embedding import article_html, open_embedded
from harness import REPO_ROOT, SHP, screenshot
from reader import explanation, inside, tappable_points, target_sizes

from control.cli import main
from core.rules import ComputedTimeline
from core.style import legend_entry
from exports.embed import EMBED_HEIGHT, HEIGHT_MESSAGE
from yamldata.loader import load_dataset

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not SHP.exists(), reason="../shared boundary data not beside the repo")]

ARTIFACTS = REPO_ROOT / "tests" / "browser" / "artifacts" / "reader"
TITLE = "Panjshir: who controls which district, according to whom"
PAGE = "panjshir.html"
LAST_DAY = dt.date(2021, 9, 6)
FIRST_DAY = dt.date(2021, 9, 4)  # the first claims' day: every district and place in another state than on the last
#: Every button (step, play, the toggles, close, all states) and the speed menu.
CONTROLS = ".cm-button, .cm-speed"
TARGET_SIZE = {"target-size": True}  # WCAG 2.2's 2.5.8, off in axe's default set
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
#: Where the quick look is, for a pointer at [x, y]: over the pointer (with a 16 px margin)? over how much
#: of the hovered district's box (px²)? inside the map? under how many controls or panels? its text cut?
QUICK_LOOK = """([x, y]) => {
    const t = document.querySelector('.cm-tooltip'), r = t.getBoundingClientRect();
    const area = (q) => Math.max(0, Math.min(r.right, q.right) - Math.max(r.left, q.left))
        * Math.max(0, Math.min(r.bottom, q.bottom) - Math.max(r.top, q.top));
    const m = document.querySelector('.folium-map').getBoundingClientRect();
    const over = [...document.querySelectorAll('.leaflet-control, .cm-sheet:not([hidden])')]
        .filter(c => area(c.getBoundingClientRect()) > 0);
    return {pointer: r.left - 16 <= x && x <= r.right + 16 && r.top - 16 <= y && y <= r.bottom + 16,
            district: Math.round(area(document.elementFromPoint(x, y).getBoundingClientRect())),
            inMap: r.left >= m.left && r.right <= m.right && r.top >= m.top && r.bottom <= m.bottom, covered: over.length,
            cut: t.scrollWidth > t.clientWidth + 1 || t.scrollHeight > t.clientHeight + 1};
}"""
SHELL = """() => ({
    lang: document.documentElement.lang,
    h1: [...document.querySelectorAll('h1')].map(h => [h.textContent, h.getBoundingClientRect().height > 10]),
    mains: document.querySelectorAll('main').length,
    mapInMain: !!document.querySelector('main .folium-map'),
    viewport: document.querySelector('meta[name=viewport]').content,
    layout: document.querySelector('main').getAttribute('data-layout'),
})"""
#: The middle of the marker of the place named `name`, in the page's pixels.
PLACE_AT = """(name) => {
    const map = document.documentElement.controlMap.map;
    const places = JSON.parse(document.getElementById('control-map-data').textContent).places;
    let at = null;
    map.eachLayer(l => { if (l.cmPlace !== undefined && places[l.cmPlace].name === name) {
        const r = l.getElement().getBoundingClientRect(); at = [(r.left + r.right) / 2, (r.top + r.bottom) / 2]; } });
    return at;
}"""
#: Which hints the device's pointer gets: a touch screen's ("tap") or a mouse's ("hover", keys).
HINTS = """() => Object.fromEntries(['touch', 'mouse'].map(k => [k, [...document.querySelectorAll('.cm-if-' + k)]
    .every(e => getComputedStyle(e).display !== 'none')]))"""
BOX = "selector => { const r = document.querySelector(selector).getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; }"


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


def _states_on(day: dt.date) -> tuple[dict[str, str], list[str]]:
    """What the rules say on ``day``: ({district or place name: its state's legend label}, districts first;
    the district names in order)."""
    dataset = load_dataset(REPO_ROOT / "districts.yaml", REPO_ROOT / "claims.yaml")
    timeline = ComputedTimeline(dataset)
    units = [(d.id, d.name) for d in dataset.gazetteer.districts] + [(p.id, p.name) for p in dataset.gazetteer.places]
    out = {}
    for unit, name in units:
        state = timeline.state(unit, day)
        out[name] = legend_entry(state.status, state.holder, dataset, "consensus").label
    return out, [d.name for d in dataset.gazetteer.districts]


@pytest.fixture(scope="module")
def states():
    """What the rules say on the last day (:func:`_states_on`)."""
    return _states_on(LAST_DAY)


def _day(frame) -> str:
    return frame.evaluate("() => document.documentElement.getAttribute('data-day')")


def _open(page, url: str) -> None:
    page.goto(url)
    page.wait_for_function("() => document.documentElement.hasAttribute('data-day')")


def _assert_shell(page, layout: str) -> None:
    shell = page.evaluate(SHELL)
    assert shell["lang"] == "en" and shell["h1"] == [[TITLE, True]] and shell["mains"] == 1 and shell["mapInMain"]
    assert shell["viewport"] == "width=device-width, initial-scale=1"  # pinch-zoom allowed
    assert shell["layout"] == layout


def _assert_big_targets(frame) -> None:
    sizes = target_sizes(frame, CONTROLS)
    assert len(sizes) >= 6 and [s for s in sizes if s[1] < 44 or s[2] < 44] == [], sizes


TABLE_ROWS = (
    "() => [...document.querySelectorAll('.cm-table tbody')]"
    ".map(g => [g.querySelector('th').firstChild.textContent, g.querySelector('td').textContent])"
)


def _assert_table(frame, states) -> None:
    """The table view: every district, then every place, with its state of the day, as the rules give it."""
    rows = frame.evaluate(TABLE_ROWS)
    expected, districts = states
    assert rows == [list(item) for item in expected.items()] and [name for name, _ in rows[: len(districts)]] == districts


def _assert_table_follows(page, day: dt.date) -> None:
    """The hidden table, once the day has stood still, is ``day``'s (its rows redrawn where the day changed them)."""
    page.evaluate("iso => document.documentElement.controlMap.show(document.documentElement.controlMap.dayIndex(iso))", day.isoformat())
    expected = [list(item) for item in _states_on(day)[0].items()]
    page.wait_for_function("want => JSON.stringify((" + TABLE_ROWS + ")()) === JSON.stringify(want)", arg=expected)
    assert page.evaluate("() => document.querySelector('.cm-table caption').textContent").endswith(f"{day:%a} {day.day} {day:%b %Y}")


def _unit_of(label: str, expected: dict[str, str]) -> str:
    """The district or place an element's accessible name names ("Khinj: <state>", "Khawak pass (pass in Paryan): <state>"),
    checked to end with the state the rules give it."""
    found = max((name for name in expected if label.startswith(name + ": ") or label.startswith(name + " (")), key=len)
    assert label.endswith(": " + expected[found]), (label, found)
    return found


def _tap(page, x: float, y: float) -> None:
    """A tap on the map, not within 200 ms of the last one there: two such are a double tap, and the map zooms in."""
    page.wait_for_timeout(250)
    page.touchscreen.tap(x, y)


def _frame_top(page) -> float:
    return page.evaluate("() => document.querySelector('iframe').getBoundingClientRect().top")


def _each_district_explained(page, frame, names, *, touch: bool) -> int:
    """Every district has a point a tap (or click) reaches at first paint; tapping it opens its explanation
    whole inside the frame's viewport and the page's; one tap on × closes it. Returns how many."""
    points = tappable_points(frame)
    assert all(points), points
    offset, embedded = [0, 0], frame not in (page, page.main_frame)
    for i, point in enumerate(points):
        if embedded:  # the article scrolls the map's point into its own view first
            page.evaluate("y => { if (y < 60 || y > innerHeight - 60) { scrollBy(0, y - innerHeight / 2); } }", point[1] + _frame_top(page))
            offset = page.evaluate("() => { const r = document.querySelector('iframe').getBoundingClientRect(); return [r.left, r.top]; }")
        at = (point[0] + offset[0], point[1] + offset[1])
        if touch:
            _tap(page, *at)
        else:
            page.mouse.click(*at)
        shown = explanation(frame)
        assert shown["shown"] and shown["name"].startswith(names[i]), (names[i], shown)
        assert inside(shown["box"], shown["viewport"]) and shown["smallest"] >= 11 and not shown["sideways"], shown
        assert shown["focused"]  # a screen reader is taken to it
        if embedded:
            top = _frame_top(page)
            box = [shown["box"][0], shown["box"][1] + top, shown["box"][2], shown["box"][3] + top]
            assert inside(box, page.evaluate("() => [innerWidth, innerHeight]")), box
        close = frame.locator(".cm-explain .cm-close")
        if touch:
            close.tap()
        else:
            close.click()
        assert explanation(frame)["shown"] is False
    return len(points)


def test_on_a_phone_every_district_is_in_view_and_a_tap_explains_it(open_page, published, states):
    url, _ = published
    page = open_page("phone")
    _open(page, url)
    _assert_shell(page, "compact")
    names = states[1]
    screenshot(page, ARTIFACTS / "export-phone.png", full_page=False)
    _assert_big_targets(page)
    assert _each_district_explained(page, page, names, touch=True) == 7

    # A place's marker explains its place.
    marker = page.evaluate(PLACE_AT, "Khawak pass")
    _tap(page, *marker)
    assert explanation(page)["name"] == "Khawak pass" and explanation(page)["shown"]
    page.locator(".cm-explain .cm-close").tap()
    # The hints are a touch screen's.
    assert page.evaluate(HINTS) == {"touch": True, "mouse": False}

    # The explanation open, for axe and for the eye; a tap away from the districts closes it.
    _tap(page, *tappable_points(page)[names.index("Khinj")])
    screenshot(page, ARTIFACTS / "export-phone-explained.png", full_page=False)
    assert_axe_clean(page, rules=TARGET_SIZE, what="the export on a phone, explaining Khinj")
    _tap(page, 8, page.evaluate("() => document.querySelector('.folium-map').getBoundingClientRect().top + 100"))
    assert explanation(page)["shown"] is False

    # Dates by touch: the step buttons, and a tap on the slider's track.
    assert _day(page) == "2021-09-06"
    page.locator("button[aria-label='One day back']").tap()
    assert _day(page) == "2021-09-05"
    box = page.locator("input.cm-slider").bounding_box()
    page.touchscreen.tap(box["x"] + 4, box["y"] + box["height"] / 2)
    page.wait_for_function("() => document.documentElement.getAttribute('data-day') === '2021-09-04'")
    page.locator("button[aria-label='One day forward']").tap()
    page.locator("button[aria-label='One day forward']").tap()
    assert _day(page) == "2021-09-06"

    # The key and details fold into a sheet: one tap opens it, one closes it.
    page.locator(".cm-key-toggle").tap()
    sheet = page.locator(".cm-details")
    assert sheet.is_visible() and "Markers: 7 places" in sheet.inner_text()
    assert inside(page.evaluate(BOX, ".cm-details"), [page.viewport_size["width"], page.viewport_size["height"]])
    screenshot(page, ARTIFACTS / "export-phone-key.png", full_page=False)
    page.locator(".cm-details .cm-close").tap()
    assert not sheet.is_visible()
    # The table view, switched from the bar.
    page.locator(".cm-table-toggle").tap()
    assert page.locator(".cm-table").is_visible()
    _assert_table(page, states)
    screenshot(page, ARTIFACTS / "export-phone-table.png", full_page=False)
    page.locator(".cm-table-toggle").tap()

    # Turned sideways: the wide layout, and the province still in view.
    page.set_viewport_size({"width": 844, "height": 390})
    page.wait_for_function("() => document.querySelector('main').getAttribute('data-layout') === 'wide'")
    page.wait_for_timeout(100)
    assert all(tappable_points(page))
    screenshot(page, ARTIFACTS / "export-phone-landscape.png", full_page=False)


def test_on_a_desktop_hover_glances_beside_a_district_and_the_keyboard_reaches_every_one(open_page, published, states):
    url, _ = published
    page = open_page("desktop")
    _open(page, url)
    _assert_shell(page, "wide")
    names = states[1]
    points = tappable_points(page)
    assert all(points), points
    # The quick look: beside the district, never over it nor the pointer, inside the map, under nothing, nothing cut.
    for point in points:
        page.mouse.move(*point)
        page.wait_for_selector(".cm-tooltip")
        look = page.evaluate(QUICK_LOOK, point)
        assert look == {"pointer": False, "district": 0, "inMap": True, "covered": 0, "cut": False}, (point, look)
    screenshot(page, ARTIFACTS / "export-desktop-hover.png", full_page=False)
    assert page.evaluate(HINTS) == {"touch": False, "mouse": True}
    page.mouse.move(5, 5)
    # A click explains, beside the map's edge.
    assert _each_district_explained(page, page, names, touch=False) == 7

    # The keyboard alone: from the map, Tab reaches a district, the arrows every district and place, each named
    # with its state; Enter explains each (the keyboard goes into the explanation), Escape gives it back.
    expected, _ = states
    page.locator(".folium-map").focus()
    page.keyboard.press("Tab")
    heard = []
    for _ in range(len(expected) + 1):  # once round, and back to the first
        heard.append(page.evaluate("() => document.activeElement.getAttribute('aria-label')"))
        if len(heard) <= len(expected):
            page.keyboard.press("Enter")
            shown = explanation(page)
            assert shown["shown"] and shown["focused"] and shown["name"].startswith(_unit_of(heard[-1], expected)), shown
            if len(heard) == 1:
                screenshot(page, ARTIFACTS / "export-desktop-explained.png", full_page=False)
                assert_axe_clean(page, rules=TARGET_SIZE, what="the export on a desktop, explaining a district")
            page.keyboard.press("Escape")
            assert not explanation(page)["shown"] and page.evaluate("() => document.activeElement.getAttribute('aria-label')") == heard[-1]
        page.keyboard.press("ArrowRight")
    assert heard[-1] == heard[0]
    assert {_unit_of(label, expected) for label in heard[:-1]} == set(expected)  # each once, its state the rules'

    # The legend: the day's states, all of them one click away; the table view.
    shown_rows = "() => [...document.querySelectorAll('.cm-legend-row')].filter(r => r.offsetHeight).length"
    assert page.evaluate(shown_rows) == 5  # Taliban confirmed; four more states only places are in
    page.get_by_role("button", name="All 15 states").click()
    assert page.evaluate(shown_rows) == 15
    _assert_table(page, states)  # a screen reader's, there all along
    _assert_table_follows(page, FIRST_DAY)  # and it follows the day, there and back
    _assert_table_follows(page, LAST_DAY)
    _assert_table(page, states)
    page.locator(".cm-table-toggle").click()
    _assert_table(page, states)
    screenshot(page, ARTIFACTS / "export-desktop-table.png", full_page=False)


@pytest.mark.parametrize(("profile", "column"), [("desktop", 680), ("phone", None), ("phone-320", None)])
def test_embedded_from_another_origin_the_map_works_and_sets_its_height(open_page, request_log, sites, published, states, profile, column):
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
    # Tall enough: on a wide page the side column shows whole, unscrolled; on a narrow one the map keeps its districts' height.
    room = frame.evaluate(
        """() => { const side = document.querySelector('.cm-side'), map = document.querySelector('.folium-map');
                   return [side.hidden ? 0 : side.scrollHeight - side.clientHeight, map.clientHeight, map.clientWidth]; }"""
    )
    assert room[0] <= 1 and room[1] >= 0.9 * room[2], room
    frame_width = page.evaluate("() => document.querySelector('iframe').getBoundingClientRect().width")
    assert frame_width == (column if column else page.viewport_size["width"] - 32)

    # A tap (a click) explains each district, inside the frame and the article's screen.
    assert _each_district_explained(page, frame, states[1], touch=profile != "desktop") == 7
    # The map answers the reader's dates: a key on the slider, and on a phone a tap on ▶.
    assert _day(frame) == "2021-09-06"
    frame.locator("input.cm-slider").press("Home")
    frame.wait_for_function("() => document.documentElement.getAttribute('data-day') === '2021-09-04'")
    if profile != "desktop":
        frame.locator("button.cm-button[aria-label='One day forward']").tap()
        frame.wait_for_function("() => document.documentElement.getAttribute('data-day') === '2021-09-05'")

    screenshot(page, ARTIFACTS / f"embedded-{profile}.png")
    assert_axe_clean(frame, rules=TARGET_SIZE, what=f"the embedded export ({profile})")
    if profile == "desktop":  # the snippet in the article: the iframe's title, among others
        assert_axe_clean(page, what="the article around it")
    # The map's page asked its origin for nothing but itself (the request log fails the test on anything off the machine).
    assert [u for u in request_log.urls if u.startswith(publisher.origin)] == [url]


def test_where_the_cms_strips_scripts_the_iframe_keeps_its_height_and_the_map_works(open_page, sites, published, states):
    """A CMS that allows iframes but not scripts, at a newsroom's own 680x520: the map still draws, every
    district is in view and explained by a click inside the frame."""
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
    assert _each_district_explained(page, frame, states[1], touch=False) == 7
    frame.locator("input.cm-slider").press("Home")
    frame.wait_for_function("() => document.documentElement.getAttribute('data-day') === '2021-09-04'")
    screenshot(page, ARTIFACTS / "embedded-no-scripts-680x520.png")
    assert_axe_clean(frame, rules=TARGET_SIZE, what="the export in a 680x520 iframe")
