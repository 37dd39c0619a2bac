"""ACLED events as claims in ``claims.yaml`` (the command is ``python -m control import-acled EXPORT.csv``).

ACLED (acleddata.com) codes reported events, one CSV row each. An event becomes one
claim ``acled-<event_id_cnty>``, so re-running the same export adds nothing twice:

* sub_event_type "Non-state actor overtakes territory" / "Government regains territory"
  → ``held``, holder = the party of actor1 by the ``acled.actors`` rules of claims.yaml;
* event_type "Battles" with sub_event_type "Armed clash" → ``contested``;
* every other event → ``statement``.

The source is ACLED's ``source`` column (e.g. "Reuters; Pajhwok") as an independent
source ``<source_prefix>-<slug>``: ACLED codes what those outlets reported. The district
is ``admin2`` looked up in the gazetteer, else the district whose real boundary contains
the event's coordinates. An event ACLED locates at a named town (``geo_precision`` 1)
also names that town as a place: one of the gazetteer's (same name, else a settlement
within :data:`MATCH_RADIUS_KM`), else a new ``town`` for ``districts.yaml``, so
the map shows where the event was and a re-run finds the same place again. Nothing is
guessed: a row whose district, date or (for a territory change) party cannot be
established is reported with its line and reason, and left out. Everything is written
through :mod:`yamldata.writer` (locked, validated, atomic) by :func:`write_plan`, places
first: the claims that name them must validate against them.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import itertools
import math
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from core.errors import Problem, ValidationError
from core.model import Dataset, District, Gazetteer, Place, Seat
from core.names import closest_names, normalize_name, slugify
from yamldata.files import NotReadable, open_regular
from yamldata.schema import MAX_QUOTE

TERRITORY = {"non-state actor overtakes territory", "government regains territory"}
REQUIRED_COLUMNS = ("event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "admin2", "source", "notes")
DEFAULT_PREFIX = "acled"
CLAIM_PREFIX = "acled"
PROVINCE_LEVEL = "3"  # ACLED geo_precision 3: only the province (or a larger area) is known
PLACE_LEVEL = "1"  # ACLED geo_precision 1: the coordinates are those of the named town (``location``) itself
#: How close ACLED's point must be to a town or village of the gazetteer to be that place
#: when the names differ: both points stand for one settlement, and Panjshir's villages
#: lie a few km apart along the valley, so 2 km is one village's extent, not the next one.
MATCH_RADIUS_KM = 2.0
#: The kinds of place a precision-1 location can be; compounds, bases and passes are matched by name only.
SETTLEMENTS = frozenset({"town", "village", "district_centre"})
NEW_PLACE_KIND = "town"
EARTH_RADIUS_KM = 6371.0088
_MONTHS = {
    name: number
    for number, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
         ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
         ("december", "dec")],
        start=1,
    )
    for name in names
}  # fmt: skip
_ACLED_DATE = re.compile(r"^(\d{1,2})[ -]([A-Za-z]+)[ -](\d{4})$")


class ExportError(Exception):
    """The export as a whole is unusable (missing file, not CSV, missing columns, no mapping)."""


@dataclass(frozen=True)
class Rejected:
    """A row left out, and why: printed as ``FILE:LINE: row N (event X): reason``."""

    file: str
    line: int
    row: int
    event: str | None
    reason: str

    def __str__(self) -> str:
        event = f" (event {self.event})" if self.event else ""
        return f"{self.file}:{self.line}: row {self.row}{event}: {self.reason}"


@dataclass
class ImportPlan:
    """What an import would add, and every row it had to leave out."""

    claims: list[dict[str, Any]] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    already: list[str] = field(default_factory=list)  # claim ids present in claims.yaml before the import
    duplicates: list[str] = field(default_factory=list)  # event ids repeated within the export
    outside: Counter = field(default_factory=Counter)  # admin1 values of rows outside the gazetteer's region
    notes: list[str] = field(default_factory=list)  # things worth knowing that are not rejections
    places: list[dict[str, Any]] = field(default_factory=list)  # new places for the districts file
    place_comments: dict[str, str] = field(default_factory=dict)  # place id → the comment above its point
    place_events: dict[str, str] = field(default_factory=dict)  # place id → the event it was made from
    warnings: list[str] = field(default_factory=list)  # things to check by hand in what is added


# ---- dates, actors, sources ------------------------------------------------------------


def parse_event_date(text: str) -> dt.date | None:
    """``YYYY-MM-DD`` or ACLED's ``04 September 2021`` (English month names); None if neither."""
    text = (text or "").strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return None
    match = _ACLED_DATE.match(text)
    if match and match.group(2).lower() in _MONTHS:
        try:
            return dt.date(int(match.group(3)), _MONTHS[match.group(2).lower()], int(match.group(1)))
        except ValueError:
            return None
    return None


def actor_party(actor: str, rules: list[tuple[str, str]]) -> str | None:
    """The party of the first rule whose ``match`` occurs in ``actor`` (ignoring case)."""
    folded = actor.casefold()
    for match, party in rules:
        if match.casefold() in folded:
            return party
    return None


def source_id(prefix: str, source: str) -> str:
    """``<prefix>-<slug>``; long names are cut and given a short hash so they stay distinct."""
    full = slugify(source, max_length=10_000)
    short = slugify(source, max_length=48)
    if short != full:
        short = f"{short}-{hashlib.sha1(source.encode('utf-8')).hexdigest()[:6]}"
    return f"{prefix}-{short or 'unnamed'}"


def _mapping(dataset: Dataset) -> tuple[list[tuple[str, str]], str]:
    acled = dataset.acled
    if not isinstance(acled, Mapping):
        where = dataset.claims_path or "claims.yaml"
        raise ExportError(f"{where} has no 'acled' section saying which ACLED actor is which party (see docs/tools.md)")
    rules = [(str(rule["match"]).strip(), str(rule["party"]).strip()) for rule in acled.get("actors") or []]
    prefix = str(acled.get("source_prefix") or DEFAULT_PREFIX).strip()
    return rules, prefix


# ---- districts -------------------------------------------------------------------------


class PointMatcher:
    """Finds the district whose real boundary covers a point; loads the shapes on first use.

    geo (geopandas) is imported here, lazily, so ``validate`` and imports whose rows all
    name a known admin2 never pay for it. Schematic shapes (drawn around district seats
    when no real boundaries can be had) are not evidence of where a place lies, so with
    them point matching is refused rather than guessed.
    """

    def __init__(self, gazetteer: Gazetteer, path: Path | None = None, *, cache_dir: Path | None = None, allow_download: bool = True):
        self.gazetteer, self.path, self.cache_dir, self.allow_download = gazetteer, path, cache_dir, allow_download
        self._shapes: list[tuple[str, Any]] | None = None
        self.unavailable: str | None = None
        self.margin = 0.0
        self.warnings: list[str] = []

    def _load(self) -> None:
        try:
            from geo import load_boundaries
            from geo.places import MARGIN_DEGREES
        except ImportError as exc:
            self.unavailable = f"point matching is unavailable (the geo package cannot be imported: {exc})"
            self._shapes = []
            return
        try:  # full-resolution shapes (tolerance 0, no size cap): display simplification moves borders by ~100 m
            boundaries = load_boundaries(
                self.gazetteer, self.path, cache_dir=self.cache_dir, allow_download=self.allow_download, tolerance=0.0, max_bytes=None
            )
        except Exception as exc:  # BoundaryError, OSError, a broken file: say so, never guess
            self.unavailable = f"point matching is unavailable (boundaries could not be loaded: {exc})"
            self._shapes = []
            return
        self.warnings = list(boundaries.warnings)
        if boundaries.schematic:
            why = "; ".join(self.warnings) or "no real boundaries could be had"
            self.unavailable = f"point matching skipped: only schematic district shapes are available ({why}); pass --boundaries PATH"
            self._shapes = []
            return
        frame = boundaries.districts
        self._shapes = list(zip(frame["id"], frame.geometry, strict=True))
        self.margin = MARGIN_DEGREES  # as far outside its district's shape as geo.places lets a place be

    def locate(self, lat: float, lon: float) -> tuple[str | None, str | None]:
        """(district id, None) or (None, the reason there is none)."""
        if self._shapes is None:
            self._load()
        if self.unavailable:
            return None, self.unavailable
        from shapely.geometry import Point

        point = Point(lon, lat)
        hits = [district_id for district_id, shape in self._shapes if shape is not None and shape.covers(point)]
        if len(hits) == 1:
            return hits[0], None
        if hits:
            return None, f"coordinates ({lat}, {lon}) lie on the border of {' and '.join(hits)}"
        return None, f"coordinates ({lat}, {lon}) lie in none of the gazetteer's districts"

    def within(self, district_id: str, lat: float, lon: float) -> tuple[bool | None, str | None]:
        """Whether the point lies in (or as near as ``geo.places`` accepts) the district's shape; (None, why) if unknown."""
        if self._shapes is None:
            self._load()
        if self.unavailable:
            return None, self.unavailable
        from shapely.geometry import Point

        point = Point(lon, lat)
        shape = next((shape for found, shape in self._shapes if found == district_id), None)
        if shape is None:
            return None, f"the boundaries have no shape for {district_id}"
        return bool(shape.covers(point) or shape.distance(point) <= self.margin), None


def _coordinates(row: Mapping[str, str]) -> tuple[float, float] | None:
    try:
        lat, lon = float(row.get("latitude") or ""), float(row.get("longitude") or "")
    except ValueError:
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or (lat == 0 and lon == 0):
        return None
    return lat, lon


def _district(
    row: Mapping[str, str], gazetteer: Gazetteer, matcher: PointMatcher, notes: list[str], where: str
) -> tuple[str | None, str | None]:
    """(district name, None) or (None, why not)."""
    admin2 = (row.get("admin2") or "").strip()
    if admin2:
        district = gazetteer.lookup(admin2)
        if district is not None:
            return district.name, None
    point = _coordinates(row)
    if admin2:
        near = closest_names(admin2, gazetteer.all_spellings)
        unknown = f"admin2 '{admin2}' is not a district of the gazetteer" + (f" (closest: {', '.join(near)})" if near else "")
    else:
        unknown = "no admin2"
    if point is None:
        return None, f"{unknown} and the row has no usable latitude/longitude"
    district_id, why = matcher.locate(*point)
    if district_id is None:
        return None, f"{unknown}; {why}"
    name = gazetteer.by_id(district_id).name
    notes.append(f"{where}: {unknown}; placed in {name} by its coordinates {point}")
    return name, None


# ---- places -------------------------------------------------------------------------------


def distance_km(a: Seat, b: Seat) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    lat1, lat2 = math.radians(a.lat), math.radians(b.lat)
    dlat, dlon = lat2 - lat1, math.radians(b.lon - a.lon)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


class PlaceFinder:
    """The gazetteer's places and those this import adds: finds a town by name or by distance, makes new ones."""

    def __init__(self, gazetteer: Gazetteer):
        self.places: list[Place] = list(gazetteer.places)
        self.names: dict[str, Place] = {}
        for place in self.places:
            self._index(place)
        self.ids = {p.id for p in self.places} | set(gazetteer.ids)  # a place may not take a district's id either

    def _index(self, place: Place) -> None:
        if place.kind not in SETTLEMENTS:  # ACLED's precision 1 is a named town: never a pass, a compound or a base
            return
        for spelling in place.spellings:
            self.names.setdefault(normalize_name(spelling), place)

    def by_name(self, name: str) -> Place | None:
        return self.names.get(normalize_name(name))

    def nearest(self, point: Seat) -> tuple[Place, float] | None:
        """The nearest town, village or district centre within :data:`MATCH_RADIUS_KM`, and its distance."""
        near = [(distance_km(point, p.point), p) for p in self.places if p.kind in SETTLEMENTS]
        near = [(km, p) for km, p in near if km <= MATCH_RADIUS_KM]
        if not near:
            return None
        km, place = min(near, key=lambda found: found[0])
        return place, km

    def add(self, name: str, point: Seat, district: District) -> Place:
        """A new town named ``name``: its id the name's slug, else ``<slug>-town``, ``<slug>-town-2``… (never a taken id or spelling)."""
        base = slugify(name) or "place"
        candidates = itertools.chain([base, f"{base}-town"], (f"{base}-town-{n}" for n in itertools.count(2)))
        place_id = next(c for c in candidates if c not in self.ids and normalize_name(c) not in self.names)
        place = Place(place_id, name, NEW_PLACE_KIND, point, district.id)
        self.places.append(place)
        self.ids.add(place_id)
        self._index(place)
        return place


def _name_place(
    claim: dict[str, Any], row: Mapping[str, str], event: str, gazetteer: Gazetteer, finder: PlaceFinder,
    matcher: PointMatcher, plan: ImportPlan, where: str,
) -> None:  # fmt: skip
    """Name the town of a precision-1 event in ``claim`` (found, else planned as new).

    A row without a location or usable coordinates stays a district claim, as before.
    """
    if row.get("geo_precision", "").strip() != PLACE_LEVEL:
        return
    location, coordinates = " ".join(row.get("location", "").split()), _coordinates(row)
    if not normalize_name(location) or coordinates is None:
        return
    point = Seat(*coordinates)
    district = gazetteer.lookup(claim["districts"][0])
    place = finder.by_name(location)
    if place is not None:
        km = distance_km(point, place.point)
        if km > MATCH_RADIUS_KM:
            plan.notes.append(
                f"{where}: location '{location}' is place '{place.id}' by name, but ACLED's point {coordinates} is "
                f"{km:.1f} km from its point; the place keeps its own point"
            )
        reference = location  # one of the place's spellings, as ACLED writes it
    elif (near := finder.nearest(point)) is not None:
        place, km = near
        plan.notes.append(
            f"{where}: location '{location}' taken to be place '{place.id}' ({place.name}), {km:.1f} km from ACLED's point; "
            f"if it is, add '{location}' to its aliases"
        )
        reference = place.name
    else:
        place = finder.add(location, point, district)
        plan.places.append(
            {"id": place.id, "name": location, "kind": NEW_PLACE_KIND, "district": district.name,
             "point": {"lat": point.lat, "lon": point.lon}}
        )  # fmt: skip
        comment = (
            f"From ACLED event {event} (geo_precision 1: ACLED's coordinates of the named town),\n"
            "as exported; not checked against another source. Added by import-acled."
        )
        inside, why = matcher.within(district.id, point.lat, point.lon)
        if inside is False:
            found, _ = matcher.locate(point.lat, point.lon)
            actual = f"in {gazetteer.by_id(found).name}" if found else "outside any one district"
            plan.warnings.append(
                f"{where}: new place '{place.id}': ACLED's point {coordinates} lies {actual} on the boundaries, not in "
                f"{district.name} (admin2 '{row.get('admin2', '').strip()}'); kept {district.name}, check it"
            )
            comment += f"\nOn the boundaries the point lies {actual}, not in {district.name} (ACLED's admin2): check it."
        elif inside is None:
            note = f"the points of new places were not checked against their districts' boundaries ({why})"
            if note not in plan.notes:
                plan.notes.append(note)
        if (named := gazetteer.lookup(location)) is not None:
            plan.notes.append(
                f"{where}: new place '{place.id}' is named like the district {named.name}: if it is a place already in the "
                f"districts file (its district centre?), add '{location}' to that place's aliases and remove '{place.id}'"
            )
        plan.place_comments[place.id] = comment
        plan.place_events[place.id] = event
        reference = place.name
    if place.district is not None and place.district != district.id:
        message = (
            f"{where}: place '{place.id}' is in {gazetteer.by_id(place.district).name} by the districts file, the event's "
            f"district is {district.name}; the claim names both"
        )
        if place.kind == "district_centre":  # then the claim counts for the centre's district too: say it louder
            plan.warnings.append(message + f", and counts for {gazetteer.by_id(place.district).name} through its district centre")
        else:
            plan.notes.append(message)
    claim["places"] = [reference]


# ---- planning ----------------------------------------------------------------------------


def read_rows(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The header and (line, row) pairs of a CSV export; ExportError if it cannot be read."""
    try:
        with open_regular(path) as raw, io.TextIOWrapper(raw, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = [h.strip() for h in reader.fieldnames or []]
            reader.fieldnames = header
            rows, line = [], 2
            for row in reader:
                rows.append((line, {k: (v or "") for k, v in row.items() if k is not None}))
                line = reader.line_num + 1
    except FileNotFoundError:
        raise ExportError(f"{path}: file not found") from None
    except NotReadable as exc:  # a FIFO or a device would block the read, or never end
        raise ExportError(f"{path}: {exc}") from None
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ExportError(f"{path}: cannot read the export as UTF-8 CSV ({exc})") from None
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise ExportError(f"{path}:1: not an ACLED export: missing column(s) {', '.join(missing)}")
    return header, rows


def plan_import(
    dataset: Dataset,
    export: Path | str,
    *,
    boundaries: Path | str | None = None,
    cache_dir: Path | str | None = None,
    allow_download: bool = True,
) -> ImportPlan:
    """Turn the export's rows into claims and sources for ``dataset``'s claims file; writes nothing."""
    export = Path(export)
    rules, prefix = _mapping(dataset)
    _, rows = read_rows(export)
    gazetteer = dataset.gazetteer
    matcher = PointMatcher(
        gazetteer, Path(boundaries) if boundaries else None, cache_dir=Path(cache_dir) if cache_dir else None, allow_download=allow_download
    )
    region = normalize_name(gazetteer.region) if gazetteer.region else None
    existing_claims = {c.id for c in dataset.claims}
    known_sources = {s.id for s in dataset.sources}
    finder = PlaceFinder(gazetteer)
    plan = ImportPlan()
    seen: dict[str, int] = {}
    for number, (line, row) in enumerate(rows, start=1):
        event = row.get("event_id_cnty", "").strip()

        def reject(reason: str, line: int = line, number: int = number, event: str = event) -> None:
            plan.rejected.append(Rejected(str(export), line, number, event or None, reason))

        if not event:
            reject("no event_id_cnty")
            continue
        claim_id = f"{CLAIM_PREFIX}-{slugify(event, max_length=100)}"
        if claim_id in seen:
            plan.duplicates.append(event)
            continue
        seen[claim_id] = line
        admin1 = row.get("admin1", "").strip()
        if region and admin1 and normalize_name(admin1) != region:
            plan.outside[admin1] += 1
            continue
        if claim_id in existing_claims:
            plan.already.append(claim_id)
            continue
        claim = _claim(row, claim_id, event, rules, prefix, gazetteer, matcher, plan, f"{export}:{line}", reject)
        if claim is None:
            continue
        _name_place(claim, row, event, gazetteer, finder, matcher, plan, f"{export}:{line}")
        source = claim["source"]
        if source not in known_sources:
            known_sources.add(source)
            plan.sources.append({"id": source, "name": row["source"].strip(), "role": "Reports cited by ACLED"})
        plan.claims.append(claim)
    plan.notes[:0] = [f"boundaries: {w}" for w in matcher.warnings]
    return plan


def _claim(row, claim_id, event, rules, prefix, gazetteer, matcher, plan, where, reject) -> dict[str, Any] | None:
    date_text = row.get("event_date", "").strip()
    date = parse_event_date(date_text)
    if date is None:
        reject(f"bad event_date '{date_text}' (use YYYY-MM-DD or '04 September 2021')" if date_text else "no event_date")
        return None
    event_type, sub_event_type = row.get("event_type", "").strip(), row.get("sub_event_type", "").strip()
    holder = None
    if sub_event_type.casefold() in TERRITORY:
        status = "held"
        actor = row.get("actor1", "").strip()
        holder = actor_party(actor, rules) if actor else None
        if holder is None:
            who = f"actor1 '{actor}'" if actor else "an empty actor1"
            reject(f"territory change by {who}, which no rule in the 'acled' actors of claims.yaml assigns to a party")
            return None
    elif event_type.casefold() == "battles" and sub_event_type.casefold() == "armed clash":
        status = "contested"
    else:
        status = "statement"
    source_text = row.get("source", "").strip()
    if not source_text:
        reject("no source: ACLED's source column is empty")
        return None
    quote = " ".join(row.get("notes", "").split())
    if not quote and status != "statement":
        reject(f"no notes to quote; a '{status}' claim needs the words it rests on")
        return None
    if len(quote) > MAX_QUOTE:
        quote = quote[: MAX_QUOTE - 2].rsplit(" ", 1)[0] + " …"
        plan.notes.append(f"{where}: notes cut to {MAX_QUOTE} characters for the quote")
    districts = None
    if row.get("geo_precision", "").strip() == PROVINCE_LEVEL:
        if status != "statement":
            reject(f"geo_precision 3: ACLED knows only the province, so a '{status}' claim about one district would be a guess")
            return None
        plan.notes.append(f"{where}: geo_precision 3 (province only): statement imported without a district")
    else:
        name, why = _district(row, gazetteer, matcher, plan.notes, where)
        if name is None:
            reject(why)
            return None
        districts = [name]
    claim: dict[str, Any] = {"id": claim_id, "date": date, "source": source_id(prefix, source_text)}
    if districts:
        claim["districts"] = districts
    claim["status"] = status
    if holder:
        claim["holder"] = holder
    if quote:
        claim["quote"] = quote
    claim["reported_by"] = f"ACLED ({source_text})"
    claim["report"] = f"ACLED event {event}: {event_type} / {sub_event_type}"
    return claim


# ---- writing ------------------------------------------------------------------------------


class Written(NamedTuple):
    """What :func:`write_plan` wrote, and why it stopped when it did (``error``, after ``problems``)."""

    places: list[str] | None  # ids of the places added to the districts file; None when none could be
    claims: list[str]  # ids of the claims added to the claims file
    problems: tuple[Problem, ...] = ()  # what the files would have had wrong, when that stopped it
    error: str | None = None  # the last word when it stopped; what was written before stays written


def write_plan(plan: ImportPlan, districts: Path, claims: Path) -> Written:
    """Add the plan's places to ``districts``, then its claims and sources to ``claims``; each file locked, validated, atomic.

    The places go first: the claims name them and must validate against them. When the
    claims cannot be written, the places stay (a re-run finds and uses them); a claim or
    place another writer added meanwhile is skipped, not repeated.
    """
    from yamldata.writer import WriteError, append_claims, append_places  # ruamel and file locks: only when writing

    places: list[str] = []
    if plan.places:
        try:
            places = append_places(districts, claims, plan.places, comments=plan.place_comments, skip_existing=True)
        except ValidationError as exc:
            return Written(None, [], tuple(exc.problems), f"the import would make {districts} invalid; nothing was written")
        except WriteError as exc:
            return Written(None, [], (), str(exc))
    nothing = "nothing was written"
    if places:
        nothing = f"no claim was written (the {len(places)} place(s) added to {districts} stay; a re-run uses them)"
    if not plan.claims:
        return Written(places, [])
    try:
        added = append_claims(claims, districts, plan.claims, plan.sources, skip_existing=True)
    except ValidationError as exc:
        return Written(places, [], tuple(exc.problems), f"the import would make {claims} invalid; {nothing}")
    except WriteError as exc:
        return Written(places, [], (), f"{exc}; {nothing}" if places else str(exc))
    return Written(places, added)
