"""The map's geometry-once plumbing without a browser: file, payload, escaping, caching."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest

from components.static_assets import GENERATED_DIR, publish_generated
from control.explain import deciding_claims, headline
from control.loader import load_dataset, load_gazetteer
from control.rules import Timeline
from geo import schematic
from webmap import choropleth
from webmap.choropleth import geometry_base_map, state_layer, state_payload_for
from webmap.geometry_once import (
    DistrictGeometry,
    GeometryLayers,
    build_district_geometry,
    district_geometry,
    geometry_script,
    script_json,
    state_payload,
)
from webmap.scripts import content_name

REPO = Path(__file__).resolve().parents[1]
STYLES = {"neighbour_style": {}, "loading_style": {}, "highlight_style": {}}


@pytest.fixture(scope="module")
def panjshir():
    dataset = load_dataset(REPO / "districts.yaml", REPO / "claims.yaml")
    return dataset, Timeline(dataset), schematic(load_gazetteer(REPO / "districts.yaml"), [])


def test_script_json_cannot_close_a_script_and_round_trips():
    data = {"q": "</script><!-- & \u2028\u2029 \"' <img src=x onerror=alert(1)>"}
    text = script_json(data)
    for bad in ("<", ">", "&", "\u2028", "\u2029"):
        assert bad not in text
    assert json.loads(text) == data


def test_geometry_file_districts_first_then_neighbours(panjshir):
    dataset, _, boundaries = panjshir
    geometry = build_district_geometry(boundaries)
    collection = json.loads(geometry.text)
    districts = [f for f in collection["features"] if f["properties"]["role"] == "district"]
    assert [f["properties"]["id"] for f in districts] == list(dataset.gazetteer.ids) == list(geometry.ids)
    assert set(districts[0]["properties"]) == {"id", "name", "label_lat", "label_lon", "label_rank", "role"}
    assert sorted(f["properties"]["label_rank"] for f in districts) == list(range(7))
    assert geometry.digest == hashlib.sha256(geometry.text.encode()).hexdigest()[:16]
    assert geometry.filename == f"{geometry.digest}.geojson"


def test_geometry_is_computed_once_per_boundaries_object(panjshir):
    _, _, boundaries = panjshir
    first = district_geometry(boundaries)
    assert district_geometry(boundaries) is first
    other = schematic(load_gazetteer(REPO / "districts.yaml"), [])
    assert district_geometry(other) is not first
    assert district_geometry(other).digest == first.digest  # same shapes, same name


def test_payload_is_small_and_selected_has_its_own_category(panjshir):
    dataset, timeline, boundaries = panjshir
    geometry = district_geometry(boundaries)
    payload = state_payload_for(geometry, dataset, timeline, dt.date(2021, 9, 5), "consensus", "paryan", "generated/t.json")
    assert payload["g"] == geometry.digest and len(payload["i"]) == 7
    assert payload["d"] == "2021-09-05" and payload["u"] == "generated/t.json"
    styles = [payload["c"][i][0] for i in payload["i"]]
    assert styles[geometry.ids.index("paryan")]["weight"] == 3
    assert all(s["weight"] == 1.2 for i, s in enumerate(styles) if geometry.ids[i] != "paryan")
    layer_js = state_layer(state_payload_for(geometry, dataset, timeline, dt.date(2021, 9, 5), "consensus", None))
    text = layer_js._children[next(iter(layer_js._children))].payload_json
    assert "coordinates" not in text and "Roggio" not in text  # no shapes, no tooltip text in a step
    assert len(text) < 1_000
    with pytest.raises(ValueError):
        state_payload_for(geometry, dataset, timeline, dt.date(2021, 9, 5), "consensus", None, "https://cdn.example.org/t.json")


def test_tooltip_table_has_each_districts_state_at_each_change(panjshir):
    dataset, timeline, boundaries = panjshir
    geometry = district_geometry(boundaries)
    table = json.loads(choropleth.tooltip_table_json(geometry, dataset, timeline, "consensus"))
    assert len(table) == len(geometry.ids)
    for district_id, entries in zip(geometry.ids, table, strict=True):
        assert entries[0][0] == "" and entries[0][1][2].startswith("No information")
        assert [e[0] for e in entries[1:]] == [d.isoformat() for d, _ in timeline.changes(district_id, "consensus")]
        for day, tooltip in entries[1:]:
            state = timeline.state(district_id, dt.date.fromisoformat(day), "consensus")
            assert tooltip[0] == dataset.gazetteer.by_id(district_id).name
            assert tooltip[2] == headline(state, dataset)
            speakers = [dataset.source(c.source).name for c in deciding_claims(state, dataset)]
            assert [c[0] for c in tooltip[3]] == speakers[: choropleth.MAX_TOOLTIP_CLAIMS]
            assert tooltip[4] == max(len(speakers) - choropleth.MAX_TOOLTIP_CLAIMS, 0)
    khinj = table[geometry.ids.index("khinj")]
    assert any("Khinj" in tooltip[0] for _, tooltip in khinj)


def test_tooltip_table_gives_way_to_short_tooltips_over_budget(panjshir, monkeypatch):
    dataset, timeline, boundaries = panjshir
    geometry = district_geometry(boundaries)
    assert choropleth.tooltip_table_json(geometry, dataset, timeline, "consensus") is not None
    monkeypatch.setattr(choropleth, "MAX_TOOLTIP_TABLE_CHARS", 100)
    assert choropleth.tooltip_table_json(geometry, dataset, timeline, "consensus") is None


def test_yaml_text_is_never_run_as_a_jinja_template():
    """branca re-compiles rendered element output as Jinja when a whole page renders."""
    import folium

    label = "Party {{ 7*7 }} {# c #} {% if 1 %}x{% endif %} {{{ cycler.__init__ }}"
    assert json.loads(script_json({"a": label, "b": [{}, {"c": {}}]})) == {"a": label, "b": [{}, {"c": {}}]}
    geometry = DistrictGeometry("{}", "0" * 16, ("a",))
    m = folium.Map(tiles=None)
    state_layer(state_payload(geometry, [({"fillColor": "#000000"}, label)], [0])).add_to(m)
    page = m.get_root().render()
    start = page.index("__applyDistrictState(") + len("__applyDistrictState(")
    payload, _ = json.JSONDecoder().raw_decode(page[start:])
    assert payload["c"][0][1] == label and "Party 49" not in page


def test_payload_checks_its_shape():
    geometry = DistrictGeometry("{}", "0" * 16, ("a", "b"))
    with pytest.raises(ValueError):
        state_payload(geometry, [({}, "x")], [0])
    with pytest.raises(ValueError):
        state_payload(geometry, [({}, "x")], [0, 1])


def test_base_map_is_constant_and_carries_no_geometry(panjshir):
    from streamlit_folium import generate_js_hash, generate_leaflet_string

    dataset, _, boundaries = panjshir
    geometry = district_geometry(boundaries)
    colors = [p.color for p in dataset.parties]
    scripts = []
    for _ in range(2):  # what st_folium does with the map on each rerun
        m = geometry_base_map(boundaries, geometry, "generated/a.geojson", colors, script_url="generated/b.js")
        html = m.get_root().render()
        m.render()
        scripts.append(generate_leaflet_string(m))
    assert "coordinates" not in html and "generated/b.js" in html and "window.__geometryOnce(" in scripts[0]
    assert generate_js_hash(scripts[0], "k") == generate_js_hash(scripts[1], "k")  # same component: no remount
    assert len(scripts[0]) < 6_000
    assert "innerHTML" not in geometry_script()  # names and labels go in as text


def test_geometry_layers_refuses_other_origins():
    geometry = DistrictGeometry("{}", "0" * 16, ())
    with pytest.raises(ValueError):
        GeometryLayers("https://cdn.example.org/x.geojson", geometry, **STYLES)
    with pytest.raises(ValueError):
        GeometryLayers("x.geojson", geometry, script_url="//cdn.example.org/x.js", **STYLES)
    inline = GeometryLayers("x.geojson", geometry, **STYLES)
    assert inline.default_js == [] and "__geometryOnce" in inline.inline_js
    linked = GeometryLayers("x.geojson", geometry, script_url="y.js", **STYLES)
    assert linked.default_js == [("geometry_once", "y.js")] and linked.inline_js == ""
    name = content_name(geometry_script(), ".js")
    assert name.endswith(".js") and name != content_name(geometry_script() + " ", ".js")  # a new name for new code


def test_publish_generated_writes_once_atomically(tmp_path):
    url = publish_generated(tmp_path, "0123456789abcdef.geojson", '{"a":1}')
    target = tmp_path / "static" / GENERATED_DIR / "0123456789abcdef.geojson"
    assert url == f"../../app/static/{GENERATED_DIR}/0123456789abcdef.geojson"
    assert target.read_text(encoding="utf-8") == '{"a":1}'
    publish_generated(tmp_path, "0123456789abcdef.geojson", "ignored: the name is the content")
    assert target.read_text(encoding="utf-8") == '{"a":1}'
    assert [p.name for p in target.parent.iterdir()] == [target.name]  # no temporary file left
    for bad in ("../x.geojson", "notahash.geojson", "0123456789abcdef.geojson/x"):
        with pytest.raises(ValueError):
            publish_generated(tmp_path, bad, "")
