"""The PNG export: the map on one date as a picture for reports and slides.

Drawn with geopandas on a bare matplotlib ``Figure`` and the Agg canvas -- never
pyplot's global state -- so it is safe in the app's threads and needs no display.
It carries everything a reader of a printed report needs without the app: districts
filled by state (claimed = hatched in the party's colour over a light tint, as on the
interactive map), neighbours in faint grey, district labels, places as small markers
in their own state's colour and pattern (so a pass can be contested in a district
held by one side), a legend with the number of districts in each category on that
day, a title with region, date and view, and the attribution (or, for schematic
shapes, a plain warning). The same texts are written into the PNG's metadata and
returned by :func:`png_texts`.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import textwrap
import threading
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from core.dates import strfday
from core.explain import WORDING, fill
from core.labels import PATTERN_NOTE, PNG_MARKER_KEY, footer_lines, map_title, view_label
from core.model import INDEPENDENT, Dataset
from core.rules import CONSENSUS, DistrictState, Timeline, stale_age
from core.style import NEIGHBOUR_COLOR, STALE_OPACITY, category_key, fill_color, is_hatched, legend, pattern

if TYPE_CHECKING:  # geopandas: only where shapes are drawn
    from geo.boundaries import Boundaries

WIDTH_PX, HEIGHT_PX, DPI = 1600, 1200, 160
#: The tool, as the PNG's metadata names it (the generic name, whatever region the map shows).
SOFTWARE = "control-map"
HATCH = "////"
#: matplotlib hatches for :data:`core.style.PATTERNS` kinds.
HATCHES = {"hatch": HATCH, "cross": "xxxx", "dots": "...."}
_RENDER_LOCK = threading.Lock()
EDGE_COLOR = "#333333"
SOLID_ALPHA = 1.0  # opaque: no basemap shows through on paper, and the legend matches exactly
TINT_ALPHA = 0.2
#: Place markers by kind (matplotlib markers), their size (points) and label size.
PLACE_MARKERS = {"pass": "^", "district_centre": "s", "compound": "D", "base": "D"}
PLACE_MARKER = "o"
MARKER_SIZE = 11
#: matplotlib's diamond is a square turned on its corner, √2 wider than the others: drawn smaller.
MARKER_SCALE = {"D": 0.8}
RING = 3.5  # points of white ring around a marker, so it stands out on a fill of its own colour
PLACE_FONT_SIZE = 7.5
PLACE_NOTE = PNG_MARKER_KEY


@dataclass(frozen=True)
class LegendRow:
    label: str
    color: str
    count: int  # districts in it on the day
    pattern: str | None = None  # core.style.PATTERNS; None for a solid fill
    places: int = 0  # places in it on the day

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


def png_texts(timeline: Timeline, boundaries: Boundaries, date: dt.date, view: str) -> PngTexts:
    """Title, subtitle, footer and legend rows (with counts) of the picture for ``date``.

    A picture has one day: its legend lists the categories drawn that day (districts or
    places), and "No information", in the view's legend order.
    """
    dataset = timeline.dataset
    counts = Counter(category_key(s.status, s.holder) for s in timeline.states_on(date, view).values())
    places = Counter(category_key(s.status, s.holder) for s in timeline.place_states_on(date, view).values())
    rows = [
        LegendRow(e.label, e.color, counts.get((e.status, e.holder), 0), e.pattern, places.get((e.status, e.holder), 0))
        for e in legend(view, dataset)
        if counts.get((e.status, e.holder)) or places.get((e.status, e.holder)) or e.status == "unknown"
    ]
    subtitle = f"{date.day} {strfday(date, '%B %Y')} — view: {view_label(view, dataset)}"
    return PngTexts(map_title(dataset), subtitle, footer_lines(dataset, boundaries), rows, bool(boundaries.schematic))


def _fade(state: DistrictState, date: dt.date, dataset: Dataset) -> float:
    """1, or :data:`core.style.STALE_OPACITY` for a state whose deciding claim is stale."""
    return STALE_OPACITY if stale_age(state, date, dataset) is not None else 1.0


def _rgba(color: str, alpha: float) -> tuple[float, float, float, float]:
    from matplotlib.colors import to_rgba

    return to_rgba(color, alpha)


def _notes(view: str, dataset: Dataset) -> str:
    """How to read the colours of this view (plain text)."""
    if view == CONSENSUS:
        return PATTERN_NOTE + " " + WORDING["pictureConsensus"]
    who = WORDING["pictureIndependent"] if view == INDEPENDENT else dataset.party(view).name
    return PATTERN_NOTE + " " + fill(WORDING["pictureSide"], who=who)


def _names_note(named: int, districts: int) -> str:
    """Why some districts have no name on the picture (nothing when every one has)."""
    if named >= districts:
        return ""
    shown = f"{named} of {districts} here" if named else f"none of the {districts} at this scale"
    return f" District names are drawn only where they fit inside the district: {shown}."


def _legend_label(row: LegendRow, with_places: bool) -> str:
    districts = fill(WORDING["district" if row.count == 1 else "districts"], n=str(row.count))
    places = fill(WORDING["markers"]["one" if row.places == 1 else "many"], count=str(row.places))
    count = fill(WORDING["counts"], districts=districts, places=places)
    return "\n".join(textwrap.wrap(f"{row.label}: {count if with_places else districts}", 44))


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


def render(timeline: Timeline, boundaries: Boundaries, date: dt.date, view: str, compare: dt.date | None) -> bytes:
    """The registry's entry: a picture of ``date`` (a PNG has one date; ``compare`` is refused before)."""
    return render_png(timeline, boundaries, date, view)


def render_png(
    timeline: Timeline,
    boundaries: Boundaries,
    date: dt.date,
    view: str,
    *,
    width_px: int = WIDTH_PX,
    height_px: int = HEIGHT_PX,
    names: dict[str, tuple[float, float, float, float]] | None = None,
) -> bytes:
    """The map of ``date`` under ``view`` as PNG bytes (about ``width_px`` × ``height_px``).

    ``names``, if given, receives each district name drawn and its box (west, south, east,
    north in degrees): what the picture shows, for the tests.
    """
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

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

        ax.set_aspect(aspect, adjustable="box")
        ax.set_xlabel("")
        ax.set_ylabel("")
        ax.apply_aspect()  # the final box: the transforms below must be those of the saved picture
        layout = _place_layout(ax, list(dataset.gazetteer.places))
        named = _district_labels(ax, districts, obstacles=list(layout.markers))
        _draw_places(ax, timeline, date, view, layout, obstacles=[*layout.markers, *named.values()])
        if names is not None:
            to_data = ax.transData.inverted()
            for name, box in named.items():
                (west, south), (east, north) = to_data.transform([(box.x0, box.y0), (box.x1, box.y1)])
                names[name] = (float(west), float(south), float(east), float(north))

        figure.text(0.02, 0.965, texts.title, fontsize=16, fontweight="bold", va="top")
        figure.text(0.02, 0.915, texts.subtitle, fontsize=11.5, va="top", color="#333333")
        with_places = bool(dataset.gazetteer.places)
        handles = [
            Patch(facecolor=_rgba(r.color, TINT_ALPHA), edgecolor=r.color, hatch=HATCHES[r.pattern or "hatch"], label=label)
            if r.hatched
            else Patch(facecolor=_rgba(r.color, SOLID_ALPHA), edgecolor=EDGE_COLOR, linewidth=0.8, label=label)
            for r, label in ((r, _legend_label(r, with_places)) for r in texts.legend)
        ]
        legend = figure.legend(
            handles=handles,
            loc="upper left",
            bbox_to_anchor=(0.64, 0.87),
            frameon=False,
            fontsize=9.5,
            title=f"{'Districts and places' if with_places else 'Districts'} on {date.day} {strfday(date, '%b %Y')}",
            title_fontsize=10.5,
            alignment="left",
            handlelength=2.2,
            handleheight=1.3,
            labelspacing=0.7,
        )
        for text, row in zip(legend.get_texts(), texts.legend, strict=True):
            if row.count + row.places == 0:
                text.set_color("#888888")
        notes = _notes(view, dataset) + (" " + PLACE_NOTE if dataset.gazetteer.places else "") + _names_note(len(named), len(districts))
        notes_text = figure.text(0.645, 0.3, "\n".join(textwrap.wrap(notes, 54)), fontsize=8.5, va="top", color="#444444",
                                 linespacing=1.4)  # fmt: skip
        # Longer notes (the place note) move up to end above the footer, but not into the legend.
        renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]  # Agg's
        height = notes_text.get_window_extent(renderer).height / figure.bbox.height
        legend_bottom = legend.get_window_extent(renderer).y0 / figure.bbox.height
        notes_text.set_y(max(0.3, min(0.11 + height, legend_bottom - 0.02)))
        width = 135 if texts.schematic else 150  # the schematic warning is bold, so wider
        footer = "\n".join(line for text in texts.footer for line in textwrap.wrap(text, width, break_on_hyphens=False))
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
                "Software": SOFTWARE,
            },
        )
    return buffer.getvalue()


def _spread(points: list[tuple[float, float]], gap: float) -> list[tuple[float, float]]:
    """Where to draw markers at ``points`` (display pixels) so that none is within ``gap`` of another.

    Places closer than ``gap`` (the bundled data has pairs 500 m apart, a few pixels
    here) are stacked in a column at their centre, north first, each with its own label
    line; the caller draws a leader to the true point. Others stay where they are.
    """
    groups = list(range(len(points)))

    def root(i: int) -> int:
        while groups[i] != i:
            groups[i] = groups[groups[i]]
            i = groups[i]
        return i

    for i, (xi, yi) in enumerate(points):
        for j in range(i):
            xj, yj = points[j]
            if math.hypot(xi - xj, yi - yj) < gap:
                groups[root(i)] = root(j)
    clusters: dict[int, list[int]] = {}
    for i in range(len(points)):
        clusters.setdefault(root(i), []).append(i)
    out = list(points)
    for members in clusters.values():
        if len(members) == 1:
            continue
        cx = sum(points[i][0] for i in members) / len(members)
        cy = sum(points[i][1] for i in members) / len(members)
        members.sort(key=lambda i: (-points[i][1], points[i][0]))
        for k, i in enumerate(members):
            out[i] = (cx, cy + gap * ((len(members) - 1) / 2 - k))
    return out


def _extent(marker: str) -> float:
    """How wide a place marker is drawn, in points (a diamond reaches √2 of its size)."""
    return MARKER_SIZE * MARKER_SCALE.get(marker, 1) * (math.sqrt(2) if marker == "D" else 1)


def _overlap(box: Any, others: list[Any]) -> float:
    """How many square pixels of ``box`` the ``others`` cover (counted once per other)."""
    total = 0.0
    for other in others:
        w = min(box.x1, other.x1) - max(box.x0, other.x0)
        h = min(box.y1, other.y1) - max(box.y0, other.y0)
        if w > 0 and h > 0:
            total += w * h
    return total


def _place_text(ax: Any, renderer: Any, candidates: list[dict], obstacles: list[Any], **text: Any) -> Any:
    """The first of ``candidates`` (annotate keywords) that covers no obstacle and stays inside the map, else the least bad.

    The chosen label's box joins ``obstacles``.
    """
    frame = ax.get_window_extent(renderer)
    best = None
    for candidate in candidates:
        label = ax.annotate(**text, **candidate)
        box = label.get_window_extent(renderer)
        covered = _overlap(box, obstacles) + box.width * box.height - _overlap(box, [frame])  # outside the map counts too
        if best is None or covered < best[0]:
            if best is not None:
                best[1].remove()
            best = (covered, label, box)
        else:
            label.remove()
        if covered == 0:
            break
    assert best is not None
    obstacles.append(best[2])
    return best[1]


@dataclass(frozen=True)
class PlaceLayout:
    """Where each place's marker is drawn (display pixels: its true point, and where it is drawn
    when a cluster is spread out) and the box each marker covers."""

    true_px: list[tuple[float, float]]
    drawn_px: list[tuple[float, float]]
    markers: list[Any]  # Bbox per place
    reach: float  # half the widest marker, ring included (pixels)


def _place_layout(ax: Any, places: list[Any]) -> PlaceLayout:
    """The markers' positions, spread so none hides another; call once the limits and aspect are final."""
    from matplotlib.transforms import Bbox

    if not places:
        return PlaceLayout([], [], [], 0.0)
    px_per_pt = ax.figure.dpi / 72
    true_px = [tuple(ax.transData.transform((p.point.lon, p.point.lat))) for p in places]
    widest = max(_extent(PLACE_MARKERS.get(p.kind, PLACE_MARKER)) for p in places)
    reach = (widest + RING) / 2 * px_per_pt
    drawn_px = _spread(true_px, 2 * reach + 2 * px_per_pt)
    markers = [Bbox.from_extents(x - reach, y - reach, x + reach, y + reach) for x, y in drawn_px]
    return PlaceLayout(true_px, drawn_px, markers, reach)


#: Pixels a district's name keeps from its shape's border and from other labels (its white halo).
LABEL_MARGIN_PX = 2.0
#: A district's name: its size in points, then a smaller one for a name that fits nowhere at the first.
LABEL_SIZES = (10.0, 8.0)
#: Where a name may go when it does not fit at its label point (the point farthest inside its
#: shape): steps of a third of its width sideways and of its height up and down, nearest first.
LABEL_SHIFTS = tuple(
    sorted(((dx / 3, dy) for dx in range(-2, 3) for dy in range(-3, 4)), key=lambda shift: (math.hypot(shift[0] * 3, shift[1]), shift))
)


def _district_labels(ax: Any, districts: Any, obstacles: list[Any]) -> dict[str, Any]:
    """Each district's name where it fits: inside its own shape, clear of the markers and of every
    name already placed (bigger districts first); a name that fits nowhere is left out. Returns each
    name drawn and its box (display pixels).

    Sizes come from the renderer's text metrics, so a name is measured once per size and
    only the names that fit become text on the picture (the national map tries 398 of them).
    """
    import shapely
    from matplotlib.font_manager import FontProperties
    from matplotlib.patheffects import withStroke
    from matplotlib.transforms import Bbox

    renderer = ax.figure.canvas.get_renderer()
    to_px, to_data = ax.transData, ax.transData.inverted()
    halo = [withStroke(linewidth=3, foreground="white")]
    areas = [a if isinstance(a, float) and math.isfinite(a) else 0.0 for a in districts["area_km2"]]
    shapes, names = list(districts.geometry), [str(n) for n in districts["name"]]
    points = np.column_stack([districts["label_lon"].to_numpy(float), districts["label_lat"].to_numpy(float)])
    centres = to_px.transform(np.nan_to_num(points))
    bounds = districts.geometry.bounds.to_numpy(float)  # minx, miny, maxx, maxy (degrees)
    corners = to_px.transform(np.nan_to_num(np.concatenate([bounds[:, :2], bounds[:, 2:]])))
    spans = corners[len(bounds) :] - corners[: len(bounds)]  # each shape's width and height in pixels
    fonts = [FontProperties(size=size, weight="bold") for size in LABEL_SIZES]
    px_per_pt = ax.figure.dpi / 72
    smallest = min(LABEL_SIZES) * px_per_pt  # a name is at least this tall, and half as wide per letter
    named: dict[str, Any] = {}
    order = sorted(range(len(districts)), key=lambda i: (-areas[i], -(shapes[i].area if shapes[i] is not None else 0)))
    for i in order:
        shape, name, (cx, cy) = shapes[i], names[i], centres[i]
        if shape is None or shape.is_empty or not np.isfinite(points[i]).all():
            continue
        if spans[i][0] < 0.45 * smallest * len(name) or spans[i][1] < smallest:
            continue  # the shape is smaller than its name can be: no need to measure it
        shapely.prepare(shape)
        spot = None
        for font in fonts:
            width, height, _ = renderer.get_text_width_height_descent(name, font, ismath=False)
            for dx, dy in LABEL_SHIFTS:
                x, y = cx + dx * width, cy + dy * height * 1.1
                box = Bbox.from_extents(x - width / 2, y - height / 2, x + width / 2, y + height / 2).padded(LABEL_MARGIN_PX)
                if _overlap(box, obstacles) or _overlap(box, list(named.values())):
                    continue
                (west, south), (east, north) = to_data.transform([(box.x0, box.y0), (box.x1, box.y1)])
                if shape.contains(shapely.box(west, south, east, north)):
                    spot = (font, x, y, box)
                    break
            if spot:
                break
        if spot is None:
            continue
        font, x, y, box = spot
        ax.annotate(name, tuple(points[i]), xytext=((x - cx) / px_per_pt, (y - cy) / px_per_pt), textcoords="offset points",
                    ha="center", va="center", fontproperties=font, color="#111111", path_effects=halo, zorder=4)  # fmt: skip
        named[name] = box
    return named


def _draw_places(ax: Any, timeline: Timeline, date: dt.date, view: str, layout: PlaceLayout, obstacles: list[Any]) -> None:
    """Each place as a marker in its own state's colour (and pattern), with a small label, as laid out by :func:`_place_layout`.

    Each place's label takes the first side (right, left, above, below) where it covers no
    marker, district name or other label.
    """
    from matplotlib.patheffects import withStroke

    dataset = timeline.dataset
    places = list(dataset.gazetteer.places)
    if not places:
        return
    renderer = ax.figure.canvas.get_renderer()
    to_data = ax.transData.inverted()
    px_per_pt = ax.figure.dpi / 72
    halo = [withStroke(linewidth=2.5, foreground="white")]
    away = layout.reach / px_per_pt + 1
    sides = [
        {"xytext": (away, 0), "ha": "left", "va": "center"},
        {"xytext": (-away, 0), "ha": "right", "va": "center"},
        {"xytext": (0, away), "ha": "center", "va": "bottom"},
        {"xytext": (0, -away), "ha": "center", "va": "top"},
    ]
    obstacles = list(obstacles)
    for place, (tx, ty), (dx, dy) in zip(places, layout.true_px, layout.drawn_px, strict=True):
        state = timeline.state(place.id, date, view)
        color, fade = fill_color(state, dataset), _fade(state, date, dataset)
        marker = PLACE_MARKERS.get(place.kind, PLACE_MARKER)
        width = MARKER_SIZE * MARKER_SCALE.get(marker, 1)
        size = width**2  # scatter sizes are square points
        (lon, lat), (x, y) = to_data.transform((tx, ty)), to_data.transform((dx, dy))
        if (dx, dy) != (tx, ty):  # moved out of a cluster: a leader to the true point
            ax.plot([lon, x], [lat, y], color="#222222", linewidth=0.7, zorder=5, solid_capstyle="round")
            ax.plot([lon], [lat], marker="o", markersize=2.2, color="#222222", zorder=5)
        ax.scatter([x], [y], s=(width + RING) ** 2, marker=marker, color="white", linewidths=0, zorder=6)
        if is_hatched(state):
            # As the districts: pattern lines in the colour over a light tint of it (opaque here,
            # so the district's fill does not show through), the dark outline drawn on top.
            tint = tuple(TINT_ALPHA * c + (1 - TINT_ALPHA) for c in _rgba(color, 1)[:3])
            hatch = HATCHES[pattern(state) or "hatch"]
            ax.scatter([x], [y], s=size, marker=marker, facecolor=(*tint, fade), edgecolor=_rgba(color, fade), hatch=hatch,
                       linewidths=0, zorder=6)  # fmt: skip
            ax.scatter([x], [y], s=size, marker=marker, facecolor="none", edgecolor=EDGE_COLOR, linewidths=1.1, zorder=7)
        else:
            ax.scatter([x], [y], s=size, marker=marker, facecolor=_rgba(color, fade), edgecolor=EDGE_COLOR, linewidths=1.1, zorder=7)
        text = ("≈ " if place.approximate else "") + place.name
        _place_text(ax, renderer, sides, obstacles, text=text, xy=(x, y), textcoords="offset points", fontsize=PLACE_FONT_SIZE,
                    color="#111111", path_effects=halo, zorder=8)  # fmt: skip
