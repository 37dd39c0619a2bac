"""Places in districts.yaml and in claims: every mistake is FILE:LINE naming what is wrong."""

# ruff: noqa: E501  (the messages are compared whole)

from __future__ import annotations

import copy

import pytest

from tests.scenarios import DISTRICTS, claim
from tests.yamldata.test_validate import line_of, problems

PASS = {"id": "high-pass", "name": "High pass", "kind": "pass", "district": "North", "point": {"lat": 35.6, "lon": 69.5}}


def gazetteer(*places: dict) -> dict:
    doc = copy.deepcopy(DISTRICTS)
    doc["places"] = list(places)
    return doc


def test_a_claim_may_name_only_places(files):
    files.write([claim("c1", "2021-09-05", "wire", None, places=["high pass"], holder="red")], districts=gazetteer(PASS))
    [c] = files.dataset().claims
    assert (c.places, c.place_refs, c.districts) == (("high-pass",), ("high pass",), ())
    [place] = files.dataset().gazetteer.places
    assert (place.district, place.point.lat, place.kind, place.approximate) == ("north", 35.6, "pass", False)


def test_an_unknown_place_names_its_line_and_the_closest(files):
    files.write([claim("c1", "2021-09-05", "wire", None, places=["High pas"], holder="red")], districts=gazetteer(PASS))
    [message] = problems(files)
    assert message == f"{files.claims}:{line_of(files.claims, '- High pas')}: unknown place 'High pas' in claim 'c1' (closest: High pass)"


def test_a_place_written_as_a_district_says_where_it_belongs(files):
    files.write([claim("c1", "2021-09-05", "wire", ["High pass"], holder="red")], districts=gazetteer(PASS))
    [message] = problems(files)
    assert message.endswith("unknown district 'High pass' in claim 'c1' ('High pass' is a place: name it under 'places')")


def test_a_claim_of_control_needs_districts_or_places(files):
    files.write([claim("c1", "2021-09-05", "wire", None, holder="red")], districts=gazetteer(PASS))
    [message] = problems(files)
    assert message.endswith("claim 'c1' has no 'districts' (names, ids or aliases, or the word all) and no 'places'")


@pytest.mark.parametrize(
    ("change", "needle", "expected"),
    [
        ({"kind": "castle"}, "kind: castle", "unknown kind 'castle' of place 'high-pass' (use one of: pass, area, village, town, district_centre, compound, base)"),
        ({"kind": "district_centre", "district": None}, "- id: high-pass", "place 'high-pass' is a district centre but names no 'district' (its claims count for that district)"),
        ({"district": "Sout"}, "district: Sout", "unknown district 'Sout' for place 'high-pass' (closest: South, East, North)"),
        ({"point": {"lat": 95, "lon": 69.5}}, "lat: 95", "point lat of place 'high-pass' must be a number between -90 and 90, not a number 95"),
        ({"point": None}, "- id: high-pass", "place 'high-pass' has no 'point' ({lat: …, lon: …}, in degrees)"),
        ({"id": "north"}, "- id: north", "place 'north' has the id of district 'north' (line 3); ids of places and districts must differ"),
        ({"approximate": "roughly"}, "approximate: roughly", "'approximate' of place 'high-pass' must be true or false, not text 'roughly'"),
    ],
)  # fmt: skip
def test_a_bad_place_is_one_message_at_its_line(files, change, needle, expected):
    place = {k: v for k, v in {**PASS, **change}.items() if v is not None}
    files.write([claim("c1", "2021-09-05", "wire", ["North"], holder="red")], districts=gazetteer(place))
    found = problems(files)
    line = [i for i, text in enumerate(files.districts.read_text(encoding="utf-8").splitlines(), 1) if needle in text][-1]
    assert found == [f"{files.districts}:{line}: {expected}"]


def test_two_places_sharing_a_spelling(files):
    other = {**PASS, "id": "other-pass", "name": "Other pass", "aliases": ["High-Pass"]}
    files.write([claim("c1", "2021-09-05", "wire", ["North"], holder="red")], districts=gazetteer(PASS, other))
    [message] = problems(files)
    assert "place 'other-pass' and place 'high-pass'" in message and "share the name 'highpass'" in message


@pytest.mark.parametrize("places", [["High pass"], ["kotal"], ["High pass", "high-pass"], ["High pas"], "High pass"])
def test_places_read_the_same_on_the_fast_path(files, monkeypatch, places):
    from tests.yamldata.test_fastpath import both
    from yamldata import yamlsource

    monkeypatch.setattr(yamlsource, "FAST_MIN_BYTES", 0)
    place = {**PASS, "aliases": ["Kotal"]}
    claims = [claim(f"c{i}", "2021-09-05", "wire", ["South"] if i % 2 else None, places=places, holder="red") for i in range(6)]
    files.write(claims, districts=gazetteer(place))
    fast, slow, path = both(files.districts, files.claims, monkeypatch)
    assert fast == slow
    if not isinstance(fast, list):
        assert path == "fast" and [c.places for c in fast.claims] == [("high-pass",)] * 6


def test_a_district_written_as_a_place_says_where_it_belongs(files):
    files.write([claim("c1", "2021-09-05", "wire", None, places=["North"], holder="red")], districts=gazetteer(PASS))
    [message] = problems(files)
    assert message.endswith("unknown place 'North' in claim 'c1' ('North' is a district: name it under 'districts')")


def test_a_claim_about_all_districts_and_a_place_counts_for_the_place(files):
    files.write([claim("c1", "2021-09-05", "wire", "all", places=["High pass"], holder="red")], districts=gazetteer(PASS))
    import datetime as dt

    from core.rules import ComputedTimeline

    timeline = ComputedTimeline(files.dataset())
    assert timeline.state("high-pass", dt.date(2021, 9, 5)).claims == ("c1",)
    assert timeline.state("south", dt.date(2021, 9, 5)).status == "confirmed"
