"""The choropleth as folium objects: a constant base map and a district layer per date.

Pure folium (no Streamlit). :func:`geometry_base_map` carries no geometry, only
:class:`~webmap.geometry_once.GeometryLayers`, which loads the districts' GeoJSON
from a static URL once; each date's ``feature_group_to_add`` (:func:`state_layer`)
holds only a small state payload (a category per district, tooltips for small
gazetteers). A slider step sends a few KB, not the shapes again (see
:mod:`webmap.geometry_once`). The standalone HTML export
(:mod:`control.export_html`) embeds its geometry itself.

The base renders identically on every rerun, so streamlit-folium keeps
its iframe and Leaflet map (no flash, zoom and pan kept); only the feature group
changes with the date and view. Every string from YAML is escaped before it
reaches tooltip HTML; names reach labels as text.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import folium

from control.explain import claim_facts, deciding_claims, headline, source_grade
from control.model import Dataset
from control.rules import UNKNOWN, DistrictState, Timeline, stale_age
from control.style import NEIGHBOUR_COLOR, PATTERN_KINDS, STALE_OPACITY, UNKNOWN_COLOR, category_label, fill_color, pattern
from webmap.geometry_once import DistrictGeometry, DistrictStateScript, GeometryLayers, state_payload
from webmap.hatching import HatchPatterns, hatch_fill
from webmap.offline import add_css, offline_map
from webmap.scripts import script_json

BASEMAPS = {"No basemap": None, "OpenStreetMap (needs internet)": "OpenStreetMap"}
MAX_TOOLTIP_CLAIMS = 3
MAX_QUOTE_CHARS = 220
#: Up to this many districts, and this many characters of tooltips over the whole
#: timeline of a view, the browser loads every tooltip once per view (see
#: tooltip_table_json); otherwise it builds a short one (name, category, "click for …").
#: Either way a slider step carries no tooltip text.
MAX_RICH_TOOLTIP_DISTRICTS = 60
MAX_TOOLTIP_TABLE_CHARS = 2_000_000
NEIGHBOUR_STYLE = {"fillColor": NEIGHBOUR_COLOR, "fillOpacity": 0.25, "color": "#9e9e9e", "weight": 0.8}
HIGHLIGHT_STYLE = {"weight": 3, "color": "#000000"}

MAP_CSS = (
    ".district-label div{font:600 12px sans-serif;color:#111;text-align:center;white-space:nowrap;"
    "text-shadow:0 0 3px #fff,0 0 3px #fff,0 0 3px #fff}"
    ".leaflet-container{background:#f4f1ea}"
    ".leaflet-tooltip{width:360px;white-space:normal;font:12px/1.35 sans-serif}"
    ".leaflet-tooltip table{width:100%}"
    ".leaflet-tooltip .tt-name{font-size:14px;font-weight:700}"
    ".leaflet-tooltip .tt-state{margin:2px 0 4px}"
    ".leaflet-tooltip .tt-claim{margin-top:4px;border-top:1px solid #ddd;padding-top:3px}"
    ".leaflet-tooltip .tt-quote{font-style:italic}"
    ".leaflet-tooltip .tt-hint{color:#555;margin-top:2px}"
)


def _two_hex(color: str) -> str:
    """``#abc`` → ``#aabbcc`` (hatch pattern ids need the long form)."""
    return "#" + "".join(ch * 2 for ch in color[1:]) if len(color) == 4 else color


def zoom_to_fit(west: float, south: float, east: float, north: float, width_px: int = 820, height_px: int = 540) -> float:
    """The largest web-mercator zoom at which the bounds fit a map of about that size.

    Computed here rather than with Leaflet's fitBounds, which runs before the
    iframe has its final width and so zooms out too far.
    """
    lon_span = max(east - west, 1e-6)
    lat_span = max(math.degrees(math.log(math.tan(math.radians(45 + north / 2)) / math.tan(math.radians(45 + south / 2)))), 1e-6)
    zoom_x = math.log2(width_px * 360 / (256 * lon_span))
    zoom_y = math.log2(height_px * 360 / (256 * lat_span))
    return max(1.0, min(18.0, math.floor(min(zoom_x, zoom_y) * 4) / 4))  # Leaflet zoomSnap 0.25


def tooltip_data(district_id: str, state: DistrictState, dataset: Dataset) -> list:
    """``[name, local name, state in words, [[speaker, ", role", date, quote]…], more]`` as plain text.

    The browser builds the tooltip from it with ``textContent`` (nothing here is
    HTML). ``more`` is the number of deciding claims beyond :data:`MAX_TOOLTIP_CLAIMS`.
    """
    district = dataset.gazetteer.by_id(district_id)
    claims = deciding_claims(state, dataset)
    shown = []
    for claim in claims[:MAX_TOOLTIP_CLAIMS]:
        source = dataset.source(claim.source)
        quote = claim.quote or ""
        if len(quote) > MAX_QUOTE_CHARS:
            quote = quote[: MAX_QUOTE_CHARS - 1] + "…"
        facts = claim_facts(claim, dataset)
        role = (f", {source.role}" if source.role else "") + f" ({source_grade(source)})"
        shown.append([source.name, role, f"{claim.date:%d %b %Y}" + (f" · {facts}" if facts else ""), quote])
    return [district.name, district.name_local or "", headline(state, dataset), shown, max(len(claims) - MAX_TOOLTIP_CLAIMS, 0)]


def tooltip_table_json(geometry: DistrictGeometry, dataset: Dataset, timeline: Timeline, view: str) -> str | None:
    """Every district's tooltips under ``view`` at its change points, as script-safe JSON; None when too big.

    ``[[["", tooltip before any claim], ["2021-09-04", tooltip], …] per district in
    geometry order]``: the browser loads it once per view and picks, for the day
    shown, the last entry not after it (ISO dates compare as text). A slider step
    then carries no tooltip at all. Only for up to :data:`MAX_RICH_TOOLTIP_DISTRICTS`
    districts and :data:`MAX_TOOLTIP_TABLE_CHARS`; otherwise the browser shows short
    tooltips (name, category, "click for …").
    """
    if len(geometry.ids) > MAX_RICH_TOOLTIP_DISTRICTS:
        return None
    table = []
    for district_id in geometry.ids:
        entries = [["", tooltip_data(district_id, UNKNOWN, dataset)]]
        entries += [[day.isoformat(), tooltip_data(district_id, state, dataset)] for day, state in timeline.changes(district_id, view)]
        table.append(entries)
    text = script_json(table)
    return text if len(text) <= MAX_TOOLTIP_TABLE_CHARS else None


def district_style(state, dataset: Dataset, selected: bool) -> dict:
    """Leaflet path options of a district in ``state``: fill (hatch pattern if unconfirmed) and outline."""
    color = _two_hex(fill_color(state, dataset))
    kind = pattern(state)
    return {
        "fillColor": hatch_fill(color, kind) if kind else color,
        "fillOpacity": 1.0 if kind else 0.8,
        "color": "#000000" if selected else "#333333",
        "weight": 3 if selected else 1.2,
    }


def geometry_base_map(
    boundaries: Any,
    geometry: DistrictGeometry,
    geometry_url: str,
    hatch_colors: list[str],
    tiles: str | None = None,
    *,
    script_url: str | None = None,
    hatching_url: str | None = None,
    css_url: str | None = None,
) -> folium.Map:
    """The app's constant base map: Leaflet, CSS, hatch patterns, and the loader of ``geometry_url``.

    No geometry in it: :class:`GeometryLayers` fetches ``geometry`` (written at
    ``geometry_url`` by the caller) when the map is created; its code is at
    ``script_url`` if given (see :func:`webmap.geometry_once.geometry_script`), else
    inline; likewise the hatching code at ``hatching_url`` and :data:`MAP_CSS` at
    ``css_url`` (the app serves all three, so a step does not re-send them).
    Constant for the same boundaries, URLs, party colours and tiles, so
    streamlit-folium keeps the map.
    """
    west, south, east, north = boundaries.districts.total_bounds
    m = offline_map(
        ((south + north) / 2, (west + east) / 2),
        zoom_to_fit(west, south, east, north),
        tiles=tiles,
        control_scale=True,
        zoom_snap=0.25,
        zoom_delta=0.5,
    )
    add_css(m, MAP_CSS, css_url)
    HatchPatterns([_two_hex(c) for c in hatch_colors], script_url=hatching_url, kinds=PATTERN_KINDS).add_to(m)
    GeometryLayers(
        geometry_url,
        geometry,
        script_url=script_url,
        neighbour_style=NEIGHBOUR_STYLE,
        loading_style={"fillColor": UNKNOWN_COLOR, "fillOpacity": 0.5, "color": "#333333", "weight": 1.2},
        highlight_style=HIGHLIGHT_STYLE,
    ).add_to(m)
    return m


def state_payload_for(
    geometry: DistrictGeometry,
    dataset: Dataset,
    timeline: Timeline,
    date: dt.date,
    view: str,
    selected: str | None,
    tooltips_url: str | None = None,
) -> dict:
    """The per-step payload: each district's category (style + label) on ``date`` under ``view``.

    The selected district's style (heavier outline) is a category of its own.
    ``tooltips_url`` is where the caller serves :func:`tooltip_table_json` for this
    view (None: short tooltips).
    """
    categories: list[tuple[dict, str]] = []
    index: dict[tuple, int] = {}
    indexes = []
    for district_id in geometry.ids:
        state = timeline.state(district_id, date, view)
        style = district_style(state, dataset, district_id == selected)
        label = category_label(state.status, state.holder, dataset)
        age = stale_age(state, date, dataset)
        if age is not None:
            style["fillOpacity"] = round(style["fillOpacity"] * STALE_OPACITY, 3)
            label += f" — faded: its newest deciding claim is {age} days old"
        key = (tuple(sorted(style.items())), label)
        if key not in index:
            index[key] = len(categories)
            categories.append((style, label))
        indexes.append(index[key])
    return state_payload(geometry, categories, indexes, date, tooltips_url)


def state_layer(payload: dict) -> folium.FeatureGroup:
    """The app's ``feature_group_to_add``: one small script applying ``payload`` (:func:`state_payload_for`)."""
    layer = folium.FeatureGroup(name="district-state", control=False)
    DistrictStateScript(payload).add_to(layer)
    return layer
