"""Places in the exports: GeoJSON points, CSV rows and PNG markers, each with the place's own state.

The three-district scenario gets four places: a pass and a compound in North, South's
district centre (its claims count for South) and a village in East whose district the
file leaves to the boundaries. The boundaries are three boxes written as a file and
loaded like any other (not schematic), so a place's district can be located.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import geopandas as gpd
import pytest
import shapely
from PIL import Image

from core.rules import ComputedTimeline, Timeline
from core.style import fill_color, pattern
from exports.csv import COMPARISON_FIELDS
from exports.png import _spread, render_png
from exports.registry import export_bytes
from tests.scenarios import DISTRICTS, claim

PLACES = [
    {"id": "north-pass", "name": "North pass", "kind": "pass", "district": "North", "point": {"lat": 35.6, "lon": 69.4}},
    {"id": "north-compound", "name": "Quiet compound", "kind": "compound", "district": "north", "point": {"lat": 35.45, "lon": 69.6}},
    {"id": "south-centre", "name": "South town", "kind": "district_centre", "district": "South", "point": {"lat": 35.0, "lon": 69.5}},
    {"id": "east-village", "name": "East village", "kind": "village", "point": {"lat": 35.2, "lon": 70.0}, "approximate": True},
]
CLAIMS = [
    claim("c1", "2021-09-04", "red-spox", ["North"], holder="red"),
    claim("c2", "2021-09-05", "blue-spox", None, holder="blue", places=["North pass"]),  # a pass: not a word on North
    claim("c3", "2021-09-05", "wire", None, holder="red", places=["South town"]),  # the centre speaks for South
    claim("c4", "2021-09-06", "wire", None, status="contested", places=["East village"]),
]
D4, D5, D6 = dt.date(2021, 9, 4), dt.date(2021, 9, 5), dt.date(2021, 9, 6)
COMPARE_FIELDS = {"compare_date", "compare_status", "compare_holder", "compare_claims", "changed"}


@pytest.fixture(autouse=True)
def _cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("CONTROL_MAP_CACHE_DIR", str(tmp_path / "cache"))


def _write(files, claims=CLAIMS):
    files.write(claims, districts={**DISTRICTS, "places": PLACES})
    return ComputedTimeline(files.dataset())


@pytest.fixture
def timeline(files) -> Timeline:
    return _write(files)


def boxes(timeline: Timeline, directory):
    """Three boxes (North above South, East beside both, sharing their vertices), loaded as a boundary file."""
    from geo import load_boundaries

    east = shapely.Polygon([(69.75, 34.8), (70.25, 34.8), (70.25, 35.75), (69.75, 35.75), (69.75, 35.3)])
    shapes = {"North": shapely.box(69.25, 35.3, 69.75, 35.75), "South": shapely.box(69.25, 34.8, 69.75, 35.3), "East": east}
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "boxes.geojson"
    gpd.GeoDataFrame({"shapeName": list(shapes)}, geometry=list(shapes.values()), crs="EPSG:4326").to_file(path, driver="GeoJSON")
    loaded = load_boundaries(timeline.dataset.gazetteer, path)
    assert not loaded.schematic
    return loaded


def features(timeline, boundaries, date, view="consensus", compare=None) -> dict[str, dict]:
    data = json.loads(export_bytes("geojson", timeline, boundaries, date, view, compare=compare))
    return {f["properties"]["id"]: f for f in data["features"]}


def test_geojson_has_a_point_per_place_with_its_own_state(timeline, tmp_path):
    found = features(timeline, boxes(timeline, tmp_path), D6)
    kinds = {i: (f["properties"]["kind"], f["geometry"]["type"]) for i, f in found.items()}
    assert kinds == {
        "north": ("district", "Polygon"), "south": ("district", "Polygon"), "east": ("district", "Polygon"),
        "north-pass": ("pass", "Point"), "north-compound": ("compound", "Point"),
        "south-centre": ("district_centre", "Point"), "east-village": ("village", "Point"),
    }  # fmt: skip
    assert list(found)[:3] == ["north", "south", "east"]  # the polygons first, the points on top
    assert found["east-village"]["geometry"]["coordinates"] == [70.0, 35.2]
    for place in timeline.dataset.gazetteer.places:
        props, state = found[place.id]["properties"], timeline.state(place.id, D6)
        assert (props["status"], props["holder"], props["claims"]) == (state.status, state.holder, list(state.claims))
        assert (props["color"], props["pattern"]) == (fill_color(state, timeline.dataset), pattern(state))
    pass_, village = found["north-pass"]["properties"], found["east-village"]["properties"]
    assert (pass_["status"], pass_["holder"], pass_["hatched"], pass_["claims"]) == ("claimed", "blue", True, ["c2"])
    assert found["north"]["properties"]["holder"] == "red"  # the pass's claim is not a word on North
    assert (village["status"], village["district"], village["approximate"]) == ("contested", "east", True)  # located
    assert (pass_["district"], pass_["approximate"]) == ("north", False)  # the file's
    # District and place features carry the same state fields.
    district_keys = set(found["north"]["properties"]) - {"name_local", "through_places", "area_km2", "schematic"}
    assert district_keys - {"kind"} <= set(pass_)


def test_a_place_nobody_spoke_of_is_unknown_and_says_place(timeline, tmp_path):
    props = features(timeline, boxes(timeline, tmp_path), D6)["north-compound"]["properties"]
    assert (props["status"], props["holder"], props["claims"], props["age_days"]) == ("unknown", None, [], None)
    assert props["headline"] == "No information: no source has spoken about this place yet"


def test_a_district_centres_claim_colours_its_district_and_says_so(timeline, tmp_path):
    found = features(timeline, boxes(timeline, tmp_path), D5)
    south, centre = found["south"]["properties"], found["south-centre"]["properties"]
    assert (south["status"], south["holder"], south["claims"]) == ("confirmed", "red", ["c3"])
    assert (centre["status"], centre["holder"]) == ("confirmed", "red")
    assert "South town counts for South" in south["through_places"]
    assert found["north"]["properties"]["through_places"] is None
    assert features(timeline, boxes(timeline, tmp_path), D4)["south"]["properties"]["status"] == "unknown"


def test_schematic_geojson_places_keep_only_the_files_district(timeline):
    from geo import schematic

    found = features(timeline, schematic(timeline.dataset.gazetteer, ["test"]), D6)
    assert found["east-village"]["properties"]["district"] is None  # schematic shapes locate nothing
    assert found["south-centre"]["properties"]["district"] == "south"


def test_geojson_comparison_has_the_compare_fields_for_places(timeline, tmp_path):
    found = features(timeline, boxes(timeline, tmp_path), D6, compare=D4)
    for unit_id in ("north", "north-pass", "north-compound", "south-centre", "east-village"):
        assert COMPARE_FIELDS <= set(found[unit_id]["properties"])
    village, quiet = found["east-village"]["properties"], found["north-compound"]["properties"]
    assert (village["compare_status"], village["status"], village["changed"]) == ("unknown", "contested", True)
    assert village["compare_date"] == "2021-09-04"
    assert (quiet["compare_status"], quiet["changed"]) == ("unknown", False)
    same = features(timeline, boxes(timeline, tmp_path), D6, compare=D6)
    assert not any(f["properties"]["changed"] for f in same.values())


def _csv(timeline, date=D6, compare=None) -> tuple[list[str], list[dict]]:
    reader = csv.DictReader(io.StringIO(export_bytes("csv", timeline, None, date, "consensus", compare=compare).decode("utf-8")))
    rows = list(reader)
    return list(reader.fieldnames or []), rows


def test_csv_timeline_has_place_rows_after_the_district_rows(timeline):
    header, rows = _csv(timeline)
    assert header[:7] == ["date", "district_id", "district", "view", "status", "holder", "claims"]  # as before
    assert "kind" in header and "place_id" in header
    kinds = [r["kind"] for r in rows]
    assert kinds == sorted(kinds, key=lambda k: k != "district")  # every district row, then the places
    districts = [(r["date"], r["district_id"], r["status"], r["holder"], r["claims"]) for r in rows if r["kind"] == "district"]
    assert districts == [
        ("2021-09-04", "north", "claimed", "red", "c1"),
        ("2021-09-05", "south", "confirmed", "red", "c3"),  # through its district centre
    ]
    assert all(r["place_id"] == r["lat"] == r["approximate"] == "" for r in rows if r["kind"] == "district")
    places = {(r["place_id"], r["date"]): r for r in rows if r["kind"] != "district"}
    assert sorted(places) == [("east-village", "2021-09-06"), ("north-pass", "2021-09-05"), ("south-centre", "2021-09-05")]
    pass_, village = places["north-pass", "2021-09-05"], places["east-village", "2021-09-06"]
    assert (pass_["kind"], pass_["district_id"], pass_["district"]) == ("pass", "north", "North")
    assert (pass_["status"], pass_["holder"]) == ("claimed", "blue")
    assert (pass_["lat"], pass_["lon"], pass_["approximate"]) == ("35.6", "69.4", "no")
    assert (village["district_id"], village["status"], village["approximate"]) == ("", "contested", "yes")  # the CSV locates nothing
    for (place_id, date), row in places.items():
        state = timeline.state(place_id, dt.date.fromisoformat(date))
        assert (row["status"], row["holder"], row["claims"]) == (state.status, state.holder or "", " ".join(state.claims))


def test_csv_comparison_has_one_row_per_place(timeline):
    header, rows = _csv(timeline, D6, compare=D4)
    assert header == COMPARISON_FIELDS and header[:12] == [
        "district_id", "district", "view", "date_before", "status_before", "holder_before", "claims_before",
        "date_after", "status_after", "holder_after", "claims_after", "changed",
    ]  # fmt: skip
    assert [r["kind"] for r in rows] == ["district"] * 3 + ["pass", "compound", "district_centre", "village"]
    by_id = {r["place_id"] or r["district_id"]: r for r in rows}
    assert (by_id["south"]["status_before"], by_id["south"]["status_after"], by_id["south"]["changed"]) == ("unknown", "confirmed", "yes")
    assert (by_id["north-compound"]["status_before"], by_id["north-compound"]["status_after"]) == ("unknown", "unknown")
    assert by_id["north-compound"]["changed"] == "no"
    pass_ = by_id["north-pass"]
    assert (pass_["status_after"], pass_["holder_after"], pass_["changed"], pass_["district_id"]) == ("claimed", "blue", "yes", "north")


def _colours(png: bytes) -> dict[tuple[int, int, int], int]:
    with Image.open(io.BytesIO(png)) as image:
        return {colour: n for n, colour in image.convert("RGB").getcolors(maxcolors=1 << 22)}


def _near(colours: dict, target: tuple[int, int, int], tolerance: int = 2) -> int:
    return sum(n for colour, n in colours.items() if all(abs(a - b) <= tolerance for a, b in zip(colour, target, strict=True)))


def test_png_draws_each_place_in_its_states_colour_and_pattern(files, tmp_path):
    blue, red = (0x00, 0x72, 0xB2), (0xD5, 0x5E, 0x00)
    red_tint = tuple(round(0.2 * c + 0.8 * 255) for c in red)  # a hatched marker's opaque tint
    base = [claim("c1", "2021-09-04", "red-spox", ["North"], holder="red")]
    about_places = [
        claim("p1", "2021-09-05", "wire", None, holder="blue", places=["North pass"]),  # confirmed: solid blue
        claim("p2", "2021-09-05", "red-spox", None, holder="red", places=["East village"]),  # claimed: hatched red
    ]
    pictures = {}
    for name, claims in (("without", base), ("with", base + about_places)):
        timeline = _write(files, claims)
        pictures[name] = _colours(render_png(timeline, boxes(timeline, tmp_path / name), D5, "consensus"))
    with_, without = pictures["with"], pictures["without"]
    assert with_.get(blue, 0) - without.get(blue, 0) > 100  # the pass's solid marker (the legend swatches are in both)
    assert _near(with_, red_tint) - _near(without, red_tint) > 80  # the village's tint, between the hatch lines
    assert with_.get(red, 0) - without.get(red, 0) > 30  # and the lines


def test_png_district_states_do_not_change_with_place_markers(files, tmp_path):
    """The place claims above leave every district's state, and so the legend's counts, as they were."""
    from exports.png import png_texts

    base = [claim("c1", "2021-09-04", "red-spox", ["North"], holder="red")]
    plain = _write(files, base)
    counts = {row.label: row.count for row in png_texts(plain, boxes(plain, tmp_path / "a"), D5, "consensus").legend if row.count}
    more = _write(files, [*base, claim("p1", "2021-09-05", "wire", None, holder="blue", places=["North pass"])])
    rows = png_texts(more, boxes(more, tmp_path / "b"), D5, "consensus").legend
    assert {row.label: row.count for row in rows if row.count} == counts
    assert [(row.label, row.count, row.places) for row in rows if row.places == 1] == [("Blue Front — confirmed", 0, 1)]  # the pass, keyed
    assert more.state("north-pass", D5).status == "confirmed"


def test_markers_closer_than_a_marker_are_stacked_apart_and_others_stay():
    points = [(100.0, 100.0), (103.0, 100.0), (400.0, 300.0)]
    spread = _spread(points, 20.0)
    assert spread[2] == (400.0, 300.0)
    (x0, y0), (x1, y1) = spread[:2]
    assert x0 == x1 == 101.5 and abs(y0 - y1) == 20.0 and (y0 + y1) / 2 == 100.0


def test_the_new_states_in_every_export(files, tmp_path):
    """One party's fighting alone (hatched yellow), presence reported (dotted), statements only (grey dots): each
    export says the status, the legend's label and the pattern; the PNG draws them."""
    yellow, red, grey = (0xF0, 0xE4, 0x42), (0xD5, 0x5E, 0x00), (0x73, 0x73, 0x73)
    claims = [
        claim("c1", "2021-09-05", "blue-spox", ["North"], status="contested"),
        claim("p1", "2021-09-05", "wire", None, status="present", party="red", places=["East village"]),
        claim("s1", "2021-09-05", "ngo", ["South"], status="statement"),
    ]
    timeline = _write(files, claims)
    shapes = boxes(timeline, tmp_path)
    found = features(timeline, shapes, D5)
    said = {i: tuple(f["properties"][k] for k in ("status", "pattern", "category", "label")) for i, f in found.items()}
    assert said["north"] == ("claimed", "hatch", "claimed:-", "Contested — by party accounts only (unconfirmed)")
    assert said["east-village"] == ("present", "dots", "present:red", "Red Army — forces present (not control)")
    assert said["south"] == ("statements", "dots", "statements:-", "No claim of control — statements only")
    assert found["south"]["properties"]["headline"] == "No claim of control — statements only: Aid group (5 Sep 2021): “quote of s1”"
    rows = list(csv.DictReader(io.StringIO(export_bytes("csv", timeline, shapes, D5, "consensus").decode("utf-8"))))
    by_id = {r["place_id"] or r["district_id"]: r for r in rows}
    assert (by_id["south"]["status"], by_id["south"]["claims"], by_id["south"]["label"], by_id["south"]["pattern"]) == (
        "statements", "s1", "No claim of control — statements only", "dots",
    )  # fmt: skip
    assert list(rows[0])[-2:] == ["label", "pattern"]
    assert list(rows[0])[:7] == ["date", "district_id", "district", "view", "status", "holder", "claims"]  # the old columns stay
    compared = list(csv.DictReader(io.StringIO(export_bytes("csv", timeline, shapes, D5, "consensus", compare=D4).decode("utf-8"))))
    north = next(r for r in compared if r["district_id"] == "north" and not r["place_id"])
    assert (north["label_before"], north["label_after"]) == ("No information", "Contested — by party accounts only (unconfirmed)")
    colours = _colours(render_png(timeline, shapes, D5, "consensus"))
    plain = _colours(render_png(_write(files, []), shapes, D5, "consensus"))
    assert _near(colours, yellow, 6) - _near(plain, yellow, 6) > 2_000  # North's yellow hatch lines
    assert _near(colours, red, 6) - _near(plain, red, 6) > 15  # the village's red dots
    assert _near(colours, grey, 6) - _near(plain, grey, 6) > 500  # South's grey dots
