"""Files written so that a reader sees the whole new file or the old one, never half.

One helper for every file the product writes (claims.yaml, the boundary cache, the
dataset store's memos, the app's static copies): a temporary file beside the target,
renamed over it with ``os.replace`` (atomic on POSIX) only once the block succeeded.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def atomic_path(target: Path, *, durable: bool = False, mode_of: Path | None = None) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; rename it onto ``target`` if the block succeeds.

    If the block raises, the temporary file is removed and ``target`` is untouched. The
    temporary name keeps the target's suffix so format drivers can read it for
    verification before the rename. ``durable`` fsyncs the file before the rename and
    the directory after (claims.yaml: an edit must survive a crash); ``mode_of`` gives
    the new file that file's permissions.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=f".part{target.suffix}", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        if mode_of is not None:
            with contextlib.suppress(OSError):
                os.chmod(tmp, mode_of.stat().st_mode & 0o7777)
        if durable:
            _fsync(tmp, os.O_RDONLY)
        os.replace(tmp, target)
        if durable:
            with contextlib.suppress(OSError):
                _fsync(target.parent, os.O_RDONLY)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def atomic_write(target: Path, data: bytes | str, *, durable: bool = False) -> None:
    """Write ``data`` (text as UTF-8) to ``target`` atomically (see :func:`atomic_path`)."""
    with atomic_path(target, durable=durable) as tmp:
        tmp.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def _fsync(path: Path, flags: int) -> None:
    fd = os.open(path, flags)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
