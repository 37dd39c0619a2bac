"""The drawn boundaries stand in for ../shared's file: they are a valid coverage.

That the geo tests pass on them is checked by the tests themselves: each one that reads
the boundary file runs on the drawn file too (``[drawn]``, tests/geo/conftest.py).
"""

from __future__ import annotations

import shapely

from tests.geo.drawn import FEATURES, PANJSHIR, drawn_frame


def test_drawn_shapes_are_a_valid_coverage_like_the_national_file():
    frame = drawn_frame()
    assert len(frame) == FEATURES
    assert frame.is_valid.all() and shapely.coverage_is_valid(frame.geometry.values)
    assert len(frame["shapeName"][frame["shapeName"].duplicated()].unique()) == 7
    panjshir = frame[frame["shapeName"].isin(PANJSHIR.values())]
    assert len(panjshir) == 7
    assert (shapely.get_num_coordinates(panjshir.geometry.values) > 100).all()  # detail for the simplifier

