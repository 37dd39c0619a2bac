"""Match a file's features to the gazetteer's districts, by code, name or alias.

Name column: the gazetteer's ``name_field`` if it gives one (it must exist); otherwise
the first of :data:`NAME_FIELDS` present (compared case-insensitively) that matches
every district, then any other text column that does; failing that, the column matching
the most districts is used so the error lists the right near-misses. Names are compared
with :func:`core.names.normalize_name`. A district ``code`` is also looked up in the
gazetteer's ``code_field``, else the first of :data:`CODE_FIELDS` present, which settles
files with repeated names (the national geoBoundaries file has seven, e.g. two "Kohistan").
Each district that finds no feature, or several, is reported with what to do: the
file's nearest names ("add the file's name as an alias"), or the codes to choose from.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from core.model import District
from core.names import closest_names, normalize_name
from geo.errors import BoundaryError

NAME_FIELDS = ("shapeName", "name", "NAME_2", "ADM2_EN", "ADM2_NAME", "ADM2NAME", "DIST_NAME", "DISTRICT", "district")
CODE_FIELDS = ("shapeID", "ADM2_PCODE", "GID_2", "code", "id")


@dataclass(frozen=True)
class Match:
    """Which row of the features holds each district (by district id)."""

    name_field: str
    rows: dict[str, int]
    code_field: str | None = None


class MatchError(BoundaryError):
    """Districts without exactly one feature: ``unmatched`` maps each such district's id to why
    (what ``validate --boundaries`` prints at the district's line, and the app's banner lists)."""

    def __init__(self, message: str, *, source: str, problems: list[str], unmatched: dict[str, str]):
        super().__init__(message, source=source, problems=problems)
        self.unmatched = unmatched


def _find_column(columns: Sequence[str], wanted: str) -> str | None:
    by_fold = {c.casefold(): c for c in columns}
    return by_fold.get(wanted.casefold())


def _keys(values: pd.Series) -> list[str]:
    return ["" if v is None or (isinstance(v, float) and v != v) else normalize_name(str(v)) for v in values]


def _index(keys: list[str]) -> dict[str, list[int]]:
    """Rows by normalised key, so matching N districts is not N scans of the file."""
    index: dict[str, list[int]] = {}
    for row, key in enumerate(keys):
        if key:
            index.setdefault(key, []).append(row)
    return index


def _is_text(column: pd.Series) -> bool:
    return column.dtype == object or pd.api.types.is_string_dtype(column)


def _district_keys(district: District) -> set[str]:
    return {normalize_name(s) for s in district.spellings}


def choose_name_field(features: pd.DataFrame, districts: Sequence[District], requested: str | None = None) -> str:
    """The column holding district names (see the module docstring for the order)."""
    geometry_name = features.geometry.name if isinstance(features, gpd.GeoDataFrame) else None
    columns = [str(c) for c in features.columns if c != geometry_name]
    if not columns:
        raise BoundaryError("the features have no attributes, so no names to match the districts by")
    if requested:
        found = _find_column(columns, requested)
        if found is None:
            raise BoundaryError(f"no column {requested!r} (name_field); columns are: {', '.join(columns)}")
        return found
    preferred = [c for c in (_find_column(columns, n) for n in NAME_FIELDS) if c]
    others = [c for c in columns if c not in preferred and _is_text(features[c])]
    candidates = preferred + others
    if not candidates:
        raise BoundaryError(f"no text column to match district names in; columns are: {', '.join(columns)}")
    wanted = [_district_keys(d) for d in districts]
    best, best_score = candidates[0], -1
    for column in candidates:
        present = set(_keys(features[column]))
        score = sum(1 for keys in wanted if keys & present)
        if score == len(districts):
            return column
        if score > best_score:
            best, best_score = column, score
    return best


def choose_code_field(features: pd.DataFrame, requested: str | None = None) -> str | None:
    """The column of feature identifiers: ``requested`` (it must exist), else the first of
    :data:`CODE_FIELDS` present, else None."""
    columns = [str(c) for c in features.columns]
    if requested:
        found = _find_column(columns, requested)
        if found is None:
            raise BoundaryError(f"no column {requested!r} (code_field); columns are: {', '.join(columns)}")
        return found
    return next((c for c in (_find_column(columns, n) for n in CODE_FIELDS) if c), None)


def match_districts(
    features: gpd.GeoDataFrame,
    districts: Sequence[District],
    *,
    name_field: str | None = None,
    code_field: str | None = None,
    source: str = "boundary file",
) -> Match:
    """Find exactly one feature per district, or raise :class:`MatchError` listing every problem.

    Features that match no district are ignored here (they may serve as neighbours).
    """
    try:
        field = choose_name_field(features, districts, name_field)
        code_field = choose_code_field(features, code_field)
    except BoundaryError as exc:
        raise BoundaryError(f"{source}: {exc}", source=source, problems=[str(exc)]) from exc
    names = ["" if v is None else str(v) for v in features[field]]
    by_name = _index(_keys(features[field]))
    by_code = _index(_keys(features[code_field])) if code_field else {}
    codes = ["" if v is None else str(v) for v in features[code_field]] if code_field else []
    give_code = f"give its code (the file's {code_field})" if code_field else "give the file a column of unique codes (code_field)"
    empty = features.geometry.is_empty.to_numpy() | features.geometry.isna().to_numpy()
    candidates = sorted({n for n in names if n})

    rows: dict[str, int] = {}
    claimed: dict[int, str] = {}
    unmatched: dict[str, str] = {}
    for district in districts:
        label = f"{district.name!r} ({district.id})" if district.name != district.id else repr(district.id)
        hits = by_code.get(normalize_name(district.code), []) if district.code else []
        if len(hits) != 1:
            hits = sorted({i for key in _district_keys(district) for i in by_name.get(key, [])})
        if not hits:
            near: list[str] = []
            for spelling in district.spellings:
                near += [n for n in closest_names(spelling, candidates) if n not in near]
            hint = f"; nearest names in the file: {', '.join(near[:5])}" if near else "; no similar names in the file"
            tried = {normalize_name(s): s for s in reversed(district.spellings)}
            unmatched[district.id] = (
                f"district {label}: no feature with {field} matching {', '.join(reversed(tried.values()))}{hint}. "
                f"Add the file's name as an alias, or {give_code}"
            )
            continue
        if len(hits) > 1:
            listed = ", ".join(f"{names[i]!r} (feature {i}" + (f", {code_field} {codes[i]})" if code_field else ")") for i in hits)
            wrong = f"; its code {district.code!r} is not in {code_field}" if district.code and code_field else ""
            unmatched[district.id] = f"district {label} matches {len(hits)} features in {field}: {listed}{wrong}. To say which, {give_code}"
            continue
        row = hits[0]
        if row in claimed:
            unmatched[district.id] = f"feature {names[row]!r} (feature {row}) matches districts {claimed[row]} and {district.id}"
            continue
        if empty[row]:
            unmatched[district.id] = f"district {label}: feature {names[row]!r} has no polygon geometry"
            continue
        claimed[row] = district.id
        rows[district.id] = row
    if unmatched:
        problems = list(unmatched.values())
        message = f"{source}: {len(problems)} of {len(districts)} districts not matched:\n  - " + "\n  - ".join(problems)
        raise MatchError(message, source=source, problems=problems, unmatched=unmatched)
    return Match(name_field=field, rows=rows, code_field=code_field)
