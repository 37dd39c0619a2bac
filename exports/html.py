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

PAGE_CSS = """
html, body {font: 13px/1.35 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif}
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
        inline_images=False,  # no default marker, no layers control: 9 KB of PNGs saved
        zoom_snap=0.25,
        zoom_delta=0.5,
        control_scale=True,
        heading=payload["title"],  # the page's h1 (webmap.offline.standalone_html)
    )
    m.get_root().title = html.escape(f"{payload['title']} — {strfday(date, '%d %b %Y')} — {payload['viewLabel']}")  # type: ignore[attr-defined]
    timemap_patterns(dataset).add_to(m)
    _ControlMap(payload).add_to(m)
    return m


def export_html(timeline: Timeline, boundaries: Boundaries, date: dt.date, view: str, *, compare: dt.date | None = None) -> str:
    """The standalone HTML document: opens from ``file://``, requests nothing."""
    return standalone_html(standalone_map(timeline, boundaries, date, view, compare=compare))


def render(timeline: Timeline, boundaries: Boundaries, date: dt.date, view: str, compare: dt.date | None) -> bytes:
    """The registry's entry: the document's bytes (UTF-8)."""
    return export_html(timeline, boundaries, date, view, compare=compare).encode("utf-8")
