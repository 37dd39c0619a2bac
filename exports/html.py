"""The standalone HTML export: one file with the map, its own date slider, legend and tooltips.

For a journalist's attachment or an archive: it opens from ``file://`` with no server
and makes no network request (Leaflet is inlined by :mod:`webmap.offline`, hatching is
:mod:`webmap.hatching`'s patterns, SVG or canvas, there are no tiles). The map is the app's own
time map (:mod:`webmap.timemap`: the same script and the same data, here with every
claim and word, inlined), so scrubbing, keys, play and compare work the same.

Safety: YAML text never becomes markup. The data travels as JSON in a
``<script type="application/json">`` block with ``<``, ``>`` and ``&`` escaped (so a
quote holding ``</script>`` cannot close it); the blocks are added to the page as raw
text, never through Jinja (branca compiles a MacroElement's rendered output as a
template: a quote holding ``{{ … }}`` would be evaluated); and the map's script (``webmap/js/``)
builds every tooltip, popup and legend node with ``textContent``. Pure: no Streamlit.
"""

from __future__ import annotations

import datetime as dt
import html
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from branca.element import MacroElement

from core.dates import strfday
from core.rules import Timeline
from exports.embed import height_script
from webmap.hatching import long_hex
from webmap.offline import OfflineAssetError, OfflineMap, RawHtml, standalone_html
from webmap.scripts import minify_css, script_json
from webmap.timemap import PRECISION, TIMEMAP_CSS, encode_geometries, html_payload, timemap_patterns, timemap_script
from yamldata.gcpause import paused_gc

if TYPE_CHECKING:  # geopandas: only where shapes are drawn
    from geo.boundaries import Boundaries

__all__ = ["DATA_ELEMENT_ID", "PRECISION", "encode_geometries", "export_html", "long_hex", "standalone_map"]

DATA_ELEMENT_ID = "control-map-data"

#: The export's page around the map (webmap/js/controls.js layout()): the title, the map and a side
#: column on a wide page; on a narrow one the title and the day's legend, the map, a bar of date
#: controls, and the rest in a sheet; the credit, small, under everything.
PAGE_CSS = """
html, body {font: 13px/1.35 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #111; background: #fff}
.page-main.cm-page {display: flex; flex-direction: column; height: 100%}
.cm-page [hidden] {display: none !important}
.cm-page > h1 {font-size: 20px; line-height: 1.2; margin: 10px 12px 0}
.cm-sub {margin: 2px 12px 6px; color: #444; font-size: 12px}
.cm-sub .cm-warning {margin: 4px 0 0}
.cm-head {padding: 0 10px 4px; font-size: 12px}
.cm-head .cm-legend-box {display: flex; flex-wrap: wrap; align-items: center; gap: 0 12px}
.cm-head .cm-legend {display: flex; flex-wrap: wrap; gap: 0 12px; margin: 0}
.cm-head .cm-legend-row {margin: 1px 0; padding-left: 22px; text-indent: -22px}
.cm-head .cm-swatch {width: 16px; height: 11px; margin-right: 4px; vertical-align: -1px}
.cm-head .cm-all {margin: -12px 0; font-size: 12px}
.cm-stage {flex: 1 1 0; display: flex; min-height: 160px; border-top: 1px solid #ddd}
.cm-stage > .folium-map {flex: 1 1 0; min-width: 0; width: auto !important; height: auto !important}
.cm-side {flex: 0 0 300px; box-sizing: border-box; overflow-y: auto; padding: 6px 12px 10px; border-left: 1px solid #ddd}
.cm-side .cm-controls {margin: 4px 0}
.cm-bar {padding: 2px 8px 4px; border-top: 1px solid #ddd}
.cm-bar .cm-date {flex: 1; margin: 0}
.cm-credit {font-size: 11px; color: #444; padding: 2px 12px 4px}
.cm-page[data-layout=compact] .cm-credit {font-size: 10px; padding: 0 10px 2px}
.cm-page[data-layout=compact] > h1 {font-size: 16px; margin: 6px 10px 0}
.cm-page[data-layout=compact] .cm-sub {margin: 0 10px 2px; font-size: 11px}
""" + TIMEMAP_CSS


@lru_cache(maxsize=1)
def _app_js() -> str:
    js = timemap_script().rstrip("\n")  # minified once per process, shared with the app
    if "</script" in js.lower() or "<!--" in js:
        raise OfflineAssetError("the time map's script cannot be inlined: it contains a closing tag")
    return js


class _ControlMap(MacroElement):
    """The page's CSS, its JSON data block, and the script that runs the map on it.

    Rendered as raw text: a MacroElement's template output would be compiled by Jinja,
    which would evaluate ``{{ … }}`` in a quote (and take seconds on a big data block).
    """

    def __init__(self, payload: dict[str, Any]) -> None:
        super().__init__()
        self._name = "ControlMap"
        self.data_json = script_json(payload)

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]  # a MacroElement renders into its figure
        figure: Any = self.get_root()  # a branca Figure: header, html and script
        name = self.get_name()
        figure.header.add_child(RawHtml(f"<style>{minify_css(PAGE_CSS)}</style>"), name=name)
        data = f'<script type="application/json" id="{DATA_ELEMENT_ID}">{self.data_json}</script>'
        figure.html.add_child(RawHtml(data), name=name)
        start = (  # the handle on <html>, as the app's element has it: for scripts and tests
            f"document.documentElement.controlMap = controlMapApp({self._parent.get_name()}, "  # type: ignore[union-attr]
            f'JSON.parse(document.getElementById("{DATA_ELEMENT_ID}").textContent));'
        )
        # Then, in an article's iframe, the page tells the article its height (exports/embed.py).
        figure.script.add_child(RawHtml(f"{_app_js()}\n{start}\n{height_script()}"), name=name)


def standalone_map(timeline: Timeline, boundaries: Boundaries, date: dt.date, view: str, *, compare: dt.date | None = None) -> OfflineMap:
    """The export as a folium map (Leaflet inlined, no tiles), before rendering; ``compare``
    opens it comparing ``date`` with that day."""
    dataset = timeline.dataset
    with paused_gc():  # ~1M small lists and no cycles: collections would only re-walk them
        payload = html_payload(timeline, boundaries, max(date, compare) if compare else date, view)
    payload["day"] = (date - dt.date.fromisoformat(payload["start"])).days
    if compare is not None:
        payload["compare"] = (compare - dt.date.fromisoformat(payload["start"])).days
    west, south, east, north = boundaries.districts.total_bounds
    m = OfflineMap(
        location=((south + north) / 2, (west + east) / 2),
        zoom_start=9,  # the page fits the districts once it knows its own size
        tiles=None,
        inline_assets=True,
        vector_only=True,  # no default marker, layers control, popup or tile: 9 KB of PNGs and 5 KB of CSS saved
        zoom_snap=0.25,
        zoom_delta=0.5,
        control_scale=True,
        heading=payload["title"],  # the page's h1 (webmap.offline.standalone_html)
    )
    m.get_root().title = html.escape(f"{payload['title']} — {strfday(date, '%d %b %Y')} — {payload['viewLabel']}")  # type: ignore[attr-defined]
    timemap_patterns(dataset, used={c.get("fill") for c in payload["categories"]}).add_to(m)
    _ControlMap(payload).add_to(m)
    return m


def export_html(timeline: Timeline, boundaries: Boundaries, date: dt.date, view: str, *, compare: dt.date | None = None) -> str:
    """The standalone HTML document: opens from ``file://``, requests nothing."""
    return standalone_html(standalone_map(timeline, boundaries, date, view, compare=compare))


def render(timeline: Timeline, boundaries: Boundaries, date: dt.date, view: str, compare: dt.date | None) -> bytes:
    """The registry's entry: the document's bytes (UTF-8)."""
    return export_html(timeline, boundaries, date, view, compare=compare).encode("utf-8")
