"""Fixtures for the geo tests: the gazetteer built by hand and the national file from ../shared.

The national geoBoundaries file is read from ``<repo>/../shared`` at test time and never
copied into the repository; every reference number (areas, neighbours) is computed
from it here. Every test gets its own empty cache directory and a clean download memo.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest
import yaml

import geo
from core.model import BoundarySettings, District, Gazetteer, Seat
from core.names import normalize_name
from geo.cache import CACHE_ENV
from geo.measure import area_km2

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


@pytest.fixture(scope="session")
def national_dir() -> Path:
    if not NATIONAL_SHP.exists():
        pytest.skip(f"national boundary file not found at {NATIONAL_DIR} (expected ../shared beside the repo)")
    return NATIONAL_DIR


@pytest.fixture(scope="session")
def national(national_dir: Path) -> gpd.GeoDataFrame:
    """The full-resolution national file, read once per session."""
    return gpd.read_file(NATIONAL_SHP)


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
