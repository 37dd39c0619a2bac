"""``python -m control state --date D``: the state of every district (and place) on a date."""

from __future__ import annotations

import argparse
import json
from collections import Counter

from control import options
from core.explain import headline
from core.model import Dataset
from core.rules import age_days, stale_age
from core.style import category_key, category_label, pattern
from yamldata.loader import timeline_of


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("state", help="the state of every district on a date")
    options.view_options(parser, date_required=True)
    options.data_options(parser)
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.set_defaults(run=run)


def _state_json(state, date, dataset: Dataset, view: str, noun: str) -> dict:
    """One district's state; ``age_days`` and ``stale`` only when the file sets ``stale_after_days``."""
    out = {
        "status": state.status,
        "holder": state.holder,
        "label": category_label(state.status, state.holder, dataset, view),
        "pattern": pattern(state),
        "claims": list(state.claims),
        "headline": headline(state, dataset, noun, view),
    }
    if dataset.settings.stale_after_days is not None:
        out["age_days"] = age_days(state, date, dataset)
        out["stale"] = stale_age(state, date, dataset) is not None
    return out


def run(dataset: Dataset, args: argparse.Namespace) -> int:
    """Print (or ``--json``) every district's state on ``--date`` in ``--view``."""
    timeline = timeline_of(dataset)
    view = options.resolve_view(timeline, args.view)
    if view is None:
        return 2
    states = timeline.states_on(args.date, view)
    places = timeline.place_states_on(args.date, view)
    if args.json:
        payload = {
            "date": args.date.isoformat(),
            "view": view,
            "districts": {d: _state_json(s, args.date, dataset, view, "district") for d, s in states.items()},
        }
        if places:
            payload["places"] = {p: _state_json(s, args.date, dataset, view, "place") for p, s in places.items()}
        print(json.dumps(payload, indent=2, ensure_ascii=False))
        return 0
    _print_table(dataset, view, args.date.isoformat(), states, places)
    return 0


def _print_table(dataset: Dataset, view: str, date: str, states: dict, places: dict) -> None:
    """The states as a table, districts then places, and how many of each are in each category (by its label)."""
    rows = [(dataset.gazetteer.by_id(d).name, s.status, s.holder or "-", ", ".join(s.claims) or "-") for d, s in states.items()]
    place_rows = [(dataset.gazetteer.place(p).name, s.status, s.holder or "-", ", ".join(s.claims) or "-") for p, s in places.items()]
    header, place_header = ("district", "status", "holder", "deciding claims"), ("place", "", "", "")
    widths = [max(len(r[i]) for r in [header, *rows, *place_rows]) for i in range(3)]
    print(f"{date} — view: {view}")
    for row in [header, *rows, *([place_header, *place_rows] if place_rows else [])]:
        print("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:3])) + "  " + row[3])
    for noun, said in (("district", states), ("place", places)):
        counts = Counter(category_key(s.status, s.holder) for s in said.values())
        for (status, holder), n in sorted(counts.items(), key=str):
            print(f"{category_label(status, holder, dataset, view)}: {n} {noun}{'s' if n != 1 else ''}")
