"""Read only regular files, and never more than a limit: the guard in front of every data file the product opens.

``Path.read_bytes`` trusts the name it is given: a FIFO blocks it for ever, a device
(``/dev/zero``) fills the memory, and the size on disk says nothing for either (0).
:func:`open_regular` opens without blocking and checks what it opened (``fstat`` of the
open file, so the check and the read concern the same file); :func:`read_regular` then
reads at most ``limit`` bytes, so a file that is larger than it said, or grows meanwhile,
is refused by what was actually read. A file read as a stream (an ACLED export) is opened
by :func:`open_regular` itself.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO


class NotReadable(OSError):
    """The path is not a regular file, or is larger than the limit; ``str()`` says which, in plain words."""


def kind_of(mode: int) -> str | None:
    """What a non-regular file is, in words ("a directory", "a FIFO (named pipe)", …); None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def check_regular(path: str | os.PathLike[str]) -> os.stat_result:
    """``os.stat`` of ``path`` (symbolic links followed) when it is a regular file; NotReadable otherwise.

    For files another library opens by name (GDAL): ``stat`` never blocks, unlike ``open``.
    """
    result = os.stat(path)
    kind = kind_of(result.st_mode)
    if kind is not None:
        raise NotReadable(f"is {kind}, not a regular file")
    return result


def open_regular(path: str | os.PathLike[str], limit: int | None = None) -> BinaryIO:
    """The regular file ``path`` opened for reading (binary, blocking as usual once open).

    Raises :class:`NotReadable` for a directory, FIFO, device or socket (at once: the
    file is opened with ``O_NONBLOCK``) and for a file of more than ``limit`` bytes;
    ``FileNotFoundError`` and other ``OSError`` as ``open`` raises them. For a file read
    as a stream (a CSV export); :func:`read_regular` reads one whole.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(Path(path), flags)
    try:
        info = os.fstat(fd)
        kind = kind_of(info.st_mode)
        if kind is not None:
            raise NotReadable(f"is {kind}, not a regular file")
        if limit is not None and info.st_size > limit:
            raise NotReadable(f"file is {_size(info.st_size)}; the limit is {_size(limit)}")
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb", closefd=True)
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them.

    Raises :class:`NotReadable` as :func:`open_regular` does, and for a file that grew
    past ``limit`` while it was read; ``FileNotFoundError`` and other ``OSError`` as
    ``open`` raises them.
    """
    with open_regular(path, limit) as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:  # grew since the fstat
        raise NotReadable(f"file is more than {_size(limit)}, the limit")
    return data


def _size(n: int) -> str:
    if n >= 2**20:
        return f"{n / 2**20:.0f} MiB"
    if n >= 2**10:
        return f"{n / 2**10:.0f} KiB"
    return f"{n} bytes"
