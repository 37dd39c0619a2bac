"""What was said on the selected day, filterable by side and source.

Drawn by the day fragment on every slider step, so it sends at most
:data:`PAGE` cards unless the reader asks for all of them.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from components.claim_card import claim_html
from components.styles import heading
from core.dates import strfday
from core.explain import side_name
from core.model import Dataset

#: Cards shown before "Show all"; a national day can have a hundred claims.
PAGE = 8
SHOW_ALL_KEY = "day_show_all"


def render(dataset: Dataset, day: dt.date) -> None:
    """The day's claims; the filters start with everything selected whenever their choices change
    (a claim from a new source, added by hand or in the form, is never hidden by an old filter)."""
    todays = dataset.claims_on(day)  # a lookup in the dataset's index, not a scan of every claim
    title = heading(f"Said on {strfday(day, '%A %d %B %Y')}: {len(todays)}", 2)
    if not todays:
        st.markdown(f"{title}\n\nNo claims or statements were made on this day.", unsafe_allow_html=True)
        return
    st.markdown(title, unsafe_allow_html=True)
    sides = sorted({dataset.source(c.source).side for c in todays}, key=lambda s: side_name(s, dataset))
    chosen_sides = st.multiselect(
        "Side", sides, default=sides, format_func=lambda s: side_name(s, dataset), key=f"day_sides_{day}_{'|'.join(sides)}"
    )
    sources = sorted({c.source for c in todays if dataset.source(c.source).side in chosen_sides}, key=lambda s: dataset.source(s).name)
    chosen_sources = st.multiselect(
        "Source", sources, default=sources, format_func=lambda s: dataset.source(s).name, key=f"day_sources_{day}_{'|'.join(sources)}"
    )
    shown = [c for c in todays if c.source in chosen_sources]
    show_all = st.session_state.get(SHOW_ALL_KEY, False)
    cards = shown if show_all else shown[:PAGE]
    more = f'<p class="claims-shown">Showing {len(cards)} of {len(shown)}.</p>' if len(cards) < len(shown) else ""
    st.markdown("".join(claim_html(c, dataset, show_date=False) for c in cards) + more, unsafe_allow_html=True)
    if len(shown) > PAGE:
        st.toggle("Show every claim of the day", key=SHOW_ALL_KEY)
