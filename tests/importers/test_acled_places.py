"""ACLED import and places: a town ACLED locates an event at (geo_precision 1) is found or added, never twice."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from core.model import Seat
from importers.acled import distance_km, plan_import
from tests.cli import run
from tests.importers.test_acled import REPO, SHARED_ADM2, event, run_import, write_csv
from yamldata.loader import load_dataset


@pytest.fixture
def repo_copy(tmp_path: Path) -> tuple[Path, Path]:
    """Copies of the committed data files: the import never writes the real ones in tests."""
    shutil.copy(REPO / "claims.yaml", tmp_path / "claims.yaml")
    shutil.copy(REPO / "districts.yaml", tmp_path / "districts.yaml")
    return tmp_path / "claims.yaml", tmp_path / "districts.yaml"


def clash(event_id: str, admin2: str, location: str, lat: float | str, lon: float | str, precision: str = "1", **extra: str) -> dict:
    """An armed clash ACLED locates at ``location`` (``lat``, ``lon``) with ``precision``."""
    return event(
        event_id, "2021-09-05", "Battles", "Armed clash", "Taliban", admin2,
        location=location, latitude=str(lat), longitude=str(lon), geo_precision=precision, **extra,
    )  # fmt: skip


def plan(repo_copy, tmp_path: Path, rows: list[dict], **options):
    claims, districts = repo_copy
    options.setdefault("allow_download", False)
    options.setdefault("cache_dir", tmp_path / "cache")
    return plan_import(load_dataset(districts, claims), write_csv(tmp_path / "export.csv", rows), **options)


def acled_claims(districts: Path, claims: Path) -> dict:
    return {c.id: c for c in load_dataset(districts, claims).claims if c.id.startswith("acled-")}


OMARZ = clash("AFG801", "Khenj", "Omarz", "35.4500", "69.7400")  # a town the gazetteer does not know


def test_distances_are_great_circle_km():
    assert distance_km(Seat(35.31, 69.52), Seat(35.31, 69.52)) == 0
    assert distance_km(Seat(35.0, 69.0), Seat(36.0, 69.0)) == pytest.approx(111.2, abs=0.1)  # one degree of latitude
    assert distance_km(Seat(35.31, 69.52), Seat(35.31, 69.514)) == pytest.approx(0.545, abs=0.01)  # 0.006° of longitude


def test_a_town_event_adds_a_place_and_its_claim_names_it(repo_copy, tmp_path):
    claims, districts = repo_copy
    before = districts.read_bytes()
    result = run_import(write_csv(tmp_path / "export.csv", [OMARZ]), claims, districts, "--no-download")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [f"added 1 place(s) to {districts}: omarz", f"added 1 claim(s) to {claims}"]
    after = districts.read_bytes()
    assert after.startswith(before)  # every byte of the user's file, comments and all, before the appended text
    appended = after[len(before) :].decode("utf-8")
    assert appended == (
        "\n"
        "  - id: omarz\n"
        "    name: Omarz\n"
        "    kind: town\n"
        "    district: Khinj\n"
        "    # From ACLED event AFG801 (geo_precision 1: ACLED's coordinates of the named town),\n"
        "    # as exported; not checked against another source. Added by import-acled.\n"
        "    point: {lat: 35.45, lon: 69.74}\n"
    )
    dataset = load_dataset(districts, claims)
    place = dataset.gazetteer.place("omarz")
    assert (place.name, place.kind, place.district, place.point, place.approximate) == ("Omarz", "town", "khinj", Seat(35.45, 69.74), False)
    claim = acled_claims(districts, claims)["acled-afg801"]
    assert (claim.districts, claim.places) == (("khinj",), ("omarz",))  # still its district, as before, and the place
    assert "    places: [Omarz]" in claims.read_text(encoding="utf-8").splitlines()
    check = run("validate", "--districts", str(districts), "--claims", str(claims))
    assert check.returncode == 0 and check.stdout.startswith("OK:"), check.stderr


def test_coarser_precisions_and_rows_without_a_point_stay_district_claims(repo_copy, tmp_path):
    rows = [
        clash("AFG811", "Khenj", "Omarz", "35.45", "69.74", precision="2"),  # near the named place
        event("AFG812", "2021-09-05", "Protests", "Peaceful protest", "Protesters", "Bazarak", location="Omarz",
              latitude="35.45", longitude="69.74", geo_precision="3"),  # the province only
        clash("AFG813", "Khenj", "Omarz", "", ""),  # precision 1 but no coordinates
        clash("AFG814", "Khenj", "", "35.45", "69.74"),  # precision 1 but no location
    ]  # fmt: skip
    result = plan(repo_copy, tmp_path, rows)
    assert result.rejected == [] and result.places == []
    assert [c.get("places") for c in result.claims] == [None] * 4
    assert [c.get("districts") for c in result.claims] == [["Khinj"], None, ["Khinj"], ["Khinj"]]


def test_existing_places_are_found_by_name_or_alias_and_by_distance(repo_copy, tmp_path):
    claims, districts = repo_copy
    before = districts.read_bytes()
    rows = [
        clash("AFG821", "Bazarak", "Bazarak town", "35.3150", "69.5250"),  # an alias, 0.7 km from the gazetteer's point
        clash("AFG822", "Bazarak", "the provincial capital", "35.3730", "69.5200"),  # an alias, but 7 km away: still the town, noted
        clash("AFG823", "Bazarak", "Bazarak", "35.3150", "69.5250"),  # no place of that name; bazarak-centre is 0.7 km away
        clash("AFG824", "Bazarak", "Jangalak", "35.3100", "69.5140"),  # at the governor's compound: matched to the town, not it
    ]
    result = run_import(write_csv(tmp_path / "export.csv", rows), claims, districts, "--no-download")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"added 4 claim(s) to {claims}"  # no place added
    assert districts.read_bytes() == before
    added = acled_claims(districts, claims)
    assert {i: c.places for i, c in added.items()} == {
        "acled-afg821": ("bazarak-centre",),
        "acled-afg822": ("bazarak-centre",),
        "acled-afg823": ("bazarak-centre",),
        "acled-afg824": ("bazarak-centre",),
    }
    assert {i: c.place_refs for i, c in added.items()} == {
        "acled-afg821": ("Bazarak town",),  # ACLED's spelling when it is one of the place's
        "acled-afg822": ("the provincial capital",),
        "acled-afg823": ("Bazarak (provincial capital)",),  # else the place's name
        "acled-afg824": ("Bazarak (provincial capital)",),
    }
    notes = result.stderr.splitlines()
    assert not any(":2:" in n for n in notes)  # a match by name within the radius is not worth a note
    assert any(":3: location 'the provincial capital' is place 'bazarak-centre' by name" in n and "7." in n for n in notes), notes
    assert any(":4: location 'Bazarak' taken to be place 'bazarak-centre'" in n and "0.7 km" in n for n in notes), notes
    assert any("if it is, add 'Jangalak' to its aliases" in n for n in notes), notes


def test_passes_compounds_and_bases_are_not_matched_by_distance(repo_copy, tmp_path):
    result = plan(repo_copy, tmp_path, [clash("AFG831", "Paryan", "Dalan Sang", "35.6640", "69.7880")])  # 0.1 km from the pass
    [place] = result.places
    assert place["id"] == "dalan-sang" and result.claims[0]["places"] == ["Dalan Sang"]


def test_one_town_in_one_export_is_one_place(repo_copy, tmp_path):
    rows = [
        OMARZ,
        clash("AFG802", "Khenj", "OMARZ", "35.4600", "69.7500"),  # the same name, another spelling of case
        clash("AFG803", "Khenj", "Omarz village", "35.4505", "69.7405"),  # another name, 70 m away
    ]
    result = plan(repo_copy, tmp_path, rows)
    assert [p["id"] for p in result.places] == ["omarz"]
    assert [c["places"] for c in result.claims] == [["Omarz"], ["OMARZ"], ["Omarz"]]


def test_reimporting_adds_no_place_and_no_claim(repo_copy, tmp_path):
    claims, districts = repo_copy
    export = write_csv(tmp_path / "export.csv", [OMARZ, clash("AFG802", "Khenj", "Omarz", "35.4600", "69.7500")])
    first = run_import(export, claims, districts, "--no-download")
    assert first.returncode == 0, first.stderr
    files = districts.read_bytes(), claims.read_bytes()
    again = run_import(export, claims, districts, "--no-download")
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == f"added 0 claim(s) to {claims}; 2 already in claims.yaml"
    assert (districts.read_bytes(), claims.read_bytes()) == files
    # A new event at the town, in a later export, names the place added by the first.
    later = run_import(write_csv(tmp_path / "later.csv", [clash("AFG809", "Khenj", "Omarz", "35.4501", "69.7401")]), claims, districts,
                       "--no-download")  # fmt: skip
    assert later.stdout.strip() == f"added 1 claim(s) to {claims}", later.stderr
    assert districts.read_bytes() == files[0]
    assert acled_claims(districts, claims)["acled-afg809"].places == ("omarz",)


def test_a_new_place_never_takes_a_districts_id(repo_copy, tmp_path):
    claims, districts = repo_copy
    rows = [clash("AFG841", "Paryan", "Paryan", "35.5500", "69.9500"), clash("AFG842", "Paryan", "Paryan Town", "35.6000", "70.0000")]
    result = run_import(write_csv(tmp_path / "export.csv", rows), claims, districts, "--no-download")
    assert result.stdout.splitlines()[0] == f"added 1 place(s) to {districts}: paryan-town", result.stderr
    assert "location 'Paryan Town' is place 'paryan-town' by name" in result.stderr  # its id is one of its spellings
    dataset = load_dataset(districts, claims)
    assert dataset.gazetteer.place("paryan-town").name == "Paryan" and dataset.gazetteer.lookup("Paryan").id == "paryan"
    assert [(c.districts, c.places) for c in acled_claims(districts, claims).values()] == [(("paryan",), ("paryan-town",))] * 2


def test_dry_run_says_which_places_would_be_added_and_writes_nothing(repo_copy, tmp_path):
    claims, districts = repo_copy
    before = districts.read_bytes(), claims.read_bytes()
    rows = [OMARZ, clash("AFG823", "Bazarak", "Bazarak", "35.3150", "69.5250"), clash("AFG805", "Dara", "Dara", "35.27", "69.74", "2")]
    result = run_import(write_csv(tmp_path / "export.csv", rows), claims, districts, "--no-download", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "+ place omarz: Omarz (town) in Khinj at 35.45, 69.74 from event AFG801",
        "+ source acled-reuters: Reuters",
        "+ claim acled-afg801: 2021-09-05 contested [Khinj] at Omarz by acled-reuters",
        "+ claim acled-afg823: 2021-09-05 contested [Bazarak] at Bazarak (provincial capital) by acled-reuters",
        "+ claim acled-afg805: 2021-09-05 contested [Dara] by acled-reuters",
        "dry run: would add 3 claim(s), 1 source(s) and 1 place(s); nothing written",
    ]
    assert (districts.read_bytes(), claims.read_bytes()) == before
    assert not (tmp_path / "districts.yaml.lock").exists() and not (tmp_path / "claims.yaml.lock").exists()


def test_without_real_boundaries_the_new_points_are_not_checked_and_that_is_said(repo_copy, tmp_path):
    result = plan(repo_copy, tmp_path, [OMARZ])
    assert result.warnings == []
    assert any("the points of new places were not checked against their districts' boundaries" in n for n in result.notes)


@pytest.mark.skipif(not SHARED_ADM2.is_file(), reason="../shared geoBoundaries file not available")
def test_a_point_outside_its_admin2_district_keeps_the_district_and_is_warned(repo_copy, tmp_path):
    claims, districts = repo_copy
    rows = [OMARZ, clash("AFG851", "Bazarak", "Safed Chehr", "35.4300", "69.7300")]  # admin2 Bazarak, but the point is in Khinj
    result = run_import(write_csv(tmp_path / "export.csv", rows), claims, districts, "--boundaries", str(SHARED_ADM2))
    assert result.returncode == 0, result.stderr
    [warning] = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert warning.endswith(
        ":3: new place 'safed-chehr': ACLED's point (35.43, 69.73) lies in Khinj on the boundaries, not in Bazarak "
        "(admin2 'Bazarak'); kept Bazarak, check it"
    )
    assert "not checked" not in result.stderr  # real boundaries: both points were checked
    dataset = load_dataset(districts, claims)
    assert dataset.gazetteer.place("safed-chehr").district == "bazarak" and dataset.gazetteer.place("omarz").district == "khinj"
    assert acled_claims(districts, claims)["acled-afg851"].districts == ("bazarak",)
    text = districts.read_text(encoding="utf-8")
    assert "    # On the boundaries the point lies in Khinj, not in Bazarak (ACLED's admin2): check it.\n" in text
    assert "    # On the boundaries" not in text.split("id: safed-chehr")[0]  # Omarz lies in Khinj: no such line


def test_the_written_districts_file_is_plain_yaml_too(repo_copy, tmp_path):
    claims, districts = repo_copy
    assert run_import(write_csv(tmp_path / "export.csv", [OMARZ]), claims, districts, "--no-download").returncode == 0
    doc = yaml.safe_load(districts.read_text(encoding="utf-8"))
    assert doc["places"][-1] == {"id": "omarz", "name": "Omarz", "kind": "town", "district": "Khinj", "point": {"lat": 35.45, "lon": 69.74}}


def test_a_town_named_like_a_pass_is_not_the_pass(repo_copy, tmp_path):
    """ACLED's precision 1 is a named town: a village called Khawak, at the foot of the pass, is a new place."""
    result = plan(repo_copy, tmp_path, [clash("AFG851", "Paryan", "Khawak", "35.6620", "69.7880")])  # 0.1 km from the pass
    [place] = result.places
    assert (place["id"], place["kind"], place["district"]) == ("khawak", "town", "Paryan")
    assert result.claims[0]["places"] == ["Khawak"]


def test_a_district_centre_of_another_district_is_a_warning(repo_copy, tmp_path):
    """The claim would count for Bazarak through its centre while ACLED puts the event in Dara: said loudly."""
    result = plan(repo_copy, tmp_path, [clash("AFG861", "Dara", "Bazarak town", "35.3100", "69.5200")])
    assert result.claims[0]["places"] == ["Bazarak town"] and result.claims[0]["districts"] == ["Dara"]
    assert any("counts for Bazarak through its district centre" in w for w in result.warnings), result.warnings
