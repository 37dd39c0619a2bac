"""The drawn boundaries stand in for ../shared's file: they are a valid coverage, and the geo tests pass on them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import shapely

from tests.geo.drawn import FEATURES, PANJSHIR, drawn_frame

REPO = Path(__file__).resolve().parents[2]


def test_drawn_shapes_are_a_valid_coverage_like_the_national_file():
    frame = drawn_frame()
    assert len(frame) == FEATURES
    assert frame.is_valid.all() and shapely.coverage_is_valid(frame.geometry.values)
    assert len(frame["shapeName"][frame["shapeName"].duplicated()].unique()) == 7
    panjshir = frame[frame["shapeName"].isin(PANJSHIR.values())]
    assert len(panjshir) == 7
    assert (shapely.get_num_coordinates(panjshir.geometry.values) > 100).all()  # detail for the simplifier


def test_geo_tests_pass_on_the_drawn_shapes():
    """The whole geo suite, in a subprocess, on the drawn file instead of ../shared's."""
    env = {**os.environ, "CONTROL_TEST_DRAWN": "1"}
    this_test = f"{Path(__file__).relative_to(REPO)}::test_geo_tests_pass_on_the_drawn_shapes"
    command = [sys.executable, "-m", "pytest", "-q", "-n", "0", "-p", "no:cacheprovider", "tests/geo", "--deselect", this_test]
    result = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    summary = result.stdout.strip().splitlines()[-1]
    assert "passed" in summary and "failed" not in summary
    assert " 2 skipped" in summary  # only the tests of the real file: its 398 districts, the bundled places in theirs
