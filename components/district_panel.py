"""A district's history: every claim about it in date order and a strip of its states."""

from __future__ import annotations

import streamlit as st

from components.claim_card import claim_html
from components.text import esc
from control.explain import headline
from control.model import Dataset
from control.rules import Timeline
from control.style import STATUS_LABELS, fill_color, is_hatched

DISTRICT_KEY = "district"


def choose(dataset: Dataset, initial: str | None) -> str | None:
    """A select box of districts (the map's click sets the same state)."""
    ids = list(dataset.gazetteer.ids)
    if DISTRICT_KEY not in st.session_state or st.session_state[DISTRICT_KEY] not in [None, *ids]:
        st.session_state[DISTRICT_KEY] = initial if initial in ids else None
    names = {d.id: d.name for d in dataset.gazetteer.districts}
    return st.selectbox(
        "District history",
        ids,
        format_func=names.get,
        key=DISTRICT_KEY,
        placeholder="Choose a district, or click one on the map",
    )


def render(district_id: str, dataset: Dataset, timeline: Timeline, view: str, days: list, selected_day) -> None:
    district = dataset.gazetteer.by_id(district_id)
    local = f" ({district.name_local})" if district.name_local else ""
    st.markdown(f"#### {esc(district.name)}{esc(local)}", unsafe_allow_html=True)
    state = timeline.state(district_id, selected_day, view)
    st.markdown(f'<div class="district-headline">{esc(headline(state, dataset))}</div>', unsafe_allow_html=True)
    cells = []
    for day in days:
        s = timeline.state(district_id, day, view)
        color = fill_color(s, dataset)
        background = f"repeating-linear-gradient(45deg,{color} 0 2px,#fff 2px 6px)" if is_hatched(s) else color
        outline = "outline:2px solid #000;" if day == selected_day else ""
        label = f"{day:%d %b}: {STATUS_LABELS.get(s.status, s.status)}" + (f" — {dataset.party(s.holder).name}" if s.holder else "")
        cells.append(
            f'<div title="{esc(label)}" class="strip-cell" style="flex:1;min-width:1.2em;height:1.3em;background:{background};{outline}'
            f'border:1px solid #888"></div>'
        )
    st.markdown(
        f'<div class="state-strip" style="display:flex;gap:2px;margin:.4em 0">{"".join(cells)}</div>'
        f'<div style="display:flex;justify-content:space-between;font-size:.8em;color:#555"><span>{days[0]:%d %b %Y}</span>'
        f"<span>{days[-1]:%d %b %Y}</span></div>",
        unsafe_allow_html=True,
    )
    about = sorted((c for c in dataset.claims if district_id in c.districts), key=lambda c: (c.date, c.id))
    st.caption(f"{len(about)} claims and statements about {district.name}, oldest first")
    st.markdown("".join(claim_html(c, dataset) for c in about) or "No claims yet.", unsafe_allow_html=True)
