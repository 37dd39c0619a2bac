"""Loading for the app: hot reload on file change, and the last valid data on a bad edit.

A rerun only stats the two files; they are re-read (and re-validated through
``yamldata.loader``, which caches by content hash) when their size or mtime changed.
When an edit is invalid, the problems are returned alongside the last valid data so
the page can show a banner and keep the map.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

import streamlit as st

from core.errors import Problem
from core.model import Dataset
from core.rules import Timeline
from yamldata.loader import check_dataset, store_in_background, timeline_of


@dataclass
class Loaded:
    dataset: Dataset | None
    timeline: Timeline | None
    problems: list[Problem] = field(default_factory=list)
    fingerprint: tuple = ()  # of the files as they were when this was loaded


@dataclass
class _Memory:
    lock: threading.Lock = field(default_factory=threading.Lock)
    fingerprints: dict = field(default_factory=dict)  # paths -> (fingerprint, Loaded)
    last_valid: dict = field(default_factory=dict)  # paths -> (Dataset, Timeline)
    graded: dict = field(default_factory=dict)  # (id(dataset), grade) -> (dataset, its graded subset, Timeline)


@st.cache_resource
def _memory() -> _Memory:
    """Process-wide: shared by sessions, so a new visitor also gets the last valid data."""
    return _Memory()


def _fingerprint(path: Path) -> tuple:
    try:
        stat = os.stat(path)
    except OSError:
        return (str(path), None)
    return (str(path), stat.st_size, stat.st_mtime_ns, stat.st_ino)


def load(districts: Path, claims: Path) -> Loaded:
    """The data to show now, with any problems of the files as they are on disk."""
    memory = _memory()
    key = (str(districts), str(claims))
    fingerprint = (_fingerprint(districts), _fingerprint(claims))
    with memory.lock:
        seen = memory.fingerprints.get(key)
        if seen is not None and seen[0] == fingerprint:
            return seen[1]
        dataset, problems = check_dataset(districts, claims)
        if dataset is None:
            previous = memory.last_valid.get(key)
            loaded = Loaded(previous[0] if previous else None, previous[1] if previous else None, problems, fingerprint)
        else:
            previous = memory.last_valid.get(key)
            if previous and previous[0] is dataset:
                timeline = previous[1]
            else:
                timeline = timeline_of(dataset)  # read with the dataset from the store, else built
                store_in_background(dataset, timeline)  # a big file's next process starts from the store
            memory.last_valid[key] = (dataset, timeline)
            loaded = Loaded(dataset, timeline, fingerprint=fingerprint)
        memory.fingerprints[key] = (fingerprint, loaded)
        return loaded


def graded(loaded: Loaded, minimum: str | None) -> tuple[Dataset, Timeline]:
    """The dataset and timeline counting only sources graded ``minimum`` or better; built once per dataset and grade."""
    assert loaded.dataset is not None and loaded.timeline is not None
    if minimum in (None, "F"):
        return loaded.dataset, loaded.timeline
    memory = _memory()
    key = (id(loaded.dataset), minimum)
    with memory.lock:
        found = memory.graded.get(key)
        if found is None or found[0] is not loaded.dataset:
            memory.graded = {k: v for k, v in memory.graded.items() if v[0] is loaded.dataset}  # drop older datasets'
            subset = loaded.dataset.graded(minimum)
            found = memory.graded[key] = (loaded.dataset, subset, timeline_of(subset))
    return found[1], found[2]


def files_changed(districts: Path, claims: Path, loaded: Loaded) -> bool:
    """Whether either file changed on disk since ``loaded`` was read: two ``stat`` calls.

    A slider step reruns only the day's fragment; it asks this and reruns the whole
    page (which reloads) when the reader has saved an edit meanwhile."""
    return (_fingerprint(districts), _fingerprint(claims)) != loaded.fingerprint
