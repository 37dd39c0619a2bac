"""The command-line contract: exit codes, FILE:LINE messages, the state JSON shape (each command run in this process)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli import run
from tests.scenarios import claim

REPO = Path(__file__).resolve().parents[2]


def test_validate_committed_files_passes():
    result = run("validate")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK: 7 districts") and result.stdout.count("\n") == 1


def test_validate_reports_each_problem_as_file_line_message(files):
    files.write([claim("c1", "2021-09-05", "wire", ["Nowhere"], holder="red"), claim("c2", "2021-09-05", "wire", ["North"])])
    result = run("validate", "--districts", str(files.districts), "--claims", str(files.claims))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2
    assert all(line.startswith(f"{files.claims}:") for line in lines)
    assert "unknown district 'Nowhere'" in lines[0] and "no 'holder'" in lines[1]
    assert "Traceback" not in result.stderr


def test_validate_yaml_syntax_error_never_a_traceback(files):
    files.claims.write_text("claims: [\n  {id: x\n", encoding="utf-8")
    result = run("validate", "--districts", str(files.districts), "--claims", str(files.claims))
    assert result.returncode == 1
    assert "YAML syntax error" in result.stderr and "Traceback" not in result.stderr


def test_validate_missing_file(tmp_path):
    result = run("validate", "--claims", str(tmp_path / "nope.yaml"))
    assert result.returncode == 1 and result.stderr.strip() == f"{tmp_path / 'nope.yaml'}:1: file not found"


def test_state_json_shape(files):
    files.write([claim("c1", "2021-09-05", "red-spox", ["North"], holder="red")])
    result = run("state", "--date", "2021-09-05", "--json", "--districts", str(files.districts), "--claims", str(files.claims))
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    nothing = {
        "status": "unknown",
        "holder": None,
        "label": "No information",
        "pattern": None,
        "claims": [],
        "headline": "No information: no source has spoken about this district yet",
    }
    assert payload == {
        "date": "2021-09-05",
        "view": "consensus",
        "districts": {
            "north": {
                "status": "claimed",
                "holder": "red",
                "label": "Red Army — claimed by Red Army (unconfirmed)",
                "pattern": "hatch",
                "claims": ["c1"],
                "headline": "Red Army control — claimed by Red Army (Red spokesman, 5 Sep 2021), unconfirmed",
            },
            "south": nothing,
            "east": nothing,
        },
    }


def test_state_party_view(files):
    files.write([claim("c1", "2021-09-05", "red-spox", ["North"], holder="red")])
    result = run(
        "state", "--date", "2021-09-06", "--view", "red", "--json", "--districts", str(files.districts), "--claims", str(files.claims)
    )
    assert json.loads(result.stdout)["districts"]["north"] == {
        "status": "held",
        "holder": "red",
        "label": "Red Army — held, by its own account",
        "pattern": None,
        "claims": ["c1"],
        "headline": "Red Army control — by its own account (Red spokesman, 5 Sep 2021)",
    }


def test_state_invalid_data_gives_validation_errors(files):
    files.write([claim("c1", "2021-09-05", "nobody", ["North"], holder="red")])
    result = run("state", "--date", "2021-09-05", "--json", "--districts", str(files.districts), "--claims", str(files.claims))
    assert result.returncode == 1 and "unknown source 'nobody'" in result.stderr and result.stdout == ""


def test_state_unknown_view_and_bad_date():
    bad_view = run("state", "--date", "2021-09-05", "--view", "green")
    assert bad_view.returncode == 2 and "unknown view 'green'" in bad_view.stderr
    bad_date = run("state", "--date", "5 Sept")
    assert bad_date.returncode == 2 and "not a date in the form YYYY-MM-DD" in bad_date.stderr


def test_state_table_is_readable():
    result = run("state", "--date", "2021-09-06")
    assert result.returncode == 0
    assert "Bazarak" in result.stdout and "confirmed" in result.stdout and "\nTaliban — confirmed: 7 districts\n" in result.stdout
    assert "\nTaliban — forces present (not control): 3 places\n" in result.stdout  # the photos: presence, not control
    assert "\nContested — by party accounts only (unconfirmed): 1 place\n" in result.stdout  # the NRF's Khawak pass


def test_validate_with_boundaries_names_a_place_outside_its_district(tmp_path):
    """Drawn shapes (tests/geo/drawn.py), not real ones: Rukha's centre moved into Dara's cell."""
    from geo import load_boundaries
    from tests.geo.drawn import write_drawn
    from yamldata.loader import load_gazetteer

    shapes = write_drawn(tmp_path / "drawn")
    dara = load_boundaries(load_gazetteer(), shapes).districts.set_index("id").loc["dara"]
    text = (REPO / "districts.yaml").read_text(encoding="utf-8")
    moved = text.replace("point: {lat: 35.24, lon: 69.49}", f"point: {{lat: {dara.label_lat:.4f}, lon: {dara.label_lon:.4f}}}", 2)
    districts = tmp_path / "districts.yaml"
    districts.write_text(moved, encoding="utf-8")
    result = run("validate", "--districts", str(districts), "--claims", str(REPO / "claims.yaml"), "--boundaries", str(shapes))
    assert result.returncode == 1
    line = next(i for i, row in enumerate(moved.splitlines(), 1) if "id: rukha-centre" in row)
    found = [row for row in result.stderr.splitlines() if "rukha-centre" in row]
    where = f"{dara.label_lat:.4f}, {dara.label_lon:.4f}"
    assert found == [f"{districts}:{line}: place 'rukha-centre' ({where}) lies in Dara, not in its district Rukha ({shapes})"]


def test_state_json_gives_each_place_its_own_state():
    result = run("state", "--date", "2021-09-05", "--json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert set(payload["places"]) == {
        "khawak-pass",
        "dasht-e-rewat",
        "rukha-centre",
        "rukha-police-hq",
        "bazarak-centre",
        "governors-compound",
        "unaba-governors-office",
    }
    hq = payload["places"]["rukha-police-hq"]
    assert (hq["status"], hq["holder"], hq["claims"], hq["pattern"]) == ("claimed", "taliban", ["2021-09-05-karimi-rukhah-centre"], "hatch")
    assert hq["label"] == "Taliban — claimed by Taliban (unconfirmed)"
    assert hq["headline"] == "Taliban control — claimed by Taliban (Bilal Karimi, 5 Sep 2021), unconfirmed"
    assert payload["places"]["khawak-pass"]["status"] == "unknown"  # the NRF's clashes are dated Monday
    assert payload["districts"]["rukha"]["status"] == "disputed"  # the centre's claim counts for Rukha, against the NRF's
    assert "2021-09-05-karimi-rukhah-centre" in payload["districts"]["rukha"]["claims"]
