"""ACLED import: mapping, districts by name or by real boundary, rejected rows, idempotence."""

from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from core.errors import ValidationError
from importers.acled import ExportError, actor_party, parse_event_date, plan_import, source_id
from tests.cli import Ran, run
from yamldata.loader import load_dataset

REPO = Path(__file__).resolve().parents[2]
SHARED_ADM2 = REPO.parent / "shared" / "data" / "geoboundaries-AFG-ADM2" / "geoBoundaries-AFG-ADM2.shp"

# ACLED's published column layout (the order of an export from acleddata.com).
COLUMNS = (
    "event_id_cnty event_date year time_precision disorder_type event_type sub_event_type actor1 assoc_actor_1 inter1 "
    "actor2 assoc_actor_2 inter2 interaction civilian_targeting iso region country admin1 admin2 admin3 location "
    "latitude longitude geo_precision source source_scale notes fatalities tags timestamp"
).split()


def event(event_id: str, date: str, event_type: str, sub_event_type: str, actor1: str, admin2: str, **extra: str) -> dict:
    row = dict.fromkeys(COLUMNS, "")
    row.update(
        event_id_cnty=event_id, event_date=date, year=date[-4:] if " " in date else date[:4], event_type=event_type,
        sub_event_type=sub_event_type, actor1=actor1, admin1="Panjshir", admin2=admin2, location=admin2, iso="4",
        region="Caspian", country="Afghanistan", geo_precision="1", source="Reuters", notes=f"Notes of {event_id}.",
        fatalities="0",
    )  # fmt: skip
    row.update(extra)
    return row


def write_csv(path: Path, rows: list[dict]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


GOOD = [
    event("AFG101", "04 September 2021", "Strategic developments", "Non-state actor overtakes territory", "Taliban", "Paryan",
          source="Reuters; Pajhwok", notes="Taliban forces took over Paryan district."),
    event("AFG102", "2021-09-05", "Battles", "Armed clash", "National Resistance Front (NRF)", "Khenj",
          notes='Clashes between NRF and Taliban in Khenj; "heavy fighting".'),
    event("AFG103", "6 Sept 2021", "Strategic developments", "Government regains territory", "NRF: National Resistance Front",
          "Anabah"),
    event("AFG104", "2021-09-06", "Protests", "Peaceful protest", "Protesters (Afghanistan)", "Bazarak", source="Khaama Press"),
]  # fmt: skip


@pytest.fixture
def repo_copy(tmp_path: Path) -> tuple[Path, Path]:
    """Copies of the committed data files: the import never writes the real ones in tests."""
    shutil.copy(REPO / "claims.yaml", tmp_path / "claims.yaml")
    shutil.copy(REPO / "districts.yaml", tmp_path / "districts.yaml")
    return tmp_path / "claims.yaml", tmp_path / "districts.yaml"


def run_import(export: Path, claims: Path, districts: Path, *extra: str) -> Ran:
    """``python -m control import-acled``, run in this process."""
    return run("import-acled", str(export), "--claims", str(claims), "--districts", str(districts), *extra)


def test_event_dates_in_both_acled_styles():
    assert parse_event_date("04 September 2021") == dt.date(2021, 9, 4)
    assert parse_event_date("4 Sept 2021") == dt.date(2021, 9, 4)
    assert parse_event_date("2021-09-04") == dt.date(2021, 9, 4)
    for bad in ("", "2021-02-30", "31 June 2021", "09/04/2021", "4 Septembre 2021", "2021-9-4"):
        assert parse_event_date(bad) is None, bad


def test_actor_rules_first_match_wins_ignoring_case():
    rules = [("Taliban", "taliban"), ("National Resistance Front", "nrf"), ("NRF", "nrf")]
    assert actor_party("Taliban", rules) == "taliban"
    assert actor_party("nrf: National Resistance Front", rules) == "nrf"
    assert actor_party("Military Forces of Afghanistan (2021-)", rules) is None


def test_source_ids_are_slugs_and_long_ones_stay_distinct():
    assert source_id("acled", "Reuters; Pajhwok") == "acled-reuters-pajhwok"
    a = source_id("acled", "Pajhwok Afghan News; Khaama Press; Tolo News; Afghanistan International; Twitter")
    b = source_id("acled", "Pajhwok Afghan News; Khaama Press; Tolo News; Afghanistan International; Facebook")
    assert a != b and len(a) < 70


def test_import_maps_events_to_claims(repo_copy, tmp_path):
    claims, districts = repo_copy
    result = run_import(write_csv(tmp_path / "export.csv", GOOD), claims, districts)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"added 4 claim(s) to {claims}"
    dataset = load_dataset(districts, claims)
    added = {c.id: c for c in dataset.claims if c.id.startswith("acled-")}
    assert sorted(added) == ["acled-afg101", "acled-afg102", "acled-afg103", "acled-afg104"]
    held = added["acled-afg101"]
    assert (held.date, held.status, held.holder, held.districts) == (dt.date(2021, 9, 4), "held", "taliban", ("paryan",))
    assert held.source == "acled-reuters-pajhwok" and dataset.source(held.source).party is None  # independent
    assert held.quote == "Taliban forces took over Paryan district."
    assert held.reported_by == "ACLED (Reuters; Pajhwok)"
    assert held.report == "ACLED event AFG101: Strategic developments / Non-state actor overtakes territory"
    clash = added["acled-afg102"]
    assert (clash.status, clash.holder, clash.districts) == ("contested", None, ("khinj",))
    assert clash.quote == 'Clashes between NRF and Taliban in Khenj; "heavy fighting".'
    regained = added["acled-afg103"]
    assert (regained.status, regained.holder, regained.districts, regained.date) == ("held", "nrf", ("unaba",), dt.date(2021, 9, 6))
    protest = added["acled-afg104"]
    assert (protest.status, protest.districts, protest.source) == ("statement", ("bazarak",), "acled-khaama-press")
    assert dataset.side_of(protest) == "independent"


def test_rerunning_the_same_export_adds_nothing(repo_copy, tmp_path):
    claims, districts = repo_copy
    export = write_csv(tmp_path / "export.csv", GOOD)
    assert run_import(export, claims, districts).returncode == 0
    after_first = claims.read_bytes()
    again = run_import(export, claims, districts)
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == f"added 0 claim(s) to {claims}; 4 already in claims.yaml"
    assert claims.read_bytes() == after_first


def test_bad_rows_are_reported_and_good_rows_still_imported(repo_copy, tmp_path):
    claims, districts = repo_copy
    rows = [
        *GOOD[:1],
        event("AFG201", "2021-09-31", "Battles", "Armed clash", "Taliban", "Dara"),
        event("AFG202", "", "Battles", "Armed clash", "Taliban", "Dara"),
        event("AFG203", "2021-09-05", "Battles", "Armed clash", "Taliban", "Shangri-La"),  # unknown admin2, no coordinates
        event("AFG204", "2021-09-05", "Strategic developments", "Non-state actor overtakes territory",
              "Military Forces of Afghanistan (2021-)", "Dara"),
        event("AFG205", "2021-09-05", "Battles", "Armed clash", "Taliban", "Dara", notes=""),
        event("AFG206", "2021-09-05", "Battles", "Armed clash", "Taliban", "Dara", source=""),
    ]  # fmt: skip
    export = write_csv(tmp_path / "export.csv", rows)
    result = run_import(export, claims, districts)
    assert result.returncode == 1
    errors = result.stderr.strip().splitlines()
    assert errors == [
        f"{export}:3: row 2 (event AFG201): bad event_date '2021-09-31' (use YYYY-MM-DD or '04 September 2021')",
        f"{export}:4: row 3 (event AFG202): no event_date",
        f"{export}:5: row 4 (event AFG203): admin2 'Shangri-La' is not a district of the gazetteer (closest: Dara, Shutul, "
        "Shotul) and the row has no usable latitude/longitude",
        f"{export}:6: row 5 (event AFG204): territory change by actor1 'Military Forces of Afghanistan (2021-)', which no rule "
        "in the 'acled' actors of claims.yaml assigns to a party",
        f"{export}:7: row 6 (event AFG205): no notes to quote; a 'contested' claim needs the words it rests on",
        f"{export}:8: row 7 (event AFG206): no source: ACLED's source column is empty",
    ]
    assert result.stdout.strip() == f"added 1 claim(s) to {claims}; 6 row(s) rejected (see above)"
    assert [c.id for c in load_dataset(districts, claims).claims if c.id.startswith("acled-")] == ["acled-afg101"]


def test_dry_run_prints_and_writes_nothing(repo_copy, tmp_path):
    claims, districts = repo_copy
    before = claims.read_bytes()
    rows = [*GOOD[:2], event("AFG203", "2021-09-05", "Battles", "Armed clash", "Taliban", "Shangri-La")]
    result = run_import(write_csv(tmp_path / "export.csv", rows), claims, districts, "--dry-run")
    assert result.returncode == 1  # a row was rejected
    assert result.stdout.splitlines() == [
        "+ source acled-reuters-pajhwok: Reuters; Pajhwok",
        "+ source acled-reuters: Reuters",
        "+ claim acled-afg101: 2021-09-04 held taliban [Paryan] by acled-reuters-pajhwok",
        "+ claim acled-afg102: 2021-09-05 contested [Khinj] by acled-reuters",
        "dry run: would add 2 claim(s) and 2 source(s); 1 row(s) rejected (see above); nothing written",
    ]
    assert "AFG203" in result.stderr
    assert claims.read_bytes() == before
    assert not (tmp_path / "claims.yaml.lock").exists()


@pytest.mark.skipif(not SHARED_ADM2.is_file(), reason="../shared geoBoundaries file not available")
def test_unknown_admin2_is_placed_by_coordinates_in_the_real_boundaries(repo_copy, tmp_path):
    claims, districts = repo_copy
    rows = [
        event("AFG301", "2021-09-05", "Battles", "Armed clash", "Taliban", "Dashte Rewat", latitude="35.64", longitude="70.03"),
        event("AFG302", "2021-09-05", "Battles", "Armed clash", "Taliban", "", latitude="35.42", longitude="69.81"),
        event("AFG303", "2021-09-05", "Battles", "Armed clash", "Taliban", "Somewhere", latitude="36.9", longitude="70.9"),
    ]
    export = write_csv(tmp_path / "export.csv", rows)
    result = run_import(export, claims, districts, "--boundaries", str(SHARED_ADM2))
    assert result.returncode == 1
    assert f"note: {export}:2: admin2 'Dashte Rewat' is not a district of the gazetteer" in result.stderr
    assert "placed in Paryan by its coordinates (35.64, 70.03)" in result.stderr
    assert f"{export}:4: row 3 (event AFG303): admin2 'Somewhere' is not a district of the gazetteer" in result.stderr
    assert "coordinates (36.9, 70.9) lie in none of the gazetteer's districts" in result.stderr
    placed = {c.id: c.districts for c in load_dataset(districts, claims).claims if c.id.startswith("acled-")}
    assert placed == {"acled-afg301": ("paryan",), "acled-afg302": ("khinj",)}
    assert not any(p.suffix in (".shp", ".dbf", ".geojson") for p in REPO.iterdir())  # shared data never copied in


def test_schematic_shapes_are_never_used_to_place_a_point(repo_copy, tmp_path):
    pytest.importorskip("geopandas")
    claims, districts = repo_copy
    dataset = load_dataset(districts, claims)
    rows = [event("AFG401", "2021-09-05", "Battles", "Armed clash", "Taliban", "Somewhere", latitude="35.64", longitude="70.03")]
    plan = plan_import(dataset, write_csv(tmp_path / "export.csv", rows), allow_download=False, cache_dir=tmp_path / "cache")
    [rejected] = plan.rejected
    assert "point matching skipped: only schematic district shapes are available" in rejected.reason
    assert plan.claims == []


def test_without_geo_point_matching_is_skipped_not_guessed(repo_copy, tmp_path, monkeypatch):
    claims, districts = repo_copy
    monkeypatch.setitem(sys.modules, "geo", None)  # as if geopandas & co. were not installed
    rows = [event("AFG501", "2021-09-05", "Battles", "Armed clash", "Taliban", "Somewhere", latitude="35.64", longitude="70.03")]
    plan = plan_import(load_dataset(districts, claims), write_csv(tmp_path / "export.csv", rows))
    [rejected] = plan.rejected
    assert "point matching is unavailable (the geo package cannot be imported" in rejected.reason


def test_province_level_locations_are_not_pinned_to_a_district(repo_copy, tmp_path):
    claims, districts = repo_copy
    rows = [
        event("AFG601", "2021-09-05", "Battles", "Armed clash", "Taliban", "Bazarak", geo_precision="3"),
        event("AFG602", "2021-09-05", "Protests", "Peaceful protest", "Protesters", "Bazarak", geo_precision="3"),
    ]
    plan = plan_import(load_dataset(districts, claims), write_csv(tmp_path / "export.csv", rows))
    assert [r.event for r in plan.rejected] == ["AFG601"] and "geo_precision 3" in plan.rejected[0].reason
    [statement] = plan.claims
    assert statement["status"] == "statement" and "districts" not in statement


def test_rows_outside_the_region_and_repeated_events_are_skipped_not_rejected(repo_copy, tmp_path):
    claims, districts = repo_copy
    rows = [GOOD[0], GOOD[0], event("AFG701", "2021-09-05", "Battles", "Armed clash", "Taliban", "Kabul", admin1="Kabul")]
    result = run_import(write_csv(tmp_path / "export.csv", rows), claims, districts)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "skipped 1 row(s) outside Panjshir (admin1: Kabul ×1)"
    assert result.stdout.strip() == f"added 1 claim(s) to {claims}; 1 repeated event id(s) in the export"


def test_an_export_without_acled_columns_is_refused(repo_copy, tmp_path):
    claims, districts = repo_copy
    before = claims.read_bytes()
    export = tmp_path / "not-acled.csv"
    export.write_text("id,date\n1,2021-09-05\n", encoding="utf-8")
    result = run_import(export, claims, districts)
    assert result.returncode == 2
    assert result.stderr.startswith(f"{export}:1: not an ACLED export: missing column(s) event_id_cnty, event_date")
    assert claims.read_bytes() == before
    assert run_import(tmp_path / "missing.csv", claims, districts).returncode == 2


def test_claims_file_without_acled_mapping_is_refused(files, tmp_path):
    with pytest.raises(ExportError, match="has no 'acled' section"):
        plan_import(files.dataset(), write_csv(tmp_path / "export.csv", GOOD))


def test_validate_checks_the_acled_mapping_with_file_and_line(files):
    files.write()
    text = files.claims.read_text(encoding="utf-8")
    files.claims.write_text(
        text + "acled:\n  actors:\n    - {match: Red, party: green}\n    - {match: Blue}\n  source_prefix: ACLED\n  extra: 1\n",
        encoding="utf-8",
    )
    base = len(text.splitlines())
    with pytest.raises(ValidationError) as info:
        files.dataset()
    assert [str(p) for p in info.value.problems] == [
        f"{files.claims}:{base + 3}: unknown party 'green' in acled actor rule #1 (did you mean 'red'?)",
        f"{files.claims}:{base + 4}: acled actor rule #2 has no 'party'",
        f"{files.claims}:{base + 5}: source_prefix 'ACLED' of 'acled' may use only a-z, 0-9, '_' and '-'",
        f"{files.claims}:{base + 6}: unknown field 'extra' in 'acled' (known: actors, source_prefix)",
    ]


def test_validate_never_imports_geopandas_the_store_or_the_writer():
    """A new process, as the pre-commit hook starts: validate on small files needs none of them."""
    heavy = ("geopandas", "pyarrow", "numpy", "ruamel.yaml", "filelock")
    code = f"import sys; from control.cli import main; rc = main(['validate']); print(rc, [m for m in {heavy!r} if m in sys.modules])"
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip().splitlines()[-1] == "0 []", result.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_or_a_device_is_refused_at_once_naming_the_file(repo_copy, tmp_path):
    """Reading a FIFO with no writer would wait for ever; the command says what the file is instead."""
    claims, districts = repo_copy
    before = claims.read_bytes()
    fifo = tmp_path / "export.csv"
    os.mkfifo(fifo)
    args = ["import-acled", str(fifo), "--claims", str(claims), "--districts", str(districts)]
    done = subprocess.run([sys.executable, "-m", "control", *args], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stderr) == (2, f"{fifo}: is a FIFO (named pipe), not a regular file\n")
    assert done.stdout == ""
    device = run_import(Path(os.devnull), claims, districts)  # read, it would say "not an ACLED export"
    assert (device.returncode, device.stderr) == (2, f"{os.devnull}: is a device, not a regular file\n")
    assert claims.read_bytes() == before
