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


#: The keys this module owns; any other parameter in the URL is kept as it is.
KEYS = ("date", "compare", "view", "district")
_WRITTEN = "_permalink_written"


def write(date: dt.date, view: str, district: str | None, compare: dt.date | None = None) -> None:
    """Mirror the current choices into the URL when they differ from what this session last wrote.

    Compared with what was last *written*, not with ``st.query_params``: a rerun's query
    string comes from the browser, which may not yet have applied the previous run's
    change (a click while a day's run is still in flight), and would hide it.
    """
    wanted = {"date": date.isoformat(), "view": view}
    if compare:
        wanted["compare"] = compare.isoformat()
    if district:
        wanted["district"] = district
    shown = {k: st.query_params[k] for k in KEYS if k in st.query_params}
    if st.session_state.get(_WRITTEN) == wanted and shown == wanted:
        return
    others = {k: st.query_params.get_all(k) for k in st.query_params if k not in KEYS}
    st.query_params.from_dict({**others, **wanted})  # one message
    st.session_state[_WRITTEN] = wanted
