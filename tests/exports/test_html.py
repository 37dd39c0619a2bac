"""The standalone HTML export without a browser: safe JSON, compact data, size against folium.

The size test builds folium's ``TimeSliderChoropleth`` (a style per district per day)
for the same timeline and geometry and compares. The page itself -- headlines written
by the browser, claims, shapes -- is driven in Chromium by
``tests/browser/test_export_html_offline.py``.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import ClassVar

import pytest
import yaml

from core.rules import ComputedTimeline, Timeline
from core.style import fill_color, is_hatched
from exports.html import DATA_ELEMENT_ID, PRECISION, encode_geometries, export_html
from tests.scenarios import DISTRICTS, claim
from webmap.hatching import hatch_fill
from webmap.scripts import minify_js, script_json
from yamldata.loader import load_dataset

REPO = Path(__file__).resolve().parents[2]
SHP = REPO.parent / "shared" / "data" / "geoboundaries-AFG-ADM2" / "geoBoundaries-AFG-ADM2.shp"
needs_shapes = pytest.mark.skipif(not SHP.exists(), reason="../shared boundary data not beside the repo")
HOSTILE = "Khinj is ours </script><script>window.__pwned=1</script> <!-- & more"


@pytest.fixture(autouse=True)
def _cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("CONTROL_MAP_CACHE_DIR", str(tmp_path / "cache"))


def _shapes(dataset):
    from geo import load_boundaries

    return load_boundaries(dataset.gazetteer, SHP)


def _data_block(text: str) -> dict:
    start = text.index(f'id="{DATA_ELEMENT_ID}">') + len(f'id="{DATA_ELEMENT_ID}">')
    return json.loads(text[start : text.index("</script>", start)])


def test_script_json_cannot_close_its_script_element():
    text = script_json({"q": "</script><script>alert(1)</script> <!-- & \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"q": "</script><script>alert(1)</script> <!-- & \u2028"}


def test_data_block_holds_each_text_once_and_change_points_only(files):
    from geo import schematic

    files.write(
        [
            claim("c1", "2021-09-01", "red-spox", ["North"], holder="red", quote=HOSTILE),
            claim("c2", "2021-09-03", "blue-spox", ["East"], holder="blue"),
            claim("c3", "2021-09-05", "wire", ["East", "South"], status="contested"),
        ]
    )
    dataset = files.dataset()
    text = export_html(ComputedTimeline(dataset), schematic(dataset.gazetteer), dt.date(2021, 9, 1), "consensus")
    assert "</script><script>window.__pwned" not in text and "<!-- & more" not in text
    data = _data_block(text)
    assert data["start"] == "2021-09-01" and data["days"] == 5 and data["day"] == 0
    # Change points only: north c1 (claimed); south c3 (contested); east c2 (claimed), c3 (contested).
    assert [[change[0] for change in d["changes"]] for d in data["districts"]] == [[0], [4], [2, 4]]
    assert [c[3] for c in data["claims"]].count(HOSTILE) == 1  # each text once
    assert text.count("window.__pwned=1") == 1
    assert data["warning"].startswith("Schematic shapes — official boundaries unavailable")


def test_the_page_defines_the_patterns_its_states_paint_and_no_other():
    dataset = load_dataset(REPO / "districts.yaml", REPO / "claims.yaml")
    from geo import schematic

    text = export_html(ComputedTimeline(dataset), schematic(dataset.gazetteer), dataset.dates[-1], "consensus")
    start = text.index("window.__hatchPatterns({") + len("window.__hatchPatterns(")
    spec = json.loads(text[start : text.index(");", start)])
    painted = {c["fill"] for c in _data_block(text)["categories"] if "fill" in c}
    assert painted and {f"url(#{p['id']})" for p in spec["patterns"]} == painted


#: Issue 22's limit on the Panjshir page: 10 % over the 228,904 B it measured before the reader's map.
PANJSHIR_EXPORT_LIMIT = 251_794


@needs_shapes
def test_the_panjshir_export_stays_within_its_size_limit():
    """The bundled data on the real boundaries; the page grows with the claims' text, so a new
    claim may move this figure a little, but the page's own parts (script, shapes) must not."""
    dataset = load_dataset(REPO / "districts.yaml", REPO / "claims.yaml")
    size = len(export_html(ComputedTimeline(dataset), _shapes(dataset), dt.date(2021, 9, 5), "consensus").encode("utf-8"))
    assert size <= PANJSHIR_EXPORT_LIMIT, f"the Panjshir export is {size:,} B, over its {PANJSHIR_EXPORT_LIMIT:,} B limit"


def test_date_outside_the_claims_stretches_the_slider(files):
    from geo import schematic

    files.write([claim("c1", "2021-09-04", "red-spox", ["North"], holder="red")])
    dataset = files.dataset()
    data = _data_block(export_html(ComputedTimeline(dataset), schematic(dataset.gazetteer), dt.date(2021, 9, 10), "red"))
    assert (data["start"], data["days"], data["day"], data["view"]) == ("2021-09-04", 7, 6, "red")
    assert data["viewLabel"] == "Red Army's own claims"


def test_only_the_claims_of_words_travel_each_once_in_date_order(files):
    from geo import schematic

    files.write(
        [
            claim(
                "c1", "2021-09-01", "red-spox", ["North", "East"], holder="red", reported_by="Wire", report="Fall", url="https://x.org/a"
            ),
            claim("c2", "2021-09-02", "wire", ["North"], holder="red", reported_by="Wire", report="Fall", url="https://x.org/a"),
            claim("c3", "2021-09-03", "blue-spox", ["North"], holder="blue"),
            claim("c4", "2021-09-04", "ngo", None, status="statement"),
        ]
    )
    dataset = files.dataset()
    timeline = ComputedTimeline(dataset)
    data = _data_block(export_html(timeline, schematic(dataset.gazetteer), dt.date(2021, 9, 3), "consensus"))
    said = {c for d in dataset.gazetteer.ids for _, state in timeline.changes(d) for w in state.words for c in w.claims}
    rows = data["claims"]
    assert sorted(r[0] for r in rows) == sorted(said) == ["c1", "c2", "c3"]  # the statement about no place stays out
    assert [r[0] for r in rows] == sorted((r[0] for r in rows), key=lambda i: (dataset.claim(i).date, i))
    assert [r[4] for r in rows] == [[0, 0, 0], [0, 0, 0], [0, 1, 0]]  # what each says: held, by red, red, blue; firm
    assert [data["outlets"][r[5]] for r in rows if r[0] in ("c1", "c2")] == ["Wire", "Wire"]  # one "Wire" in the table
    assert data["outlets"].count("Wire") == 1 and data["urls"].count("https://x.org/a") == 1
    # Every word a change point cites as deciding carries the claims the rules decided with.
    for index, district in enumerate(dataset.gazetteer.ids):
        for change, (day, state) in zip(data["districts"][index]["changes"], timeline.changes(district), strict=True):
            cited = {rows[c][0] for ref in change[2:] if ref >= 0 for c in data["words"][ref][2:]}
            assert change[0] == (day - dt.date(2021, 9, 1)).days and cited == set(state.claims)


def test_a_state_not_made_of_whole_words_carries_its_claims(files):
    """No rule makes one today; if one ever does, the page must still list exactly its claims."""
    from core.rules import DistrictState, Word
    from geo import schematic

    files.write(
        [
            claim("c1", "2021-09-01", "red-spox", ["North"], holder="red"),
            claim("c2", "2021-09-01", "red-spox", ["North"], holder="red"),
        ]
    )
    dataset = files.dataset()
    day = dt.date(2021, 9, 1)
    word = Word("red", day, "held", "red", ("c1", "c2"))
    odd = DistrictState("claimed", "red", ("c2",), (word,))  # one claim of a two-claim word

    class OddTimeline:
        def __init__(self) -> None:
            self.dataset = dataset

        def changes(self, district: str, view: str) -> list:
            return [(day, odd)] if district in ("north", "east") else []

    data = _data_block(export_html(OddTimeline(), schematic(dataset.gazetteer), day, "consensus"))
    north, _, east = (d["changes"] for d in data["districts"])
    for change in (north[0], east[0]):
        assert [data["claims"][c][0] for c in change[-1]] == ["c2"]  # claim rows, not ids, in every copy
        assert [data["claims"][c][0] for c in data["words"][change[2]][2:]] == ["c1", "c2"]  # the word keeps both


def test_jinja_syntax_in_yaml_text_stays_text(files):
    """branca compiles a MacroElement's output as a Jinja template: the data must never pass through it."""
    from geo import schematic

    trap = "{{ 7*7 }} {% endfor %} {# x #} {{ cycler.__init__.__globals__ }}"
    files.write(
        [claim("c1", "2021-09-01", "red-spox", ["North"], holder="red", quote=trap, report=trap)],
        districts={**DISTRICTS, "region": "Test {{ 6*7 }} land"},
    )
    dataset = files.dataset()
    text = export_html(ComputedTimeline(dataset), schematic(dataset.gazetteer), dt.date(2021, 9, 1), "consensus")
    data = _data_block(text)
    assert data["claims"][0][3] == trap and trap in data["reports"]
    assert data["title"].startswith("Test {{ 6*7 }} land") and "Test {{ 6*7 }} land" in text.split("</title>")[0]


def test_geometry_is_delta_encoded_on_the_export_grid():
    from shapely.geometry import MultiPolygon, Polygon

    hole = [(69.30001, 36.10004), (69.4, 36.1), (69.4, 36.2)]
    square = Polygon([(69.123456, 35.987654), (70.0, 35.98765), (70.0, 36.5), (69.12346, 36.5)], [hole])
    shapes = [square, None, MultiPolygon([square, Polygon([(71, 34), (72, 34), (72, 35)])])]
    encoded = encode_geometries(shapes)
    assert encoded[1] is None and len(encoded[0]) == 1 and len(encoded[2]) == 2

    def decode(steps: list[int]) -> list[tuple[float, float]]:
        points, x, y = [], 0, 0
        for dx, dy in zip(steps[::2], steps[1::2], strict=True):
            x, y = x + dx, y + dy
            points.append((x / 10**PRECISION, y / 10**PRECISION))
        return points

    outer, inner = (decode(ring) for ring in encoded[0][0])
    assert len(outer) == 4 and len(inner) == 3  # rings travel unclosed; the page closes them
    assert {(round(x, 6), round(y, 6)) for x, y in outer} == {(69.1235, 35.9877), (70.0, 35.9877), (70.0, 36.5), (69.1235, 36.5)}


def test_minified_script_has_no_comments_short_local_names_and_still_parses(tmp_path):
    from webmap.timemap import script_source, timemap_script

    source = script_source()
    js = timemap_script()
    assert "/*" not in js and "\n  " not in js
    assert "function controlMapApp(" in js  # the top-level name, which the page calls, is kept
    assert "function controlMapApp(map,data,host)" not in js  # its parameters are local: shortened
    assert "var ControlMap=" in js and "ControlMap.days=" in js  # the parts' one object
    assert "fills:" in js  # property names are never renamed
    assert "$comment" not in js  # the shared tables' notes stay home
    assert len(js) < 0.5 * len(source)
    node = shutil.which("node")
    if node:  # a syntax check where Node is installed; the browser tests run it for real
        (tmp_path / "page.js").write_text(js, encoding="utf-8")
        import subprocess

        assert subprocess.run([node, "--check", str(tmp_path / "page.js")], capture_output=True).returncode == 0


def test_a_construct_newer_than_es5_fails_to_minify_rather_than_ship():
    with pytest.raises(SyntaxError, match=r"Unexpected .answer. at 1:7"):
        minify_js("const answer = () => 42;")


def test_an_es_module_is_only_stripped():
    js = minify_js("// the loader\nexport default function (component) {\n  return component;\n}\n", module=True)
    assert js == "export default function(component){return component;}"


# --------------------------------------------------------------------------- size


class _UninlinedTimeSlider:
    """folium's TimeSliderChoropleth on the same offline base as ours, for a fair size.

    Same Leaflet (inlined), the same district and neighbour geometry on the same grid
    (GeoJSON, its format, where ours delta-encodes it), same hatch patterns. Its d3 and
    moment.js, which it needs to run, are left out rather than inlined: that favours it
    by some 300 kB.
    """

    @staticmethod
    def html(timeline: Timeline, boundaries, view: str = "consensus") -> str:
        from folium import GeoJson
        from folium.plugins import TimeSliderChoropleth

        from exports.html import long_hex
        from geo.geojson import geometries_json
        from webmap.hatching import HatchPatterns
        from webmap.offline import OfflineMap, standalone_html

        class OfflineTimeSlider(TimeSliderChoropleth):
            default_js: ClassVar[list] = []

        dataset = timeline.dataset
        first, last = dataset.dates[0], dataset.dates[-1]
        days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
        styledict = {}
        for row in boundaries.districts.itertuples():
            per_day = {}
            for day in days:
                state = timeline.state(row.id, day, view)
                color = long_hex(fill_color(state, dataset))
                stamp = str(int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp()))
                per_day[stamp] = {"color": hatch_fill(color) if is_hatched(state) else color, "opacity": 1.0 if is_hatched(state) else 0.8}
            styledict[row.id] = per_day
        features = [
            {"type": "Feature", "id": row.id, "properties": {}, "geometry": json.loads(g)}
            for row, g in zip(boundaries.districts.itertuples(), geometries_json(boundaries.districts.geometry, PRECISION), strict=True)
        ]
        neighbours = [
            {"type": "Feature", "properties": {}, "geometry": json.loads(g)}
            for g in geometries_json(boundaries.neighbours.geometry, PRECISION)
        ]
        west, south, east, north = boundaries.districts.total_bounds
        m = OfflineMap(location=((south + north) / 2, (west + east) / 2), zoom_start=9, inline_assets=True)
        GeoJson({"type": "FeatureCollection", "features": neighbours}).add_to(m)
        HatchPatterns([long_hex(p.color) for p in dataset.parties]).add_to(m)
        OfflineTimeSlider(json.dumps({"type": "FeatureCollection", "features": features}), styledict).add_to(m)
        return standalone_html(m)


def _campaign(tmp_path: Path, days: int) -> tuple[Path, Path]:
    """The real parties and sources, with a made-up campaign of ``days`` days over the seven districts."""
    seed = yaml.safe_load((REPO / "claims.yaml").read_text(encoding="utf-8"))
    ids = ["bazarak", "dara", "khinj", "paryan", "rukha", "shutul", "unaba"]
    speakers = {"taliban": "karimi", "nrf": "dashti"}
    witnesses = ["roggio", "emergency", "ap-witnesses", "telegraph"]
    start = dt.date(2021, 8, 15)
    claims = []
    for k, offset in enumerate(range(0, days, 3)):
        district = ids[(k * 3) % 7]
        holder = "taliban" if (k // 5) % 2 == 0 else "nrf"
        date = (start + dt.timedelta(days=offset)).isoformat()
        quote = f"Day {offset}: {holder} forces say they hold {district} after heavy fighting near the district centre."
        claims.append(
            {
                "id": f"p{k}",
                "date": date,
                "source": speakers[holder],
                "districts": [district],
                "status": "held",
                "holder": holder,
                "quote": quote,
            }
        )
        if k % 4 == 0:
            claims.append(
                {
                    "id": f"w{k}",
                    "date": date,
                    "source": witnesses[(k // 4) % 4],
                    "districts": [district],
                    "status": "contested",
                    "quote": f"Witnesses describe fighting in {district} on day {offset}.",
                }
            )
    claims[-1]["date"] = (start + dt.timedelta(days=days - 1)).isoformat()
    shutil.copy(REPO / "districts.yaml", tmp_path / "districts.yaml")
    doc = {"parties": seed["parties"], "sources": seed["sources"], "claims": claims}
    (tmp_path / "claims.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return tmp_path / "districts.yaml", tmp_path / "claims.yaml"


@needs_shapes
def test_change_points_beat_a_style_per_district_per_day(tmp_path):
    sizes = {}
    for label, files in (
        ("seed, 3 days", (REPO / "districts.yaml", REPO / "claims.yaml")),
        ("campaign, 120 days", _campaign(tmp_path, 120)),
    ):
        dataset = load_dataset(*files)
        timeline = ComputedTimeline(dataset)
        boundaries = _shapes(dataset)
        ours = len(export_html(timeline, boundaries, dataset.dates[-1], "consensus").encode("utf-8"))
        theirs = len(_UninlinedTimeSlider.html(timeline, boundaries).encode("utf-8"))
        days = (dataset.dates[-1] - dataset.dates[0]).days + 1
        sizes[label] = (ours, theirs)
        what = f"{label} ({days} days, {len(dataset.claims)} claims)"
        print(f"\n{what}: ours {ours:,} bytes, TimeSliderChoropleth {theirs:,} bytes ({ours / theirs:.0%})")
    # Ours carries every deciding claim's text, the explanations, the table, the legend and the
    # reader's map's script, which TimeSliderChoropleth has none of (nor its own d3 and moment.js
    # here): at three days, on the province's coarse neighbours, it is the bigger page. A style per
    # district per day grows with the days; change points, delta-encoded geometry and headlines
    # written by the page do not: over a campaign ours is smaller, and grew less.
    (seed_ours, seed_theirs), (ours, theirs) = sizes["seed, 3 days"], sizes["campaign, 120 days"]
    assert ours < theirs
    assert ours - seed_ours < theirs - seed_theirs
