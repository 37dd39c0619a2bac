"""webmap.offline: folium maps that load nothing from a CDN, and the standalone page that inlines Leaflet."""

from __future__ import annotations

import re

import folium
import folium.plugins
import pytest

from webmap.hatching import HatchPatterns, hatch_fill
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
