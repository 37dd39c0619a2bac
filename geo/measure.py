"""Areas and label positions: the numbers shown beside each district."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely
from numpy.typing import NDArray

# NSIDC EASE-Grid 2.0 Global: equal-area, worldwide, so one CRS serves any region.
EQUAL_AREA = "EPSG:6933"


def area_km2(geometries: NDArray[np.object_] | gpd.GeoSeries, crs: str = "EPSG:4326") -> NDArray[np.float64]:
    """Area of each geometry in km², measured in an equal-area projection (not in degrees)."""
    series = gpd.GeoSeries(np.asarray(geometries, dtype=object), crs=crs)
    return series.to_crs(EQUAL_AREA).area.to_numpy() / 1e6


def label_points(geometries: NDArray[np.object_]) -> NDArray[np.float64]:
    """An ``(n, 2)`` array of (x, y) points guaranteed inside each geometry.

    The centre of the maximum inscribed circle (pole of inaccessibility) sits where a
    label has most room; a centroid can fall outside crescent-shaped districts. Where the
    circle's centre is not strictly inside (degenerate shapes), ``point_on_surface`` is used.
    Empty geometries give NaN.
    """
    geometries = np.asarray(geometries, dtype=object)
    out = np.full((len(geometries), 2), np.nan)
    present = ~shapely.is_empty(geometries) & ~shapely.is_missing(geometries)
    if not present.any():
        return out
    shapes = geometries[present]
    centres = shapely.get_point(shapely.maximum_inscribed_circle(shapes), 0)
    inside = shapely.contains(shapes, centres)
    centres[~inside] = shapely.point_on_surface(shapes[~inside])
    out[present] = shapely.get_coordinates(centres)
    return out
