"""The control map — composition only: read settings, call the layers, lay out the page.

Run: ``streamlit run app.py [-- --claims F --districts F --boundaries F --allow-edit]``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

from components import (
    banner,
    compare,
    data,
    day_claims,
    district_panel,
    downloads,
    permalink,
    places,
    sources,
    styles,
    timeline_chart,
    timemap,
    timeslider,
)
from components.boundaries import load_shapes
from components.settings import read_settings
from components.text import md
from core.labels import PATTERN_NOTE
from core.model import RELIABILITY_LABELS
from core.rules import CONSENSUS

APP_DIR = Path(__file__).resolve().parent

settings = read_settings(sys.argv[1:])
loaded = data.load(settings.districts, settings.claims)

region = loaded.dataset.gazetteer.region if loaded.dataset is not None else ""
# The browser tab names the gazetteer's region (the national map is not "Panjshir"); plain text, never HTML.
st.set_page_config(page_title=f"{region or 'District'} control map", page_icon="🗺️", layout="wide")
styles.inject()  # first: the title's size on a phone comes from it
st.markdown(styles.heading(f"Who controls {region or 'which district'} — according to whom", 1, "title"), unsafe_allow_html=True)
with st.container():  # always there, so a banner appearing never shifts (and remounts) the map below
    if loaded.problems:
        banner.data_problems(loaded.problems, loaded.dataset is not None)
if loaded.dataset is None:
    st.stop()
dataset, timeline = loaded.dataset, loaded.timeline
if not dataset.claims:  # a new region (python -m control init): the map, every district without information
    st.info(f"{md(dataset.claims_path.name if dataset.claims_path else 'claims.yaml')} has no claims yet: no district has information. "
            "Add claims to it (it may hold a commented example of each kind) and the map follows.")  # fmt: skip

shapes, shapes_error = load_shapes(dataset.gazetteer, settings.boundaries)
banner.boundaries_notice(shapes, shapes_error)
placed = places.located(dataset.gazetteer, shapes)
banner.place_problems(placed.problems)

days = timeslider.day_range(dataset)
if "_permalink" not in st.session_state:
    st.session_state["_permalink"] = permalink.read(days, timeline.views, dataset.gazetteer)
wanted = st.session_state["_permalink"]
timeslider.start(days, wanted.get("date"), wanted.get("compare"))

with st.sidebar:
    st.header("View")
    view_names = {CONSENSUS: "Consensus (default)", "independent": "Independent sources only"}
    view_names.update({p.id: f"{p.name}'s own claims" for p in dataset.parties})
    if "view" not in st.session_state or st.session_state["view"] not in timeline.views:
        st.session_state["view"] = wanted.get("view", CONSENSUS)
    view = st.radio("Whose word", timeline.views, format_func=view_names.get, key="view")
    if any(s.reliability != "F" for s in dataset.sources):  # Admiralty grades: only when some source has one
        grades = {"F": "every source", **{g: f"{g} or better ({RELIABILITY_LABELS[g]})" for g in "ABCDE"}}
        minimum = st.selectbox("Count sources graded", list(grades), format_func=grades.get, key="min_reliability")
        dataset, timeline = data.graded(loaded, minimum)
    tiles = timemap.BASEMAPS[st.selectbox("Basemap", list(timemap.BASEMAPS), key="basemap")]
    st.caption(PATTERN_NOTE)

# Everything that depends on the date is drawn by `day` below, into these slots; the rest of the
# page is drawn by full runs only (view, basemap, district choice, an edit of the files). The map
# itself scrubs, steps and plays in the browser; `day` runs once the reader's day stands still.
timeslider.jump_to_claim_days(dataset, days)
controls = st.container()
left, right = st.columns([1, 1], gap="large")
with left:
    district = district_panel.choose(dataset, wanted.get("district"))
    district_slot = district_panel.history(district, dataset, timeline, view, days, placed.districts) if district else None
with right:
    compare_slot = st.container()
    day_slot = st.container()

if settings.allow_edit:  # the only write path: without --allow-edit neither the form nor yamldata.writer is imported
    from components import claim_form

    claim_form.render(dataset, settings, st.session_state.get(timemap.DATE_KEY) or days[-1])

st.markdown(styles.heading(f"Control over time — {view_names[view]}", 2), unsafe_allow_html=True)
chart_slot = timeline_chart.render(dataset, timeline, view, days)

with st.sidebar:
    downloads.heading(shapes)
    downloads_slot = st.container()
    sources.render(dataset, shapes)


def day() -> None:
    """The map's report of a new day (or compared day) reruns only this: the day's panels, exports, permalink."""
    if data.files_changed(settings.districts, settings.claims, loaded):
        st.rerun()  # an edit was saved: reload and redraw the whole page
    chosen = timemap.render(APP_DIR, shapes, timeline, view, days, selected=district, tiles=tiles)
    if chosen.clicked and chosen.clicked != district:
        st.session_state["district"] = chosen.clicked
        st.rerun()  # the whole page: the district's history is drawn by full runs
    date = chosen.date
    with compare_slot:
        compare.render(dataset, timeline, view, chosen.compare, date)
    if district_slot is not None:
        with district_slot:
            district_panel.on_day(district, dataset, timeline, view, days, date, placed.districts)
    with day_slot:
        day_claims.render(dataset, date)
    if chart_slot is not None:
        with chart_slot:
            timeline_chart.marker(days, date)
    with downloads_slot:
        downloads.render(dataset, timeline, shapes, date, view, compare=chosen.compare)
    permalink.write(date, view, district, chosen.compare)


with controls:
    st.fragment(day, key=timeslider.DAY_FRAGMENT)()
