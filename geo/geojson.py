"""Compact GeoJSON with rounded coordinates: what the map actually ships to the browser.

Geometries are written by GEOS (``shapely.to_geojson``) after snapping to a grid of
``10**-precision`` degrees, which prints the shortest form of each number (``69.1``,
not ``69.10000000000001``) and is fast enough to measure sizes while choosing a
simplification tolerance. Snapping rather than rounding text keeps every ring valid.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import shapely
from numpy.typing import NDArray

DEFAULT_PRECISION = 5  # decimal degrees: about 1 m, far below what a province map shows


def geometries_json(geometries: Iterable[shapely.Geometry | None], precision: int = DEFAULT_PRECISION) -> list[str]:
    """Each geometry as GeoJSON text on the ``10**-precision`` grid; ``null`` when empty."""
    array = np.asarray(list(geometries) if not isinstance(geometries, np.ndarray) else geometries, dtype=object)
    if len(array) == 0:
        return []
    missing = shapely.is_missing(array) | shapely.is_empty(array)
    out = ["null"] * len(array)
    if (~missing).any():
        texts = shapely.to_geojson(shapely.set_precision(array[~missing], 10.0**-precision))
        for i, text in zip(np.flatnonzero(~missing), texts, strict=True):
            out[i] = text
    return out


def _clean(value: Any) -> Any:
    """JSON has no NaN or numpy scalars: turn them into null and plain numbers."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def dumps(data: Any) -> str:
    """Compact JSON (no spaces) so the size budget measures what is sent."""
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def feature_collection_json(
    geometries: Iterable[shapely.Geometry | None], properties: Iterable[Mapping[str, Any]], precision: int = DEFAULT_PRECISION
) -> str:
    """A FeatureCollection as compact GeoJSON text from parallel geometries and properties."""
    features = [
        f'{{"type":"Feature","properties":{dumps({k: _clean(v) for k, v in props.items()})},"geometry":{geometry}}}'
        for geometry, props in zip(geometries_json(geometries, precision), properties, strict=True)
    ]
    return '{"type":"FeatureCollection","features":[' + ",".join(features) + "]}"


def geometries_size(geometries: NDArray[np.object_], precision: int = DEFAULT_PRECISION) -> int:
    """Bytes of the geometries as compact GeoJSON (the size budget's measure)."""
    texts = geometries_json(geometries, precision)
    return sum(len(t) for t in texts) + max(len(texts) - 1, 0) + 2
