"""From which zoom a district's name fits inside its shape on the time map.

The map (``webmap/js/view.js``) draws each name centred on its label point (the point
farthest inside the shape), in ``600 12px sans-serif``, and hides a name that would
overlap a bigger district's. It also hides a name below the zoom computed here, the first
Web Mercator zoom at which the name's box lies wholly inside its district's shape: a
national map at zoom 6 shows no name that spills over its neighbours, and zooming in
brings each one back as soon as it fits.

Widths are those of DejaVu Sans Bold (what ``sans-serif`` at weight 600 is on Debian,
and among the widest sans-serif faces elsewhere), so a name is never estimated narrower
than the browser draws it. The table holds the advance of each printable ASCII
character in thousandths of an em, rounded up; accented letters count as their base
letter, anything else as a full em.
"""

from __future__ import annotations

import unicodedata
from typing import Any

import numpy as np
import shapely

#: The label's font size and box, in CSS pixels, as timemap.js draws and declutters it.
FONT_PX = 12
HEIGHT_PX = 16
PADDING_PX = 4  # timemap.js measures the text and adds 4
#: The deepest zoom tried; a name that fits at no zoom up to it gets ``MAX_ZOOM + 1``.
MAX_ZOOM = 18
TILE_PX = 256  # Web Mercator: the world is 256 × 2**zoom pixels wide
#: How finely a zoom is found (the app's map snaps to quarters).
PRECISION = 0.05
#: DejaVu Sans Bold advances of " " … "~" (ASCII 32–126), thousandths of an em, rounded up.
_ADVANCES = (
    349, 457, 521, 838, 696, 1002, 873, 307, 458, 458, 523, 838, 380, 416, 380, 366, 696, 696, 696, 696, 696, 696, 696, 696,
    696, 696, 400, 400, 838, 838, 838, 581, 1000, 774, 763, 734, 831, 684, 684, 821, 837, 373, 373, 775, 638, 996, 837, 851,
    733, 851, 771, 721, 683, 813, 774, 1104, 771, 725, 726, 458, 366, 458, 838, 500, 500, 675, 716, 593, 716, 679, 436, 716,
    712, 343, 343, 666, 343, 1042, 712, 688, 716, 716, 494, 596, 479, 712, 652, 924, 646, 652, 583, 712, 366, 712, 838,
)  # fmt: skip
ADVANCES = {chr(32 + i): width for i, width in enumerate(_ADVANCES)}
FULL_EM = 1000


def text_width_px(text: str, font_px: float = FONT_PX) -> float:
    """How wide ``text`` is drawn in bold sans-serif of ``font_px`` pixels (an upper estimate)."""
    total = 0
    for char in text:
        width = ADVANCES.get(char)
        if width is None:
            base = unicodedata.normalize("NFKD", char)[:1]
            width = ADVANCES.get(base, FULL_EM) if base != char else FULL_EM
        total += width
    return total * font_px / 1000


def label_min_zooms(names: list[str], shapes: Any, points: Any) -> list[float]:
    """Per district, the smallest zoom (0 … :data:`MAX_ZOOM`, to :data:`PRECISION`) at which its
    name's box, centred on its label point (``points``: (lon, lat) rows), lies inside its shape;
    ``MAX_ZOOM + 1`` when none does, or the district has no shape or point.

    Zooms are fractional: the app's map snaps to quarter zooms (the export's to whole ones).
    A box that fits at one zoom fits at every deeper one (it only shrinks about the same
    point), so whole zooms are tried in order, then the step before the first that fits is
    halved until it is under :data:`PRECISION`; every district still waiting at once.
    """
    shapes = np.asarray(list(shapes), dtype=object)
    points = np.asarray(points, dtype=float).reshape(-1, 2)
    result = np.full(len(shapes), float(MAX_ZOOM + 1))
    present = ~(shapely.is_missing(shapes) | shapely.is_empty(shapes)) if len(shapes) else np.zeros(0, dtype=bool)
    waiting = np.flatnonzero(present & np.isfinite(points).all(axis=1))
    if not len(waiting):
        return result.tolist()
    shapely.prepare(shapes[waiting])
    half_width = np.array([(text_width_px(n) + PADDING_PX) / 2 for n in names], dtype=float)
    half_height = HEIGHT_PX / 2 * np.cos(np.radians(np.clip(points[:, 1], -85.0, 85.0)))

    def fits(rows: np.ndarray, zoom: np.ndarray | float) -> np.ndarray:
        per_degree = TILE_PX * np.exp2(zoom) / 360  # pixels per degree of longitude; of latitude, this / cos(lat)
        lon, lat = points[rows, 0], points[rows, 1]
        dx, dy = half_width[rows] / per_degree, half_height[rows] / per_degree
        return shapely.contains(shapes[rows], shapely.box(lon - dx, lat - dy, lon + dx, lat + dy))

    for zoom in range(MAX_ZOOM + 1):
        found = fits(waiting, float(zoom))
        result[waiting[found]] = zoom
        waiting = waiting[~found]
        if not len(waiting):
            break
    rows = np.flatnonzero((result > 0) & (result <= MAX_ZOOM))
    low, high = result[rows] - 1, result[rows].copy()  # does not fit, fits
    while len(rows) and (high - low).max() > PRECISION / 2:
        middle = (low + high) / 2
        found = fits(rows, middle)
        high = np.where(found, middle, high)
        low = np.where(found, low, middle)
    result[rows] = np.ceil(high / PRECISION - 1e-9) * PRECISION  # rounded up: still fits
    return [round(float(z), 2) for z in result]


def district_label_zooms(frame: Any) -> list[float]:
    """:func:`label_min_zooms` of a boundaries frame (``name``, ``geometry``, ``label_lon``, ``label_lat``)."""
    points: Any = np.column_stack([frame["label_lon"].to_numpy(float), frame["label_lat"].to_numpy(float)]) if len(frame) else []
    return label_min_zooms([str(n) for n in frame["name"]], frame.geometry.values, points)
