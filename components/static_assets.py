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
"""

from __future__ import annotations

import re
import shutil
import threading
from pathlib import Path

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
