"""paused_gc: the collector is off during a build, back on after, and a big build is frozen."""

from __future__ import annotations

import gc
import threading

import pytest

from yamldata import gcpause
from yamldata.gcpause import paused_gc


@pytest.fixture(autouse=True)
def unfrozen():
    gc.unfreeze()
    yield
    gc.unfreeze()  # what a test froze goes back to the collector


def test_a_big_build_is_frozen_and_the_collector_comes_back():
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
        built = [[i] for i in range(gcpause.FREEZE_AFTER + 1000)]  # lists: tracked by the collector
    assert gc.isenabled()
    assert gc.get_freeze_count() >= len(built)
    assert gc.get_count()[0] < 100  # nothing young left to walk


def test_a_small_build_is_left_to_the_collector():
    with paused_gc():
        built = [[i] for i in range(1000)]
    assert gc.isenabled() and gc.get_freeze_count() == 0
    assert len(built) == 1000


def test_frozen_objects_are_still_freed_when_unreferenced():
    import weakref

    class Node:
        pass

    with paused_gc():
        built = [[i] for i in range(gcpause.FREEZE_AFTER + 1000)]
        kept = Node()
        probe = weakref.ref(kept)
    assert gc.get_freeze_count() > 0
    del kept, built
    assert probe() is None  # reference counting does not care about generations


def test_nothing_is_frozen_when_the_collector_was_off_before():
    gc.disable()
    try:
        with paused_gc():
            built = [[i] for i in range(gcpause.FREEZE_AFTER + 1000)]
        assert not gc.isenabled() and gc.get_freeze_count() == 0 and built
    finally:
        gc.enable()


def test_garbage_from_before_a_big_build_is_collected_not_frozen():
    import weakref

    class Node:
        pass

    cycle = Node()
    cycle.me = cycle  # only the collector can free this
    probe = weakref.ref(cycle)
    del cycle
    with paused_gc():
        built = [[i] for i in range(gcpause.FREEZE_AFTER + 1000)]
    assert gc.get_freeze_count() >= len(built)
    assert probe() is None


def test_gc_comes_back_after_overlapping_builds():
    assert gc.isenabled()
    inside = threading.Barrier(2)

    def build():
        with paused_gc():
            inside.wait()
            assert not gc.isenabled()

    threads = [threading.Thread(target=build) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert gc.isenabled()
