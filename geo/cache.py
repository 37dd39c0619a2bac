"""Where downloaded boundaries are kept between runs, and how they are written safely.

A half-written file in the cache would be read as the real boundaries next run, so
every write goes through :func:`yamldata.atomic.atomic_path`: renamed into place only
once it is complete and verified.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from urllib.parse import urlparse

from yamldata.atomic import atomic_path, atomic_write
from yamldata.cachedir import APP_NAME, CACHE_ENV, cache_dir

__all__ = ["APP_NAME", "CACHE_ENV", "atomic_path", "atomic_write", "cache_dir", "cached_path"]


def cached_path(url: str, directory: Path) -> Path:
    """The cache file for ``url``: keyed by a hash of the whole URL, keeping its file name.

    The hash makes a changed URL (e.g. a new release commit) a different file; the
    original name and suffix keep the file recognisable and readable by its driver.
    """
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]
    name = Path(urlparse(url).path).name or "boundaries.geojson"
    if not Path(name).suffix:
        name += ".geojson"
    return directory / f"{digest}-{name}"
