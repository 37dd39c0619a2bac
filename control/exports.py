"""``python -m control export``: the map on a date (GeoJSON, HTML, PNG) or the timeline (CSV).

One command, four formats, for four uses: GeoJSON for QGIS or geojson.io, CSV for a
spreadsheet, a standalone HTML map (with its own date slider; :mod:`control.export_html`)
for a journalist's attachment, a PNG (:mod:`control.export_png`) for a report.
:func:`export_bytes` is what both the command and the app's download buttons call.

Imports geopandas/geo, folium and matplotlib lazily, so ``validate`` and ``state``
never pay for them.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import re
import sys
import unicodedata
from pathlib import Path

from control.model import INDEPENDENT, Dataset
from control.rules import CONSENSUS, Timeline, age_days, stale_age

FORMATS = ("geojson", "csv", "html", "png")
#: Formats that are files, not text for a pipe: they need ``-o``.
FILE_ONLY = ("html", "png")
MEDIA_TYPES = {"geojson": "application/geo+json", "csv": "text/csv", "html": "text/html", "png": "image/png"}


def add_parser(sub, data_options, view_options) -> None:
    parser = sub.add_parser("export", help="write the map (GeoJSON, HTML, PNG) or the timeline (CSV)")
    parser.add_argument("--format", choices=FORMATS, required=True)
    view_options(
        parser,
        date_required=False,
        compare_help="compare with this date (YYYY-MM-DD): GeoJSON gains each district's state then and a "
        "`changed` flag; CSV becomes one row per district with both states; HTML opens in compare mode",
    )
    parser.add_argument("--boundaries", type=Path, default=None, help="boundary file (any format GDAL reads)")
    parser.add_argument("-o", "--output", type=Path, default=None, help="output file (default: standard output; required for html and png)")
    data_options(parser)
    parser.set_defaults(run=run)


def run(dataset: Dataset, args: argparse.Namespace) -> int:
    from control.cli import resolve_view
    from control.loader import timeline_of

    timeline = timeline_of(dataset)
    view = resolve_view(timeline, args.view)
    if view is None:
        return 2
    if args.format in FILE_ONLY and args.output is None:
        print(f"--format {args.format} writes a file: give one with -o FILE", file=sys.stderr)
        return 2
    date = args.date or (dataset.dates[-1] if dataset.dates else None)
    compare = args.compare
    if compare is not None and args.format == "png":
        print("--compare works with --format geojson, csv or html", file=sys.stderr)
        return 2
    if args.format == "csv" and compare is not None:
        if date is None:
            print("no claims yet: nothing to export", file=sys.stderr)
            return 1
        text = comparison_csv(timeline, compare, date, view)
    elif args.format == "csv":
        text = timeline_csv(timeline, view)
    else:
        if date is None:
            print("no claims yet: nothing to export", file=sys.stderr)
            return 1
        from geo import BoundaryError, load_boundaries

        try:
            boundaries = load_boundaries(dataset.gazetteer, args.boundaries)
        except BoundaryError as exc:
            print(f"boundaries: {exc}", file=sys.stderr)
            return 1
        for warning in boundaries.warnings:
            print(f"warning: {warning}", file=sys.stderr)
        if args.format in FILE_ONLY:
            args.output.write_bytes(export_bytes(args.format, timeline, boundaries, date, view, compare=compare))
            return 0
        text = json.dumps(state_feature_collection(timeline, boundaries, date, view, compare=compare), ensure_ascii=False)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def export_bytes(
    fmt: str, timeline: Timeline, boundaries, date: dt.date, view: str = CONSENSUS, *, compare: dt.date | None = None
) -> bytes:
    """One export as the bytes of its file; ``boundaries`` may be None for ``csv``.

    The same bytes as ``python -m control export`` writes with ``-o``, so a download
    from the app and a file made on the command line are interchangeable. ``compare``
    (a second date) makes the CSV and GeoJSON a comparison and opens the HTML in compare mode.
    """
    if fmt == "csv":
        text = timeline_csv(timeline, view) if compare is None else comparison_csv(timeline, compare, date, view)
        return text.encode("utf-8")
    if fmt == "geojson":
        collection = state_feature_collection(timeline, boundaries, date, view, compare=compare)
        return json.dumps(collection, ensure_ascii=False).encode("utf-8")
    if fmt == "html":
        from control.export_html import export_html

        return export_html(timeline, boundaries, date, view, compare=compare).encode("utf-8")
    if fmt == "png":
        from control.export_png import render_png

        return render_png(timeline, boundaries, date, view)
    raise ValueError(f"unknown export format '{fmt}' (use one of: {', '.join(FORMATS)})")


def export_filename(dataset: Dataset, fmt: str, date: dt.date, view: str, compare: dt.date | None = None) -> str:
    """e.g. ``panjshir-2021-09-06-consensus.png``; the CSV is the whole timeline, so it has no date;
    a comparison is ``panjshir-2021-09-04-vs-2021-09-06-consensus.csv``."""
    region, view_slug = _slug(dataset.gazetteer.region) or "map", _slug(view) or "view"
    if compare is not None and fmt != "png":
        return f"{region}-{compare.isoformat()}-vs-{date.isoformat()}-{view_slug}.{fmt}"
    if fmt == "csv":
        return f"{region}-timeline-{view_slug}.csv"
    return f"{region}-{date.isoformat()}-{view_slug}.{fmt}"


def _slug(text: str) -> str:
    """ASCII, lower case, hyphens: safe in a file name on any system."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


def view_label(view: str, dataset: Dataset) -> str:
    """The view in words, as the app's view picker says it."""
    if view == CONSENSUS:
        return "consensus (independent sources weighed against the parties' claims)"
    if view == INDEPENDENT:
        return "independent sources only"
    return f"{dataset.party(view).name}'s own claims"


def map_title(dataset: Dataset) -> str:
    """The heading of the HTML and PNG maps (plain text)."""
    return f"{dataset.gazetteer.region}: who controls which district, according to whom"


def footer_lines(dataset: Dataset, boundaries) -> list[str]:
    """Attribution for the map exports (plain text): where the shapes and the claims come from."""
    from geo import SCHEMATIC_WARNING

    if boundaries.schematic:
        shapes = f"Boundaries: {SCHEMATIC_WARNING}; borders and areas are not real."
    else:
        shapes = f"Boundaries: {boundaries.attribution}"
    dates = dataset.dates
    span = f", {dates[0].isoformat()} to {dates[-1].isoformat()}" if dates else ""
    source = f" ({dataset.claims_path.name})" if dataset.claims_path else ""
    claims = (
        f"Claims: {len(dataset.claims)} dated claims{span}{source}. A party's claim is not a fact; "
        "hatched = claimed, unconfirmed; cross-hatched = partly corroborated, unconfirmed."
    )
    return [shapes, claims]


def state_feature_collection(timeline: Timeline, boundaries, date, view: str = CONSENSUS, *, compare: dt.date | None = None) -> dict:
    """GeoJSON FeatureCollection of the state on ``date``: one feature per district.

    With ``compare`` each feature also has ``compare_date``, ``compare_status``,
    ``compare_holder``, ``compare_claims`` and ``changed`` (another status or holder).
    """
    from control.compare import same_category
    from control.style import fill_color, is_hatched, pattern

    dataset = timeline.dataset
    collection = boundaries.feature_collection()
    features = []
    for feature in collection["features"]:
        props = feature["properties"]
        district = dataset.gazetteer.by_id(props["id"])
        state = timeline.state(district.id, date, view)
        area = props.get("area_km2")
        feature["properties"] = {
            "id": district.id,
            "name": district.name,
            "name_local": district.name_local,
            "date": date.isoformat(),
            "view": view,
            "status": state.status,
            "holder": state.holder,
            "color": fill_color(state, dataset),
            "hatched": is_hatched(state),
            "pattern": pattern(state),
            "claims": list(state.claims),
            "age_days": age_days(state, date, dataset),
            "stale": stale_age(state, date, dataset) is not None,
            "area_km2": round(area, 1) if isinstance(area, (int, float)) and area == area else None,
            "schematic": bool(boundaries.schematic),
        }
        if compare is not None:
            then = timeline.state(district.id, compare, view)
            feature["properties"].update(
                {
                    "compare_date": compare.isoformat(),
                    "compare_status": then.status,
                    "compare_holder": then.holder,
                    "compare_claims": list(then.claims),
                    "changed": not same_category(then, state),
                }
            )
        features.append(feature)
    result = {
        "type": "FeatureCollection",
        "date": date.isoformat(),
        "view": view,
        "source": boundaries.source,
        "attribution": boundaries.attribution,
        "attribution_url": boundaries.attribution_url,
        "schematic": bool(boundaries.schematic),
        "features": features,
    }
    if compare is not None:
        result["compare_date"] = compare.isoformat()
    if boundaries.schematic:
        result["warning"] = "schematic shapes — official boundaries unavailable; areas and borders are not real"
    return result


def timeline_rows(timeline: Timeline, view: str) -> list[dict]:
    """One row per district per day on which its state (status, holder, claims) changed."""
    dataset = timeline.dataset
    rows = []
    for district in dataset.gazetteer.districts:
        previous = None
        for date, state in timeline.changes(district.id, view):
            key = (state.status, state.holder, state.claims)
            if key == previous:
                continue
            previous = key
            rows.append(
                {
                    "date": date.isoformat(),
                    "district_id": district.id,
                    "district": district.name,
                    "view": view,
                    "status": state.status,
                    "holder": state.holder or "",
                    "claims": " ".join(state.claims),
                }
            )
    rows.sort(key=lambda r: (r["date"], r["district_id"]))
    return rows


def timeline_csv(timeline: Timeline, view: str) -> str:
    buffer = io.StringIO()
    fields = ["date", "district_id", "district", "view", "status", "holder", "claims"]
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(timeline_rows(timeline, view))
    return buffer.getvalue()


COMPARISON_FIELDS = [
    "district_id", "district", "view", "date_before", "status_before", "holder_before", "claims_before",
    "date_after", "status_after", "holder_after", "claims_after", "changed",
]  # fmt: skip


def comparison_csv(timeline: Timeline, before: dt.date, after: dt.date, view: str) -> str:
    """One row per district: its state on ``before`` and on ``after``, and whether it changed."""
    from control.compare import same_category

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COMPARISON_FIELDS, lineterminator="\n")
    writer.writeheader()
    then, now = timeline.states_on(before, view), timeline.states_on(after, view)
    for district in timeline.dataset.gazetteer.districts:
        a, b = then[district.id], now[district.id]
        writer.writerow(
            {
                "district_id": district.id,
                "district": district.name,
                "view": view,
                "date_before": before.isoformat(),
                "status_before": a.status,
                "holder_before": a.holder or "",
                "claims_before": " ".join(a.claims),
                "date_after": after.isoformat(),
                "status_after": b.status,
                "holder_after": b.holder or "",
                "claims_after": " ".join(b.claims),
                "changed": "yes" if not same_category(a, b) else "no",
            }
        )
    return buffer.getvalue()
