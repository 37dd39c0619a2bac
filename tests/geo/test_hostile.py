"""Hostile boundary files end in a clear error naming the file (and the feature), within seconds and well under 1 GB.

A 320 KB ring circling a tiny square 5,000 times took 12.8 GB in GEOS's make_valid before
std::bad_alloc (a traceback in the app); a zipped shapefile with such a ring ran 400 s at
4.6 GB; a FIFO hung for ever; /dev/zero never ended; a shapefile without its .dbf or a
directory gave "columns are: " with an empty list. Every shape here is drawn by the test.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely

from geo import read, repair
from geo.errors import BoundaryError
from geo.read import read_features

REPO = Path(__file__).resolve().parents[2]
SQUARE = 0.001  # degrees: the side of the square the ring circles


def looping_ring(loops: int = 5_000) -> shapely.Polygon:
    """A ring that goes round the same tiny square ``loops`` times: 4 × loops vertices, one square's area."""
    x, y = 69.5, 35.5
    corners = np.array([(x, y), (x + SQUARE, y), (x + SQUARE, y + SQUARE), (x, y + SQUARE)])
    return shapely.polygons(np.vstack([np.tile(corners, (loops, 1)), corners[:1]]))  # a list of tuples: 3 s for 250,000 loops


def boundary_file(directory: Path, geometry: shapely.Geometry, driver: str = "GeoJSON") -> Path:
    """Paryan as ``geometry``, beside two plain squares, in a GeoJSON file or (``driver`` "zip") a zipped shapefile."""
    frame = gpd.GeoDataFrame(
        {"shapeName": ["Paryan", "Dara", "Bazarak"]},
        geometry=[geometry, shapely.box(69.6, 35.6, 69.7, 35.7), shapely.box(69.8, 35.6, 69.9, 35.7)],
        crs="EPSG:4326",
    )
    if driver == "GeoJSON":
        path = directory / "loop.geojson"
        frame.to_file(path, driver="GeoJSON")
        return path
    frame.to_file(directory / "loop.shp")
    archive = directory / "loop.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        for part in directory.glob("loop.*"):
            if part.suffix in (".shp", ".shx", ".dbf", ".prj"):
                out.write(part, part.name)
    return archive


# Checks a boundary file with `python -m control validate --boundaries FILE` in a process
# limited to 1 GiB of address space (the helper that repairs shapes inherits the limit),
# and says the exit code, how long it took, and the largest resident size of the process
# and of its helper. The message goes to stderr, as from the command line.
CAPPED_VALIDATE = """
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
from control.cli import main
start = time.monotonic()
code = main(["validate", "--boundaries", sys.argv[1]])
print(json.dumps({"code": code, "seconds": time.monotonic() - start,
                  "mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "helper_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def capped_validate(path: Path | str) -> tuple[dict, str]:
    done = subprocess.run([sys.executable, "-c", CAPPED_VALIDATE, str(path)], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout), done.stderr


@pytest.mark.parametrize(
    ("driver", "loops", "reason"),
    [
        ("GeoJSON", 5_000, "repairing its invalid shape ran out of memory (limits: 768 MB, 30 s)"),
        ("zip", 5_000, "repairing its invalid shape ran out of memory (limits: 768 MB, 30 s)"),
        # a million vertices: the check alone would run for hours (all its segments overlap)
        ("zip", 250_000, "its outline passes through the same point 250,001 times (a ring looping over itself)"),
    ],
)
def test_a_looping_ring_is_refused_naming_the_feature_within_seconds_under_1_gb(tmp_path, driver, loops, reason):
    """``validate`` says which feature and why, without a traceback (the 12.8 GB ring was once a std::bad_alloc)."""
    path = boundary_file(tmp_path, looping_ring(loops), driver)
    assert path.stat().st_size < 400_000  # 320 KB of GeoJSON; the zips are smaller
    result, stderr = capped_validate(path)
    assert result["code"] == 1 and "Traceback" not in stderr
    assert f"boundaries: {path}: feature 1 (shapeName: Paryan): {reason}; fix or remove this shape" in stderr
    assert result["seconds"] < 60  # 2-3 s here; the limit is for a machine busy with other tests
    assert result["mb"] < 1024 and result["helper_mb"] < 1024


def test_the_loop_check_counts_the_visits_of_a_point():
    """A point passed through MAX_VISITS times is allowed, once more is a looping ring (the first corner: loops + 1)."""
    repair._check_loops(looping_ring(loops=repair.MAX_VISITS - 1), 0)
    with pytest.raises(repair.RepairFailed, match=rf"same point {repair.MAX_VISITS + 1} times"):
        repair._check_loops(looping_ring(loops=repair.MAX_VISITS), 0)


def test_a_ring_looping_a_few_times_is_still_repaired(tmp_path):
    frame, warnings = read_features(boundary_file(tmp_path, looping_ring(loops=20)))
    assert frame.geometry.is_valid.all() and frame.geometry.iloc[0].area == pytest.approx(SQUARE**2)
    assert warnings == [f"{tmp_path / 'loop.geojson'}: repaired 1 invalid geometry"]


@pytest.mark.parametrize(
    ("make", "kind"),
    [(lambda p: p.symlink_to("/dev/zero"), "is a device, not a regular file"), (os.mkfifo, "is a FIFO (named pipe), not a regular file"),
     (os.mkdir, "is a directory with no shapefile in it; name the boundary file itself")],
    ids=["dev-zero", "fifo", "directory"],
)  # fmt: skip
def test_only_regular_files_are_opened_and_the_rest_refused_at_once(tmp_path, make, kind):
    path = tmp_path / "boundaries.geojson"
    make(path)
    start = time.monotonic()
    with pytest.raises(BoundaryError, match="^" + re.escape(f"{path}: {kind}")):
        read_features(path)
    assert time.monotonic() - start < 5


def test_a_fifo_beside_a_shapefile_is_refused_too(tmp_path):
    frame = gpd.GeoDataFrame({"shapeName": ["Dara"]}, geometry=[shapely.box(69, 35, 70, 36)], crs="EPSG:4326")
    frame.to_file(tmp_path / "d.shp")
    (tmp_path / "d.dbf").unlink()
    os.mkfifo(tmp_path / "d.dbf")  # GDAL would open it and wait for ever
    with pytest.raises(BoundaryError, match=r"d\.shp: d\.dbf is a FIFO \(named pipe\), not a regular file"):
        read_features(tmp_path / "d.shp")


def test_a_shapefile_without_its_dbf_is_named_as_such(tmp_path):
    frame = gpd.GeoDataFrame({"shapeName": ["Dara"]}, geometry=[shapely.box(69, 35, 70, 36)], crs="EPSG:4326")
    frame.to_file(tmp_path / "d.shp")
    (tmp_path / "d.dbf").unlink()
    with pytest.raises(BoundaryError, match=r"d\.shp: the shapefile has no d\.dbf beside it \(its attribute table"):
        read_features(tmp_path / "d.shp")
    with pytest.raises(BoundaryError, match=r": d\.shp has no d\.dbf beside it"):
        read_features(tmp_path)  # the folder, which GDAL reads as its shapefiles
    archive = tmp_path / "d.zip"
    with zipfile.ZipFile(archive, "w") as out:
        for part in ("d.shp", "d.shx", "d.prj"):
            out.write(tmp_path / part, part)
    with pytest.raises(BoundaryError, match=r"d\.zip: d\.shp has no d\.dbf beside it in the archive"):
        read_features(archive)


def test_features_without_any_attribute_are_refused_for_having_no_names(tmp_path):
    from geo.match import choose_name_field
    from tests.geo.conftest import make_gazetteer

    path = tmp_path / "bare.geojson"
    geometry = shapely.geometry.mapping(shapely.box(69, 35, 70, 36))
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, "geometry": geometry}]}))
    frame, _ = read_features(path)  # an outline (init --within) needs none
    with pytest.raises(BoundaryError, match=r"^the features have no attributes, so no names to match the districts by$"):
        choose_name_field(frame, make_gazetteer().districts)


def test_vertex_and_size_limits_name_the_feature_and_the_file(tmp_path, monkeypatch):
    path = boundary_file(tmp_path, looping_ring(loops=50))
    monkeypatch.setattr(read, "MAX_FEATURE_VERTICES", 100)
    with pytest.raises(BoundaryError, match=r"feature 1 \(shapeName: Paryan\) has 201 vertices; the limit is 100"):
        read_features(path)
    monkeypatch.setattr(read, "MAX_FEATURE_VERTICES", 10_000)
    monkeypatch.setattr(read, "MAX_VERTICES", 200)
    with pytest.raises(BoundaryError, match="211 vertices; the limit is 200"):
        read_features(path)
    monkeypatch.setattr(read, "MAX_BYTES", 1000)
    with pytest.raises(BoundaryError, match="to read; the limit is 0 MB"):
        read_features(path)
    zipped = boundary_file(tmp_path, looping_ring(loops=50), "zip")
    assert zipped.stat().st_size < 1000 * 4  # what counts is what GDAL will read: the members unpacked
    with pytest.raises(BoundaryError, match=r"loop\.zip: .* to read"):
        read_features(zipped)


def test_a_check_and_repair_over_the_time_limit_is_refused_naming_the_feature(tmp_path, monkeypatch):
    monkeypatch.setattr(repair, "REPAIR_TIMEOUT_S", 0.001)  # the helper cannot even start within it
    with pytest.raises(BoundaryError, match=r"feature 1 \(shapeName: Paryan\): checking and repairing its shape took over 0\.001 s"):
        read_features(boundary_file(tmp_path, looping_ring(loops=20)))
