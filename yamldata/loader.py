"""The single gate into the data: every consumer (CLI, app, exports) loads through here.

Files are parsed once per content: results are remembered by SHA-256 of the bytes, so
an app rerun with unchanged files does no YAML work at all. The digest itself is
remembered per (path, size, mtime, inode), so a rerun does not even re-read a large
file, unless it changed too recently for its mtime to be trusted.

A claims file is first read on the fast path (:func:`yamldata.yamlsource.parse_fast`
and :func:`yamldata.validate.check_claims_fast`): a Rust parser and checks that never
word a message. At the first doubt (any problem, a refusal, yaml-rs missing) the file
is read again on the line-tracking path, which gives every ``FILE:LINE: message``.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

from core.errors import Problem, ValidationError
from core.model import Dataset, Gazetteer
from core.rules import ComputedTimeline, Timeline
from yamldata import store, yamlsource
from yamldata.gcpause import paused_gc
from yamldata.validate import Unsure, check_claims, check_claims_fast, check_gazetteer, parse_claims_fast

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DISTRICTS = REPO_ROOT / "districts.yaml"
DEFAULT_CLAIMS = REPO_ROOT / "claims.yaml"

_CACHE: OrderedDict[tuple, object] = OrderedDict()
_CACHE_SIZE = 8
# path → (stat key, digest, when hashed): the digest of an unchanged file, without reading it.
_DIGESTS: dict[str, tuple[tuple, str, int]] = {}
_STAT_TRUST_NS = 2_000_000_000  # a file hashed less than 2 s after its mtime is hashed again
_LAST_PATH = {"claims": ""}  # which way the last dataset was read, for tests and benchmarks
# id(dataset) → (dataset, its stored timeline) for datasets read from the store, and
# (dataset, store key) for datasets parsed from files big enough to be worth storing.
_STORED_TIMELINES: dict[int, tuple[Dataset, Timeline]] = {}
_TO_STORE: dict[int, tuple[Dataset, str]] = {}


def clear_cache() -> None:
    """Forget every parsed file and remembered digest (benchmarks; tests of the parsers)."""
    _CACHE.clear()
    _DIGESTS.clear()
    _STORED_TIMELINES.clear()
    _TO_STORE.clear()


def last_claims_path() -> str:
    """'fast', 'slow' or 'store': how the claims file of the last build was read ('' if cached)."""
    return _LAST_PATH["claims"]


def timeline_of(dataset: Dataset) -> Timeline:
    """The dataset's timeline: the one read with it from the store, else built now.

    A timeline is shared (the app's sessions, the store's writer thread), so a built one
    computes each view under a lock of its own, and its words and views with the
    collector paused (:mod:`yamldata.gcpause`): the rules themselves do neither.
    """
    found = _STORED_TIMELINES.get(id(dataset))
    if found is not None and found[0] is dataset:
        return found[1]
    with paused_gc():
        return ComputedTimeline(dataset, guard=_shared_view_guard())


def _shared_view_guard() -> Callable[[], contextlib.AbstractContextManager[None]]:
    """One lock per timeline, held with the collector paused while a view is computed."""
    lock = threading.Lock()

    @contextlib.contextmanager
    def guard() -> Iterator[None]:
        with lock, paused_gc():
            yield

    return guard


def store_in_background(dataset: Dataset, timeline: Timeline) -> threading.Thread | None:
    """Write a freshly parsed big dataset and every view of its timeline to the store, off the request path.

    The next process (a restart, another replica) on the same files then starts from the
    store (:mod:`yamldata.store`). Returns the writing thread, or None when there is nothing
    to write (small file, read from the store, already written, or the store is off).
    """
    found = _TO_STORE.pop(id(dataset), None)
    if found is None or found[0] is not dataset:
        return None
    thread = threading.Thread(target=store.write, args=(found[1], dataset, timeline), name="control-store", daemon=True)
    thread.start()
    return thread


class _File:
    """A data file's label, digest and (when they had to be read) bytes.

    ``data``, when given, stands for the file's content (a version about to be written,
    or the bytes a writer holds): checked and hashed like a read, never remembered by stat.
    """

    def __init__(self, path: Path, data: bytes | None = None):
        self.path, self.label = path, str(path)
        self.data: bytes | None = None
        self.size = 0  # bytes, from the stat that found the remembered digest, else from reading
        if data is not None:
            self.data = self.checked(data)
            self.size = len(data)
            self.digest: str = hashlib.sha256(data).hexdigest()
            return
        remembered = self._remembered_digest()
        if remembered is None:
            self.data = self.read()
            self.size = len(self.data)
            remembered = hashlib.sha256(self.data).hexdigest()
        self.digest = remembered
        if self.data is not None:
            self._remember_digest()

    def _stat_key(self) -> tuple | None:
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        return (st.st_size, st.st_mtime_ns, st.st_ino, st.st_dev, st.st_ctime_ns)

    def _remembered_digest(self) -> str | None:
        key = self._stat_key()
        if key is None:
            return None
        self.size = key[0]
        known = _DIGESTS.get(self.label)
        if (known is None or known[0] != key) and store.worth_storing(key[0]):
            known = store.remembered_digest(self.label)  # hashed by an earlier process
        if known is None or known[0] != key:
            return None
        return known[1] if known[2] - key[1] > _STAT_TRUST_NS else None

    def _remember_digest(self) -> None:
        key = self._stat_key()
        if key is not None:
            _DIGESTS[self.label] = (key, self.digest, time.time_ns())
            if store.worth_storing(key[0]):
                store.remember_digest(self.label, key, self.digest, _DIGESTS[self.label][2])


    def read(self) -> bytes:
        """Raw bytes, after size, existence and encoding checks with clear messages."""
        return self.checked(yamlsource.read_bytes(self.path, self.label))

    def checked(self, data: bytes) -> bytes:
        if not data.isascii() or b"\x00" in data:
            yamlsource.decode(data, self.label)  # raises on non-UTF-8 or NUL, naming the line
        return data

    def bytes(self) -> bytes:
        if self.data is None:
            self.data = self.read()
        return self.data


def _remember(key: tuple, build):
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    value = build()
    _CACHE[key] = value
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return value


def _parse_gazetteer(data: bytes, label: str, path: Path) -> tuple[Gazetteer | None, list[Problem]]:
    # Always the line-tracking path: a gazetteer is small (398 districts: ~30 KB), and
    # District.line is then exact for the clash messages that name the other district.
    try:
        doc = yamlsource.parse(yamlsource.decode(data, label), label)
    except ValidationError as exc:
        return None, exc.problems
    return check_gazetteer(doc, label, path)


def load_gazetteer(path: Path | str = DEFAULT_DISTRICTS) -> Gazetteer:
    """The validated gazetteer of ``path``; raises ValidationError listing every problem."""
    path = Path(path)
    file = _File(path)
    key = ("gazetteer", file.label, file.digest)
    gazetteer, problems = _remember(key, lambda: _parse_gazetteer(file.bytes(), file.label, path))
    if problems:
        raise ValidationError(problems)
    return gazetteer


def load_dataset(
    districts: Path | str = DEFAULT_DISTRICTS,
    claims: Path | str = DEFAULT_CLAIMS,
    *,
    districts_data: bytes | None = None,
    claims_data: bytes | None = None,
) -> Dataset:
    """Gazetteer plus claims, validated together; raises ValidationError listing every problem.

    Problems in both files are reported in one go; claims are still checked against
    the district names when the gazetteer is broken elsewhere, as far as possible.
    ``districts_data`` / ``claims_data`` are read in place of the file's bytes (the
    writer's version of a file), named and cached as the file.
    """
    dataset, problems = check_dataset(districts, claims, districts_data=districts_data, claims_data=claims_data)
    if dataset is None:
        raise ValidationError(problems)
    return dataset


class Checked(NamedTuple):
    """The files' dataset and no problems, or None and every problem found."""

    dataset: Dataset | None
    problems: list[Problem]


def check_dataset(
    districts: Path | str = DEFAULT_DISTRICTS,
    claims: Path | str = DEFAULT_CLAIMS,
    *,
    districts_data: bytes | None = None,
    claims_data: bytes | None = None,
) -> Checked:
    """As :func:`load_dataset`, with the problems returned instead of raised: ``(dataset, [])`` or ``(None, problems)``.

    For the app, which shows problems in a banner: the list goes from the validator to
    the banner as it is, cached with the files' digests, never raised and caught again.
    """
    districts, claims = Path(districts), Path(claims)
    problems: list[Problem] = []
    try:
        district_file: _File | None = _File(districts, districts_data)
    except ValidationError as exc:
        district_file, problems = None, list(exc.problems)
    try:
        claim_file = _File(claims, claims_data)
    except ValidationError as exc:
        return Checked(None, problems + exc.problems)
    if district_file is None:
        return Checked(None, problems)
    key = ("dataset", district_file.label, claim_file.label, district_file.digest, claim_file.digest)
    _LAST_PATH["claims"] = ""
    with paused_gc():
        result = _remember(key, lambda: _stored_or_built(district_file, districts, claim_file, claims))
    if isinstance(result, list):
        return Checked(None, list(result))
    return Checked(result, [])


def _stored_or_built(district_file: _File, districts: Path, claim_file: _File, claims: Path) -> Dataset | list[Problem]:
    """The dataset from the store when its files are big and unchanged since it was stored, else parsed."""
    if not store.worth_storing(claim_file.size):
        return _build(district_file, districts, claim_file, claims)
    store_key = store.entry_key(district_file.label, district_file.digest, claim_file.label, claim_file.digest)
    found = store.read(store_key)
    if found is not None:
        _LAST_PATH["claims"] = "store"
        _keep(_STORED_TIMELINES, id(found[0]), found)
        return found[0]
    result = _build(district_file, districts, claim_file, claims)
    if isinstance(result, Dataset) and store.storable(result):
        _keep(_TO_STORE, id(result), (result, store_key))
    return result


def _keep(memory: dict, key: int, value: tuple) -> None:
    """Remember ``value``, forgetting the oldest beyond the parse cache's size (they hold whole datasets)."""
    memory[key] = value
    while len(memory) > _CACHE_SIZE:
        del memory[next(iter(memory))]


def _build(district_file: _File, districts: Path, claim_file: _File, claims: Path) -> Dataset | list[Problem]:
    claim_bytes, claim_label = claim_file.bytes(), claim_file.label
    try:  # first, so the yaml-rs children parse while the gazetteer is read
        document: yamlsource.FastDocument | None = parse_claims_fast(claim_bytes, claim_label)
    except yamlsource.FastPathRefused:
        document = None
    with document if document is not None else contextlib.nullcontext():  # ends the children
        gazetteer, problems = _parse_gazetteer(district_file.bytes(), district_file.label, districts)
        if gazetteer is not None and document is not None:
            try:
                parties, sources, claim_list, acled, settings, _ = check_claims_fast(document, claim_label, gazetteer)
            except (yamlsource.FastPathRefused, Unsure):
                pass  # read it again, slowly, to say what is wrong and where
            else:
                _LAST_PATH["claims"] = "fast"
                return Dataset(gazetteer, parties, sources, claim_list, claims_path=claims, acled=acled, settings=settings)
    _LAST_PATH["claims"] = "slow"
    try:
        doc = yamlsource.parse(yamlsource.decode(claim_bytes, claim_label), claim_label)
    except ValidationError as exc:
        return problems + exc.problems
    if gazetteer is None:
        # Still report claim problems that do not depend on district names.
        return problems
    parties, sources, claim_list, acled, settings, claim_problems = check_claims(doc, claim_label, gazetteer)
    if claim_problems:
        return claim_problems
    return Dataset(gazetteer, parties, sources, claim_list, claims_path=claims, acled=acled, settings=settings)
