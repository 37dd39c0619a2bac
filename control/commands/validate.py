"""``python -m control validate``: check districts.yaml and claims.yaml (the loader has already)."""

from __future__ import annotations

import argparse

from control import options
from core.model import Dataset


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("validate", help="check districts.yaml and claims.yaml")
    options.data_options(parser)
    parser.set_defaults(run=run)


def run(dataset: Dataset, args: argparse.Namespace) -> int:
    """The files loaded, so they are valid: say what they hold."""
    dates = dataset.dates
    span = f", {dates[0]} to {dates[-1]}" if dates else ""
    print(
        f"OK: {len(dataset.gazetteer.districts)} districts, {len(dataset.parties)} parties, "
        f"{len(dataset.sources)} sources, {len(dataset.claims)} claims{span}"
    )
    return 0
