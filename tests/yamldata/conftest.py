"""Fixtures shared by the data layer's tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def committed(tmp_path: Path) -> tuple[Path, Path]:
    """Copies of the committed claims.yaml and districts.yaml (never written in place)."""
    shutil.copy(REPO / "claims.yaml", tmp_path / "claims.yaml")
    shutil.copy(REPO / "districts.yaml", tmp_path / "districts.yaml")
    return tmp_path / "claims.yaml", tmp_path / "districts.yaml"
