"""Download buttons: the map of the current date and view as GeoJSON, CSV, HTML or PNG.

The files are the ones ``python -m control export`` writes (:func:`exports.registry.export_bytes`).
Nothing is generated while the reader moves the slider: each button gets a callable
that Streamlit runs only when that button is clicked (deferred download data), and a
click does not rerun the page. A rerun costs four button widgets, a millisecond or two.
(Each run registers new callables and revokes the last run's, so a click that lands
while the page is rerunning fetches nothing; a second works.)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import streamlit as st

from components import styles
from core.dates import strfday
from core.model import Dataset
from core.rules import Timeline
from exports.registry import MEDIA_TYPES, export_bytes, export_filename

#: (format, button label, what it is for)
BUTTONS = (
    ("geojson", "GeoJSON", "The districts with their state on this date: for QGIS or geojson.io."),
    ("csv", "CSV", "Every change of every district's state under this view (the whole timeline): for spreadsheets."),
    ("html", "HTML map", "A standalone map with its own date slider and the claims behind each colour; opens offline (an attachment)."),
    ("png", "PNG", "A picture of this date, with legend and attribution: for reports and slides."),
)


def _maker(fmt: str, timeline: Timeline, shapes: Any, date: dt.date, view: str, compare: dt.date | None) -> Callable[[], bytes]:
    # Runs on a server thread when the button is clicked; pure, so no Streamlit context needed.
    return lambda: export_bytes(fmt, timeline, shapes, date, view, compare=compare)  # the PNG ignores compare


def heading(shapes: Any) -> None:
    """The title and note above the buttons (they do not change with the date)."""
    st.markdown(styles.heading("Export this view", 2, "minor"), unsafe_allow_html=True)
    note = "Date and view as shown; the CSV is the whole timeline."
    if shapes.schematic:
        note += " The shapes are schematic, and the GeoJSON, HTML and PNG say so."
    st.caption(note)


def render(dataset: Dataset, timeline: Timeline, shapes: Any, date: dt.date, view: str, *, compare: dt.date | None = None) -> None:
    """The export buttons for ``date`` and ``view`` (a comparison with ``compare`` for CSV, GeoJSON
    and HTML); cheap on every rerun (each report of a new day redraws them)."""
    if compare is not None:
        first, second = strfday(compare, "%d %b %Y"), strfday(date, "%d %b %Y")
        st.caption(f"Comparing {first} with {second}: the CSV and GeoJSON are the comparison; the PNG is {date:%d %b}.")
    row = st.container(horizontal=True)  # one block, not columns: a rerun re-sends it
    for fmt, label, purpose in BUTTONS:
        row.download_button(
            label,
            data=_maker(fmt, timeline, shapes, date, view, compare),  # run only when clicked
            file_name=export_filename(dataset, fmt, date, view, compare),
            mime=MEDIA_TYPES[fmt],
            key=f"download-{fmt}",
            help=purpose,
            on_click="ignore",  # no rerun for a download
            width="stretch",
        )
