"""Sources and attribution: where the shapes and the claims come from."""

from __future__ import annotations

import streamlit as st

from components.styles import heading
from components.text import link_md, md
from core.labels import SCHEMATIC_WARNING
from core.model import Dataset


def render(dataset: Dataset, boundaries) -> None:
    st.markdown(heading("Sources and attribution", 2, "minor"), unsafe_allow_html=True)
    if boundaries.schematic:
        st.markdown(f"**Boundaries:** {SCHEMATIC_WARNING}.")
    else:
        st.markdown(f"**Boundaries:** {link_md(boundaries.attribution_url, boundaries.attribution)}")
    reports: dict[str, int] = {}
    for pair, count in dataset.report_counts().items():
        label = " — ".join(x for x in pair if x)
        if label:
            reports[label] = reports.get(label, 0) + count
    items = "\n".join(f"- {md(label)} ({n})" for label, n in sorted(reports.items()))
    st.markdown(f"**Claims, as reported by** (number of claims):\n{items}")
    st.caption("Map: Leaflet (BSD-2-Clause), served by this app. No CDN.")
