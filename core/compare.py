"""Compare two dates: which districts' state differs, what it was and what it became.

The one selector behind the app's compare list, the map's marks (its browser twin is
``differs`` in ``webmap/js/days.js``: another category)
and the CSV and GeoJSON exports of a comparison. Standard library only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from core.rules import CONSENSUS, DistrictState, Timeline
from core.style import category_key


@dataclass(frozen=True)
class Difference:
    """One district whose state on ``before`` is not its state on ``after``."""

    district: str
    before: DistrictState
    after: DistrictState


def same_category(a: DistrictState, b: DistrictState) -> bool:
    """Whether the map draws both states alike: the same category (:func:`core.style.category_key`; claims may differ)."""
    return category_key(a.status, a.holder) == category_key(b.status, b.holder)


def differences(timeline: Timeline, before: dt.date, after: dt.date, view: str = CONSENSUS) -> list[Difference]:
    """The districts (gazetteer order) whose status or holder on ``after`` differs from ``before``."""
    then, now = timeline.states_on(before, view), timeline.states_on(after, view)
    return [
        Difference(district.id, then[district.id], now[district.id])
        for district in timeline.dataset.gazetteer.districts
        if not same_category(then[district.id], now[district.id])
    ]


def place_differences(timeline: Timeline, before: dt.date, after: dt.date, view: str = CONSENSUS) -> list[Difference]:
    """The places (gazetteer order) whose status or holder differs; ``district`` holds the place id."""
    then, now = timeline.place_states_on(before, view), timeline.place_states_on(after, view)
    return [Difference(p, then[p], now[p]) for p in timeline.dataset.gazetteer.place_ids if not same_category(then[p], now[p])]
