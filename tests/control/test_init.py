"""``python -m control init``: from a boundary file to a valid pair of files that match it, by every way of choosing.

On Testland (tests/drawn_region.py: a GeoPackage in EPSG:3035 with a repeated name and
messy spellings) always; on ../shared's national file (all 398 districts, and Baghlan's
15) when it is beside the repository. Every file written goes to a temporary directory.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import shapely
import yaml

from control.cli import main
from core.names import normalize_name
from tests.drawn_region import NAMES, SMALL, drawn_testland, write_testland
from yamldata.loader import load_dataset

REPO = Path(__file__).resolve().parents[2]
NATIONAL = REPO.parent / "shared" / "data" / "geoboundaries-AFG-ADM2" / "geoBoundaries-AFG-ADM2.shp"
#: Baghlan province's districts as the national file spells them (AIMS 2014, 15 districts).
BAGHLAN = (
    "Andarab", "Baghlani Jadid", "Burka", "Dahana-I- Ghuri", "Dih Salah", "Dushi", "Farang Wa Gharu", "Guzargahi Nur",
    "Khinjan", "Khost Wa Firing", "Khwaja Hijran (Jilga Nahrin)", "Nahrin", "Puli Hisar", "Puli Khumri", "Tala Wa Barfak",
)  # fmt: skip


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str


def control(*args: str, cwd: Path | None = None) -> Ran:
    """``python -m control ARGS`` in this process (a subprocess costs seconds of imports each time), from ``cwd``."""
    out, err = io.StringIO(), io.StringIO()
    before = Path.cwd()
    try:
        if cwd is not None:
            os.chdir(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exc:  # argparse
                code = int(exc.code or 0)
    finally:
        os.chdir(before)
    return Ran(code, out.getvalue(), err.getvalue())


@pytest.fixture(scope="module")
def testland(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_testland(tmp_path_factory.mktemp("testland"))


def init(boundaries: Path, out: Path, *choose: str, region: str = "Testland", extra: tuple[str, ...] = ()) -> Ran:
    return control("init", "--boundaries", str(boundaries), "--region", region, "--out", str(out), *choose, *extra)


def districts_of(out: Path) -> list[dict]:
    return yaml.safe_load((out / "districts.yaml").read_text(encoding="utf-8"))["districts"]


def assert_valid_and_matching(out: Path) -> None:
    """The pair validates, and ``validate --boundaries`` (the file's own boundaries.file) finds every district once."""
    checked = control("validate", "--districts", str(out / "districts.yaml"), "--claims", str(out / "claims.yaml"), "--boundaries")
    assert checked.returncode == 0, checked.stderr
    assert "every district matches one feature" in checked.stdout


def test_all_from_a_geopackage_in_another_crs(testland, tmp_path):
    out = tmp_path / "region"
    result = init(testland["gpkg"], out, "--all")
    assert result.returncode == 0, result.stderr
    assert f"next: bash scripts/run.sh -- --districts {out / 'districts.yaml'} --claims {out / 'claims.yaml'}" in result.stdout
    assert_valid_and_matching(out)
    text = (out / "districts.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert data["region"] == "Testland"
    assert (out / data["boundaries"]["file"]).resolve() == testland["gpkg"].resolve()  # relative to the districts file
    assert not Path(data["boundaries"]["file"]).is_absolute()
    assert {k: data["boundaries"][k] for k in ("name_field", "code_field", "expected_features")} == {
        "name_field": "ADM2_EN",
        "code_field": "ADM2_PCODE",
        "expected_features": 13,
    }
    assert "attribution" not in data["boundaries"] and "# attribution:" in text  # no maker known: the user is asked
    districts = data["districts"]
    assert len(districts) == len(NAMES)
    ids = [d["id"] for d in districts]
    assert len(set(ids)) == len(ids) and all(re.fullmatch(r"[a-z0-9-]+", i) for i in ids)
    by_name = {d["name"]: d for d in districts}
    # The repeated name: told apart by province, each with its feature's code; nobody else has a code.
    assert by_name["Nordvik (North)"]["code"] == "TL103" and by_name["Nordvik (South)"]["code"] == "TL202"
    assert [d["name"] for d in districts if d.get("code")] == ["Nordvik (North)", "Nordvik (South)"]
    # Tidied names keep the file's spelling as an alias.
    assert by_name["Dale-End"]["aliases"] == ["Dale- End"] and by_name["Ironwood (Upper)"]["aliases"] == ["Ironwood(Upper)"]
    assert "aliases" not in by_name["Glenmoor"]
    # Seats: inside each district's own shape (reprojected from metres), and said to be derived.
    shapes = drawn_testland().to_crs("EPSG:4326")
    for district in districts:
        if district.get("code"):
            rows = list(shapes.index[shapes["ADM2_PCODE"] == district["code"]])
        else:
            spellings = {normalize_name(s) for s in (district["name"], *district.get("aliases", []))}
            rows = [i for i, name in enumerate(shapes["ADM2_EN"]) if normalize_name(name) in spellings]
        assert len(rows) == 1, district
        assert shapes.geometry[rows[0]].contains(shapely.Point(district["seat"]["lon"], district["seat"]["lat"])), district
    assert text.count("# derived: a point inside the shape") == len(NAMES)


def test_the_starter_claims_validate_and_every_commented_example_too(testland, tmp_path):
    out = tmp_path / "region"
    assert init(testland["gpkg"], out, "--all", extra=("--parties", "Red Army, Blue League, Greens")).returncode == 0
    dataset = load_dataset(out / "districts.yaml", out / "claims.yaml")
    assert [(p.id, p.name) for p in dataset.parties] == [("red-army", "Red Army"), ("blue-league", "Blue League"), ("greens", "Greens")]
    assert dataset.claims == () and dataset.sources == ()
    # Uncomment every example (and drop the [] they replace): a valid file with one claim of each status.
    text = (out / "claims.yaml").read_text(encoding="utf-8")
    uncommented = re.sub(r"^# (  .*)$", r"\1", text, flags=re.M).replace("sources: []", "sources:").replace("claims: []", "claims:")
    (out / "claims.yaml").write_text(uncommented, encoding="utf-8")
    examples = load_dataset(out / "districts.yaml", out / "claims.yaml")
    assert sorted(c.status for c in examples.claims) == sorted(["held", "contested", "present", "denied", "unverified", "statement"])
    assert len(examples.sources) == 3


def test_each_way_of_choosing(testland, tmp_path):
    by_names = init(testland["gpkg"], tmp_path / "names", "--names", "dale end, IRONWOOD (upper),TL202")
    assert by_names.returncode == 0, by_names.stderr
    assert [d["name"] for d in districts_of(tmp_path / "names")] == ["Dale-End", "Ironwood (Upper)", "Nordvik"]
    assert districts_of(tmp_path / "names")[2]["code"] == "TL202"  # alone in the selection, but the file repeats its name

    where = init(testland["gpkg"], tmp_path / "where", "--where", "adm1_en=south")
    assert where.returncode == 0, where.stderr
    south = {"Glenmoor", "Nordvik", "Highcliff", "Ironwood (Upper)", "Juniper", "Kestrel"}
    assert {d["name"] for d in districts_of(tmp_path / "where")} == south

    within = init(testland["gpkg"], tmp_path / "within", "--within", str(testland["outline"]))
    assert within.returncode == 0, within.stderr
    assert {d["name"] for d in districts_of(tmp_path / "within")} == {d["name"] for d in districts_of(tmp_path / "where")}

    box = init(testland["gpkg"], tmp_path / "bbox", "--bbox", "23.7,47.9,24.1,48.3")  # the North province's western column
    assert box.returncode == 0, box.stderr
    assert {d["name"] for d in districts_of(tmp_path / "bbox")} == {"Avalon", "Dale-End", SMALL}

    # A file without a province column: the two Nordviks are told apart by where they lie.
    flat = init(testland["flat"], tmp_path / "flat", "--all")
    assert flat.returncode == 0, flat.stderr
    coded = {d["name"]: d["code"] for d in districts_of(tmp_path / "flat") if "code" in d}
    assert coded == {"Nordvik (north)": "TL103", "Nordvik (south)": "TL202"}
    for out in ("names", "where", "within", "bbox", "flat"):
        assert_valid_and_matching(tmp_path / out)


@pytest.mark.parametrize(
    ("choose", "expected"),
    [
        (
            ("--names", "Avalon,Glenmor,Nordvik"),
            [
                "'Glenmor': no feature of that ADM2_EN; did you mean Glenmoor",
                "'Nordvik' names 2 features (ADM2_PCODE TL103 at 47.95, 24.49; ADM2_PCODE TL202 at 47.72, 24.15): "
                "give the code of the one you mean instead of the name",
            ],
        ),
        (("--where", "PROVINCE=South"), ["--where: no column 'PROVINCE'; columns are: ADM2_EN, ADM2_PCODE, ADM1_EN"]),
        (("--where", "ADM1_EN=Sooth"), ["--where: no feature has ADM1_EN = 'Sooth'; did you mean South"]),
        (("--bbox", "10,40,11,41"), ["--bbox: no feature lies in 10,40,11,41; the file spans 23."]),
        (("--bbox", "24,48,23,47"), ["--bbox '24,48,23,47': needs -180 <= W < E <= 180"]),
    ],
)
def test_a_bad_choice_says_why_and_writes_nothing(testland, tmp_path, choose, expected):
    result = init(testland["gpkg"], tmp_path / "region", *choose)
    assert result.returncode == 1
    for text in expected:
        assert text in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "region").exists() or not any((tmp_path / "region").iterdir())


def test_never_overwrites_without_force(testland, tmp_path):
    out = tmp_path / "region"
    out.mkdir()
    (out / "claims.yaml").write_text("my claims\n", encoding="utf-8")
    refused = init(testland["gpkg"], out, "--all")
    assert refused.returncode == 1 and f"{out / 'claims.yaml'} already exists: nothing written (--force replaces them)" in refused.stderr
    assert (out / "claims.yaml").read_text(encoding="utf-8") == "my claims\n" and not (out / "districts.yaml").exists()
    forced = init(testland["gpkg"], out, "--all", extra=("--force",))
    assert forced.returncode == 0, forced.stderr
    assert_valid_and_matching(out)
    assert sorted(p.name for p in out.iterdir()) == ["claims.yaml", "districts.yaml"]  # no temporary file left


def test_relative_paths_from_another_working_directory(testland, tmp_path):
    """A districts file given by a relative path, whose boundaries.file is relative to it: validate and export find the file."""
    out = tmp_path / "work" / "testland"
    assert init(testland["gpkg"], out, "--all").returncode == 0
    add_a_claim(out / "claims.yaml")
    cwd = tmp_path / "work"
    relative = ("--districts", "testland/districts.yaml", "--claims", "testland/claims.yaml")
    checked = control("validate", *relative, "--boundaries", cwd=cwd)
    assert checked.returncode == 0, checked.stderr
    exported = control("export", "--format", "geojson", *relative, "-o", "map.geojson", cwd=cwd)
    assert exported.returncode == 0, exported.stderr
    assert "schematic" not in exported.stderr and "file not found" not in exported.stderr
    collection = json.loads((cwd / "map.geojson").read_text(encoding="utf-8"))
    assert "warning" not in collection and len([f for f in collection["features"] if f["properties"].get("kind") == "district"]) == 13
    assert collection.get("attribution") == "testland.gpkg"  # the file's name, not "Boundaries: testland.gpkg"


def add_a_claim(claims: Path) -> None:
    """One source and one claim (about Avalon) in a starter claims file: the exports need a day."""
    one = "claims:\n  - {id: c1, date: 2024-05-01, source: wire, districts: [Avalon], status: held, holder: side-a, quote: q}"
    text = claims.read_text(encoding="utf-8").replace("sources: []", "sources:\n  - {id: wire, name: Wire}")
    claims.write_text(text.replace("claims: []", one), encoding="utf-8")


def test_validate_boundaries_names_each_unmatched_district_at_its_line(testland, tmp_path):
    out = tmp_path / "region"
    assert init(testland["gpkg"], out, "--all").returncode == 0
    districts = out / "districts.yaml"
    text = districts.read_text(encoding="utf-8")
    text = text.replace("id: glenmoor\n    name: Glenmoor", "id: glenmore\n    name: Glenmore")  # a typo
    text = re.sub(r"\n    code: TL202", "", text)  # a repeated name without its code
    districts.write_text(text, encoding="utf-8")
    result = control("validate", "--districts", str(districts), "--claims", str(out / "claims.yaml"), "--boundaries", str(testland["gpkg"]))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    glenmore = next(i for i, row in enumerate(text.splitlines(), 1) if "id: glenmore" in row)
    nordvik = next(i for i, row in enumerate(text.splitlines(), 1) if "id: nordvik-south" in row)
    assert lines[0] == (
        f"{districts}:{glenmore}: district 'Glenmore' (glenmore): no feature with ADM2_EN matching Glenmore; "
        "nearest names in the file: Glenmoor, Nordvik, Kestrel. Add the file's name as an alias, or give its code (the file's ADM2_PCODE)"
    )
    assert lines[1].startswith(f"{districts}:{nordvik}: district 'Nordvik (South)' (nordvik-south): no feature with ADM2_EN matching")
    assert lines[2] == f"2 of 13 districts do not match exactly one feature of {testland['gpkg']}"
    # Without a file after --boundaries, the districts file's own boundaries.file is checked.
    own = control("validate", "--districts", str(districts), "--claims", str(out / "claims.yaml"), "--boundaries")
    assert own.returncode == 1 and own.stderr.strip().splitlines()[:2] == lines[:2]


def test_a_repeated_name_given_by_name_finds_both_features_and_asks_for_the_code(testland, tmp_path):
    out = tmp_path / "region"
    assert init(testland["gpkg"], out, "--all").returncode == 0
    districts = out / "districts.yaml"
    text = districts.read_text(encoding="utf-8").replace("    code: TL202\n", "").replace("name: Nordvik (South)", "name: Nordvik")
    text = text.replace("name: Nordvik (North)", "name: Nordvik North")
    districts.write_text(text, encoding="utf-8")
    result = control("validate", "--districts", str(districts), "--claims", str(out / "claims.yaml"), "--boundaries")
    assert result.returncode == 1
    assert (
        "district 'Nordvik' (nordvik-south) matches 2 features in ADM2_EN: 'Nordvik' (feature 2, ADM2_PCODE TL103), "
        "'Nordvik' (feature 8, ADM2_PCODE TL202). To say which, give its code (the file's ADM2_PCODE)"
    ) in result.stderr


needs_national = pytest.mark.skipif(not NATIONAL.is_file(), reason="../shared's national boundary file is not beside the repository")


@needs_national
def test_the_national_file_all_398_districts_with_its_repeated_names(tmp_path):
    out = tmp_path / "afghanistan"
    command = ["init", "--boundaries", str(NATIONAL), "--region", "Afghanistan", "--out", str(out), "--all"]
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "control", *command], cwd=REPO, capture_output=True, text=True, timeout=300)
    took = time.perf_counter() - started  # as a user runs it: imports included
    assert result.returncode == 0, result.stderr
    districts = districts_of(out)
    assert len(districts) == 398
    coded = [d for d in districts if d.get("code")]
    assert len(coded) == 14  # seven names, twice each
    assert {d["name"] for d in coded} >= {"Muqur (east)", "Muqur (west)", "Kohistan (east)", "Kohistan (west)"}
    text = (out / "districts.yaml").read_text(encoding="utf-8")
    assert "attribution: geoBoundaries (www.geoboundaries.org), public domain" in text.replace('"', "")
    dataset = load_dataset(out / "districts.yaml", out / "claims.yaml")
    assert len(dataset.gazetteer.districts) == 398 and "every district matches one feature" in result.stdout
    print(f"init --all on the national file: {took:.1f} s")


@needs_national
def test_baghlan_by_its_fifteen_names(tmp_path):
    result = init(NATIONAL, tmp_path / "baghlan", "--names", ",".join(BAGHLAN), region="Baghlan")
    assert result.returncode == 0, result.stderr
    districts = districts_of(tmp_path / "baghlan")
    assert len(districts) == 15
    spellings = {normalize_name(s) for d in districts for s in (d["name"], *d.get("aliases", []))}
    assert {normalize_name(n) for n in BAGHLAN} <= spellings
    assert {d["name"]: d.get("aliases") for d in districts}["Dahana-I-Ghuri"] == ["Dahana-I- Ghuri"]
    assert_valid_and_matching(tmp_path / "baghlan")
    typo = init(NATIONAL, tmp_path / "typo", "--names", "Andarab,Banu", region="Baghlan")
    assert typo.returncode == 1 and "'Banu': no feature of that shapeName; did you mean" in typo.stderr


def test_the_districts_files_attribution_credits_the_shapes_even_with_boundaries_given(testland, tmp_path):
    out = tmp_path / "region"
    credit = ("--attribution", "Testland Survey, CC BY 4.0", "--attribution-url", "https://survey.example/testland")
    assert init(testland["gpkg"], out, "--all", extra=credit).returncode == 0
    add_a_claim(out / "claims.yaml")
    files = ("--districts", str(out / "districts.yaml"), "--claims", str(out / "claims.yaml"))
    exported = control("export", "--format", "geojson", *files, "--boundaries", str(testland["gpkg"]), "-o", str(tmp_path / "m.geojson"))
    assert exported.returncode == 0, exported.stderr
    collection = json.loads((tmp_path / "m.geojson").read_text(encoding="utf-8"))
    assert (collection["attribution"], collection["attribution_url"]) == ("Testland Survey, CC BY 4.0", "https://survey.example/testland")


def test_a_file_that_repeats_a_name_and_has_no_codes_is_refused_with_what_to_do(tmp_path):
    import geopandas as gpd

    squares = [shapely.box(x, 0, x + 1, 1) for x in range(3)]
    path = tmp_path / "squares.geojson"
    gpd.GeoDataFrame({"name": ["Alpha", "Alpha", "Beta"]}, geometry=squares, crs="EPSG:4326").to_file(path, driver="GeoJSON")
    refused = init(path, tmp_path / "region", "--all")
    assert refused.returncode == 1 and not (tmp_path / "region").exists()
    assert "the file repeats the names Alpha and has no column of unique codes to tell them apart" in refused.stderr
    alone = init(path, tmp_path / "beta", "--names", "Beta")  # a selection without the repeated name needs no code
    assert alone.returncode == 0, alone.stderr
    assert districts_of(tmp_path / "beta") == [{"id": "beta", "name": "Beta", "seat": {"lat": 0.5, "lon": 2.5}}]
