"""Read a YAML file into plain Python values that remember their line numbers.

Validation messages must name the line of the offending value, so the file is
composed into PyYAML's node tree (which keeps marks) and converted by hand. The
conversion is also where hostile input is stopped: files that are too large, not
UTF-8, too deeply nested, or that expand through aliases ("billion laughs") end in
a :class:`~core.errors.ValidationError`, never a hang or a traceback.

That path costs ~100 µs per claim, minutes for a national file of a million claims.
:func:`parse_fast` is the fast path for the one big list (``claims``): a Rust parser
(yaml-rs) reads it in chunks as plain values without lines, and everything else
(the small head of the file) still goes through the builder above. It refuses
(:class:`FastPathRefused`) anything it cannot vouch for being read exactly as PyYAML
would read it; the caller then uses :func:`parse`, which also words the messages.
"""

from __future__ import annotations

import contextlib
import pickle
import queue
import re
import subprocess
import sys
import threading
from array import array
from collections.abc import Callable, Iterator
from itertools import chain
from pathlib import Path
from typing import Any

import yaml

try:  # the fast path's parser (Rust); without it every file takes the line-tracking path
    import yaml_rs
except ImportError:  # pragma: no cover - exercised by monkeypatching in the tests
    yaml_rs = None  # type: ignore[assignment]

from core.errors import Problem, ValidationError
from yamldata.files import NotReadable, read_regular

MAX_BYTES = 256 * 1024 * 1024
MAX_DEPTH = 64
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LineDict(dict):
    """A mapping from the file; ``line`` is where it starts, ``key_lines`` where each key is.

    ``written`` keeps, for a value YAML read from plain (unquoted) text as a number or
    true/false that does not print back as that text (``yes``, ``3:45``, ``1_000``),
    the text as written: a message can then show it and say to quote it.
    """

    line: int = 0
    key_lines: dict
    written: dict | None = None

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)

    def written_as(self, key: str) -> str | None:
        """The plain text YAML read as :attr:`written` for ``key``, or None."""
        return self.written.get(key) if self.written else None


class LineList(list):
    """A sequence from the file; ``item_lines[i]`` is the line of item i."""

    line: int = 0
    item_lines: list

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


def read_bytes(path: Path, label: str) -> bytes:
    """The file's bytes, or a ValidationError saying plainly why it cannot be read.

    Only a regular file is read (a FIFO or a device is refused at once), and never more
    than :data:`MAX_BYTES`, whatever its size on disk says.
    """
    try:
        return read_regular(path, MAX_BYTES)
    except FileNotFoundError:
        raise _error(label, 1, "file not found") from None
    except IsADirectoryError:
        raise _error(label, 1, "is a directory, not a YAML file") from None
    except NotReadable as exc:
        raise _error(label, 1, str(exc)) from None
    except OSError as exc:
        raise _error(label, 1, f"cannot read file: {exc.strerror or exc}") from None


def read_text(path: Path, label: str) -> str:
    """The file's text, or a ValidationError saying plainly why it cannot be read."""
    return decode(read_bytes(path, label), label)


def decode(data: bytes, label: str) -> str:
    """UTF-8 text of ``data`` (a BOM is dropped), or a ValidationError naming the bad line."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _error(label, line, f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); save the file as UTF-8") from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise _error(label, line, "file contains a NUL character; is it a binary file?")
    return text


def parse(text: str, label: str) -> Any:
    """Parse YAML text into LineDict/LineList/scalars, or raise ValidationError."""
    if not text.strip():
        raise _error(label, 1, "file is empty")
    try:
        root = _Builder(label).build(yaml.parse(text, Loader=_LOADER))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        what = exc.problem or "invalid YAML"
        context = f" ({exc.context})" if exc.context else ""
        raise _error(label, line, f"YAML syntax error: {what}{context}") from None
    except yaml.YAMLError as exc:
        raise _error(label, 1, f"YAML syntax error: {exc}") from None
    if root is _NOTHING:
        raise _error(label, 1, "file has no content (only comments?)")
    return root


_NOTHING = object()
_STR_TAG = "tag:yaml.org,2002:str"
_MERGE_TAG = "tag:yaml.org,2002:merge"


class _Frame:
    __slots__ = ("anchor", "container", "key", "key_line", "size")

    def __init__(self, container: LineDict | LineList, anchor: str | None):
        self.container, self.anchor = container, anchor
        self.key: Any = _NOTHING
        self.key_line = 0
        self.size = 1


class _Builder:
    """Builds values straight from the parser's events, without recursion.

    libyaml's composer is recursive and overflows the C stack on deeply nested input,
    so the node tree is never built: an explicit stack bounds the depth, and every
    alias use is charged the size of what it repeats, which stops alias bombs early.
    """

    def __init__(self, label: str):
        self.label = label
        self.resolver = yaml.resolver.Resolver()
        self.constructor = yaml.SafeLoader("")  # only its scalar constructors are used
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.events = 0
        self.expanded = 0

    def build(self, events) -> Any:
        stack: list[_Frame] = []
        root: Any = _NOTHING
        documents = 0
        for event in events:
            self.events += 1
            line = event.start_mark.line + 1 if event.start_mark else 1
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise _error(self.label, line, "more than one YAML document (---); keep one per file")
                continue
            if isinstance(event, yaml.ScalarEvent):
                value, size = self.scalar(event, line), 1
                if event.anchor:
                    self.anchors[event.anchor] = (value, size)
            elif isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                if len(stack) >= MAX_DEPTH:
                    raise _error(self.label, line, f"YAML nested too deeply (limit {MAX_DEPTH} levels)")
                container = LineList() if isinstance(event, yaml.SequenceStartEvent) else LineDict()
                container.line = line
                if isinstance(container, LineList):
                    container.item_lines = []
                else:
                    container.key_lines = {}
                stack.append(_Frame(container, event.anchor))
                continue
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                frame = stack.pop()
                value, size = frame.container, frame.size
                line = value.line
                if frame.anchor:
                    self.anchors[frame.anchor] = (value, size)
            elif isinstance(event, yaml.AliasEvent):
                if event.anchor not in self.anchors:
                    raise _error(self.label, line, f"alias *{event.anchor} refers to no anchor defined before it")
                value, size = self.anchors[event.anchor]
                self.expanded += size
                if self.expanded > 10 * self.events + 100_000:
                    raise _error(self.label, line, "YAML aliases expand too far (an alias bomb?); write the values out instead")
            else:
                continue  # stream start/end, document end
            if not stack:
                root = value
            else:
                self.attach(stack[-1], value, size, line, event)
        return root

    def scalar(self, event: yaml.ScalarEvent, line: int) -> Any:
        tag = event.tag
        if tag in (None, "!"):
            tag = self.resolver.resolve(yaml.ScalarNode, event.value, event.implicit)
        if tag == _STR_TAG:
            return event.value
        if tag == _MERGE_TAG:
            raise _error(self.label, line, "YAML merge keys (<<) are not supported; write the fields out")
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            return self.constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError) as exc:
            problem = getattr(exc, "problem", None) or str(exc)
            raise _error(self.label, line, f"cannot read value {event.value!r}: {problem}") from None

    def attach(self, frame: _Frame, value: Any, size: int, line: int, event: yaml.Event) -> None:
        frame.size += size
        container = frame.container
        if isinstance(container, LineList):
            container.append(value)
            container.item_lines.append(line)
            return
        if frame.key is _NOTHING:
            if not isinstance(event, yaml.ScalarEvent) or isinstance(value, (dict, list)) or value is None:
                raise _error(self.label, line, "mapping keys must be plain text")
            frame.key, frame.key_line = str(value), line
            return
        key = frame.key
        if key in container:
            raise _error(self.label, frame.key_line, f"duplicate key '{key}' (first on line {container.key_lines[key]})")
        container[key] = value
        container.key_lines[key] = frame.key_line
        frame.key = _NOTHING
        if type(value) in _MISREAD_TYPES and not event.style and _misread(value, event.value):  # plain: style None or ""
            if container.written is None:
                container.written = {}
            container.written[key] = event.value


_MISREAD_TYPES = frozenset((bool, int, float))


def _misread(value: Any, text: str) -> bool:
    """True when ``text`` was read as ``value`` but ``value`` does not print back as ``text`` (``yes`` → True, ``3:45`` → 225)."""
    if type(value) is bool:
        return text != ("true" if value else "false")
    return str(value) != text


# What a plain (unquoted) scalar must avoid to be read back as the same text by every
# reader of the project: PyYAML's YAML 1.1 resolver (yes/no/on/off, base-60 3:45, 1_000,
# dates, ~) and yaml-rs, which reads the YAML 1.2 core schema and more (0o17, 0x1f,
# 0b101, 12_3, .inf, dates, date-times without seconds, and times 00:00:00). Checked by measuring
# yaml-rs 0.1 (tests/yamldata/test_writer_meaning.py); a miss would only send a file to
# the slower reader, which refuses numbers where text is due (yamldata.validate Unsure).
_YAML12_NOT_TEXT = re.compile(
    r"~|null|Null|NULL|true|True|TRUE|false|False|FALSE"
    r"|[-+]?(?:0x[0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+|(?=\.?[0-9])[0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9_]+)?)"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
    r"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt \t].*)?|[0-9]{1,2}:[0-9]{2}:[0-9]{2}.*"
)
# Printable in both YAML versions and never a line break, a byte order mark or a tab.
_PLAIN_CHARACTERS = re.compile("[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]*")
_PLAIN_RESOLVER = yaml.resolver.Resolver()


def reads_back_plain(text: str) -> bool:
    """True when ``text`` written plain (unquoted) is read back as this very text, as text, by every reader here.

    False for text YAML 1.1 or 1.2 takes for another type (``yes``, ``3:45``, ``null``,
    ``0o17``, ``2021-09-05``), for leading or trailing spaces, and for characters that
    are line breaks in YAML 1.1 (NEL, U+2028, U+2029) or not printable: the writer
    quotes all of those (:mod:`yamldata.writer`).
    """
    return (
        bool(text)
        and text == text.strip()
        and _PLAIN_CHARACTERS.fullmatch(text) is not None
        and _PLAIN_RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == _STR_TAG
        and _YAML12_NOT_TEXT.fullmatch(text) is None
    )


def _error(label: str, line: int, message: str) -> ValidationError:
    return ValidationError([Problem(label, line, message)])


# ---- the fast path ---------------------------------------------------------------

FAST_CHUNK_ITEMS = 4096  # items parsed per call: bounds the memory of parsed-but-unchecked dicts
# An item longer than this goes to the builder. yaml-rs recurses (its stack overflows near
# 100k levels), and nesting costs bytes: compact "- - …" two per level, indentation more.
# So an item of at most 10 KB nests at most ~5,000 levels, which yaml-rs reads safely.
FAST_MAX_ITEM_BYTES = 10_000
FAST_MAX_ALIAS_EVENTS = 100_000  # per chunk; alias bombs stop here, then the builder words the error
# Smaller files go straight to the line-tracking builder: it reads a hand-edited file in
# milliseconds, and yaml-rs is only worth its child process on big generated files.
FAST_MIN_BYTES = 1 << 20
FAST_WORKER_TIMEOUT_S = 600

# yaml-rs never runs in the app's own process. yaml-rs 0.1.6 crashes the process
# (segmentation fault) when it was first imported in a thread that has since exited and
# is then used from another thread: exactly what Streamlit's per-rerun script threads
# do (seen: a server killed by re-reading a small, valid claims file). A native crash
# would take every user's session down, so the parser runs in a child process, and a
# crash there only means "read it with the builder instead".
# The worker also turns each item into a row, the tuple of its values for the fields
# the caller asks for: tuples cross the pipe and are unpickled ~2× faster than dicts,
# and this work runs beside the parent's checks instead of before them. Equal text and
# dates of the fields that repeat (source, status, …) become one object per chunk, so
# pickle writes them once and the parent unpickles them once. _ROWS is that conversion,
# as source, so the chunks the builder reads (in the parent) get exactly the same.
_ROWS = """
import datetime


def rows(items, fields, repeating=()):
    known = frozenset(fields)
    repeats = [index for index, name in enumerate(fields) if name in repeating]
    same = {}
    out = []
    for item in items:
        if not isinstance(item, dict) or not item.keys() <= known:
            out.append(None)
            continue
        row = list(map(item.get, fields))
        for index in repeats:
            value = row[index]
            if type(value) is str or type(value) is datetime.date:  # never 1 and True, equal as keys
                row[index] = same.setdefault(value, value)
        out.append(tuple(row))
    return out
"""
# Input: a pickled (alias limit, fields, repeating fields), then one pickled chunk (bytes)
# at a time, then None; output: one pickled (status, rows) per chunk, in order.
_WORKER_LOOP = """
import pickle, sys
import gc
gc.disable()  # the items of one chunk at a time, no cycles: collections would only re-walk them
import yaml_rs
source, out = sys.stdin.buffer, sys.stdout.buffer
limit, fields, repeating = pickle.load(source)
while (chunk := pickle.load(source)) is not None:
    try:
        items = yaml_rs.load(chunk, parse_datetime=True,
                             alias_limits=yaml_rs.AliasLimits(max_total_replayed_events=limit),
                             duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.Error)
        value = ("ok", rows(items, fields, repeating) if type(items) is list else None)
    except Exception as exc:
        value = ("error", str(exc))
    pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
    out.flush()
"""
_WORKER = _ROWS + _WORKER_LOOP
_namespace: dict[str, Any] = {}
exec(_ROWS, _namespace)
rows = _namespace["rows"]
rows.__doc__ = """Each item's values for ``fields`` (None where absent), or None for an item that
is not a mapping or has a key outside ``fields``: the form :meth:`FastDocument.chunks`
yields, whichever parser read the chunk. Equal text or dates in the ``repeating``
fields become one shared object."""

_PRINTABLE_ASCII = bytes([9, 10, 13, *range(32, 127)])
_HIGH_BYTES = bytes(range(128, 256))
# PyYAML's reader refuses these; NEL and the Unicode line/paragraph separators are line
# breaks in YAML 1.1 but text in 1.2 (yaml-rs): either way the two parsers would differ.
_NOT_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_YAML11_BREAKS = ("\x85".encode(), "\u2028".encode(), "\u2029".encode())
_TAG_LEADS = frozenset(b" \t\n\r[{,")


class FastPathRefused(Exception):
    """The fast parser cannot vouch for this input; read it with :func:`parse` instead."""


class FastDocument:
    """A file whose big top-level list is read by yaml-rs, chunk by chunk.

    ``head`` is the rest of the document, read by the line-tracking builder, with the
    list replaced by an empty one; :meth:`chunks` yields ``(rows, lines)`` where
    ``rows[i]`` is item i as :func:`rows` gives it and ``lines[i]`` is the line the
    builder would give item i (its ``.line``).
    """

    def __init__(self, data: bytes, label: str, head: LineDict, first: int, first_line: int, indent: int, end: int):
        self.data, self.label, self.head = data, label, head
        self._first, self._first_line, self._indent, self._end = first, first_line, indent, end

    def chunks(self, fields: tuple[str, ...], repeating: tuple[str, ...] = (), size: int = FAST_CHUNK_ITEMS) -> Iterator[tuple[list, list]]:
        """The list's items as :func:`rows` of ``fields``, ``size`` at a time; FastPathRefused if a chunk is doubtful.

        The yaml-rs child process starts at once; a feeder thread finds the items (their
        starts and lines), cuts chunks and sends the child each one yaml-rs can be
        trusted with, while the child parses the previous one and this thread checks the
        one before. Chunks yaml-rs may read differently go to the builder here instead.
        """
        plan: queue.Queue = queue.Queue()  # per chunk, in order: (lines, (start, end) for the builder or None)
        stop = threading.Event()

        def cut() -> Iterator[bytes]:
            try:
                for start, end, lines, big in self._spans(size):
                    if stop.is_set():
                        return
                    chunk = self.data[start:end]
                    slow = big or _fast_parser_may_differ(chunk)
                    plan.put((lines, (start, end) if slow else None))
                    if not slow:
                        yield chunk
                plan.put(_PLAN_END)
            except FastPathRefused as exc:
                plan.put(exc)

        worker = _Worker(fields, repeating)
        try:
            worker.feed(cut(), when_done=lambda: plan.put(_FEEDER_GONE))
            while (entry := plan.get()) is not _PLAN_END:
                if isinstance(entry, FastPathRefused):
                    raise entry
                if entry is _FEEDER_GONE:
                    raise FastPathRefused(f"yaml-rs child process ended early (exit {worker.exit_code()})")
                lines, slow = entry
                if slow is None:
                    items = worker.result()
                else:
                    parsed = _parse_with_builder(self.data[slow[0] : slow[1]], self.label)
                    items = rows(parsed, fields, repeating) if type(parsed) is LineList else None
                if type(items) is not list or len(items) != len(lines):
                    raise FastPathRefused("chunk does not split where expected")
                yield items, lines.tolist()
        finally:
            stop.set()
            worker.close()

    def _spans(self, size: int) -> Iterator[tuple[int, int, array, bool]]:
        """``(start, end, lines, big)`` for each run of ``size`` items: where it is, the line
        of each item's value, and whether an item is too long for yaml-rs."""
        data, count = self.data, self.data.count
        # An item's dash; group 1 is the first character of its value when that is on the same line.
        item = re.compile(rb"\n" + b" " * self._indent + rb"-(?:[ \t]+([^ \t\r\n#])?|(?=\r|$))", re.M)
        matches = item.finditer(data, self._first - 1, self._end)
        opening = next(matches, None)
        if opening is None or opening.start() + 1 != self._first:
            raise FastPathRefused("list items not where expected")
        previous, line = self._first, self._first_line
        start, lines, big = self._first, array("q"), False
        for match in chain((opening,), matches):
            position = match.start() + 1
            if position - previous > FAST_MAX_ITEM_BYTES:
                big = True  # the item before this one: the last of the run so far
            if len(lines) == size:
                yield start, position, lines, big
                start, lines, big = position, array("q"), False
            line += count(b"\n", previous, position)
            previous = position
            lines.append(line if match.group(1) else _next_content_line(data, match.end(), line))
        if self._end - previous > FAST_MAX_ITEM_BYTES:
            big = True
        yield start, self._end, lines, big


_PLAN_END = object()  # every chunk was planned
_FEEDER_GONE = object()  # the feeder thread stopped: after _PLAN_END when all went well


def parse_fast(data: bytes, label: str, list_key: str) -> FastDocument:
    """Split ``data`` into a small head (builder) and the block list under ``list_key`` (yaml-rs).

    Raises FastPathRefused when the fast parser is missing or the file is laid out in a
    way the split cannot trust (flow-style list, odd line breaks, …); a refusal that
    needs the list's items read comes from :meth:`FastDocument.chunks`.
    """
    if yaml_rs is None:
        raise FastPathRefused("yaml-rs is not installed")
    if len(data) < FAST_MIN_BYTES:
        raise FastPathRefused("small file: the line-tracking builder reads it quickly")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\x00" in data or (not data.isascii() and any(b in data for b in _YAML11_BREAKS)):  # the breaks are not ASCII
        raise FastPathRefused("NUL or YAML 1.1 line breaks")
    if b"\r" in data and data.count(b"\r") != data.count(b"\r\n"):
        raise FastPathRefused("bare carriage returns")
    key = re.search(rb"^" + re.escape(list_key.encode()) + rb"[ \t]*:[ \t]*(?:#[^\n]*)?\r?$", data, re.M)
    if key is None:
        raise FastPathRefused(f"no block '{list_key}:' line")
    first = re.compile(rb"^([ ]*)([^ \t\r\n#])", re.M).search(data, key.end())
    if first is None or first.group(2) != b"-" or not re.match(rb"-(?:[ \t\r\n]|$)", data[first.start(2) : first.start(2) + 2]):
        raise FastPathRefused(f"'{list_key}' is not a block list")
    indent = len(first.group(1))
    # Patterns start with a line break, not ^: re then skips ahead with a fast search.
    if indent == 0:
        end_pattern = re.compile(rb"\n(?:[^\s#\-]|-[^\s])")
    else:
        end_pattern = re.compile(rb"\n[^\s#]")
    end = end_pattern.search(data, first.start())
    region_end = end.start() + 1 if end else len(data)
    # The head keeps every line where it was: the list becomes [] plus as many line breaks.
    breaks = data.count(b"\n", key.start(), region_end)
    head_bytes = data[: key.start()] + list_key.encode() + b": []" + b"\n" * breaks + data[region_end:]
    try:
        head = parse(decode(head_bytes, label), label)
    except ValidationError as exc:
        raise FastPathRefused("the head has problems") from exc
    if not isinstance(head, LineDict) or not isinstance(head.get(list_key), LineList) or head[list_key]:
        raise FastPathRefused("the head is not a mapping with the list")
    first_line = data.count(b"\n", 0, first.start()) + 1
    return FastDocument(data, label, head, first.start(), first_line, indent, region_end)


def _value_on_line(data: bytes, position: int) -> bool:
    """True when an item's value starts on the dash's own line (not blank, not a comment)."""
    while position < len(data) and data[position] in b" \t":
        position += 1
    return position < len(data) and data[position] not in b"#\r\n"


def _next_content_line(data: bytes, position: int, line: int) -> int:
    """The line of the first value after a dash followed by nothing (``-\n  id: x``)."""
    while True:
        newline = data.find(b"\n", position)
        if newline < 0:
            return line
        position, line = newline + 1, line + 1
        if _value_on_line(data, position):
            return line


def _parse_with_builder(chunk: bytes, label: str) -> Any:
    """The builder's values for a chunk yaml-rs might read otherwise."""
    try:
        return parse(decode(chunk, label), label)
    except ValidationError as exc:
        raise FastPathRefused("the builder found a problem") from exc


class _Worker:
    """yaml-rs in a child process: chunks in through a feeder thread, :func:`rows` back, in order.

    Chunks are written one at a time and results read back one at a time, so neither
    side holds the whole file twice. Any refusal, crash or timeout of the child raises
    FastPathRefused from :meth:`result`, and the loader then reads the whole file with
    the builder.
    """

    def __init__(self, fields: tuple[str, ...], repeating: tuple[str, ...]):
        self.settings = (FAST_MAX_ALIAS_EVENTS, fields, repeating)
        command = [sys.executable, "-c", _WORKER]
        try:
            self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        except OSError as exc:  # no process to be had (limits, memory): the builder reads the file
            raise FastPathRefused(f"cannot start the yaml-rs child process: {exc}") from exc
        assert self.process.stdin is not None and self.process.stdout is not None  # pipes, both ways
        self.stdin, self.stdout = self.process.stdin, self.process.stdout
        _widen_pipe(self.stdin)
        _widen_pipe(self.stdout)
        self.timer = threading.Timer(FAST_WORKER_TIMEOUT_S, self.process.kill)
        self.timer.start()
        self.writer: threading.Thread | None = None

    def feed(self, chunks: Iterator[bytes], when_done: Callable[[], object]) -> None:
        """Send ``chunks`` from a thread (the iterator runs there too); ``when_done()`` at its end."""

        def run() -> None:
            stdin = self.stdin
            try:
                pickle.dump(self.settings, stdin)
                for chunk in chunks:
                    pickle.dump(chunk, stdin, protocol=pickle.HIGHEST_PROTOCOL)
                pickle.dump(None, stdin)
                stdin.close()
            except OSError:
                pass  # the child died; result() says so
            finally:
                when_done()

        self.writer = threading.Thread(target=run, daemon=True)
        self.writer.start()

    def result(self) -> Any:
        """The next chunk's rows."""
        try:
            status, value = pickle.load(self.stdout)
        except (EOFError, pickle.UnpicklingError, OSError):
            raise FastPathRefused(f"yaml-rs child process ended early (exit {self.exit_code()})") from None
        if status != "ok":
            raise FastPathRefused(f"yaml-rs: {value}")
        return value

    def exit_code(self) -> int | None:
        return self.process.poll()

    def close(self) -> None:
        self.timer.cancel()
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self.stdout.close()
        if self.writer is not None:
            self.writer.join(timeout=5)
        with contextlib.suppress(OSError):
            self.stdin.close()


_PIPE_BYTES = 1 << 20  # a whole chunk (~1 MB at 4096 claims) each way; Linux's default limit


def _widen_pipe(pipe) -> None:
    """Let a pipe hold a whole chunk, so neither side waits for the other mid-chunk.

    With the default 64 KiB, the child can only take the next chunk (and hand over a
    result) in pieces, each one waiting for the parent's feeder thread or main thread to
    be scheduled; with room for a chunk, it parses the next one while the parent checks
    the last. Linux only (F_SETPIPE_SZ); elsewhere, or when refused, the pipe stays as is.
    """
    try:
        import fcntl

        fcntl.fcntl(pipe.fileno(), getattr(fcntl, "F_SETPIPE_SZ", 1031), _PIPE_BYTES)
    except (ImportError, OSError):
        pass


def _fast_parser_may_differ(chunk: bytes) -> bool:
    """True for text where yaml-rs (YAML 1.2) and PyYAML (1.1) may not agree.

    Control characters (PyYAML refuses them) and tags (yaml-rs ignores unknown ones)
    send the chunk to the builder.
    """
    rest = chunk.translate(None, _PRINTABLE_ASCII)
    if rest:
        if rest.translate(None, _HIGH_BYTES):
            return True  # an ASCII control character
        try:
            if _NOT_PRINTABLE.search(rest.decode("utf-8")):
                return True
        except UnicodeDecodeError:
            return True
    position = chunk.find(b"!")
    while position >= 0:
        if position == 0 or chunk[position - 1] in _TAG_LEADS:
            return True
        position = chunk.find(b"!", position + 1)
    return False
