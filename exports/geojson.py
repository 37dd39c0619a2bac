"""GeoJSON: the districts with their state on a date (and on a second date, compared), then the places as points, for QGIS or geojson.io."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from core.compare import same_category
from core.explain import headline, through_places
from core.labels import SCHEMATIC_WARNING
from core.rules import CONSENSUS, DistrictState, Timeline, age_days, stale_age
from core.style import category_key, category_label, fill_color, is_hatched, pattern
from geo.places import place_districts

if TYPE_CHECKING:  # geopandas: only where shapes are drawn
    from geo.boundaries import Boundaries

#: Digits of a place's coordinates: about 1 m, as the district shapes (geo.geojson).
POINT_PRECISION = 5


def render(timeline: Timeline, boundaries: Boundaries, date: dt.date, view: str, compare: dt.date | None) -> bytes:
    """The file's bytes (UTF-8 JSON)."""
    return json.dumps(state_feature_collection(timeline, boundaries, date, view, compare=compare), ensure_ascii=False).encode("utf-8")


def _state_properties(
    timeline: Timeline, unit_id: str, state: DistrictState, date: dt.date, view: str, compare: dt.date | None, noun: str
) -> dict:
    """What a district's and a place's feature both say of its state (and, with ``compare``, of its state then)."""
    dataset = timeline.dataset
    props: dict[str, Any] = {
        "date": date.isoformat(),
        "view": view,
        "status": state.status,
        "holder": state.holder,
        "label": category_label(state.status, state.holder, dataset, view),
        "category": category_id(state),
        "color": fill_color(state, dataset),
        "hatched": is_hatched(state),
        "pattern": pattern(state),
        "claims": list(state.claims),
        "headline": headline(state, dataset, noun=noun, view=view),
        "age_days": age_days(state, date, dataset),
        "stale": stale_age(state, date, dataset) is not None,
    }
    if compare is not None:
        then = timeline.state(unit_id, compare, view)
        props.update(_compare_properties(then, state, compare), compare_label=category_label(then.status, then.holder, dataset, view))
    return props


def category_id(state: DistrictState) -> str:
    """One field a GIS user can style by: ``status:holder`` (``-`` for none; a denial and "could not verify" have none)."""
    status, holder = category_key(state.status, state.holder)
    return f"{status}:{holder or '-'}"


def _compare_properties(then: DistrictState, now: DistrictState, compare: dt.date) -> dict:
    return {
        "compare_date": compare.isoformat(),
        "compare_status": then.status,
        "compare_holder": then.holder,
        "compare_claims": list(then.claims),
        "changed": not same_category(then, now),
    }


def state_feature_collection(timeline: Timeline, boundaries, date, view: str = CONSENSUS, *, compare: dt.date | None = None) -> dict:
    """GeoJSON FeatureCollection of the state on ``date``: one polygon per district, then one point per place.

    Every feature has ``kind`` ("district", or the place's kind) so a reader can filter;
    a place also has ``district`` (the file's, else the one its point lies in) and
    ``approximate``. Each says its ``status``, ``holder``, ``category`` (one field to style
    by), the legend's ``label``, ``color`` and ``pattern`` (``hatch``, ``cross``, ``dots`` or
    null) and the ``headline``. With ``compare`` each feature also has ``compare_date``,
    ``compare_status``, ``compare_holder``, ``compare_claims``, ``compare_label`` and
    ``changed`` (another category).
    """
    dataset = timeline.dataset
    gazetteer = dataset.gazetteer
    schematic = bool(boundaries.schematic)
    collection = boundaries.feature_collection()
    features = []
    for feature in collection["features"]:
        props = feature["properties"]
        district = gazetteer.by_id(props["id"])
        area = props.get("area_km2")
        state = timeline.state(district.id, date, view)
        feature["properties"] = {
            "id": district.id,
            "name": district.name,
            "kind": "district",
            "name_local": district.name_local,
            **_state_properties(timeline, district.id, state, date, view, compare, "district"),
            # Nothing inferred silently: say when a district centre's claims colour the district.
            "through_places": through_places(state, district.id, dataset) or None,
            "area_km2": round(area, 1) if isinstance(area, (int, float)) and area == area else None,
            "schematic": schematic,
        }
        features.append(feature)
    located = place_districts(gazetteer, boundaries)
    for place in gazetteer.places:
        point = [round(place.point.lon, POINT_PRECISION), round(place.point.lat, POINT_PRECISION)]
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": point},
                "properties": {
                    "id": place.id,
                    "name": place.name,
                    "kind": place.kind,
                    "district": located.get(place.id),
                    "approximate": place.approximate,
                    **_state_properties(timeline, place.id, timeline.state(place.id, date, view), date, view, compare, "place"),
                },
            }
        )
    result = {
        "type": "FeatureCollection",
        "date": date.isoformat(),
        "view": view,
        "source": boundaries.source,
        "attribution": boundaries.attribution,
        "attribution_url": boundaries.attribution_url,
        "schematic": schematic,
        "features": features,
    }
    if compare is not None:
        result["compare_date"] = compare.isoformat()
    if boundaries.schematic:
        result["warning"] = f"{SCHEMATIC_WARNING}; areas and borders are not real"
    return result
