"""Make file geometries usable: 2-D, valid, polygonal (multipart kept)."""

from __future__ import annotations

import numpy as np
import shapely
from numpy.typing import NDArray

POLYGONAL = ("Polygon", "MultiPolygon")


def polygonal_part(geometry: shapely.Geometry | None) -> shapely.Geometry:
    """The polygons of ``geometry`` as one (Multi)Polygon; empty if it has none."""
    if geometry is None or geometry.is_empty:
        return shapely.Polygon()
    if geometry.geom_type in POLYGONAL:
        return geometry
    parts = [p for p in shapely.get_parts(geometry) if p.geom_type in POLYGONAL and not p.is_empty]
    if not parts:
        return shapely.Polygon()
    polygons = [q for p in parts for q in shapely.get_parts(p)]
    return polygons[0] if len(polygons) == 1 else shapely.MultiPolygon(polygons)


def repair(geometries: NDArray[np.object_]) -> tuple[NDArray[np.object_], int]:
    """Return 2-D, valid, polygonal geometries and how many had to be repaired.

    Invalid rings (self-intersections, bow-ties) are common in hand-made files and make
    areas and overlays wrong or raise; ``make_valid`` with the *structure* method keeps
    the intended shape (holes stay holes) and, unlike ``buffer(0)``, never drops parts.
    """
    geometries = shapely.force_2d(np.asarray(geometries, dtype=object))
    missing = np.array([g is None for g in geometries])
    valid = np.zeros(len(geometries), dtype=bool)
    valid[~missing] = shapely.is_valid(geometries[~missing])
    to_fix = ~valid & ~missing
    fixed = geometries.copy()
    if to_fix.any():
        fixed[to_fix] = shapely.make_valid(geometries[to_fix], method="structure", keep_collapsed=False)
    out = np.array([polygonal_part(g) for g in fixed], dtype=object)
    return out, int(to_fix.sum())
