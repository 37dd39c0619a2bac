"""``python -m control export``: the map on a date (GeoJSON, HTML, PNG) or the timeline (CSV)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from control import options
from core.labels import map_title
from core.model import Dataset
from exports.registry import FORMATS, REGISTRY, export_bytes
from yamldata.loader import timeline_of


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("export", help="write the map (GeoJSON, HTML, PNG) or the timeline (CSV)")
    parser.add_argument("--format", choices=FORMATS, required=True)
    options.view_options(
        parser,
        date_required=False,
        compare_help="compare with this date (YYYY-MM-DD): GeoJSON gains each district's and place's state then and a "
        "`changed` flag; CSV becomes one row per district (and place) with both states; HTML opens in compare mode",
    )
    parser.add_argument("--boundaries", type=Path, default=None, help="boundary file (any format GDAL reads)")
    parser.add_argument("-o", "--output", type=Path, default=None, help="output file (default: standard output; required for html and png)")
    parser.add_argument(
        "--embed",
        nargs="?",
        const="",
        default=None,
        metavar="URL",
        help="html only: also write FILE.embed.html beside the page, the snippet that embeds it in an article "
        "(an iframe that takes the height the map asks for); URL is where the page will be published "
        "(default: its file name, for a snippet on a page in the same folder)",
    )
    options.data_options(parser)
    parser.set_defaults(run=run)


def run(dataset: Dataset, args: argparse.Namespace) -> int:
    """Write one export to ``-o`` or standard output."""
    timeline = timeline_of(dataset)
    view = options.resolve_view(timeline, args.view)
    if view is None:
        return 2
    found = REGISTRY[args.format]
    if found.file_only and args.output is None:
        print(f"--format {args.format} writes a file: give one with -o FILE", file=sys.stderr)
        return 2
    if args.embed is not None and args.format != "html":
        print("--embed works with --format html", file=sys.stderr)
        return 2
    date = args.date or (dataset.dates[-1] if dataset.dates else None)
    compare = args.compare
    if compare is not None and not found.compares:
        names = [n for n, f in REGISTRY.items() if f.compares]
        print(f"--compare works with --format {', '.join(names[:-1])} or {names[-1]}", file=sys.stderr)
        return 2
    if date is None and (found.needs_boundaries or compare is not None):
        print("no claims yet: nothing to export", file=sys.stderr)
        return 1
    boundaries = None
    if found.needs_boundaries:
        from geo import BoundaryError, load_boundaries  # geopandas: only for the formats that draw

        try:
            boundaries = load_boundaries(dataset.gazetteer, args.boundaries)
        except BoundaryError as exc:
            print(f"boundaries: {exc}", file=sys.stderr)
            return 1
        for warning in boundaries.warnings:
            print(f"warning: {warning}", file=sys.stderr)
        from geo.places import locate_places

        for problem in locate_places(dataset.gazetteer, boundaries).problems:
            print(f"warning: {problem}", file=sys.stderr)
    data = export_bytes(args.format, timeline, boundaries, date, view, compare=compare)
    if args.output:
        args.output.write_bytes(data)
        if args.embed is not None:
            _write_embed_snippet(args.output, args.embed, map_title(timeline.dataset))
    else:
        sys.stdout.write(data.decode("utf-8"))
    return 0


def _write_embed_snippet(page: Path, url: str, title: str) -> None:
    """``page``'s embed snippet, as ``<page stem>.embed.html`` beside it."""
    from exports.embed import embed_snippet

    page.with_name(page.stem + ".embed.html").write_text(embed_snippet(url or page.name, title), encoding="utf-8")
