"""What was said on the selected day, filterable by side and source."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from components.claim_card import claim_html
from control.explain import side_name
from control.model import Dataset


def render(dataset: Dataset, day: dt.date) -> None:
    """The day's claims; the filters start with everything selected whenever their choices change
    (a claim from a new source, added by hand or in the form, is never hidden by an old filter)."""
    todays = [c for c in dataset.claims if c.date == day]
    st.markdown(f"#### Said on {day:%A %d %B %Y}: {len(todays)}")
    if not todays:
        st.caption("No claims or statements were made on this day.")
        return
    sides = sorted({dataset.source(c.source).side for c in todays}, key=lambda s: side_name(s, dataset))
    chosen_sides = st.multiselect(
        "Side", sides, default=sides, format_func=lambda s: side_name(s, dataset), key=f"day_sides_{day}_{'|'.join(sides)}"
    )
    sources = sorted({c.source for c in todays if dataset.source(c.source).side in chosen_sides}, key=lambda s: dataset.source(s).name)
    chosen_sources = st.multiselect(
        "Source", sources, default=sources, format_func=lambda s: dataset.source(s).name, key=f"day_sources_{day}_{'|'.join(sources)}"
    )
    shown = [c for c in todays if c.source in chosen_sources]
    st.markdown("".join(claim_html(c, dataset, show_date=False) for c in shown), unsafe_allow_html=True)
