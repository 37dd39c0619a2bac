"""``python -m control import-acled EXPORT.csv``: ACLED events to claims.yaml, their towns to districts.yaml.

The import itself, the writing of both files included, is :mod:`importers.acled`
(:func:`~importers.acled.plan_import`, :func:`~importers.acled.write_plan`); this command prints.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from control import options
from core.model import Dataset
from importers.acled import ExportError, ImportPlan, plan_import, write_plan


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``import-acled``."""
    parser = sub.add_parser(
        "import-acled",
        help="add claims from an ACLED export (CSV)",
        description="Add one claim per ACLED event to claims.yaml, and the towns ACLED locates events at (geo_precision 1) "
        "to the places of districts.yaml when they are not there yet (see docs/tools.md). Rows that cannot be placed, "
        "dated or attributed are reported on stderr and left out; the exit code is then 1, but the good rows are still "
        "imported (unless --dry-run).",
    )
    parser.add_argument("export", type=Path, metavar="EXPORT.csv", help="an ACLED export in ACLED's column layout")
    options.data_options(parser)
    parser.add_argument("--boundaries", type=Path, metavar="PATH", help="district boundaries for placing rows by coordinates")
    parser.add_argument("--no-download", action="store_true", help="never download boundaries (use --boundaries or the cache)")
    parser.add_argument("--dry-run", action="store_true", help="print what would be added; write nothing")
    parser.set_defaults(run=run)


def run(dataset: Dataset, args: argparse.Namespace) -> int:
    """Plan the import, report rejected rows on stderr, write the rest (exit 1 if any row was rejected)."""
    try:
        plan = plan_import(dataset, args.export, boundaries=args.boundaries, allow_download=not args.no_download)
    except ExportError as exc:
        print(exc, file=sys.stderr)
        return 2
    _print_findings(plan, dataset)
    skipped = f"; {len(plan.already)} already in claims.yaml" if plan.already else ""
    skipped += f"; {len(plan.duplicates)} repeated event id(s) in the export" if plan.duplicates else ""
    rejected = f"; {len(plan.rejected)} row(s) rejected (see above)" if plan.rejected else ""
    if args.dry_run:
        _print_dry_run(plan)
        print(f"dry run: would add {_counts(plan)}{skipped}{rejected}; nothing written")
        return 1 if plan.rejected else 0
    written = write_plan(plan, args.districts, args.claims)
    if plan.places and written.places is not None:
        print(f"added {len(written.places)} place(s) to {args.districts}" + (f": {', '.join(written.places)}" if written.places else ""))
    if written.error is not None:
        for problem in written.problems:
            print(problem, file=sys.stderr)
        print(written.error, file=sys.stderr)
        return 1
    late = len(plan.claims) - len(written.claims)
    skipped += f"; {late} added meanwhile by another writer" if late else ""
    print(f"added {len(written.claims)} claim(s) to {args.claims}{skipped}{rejected}")
    return 1 if plan.rejected else 0


def _print_findings(plan: ImportPlan, dataset: Dataset) -> None:
    """Notes, warnings, rejected rows and rows outside the region, on stderr."""
    for note in plan.notes:
        print(f"note: {note}", file=sys.stderr)
    for warning in plan.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for rejected in plan.rejected:
        print(rejected, file=sys.stderr)
    if plan.outside:
        shown = ", ".join(f"{name} ×{n}" for name, n in plan.outside.most_common())
        print(f"skipped {sum(plan.outside.values())} row(s) outside {dataset.gazetteer.region} (admin1: {shown})", file=sys.stderr)


def _print_dry_run(plan: ImportPlan) -> None:
    """Each place, source and claim the import would add."""
    for place in plan.places:
        point = place["point"]
        print(
            f"+ place {place['id']}: {place['name']} ({place['kind']}) in {place['district']} at {point['lat']}, {point['lon']} "
            f"from event {plan.place_events[place['id']]}"
        )
    for source in plan.sources:
        print(f"+ source {source['id']}: {source['name']}")
    for claim in plan.claims:
        where = ", ".join(claim.get("districts") or []) or "-"
        holder = f" {claim['holder']}" if claim.get("holder") else ""
        at = f" at {', '.join(claim['places'])}" if claim.get("places") else ""
        print(f"+ claim {claim['id']}: {claim['date']} {claim['status']}{holder} [{where}]{at} by {claim['source']}")


def _counts(plan: ImportPlan) -> str:
    what = f"{len(plan.claims)} claim(s) and {len(plan.sources)} source(s)"
    if plan.places:
        what = f"{len(plan.claims)} claim(s), {len(plan.sources)} source(s) and {len(plan.places)} place(s)"
    return what
