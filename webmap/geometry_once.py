"""District geometry sent to the browser once; each date sends only a small state.

streamlit-folium re-sends all of ``st_folium``'s arguments on every rerun: the base
map's script and the ``feature_group_to_add``. With the districts' GeoJSON in either,
every slider step would carry the geometry again (about 1 MB for 398 districts).
Here the geometry lives in a static file instead:

* :func:`district_geometry` makes the GeoJSON text once per ``Boundaries`` object
  (districts in gazetteer order with ``id``, ``name``, ``label_lat``, ``label_lon``,
  ``label_rank``, ``role`` "district"; then the grey neighbours, ``role``
  "neighbour") and names it by its SHA-256, so the URL changes when the shapes do.
  The app writes it under its git-ignored ``static/`` (``components.static_assets``).
* :class:`GeometryLayers`, on the constant base map, runs :func:`geometry_script`
  (served as a static file too, so its code is not re-sent each step), which
  fetches that URL (same origin) when the map is created and builds one ``L.geoJSON`` for the districts, one
  non-interactive layer for the neighbours, and the labels (text set with
  ``textContent``; overlapping labels are hidden, biggest districts first). It
  defines ``window.__applyDistrictState(payload)``; a payload arriving before the
  geometry is kept and applied when it lands.
* :class:`DistrictStateScript`, the only thing in each step's feature group, calls it
  with a compact payload (see :func:`state_payload_json`): a table of categories
  (Leaflet style, label), one category index per district, the selected district's
  style is a category of its own, and -- for small gazetteers only -- each district's
  tooltip HTML, already escaped by the caller.

Clicks: the empty district layer is on the map when streamlit-folium's ``initComponent``
walks ``map._layers``, so its click handler is attached; a click on a district path
propagates to the group with ``event.layer`` set, which streamlit-folium sends back as
``last_active_drawing`` (``properties.id``; no geometry -- the path's ``toGeoJSON``
is overridden) with ``last_object_clicked_count``.

Pure: no Streamlit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
import threading
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from branca.element import MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template

from geo.geojson import DEFAULT_PRECISION, feature_collection_json
from webmap.scripts import DIGEST_CHARS, compact_js, script_json

JS_PATH = Path(__file__).with_name("geometry_once.js")

@dataclass(frozen=True)
class DistrictGeometry:
    """The GeoJSON text the browser loads once, and what the payloads refer to."""

    text: str
    digest: str
    ids: tuple[str, ...]

    @property
    def filename(self) -> str:
        """``<digest>.geojson``: content-addressed, so browsers may cache it forever."""
        return f"{self.digest}.geojson"


def _label_ranks(areas: list[float]) -> list[int]:
    """0 for the biggest district, 1 for the next …: who keeps its label in a clash."""
    order = sorted(range(len(areas)), key=lambda i: -(areas[i] if math.isfinite(areas[i]) else 0.0))
    ranks = [0] * len(areas)
    for rank, i in enumerate(order):
        ranks[i] = rank
    return ranks


def build_district_geometry(boundaries: Any, precision: int = DEFAULT_PRECISION) -> DistrictGeometry:
    """The GeoJSON of ``boundaries`` (districts then neighbours) with its digest."""
    frame = boundaries.districts
    ids = [str(i) for i in frame["id"]]
    areas = [float(a) for a in frame["area_km2"]] if "area_km2" in frame.columns else [0.0] * len(frame)
    properties: list[dict[str, Any]] = [
        {
            "id": district_id,
            "name": str(name),
            "label_lat": round(float(lat), 5),
            "label_lon": round(float(lon), 5),
            "label_rank": rank,
            "role": "district",
        }
        for district_id, name, lat, lon, rank in zip(
            ids, frame["name"], frame["label_lat"], frame["label_lon"], _label_ranks(areas), strict=True
        )
    ]
    geometries = list(frame.geometry)
    neighbours = boundaries.neighbours
    if len(neighbours):
        geometries += list(neighbours.geometry)
        properties += [{"name": str(name), "role": "neighbour"} for name in neighbours["name"]]
    text = feature_collection_json(geometries, properties, precision)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:DIGEST_CHARS]
    return DistrictGeometry(text, digest, tuple(ids))


_cache: dict[int, tuple[weakref.ref, DistrictGeometry]] = {}
_cache_lock = threading.Lock()


def district_geometry(boundaries: Any) -> DistrictGeometry:
    """:func:`build_district_geometry`, computed once per ``boundaries`` object.

    The app's boundaries come from a resource cache, so every rerun passes the same
    object: steps never re-serialise geometry. Entries go when the object does.
    """
    key = id(boundaries)
    hit = _cache.get(key)
    if hit is not None and hit[0]() is boundaries:
        return hit[1]
    geometry = build_district_geometry(boundaries)
    try:
        ref = weakref.ref(boundaries, lambda r, k=key: _forget(k, r))
    except TypeError:  # not weak-referenceable: do not cache
        return geometry
    with _cache_lock:
        _cache[key] = (ref, geometry)
    return geometry


def _forget(key: int, ref: weakref.ref) -> None:
    with _cache_lock:
        if key in _cache and _cache[key][0] is ref:
            del _cache[key]


def geometry_script() -> str:
    """geometry_once.js (defines ``window.__geometryOnce``), compacted."""
    return compact_js(JS_PATH)


def _is_relative(url: str) -> bool:
    return not re.match(r"^(?:[a-z][a-z0-9+.-]*:)?//", url, re.IGNORECASE)


class GeometryLayers(JSCSSMixin):
    """Loads the geometry at ``url`` into the map once; defines ``window.__applyDistrictState``.

    Put it on the constant base map. ``url`` must be on the page's own origin
    (relative, as from the map iframe). ``script_url``, if given, is where
    :func:`geometry_script` is served (a ``<script src>`` the page loads before the
    map script; streamlit-folium loads it once, when the iframe mounts); without it
    the code is inlined in the map script, which streamlit-folium re-sends on every
    rerun. The style dicts are Leaflet path options.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this.inline_js }}window.__geometryOnce({{ this._parent.get_name() }}, {{ this.spec_json }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        url: str,
        geometry: DistrictGeometry,
        *,
        script_url: str | None = None,
        neighbour_style: dict[str, Any],
        loading_style: dict[str, Any],
        highlight_style: dict[str, Any],
        label_font: str = "600 12px sans-serif",
        click_hint: str = "Click for the claims behind it.",
        error_text: str = "District shapes could not be loaded",
    ) -> None:
        super().__init__()
        self._name = "GeometryLayers"
        for u in (url, script_url):
            if u is not None and not _is_relative(u):
                raise ValueError(f"URL must be relative (same origin): {u!r}")
        self.url = url
        # Instance lists: JSCSSMixin's class lists are shared.
        self.default_js = [("geometry_once", script_url)] if script_url else []
        self.default_css = []
        self.inline_js = "" if script_url else geometry_script()
        self.spec_json = script_json(
            {
                "url": url,
                "digest": geometry.digest,
                "neighbourStyle": neighbour_style,
                "loadingStyle": loading_style,
                "highlightStyle": highlight_style,
                "labelFont": label_font,
                "clickHint": click_hint,
                "errorText": error_text,
            }
        )


def state_payload(
    geometry: DistrictGeometry,
    categories: list[tuple[dict[str, Any], str]],
    indexes: list[int],
    date: dt.date | None = None,
    tooltips_url: str | None = None,
) -> dict[str, Any]:
    """The per-step payload: ``g`` digest, ``c`` [[style, label]…], ``i`` one index per district,
    ``d`` the ISO date, ``u`` the URL of the view's tooltip table or None (short tooltips)."""
    if len(indexes) != len(geometry.ids):
        raise ValueError(f"{len(indexes)} category indexes for {len(geometry.ids)} districts")
    if any(not 0 <= i < len(categories) for i in indexes):
        raise ValueError("category index out of range")
    if tooltips_url is not None and not _is_relative(tooltips_url):
        raise ValueError(f"URL must be relative (same origin): {tooltips_url!r}")
    return {
        "g": geometry.digest,
        "c": [[style, label] for style, label in categories],
        "i": indexes,
        "d": date.isoformat() if date else "",
        "u": tooltips_url,
    }


def state_payload_json(payload: dict[str, Any]) -> str:
    """:func:`state_payload` as script-safe JSON."""
    return script_json(payload)


class DistrictStateScript(MacroElement):
    """Restyles the districts loaded by :class:`GeometryLayers`: ``window.__applyDistrictState(payload)``."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        if (window.__applyDistrictState) { window.__applyDistrictState({{ this.payload_json }}); }
        {% endmacro %}
        """
    )

    def __init__(self, payload: dict[str, Any]) -> None:
        super().__init__()
        self._name = "DistrictStateScript"
        self.payload_json = state_payload_json(payload)
