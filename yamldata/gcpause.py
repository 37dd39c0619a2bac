"""Pausing Python's cyclic garbage collector while building many objects at once.

The data layer's one garbage-collection policy: :mod:`yamldata.loader` pauses the
collector while it reads a dataset and while a shared timeline builds its words or a
view (the rules in :mod:`core.rules` set no policy of their own), and the HTML export
while it writes its payload.

Loading a million claims creates millions of dicts, Claims and Words; each few
thousand new objects trigger a collection that walks every live object again
(measured 2–7× slower at 100k claims). Nothing built here forms reference cycles, so
collection can wait until the build is over. A counter makes overlapping builds in
several threads (Streamlit sessions) safe: the collector comes back on when the last
one ends, and only if it was on before the first began.

A big build is then frozen (:func:`gc.freeze`) before the collector comes back. Left
young, its objects would be walked by the next collection of each generation in turn
(at 100k claims × 398 districts: ~0.1 s after loading, ~0.2 s after the timeline, then
~0.3 s for the first full collection, and again at every later full collection while
the data is alive). Frozen, they are never walked; they are still freed as usual when
nothing refers to them. The price: cyclic garbage alive at that moment is never
reclaimed, nor anything it refers to. So the young generations are collected when the
pause begins (a few thousand objects at most: cheap), which leaves only what other
threads threw away during the build; and small builds — a hand-edited file — are never
frozen: only a build that left :data:`FREEZE_AFTER` new objects or more.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

FREEZE_AFTER = 50_000  # objects tracked by the collector, created and still alive

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    global _depth, _was_enabled
    if gc.isenabled():  # no build under way: garbage from before this one must not be frozen with it
        gc.collect(1)  # outside the lock, as it may run finalizers
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                if gc.get_count()[0] >= FREEZE_AFTER:  # young objects: allocations minus frees since the last collection
                    gc.freeze()
                gc.enable()
