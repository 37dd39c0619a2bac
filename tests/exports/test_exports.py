"""`python -m control export` (run in this process, tests/cli.py): GeoJSON of a date (real and schematic shapes) and the CSV timeline."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

import geo
from tests.cli import run
from tests.scenarios import claim

REPO = Path(__file__).resolve().parents[2]
SHP = REPO.parent / "shared" / "data" / "geoboundaries-AFG-ADM2" / "geoBoundaries-AFG-ADM2.shp"


@pytest.fixture(autouse=True)
def _fresh_process(tmp_path, monkeypatch):
    """Each command as in a new process: its own cache folder, no download failure remembered."""
    monkeypatch.setenv("CONTROL_MAP_CACHE_DIR", str(tmp_path / "cache"))
    geo.forget_failures()
    yield
    geo.forget_failures()


@pytest.mark.skipif(not SHP.exists(), reason="../shared boundary data not beside the repo")
def test_geojson_with_real_boundaries_is_taliban_confirmed(tmp_path):
    out = tmp_path / "map.geojson"
    result = run("export", "--date", "2021-09-06", "--format", "geojson", "--boundaries", str(SHP), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["schematic"] is False and "geoBoundaries" in data["attribution"]
    districts = [f for f in data["features"] if f["properties"]["kind"] == "district"]
    props = [f["properties"] for f in districts]
    assert sorted(p["id"] for p in props) == ["bazarak", "dara", "khinj", "paryan", "rukha", "shutul", "unaba"]
    assert {(p["status"], p["holder"], p["color"]) for p in props} == {("confirmed", "taliban", "#d55e00")}
    assert all(p["area_km2"] > 100 for p in props)
    assert all(f["geometry"]["type"] in ("Polygon", "MultiPolygon") for f in districts)
    assert {(p["label"], p["category"], p["pattern"]) for p in props} == {("Taliban — confirmed", "confirmed:taliban", None)}
    # Then the seven places, as points with their own state: Taliban forces at the provincial capital, not control.
    places = {f["properties"]["id"]: f for f in data["features"][len(districts) :]}
    assert len(places) == 7 and all(f["geometry"]["type"] == "Point" for f in places.values())
    centre = places["bazarak-centre"]["properties"]
    assert (centre["kind"], centre["district"], centre["status"], centre["holder"], centre["pattern"], centre["category"]) == (
        "district_centre", "bazarak", "present", "taliban", "dots", "present:taliban",
    )  # fmt: skip
    assert centre["label"] == "Taliban — forces present (not control)" and centre["color"] == "#d55e00"
    assert centre["headline"].startswith("Taliban forces present, not control — reported, hedged, by Unnamed news outlet (6 Sep 2021)")
    khawak = places["khawak-pass"]["properties"]
    assert (khawak["kind"], khawak["status"], khawak["holder"], khawak["category"], khawak["pattern"], khawak["color"]) == (
        "pass", "claimed", None, "claimed:-", "hatch", "#f0e442",
    )  # fmt: skip
    assert khawak["label"] == "Contested — by party accounts only (unconfirmed)"
    rewat = places["dasht-e-rewat"]["properties"]
    assert (rewat["status"], rewat["pattern"], rewat["color"], rewat["claims"]) == (
        "statements", "dots", "#737373", ["2021-09-06-nrf-dashte-rewak-abandoned"],
    )  # fmt: skip


def test_geojson_without_boundaries_offline_is_schematic_and_says_so(tmp_path):
    result = run("export", "--date", "2021-09-04", "--format", "geojson")
    assert result.returncode == 0, result.stderr
    assert "warning: schematic shapes" in result.stderr
    data = json.loads(result.stdout)
    assert data["schematic"] is True and "schematic" in data["warning"]
    districts = [f["properties"] for f in data["features"] if f["properties"]["kind"] == "district"]
    places = [f["properties"] for f in data["features"] if f["properties"]["kind"] != "district"]
    assert len(districts) == 7 and len(places) == 7
    assert all(p["schematic"] and p["area_km2"] is None for p in districts)
    assert {p["status"] for p in districts} == {"disputed"}
    assert {p["status"] for p in places} == {"unknown"}  # nothing was said of a place on the 4th
    assert all(p["district"] is not None for p in places)  # the file gives every bundled place's district


def test_missing_boundary_file_is_an_error_not_a_fallback(tmp_path):
    result = run("export", "--format", "geojson", "--boundaries", str(tmp_path / "nope.shp"))
    assert result.returncode == 1 and "nope.shp" in result.stderr and result.stdout == ""


def test_csv_timeline_has_one_row_per_district_per_change(files, tmp_path):
    files.write(
        [
            claim("c1", "2021-09-04", "red-spox", ["North"], holder="red"),
            claim("c2", "2021-09-05", "blue-spox", ["South"], holder="blue"),
            claim("c3", "2021-09-06", "wire", ["North"], holder="red"),
        ]
    )
    result = run("export", "--format", "csv", "--districts", str(files.districts), "--claims", str(files.claims))
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["date"], r["district_id"], r["status"], r["holder"], r["claims"]) for r in rows] == [
        ("2021-09-04", "north", "claimed", "red", "c1"),
        ("2021-09-05", "south", "claimed", "blue", "c2"),
        ("2021-09-06", "north", "confirmed", "red", "c3"),
    ]


def _comparison_files(files):
    files.write(
        [
            claim("c1", "2021-09-04", "red-spox", ["North"], holder="red"),
            claim("c2", "2021-09-05", "blue-spox", ["South"], holder="blue"),
            claim("c3", "2021-09-06", "wire", ["North"], holder="red"),
        ]
    )
    return "--districts", str(files.districts), "--claims", str(files.claims)


def test_csv_comparison_has_both_states_per_district(files, tmp_path):
    from core.compare import differences
    from core.rules import ComputedTimeline
    from yamldata.loader import load_dataset

    args = _comparison_files(files)
    result = run("export", "--format", "csv", "--date", "2021-09-06", "--compare", "2021-09-04", *args)
    assert result.returncode == 0, result.stderr
    rows = {r["district_id"]: r for r in csv.DictReader(io.StringIO(result.stdout))}
    timeline = ComputedTimeline(load_dataset(files.districts, files.claims))
    changed = {d.district for d in differences(timeline, dt.date(2021, 9, 4), dt.date(2021, 9, 6))}
    assert changed == {"north", "south"}  # claimed → confirmed; unknown → claimed
    assert {d for d, r in rows.items() if r["changed"] == "yes"} == changed
    assert (rows["north"]["status_before"], rows["north"]["status_after"], rows["north"]["claims_after"]) == ("claimed", "confirmed", "c3")
    assert (rows["south"]["status_before"], rows["south"]["holder_after"]) == ("unknown", "blue")
    assert all(r["date_before"] == "2021-09-04" and r["date_after"] == "2021-09-06" for r in rows.values())


def test_geojson_comparison_marks_what_changed_and_png_refuses(files, tmp_path):
    args = _comparison_files(files)
    result = run("export", "--format", "geojson", "--date", "2021-09-05", "--compare", "2021-09-04", *args)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["compare_date"] == "2021-09-04"
    props = {f["properties"]["id"]: f["properties"] for f in data["features"]}
    assert props["south"]["changed"] is True and props["south"]["compare_status"] == "unknown" and props["south"]["status"] == "claimed"
    assert props["north"]["changed"] is False and props["north"]["compare_claims"] == ["c1"]
    png = run("export", "--format", "png", "--compare", "2021-09-04", "-o", str(tmp_path / "x.png"), *args)
    assert png.returncode == 2 and "--compare works with --format geojson, csv or html" in png.stderr
