"""Shared by the AppTest tests: a private copy of the repository's data files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SHP = REPO.parent / "shared" / "data" / "geoboundaries-AFG-ADM2" / "geoBoundaries-AFG-ADM2.shp"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A copy of districts.yaml and claims.yaml that a test may edit."""
    shutil.copy(REPO / "districts.yaml", tmp_path / "districts.yaml")
    shutil.copy(REPO / "claims.yaml", tmp_path / "claims.yaml")
    return tmp_path
