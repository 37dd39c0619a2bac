"""The same timeline in the usual alternatives: build time and HTML bytes.

``python -m benchmarks.alternatives WHICH DISTRICTS CLAIMS BOUNDARIES`` prints one JSON
object; the runner calls it in a fresh interpreter per case (own peak memory, a
timeout and a memory cap, because the alternatives grow with days × districts).

Every case starts from the same inputs, loaded before the clock starts: the dataset,
its :class:`~core.rules.Timeline` and the boundaries from ``geo.load_boundaries``
(the same simplified shapes the app draws). It then builds one standalone HTML page
of the consensus view over every day from the first claim to the last:

* ``folium``: ``folium.plugins.TimeSliderChoropleth`` the way its docs use it, a
  style per district per day (``styledict``), on a plain ``folium.Map`` with no tiles.
  Its Leaflet, d3, jQuery … come from CDNs: the page does not work offline, and those
  scripts are not in its bytes.
* ``plotly``: ``plotly.express.choropleth(df, geojson=…, animation_frame="day")``
  with one row per district per day and the party/status colours. Written with
  ``include_plotlyjs=True`` (works offline, plotly.js inlined, ~4.8 MB of it) and
  ``"cdn"`` (does not work offline).
* ``ours``: :func:`exports.html.export_html` (``python -m control export
  --format html``), when it exists: Leaflet inlined, works offline, tooltips with the
  deciding claims, hatching.

Fill colours are :func:`core.style.fill_color`. The alternatives get no hatching and
no quotes in tooltips (plain solid colours and a label): they are doing less.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import sys
import time
from pathlib import Path

from benchmarks.case import _peak_mb

WHICH = ("folium", "plotly", "ours")


def available(which: str) -> bool:
    if which == "plotly":
        return importlib.util.find_spec("plotly") is not None
    if which == "ours":
        return importlib.util.find_spec("exports.html") is not None
    return True


def _inputs(districts: Path, claims: Path, boundaries: Path | None):
    from geo import load_boundaries
    from yamldata.loader import load_dataset, timeline_of

    dataset = load_dataset(districts, claims)
    timeline = timeline_of(dataset)  # as the app builds it: its views with the collector paused
    shapes = load_boundaries(dataset.gazetteer, boundaries)
    first, last = dataset.dates[0], dataset.dates[-1]
    days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    return dataset, timeline, shapes, days


def _geojson(shapes) -> dict:
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "id": row.id, "properties": {"id": row.id, "name": row.name}, "geometry": row.geometry.__geo_interface__}
            for row in shapes.districts.itertuples()
        ],
    }


def build_folium(dataset, timeline, shapes, days) -> dict:
    import folium
    from folium.plugins import TimeSliderChoropleth

    from core.rules import CONSENSUS
    from core.style import fill_color

    start = time.perf_counter()
    ids = list(shapes.districts.id)
    stamps = [str(int(dt.datetime(d.year, d.month, d.day, tzinfo=dt.UTC).timestamp())) for d in days]
    styledict: dict[str, dict[str, dict]] = {district: {} for district in ids}
    for day, stamp in zip(days, stamps, strict=True):
        states = timeline.states_on(day, CONSENSUS)
        for district in ids:
            styledict[district][stamp] = {"color": fill_color(states[district], dataset), "opacity": 0.8}
    west, south, east, north = shapes.districts.total_bounds
    m = folium.Map(location=((south + north) / 2, (west + east) / 2), zoom_start=6, tiles=None)
    TimeSliderChoropleth(json.dumps(_geojson(shapes)), styledict=styledict, init_timestamp=-1).add_to(m)
    html = m.get_root().render()
    seconds = time.perf_counter() - start
    return {"build_seconds": seconds, "html_bytes": len(html.encode("utf-8")), "offline": False, "frames": len(days)}


def build_plotly(dataset, timeline, shapes, days) -> dict:
    import pandas as pd
    import plotly.express as px

    from core.rules import CONSENSUS
    from core.style import category_label, fill_color

    start = time.perf_counter()
    ids, names = list(shapes.districts.id), list(shapes.districts.name)
    rows = {"id": [], "name": [], "day": [], "state": []}
    colors: dict[str, str] = {}
    for day in days:
        states = timeline.states_on(day, CONSENSUS)
        label_day = day.isoformat()
        for district, name in zip(ids, names, strict=True):
            state = states[district]
            label = category_label(state.status, state.holder, dataset, CONSENSUS)
            colors.setdefault(label, fill_color(state, dataset))
            rows["id"].append(district)
            rows["name"].append(name)
            rows["day"].append(label_day)
            rows["state"].append(label)
    fig = px.choropleth(
        pd.DataFrame(rows),
        geojson=_geojson(shapes),
        locations="id",
        featureidkey="properties.id",
        color="state",
        color_discrete_map=colors,
        hover_name="name",
        animation_frame="day",
    )
    fig.update_geos(fitbounds="locations", visible=False)
    figure_seconds = time.perf_counter() - start
    inline = fig.to_html(include_plotlyjs=True, full_html=True)
    inline_seconds = time.perf_counter() - start
    t = time.perf_counter()
    cdn = fig.to_html(include_plotlyjs="cdn", full_html=True)
    cdn_seconds = figure_seconds + time.perf_counter() - t
    return {
        "build_seconds": inline_seconds,
        "figure_seconds": figure_seconds,
        "html_bytes": len(inline.encode("utf-8")),
        "offline": True,
        "cdn_build_seconds": cdn_seconds,
        "cdn_html_bytes": len(cdn.encode("utf-8")),
        "frames": len(days),
        "traces_in_frames": sum(len(f.data) for f in fig.frames),
    }


def build_ours(dataset, timeline, shapes, days) -> dict:
    from core.rules import CONSENSUS
    from exports.html import export_html

    start = time.perf_counter()
    html = export_html(timeline, shapes, days[-1], CONSENSUS)
    seconds = time.perf_counter() - start
    return {"build_seconds": seconds, "html_bytes": len(html.encode("utf-8")), "offline": True, "frames": len(days)}


BUILDERS = {"folium": build_folium, "plotly": build_plotly, "ours": build_ours}


def measure(which: str, districts: Path, claims: Path, boundaries: Path | None, max_days: int | None = None) -> dict:
    """One alternative on one dataset; ``max_days`` keeps that many days, evenly spread (for extrapolation)."""
    dataset, timeline, shapes, days = _inputs(districts, claims, boundaries)
    all_days = len(days)
    if max_days and max_days < all_days:
        days = [days[round(i * (all_days - 1) / (max_days - 1))] for i in range(max_days)] if max_days > 1 else days[-1:]
    result = {"what": which, "districts": len(shapes.districts), "days": len(days), "all_days": all_days}
    result["baseline_mb"] = _peak_mb()
    result.update(BUILDERS[which](dataset, timeline, shapes, days))
    result["peak_mb"] = _peak_mb()
    return result


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    which, districts, claims, boundaries = args[:4]
    max_days = int(args[4]) if len(args) > 4 else None
    print(json.dumps(measure(which, Path(districts), Path(claims), Path(boundaries) if boundaries != "-" else None, max_days)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
