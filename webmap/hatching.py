"""Hatched fills for "claimed (unconfirmed)" districts, without a plugin from a CDN.

Leaflet's SVG renderer copies a path's ``fillColor`` into its ``fill`` attribute,
so ``fillColor: "url(#hatch-rrggbb)"`` paints the path with an SVG ``<pattern>``
of that id anywhere in the same document. :class:`HatchPatterns` is a folium
element whose script adds such patterns (diagonal lines over a light tint of the
same colour) to a hidden ``<svg>`` in the page. Being script, it works wherever
folium scripts run: the streamlit-folium iframe -- in the base map or in a dynamic
``feature_group_to_add``, since re-running it only adds missing patterns -- and a
standalone HTML export.

Only the SVG renderer can do this: not with ``prefer_canvas=True``. Ids come
from validated ``#rrggbb`` colours only, and all data reaches the page as JSON.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import Any

from branca.element import MacroElement
from folium.template import Template

_HEX_RE = re.compile(r"#[0-9a-fA-F]{6}")

#: id of the hidden ``<svg>`` that holds the patterns.
DEFS_SVG_ID = "hatch-pattern-defs"


def normalize_hex(color: str) -> str:
    """``#RRGGBB`` in lower case, or ``ValueError``: the colour ends up in an id."""
    if not isinstance(color, str) or not _HEX_RE.fullmatch(color):
        raise ValueError(f"not a #rrggbb colour: {color!r}")
    return color.lower()


def hatch_id(color: str) -> str:
    """The pattern id for ``color``: ``hatch-rrggbb``."""
    return "hatch-" + normalize_hex(color)[1:]


def hatch_fill(color: str) -> str:
    """The ``fillColor`` that paints a path with ``color``'s hatch pattern."""
    return f"url(#{hatch_id(color)})"


def _number(name: str, value: float, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{name} must be a number, not {value!r}")
    if not (math.isfinite(value) and low <= value <= high):
        raise ValueError(f"{name} must be within [{low}, {high}], not {value!r}")
    return float(value)


class HatchPatterns(MacroElement):
    """Defines one hatch ``<pattern>`` per colour in the map's document.

    Add it to the map or to a feature group, then style paths with
    ``fillColor=hatch_fill(color)`` and ``fillOpacity=1`` (the pattern carries its own
    tint and line opacity). ``spacing`` is the distance between lines and
    ``line_width`` their width, in screen pixels; ``tint_opacity`` is the opacity of
    the flat background. A pattern already in the page is kept as is.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (spec) {
            var NS = "http://www.w3.org/2000/svg";
            var svg = document.getElementById(spec.svgId);
            if (!svg) {
                svg = document.createElementNS(NS, "svg");
                svg.setAttribute("id", spec.svgId);
                svg.setAttribute("aria-hidden", "true");
                svg.setAttribute("focusable", "false");
                svg.setAttribute("width", "0");
                svg.setAttribute("height", "0");
                /* Not display:none, which stops some browsers painting the patterns. */
                svg.style.position = "absolute";
                svg.style.width = "0";
                svg.style.height = "0";
                svg.style.overflow = "hidden";
                svg.appendChild(document.createElementNS(NS, "defs"));
                document.body.appendChild(svg);
            }
            var defs = svg.querySelector("defs");
            var s = spec.spacing;
            spec.patterns.forEach(function (p) {
                if (document.getElementById(p.id)) { return; }
                var pattern = document.createElementNS(NS, "pattern");
                pattern.setAttribute("id", p.id);
                pattern.setAttribute("patternUnits", "userSpaceOnUse");
                pattern.setAttribute("width", s);
                pattern.setAttribute("height", s);
                pattern.setAttribute("patternTransform", "rotate(" + spec.angle + ")");
                var tint = document.createElementNS(NS, "rect");
                tint.setAttribute("width", s);
                tint.setAttribute("height", s);
                tint.setAttribute("fill", p.color);
                tint.setAttribute("fill-opacity", spec.tintOpacity);
                var line = document.createElementNS(NS, "line");
                line.setAttribute("x1", s / 2);
                line.setAttribute("y1", 0);
                line.setAttribute("x2", s / 2);
                line.setAttribute("y2", s);
                line.setAttribute("stroke", p.color);
                line.setAttribute("stroke-width", spec.lineWidth);
                line.setAttribute("stroke-opacity", spec.lineOpacity);
                pattern.appendChild(tint);
                pattern.appendChild(line);
                defs.appendChild(pattern);
            });
        })({{ this.spec|tojson }});
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
    ) -> None:
        super().__init__()
        self._name = "HatchPatterns"
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
            "patterns": [{"id": hatch_id(c), "color": c} for c in unique],
        }

    @property
    def colors(self) -> list[str]:
        """The normalised colours this element defines patterns for."""
        return [p["color"] for p in self.spec["patterns"]]
