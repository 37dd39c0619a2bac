"""``python -m control validate``: check districts.yaml and claims.yaml (the loader has already)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from control import options
from core.model import Dataset


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("validate", help="check districts.yaml and claims.yaml")
    options.data_options(parser)
    parser.add_argument(
        "--boundaries",
        type=Path,
        default=None,
        help="also check that every place lies in its district on this boundary file (any format GDAL reads)",
    )
    parser.set_defaults(run=run)


def run(dataset: Dataset, args: argparse.Namespace) -> int:
    """The files loaded, so they are valid: say what they hold (and, with ``--boundaries``, where places lie)."""
    if args.boundaries is not None and dataset.gazetteer.places:
        from geo import BoundaryError, load_boundaries  # geopandas: only when asked
        from geo.places import locate_places

        try:
            problems = locate_places(dataset.gazetteer, load_boundaries(dataset.gazetteer, args.boundaries)).problems
        except BoundaryError as exc:
            print(f"boundaries: {exc}", file=sys.stderr)
            return 1
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            return 1
    dates = dataset.dates
    span = f", {dates[0]} to {dates[-1]}" if dates else ""
    places = f", {len(dataset.gazetteer.places)} places" if dataset.gazetteer.places else ""
    print(
        f"OK: {len(dataset.gazetteer.districts)} districts{places}, {len(dataset.parties)} parties, "
        f"{len(dataset.sources)} sources, {len(dataset.claims)} claims{span}"
    )
    return 0
