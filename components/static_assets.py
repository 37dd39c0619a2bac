"""Serving Leaflet from the app itself: Streamlit static files (no CDN).

:func:`ensure_static_assets` copies the installed Leaflet (see
:func:`webmap.offline.find_leaflet_dist`) into the app's git-ignored
``static/vendor/leaflet-<version>/``, which Streamlit serves at ``/app/static/`` when
``server.enableStaticServing`` is on. Copied, not committed: third-party code stays
out of git and is always the version pip installed. Copied, not symlinked: Streamlit
refuses to serve a file whose real path leaves ``static/``.

:func:`publish_generated` writes run-time files (the time map's shapes and change
points, its scripts and CSS; see :mod:`components.timemap`) into the git-ignored
``static/generated/``, named by their content, so a browser fetches each once and
nothing derived from the boundary data is ever committed.

:func:`guard_long_names` makes Streamlit answer 404, not 500, for a requested file name
too long for the file system (``/app/static/`` plus 300 characters).
"""

from __future__ import annotations

import re
import shutil
import threading
from pathlib import Path
from typing import Any

from webmap.offline import LEAFLET_FILES, STATIC_BASE, VENDOR_DIR, LeafletDist, OfflineAssetError, find_leaflet_dist
from yamldata.atomic import atomic_path, atomic_write

#: Where Streamlit serves the app's ``static/``, relative to the page (works under
#: ``server.baseUrlPath`` and behind a proxy prefix: resolved against the page's URL).
PAGE_STATIC_BASE = STATIC_BASE
#: Folder under ``static/`` for files the app writes at run time (git-ignored).
GENERATED_DIR = "generated"
_GENERATED_NAME = re.compile(r"[0-9a-f]{8,64}\.[a-z]{2,8}")

_copied: set[Path] = set()
_copy_lock = threading.Lock()


def _up_to_date(src: Path, dst: Path) -> bool:
    try:
        s, d = src.stat(), dst.stat()
    except FileNotFoundError:
        return False
    return s.st_size == d.st_size and s.st_mtime_ns == d.st_mtime_ns


def static_serving_enabled() -> bool:
    """Whether Streamlit's ``server.enableStaticServing`` is on in this process."""
    from streamlit import config

    return bool(config.get_option("server.enableStaticServing"))


def ensure_static_assets(app_dir: Path, *, dist: LeafletDist | None = None) -> Path:
    """Copy Leaflet into ``app_dir/static/vendor/leaflet-<version>/``; return that folder.

    ``app_dir`` is the folder of the script given to ``streamlit run`` (Streamlit
    serves the ``static/`` beside it). Idempotent and cheap: after the first call in
    a process it costs one ``stat``. Copies go through a temporary file and
    ``os.replace`` so a concurrent request never sees half a file. Raises
    :class:`OfflineAssetError` when run by Streamlit without static serving, since
    the map would silently stay blank.
    """
    dist = dist or find_leaflet_dist()
    target = Path(app_dir) / "static" / VENDOR_DIR / dist.vendor_name
    if target in _copied and (target / "leaflet.js").is_file():
        return target
    _check_static_serving()
    with _copy_lock:
        for rel in LEAFLET_FILES:
            src, dst = dist.directory / rel, target / rel
            if _up_to_date(src, dst):
                continue
            with atomic_path(dst) as tmp:
                shutil.copy2(src, tmp)
        _copied.add(target)
    return target


def _check_static_serving() -> None:
    try:
        from streamlit import runtime
    except ImportError:  # pragma: no cover - streamlit is a dependency
        return
    if runtime.exists() and not static_serving_enabled():
        raise OfflineAssetError(
            "Streamlit static serving is off, so the map cannot load Leaflet: set "
            "[server] enableStaticServing = true in .streamlit/config.toml."
        )


def publish_generated(app_dir: Path, name: str, text: str, *, base: str = PAGE_STATIC_BASE) -> str:
    """Make ``text`` available at ``static/generated/<name>``; return its URL under ``base``.

    ``name`` must be content-addressed (``<hex digest>.<ext>``): an existing file of
    that name is trusted and not rewritten, so after the first call this costs one
    ``stat``. A missing file (first run, or someone emptied the folder) is written
    through a temporary file and ``os.replace``, so no request sees half of it.
    The default ``base`` is the URL of ``static/`` relative to the page.
    """
    if not _GENERATED_NAME.fullmatch(name):
        raise ValueError(f"not a content-addressed file name: {name!r}")
    target = Path(app_dir) / "static" / GENERATED_DIR / name
    if not target.is_file():
        _check_static_serving()
        atomic_write(target, text, mode=0o644)  # readable by a proxy serving static files as another user
    return f"{base.rstrip('/')}/{GENERATED_DIR}/{name}"


#: A file name (one path component) and a whole path, in bytes, longer than any file here
#: can have: Linux's NAME_MAX and PATH_MAX.
_NAME_MAX, _PATH_MAX = 255, 4096


def guard_long_names() -> bool:
    """Answer 404 for file names too long for the file system at Streamlit's file routes; whether the guard is in place.

    Streamlit's ``/app/static/`` route (and its component file routes) look a requested
    path up with ``os.stat``, which raises ENAMETOOLONG for a component over 255 bytes:
    Streamlit answered 500 and logged a traceback. The routes find files through
    ``build_safe_abspath``, looked up in their module when a request comes, so it is
    wrapped here to refuse such names as not found. Idempotent. Installed when this
    module is imported, i.e. from the app's first run on: requests before anyone opened
    the page meet Streamlit's own handler. Returns False (and changes nothing) if
    Streamlit's routes are not where this version expects them.
    """
    try:
        from starlette.exceptions import HTTPException
        from streamlit.web.server.starlette import starlette_routes
    except ImportError:  # pragma: no cover - another Streamlit server
        return False
    original = getattr(starlette_routes, "build_safe_abspath", None)
    if original is None:  # pragma: no cover - another Streamlit version
        return False
    if getattr(original, "guards_long_names", False):
        return True

    def build_safe_abspath(root: str, relative: str, *args: Any, **kwargs: Any) -> str | None:
        if too_long(relative):
            raise HTTPException(status_code=404, detail="File not found")
        return original(root, relative, *args, **kwargs)

    build_safe_abspath.guards_long_names = True  # type: ignore[attr-defined]
    starlette_routes.build_safe_abspath = build_safe_abspath
    return True


def too_long(relative: str) -> bool:
    """True when no file can have the path ``relative``: a part over 255 bytes, or over 4096 in all."""
    encoded = relative.encode("utf-8", "surrogatepass")
    return len(encoded) > _PATH_MAX or any(len(part) > _NAME_MAX for part in encoded.split(b"/"))


guard_long_names()
