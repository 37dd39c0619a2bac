"""CSV: every change of every district's and place's state (the whole timeline), or two dates side by side, for spreadsheets.

District rows come first, then place rows; ``kind`` says which ("district", or the
place's kind). A place row's ``district_id`` and ``district`` are the district the file
gives for it (empty when it gives none: the CSV needs no shapes, so it finds none), and
its ``place_id``, ``place``, ``lat``, ``lon`` and ``approximate`` say which point it is;
on district rows those are empty and the other columns mean what they always did.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import TYPE_CHECKING

from core.compare import same_category
from core.model import Gazetteer, Place
from core.rules import Timeline
from core.style import category_label, pattern

if TYPE_CHECKING:  # geopandas: only where shapes are drawn
    from geo.boundaries import Boundaries

#: Appended to both files' columns, so the district columns keep their order; the legend's words
#: and the pattern after them.
PLACE_FIELDS = ["kind", "place_id", "place", "lat", "lon", "approximate"]
TIMELINE_FIELDS = ["date", "district_id", "district", "view", "status", "holder", "claims", *PLACE_FIELDS, "label", "pattern"]


def render(timeline: Timeline, boundaries: Boundaries, date: dt.date, view: str, compare: dt.date | None) -> bytes:
    """The file's bytes (UTF-8); ``boundaries`` is not needed."""
    text = timeline_csv(timeline, view) if compare is None else comparison_csv(timeline, compare, date, view)
    return text.encode("utf-8")


def _units(gazetteer: Gazetteer) -> list[tuple[str, dict[str, str]]]:
    """Every district, then every place: its id and the columns that say what it is."""
    units = [(d.id, {"district_id": d.id, "district": d.name, "kind": "district"}) for d in gazetteer.districts]
    units += [(p.id, _place_columns(p, gazetteer)) for p in gazetteer.places]
    return units


def _place_columns(place: Place, gazetteer: Gazetteer) -> dict[str, str]:
    return {
        "district_id": place.district or "",
        "district": gazetteer.by_id(place.district).name if place.district else "",
        "kind": place.kind,
        "place_id": place.id,
        "place": place.name,
        "lat": f"{place.point.lat:g}",
        "lon": f"{place.point.lon:g}",
        "approximate": "yes" if place.approximate else "no",
    }


def timeline_rows(timeline: Timeline, view: str) -> list[dict]:
    """One row per district, then per place, per day on which its state (status, holder, claims) changed."""
    dataset = timeline.dataset
    rows: list[dict] = []
    for unit_id, columns in _units(timeline.dataset.gazetteer):
        previous = None
        for date, state in timeline.changes(unit_id, view):
            key = (state.status, state.holder, state.claims)
            if key == previous:
                continue
            previous = key
            rows.append(
                {
                    **dict.fromkeys(TIMELINE_FIELDS, ""),
                    **columns,
                    "date": date.isoformat(),
                    "view": view,
                    "status": state.status,
                    "holder": state.holder or "",
                    "claims": " ".join(state.claims),
                    "label": category_label(state.status, state.holder, dataset, view),
                    "pattern": pattern(state) or "",
                }
            )
    # Districts first (by date, then id), then places (likewise).
    rows.sort(key=lambda r: (r["kind"] != "district", r["date"], r["place_id"] or r["district_id"]))
    return rows


def timeline_csv(timeline: Timeline, view: str) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=TIMELINE_FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(timeline_rows(timeline, view))
    return buffer.getvalue()


COMPARISON_FIELDS = [
    "district_id", "district", "view", "date_before", "status_before", "holder_before", "claims_before",
    "date_after", "status_after", "holder_after", "claims_after", "changed", *PLACE_FIELDS, "label_before", "label_after",
]  # fmt: skip


def comparison_csv(timeline: Timeline, before: dt.date, after: dt.date, view: str) -> str:
    """One row per district, then per place: its state on ``before`` and on ``after``, and whether it changed."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COMPARISON_FIELDS, lineterminator="\n")
    writer.writeheader()
    for unit_id, columns in _units(timeline.dataset.gazetteer):
        a, b = timeline.state(unit_id, before, view), timeline.state(unit_id, after, view)
        writer.writerow(
            {
                **dict.fromkeys(COMPARISON_FIELDS, ""),
                **columns,
                "view": view,
                "date_before": before.isoformat(),
                "status_before": a.status,
                "holder_before": a.holder or "",
                "claims_before": " ".join(a.claims),
                "date_after": after.isoformat(),
                "status_after": b.status,
                "holder_after": b.holder or "",
                "claims_after": " ".join(b.claims),
                "changed": "yes" if not same_category(a, b) else "no",
                "label_before": category_label(a.status, a.holder, timeline.dataset, view),
                "label_after": category_label(b.status, b.holder, timeline.dataset, view),
            }
        )
    return buffer.getvalue()
