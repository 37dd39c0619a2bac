"""The time map on the page: one Streamlit custom component (components v2, no iframe).

The browser does the scrubbing: :mod:`webmap.timemap`'s script (the same one the HTML
export inlines) gets the shapes and the view's change points once, as static files named
by their content, and then draws every day itself -- drag, keys, play, compare, legend
counts, tooltips -- with no server round trip. Python hears back only once the day has
stood still (about 300 ms: one rerun per pause, not one per frame), and when a district
is clicked; the day's panels, the district history and the permalink then follow.

Python moves the map's day only by a *seek* (the "days with claims" pills, a permalink):
``{"day", "n"}`` with a counter, so that a rerun caused by the map's own report never
drags the map back to an older day.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import streamlit as st

from components.identity import token
from components.static_assets import PAGE_STATIC_BASE, ensure_static_assets, publish_generated
from core.model import Dataset
from core.rules import Timeline
from webmap.hatching import hatching_script
from webmap.offline import leaflet_urls
from webmap.scripts import compact_js, content_name, minify_css, script_json
from webmap.timemap import JS_DIR, TIMEMAP_CSS, shape_payload, time_payload, timemap_patterns, timemap_script

LOADER_PATH = JS_DIR.parent / "timemap_component.js"
DATE_KEY = "date"
COMPARE_KEY = "compare"
_SEEK = "_timemap_seek"
_COMPARE_SEEK = "_timemap_compare_seek"
_HEARD = "_timemap_heard"  # (mount, seq) of the last report taken
_KEY = "timemap"  # the component's key: its state is st.session_state[_KEY]
#: Up to this many districts and claims the browser gets every deciding claim (rich
#: tooltips, as the export); above, lean change points (the district panel gives the claims).
MAX_RICH_DISTRICTS = 60
MAX_RICH_CLAIMS = 20_000

BASEMAPS: dict[str, dict[str, str] | None] = {
    "No basemap": None,
    "OpenStreetMap (needs internet)": {
        "url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "attribution": '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
    },
}

APP_CSS = """
.cm-panel {background: rgba(255,255,255,.95); padding: 10px 12px; border-radius: 6px; box-shadow: 0 1px 5px rgba(0,0,0,.35);
  width: 290px; max-height: calc(100vh - 40px); overflow-y: auto; font: 13px/1.35 system-ui, sans-serif}
.cm-controls button {cursor: pointer; padding: 2px 8px}
.cm-app [hidden] {display: none !important}
.cm-app {font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #31333f}
.cm-app .cm-map {height: var(--cm-map-height, 560px); border-radius: 4px}
.cm-app-controls {display: flex; flex-wrap: wrap; align-items: center; gap: 4px 12px; margin-bottom: 6px;
  font: 14px/1.4 system-ui, sans-serif}
.cm-app-controls .cm-date {font-size: 17px; font-weight: 700; min-width: 150px; margin: 0}
.cm-app-controls .cm-controls {flex: 1 1 460px}
.cm-app-controls .cm-span {flex-basis: 100%; margin: 0}
.cm-app-controls .cm-compare-row {flex-basis: 100%; margin: 0}
.cm-app .cm-legend-panel {width: 240px; padding: 6px 8px; font-size: 12px; max-height: calc(var(--cm-map-height, 560px) - 40px)}
.cm-app .cm-legend {margin: 0; padding: 0}
.cm-app .cm-legend-row {font-size: 12px; line-height: 1.3; margin: 2px 0}
.cm-app .cm-swatch {width: 18px; height: 12px}
.cm-app .cm-error:not(:empty) {background: #fff3cd; border: 1px solid #e0b000; padding: 4px 8px; font-weight: 600}
.cm-app .cm-button, .cm-app .cm-speed {font: inherit; padding: 2px 8px; cursor: pointer}
.cm-app path.leaflet-interactive:focus {outline: none}
"""

_INLINE = (
    "export default function (c) {"
    " return import(new URL(c.data.loader, window.location.href).href).then(function (m) { return m.default(c); }); }"
)
#: In the page's own tree, not a shadow root: the hatch patterns' url(#id) and Leaflet's CSS
#: need no copying, and a shadow root did not make repaints cheaper (docs/decisions.md).
_component = st.components.v2.component("control_map.timemap", js=_INLINE, isolate_styles=False)


@dataclass(frozen=True)
class Chosen:
    """What the reader chose on the map: the day, the compared day, a district just clicked."""

    date: dt.date
    compare: dt.date | None
    clicked: str | None


def seek(date: dt.date | None, *, compare: bool = False) -> None:
    """Move the map to ``date`` on its next render (the compared day with ``compare``; None clears it)."""
    st.session_state[COMPARE_KEY if compare else DATE_KEY] = date
    counter = _COMPARE_SEEK if compare else _SEEK
    st.session_state[counter] = st.session_state.get(counter, 0) + 1


def _publish(app_dir: Path, text: str, suffix: str) -> str:
    return publish_generated(app_dir, _content_name(text, suffix), text, base=PAGE_STATIC_BASE)


@functools.lru_cache(maxsize=16)  # about as many texts as the two caches above keep
def _content_name(text: str, suffix: str) -> str:
    """Hashed once per text: the scripts and the cached JSON are the same objects every rerun,
    and a ``str`` keeps its own hash, so a rerun looks them up without reading them."""
    return content_name(text, suffix)


@st.cache_resource(max_entries=8, show_spinner=False)
def _shapes_json(token: int, _boundaries: Any) -> str:
    return script_json(shape_payload(_boundaries))


@st.cache_resource(max_entries=32, show_spinner=False)
def _time_json(token: int, boundaries_token: int, view: str, day: dt.date, _timeline: Timeline, _boundaries: Any) -> str:
    dataset = _timeline.dataset
    lean = len(dataset.gazetteer.districts) > MAX_RICH_DISTRICTS or len(dataset.claims) > MAX_RICH_CLAIMS
    return script_json(time_payload(_timeline, _boundaries, day, view, lean=lean))


@functools.lru_cache(maxsize=1)
def _app_css() -> str:
    return minify_css(TIMEMAP_CSS + APP_CSS)


def _hatch_spec(dataset: Dataset) -> dict[str, Any]:
    return timemap_patterns(dataset).spec


def _take_reports(result: Any, days: list[dt.date]) -> tuple[dt.date, dt.date | None]:
    """Apply the map's newest report (its day and compared day) to the session; return both.

    A report is ``{"mount", "seq", "day", "compare"}``: a new one whenever the map
    speaks (``seq`` counts, ``mount`` names the map element), so it is taken once.
    """
    report = result.get("report") if isinstance(result, dict) else getattr(result, "report", None)
    if isinstance(report, dict) and (report.get("mount"), report.get("seq")) != st.session_state.get(_HEARD):
        st.session_state[_HEARD] = (report.get("mount"), report.get("seq"))
        day, compare = _date_in(report.get("day"), days), _date_in(report.get("compare"), days)
        if day is not None:
            st.session_state[DATE_KEY] = day
        st.session_state[COMPARE_KEY] = compare
    return st.session_state.get(DATE_KEY) or days[-1], st.session_state.get(COMPARE_KEY)


def _date_in(value: Any, days: list[dt.date]) -> dt.date | None:
    """An ISO date from the browser, clamped to ``days``; None for anything else."""
    try:
        date = dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    return min(max(date, days[0]), days[-1])


def render(
    app_dir: Path,
    boundaries: Any,
    timeline: Timeline,
    view: str,
    days: list[dt.date],
    *,
    selected: str | None,
    tiles: dict[str, str] | None,
    height: int = 560,
) -> Chosen:
    """Draw the time map; returns the reader's day, compared day and a new click."""
    dataset = timeline.dataset
    ensure_static_assets(app_dir)
    leaflet_js, leaflet_css = leaflet_urls(PAGE_STATIC_BASE)
    ids = [str(i) for i in boundaries.districts["id"]]
    # A report that reached Python but whose run was cut short (an edit of the files reruns
    # the whole page first) is taken now, before the seek is built from the day.
    _take_reports(st.session_state.get(_KEY), days)
    date = st.session_state.get(DATE_KEY) or days[-1]
    compare = st.session_state.get(COMPARE_KEY)
    data = {
        "loader": _publish(app_dir, compact_js(LOADER_PATH, module=True), ".js"),
        "scripts": [
            leaflet_js,
            _publish(app_dir, hatching_script(), ".js"),
            _publish(app_dir, timemap_script(), ".js"),
        ],
        "css": [leaflet_css, _publish(app_dir, _app_css(), ".css")],
        "shapes": _publish(app_dir, _shapes_json(token(boundaries), boundaries), ".json"),
        "time": _publish(app_dir, _time_json(token(timeline), token(boundaries), view, days[-1], timeline, boundaries), ".json"),
        "hatch": _hatch_spec(dataset),
        "seek": {"day": date.isoformat(), "n": st.session_state.get(_SEEK, 0)},
        "compare": {"day": compare.isoformat() if compare else None, "n": st.session_state.get(_COMPARE_SEEK, 0)},
        "selected": ids.index(selected) if selected in ids else -1,
        "tiles": tiles,
        "height": height,
        "clickHint": "Click for the claims behind it.",
        "errorText": "The map could not be drawn",
    }
    result = _component(
        key=_KEY,
        data=data,
        default={"report": None},
        on_report_change=lambda: None,
        on_clicked_change=lambda: None,
    )
    date, compare = _take_reports(result, days)
    clicked = getattr(result, "clicked", None)
    clicked_id = ids[clicked] if isinstance(clicked, int) and 0 <= clicked < len(ids) else None
    return Chosen(date, compare, clicked_id)
