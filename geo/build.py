"""Turn a file's features into :class:`Boundaries` for the gazetteer (pure: no I/O)."""

from __future__ import annotations

from collections.abc import Sequence

import geopandas as gpd
import numpy as np

from core.model import District
from geo.boundaries import DISTRICT_COLUMNS, WGS84, Boundaries
from geo.geojson import DEFAULT_PRECISION
from geo.match import match_districts
from geo.measure import area_km2, label_points
from geo.simplify import DEFAULT_MAX_AREA_ERROR, DEFAULT_MAX_BYTES, DEFAULT_TOLERANCE, simplify_coverage

NEIGHBOUR_DISTANCE = 0.01  # degrees (~1 km): tolerates small gaps between files' polygons


def neighbour_rows(features: gpd.GeoDataFrame, district_rows: Sequence[int], distance: float = NEIGHBOUR_DISTANCE) -> list[int]:
    """Rows of features (other than the districts) touching or within ``distance`` of them."""
    geometries = features.geometry.values[list(district_rows)]
    _, nearby = features.sindex.query(geometries, predicate="dwithin", distance=distance)
    taken = set(district_rows)
    empty = features.geometry.is_empty.to_numpy()
    return [int(i) for i in np.unique(nearby) if int(i) not in taken and not empty[i]]


def build_boundaries(
    features: gpd.GeoDataFrame,
    districts: Sequence[District],
    *,
    source: str,
    attribution: str,
    attribution_url: str | None = None,
    origin: str = "file",
    name_field: str | None = None,
    code_field: str | None = None,
    tolerance: float = DEFAULT_TOLERANCE,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    max_area_error: float = DEFAULT_MAX_AREA_ERROR,
    precision: int = DEFAULT_PRECISION,
    warnings: Sequence[str] = (),
) -> Boundaries:
    """Match, simplify (one coverage with the neighbours), measure and label.

    ``features`` must be EPSG:4326 with repaired geometries (:func:`geo.read.read_features`).
    Raises :class:`geo.errors.BoundaryError` if a district is missing or ambiguous.
    """
    match = match_districts(features, districts, name_field=name_field, code_field=code_field, source=source)
    rows = [match.rows[d.id] for d in districts]
    near = neighbour_rows(features, rows)
    full = features.geometry.values
    result = simplify_coverage(
        np.concatenate([full[rows], full[near]]),
        measured=len(rows),
        tolerance=tolerance,
        max_bytes=max_bytes,
        max_area_error=max_area_error,
        precision=precision,
    )
    shapes = result.geometries[: len(rows)]
    labels = label_points(shapes)
    names = features[match.name_field].astype(str).to_numpy()
    district_frame = gpd.GeoDataFrame(
        {
            "id": [d.id for d in districts],
            "name": [d.name for d in districts],
            "label_lon": labels[:, 0],
            "label_lat": labels[:, 1],
            "area_km2": area_km2(full[rows]),
            "schematic": False,
            "feature_name": names[rows],
        },
        geometry=list(shapes),
        crs=WGS84,
    )[list(DISTRICT_COLUMNS)]
    neighbour_frame = gpd.GeoDataFrame({"name": names[near]}, geometry=list(result.geometries[len(rows) :]), crs=WGS84)
    return Boundaries(
        districts=district_frame,
        neighbours=neighbour_frame,
        source=source,
        attribution=attribution,
        attribution_url=attribution_url,
        schematic=False,
        warnings=[*warnings, *result.warnings],
        origin=origin,
        tolerance=result.tolerance,
    )
