"""``python -m control validate``: check districts.yaml and claims.yaml (the loader has already).

With ``--boundaries [FILE]`` (FILE, else the districts file's own ``boundaries.file``) it
also checks them against the boundary file: every district matches exactly one feature
(each one that does not is reported at its line, with the file's nearest names and what
to do), and every place lies in its district.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from control import options
from core.dates import far_dates
from core.errors import Problem
from core.model import Dataset

#: ``--boundaries`` given without a file: the districts file's ``boundaries.file``.
CONFIGURED = ""


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("validate", help="check districts.yaml and claims.yaml")
    options.data_options(parser)
    parser.add_argument(
        "--boundaries",
        nargs="?",
        const=CONFIGURED,
        default=None,
        metavar="FILE",
        help="also check that every district matches exactly one feature of this boundary file (any format GDAL reads; "
        "without FILE, the districts file's boundaries.file), and that every place lies in its district",
    )
    parser.set_defaults(run=run)


def check_boundaries(dataset: Dataset, path: Path | None) -> list[str]:
    """Problems of the gazetteer against the boundary file ``path`` (its own file when None), as printed lines."""
    from geo import BoundaryError, load_boundaries  # geopandas: only when asked
    from geo.match import MatchError
    from geo.places import locate_places

    gazetteer = dataset.gazetteer
    label = str(gazetteer.path) if gazetteer.path else "districts.yaml"
    if path is None and gazetteer.boundary_file is None:
        return [f"{label}: --boundaries without a file needs boundaries.file in the districts file; give the file after --boundaries"]
    try:
        boundaries = load_boundaries(gazetteer, path)
    except MatchError as exc:
        lines = {d.id: d.line for d in gazetteer.districts}
        where = exc.source or "the boundary file"
        found = [str(Problem(label, lines.get(district, 0), why)) for district, why in exc.unmatched.items()]
        summary = f"{len(exc.unmatched)} of {len(gazetteer.districts)} districts do not match exactly one feature of {where}"
        return [*found, summary]
    except BoundaryError as exc:
        return [f"boundaries: {exc}"]
    return [str(p) for p in locate_places(gazetteer, boundaries).problems]


def run(dataset: Dataset, args: argparse.Namespace) -> int:
    """The files loaded, so they are valid: say what they hold (and, with ``--boundaries``, that they fit the file)."""
    checked = ""
    if args.boundaries is not None:
        path = Path(args.boundaries) if args.boundaries != CONFIGURED else None
        problems = check_boundaries(dataset, path)
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            return 1
        used = path if path is not None else dataset.gazetteer.boundary_file
        checked = f"; every district matches one feature of {used.name if used else 'the boundary file'}"
    for warning in far_dates(dataset.claims, str(dataset.claims_path or "claims")):  # valid, but likely a typo
        print(f"warning: {warning}", file=sys.stderr)
    dates = dataset.dates
    span = f", {dates[0]} to {dates[-1]}" if dates else ""
    places = f", {len(dataset.gazetteer.places)} places" if dataset.gazetteer.places else ""
    print(
        f"OK: {len(dataset.gazetteer.districts)} districts{places}, {len(dataset.parties)} parties, "
        f"{len(dataset.sources)} sources, {len(dataset.claims)} claims{span}{checked}"
    )
    return 0
