"""The days of the map, and the "days with claims" pills that jump to one.

The date slider, its step buttons, the keyboard and play live in the browser
(:mod:`components.timemap`); the pills sit outside the day fragment and move the map
by a seek, rerunning just the fragment (a keyed ``st.rerun``).
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from components import timemap
from core.dates import DayRange, strfday
from core.model import Dataset

#: The day fragment's key, for ``st.rerun(DAY_FRAGMENT)`` from callbacks outside it.
DAY_FRAGMENT = "day"
#: More days with claims than this and the pills become a select box.
MAX_PILLS = 60


def day_range(dataset: Dataset) -> DayRange:
    """Every day from the first claim date to the last (a range: claims 0001 to 9999 are 3.65 million days); today alone while
    there are no claims."""
    dates = dataset.dates
    if not dates:
        return DayRange(dt.date.today(), dt.date.today())
    return DayRange(dates[0], dates[-1])


def start(days: list[dt.date], initial: dt.date | None, compare: dt.date | None = None) -> None:
    """The map's first day (and compared day) for this session: the permalink's, else the last day."""
    if timemap.DATE_KEY not in st.session_state or st.session_state[timemap.DATE_KEY] not in days:
        timemap.seek(initial if initial in days else days[-1])
        if compare in days:
            timemap.seek(compare, compare=True)


def _jump(days: list[dt.date], key: str) -> None:
    chosen = st.session_state.get(key)
    if chosen in days:
        timemap.seek(chosen)
    st.session_state[key] = None
    st.rerun(DAY_FRAGMENT)  # only the day's fragment: nothing else depends on the date


def jump_to_claim_days(dataset: Dataset, days: list[dt.date]) -> None:
    """Pills (a select box when there are many) of the days on which claims were made."""
    counts = dataset.claim_counts()
    options = sorted(counts)
    common = {
        "options": options,
        "format_func": lambda d: f"{strfday(d, '%d %b %Y')} ({counts[d]})" if len(options) > MAX_PILLS else f"{d:%d %b} ({counts[d]})",
        "key": "claim_day_pick",
        "on_change": _jump,
        "args": (days, "claim_day_pick"),
        "help": "Jump to a day on which claims were made (number of claims and statements).",
    }
    if len(options) > MAX_PILLS:
        st.selectbox(f"Days with claims ({len(options)})", index=None, placeholder="Jump to a day with claims", **common)
    else:
        st.pills("Days with claims", **common)
