"""Where downloaded boundaries are kept between runs, and how they are written safely.

A half-written file in the cache would be read as the real boundaries next run, so
every write goes to a temporary file beside the target and is renamed into place only
once it is complete and verified.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

from control.cachedir import APP_NAME, CACHE_ENV, cache_dir

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


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; rename it onto ``target`` if the block succeeds.

    If the block raises, the temporary file is removed and ``target`` is untouched, so
    readers only ever see a complete file or none. The temporary name keeps the target's
    suffix so format drivers can read it for verification before the rename.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=f".part{target.suffix}", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def atomic_write(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` atomically (see :func:`atomic_path`)."""
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
