"""``python -m control init``: a new region's ``districts.yaml`` and starter ``claims.yaml`` from a boundary file.

Thin over :mod:`geo.gazetteer` (choosing features, drafting the gazetteer) and
:mod:`yamldata.starter` (the claims file). Both files are written to temporary files
beside their targets, validated together and matched against the boundary file, and
only then renamed into place: a run that fails leaves nothing behind, and an existing
file is never replaced without ``--force``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from core.errors import ValidationError
from core.model import Dataset
from yamldata.loader import load_dataset
from yamldata.schema import SCHEMAS

DISTRICTS_NAME = "districts.yaml"
CLAIMS_NAME = "claims.yaml"


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "init",
        help="start a region: districts.yaml and a starter claims.yaml from a boundary file",
        description="Draft DIR/districts.yaml (one district per chosen feature of the boundary file) and a starter "
        "DIR/claims.yaml, validated and matched against the file; then `bash scripts/run.sh -- --districts "
        "DIR/districts.yaml --claims DIR/claims.yaml` shows the region's map.",
    )
    parser.add_argument("--boundaries", type=Path, required=True, help="the boundary file (any format GDAL reads, any CRS)")
    parser.add_argument("--region", required=True, help="the region's name, as the map's title says it")
    parser.add_argument("--out", type=Path, required=True, metavar="DIR", help="where to write districts.yaml and claims.yaml")
    choose = parser.add_mutually_exclusive_group(required=True)
    choose.add_argument("--all", action="store_true", help="every feature of the file")
    choose.add_argument("--names", metavar='"A,B,…"', help="the file's names (or codes) of the districts, comma-separated")
    choose.add_argument("--where", metavar="FIELD=VALUE", help="the features whose FIELD (a column such as a province) is VALUE")
    choose.add_argument("--bbox", metavar="W,S,E,N", help="the features with a point inside this box (degrees)")
    choose.add_argument("--within", type=Path, metavar="OTHER_FILE", help="the features at least half inside this file's shapes")
    parser.add_argument("--name-field", default=None, help="the file's column of names (default: found)")
    parser.add_argument("--code-field", default=None, help="the file's column of unique codes (default: found)")
    parser.add_argument("--attribution", default=None, help="who made the boundaries, and their licence")
    parser.add_argument("--attribution-url", default=None, help="the page the attribution links to")
    parser.add_argument("--parties", default=None, metavar='"A,B"', help="the parties' names for claims.yaml (default: Side A, Side B)")
    parser.add_argument("--force", action="store_true", help="replace existing files in DIR")
    parser.set_defaults(run=run, needs_data=False)


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 1


def _selection(features, args: argparse.Namespace, name_field: str, code_field: str | None):
    from geo import gazetteer
    from geo.read import read_features

    if args.all:
        return gazetteer.select_all(features)
    if args.names is not None:
        return gazetteer.select_names(features, args.names.split(","), name_field, code_field)
    if args.where is not None:
        column, equals, value = args.where.partition("=")
        if not equals or not column.strip():
            raise ValueError(f"--where {args.where!r}: give FIELD=VALUE, e.g. --where ADM1_EN=Baghlan")
        return gazetteer.select_where(features, column.strip(), value.strip())
    if args.bbox is not None:
        return gazetteer.select_bbox(features, gazetteer.parse_bbox(args.bbox))
    outline, _ = read_features(args.within)
    return gazetteer.select_within(features, outline, args.within.name)


def run(_dataset: Dataset | None, args: argparse.Namespace) -> int:
    """Draft, write to temporary files, validate and match, then rename into place."""
    started = time.perf_counter()
    out: Path = args.out
    targets = (out / DISTRICTS_NAME, out / CLAIMS_NAME)
    existing = [str(t) for t in targets if t.exists()]
    if existing and not args.force:
        return _fail(f"{' and '.join(existing)} already exist{'s' if len(existing) == 1 else ''}: nothing written (--force replaces them)")
    if not args.region.strip():
        return _fail("--region is empty: give the region's name")
    parties = [p.strip() for p in args.parties.split(",") if p.strip()] if args.parties else None

    from geo import BoundaryError
    from geo.gazetteer import draft_gazetteer, name_column, relative_file
    from geo.match import choose_code_field, match_districts
    from geo.read import read_features
    from yamldata.atomic import atomic_path
    from yamldata.starter import DEFAULT_PARTIES, starter_claims

    try:
        features, warnings = read_features(args.boundaries)
        name_field = name_column(features, args.name_field)
        code_field = choose_code_field(features, args.code_field)
        selection = _selection(features, args, name_field, code_field)
        draft = draft_gazetteer(
            features,
            selection,
            region=args.region.strip(),
            boundary_file=relative_file(args.boundaries, out),
            source_name=args.boundaries.name,
            name_field=name_field,
            code_field=code_field,
            attribution=args.attribution,
            attribution_url=args.attribution_url,
        )
    except (BoundaryError, ValueError) as exc:
        return _fail(f"init: {exc}")
    draft.schema = relative_file(SCHEMAS / "districts.schema.json", out)
    try:
        claims_text = starter_claims(
            draft.region,
            [d.name for d in draft.districts],
            parties or DEFAULT_PARTIES,
            schema=relative_file(SCHEMAS / "claims.schema.json", out),
        )
    except ValueError as exc:
        return _fail(f"init: --parties: {exc}")

    out.mkdir(parents=True, exist_ok=True)
    try:
        with atomic_path(targets[0], mode=0o644) as districts_tmp, atomic_path(targets[1], mode=0o644) as claims_tmp:
            districts_tmp.write_text(draft.yaml(), encoding="utf-8")
            claims_tmp.write_text(claims_text, encoding="utf-8")
            dataset = load_dataset(districts_tmp, claims_tmp)  # raises: nothing is renamed into place
            source = str(args.boundaries)
            match_districts(features, dataset.gazetteer.districts, name_field=name_field, code_field=code_field, source=source)
            if not args.force:
                existing = [str(t) for t in targets if t.exists()]
                if existing:  # appeared meanwhile
                    raise FileExistsError(", ".join(existing))
    except ValidationError as exc:  # a bug of ours, never the user's: say what, keep nothing
        return _fail("init: the drafted files do not validate (nothing written):\n" + "\n".join(str(p) for p in exc.problems))
    except BoundaryError as exc:
        return _fail(f"init: the drafted districts do not match the file (nothing written): {exc}")
    except FileExistsError as exc:
        return _fail(f"{exc} appeared while drafting: nothing written (--force replaces them)")

    for warning in [*warnings, *draft.warnings]:
        print(f"warning: {warning}", file=sys.stderr)
    named = ", ".join(d.name for d in draft.districts[:6]) + (", …" if len(draft.districts) > 6 else "")
    coded = sum(1 for d in draft.districts if d.code)
    print(f"wrote {targets[0]}: {len(draft.districts)} districts of {draft.region} ({named}), names from {name_field}", end="")
    print(f", {coded} with their {code_field} as code (the file repeats their name)" if coded else "")
    print(f"wrote {targets[1]}: parties {', '.join(p.name for p in dataset.parties)}; no claims yet (an example of each status, commented)")
    took = time.perf_counter() - started
    print(f"checked: both files validate, and every district matches one feature of {args.boundaries.name} ({took:.1f} s)")
    print(f"next: bash scripts/run.sh -- --districts {targets[0]} --claims {targets[1]}")
    return 0
