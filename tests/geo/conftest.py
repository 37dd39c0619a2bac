"""Fixtures for the geo tests: the gazetteer built by hand and a boundary file to load.

A test that reads the boundary file (``national_dir`` and the fixtures made from it) runs
once on each file in use: the shapes drawn by :mod:`tests.geo.drawn`, always, and the
national geoBoundaries file from ``<repo>/../shared`` (read at test time, never copied
into the repository) when it is there and ``CONTROL_TEST_DRAWN=1`` is not set. So the geo
tests are known to pass without ../shared; tests that read no boundary file run once.
Every reference number (areas, neighbours) is computed from the file in use. Tests of
facts of the real file (its 398 districts) ask for ``real_national_dir`` and run on it
alone. Every test gets its own empty cache directory and a clean download memo.
"""

from __future__ import annotations

import os
from pathlib import Path

import geopandas as gpd
import pytest
import yaml

import geo
from core.model import BoundarySettings, District, Gazetteer, Seat
from core.names import normalize_name
from geo.cache import CACHE_ENV
from geo.measure import area_km2
from tests.geo.drawn import write_drawn

REPO = Path(__file__).resolve().parents[2]
DISTRICTS_YAML = REPO / "districts.yaml"
NATIONAL_DIR = REPO.parent / "shared" / "data" / "geoboundaries-AFG-ADM2"
NATIONAL_SHP = NATIONAL_DIR / "geoBoundaries-AFG-ADM2.shp"
NATIONAL_GEOJSON = NATIONAL_DIR / "geoBoundaries-AFG-ADM2_simplified.geojson"


def make_gazetteer(path: Path = DISTRICTS_YAML, **boundaries: object) -> Gazetteer:
    """The gazetteer of ``path`` as dataclasses, with ``boundaries`` settings overridden."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    districts = tuple(
        District(
            id=d["id"],
            name=d["name"],
            aliases=tuple(d.get("aliases") or ()),
            name_local=d.get("name_local"),
            code=d.get("code"),
            seat=Seat(**d["seat"]) if d.get("seat") else None,
        )
        for d in data["districts"]
    )
    settings = dict(data.get("boundaries") or {})
    settings.update(boundaries)
    if settings.get("file") is not None:
        settings["file"] = Path(settings["file"])
    return Gazetteer(region=data["region"], districts=districts, boundaries=BoundarySettings(**settings), path=path)


def panjshir_rows(features: gpd.GeoDataFrame, gazetteer: Gazetteer) -> dict[str, int]:
    """Row of each district in ``features``, found independently of geo.match (exact spellings)."""
    keys = [normalize_name(n) for n in features["shapeName"]]
    rows = {}
    for district in gazetteer.districts:
        spellings = {normalize_name(s) for s in district.spellings}
        hits = [i for i, k in enumerate(keys) if k in spellings]
        assert len(hits) == 1, (district.id, hits)
        rows[district.id] = hits[0]
    return rows


@pytest.fixture(autouse=True)
def _isolated(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """No test may touch the user's cache or inherit another test's failed downloads."""
    monkeypatch.setenv(CACHE_ENV, str(tmp_path_factory.mktemp("env-cache")))
    geo.forget_failures()
    yield
    geo.forget_failures()


def _real_file_in_use() -> bool:
    return NATIONAL_SHP.exists() and os.environ.get("CONTROL_TEST_DRAWN") != "1"


@pytest.fixture(scope="session")
def real_national_dir() -> Path:
    """../shared's national file, for tests of its own facts; skipped without it."""
    if not _real_file_in_use():
        pytest.skip(f"national boundary file not in use (expected at {NATIONAL_DIR}, ../shared beside the repo)")
    return NATIONAL_DIR


def boundary_files() -> list[str]:
    """The boundary files the tests run on: ../shared's ("real") when in use, and the drawn one."""
    return ["real", "drawn"] if _real_file_in_use() else ["drawn"]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Each test that reads the boundary file, directly or through a fixture, once per file in use."""
    if "national_dir" in metafunc.fixturenames:
        files = boundary_files()
        if "real_national_dir" in metafunc.fixturenames:
            files = files[:1]  # the real file's own facts; skipped when it is not in use
        metafunc.parametrize("national_dir", files, indirect=True, scope="session")


@pytest.fixture(scope="session")
def national_dir(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with ``geoBoundaries-AFG-ADM2.shp`` and ``…_simplified.geojson``: the real files or the drawn ones."""
    if request.param == "real":
        return NATIONAL_DIR
    return write_drawn(tmp_path_factory.mktemp("drawn-boundaries"))


@pytest.fixture(scope="session")
def national(national_dir: Path) -> gpd.GeoDataFrame:
    """The full-resolution boundary file in use, read once per session."""
    return gpd.read_file(national_dir / NATIONAL_SHP.name)


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return make_gazetteer()


@pytest.fixture(scope="session")
def reference_rows(national: gpd.GeoDataFrame, gazetteer: Gazetteer) -> dict[str, int]:
    return panjshir_rows(national, gazetteer)


@pytest.fixture(scope="session")
def reference_areas(national: gpd.GeoDataFrame, reference_rows: dict[str, int]) -> dict[str, float]:
    """Full-resolution km² per district id, computed from the national shapefile now."""
    rows = list(reference_rows.values())
    return dict(zip(reference_rows, area_km2(national.geometry.values[rows]), strict=True))
