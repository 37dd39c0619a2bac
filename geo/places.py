"""Places on the boundaries: the district each place lies in, found or checked by point-in-polygon.

A place's district is for the reader (tooltips, the district's list of places) and, for
a district centre, for the rules. The rules take the district the file gives, never
one found here, so a change of boundary file cannot change a state; what is found here
fills in a district the file left out, and a place outside the district the file gives
is reported as ``FILE:LINE`` naming both. Schematic shapes place nothing: no check.
"""

from __future__ import annotations

from dataclasses import dataclass

import shapely

from core.errors import Problem
from core.model import Gazetteer, Place
from geo.boundaries import Boundaries

#: How far outside its district's shape a place may be and still count as in it, in
#: degrees (about 500 m), on top of the simplification tolerance: display shapes are
#: simplified and many points in this work are approximate.
MARGIN_DEGREES = 0.005


@dataclass(frozen=True)
class Located:
    """Where the boundaries put each place: ``districts`` (place id → district id) and the problems found."""

    districts: dict[str, str]
    problems: list[Problem]


def locate_places(gazetteer: Gazetteer, boundaries: Boundaries) -> Located:
    """The district of every place (the file's, else the shape it lies in), and places outside their district."""
    given = {p.id: p.district for p in gazetteer.places if p.district is not None}
    if not gazetteer.places or boundaries.schematic:
        return Located(given, [])
    frame = boundaries.districts
    ids = list(frame["id"])
    shapes = list(frame.geometry)
    margin = MARGIN_DEGREES + (boundaries.tolerance or 0.0)
    label = str(gazetteer.path) if gazetteer.path else "districts.yaml"
    found: dict[str, str] = dict(given)
    problems: list[Problem] = []
    points = shapely.points([(p.point.lon, p.point.lat) for p in gazetteer.places])
    present = [i for i, shape in enumerate(shapes) if shape is not None and not shape.is_empty]
    tree = shapely.STRtree([shapes[i] for i in present])  # thousands of places × 398 shapes: no pairwise scan
    covering: dict[int, list[str]] = {}
    for point_index, shape_index in zip(*tree.query(points, predicate="covered_by"), strict=True):
        covering.setdefault(int(point_index), []).append(ids[present[int(shape_index)]])
    for index, (place, point) in enumerate(zip(gazetteer.places, points, strict=True)):
        inside = covering.get(index, [])
        if place.district in inside:
            continue
        if place.district is None:
            near = inside or [i for i, shape in zip(ids, shapes, strict=True) if shape is not None and shape.distance(point) <= margin]
            if near:
                found[place.id] = near[0]
            else:
                message = f"place '{place.id}' ({_where(place)}) lies in none of the districts; give its 'district'"
                problems.append(Problem(label, place.line, message))
            continue
        at = ids.index(place.district) if place.district in ids else None
        shape = shapes[at] if at is not None else None
        if shape is None or shape.covers(point) or shape.distance(point) <= margin:
            continue
        name = gazetteer.by_id(place.district).name
        actual = f"in {gazetteer.by_id(inside[0]).name}" if inside else "in none of the districts"
        message = f"place '{place.id}' ({_where(place)}) lies {actual}, not in its district {name} ({boundaries.source})"
        problems.append(Problem(label, place.line, message))
    return Located(found, problems)


def place_districts(gazetteer: Gazetteer, boundaries: Boundaries) -> dict[str, str]:
    """Every place's district, for display: the file's, else the one its point lies in.

    No point-in-polygon at all when the file gives every place its district (the checks
    are :func:`locate_places`' other job, for the banner and ``validate``).
    """
    if all(p.district is not None for p in gazetteer.places):
        return {p.id: p.district for p in gazetteer.places}  # type: ignore[misc]
    return locate_places(gazetteer, boundaries).districts


def _where(place: Place) -> str:
    return f"{place.point.lat:g}, {place.point.lon:g}"
