"""Control over time: districts × days coloured by state, the selected day marked."""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st

from control.model import Dataset
from control.rules import Timeline
from control.style import categories, category_color, category_label


def frame(dataset: Dataset, timeline: Timeline, view: str, days: list[dt.date]) -> pd.DataFrame:
    rows = []
    for district in dataset.gazetteer.districts:
        for day in days:
            s = timeline.state(district.id, day, view)
            rows.append({"district": district.name, "day": day.isoformat(), "state": category_label(s.status, s.holder, dataset)})
    return pd.DataFrame(rows)


def render(dataset: Dataset, timeline: Timeline, view: str, days: list[dt.date], selected: dt.date) -> None:
    data = frame(dataset, timeline, view, days)
    cats = categories(view, dataset)
    domain = [category_label(s, h, dataset) for s, h in cats]
    colors = [category_color(s, h, dataset) for s, h in cats]
    opacity = alt.condition(
        alt.FieldOneOfPredicate("state", [category_label(s, h, dataset) for s, h in cats if s == "claimed"]),
        alt.value(0.45),
        alt.value(1.0),
    )
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
    marker = (
        alt.Chart(pd.DataFrame({"day": [selected.isoformat()]})).mark_rect(fill=None, stroke="black", strokeWidth=2.5).encode(x="day:O")
    )
    st.altair_chart((cells + marker).properties(height=height), width="stretch")
