"""Make file geometries usable: 2-D, valid, polygonal (multipart kept), at a bounded cost.

GEOS's validity check and ``make_valid`` cost what the shape makes them cost: a 320 KB
ring that circles a tiny square 5,000 times took 12.8 GB in ``make_valid`` before
``std::bad_alloc`` (a traceback in the page), and the check alone of such a ring of a
million vertices runs for hours (its segments all overlap: pairs, n²). So the work is
bounded by vertex pairs: features whose checks together stay under
:data:`LOCAL_PAIRS` (every real district: geoBoundaries' 398 Afghan ones are 0.02 % of it)
are checked here; the rest, and every invalid geometry's repair, go to a helper process
with a memory budget (:data:`REPAIR_MEMORY`, ``RLIMIT_AS``) and a time limit
(:data:`REPAIR_TIMEOUT_S`). A feature that exceeds either is refused by name
(:class:`RepairFailed`), within seconds. A file of valid districts never starts the helper.
"""

from __future__ import annotations

import os
import pickle
import queue
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable

import numpy as np
import shapely
from numpy.typing import NDArray

POLYGONAL = ("Polygon", "MultiPolygon")
#: Memory a repair may use beyond the helper's own (Python and shapely, ~150 MB): a real
#: district's bow-tie or sliver is repaired in a few MB; the 5,000-loop ring needs 12 GB.
REPAIR_MEMORY = 768 * 2**20
#: Time the helper may take for all the geometries of one file it is given.
REPAIR_TIMEOUT_S = 30.0
#: Vertex pairs (the sum of each feature's vertex count squared) checked in this process:
#: a check's worst case is about n² (measured: 0.15 s for a 20,000-vertex looping ring),
#: so this bounds it near 1.5 s; features beyond it are checked in the helper.
LOCAL_PAIRS = 4_000_000_000
#: A point a feature's outline passes through more often than this marks a ring looping over
#: itself (real outlines meet a point a few times: where parts or holes touch); such a
#: feature beyond :data:`LOCAL_PAIRS` is refused before its hours-long check.
MAX_VISITS = 100


class RepairFailed(Exception):
    """The geometry at ``index`` could not be repaired within the limits; ``reason`` says how it failed."""

    def __init__(self, index: int, reason: str):
        self.index, self.reason = index, reason
        super().__init__(f"geometry {index}: {reason}")


def polygonal_part(geometry: shapely.Geometry | None) -> shapely.Geometry:
    """The polygons of ``geometry`` as one (Multi)Polygon; empty if it has none."""
    if geometry is None or geometry.is_empty:
        return shapely.Polygon()
    if geometry.geom_type in POLYGONAL:
        return geometry
    parts = [p for p in shapely.get_parts(geometry) if p.geom_type in POLYGONAL and not p.is_empty]
    if not parts:
        return shapely.Polygon()
    polygons = [q for p in parts for q in shapely.get_parts(p)]
    return polygons[0] if len(polygons) == 1 else shapely.MultiPolygon(polygons)


def repair(geometries: NDArray[np.object_]) -> tuple[NDArray[np.object_], int]:
    """Return 2-D, valid, polygonal geometries and how many had to be repaired.

    Invalid rings (self-intersections, bow-ties) are common in hand-made files and make
    areas and overlays wrong or raise; ``make_valid`` with the *structure* method keeps
    the intended shape (holes stay holes) and, unlike ``buffer(0)``, never drops parts.
    Raises :class:`RepairFailed` (with the index in ``geometries``) for one whose check
    or repair exceeds the memory budget or the time limit.
    """
    geometries = shapely.force_2d(np.asarray(geometries, dtype=object))
    missing = np.array([g is None for g in geometries], dtype=bool)
    pairs = shapely.get_num_coordinates(geometries).astype(np.float64) ** 2
    local = ~missing & (np.cumsum(np.where(missing, 0, pairs)) <= LOCAL_PAIRS)
    valid = np.zeros(len(geometries), dtype=bool)
    valid[local] = shapely.is_valid(geometries[local])
    for index in np.flatnonzero(~missing & ~local):
        _check_loops(geometries[index], int(index))
    to_check = np.flatnonzero(~missing & ~valid)  # invalid ones, and those too costly to check here
    fixed = geometries.copy()
    repaired = 0
    if len(to_check):
        for at, (changed, geometry) in zip(to_check.tolist(), made_valid(geometries[to_check], to_check.tolist()), strict=True):
            fixed[at] = geometry
            repaired += changed
    out = np.array([polygonal_part(g) for g in fixed], dtype=object)
    return out, repaired


def _check_loops(geometry: shapely.Geometry, index: int) -> None:
    """RepairFailed if the outline passes through one point more than :data:`MAX_VISITS` times (O(n log n))."""
    # Each point as one complex number x + yj: np.unique sorts those ~20x faster than rows
    # (axis=0 sorts a structured view; 2 s for a million points here, now 0.08 s).
    points = np.ascontiguousarray(shapely.get_coordinates(geometry), dtype=np.float64).view(np.complex128).ravel()
    _, visits = np.unique(points, return_counts=True)
    if len(visits) and visits.max() > MAX_VISITS:
        raise RepairFailed(index, f"its outline passes through the same point {int(visits.max()):,} times (a ring looping over itself)")


# The helper: reads (memory budget, [WKB, ...]) pickled on stdin, sets its address-space
# limit to what it uses now plus the budget, then for each geometry sends ("start", i) and
# ("done", i, WKB of the repaired geometry, or None when it was valid) or ("error", i,
# reason), each pickled behind its 8-byte length.
_HELPER = """
import pickle, re, resource, struct, sys
import shapely
out = sys.stdout.buffer
def send(message):
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    out.write(struct.pack("<Q", len(data)) + data)
    out.flush()
budget, items = pickle.load(sys.stdin.buffer)
try:
    with open("/proc/self/status", "rb") as status:
        used = int(re.search(rb"VmSize:\\s+(\\d+)", status.read())[1]) * 1024
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = used + budget if hard == resource.RLIM_INFINITY else min(used + budget, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
except (OSError, TypeError, ValueError):
    pass  # no /proc: the time limit still holds
for index, wkb in enumerate(items):
    send(("start", index))
    try:
        geometry = shapely.from_wkb(wkb)
        if shapely.is_valid(geometry):
            send(("done", index, None))
            continue
        geometry = shapely.make_valid(geometry, method="structure", keep_collapsed=False)
        send(("done", index, shapely.to_wkb(geometry)))
    except MemoryError:
        send(("error", index, "ran out of memory"))  # the parent adds the limits
    except Exception as exc:
        reason = "ran out of memory" if "bad_alloc" in str(exc) else f"{type(exc).__name__}: {exc}"
        send(("error", index, reason))
"""


def made_valid(geometries: NDArray[np.object_], indices: list[int]) -> list[tuple[bool, shapely.Geometry]]:
    """(repaired, geometry) for each geometry: itself if valid, else its ``make_valid`` (structure method), in the bounded helper.

    ``indices`` name the geometries in :class:`RepairFailed` (their rows in the file).
    """
    payload = pickle.dumps((REPAIR_MEMORY, [shapely.to_wkb(g) for g in geometries]), protocol=pickle.HIGHEST_PROTOCOL)
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    try:
        process = subprocess.Popen([sys.executable, "-c", _HELPER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
    except OSError as exc:
        raise RepairFailed(indices[0], f"its shape could not be checked: the helper process did not start ({exc})") from exc
    messages: queue.Queue = queue.Queue()
    threading.Thread(target=_read_messages, args=(process.stdout, messages.put), daemon=True).start()
    deadline = time.monotonic() + REPAIR_TIMEOUT_S
    results: list[tuple[bool, shapely.Geometry]] = []
    current = 0
    try:
        try:
            process.stdin.write(payload)  # type: ignore[union-attr]  # a pipe
            process.stdin.close()  # type: ignore[union-attr]
        except OSError:
            pass  # the helper died; its missing answer says so below
        while len(results) < len(indices):
            try:
                message = messages.get(timeout=max(deadline - time.monotonic(), 0))
            except queue.Empty:
                raise RepairFailed(indices[current], f"checking and repairing its shape took over {REPAIR_TIMEOUT_S:g} s") from None
            if message is None:
                raise RepairFailed(indices[current], f"repairing its shape stopped (out of its {REPAIR_MEMORY // 2**20} MB?)")
            if message[0] == "start":
                current = message[1]
            elif message[0] == "error":
                limits = f"{REPAIR_MEMORY // 2**20} MB, {REPAIR_TIMEOUT_S:g} s"
                raise RepairFailed(indices[message[1]], f"repairing its invalid shape {message[2]} (limits: {limits})")
            elif message[2] is None:
                results.append((False, geometries[len(results)]))
            else:
                results.append((True, shapely.from_wkb(message[2])))
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
        process.stdout.close()  # type: ignore[union-attr]  # a pipe
    return results


def _read_messages(stream, put: Callable[[object], None]) -> None:
    """Each message the helper sends, then None when it has stopped (ended, or killed)."""
    try:
        while header := stream.read(8):
            if len(header) < 8:
                break
            data = stream.read(struct.unpack("<Q", header)[0])
            put(pickle.loads(data))  # the helper is our own code, run by us, on geometries we sent
    except (OSError, ValueError, EOFError, pickle.UnpicklingError):
        pass
    put(None)
