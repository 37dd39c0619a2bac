"""The compare list: each district whose state differs between the two dates, both ways explained.

Drawn by the day fragment once the reader's days stand still (the map marks the same
districts in the browser). Every text is escaped (:mod:`components.text`).
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from components.claim_card import claim_html
from components.styles import heading
from components.text import esc
from core.compare import differences, place_differences
from core.dates import strfday
from core.explain import deciding_claims, headline
from core.model import Dataset
from core.rules import Timeline
from core.style import category_label

#: Districts listed before "and N more" (a national comparison over months can change hundreds).
MAX_LISTED = 25
#: Deciding claims shown per date and district.
MAX_CLAIMS = 2


def render(dataset: Dataset, timeline: Timeline, view: str, before: dt.date | None, after: dt.date) -> None:
    """The list for ``before`` → ``after`` (nothing when not comparing)."""
    if before is None:
        st.empty()
        return
    changed = differences(timeline, before, after, view)
    st.markdown(heading(f"Compared: {strfday(before, '%a %d %b %Y')} → {strfday(after, '%a %d %b %Y')}", 2), unsafe_allow_html=True)
    _places(dataset, timeline, view, before, after)
    if not changed:
        st.markdown(f"No district's state differs between these dates ({len(dataset.gazetteer.districts)} compared).")
        return
    st.markdown(f"**{len(changed)} of {len(dataset.gazetteer.districts)} districts differ** (marked on the map; the others are dimmed).")
    parts = []
    for difference in changed[:MAX_LISTED]:
        district = dataset.gazetteer.by_id(difference.district)
        was = category_label(difference.before.status, difference.before.holder, dataset, view)
        became = category_label(difference.after.status, difference.after.holder, dataset, view)
        parts.append(
            f'<div class="compare-item"><div class="compare-head"><b>{esc(district.name)}</b>: {esc(was)} → <b>{esc(became)}</b></div>'
        )
        for date, state in ((before, difference.before), (after, difference.after)):
            parts.append(f'<div class="compare-when">{strfday(date, "%d %b %Y")}: {esc(headline(state, dataset, view=view))}</div>')
            parts.extend(claim_html(c, dataset) for c in deciding_claims(state, dataset)[:MAX_CLAIMS])
        parts.append("</div>")
    more = f"<p>… and {len(changed) - MAX_LISTED} more (the CSV export lists them all).</p>" if len(changed) > MAX_LISTED else ""
    with st.expander(f"What changed, district by district ({len(changed)})", expanded=len(changed) <= 8):
        st.markdown("".join(parts) + more, unsafe_allow_html=True)


def _places(dataset: Dataset, timeline: Timeline, view: str, before: dt.date, after: dt.date) -> None:
    """One line per place whose state differs (its own state: see docs/rules.md, "Places")."""
    changed = place_differences(timeline, before, after, view)
    if not changed:
        return
    items = []
    for difference in changed[:MAX_LISTED]:
        place = dataset.gazetteer.place(difference.district)
        was = category_label(difference.before.status, difference.before.holder, dataset, view)
        became = category_label(difference.after.status, difference.after.holder, dataset, view)
        items.append(f'<li class="compare-place"><b>{esc(place.name)}</b>: {esc(was)} → <b>{esc(became)}</b></li>')
    more = f"<li>… and {len(changed) - MAX_LISTED} more</li>" if len(changed) > MAX_LISTED else ""
    heading = f"<b>{len(changed)} of {len(dataset.gazetteer.places)} places differ:</b>"
    st.html(f"<div>{heading}<ul>{''.join(items)}{more}</ul></div>")
