"""A gazetteer drafted from a boundary file: the ``districts.yaml`` that ``python -m control init`` writes.

From the features of any file :func:`geo.read.read_features` reads (any format GDAL
reads, any CRS), choose some (a :class:`Selection`: :func:`select_all`, :func:`select_names`,
:func:`select_where` a column's value, :func:`select_bbox`, :func:`select_within` another
file's outline) and draft one district per feature (:func:`draft_gazetteer`):

* ``name``: the file's name, tidied (one space, none inside ``Hese- Awal``, one before a
  bracket); ``aliases`` keep the file's own spelling where it differs, so matching never
  depends on the tidying;
* ``code``: the feature's identifier (the code column: ``shapeID``, ``ADM2_PCODE``, …)
  wherever the *file* repeats a name (geoBoundaries' Afghanistan has seven such names):
  a name alone would match two features. Names repeated *within* the selection get a
  distinguishing display name: the parent unit's name when the file has one, else
  north/south or east/west for a pair, else the end of the code;
* ``id``: a unique slug of the name;
* ``seat``: a point inside the shape (the pole of inaccessibility, where the label goes),
  marked as derived in a comment: it only places the schematic fallback shapes.

:meth:`Draft.yaml` is the text, written so that it validates and matches the file
(``control/commands/init.py`` checks both before anything is renamed into place).
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from core.names import closest_names, normalize_name, slugify
from geo.boundaries import GEOBOUNDARIES_ATTRIBUTION, GEOBOUNDARIES_URL, is_geoboundaries
from geo.errors import BoundaryError
from geo.match import CODE_FIELDS, NAME_FIELDS, choose_code_field
from geo.measure import EQUAL_AREA, label_points
from yamldata.starter import commented
from yamldata.starter import scalar as quote

#: Columns naming the unit a district belongs to (a province, a state), tried in order
#: (case-insensitively) to tell apart districts of the same name.
PARENT_FIELDS = ("ADM1_EN", "ADM1_NAME", "ADM1NAME", "NAME_1", "PROV_NAME", "PROVINCE", "STATE_NAME", "STATE", "REGION")
#: A feature counts as within an outline (``--within``) when this share of its area is inside.
WITHIN_SHARE = 0.5
#: Decimal places of a derived seat: 10**-4 degrees is about 11 m.
SEAT_DECIMALS = 4


@dataclass(frozen=True)
class Selection:
    """Rows of the features chosen, and how, in words for the file's header."""

    rows: list[int]
    description: str


@dataclass
class DraftDistrict:
    """One district of a draft; fields as ``districts.yaml`` has them."""

    id: str
    name: str
    seat: tuple[float, float]  # (lat, lon)
    aliases: list[str] = field(default_factory=list)
    code: str | None = None
    name_local: str | None = None
    seat_derived: bool = True


@dataclass
class Draft:
    """A gazetteer ready to write: region, boundary settings and districts."""

    region: str
    districts: list[DraftDistrict]
    file: str  # as written in boundaries.file
    name_field: str
    code_field: str | None
    expected_features: int
    attribution: str | None
    attribution_url: str | None
    source_name: str
    selection: str
    repeated_names: int  # names the file repeats (after folding)
    warnings: list[str] = field(default_factory=list)
    schema: str | None = None  # the JSON Schema's path, relative to where the file goes

    def yaml(self, today: dt.date | None = None) -> str:
        """The ``districts.yaml`` text: a commented header, ``region``, ``boundaries``, ``districts``."""
        today = today or dt.date.today()
        lines = [f"# yaml-language-server: $schema={self.schema}", "#"] if self.schema else []
        count = len(self.districts)
        lines += [
            f"# {self.region}: {count} district{'s' if count != 1 else ''}, drafted by `python -m control init` on {today.isoformat()}",
            f"# from {self.source_name} ({self.selection}). Edit it freely: the map follows.",
            "#",
            "# - name: the file's name, tidied; aliases keep the file's own spelling where it differs.",
            "#   Add the spellings your sources use as aliases: claims may name a district by any of them.",
        ]
        if self.code_field:
            repeated = (
                (f"{self.repeated_names} names occur" if self.repeated_names != 1 else "1 name occurs") + " more than once in the file"
                if self.repeated_names
                else "no name occurs twice in the file"
            )
            lines += [
                f"# - code: the feature's {self.code_field}, given where the file repeats the name, so that",
                f"#   each district finds its own feature ({repeated}).",
            ]
        file_line = f"  file: {quote(self.file)}"
        lines += [
            "# - seat: DERIVED, a point inside the shape (where its label goes), not the district centre.",
            "#   It only places the schematic shapes drawn when the boundary file cannot be read;",
            "#   replace it with the district centre if you know it.",
            f"region: {quote(self.region)}",
            "",
            "boundaries:",
            file_line if Path(self.file).is_absolute() else commented(file_line, "relative to this file"),
            f"  name_field: {quote(self.name_field)}",
        ]
        if self.code_field:
            lines.append(f"  code_field: {quote(self.code_field)}")
        lines.append(commented(f"  expected_features: {self.expected_features}", "features in the whole file"))
        if self.attribution:
            lines.append(f"  attribution: {quote(self.attribution)}")
            if self.attribution_url:
                lines.append(f"  attribution_url: {quote(self.attribution_url)}")
        else:
            lines.append("  # attribution: who made these boundaries, and their licence (until given, the map credits the file's name)")
        lines += ["", "districts:"]
        for district in self.districts:
            lines.append(f"  - id: {quote(district.id)}")
            lines.append(f"    name: {quote(district.name)}")
            if district.name_local:
                lines.append(f"    name_local: {quote(district.name_local)}")
            if district.code:
                lines.append(f"    code: {quote(district.code)}")
            lat, lon = district.seat
            seat = f"    seat: {{lat: {lat:.{SEAT_DECIMALS}f}, lon: {lon:.{SEAT_DECIMALS}f}}}"
            lines.append(commented(seat, "derived: a point inside the shape") if district.seat_derived else seat)
            if district.aliases:
                lines.append("    aliases: [" + ", ".join(quote(a) for a in district.aliases) + "]")
        return "\n".join(lines) + "\n"


def tidy_name(name: str) -> str:
    """A file's name as a map label: one space between words, none inside ``Hese- Awal``, one before ``(``."""
    text = " ".join(str(name).split())
    text = re.sub(r"(\w)- (\w)", r"\1-\2", text)
    text = re.sub(r"(\w) -(\w)", r"\1-\2", text)
    text = re.sub(r"(\w)\(", r"\1 (", text)
    text = re.sub(r"\(\s+", "(", text)
    return re.sub(r"\s+\)", ")", text)


def _find(columns: Sequence[str], wanted: str) -> str | None:
    by_fold = {str(c).casefold(): str(c) for c in columns}
    return by_fold.get(wanted.casefold())


def _columns(features: gpd.GeoDataFrame) -> list[str]:
    return [str(c) for c in features.columns if c != features.geometry.name]


def _texts(values: pd.Series) -> list[str]:
    """Each value as text, ``""`` for a missing one."""
    return ["" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v).strip() for v in values]


def name_column(features: gpd.GeoDataFrame, requested: str | None = None) -> str:
    """The column of district names: ``requested``, else the first of :data:`geo.match.NAME_FIELDS`
    present, else the text column with the most distinct values that are mostly not codes."""
    columns = _columns(features)
    if requested:
        found = _find(columns, requested)
        if found is None:
            raise BoundaryError(f"no column {requested!r} (--name-field); columns are: {', '.join(columns)}")
        return found
    for wanted in NAME_FIELDS:
        found = _find(columns, wanted)
        if found and any(_texts(features[found])):
            return found
    best, best_distinct = None, 0
    for column in columns:
        values = [v for v in _texts(features[column]) if v]
        if not values or features[column].dtype != object:
            continue
        if sum(any(ch.isdigit() for ch in v) for v in values) > len(values) / 2:
            continue  # codes, not names
        distinct = len(set(values))
        if distinct > best_distinct:
            best, best_distinct = column, distinct
    if best is None:
        raise BoundaryError(f"no column of names found; give one with --name-field (columns are: {', '.join(columns)})")
    return best


def _place(point: tuple[float, float]) -> str:
    return f"{point[1]:.2f}, {point[0]:.2f}"


# ---- choosing features --------------------------------------------------------------


def select_all(features: gpd.GeoDataFrame) -> Selection:
    return Selection(list(range(len(features))), "all its features")


def select_names(features: gpd.GeoDataFrame, names: Sequence[str], name_field: str, code_field: str | None) -> Selection:
    """The features named (or coded) so, compared as districts are matched (ignoring case, spaces, hyphens, accents).

    A name the file repeats is refused, with the features' codes to choose from instead.
    """
    file_names = _texts(features[name_field])
    by_name: dict[str, list[int]] = {}
    for row, name in enumerate(file_names):
        by_name.setdefault(normalize_name(name), []).append(row)
    by_code: dict[str, list[int]] = {}
    if code_field:
        for row, code in enumerate(_texts(features[code_field])):
            by_code.setdefault(normalize_name(code), []).append(row)
    points = label_points(features.geometry.values)
    candidates = sorted({n for n in file_names if n})
    rows: list[int] = []
    problems: list[str] = []
    for name in dict.fromkeys(n.strip() for n in names if n.strip()):
        key = normalize_name(name)
        hits = by_code.get(key) or by_name.get(key, [])
        if len(hits) == 1:
            if hits[0] not in rows:
                rows.append(hits[0])
        elif not hits:
            near = closest_names(name, candidates, limit=4)
            hint = f"did you mean {', '.join(near)}?" if near else "no similar name in the file"
            problems.append(f"{name!r}: no feature of that {name_field}; {hint}")
        else:
            listed = "; ".join(
                f"{code_field} {_texts(features[code_field])[i]} at {_place(tuple(points[i]))}" if code_field else f"feature {i}"
                for i in hits
            )
            fix = "give the code of the one you mean instead of the name" if code_field else "choose with --bbox or --within instead"
            problems.append(f"{name!r} names {len(hits)} features ({listed}): {fix}")
    if problems:
        raise BoundaryError(f"--names: {len(problems)} of the names not chosen:\n  - " + "\n  - ".join(problems), problems=problems)
    return Selection(rows, f"{len(rows)} chosen by name")


def select_where(features: gpd.GeoDataFrame, column: str, value: str) -> Selection:
    """The features whose ``column`` equals ``value`` (ignoring case, spaces, hyphens and accents)."""
    columns = _columns(features)
    found = _find(columns, column)
    if found is None:
        raise BoundaryError(f"--where: no column {column!r}; columns are: {', '.join(columns)}")
    values = _texts(features[found])
    rows = [i for i, v in enumerate(values) if normalize_name(v) == normalize_name(value)]
    if not rows:
        near = closest_names(value, sorted(set(v for v in values if v)), limit=4)
        hint = f"did you mean {', '.join(near)}?" if near else f"it has {len(set(values))} different values"
        raise BoundaryError(f"--where: no feature has {found} = {value!r}; {hint}")
    return Selection(rows, f"{found} = {value}")


def parse_bbox(text: str) -> tuple[float, float, float, float]:
    """``W,S,E,N`` in degrees, checked: west < east, south < north, within the globe."""
    try:
        west, south, east, north = (float(p) for p in text.split(","))
    except ValueError:
        raise ValueError(f"--bbox {text!r}: give four numbers W,S,E,N (degrees of longitude and latitude)") from None
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        raise ValueError(f"--bbox {text!r}: needs -180 <= W < E <= 180 and -90 <= S < N <= 90 (W,S,E,N)")
    return west, south, east, north


def select_bbox(features: gpd.GeoDataFrame, bbox: tuple[float, float, float, float]) -> Selection:
    """The features whose label point (a point inside each shape) lies in ``bbox`` (W, S, E, N; degrees)."""
    west, south, east, north = bbox
    points = label_points(features.geometry.values)
    inside = (points[:, 0] >= west) & (points[:, 0] <= east) & (points[:, 1] >= south) & (points[:, 1] <= north)
    rows = [int(i) for i in np.flatnonzero(inside)]
    described = f"a point inside each lies in {west:g},{south:g},{east:g},{north:g}"
    if not rows:
        w, s, e, n = features.total_bounds
        spans = f"{w:.2f},{s:.2f},{e:.2f},{n:.2f}"
        raise BoundaryError(f"--bbox: no feature lies in {west:g},{south:g},{east:g},{north:g}; the file spans {spans} (W,S,E,N)")
    return Selection(rows, described)


def select_within(features: gpd.GeoDataFrame, outline: gpd.GeoDataFrame, outline_name: str) -> Selection:
    """The features with at least :data:`WITHIN_SHARE` of their area inside ``outline``'s shapes (both EPSG:4326)."""
    area = gpd.GeoSeries(features.geometry.values, crs=features.crs).to_crs(EQUAL_AREA)
    region = gpd.GeoSeries([shapely.union_all(outline.geometry.values)], crs=outline.crs).to_crs(EQUAL_AREA).iloc[0]
    candidates = area.sindex.query(region, predicate="intersects")
    rows = []
    for row in sorted(int(i) for i in candidates):
        shape = area.iloc[row]
        if shape.area > 0 and shape.intersection(region).area >= WITHIN_SHARE * shape.area:
            rows.append(row)
    if not rows:
        raise BoundaryError(f"--within {outline_name}: no feature has half its area or more inside its shapes")
    return Selection(rows, f"at least half of each inside {outline_name}")


# ---- drafting ------------------------------------------------------------------------


def _distinguish(group: list[int], names: dict[int, str], seats: np.ndarray, codes: list[str], parents: list[str] | None) -> dict[int, str]:
    """Display names for features sharing one name within the selection."""
    if parents is not None and len({normalize_name(parents[i]) for i in group}) == len(group) and all(parents[i] for i in group):
        return {i: f"{names[i]} ({parents[i]})" for i in group}
    if len(group) == 2:
        a, b = group
        (lon_a, lat_a), (lon_b, lat_b) = seats[a], seats[b]
        dx, dy = (lon_b - lon_a) * math.cos(math.radians((lat_a + lat_b) / 2)), lat_b - lat_a
        if abs(dy) >= abs(dx):
            return {a: f"{names[a]} ({'south' if dy > 0 else 'north'})", b: f"{names[b]} ({'north' if dy > 0 else 'south'})"}
        return {a: f"{names[a]} ({'west' if dx > 0 else 'east'})", b: f"{names[b]} ({'east' if dx > 0 else 'west'})"}
    width = 4
    while width < max(len(codes[i]) for i in group) and len({codes[i][-width:] for i in group}) < len(group):
        width += 1
    return {i: f"{names[i]} ({codes[i][-width:] or i})" for i in group}


def draft_gazetteer(
    features: gpd.GeoDataFrame,
    selection: Selection,
    *,
    region: str,
    boundary_file: str,
    source_name: str,
    name_field: str | None = None,
    code_field: str | None = None,
    attribution: str | None = None,
    attribution_url: str | None = None,
) -> Draft:
    """One district per selected feature (module docstring); raises :class:`BoundaryError` when
    names repeat and no column of unique codes can tell them apart."""
    name_field = name_column(features, name_field)
    code_field = choose_code_field(features, code_field)
    file_names = _texts(features[name_field])
    codes = _texts(features[code_field]) if code_field else [""] * len(features)
    parent_field = next((c for c in (_find(_columns(features), p) for p in PARENT_FIELDS) if c), None)
    parents = _texts(features[parent_field]) if parent_field else None
    shapes = features.geometry.values
    rows = [r for r in selection.rows if shapes[r] is not None and not shapely.is_empty(shapes[r])]
    if not rows:
        raise BoundaryError("none of the chosen features has a shape")
    left_out = len(selection.rows) - len(rows)
    warnings = [f"{left_out} chosen feature(s) have no shape and were left out"] if left_out else []

    in_file = Counter(normalize_name(n) for n in file_names if n)
    repeated = {key for key, n in in_file.items() if n > 1}
    needing = [r for r in rows if normalize_name(file_names[r]) in repeated]  # a name alone would match two features
    if needing and not code_field:
        listed = ", ".join(sorted({file_names[r] for r in needing})[:5])
        raise BoundaryError(
            f"the file repeats the names {listed} and has no column of unique codes to tell them apart "
            f"(looked for {', '.join(CODE_FIELDS)}): give one with --code-field"
        )
    code_counts = Counter(normalize_name(c) for c in codes if c)
    ambiguous = [r for r in needing if not codes[r] or code_counts[normalize_name(codes[r])] > 1]
    if ambiguous:
        listed = ", ".join(f"{file_names[r]!r}" for r in ambiguous[:5])
        raise BoundaryError(f"{code_field} does not tell the repeated names {listed} apart: give unique codes with --code-field")

    seats = np.full((len(features), 2), np.nan)
    seats[rows] = label_points(features.geometry.values[rows])
    names = {r: tidy_name(file_names[r]) if file_names[r] else (codes[r] or f"Feature {r + 1}") for r in rows}
    groups: dict[str, list[int]] = {}
    for r in rows:
        groups.setdefault(normalize_name(names[r]), []).append(r)
    display = dict(names)
    for group in groups.values():
        if len(group) > 1:
            display.update(_distinguish(group, names, seats, codes, parents))

    taken: set[str] = set()
    districts = []
    for r in sorted(rows, key=lambda r: (normalize_name(display[r]), display[r])):
        base = slugify(display[r], max_length=60) or slugify(codes[r]) or "district"
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        shared = len(groups[normalize_name(names[r])]) > 1
        aliases = [file_names[r]] if file_names[r] and file_names[r] != display[r] and not shared else []
        code = codes[r] if normalize_name(file_names[r]) in repeated else None
        lon, lat = seats[r]
        districts.append(DraftDistrict(id=slug, name=display[r], seat=(float(lat), float(lon)), aliases=aliases, code=code))

    if attribution is None and is_geoboundaries(features):
        attribution, attribution_url = GEOBOUNDARIES_ATTRIBUTION, GEOBOUNDARIES_URL
    return Draft(
        region=region,
        districts=districts,
        file=boundary_file,
        name_field=name_field,
        code_field=code_field,
        expected_features=len(features),
        attribution=attribution,
        attribution_url=attribution_url,
        source_name=source_name,
        selection=selection.description,
        repeated_names=len(repeated),
        warnings=warnings,
    )


def relative_file(path: str | os.PathLike[str], directory: Path) -> str:
    """How a file in ``directory`` names ``path``: relative to ``directory`` when the two share a
    folder below the root (so the pair can move together), else absolute; a GDAL virtual path or
    URL is kept as given."""
    text = str(path)
    if text.startswith("/vsi") or "://" in text:
        return text
    target, base = Path(text).resolve(), directory.resolve()
    try:
        common = Path(os.path.commonpath([target, base]))
    except ValueError:  # another drive (Windows)
        return target.as_posix()
    if common == Path(common.anchor):
        return target.as_posix()
    return Path(os.path.relpath(target, base)).as_posix()
