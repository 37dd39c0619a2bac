"""Where the app keeps what it can rebuild: downloaded boundaries and stored datasets.

One place for both, so ``CONTROL_MAP_CACHE_DIR`` (or the user's cache directory) holds
everything that may be deleted at any time without losing work.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "panjshir-control-map"
CACHE_ENV = "CONTROL_MAP_CACHE_DIR"


def cache_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The cache directory: ``override``, else ``$CONTROL_MAP_CACHE_DIR``, else the user's cache dir.

    The directory is not created here; writing does that, so merely looking costs nothing.
    """
    if override is not None:
        return Path(override)
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env)
    return Path(platformdirs.user_cache_dir(APP_NAME))
