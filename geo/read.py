"""Read a boundary file of any format and CRS that pyogrio can open, as EPSG:4326, at a bounded cost.

Before GDAL opens anything: the file must be a regular file (a FIFO would hang the read,
a device never end it) or a folder of shapefiles, a shapefile must have its
``.dbf`` (the names) and ``.shx`` beside it, and what will be read (the file, a
shapefile's parts, or a zip's members unpacked) must stay under :data:`MAX_BYTES`. After
reading, each feature's vertices are counted (:data:`MAX_FEATURE_VERTICES`,
:data:`MAX_VERTICES`) and invalid geometries are repaired with a memory and time budget
(:mod:`geo.repair`). Every refusal is a :class:`BoundaryError` naming the file (and the
feature).
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import shapely

from geo.errors import BoundaryError
from geo.repair import RepairFailed, repair
from yamldata.files import NotReadable, check_regular

WGS84 = "EPSG:4326"
#: What GDAL may read of one boundary file: the file, a shapefile's parts together, or a
#: zip's members unpacked. geoBoundaries' national Afghanistan shapefile is 3 MB.
MAX_BYTES = 128 * 2**20
#: Vertices of one feature, and of the whole file. geoBoundaries' Afghanistan: at most
#: 4,186 in a district, 181,611 in all 398.
MAX_FEATURE_VERTICES = 2_000_000
MAX_VERTICES = 10_000_000
_SHAPEFILE_PARTS = (".dbf", ".shx")  # required beside a .shp: the attributes (names), the index
_NAME_COLUMNS = ("shapeName", "name", "NAME", "Name", "NAME_2", "ADM2_EN", "shapeID")


def _check_source(path: str | os.PathLike[str], label: str) -> None:
    """Refuse at once what GDAL should not open: missing, not a regular file, a shapefile without its parts, too large."""
    text = str(path)
    if text.startswith("/vsi") or "://" in text:
        archive = text.split("://", 1)[1].split("!", 1)[0] if text.startswith("zip://") else None
        if archive:
            _check_file(Path(archive), label)
        return
    _check_file(Path(text), label)


def _check_file(path: Path, label: str) -> None:
    if path.is_dir():  # GDAL reads a folder as its shapefiles
        size = _folder_size(path, label)
        if size > MAX_BYTES:
            raise BoundaryError(f"{label}: {size / 2**20:,.0f} MB to read; the limit is {MAX_BYTES // 2**20} MB", source=label)
        return
    size = _regular_size(path, label)
    suffix = path.suffix.lower()
    if suffix == ".shp":
        size += sum(_regular_size(part, label) for part in _shapefile_parts(path, label))
    elif suffix == ".zip" or (suffix not in (".geojson", ".json", ".gpkg") and zipfile.is_zipfile(path)):
        size = _zip_size(path, label)
    if size > MAX_BYTES:
        raise BoundaryError(f"{label}: {size / 2**20:,.0f} MB to read; the limit is {MAX_BYTES // 2**20} MB", source=label)


def _regular_size(path: Path, label: str) -> int:
    try:
        return check_regular(path).st_size
    except FileNotFoundError:
        raise BoundaryError(f"{label}: file not found", source=label) from None
    except NotReadable as exc:
        which = "" if path == Path(label) else f"{path.name} "
        raise BoundaryError(f"{label}: {which}{exc}", source=label) from None
    except OSError as exc:
        raise BoundaryError(f"{label}: cannot read ({exc.strerror or exc})", source=label) from None


def _folder_size(folder: Path, label: str) -> int:
    """What GDAL reads of a folder: its shapefiles, each with its parts; BoundaryError if it holds none."""
    try:
        shapefiles = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".shp")
    except OSError as exc:
        raise BoundaryError(f"{label}: cannot read the folder ({exc.strerror or exc})", source=label) from None
    if not shapefiles:
        raise BoundaryError(
            f"{label}: is a directory with no shapefile in it; name the boundary file itself (a .shp, .zip, .geojson, .gpkg, …)",
            source=label,
        )
    return sum(_regular_size(shp, label) + sum(_regular_size(p, label) for p in _shapefile_parts(shp, label)) for shp in shapefiles)


def _shapefile_parts(shp: Path, label: str) -> list[Path]:
    """The files beside ``shp`` with its name (any case): the required .dbf and .shx must be among them."""
    try:
        siblings = [p for p in shp.parent.iterdir() if p.stem == shp.stem and p != shp]
    except OSError:
        siblings = []
    suffixes = {p.suffix.lower() for p in siblings}
    for required in _SHAPEFILE_PARTS:
        if required not in suffixes:
            what = "its attribute table, with the districts' names" if required == ".dbf" else "its index"
            raise BoundaryError(
                f"{label}: {'the shapefile' if shp == Path(label) else shp.name} has no {shp.stem}{required} beside it ({what}); "
                "a shapefile is several files: "
                "copy them all, or give a .zip of them",
                source=label,
            )
    return siblings


def _zip_size(path: Path, label: str) -> int:
    """The unpacked size of a zip's members (what GDAL will read), after checking its shapefiles are whole."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise BoundaryError(f"{label}: not a readable zip archive ({exc})", source=label) from None
    names = {m.filename.lower() for m in members}
    for member in members:
        stem, suffix = os.path.splitext(member.filename.lower())
        for required in _SHAPEFILE_PARTS if suffix == ".shp" else ():
            if stem + required not in names:
                raise BoundaryError(
                    f"{label}: {member.filename} has no {os.path.basename(stem)}{required} beside it in the archive "
                    "(a shapefile is several files: zip them all)",
                    source=label,
                )
    return sum(m.file_size for m in members)


def _feature(frame: gpd.GeoDataFrame, index: int) -> str:
    """'feature 3 (shapeName: Paryan)': a feature as a person finds it in the file."""
    for column in _NAME_COLUMNS:
        if column in frame.columns and isinstance(frame[column].iloc[index], str):
            return f"feature {index + 1} ({column}: {frame[column].iloc[index]})"
    return f"feature {index + 1}"


def _check_vertices(frame: gpd.GeoDataFrame, label: str) -> None:
    counts = shapely.get_num_coordinates(np.asarray(frame.geometry.values, dtype=object))
    if len(counts) and counts.max() > MAX_FEATURE_VERTICES:
        index = int(counts.argmax())
        raise BoundaryError(
            f"{label}: {_feature(frame, index)} has {int(counts[index]):,} vertices; the limit is {MAX_FEATURE_VERTICES:,} "
            "(simplify the file first)",
            source=label,
        )
    if counts.sum() > MAX_VERTICES:
        total = int(counts.sum())
        raise BoundaryError(f"{label}: {total:,} vertices; the limit is {MAX_VERTICES:,} (simplify the file first)", source=label)


def read_features(path: str | os.PathLike[str], *, label: str | None = None) -> tuple[gpd.GeoDataFrame, list[str]]:
    """All features of ``path`` in EPSG:4326, geometries repaired, plus warnings.

    Accepts anything pyogrio reads: GeoJSON, shapefile (``.shp`` or a ``.zip`` of one,
    also ``zip://``), GeoPackage, ... A file without a CRS is taken as longitude/latitude
    only if its coordinates fit that range. Raises :class:`BoundaryError` naming the file
    (or ``label``, e.g. the URL a temporary file was downloaded from).
    """
    label = label or str(path)
    _check_source(path, label)
    try:
        frame = gpd.read_file(path, engine="pyogrio")
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as exc:
        raise BoundaryError(f"{label}: not a readable vector file ({exc})", source=label) from exc
    except Exception as exc:  # GDAL/GEOS raise many types for corrupt input
        raise BoundaryError(f"{label}: cannot read ({exc.__class__.__name__}: {exc})", source=label) from exc
    if not isinstance(frame, gpd.GeoDataFrame) or frame.geometry.name not in frame or len(frame) == 0:
        raise BoundaryError(f"{label}: contains no features with geometry", source=label)
    _check_vertices(frame, label)

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

    try:
        geometries, repaired = repair(frame.geometry.values)
    except RepairFailed as exc:
        raise BoundaryError(
            f"{label}: {_feature(frame, exc.index)}: {exc.reason}; "
            "fix or remove this shape (e.g. QGIS: Vector > Geometry Tools > Check Validity)",
            source=label,
        ) from None
    frame = gpd.GeoDataFrame(
        frame.drop(columns=frame.geometry.name),
        geometry=gpd.GeoSeries(geometries, index=frame.index, crs=WGS84),
    )
    if repaired:
        warnings.append(f"{label}: repaired {repaired} invalid geometr{'y' if repaired == 1 else 'ies'}")
    return frame.reset_index(drop=True), warnings
