"""The PNG export: a valid picture of the right size, filled by state, attributed, honest about schematic shapes."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from PIL import Image

from core.rules import ComputedTimeline
from exports.png import png_texts, render_png
from geo import SCHEMATIC_WARNING
from tests.cli import Ran, run
from tests.scenarios import claim
from yamldata.loader import load_dataset

REPO = Path(__file__).resolve().parents[2]
SHP = REPO.parent / "shared" / "data" / "geoboundaries-AFG-ADM2" / "geoBoundaries-AFG-ADM2.shp"
TALIBAN = (0xD5, 0x5E, 0x00)
NRF = (0x00, 0x72, 0xB2)


@pytest.fixture(autouse=True)
def _cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("CONTROL_MAP_CACHE_DIR", str(tmp_path / "cache"))


def pixels(png: bytes) -> dict[tuple[int, int, int], int]:
    with Image.open(io.BytesIO(png)) as image:
        return {color: n for n, color in image.convert("RGB").getcolors(maxcolors=1 << 22)}


def cli(*args: str) -> Ran:
    """``python -m control export *args``, run in this process."""
    return run("export", *args)


@pytest.mark.skipif(not SHP.exists(), reason="../shared boundary data not beside the repo")
def test_png_of_real_shapes_shows_the_confirmed_party_colour(tmp_path):
    out = tmp_path / "panjshir.png"
    result = cli("--format", "png", "--date", "2021-09-06", "--boundaries", str(SHP), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    png = out.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG" and image.size == (1600, 1200)
        assert "6 September 2021" in image.text["Title"] and "consensus" in image.text["Title"]
        assert "geoBoundaries" in image.text["Description"]
    colours = pixels(png)
    # Every district confirmed Taliban on 6 Sep (witnesses speaking to AP): a large area of exactly the party colour.
    assert colours.get(TALIBAN, 0) > 20_000
    assert colours.get((0xCC, 0x79, 0xA7), 0) < 3_000  # nothing disputed: the legend swatch only
    assert colours.get(NRF, 0) < 3_000  # nothing is NRF's that day: its legend swatches only


@pytest.mark.skipif(not SHP.exists(), reason="../shared boundary data not beside the repo")
def test_png_of_5_september_is_disputed_not_confirmed(tmp_path):
    out = tmp_path / "panjshir.png"
    result = cli("--format", "png", "--date", "2021-09-05", "--boundaries", str(SHP), "-o", str(out))
    assert result.returncode == 0, result.stderr
    colours = pixels(out.read_bytes())
    assert colours.get((0xCC, 0x79, 0xA7), 0) > 20_000  # the parties contradict each other in every district
    assert colours.get(TALIBAN, 0) < 3_000  # no solid Taliban fill: nothing is confirmed that day


@pytest.mark.skipif(not SHP.exists(), reason="../shared boundary data not beside the repo")
def test_png_texts_have_region_date_view_counts_and_attribution():
    from geo import load_boundaries

    dataset = load_dataset(REPO / "districts.yaml", REPO / "claims.yaml")
    boundaries = load_boundaries(dataset.gazetteer, SHP)
    texts = png_texts(ComputedTimeline(dataset), boundaries, dt.date(2021, 9, 5), "consensus")
    assert texts.title.startswith("Panjshir")
    assert texts.subtitle.startswith("5 September 2021") and "consensus" in texts.subtitle
    # The day's categories, districts and places, and "No information": Rukha's two places claimed by the Taliban are keyed.
    assert [(row.label, row.count, row.places, row.pattern) for row in texts.legend] == [
        ("Taliban — claimed by Taliban (unconfirmed)", 0, 2, "hatch"),
        ("Disputed — the accounts conflict", 7, 0, None),
        ("No information", 0, 5, None),
    ]
    assert texts.footer[0] == "Boundaries: geoBoundaries (www.geoboundaries.org), public domain"
    assert not texts.schematic


def test_schematic_png_says_so_and_claimed_districts_are_hatched(files, tmp_path):
    files.write(
        [
            claim("c1", "2021-09-04", "red-spox", ["North"], holder="red"),
            claim("c2", "2021-09-04", "wire", ["South"], holder="blue"),
        ]
    )
    from geo import schematic

    dataset = files.dataset()
    timeline = ComputedTimeline(dataset)
    boundaries = schematic(dataset.gazetteer, ["no boundaries in this test"])
    texts = png_texts(timeline, boundaries, dt.date(2021, 9, 4), "consensus")
    assert texts.schematic and SCHEMATIC_WARNING in texts.footer[0]
    assert [row.hatched for row in texts.legend if row.count] == [True, False, False]  # red claimed, blue confirmed, unknown

    png = render_png(timeline, boundaries, dt.date(2021, 9, 4), "consensus")
    with Image.open(io.BytesIO(png)) as image:
        assert image.size == (1600, 1200)
        assert SCHEMATIC_WARNING in image.text["Description"]
    colours = pixels(png)
    assert colours.get(NRF, 0) > 20_000  # South: confirmed Blue, solid
    # North: claimed Red, hatched -- lines of the party colour over a light tint of it.
    tint = tuple(round(0.2 * c + 0.8 * 0xF4F1EA.to_bytes(3, "big")[i]) for i, c in enumerate(TALIBAN))
    assert colours.get(TALIBAN, 0) > 2_000
    assert sum(n for colour, n in colours.items() if all(abs(a - b) <= 2 for a, b in zip(colour, tint, strict=True))) > 5_000


def test_cli_png_and_html_need_an_output_file_and_warn_about_schematic_shapes(files, tmp_path):
    files.write([claim("c1", "2021-09-04", "red-spox", ["North"], holder="red")])
    for fmt in ("png", "html"):
        result = cli("--format", fmt, "--districts", str(files.districts), "--claims", str(files.claims))
        assert result.returncode == 2 and "-o" in result.stderr and result.stdout == ""
        out = tmp_path / f"map.{fmt}"
        result = cli("--format", fmt, "--districts", str(files.districts), "--claims", str(files.claims), "-o", str(out))
        assert result.returncode == 0, result.stderr
        assert "warning: schematic shapes — official boundaries unavailable" in result.stderr
        assert out.stat().st_size > 10_000
    assert "Schematic shapes — official boundaries unavailable" in (tmp_path / "map.html").read_text(encoding="utf-8")


def test_district_names_only_where_they_fit_never_over_each_other(tmp_path):
    """Testland (init-made, a GeoPackage in EPSG:3035): every name fits in its 20 km cell but Minnow's, 1.5 km across."""
    import shapely

    from control.cli import main
    from geo import load_boundaries
    from tests.drawn_region import NAMES, SMALL, write_testland

    boundaries_file = write_testland(tmp_path / "boundaries")["gpkg"]
    assert main(["init", "--boundaries", str(boundaries_file), "--region", "Testland", "--out", str(tmp_path / "t"), "--all"]) == 0
    dataset = load_dataset(tmp_path / "t" / "districts.yaml", tmp_path / "t" / "claims.yaml")
    boundaries = load_boundaries(dataset.gazetteer)
    names: dict[str, tuple[float, float, float, float]] = {}
    png = render_png(ComputedTimeline(dataset), boundaries, dt.date(2024, 5, 1), "consensus", names=names)
    assert len(names) == len(NAMES) - 1 and SMALL not in names
    shapes = dict(zip(boundaries.districts["name"], boundaries.districts.geometry, strict=True))
    boxes = {name: shapely.box(*box) for name, box in names.items()}
    for name, box in boxes.items():
        assert shapes[name].contains(box), name  # inside its own district, halo included
        assert not any(box.intersects(other) for n, other in boxes.items() if n != name), name
    with Image.open(io.BytesIO(png)) as image:
        assert image.text["Software"] == "control-map"  # the tool's generic name, whatever the region
        assert "Boundaries: testland.gpkg" in image.text["Description"] and "Boundaries: Boundaries" not in image.text["Description"]


@pytest.mark.skipif(not SHP.exists(), reason="../shared boundary data not beside the repo")
def test_the_national_png_names_no_district_and_says_so(tmp_path):
    """398 districts at 1600 × 1200: no name fits inside its district, so none is drawn (the legend and title stay)."""
    from benchmarks.generate import write_claims
    from benchmarks.national import write_districts
    from geo import load_boundaries
    from yamldata.loader import load_gazetteer

    districts = write_districts(tmp_path)
    dataset = load_dataset(districts, write_claims(tmp_path / "claims.yaml", load_gazetteer(districts), 1000, seed=7))
    boundaries = load_boundaries(dataset.gazetteer, SHP)
    names: dict[str, tuple[float, float, float, float]] = {}
    timeline = ComputedTimeline(dataset)
    png = render_png(timeline, boundaries, dataset.dates[-1], "consensus", names=names)
    assert names == {}
    party = dataset.parties[0].color.lstrip("#")
    assert pixels(png).get(tuple(bytes.fromhex(party)), 0) > 2_000  # the districts are drawn, filled
