"""Every test run keeps its caches (boundaries, stored datasets) in its own directory, never the user's."""

from __future__ import annotations

import os

import pytest


@pytest.fixture(scope="session", autouse=True)
def _own_cache_dir(tmp_path_factory):
    if "CONTROL_MAP_CACHE_DIR" not in os.environ:
        os.environ["CONTROL_MAP_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    yield
