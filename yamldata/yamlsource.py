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
import os
import pickle
import queue
import re
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import yaml

from core.errors import Problem, ValidationError
from yamldata import chunkworker
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

FAST_CHUNK_BYTES = 1 << 19  # bytes of items per chunk: bounds the memory of parsed-but-unchecked rows
# yaml-rs children, each taking every other chunk: two cores parse while this process checks (one on one core).
FAST_WORKERS = min(2, os.cpu_count() or 1)
FAST_MAX_ALIAS_EVENTS = 100_000  # per chunk; alias bombs stop here, then the builder words the error
# Smaller files go straight to the line-tracking builder: it reads a hand-edited file in
# milliseconds, and yaml-rs is only worth its child processes on big generated files.
FAST_MIN_BYTES = 1 << 20
FAST_WORKER_TIMEOUT_S = 600
# Each child runs yamldata.chunkworker (why children: see there), found beside this package.
_WORKER = (
    f"import sys; sys.path.insert(0, {str(Path(__file__).resolve().parent.parent)!r}); "
    "from yamldata.chunkworker import serve; serve(sys.stdin.buffer, sys.stdout.buffer)"
)
# The fast path's parser (Rust), found but never imported here: only the children run it
# (yamldata.chunkworker). Without it every file takes the line-tracking path.
yaml_rs = find_spec("yaml_rs")
_YAML11_BREAKS = ("\x85".encode(), "\u2028".encode(), "\u2029".encode())
# The same conversion the children run, for the chunks read here.
rows = chunkworker.rows


class FastPathRefused(Exception):
    """The fast parser cannot vouch for this input; read it with :func:`parse` instead."""


class FastDocument:
    """A file whose big top-level list is read by yaml-rs children, chunk by chunk.

    ``head`` is the rest of the document, read by the line-tracking builder, with the
    list replaced by an empty one; :meth:`chunks` yields ``(rows, lines)`` where
    ``rows[i]`` is item i as :func:`rows` gives it and ``lines[i]`` is the line the
    builder would give item i (its ``.line``). Close it (or read every chunk) to end
    the children.
    """

    def __init__(self, data: bytes, label: str, bounds: list[tuple[int, int, int]], indent: int, children: _Children | None = None):
        self.data, self.label, self.indent = data, label, indent
        self.head = LineDict()
        self._bounds = bounds  # per chunk: (start, end, line of its first item)
        self._children = children  # started, not yet given any work
        self._fields: tuple[tuple[str, ...], tuple[str, ...]] | None = None
        self.list_span = (0, 0)  # where the list's key line starts, and where the list ends

    def start(self, fields: tuple[str, ...], repeating: tuple[str, ...] = ()) -> None:
        """Set the children to work on every chunk, as rows of ``fields`` (:func:`rows`); start them if need be."""
        if self._fields is not None:
            if self._fields != (fields, repeating):
                raise ValueError("the children were set to work for other fields")
            return
        if self._children is None:
            self._children = _Children()
        self._fields = (fields, repeating)
        self._children.feed(self.data, self._bounds, (FAST_MAX_ALIAS_EVENTS, self.indent, fields, repeating))

    def chunks(self, fields: tuple[str, ...] | None = None, repeating: tuple[str, ...] = ()) -> Iterator[tuple[list, list]]:
        """The list's items as :func:`rows` of ``fields`` (those given to :meth:`start` when omitted),
        one chunk at a time; FastPathRefused if a chunk is doubtful.

        The children find each chunk's items and their lines, parse it and make its rows
        while this process checks the chunks before; a chunk yaml-rs may read otherwise
        comes back unread, and the builder reads it here.
        """
        if fields is not None:
            self.start(fields, repeating)
        if self._children is None or self._fields is None:
            raise ValueError("no fields to read: call start(fields) first")  # (for mypy: start() set both)
        fields, repeating = self._fields
        try:
            for index, (start, end, _) in enumerate(self._bounds):
                status, lines, items = self._children.result(index)
                if status == "builder":
                    parsed = _parse_with_builder(self.data[start:end], self.label)
                    items = rows(parsed, fields, repeating) if type(parsed) is LineList else None
                elif status != "ok":
                    raise FastPathRefused(f"yaml-rs: {lines}" if status == "error" else lines)
                if type(items) is not list or len(items) != len(lines):
                    raise FastPathRefused("chunk does not split where expected")
                yield items, lines.tolist()
        finally:
            self.close()

    def close(self) -> None:
        """End the children (they are ended when every chunk was read, too)."""
        if self._children is not None:
            self._children.close()

    def __enter__(self) -> FastDocument:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def parse_fast(
    data: bytes, label: str, list_key: str, fields: tuple[str, ...] | None = None, repeating: tuple[str, ...] = ()
) -> FastDocument:
    """Split ``data`` into a small head (builder) and the block list under ``list_key`` (yaml-rs).

    With ``fields``, the yaml-rs children start at once (:meth:`FastDocument.start`), so
    they parse while the head, and whatever the caller reads next, is read here.
    Raises FastPathRefused when the fast parser is missing or the file is laid out in a
    way the split cannot trust (flow-style list, odd line breaks, …); a refusal that
    needs the list's items read comes from :meth:`FastDocument.chunks`.
    """
    if yaml_rs is None:
        raise FastPathRefused("yaml-rs is not installed")
    if len(data) < FAST_MIN_BYTES:
        raise FastPathRefused("small file: the line-tracking builder reads it quickly")
    children = _Children() if fields is not None else None  # first: they start up while the file is split here
    try:
        document = _split(data, label, list_key, children)
        if fields is not None:
            document.start(fields, repeating)
        document.head = _head(document, label, list_key)
    except BaseException:
        if children is not None:
            children.close()
        raise
    return document


def _split(data: bytes, label: str, list_key: str, children: _Children | None) -> FastDocument:
    """The document of :func:`parse_fast` with its chunks found, its head not yet read; FastPathRefused as there."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\x00" in data or (not data.isascii() and any(b in data for b in _YAML11_BREAKS)):  # the breaks are not ASCII
        raise FastPathRefused("NUL or YAML 1.1 line breaks")
    if b"\r" in data and data.count(b"\r") != data.count(b"\r\n"):
        raise FastPathRefused("bare carriage returns")
    key, first, indent, end = _list_region(data, list_key)
    first_line = data.count(b"\n", 0, first) + 1
    document = FastDocument(data, label, _chunk_bounds(data, first, first_line, indent, end), indent, children)
    document.list_span = (key, end)
    return document


def _list_region(data: bytes, list_key: str) -> tuple[int, int, int, int]:
    """(where the ``list_key:`` line starts, where its first item starts, the items' indent, where the list ends)."""
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
    return key.start(), first.start(), indent, end.start() + 1 if end else len(data)


def _chunk_bounds(data: bytes, first: int, first_line: int, indent: int, end: int) -> list[tuple[int, int, int]]:
    """``(start, end, line)`` of each chunk: runs of whole items of about :data:`FAST_CHUNK_BYTES`,
    each from an item's start (on line ``line``) to the next chunk's."""
    item = chunkworker.item_pattern(indent)
    starts = [first]
    while starts[-1] + FAST_CHUNK_BYTES < end:
        match = item.search(data, starts[-1] + FAST_CHUNK_BYTES - 1, end)
        if match is None:
            break
        starts.append(match.start() + 1)
    bounds, line = [], first_line
    for start, stop in zip(starts, [*starts[1:], end], strict=True):
        bounds.append((start, stop, line))
        line += data.count(b"\n", start, stop)
    return bounds


def _head(document: FastDocument, label: str, list_key: str) -> LineDict:
    """The document without the list's items, read by the builder, its lines where they were."""
    data, (key, end) = document.data, document.list_span
    head_bytes = data[:key] + list_key.encode() + b": []\n"
    if end < len(data):  # the list becomes [] plus as many line breaks, so what follows it keeps its lines
        head_bytes += b"\n" * (data.count(b"\n", key, end) - 1) + data[end:]
    try:
        head = parse(decode(head_bytes, label), label)
    except ValidationError as exc:
        raise FastPathRefused("the head has problems") from exc
    if not isinstance(head, LineDict) or not isinstance(head.get(list_key), LineList) or head[list_key]:
        raise FastPathRefused("the head is not a mapping with the list")
    return head


def _parse_with_builder(chunk: bytes, label: str) -> Any:
    """The builder's values for a chunk yaml-rs might read otherwise."""
    try:
        return parse(decode(chunk, label), label)
    except ValidationError as exc:
        raise FastPathRefused("the builder found a problem") from exc


class _Children:
    """:data:`FAST_WORKERS` yaml-rs children; chunk i goes to child i mod their number, answers come back in order.

    The file's bytes are written once to an unnamed temporary file the children share, and
    each reads its own chunks from it: no thread here has to keep them fed. A reader thread
    per child takes each answer off its pipe as soon as it is written, so a child never
    waits for this process to be scheduled; the answers are unpickled here, in order.
    """

    def __init__(self) -> None:
        try:  # before the children: they inherit it, and read it once it is written
            self.file = tempfile.TemporaryFile()
        except OSError as exc:  # no temporary folder to write in: the builder reads the file
            raise FastPathRefused(f"no temporary file for the yaml-rs children: {exc}") from exc
        self.workers: list[_Worker] = []
        try:
            for _ in range(max(1, FAST_WORKERS)):
                self.workers.append(_Worker(self.file.fileno()))
        except FastPathRefused:
            self.close()
            raise

    def feed(self, data: bytes, bounds: list[tuple[int, int, int]], settings: tuple) -> None:
        """Give each child its chunks (``(start, end, line)`` in ``data``), to read as ``settings`` say."""
        try:
            self.file.write(data)
            self.file.flush()
        except OSError as exc:  # no room for it: the builder reads the file
            raise FastPathRefused(f"cannot write the file for the yaml-rs children: {exc}") from exc
        count = len(self.workers)
        for index, worker in enumerate(self.workers):
            # Each chunk with the line break before its first item: the child finds the items by it.
            worker.send((settings, self.file.fileno(), [(start - 1, end, line) for start, end, line in bounds[index::count]]))

    def result(self, index: int) -> tuple[str, Any, Any]:
        """The answer for chunk ``index``: asked in order, 0, 1, 2, …"""
        return self.workers[index % len(self.workers)].result()

    def close(self) -> None:
        for worker in self.workers:
            worker.close()
        self.file.close()


class _Worker:
    """One yaml-rs child: its work in one message, its answers taken off the pipe by a reader thread.

    Any refusal, crash or timeout of the child raises FastPathRefused from :meth:`result`,
    and the loader then reads the whole file with the builder.
    """

    def __init__(self, shared: int) -> None:
        command = [sys.executable, "-c", _WORKER]
        try:
            self.process = subprocess.Popen(
                command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, pass_fds=(shared,)
            )
        except (OSError, ValueError) as exc:  # no process to be had (limits, memory): the builder reads the file
            raise FastPathRefused(f"cannot start the yaml-rs child process: {exc}") from exc
        assert self.process.stdin is not None and self.process.stdout is not None  # pipes, both ways
        self.stdin, self.stdout = self.process.stdin, self.process.stdout
        _widen_pipe(self.stdout)
        self.timer = threading.Timer(FAST_WORKER_TIMEOUT_S, self.process.kill)
        self.timer.start()
        self.answers: queue.SimpleQueue[bytes] = queue.SimpleQueue()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.closed = False

    def send(self, work: tuple) -> None:
        """The child's one message: settings, the shared file, its chunks."""
        try:
            pickle.dump(work, self.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            self.stdin.close()
        except (OSError, ValueError):
            pass  # the child died: result() says so

    def _read(self) -> None:
        """Each answer's bytes off the pipe (a length, then the pickle), then b"" at the end."""
        try:
            while len(size := self.stdout.read(8)) == 8:
                self.answers.put(self.stdout.read(int.from_bytes(size, "little")))
        except (OSError, ValueError):
            pass  # ended by close()
        finally:
            self.answers.put(b"")

    def result(self) -> tuple[str, Any, Any]:
        """The next chunk's answer (see :func:`yamldata.chunkworker.read_chunk`)."""
        answer = self.answers.get()
        try:
            return pickle.loads(answer)
        except (EOFError, pickle.UnpicklingError, ValueError):
            raise FastPathRefused(f"yaml-rs child process ended early (exit {self.process.poll()})") from None

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        self.timer.cancel()
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        with contextlib.suppress(OSError):
            self.stdin.close()
        self.reader.join(timeout=5)
        self.stdout.close()


_PIPE_BYTES = 1 << 20  # a few answers; Linux's default limit


def _widen_pipe(pipe) -> None:
    """Let a pipe hold a few answers, so a child can write one in a go.

    With the default 64 KiB, a child hands over an answer in pieces, each waiting for the
    reader thread to be scheduled. Linux only (F_SETPIPE_SZ); elsewhere, or when refused,
    the pipe stays as is.
    """
    try:
        import fcntl

        fcntl.fcntl(pipe.fileno(), getattr(fcntl, "F_SETPIPE_SZ", 1031), _PIPE_BYTES)
    except (ImportError, OSError):
        pass
