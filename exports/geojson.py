"""GeoJSON: the districts with their state on a date (and on a second date, compared), for QGIS or geojson.io."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from core.compare import same_category
from core.labels import SCHEMATIC_WARNING
from core.rules import CONSENSUS, Timeline, age_days, stale_age
from core.style import fill_color, is_hatched, pattern


def render(timeline: Timeline, boundaries: Any, date: dt.date, view: str, compare: dt.date | None) -> bytes:
    """The file's bytes (UTF-8 JSON)."""
    return json.dumps(state_feature_collection(timeline, boundaries, date, view, compare=compare), ensure_ascii=False).encode("utf-8")


def state_feature_collection(timeline: Timeline, boundaries, date, view: str = CONSENSUS, *, compare: dt.date | None = None) -> dict:
    """GeoJSON FeatureCollection of the state on ``date``: one feature per district.

    With ``compare`` each feature also has ``compare_date``, ``compare_status``,
    ``compare_holder``, ``compare_claims`` and ``changed`` (another status or holder).
    """
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
        result["warning"] = f"{SCHEMATIC_WARNING}; areas and borders are not real"
    return result
