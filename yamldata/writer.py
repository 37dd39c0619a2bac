"""Append claims and sources to ``claims.yaml``, places to ``districts.yaml``, never leaving them broken or stale.

Both files are hand-edited, reviewed in diffs and read by everything else, so a
program that adds to them (the ACLED import, scripts) must:

* keep every existing byte — comments, order, quoting, blank lines — and only insert
  (ruamel.yaml round-trip, then a check that the old text survives line for line);
* never write stale content: under an exclusive lock (filelock's ``flock`` on the sidecar
  ``claims.yaml.lock`` or ``districts.yaml.lock``) the file is re-read from disk, and if
  someone who does not take the lock (an editor) changes it before the replace, the
  append is redone on the new text;
* never write an invalid file: the result is validated through
  :func:`yamldata.loader.load_dataset` before it replaces the original;
* never leave a partial file: :func:`yamldata.atomic.atomic_path` writes a temp file in the same directory, fsyncs it,
  moves it into place with ``os.replace`` (atomic on POSIX), then fsyncs the directory.

POSIX only (``fcntl``), like the rest of the tooling.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

from core.errors import Problem, ValidationError
from core.names import normalize_name, slugify
from yamldata import yamlsource
from yamldata.atomic import atomic_path
from yamldata.loader import load_dataset

CLAIM_ORDER = (
    "id", "date", "undated", "time", "after", "source", "districts", "places", "status", "holder", "party", "certainty",
    "quote", "reported_by", "report", "url",
)  # fmt: skip
SOURCE_ORDER = ("id", "name", "role", "party", "url")
PLACE_ORDER = ("id", "name", "kind", "district", "point", "approximate", "aliases")
PLACES_HEADER = 'Places the reports name (README "Places"): passes, villages, towns, district centres, compounds.'
LOCK_SUFFIX = ".lock"
DEFAULT_LOCK_TIMEOUT = 60.0
MAX_ATTEMPTS = 5  # redo the append this often if the file changes under us without the lock
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class WriteError(Exception):
    """The append was not done (lock timeout, or it would have changed existing text); nothing was written."""


def append_claims(
    claims_path: Path | str,
    districts_path: Path | str,
    new_claims: Iterable[Mapping[str, Any]],
    new_sources: Iterable[Mapping[str, Any]] = (),
    *,
    skip_existing: bool = False,
    lock_timeout: float | None = DEFAULT_LOCK_TIMEOUT,
) -> list[str]:
    """Append ``new_sources`` then ``new_claims`` to ``claims_path``; return the claim ids added.

    A claim without an ``id`` gets ``YYYY-MM-DD-<source>-<slug of its quote>``, made
    unique. With ``skip_existing`` claims and sources whose id is already in the file
    are left out silently (for idempotent imports); otherwise they are duplicates and
    fail validation. Raises :class:`~core.errors.ValidationError` (nothing written)
    when the file on disk, or the result, would not validate; :class:`WriteError` when
    the lock cannot be had or the append would alter existing lines.
    """
    claims_path, districts_path = Path(claims_path), Path(districts_path)
    claims = [dict(c) for c in new_claims]
    sources = [dict(s) for s in new_sources]
    return _append_locked(
        claims_path,
        lambda path: load_dataset(districts_path, path),
        lambda before: _appended_text(before, claims, sources, str(claims_path), skip_existing=skip_existing),
        lock_timeout,
    )


def append_places(
    districts_path: Path | str,
    claims_path: Path | str,
    new_places: Iterable[Mapping[str, Any]],
    *,
    comments: Mapping[str, str] | None = None,
    skip_existing: bool = False,
    lock_timeout: float | None = DEFAULT_LOCK_TIMEOUT,
) -> list[str]:
    """Append ``new_places`` to the ``places:`` list of ``districts_path`` (made if absent); return the ids added.

    The gazetteer's twin of :func:`append_claims`, with the same guarantees: the lock
    of ``districts_path``, a re-read under it, only insertions, the result validated
    with ``claims_path`` before an atomic replace. A place's ``point`` ({lat, lon}) is
    written ``{lat: …, lon: …}``; ``comments`` (place id → text) become comment lines
    above it, where the hand-made places say where their point comes from. With
    ``skip_existing`` a place whose id or name is already a place's id, name or alias
    is left out silently. Raises like :func:`append_claims`.
    """
    districts_path, claims_path = Path(districts_path), Path(claims_path)
    places = [dict(p) for p in new_places]
    comments = dict(comments or {})
    return _append_locked(
        districts_path,
        lambda path: load_dataset(path, claims_path),
        lambda before: _places_appended_text(before, places, comments, str(districts_path), skip_existing=skip_existing),
        lock_timeout,
    )


def _append_locked(
    path: Path,
    validate: Callable[[Path], Any],
    append: Callable[[bytes], tuple[str | None, list[str]]],
    lock_timeout: float | None,
) -> list[str]:
    """Under ``path``'s lock: ``append`` to its bytes as they are now, ``validate`` the result, replace; the ids added.

    ``validate`` (a version of ``path``) runs first on the file as it is, so nothing is
    built on a file that is already broken; an edit made meanwhile without the lock
    means the append is redone on the new text, up to :data:`MAX_ATTEMPTS` times.
    """
    with file_lock(path, timeout=lock_timeout):
        validate(path)
        for _ in range(MAX_ATTEMPTS):
            before = path.read_bytes()  # re-read under the lock: never append to stale text
            text, added = append(before)
            if text is None:
                return []
            if _replace_checked(path, before, text, validate):
                return added
        raise WriteError(f"{path} kept changing while the append was being written; nothing was written, try again")


@contextlib.contextmanager
def file_lock(path: Path | str, *, timeout: float | None = DEFAULT_LOCK_TIMEOUT) -> Iterator[Path]:
    """Hold the exclusive lock of ``path`` (``flock`` on ``<path>.lock``, by filelock); yields the lock file.

    The sidecar is never deleted (filelock leaves it): unlinking a lock file lets two
    processes lock two different inodes at once.
    """
    lock_path = Path(str(path) + LOCK_SUFFIX)
    lock = FileLock(lock_path, timeout=-1 if timeout is None else timeout, mode=0o644, fallback_to_soft=False, preserve_lock_file=True)
    try:
        lock.acquire(poll_interval=0.02)
    except Timeout:
        raise WriteError(f"{lock_path} is held by another writer (waited {timeout:g} s); nothing was written") from None
    try:
        yield lock_path
    finally:
        lock.release()


def new_claim_id(date: Any, source: str, quote: str | None, taken: set[str]) -> str:
    """``YYYY-MM-DD-<source>-<slug>``: readable like the hand-written ids, and unique in ``taken``."""
    day = date.isoformat() if isinstance(date, dt.date) else str(date).strip()
    words = slugify(quote or "", max_length=32) or "claim"
    base = f"{day}-{slugify(source, max_length=40) or 'source'}-{words}"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


# ---- building the new text ---------------------------------------------------------------


def _yaml_for(text: str) -> YAML:
    """A round-trip YAML that writes with the file's own indentation and never re-wraps lines."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 1_000_000
    mapping, sequence, offset = _guess_indent(text)
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


_KEY_LINE = re.compile(r"^( *)[^\s#-][^:#]*:\s*(#.*)?$")
_DASH_LINE = re.compile(r"^( *)- +(?=[^\s#])")


def _guess_indent(text: str) -> tuple[int, int, int]:
    """(mapping indent, sequence indent, dash offset) of the first nested block in the file.

    A wrong guess cannot damage the file: :func:`_check_only_inserted` refuses any
    output that rewrites an existing line.
    """
    mapping, sequence, offset = None, None, None
    parent: int | None = None  # indentation of the last line that was a bare `key:`
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        indent = len(line) - len(line.lstrip(" "))
        dash = _DASH_LINE.match(line)
        if parent is not None and indent > parent:
            if dash and sequence is None:
                offset, sequence = indent - parent, dash.end() - parent
            elif not dash and mapping is None:
                mapping = indent - parent
        if mapping is not None and sequence is not None:
            break
        parent = indent if _KEY_LINE.match(line) else None
    if sequence is None:
        sequence, offset = (mapping or 2), 0
    return mapping or 2, sequence, offset or 0


def _appended_text(
    data: bytes, claims: list[dict], sources: list[dict], label: str, *, skip_existing: bool
) -> tuple[str | None, list[str]]:
    """The file's new text with the entries appended (None when nothing is left to add)."""
    yaml, doc, text, bom, crlf = _round_trip(data, label, "the claims file")
    rewritten: set[int] = set()  # lines the append may change: an empty flow list `key: []` becoming a block list
    source_seq = _section(doc, "sources", rewritten, label)
    claim_seq = _section(doc, "claims", rewritten, label)
    source_ids = {str(s.get("id")) for s in source_seq if isinstance(s, Mapping)}
    claim_ids = {str(c.get("id")) for c in claim_seq if isinstance(c, Mapping)}

    added_sources = 0
    for source in sources:
        if skip_existing and str(source.get("id")) in source_ids:
            continue
        source_ids.add(str(source.get("id")))
        _append(source_seq, _entry(source, SOURCE_ORDER, source_seq, flow_default=True))
        added_sources += 1
    added: list[str] = []
    for claim in map(dict, claims):  # copies: a redone attempt names its claims afresh
        if not claim.get("id"):
            if not claim.get("date") or not claim.get("source"):
                raise ValueError(f"a claim without an id needs a date and a source to be named: {claim!r}")
            claim["id"] = new_claim_id(claim["date"], str(claim["source"]), claim.get("quote"), claim_ids)
        elif skip_existing and str(claim["id"]) in claim_ids:
            continue
        claim_ids.add(str(claim["id"]))
        _append(claim_seq, _entry(claim, CLAIM_ORDER, claim_seq, flow_default=False))
        added.append(str(claim["id"]))
    if not added and not added_sources:
        return None, []
    return _dumped(yaml, doc, text, rewritten, label, bom=bom, crlf=crlf), added


def _round_trip(data: bytes, label: str, what: str) -> tuple[YAML, CommentedMap, str, bool, bool]:
    """(yaml, document, text with LF line ends, had a BOM, had CRLF) of a file's bytes, for appending."""
    bom = data.startswith(b"\xef\xbb\xbf")
    original = yamlsource.decode(data, label)
    crlf = "\r\n" in original
    text = original.replace("\r\n", "\n") if crlf else original
    yaml = _yaml_for(text)
    try:
        doc = yaml.load(text)
    except MarkedYAMLError as exc:  # the loader accepted it a moment ago; only a racing edit gets here
        mark = exc.problem_mark or exc.context_mark
        raise ValidationError([Problem(label, mark.line + 1 if mark else 1, f"YAML syntax error: {exc.problem}")]) from None
    if not isinstance(doc, CommentedMap):
        raise ValidationError([Problem(label, 1, f"{what} must be a mapping of fields")])
    return yaml, doc, text, bom, crlf


def _dumped(yaml: YAML, doc: CommentedMap, text: str, rewritten: set[int], label: str, *, bom: bool, crlf: bool) -> str:
    """The document as text in the file's own line ends and BOM, once checked to only insert lines into ``text``."""
    out = io.StringIO()
    yaml.dump(doc, out)
    new_text = out.getvalue()
    _check_only_inserted(text, new_text, rewritten, label)
    if crlf:
        new_text = new_text.replace("\n", "\r\n")
    return ("\ufeff" if bom else "") + new_text


def _places_appended_text(
    data: bytes, places: list[dict], comments: dict[str, str], label: str, *, skip_existing: bool
) -> tuple[str | None, list[str]]:
    """The districts file's new text with the places appended (None when nothing is left to add)."""
    yaml, doc, text, bom, crlf = _round_trip(data, label, "the districts file")
    rewritten: set[int] = set()
    seq = _places_list(doc, rewritten, label)
    ids: set[str] = set()
    spellings: set[str] = set()
    for place in seq:
        if isinstance(place, Mapping):
            ids.add(str(place.get("id")))
            names = [place.get("id"), place.get("name"), *(place.get("aliases") or [])]
            spellings.update(normalize_name(str(n)) for n in names if n is not None)
    # A blank line before each new place when the file separates its places (else its districts) so.
    blank = _separated(seq, text)
    if blank is None:
        blank = bool(isinstance(doc.get("districts"), CommentedSeq) and _separated(doc["districts"], text))
    column = _item_column(seq, yaml)
    added: list[str] = []
    for place in places:
        place_id = str(place.get("id"))
        if skip_existing and (place_id in ids or normalize_name(str(place.get("name", ""))) in spellings):
            continue
        ids.add(place_id)
        spellings.update(normalize_name(str(n)) for n in (place_id, place.get("name")) if n is not None)
        values = dict(place)
        if isinstance(values.get("point"), Mapping):
            point = CommentedMap((k, values["point"][k]) for k in ("lat", "lon") if k in values["point"])
            point.fa.set_flow_style()
            values["point"] = point
        entry = _entry(values, PLACE_ORDER, seq, flow_default=False)
        index = len(seq)
        followed = _comment_after(seq, index - 1) if index else None
        _append(seq, entry)  # when comment lines follow the list, this also separates the items as the file does
        if followed is None and blank and index:
            seq.yaml_set_comment_before_after_key(index, before="\n")
        comment = comments.get(place_id)
        if comment and entry.fa.flow_style():  # a one-line item: the comment goes above it
            seq.yaml_set_comment_before_after_key(index, before=comment, indent=yaml.sequence_dash_offset)
        elif comment:  # where the hand-made places say where their point comes from
            entry.yaml_set_comment_before_after_key("point" if "point" in entry else list(entry)[-1], before=comment, indent=column)
        added.append(place_id)
    if not added:
        return None, []
    return _dumped(yaml, doc, text, rewritten, label, bom=bom, crlf=crlf), added


def _places_list(doc: CommentedMap, rewritten: set[int], label: str) -> CommentedSeq:
    """The ``places`` list, made (a new block list at the end, or in place of an empty ``places:``) if there is none."""
    if doc.get("places") is not None:
        return _section(doc, "places", rewritten, label)
    seq = CommentedSeq()
    seq.fa.set_block_style()
    absent = "places" not in doc  # else `places:` with nothing under it, a line that stays as it is
    doc["places"] = seq
    if absent:
        doc.yaml_set_comment_before_after_key("places", before="\n" + PLACES_HEADER)
    return seq


def _separated(seq: CommentedSeq, text: str) -> bool | None:
    """Whether the list's last two items are separated by a blank line (None: fewer than two items read from ``text``)."""
    if len(seq) < 2 or (len(seq) - 1) not in seq.lc.data:
        return None
    line = seq.lc.item(len(seq) - 1)[0]
    return line > 0 and not text.splitlines()[line - 1].strip()


def _item_column(seq: CommentedSeq, yaml: YAML) -> int:
    """The column of the keys of the list's items (where a comment line inside an item starts)."""
    for index in range(len(seq)):
        item = seq[index]
        if isinstance(item, CommentedMap) and len(item) and item.lc.data:
            return item.lc.key(next(iter(item)))[1]
    return yaml.sequence_indent or 2  # a new list under a top-level key: its items' keys at the sequence indent


def _section(doc: CommentedMap, key: str, rewritten: set[int], label: str) -> CommentedSeq:
    """The list under ``key``, made block-style if it is an empty ``[]``."""
    seq = doc.get(key)
    if not isinstance(seq, CommentedSeq):  # the loader accepted it a moment ago; only a racing edit gets here
        raise ValidationError([Problem(label, 1, f"'{key}' must be a list")])
    if not seq:  # an empty list can only be written `[]`; its line becomes `key:`
        seq.fa.set_block_style()
        rewritten.add(doc.lc.key(key)[0])
    return seq


def _entry(values: Mapping[str, Any], order: tuple[str, ...], seq: CommentedSeq, *, flow_default: bool) -> CommentedMap:
    """A new list item in the style of the list's last item (flow ``{...}`` or block)."""
    entry = CommentedMap()
    for key in (*[k for k in order if k in values], *[k for k in values if k not in order]):
        value = values[key]
        if value is None:
            continue
        if key == "date" and isinstance(value, str) and _ISO_DATE.match(value.strip()):
            with contextlib.suppress(ValueError):
                value = dt.date.fromisoformat(value.strip())  # written plain, like the hand-made claims
        if isinstance(value, (list, tuple)):
            items = CommentedSeq(value)
            items.fa.set_flow_style()
            value = items
        entry[key] = value
    last = seq[-1] if len(seq) else None
    flow = last.fa.flow_style() if isinstance(last, CommentedMap) else flow_default
    if flow:
        entry.fa.set_flow_style()
    else:
        entry.fa.set_block_style()
    return entry


def _append(seq: CommentedSeq, entry: CommentedMap) -> None:
    """Append ``entry``, moving the comment lines that introduce the next section after it.

    ruamel.yaml attaches the blank lines and comments that follow a list to its last
    item (its last value); appended naively, the new item would land after a comment
    that belongs to the next section (here: the ACLED mapping's header).
    """
    previous = _comment_after(seq, len(seq) - 2) if len(seq) >= 2 else None
    found = _comment_after(seq, len(seq) - 1) if len(seq) else None
    seq.append(entry)
    if found is None:
        return
    holder, key, slot, value = found
    token = holder.ca.items[key][slot]
    lines, own = _comment_lines(token.value, value)
    item_column = seq.lc.data[len(seq) - 2][1] if (len(seq) - 2) in seq.lc.data else 0
    keep = own
    while keep < len(lines) - 1 and lines[keep].strip().startswith("#") and _indent(lines[keep]) >= max(item_column, 1):
        keep += 1  # indented comment lines right under the item belong to it
    moved = lines[keep:]
    if not "".join(moved).strip():
        return  # only blank lines follow: they stay where they are
    if previous is not None or len(seq) > 2:  # separate items as the last two are separated
        blank = previous is not None and _has_blank_line(previous[0].ca.items[previous[1]][previous[2]].value, previous[3])
    else:  # a single item so far: one-line flow items stay together, block items as they end
        blank = not entry.fa.flow_style() and not moved[0].strip()
    head = "\n".join(lines[:keep]) + ("\n" if keep else "") + ("\n" if blank else "")
    if head:
        old = copy.copy(token)
        old.value = head
        holder.ca.items[key][slot] = old
    else:
        holder.ca.items[key][slot] = None
    token.value = "\n" + "\n".join(moved)  # ends the new item's last line, then the moved lines
    if entry.fa.flow_style():  # a flow item's trailing comment lives on the list
        seq.ca.items[len(seq) - 1] = [token, None, None, None]
    else:
        entry.ca.items[list(entry.keys())[-1]] = [None, None, token, None]


def _comment_lines(text: str, value: Any) -> tuple[list[str], int]:
    """The comment's lines, and how many of them are the end of the value's own line (0 or 1).

    The first line ends the value's line (an end-of-line comment, or nothing), except
    after a block scalar (| or >), whose text already ended its last line.
    """
    own = 0 if isinstance(value, (LiteralScalarString, FoldedScalarString)) else 1
    return text.split("\n"), own


def _has_blank_line(text: str, value: Any) -> bool:
    lines, own = _comment_lines(text, value)
    return any(not line.strip() for line in lines[own:-1])


def _comment_after(seq: CommentedSeq, index: int) -> tuple[Any, Any, int, Any] | None:
    """Where the comment after item ``index`` is kept: (container, key, slot, value), or None."""
    found = None
    node: Any = seq
    key: Any = index
    slot = 0
    while True:
        entry = node.ca.items.get(key)
        child = node[key]
        if entry and len(entry) > slot and entry[slot] is not None:
            found = (node, key, slot, child)
        if not isinstance(child, (CommentedMap, CommentedSeq)) or not len(child) or child.fa.flow_style():
            return found
        node = child
        key, slot = (list(node.keys())[-1], 2) if isinstance(node, CommentedMap) else (len(node) - 1, 0)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _check_only_inserted(old: str, new: str, rewritten: set[int], label: str) -> None:
    """Every old line must still be there, in order (apart from ``rewritten`` ones): only insertions."""
    new_lines = new.splitlines()
    j = 0
    for i, line in enumerate(old.splitlines()):
        if i in rewritten:
            continue
        while j < len(new_lines) and new_lines[j] != line:
            j += 1
        if j == len(new_lines):
            raise WriteError(
                f"{label}:{i + 1}: appending would rewrite this existing line (ruamel.yaml cannot round-trip it exactly, "
                "e.g. a value folded over several lines or mixed indentation); nothing was written — "
                "put the value on one line or make the indentation uniform"
            )
        j += 1


# ---- writing ---------------------------------------------------------------------------------


class _Changed(Exception):
    """The file changed under us (an editor that does not take the lock)."""


def _replace_checked(path: Path, before: bytes, text: str, validate: Callable[[Path], Any]) -> bool:
    """Validate ``text`` (``validate`` of the temp file) and move it over ``path`` (durably) if the file still holds ``before``."""

    def unchanged(tmp: Path) -> None:  # right before the rename, after the fsync: the smallest window
        if path.read_bytes() != before:
            raise _Changed  # edited meanwhile by someone who does not take the lock: redo on the new text

    try:
        mode = path.stat().st_mode & 0o7777  # the new file keeps the old one's permissions
        with atomic_path(path, durable=True, mode=mode, before_replace=unchanged) as tmp:
            tmp.write_bytes(text.encode("utf-8"))
            try:
                validate(tmp)
            except ValidationError as exc:
                named = [Problem(str(path), p.line, p.message) if p.file == str(tmp) else p for p in exc.problems]
                raise ValidationError(named) from None
    except _Changed:
        return False
    return True
