"""One measurement, run in its own process so its peak memory is its own.

``python -m benchmarks.case WHAT DISTRICTS CLAIMS`` prints one JSON object. Peak memory
is the process's peak resident set (``VmHWM`` of /proc/self/status): everything the
interpreter held at its worst moment, file bytes and parsed objects included, not just
Python allocations that tracemalloc would see. (``ru_maxrss`` would be wrong here: a
forked child inherits the runner's peak.) ``baseline_mb`` is the same figure right
after imports, before any work.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from core.model import Dataset
    from core.rules import Timeline


def _peak_mb() -> float:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # not Linux: may include the parent's


def _timed(fn):
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


TIMELINE_REPEATS = 3


def _every_view(dataset: Dataset) -> Timeline:
    """A fresh timeline and every view of it, every change point of every district (what the app's map needs)."""
    from yamldata import loader

    timeline = loader.timeline_of(dataset)  # as the app builds it: its views with the collector paused
    first = dataset.gazetteer.ids[0]
    for view in timeline.views:
        timeline.changes(first, view)  # computes the whole view, every district
    return timeline


def measure(what: str, districts: Path, claims: Path, other: Path | None = None) -> dict:
    """Run one case: ``dataset`` (load, timeline, cached reload, store), ``state`` (load, one day),
    ``timelines`` (``claims`` against ``other``, in turn), ``restart`` (from the store), ``pyyaml`` or ``yaml-rs``."""
    result: dict = {"what": what}
    if what == "pyyaml":
        import yaml

        text = claims.read_text(encoding="utf-8")
        result["baseline_mb"] = _peak_mb()
        _, result["seconds"] = _timed(lambda: yaml.load(text, Loader=yaml.CSafeLoader))
    elif what == "yaml-rs":
        import yaml_rs

        text = claims.read_text(encoding="utf-8")
        result["baseline_mb"] = _peak_mb()
        _, result["seconds"] = _timed(lambda: yaml_rs.loads(text))
    elif what == "dataset":
        from yamldata import loader, store

        result["baseline_mb"] = _peak_mb()
        loader.clear_cache()
        dataset, result["load_seconds"] = _timed(lambda: loader.load_dataset(districts, claims))
        result["path"] = loader.last_claims_path()
        result["claims"] = len(dataset.claims)
        result["districts"] = len(dataset.gazetteer.districts)
        result["load_peak_mb"] = _peak_mb()

        timeline, result["timeline_seconds"] = _timed(lambda: _every_view(dataset))
        result["change_points"] = sum(len(timeline.changes(d, v)) for v in timeline.views for d in dataset.gazetteer.ids)
        _, result["cached_reload_seconds"] = _timed(lambda: loader.load_dataset(districts, claims))
        result["cached_reload_path"] = loader.last_claims_path() or "cache"
        result["peak_mb_before_store"] = _peak_mb()
        # What the app then does off the request path: the store, for the next process.
        thread = loader.store_in_background(dataset, timeline)
        if thread is not None:
            _, result["store_write_seconds"] = _timed(thread.join)
            result["store_mb"] = sum(f.stat().st_size for f in store.store_dir().rglob("*") if f.is_file()) / 1e6
    elif what == "state":
        # The issue's own metric, as ``python -m control state --date LAST`` pays it in a new
        # process on a fresh file: load + validate, then one day's states (the consensus view).
        # Not from the store the "dataset" case may have written: the file is parsed and checked.
        os.environ["CONTROL_MAP_STORE"] = "0"
        from yamldata import loader

        result["baseline_mb"] = _peak_mb()
        loader.clear_cache()
        dataset, result["load_seconds"] = _timed(lambda: loader.load_dataset(districts, claims))
        result["path"] = loader.last_claims_path()

        def one_day() -> None:
            timeline = loader.timeline_of(dataset)
            timeline.states_on(dataset.dates[-1])
            timeline.place_states_on(dataset.dates[-1])

        _, result["state_seconds"] = _timed(one_day)
    elif what == "timelines":
        # The evidence fields' cost: the timeline of the file with them (``other``) against the
        # same claims without, each a fresh timeline with every view, in turn, TIMELINE_REPEATS
        # times. The least of each is the ratio's figure: one measurement on a shared machine
        # moves by ±30%, the least of a few does not.
        from yamldata import loader

        os.environ["CONTROL_MAP_STORE"] = "0"
        assert other is not None, "the timelines case compares two claims files"
        datasets = {"plain": loader.load_dataset(districts, claims), "evidence": loader.load_dataset(districts, other)}
        for _ in range(TIMELINE_REPEATS):
            for name, dataset in datasets.items():
                _, seconds = _timed(lambda dataset=dataset: _every_view(dataset))
                result.setdefault(f"{name}_seconds", []).append(seconds)
    elif what == "restart":
        # A second process on the same files, after "dataset" stored them: what a restart
        # or another replica pays before its first map, then for every claim built.
        from yamldata import loader

        result["baseline_mb"] = _peak_mb()
        dataset, result["load_seconds"] = _timed(lambda: loader.load_dataset(districts, claims))
        result["path"] = loader.last_claims_path()

        def first_map():
            timeline = loader.timeline_of(dataset)
            return timeline.states_on(dataset.dates[-1])

        _, result["first_states_seconds"] = _timed(first_map)
        result["start_seconds"] = result["load_seconds"] + result["first_states_seconds"]
        result["start_peak_mb"] = _peak_mb()
        _, result["all_claims_seconds"] = _timed(lambda: len(tuple(dataset.claims)))
    else:
        raise ValueError(f"unknown case {what!r}")
    result["peak_mb"] = _peak_mb()
    return result


def main(argv: list[str] | None = None) -> int:
    what, districts, claims, *other = (argv or sys.argv[1:])[:4]
    print(json.dumps(measure(what, Path(districts), Path(claims), Path(other[0]) if other else None)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
