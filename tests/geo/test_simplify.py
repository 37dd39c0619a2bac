"""Coverage simplification: shared borders stay shared; the size budget never beats accuracy."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from core.model import BoundarySettings, District, Gazetteer
from geo import load_boundaries
from geo.geojson import geometries_size
from geo.measure import area_km2
from geo.simplify import CONTEXT_COARSENING, DEFAULT_TOLERANCE, as_coverage, simplify_context, simplify_coverage
from tests.geo.conftest import NATIONAL_SHP


@pytest.fixture(scope="module")
def coverage(national, reference_rows) -> np.ndarray:
    """Panjshir's seven first, then every feature touching them."""
    rows = list(reference_rows.values())
    union = shapely.union_all(national.geometry.values[rows])
    others = [i for i in np.flatnonzero(national.intersects(union)) if i not in rows]
    return national.geometry.values[rows + others]


def _worst_area_error(simplified, original) -> float:
    return float(np.max(np.abs(area_km2(simplified) / area_km2(original) - 1)))


def test_default_keeps_panjshir_small_and_accurate(coverage):
    result = simplify_coverage(coverage, measured=7)
    assert result.tolerance == DEFAULT_TOLERANCE and result.within_budget
    assert result.geojson_bytes == geometries_size(result.geometries[:7])
    assert result.max_area_error == pytest.approx(_worst_area_error(result.geometries[:7], coverage[:7]))
    assert result.max_area_error < 0.02
    assert shapely.coverage_is_valid(result.geometries)
    assert shapely.get_num_coordinates(result.geometries).sum() < shapely.get_num_coordinates(coverage).sum()


def _shared_with(districts, context):
    """Each context shape's border with the districts (as lines) and the vertices along it."""
    edge = shapely.boundary(shapely.union_all(districts))
    corners = {tuple(p) for p in shapely.get_coordinates(districts)}
    lines = [shapely.intersection(edge, shapely.boundary(g)) for g in context]
    return lines, [corners & {tuple(p) for p in shapely.get_coordinates(g)} for g in context]


def test_neighbours_own_edges_are_coarser_their_borders_with_districts_exact(coverage):
    """The context is simplified again except where it meets a district: that border keeps every vertex."""
    fine = shapely.set_precision(shapely.coverage_simplify(coverage, DEFAULT_TOLERANCE), 1e-5)
    tolerance = DEFAULT_TOLERANCE * CONTEXT_COARSENING
    coarse = simplify_context(fine, 7, tolerance)
    assert all(a is b for a, b in zip(coarse[:7], fine[:7], strict=True))  # the districts untouched
    assert shapely.coverage_is_valid(coarse)
    lines_before, corners_before = _shared_with(fine[:7], fine[7:])
    lines_after, corners_after = _shared_with(coarse[:7], coarse[7:])
    assert sum(line.length for line in lines_before) > 0.5  # the province's border, degrees
    for before, after in zip(lines_before, lines_after, strict=True):
        assert shapely.equals(before, after)
    assert corners_after == corners_before
    assert not shapely.get_num_interior_rings(shapely.union_all(coarse))  # no gap opened between shapes
    assert geometries_size(coarse[7:]) < 0.8 * geometries_size(fine[7:])
    assert max(shapely.hausdorff_distance(a, b) for a, b in zip(coarse[7:], fine[7:], strict=True)) < 2 * tolerance
    assert all(shapely.is_valid(coarse))


def test_simplify_coverage_coarsens_the_context(coverage):
    result = simplify_coverage(coverage, measured=7)
    fine = shapely.set_precision(shapely.coverage_simplify(coverage, result.tolerance), 1e-5)
    assert shapely.get_num_coordinates(result.geometries[7:]).sum() < shapely.get_num_coordinates(fine[7:]).sum()
    assert all(shapely.equals_exact(a, b, 0) for a, b in zip(result.geometries[:7], fine[:7], strict=True))


def test_tight_budget_coarsens_until_it_fits(coverage):
    result = simplify_coverage(coverage, measured=7, max_bytes=12_000)
    assert result.within_budget and result.geojson_bytes <= 12_000
    assert result.tolerance > DEFAULT_TOLERANCE
    assert result.max_area_error <= 0.02
    assert shapely.coverage_is_valid(result.geometries)


def test_impossible_budget_keeps_accuracy(coverage):
    result = simplify_coverage(coverage, measured=7, max_bytes=500)
    assert not result.within_budget
    assert result.max_area_error <= 0.02
    assert _worst_area_error(result.geometries[:7], coverage[:7]) <= 0.02


def test_too_coarse_a_start_is_refined(coverage):
    result = simplify_coverage(coverage, measured=7, tolerance=0.05)
    assert result.tolerance < 0.05 and result.max_area_error <= 0.02


def test_overlapping_input_is_cleaned_into_a_coverage():
    squares = np.array([shapely.box(0, 0, 1, 1), shapely.box(0.999, 0, 2, 1), shapely.box(0, 1, 2, 2)], dtype=object)
    fixed, ok, warnings = as_coverage(squares)
    assert ok and warnings and "cleaned" in warnings[0]
    assert shapely.coverage_is_valid(fixed)
    result = simplify_coverage(squares, max_bytes=None)
    assert result.warnings and shapely.coverage_is_valid(result.geometries)


def test_national_gazetteer_of_398_districts(real_national_dir, national):
    """The later benchmark: every district of the country, matched by code (names repeat)."""
    districts = tuple(
        District(id=str(code), name=str(name), code=str(code))
        for code, name in zip(national["shapeID"], national["shapeName"], strict=True)
    )
    gazetteer = Gazetteer(region="Afghanistan", districts=districts, boundaries=BoundarySettings(name_field="shapeName"))
    loaded = load_boundaries(gazetteer, real_national_dir / NATIONAL_SHP.name, allow_download=False)  # its time: benchmarks/
    assert len(loaded.districts) == 398 and loaded.neighbours.empty
    assert loaded.districts.is_valid.all()
    assert shapely.coverage_is_valid(loaded.districts.geometry.values)
    shown = area_km2(loaded.districts.geometry.values)
    np.testing.assert_allclose(shown, loaded.districts["area_km2"], rtol=0.02)
    np.testing.assert_allclose(loaded.districts["area_km2"], area_km2(national.geometry.values), rtol=1e-9)
    points = shapely.points(loaded.districts["label_lon"], loaded.districts["label_lat"])
    assert shapely.contains(loaded.districts.geometry.values, points).all()
