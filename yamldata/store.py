"""The validated dataset and its timeline on disk, so a second process starts without parsing.

At a million claims, reading and validating ``claims.yaml`` takes ~10 s and the timeline
~5 s; a restart or a second replica on unchanged files would pay it again. An entry is
keyed by the SHA-256 of what its content is made from: the entry format
(``yamldata.arrowstore.FORMAT``), the bytes of every ``*.py`` file of ``core/`` (the model
and the rules) and of ``yamldata/`` (reading and validation), the packages in
:data:`CODE_PACKAGES` (:func:`code_digest`), and both data files' paths and bytes. An
edited file, a changed rule or check is a different key and never served stale. Nothing
else goes into an entry: the words (``core/wording.json``) and the shapes (``geo/``) are
applied to what is read, so they are not in the key.

An entry is a directory: ``claims.arrow``, ``words.arrow`` and ``states.arrow`` (Apache
Arrow IPC files), ``meta.json`` (gazetteer, parties, sources, settings,
where each district's change points are) and ``manifest.json`` (the SHA-256 of each).
Arrow and JSON are data: reading them cannot run code, as unpickling can. Reading checks
every checksum, the schemas and that every index points inside its table; at the first
doubt the entry is deleted and ``None`` returned, and the caller rebuilds it. Entries are
written to a temporary directory renamed into place (readers see a whole entry or none);
the least recently used go first beyond :data:`MAX_ENTRIES` or :data:`MAX_BYTES`.

Claims, states and words are decoded lazily, row by row: building a million ``Claim``
objects takes seconds, while a first map needs one day's states and a few dozen claims.
The Arrow side (schemas, reading, writing) is :mod:`yamldata.arrowstore`, imported with
pyarrow and numpy only when a file is big enough to be stored: ``validate`` on a small
file never pays for them.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from core.model import Dataset
from core.rules import Timeline
from yamldata.atomic import atomic_write
from yamldata.cachedir import cache_dir
from yamldata.files import read_regular

if TYPE_CHECKING:
    from yamldata.arrowstore import Stored

SUBDIR = "datasets"
#: Claims files smaller than this are parsed each time: below ~1 MiB (5k claims) parsing
#: takes under 0.1 s, and the line-tracking path keeps exact lines for every message.
MIN_BYTES = 1 << 20
MAX_ENTRIES = 4
MAX_BYTES = 4 << 30
_MEMO_BYTES = 1 << 20  # a digest memo is ~300 bytes
_TEMP_PREFIX = ".part-"
_TEMP_MAX_AGE = 3600  # a half-written entry older than this was left by a process that died

log = logging.getLogger(__name__)


# ---- keys and places -------------------------------------------------------------------

_CODE_DIGEST: list[str] = []


#: The packages whose code makes what is stored: the model and rules (``core``), reading and validation (``yamldata``).
CODE_PACKAGES = ("core", "yamldata")


def code_sources() -> list[Path]:
    """The source files :func:`code_digest` covers."""
    root = Path(__file__).resolve().parent.parent
    return sorted(path for package in CODE_PACKAGES for path in (root / package).glob("*.py"))


def code_digest() -> str:
    """SHA-256 of the entry format and every ``*.py`` of ``core/`` and ``yamldata/``: new rules or checks, new entries."""
    if not _CODE_DIGEST:
        from yamldata.arrowstore import FORMAT

        digest = hashlib.sha256(f"format {FORMAT}\n".encode())
        for path in code_sources():
            digest.update(f"{path.parent.name}/{path.name}".encode() + b"\0" + path.read_bytes() + b"\0")
        _CODE_DIGEST.append(digest.hexdigest())
    return _CODE_DIGEST[0]


def entry_key(district_label: str, district_digest: str, claims_label: str, claims_digest: str) -> str:
    """The key of a dataset: its files' paths (messages and the writer name them) and contents, and the code."""
    parts = (code_digest(), district_label, district_digest, claims_label, claims_digest)
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def store_dir(override: str | os.PathLike[str] | None = None) -> Path:
    return cache_dir(override) / SUBDIR


def worth_storing(size: int) -> bool:
    """Whether a claims file of ``size`` bytes (and its digest) is kept in the store."""
    return size >= MIN_BYTES and enabled()


def enabled() -> bool:
    """Off with ``CONTROL_MAP_STORE=0`` (benchmarks of parsing itself; read-only homes)."""
    return os.environ.get("CONTROL_MAP_STORE", "1") not in ("0", "off", "false", "no")


# ---- file digests between processes ----------------------------------------------------
#
# Hashing a 213 MB claims file takes ~0.3 s, a third of a start from the store. The
# loader trusts a digest remembered for an unchanged (size, mtime, inode, device, ctime)
# within a process; the same memo, kept on disk, lets the next process trust it too.
# ctime cannot be set back by any user-level call, and the loader re-hashes any file
# hashed within 2 s of its mtime (see yamldata.loader), so an edit is never missed.


def _digest_memo(label: str) -> Path:
    return cache_dir() / "digests" / (hashlib.sha256(label.encode("utf-8")).hexdigest() + ".json")


def remembered_digest(label: str) -> tuple[tuple, str, int] | None:
    """(stat key, digest, when hashed) of ``label`` as the last process hashed it, or None."""
    try:
        memo = json.loads(read_regular(_digest_memo(label), _MEMO_BYTES))
        if memo["label"] != label:
            return None
        return tuple(memo["stat"]), str(memo["digest"]), int(memo["hashed_ns"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def remember_digest(label: str, stat_key: tuple, digest: str, hashed_ns: int) -> None:
    """Keep a big file's digest for the next process; silently nothing when the cache is not writable."""
    path = _digest_memo(label)
    memo = json.dumps({"label": label, "stat": list(stat_key), "digest": digest, "hashed_ns": hashed_ns})
    try:
        atomic_write(path, memo)
    except OSError as exc:
        log.warning("could not remember the digest of %s: %s", label, exc)

# ---- reading ---------------------------------------------------------------------------


def read(key: str, directory: Path | None = None) -> Stored | None:
    """The stored dataset and timeline of ``key``, or None (absent, or corrupt and now deleted)."""
    entry = (directory or store_dir()) / key
    if not entry.is_dir():
        return None
    from yamldata import arrowstore  # pyarrow and numpy: only for files worth storing

    try:
        found = arrowstore.read_entry(entry, key, MAX_BYTES)
    except (arrowstore.Corrupt, OSError, ValueError, KeyError, TypeError, IndexError, arrowstore.ArrowError) as exc:
        log.warning("ignoring the stored dataset %s (%s); it will be rebuilt", entry, exc)
        shutil.rmtree(entry, ignore_errors=True)
        return None
    with contextlib.suppress(OSError):
        os.utime(entry / "manifest.json")  # least recently used goes first
    return found

# ---- writing ---------------------------------------------------------------------------


def write(key: str, dataset: Dataset, timeline: Timeline, directory: Path | None = None) -> Path | None:
    """Store ``dataset`` and every view of ``timeline`` under ``key``; the entry's path, or None if one exists.

    Computes every view first (the slow part: seconds at a million claims), so call it
    off the request path. Never raises for a full or read-only disk: the store is an
    optimisation, and the app works without it.
    """
    root = directory or store_dir()
    entry = root / key
    if entry.is_dir():
        return None
    try:
        root.mkdir(parents=True, exist_ok=True)
        temp = Path(tempfile.mkdtemp(prefix=_TEMP_PREFIX, dir=root))
        try:
            from yamldata import arrowstore

            arrowstore.write_entry(temp, key, dataset, timeline)
            try:
                os.rename(temp, entry)
            except OSError:
                if entry.is_dir():  # another process stored the same key meanwhile
                    return None
                raise
        finally:
            shutil.rmtree(temp, ignore_errors=True)
        prune(root)
    except OSError as exc:
        log.warning("could not store the dataset in %s: %s", root, exc)
        return None
    return entry

def storable(dataset: Dataset) -> bool:
    """Whether the dataset can be written as data (its ``acled`` section must be plain JSON)."""
    try:
        json.dumps(dataset.acled)
    except (TypeError, ValueError):
        return False
    return True


# ---- bounds ----------------------------------------------------------------------------


def _size(entry: Path) -> int:
    return sum(f.stat().st_size for f in entry.iterdir() if f.is_file())


def prune(root: Path, max_entries: int | None = None, max_bytes: int | None = None) -> list[Path]:
    """Delete the least recently used entries beyond the limits, and stale half-written ones; the deleted."""
    max_entries = MAX_ENTRIES if max_entries is None else max_entries
    max_bytes = MAX_BYTES if max_bytes is None else max_bytes
    removed: list[Path] = []
    entries = []
    now = time.time()
    for entry in root.iterdir() if root.is_dir() else ():
        try:
            if entry.name.startswith(_TEMP_PREFIX):
                if now - entry.stat().st_mtime > _TEMP_MAX_AGE:
                    shutil.rmtree(entry, ignore_errors=True)
                    removed.append(entry)
                continue
            if entry.is_dir() and len(entry.name) == 64:  # an entry is named by its key
                manifest = entry / "manifest.json"
                used = manifest.stat().st_mtime if manifest.exists() else entry.stat().st_mtime
                entries.append((used, entry, _size(entry)))
        except OSError:
            continue
    entries.sort(reverse=True)  # newest first
    total = 0
    for count, (_, entry, size) in enumerate(entries, start=1):
        total += size
        if count > max_entries or (total > max_bytes and count > 1):
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    return removed
