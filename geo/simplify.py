"""Simplify districts and their neighbours as ONE coverage, within a size budget.

Simplifying polygons one by one moves each side of a shared border differently and
opens slivers and gaps; ``shapely.coverage_simplify`` simplifies every shared edge once,
so neighbours keep exactly one common border. The tolerance (degrees, roughly the
square root of the triangle areas removed) starts at ``tolerance`` and is doubled
while the districts' GeoJSON exceeds ``max_bytes``, but never so far that a district's
area moves by more than ``max_area_error`` from the full-resolution area: accuracy wins
over size, and an over-budget result is reported in ``within_budget``.

The neighbours are faint grey context: once simplified with the districts, their edges that
no district shares are simplified again, ``CONTEXT_COARSENING`` times coarser
(:func:`simplify_context`); the edges they share with a district stay vertex for vertex.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace

import numpy as np
import shapely
from numpy.typing import NDArray

from geo.geojson import DEFAULT_PRECISION, geometries_size
from geo.measure import area_km2

log = logging.getLogger(__name__)

DEFAULT_TOLERANCE = 0.001  # degrees; ~100 m, invisible at province zoom
DEFAULT_MAX_BYTES = 250_000  # GeoJSON of the districts (geometries, compact, rounded)
DEFAULT_MAX_AREA_ERROR = 0.02  # relative, per district
#: The neighbours' own edges are simplified this many times coarser than the districts': at
#: 0.004° they stay within about 2 px of the finer line at the province's zoom, and the
#: Panjshir page sheds 10 KB (docs/decisions.md, "The neighbours' own edges").
CONTEXT_COARSENING = 4
_MAX_DOUBLINGS = 12
_MAX_HALVINGS = 6


@dataclass(frozen=True)
class Simplified:
    """The simplified coverage (same order as the input) and how it was obtained."""

    geometries: NDArray[np.object_]
    tolerance: float
    geojson_bytes: int  # of the measured geometries (the districts)
    max_area_error: float  # largest relative area change among the measured geometries
    within_budget: bool
    warnings: list[str] = field(default_factory=list)


def as_coverage(geometries: NDArray[np.object_]) -> tuple[NDArray[np.object_], bool, list[str]]:
    """``geometries`` as a valid coverage if possible: (geometries, is_coverage, warnings).

    Files that overlap or whose shared edges do not have the same vertices are cleaned
    (``shapely.coverage_clean``); if even that fails, the caller simplifies shape by shape.
    """
    geometries = np.asarray(geometries, dtype=object)
    if shapely.coverage_is_valid(geometries):
        return geometries, True, []
    problem = "boundaries overlap or their shared edges do not match"
    try:
        cleaned = shapely.coverage_clean(geometries)
    except shapely.errors.GEOSException as exc:
        return geometries, False, [f"{problem}, and cleaning failed ({exc}); borders may show slivers"]
    if shapely.coverage_is_valid(cleaned):
        return cleaned, True, [f"{problem}; cleaned into a coverage"]
    return geometries, False, [f"{problem}; borders may show slivers"]


def _simplify(geometries: NDArray[np.object_], tolerance: float, precision: int, coverage: bool) -> NDArray[np.object_]:
    if tolerance > 0:
        if coverage:
            geometries = shapely.coverage_simplify(geometries, tolerance)
        else:
            geometries = shapely.simplify(geometries, tolerance, preserve_topology=True)
    # Snap to the output grid here, not only when writing: shared edges have identical
    # vertices and snap identically, and GEOS keeps each result valid at that precision.
    return shapely.set_precision(geometries, 10.0**-precision)


def simplify_context(
    geometries: NDArray[np.object_], measured: int, tolerance: float, precision: int = DEFAULT_PRECISION
) -> NDArray[np.object_]:
    """``geometries`` (one valid coverage) with those after the first ``measured`` simplified
    at ``tolerance``, except their edges shared with the first ``measured``.

    The context is simplified as a coverage of its own, closed by a frame (a box around
    everything, with holes where the geometries are): the edges it shares with the measured
    geometries are then on its boundary, which ``simplify_boundary=False`` keeps, while the
    edges between context shapes and their outer edges (shared with the frame) are inner
    ones. Unchanged if that coverage is not valid.
    """
    context = geometries[measured:]
    if len(context) == 0 or tolerance <= 0:
        return geometries
    filled = shapely.union_all([shapely.Polygon(p.exterior) for p in shapely.get_parts(shapely.union_all(geometries))])
    west, south, east, north = filled.bounds
    box = shapely.box(west - 1, south - 1, east + 1, north + 1)
    frame = shapely.Polygon(box.exterior, [p.exterior for p in shapely.get_parts(filled)])
    closed = np.array([*context, frame], dtype=object)
    if not shapely.coverage_is_valid(closed):
        log.info("boundaries: the neighbours and their frame are not a coverage; their edges are not simplified further")
        return geometries
    simplified = shapely.coverage_simplify(closed, tolerance, simplify_boundary=False)[:-1]
    return np.concatenate([geometries[:measured], shapely.set_precision(simplified, 10.0**-precision)])


def simplify_coverage(
    geometries: NDArray[np.object_],
    *,
    measured: int | None = None,
    tolerance: float = DEFAULT_TOLERANCE,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    max_area_error: float = DEFAULT_MAX_AREA_ERROR,
    precision: int = DEFAULT_PRECISION,
) -> Simplified:
    """Simplify ``geometries`` (EPSG:4326, one coverage) — see the module docstring.

    Only the first ``measured`` geometries (the districts; default all) count for the
    size budget and the area limit; the rest (neighbours) are simplified along with them
    so their shared borders stay shared, then their own edges coarser (:func:`simplify_context`).
    """
    geometries = np.asarray(geometries, dtype=object)
    n = len(geometries) if measured is None else measured
    if len(geometries) == 0:
        return Simplified(geometries, tolerance, 2, 0.0, True)
    coverage, is_coverage, warnings = as_coverage(geometries)
    reference = area_km2(geometries[:n])
    safe_reference = np.where(reference > 0, reference, np.nan)

    def attempt(t: float) -> Simplified:
        out = _simplify(coverage, t, precision, is_coverage)
        errors = np.abs(area_km2(out[:n]) / safe_reference - 1.0)
        worst = float(np.nanmax(errors)) if np.isfinite(errors).any() else 0.0
        size = geometries_size(out[:n], precision)
        ok_size = max_bytes is None or size <= max_bytes
        return Simplified(out, t, size, worst, ok_size, warnings)

    result = attempt(tolerance)
    halvings = 0
    while result.max_area_error > max_area_error and result.tolerance > 0:
        halvings += 1
        result = attempt(0.0 if halvings > _MAX_HALVINGS else result.tolerance / 2)
    doublings = 0
    while not result.within_budget and doublings < _MAX_DOUBLINGS and result.tolerance > 0:
        doublings += 1
        coarser = attempt(result.tolerance * 2)
        if coarser.max_area_error > max_area_error:
            break
        result = coarser
    if not result.within_budget:
        log.info(
            "boundaries: %d bytes of GeoJSON exceed the %s-byte budget at tolerance %g (kept for area accuracy)",
            result.geojson_bytes,
            max_bytes,
            result.tolerance,
        )
    if is_coverage and n < len(geometries):
        result = replace(result, geometries=simplify_context(result.geometries, n, result.tolerance * CONTEXT_COARSENING, precision))
    return result
