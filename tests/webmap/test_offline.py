"""webmap.offline: folium maps that load nothing from a CDN, and the standalone page that inlines Leaflet."""

from __future__ import annotations

import re

import folium
import folium.plugins
import pytest

from webmap.hatching import HatchPatterns, hatch_fill
from webmap.offline import (
    VIEWPORT,
    WIDGETS_LEFT_OUT,
    OfflineAssetError,
    _inline_leaflet,
    drop_rules,
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


def test_the_standalone_page_is_a_readers_page_with_its_heading_escaped() -> None:
    m = offline_map((35.4, 69.7), 9, heading='Khinj <script>alert("x")</script> & {{ 7 * 7 }}')
    page = standalone_html(m)
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    # Pinch-zoom allowed (WCAG 1.4.4): folium's tag, which forbids it, is replaced, not added to.
    assert re.findall(r'<meta name="viewport"[^>]*>', page) == [VIEWPORT]
    assert "user-scalable" not in page and "maximum-scale" not in page
    # One main landmark holding the page's one h1 and the map.
    body = page[page.index("<body>") : page.index("</body>")]
    assert body.count("<main") == 1 and body.count("<h1") == 1
    main = body[body.index("<main") : body.index("</main>")]
    assert '<h1 class="cm-title">Khinj &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; {{ 7 * 7 }}</h1>' in main
    assert f'id="{m.get_name()}"' in main
    assert "<script>alert" not in page  # text, never markup
    # nor a template: {{ 7 * 7 }} stays as typed (49 may appear inside folium's random hex map id)
    assert re.search(r"(?<![0-9a-f])49(?![0-9a-f])", main) is None


def test_a_standalone_page_without_a_heading_has_no_empty_h1() -> None:
    page = standalone_html(offline_map((35.4, 69.7), 9))
    assert "<h1" not in page and '<html lang="en">' in page and "<main" in page


def test_the_export_leaves_out_the_css_of_leaflet_widgets_it_never_draws() -> None:
    css = ".a,.leaflet-popup b{x:1}.leaflet-popup{y:2}@media print{.leaflet-control-layers{z:3}.b{w:4}}.c{v:5}"
    assert drop_rules(css, WIDGETS_LEFT_OUT) == ".a{x:1}@media print{.b{w:4}}.c{v:5}"
    full, _ = _inline_leaflet(find_leaflet_dist())
    lean, _ = _inline_leaflet(find_leaflet_dist(), vector_only=True)
    assert "leaflet-popup" in full and not any(name in lean for name in WIDGETS_LEFT_OUT)
    assert ".leaflet-tooltip{" in lean and ".leaflet-tooltip-pane{" in lean and ".leaflet-control-zoom" in lean  # what the map draws stays
