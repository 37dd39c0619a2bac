"""Files written so that a reader sees the whole new file or the old one, never half.

One helper for every file the product writes (claims.yaml, the boundary cache, the
dataset store's memos, the app's static copies): a temporary file beside the target,
renamed over it with ``os.replace`` (atomic on POSIX) only once the block succeeded.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path


@contextlib.contextmanager
def atomic_path(
    target: Path,
    *,
    durable: bool = False,
    mode: int | None = None,
    keep_suffix: bool = False,
    before_replace: Callable[[Path], None] | None = None,
) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; rename it onto ``target`` if the block succeeds.

    If the block (or ``before_replace``) raises, the temporary file is removed and
    ``target`` is untouched. The temporary file is ``.<name>.<random>.tmp``;
    ``keep_suffix`` makes it ``.<stem>.<random>.part<suffix>``, for format drivers that
    read it for verification before the rename. ``mode`` sets its permissions, else
    they are mkstemp's 0600. ``durable`` fsyncs the file before the rename and the
    directory after (claims.yaml: an edit must survive a crash). ``before_replace(tmp)``
    runs last, after the fsync, right before the rename: the place for a check that
    the target did not change meanwhile.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    if keep_suffix:
        prefix, suffix = f".{target.stem}.", f".part{target.suffix}"
    else:
        prefix, suffix = f".{target.name}.", ".tmp"
    fd, tmp_name = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        if mode is not None:
            os.chmod(tmp, mode)
        if durable:
            _fsync(tmp, os.O_RDONLY)
        if before_replace is not None:
            before_replace(tmp)
        os.replace(tmp, target)
        if durable:
            with contextlib.suppress(OSError):
                _fsync(target.parent, os.O_RDONLY)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def atomic_write(target: Path, data: bytes | str, *, durable: bool = False, mode: int | None = None) -> None:
    """Write ``data`` (text as UTF-8) to ``target`` atomically (see :func:`atomic_path`)."""
    with atomic_path(target, durable=durable, mode=mode) as tmp:
        tmp.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def _fsync(path: Path, flags: int) -> None:
    fd = os.open(path, flags)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
