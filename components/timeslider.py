"""The date slider: daily steps, step buttons, play/pause, and the days claims were made."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import streamlit as st

from control.model import Dataset

DATE_KEY = "date"
PLAYING_KEY = "playing"
PLAY_INTERVAL_S = 1.2


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
    if playing and st.session_state.get(DATE_KEY) == days[-1]:
        st.session_state[DATE_KEY] = days[0]  # play from the start when at the end


def _jump(days: list[dt.date]) -> None:
    chosen = st.session_state.get("claim_day_pick")
    if chosen in days:
        st.session_state[DATE_KEY] = chosen
    st.session_state["claim_day_pick"] = None


def render(dataset: Dataset, initial: dt.date | None) -> dt.date:
    """Draw the controls; returns the selected day."""
    days = day_range(dataset)
    if DATE_KEY not in st.session_state or st.session_state[DATE_KEY] not in days:
        st.session_state[DATE_KEY] = initial if initial in days else days[-1]
    if len(days) > 1:
        st.slider("Date", min_value=days[0], max_value=days[-1], step=dt.timedelta(days=1), format="ddd D MMM YYYY", key=DATE_KEY)
    else:
        st.markdown(f"**Date:** {days[0]:%a %d %b %Y}")
    back, play, forward = st.columns(3)
    back.button("◀ Day", on_click=_shift, args=(days, -1), width="stretch", help="One day back")
    playing = st.session_state.get(PLAYING_KEY, False)
    play.button("⏸ Pause" if playing else "▶ Play", on_click=_toggle_play, args=(days,), width="stretch", key="play_button")
    forward.button("Day ▶", on_click=_shift, args=(days, +1), width="stretch", help="One day forward")
    counts = Counter(c.date for c in dataset.claims)
    st.pills(
        "Days with claims",
        options=sorted(counts),
        format_func=lambda d: f"{d:%d %b} ({counts[d]})",
        key="claim_day_pick",
        on_change=_jump,
        args=(days,),
        help="Jump to a day on which claims were made (number of claims and statements).",
    )
    if playing:
        _player(days)
    return st.session_state[DATE_KEY]


@st.fragment(run_every=PLAY_INTERVAL_S)
def _player(days: list[dt.date]) -> None:
    """While playing, advance one day per tick and rerun the page; stop at the last day."""
    if not st.session_state.get(PLAYING_KEY):
        return
    if st.session_state.get("_player_armed"):
        current = st.session_state[DATE_KEY]
        if current >= days[-1]:
            st.session_state[PLAYING_KEY] = False
        else:
            _shift(days, +1)
        st.session_state["_player_armed"] = False
        st.rerun(scope="app")
    st.session_state["_player_armed"] = True
