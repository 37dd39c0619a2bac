"""``python -m control``: a thin command line over the library.

Every subcommand loads through :func:`control.loader.load_dataset`, so invalid data
gives the same ``FILE:LINE: message`` lines (exit 1) everywhere, never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import Counter
from pathlib import Path

from control.errors import ValidationError
from control.loader import DEFAULT_CLAIMS, DEFAULT_DISTRICTS, load_dataset, timeline_of
from control.model import RELIABILITY_GRADES, Dataset
from control.rules import CONSENSUS, Timeline, age_days, stale_age


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date in the form YYYY-MM-DD") from None


def _data_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--districts", type=Path, default=DEFAULT_DISTRICTS, help="gazetteer YAML (default: %(default)s)")
    parser.add_argument("--claims", type=Path, default=DEFAULT_CLAIMS, help="claims YAML (default: %(default)s)")


def _view_options(parser: argparse.ArgumentParser, *, date_required: bool, compare_help: str | None = None) -> None:
    default_note = "" if date_required else " (default: last claim date)"
    parser.add_argument("--date", type=_date, required=date_required, help="YYYY-MM-DD" + default_note)
    if compare_help:
        parser.add_argument("--compare", type=_date, default=None, metavar="DATE", help=compare_help)
    parser.add_argument("--view", default=CONSENSUS, help="consensus (default), independent, or a party id")
    parser.add_argument(
        "--min-reliability",
        choices=RELIABILITY_GRADES,
        default=None,
        help="count only sources with this Admiralty grade or better (A best; F, the default, counts every source)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m control", description="Who controls which district, according to whom.")
    sub = parser.add_subparsers(dest="command", required=True)

    validate = sub.add_parser("validate", help="check districts.yaml and claims.yaml")
    _data_options(validate)

    state = sub.add_parser("state", help="the state of every district on a date")
    _view_options(state, date_required=True)
    _data_options(state)
    state.add_argument("--json", action="store_true", help="machine-readable output")

    for module in _plugin_modules():
        module.add_parser(sub, _data_options, _view_options)
    return parser


def _plugin_modules():
    """Subcommands that live in their own modules, one feature per file.

    Each has ``add_parser(sub, data_options, view_options)`` and sets ``run=`` on its
    parser: ``run(dataset, args) -> exit code``. Imported lazily so that ``validate``
    and ``state`` never pay for geopandas.
    """
    import importlib

    return [importlib.import_module(f"control.{name}") for name in PLUGINS]


# Modules with extra subcommands (export, import-acled, …); see _plugin_modules.
PLUGINS: list[str] = ["exports", "acled"]


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        dataset = load_dataset(args.districts, args.claims)
    except ValidationError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    if args.command == "validate":
        return _validate(dataset)
    dataset = dataset.graded(getattr(args, "min_reliability", None))
    if args.command == "state":
        return _state(dataset, args)
    return args.run(dataset, args)


def _validate(dataset: Dataset) -> int:
    dates = dataset.dates
    span = f", {dates[0]} to {dates[-1]}" if dates else ""
    print(
        f"OK: {len(dataset.gazetteer.districts)} districts, {len(dataset.parties)} parties, "
        f"{len(dataset.sources)} sources, {len(dataset.claims)} claims{span}"
    )
    return 0


def resolve_view(timeline: Timeline, view: str) -> str | None:
    """The view name, or None (after printing why) when it is not one of the timeline's."""
    if view in timeline.views:
        return view
    print(f"unknown view '{view}' (use one of: {', '.join(timeline.views)})", file=sys.stderr)
    return None


def _state_json(state, date: dt.date, dataset: Dataset) -> dict:
    """One district's state; ``age_days`` and ``stale`` only when the file sets ``stale_after_days``."""
    out = {"status": state.status, "holder": state.holder, "claims": list(state.claims)}
    if dataset.settings.stale_after_days is not None:
        out["age_days"] = age_days(state, date, dataset)
        out["stale"] = stale_age(state, date, dataset) is not None
    return out


def _state(dataset: Dataset, args: argparse.Namespace) -> int:
    timeline = timeline_of(dataset)
    view = resolve_view(timeline, args.view)
    if view is None:
        return 2
    states = timeline.states_on(args.date, view)
    if args.json:
        payload = {
            "date": args.date.isoformat(),
            "view": view,
            "districts": {d: _state_json(s, args.date, dataset) for d, s in states.items()},
        }
        print(json.dumps(payload, indent=2, ensure_ascii=False))
        return 0
    rows = [(dataset.gazetteer.by_id(d).name, s.status, s.holder or "-", ", ".join(s.claims) or "-") for d, s in states.items()]
    header = ("district", "status", "holder", "deciding claims")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(3)]
    print(f"{args.date.isoformat()} — view: {view}")
    for row in [header, *rows]:
        print("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:3])) + "  " + row[3])
    counts = Counter((s.status, s.holder) for s in states.values())
    print("; ".join(f"{status}{' ' + holder if holder else ''}: {n}" for (status, holder), n in sorted(counts.items(), key=str)))
    return 0
