"""Panjshir control map — composition only: read settings, call the layers, lay out the page.

Run: ``streamlit run app.py [-- --claims F --districts F --boundaries F --allow-edit]``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

from components import banner, data, day_claims, district_panel, downloads, legend, permalink, sources, timeline_chart, timeslider
from components import map as district_map
from components.boundaries import load_shapes
from components.settings import read_settings
from control.rules import CONSENSUS

APP_DIR = Path(__file__).resolve().parent

st.set_page_config(page_title="Panjshir control map", page_icon="🗺️", layout="wide")
settings = read_settings(sys.argv[1:])
loaded = data.load(settings.districts, settings.claims)

st.title("Who controls Panjshir — according to whom")
if loaded.problems:
    banner.data_problems(loaded.problems, loaded.dataset is not None)
if loaded.dataset is None:
    st.stop()
dataset, timeline = loaded.dataset, loaded.timeline
if not dataset.claims:
    st.info("claims.yaml has no claims yet.")
    st.stop()

shapes, shapes_error = load_shapes(dataset.gazetteer, settings.boundaries)
banner.boundaries_notice(shapes, shapes_error)

days = timeslider.day_range(dataset)
if "_permalink" not in st.session_state:
    st.session_state["_permalink"] = permalink.read(days, timeline.views, dataset.gazetteer)
wanted = st.session_state["_permalink"]

with st.sidebar:
    st.header("View")
    view_names = {CONSENSUS: "Consensus (default)", "independent": "Independent sources only"}
    view_names.update({p.id: f"{p.name}'s own claims" for p in dataset.parties})
    if "view" not in st.session_state or st.session_state["view"] not in timeline.views:
        st.session_state["view"] = wanted.get("view", CONSENSUS)
    view = st.radio("Whose word", timeline.views, format_func=view_names.get, key="view")
    tiles = district_map.BASEMAPS[st.selectbox("Basemap", list(district_map.BASEMAPS), key="basemap")]

date = timeslider.render(dataset, wanted.get("date"))
states = timeline.states_on(date, view)

with st.sidebar:
    st.subheader(f"{date:%d %b %Y}")
    legend.render(view, dataset, states)
    st.caption("Hatched: claimed by a party, not confirmed by an independent witness or the other side.")

clicked = district_map.render(APP_DIR, shapes, dataset, timeline, date, view, selected=st.session_state.get("district"), tiles=tiles)
if clicked:
    st.session_state["district"] = clicked

left, right = st.columns([1, 1], gap="large")
with left:
    district = district_panel.choose(dataset, wanted.get("district"))
    if district:
        district_panel.render(district, dataset, timeline, view, days, date)
with right:
    day_claims.render(dataset, date)

if settings.allow_edit:  # the only write path: without --allow-edit neither the form nor control.writer is imported
    from components import claim_form

    claim_form.render(dataset, settings, date)

st.markdown(f"#### Control over time — {view_names[view]}")
timeline_chart.render(dataset, timeline, view, days, date)
permalink.write(date, view, district)

with st.sidebar:
    downloads.render(dataset, timeline, shapes, date, view)
    sources.render(dataset, shapes)
