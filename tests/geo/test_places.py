"""geo.places: the district a place lies in, found or checked on the shapes (drawn here, not real)."""

from __future__ import annotations

import dataclasses

import pytest

import geo
from core.model import Place, Seat
from geo.places import locate_places
from tests.geo.conftest import make_gazetteer
from tests.geo.drawn import write_drawn


@pytest.fixture(scope="module")
def drawn(tmp_path_factory):
    gazetteer = make_gazetteer()
    return gazetteer, geo.load_boundaries(gazetteer, write_drawn(tmp_path_factory.mktemp("drawn")))


def inside(boundaries, district_id: str) -> Seat:
    row = boundaries.districts.set_index("id").loc[district_id]
    return Seat(float(row.label_lat), float(row.label_lon))


def with_places(gazetteer, *places: Place):
    return dataclasses.replace(gazetteer, places=places)


def test_a_place_without_a_district_is_put_in_the_one_it_lies_in(drawn):
    gazetteer, boundaries = drawn
    located = locate_places(with_places(gazetteer, Place("p", "P", "village", inside(boundaries, "paryan"))), boundaries)
    assert located.districts == {"p": "paryan"} and located.problems == []


def test_a_place_outside_its_district_is_a_problem_naming_both(drawn):
    gazetteer, boundaries = drawn
    place = Place("p", "P", "district_centre", inside(boundaries, "dara"), "rukha", line=12)
    located = locate_places(with_places(gazetteer, place), boundaries)
    [problem] = located.problems
    assert problem.line == 12
    assert problem.message.startswith(f"place 'p' ({place.point.lat:g}, {place.point.lon:g}) lies in Dara, not in its district Rukha (")
    assert located.districts == {"p": "rukha"}  # the file's district stands: the rules never depend on the shapes


def test_a_place_in_no_district_is_a_problem(drawn):
    gazetteer, boundaries = drawn
    located = locate_places(with_places(gazetteer, Place("far", "Far", "town", Seat(0.0, 0.0))), boundaries)
    assert [p.message for p in located.problems] == ["place 'far' (0, 0) lies in none of the districts; give its 'district'"]
    assert located.districts == {}


def test_schematic_shapes_place_nothing(drawn):
    gazetteer, _ = drawn
    place = Place("p", "P", "pass", Seat(0.0, 0.0), "paryan")
    located = locate_places(with_places(gazetteer, place), geo.schematic(gazetteer))
    assert located == type(located)({"p": "paryan"}, [])


def test_the_bundled_places_lie_in_their_districts_on_the_real_boundaries(real_national_dir):
    from yamldata.loader import load_gazetteer

    gazetteer = load_gazetteer()
    boundaries = geo.load_boundaries(gazetteer, real_national_dir / "geoBoundaries-AFG-ADM2.shp")
    assert locate_places(gazetteer, boundaries).problems == []
