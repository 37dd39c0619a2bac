"""Schematic district shapes from the seats, for when no real boundaries can be had.

Each district gets the area closer to its seat than to any other seat (a Voronoi
cell), clipped to the seats' convex hull widened by a typical seat spacing. The shapes
tile without overlaps, so the map still works, but they are not boundaries: every row
is flagged ``schematic`` and ``area_km2`` is NaN because no real area is known.
"""

from __future__ import annotations

from collections.abc import Sequence

import geopandas as gpd
import numpy as np
import shapely
from pyproj import CRS

from core.model import District
from geo.boundaries import DISTRICT_COLUMNS, WGS84

_MIN_MARGIN_M = 5_000.0
_MAX_MARGIN_M = 50_000.0


def _local_equal_area(lat: float, lon: float) -> CRS:
    """Lambert azimuthal equal-area centred on the seats: metres, little distortion nearby."""
    return CRS.from_proj4(f"+proj=laea +lat_0={lat:.6f} +lon_0={lon:.6f} +datum=WGS84 +units=m +no_defs")


def _margin(points: np.ndarray) -> float:
    """How far shapes reach beyond the outer seats: the median nearest-seat distance."""
    if len(points) < 2:
        return 20_000.0
    xy = shapely.get_coordinates(points)
    distances = np.hypot(xy[:, None, 0] - xy[None, :, 0], xy[:, None, 1] - xy[None, :, 1])
    np.fill_diagonal(distances, np.inf)
    return float(np.clip(np.median(distances.min(axis=1)), _MIN_MARGIN_M, _MAX_MARGIN_M))


def schematic_districts(districts: Sequence[District]) -> tuple[gpd.GeoDataFrame, list[str]]:
    """Schematic shapes for the districts that have a seat, in gazetteer order, plus warnings."""
    warnings: list[str] = []
    seated: list[District] = []
    seen: dict[tuple[float, float], str] = {}
    for district in districts:
        if district.seat is None:
            warnings.append(f"district {district.id} has no seat, so no schematic shape")
            continue
        key = (round(district.seat.lon, 6), round(district.seat.lat, 6))
        if key in seen:
            warnings.append(f"district {district.id} has the same seat as {seen[key]}, so no schematic shape")
            continue
        seen[key] = district.id
        seated.append(district)
    if not seated:
        empty = gpd.GeoDataFrame({c: [] for c in DISTRICT_COLUMNS if c != "geometry"}, geometry=[], crs=WGS84)
        return empty[list(DISTRICT_COLUMNS)], warnings

    lons = np.array([d.seat.lon for d in seated])  # type: ignore[union-attr]
    lats = np.array([d.seat.lat for d in seated])  # type: ignore[union-attr]
    local = _local_equal_area(float(lats.mean()), float(lons.mean()))
    points = gpd.GeoSeries(shapely.points(lons, lats), crs=WGS84).to_crs(local).to_numpy()
    region = shapely.convex_hull(shapely.multipoints(points)).buffer(_margin(points))
    if len(points) == 1:
        cells = np.array([region], dtype=object)
    else:
        diagram = shapely.voronoi_polygons(shapely.multipoints(points), extend_to=region)
        parts = shapely.get_parts(diagram)
        # Pair cells with seats by containment rather than trusting output order.
        owner = [int(np.flatnonzero(shapely.contains(parts, p))[0]) for p in points]
        cells = shapely.intersection(parts[owner], region)
    shapes = gpd.GeoSeries(cells, crs=local).to_crs(WGS84).to_numpy()
    frame = gpd.GeoDataFrame(
        {
            "id": [d.id for d in seated],
            "name": [d.name for d in seated],
            "label_lon": lons,
            "label_lat": lats,
            "area_km2": np.full(len(seated), np.nan),
            "schematic": True,
            "feature_name": None,
        },
        geometry=shapes,
        crs=WGS84,
    )
    return frame[list(DISTRICT_COLUMNS)], warnings
