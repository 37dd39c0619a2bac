"""Append claims and sources to ``claims.yaml``, places to ``districts.yaml``, never leaving them broken or stale.

Both files are hand-edited, reviewed in diffs and read by everything else, so a
program that adds to them (the ACLED import, the app's form, scripts) must:

* keep every existing byte — comments, order, quoting, blank lines — and only insert
  (ruamel.yaml round-trip, then a check that the old text survives line for line);
* write only what is read back: ruamel.yaml writes YAML 1.2, the loader reads YAML 1.1
  (PyYAML) and 1.2 (yaml-rs), so any text that a plain scalar would not carry to every
  reader as the same text (``yes``, ``3:45``, ``null``, NEL, U+2028, control
  characters, edge spaces) is written double-quoted, and the new entries are read back
  with the loader's own reader and compared field by field before anything is written;
* never write stale content: the new text is built from the bytes on disk, and
  replaces the file under an exclusive lock (filelock's ``flock`` on the sidecar
  ``claims.yaml.lock``) only if the file still holds those bytes; otherwise it is built
  again, under the lock, on the new bytes (also when an editor, who takes no lock,
  saved meanwhile);
* never write an invalid file: the file as it is must validate, and so must the new
  entries, checked against it (:func:`_check_appended`: the same checks as
  :func:`yamldata.validate.check_claims`, on the new entries and the file's head, plus
  the ones between entries: unique ids, ``after``);
* stay quick on big files: ruamel.yaml reads ~100 claims a second, so it round-trips
  the file without the claims list's items but its last two (the only ones an append
  looks at), and the items are put back in place, byte for byte; the slow work happens
  before the lock is taken, which is then held for about the time of the write;
* never leave a partial file: :func:`yamldata.atomic.atomic_path` writes a temp file in the same directory, fsyncs it,
  moves it into place with ``os.replace`` (atomic on POSIX), then fsyncs the directory;
  a temp file left by a writer that was killed is removed by the next one, under the lock.

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
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, FoldedScalarString, LiteralScalarString

from core.errors import Problem, ValidationError
from core.model import Claim, Dataset
from core.names import normalize_name, slugify
from yamldata import yamlsource
from yamldata.atomic import atomic_path
from yamldata.loader import load_dataset
from yamldata.validate import check_claims
from yamldata.yamlsource import LineDict, LineList

CLAIM_ORDER = (
    "id", "date", "undated", "time", "after", "source", "districts", "places", "status", "holder", "party", "certainty",
    "quote", "reported_by", "report", "url",
)  # fmt: skip
SOURCE_ORDER = ("id", "name", "role", "party", "url")
PLACE_ORDER = ("id", "name", "kind", "district", "point", "approximate", "aliases")
PLACES_HEADER = 'Places the reports name (docs/data.md, "Places"): passes, villages, towns, district centres, compounds.'
LOCK_SUFFIX = ".lock"
DEFAULT_LOCK_TIMEOUT = 60.0
MAX_ATTEMPTS = 5  # redo the append this often if the file changes under us
BUILDS_OUTSIDE_THE_LOCK = 2  # the first tries build before taking the lock; later ones build under it
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class WriteError(Exception):
    """The append was not done (lock timeout, it would have changed existing text, or a value would not read back); nothing was written."""


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
    the lock cannot be had, the append would alter existing lines, or a value would not
    be read back as it was given.
    """
    claims_path, districts_path = Path(claims_path), Path(districts_path)
    claims = [dict(c) for c in new_claims]
    sources = [dict(s) for s in new_sources]
    label = str(claims_path)

    def build(before: bytes) -> tuple[str | None, list[str]]:
        dataset = load_dataset(districts_path, claims_path, claims_data=before)  # the file as it is must validate
        return _claims_appended(before, dataset, claims, sources, label, skip_existing=skip_existing)

    return _append_locked(claims_path, build, lock_timeout)


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
    of ``districts_path``, a build on the bytes on disk, only insertions, values read
    back as given, the whole result validated with ``claims_path`` before an atomic
    replace. A place's ``point`` ({lat, lon}) is written ``{lat: …, lon: …}``;
    ``comments`` (place id → text) become comment lines above it, where the hand-made
    places say where their point comes from. With ``skip_existing`` a place whose id or
    name is already a place's id, name or alias is left out silently. Raises like
    :func:`append_claims`.
    """
    districts_path, claims_path = Path(districts_path), Path(claims_path)
    places = [dict(p) for p in new_places]
    comments = dict(comments or {})
    label = str(districts_path)

    def build(before: bytes) -> tuple[str | None, list[str]]:
        load_dataset(districts_path, claims_path, districts_data=before)  # the file as it is must validate
        text, added = _places_appended_text(before, places, comments, label, skip_existing=skip_existing)
        if text is not None:
            load_dataset(districts_path, claims_path, districts_data=text.encode("utf-8"))  # and so must the result
        return text, added

    return _append_locked(districts_path, build, lock_timeout)


def _append_locked(path: Path, build: Callable[[bytes], tuple[str | None, list[str]]], lock_timeout: float | None) -> list[str]:
    """``build`` the new text from the file's bytes, then replace the file under its lock if it still holds them; the ids added.

    The build is the slow part on a big file (reading and checking it), so it runs
    before the lock is taken, and a writer holds the lock for about the time of its
    write. If the file changed meanwhile (another writer, or an editor who takes no
    lock), the text is built again on the new bytes: outside the lock for the first
    :data:`BUILDS_OUTSIDE_THE_LOCK` tries, then under it, where no other writer can
    overtake it; :data:`MAX_ATTEMPTS` tries in all.
    """
    before = yamlsource.read_bytes(path, str(path))
    text, added = build(before)
    for attempt in range(1, MAX_ATTEMPTS + 1):
        if text is None:
            return []
        with file_lock(path, timeout=lock_timeout):
            remove_stale_temp_files(path)
            if attempt > BUILDS_OUTSIDE_THE_LOCK:
                before = yamlsource.read_bytes(path, str(path))
                text, added = build(before)
                if text is None:
                    return []
            if yamlsource.read_bytes(path, str(path)) == before and _replace_checked(path, before, text):
                return added
        if attempt < BUILDS_OUTSIDE_THE_LOCK:  # changed since it was read: never append to stale text
            before = yamlsource.read_bytes(path, str(path))
            text, added = build(before)
    raise WriteError(f"{path} kept changing while the append was being written; nothing was written, try again")


def remove_stale_temp_files(path: Path) -> list[Path]:
    """Remove the temp files a killed writer left beside ``path`` (``.<name>.<random>.tmp``); the ones removed.

    Call with ``path``'s lock held: only a writer holding it makes such a file, so any
    that exists then was left by a writer that died before its rename.
    """
    pattern = re.compile(re.escape(f".{path.name}.") + r"[a-z0-9_]{8}\.tmp")
    removed = []
    with contextlib.suppress(OSError):
        for candidate in path.parent.iterdir():
            if pattern.fullmatch(candidate.name):
                with contextlib.suppress(FileNotFoundError):
                    candidate.unlink()
                    removed.append(candidate)
    return removed


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
    words = slugify(" ".join((quote or "").split()), max_length=32) or "claim"  # any line break or space separates words
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

    A wrong guess cannot damage the file: :func:`_positions` refuses any
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


def _claims_appended(
    data: bytes, dataset: Dataset, claims: list[dict], sources: list[dict], label: str, *, skip_existing: bool
) -> tuple[str | None, list[str]]:
    """The claims file's new text (None when nothing is left to add) and the claim ids added.

    ``dataset`` is the file as it is (``data``), validated. The text is built, its new
    entries read back and compared with what was asked, and checked against ``dataset``.
    """
    bom, text, crlf = _decoded(data, label)
    lines = text.split("\n")
    kept = _items_kept(text, dataset)  # (first item's line, last-but-one item's line) when the middle can be left out
    work = "\n".join(lines[: kept[0]] + lines[kept[1] :]) if kept else text
    taken = set(dataset.claims_by_id) if kept else set()
    new_work, rewritten, added, wanted_sources, wanted_claims = _appended_text(
        work, claims, sources, label, skip_existing=skip_existing, taken=taken
    )
    if new_work is None:
        return None, []
    new_lines = new_work.split("\n")
    at = 0
    if kept:  # the middle items go back where they were: before the item that followed them
        at = _positions(work, new_work, rewritten, label, shift=(kept[0], kept[1] - kept[0]))[kept[0]]
        new_lines[at:at] = lines[kept[0] : kept[1]]
    new_text = "\n".join(new_lines)
    _positions(text, new_text, rewritten, label)  # the whole file: only insertions, every old line in its place
    if kept:  # read back with the middle items as blank lines: every line number stays right
        new_lines[at : at + kept[1] - kept[0]] = [""] * (kept[1] - kept[0])
        root = yamlsource.parse("\n".join(new_lines), label)
    else:
        root = yamlsource.parse(new_text, label)
    _check_read_back(root, "sources", wanted_sources, label)
    _check_read_back(root, "claims", wanted_claims, label)
    _check_appended(root, len(wanted_claims), dataset, label, whole=not kept)
    if crlf:
        new_text = new_text.replace("\n", "\r\n")
    return ("\ufeff" if bom else "") + new_text, added


def _decoded(data: bytes, label: str) -> tuple[bool, str, bool]:
    """(had a BOM, text with LF line ends, had CRLF) of a file's bytes."""
    bom = data.startswith(b"\xef\xbb\xbf")
    original = yamlsource.decode(data, label)
    crlf = "\r\n" in original
    return bom, (original.replace("\r\n", "\n") if crlf else original), crlf


_CLAIMS_KEY = re.compile(r"^claims[ \t]*:[ \t]*(?:#[^\n]*)?$", re.M)
_FIRST_CONTENT = re.compile(r"^( *)([^ \t\n#])", re.M)


def _items_kept(text: str, dataset: Dataset) -> tuple[int, int] | None:
    """(line of the first item, line of the last-but-one item), 0-based, of the block list ``claims:``; None to round-trip it all.

    ruamel.yaml then reads the file without the items in between: an append looks
    only at the last two items (their style, the blank line between them, the comment
    after them). Found by their dashes, and trusted only when there are as many as
    ``dataset`` has claims and the last claim starts after the last dash: a dash inside
    a multi-line quoted value would make one too many, and the whole file is read.
    """
    count = len(dataset.claims)
    if count < 3:
        return None
    key = _CLAIMS_KEY.search(text)
    first = _FIRST_CONTENT.search(text, key.end()) if key else None
    if first is None or not re.match(r"-(?:[ \t\n]|$)", text[first.start(2) : first.start(2) + 2]):
        return None
    indent = len(first.group(1))
    end = re.compile(r"\n(?:[^\s#\-]|-\S)" if indent == 0 else r"\n[^\s#]").search(text, first.start())
    dashes = re.compile("^" + " " * indent + r"-(?=[ \t\n]|$)", re.M)
    starts = [m.start() for m in dashes.finditer(text, first.start(), end.start() + 1 if end else len(text))]
    if len(starts) != count:
        return None
    first_line = text.count("\n", 0, starts[0])
    before_last = first_line + text.count("\n", starts[0], starts[-2])
    last = before_last + text.count("\n", starts[-2], starts[-1])
    if not (dataset.claims[-2].line - 1 >= before_last and dataset.claims[-1].line - 1 >= last > dataset.claims[-2].line - 1):
        return None
    return (first_line, before_last) if before_last > first_line else None


def _appended_text(
    text: str, claims: list[dict], sources: list[dict], label: str, *, skip_existing: bool, taken: set[str]
) -> tuple[str | None, set[int], list[str], list[dict], list[dict]]:
    """(new text or None when nothing is left to add, lines rewritten, claim ids added, sources and claims as written).

    ``taken`` are claim ids of the file not in ``text`` (the items left out of the round trip).
    """
    yaml, doc = _round_trip(text, label, "the claims file")
    rewritten: set[int] = set()  # lines the append may change: an empty flow list `key: []` becoming a block list
    source_seq = _section(doc, "sources", rewritten, label)
    claim_seq = _section(doc, "claims", rewritten, label)
    source_ids = {str(s.get("id")) for s in source_seq if isinstance(s, Mapping)}
    claim_ids = taken | {str(c.get("id")) for c in claim_seq if isinstance(c, Mapping)}

    wanted_sources: list[dict] = []
    for source in sources:
        if skip_existing and str(source.get("id")) in source_ids:
            continue
        source_ids.add(str(source.get("id")))
        entry, wanted = _entry(source, SOURCE_ORDER, source_seq, flow_default=True)
        _append(source_seq, entry)
        wanted_sources.append(wanted)
    added: list[str] = []
    wanted_claims: list[dict] = []
    for claim in map(dict, claims):  # copies: a redone attempt names its claims afresh
        if not claim.get("id"):
            if not claim.get("date") or not claim.get("source"):
                raise ValueError(f"a claim without an id needs a date and a source to be named: {claim!r}")
            claim["id"] = new_claim_id(claim["date"], str(claim["source"]), claim.get("quote"), claim_ids)
        elif skip_existing and str(claim["id"]) in claim_ids:
            continue
        claim_ids.add(str(claim["id"]))
        entry, wanted = _entry(claim, CLAIM_ORDER, claim_seq, flow_default=False)
        _append(claim_seq, entry)
        added.append(str(claim["id"]))
        wanted_claims.append(wanted)
    if not added and not wanted_sources:
        return None, rewritten, [], [], []
    return _dumped(yaml, doc), rewritten, added, wanted_sources, wanted_claims


def _round_trip(text: str, label: str, what: str) -> tuple[YAML, CommentedMap]:
    """(yaml, document) of a file's text (LF line ends), for appending."""
    yaml = _yaml_for(text)
    try:
        doc = yaml.load(text)
    except MarkedYAMLError as exc:  # the loader accepted it a moment ago; only a racing edit gets here
        mark = exc.problem_mark or exc.context_mark
        raise ValidationError([Problem(label, mark.line + 1 if mark else 1, f"YAML syntax error: {exc.problem}")]) from None
    if not isinstance(doc, CommentedMap):
        raise ValidationError([Problem(label, 1, f"{what} must be a mapping of fields")])
    return yaml, doc


def _dumped(yaml: YAML, doc: CommentedMap) -> str:
    out = io.StringIO()
    yaml.dump(doc, out)
    return out.getvalue()


def _check_read_back(root: Any, key: str, wanted: list[dict], label: str) -> None:
    """The last ``len(wanted)`` items of list ``key``, as the loader's reader reads them, must be ``wanted``, value for value.

    The proof that the text was written so that it is read back as it was given (and
    not as a number, true/false, a date, or text with its line breaks folded).
    """
    if not wanted:
        return
    items = root.get(key) if isinstance(root, Mapping) else None
    if not isinstance(items, list) or len(items) < len(wanted):
        raise WriteError(f"{label}: the new entries under '{key}' could not be read back; nothing was written")
    lines = items.item_lines if isinstance(items, LineList) else [0] * len(items)
    for item, expected, line in zip(items[-len(wanted) :], wanted, lines[-len(wanted) :], strict=True):
        for field in sorted(set(expected) | set(item if isinstance(item, Mapping) else {})):
            got = item.get(field) if isinstance(item, Mapping) else None
            if not _same(got, expected.get(field)):
                raise WriteError(
                    f"{label}:{line}: '{field}' {expected.get(field)!r} would be read back as {got!r}; nothing was written. "
                    "Please report this: the writer should have quoted it."
                )


def _same(got: Any, expected: Any) -> bool:
    """Equal, and of the same type all the way down (``"1"`` is not ``1``, ``"yes"`` is not ``True``)."""
    if isinstance(expected, (list, tuple)):
        return isinstance(got, list) and len(got) == len(expected) and all(map(_same, got, expected))
    if isinstance(expected, Mapping):
        return isinstance(got, Mapping) and set(got) == set(expected) and all(_same(got[k], expected[k]) for k in expected)
    return type(got) is type(expected) and got == expected


def _check_appended(root: LineDict, count: int, dataset: Dataset, label: str, *, whole: bool) -> None:
    """Validate the file with its last ``count`` claims new, as :func:`yamldata.loader.load_dataset` would; ValidationError if not.

    ``root`` is the new file as the loader's reader reads it: whole, or (``whole``
    false) with the old items but the last two as blank lines. ``dataset`` is the old
    file, valid. Whole, it goes through :func:`~yamldata.validate.check_claims` as it
    is; else its head (parties, sources, settings, …) and the new claims do, with the
    old claims' ids taken and the old claims of the new claims' days visible to ``after``:
    the checks between claims. The rest of each old claim is unchanged, and valid.
    """
    items = root.get("claims")
    taken: Mapping[str, int] | None = None
    earlier: list[Claim] = []
    if not whole and isinstance(items, LineList) and count:
        new = LineList(items[len(items) - count :])
        new.line, new.item_lines = items.line, items.item_lines[len(items) - count :]
        head = LineDict(root)
        head.line, head.key_lines, head.written = root.line, root.key_lines, root.written
        head["claims"] = new
        root = head
        taken = _IdLines(dataset.claims_by_id)
        earlier = _named_by_after(new, dataset)
    *_, problems = check_claims(root, label, dataset.gazetteer, taken=taken, earlier=earlier)
    if problems:
        raise ValidationError(problems)


def _named_by_after(new: LineList, dataset: Dataset) -> list[Claim]:
    """The old claims the ``after`` of new claims can reach: those it names, and all of those claims' days."""
    named: set[str] = set()
    days: set[dt.date] = set()
    for item in new:
        after = item.get("after") if isinstance(item, LineDict) else None
        if after is None:
            continue
        named.update(n.strip() for n in (after if isinstance(after, list) else [after]) if isinstance(n, str))
        if isinstance(item.get("date"), dt.date):
            days.add(item["date"])
    found = {n: dataset.claims_by_id[n] for n in named if n in dataset.claims_by_id}
    for day in days:
        found.update((c.id, c) for c in dataset.index.on_day(day))
    return list(found.values())


class _IdLines(Mapping):
    """Claim id → the line of the claim: the ids already taken in the file, for the duplicate check."""

    def __init__(self, by_id: Mapping[str, Claim]):
        self.by_id = by_id

    def __getitem__(self, claim_id: str) -> int:
        return self.by_id[claim_id].line

    def __contains__(self, claim_id: object) -> bool:
        return claim_id in self.by_id

    def __iter__(self) -> Iterator[str]:
        return iter(self.by_id)

    def __len__(self) -> int:
        return len(self.by_id)


def _places_appended_text(
    data: bytes, places: list[dict], comments: dict[str, str], label: str, *, skip_existing: bool
) -> tuple[str | None, list[str]]:
    """The districts file's new text with the places appended (None when nothing is left to add)."""
    bom, text, crlf = _decoded(data, label)
    yaml, doc = _round_trip(text, label, "the districts file")
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
    wanted_places: list[dict] = []
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
        entry, wanted = _entry(values, PLACE_ORDER, seq, flow_default=False)
        wanted_places.append(wanted)
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
    new_text = _dumped(yaml, doc)
    _positions(text, new_text, rewritten, label)  # only insertions
    _check_read_back(yamlsource.parse(new_text, label), "places", wanted_places, label)
    if crlf:
        new_text = new_text.replace("\n", "\r\n")
    return ("\ufeff" if bom else "") + new_text, added


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


def _entry(values: Mapping[str, Any], order: tuple[str, ...], seq: CommentedSeq, *, flow_default: bool) -> tuple[CommentedMap, dict]:
    """A new list item in the style of the list's last item (flow ``{...}`` or block), and its values as they must read back.

    Text that a plain scalar would not carry as the same text to every reader of the
    file is double-quoted (:func:`_scalar`).
    """
    entry = CommentedMap()
    wanted: dict[str, Any] = {}
    for key in (*[k for k in order if k in values], *[k for k in values if k not in order]):
        value = values[key]
        if value is None:
            continue
        if key == "date" and isinstance(value, str) and _ISO_DATE.match(value.strip()):
            with contextlib.suppress(ValueError):
                value = dt.date.fromisoformat(value.strip())  # written plain, like the hand-made claims
        if isinstance(value, (list, tuple)):
            items = CommentedSeq([_scalar(item, key) for item in value])
            items.fa.set_flow_style()
            entry[key], wanted[key] = items, list(value)
        elif isinstance(value, CommentedMap):  # a place's point, already in flow style
            entry[key], wanted[key] = value, dict(value)
        else:
            entry[key], wanted[key] = _scalar(value, key), value
    last = seq[-1] if len(seq) else None
    flow = last.fa.flow_style() if isinstance(last, CommentedMap) else flow_default
    if flow:
        entry.fa.set_flow_style()
    else:
        entry.fa.set_block_style()
    return entry, wanted


def _scalar(value: Any, key: str) -> Any:
    """``value`` as ruamel.yaml should write it: text double-quoted unless it reads back as itself when plain.

    Double-quoted text is written with escapes for every line break, control
    character and NEL/U+2028/U+2029, which both YAML versions read the same way.
    """
    if not isinstance(value, str):
        return value
    if any("\ud800" <= ch <= "\udfff" for ch in value):
        raise WriteError(f"'{key}' {value!r} is not valid Unicode text (a lone surrogate); nothing was written")
    return value if yamlsource.reads_back_plain(value) else DoubleQuotedScalarString(value)


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


def _positions(old: str, new: str, rewritten: set[int], label: str, *, shift: tuple[int, int] = (0, 0)) -> list[int]:
    """Where each line of ``old`` is in ``new`` (-1 for the ``rewritten`` ones); WriteError unless only lines were inserted.

    ``shift`` (from line, by): ``old`` lacks that many lines of the file there, for the line named in the error.
    """
    new_lines = new.split("\n")
    found = []
    j = 0
    for i, line in enumerate(old.split("\n")):
        if i in rewritten:
            found.append(-1)
            continue
        while j < len(new_lines) and new_lines[j] != line:
            j += 1
        if j == len(new_lines):
            number = i + 1 + (shift[1] if i >= shift[0] else 0)
            raise WriteError(
                f"{label}:{number}: appending would rewrite this existing line (ruamel.yaml cannot round-trip it exactly, "
                "e.g. a value folded over several lines or mixed indentation); nothing was written — "
                "put the value on one line or make the indentation uniform"
            )
        found.append(j)
        j += 1
    return found


# ---- writing ---------------------------------------------------------------------------------


class _Changed(Exception):
    """The file changed under us (an editor that does not take the lock)."""


def _replace_checked(path: Path, before: bytes, text: str) -> bool:
    """Move ``text`` over ``path`` (durably) if the file still holds ``before``; False if it changed meanwhile."""

    def unchanged(tmp: Path) -> None:  # right before the rename, after the fsync: the smallest window
        if path.read_bytes() != before:
            raise _Changed  # edited meanwhile by someone who does not take the lock: redo on the new text

    try:
        mode = path.stat().st_mode & 0o7777  # the new file keeps the old one's permissions
        with atomic_path(path, durable=True, mode=mode, before_replace=unchanged) as tmp:
            tmp.write_bytes(text.encode("utf-8"))
    except _Changed:
        return False
    return True
