"""The date slider: daily steps, step buttons, play/pause, and the days claims were made.

The slider and its buttons live in the day fragment (``app.py``): a step reruns that
fragment only. The "days with claims" pills sit outside it and rerun just the
fragment too (a keyed ``st.rerun``). Play turns the fragment into a timed one
(``run_every``): each tick advances a day without rerunning the rest of the page.
"""

from __future__ import annotations

import datetime as dt
import time

import streamlit as st

from control.model import Dataset

DATE_KEY = "date"
PLAYING_KEY = "playing"
PLAY_INTERVAL_S = 1.2
#: The day fragment's key, for ``st.rerun(DAY_FRAGMENT)`` from callbacks outside it.
DAY_FRAGMENT = "day"
_PLAYED_AT = "_played_at"
#: More days with claims than this and the pills become a select box.
MAX_PILLS = 60


def day_range(dataset: Dataset) -> list[dt.date]:
    """Every day from the first claim date to the last."""
    dates = dataset.dates
    if not dates:
        return []
    return [dates[0] + dt.timedelta(days=i) for i in range((dates[-1] - dates[0]).days + 1)]


def _shift(days: list[dt.date], step: int) -> None:
    current = st.session_state.get(DATE_KEY, days[-1])
    index = min(max(days.index(current) + step, 0), len(days) - 1) if current in days else len(days) - 1
    st.session_state[DATE_KEY] = days[index]


def _toggle_play(days: list[dt.date]) -> None:
    playing = not st.session_state.get(PLAYING_KEY, False)
    st.session_state[PLAYING_KEY] = playing
    st.session_state[_PLAYED_AT] = time.monotonic()
    if playing and st.session_state.get(DATE_KEY) == days[-1]:
        st.session_state[DATE_KEY] = days[0]  # play from the start when at the end
    st.rerun()  # the whole page: the day fragment is re-declared with (or without) its timer


def _jump(days: list[dt.date], key: str) -> None:
    chosen = st.session_state.get(key)
    if chosen in days:
        st.session_state[DATE_KEY] = chosen
    st.session_state[key] = None
    st.rerun(DAY_FRAGMENT)  # only the day's fragment: nothing else depends on the date


def is_playing() -> bool:
    return bool(st.session_state.get(PLAYING_KEY, False))


def jump_to_claim_days(dataset: Dataset, days: list[dt.date]) -> None:
    """Pills (a select box when there are many) of the days on which claims were made."""
    counts = dataset.claim_counts()
    options = sorted(counts)
    common = {
        "options": options,
        "format_func": lambda d: f"{d:%d %b %Y} ({counts[d]})" if len(options) > MAX_PILLS else f"{d:%d %b} ({counts[d]})",
        "key": "claim_day_pick",
        "on_change": _jump,
        "args": (days, "claim_day_pick"),
        "help": "Jump to a day on which claims were made (number of claims and statements).",
    }
    if len(options) > MAX_PILLS:
        st.selectbox(f"Days with claims ({len(options)})", index=None, placeholder="Jump to a day with claims", **common)
    else:
        st.pills("Days with claims", **common)


def render(days: list[dt.date], initial: dt.date | None) -> dt.date:
    """Draw the slider and its buttons (inside the day fragment); returns the selected day."""
    if DATE_KEY not in st.session_state or st.session_state[DATE_KEY] not in days:
        st.session_state[DATE_KEY] = initial if initial in days else days[-1]
    if is_playing():
        _tick(days)
    if len(days) > 1:
        st.slider("Date", min_value=days[0], max_value=days[-1], step=dt.timedelta(days=1), format="ddd D MMM YYYY", key=DATE_KEY)
    else:
        st.markdown(f"**Date:** {days[0]:%a %d %b %Y}")
    row = st.container(horizontal=True)  # one block, not a row of columns: a step re-sends it
    row.button("◀ Day", on_click=_shift, args=(days, -1), width="stretch", help="One day back")
    row.button("⏸ Pause" if is_playing() else "▶ Play", on_click=_toggle_play, args=(days,), width="stretch", key="play_button")
    row.button("Day ▶", on_click=_shift, args=(days, +1), width="stretch", help="One day forward")
    return st.session_state[DATE_KEY]


def _tick(days: list[dt.date]) -> None:
    """While playing, advance a day once per interval (the fragment's timer calls us; other reruns
    within the interval do not advance); on the last day stop and drop the timer."""
    now = time.monotonic()
    if now - st.session_state.get(_PLAYED_AT, 0.0) < 0.8 * PLAY_INTERVAL_S:
        return
    st.session_state[_PLAYED_AT] = now
    if st.session_state[DATE_KEY] >= days[-1]:
        st.session_state[PLAYING_KEY] = False
        st.rerun()  # the whole page, so the fragment loses its timer
    _shift(days, +1)
