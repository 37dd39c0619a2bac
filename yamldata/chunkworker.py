"""The yaml-rs child process of the fast path: chunks of the claims list in, rows out.

yaml-rs never runs in the app's own process. yaml-rs 0.1.6 crashes the process
(segmentation fault) when it was first imported in a thread that has since exited and
is then used from another thread: exactly what Streamlit's per-rerun script threads
do (seen: a server killed by re-reading a small, valid claims file). A native crash
would take every user's session down, so the parser runs in child processes, and a
crash there only means "read it with the builder instead".

The parent (:class:`yamldata.yamlsource.FastDocument`) cuts the list into chunks of
whole items and hands every other chunk to each of two children, so both cores parse
while the parent checks what came back. A child does all the work a chunk needs before
the checks, beside the parent instead of before it: it finds the line of each item, says
whether yaml-rs may read the chunk otherwise than PyYAML (the parent then reads it with
the line-tracking builder), parses it, and turns each item into a row, the tuple of its
values for the fields the parent asks for (tuples cross the pipe and are unpickled ~2×
faster than dicts). Equal text and dates of the fields that repeat (source, status, …)
become one object per chunk, so pickle writes them once and the parent unpickles them once.

This module imports the standard library only (yaml-rs inside :func:`read_chunk`), so a child
starts in a few tens of milliseconds; the parent uses the same functions for the chunks
it reads itself.
"""

from __future__ import annotations

import datetime
import gc
import os
import pickle
import re
import sys
from array import array
from collections.abc import Iterator
from typing import Any, BinaryIO

# An item longer than this goes to the builder. yaml-rs recurses (its stack overflows near
# 100k levels), and nesting costs bytes: compact "- - …" two per level, indentation more.
# So an item of at most 10 KB nests at most ~5,000 levels, which yaml-rs reads safely.
MAX_ITEM_BYTES = 10_000

_PRINTABLE_ASCII = bytes([9, 10, 13, *range(32, 127)])
_HIGH_BYTES = bytes(range(128, 256))
# PyYAML's reader refuses these; NEL and the Unicode line/paragraph separators are line
# breaks in YAML 1.1 but text in 1.2 (yaml-rs): either way the two parsers would differ.
# (Compiled on first use, for a chunk that is not ASCII: compiling it costs a child ~10 ms.)
_NOT_PRINTABLE = "[^\t\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
_TAG_LEADS = frozenset(b" \t\n\r[{,")


def item_pattern(indent: int) -> re.Pattern[bytes]:
    """An item's dash at ``indent``, after a line break; group 1 is the first character of its value
    when that is on the dash's line. It starts with the line break, not ^: re then skips ahead fast."""
    return re.compile(rb"\n" + b" " * indent + rb"-(?:[ \t]+([^ \t\r\n#])?|(?=\r|$))", re.M)


def item_lines(chunk: bytes, indent: int, line: int) -> tuple[array, bool]:
    """``(lines, long)`` of a chunk of list items that starts with the line break before its first
    item's dash, the dash being on line ``line``: the line of each item's value (where the builder
    puts the item), and whether an item is longer than :data:`MAX_ITEM_BYTES`. No lines when the
    chunk does not start with an item."""
    count = chunk.count
    lines = array("q")
    previous, long = 1, False
    for match in item_pattern(indent).finditer(chunk):
        position = match.start() + 1
        if not lines and position != 1:
            return array("q"), False  # not where the parent cut: the caller refuses the chunk
        if position - previous > MAX_ITEM_BYTES:
            long = True
        line += count(b"\n", previous, position)
        previous = position
        lines.append(line if match.group(1) else _next_content_line(chunk, match.end(), line))
    return lines, long or len(chunk) - previous > MAX_ITEM_BYTES


def _value_on_line(data: bytes, position: int) -> bool:
    """True when an item's value starts on the dash's own line (not blank, not a comment)."""
    while position < len(data) and data[position] in b" \t":
        position += 1
    return position < len(data) and data[position] not in b"#\r\n"


def _next_content_line(data: bytes, position: int, line: int) -> int:
    """The line of the first value after a dash followed by nothing (``-\\n  id: x``)."""
    while True:
        newline = data.find(b"\n", position)
        if newline < 0:
            return line
        position, line = newline + 1, line + 1
        if _value_on_line(data, position):
            return line


def may_differ(chunk: bytes) -> bool:
    """True for text where yaml-rs (YAML 1.2) and PyYAML (1.1) may not agree.

    Control characters (PyYAML refuses them) and tags (yaml-rs ignores unknown ones)
    send the chunk to the builder.
    """
    rest = chunk.translate(None, _PRINTABLE_ASCII)
    if rest:
        if rest.translate(None, _HIGH_BYTES):
            return True  # an ASCII control character
        try:
            if re.search(_NOT_PRINTABLE, rest.decode("utf-8")):  # re keeps the compiled pattern
                return True
        except UnicodeDecodeError:
            return True
    position = chunk.find(b"!")
    while position >= 0:
        if position == 0 or chunk[position - 1] in _TAG_LEADS:
            return True
        position = chunk.find(b"!", position + 1)
    return False


def rows(items: Any, fields: tuple[str, ...], repeating: tuple[str, ...] = ()) -> list[tuple | None]:
    """Each item's values for ``fields`` (None where absent), or None for an item that
    is not a mapping or has a key outside ``fields``: the form the fast path's checks read,
    whichever parser read the chunk. Equal text or dates in the ``repeating`` fields
    become one shared object."""
    empty = dict.fromkeys(fields)
    width = len(empty)
    repeats = [index for index, name in enumerate(fields) if name in repeating]
    same: dict[Any, Any] = {}
    share = same.setdefault
    out: list[tuple | None] = []
    append = out.append
    for item in items:
        if type(item) is not dict and not isinstance(item, dict):  # the builder's mappings are a dict's subclass
            append(None)
            continue
        values = empty.copy()
        values.update(item)
        if len(values) != width:  # a key outside fields
            append(None)
            continue
        row = list(values.values())
        for index in repeats:
            value = row[index]
            if type(value) is str or type(value) is datetime.date:  # never 1 and True, equal as keys
                row[index] = share(value, value)
        append(tuple(row))
    return out


def read_chunk(chunk: bytes, line: int, settings: tuple) -> tuple[str, Any, Any]:
    """One chunk as the parent takes it: ``("ok", lines, rows)``, ``("builder", lines, None)`` for a
    chunk yaml-rs may read otherwise (or with a long item), or ``("refused", reason, None)``."""
    import yaml_rs

    limit, indent, fields, repeating = settings
    lines, long = item_lines(chunk, indent, line)
    if not lines:
        return "refused", "list items not where expected", None
    if long or may_differ(chunk):
        return "builder", lines, None
    items = yaml_rs.load(
        chunk,
        parse_datetime=True,
        alias_limits=yaml_rs.AliasLimits(max_total_replayed_events=limit),
        duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.Error,
    )
    if type(items) is not list or len(items) != len(lines):
        return "refused", "chunk does not split where expected", None
    return "ok", lines, rows(items, fields, repeating)


def serve(source: BinaryIO, out: BinaryIO) -> None:
    """The child's work. In: one pickled message, the settings (alias limit, indent, fields, repeating
    fields), the descriptor of the file to read the chunks from, and its chunks as ``(start, end,
    line)``. Out: per chunk, in order, the length of the pickled :func:`read_chunk` answer (8 bytes,
    little-endian), then the pickle (``("error", message, None)`` when yaml-rs refused the chunk)."""
    gc.disable()  # the items of one chunk at a time, no cycles: collections would only re-walk them
    settings, shared, chunks = pickle.load(source)
    for answer in answers(settings, shared, chunks):
        blob = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
        out.write(len(blob).to_bytes(8, "little"))
        out.write(blob)
        out.flush()


def answers(settings: tuple, shared: int, chunks: list[tuple[int, int, int]]) -> Iterator[tuple[str, Any, Any]]:
    """The :func:`read_chunk` answer for each chunk ``(start, end, line)`` of the file ``shared``, in
    order; ``("error", message, None)`` for a chunk yaml-rs refused."""
    for start, end, line in chunks:
        try:
            chunk = b"".join(_read_at(os.pread, shared, start, end))
            yield read_chunk(chunk, line, settings)
        except Exception as exc:  # yaml-rs's errors, whatever their class: the parent reads the file otherwise
            yield "error", str(exc), None


def _read_at(pread: Any, shared: int, start: int, end: int) -> Iterator[bytes]:
    """The bytes from ``start`` to ``end`` of the file ``shared``, in as many reads as it takes."""
    while start < end:
        piece = pread(shared, end - start, start)
        if not piece:
            raise EOFError("the shared file is shorter than its chunks")
        start += len(piece)
        yield piece


if __name__ == "__main__":
    serve(sys.stdin.buffer, sys.stdout.buffer)
