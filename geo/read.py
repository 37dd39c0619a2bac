"""Read a boundary file of any format and CRS that pyogrio can open, as EPSG:4326."""

from __future__ import annotations

import os
from pathlib import Path

import geopandas as gpd
import pyogrio

from geo.errors import BoundaryError
from geo.repair import repair

WGS84 = "EPSG:4326"


def _check_exists(path: str | os.PathLike[str]) -> None:
    """Fail early with a plain message: GDAL's own 'No such file' text is cryptic."""
    text = str(path)
    if text.startswith("/vsi") or "://" in text:
        archive = text.split("://", 1)[1].split("!", 1)[0] if text.startswith("zip://") else None
        if archive and not Path(archive).exists():
            raise BoundaryError(f"{text}: file not found", source=text)
        return
    if not Path(text).exists():
        raise BoundaryError(f"{text}: file not found", source=text)


def read_features(path: str | os.PathLike[str], *, label: str | None = None) -> tuple[gpd.GeoDataFrame, list[str]]:
    """All features of ``path`` in EPSG:4326, geometries repaired, plus warnings.

    Accepts anything pyogrio reads: GeoJSON, shapefile (``.shp`` or a ``.zip`` of one,
    also ``zip://``), GeoPackage, ... A file without a CRS is taken as longitude/latitude
    only if its coordinates fit that range. Raises :class:`BoundaryError` naming the file
    (or ``label``, e.g. the URL a temporary file was downloaded from).
    """
    label = label or str(path)
    _check_exists(path)
    try:
        frame = gpd.read_file(path, engine="pyogrio")
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as exc:
        raise BoundaryError(f"{label}: not a readable vector file ({exc})", source=label) from exc
    except Exception as exc:  # GDAL/GEOS raise many types for corrupt input
        raise BoundaryError(f"{label}: cannot read ({exc.__class__.__name__}: {exc})", source=label) from exc
    if not isinstance(frame, gpd.GeoDataFrame) or frame.geometry.name not in frame or len(frame) == 0:
        raise BoundaryError(f"{label}: contains no features with geometry", source=label)

    warnings: list[str] = []
    if frame.crs is None:
        minx, miny, maxx, maxy = frame.total_bounds
        if -180.0 <= minx <= maxx <= 180.0 and -90.0 <= miny <= maxy <= 90.0:
            frame = frame.set_crs(WGS84)
            warnings.append(f"{label} declares no coordinate system; assumed longitude/latitude (EPSG:4326)")
        else:
            raise BoundaryError(
                f"{label}: no coordinate reference system, and the coordinates are not longitude/latitude",
                source=label,
            )
    if frame.crs.to_epsg() != 4326:
        try:
            frame = frame.to_crs(WGS84)
        except Exception as exc:
            raise BoundaryError(f"{label}: cannot reproject from {frame.crs} to EPSG:4326 ({exc})", source=label) from exc

    geometries, repaired = repair(frame.geometry.values)
    frame = gpd.GeoDataFrame(
        frame.drop(columns=frame.geometry.name),
        geometry=gpd.GeoSeries(geometries, index=frame.index, crs=WGS84),
    )
    if repaired:
        warnings.append(f"{label}: repaired {repaired} invalid geometr{'y' if repaired == 1 else 'ies'}")
    return frame.reset_index(drop=True), warnings
