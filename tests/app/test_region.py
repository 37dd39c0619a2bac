"""A region made by ``python -m control init``, in the app: its real shapes at once (a relative
``boundaries.file`` resolved against the districts file), no claims yet, and the banners that
say what is wrong, one district per line, with the right advice."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from components.banner import SCHEMATIC_DETAILS
from control.cli import main
from tests.drawn_region import NAMES, write_testland

from .conftest import REPO
from .mapview import _static, map_data


@pytest.fixture
def region(tmp_path: Path) -> Path:
    """Testland (a GeoPackage in EPSG:3035) and its init-made files in ``tmp_path/region``."""
    boundaries = write_testland(tmp_path / "boundaries")["gpkg"]
    out = tmp_path / "region"
    assert main(["init", "--boundaries", str(boundaries), "--region", "Testland", "--out", str(out), "--all"]) == 0
    return out


def run_app(monkeypatch, districts: Path, claims: Path, *extra: str) -> AppTest:
    monkeypatch.setattr(sys, "argv", ["app.py", "--districts", str(districts), "--claims", str(claims), *extra])
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=90)
    return at.run()


def shapes_of(at: AppTest) -> dict:
    return json.loads(_static(map_data(at)["shapes"]).read_text(encoding="utf-8"))


def test_an_init_made_region_shows_its_real_shapes_with_no_claims_yet(monkeypatch, region):
    assert '  file: "../boundaries/testland.gpkg"' in (region / "districts.yaml").read_text(encoding="utf-8")  # relative to it
    at = run_app(monkeypatch, region / "districts.yaml", region / "claims.yaml")
    assert not at.exception
    assert not at.error and not at.warning
    assert [i.value for i in at.info] == [
        "claims\\.yaml has no claims yet: no district has information. "
        "Add claims to it (it may hold a commented example of each kind) and the map follows."
    ]
    shapes = shapes_of(at)
    assert shapes["warning"] is None and len([s for s in shapes["shapes"] if s]) == len(NAMES)
    body = " ".join(m.value for m in at.markdown)
    assert "Who controls Testland — according to whom" in body
    assert "**Boundaries:** testland\\.gpkg" in body and "Boundaries: Boundaries" not in body


def test_unmatched_districts_are_listed_one_per_line_with_what_to_do(monkeypatch, region):
    districts = region / "districts.yaml"
    text = districts.read_text(encoding="utf-8").replace("id: glenmoor\n    name: Glenmoor", "id: glenmore\n    name: Glenmore")
    districts.write_text(text.replace("id: kestrel\n    name: Kestrel", "id: kestral\n    name: Kestral"), encoding="utf-8")
    at = run_app(monkeypatch, districts, region / "claims.yaml")
    assert not at.exception and not at.warning
    [error] = at.error
    lines = error.value.split("\n")
    assert lines[0] == (
        "**2 of 13 districts do not match exactly one feature of the boundary file testland\\.gpkg.** The map shows schematic "
        "shapes instead: approximate cells around each district's seat, not real borders."
    )
    listed = [line for line in lines if line.startswith("- ")]
    assert len(listed) == 2
    assert listed[0].startswith("- district 'Glenmore' \\(glenmore\\)\\: no feature with ADM2\\_EN matching Glenmore; nearest names")
    assert listed[0].endswith("Add the file's name as an alias, or give its code \\(the file's ADM2\\_PCODE\\)")
    assert listed[1].startswith("- district 'Kestral' \\(kestral\\)")
    assert lines[-1] == "Fix each in districts.yaml and save: the map follows. `python -m control validate --boundaries` lists the same."
    assert "Run with" not in error.value and "--boundaries FILE" not in error.value  # a file was given: no advice to give one
    assert shapes_of(at)["warning"]  # the map itself says its shapes are schematic


def test_without_any_boundaries_the_reasons_are_listed_and_real_ones_explained(monkeypatch, region, tmp_path):
    districts = region / "districts.yaml"
    text = districts.read_text(encoding="utf-8")
    start, end = text.index("boundaries:"), text.index("districts:")
    offline = "boundaries:\n  url: https://boundaries.invalid/testland.geojson\n\n"
    districts.write_text(text[:start] + offline + text[end:], encoding="utf-8")
    at = run_app(monkeypatch, districts, region / "claims.yaml")
    assert not at.exception and not at.error
    [warning] = at.warning
    assert warning.value == (
        "**Schematic shapes — official boundaries unavailable.** The areas drawn are approximate cells around each district's seat, "
        "not real borders."
    )
    [details] = [e for e in at.expander if e.label == SCHEMATIC_DETAILS]  # folded: on a phone the map stays on the first screen
    lines = details.markdown[0].value.split("\n")
    [reason] = [line for line in lines if line.startswith("- ")]
    assert reason.startswith("- download of https\\://boundaries\\.invalid/testland\\.geojson failed\\: ")
    assert reason.count("(") == reason.count(")")  # no stray bracket
    assert lines[-1] == (
        "To draw real borders, run with `--boundaries FILE`, or give `boundaries: file:` in districts.yaml "
        "(`python -m control init` writes one from a boundary file)."
    )
