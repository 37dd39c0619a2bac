"""User-named files: other formats and CRSs load as EPSG:4326; bad files are clear errors."""

from __future__ import annotations

import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely

from geo import BoundaryError, load_boundaries
from geo.measure import area_km2
from tests.geo.conftest import make_gazetteer


@pytest.fixture(scope="module")
def region(national: gpd.GeoDataFrame, reference_rows: dict[str, int]) -> gpd.GeoDataFrame:
    """Panjshir and its touching neighbours, cut from the national file at test time."""
    rows = list(reference_rows.values())
    union = shapely.union_all(national.geometry.values[rows])
    return national[national.intersects(union)].reset_index(drop=True)


def test_reprojected_geopackage_loads_back_into_wgs84(tmp_path: Path, region, gazetteer, reference_areas):
    path = tmp_path / "panjshir-utm.gpkg"
    region.to_crs("EPSG:32642").to_file(path, driver="GPKG")
    loaded = load_boundaries(gazetteer, path, allow_download=False)
    assert loaded.districts.crs.to_epsg() == 4326
    assert loaded.origin == "file" and loaded.source == str(path)
    minx, miny, maxx, maxy = loaded.districts.total_bounds
    assert 69.0 < minx < maxx < 70.6 and 35.0 < miny < maxy < 36.0
    np.testing.assert_allclose(loaded.districts["area_km2"], list(reference_areas.values()), rtol=1e-3)
    assert len(loaded.neighbours) == len(region) - 7
    # geoBoundaries columns survive the round trip, so it is still credited
    assert loaded.attribution.startswith("geoBoundaries")


def _zip_shapefile(target: Path, directory: Path) -> Path:
    with zipfile.ZipFile(target, "w") as archive:
        for part in directory.glob("geoBoundaries-AFG-ADM2.*"):
            if part.suffix in {".shp", ".shx", ".dbf", ".prj"}:
                archive.write(part, part.name)
    return target


@pytest.mark.parametrize("style", ["plain", "zip-uri"])
def test_zipped_shapefile(tmp_path: Path, national_dir, gazetteer, reference_areas, style: str):
    archive = _zip_shapefile(tmp_path / "afg-adm2.zip", national_dir)
    path = str(archive) if style == "plain" else f"zip://{archive}"
    loaded = load_boundaries(gazetteer, path, allow_download=False)
    assert loaded.districts["id"].tolist() == list(gazetteer.ids)
    np.testing.assert_allclose(loaded.districts["area_km2"], list(reference_areas.values()), rtol=1e-9)


def test_shapefile_without_crs_is_taken_as_lon_lat_with_a_warning(tmp_path: Path, region, gazetteer):
    path = tmp_path / "nocrs.shp"
    region.to_file(path)
    path.with_suffix(".prj").unlink()
    loaded = load_boundaries(gazetteer, path, allow_download=False)
    assert loaded.districts.crs.to_epsg() == 4326
    assert any("no coordinate system" in w for w in loaded.warnings)


def test_projected_file_without_crs_is_an_error(tmp_path: Path, region, gazetteer):
    path = tmp_path / "utm-nocrs.shp"
    region.to_crs("EPSG:32642").to_file(path)
    path.with_suffix(".prj").unlink()
    with pytest.raises(BoundaryError, match="no coordinate reference system"):
        load_boundaries(gazetteer, path, allow_download=False)


def test_missing_file_is_an_error_naming_it(tmp_path: Path, gazetteer):
    path = tmp_path / "nowhere.geojson"
    with pytest.raises(BoundaryError, match="file not found") as caught:
        load_boundaries(gazetteer, path)
    assert str(path) in str(caught.value)


def test_unreadable_file_is_an_error_naming_it(tmp_path: Path, gazetteer):
    path = tmp_path / "boundaries.geojson"
    path.write_text("<html><body>Not Found</body></html>", encoding="utf-8")
    with pytest.raises(BoundaryError) as caught:
        load_boundaries(gazetteer, path)
    assert str(path) in str(caught.value)
    assert "not a readable vector file" in str(caught.value) or "cannot read" in str(caught.value)


def test_configured_file_is_relative_to_the_gazetteer_and_errors_are_not_fallbacks(tmp_path: Path, region):
    (tmp_path / "districts.yaml").write_text(
        (Path(__file__).resolve().parents[2] / "districts.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    region.to_file(tmp_path / "shapes.geojson", driver="GeoJSON")
    gazetteer = make_gazetteer(tmp_path / "districts.yaml", file="shapes.geojson")
    loaded = load_boundaries(gazetteer, allow_download=False)
    assert loaded.source == str(tmp_path / "shapes.geojson") and not loaded.schematic
    assert loaded.attribution == gazetteer.boundaries.attribution

    missing = make_gazetteer(tmp_path / "districts.yaml", file="gone.geojson")
    with pytest.raises(BoundaryError, match=r"gone\.geojson: file not found"):
        load_boundaries(missing)


def test_invalid_geometry_is_repaired(tmp_path: Path, region, gazetteer, reference_areas):
    broken = region.copy()
    row = int(np.flatnonzero(broken["shapeName"] == "Rukha")[0])
    shell = np.asarray(broken.geometry.iloc[row].exterior.coords)
    # a spike: one vertex pulled across the shape makes the ring cross itself
    far = shell[len(shell) // 2] + np.array([0.0005, 0.0005])
    shell = np.concatenate([shell[:3], far[None, :], shell[3:]])
    broken.loc[row, "geometry"] = shapely.Polygon(shell)
    assert not broken.geometry.iloc[row].is_valid
    path = tmp_path / "broken.geojson"
    broken.to_file(path, driver="GeoJSON")
    loaded = load_boundaries(gazetteer, path, allow_download=False)
    assert loaded.districts.is_valid.all()
    assert any("repaired 1 invalid geometry" in w for w in loaded.warnings)
    rukha = loaded.districts.set_index("id").loc["rukha"]
    assert area_km2([rukha.geometry])[0] > 0.5 * reference_areas["rukha"]
