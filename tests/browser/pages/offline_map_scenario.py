"""Hand-made districts and styles shared by the demo page and its browser test."""

from __future__ import annotations

import html
from typing import Any

import folium

from webmap.hatching import HatchPatterns, hatch_fill
from webmap.offline import add_css, offline_map

CENTER = (35.35, 69.72)
ZOOM = 10

PARTY_COLORS = {"nrf": "#c53030", "taliban": "#2b6cb0"}
GREY = "#9e9e9e"

LABEL_CSS = (
    ".district-label div {font: 600 13px sans-serif; color: #222; text-align: center;"
    " text-shadow: 0 0 3px #fff, 0 0 3px #fff; white-space: nowrap}"
)

#: id -> (name, west, south, east, north): three rectangles side by side.
DISTRICTS = {
    "alpha": ("Alpha", 69.30, 35.20, 69.55, 35.50),
    "bravo": ("Bravo", 69.60, 35.20, 69.85, 35.50),
    "charlie": ("Charlie", 69.90, 35.20, 70.15, 35.50),
}

#: slider value -> district id -> (party or None, hatched?)
DAYS: dict[int, dict[str, tuple[str | None, bool]]] = {
    0: {"alpha": ("nrf", False), "bravo": ("taliban", True), "charlie": (None, False)},
    1: {"alpha": ("nrf", True), "bravo": ("taliban", False), "charlie": ("taliban", False)},
    2: {"alpha": ("taliban", False), "bravo": ("taliban", False), "charlie": ("nrf", True)},
}


def fill_for(day: int, district: str) -> str:
    """The SVG ``fill`` attribute Leaflet should give ``district`` on ``day``."""
    party, hatched = DAYS[day][district]
    if party is None:
        return GREY
    color = PARTY_COLORS[party]
    return hatch_fill(color) if hatched else color


def style_for(day: int, district: str) -> dict[str, Any]:
    """Leaflet path style for ``district`` on ``day``."""
    party, hatched = DAYS[day][district]
    line = PARTY_COLORS[party] if party else GREY
    return {
        "fillColor": fill_for(day, district),
        "fillOpacity": 1.0 if hatched else 0.6,
        "color": line,
        "weight": 2,
    }


def status_for(day: int, district: str) -> str:
    """Tooltip text for the district's status on ``day``."""
    party, hatched = DAYS[day][district]
    if party is None:
        return "unknown"
    return f"{party} ({'claimed, unconfirmed' if hatched else 'held'})"


def feature_collection(day: int) -> dict[str, Any]:
    """The districts as GeoJSON, with the tooltip fields for ``day``."""
    features = []
    for district, (name, west, south, east, north) in DISTRICTS.items():
        ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
        features.append(
            {
                "type": "Feature",
                "id": district,
                "properties": {"id": district, "name": name, "status": status_for(day, district)},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def label_location(district: str) -> tuple[float, float]:
    """Where the district's label goes: the centre of its rectangle."""
    _, west, south, east, north = DISTRICTS[district]
    return ((south + north) / 2, (west + east) / 2)


def build_map(day: int, **map_kwargs: Any) -> tuple[folium.Map, folium.FeatureGroup]:
    """The demo map for ``day``: a constant base map and the day's feature group.

    The base (Leaflet, district labels) renders the same on every rerun so that
    streamlit-folium keeps its Leaflet map; the feature group (hatch patterns and
    the styled districts with tooltips and popups) is what changes.
    """
    base = offline_map(CENTER, ZOOM, **map_kwargs)
    add_css(base, LABEL_CSS)
    for district, (name, *_bounds) in DISTRICTS.items():
        folium.Marker(
            label_location(district),
            icon=folium.DivIcon(
                html=f"<div>{html.escape(name)}</div>",
                class_name="district-label",
                icon_size=(90, 18),
                icon_anchor=(45, 9),
            ),
            interactive=False,  # let hover and clicks reach the district below
        ).add_to(base)

    districts = folium.FeatureGroup(name="districts")
    HatchPatterns(PARTY_COLORS.values()).add_to(districts)
    folium.GeoJson(
        feature_collection(day),
        name="district-shapes",
        style_function=lambda feature: style_for(day, feature["properties"]["id"]),
        tooltip=folium.GeoJsonTooltip(fields=["name", "status"], aliases=["District", "Status"]),
        popup=folium.GeoJsonPopup(fields=["name", "status"]),
    ).add_to(districts)
    return base, districts
