"""Read a YAML file into plain Python values that remember their line numbers.

Validation messages must name the line of the offending value, so the file is
composed into PyYAML's node tree (which keeps marks) and converted by hand. The
conversion is also where hostile input is stopped: files that are too large, not
UTF-8, too deeply nested, or that expand through aliases ("billion laughs") end in
a :class:`~control.errors.ValidationError`, never a hang or a traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from control.errors import Problem, ValidationError

MAX_BYTES = 256 * 1024 * 1024
MAX_DEPTH = 64
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LineDict(dict):
    """A mapping from the file; ``line`` is where it starts, ``key_lines`` where each key is."""

    line: int = 0
    key_lines: dict

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    """A sequence from the file; ``item_lines[i]`` is the line of item i."""

    line: int = 0
    item_lines: list

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


def read_text(path: Path, label: str) -> str:
    """The file's text, or a ValidationError saying plainly why it cannot be read."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise _error(label, 1, f"file is {size / 2**20:.0f} MiB; the limit is {MAX_BYTES // 2**20} MiB")
        data = path.read_bytes()
    except FileNotFoundError:
        raise _error(label, 1, "file not found") from None
    except IsADirectoryError:
        raise _error(label, 1, "is a directory, not a YAML file") from None
    except OSError as exc:
        raise _error(label, 1, f"cannot read file: {exc.strerror or exc}") from None
    return decode(data, label)


def decode(data: bytes, label: str) -> str:
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


def load(path: Path, label: str | None = None) -> Any:
    label = label or str(path)
    return parse(read_text(path, label), label)


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


def _error(label: str, line: int, message: str) -> ValidationError:
    return ValidationError([Problem(label, line, message)])
