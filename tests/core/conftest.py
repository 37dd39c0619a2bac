"""The rules' tests build their datasets in memory (tests/scenarios.py ``Scenario``): no file, parser or validator."""

from __future__ import annotations

import pytest

from tests.scenarios import Scenario


@pytest.fixture
def scenario() -> Scenario:
    """The three-district scenario of tests/scenarios.py, as model objects."""
    return Scenario()
