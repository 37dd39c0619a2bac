"""The PNG export: the map on one date as a picture for reports and slides.

Drawn with geopandas on a bare matplotlib ``Figure`` and the Agg canvas -- never
pyplot's global state -- so it is safe in the app's threads and needs no display.
It carries everything a reader of a printed report needs without the app: districts
filled by state (claimed = hatched in the party's colour over a light tint, as on the
interactive map), neighbours in faint grey, district labels, a legend with the
number of districts in each category on that day, a title with region, date and
view, and the attribution (or, for schematic shapes, a plain warning). The same
texts are written into the PNG's metadata and returned by :func:`png_texts`.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import textwrap
import threading
from collections import Counter
from dataclasses import dataclass
from typing import Any

from core.labels import PATTERN_NOTE, footer_lines, map_title, view_label
from core.model import INDEPENDENT
from core.rules import CONSENSUS, DistrictState, Timeline, stale_age
from core.style import NEIGHBOUR_COLOR, STALE_OPACITY, fill_color, is_hatched, legend, pattern

WIDTH_PX, HEIGHT_PX, DPI = 1600, 1200, 160
HATCH = "////"
#: matplotlib hatches for :data:`core.style.PATTERNS` kinds.
HATCHES = {"hatch": HATCH, "cross": "xxxx", "dots": "...."}
_RENDER_LOCK = threading.Lock()
EDGE_COLOR = "#333333"
SOLID_ALPHA = 1.0  # opaque: no basemap shows through on paper, and the legend matches exactly
TINT_ALPHA = 0.2


@dataclass(frozen=True)
class LegendRow:
    label: str
    color: str
    count: int
    pattern: str | None = None  # core.style.PATTERNS; None for a solid fill

    @property
    def hatched(self) -> bool:
        return self.pattern is not None


@dataclass(frozen=True)
class PngTexts:
    """Every text the picture shows, for tests and for the PNG's metadata."""

    title: str
    subtitle: str
    footer: list[str]
    legend: list[LegendRow]
    schematic: bool


def png_texts(timeline: Timeline, boundaries: Any, date: dt.date, view: str) -> PngTexts:
    """Title, subtitle, footer and legend rows (with counts) of the picture for ``date``."""
    dataset = timeline.dataset
    counts = Counter((s.status, s.holder) for s in timeline.states_on(date, view).values())
    rows = [LegendRow(e.label, e.color, counts.get((e.status, e.holder), 0), e.pattern) for e in legend(view, dataset)]
    subtitle = f"{date.day} {date:%B %Y} — view: {view_label(view, dataset)}"
    return PngTexts(map_title(dataset), subtitle, footer_lines(dataset, boundaries), rows, bool(boundaries.schematic))


def _fade(state: DistrictState, date: dt.date, dataset: Any) -> float:
    """1, or :data:`core.style.STALE_OPACITY` for a state whose deciding claim is stale."""
    return STALE_OPACITY if stale_age(state, date, dataset) is not None else 1.0


def _rgba(color: str, alpha: float) -> tuple[float, float, float, float]:
    from matplotlib.colors import to_rgba

    return to_rgba(color, alpha)


def _notes(view: str, dataset: Any) -> str:
    """How to read the colours of this view (plain text)."""
    if view == CONSENSUS:
        return (
            PATTERN_NOTE + " Confirmed: an independent witness or an adversary's concession. Disputed: the parties contradict each other. "
            "Contested: fighting or both sides present, by an independent account."
        )
    who = "independent sources (no party)" if view == INDEPENDENT else dataset.party(view).name
    return f"Only what {who} said, and nothing else: held = by its own account; contested = fighting or both sides present."


def _legend_label(row: LegendRow) -> str:
    return "\n".join(textwrap.wrap(f"{row.label}: {row.count}", 40))


def _fit_extent(ax: Any, bounds: Any, box_ratio: float, margin: float = 0.06) -> float:
    """Set limits around ``bounds`` that fill an axes of width/height ``box_ratio``.

    Returns the y/x aspect that makes a degree of longitude as long as it is on the
    ground at the districts' latitude (so shapes are not stretched).
    """
    west, south, east, north = bounds
    aspect = 1 / math.cos(math.radians((south + north) / 2))
    width, height = (east - west) * (1 + 2 * margin), (north - south) * (1 + 2 * margin)
    # On screen a box of width w and height h degrees has ratio w / (h * aspect).
    if width / (height * aspect) < box_ratio:
        width = box_ratio * height * aspect
    else:
        height = width / (box_ratio * aspect)
    cx, cy = (west + east) / 2, (south + north) / 2
    ax.set_xlim(cx - width / 2, cx + width / 2)
    ax.set_ylim(cy - height / 2, cy + height / 2)
    return aspect


def render(timeline: Timeline, boundaries: Any, date: dt.date, view: str, compare: dt.date | None) -> bytes:
    """The registry's entry: a picture of ``date`` (a PNG has one date; ``compare`` is refused before)."""
    return render_png(timeline, boundaries, date, view)


def render_png(
    timeline: Timeline, boundaries: Any, date: dt.date, view: str, *, width_px: int = WIDTH_PX, height_px: int = HEIGHT_PX
) -> bytes:
    """The map of ``date`` under ``view`` as PNG bytes (about ``width_px`` × ``height_px``)."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch
    from matplotlib.patheffects import withStroke

    dataset = timeline.dataset
    texts = png_texts(timeline, boundaries, date, view)
    districts = boundaries.districts
    states = [timeline.state(d, date, view) for d in districts["id"]]

    # rc_context changes process-wide settings: one picture at a time (the app renders on
    # server threads), or two overlapping contexts could leave the hatch width changed.
    with _RENDER_LOCK, matplotlib.rc_context({"hatch.linewidth": 1.6}):
        figure = Figure(figsize=(width_px / DPI, height_px / DPI), dpi=DPI, facecolor="white")
        FigureCanvasAgg(figure)
        box = (0.02, 0.11, 0.6, 0.76)
        ax = figure.add_axes(box)
        ax.set_facecolor("#f4f1ea")
        for side in ax.spines.values():
            side.set_color("#999999")
        ax.set_xticks([])
        ax.set_yticks([])

        aspect = _fit_extent(ax, districts.total_bounds, box[2] * width_px / (box[3] * height_px))
        if len(boundaries.neighbours):
            boundaries.neighbours.plot(ax=ax, facecolor=_rgba(NEIGHBOUR_COLOR, 0.35), edgecolor="#9e9e9e", linewidth=0.6, zorder=1)

        solid = [i for i, s in enumerate(states) if not is_hatched(s)]
        hatched = [i for i, s in enumerate(states) if is_hatched(s)]
        if solid:
            frame = districts.iloc[solid]
            colors = [_rgba(fill_color(states[i], dataset), SOLID_ALPHA * _fade(states[i], date, dataset)) for i in solid]
            frame.plot(ax=ax, color=colors, edgecolor=EDGE_COLOR, linewidth=1.0, zorder=2)
        by_look: dict[tuple[str, str, float], list[int]] = {}
        for i in hatched:
            look = (fill_color(states[i], dataset), HATCHES[pattern(states[i]) or "hatch"], _fade(states[i], date, dataset))
            by_look.setdefault(look, []).append(i)
        for (color, hatch, fade), rows in by_look.items():
            # The hatch takes the edge colour (every matplotlib version); the border is drawn on top.
            face, lines = _rgba(color, TINT_ALPHA * fade), _rgba(color, fade)
            districts.iloc[rows].plot(ax=ax, facecolor=face, edgecolor=lines, hatch=hatch, linewidth=0, zorder=2)
        if hatched:
            districts.iloc[hatched].plot(ax=ax, facecolor="none", edgecolor=EDGE_COLOR, linewidth=1.0, zorder=3)

        halo = [withStroke(linewidth=3, foreground="white")]
        for row in districts.itertuples():
            ax.annotate(row.name, (row.label_lon, row.label_lat), ha="center", va="center", fontsize=10, fontweight="bold",
                        color="#111111", path_effects=halo, zorder=4)  # fmt: skip

        ax.set_aspect(aspect, adjustable="box")
        ax.set_xlabel("")
        ax.set_ylabel("")

        figure.text(0.02, 0.965, texts.title, fontsize=16, fontweight="bold", va="top")
        figure.text(0.02, 0.915, texts.subtitle, fontsize=11.5, va="top", color="#333333")
        handles = [
            Patch(facecolor=_rgba(r.color, TINT_ALPHA), edgecolor=r.color, hatch=HATCHES[r.pattern or "hatch"], label=_legend_label(r))
            if r.hatched
            else Patch(facecolor=_rgba(r.color, SOLID_ALPHA), edgecolor=EDGE_COLOR, linewidth=0.8, label=_legend_label(r))
            for r in texts.legend
        ]
        legend = figure.legend(
            handles=handles,
            loc="upper left",
            bbox_to_anchor=(0.64, 0.87),
            frameon=False,
            fontsize=9.5,
            title=f"Districts on {date.day} {date:%b %Y}",
            title_fontsize=10.5,
            alignment="left",
            handlelength=2.2,
            handleheight=1.3,
            labelspacing=0.7,
        )
        for text, row in zip(legend.get_texts(), texts.legend, strict=True):
            if row.count == 0:
                text.set_color("#888888")
        notes = _notes(view, dataset)
        figure.text(0.645, 0.3, "\n".join(textwrap.wrap(notes, 54)), fontsize=8.5, va="top", color="#444444", linespacing=1.4)
        footer = "\n".join(line for text in texts.footer for line in textwrap.wrap(text, 150))
        figure.text(0.02, 0.085, footer, fontsize=8.5, va="top", color="#b00000" if texts.schematic else "#333333",
                    fontweight="bold" if texts.schematic else "normal", linespacing=1.4)  # fmt: skip

        buffer = io.BytesIO()
        figure.savefig(
            buffer,
            format="png",
            dpi=DPI,
            metadata={
                "Title": f"{texts.title} — {texts.subtitle}",
                "Description": " ".join(texts.footer),
                "Software": "panjshir-control-map",
            },
        )
    return buffer.getvalue()
