"""Places: a state of their own by the district rules; only a district centre speaks for its district."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from core.explain import headline, through_places
from core.places import claim_where, districts_through, place_line, places_in
from tests.scenarios import DISTRICTS, claim

PLACES = [
    {"id": "north-centre", "name": "North town", "kind": "district_centre", "district": "North", "point": {"lat": 35.5, "lon": 69.5}},
    {"id": "high-pass", "name": "High pass", "kind": "pass", "district": "north", "point": {"lat": 35.6, "lon": 69.5},
     "aliases": ["Kotal-e Bala"]},
    {"id": "east-base", "name": "East base", "kind": "base", "point": {"lat": 35.2, "lon": 70.0}, "approximate": True},
]  # fmt: skip
DAY = dt.date(2021, 9, 5)


@pytest.fixture
def with_places(scenario):
    gazetteer = copy.deepcopy(DISTRICTS)
    gazetteer["places"] = PLACES
    return lambda claims: scenario.write(claims, districts=gazetteer)


def test_a_place_has_its_own_state_and_says_nothing_of_its_district(with_places):
    timeline = with_places([claim("c1", "2021-09-05", "red-spox", None, places=["Kotal-e Bala"], holder="red")]).timeline()
    assert timeline.state("high-pass", DAY).status == "claimed"
    assert timeline.state("high-pass", DAY).holder == "red"
    assert timeline.state("north", DAY).status == "unknown"  # a pass is no word on the district


def test_a_district_centre_speaks_for_its_district_and_the_explanation_says_so(with_places):
    timeline = with_places([claim("c1", "2021-09-05", "red-spox", None, places=["North town"], holder="red")]).timeline()
    dataset = timeline.dataset
    district = timeline.state("north", DAY)
    assert (district.status, district.holder, district.claims) == ("claimed", "red", ("c1",))
    assert timeline.state("north-centre", DAY) == district
    assert through_places(district, "north", dataset) == "Through its district centre: what was said about North town counts for North."
    assert claim_where(dataset.claim("c1"), dataset.gazetteer) == "North town (counts for North)"
    assert timeline.state("south", DAY).status == "unknown"


def test_a_claim_naming_the_district_itself_is_not_said_to_come_through_a_place(with_places):
    dataset = with_places([claim("c1", "2021-09-05", "red-spox", ["North"], places=["North town"], holder="red")]).dataset()
    timeline = with_places([claim("c1", "2021-09-05", "red-spox", ["North"], places=["North town"], holder="red")]).timeline()
    assert dataset.claim("c1").districts == ("north",)
    assert through_places(timeline.state("north", DAY), "north", dataset) == ""
    assert claim_where(dataset.claim("c1"), dataset.gazetteer) == "North, North town"


def test_all_districts_never_covers_a_place(with_places):
    timeline = with_places([claim("c1", "2021-09-05", "wire", "all", holder="blue")]).timeline()
    assert {timeline.state(d, DAY).status for d in ("north", "south", "east")} == {"confirmed"}
    assert {timeline.state(p, DAY).status for p in ("north-centre", "high-pass", "east-base")} == {"unknown"}
    unknown = headline(timeline.state("high-pass", DAY), timeline.dataset, "place")
    assert unknown == "No information: no source has spoken about this place yet"


def test_a_place_follows_the_same_rules_in_every_view(with_places):
    timeline = with_places(
        [
            claim("c1", "2021-09-04", "red-spox", None, places=["High pass"], holder="red"),
            claim("c2", "2021-09-05", "wire", None, places=["High pass"], status="contested"),
        ]
    ).timeline()
    assert timeline.state("high-pass", DAY).status == "contested"  # the independent word, after the party's
    assert timeline.state("high-pass", DAY, "red").status == "held"
    assert timeline.state("high-pass", DAY, "independent").status == "contested"
    assert [d for d, _ in timeline.changes("high-pass")] == [dt.date(2021, 9, 4), DAY]
    assert timeline.place_states_on(DAY)["high-pass"].status == "contested"
    assert set(timeline.place_states_on(DAY)) == {"north-centre", "high-pass", "east-base"}
    assert set(timeline.states_on(DAY)) == {"north", "south", "east"}


def test_claims_about_a_place_and_its_district(with_places):
    dataset = with_places(
        [
            claim("c1", "2021-09-05", "red-spox", None, places=["North town"], holder="red"),
            claim("c2", "2021-09-05", "blue-spox", None, places=["High pass"], holder="blue"),
        ]
    ).dataset()
    assert [c.id for c in dataset.claims_about("north")] == ["c1"]  # through its centre; the pass is not the district
    assert [c.id for c in dataset.claims_about("high-pass")] == ["c2"]
    assert districts_through(("north-centre", "high-pass"), dataset.gazetteer) == ("north",)


def test_where_a_place_is_in_words(with_places):
    gazetteer = with_places([claim("c1", "2021-09-05", "wire", ["South"], holder="red")]).dataset().gazetteer
    assert place_line(gazetteer.place("high-pass"), gazetteer) == "pass in North"
    assert place_line(gazetteer.place("east-base"), gazetteer) == "base · position approximate"
    assert place_line(gazetteer.place("east-base"), gazetteer, "east") == "base in East · position approximate"
    assert place_line(gazetteer.place("north-centre"), gazetteer) == "district centre in North · its claims count for North"
    assert [p.id for p in places_in("north", gazetteer)] == ["north-centre", "high-pass"]
    assert [p.id for p in places_in("east", gazetteer, {"east-base": "east"})] == ["east-base"]


def test_compare_lists_the_places_whose_state_differs(with_places):
    from core.compare import differences, place_differences

    timeline = with_places([claim("c1", "2021-09-05", "red-spox", None, places=["High pass"], holder="red")]).timeline()
    changed = place_differences(timeline, dt.date(2021, 9, 4), DAY)
    assert [(d.district, d.before.status, d.after.status) for d in changed] == [("high-pass", "unknown", "claimed")]
    assert differences(timeline, dt.date(2021, 9, 4), DAY) == []  # a pass is no word on its district
