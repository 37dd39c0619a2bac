"""A district's history: every claim about it in date order and a strip of its states.

Split by what the date changes: :func:`history` (the strip and the claims) is drawn
by the full page run; :func:`on_day` (the district's state on the selected day and
the strip's day marker) is drawn by the day fragment, so a slider step re-sends a
few hundred bytes, not the whole history.
"""

from __future__ import annotations

import datetime as dt
from itertools import groupby

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from components.claim_card import claim_html
from components.day_marker import day_marker_html
from components.styles import heading
from components.text import esc
from core.dates import strfday
from core.explain import claim_facts, headline, side_notes, stale_note, through_places
from core.model import Dataset, Place
from core.places import place_line, places_in
from core.rules import Timeline, stale_age
from core.style import category_label, fill_color, pattern, pattern_css

DISTRICT_KEY = "district"
SHOW_ALL_KEY = "history_show_all"
#: Claims listed before "Show all": a national district can have hundreds.
HISTORY_PAGE = 40
#: Over this many runs of equal days, the strip drops its gaps and borders.
DENSE_STRIP = 60


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


#: (first day, number of days, colour, pattern or None, label)
StripRun = tuple[dt.date, int, str, str | None, str]


def strip_runs(district_id: str, dataset: Dataset, timeline: Timeline, view: str, days: list[dt.date]) -> list[StripRun]:
    """(first day, length, colour, hatched, label) for each run of days with the same look."""
    runs = []
    looks = []
    for day in days:
        s = timeline.state(district_id, day, view)
        label = category_label(s.status, s.holder, dataset, view)
        looks.append((day, fill_color(s, dataset), pattern(s), label))
    for (color, hatched, label), group in groupby(looks, key=lambda look: look[1:]):
        group_days = [look[0] for look in group]
        runs.append((group_days[0], len(group_days), color, hatched, label))
    return runs


def history(
    district_id: str, dataset: Dataset, timeline: Timeline, view: str, days: list[dt.date], located: dict[str, str] | None = None
) -> DeltaGenerator:
    """Name, the strip of states over every day (one cell per run of equal days), all claims about it, and about its places.

    Returns the empty slot under the strip where :func:`on_day` goes (the places' states on the day too).
    ``located``: place id → district, as the boundaries put places the file gives no district."""
    district = dataset.gazetteer.by_id(district_id)
    local = f" ({district.name_local})" if district.name_local else ""
    st.markdown(heading(f"{district.name}{local}", 2), unsafe_allow_html=True)
    cells = []
    for first, length, color, hatched, label in strip_runs(district_id, dataset, timeline, view, days):
        background = pattern_css(color, hatched)
        last = first + dt.timedelta(days=length - 1)
        span = strfday(first, "%d %b %Y") + (f" – {strfday(last, '%d %b %Y')}" if length > 1 else "")
        cells.append(f'<div class="strip-cell" title="{esc(span)}: {esc(label)}" style="flex:{length};background:{background}"></div>')
    dense = " dense" if len(cells) > DENSE_STRIP else ""  # no gaps or borders: hundreds of runs still fit
    st.markdown(f'<div class="state-strip{dense}">{"".join(cells)}</div>', unsafe_allow_html=True)
    slot = st.container()
    about = sorted(dataset.claims_about(district_id), key=lambda c: (c.date, c.id))
    shown = about if st.session_state.get(SHOW_ALL_KEY) else about[-HISTORY_PAGE:]
    if len(shown) < len(about):
        st.caption(f"{len(about)} claims and statements about {district.name}; the latest {len(shown)}, oldest first")
    else:
        st.caption(f"{len(about)} claims and statements about {district.name}, oldest first")
    st.markdown("".join(claim_html(c, dataset) for c in shown) or "No claims yet.", unsafe_allow_html=True)
    if len(about) > HISTORY_PAGE:
        st.toggle(f"Show all {len(about)}", key=SHOW_ALL_KEY)
    places = places_in(district_id, dataset.gazetteer, located)
    if places:  # claims about its places that are not already above (a district centre's are)
        listed = {c.id for c in about}
        unlisted = {c.id: c for p in places for c in dataset.claims_about(p.id) if c.id not in listed}
        own = sorted(unlisted.values(), key=lambda c: (c.date, c.id))
        names = ", ".join(p.name for p in places)
        st.markdown(heading(f"Its places: {names}", 3, "minor"), unsafe_allow_html=True)
        shown_own = own[-HISTORY_PAGE:]
        latest = f"; the latest {len(shown_own)}" if len(shown_own) < len(own) else ""
        caption = (
            f"{len(own)} more claims and statements about them{latest}, oldest first" if own else "No other claims about these places."
        )
        st.caption(caption)
        st.markdown("".join(claim_html(c, dataset) for c in shown_own), unsafe_allow_html=True)
    return slot


def on_day(
    district_id: str,
    dataset: Dataset,
    timeline: Timeline,
    view: str,
    days: list[dt.date],
    day: dt.date,
    located: dict[str, str] | None = None,
) -> None:
    """The strip's marker of ``day`` with the strip's first and last day, the district's state on ``day`` in words, and its places'."""
    state = timeline.state(district_id, day, view)
    st.markdown(
        f"{day_marker_html(days, day)}"
        f'<div class="day-range"><span>{strfday(days[0], "%d %b %Y")}</span><span>{strfday(days[-1], "%d %b %Y")}</span></div>'
        f'<div class="district-headline"><b>{strfday(day, "%d %b %Y")}:</b> {esc(headline(state, dataset, view=view))}</div>',
        unsafe_allow_html=True,
    )
    through = through_places(state, district_id, dataset)
    if through:
        st.markdown(f'<div class="district-notes">{esc(through)}</div>', unsafe_allow_html=True)
    age = stale_age(state, day, dataset)
    if age is not None:
        st.markdown(f'<div class="district-notes">{esc(stale_note(age))}</div>', unsafe_allow_html=True)
    places = places_in(district_id, dataset.gazetteer, located)
    if places:
        rows = "".join(_place_row(p, dataset, timeline, view, day, district_id) for p in places)
        shown = strfday(day, "%d %b %Y")
        st.markdown(f'<div class="district-places"><b>Its places on {shown}:</b><ul>{rows}</ul></div>', unsafe_allow_html=True)
    notes = side_notes(state, dataset)
    if notes:  # what the sides also said that day, which did not make their word
        said = "; ".join(f"{dataset.source(c.source).name}: {claim_facts(c, dataset) or c.status}" for c in notes)
        st.markdown(f'<div class="district-notes">Also said that day, not deciding: {esc(said)}</div>', unsafe_allow_html=True)


def _place_row(place: Place, dataset: Dataset, timeline: Timeline, view: str, day: dt.date, district_id: str) -> str:
    state = timeline.state(place.id, day, view)
    label = category_label(state.status, state.holder, dataset, view)
    swatch = pattern_css(fill_color(state, dataset), pattern(state))
    return (
        f'<li class="district-place" data-place-id="{esc(place.id)}"><span class="place-dot" style="background:{swatch}"></span>'
        f"<b>{esc(place.name)}</b> ({esc(place_line(place, dataset.gazetteer, district_id))}): {esc(label)}. "
        f"{esc(headline(state, dataset, 'place', view))}</li>"
    )
