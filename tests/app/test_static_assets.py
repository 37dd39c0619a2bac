"""components.static_assets: the app's own copy of Leaflet, made once and kept whole."""

from __future__ import annotations

from pathlib import Path

from components.static_assets import ensure_static_assets
from webmap.offline import find_leaflet_dist


def test_ensure_static_assets_copies_once(tmp_path: Path) -> None:
    target = ensure_static_assets(tmp_path)
    assert target == tmp_path / "static" / "vendor" / find_leaflet_dist().vendor_name
    files = sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file())
    assert "leaflet.js" in files and "leaflet.css" in files and "images/layers.png" in files
    stamp = (target / "leaflet.js").stat().st_mtime_ns
    (target / "leaflet.js").unlink()
    ensure_static_assets(tmp_path)  # a deleted copy comes back
    assert (target / "leaflet.js").stat().st_mtime_ns == stamp  # copy2 keeps the source's time
    assert not list(target.rglob("*.tmp"))
