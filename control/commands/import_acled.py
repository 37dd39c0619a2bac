"""``python -m control import-acled EXPORT.csv``: ACLED events to claims.yaml, their towns to districts.yaml (:mod:`importers.acled`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from control import options
from core.errors import ValidationError
from core.model import Dataset
from importers.acled import ExportError, plan_import
from yamldata.writer import WriteError, append_claims, append_places


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
    for note in plan.notes:
        print(f"note: {note}", file=sys.stderr)
    for warning in plan.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for rejected in plan.rejected:
        print(rejected, file=sys.stderr)
    if plan.outside:
        shown = ", ".join(f"{name} ×{n}" for name, n in plan.outside.most_common())
        print(f"skipped {sum(plan.outside.values())} row(s) outside {dataset.gazetteer.region} (admin1: {shown})", file=sys.stderr)
    skipped = f"; {len(plan.already)} already in claims.yaml" if plan.already else ""
    skipped += f"; {len(plan.duplicates)} repeated event id(s) in the export" if plan.duplicates else ""
    rejected = f"; {len(plan.rejected)} row(s) rejected (see above)" if plan.rejected else ""
    if args.dry_run:
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
        what = f"{len(plan.claims)} claim(s) and {len(plan.sources)} source(s)"
        if plan.places:
            what = f"{len(plan.claims)} claim(s), {len(plan.sources)} source(s) and {len(plan.places)} place(s)"
        print(f"dry run: would add {what}{skipped}{rejected}; nothing written")
        return 1 if plan.rejected else 0
    places: list[str] = []
    if plan.places:  # first: the claims name them, and must validate against them
        try:
            places = append_places(args.districts, args.claims, plan.places, comments=plan.place_comments, skip_existing=True)
        except ValidationError as exc:
            for problem in exc.problems:
                print(problem, file=sys.stderr)
            print(f"the import would make {args.districts} invalid; nothing was written", file=sys.stderr)
            return 1
        except WriteError as exc:
            print(exc, file=sys.stderr)
            return 1
        print(f"added {len(places)} place(s) to {args.districts}" + (f": {', '.join(places)}" if places else ""))
    nothing = "nothing was written"
    if places:
        nothing = f"no claim was written (the {len(places)} place(s) added to {args.districts} stay; a re-run uses them)"
    added: list[str] = []
    if plan.claims:
        try:
            added = append_claims(args.claims, args.districts, plan.claims, plan.sources, skip_existing=True)
        except ValidationError as exc:
            for problem in exc.problems:
                print(problem, file=sys.stderr)
            print(f"the import would make {args.claims} invalid; {nothing}", file=sys.stderr)
            return 1
        except WriteError as exc:
            print(exc if not places else f"{exc}; {nothing}", file=sys.stderr)
            return 1
    late = len(plan.claims) - len(added)
    skipped += f"; {late} added meanwhile by another writer" if late else ""
    print(f"added {len(added)} claim(s) to {args.claims}{skipped}{rejected}")
    return 1 if plan.rejected else 0
