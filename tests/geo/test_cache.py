"""Cache location and atomic writes."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import platformdirs
import pytest
import shapely

from geo.cache import APP_NAME, CACHE_ENV, atomic_path, atomic_write, cache_dir, cached_path
from geo.geojson import feature_collection_json, geometries_json, geometries_size
from yamldata.cachedir import OLD_APP_NAME, user_cache


def test_cache_dir_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))  # never the real user's
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "env"))
    assert cache_dir(tmp_path / "arg") == tmp_path / "arg"
    assert cache_dir() == tmp_path / "env"
    monkeypatch.delenv(CACHE_ENV)
    assert cache_dir() == Path(platformdirs.user_cache_dir(APP_NAME)) == tmp_path / "user-cache" / "control-map"


def test_the_old_cache_folder_is_moved_to_the_generic_name_or_still_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv(CACHE_ENV, raising=False)
    old = tmp_path / OLD_APP_NAME
    (old / "datasets").mkdir(parents=True)
    (old / "boundaries.geojson").write_text("kept", encoding="utf-8")
    assert cache_dir() == tmp_path / "control-map"
    assert (tmp_path / "control-map" / "boundaries.geojson").read_text(encoding="utf-8") == "kept" and not old.exists()
    assert cache_dir() == tmp_path / "control-map"  # once moved, found under its new name
    # Both there: the new one is used and the old one left alone.
    (old / "x").mkdir(parents=True)
    assert user_cache(tmp_path / "control-map", old) == tmp_path / "control-map" and (old / "x").is_dir()
    # The old one cannot be moved (another filesystem, no permission): it is still used.
    monkeypatch.setattr("os.replace", lambda a, b: (_ for _ in ()).throw(PermissionError("read-only")))
    assert user_cache(tmp_path / "elsewhere", old) == old


def test_cached_path_is_per_url_and_keeps_the_suffix(tmp_path: Path):
    a = cached_path("https://example.org/r1/AFG-ADM2.geojson", tmp_path)
    b = cached_path("https://example.org/r2/AFG-ADM2.geojson", tmp_path)
    assert a != b and a.suffix == b.suffix == ".geojson" and a.parent == tmp_path
    assert a == cached_path("https://example.org/r1/AFG-ADM2.geojson", tmp_path)
    assert cached_path("https://example.org/download?id=3", tmp_path).suffix == ".geojson"


def test_atomic_write_replaces_whole_files_only(tmp_path: Path):
    target = tmp_path / "sub" / "file.geojson"
    atomic_write(target, b"first")
    assert target.read_bytes() == b"first"
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_bytes(b"half")
        raise RuntimeError("interrupted")
    assert target.read_bytes() == b"first"
    assert sorted(p.name for p in target.parent.iterdir()) == ["file.geojson"]


def test_geojson_rounds_and_has_no_nan():
    text = feature_collection_json([shapely.Point(69.123456789, 35.1), None], [{"area": math.nan, "n": np.int64(1)}, {}])
    assert text == (
        '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"area":null,"n":1},'
        '"geometry":{"type":"Point","coordinates":[69.12346,35.1]}},{"type":"Feature","properties":{},"geometry":null}]}'
    )
    assert json.loads(text)["features"][0]["geometry"]["coordinates"] == [69.12346, 35.1]


def test_geometries_size_is_the_length_of_the_json():
    shapes = [shapely.box(69.0, 35.0, 69.123456, 35.5), shapely.Point(1, 2)]
    assert geometries_size(np.array(shapes, dtype=object)) == len(
        json.dumps(json.loads(f"[{','.join(geometries_json(shapes))}]"), separators=(",", ":"))
    )
