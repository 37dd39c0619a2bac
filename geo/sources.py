"""Where the shapes come from, in order: a named file, the cache, a download, or schematic.

1. A file the user names (``path``, else the gazetteer's ``boundaries.file``): used as
   is; if it is missing, unreadable or lacks a district that is an error, not a fallback.
2. A copy of ``boundaries.url`` downloaded in an earlier run, from the cache directory.
3. A download of ``boundaries.url`` (short timeouts), accepted only if its structure is
   right (``expected_features``, every district matched), then cached atomically.
4. Schematic shapes around the district seats, with a warning saying why.

Cache and download problems become warnings; a URL that failed is not retried in the
same process, so an offline app pays the timeout once per run.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

import geopandas as gpd

from core.labels import SCHEMATIC_WARNING
from core.model import BoundarySettings, Gazetteer
from geo import download
from geo.boundaries import (
    GEOBOUNDARIES_ATTRIBUTION,
    GEOBOUNDARIES_URL,
    SCHEMATIC,
    Boundaries,
    empty_neighbours,
    is_geoboundaries,
)
from geo.build import build_boundaries
from geo.cache import atomic_path, cached_path
from geo.cache import cache_dir as default_cache_dir
from geo.errors import BoundaryError
from geo.fallback import schematic_districts
from geo.read import read_features
from geo.simplify import DEFAULT_MAX_BYTES, DEFAULT_TOLERANCE

DEFAULT_TIMEOUT = 3.0
SCHEMATIC_ATTRIBUTION = "Schematic shapes around district seats; not official boundaries"


def _attribution(features: gpd.GeoDataFrame, settings: BoundarySettings, *, fallback: str) -> tuple[str, str | None]:
    """Who made the shapes: the gazetteer's ``attribution`` when it gives one, geoBoundaries for
    its files, else the file's own name (the map's footer says "Boundaries: …" before it)."""
    if settings.attribution:
        return settings.attribution, settings.attribution_url
    if is_geoboundaries(features):
        return GEOBOUNDARIES_ATTRIBUTION, GEOBOUNDARIES_URL
    return fallback, None


def _check_count(features: gpd.GeoDataFrame, expected: int | None, label: str) -> None:
    if expected is not None and len(features) != expected:
        raise BoundaryError(f"{label}: {len(features)} features, expected {expected}", source=label)


def _from_file(gazetteer: Gazetteer, path: str | os.PathLike[str], **simplify: object) -> Boundaries:
    features, warnings = read_features(path)
    attribution, url = _attribution(features, gazetteer.boundaries, fallback=Path(str(path)).name)
    return build_boundaries(
        features,
        gazetteer.districts,
        source=str(path),
        attribution=attribution,
        attribution_url=url,
        origin="file",
        name_field=gazetteer.boundaries.name_field,
        code_field=gazetteer.boundaries.code_field,
        warnings=warnings,
        **simplify,  # type: ignore[arg-type]
    )


def _from_download_file(gazetteer: Gazetteer, file: Path, url: str, origin: str, **simplify: object) -> Boundaries:
    """Read a cached or downloaded copy of ``url`` and verify it by structure."""
    settings = gazetteer.boundaries
    features, warnings = read_features(file, label=url)
    _check_count(features, settings.expected_features, url)
    attribution, attribution_url = _attribution(features, settings, fallback=url)
    return build_boundaries(
        features,
        gazetteer.districts,
        source=url,
        attribution=attribution,
        attribution_url=attribution_url,
        origin=origin,
        name_field=settings.name_field,
        code_field=settings.code_field,
        warnings=warnings,
        **simplify,  # type: ignore[arg-type]
    )


def _short(exc: BaseException, url: str) -> str:
    """The error message without a leading repetition of the URL."""
    text = str(exc)
    return text[len(url) + 2 :] if text.startswith(f"{url}: ") else text


def _download(gazetteer: Gazetteer, url: str, target: Path, timeout: float, notes: list[str], **simplify: object) -> Boundaries:
    """Download into the cache (atomically, verified before it is kept); raise on failure."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        writable = os.access(target.parent, os.W_OK)
    except OSError:
        writable = False
    if writable:
        with atomic_path(target, keep_suffix=True) as tmp:  # the driver reads it before the rename
            download.fetch(url, tmp, timeout=timeout)
            return _from_download_file(gazetteer, tmp, url, "download", **simplify)
    notes.append(f"cache directory {target.parent} is not writable; the download was not kept")
    with tempfile.TemporaryDirectory(prefix="control-map-") as scratch:
        tmp = Path(scratch) / target.name
        download.fetch(url, tmp, timeout=timeout)
        return _from_download_file(gazetteer, tmp, url, "download", **simplify)


def load_boundaries(
    gazetteer: Gazetteer,
    path: str | os.PathLike[str] | None = None,
    *,
    cache_dir: str | os.PathLike[str] | None = None,
    allow_download: bool = True,
    timeout: float = DEFAULT_TIMEOUT,
    tolerance: float = DEFAULT_TOLERANCE,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> Boundaries:
    """District shapes for ``gazetteer`` from the first source that works (module docstring).

    Raises :class:`BoundaryError` only for a user-named file; every other failure ends in
    schematic shapes whose ``warnings`` say why. ``tolerance`` and ``max_bytes`` steer
    the display simplification (:mod:`geo.simplify`).
    """
    simplify = {"tolerance": tolerance, "max_bytes": max_bytes}
    if path is not None:
        if str(path).startswith(("http://", "https://")):
            raise BoundaryError(f"{path}: a URL is not a file; set it as boundaries.url in the gazetteer to download and cache it")
        return _from_file(gazetteer, path, **simplify)
    configured = gazetteer.boundary_file
    if configured is not None:
        return _from_file(gazetteer, configured, **simplify)

    reasons: list[str] = []
    notes: list[str] = []
    url = gazetteer.boundaries.url
    if not url:
        reasons.append("the gazetteer names no boundary file or URL")
    else:
        target = cached_path(url, default_cache_dir(cache_dir))
        if target.is_file():
            try:
                return _from_download_file(gazetteer, target, url, "cache", **simplify)
            except (BoundaryError, OSError) as exc:
                with contextlib.suppress(OSError):
                    target.unlink()
                notes.append(f"the cached copy {target} was unusable and has been removed ({_short(exc, url)})")
        earlier = download.failed_before(url)
        if not allow_download:
            reasons.append("downloading is turned off and there is no cached copy")
        elif earlier is not None:
            reasons.append(f"download of {url} failed earlier in this run: {earlier}")
        else:
            try:
                boundaries = _download(gazetteer, url, target, timeout, notes, **simplify)
                boundaries.warnings[:0] = notes
                return boundaries
            except (download.DownloadError, BoundaryError, OSError) as exc:
                reason = _short(exc, url)
                download.remember_failure(url, reason)
                reasons.append(f"download of {url} failed: {reason}")
    return schematic(gazetteer, reasons, notes)


def schematic(gazetteer: Gazetteer, reasons: list[str] | None = None, notes: list[str] | None = None) -> Boundaries:
    """The last resort: Voronoi shapes around the seats, flagged and explained."""
    districts, problems = schematic_districts(gazetteer.districts)
    why = "; ".join(reasons or []) or "none was requested"
    return Boundaries(
        districts=districts,
        neighbours=empty_neighbours(),
        source=SCHEMATIC,
        attribution=SCHEMATIC_ATTRIBUTION,
        attribution_url=None,
        schematic=True,
        warnings=[f"{SCHEMATIC_WARNING}: {why}", *(notes or []), *problems],
        origin="schematic",
        tolerance=None,
    )
