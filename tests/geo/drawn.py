"""Boundaries drawn for the tests, so the geo tests run without ../shared.

Five rows of cells like a brick wall around Panjshir's real position, with wavy shared edges: a valid
coverage (neighbours share every vertex), with enough detail that simplification has
work to do and a coarse tolerance costs more than 2 % of area. The columns are
geoBoundaries' own (``shapeName``, ``shapeID``, …), the seven Panjshir districts carry
the file's spellings, and seven names occur twice, as in the national file. Nothing here
is derived from geoBoundaries: the shapes are sines on a grid.
"""

from __future__ import annotations

import math
from pathlib import Path

import geopandas as gpd
import shapely

FILE_NAME = "geoBoundaries-AFG-ADM2"
#: As many features as the national file (districts.yaml's ``expected_features``): the
#: rest are plain squares far to the south-west, named "Square 1", "Square 2", …
FEATURES = 398


COLUMNS, ROWS = 6, 5
WEST, EAST, SOUTH, NORTH = 69.05, 70.55, 35.02, 35.97
SAMPLES = 240  # points along each row boundary, plus every cell corner
POINTS_PER_EDGE = 40
#: Cell (row, index in row) → name. Odd rows are offset by half a cell, like bricks, so
#: no four cells meet at a point and every pair that touches shares a border.
PANJSHIR = {
    (3, 2): "Paryan", (3, 3): "Khenj (Hese- Awal)", (2, 1): "Dara", (2, 2): "Bazarak",
    (2, 3): "Rukha", (1, 2): "Shutul", (1, 3): "Unaba",
}  # fmt: skip
REPEATED = ("Arghandab", "Baharak", "Dawlatabad", "Fayzabad", "Kohistan", "Muqur", "Qarabagh")
OTHERS = ("Andarab", "Salang", "Warsaj", "Nijrab", "Mandol", "Koh Band", "Jabalussaraj", "Puli Hisar", "Daulatshahi",
          "Hisa-i-Awali Kohistan", "Kuran Wa Munjan")  # fmt: skip


def _wave(t: float, seed: float) -> float:
    """A bump along an edge (0 at both ends): large, medium and fine waves."""
    return math.sin(math.pi * t) * (
        0.028 * math.sin(2 * math.pi * 2 * t + seed) + 0.008 * math.sin(2 * math.pi * 9 * t + 2 * seed)
        + 0.003 * math.sin(2 * math.pi * 23 * t + 3 * seed)
    )  # fmt: skip


def _corners(row: int) -> list[float]:
    """The x of the cell corners of ``row``, frame included."""
    width = (EAST - WEST) / COLUMNS
    if row % 2 == 0:
        return [WEST + width * k for k in range(COLUMNS + 1)]
    return [WEST, *(WEST + width * (k + 0.5) for k in range(COLUMNS)), EAST]


def _boundary_y(h: int, x: float) -> float:
    """Row boundary ``h`` (0 = the frame's south, ROWS = its north) at ``x``: wavy inside, straight on the frame."""
    base = SOUTH + (NORTH - SOUTH) * h / ROWS
    if h in (0, ROWS):
        return base
    return base + _wave((x - WEST) / (EAST - WEST), 1.3 * h) * 1.5


def _boundary_xs(h: int) -> list[float]:
    """Where boundary ``h`` is sampled: evenly, plus the corners of the rows on both sides."""
    xs = {WEST + (EAST - WEST) * k / SAMPLES for k in range(SAMPLES + 1)}
    for row in (h - 1, h):
        if 0 <= row < ROWS:
            xs.update(_corners(row))
    return sorted(xs)


def _side(row: int, x: float) -> list[tuple[float, float]]:
    """The border between two cells of ``row`` at corner ``x``, south to north (straight on the frame)."""
    y0, y1 = _boundary_y(row, x), _boundary_y(row + 1, x)
    on_frame = x in (WEST, EAST)
    return [(x + (0.0 if on_frame else _wave(k / POINTS_PER_EDGE, 3.7 * row + x)), y0 + (y1 - y0) * k / POINTS_PER_EDGE)
            for k in range(POINTS_PER_EDGE + 1)]  # fmt: skip


def _cell(row: int, k: int) -> shapely.Polygon:
    x0, x1 = _corners(row)[k], _corners(row)[k + 1]
    south = [(x, _boundary_y(row, x)) for x in _boundary_xs(row) if x0 <= x <= x1]
    north = [(x, _boundary_y(row + 1, x)) for x in _boundary_xs(row + 1) if x0 <= x <= x1][::-1]
    ring = south + _side(row, x1)[1:-1] + north + _side(row, x0)[::-1][1:-1]
    return shapely.Polygon(ring)


def drawn_frame() -> gpd.GeoDataFrame:
    """The drawn districts (32 in the wall, then squares) as a GeoDataFrame in EPSG:4326, geoBoundaries' columns."""
    others = iter([name for name in REPEATED for _ in range(2)] + list(OTHERS))
    rows = []
    for row in range(ROWS):
        for k in range(len(_corners(row)) - 1):
            name = PANJSHIR.get((row, k)) or next(others)
            rows.append({"shapeName": name, "shapeISO": None, "shapeID": f"DRAWN{row}{k}", "shapeGroup": "AFG",
                         "shapeType": "ADM2", "geometry": _cell(row, k)})  # fmt: skip
    for k in range(FEATURES - len(rows)):
        x, y = 61.0 + 0.3 * (k % 23), 30.0 + 0.25 * (k // 23)
        rows.append({"shapeName": f"Square {k + 1}", "shapeISO": None, "shapeID": f"SQUARE{k + 1}", "shapeGroup": "AFG",
                     "shapeType": "ADM2", "geometry": shapely.box(x, y, x + 0.3, y + 0.25)})  # fmt: skip
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")


def write_drawn(directory: Path) -> Path:
    """Write the drawn districts as ``<FILE_NAME>.shp`` and ``<FILE_NAME>_simplified.geojson``; return ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    frame = drawn_frame()
    frame.to_file(directory / f"{FILE_NAME}.shp")
    frame.to_file(directory / f"{FILE_NAME}_simplified.geojson", driver="GeoJSON")
    return directory
