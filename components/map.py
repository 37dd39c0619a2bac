"""The map on the page: streamlit-folium with a constant base and a restyled district layer.

The base (Leaflet, neighbours, district labels) renders identically on every rerun,
so streamlit-folium keeps its iframe and Leaflet map (no flash, zoom and pan kept);
only the district layer, passed as ``feature_group_to_add``, changes with the date
and view. The folium objects are built by :mod:`webmap.choropleth`.
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
from webmap.choropleth import BASEMAPS, geometry_base_map, state_layer
from webmap.geometry_once import district_geometry, geometry_script, geometry_script_filename

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
    script_url = publish_generated(app_dir, geometry_script_filename(), geometry_script())
    result = st_folium(
        geometry_base_map(boundaries, geometry, url, [p.color for p in dataset.parties], tiles, script_url=script_url),
        key=f"map-{tiles or 'none'}",
        feature_group_to_add=state_layer(geometry, dataset, timeline, date, view, selected),
        returned_objects=["last_object_clicked_count", "last_active_drawing"],
        use_container_width=True,
        height=height,
    )
    return _clicked(result)


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
