"""``python -m control export``: the state on a date (GeoJSON) or the timeline (CSV).

Imports geopandas/geo lazily, so ``validate`` and ``state`` never pay for them.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from pathlib import Path

from control.model import Dataset
from control.rules import CONSENSUS, Timeline

FORMATS = ("geojson", "csv")


def add_parser(sub, data_options, view_options) -> None:
    parser = sub.add_parser("export", help="write the map (GeoJSON) or the timeline (CSV)")
    parser.add_argument("--format", choices=FORMATS, required=True)
    view_options(parser, date_required=False)
    parser.add_argument("--boundaries", type=Path, default=None, help="boundary file (any format GDAL reads)")
    parser.add_argument("-o", "--output", type=Path, default=None, help="output file (default: standard output)")
    data_options(parser)
    parser.set_defaults(run=run)


def run(dataset: Dataset, args: argparse.Namespace) -> int:
    from control.cli import resolve_view

    timeline = Timeline(dataset)
    view = resolve_view(timeline, args.view)
    if view is None:
        return 2
    date = args.date or (dataset.dates[-1] if dataset.dates else None)
    if args.format == "csv":
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
        text = json.dumps(state_feature_collection(timeline, boundaries, date, view), ensure_ascii=False)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def state_feature_collection(timeline: Timeline, boundaries, date, view: str = CONSENSUS) -> dict:
    """GeoJSON FeatureCollection of the state on ``date``: one feature per district."""
    from control.style import fill_color

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
            "hatched": state.status == "claimed",
            "claims": list(state.claims),
            "area_km2": round(area, 1) if isinstance(area, (int, float)) and area == area else None,
            "schematic": bool(boundaries.schematic),
        }
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
