"""Where the app keeps what it can rebuild: downloaded boundaries and stored datasets.

One place for both, so ``CONTROL_MAP_CACHE_DIR`` (or the user's cache directory) holds
everything that may be deleted at any time without losing work. The folder is named
after the tool, ``control-map``; the one its first releases made,
``panjshir-control-map``, is moved to the new name the first time it is looked for (or,
when it cannot be moved, still used), so nothing cached is lost.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import platformdirs

APP_NAME = "control-map"
#: The cache folder's earlier name: found and moved to :data:`APP_NAME`.
OLD_APP_NAME = "panjshir-control-map"
CACHE_ENV = "CONTROL_MAP_CACHE_DIR"


def cache_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The cache directory: ``override``, else ``$CONTROL_MAP_CACHE_DIR``, else the user's cache dir.

    The directory is not created here; writing does that, so merely looking costs nothing
    (but a rename, once, of the folder's old name).
    """
    if override is not None:
        return Path(override)
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env)
    return user_cache(Path(platformdirs.user_cache_dir(APP_NAME)), Path(platformdirs.user_cache_dir(OLD_APP_NAME)))


def user_cache(new: Path, old: Path) -> Path:
    """``new``, after moving ``old`` there if only ``old`` exists; ``old`` if it exists and cannot be moved."""
    if new.exists() or not old.is_dir():
        return new
    with contextlib.suppress(OSError):  # another process may have moved it first: then new exists
        os.replace(old, new)
    return new if new.exists() else old
