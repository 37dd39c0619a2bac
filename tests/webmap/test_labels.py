"""The zoom from which a district's name fits inside it on the time map (webmap/labels.py)."""

from __future__ import annotations

import os

import numpy as np
import pytest
import shapely

from webmap.labels import FULL_EM, HEIGHT_PX, MAX_ZOOM, PADDING_PX, PRECISION, TILE_PX, label_min_zooms, text_width_px


def test_widths_are_dejavu_sans_bold_as_matplotlib_measures_it():
    """The table is checked against the font itself (matplotlib ships DejaVu Sans Bold): never narrower."""
    import matplotlib
    from matplotlib import ft2font

    font = ft2font.FT2Font(os.path.join(matplotlib.get_data_path(), "fonts", "ttf", "DejaVuSans-Bold.ttf"))
    font.set_size(12, 72)  # 12 px
    for name in ("Khwaja Hijran (Jilga Nahrin)", "Dahana-I-Ghuri", "Tala Wa Barfak", "Minnow", "MWmw il.!"):
        advance = sum(font.load_char(ord(c), flags=ft2font.LoadFlags.NO_HINTING).horiAdvance for c in name) / 64
        assert advance <= text_width_px(name) <= advance + 0.012 * len(name), name
    assert text_width_px("Kābul") == text_width_px("Kabul")  # accents: the base letter
    assert text_width_px("Київ") == 4 * FULL_EM * 12 / 1000  # other scripts: a full em, on the safe side


def box_at(lon: float, lat: float, name: str, zoom: float) -> shapely.Polygon:
    per_degree = TILE_PX * 2**zoom / 360
    dx = (text_width_px(name) + PADDING_PX) / 2 / per_degree
    dy = HEIGHT_PX / 2 / per_degree * np.cos(np.radians(lat))
    return shapely.box(lon - dx, lat - dy, lon + dx, lat + dy)


def test_the_first_zoom_at_which_the_name_fits_inside_its_shape():
    """A 20 km cell, a 1.5 km one, a thin strip, a district without a shape: each its own zoom, checked box by box."""
    cell = shapely.box(24.0, 48.0, 24.27, 48.135)  # about 20 × 15 km
    small = shapely.box(24.5, 48.0, 24.52, 48.0135)  # about 1.5 km
    strip = shapely.box(25.0, 48.0, 25.5, 48.0005)  # 55 m tall: only very deep zooms
    names = ["Brookfield", "Minnow", "Strip", "Nowhere"]
    shapes = [cell, small, strip, None]
    points = [(24.135, 48.0675), (24.51, 48.00675), (25.25, 48.00025), (np.nan, np.nan)]
    zooms = label_min_zooms(names, shapes, points)
    assert zooms[0] < zooms[1] < zooms[2] and zooms[3] == MAX_ZOOM + 1
    for name, shape, (lon, lat), zoom in zip(names[:3], shapes[:3], points[:3], zooms[:3], strict=True):
        assert zoom <= MAX_ZOOM
        assert shape.contains(box_at(lon, lat, name, zoom)), name  # fits from there on
        assert not shape.contains(box_at(lon, lat, name, zoom - PRECISION)), name  # not a step before
    assert 8 <= zooms[0] <= 10 and 11 <= zooms[1] <= 13  # a province fits at 9–10: its districts' names show there


@pytest.mark.parametrize("count", [0, 1])
def test_no_districts_or_one(count):
    shapes = [shapely.box(0, 0, 1, 1)][:count]
    # A label is 16 px tall: a degree of latitude is 16 px at zoom 4.49 (11.4 px at 4), so 4.5
    assert label_min_zooms(["A"][:count], shapes, [(0.5, 0.5)][:count]) == [4.5][:count]
