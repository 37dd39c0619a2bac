"""Date, view and selected district live in the URL query string (shareable links)."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from control.model import Gazetteer


def read(dates: list[dt.date], views: list[str], gazetteer: Gazetteer) -> dict:
    """Initial values from ``?date=…&view=…&district=…``; bad values are ignored."""
    params = st.query_params
    wanted: dict = {}
    try:
        day = dt.date.fromisoformat(params.get("date", ""))
        if dates and dates[0] <= day <= dates[-1]:
            wanted["date"] = day
    except ValueError:
        pass
    if params.get("view") in views:
        wanted["view"] = params["view"]
    district = gazetteer.lookup(params.get("district", "")) if params.get("district") else None
    if district is not None:
        wanted["district"] = district.id
    return wanted


def write(date: dt.date, view: str, district: str | None) -> None:
    """Mirror the current choices into the URL, touching only what changed."""
    wanted = {"date": date.isoformat(), "view": view}
    if district:
        wanted["district"] = district
    for key, value in wanted.items():
        if st.query_params.get(key) != value:
            st.query_params[key] = value
    if not district and "district" in st.query_params:
        del st.query_params["district"]
