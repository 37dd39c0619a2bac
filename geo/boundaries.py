"""The result of loading boundaries: shapes, where they came from, and how far to trust them."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd

from geo.geojson import DEFAULT_PRECISION, feature_collection_json

WGS84 = "EPSG:4326"
DISTRICT_COLUMNS = ("id", "name", "geometry", "label_lon", "label_lat", "area_km2", "schematic", "feature_name")
NEIGHBOUR_COLUMNS = ("name", "geometry")
GEOBOUNDARIES_ATTRIBUTION = "geoBoundaries (www.geoboundaries.org), public domain"
GEOBOUNDARIES_URL = "https://www.geoboundaries.org"
SCHEMATIC = "schematic"


@dataclass(frozen=True)
class Boundaries:
    """District shapes ready to draw.

    ``districts`` (EPSG:4326, gazetteer order): ``id``, ``name``, ``geometry``
    (simplified for display), ``label_lon``/``label_lat`` (a point inside the shape),
    ``area_km2`` (full-resolution, equal-area; NaN for schematic shapes), ``schematic``,
    ``feature_name`` (the name in the source file). ``neighbours``: ``name``,
    ``geometry`` of surrounding features from the same file, for grey context.
    ``origin`` is how the shapes were obtained: "file", "cache", "download" or "schematic".
    """

    districts: gpd.GeoDataFrame
    neighbours: gpd.GeoDataFrame
    source: str
    attribution: str
    attribution_url: str | None = None
    schematic: bool = False
    warnings: list[str] = field(default_factory=list)
    origin: str = "file"
    tolerance: float | None = None  # degrees; None when nothing was simplified

    def to_geojson(self, *, neighbours: bool = False, precision: int = DEFAULT_PRECISION) -> str:
        """Compact GeoJSON text: districts with their columns as properties and ``role``
        "district", then (if ``neighbours``) the neighbours with ``role`` "neighbour"."""
        columns = [c for c in self.districts.columns if c != self.districts.geometry.name]
        geometries = list(self.districts.geometry)
        properties = [{"role": "district", **row} for row in self.districts[columns].to_dict("records")]
        if neighbours:
            geometries += list(self.neighbours.geometry)
            properties += [{"role": "neighbour", "name": name} for name in self.neighbours["name"]]
        return feature_collection_json(geometries, properties, precision)

    def feature_collection(self, *, neighbours: bool = False, precision: int = DEFAULT_PRECISION) -> dict[str, Any]:
        """:meth:`to_geojson` as a dict (what folium and pydeck take)."""
        return json.loads(self.to_geojson(neighbours=neighbours, precision=precision))


def is_geoboundaries(features: gpd.GeoDataFrame) -> bool:
    """Whether ``features`` are a geoBoundaries release (its own columns): credited as geoBoundaries asks."""
    return {"shapeName", "shapeID", "shapeGroup"} <= set(features.columns)


def empty_neighbours() -> gpd.GeoDataFrame:
    """A neighbours frame with no rows but the right columns and CRS."""
    return gpd.GeoDataFrame({"name": []}, geometry=[], crs=WGS84)
