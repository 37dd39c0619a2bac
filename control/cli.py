"""``python -m control``: a thin command line over the library, one module per command.

Every command loads through :func:`yamldata.loader.load_dataset`, so invalid data
gives the same ``FILE:LINE: message`` lines (exit 1) everywhere, never a traceback.
The command modules import geopandas, folium and matplotlib only when they run, so
``validate`` and ``state`` never pay for them.
"""

from __future__ import annotations

import argparse
import sys

from control.commands import export, import_acled, init, state, validate
from core.errors import ValidationError
from yamldata.loader import load_dataset

#: In the order ``--help`` lists them.
COMMANDS = (init, validate, state, export, import_acled)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m control", description="Who controls which district, according to whom.")
    sub = parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if not getattr(args, "needs_data", True):  # init: it writes the data files
        return args.run(None, args)
    try:
        dataset = load_dataset(args.districts, args.claims)
    except ValidationError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    dataset = dataset.graded(getattr(args, "min_reliability", None))  # None (validate, import-acled): all of it
    return args.run(dataset, args)
