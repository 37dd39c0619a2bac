"""The export formats behind one registry: GeoJSON, CSV, a standalone HTML map, a PNG.

Four formats for four uses: GeoJSON for QGIS or geojson.io, CSV for a spreadsheet, a
standalone HTML map (with its own date slider) for a journalist's attachment, a PNG
for a report. Each format is one module with ``render(timeline, boundaries, date,
view, compare) -> bytes``, imported only when used (so ``validate`` and ``state``
never pay for geopandas, folium or matplotlib). :func:`export_bytes` is what both
``python -m control export`` and the app's download buttons call, so a download and
a file made on the command line are the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from core.model import Dataset
from core.names import slugify
from core.rules import CONSENSUS, Timeline

if TYPE_CHECKING:  # geopandas: only where shapes are drawn
    from geo.boundaries import Boundaries

Renderer = Callable[[Timeline, Any, dt.date, str, "dt.date | None"], bytes]


def _geojson() -> Renderer:
    from exports import geojson

    return geojson.render


def _csv() -> Renderer:
    from exports import csv

    return csv.render


def _html() -> Renderer:
    from exports import html

    return html.render


def _png() -> Renderer:
    from exports import png

    return png.render


@dataclass(frozen=True)
class ExportFormat:
    """One format: what it is called, served as, and needs; ``load`` imports its renderer."""

    name: str
    media_type: str
    file_only: bool  # a file, not text for a pipe: the command line needs -o
    needs_boundaries: bool
    compares: bool  # can export a comparison of two dates
    load: Callable[[], Renderer]


REGISTRY: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat("geojson", "application/geo+json", file_only=False, needs_boundaries=True, compares=True, load=_geojson),
        ExportFormat("csv", "text/csv", file_only=False, needs_boundaries=False, compares=True, load=_csv),
        ExportFormat("html", "text/html", file_only=True, needs_boundaries=True, compares=True, load=_html),
        ExportFormat("png", "image/png", file_only=True, needs_boundaries=True, compares=False, load=_png),
    )
}
FORMATS = tuple(REGISTRY)
MEDIA_TYPES = {name: f.media_type for name, f in REGISTRY.items()}


def export_bytes(
    fmt: str, timeline: Timeline, boundaries: Boundaries, date: dt.date, view: str = CONSENSUS, *, compare: dt.date | None = None
) -> bytes:
    """One export as the bytes of its file; ``boundaries`` may be None for ``csv``.

    ``compare`` (a second date) makes the CSV and GeoJSON a comparison and opens the
    HTML in compare mode; the PNG ignores it.
    """
    try:
        found = REGISTRY[fmt]
    except KeyError:
        raise ValueError(f"unknown export format '{fmt}' (use one of: {', '.join(FORMATS)})") from None
    return found.load()(timeline, boundaries, date, view, compare if found.compares else None)


def export_filename(dataset: Dataset, fmt: str, date: dt.date, view: str, compare: dt.date | None = None) -> str:
    """e.g. ``panjshir-2021-09-06-consensus.png``; the CSV is the whole timeline, so it has no date;
    a comparison is ``panjshir-2021-09-04-vs-2021-09-06-consensus.csv``."""
    region, view_slug = slugify(dataset.gazetteer.region, max_length=200) or "map", slugify(view, max_length=200) or "view"
    if compare is not None and fmt in REGISTRY and REGISTRY[fmt].compares:
        return f"{region}-{compare.isoformat()}-vs-{date.isoformat()}-{view_slug}.{fmt}"
    if fmt == "csv":
        return f"{region}-timeline-{view_slug}.csv"
    return f"{region}-{date.isoformat()}-{view_slug}.{fmt}"
