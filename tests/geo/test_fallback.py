"""No file, no cache, no network: schematic shapes, flagged and explained."""

from __future__ import annotations

import itertools
import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
import shapely

from core.model import Seat
from geo import SCHEMATIC_WARNING, Boundaries, load_boundaries, schematic
from geo.fallback import schematic_districts
from geo.measure import area_km2
from tests.geo.conftest import make_gazetteer


@pytest.fixture
def offline(tmp_path: Path) -> Boundaries:
    # the real gazetteer URL, an empty cache, and no network allowed
    return load_boundaries(make_gazetteer(), cache_dir=tmp_path / "empty", allow_download=False)


def test_seven_flagged_schematic_shapes_with_a_plain_warning(offline: Boundaries, gazetteer):
    assert offline.schematic and offline.origin == "schematic" and offline.source == "schematic"
    assert offline.districts["id"].tolist() == list(gazetteer.ids)
    assert offline.districts["schematic"].all()
    assert offline.warnings[0].startswith("schematic shapes — official boundaries unavailable: ")
    assert "downloading is turned off" in offline.warnings[0]
    assert "not official" in offline.attribution and offline.attribution_url is None
    assert offline.neighbours.empty and offline.neighbours.crs.to_epsg() == 4326
    assert offline.districts["area_km2"].isna().all()  # no real area is known


def test_schematic_shapes_are_valid_non_empty_and_do_not_overlap(offline: Boundaries):
    shapes = offline.districts.geometry.values
    assert offline.districts.crs.to_epsg() == 4326
    assert shapely.is_valid(shapes).all()
    areas = area_km2(shapes)
    assert (areas > 10).all()
    for i, j in itertools.combinations(range(len(shapes)), 2):
        assert shapely.intersection(shapes[i], shapes[j]).area < 1e-9 * min(shapes[i].area, shapes[j].area)
    union = shapely.union_all(shapes)
    assert union.geom_type == "Polygon" and not union.interiors
    assert area_km2([union])[0] == pytest.approx(areas.sum(), rel=1e-6)


def test_each_seat_lies_in_its_own_shape_and_is_the_label(offline: Boundaries, gazetteer):
    for district, row in zip(gazetteer.districts, offline.districts.itertuples(), strict=True):
        seat = shapely.Point(district.seat.lon, district.seat.lat)
        assert row.geometry.contains(seat), district.id
        assert (row.label_lon, row.label_lat) == (district.seat.lon, district.seat.lat)


def test_no_url_says_so(tmp_path: Path):
    result = load_boundaries(make_gazetteer(url=None), cache_dir=tmp_path)
    assert result.schematic and "names no boundary file or URL" in result.warnings[0]


def test_geojson_of_schematic_shapes_has_null_areas(offline: Boundaries):
    data = json.loads(offline.to_geojson())
    assert len(data["features"]) == 7
    assert all(f["properties"]["area_km2"] is None and f["properties"]["schematic"] for f in data["features"])


def test_districts_without_or_sharing_a_seat_are_left_out_with_a_warning(gazetteer):
    first, second, *rest = gazetteer.districts
    districts = (replace(first, seat=None), second, replace(rest[0], seat=Seat(second.seat.lat, second.seat.lon)), *rest[1:])
    frame, warnings = schematic_districts(districts)
    assert frame["id"].tolist() == [second.id, *(d.id for d in rest[1:])]
    assert any(first.id in w and "no seat" in w for w in warnings)
    assert any(rest[0].id in w and "same seat" in w for w in warnings)
    result = schematic(replace(gazetteer, districts=districts), ["test"])
    assert result.warnings[0] == f"{SCHEMATIC_WARNING}: test" and len(result.warnings) == 3


@pytest.mark.parametrize("count", [0, 1, 2])
def test_few_seats_still_give_shapes(gazetteer, count: int):
    frame, _ = schematic_districts(gazetteer.districts[:count])
    assert len(frame) == count and list(frame.columns)[:3] == ["id", "name", "geometry"]
    assert np.all(shapely.area(frame.geometry.values) > 0)
