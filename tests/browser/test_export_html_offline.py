"""The standalone HTML export in headless Chromium, opened from file:// with no server.

Expected fills and legend counts come from ``core.rules.Timeline``, and the headline
and claim list of every explanation -- which the page writes itself from compact words --
from ``core.explain``, so the page is checked against the rules. (Here rather than in
tests/exports because it needs the session's Playwright: two sync Playwrights cannot
run in one process.)
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from harness import REPO_ROOT, add_sunday_test_claims, assert_canvas_draws, path_fills, wait_for_fills

from core.explain import deciding_claims, headline, through_places
from core.rules import ComputedTimeline, Timeline
from core.style import categories, category_key, category_label
from exports.html import export_html
from tests.cli import Ran, run
from webmap.hatching import state_fill
from yamldata.loader import load_dataset

REPO = REPO_ROOT
SHP = REPO.parent / "shared" / "data" / "geoboundaries-AFG-ADM2" / "geoBoundaries-AFG-ADM2.shp"
needs_shapes = pytest.mark.skipif(not SHP.exists(), reason="../shared boundary data not beside the repo")
LOCAL_SCHEMES = {"file", "data", "blob", "about"}

XSS_QUOTE = "Khinj is ours </script><script>window.__pwned=1</script> & more"
XSS_IMG = "<img src=x onerror=window.__pwned=2>"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def _module_cache_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def _cache_dir(_module_cache_dir, monkeypatch):
    """The module's boundary cache, never the user's: the exports on the same gazetteer read the shapefile once."""
    monkeypatch.setenv("CONTROL_MAP_CACHE_DIR", str(_module_cache_dir))


class OpenedPage:
    """A page showing an export, with every request it made and every script error."""

    def __init__(self, page, request_log, path: Path):
        # conftest's page: anything that would leave the machine is refused and recorded.
        self.request_log = request_log
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page = page
        self.page.set_viewport_size({"width": 1300, "height": 850})
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_function("() => document.documentElement.hasAttribute('data-day')")

    def fills(self) -> list[str]:
        return path_fills(self.page.main_frame)

    def day(self) -> str:
        return self.page.evaluate("() => document.documentElement.getAttribute('data-day')")

    def counts(self) -> list[int]:
        """The legend's district counts ("3 districts · 1 place": 3)."""
        return [int(t.split()[0]) for t in self.page.eval_on_selector_all(".cm-count", "els => els.map(e => e.textContent)")]

    def point(self, lat: float, lon: float) -> tuple[float, float]:
        """Page coordinates of a place on the map."""
        return tuple(
            self.page.evaluate(
                """([lat, lon]) => {
                    const map = window[document.querySelector('.folium-map').id];
                    const p = map.latLngToContainerPoint([lat, lon]);
                    const r = map.getContainer().getBoundingClientRect();
                    return [r.left + p.x, r.top + p.y];
                }""",
                [lat, lon],
            )
        )

    def hover_text(self, lat: float, lon: float, name: str) -> str:
        """The quick look's text with the pointer over (lat, lon): that of the district called ``name``.

        The pointer leaves the districts first, and the quick look closes (its opacity drops at
        once; Leaflet removes it 200 ms later, no need to wait), so the next is a new hover."""
        self.page.mouse.move(5, 5)
        self.page.wait_for_function("() => (document.querySelector('.cm-tooltip') || {style: {opacity: '0'}}).style.opacity === '0'")
        x, y = self.point(lat, lon)
        self.page.mouse.move(x, y)
        self.page.wait_for_function(
            "name => { const t = document.querySelector('.cm-tooltip');"
            " return !!t && t.style.opacity !== '0' && t.querySelector('.cm-name')?.firstChild.textContent === name; }",
            arg=name,
        )
        return self.page.text_content(".cm-tooltip") or ""

    def network_requests(self) -> list[str]:
        """Requests for anything but the file itself (and data: URIs): none may happen."""
        return [url for url in self.request_log.urls if urlsplit(url).scheme not in LOCAL_SCHEMES]


def expected(timeline: Timeline, day: dt.date, view: str = "consensus") -> tuple[list[str], list[int]]:
    """Fills in gazetteer order and legend counts, from the rules."""
    dataset = timeline.dataset
    states = [timeline.state(d, day, view) for d in dataset.gazetteer.ids]
    fills = [state_fill(s, dataset) for s in states]
    tally = Counter(category_key(s.status, s.holder) for s in states)
    return fills, [tally.get(c, 0) for c in categories(view, dataset)]


def export_cli(*args: str) -> Ran:
    """``python -m control export ARGS``, run by its ``main`` in this process (tests/cli.py): no
    interpreter to start and geopandas to import, 2-3 s a call."""
    return run("export", *args)


# --------------------------------------------------------------------------- the seed data on real shapes


@needs_shapes
def test_html_works_offline_and_the_slider_follows_the_rules(page, request_log, tmp_path):
    out = tmp_path / "panjshir.html"
    claims = tmp_path / "claims.yaml"  # the bundled claims, with a firm, a hedged and a fighting word on Sunday
    claims.write_text((REPO / "claims.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    add_sunday_test_claims(claims)
    files = ("--districts", str(REPO / "districts.yaml"), "--claims", str(claims))
    result = export_cli("--format", "html", "--date", "2021-09-05", "--boundaries", str(SHP), *files, "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # real shapes: nothing to warn about
    dataset = load_dataset(REPO / "districts.yaml", claims)
    timeline = ComputedTimeline(dataset)
    days = [dt.date(2021, 9, 4), dt.date(2021, 9, 5), dt.date(2021, 9, 6)]

    opened = OpenedPage(page, request_log, out)
    assert len(opened.fills()) == 7
    assert opened.day() == "2021-09-05"  # starts at --date
    assert (opened.fills(), opened.counts()) == expected(timeline, days[1])
    assert page.text_content(".cm-date") == "Sun 5 Sep 2021"
    assert page.locator(".cm-warning").count() == 0
    assert "geoBoundaries" in (page.text_content(".cm-credit") or "")

    slider = page.locator("input.cm-slider")
    slider.focus()
    slider.press("Home")
    page.wait_for_function("() => document.documentElement.getAttribute('data-day') === '2021-09-04'")
    assert (opened.fills(), opened.counts()) == expected(timeline, days[0])
    assert set(opened.fills()) == {"#cc79a7"}  # all seven disputed
    for day in days[1:]:
        slider.press("ArrowRight")
        page.wait_for_function(f"() => document.documentElement.getAttribute('data-day') === '{day.isoformat()}'")
        assert (opened.fills(), opened.counts()) == expected(timeline, day)
    assert set(opened.fills()) == {"#d55e00"}  # all seven confirmed Taliban
    # Setting the input directly works too (what a script or assistive tech does).
    page.evaluate("() => { const s = document.querySelector('input.cm-slider'); s.value = '1'; s.dispatchEvent(new Event('input')); }")
    assert opened.day() == "2021-09-05" and (opened.fills(), opened.counts()) == expected(timeline, days[1])

    # Tooltip: name, state in words, deciding claims with speaker, role, date and quote.
    shapes = _shapes(dataset)
    unaba = next(r for r in shapes.districts.itertuples() if r.id == "unaba")
    text = opened.hover_text(unaba.label_lat, unaba.label_lon, unaba.name)
    state = timeline.state("unaba", days[1])
    assert "Unaba" in text and "Taliban — partly supported by an independent source (unconfirmed)" in text
    assert headline(state, dataset, brief=True) in text and "hedged" in text  # the quick look: the brief headline
    assert "Emergency" in text and "Italian medical aid organisation" in text and "5 Sep 2021" in text
    emergency = next(c for c in dataset.claims if c.id == "test-hedged-unaba")
    assert emergency.quote[:60] in text
    assert opened.fills()[dataset.gazetteer.ids.index("unaba")] == "url(#cross-d55e00)"

    assert assert_explanations_follow_the_rules(page, timeline, shapes, "consensus", days) == 21

    assert opened.network_requests() == []
    assert not opened.errors and not opened.dialogs


# Every district's explanation on each of the given days: (headline, claim ids) in data order, opened
# through the map's API as a click opens it. One call for all days (a national timeline has hundreds
# of change days).
POPUPS_ON = """(days) => {
    const slider = document.querySelector('input.cm-slider');
    const api = document.documentElement.controlMap;
    const count = JSON.parse(document.getElementById('control-map-data').textContent).districts.length;
    return days.map(day => {
        slider.value = String(day);
        slider.dispatchEvent(new Event('input'));
        return Array.from({length: count}, (_, i) => {
            api.explain(i);
            const tip = document.querySelector('.cm-explain:not([hidden]) .cm-tip');
            const out = [tip.querySelector('.cm-headline').textContent,
                         [...tip.querySelectorAll('.cm-claim-id')].map(e => e.textContent.replace(/^claim /, ''))];
            api.explain(-1);
            return out;
        });
    });
}"""


# Every place's explanation on one day.
PLACE_POPUPS_ON = """(day) => {
    const slider = document.querySelector('input.cm-slider');
    slider.value = String(day);
    slider.dispatchEvent(new Event('input'));
    const api = document.documentElement.controlMap;
    const count = JSON.parse(document.getElementById('control-map-data').textContent).places.length;
    return Array.from({length: count}, (_, i) => {
        api.explain(i, true);
        const tip = document.querySelector('.cm-explain:not([hidden]) .cm-tip');
        const out = [tip.querySelector('.cm-name').textContent, tip.querySelector('.cm-place-line').textContent,
                     tip.querySelector('.cm-headline').textContent,
                     [...tip.querySelectorAll('.cm-claim-id')].map(e => e.textContent.replace(/^claim /, ''))];
        api.explain(-1);
        return out;
    });
}"""


def assert_explanations_follow_the_rules(page, timeline: Timeline, boundaries, view: str, days: list[dt.date]) -> int:
    """On each day, every district's explanation says what core.explain says; returns how many were checked."""
    dataset = timeline.dataset
    first = dt.date.fromisoformat(page.evaluate("() => JSON.parse(document.getElementById('control-map-data').textContent).start"))
    ids = [row.id for row in boundaries.districts.itertuples()]
    checked = 0
    for day, shown in zip(days, page.evaluate(POPUPS_ON, [(day - first).days for day in days]), strict=True):
        states = [timeline.state(d, day, view) for d in ids]
        want = [[headline(s, dataset, "district", view), [c.id for c in deciding_claims(s, dataset)]] for s in states]
        assert shown == want, f"{view} on {day}"
        checked += len(shown)
    return checked


def test_a_generated_export_on_schematic_cells_explains_every_change(page, request_log, tmp_path):
    """Generated claims with the evidence fields (every status, hedged claims, presence, denials,
    "could not verify"), on schematic cells: each change day of each district, the explanation the page
    opens says what core.explain says. (That the script's words are Python's in every view, on
    bundled, generated and hostile data, is tests/webmap/test_wording_js.py's job, without a
    browser; here the explanations are checked to show them.)"""
    from benchmarks.generate import write_claims
    from geo import schematic

    districts = REPO / "districts.yaml"
    gazetteer = load_dataset(districts, REPO / "claims.yaml").gazetteer
    # 150 claims of seed 3: 118 change days, every state and every kind of deciding claim that 400 of seed 7 gave on 271.
    dataset = load_dataset(districts, write_claims(tmp_path / "claims.yaml", gazetteer, 150, seed=3, evidence=True))
    timeline = ComputedTimeline(dataset)
    boundaries = schematic(dataset.gazetteer, ["no boundary file (test)"])
    out = tmp_path / "generated.html"
    out.write_text(export_html(timeline, boundaries, dataset.dates[-1], "consensus"), encoding="utf-8")
    days = sorted({day for d in dataset.gazetteer.ids for day, _ in timeline.changes(d)} | {dataset.dates[0]})
    opened = OpenedPage(page, request_log, out)
    statuses = {timeline.state(d, day).status for d in dataset.gazetteer.ids for day in days}
    assert len(statuses) >= 3  # a real mix of states, not one kind of headline
    # On schematic cells the markers stand at their real points, and the note says what that means.
    assert "The cells are not real borders: a marker stands at its real point" in (page.text_content(".cm-marker-key") or "")
    assert assert_explanations_follow_the_rules(page, timeline, boundaries, "consensus", days) >= 7 * len(days) > 100
    assert not opened.errors and not opened.dialogs and opened.network_requests() == []


@needs_shapes
def test_html_plays_steps_by_week_and_compares_like_the_app(page, request_log, tmp_path):
    """The export is the app's time map: play and pause, PageUp/PageDown, compare with its list; all from file://."""
    from benchmarks.generate import write_claims
    from core.compare import differences
    from yamldata.loader import load_gazetteer

    claims = write_claims(tmp_path / "claims.yaml", load_gazetteer(REPO / "districts.yaml"), 300, seed=11)
    out = tmp_path / "long.html"
    files = ("--districts", str(REPO / "districts.yaml"), "--claims", str(claims), "--boundaries", str(SHP))
    result = export_cli("--format", "html", *files, "-o", str(out))
    assert result.returncode == 0, result.stderr
    dataset = load_dataset(REPO / "districts.yaml", claims)
    timeline = ComputedTimeline(dataset)
    first, last = dataset.dates[0], dataset.dates[-1]
    opened = OpenedPage(page, request_log, out)
    assert opened.day() == last.isoformat()

    slider = page.get_by_role("slider", name="Date", exact=True)
    slider.press("Home")
    slider.press("PageUp")
    week = first + dt.timedelta(days=7)
    assert opened.day() == week.isoformat() and slider.get_attribute("aria-valuetext") == f"{week:%a} {week.day} {week:%b %Y}"
    assert opened.fills() == expected(timeline, week)[0]
    slider.press("PageDown")
    assert opened.day() == first.isoformat()

    page.get_by_role("combobox", name="Play speed").select_option("30")
    page.get_by_role("button", name="Play").click()
    page.wait_for_function(f"() => document.documentElement.getAttribute('data-day') >= '{(first + dt.timedelta(days=20)).isoformat()}'")
    page.get_by_role("button", name="Pause").click()
    held = opened.day()
    page.wait_for_timeout(300)
    assert opened.day() == held and page.get_by_role("button", name="Play").count() == 1
    day = dt.date.fromisoformat(held)
    assert (opened.fills(), opened.counts()) == expected(timeline, day)

    page.get_by_label("Compare with", exact=True).check()  # the day before
    page.get_by_role("slider", name="Compare with date").press("Home")
    changed = differences(timeline, first, day)
    assert page.locator("path.leaflet-interactive:not(.cm-place)[stroke-dasharray='7 4']").count() == len(changed)
    listed = page.locator(".cm-change").all_inner_texts()
    assert [text.split(":")[0] for text in listed] == [dataset.gazetteer.by_id(d.district).name for d in changed]
    for difference, text in zip(changed, listed, strict=True):
        assert headline(difference.after, dataset) in text and headline(difference.before, dataset) in text
    assert opened.network_requests() == [] and opened.errors == []


def _shapes(dataset):
    from geo import load_boundaries

    return load_boundaries(dataset.gazetteer, SHP)


# --------------------------------------------------------------------------- hostile text


def _hostile_files(tmp_path: Path) -> tuple[Path, Path]:
    districts = {
        "region": "Test<script>window.__pwned=5</script>land",
        "districts": [
            {"id": "north", "name": "North", "seat": {"lat": 35.5, "lon": 69.5}},
            {"id": "south", "name": f"South {XSS_IMG}", "seat": {"lat": 35.0, "lon": 69.5}},
            {"id": "east", "name": "East", "seat": {"lat": 35.2, "lon": 70.0}},
        ],
    }
    claims = {
        "parties": [{"id": "red", "name": "Red <b>Army</b>", "color": "#d55e00"}, {"id": "blue", "name": "Blue Front", "color": "#0072b2"}],
        "sources": [
            {"id": "red-spox", "name": "Red spokesman", "party": "red", "role": "</script><script>window.__pwned=3</script>"},
            {"id": "blue-spox", "name": f"Blue {XSS_IMG}", "party": "blue"},
            {"id": "wire", "name": "Wire service", "role": "news agency"},
        ],
        "claims": [
            {
                "id": "c1",
                "date": "2021-09-01",
                "source": "red-spox",
                "districts": ["North"],
                "status": "held",
                "holder": "red",
                "quote": XSS_QUOTE,
                "reported_by": "<iframe src=x>",
                "report": "</style></script>",
                "url": "https://example.org/?q=<script>",
            },
            {
                "id": "c2",
                "date": "2021-09-03",
                "source": "blue-spox",
                "districts": ["East"],
                "status": "held",
                "holder": "blue",
                "quote": XSS_IMG,
            },
            {
                "id": "c3",
                "date": "2021-09-05",
                "source": "wire",
                "districts": ["East", "South"],
                "status": "contested",
                "quote": "<!-- shelling -->",
            },
        ],
    }
    (tmp_path / "districts.yaml").write_text(yaml.safe_dump(districts, allow_unicode=True), encoding="utf-8")
    (tmp_path / "claims.yaml").write_text(yaml.safe_dump(claims, allow_unicode=True), encoding="utf-8")
    return tmp_path / "districts.yaml", tmp_path / "claims.yaml"


def test_yaml_text_stays_text_and_schematic_shapes_are_announced(page, request_log, tmp_path):
    from geo import schematic

    dataset = load_dataset(*_hostile_files(tmp_path))
    timeline = ComputedTimeline(dataset)
    boundaries = schematic(dataset.gazetteer, ["no boundary file (test)"])
    text = export_html(timeline, boundaries, dt.date(2021, 9, 3), "consensus")
    # Nothing from the YAML reaches the file as markup.
    for raw in ("<script>window.__pwned", "<img src=x", "<iframe", "</style></script>", "<!-- shelling"):
        assert raw not in text
    out = tmp_path / "hostile.html"
    out.write_text(text, encoding="utf-8")

    opened = OpenedPage(page, request_log, out)
    assert len(opened.fills()) == 3
    assert "schematic shapes" in (page.text_content(".cm-warning") or "").lower()
    assert page.locator(".cm-warning").is_visible()
    assert "schematic shapes" in (page.text_content(".cm-credit") or "")
    assert page.text_content("h1") == "Test<script>window.__pwned=5</script>land: who controls which district, according to whom"
    assert "<b>Army</b>" in (page.text_content(".cm-legend") or "")
    slider = page.locator("input.cm-slider")
    rows = {r.id: r for r in boundaries.districts.itertuples()}
    shown = []
    for key in ("Home", "ArrowRight", "ArrowRight", "ArrowRight", "ArrowRight"):
        slider.focus()
        slider.press(key)
        for district in ("north", "south", "east"):
            shown.append(opened.hover_text(rows[district].label_lat, rows[district].label_lon, rows[district].name))
        x, y = opened.point(rows["north"].label_lat, rows["north"].label_lon)
        page.mouse.click(x, y)  # the explanation: every claim in full, with its report and link
        page.wait_for_selector(".cm-explain:not([hidden])")
        shown.append(page.text_content(".cm-explain") or "")
        page.keyboard.press("Escape")
        page.wait_for_selector(".cm-explain", state="hidden")
    everything = "\n".join(shown)
    assert XSS_QUOTE in everything  # the quote is shown literally, whole, in the explanation
    assert XSS_IMG in everything
    assert "</script><script>window.__pwned=3</script>" in everything
    assert "<iframe src=x>" in everything and "<!-- shelling -->" in everything
    days = [dt.date(2021, 9, 1) + dt.timedelta(days=k) for k in range(5)]
    assert assert_explanations_follow_the_rules(page, timeline, boundaries, "consensus", days) == 15
    assert page.evaluate("() => [window.__pwned, document.querySelectorAll('img[src=x], iframe').length]") == [None, 0]
    assert opened.network_requests() == []
    assert not opened.errors and not opened.dialogs


# Every district's and place's explanation on one day: (status line, headline, claim ids).
ALL_EXPLAINED_ON = """(day) => {
    const slider = document.querySelector('input.cm-slider');
    slider.value = String(day);
    slider.dispatchEvent(new Event('input'));
    const api = document.documentElement.controlMap;
    const data = JSON.parse(document.getElementById('control-map-data').textContent);
    const units = [...data.districts.map((_, i) => [i, false]), ...data.places.map((_, i) => [i, true])];
    return units.map(([i, place]) => {
        api.explain(i, place);
        const tip = document.querySelector('.cm-explain:not([hidden]) .cm-tip');
        const out = [tip.querySelector('.cm-status').textContent, tip.querySelector('.cm-headline').textContent,
                     [...tip.querySelectorAll('.cm-claim-id')].map(e => e.textContent.replace(/^claim /, ''))];
        api.explain(-1);
        return out;
    });
}"""


def test_every_situation_is_said_in_the_page_as_the_rules_say_in_every_view(page, request_log, tmp_path):
    """The situations of tests/core/test_literal_states.py (one party's fighting alone, presence, statements only,
    a mixed independent word, denials …), districts and places: in every view, each explanation's status line is
    the legend's label and the day, and its headline and claims are core.explain's."""
    from core.explain import day_label
    from geo import schematic
    from tests.core.test_literal_states import ON, SITUATIONS, _districts
    from tests.scenarios import Files, claim

    files = Files(tmp_path)
    districts = _districts(SITUATIONS)
    districts["places"] = [
        {"id": "pass", "name": "High pass", "kind": "pass", "district": "s01", "point": {"lat": 35.05, "lon": 69.6}},
        {"id": "area", "name": "Plain area", "kind": "area", "district": "s03", "point": {"lat": 35.25, "lon": 69.6}},
    ]
    claims = [{**c, "districts": [name.upper()]} for name, (said, _) in SITUATIONS.items() for c in said]
    claims += [
        claim("pl1", "2021-09-01", "blue-spox", None, status="contested", places=["High pass"]),
        claim("pl2", "2021-09-01", "blue-spox", None, status="statement", places=["Plain area"]),
    ]
    files.write(claims, districts=districts)
    dataset = files.dataset()
    timeline = ComputedTimeline(dataset)
    boundaries = schematic(dataset.gazetteer, ["no boundary file (test)"])
    checked = 0
    for view in ("consensus", "independent", "red", "blue"):
        out = tmp_path / f"{view}.html"
        out.write_text(export_html(timeline, boundaries, ON, view), encoding="utf-8")
        opened = OpenedPage(page, request_log, out)
        first = dt.date.fromisoformat(page.evaluate("() => JSON.parse(document.getElementById('control-map-data').textContent).start"))
        shown = page.evaluate(ALL_EXPLAINED_ON, (ON - first).days)
        units = [(row.id, "district") for row in boundaries.districts.itertuples()] + [(p.id, "place") for p in dataset.gazetteer.places]
        want = []
        for unit, noun in units:
            state = timeline.state(unit, ON, view)
            label = category_label(state.status, state.holder, dataset, view)
            claims = [c.id for c in deciding_claims(state, dataset)]
            want.append([f"{label} — {day_label(ON)}", headline(state, dataset, noun, view), claims])
        assert shown == want, view
        assert not opened.errors and opened.network_requests() == []
        checked += len(shown)
    assert checked == 4 * 18


@needs_shapes
def test_places_are_drawn_by_day_and_their_explanations_say_what_the_rules_say(page, request_log, tmp_path):
    """The bundled places, on each day: name, what and where, the headline and the deciding claims, as
    core.explain has them; Rukha's explanation says that its district centre's claims count for it."""
    from core.places import place_line

    out = tmp_path / "panjshir.html"
    result = export_cli("--format", "html", "--date", "2021-09-05", "--boundaries", str(SHP), "-o", str(out))
    assert result.returncode == 0, result.stderr
    dataset = load_dataset(REPO / "districts.yaml", REPO / "claims.yaml")
    timeline = ComputedTimeline(dataset)
    opened = OpenedPage(page, request_log, out)
    places = dataset.gazetteer.places
    assert page.locator("path.cm-place").count() == len(places) == 7
    assert page.text_content(".cm-places-note") == (  # what a marker's colour and pattern mean
        "Markers: 7 places, each in the colour and pattern of its own state (the key above), made only of what was said about that place"
    )
    assert page.locator(".cm-key li").all_inner_texts() == [
        "pass", "district centre", "compound or base", "village, town or area", "dashed outline: position approximate"]
    assert "not real borders" not in page.text_content(".cm-marker-key")  # real shapes: no caveat
    first = dt.date.fromisoformat(page.evaluate("() => JSON.parse(document.getElementById('control-map-data').textContent).start"))
    for day in (dt.date(2021, 9, 4), dt.date(2021, 9, 5), dt.date(2021, 9, 6)):
        shown = page.evaluate(PLACE_POPUPS_ON, (day - first).days)
        states = [timeline.state(p.id, day) for p in places]
        want = [
            [p.name, place_line(p, dataset.gazetteer), headline(s, dataset, "place"), [c.id for c in deciding_claims(s, dataset)]]
            for p, s in zip(places, states, strict=True)
        ]
        assert shown == want, day
    fills = page.eval_on_selector_all("path.cm-place", "els => els.map(e => e.getAttribute('fill'))")
    states = [timeline.state(p.id, dt.date(2021, 9, 6)) for p in places]
    assert fills == [state_fill(s, dataset) for s in states]

    rukha = dataset.gazetteer.ids.index("rukha")
    day = dt.date(2021, 9, 5)
    through = page.evaluate(
        """([day, i]) => {
            const slider = document.querySelector('input.cm-slider');
            slider.value = String(day);
            slider.dispatchEvent(new Event('input'));
            document.documentElement.controlMap.explain(i);
            const text = document.querySelector('.cm-explain .cm-through').textContent;
            document.documentElement.controlMap.explain(-1);
            return text;
        }""",
        [(day - first).days, rukha],
    )
    assert through == through_places(timeline.state("rukha", day), "rukha", dataset) != ""
    # Zoom out to 6, and the markers go. A zoom animation still under way (seen with two test
    # processes on two cores) puts its own zoom back when it ends, markers and all: wait for
    # it to end, set zoom 6 until it holds, then look. Polled on a timer, not on frames.
    page.wait_for_function(
        """() => {
            const m = window[document.querySelector('.folium-map').id];
            if (m._animatingZoom) { return false; }
            if (m.getZoom() !== 6) { m.setView(m.getCenter(), 6, { reset: true }); return false; }
            return document.querySelectorAll('path.cm-place').length === 0;
        }""",
        polling=100,
    )
    assert page.text_content(".cm-places-note") == "7 places hidden at this scale: zoom in to see them."
    assert not opened.errors and opened.network_requests() == []


@needs_shapes
def test_a_national_export_is_drawn_on_a_canvas_with_its_patterns(page, request_log, tmp_path, national):
    """398 districts: the export draws them on one canvas (webmap.timemap.renderer_for), each
    with the fill the rules give it, plain colours and patterns alike, and steps by day."""
    districts, claims = national
    dataset = load_dataset(districts, claims)
    timeline = ComputedTimeline(dataset)
    day = dt.timedelta(days=1)
    last = next(d for d in reversed(dataset.dates) if expected(timeline, d)[0] != expected(timeline, d - day)[0])  # a step changes fills
    out = tmp_path / "national.html"
    files = ("--districts", str(districts), "--claims", str(claims), "--boundaries", str(SHP))
    result = export_cli("--format", "html", "--date", last.isoformat(), *files, "-o", str(out))
    assert result.returncode == 0, result.stderr
    opened = OpenedPage(page, request_log, out)
    assert page.evaluate("() => document.documentElement.controlMap.renderer") == "canvas"
    assert page.locator("path.leaflet-interactive:not(.cm-place)").count() == 0
    fills, counts = expected(timeline, last)
    assert opened.fills() == fills and opened.counts() == counts
    assert_canvas_draws(page.main_frame, fills)
    # Names only from the zoom at which they fit inside their district (webmap/labels.py): at the country's, few.
    html = out.read_text(encoding="utf-8")
    fit_from = json.JSONDecoder().raw_decode(html, html.index('"labelMinZoom":') + len('"labelMinZoom":'))[0]
    zoom = page.evaluate("() => document.documentElement.controlMap.map.getZoom()")
    shown = page.evaluate(
        "() => Array.from(document.querySelectorAll('.cm-label')).filter(e => e.style.visibility !== 'hidden').map(e => e.textContent)"
    )
    names = [d.name for d in dataset.gazetteer.districts]
    assert shown and all(fit_from[names.index(name)] <= zoom for name in shown) and len(shown) < len(names) / 4
    page.locator("input.cm-slider").first.press("ArrowLeft")
    before, _ = expected(timeline, last - day)
    wait_for_fills(page.main_frame, before)
    assert not opened.errors and not opened.dialogs and opened.network_requests() == []


# --------------------------------------------------------------------------- a map without a size yet

DISTRICTS_IN_VIEW = """() => {
    const map = document.documentElement.controlMap.map;
    const bounds = L.latLngBounds([]);
    map.eachLayer(l => { if (l.feature && l.feature.properties.i !== undefined) { bounds.extend(l.getBounds()); } });
    const zoom = map.getZoom();
    return Number.isFinite(zoom) && zoom > 3 && zoom < 18 && map.getBounds().contains(bounds);
}"""


def test_a_map_opened_without_a_size_fits_its_districts_once_it_has_one(page, request_log, tmp_path):
    """An export in an iframe not shown yet (or a map in a folded section, or one Streamlit mounts before
    its layout): fitted into a container of no size, Leaflet got a negative room, an infinite zoom and
    "Invalid LatLng object: (NaN, NaN)", and the map was never drawn. It now waits for its first size."""
    from geo import schematic

    dataset = load_dataset(*_hostile_files(tmp_path))
    boundaries = schematic(dataset.gazetteer, ["no boundary file (test)"])
    html = export_html(ComputedTimeline(dataset), boundaries, dt.date(2021, 9, 3), "consensus")
    (tmp_path / "map.html").write_text(html, encoding="utf-8")
    (tmp_path / "article.html").write_text(
        '<!doctype html><title>article</title><iframe id="map" src="map.html" style="display: none; width: 700px; height: 500px"></iframe>',
        encoding="utf-8",
    )
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto((tmp_path / "article.html").as_uri())
    frame = next(f for f in page.frames if f.url.endswith("/map.html"))
    frame.wait_for_function("() => document.documentElement.getAttribute('data-day') === '2021-09-03'", timeout=10_000)
    assert frame.evaluate("() => document.querySelector('.folium-map').getBoundingClientRect().width") == 0
    page.evaluate("() => { document.getElementById('map').style.display = 'block'; }")
    frame.wait_for_function(DISTRICTS_IN_VIEW, timeout=10_000)
    assert len(path_fills(frame)) == 3 and errors == []
    assert [u for u in request_log.urls if urlsplit(u).scheme not in LOCAL_SCHEMES] == []
