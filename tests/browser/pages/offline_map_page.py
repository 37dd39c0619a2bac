"""Demo Streamlit page for the browser tests: offline map, hatching, no-flash restyle.

The base map is the same on every rerun, so streamlit-folium keeps its iframe and
Leaflet map; moving the slider only replaces the dynamic feature group (see
``offline_map_scenario.build_map``). The test harness runs it from the repository
root with the repository on PYTHONPATH.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from offline_map_scenario import DAYS, build_map
from streamlit_folium import st_folium

from components.static_assets import ensure_static_assets
from webmap.offline import external_references

ensure_static_assets(Path(__file__).resolve().parent)

day = st.slider("Day", min_value=min(DAYS), max_value=max(DAYS), value=min(DAYS), key="day")
base, districts = build_map(day)

problems = external_references(base) + external_references(districts)
if problems:
    st.error(f"External references: {problems}")

st_folium(
    base,
    key="map",
    feature_group_to_add=districts,
    returned_objects=[],  # panning/zooming must not rerun the app
    height=420,
    width=700,
)
st.caption(f"day={day}")
