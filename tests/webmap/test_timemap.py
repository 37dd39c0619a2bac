"""webmap.timemap's data: what the time map is given is what the rules say, packed without loss."""

from __future__ import annotations

import datetime as dt
import random

import pandas as pd

from core.rules import CONSENSUS, ComputedTimeline
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
    timeline = ComputedTimeline(dataset)
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
    timeline = ComputedTimeline(dataset)
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


def test_rows_are_written_in_the_layouts_field_order():
    """The payload's rows read back by the names of webmap/js/layout.json, as the page reads them."""
    from core.explain import source_grade
    from core.model import INDEPENDENT
    from core.style import category_key
    from webmap.timemap import LAYOUT, pack_row

    def at(kind: str) -> dict[str, int]:
        return {name.strip(".?"): i for i, name in enumerate(LAYOUT[kind])}

    dataset = load_dataset(REPO / "districts.yaml", REPO / "claims.yaml")
    timeline = ComputedTimeline(dataset)
    ids = list(dataset.gazetteer.ids)
    full = time_payload(timeline, _Boundaries(ids), dataset.dates[-1], CONSENSUS)
    start = dt.date.fromisoformat(full["start"])
    claim, source, word = at("claim"), at("source"), at("word")
    for row in full["claims"]:
        c = dataset.claim(row[claim["id"]])
        assert start + dt.timedelta(days=row[claim["day"]]) == c.date and row[claim["quote"]] == (c.quote or "")
        speaker = full["sources"][row[claim["source"]]]
        assert speaker[source["name"]] == dataset.source(c.source).name
        assert full["grades"][speaker[source["grade"]]] == source_grade(dataset.source(c.source))
        outlet = row[claim["outlet"]] if len(row) > claim["outlet"] else 0
        assert full["outlets"][outlet] == (c.reported_by or "")
        status, party, hedged = row[claim["kind"]]
        assert (LAYOUT["claimStatuses"][status], party, bool(hedged)) == (
            c.status, [p.id for p in dataset.parties].index(c.holder if c.status == "held" else c.party) if party >= 0 else -1, c.hedged
        )
    parties = [p.id for p in dataset.parties]
    change = at("change")
    for district, entry in zip(ids, full["districts"], strict=True):
        for point, (day, state) in zip(entry["changes"], timeline.changes(district), strict=True):
            assert start + dt.timedelta(days=point[change["day"]]) == day
            category = full["categories"][point[change["category"]]]
            status, holder = category_key(state.status, state.holder)
            assert (category["status"], category["holder"]) == (status, parties.index(holder) if holder else None)
            refs = [ref for ref in point[change["words"] :] if isinstance(ref, int)]
            sides = {full["words"][ref if ref >= 0 else ~ref][word["side"]] for ref in refs}
            assert sides == {LAYOUT["independent"] if w.side == INDEPENDENT else parties.index(w.side) for w in state.words}
    # Optional fields close a row and are left off while empty; a rest field spreads.
    assert pack_row("claim", id="c", source=0, day=1, quote="q", kind=[0, 1, 0], outlet=2, report=0, url=0, facts=0) == [
        "c", 0, 1, "q", [0, 1, 0], 2,
    ]  # fmt: skip
    assert pack_row("word", side=-1, holder=0, claims=[4, 5]) == [-1, 0, 4, 5]
    lean = at("leanChange")
    assert (lean["day"], lean["category"], lean["newest"]) == (0, 1, 2)  # what time_payload's lean tail and pack_changes write
