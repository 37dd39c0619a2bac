"""Testland: a region drawn for the tests of ``python -m control init``, far from Afghanistan and in another CRS.

Two provinces (``ADM1_EN`` North and South) of six districts each on a grid of
20 km × 15 km cells near 48° N, 24° E, written as a GeoPackage in EPSG:3035 (metres,
the European LAEA grid) with a code column (``ADM2_PCODE``). The file's names are
messy the way real files are: ``Dale- End``, ``Ironwood(Upper)``, and ``Nordvik`` in
both provinces. Avalon has a hole in which Minnow lies, a district 1.5 km across whose
name cannot fit inside it at a province's zoom. Nothing here comes from real boundaries.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import shapely

WEST, SOUTH = 23.8, 47.7  # degrees, the grid's south-west corner
CELL_X, CELL_Y = 20_000.0, 15_000.0  # metres
NORTH_NAMES = ("Avalon", "Brookfield", "Nordvik", "Dale- End", "Eastmarch", "Fairhaven")
SOUTH_NAMES = ("Glenmoor", "Nordvik", "Highcliff", "Ironwood(Upper)", "Juniper", "Kestrel")
SMALL = "Minnow"
#: Every name as the file spells it, in file order.
NAMES = (*NORTH_NAMES, SMALL, *SOUTH_NAMES)
CRS = "EPSG:3035"


def drawn_testland() -> gpd.GeoDataFrame:
    """The districts in EPSG:3035: ``ADM2_EN``, ``ADM2_PCODE``, ``ADM1_EN`` and polygons sharing their edges."""
    origin = gpd.GeoSeries([shapely.Point(WEST, SOUTH)], crs="EPSG:4326").to_crs(CRS).iloc[0]
    rows = []
    for province, names, row0 in (("North", NORTH_NAMES, 2), ("South", SOUTH_NAMES, 0)):
        for k, name in enumerate(names):
            col, row = k % 3, row0 + k // 3
            x, y = origin.x + col * CELL_X, origin.y + row * CELL_Y
            cell = shapely.box(x, y, x + CELL_X, y + CELL_Y)
            code = f"TL{1 if province == 'North' else 2}{k + 1:02d}"
            rows.append({"ADM2_EN": name, "ADM2_PCODE": code, "ADM1_EN": province, "geometry": cell})
    avalon = rows[0]["geometry"]
    cx, cy = avalon.centroid.x, avalon.centroid.y
    small = shapely.box(cx - 750, cy - 750, cx + 750, cy + 750)
    rows[0]["geometry"] = avalon.difference(small)
    rows.insert(len(NORTH_NAMES), {"ADM2_EN": SMALL, "ADM2_PCODE": "TL107", "ADM1_EN": "North", "geometry": small})
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=CRS)


def write_testland(directory: Path) -> dict[str, Path]:
    """Write ``testland.gpkg`` (EPSG:3035), ``testland-flat.geojson`` (EPSG:4326, no province column) and
    ``south-outline.geojson`` (South province, a little larger); return them by name."""
    directory.mkdir(parents=True, exist_ok=True)
    frame = drawn_testland()
    paths = {
        "gpkg": directory / "testland.gpkg",
        "flat": directory / "testland-flat.geojson",
        "outline": directory / "south-outline.geojson",
    }
    frame.to_file(paths["gpkg"], driver="GPKG", layer="districts")
    frame.drop(columns="ADM1_EN").to_crs("EPSG:4326").to_file(paths["flat"], driver="GeoJSON")
    south = shapely.union_all(frame[frame["ADM1_EN"] == "South"].geometry.values).buffer(2_000)
    gpd.GeoDataFrame({"name": ["South"]}, geometry=[south], crs=CRS).to_crs("EPSG:4326").to_file(paths["outline"], driver="GeoJSON")
    return paths
