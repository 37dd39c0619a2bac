"""Real geoBoundaries data: both the full-resolution shapefile and the simplified GeoJSON."""

from __future__ import annotations

import itertools
import json
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely

from geo import Boundaries, load_boundaries
from geo.measure import area_km2
from tests.geo.conftest import NATIONAL_GEOJSON, NATIONAL_SHP, panjshir_rows

#: File names in the folder of ``national_dir`` (real or drawn).
SOURCES = {"shp": NATIONAL_SHP.name, "geojson": NATIONAL_GEOJSON.name}


@pytest.fixture(scope="module", params=sorted(SOURCES))
def kind(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="module")
def loaded(kind: str, national_dir, gazetteer) -> Boundaries:
    return load_boundaries(gazetteer, national_dir / SOURCES[kind], allow_download=False)


@pytest.fixture(scope="module")
def source_frame(kind: str, national_dir) -> gpd.GeoDataFrame:
    return gpd.read_file(national_dir / SOURCES[kind])


def test_all_seven_districts_found_in_gazetteer_order(loaded: Boundaries, gazetteer, source_frame, reference_rows):
    assert loaded.districts["id"].tolist() == list(gazetteer.ids)
    assert loaded.districts["name"].tolist() == [d.name for d in gazetteer.districts]
    expected_names = [source_frame["shapeName"][i] for i in panjshir_rows(source_frame, gazetteer).values()]
    assert loaded.districts["feature_name"].tolist() == expected_names
    assert "Khenj (Hese- Awal)" in expected_names
    assert not loaded.schematic and not loaded.districts["schematic"].any()
    assert loaded.origin == "file" and Path(loaded.source).name == SOURCES[loaded_kind(loaded)]
    assert loaded.warnings == []


def loaded_kind(boundaries: Boundaries) -> str:
    return next(k for k, name in SOURCES.items() if boundaries.source.endswith("/" + name))


def test_columns_crs_and_validity(loaded: Boundaries):
    assert list(loaded.districts.columns) == [
        "id",
        "name",
        "geometry",
        "label_lon",
        "label_lat",
        "area_km2",
        "schematic",
        "feature_name",
    ]
    assert loaded.districts.crs.to_epsg() == 4326
    assert loaded.neighbours.crs.to_epsg() == 4326
    assert loaded.districts.is_valid.all() and loaded.neighbours.is_valid.all()
    assert set(loaded.districts.geom_type) <= {"Polygon", "MultiPolygon"}
    assert loaded.attribution.startswith("geoBoundaries") and loaded.attribution_url == "https://www.geoboundaries.org"


def test_area_km2_is_the_full_resolution_area_of_the_input(loaded: Boundaries, source_frame, gazetteer):
    rows = list(panjshir_rows(source_frame, gazetteer).values())
    expected = area_km2(source_frame.geometry.values[rows])
    np.testing.assert_allclose(loaded.districts["area_km2"], expected, rtol=1e-9)


def test_displayed_areas_within_2_percent_of_full_resolution(loaded: Boundaries, reference_areas):
    shown = dict(zip(loaded.districts["id"], area_km2(loaded.districts.geometry.values), strict=True))
    for district_id, reference in reference_areas.items():
        assert shown[district_id] == pytest.approx(reference, rel=0.02), district_id
    # and the shipped numbers themselves are close to the full-resolution ones
    np.testing.assert_allclose(loaded.districts["area_km2"], list(reference_areas.values()), rtol=0.02)


def test_union_has_no_gaps_or_overlaps(loaded: Boundaries, national, reference_rows):
    shapes = loaded.districts.geometry.values
    union = shapely.union_all(shapes)
    original = shapely.union_all(national.geometry.values[list(reference_rows.values())])
    assert union.geom_type == original.geom_type == "Polygon"
    assert len(union.interiors) == len(original.interiors) == 0
    summed = area_km2(shapes).sum()
    assert area_km2([union])[0] == pytest.approx(summed, rel=1e-6)  # no overlaps
    everything = np.concatenate([shapes, loaded.neighbours.geometry.values])
    assert shapely.coverage_is_valid(everything)


def _shared_lengths(geometries: np.ndarray) -> dict[tuple[int, int], float]:
    lengths = {}
    for i, j in itertools.combinations(range(len(geometries)), 2):
        lengths[i, j] = shapely.intersection(geometries[i].boundary, geometries[j].boundary).length
    return lengths


def test_neighbouring_districts_still_share_borders(loaded: Boundaries, source_frame, gazetteer):
    rows = list(panjshir_rows(source_frame, gazetteer).values())
    before = _shared_lengths(source_frame.geometry.values[rows])
    after = _shared_lengths(loaded.districts.geometry.values)
    touching = [pair for pair, length in before.items() if length > 0]
    assert len(touching) >= 6  # seven districts in one piece need at least six borders
    for pair in touching:
        assert after[pair] > 0.8 * before[pair], pair
    for pair, length in before.items():
        if length == 0:
            assert after[pair] == 0, pair


def test_districts_share_borders_with_their_neighbours(loaded: Boundaries):
    region = shapely.union_all(loaded.districts.geometry.values)
    shared = [shapely.intersection(region.boundary, n.boundary).length for n in loaded.neighbours.geometry]
    assert sum(1 for s in shared if s > 0) >= len(shared) - 2  # a few may only be near, not touching
    assert sum(shared) == pytest.approx(region.boundary.length, rel=0.02)  # fully surrounded


def test_neighbours_are_the_features_touching_the_region(loaded: Boundaries, source_frame, gazetteer):
    rows = panjshir_rows(source_frame, gazetteer).values()
    region = shapely.union_all(source_frame.geometry.values[list(rows)])
    touching = {
        name
        for i, (name, g) in enumerate(zip(source_frame["shapeName"], source_frame.geometry, strict=True))
        if i not in rows and g.intersects(region)
    }
    assert touching and set(loaded.neighbours["name"]) >= touching


def test_geojson_of_the_seven_is_under_250_kb(loaded: Boundaries):
    text = loaded.to_geojson()
    assert len(text.encode("utf-8")) < 250_000
    data = json.loads(text)
    assert [f["properties"]["id"] for f in data["features"]] == loaded.districts["id"].tolist()
    coords = np.array(shapely.get_coordinates(shapely.from_geojson(text)))
    assert np.allclose(coords, np.round(coords, 5))


def test_labels_are_inside_their_district(loaded: Boundaries):
    points = shapely.points(loaded.districts["label_lon"], loaded.districts["label_lat"])
    assert shapely.contains(loaded.districts.geometry.values, points).all()


def test_loading_the_shapefile_is_fast(national_dir, gazetteer):
    started = time.perf_counter()
    load_boundaries(gazetteer, national_dir / NATIONAL_SHP.name, allow_download=False)
    assert time.perf_counter() - started < 3.0
