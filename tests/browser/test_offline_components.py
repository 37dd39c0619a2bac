"""webmap.offline and webmap.hatching without a browser (fast), and the app without static serving."""

from __future__ import annotations

import re
from pathlib import Path

import folium
import folium.plugins
import pytest
from harness import REPO_ROOT, SHP, running_streamlit, wait_for_script_idle
from playwright.sync_api import Page, expect

from components.static_assets import ensure_static_assets
from webmap.hatching import HatchPatterns, hatch_fill, hatch_id, normalize_hex
from webmap.offline import (
    OfflineAssetError,
    external_references,
    find_leaflet_dist,
    leaflet_urls,
    offline_map,
    standalone_html,
)

#: URLs of <script src> and <link href> tags: what the page loads.
SRC_HREF = re.compile(r"""<(?:script|link)\b[^>]*?\b(?:src|href)=["']([^"']+)["']""")


def full_map() -> folium.Map:
    """A map with every element kind the app uses."""
    m = offline_map((35.4, 69.7), 9)
    group = folium.FeatureGroup(name="districts").add_to(m)
    HatchPatterns(["#C53030"]).add_to(group)
    polygon = {
        "type": "Feature",
        "properties": {"name": "A"},
        "geometry": {"type": "Polygon", "coordinates": [[[69, 35], [70, 35], [70, 36], [69, 35]]]},
    }
    folium.GeoJson(
        polygon,
        style_function=lambda f: {"fillColor": hatch_fill("#c53030"), "fillOpacity": 1},
        tooltip=folium.GeoJsonTooltip(["name"]),
        popup=folium.GeoJsonPopup(["name"]),
    ).add_to(group)
    folium.Marker((35.5, 69.5), icon=folium.DivIcon(html="<b>A</b>"), interactive=False).add_to(m)
    return m


def test_offline_map_references_only_the_apps_leaflet() -> None:
    m = full_map()
    html = m.get_root().render()
    assert set(SRC_HREF.findall(html)) == set(leaflet_urls())
    assert external_references(m) == []
    assert "L.Icon.Default.imagePath" in html


def test_plain_folium_map_is_flagged() -> None:
    found = external_references(folium.Map(tiles=None))
    assert any("leaflet.js" in u for u in found)
    assert any("jquery" in u for u in found)


def test_cdn_plugin_refuses_to_render() -> None:
    m = offline_map((35.4, 69.7), 9)
    folium.plugins.Fullscreen().add_to(m)
    with pytest.raises(OfflineAssetError, match="external"):
        m.get_root().render()


def test_tiles_are_allowed_only_when_asked_for() -> None:
    m = offline_map((35.4, 69.7), 9, tiles="OpenStreetMap")
    m.get_root().render()  # a chosen basemap is fine
    assert external_references(m, allow_tiles=True) == []
    assert external_references(m) == ["https://tile.openstreetmap.org/{z}/{x}/{y}.png"]


def test_standalone_html_inlines_leaflet_and_links_come_back_after() -> None:
    m = full_map()
    m.get_root().render()
    html = standalone_html(m)
    assert SRC_HREF.findall(html) == []
    assert f"Leaflet {find_leaflet_dist().version}" in html
    assert "url(images/" not in html  # CSS images became data URIs
    again = m.get_root().render()
    assert set(SRC_HREF.findall(again)) == set(leaflet_urls())


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


@pytest.mark.parametrize("color", ["#c53030", "#C53030"])
def test_hatch_ids_come_from_the_colour(color: str) -> None:
    assert normalize_hex(color) == "#c53030"
    assert hatch_id(color) == "hatch-c53030"
    assert hatch_fill(color) == "url(#hatch-c53030)"


@pytest.mark.parametrize("bad", ["red", "#abc", "#c53030ff", "#c5303g", "#c53030'); alert(1);//", " #c53030", None])
def test_hatching_rejects_anything_but_rrggbb(bad: object) -> None:
    with pytest.raises(ValueError):
        hatch_id(bad)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        HatchPatterns(["#000000", bad])  # type: ignore[list-item]


def test_hatching_rejects_odd_numbers_and_a_bare_string() -> None:
    with pytest.raises(TypeError):
        HatchPatterns("#000000")
    with pytest.raises(ValueError):
        HatchPatterns(["#000000"], spacing=float("nan"))
    with pytest.raises(TypeError):
        HatchPatterns(["#000000"], angle="45); alert(1")  # type: ignore[arg-type]


def test_hatch_script_carries_the_patterns_as_json() -> None:
    m = offline_map((35.4, 69.7), 9)
    HatchPatterns(["#C53030", "#2b6cb0", "#c53030"]).add_to(m)
    html = m.get_root().render()
    assert html.count('"id": "hatch-c53030"') == 1
    assert '"id": "hatch-2b6cb0"' in html


@pytest.mark.browser
def test_without_static_serving_the_page_says_how_to_fix_it(page: Page, tmp_path: Path) -> None:
    args = ["--boundaries", str(SHP)] if SHP.exists() else []
    with running_streamlit(
        REPO_ROOT / "app.py", extra_args=["--server.enableStaticServing", "false"], script_args=args, log_dir=tmp_path
    ) as server:
        page.goto(server.url)
        wait_for_script_idle(page)
        expect(page.get_by_text("enableStaticServing = true")).to_be_visible()
