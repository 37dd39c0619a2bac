"""Hatched fills for "claimed (unconfirmed)" districts, without a plugin from a CDN.

Leaflet's SVG renderer copies a path's ``fillColor`` into its ``fill`` attribute,
so ``fillColor: "url(#hatch-rrggbb)"`` paints the path with an SVG ``<pattern>``
of that id anywhere in the same document. :class:`HatchPatterns` is a folium
element whose script adds such patterns (diagonal lines over a light tint of the
same colour) to a hidden ``<svg>`` in the page: the standalone HTML export. The
app's time map calls the same script (``window.__hatchPatterns(spec)``, served as a
static file) with :attr:`HatchPatterns.spec`; re-running it only adds missing patterns.

That is the SVG renderer's way. A map drawn on a canvas (``webmap.timemap.renderer_for``:
100 districts or more) gets the same patterns as ``CanvasPattern`` objects from
``window.__hatchCanvasPattern("url(#id)")``, built from the same spec. Ids come
from validated ``#rrggbb`` colours only, and all data reaches the page as JSON.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import Any

from folium.elements import JSCSSMixin
from folium.template import Template

from core.model import Dataset
from core.rules import DistrictState
from core.style import fill_color, pattern
from webmap.scripts import compact_js, script_json

JS_PATH = Path(__file__).with_name("hatching.js")
_HEX_RE = re.compile(r"#[0-9a-fA-F]{6}")

#: id of the hidden ``<svg>`` that holds the patterns.
DEFS_SVG_ID = "hatch-pattern-defs"


def normalize_hex(color: str) -> str:
    """``#RRGGBB`` in lower case, or ``ValueError``: the colour ends up in an id."""
    if not isinstance(color, str) or not _HEX_RE.fullmatch(color):
        raise ValueError(f"not a #rrggbb colour: {color!r}")
    return color.lower()


def long_hex(color: str) -> str:
    """``#abc`` → ``#aabbcc``, validated: colours end up in ids and styles."""
    return normalize_hex("#" + "".join(ch * 2 for ch in color[1:]) if isinstance(color, str) and len(color) == 4 else color)


#: Pattern kinds: diagonal lines, a cross-hatch, dots (see ``core.style.PATTERNS``).
KINDS = ("hatch", "cross", "dots")


def hatch_id(color: str, kind: str = "hatch") -> str:
    """The pattern id for ``color`` and ``kind``: ``hatch-rrggbb``, ``cross-rrggbb``, ``dots-rrggbb``."""
    if kind not in KINDS:
        raise ValueError(f"unknown pattern kind {kind!r} (use one of: {', '.join(KINDS)})")
    return f"{kind}-" + normalize_hex(color)[1:]


def hatch_fill(color: str, kind: str = "hatch") -> str:
    """The ``fillColor`` that paints a path with ``color``'s pattern of ``kind``."""
    return f"url(#{hatch_id(color, kind)})"


def state_fill(state: DistrictState, dataset: Dataset) -> str:
    """The ``fillColor`` the map paints a unit in ``state`` with: its colour (``#rrggbb``), or that colour's pattern.

    What the page's script draws from the payload's categories; tests and the browser
    benchmark compare the drawn fills with it.
    """
    color, kind = long_hex(fill_color(state, dataset)), pattern(state)
    return hatch_fill(color, kind) if kind else color


def _number(name: str, value: float, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{name} must be a number, not {value!r}")
    if not (math.isfinite(value) and low <= value <= high):
        raise ValueError(f"{name} must be within [{low}, {high}], not {value!r}")
    return float(value)


def hatching_script() -> str:
    """hatching.js (defines ``window.__hatchPatterns``), compacted."""
    return compact_js(JS_PATH)


class HatchPatterns(JSCSSMixin):
    """Defines one hatch ``<pattern>`` per colour in the map's document.

    Add it to the map or to a feature group, then style paths with
    ``fillColor=hatch_fill(color)`` and ``fillOpacity=1`` (the pattern carries its own
    tint and line opacity). ``spacing`` is the distance between lines and
    ``line_width`` their width, in screen pixels; ``tint_opacity`` is the opacity of
    the flat background. ``kinds`` says which patterns to define per colour (see
    :data:`KINDS`); ``used``, if given, keeps only the patterns whose fill
    (:func:`hatch_fill`) is in it: a page of one view ships no pattern it never paints.
    A pattern already in the page is kept as is.
    ``script_url``, if given, is where :func:`hatching_script` is served (loaded once
    with the page, as the app does); without it the code is inlined (standalone pages).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this.inline_js }}window.__hatchPatterns({{ this.spec_json }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        colors: Iterable[str],
        *,
        spacing: float = 8,
        line_width: float = 3,
        line_opacity: float = 0.9,
        tint_opacity: float = 0.2,
        angle: float = 45,
        script_url: str | None = None,
        kinds: Iterable[str] = ("hatch",),
        used: Collection[str] | None = None,
    ) -> None:
        super().__init__()
        self._name = "HatchPatterns"
        # Instance lists: JSCSSMixin's class lists are shared.
        self.default_js = [("hatching", script_url)] if script_url else []
        self.default_css = []
        self.inline_js = "" if script_url else hatching_script()
        if isinstance(colors, str):
            raise TypeError("colors must be an iterable of colours, not one string")
        unique = list(dict.fromkeys(normalize_hex(c) for c in colors))
        spacing = _number("spacing", spacing, 2, 100)
        self.spec: dict[str, Any] = {
            "svgId": DEFS_SVG_ID,
            "spacing": spacing,
            "lineWidth": _number("line_width", line_width, 0.1, spacing),
            "lineOpacity": _number("line_opacity", line_opacity, 0, 1),
            "tintOpacity": _number("tint_opacity", tint_opacity, 0, 1),
            "angle": _number("angle", angle, -360, 360),
            "patterns": [
                {"id": hatch_id(c, k), "color": c, "kind": k}
                for k in dict.fromkeys(kinds)
                for c in unique
                if used is None or hatch_fill(c, k) in used
            ],
        }

    @property
    def spec_json(self) -> str:
        """:attr:`spec` as compact JSON, safe in the page's script."""
        return script_json(self.spec)
