"""The map on the page: streamlit-folium with a constant base and a restyled district layer.

The base (Leaflet, neighbours, district labels) renders identically on every rerun,
so streamlit-folium keeps its iframe and Leaflet map (no flash, zoom and pan kept);
only the district layer, passed as ``feature_group_to_add``, changes with the date
and view. The folium objects are built by :mod:`webmap.choropleth`. The geometry,
the map's scripts and CSS, and each view's tooltip table are static files named by
their content (under the git-ignored ``static/generated/``): fetched once, never in a step.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import streamlit as st
from streamlit_folium import st_folium

from components.static_assets import ensure_static_assets, publish_generated
from control.model import Dataset
from control.rules import Timeline
from control.style import pattern_colors
from webmap.choropleth import BASEMAPS, MAP_CSS, geometry_base_map, state_layer, state_payload_for, tooltip_table_json
from webmap.geometry_once import DistrictGeometry, district_geometry, geometry_script
from webmap.hatching import hatching_script
from webmap.scripts import content_name

__all__ = ["BASEMAPS", "render"]


def render(
    app_dir: Path,
    boundaries: Any,
    dataset: Dataset,
    timeline: Timeline,
    date: dt.date,
    view: str,
    *,
    selected: str | None,
    tiles: str | None,
    height: int = 560,
) -> str | None:
    """Draw the map; returns the id of a district the user just clicked, if any."""
    ensure_static_assets(app_dir)
    geometry = district_geometry(boundaries)  # cached per boundaries object: steps never redo it
    url = publish_generated(app_dir, geometry.filename, geometry.text)
    base = geometry_base_map(
        boundaries,
        geometry,
        url,
        pattern_colors(dataset),
        tiles,
        script_url=_publish(app_dir, geometry_script(), ".js"),
        hatching_url=_publish(app_dir, hatching_script(), ".js"),
        css_url=_publish(app_dir, MAP_CSS, ".css"),
    )
    tooltips = _tooltips_url(app_dir, geometry, dataset, timeline, view)
    result = st_folium(
        base,
        key=f"map-{tiles or 'none'}",
        feature_group_to_add=state_layer(state_payload_for(geometry, dataset, timeline, date, view, selected, tooltips)),
        returned_objects=["last_object_clicked_count", "last_active_drawing"],
        use_container_width=True,
        height=height,
    )
    return _clicked(result)


@st.cache_resource(max_entries=32, show_spinner=False)
def _tooltip_table(token: int, view: str, digest: str, _geometry: DistrictGeometry, _dataset: Dataset, _timeline: Timeline) -> str | None:
    """The view's tooltip table (built once per timeline, view and geometry; None for large gazetteers)."""
    return tooltip_table_json(_geometry, _dataset, _timeline, view)


def _tooltips_url(app_dir: Path, geometry: DistrictGeometry, dataset: Dataset, timeline: Timeline, view: str) -> str | None:
    text = _tooltip_table(id(timeline), view, geometry.digest, geometry, dataset, timeline)
    return _publish(app_dir, text, ".json") if text is not None else None


def _publish(app_dir: Path, text: str, suffix: str) -> str:
    """Serve ``text`` as a static file named by its content (written once; a ``stat`` after)."""
    return publish_generated(app_dir, content_name(text, suffix), text)


def _clicked(result: dict | None) -> str | None:
    """The district of a new click (the click counter moved), else None."""

    if not result:
        return None
    count = result.get("last_object_clicked_count")
    if not count or count == st.session_state.get("_map_clicks"):
        return None
    st.session_state["_map_clicks"] = count
    feature = result.get("last_active_drawing") or {}
    return (feature.get("properties") or {}).get("id")
