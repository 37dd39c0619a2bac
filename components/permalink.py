"""Date, compared date, view and selected district live in the URL query string (shareable links)."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from core.model import Gazetteer


def read(dates: list[dt.date], views: list[str], gazetteer: Gazetteer) -> dict:
    """Initial values from ``?date=…&compare=…&view=…&district=…``; bad values are ignored."""
    params = st.query_params
    wanted: dict = {}
    for name in ("date", "compare"):
        try:
            day = dt.date.fromisoformat(params.get(name, ""))
        except ValueError:
            continue
        if dates and dates[0] <= day <= dates[-1]:
            wanted[name] = day
    if params.get("view") in views:
        wanted["view"] = params["view"]
    district = gazetteer.lookup(params.get("district", "")) if params.get("district") else None
    if district is not None:
        wanted["district"] = district.id
    return wanted


def write(date: dt.date, view: str, district: str | None, compare: dt.date | None = None) -> None:
    """Mirror the current choices into the URL, touching only what changed."""
    wanted = {"date": date.isoformat(), "view": view}
    if compare:
        wanted["compare"] = compare.isoformat()
    if district:
        wanted["district"] = district
    for key, value in wanted.items():
        if st.query_params.get(key) != value:
            st.query_params[key] = value
    for key in ("district", "compare"):
        if key not in wanted and key in st.query_params:
            del st.query_params[key]
