"""CSV: every change of every district's state (the whole timeline), or two dates side by side, for spreadsheets."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from core.compare import same_category
from core.rules import Timeline


def render(timeline: Timeline, boundaries: Any, date: dt.date, view: str, compare: dt.date | None) -> bytes:
    """The file's bytes (UTF-8); ``boundaries`` is not needed."""
    text = timeline_csv(timeline, view) if compare is None else comparison_csv(timeline, compare, date, view)
    return text.encode("utf-8")


def timeline_rows(timeline: Timeline, view: str) -> list[dict]:
    """One row per district per day on which its state (status, holder, claims) changed."""
    dataset = timeline.dataset
    rows = []
    for district in dataset.gazetteer.districts:
        previous = None
        for date, state in timeline.changes(district.id, view):
            key = (state.status, state.holder, state.claims)
            if key == previous:
                continue
            previous = key
            rows.append(
                {
                    "date": date.isoformat(),
                    "district_id": district.id,
                    "district": district.name,
                    "view": view,
                    "status": state.status,
                    "holder": state.holder or "",
                    "claims": " ".join(state.claims),
                }
            )
    rows.sort(key=lambda r: (r["date"], r["district_id"]))
    return rows


def timeline_csv(timeline: Timeline, view: str) -> str:
    buffer = io.StringIO()
    fields = ["date", "district_id", "district", "view", "status", "holder", "claims"]
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(timeline_rows(timeline, view))
    return buffer.getvalue()


COMPARISON_FIELDS = [
    "district_id", "district", "view", "date_before", "status_before", "holder_before", "claims_before",
    "date_after", "status_after", "holder_after", "claims_after", "changed",
]  # fmt: skip


def comparison_csv(timeline: Timeline, before: dt.date, after: dt.date, view: str) -> str:
    """One row per district: its state on ``before`` and on ``after``, and whether it changed."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COMPARISON_FIELDS, lineterminator="\n")
    writer.writeheader()
    then, now = timeline.states_on(before, view), timeline.states_on(after, view)
    for district in timeline.dataset.gazetteer.districts:
        a, b = then[district.id], now[district.id]
        writer.writerow(
            {
                "district_id": district.id,
                "district": district.name,
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
            }
        )
    return buffer.getvalue()
