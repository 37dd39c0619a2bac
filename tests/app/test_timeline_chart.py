"""The raster timeline used for large gazetteers agrees with the rules, cell by cell."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from components.timeline_chart import raster_png, state_matrix
from components.timeslider import day_range
from core.style import categories
from tests.scenarios import Files, claim


@pytest.fixture
def files(tmp_path) -> Files:
    return Files(tmp_path).write()


def test_matrix_matches_timeline_state_everywhere(files):
    files.write(
        [
            claim("c1", "2021-09-01", "red-spox", ["North"], holder="red"),
            claim("c2", "2021-09-03", "wire", "all", holder="blue"),
            claim("c3", "2021-09-05", "blue-spox", ["East"], status="contested"),
            claim("c4", "2021-09-08", "ngo", ["South"], status="contested"),
        ]
    )
    dataset = files.dataset()
    timeline = files.timeline()
    days = day_range(dataset)
    for view in timeline.views:
        matrix, cats = state_matrix(dataset, timeline, view, days)
        assert cats == categories(view, dataset)
        for row, district in enumerate(dataset.gazetteer.districts):
            for column, day in enumerate(days):
                state = timeline.state(district.id, day, view)
                assert cats[matrix[row, column]] == (state.status, state.holder), (view, district.id, day)


def test_raster_is_a_small_png(files):
    files.write([claim("c1", "2021-09-01", "wire", "all", holder="red"), claim("c2", "2022-09-01", "red-spox", ["North"], holder="blue")])
    png = raster_png(files.dataset(), files.timeline(), "consensus", day_range(files.dataset()))
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.width >= 300 and len(png) < 50_000
    assert (0xD5, 0x5E, 0x00) in {tuple(p) for p in np.asarray(image.convert("RGB")).reshape(-1, 3)}  # red: confirmed by the wire
