"""The time map's data: what the map's script (``webmap/js/``) draws, for the app and the standalone export.


For a journalist's attachment or an archive: it opens from ``file://`` with no server
and makes no network request (Leaflet is inlined by :mod:`webmap.offline`, hatching is
:mod:`webmap.hatching`'s patterns, SVG or canvas, there are no tiles).

Compact by construction, so that it stays smaller than folium's ``TimeSliderChoropleth``
(a style per district per day) whatever the number of days or claims:

* its rows are positional arrays, laid out once in :file:`webmap/js/layout.json`
  (:data:`LAYOUT`): Python writes each row in that field order (:func:`pack_row`) and the
  page reads each field by name from the same table, shipped with its script;
* each district's timeline is its change points, the ones :class:`~core.rules.Timeline`
  stores: ``[day, category, word, word, …]``. A *word* (what one side last said, see
  :class:`~core.rules.Word`) is an index into ``words``; ``~index`` (negative) marks
  a word that did not decide the state (the headline still says it, with who said it). The browser
  finds a day by binary search, as ``Timeline.state`` does;
* the deciding claims are the claims of the deciding words (the rules never split a
  word); a state whose claims are not whole words -- statements only (rule 9) -- carries
  its claim list as a last, nested element;
* the headline (:func:`core.explain.headline`) is written by the browser from those
  words with the same table of words (:file:`core/wording.json`), not shipped as one string
  per state; a district's change point may end in a string,
  :func:`core.explain.through_places` (a district centre's claims colour it);
* ``places`` rows are ``{name, kind, line, point, approximate, district, changes}``: a marker
  each, with change points like a district's (``district`` indexes ``districts``, -1
  when the place lies in none);
* each claim says what it says (``kind``: status, party, hedged), so that a word of
  claims that differ is told group by group;
* claims are sorted by (date, id), so that "newest first" is a sort of indexes; sources,
  outlets, reports, URLs and the sources' grades are tables, each text once (index 0 = none);
* geometry is quantized to ``10**-PRECISION`` degrees (about 11 m) and delta-encoded:
  each ring a flat list of integer steps ``[x0, y0, dx, dy, …]`` (unclosed);
* the page's script is inlined without comments and indentation.

Rows that number in the thousands are arrays; everything else keeps readable keys.

Safety: YAML text never becomes markup. The data is JSON made by
:func:`webmap.scripts.script_json` (see :mod:`exports.html` for how the export
embeds it), and the script builds every tooltip, popup and legend node with
``textContent``. Pure: no Streamlit.

The app fetches the same data as two static files, :func:`shape_payload` (once per
boundaries) and :func:`time_payload` (once per timeline and view), the latter *lean* for
big timelines: change points ``[day, category]`` (``[day, category, newest deciding
claim's day]`` when the file sets ``stale_after_days``), packed flat, no words or claims;
its tooltips then name the state and the page's district panel gives the claims.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely

from core.explain import WORDING, claim_facts, claim_kind, source_grade, through_places
from core.labels import PATTERN_NOTE, footer_lines, map_title, schematic_sentence, view_label
from core.model import INDEPENDENT, Dataset
from core.places import place_line, speaks_for_district
from core.rules import UNKNOWN, DistrictState, Timeline, Word
from core.style import (
    NEIGHBOUR_COLOR,
    PATTERN_KINDS,
    STALE_OPACITY,
    categories,
    category_key,
    legend_entry,
    pattern_colors,
    pattern_css,
)
from geo.places import place_districts
from webmap.hatching import HatchPatterns, hatch_fill, long_hex
from webmap.labels import district_label_zooms
from webmap.scripts import minify_js, script_json

if TYPE_CHECKING:  # geopandas: only where shapes are drawn
    from geo.boundaries import Boundaries

JS_DIR = Path(__file__).with_name("js")
#: The time map's script, part by part in the order the page runs them (each adds itself to
#: one ``ControlMap`` object; ``webmap/js/timemap.js`` says what each part does).
JS_PARTS = ("days.js", "wording.js", "explain.js", "view.js", "controls.js", "timemap.js")
#: The payload's positional rows, field by field: the one description both sides read.
LAYOUT: dict[str, Any] = json.loads((JS_DIR / "layout.json").read_text(encoding="utf-8"))
MAX_TOOLTIP_CLAIMS = 3
MAX_QUOTE_CHARS = 220
#: Place markers are drawn from this zoom level in: a province fits at 9–10, the whole
#: country at 5–6, where hundreds of markers would hide the districts they lie in.
PLACE_MIN_ZOOM = 8
#: Decimal places of the coordinates: 10**-4 degrees is about 11 m, far below
#: what a district map shows.
PRECISION = 4

#: The time map's own CSS (classes cm-*), for the app's component and the export's page: the
#: controls, the legend, the markers' key, the quick look, the panels over the map (a drawer on
#: a wide page, a bottom sheet on a narrow one: ``data-layout``), the table. Touch targets are
#: at least 44 px square in the export and on the app's narrow page; hints follow the pointer.
TIMEMAP_CSS = """
.leaflet-container {background: #f4f1ea}
.cm-warning {background: #fff3cd; border: 1px solid #e0b000; padding: 4px 6px; margin: 4px 0 6px; font-weight: 600}
.cm-date {display: block; font-size: 15px; font-weight: 700; margin: 4px 0}
.cm-controls, .cm-compare-row, .cm-bar-top {display: flex; align-items: center; gap: 6px; flex-wrap: wrap}
.cm-slider, .cm-compare-slider {flex: 1; min-width: 90px}
.cm-compare-row {margin: 4px 0}
.cm-compare-date, .cm-differ {font-weight: 600}
.cm-differ {margin: 4px 0}
.cm-changes {max-height: 180px; overflow-y: auto; font-size: 12px}
.cm-change {margin: 3px 0}
.cm-compare {margin-top: 3px}
.cm-span {color: #595959; font-size: 11px; margin-bottom: 6px}
.cm-legend {list-style: none; padding: 0; margin: 6px 0}
.cm-legend-row {margin: 3px 0; padding-left: 28px; text-indent: -28px}
.cm-legend-row.cm-empty, .cm-zero {display: none}
.cm-all-shown .cm-legend-row.cm-empty {display: block; color: #595959}
.cm-swatch {display: inline-block; width: 20px; height: 13px; margin-right: 6px; border: 1px solid #555; vertical-align: -2px;
  text-indent: 0}
.cm-all {border: 0; background: none; color: #1a4f8b; text-decoration: underline; padding: 0 4px; cursor: pointer; font: inherit}
.cm-note {color: #555; font-size: 11px; margin-top: 4px}
.cm-key {list-style: none; padding: 0; margin: 4px 0; display: flex; flex-wrap: wrap; gap: 2px 12px; font-size: 12px}
.cm-key li {display: flex; align-items: center; gap: 4px}
.cm-key svg {width: 18px; height: 18px}
.cm-key path {fill: #fff; stroke: #111; stroke-width: 2}
.cm-label div {font: 600 12px sans-serif; color: #111; text-align: center; white-space: nowrap;
  text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 3px #fff}
.cm-tooltip {width: 320px; white-space: normal; font: 12px/1.35 system-ui, sans-serif}
.cm-name {font-size: 14px; font-weight: 700}
.cm-status {font-weight: 600; margin: 2px 0}
.cm-headline {margin: 2px 0 4px}
.cm-claim {margin-top: 4px; border-top: 1px solid #ddd; padding-top: 3px}
.cm-quote {font-style: italic}
.cm-report, .cm-claim-id {color: #555; font-size: 11px}
.cm-more {margin-top: 4px; color: #555}
.cm-place-line {color: #444; font-size: 11px; font-weight: 400}
.cm-through {margin: 2px 0 4px; font-style: italic}
.cm-places-note {margin-top: 6px; font-size: 12px}
.cm-if-mouse {display: none}
@media (hover: hover) and (pointer: fine) {.cm-if-mouse {display: inline} .cm-if-touch {display: none}}
.cm-sheet {position: absolute; z-index: 1001; box-sizing: border-box; overflow-y: auto; background: #fff; color: #111; cursor: auto;
  font: 13px/1.4 system-ui, sans-serif; padding: 0 12px 12px; box-shadow: 0 2px 14px rgba(0,0,0,.4); border-radius: 8px;
  top: 10px; left: 10px; width: min(400px, calc(100% - 20px)); max-height: calc(100% - 20px)}
.cm-sheet .cm-name {font-size: 17px; padding-top: 10px}
.cm-close {float: right; margin-right: -10px; font-size: 24px}
[data-layout=compact] .cm-sheet {top: auto; left: 0; bottom: 0; width: 100%; max-height: max(65%, min(100%, 260px));
  border-radius: 12px 12px 0 0}
.cm-table-view {position: absolute; inset: 0; z-index: 1002; overflow: auto; background: #fff; color: #111; cursor: auto; padding: 8px}
.cm-sr {position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap}
.cm-table {border-collapse: collapse; font: 13px/1.35 system-ui, sans-serif; text-align: left; min-width: 560px}
.cm-table caption {text-align: left; font-weight: 700; padding-bottom: 8px}
.cm-table th, .cm-table td {border-bottom: 1px solid #ccc; padding: 4px 8px 4px 0; vertical-align: top}
path.leaflet-interactive:focus {outline: none}
.cm-big .cm-button, .cm-big .cm-speed {min-width: 44px; min-height: 44px; padding: 0 12px; border: 1px solid #767676; border-radius: 6px;
  background: #fff; color: #111; font: 15px system-ui, sans-serif}
.cm-big .cm-button:disabled {color: #767676; border-color: #bbb}
.cm-big [aria-pressed=true], .cm-big .cm-key-toggle[aria-expanded=true] {background: #1f5fa8; color: #fff}
.cm-big .cm-all, .cm-big .cm-close {border: 0; background: none; color: #1a4f8b; padding: 0 4px}
.cm-big .cm-close {color: #111; font-size: 26px}
.cm-big input[type=range] {-webkit-appearance: none; appearance: none; height: 44px; margin: 0; background: none}
.cm-big input[type=range]::-webkit-slider-runnable-track {height: 6px; border-radius: 3px; background: #8a8a8a}
.cm-big input[type=range]::-moz-range-track {height: 6px; border-radius: 3px; background: #8a8a8a}
.cm-big input[type=range]::-webkit-slider-thumb {-webkit-appearance: none; width: 44px; height: 44px; margin-top: -19px; border: 0;
  background: radial-gradient(circle, #1f5fa8 0 10px, #fff 11px 13px, #0000 14px)}
.cm-big input[type=range]::-moz-range-thumb {width: 44px; height: 44px; border: 0;
  background: radial-gradient(circle, #1f5fa8 0 10px, #fff 11px 13px, #0000 14px)}
.cm-big input:disabled {opacity: .45}
.cm-big .cm-compare-row label {min-height: 44px; display: inline-flex; align-items: center}
.cm-big input[type=checkbox] {width: 24px; height: 24px; margin: 0}
"""


if TYPE_CHECKING:  # geopandas: only where shapes are drawn
    from geo.boundaries import Boundaries

#: Words of the table the page never says itself: the legend's labels and the pattern note come in the
#: payload (written by Python, per view), the picture's notes are the PNG's.
PYTHON_ONLY_WORDS = frozenset(
    {"labels", "patternNote", "pictureConsensus", "pictureSide", "pictureIndependent", "pictureMarkers", "counts", "district", "districts"}
)


def _shipped(table: dict[str, Any], leave_out: frozenset[str] = frozenset()) -> dict[str, Any]:
    """A shared table without its notes (keys starting with ``$``) and without ``leave_out``."""
    return {k: v for k, v in table.items() if not k.startswith("$") and k not in leave_out}


def script_source() -> str:
    """The time map's script as written: the two shared tables, then every part in order.

    ``ControlMap.WORDING`` (:file:`core/wording.json`, the explanation's words) and
    ``ControlMap.LAYOUT`` (:data:`LAYOUT`) are the very tables Python reads; the parts
    read them from there. ``tests/js/parts.js`` builds the same for Node.
    """
    words = script_json(_shipped(WORDING, PYTHON_ONLY_WORDS))
    tables = f"var ControlMap = {{WORDING: {words}, LAYOUT: {script_json(_shipped(LAYOUT))}}};\n"
    return tables + "".join((JS_DIR / name).read_text(encoding="utf-8") for name in JS_PARTS)


@functools.lru_cache(maxsize=1)
def timemap_script() -> str:
    """The time map's script, minified once per process: inlined by the export, served by the app."""
    return minify_js(script_source()) + "\n"


def timemap_patterns(dataset: Any, used: Collection[str] | None = None) -> HatchPatterns:
    """The hatch patterns the time map needs for ``dataset``'s colours (app and export alike):
    those of every view, or only those among ``used`` fills (a page of one view)."""
    return HatchPatterns(sorted({long_hex(c) for c in pattern_colors(dataset)}), kinds=PATTERN_KINDS, used=used)


def _day_span(timeline: Timeline, date: dt.date) -> tuple[dt.date, int]:
    """First day and number of days: first to last claim day, stretched to include ``date``."""
    dates = timeline.dataset.dates or [date]
    first, last = min(dates[0], date), max(dates[-1], date)
    return first, (last - first).days + 1


def _flags(word: Word) -> int:
    """A word's flags (:data:`LAYOUT` ``flags``): hedged, weak (no firm claim)."""
    flags = LAYOUT["flags"]
    return (flags["hedged"] if word.hedged else 0) | (flags["weak"] if word.weak else 0)


def pack_row(kind: str, /, **values: Any) -> list[Any]:
    """A row of ``kind`` in :data:`LAYOUT`'s field order: a ``...rest`` field's items spread,
    ``optional?`` fields at the end left off while they are empty (0, the empty text of their table)."""
    row: list[Any] = []
    names = LAYOUT[kind]
    for name in names:
        if name.startswith("..."):
            row.extend(values[name[3:]])
        else:
            row.append(values[name.rstrip("?")])
    optional = len(names) - len([n for n in names if not n.endswith("?")])  # optional fields close a row
    while optional and row[-1] == 0:
        row.pop()
        optional -= 1
    return row


class _Tables:
    """Words and claims as the page stores them: each once, referred to by index."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self.party = {p.id: i for i, p in enumerate(dataset.parties)}
        self.words: list[Word] = []
        self._by_id: dict[int, int] = {}  # id(word) → index; the timeline keeps its words alive
        self._by_value: dict[tuple[Any, ...], int] = {}  # equal words of different districts, once
        self._states: dict[int, list[Any]] = {}  # id(state) → [category, refs…]; states shared too
        self.loose: list[list[Any]] = []  # refs ending in claim ids (a state not made of whole words)
        self.claim_index: dict[str, int] = {}  # claim id → row, set by claim_rows

    def word(self, word: Word) -> int:
        index = self._by_id.get(id(word))
        if index is None:
            key = (word.side, word.status, word.holder, word.claims, _flags(word), word.notes)
            index = self._by_value.setdefault(key, len(self.words))
            if index == len(self.words):
                self.words.append(word)
            self._by_id[id(word)] = index
        return index

    def state(self, state: DistrictState, category: int) -> list[Any]:
        """``[category, word refs…]``, the tail of every change point to this state."""
        refs = self._states.get(id(state))
        if refs is None:
            decided = set(state.claims)
            covered: set[str] = set()
            refs = [category]
            for word in {w.side: w for w in state.words}.values():  # as core.explain.headline reads them
                index = self._by_id.get(id(word))
                if index is None:
                    index = self.word(word)
                if decided.intersection(word.claims):
                    covered.update(word.claims)
                    refs.append(index)
                else:
                    refs.append(~index)
            if covered != decided:  # statements (rule 9): the deciding claims are not whole words
                refs.append(list(state.claims))
                self.loose.append(refs)
            self._states[id(state)] = refs
        return refs

    def claim_rows(self, first: dt.date) -> tuple[list[list[Any]], dict[str, list[Any]]]:
        """Claim rows in (date, id) order and their text tables; every claim reference becomes an index.

        Call once every state has been through :meth:`state`: the claims of the words of
        some state (the headline names who said each, deciding or not) and their notes.
        """
        cited = {c for word in self.words for c in (*word.claims, *word.notes)}
        cited.update(c for refs in self.loose for c in refs[-1])
        claims = sorted((self.dataset.claim(c) for c in cited), key=lambda c: (c.date, c.id))
        index = self.claim_index = {c.id: i for i, c in enumerate(claims)}
        for refs in self.loose:  # in place: change points hold this very list
            refs[-1][:] = [index[c] for c in refs[-1]]
        tables: dict[str, dict[Any, int]] = {
            "sources": {}, "outlets": {"": 0}, "reports": {"": 0}, "urls": {"": 0}, "facts": {"": 0}, "grades": {"": 0}
        }  # fmt: skip
        statuses = {status: i for i, status in enumerate(LAYOUT["claimStatuses"])}
        none = LAYOUT["independent"]

        def kind(claim: Any) -> list[int]:
            status, party, hedged = claim_kind(claim)
            return [statuses[status], self.party[party] if party is not None else none, int(hedged)]

        def text(table: str, value: str | None) -> int:
            return tables[table].setdefault(value or "", len(tables[table]))

        rows = []
        for c in claims:
            rows.append(
                pack_row(
                    "claim",
                    id=c.id,
                    source=tables["sources"].setdefault(c.source, len(tables["sources"])),
                    day=(c.date - first).days,
                    quote=c.quote or "",
                    kind=kind(c),
                    outlet=text("outlets", c.reported_by),
                    report=text("reports", c.report),
                    url=text("urls", c.url),
                    facts=text("facts", claim_facts(c, self.dataset)) if self.dataset.uses_evidence else 0,
                )
            )
        speakers = map(self.dataset.source, tables.pop("sources"))
        sources = [pack_row("source", name=s.name, role=s.role, grade=text("grades", source_grade(s))) for s in speakers]
        return rows, {"sources": sources, **{k: list(v) for k, v in tables.items()}}

    def word_rows(self) -> list[list[int]]:
        """A ``word`` row per word (after :meth:`claim_rows`)."""
        rows = []
        none = LAYOUT["independent"]
        for word in self.words:
            side = none if word.side == INDEPENDENT else self.party[word.side]
            holder = self.party[word.holder] if word.status != "contested" and word.holder is not None else none
            rows.append(pack_row("word", side=side, holder=holder, claims=[self.claim_index[c] for c in word.claims]))
        return rows

    def word_kinds(self) -> dict[str, list[Any]]:
        """``{word index: wordKind row}`` for words made with the evidence fields."""
        return {
            str(i): pack_row(
                "wordKind", status=word.status, flags=_flags(word), notes=[self.claim_index[c] for c in word.notes]
            )
            for i, word in enumerate(self.words)
            if word.qualified
        }


def shape_payload(boundaries: Boundaries) -> dict[str, Any]:
    """The shapes part of the data: district and neighbour polygons, label points and ranks."""
    frame = boundaries.districts
    areas = [float(a) for a in frame["area_km2"]] if "area_km2" in frame.columns else [0.0] * len(frame)
    return {
        "scale": 10**PRECISION,
        "shapes": encode_geometries(frame.geometry),  # null where missing
        "neighbours": [g for g in encode_geometries(boundaries.neighbours.geometry) if g is not None],
        "labels": [_label_point(r.label_lat, r.label_lon) for r in frame.itertuples()],
        "labelRanks": _label_ranks(areas),
        "labelMinZoom": district_label_zooms(frame),  # below it a name does not fit inside its district: hidden
        "neighbourColor": NEIGHBOUR_COLOR,
        "warning": _warning(boundaries),
        "renderer": renderer_for(len(frame)),
    }


#: From this many districts on, the map draws them on one canvas instead of one SVG path each
#: (docs/decisions.md, "Maps of 100 districts or more are drawn on one canvas", under "The map
#: in the browser"): Panjshir's 7 stay SVG, the national 398 do not.
CANVAS_MIN_DISTRICTS = 100


def renderer_for(districts: int) -> str:
    """``"canvas"`` for a map of ``CANVAS_MIN_DISTRICTS`` districts or more, else ``"svg"``."""
    return "canvas" if districts >= CANVAS_MIN_DISTRICTS else "svg"


def _label_ranks(areas: list[float]) -> list[int]:
    """0 for the biggest district, 1 for the next …: who keeps its label in a clash."""
    order = sorted(range(len(areas)), key=lambda i: -(areas[i] if math.isfinite(areas[i]) else 0.0))
    ranks = [0] * len(areas)
    for rank, i in enumerate(order):
        ranks[i] = rank
    return ranks


def time_payload(timeline: Timeline, boundaries: Boundaries, date: dt.date, view: str, *, lean: bool = False) -> dict[str, Any]:
    """The timeline part: categories, each district's change points, and (unless ``lean``) the
    words and claims the tooltips and popups explain them with (format: module doc)."""
    dataset = timeline.dataset
    first, days = _day_span(timeline, date)
    cats: list[tuple[str, str | None]] = list(categories(view, dataset))
    category_index = {c: i for i, c in enumerate(cats)}
    tables = _Tables(dataset)
    stale = dataset.settings.stale_after_days is not None

    def category(state: DistrictState) -> int:
        key = category_key(state.status, state.holder)
        if key not in category_index:  # not a category of this view: never expected, but never lost
            category_index[key] = len(cats)
            cats.append(key)
        return category_index[key]

    def tail(state: DistrictState) -> list[Any]:
        if not lean:
            return tables.state(state, category(state))
        if stale and state.claims:
            return [category(state), (max(dataset.claim(c).date for c in state.claims) - first).days]
        return [category(state)]

    before = [0, *tail(UNKNOWN)]
    gazetteer = dataset.gazetteer
    centred = {p.district for p in gazetteer.places if speaks_for_district(p)}  # only these can be coloured through a place
    districts = []
    for row in boundaries.districts.itertuples():
        district = gazetteer.by_id(row.id)
        changes = []
        for day, state in timeline.changes(row.id, view):
            change = [(day - first).days, *tail(state)]
            note = through_places(state, row.id, dataset) if not lean and row.id in centred else ""
            if note:  # a string, last: why a district centre's claims colour this district
                change.append(note)
            changes.append(change)
        entry: dict[str, Any] = {"name": district.name, "changes": changes}
        if district.name_local:
            entry["local"] = district.name_local
        districts.append(entry)
    district_index = {row.id: i for i, row in enumerate(boundaries.districts.itertuples())}
    located = place_districts(gazetteer, boundaries)
    places = []
    for place in gazetteer.places:
        changes = [[(day - first).days, *tail(state)] for day, state in timeline.changes(place.id, view)]
        district_id = located.get(place.id)
        places.append(
            {
                "name": place.name,
                "kind": place.kind,
                "line": place_line(place, gazetteer, district_id),
                "point": [round(place.point.lat, PRECISION), round(place.point.lon, PRECISION)],
                "approximate": place.approximate,
                "district": district_index.get(district_id, -1) if district_id else -1,
                "changes": changes,
            }
        )

    category_rows = []
    for legend in (legend_entry(status, holder, dataset, view) for status, holder in cats):
        color, kind = long_hex(legend.color), legend.pattern
        row = {
            "label": legend.label,
            "status": legend.status,
            "holder": tables.party.get(legend.holder) if legend.holder is not None else None,
            "color": color,
            "opacity": 1.0 if kind else 0.8,
        }
        if kind:  # a solid state paints and keys with its colour (webmap/js/days.js fills in the rest)
            row.update(fill=hatch_fill(color, kind), swatch=pattern_css(color, kind))
        category_rows.append(row)
    payload: dict[str, Any] = {
        "title": map_title(dataset),
        "viewLabel": view_label(view, dataset),
        "patternNote": PATTERN_NOTE,
        "view": view,
        "start": first.isoformat(),
        "days": days,
        "day": (date - first).days,
        "categories": category_rows,
        "parties": [p.name for p in dataset.parties],
        "before": before,
        "districts": districts,
        "places": places,
        "placeMinZoom": PLACE_MIN_ZOOM,
        "staleAfter": dataset.settings.stale_after_days,
        "staleOpacity": STALE_OPACITY,
        "footer": footer_lines(dataset, boundaries),
        "maxTooltipClaims": MAX_TOOLTIP_CLAIMS,
        "maxQuoteChars": MAX_QUOTE_CHARS,
    }
    if lean:
        width = 3 if stale else 2
        for entry in districts + places:
            entry["changes"] = pack_changes(entry["changes"], width)
        payload["packed"] = width
    else:
        claims, texts = tables.claim_rows(first)
        payload.update({"words": tables.word_rows(), "wordKinds": tables.word_kinds(), "claims": claims, **texts})
    return payload


def pack_changes(changes: list[list[int]], width: int) -> list[int]:
    """Lean change points as one flat list, days as steps from the previous change point:
    ``[[3, 1], [10, 0]]`` → ``[3, 1, 7, 0]``. About half the bytes (gzipped: 151 KB instead
    of 265 KB at 100k claims × 398 districts); the page unpacks them once."""
    flat: list[int] = []
    previous = 0
    for change in changes:
        if len(change) < width:
            change = [*change, -1]  # a state with no deciding claim: no newest day
        flat += [change[0] - previous, *change[1:width]]
        previous = change[0]
    return flat


def unpack_changes(flat: list[int], width: int) -> list[list[int]]:
    """:func:`pack_changes` undone (``-1``: no newest deciding claim), as the page does."""
    out, day = [], 0
    for i in range(0, len(flat), width):
        day += flat[i]
        out.append([day, *flat[i + 1 : i + width]])
    return out


def html_payload(timeline: Timeline, boundaries: Boundaries, date: dt.date, view: str) -> dict[str, Any]:
    """Everything the standalone page needs, each text once: the JSON embedded in the export."""
    return {**time_payload(timeline, boundaries, date, view), **shape_payload(boundaries)}


def encode_geometries(series: Any, precision: int = PRECISION) -> list[list[list[list[int]]] | None]:
    """Polygons as ``[[ring, …], …]``, each ring ``[x0, y0, dx, dy, …]`` in ``10**-precision`` degrees.

    A third of the bytes of the same coordinates in GeoJSON: steps between neighbouring
    vertices are short integers. Snapped with GEOS first (as :mod:`geo.geojson` does),
    so rings stay valid; a ring's closing vertex is left out (the page closes it).
    ``None`` for a missing, empty or non-polygonal geometry.
    """
    scale = 10.0**precision
    array = np.asarray(list(series), dtype=object)
    out: list[list[list[list[int]]] | None] = [None] * len(array)
    present = ~(shapely.is_missing(array) | shapely.is_empty(array)) if len(array) else np.zeros(0, dtype=bool)
    snapped = shapely.set_precision(array[present], 1.0 / scale)
    for i, geometry in zip(np.flatnonzero(present), snapped, strict=True):
        if geometry.is_empty or geometry.geom_type not in ("Polygon", "MultiPolygon"):
            continue
        polygons = []
        for polygon in shapely.get_parts(geometry):
            rings = []
            for ring in shapely.get_rings(polygon):
                points = np.rint(shapely.get_coordinates(ring) * scale).astype(np.int64)[:-1]
                points[1:] -= points[:-1].copy()
                rings.append(points.ravel().tolist())
            polygons.append(rings)
        out[i] = polygons
    return out


def _label_point(lat: Any, lon: Any) -> list[float] | None:
    try:
        point = [round(float(lat), PRECISION), round(float(lon), PRECISION)]
    except (TypeError, ValueError):
        return None
    return point if all(math.isfinite(v) for v in point) else None


def _warning(boundaries: Boundaries) -> str | None:
    if not boundaries.schematic:
        return None
    return schematic_sentence(": district borders and areas are not real.")
