"""The choropleth as folium objects: a constant base map and a district layer per date.

Pure folium (no Streamlit): the app (``components.map``) and the standalone HTML
export both build their maps here.

The base (Leaflet, neighbours, district labels) renders identically on every rerun,
so streamlit-folium keeps its iframe and Leaflet map (no flash, zoom and pan kept);
only the district layer, passed as ``feature_group_to_add``, changes with the date
and view. Every string from YAML is escaped before it reaches the tooltip HTML.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import folium

from components.text import esc
from control.explain import deciding_claims, headline
from control.model import Dataset
from control.rules import Timeline
from control.style import NEIGHBOUR_COLOR, STATUS_LABELS, fill_color, is_hatched
from webmap.hatching import HatchPatterns, hatch_fill
from webmap.offline import add_css, offline_map

BASEMAPS = {"No basemap": None, "OpenStreetMap (needs internet)": "OpenStreetMap"}
MAX_TOOLTIP_CLAIMS = 3
MAX_QUOTE_CHARS = 220

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
)


def _two_hex(color: str) -> str:
    """``#abc`` → ``#aabbcc`` (hatch pattern ids need the long form)."""
    return "#" + "".join(ch * 2 for ch in color[1:]) if len(color) == 4 else color


def base_map(boundaries: Any, tiles: str | None = None) -> folium.Map:
    """The part that never changes with the date: Leaflet, neighbours, labels, bounds."""
    west, south, east, north = boundaries.districts.total_bounds
    m = offline_map(
        ((south + north) / 2, (west + east) / 2),
        zoom_to_fit(west, south, east, north),
        tiles=tiles,
        control_scale=True,
        zoom_snap=0.25,
        zoom_delta=0.5,
    )
    add_css(m, MAP_CSS)
    if len(boundaries.neighbours):
        folium.GeoJson(
            _geojson(boundaries.neighbours, ["name"]),
            name="neighbours",
            style_function=lambda _f: {"fillColor": NEIGHBOUR_COLOR, "fillOpacity": 0.25, "color": "#9e9e9e", "weight": 0.8},
            interactive=False,
        ).add_to(m)
    for row in boundaries.districts.itertuples():
        folium.Marker(
            (row.label_lat, row.label_lon),
            icon=folium.DivIcon(html=f"<div>{esc(row.name)}</div>", class_name="district-label", icon_size=(110, 16), icon_anchor=(55, 8)),
            interactive=False,
        ).add_to(m)
    return m


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


def _geojson(frame: Any, columns: list[str]) -> dict:
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {c: getattr(row, c) for c in columns}, "geometry": row.geometry.__geo_interface__}
            for row in frame.itertuples()
        ],
    }


def tooltip_html(district_id: str, dataset: Dataset, timeline: Timeline, date: dt.date, view: str) -> str:
    """Name, state in words, and the deciding claims (speaker, role, date, quote), all escaped."""
    district = dataset.gazetteer.by_id(district_id)
    state = timeline.state(district_id, date, view)
    local = f" <span>({esc(district.name_local)})</span>" if district.name_local else ""
    parts = [f'<div class="tt-name">{esc(district.name)}{local}</div>', f'<div class="tt-state">{esc(headline(state, dataset))}</div>']
    claims = deciding_claims(state, dataset)
    for claim in claims[:MAX_TOOLTIP_CLAIMS]:
        source = dataset.source(claim.source)
        role = f", {source.role}" if source.role else ""
        quote = claim.quote or ""
        if len(quote) > MAX_QUOTE_CHARS:
            quote = quote[: MAX_QUOTE_CHARS - 1] + "…"
        parts.append(
            f'<div class="tt-claim"><b>{esc(source.name)}</b>{esc(role)} · {claim.date:%d %b %Y}'
            f'<div class="tt-quote">“{esc(quote)}”</div></div>'
        )
    if len(claims) > MAX_TOOLTIP_CLAIMS:
        parts.append(f"<div>… and {len(claims) - MAX_TOOLTIP_CLAIMS} more (click for the history)</div>")
    return "".join(parts)


def district_style(state, dataset: Dataset, selected: bool) -> dict:
    color = _two_hex(fill_color(state, dataset))
    hatched = is_hatched(state)
    return {
        "fillColor": hatch_fill(color) if hatched else color,
        "fillOpacity": 1.0 if hatched else 0.8,
        "color": "#000000" if selected else "#333333",
        "weight": 3 if selected else 1.2,
    }


def district_layer(
    boundaries: Any, dataset: Dataset, timeline: Timeline, date: dt.date, view: str, selected: str | None
) -> folium.FeatureGroup:
    """The districts styled for ``date`` under ``view``: the only part that changes per step."""
    features = []
    styles: dict[str, dict] = {}
    for row in boundaries.districts.itertuples():
        state = timeline.state(row.id, date, view)
        styles[row.id] = district_style(state, dataset, row.id == selected)
        features.append(
            {
                "type": "Feature",
                "id": row.id,
                "properties": {
                    "id": row.id,
                    "status": state.status,
                    "label": STATUS_LABELS.get(state.status, state.status),
                    "tooltip": tooltip_html(row.id, dataset, timeline, date, view),
                },
                "geometry": row.geometry.__geo_interface__,
            }
        )
    layer = folium.FeatureGroup(name="districts")
    HatchPatterns([_two_hex(p.color) for p in dataset.parties]).add_to(layer)
    folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        name="district-shapes",
        style_function=lambda feature: styles[feature["properties"]["id"]],
        highlight_function=lambda _f: {"weight": 3, "color": "#000000"},
        tooltip=folium.GeoJsonTooltip(fields=["tooltip"], labels=False, sticky=True),
    ).add_to(layer)
    return layer
