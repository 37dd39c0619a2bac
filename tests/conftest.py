"""Every test run keeps its caches (boundaries, stored datasets) in its own directory, never the user's;
the ``files`` fixture is the small scenario of tests/scenarios.py."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.scenarios import Files


@pytest.fixture(scope="session", autouse=True)
def _own_cache_dir(tmp_path_factory):
    if "CONTROL_MAP_CACHE_DIR" not in os.environ:
        os.environ["CONTROL_MAP_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    yield


@pytest.fixture
def files(tmp_path: Path) -> Files:
    """The three-district scenario's files in ``tmp_path`` (tests/scenarios.py)."""
    return Files(tmp_path).write()
