"""Control over time: districts × days coloured by state.

Small gazetteers (Panjshir) get an interactive Altair chart. Large ones (a national
gazetteer over years: 398 districts × 1,000+ days) would send tens of MB of cells,
so they get a raster image built from the change points with numpy, cached per
timeline and view, and served as a media file the browser fetches once. Neither
depends on the date: the chart is drawn by the full page run, and a slider step
(the day fragment) only redraws the small marker of the selected day under the
raster (:func:`marker`). The Altair chart's day axis is not a fixed share of its
width, so it carries no marker; the slider above it says the day.
"""

from __future__ import annotations

import datetime as dt
import io

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st
from PIL import Image
from streamlit.delta_generator import DeltaGenerator

from components.day_marker import day_marker_html
from components.identity import token
from components.text import esc
from core.dates import DayRange, strfday
from core.model import Dataset
from core.rules import Timeline
from core.style import categories, category_key, category_label, legend, legend_entry
from webmap.hatching import long_hex

MAX_CELL_DISTRICTS = 40
MAX_CELL_DAYS = 400
RASTER_WIDTH = 1200


def frame(dataset: Dataset, timeline: Timeline, view: str, days: list[dt.date]) -> pd.DataFrame:
    rows = []
    for district in dataset.gazetteer.districts:
        for day in days:
            s = timeline.state(district.id, day, view)
            rows.append({"district": district.name, "day": day.isoformat(), "state": category_label(s.status, s.holder, dataset, view)})
    return pd.DataFrame(rows)


def render(dataset: Dataset, timeline: Timeline, view: str, days: list[dt.date]) -> DeltaGenerator | None:
    """Draw the chart; for the raster, return the slot under it where :func:`marker` goes."""
    if len(dataset.gazetteer.districts) <= MAX_CELL_DISTRICTS and len(days) <= MAX_CELL_DAYS:
        _cells(dataset, timeline, view, days)
        return None
    return _raster(dataset, timeline, view, days)


def _cells(dataset: Dataset, timeline: Timeline, view: str, days: list[dt.date]) -> None:
    data = frame(dataset, timeline, view, days)
    entries = legend(view, dataset)
    domain = [e.label for e in entries]
    colors = [e.color for e in entries]
    claimed = [e.label for e in entries if e.hatched]
    opacity = alt.condition(alt.FieldOneOfPredicate("state", claimed), alt.value(0.45), alt.value(1.0))
    height = max(120, 22 * len(dataset.gazetteer.districts))
    cells = (
        alt.Chart(data)
        .mark_rect(stroke="white", strokeWidth=1)
        .encode(
            x=alt.X("day:O", title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("district:N", title=None, sort=None),
            color=alt.Color("state:N", scale=alt.Scale(domain=domain, range=colors), legend=None),
            opacity=opacity,
            tooltip=["district", "day", "state"],
        )
    )
    st.altair_chart(cells.properties(height=height), width="stretch")


def state_matrix(dataset: Dataset, timeline: Timeline, view: str, days: list[dt.date]) -> tuple[np.ndarray, list[tuple[str, str | None]]]:
    """Category index per district (rows) per day (columns), filled from change points only."""
    cats = categories(view, dataset)
    index = {cat: i for i, cat in enumerate(cats)}
    unknown = index[("unknown", None)]
    matrix = np.full((len(dataset.gazetteer.districts), len(days)), unknown, dtype=np.uint8)
    start = days[0]
    for row, district in enumerate(dataset.gazetteer.districts):
        for date, status, holder in timeline.change_categories(district.id, view):
            column = max((date - start).days, 0)
            matrix[row, column:] = index.get(category_key(status, holder), unknown)
    return matrix, cats


def raster_png(dataset: Dataset, timeline: Timeline, view: str, days: list[dt.date]) -> bytes:
    """The districts × days image (claimed drawn lighter), as PNG bytes."""
    matrix, cats = state_matrix(dataset, timeline, view, days)
    palette = np.zeros((len(cats), 3), dtype=np.uint8)
    for i, (status, holder) in enumerate(cats):
        entry = legend_entry(status, holder, dataset, view)
        color = long_hex(entry.color)  # #abc party colours are allowed
        rgb = np.array([int(color[k : k + 2], 16) for k in (1, 3, 5)], dtype=float)
        if entry.hatched:  # unconfirmed: lighter
            rgb = rgb + (255 - rgb) * 0.55
        palette[i] = rgb.astype(np.uint8)
    image = Image.fromarray(palette[matrix], mode="RGB")
    height = int(min(max(len(dataset.gazetteer.districts) * 2, 160), 600))
    image = image.resize((min(RASTER_WIDTH, max(len(days), 300)), height), Image.Resampling.NEAREST)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


@st.cache_resource(max_entries=16, show_spinner=False)
def _cached_png(token: int, view: str, first: dt.date, last: dt.date, _dataset: Dataset, _timeline: Timeline) -> bytes:
    return raster_png(_dataset, _timeline, view, DayRange(first, last))


def _raster(dataset: Dataset, timeline: Timeline, view: str, days: list[dt.date]) -> DeltaGenerator:
    png = _cached_png(token(timeline), view, days[0], days[-1], dataset, timeline)
    st.image(png, width="stretch", caption=f"{len(dataset.gazetteer.districts)} districts (rows, gazetteer order) × {len(days)} days")
    slot = st.container()
    swatches = "".join(
        f'<span style="display:inline-flex;align-items:center;gap:.3em;margin-right:1em">'
        f'<span style="width:.9em;height:.9em;background:{e.color};'
        f"{'opacity:.45;' if e.hatched else ''}"
        f'display:inline-block"></span>{esc(e.label)}</span>'
        for e in legend(view, dataset)
    )
    st.markdown(f'<div style="font-size:.8em;margin-top:.3em">{swatches}</div>', unsafe_allow_html=True)
    return slot


def marker(days: list[dt.date], selected: dt.date) -> None:
    """The selected day under the raster: a bar at its column, and the first, selected and last dates."""
    first, chosen, last = (strfday(d, "%d %b %Y") for d in (days[0], selected, days[-1]))
    st.markdown(
        f"{day_marker_html(days, selected)}"
        f'<div class="day-range"><span>{first}</span><b>{chosen}</b><span>{last}</span></div>',
        unsafe_allow_html=True,
    )
