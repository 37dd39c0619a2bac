"""The standalone HTML export: one file with the map, its own date slider, legend and tooltips.

For a journalist's attachment or an archive: it opens from ``file://`` with no server
and makes no network request (Leaflet is inlined by :mod:`webmap.offline`, hatching is
:mod:`webmap.hatching`'s SVG patterns, there are no tiles).

Compact by construction. The page ships each district's geometry once and its timeline
as change points -- ``[day index, category index, headline index, [claim indexes]]``,
the same change points :class:`~control.rules.Timeline` stores -- with every text
(claims' quotes, speakers, headlines) once in a dictionary. The browser looks a day up
by binary search, as ``Timeline.state`` does. A style per district per day (folium's
``TimeSliderChoropleth``) grows with the number of days; this grows with the number of
changes.

Safety: YAML text never becomes markup. The data travels as JSON in a
``<script type="application/json">`` block with ``<``, ``>`` and ``&`` escaped (so a
quote holding ``</script>`` cannot close it), and ``export_html.js`` builds every
tooltip, popup and legend node with ``textContent``. Pure: no Streamlit.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import math
from functools import lru_cache
from pathlib import Path
from typing import Any

from branca.element import MacroElement
from folium.template import Template

from control.explain import deciding_claims, headline
from control.exports import footer_lines, map_title, view_label
from control.rules import UNKNOWN, DistrictState, Timeline
from control.style import NEIGHBOUR_COLOR, categories, category_color, category_label, fill_color, is_hatched
from webmap.hatching import HatchPatterns, hatch_fill, normalize_hex
from webmap.offline import OfflineAssetError, OfflineMap, standalone_html

JS_PATH = Path(__file__).with_name("export_html.js")
DATA_ELEMENT_ID = "control-map-data"
MAX_TOOLTIP_CLAIMS = 3
MAX_QUOTE_CHARS = 220

PAGE_CSS = """
html, body {font: 13px/1.35 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif}
.leaflet-container {background: #f4f1ea}
.cm-panel {background: rgba(255,255,255,.95); padding: 10px 12px; border-radius: 6px; box-shadow: 0 1px 5px rgba(0,0,0,.35);
  width: 290px; max-height: calc(100vh - 40px); overflow-y: auto; font: 13px/1.35 system-ui, sans-serif}
.cm-title {font-size: 16px; font-weight: 700}
.cm-view {color: #444; margin: 2px 0 6px}
.cm-warning {background: #fff3cd; border: 1px solid #e0b000; padding: 4px 6px; margin: 4px 0 6px; font-weight: 600}
.cm-date {display: block; font-size: 15px; font-weight: 700; margin: 4px 0}
.cm-controls {display: flex; align-items: center; gap: 6px}
.cm-controls input {flex: 1}
.cm-controls button {cursor: pointer; padding: 2px 8px}
.cm-span {color: #666; font-size: 11px; margin-bottom: 6px}
.cm-legend {list-style: none; padding: 0; margin: 6px 0}
.cm-legend-row {display: flex; align-items: center; gap: 6px; margin: 3px 0}
.cm-legend-row.cm-empty {opacity: .5}
.cm-swatch {display: inline-block; width: 22px; height: 14px; border: 1px solid #555; flex: none}
.cm-note {color: #555; font-size: 11px}
.cm-footer {background: rgba(255,255,255,.85); padding: 3px 6px; font-size: 11px; color: #333; max-width: 60vw}
.cm-label div {font: 600 12px sans-serif; color: #111; text-align: center; white-space: nowrap;
  text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 3px #fff}
.cm-tooltip {width: 360px; white-space: normal; font: 12px/1.35 system-ui, sans-serif}
.cm-name {font-size: 14px; font-weight: 700}
.cm-status {font-weight: 600; margin: 2px 0}
.cm-headline {margin: 2px 0 4px}
.cm-claim {margin-top: 4px; border-top: 1px solid #ddd; padding-top: 3px}
.cm-quote {font-style: italic}
.cm-report, .cm-claim-id {color: #555; font-size: 11px}
.cm-more {margin-top: 4px; color: #555}
"""


def long_hex(color: str) -> str:
    """``#abc`` → ``#aabbcc``, validated: colours end up in ids and styles."""
    long = "#" + "".join(ch * 2 for ch in color[1:]) if len(color) == 4 else color
    return normalize_hex(long)


def script_json(data: Any) -> str:
    """JSON that is safe inside ``<script>``: no ``<``, ``>`` or ``&`` survives literally.

    So ``</script>`` or ``<!--`` in a quote cannot end or alter the script element; the
    escapes decode back to the same characters in ``JSON.parse``.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def _day_span(timeline: Timeline, date: dt.date) -> tuple[dt.date, int]:
    """First day and number of days: first to last claim day, stretched to include ``date``."""
    dates = timeline.dataset.dates or [date]
    first, last = min(dates[0], date), max(dates[-1], date)
    return first, (last - first).days + 1


def html_payload(timeline: Timeline, boundaries: Any, date: dt.date, view: str) -> dict[str, Any]:
    """Everything the page needs, each text once: the JSON embedded in the export."""
    dataset = timeline.dataset
    first, days = _day_span(timeline, date)

    cats: list[tuple[str, str | None]] = list(categories(view, dataset))
    category_index = {c: i for i, c in enumerate(cats)}
    headlines: dict[str, int] = {}
    claim_index: dict[str, int] = {}
    claims: list[dict[str, Any]] = []
    source_index: dict[str, int] = {}
    sources: list[dict[str, Any]] = []

    def text_id(text: str) -> int:
        return headlines.setdefault(text, len(headlines))

    def claim_id(claim) -> int:
        if claim.id not in claim_index:
            if claim.source not in source_index:
                source = dataset.source(claim.source)
                source_index[claim.source] = len(sources)
                sources.append({"name": source.name, "role": source.role})
            claim_index[claim.id] = len(claims)
            claims.append(
                {
                    "id": claim.id,
                    "s": source_index[claim.source],
                    "date": f"{claim.date.day} {claim.date:%b %Y}",
                    "quote": claim.quote,
                    "by": claim.reported_by,
                    "report": claim.report,
                    "url": claim.url,
                }
            )
        return claim_index[claim.id]

    explained: dict[int, tuple[int, list[int]]] = {}  # id(state) → (headline, claims); the timeline keeps states alive

    def explain(state: DistrictState) -> tuple[int, list[int]]:
        if id(state) not in explained:
            explained[id(state)] = (text_id(headline(state, dataset)), [claim_id(c) for c in deciding_claims(state, dataset)])
        return explained[id(state)]

    def change(day: int, state: DistrictState) -> list[Any]:
        key = (state.status, state.holder)
        if key not in category_index:  # not a category of this view: never expected, but never lost
            category_index[key] = len(cats)
            cats.append(key)
        text, cited = explain(state)
        return [day, category_index[key], text, cited]

    before = change(0, UNKNOWN)
    districts = []
    for row in boundaries.districts.itertuples():
        district = dataset.gazetteer.by_id(row.id)
        changes = [change((day - first).days, state) for day, state in timeline.changes(row.id, view)]
        districts.append({"id": district.id, "name": district.name, "local": district.name_local, "changes": changes})

    category_rows = []
    for status, holder in cats:
        color = long_hex(category_color(status, holder, dataset))
        hatched = is_hatched(DistrictState(status, holder))
        category_rows.append(
            {
                "label": category_label(status, holder, dataset),
                "color": color,
                "fill": hatch_fill(color) if hatched else color,
                "opacity": 1.0 if hatched else 0.8,
                "hatched": hatched,
            }
        )
    return {
        "title": map_title(dataset),
        "viewLabel": view_label(view, dataset),
        "view": view,
        "start": first.isoformat(),
        "days": days,
        "day": (date - first).days,
        "categories": category_rows,
        "before": before,
        "districts": districts,
        "headlines": list(headlines),
        "claims": claims,
        "sources": sources,
        "shapes": [json.loads(g) for g in compact_geometries(boundaries.districts.geometry)],  # null where missing
        "neighbours": [g for g in (json.loads(g) for g in compact_geometries(boundaries.neighbours.geometry)) if g is not None],
        "labels": [_label_point(r.label_lat, r.label_lon) for r in boundaries.districts.itertuples()],
        "neighbourColor": NEIGHBOUR_COLOR,
        "warning": _warning(boundaries),
        "footer": footer_lines(dataset, boundaries),
        "maxTooltipClaims": MAX_TOOLTIP_CLAIMS,
        "maxQuoteChars": MAX_QUOTE_CHARS,
    }


def compact_geometries(series: Any) -> list[str]:
    """Each geometry as compact GeoJSON on the same grid as every other export ("null" if missing)."""
    from geo.geojson import geometries_json

    return geometries_json(list(series))


def _label_point(lat: Any, lon: Any) -> list[float] | None:
    try:
        point = [round(float(lat), 5), round(float(lon), 5)]
    except (TypeError, ValueError):
        return None
    return point if all(math.isfinite(v) for v in point) else None


def _warning(boundaries: Any) -> str | None:
    if not boundaries.schematic:
        return None
    from geo import SCHEMATIC_WARNING

    return SCHEMATIC_WARNING[:1].upper() + SCHEMATIC_WARNING[1:] + ": district borders and areas are not real."


@lru_cache(maxsize=1)
def _app_js() -> str:
    js = JS_PATH.read_text(encoding="utf-8")
    if "</script" in js.lower() or "<!--" in js:
        raise OfflineAssetError(f"{JS_PATH.name} cannot be inlined: it contains a closing tag")
    return js


class _ControlMap(MacroElement):
    """The page's CSS, its JSON data block, and the script that runs the map on it."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
            <style>{{ this.css }}</style>
        {% endmacro %}
        {% macro html(this, kwargs) %}
            <script type="application/json" id="{{ this.data_id }}">{{ this.data_json }}</script>
        {% endmacro %}
        {% macro script(this, kwargs) %}
            {{ this.js }}
            controlMapApp({{ this._parent.get_name() }},
                JSON.parse(document.getElementById("{{ this.data_id }}").textContent));
        {% endmacro %}
        """
    )

    def __init__(self, payload: dict[str, Any]) -> None:
        super().__init__()
        self._name = "ControlMap"
        self.css = PAGE_CSS
        self.data_id = DATA_ELEMENT_ID
        self.data_json = script_json(payload)
        self.js = _app_js()


def standalone_map(timeline: Timeline, boundaries: Any, date: dt.date, view: str) -> OfflineMap:
    """The export as a folium map (Leaflet inlined, no tiles), before rendering."""
    dataset = timeline.dataset
    payload = html_payload(timeline, boundaries, date, view)
    west, south, east, north = boundaries.districts.total_bounds
    m = OfflineMap(
        location=((south + north) / 2, (west + east) / 2),
        zoom_start=9,  # the page fits the districts once it knows its own size
        tiles=None,
        inline_assets=True,
        zoom_snap=0.25,
        zoom_delta=0.5,
        control_scale=True,
    )
    m.get_root().title = html.escape(f"{payload['title']} — {date:%d %b %Y} — {payload['viewLabel']}")
    HatchPatterns(sorted({long_hex(fill_color(DistrictState("claimed", p.id), dataset)) for p in dataset.parties})).add_to(m)
    _ControlMap(payload).add_to(m)
    return m


def export_html(timeline: Timeline, boundaries: Any, date: dt.date, view: str) -> str:
    """The standalone HTML document: opens from ``file://``, requests nothing."""
    return standalone_html(standalone_map(timeline, boundaries, date, view))
