"""The store's entries as Apache Arrow tables: their schemas, reading them lazily, writing them.

:mod:`yamldata.store` decides what is stored, under which key, and where; it imports this
module (and so pyarrow and numpy) only for a claims file big enough to be stored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import fields
from itertools import pairwise
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.ipc as ipc

from core.model import (
    BoundarySettings,
    Claim,
    Dataset,
    District,
    Gazetteer,
    IndexedClaims,
    Party,
    Place,
    Seat,
    Settings,
    Source,
    fast_constructor,
)
from core.rules import CONSENSUS, UNKNOWN, DistrictState, Timeline, TimelineQueries, Word
from yamldata.files import read_regular

FORMAT = 2  # 2: places
ArrowError = pa.ArrowException
_claim = fast_constructor(Claim)


class Stored(NamedTuple):
    """A dataset read from the store, and the timeline stored with it."""

    dataset: Dataset
    timeline: Timeline


class Corrupt(Exception):
    """An entry that is not what this code wrote: it is deleted and rebuilt."""


# ---- schemas ---------------------------------------------------------------------------

_TEXT = pa.string()
_CODE = pa.dictionary(pa.int32(), pa.string())  # few distinct values: sources, statuses, parties
_TEXTS = pa.list_(pa.string())
_ROWS = pa.list_(pa.int32())

CLAIM_SCHEMA = pa.schema(
    [
        ("id", _TEXT), ("date", pa.int32()), ("source", _CODE), ("status", _CODE), ("districts", _TEXTS),
        ("holder", _CODE), ("quote", _TEXT), ("reported_by", _CODE), ("report", _CODE), ("url", _CODE),
        ("covers_all", pa.bool_()), ("district_refs", _TEXTS), ("line", pa.int32()), ("party", _CODE),
        ("hedged", pa.bool_()), ("time", pa.int32()), ("after", _TEXTS), ("undated", pa.bool_()),
        ("places", _TEXTS), ("place_refs", _TEXTS),
    ]
)
WORD_SCHEMA = pa.schema(
    [
        ("side", _CODE), ("date", pa.int32()), ("status", _CODE), ("holder", _CODE), ("claims", _ROWS),
        ("qualified", pa.bool_()), ("hedged", pa.bool_()), ("notes", _ROWS), ("weak", pa.bool_()), ("since", pa.int32()),
    ]
)
STATE_SCHEMA = pa.schema([("date", pa.int32()), ("status", _CODE), ("holder", _CODE), ("claims", _ROWS), ("words", _ROWS)])
_TUPLE_FIELDS = [CLAIM_SCHEMA.names.index(name) for name in ("districts", "district_refs", "after", "places", "place_refs")]
_TABLES = {"claims.arrow": CLAIM_SCHEMA, "words.arrow": WORD_SCHEMA, "states.arrow": STATE_SCHEMA}
assert [f.name for f in fields(Claim)] == CLAIM_SCHEMA.names, "the claims table must list Claim's fields in order"

def read_entry(entry: Path, key: str, max_bytes: int) -> Stored:
    """The dataset and timeline of the entry directory ``entry``; Corrupt (or an Arrow or OS error) when it is not what this code wrote."""
    manifest = json.loads(read_regular(entry / "manifest.json", max_bytes))  # a FIFO or device here: an error, not a hang
    if manifest.get("format") != FORMAT or manifest.get("key") != key:
        raise Corrupt("made by another version, or for another key")
    expected = manifest["files"]
    if set(expected) != {"meta.json", *_TABLES}:
        raise Corrupt("unexpected files in the manifest")
    tables: dict[str, pa.Table] = {}
    for name, digest in expected.items():
        # Read into memory, not memory-mapped: a mapped file truncated by someone else would
        # kill this process (SIGBUS); the bytes are hashed anyway, which reads every page.
        data = read_regular(entry / name, max_bytes)
        if hashlib.sha256(data).hexdigest() != digest:
            raise Corrupt(f"{name} does not match its checksum")
        if name == "meta.json":
            meta = json.loads(data)
            continue
        table = ipc.open_file(pa.py_buffer(data)).read_all()
        if not table.schema.equals(_TABLES[name]):
            raise Corrupt(f"{name} has another schema")
        tables[name] = table  # record batches kept as they are: combining them would copy ~0.3 s at 1M
    claims = StoredClaims(tables["claims.arrow"], meta)
    dataset = Dataset(
        _gazetteer(meta["gazetteer"]),
        tuple(Party(**p) for p in meta["parties"]),
        tuple(Source(**s) for s in meta["sources"]),
        claims,
        claims_path=Path(meta["claims_path"]) if meta["claims_path"] else None,
        acled=meta["acled"],
        settings=Settings(**meta["settings"]),
    )
    timeline = StoredTimeline(dataset, claims, tables["words.arrow"], tables["states.arrow"], meta["spans"])
    return Stored(dataset, timeline)


def _gazetteer(meta: dict) -> Gazetteer:
    districts = tuple(
        District(d["id"], d["name"], tuple(d["aliases"]), d["name_local"], d["code"], Seat(*d["seat"]) if d["seat"] else None, d["line"])
        for d in meta["districts"]
    )
    places = tuple(
        Place(p["id"], p["name"], p["kind"], Seat(*p["point"]), p["district"], tuple(p["aliases"]), p["approximate"], p["line"])
        for p in meta["places"]
    )
    boundaries = dict(meta["boundaries"])
    boundaries["file"] = Path(boundaries["file"]) if boundaries["file"] else None
    path = Path(meta["path"]) if meta["path"] else None
    return Gazetteer(meta["region"], districts, BoundarySettings(**boundaries), path, places)


def _in_range(rows: pa.Array, size: int, what: str) -> None:
    values = pc.list_flatten(rows) if pa.types.is_list(rows.type) else rows.drop_null()
    if len(values) and (pc.min(values).as_py() < 0 or pc.max(values).as_py() >= size):
        raise Corrupt(f"{what} points outside its table")


def _codes(indices: pa.Array, null_code: int) -> np.ndarray:
    """A dictionary array's indices as int64, nulls as ``null_code``: without ``fill_null`` (it imports pandas)."""
    codes = np.frombuffer(indices.buffers()[1], dtype=np.int32, count=len(indices), offset=indices.offset * 4).astype(np.int64)
    if indices.null_count:
        bits = np.unpackbits(np.frombuffer(indices.buffers()[0], dtype=np.uint8), bitorder="little")
        codes[bits[indices.offset : indices.offset + len(indices)] == 0] = null_code
    return codes


def _ints(array: pa.Array) -> np.ndarray:
    """An int32 array without nulls as numpy, zero-copy; ``to_numpy`` would import pandas (0.3 s, 300 modules)."""
    if array.type != pa.int32() or array.null_count:
        raise Corrupt("expected int32 values without nulls")
    return np.frombuffer(array.buffers()[1], dtype=np.int32, count=len(array), offset=array.offset * 4)


def _python_values(column: pa.ChunkedArray) -> list:
    """``column.to_pylist()``, with lists as tuples, chunk by chunk (see :func:`_array_values`)."""
    return [value for chunk in column.chunks for value in _array_values(chunk)]


def _array_values(array: pa.Array) -> list:
    """``array.to_pylist()``, with lists as tuples; for dictionary and list columns 10–30× faster.

    (pyarrow builds a scalar per value of a dictionary array: 3 s for a million.)
    """
    if pa.types.is_dictionary(array.type):
        values = [*array.dictionary.to_pylist(), None]
        return [values[i] for i in _codes(array.indices, len(values) - 1).tolist()]
    if pa.types.is_list(array.type):
        flat, offsets = array.flatten().to_pylist(), _ints(array.offsets).tolist()
        return [tuple(flat[a:b]) for a, b in pairwise(offsets)]
    return array.to_pylist()


def _arrays(table: pa.Table) -> list[pa.ChunkedArray]:
    """The table's columns, one chunk per record batch written; ``column[i]`` finds its chunk by binary search."""
    return list(table.columns)


class _Built(Sequence):
    """A sequence whose items are built on first access (``_item``), with slices and negative indices."""

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._item(index)

    def _item(self, index: int):
        raise NotImplementedError


class _ById(Mapping[str, Claim]):
    """Claims by id; the full index of ids is built only when a lookup misses what decoding has seen."""

    def __init__(self, claims: StoredClaims):
        self._claims = claims

    def __getitem__(self, claim_id: str) -> Claim:
        row = self._claims.row_of(claim_id)
        if row is None:
            raise KeyError(claim_id)
        return self._claims[row]

    def __contains__(self, claim_id: object) -> bool:
        return isinstance(claim_id, str) and self._claims.row_of(claim_id) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self._claims.ids())

    def __len__(self) -> int:
        return len(self._claims)


class StoredClaims(_Built, IndexedClaims):
    """The claims of a stored entry, each built on first access and kept."""

    def __init__(self, table: pa.Table, meta: dict):
        self._table = table
        self._columns = _arrays(table)
        self._id_column, self._date_column, self._districts_column = self._columns[0], self._columns[1], self._columns[4]
        self._built: dict[int, Claim] = {}
        self._rows: dict[str, int] = {}  # id → row, for every claim built or named by a decoded state
        self._all_rows: dict[str, int] | None = None
        self._all: tuple[Claim, ...] | None = None
        self._by_date: tuple[np.ndarray, np.ndarray] | None = None
        self._lock = threading.Lock()
        self._dates = [dt.date.fromordinal(o) for o in meta["dates"]]
        self._place_ids = frozenset(p["id"] for p in meta["gazetteer"]["places"])
        self._uses_evidence = bool(meta["uses_evidence"])
        if len(self._dates) != len(set(meta["dates"])):
            raise Corrupt("repeated dates")

    def __len__(self) -> int:
        return self._table.num_rows

    def _item(self, index: int) -> Claim:
        if self._all is not None:
            return self._all[index]
        claim = self._built.get(index)
        if claim is None:
            claim = self._built[index] = self._build(index)
        return claim

    def _build(self, row: int) -> Claim:
        values = [column[row].as_py() for column in self._columns]
        values[1] = dt.date.fromordinal(values[1])
        for tupled in _TUPLE_FIELDS:
            values[tupled] = tuple(values[tupled])
        self._rows[values[0]] = row
        return _claim(*values)

    def __iter__(self) -> Iterator[Claim]:
        return iter(self.all())

    def all(self) -> tuple[Claim, ...]:
        """Every claim, built column by column (exports, grading): 5× faster than row by row."""
        with self._lock:
            if self._all is None:
                columns = [_python_values(column) for column in self._columns]
                ordinals = columns[1]
                days = {o: dt.date.fromordinal(o) for o in set(ordinals)}
                columns[1] = [days[o] for o in ordinals]
                self._all = tuple(map(_claim, *columns))  # equal to any claim built one by one before
        return self._all

    def id_at(self, row: int) -> str:
        """The id of the claim in ``row``, remembered so that looking it up later needs no index."""
        claim_id = self._id_column[row].as_py()
        self._rows[claim_id] = row
        return claim_id

    def row_of(self, claim_id: str) -> int | None:
        row = self._rows.get(claim_id)
        if row is None:
            with self._lock:
                if self._all_rows is None:
                    self._all_rows = {c: i for i, c in enumerate(self._id_column.to_pylist())}
            row = self._all_rows.get(claim_id)
        return row

    def ids(self) -> list[str]:
        return self._id_column.to_pylist()

    @property
    def by_id(self) -> Mapping[str, Claim]:
        return _ById(self)

    @property
    def dates(self) -> list[dt.date]:
        return self._dates

    @property
    def uses_evidence(self) -> bool:
        return self._uses_evidence

    def _at(self, rows: pa.Array) -> list[Claim]:
        return [self[i] for i in rows.to_pylist()]

    def on_day(self, day: dt.date) -> list[Claim]:
        with self._lock:
            if self._by_date is None:  # rows in date order (file order within a day), and their dates
                dates = np.concatenate([_ints(c) for c in self._date_column.chunks]) if len(self) else np.empty(0, np.int32)
                order = np.argsort(dates, kind="stable")
                self._by_date = (order, dates[order])
        order, sorted_dates = self._by_date
        ordinal = day.toordinal()
        start, stop = np.searchsorted(sorted_dates, ordinal, side="left"), np.searchsorted(sorted_dates, ordinal, side="right")
        return [self[i] for i in order[start:stop].tolist()]

    def about(self, unit_id: str) -> list[Claim]:
        column = self._districts_column
        if unit_id in self._place_ids:
            column = self._columns[CLAIM_SCHEMA.names.index("places")]
        flat = pc.list_flatten(column)
        parents = pc.list_parent_indices(column)
        return self._at(pc.unique(parents.filter(pc.equal(flat, unit_id))))

    def day_counts(self) -> dict[dt.date, int]:
        counts = pc.value_counts(self._date_column)
        days, numbers = counts.field("values").to_pylist(), counts.field("counts").to_pylist()
        return {dt.date.fromordinal(d): n for d, n in zip(days, numbers, strict=True)}

    def report_counts(self) -> dict[tuple[str | None, str | None], int]:
        counts: dict[tuple[str | None, str | None], int] = {}
        for by, report in zip(self._columns[7].chunks, self._columns[8].chunks, strict=True):
            by_values, report_values = [*by.dictionary.to_pylist(), None], [*report.dictionary.to_pylist(), None]
            by_codes, report_codes = _codes(by.indices, len(by_values) - 1), _codes(report.indices, len(report_values) - 1)
            pairs, numbers = np.unique(by_codes * len(report_values) + report_codes, return_counts=True)
            for pair, number in zip(pairs.tolist(), numbers.tolist(), strict=True):
                key = (by_values[pair // len(report_values)], report_values[pair % len(report_values)])
                counts[key] = counts.get(key, 0) + number
        return counts


class _States(_Built, Sequence[DistrictState]):
    """One district's states under one view, decoded on first access."""

    def __init__(self, timeline: StoredTimeline, start: int, stop: int):
        self._timeline, self._start, self._stop = timeline, start, stop
        self._built: dict[int, DistrictState] = {}

    def __len__(self) -> int:
        return self._stop - self._start

    def _item(self, index: int) -> DistrictState:
        state = self._built.get(index)
        if state is None:
            state = self._built[index] = self._timeline.state_at(self._start + index)
        return state


class _View(Mapping[str, tuple[list[dt.date], Sequence[DistrictState]]]):
    """A view's change points by district: dates at once (small), states lazily."""

    def __init__(self, timeline: StoredTimeline, spans: dict[str, list[int]]):
        self._timeline, self._spans = timeline, spans
        self._districts: dict[str, tuple[list[dt.date], Sequence[DistrictState]]] = {}
        self._states: dict[str, _States] = {}

    def __getitem__(self, district: str) -> tuple[list[dt.date], Sequence[DistrictState]]:
        found = self._districts.get(district)
        if found is None:
            start, stop = self._spans[district]
            dates = [dt.date.fromordinal(o) for o in self._timeline.state_dates[start:stop].tolist()]
            found = self._districts[district] = (dates, self.states(district))
        return found

    def states(self, district: str) -> _States:
        """The district's states alone: a lookup by date needs no date objects (:meth:`StoredTimeline.state`)."""
        states = self._states.get(district)
        if states is None:
            start, stop = self._spans[district]
            states = self._states[district] = _States(self._timeline, start, stop)
        return states

    def __iter__(self) -> Iterator[str]:
        return iter(self._spans)

    def __len__(self) -> int:
        return len(self._spans)


class StoredTimeline(TimelineQueries):
    """A :class:`~core.rules.Timeline` whose change points were computed by another process (:func:`write`)."""

    def __init__(self, dataset: Dataset, claims: StoredClaims, words: pa.Table, states: pa.Table, spans: dict):
        self.dataset = dataset
        self._claims = claims
        self._words, self._states = _arrays(words), _arrays(states)
        # int32 ordinals, searched without building dates
        chunks = [_ints(chunk) for chunk in self._states[0].chunks]
        self.state_dates = np.concatenate(chunks) if chunks else np.empty(0, np.int32)
        self._built_words: dict[int, Word] = {}
        for column in (self._words[4], self._words[7], self._states[3]):
            _in_range(column, len(claims), "a claim row")
        _in_range(self._states[4], words.num_rows, "a word row")
        if set(spans) != set(self.views):
            raise Corrupt("views differ from the dataset's")
        units = set(dataset.gazetteer.unit_ids)
        for view, by_district in spans.items():
            if set(by_district) != units:
                raise Corrupt(f"districts of view {view} differ from the gazetteer's")
            for start, stop in by_district.values():
                if not 0 <= start <= stop <= states.num_rows:
                    raise Corrupt("a span points outside the states")
        self._spans = spans
        self._views = {view: _View(self, by_district) for view, by_district in spans.items()}

    def changes(self, district: str, view: str = CONSENSUS) -> list[tuple[dt.date, DistrictState]]:
        """The stored change points of ``district`` under ``view``, with their states."""
        self.check_view(view)
        dates, states = self._views[view][district]
        return list(zip(dates, states, strict=True))

    def state(self, district: str, date: dt.date, view: str = CONSENSUS) -> DistrictState:
        """As :meth:`Timeline.state`, by a binary search over the stored ordinals: no date objects built."""
        self.check_view(view)
        start, stop = self._spans[view][district]
        index = int(np.searchsorted(self.state_dates[start:stop], date.toordinal(), side="right")) - 1
        if index < 0:
            return UNKNOWN
        return self._views[view].states(district)[index]

    def change_categories(self, district: str, view: str = CONSENSUS) -> list[tuple[dt.date, str, str | None]]:
        """As :meth:`Timeline.change_categories`, from two columns: no state is built (a raster of 398 districts)."""
        self.check_view(view)
        start, stop = self._spans[view][district]
        dates = [dt.date.fromordinal(o) for o in self.state_dates[start:stop].tolist()]
        statuses, holders = (_python_values(self._states[i].slice(start, stop - start)) for i in (1, 2))
        return list(zip(dates, statuses, holders, strict=True))

    def _ids_at(self, rows: list[int]) -> tuple[str, ...]:
        return tuple(self._claims.id_at(r) for r in rows)

    def word_at(self, row: int) -> Word:
        word = self._built_words.get(row)
        if word is None:
            side, date, status, holder, claims, qualified, hedged, notes, weak, since = (c[row].as_py() for c in self._words)
            date, claims = dt.date.fromordinal(date), self._ids_at(claims)
            if qualified:
                since_date = dt.date.fromordinal(since) if since is not None else None
                word = Word(side, date, status, holder, claims, hedged, self._ids_at(notes), weak, since_date, qualified=True)
            else:
                word = Word(side, date, status, holder, claims)
            self._built_words[row] = word
        return word

    def state_at(self, row: int) -> DistrictState:
        _, status, holder, claims, words = (c[row].as_py() for c in self._states)
        return DistrictState(status, holder, self._ids_at(claims), tuple(self.word_at(w) for w in words))

BATCH_ROWS = 1 << 16  # rows per record batch written: bounds the Python lists alive while writing


class _TableWriter:
    """Rows appended as Python values, written as Arrow record batches of :data:`BATCH_ROWS`."""

    def __init__(self, path: Path, schema: pa.Schema):
        self.path, self.schema, self.rows = path, schema, 0
        self._sink = pa.OSFile(str(path), "wb")
        # One dictionary per field, growing batch by batch (a file takes deltas, not replacements).
        self._writer = ipc.new_file(self._sink, schema, options=ipc.IpcWriteOptions(emit_dictionary_deltas=True))
        self._columns: list[list] = [[] for _ in schema]
        self._codes: list[dict[str, int] | None] = [{} if pa.types.is_dictionary(f.type) else None for f in schema]

    def add(self, *values) -> None:
        for column, value in zip(self._columns, values, strict=True):
            column.append(value)
        self.rows += 1
        if len(self._columns[0]) >= BATCH_ROWS:
            self.flush()

    def flush(self) -> None:
        if not self._columns[0]:
            return
        arrays = []
        for field, values, codes in zip(self.schema, self._columns, self._codes, strict=True):
            if codes is None:
                arrays.append(pa.array(values, field.type))
                continue
            indices = pa.array([None if v is None else codes.setdefault(v, len(codes)) for v in values], pa.int32())
            arrays.append(pa.DictionaryArray.from_arrays(indices, pa.array(list(codes), pa.string())))
        self._writer.write_batch(pa.RecordBatch.from_arrays(arrays, schema=self.schema))
        self._columns = [[] for _ in self.schema]

    def close(self) -> str:
        """Finish the file; its SHA-256."""
        self.flush()
        self._writer.close()
        self._sink.close()
        return _file_digest(self.path)


def write_entry(temp: Path, key: str, dataset: Dataset, timeline: Timeline) -> None:
    """Write the entry's tables, meta.json and manifest.json into the directory ``temp``."""
    rows: dict[str, int] = {}
    claims = _TableWriter(temp / "claims.arrow", CLAIM_SCHEMA)
    for row, c in enumerate(dataset.claims):
        rows[c.id] = row
        claims.add(c.id, c.date.toordinal(), c.source, c.status, c.districts, c.holder, c.quote, c.reported_by, c.report, c.url,
                   c.covers_all, c.district_refs, c.line, c.party, c.hedged, c.time, c.after, c.undated, c.places, c.place_refs)
    word_rows: dict[int, int] = {}  # id(word) → row; every word stays alive in the timeline meanwhile
    words = _TableWriter(temp / "words.arrow", WORD_SCHEMA)

    def word_row(w: Word) -> int:
        row = word_rows.get(id(w))
        if row is None:
            row = word_rows[id(w)] = words.rows
            qualified = w.qualified
            since = w.since.toordinal() if qualified and w.since else None
            notes = [rows[c] for c in w.notes] if qualified else []
            words.add(w.side, w.date.toordinal(), w.status, w.holder, [rows[c] for c in w.claims], qualified,
                      qualified and w.hedged, notes, qualified and w.weak, since)
        return row

    states = _TableWriter(temp / "states.arrow", STATE_SCHEMA)
    spans: dict[str, dict[str, list[int]]] = {}
    for view in timeline.views:
        spans[view] = {}
        for district in dataset.gazetteer.unit_ids:
            start = states.rows
            for date, state in timeline.changes(district, view):
                claim_rows, word_rows_of_state = [rows[c] for c in state.claims], [word_row(w) for w in state.words]
                states.add(date.toordinal(), state.status, state.holder, claim_rows, word_rows_of_state)
            spans[view][district] = [start, states.rows]
    digests = {"claims.arrow": claims.close(), "words.arrow": words.close(), "states.arrow": states.close()}
    meta = json.dumps(_meta(dataset, spans), ensure_ascii=False).encode("utf-8")
    (temp / "meta.json").write_bytes(meta)
    digests["meta.json"] = hashlib.sha256(meta).hexdigest()
    manifest = {"format": FORMAT, "key": key, "files": digests, "written": time.time()}
    (temp / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")


def _file_digest(path: Path) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def _meta(dataset: Dataset, spans: dict) -> dict:
    g = dataset.gazetteer
    boundaries = {f.name: getattr(g.boundaries, f.name) for f in fields(BoundarySettings)}
    boundaries["file"] = str(boundaries["file"]) if boundaries["file"] else None
    return {
        "gazetteer": {
            "region": g.region,
            "path": str(g.path) if g.path else None,
            "boundaries": boundaries,
            "districts": [
                {"id": d.id, "name": d.name, "aliases": list(d.aliases), "name_local": d.name_local, "code": d.code,
                 "seat": [d.seat.lat, d.seat.lon] if d.seat else None, "line": d.line}
                for d in g.districts
            ],
            "places": [
                {"id": p.id, "name": p.name, "kind": p.kind, "point": [p.point.lat, p.point.lon], "district": p.district,
                 "aliases": list(p.aliases), "approximate": p.approximate, "line": p.line}
                for p in g.places
            ],
        },
        "parties": [{f.name: getattr(p, f.name) for f in fields(Party)} for p in dataset.parties],
        "sources": [{f.name: getattr(s, f.name) for f in fields(Source)} for s in dataset.sources],
        "settings": {f.name: getattr(dataset.settings, f.name) for f in fields(Settings)},
        "acled": dataset.acled,
        "claims_path": str(dataset.claims_path) if dataset.claims_path else None,
        "dates": [d.toordinal() for d in dataset.dates],
        "uses_evidence": dataset.uses_evidence,
        "spans": spans,
    }

