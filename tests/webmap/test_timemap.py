"""webmap.timemap's data: what the time map is given is what the rules say, packed without loss."""

from __future__ import annotations

import datetime as dt
import random

import pandas as pd

from core.rules import CONSENSUS, Timeline
from webmap.timemap import pack_changes, time_payload, unpack_changes
from yamldata.loader import load_dataset

from ..app.conftest import REPO


def test_pack_and_unpack_are_inverse():
    rng = random.Random(4)
    for width in (2, 3):
        day, changes = 0, []
        for _ in range(200):
            day += rng.randint(0, 40)
            changes.append([day, rng.randint(0, 9), *([rng.randint(-1, day)] if width == 3 else [])])
        flat = pack_changes(changes, width)
        assert len(flat) == width * len(changes)
        assert unpack_changes(flat, width) == changes
    assert pack_changes([[3, 1], [10, 0]], 2) == [3, 1, 7, 0]
    assert pack_changes([[3, 1], [10, 0, 8]], 3) == [3, 1, -1, 7, 0, 8]  # no deciding claim: no newest day


class _Boundaries:
    def __init__(self, ids):
        self.districts = pd.DataFrame({"id": ids})
        self.schematic, self.attribution = False, "test shapes"


def test_lean_change_points_are_the_timelines_categories():
    dataset = load_dataset(REPO / "districts.yaml", REPO / "claims.yaml")
    timeline = Timeline(dataset)
    ids = list(dataset.gazetteer.ids)
    lean = time_payload(timeline, _Boundaries(ids), dataset.dates[-1], CONSENSUS, lean=True)
    full = time_payload(timeline, _Boundaries(ids), dataset.dates[-1], CONSENSUS)
    assert "claims" not in lean and "words" not in lean and "claims" in full
    start = dt.date.fromisoformat(lean["start"])
    for district, entry, rich in zip(ids, lean["districts"], full["districts"], strict=True):
        points = unpack_changes(entry["changes"], lean["packed"])
        assert [p[:2] for p in points] == [c[:2] for c in rich["changes"]]  # same days, same categories
        wanted = [(start + dt.timedelta(days=p[0]), lean["categories"][p[1]]) for p in points]
        got = timeline.change_categories(district)
        assert [(d, c["status"]) for d, c in wanted] == [(d, s) for d, s, _ in got]


def test_places_travel_with_their_own_change_points_and_a_district_says_when_its_centre_counts():
    dataset = load_dataset(REPO / "districts.yaml", REPO / "claims.yaml")
    timeline = Timeline(dataset)
    ids = list(dataset.gazetteer.ids)
    full = time_payload(timeline, _Boundaries(ids), dataset.dates[-1], CONSENSUS)
    lean = time_payload(timeline, _Boundaries(ids), dataset.dates[-1], CONSENSUS, lean=True)
    assert [p["name"] for p in full["places"]] == [p.name for p in dataset.gazetteer.places]
    start = dt.date.fromisoformat(full["start"])
    for place, entry, packed in zip(dataset.gazetteer.places, full["places"], lean["places"], strict=True):
        wanted = [(d, s) for d, s, _ in timeline.change_categories(place.id)]
        assert [(start + dt.timedelta(days=c[0]), full["categories"][c[1]]["status"]) for c in entry["changes"]] == wanted
        assert [c[:2] for c in unpack_changes(packed["changes"], lean["packed"])] == [c[:2] for c in entry["changes"]]
        assert entry["district"] == ids.index(place.district)
        assert entry["point"] == [place.point.lat, place.point.lon]
    rukha = full["districts"][ids.index("rukha")]["changes"]
    notes = [c[-1] for c in rukha if isinstance(c[-1], str)]
    assert notes and set(notes) == {"Through its district centre: what was said about Rukha district centre counts for Rukha."}
    assert not any(isinstance(c[-1], str) for d in ("khinj", "dara") for c in full["districts"][ids.index(d)]["changes"])


def test_large_maps_are_drawn_on_a_canvas_small_ones_as_svg_paths():
    from geo import schematic
    from webmap.timemap import CANVAS_MIN_DISTRICTS, renderer_for, shape_payload

    assert renderer_for(CANVAS_MIN_DISTRICTS - 1) == "svg" and renderer_for(CANVAS_MIN_DISTRICTS) == "canvas"
    assert renderer_for(7) == "svg" and renderer_for(398) == "canvas"
    gazetteer = load_dataset(REPO / "districts.yaml", REPO / "claims.yaml").gazetteer
    assert shape_payload(schematic(gazetteer, ["test"]))["renderer"] == "svg"  # Panjshir's 7: one path each
