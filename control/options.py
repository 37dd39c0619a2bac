"""The options every command shares (data files, date and view) and how a bad view is told."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from core.model import RELIABILITY_GRADES
from core.rules import CONSENSUS, Timeline
from yamldata.loader import DEFAULT_CLAIMS, DEFAULT_DISTRICTS


def parse_date(text: str) -> dt.date:
    """An ISO date, or argparse's error naming the text."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date in the form YYYY-MM-DD") from None


def data_options(parser: argparse.ArgumentParser) -> None:
    """``--districts`` and ``--claims``."""
    parser.add_argument("--districts", type=Path, default=DEFAULT_DISTRICTS, help="gazetteer YAML (default: %(default)s)")
    parser.add_argument("--claims", type=Path, default=DEFAULT_CLAIMS, help="claims YAML (default: %(default)s)")


def view_options(parser: argparse.ArgumentParser, *, date_required: bool, compare_help: str | None = None) -> None:
    """``--date``, optionally ``--compare``, ``--view`` and ``--min-reliability``."""
    default_note = "" if date_required else " (default: last claim date)"
    parser.add_argument("--date", type=parse_date, required=date_required, help="YYYY-MM-DD" + default_note)
    if compare_help:
        parser.add_argument("--compare", type=parse_date, default=None, metavar="DATE", help=compare_help)
    parser.add_argument("--view", default=CONSENSUS, help="consensus (default), independent, or a party id")
    parser.add_argument(
        "--min-reliability",
        choices=RELIABILITY_GRADES,
        default=None,
        help="count only sources with this Admiralty grade or better (A best; F, the default, counts every source)",
    )


def resolve_view(timeline: Timeline, view: str) -> str | None:
    """The view name, or None (after printing why) when it is not one of the timeline's."""
    if view in timeline.views:
        return view
    print(f"unknown view '{view}' (use one of: {', '.join(timeline.views)})", file=sys.stderr)
    return None
