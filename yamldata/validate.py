"""Validation: turn the parsed YAML of ``districts.yaml`` and ``claims.yaml`` into the model.

Every problem is collected (not just the first) as ``FILE:LINE: message`` naming the
offending value, so one run of ``python -m control validate`` lists all that is wrong.

What is valid is declared once: the field names, patterns, limits and the rules between
fields (``held`` names a ``holder``, …) in the model of :mod:`yamldata.schema`, and each
check of a value with its message and hint in one function here (``text_of``,
``date_of``, ``known_id``, ``roles_of``, ``district_of``, …), which returns what the model
holds or raises :class:`Invalid`. Two paths call those checks: the line-tracking path
(:func:`check_gazetteer`, :func:`check_claims`) reports every Invalid at its line; the
fast path (:func:`check_claims_fast`, for big files read by yaml-rs) calls the same checks,
remembering each answer by value, and at the first Invalid reads the file again on the
line-tracking path.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import hashlib
import importlib.metadata
from collections import ChainMap
from collections.abc import Callable, Iterator, Mapping, MutableMapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple, cast
from urllib.parse import urlsplit

from yaml.resolver import Resolver

from core.errors import Problem
from core.model import (
    ASSERTIONS,
    CERTAINTIES,
    DAY_PARTS,
    PARTY_STATUSES,
    PLACE_KINDS,
    RELIABILITY_GRADES,
    STATUSES,
    BoundarySettings,
    Claim,
    District,
    Gazetteer,
    Party,
    Place,
    Seat,
    Settings,
    Source,
    fast_constructor,
)
from core.names import closest_names, normalize_name
from core.places import districts_through

# The field names, patterns and limits come from the declarative model the JSON Schemas
# are generated from (yamldata/schema.py), so each is written once.
from yamldata.cachedir import cache_dir
from yamldata.schema import (
    ACLED_ACTOR_FIELDS,
    ACLED_FIELDS,
    BOUNDARY_FIELDS,
    CLAIM,
    CLAIM_FIELDS,
    CLAIMS_FIELDS,
    COLOR,
    DISTRICT_FIELDS,
    GAZETTEER_FIELDS,
    MAX_QUOTE,
    PARTY_FIELDS,
    PLACE,
    PLACE_FIELDS,
    POINT_FIELDS,
    POINT_LIMITS,
    RESERVED_SIDES,
    SETTINGS_FIELDS,
    SLUG,
    SOURCE_FIELDS,
    Asks,
)
from yamldata.schema import CLOCK as _CLOCK
from yamldata.schema import DATE as _DATE_TEXT
from yamldata.yamlsource import FastDocument, LineDict, LineList, parse_fast

# ---- problems, and where they are reported ------------------------------------------------


class Unsure(Exception):
    """The fast path cannot vouch for the data; read it again on the line-tracking path."""


#: Report an :class:`Invalid` at the entry's first line (a field that is missing).
ENTRY = "<entry>"


class Invalid(Unsure):
    """A value the model cannot take, and why: the line-tracking path reports ``message``;
    to the fast path it is Unsure (the file is read again to say where).

    ``at`` is where: None for the checked field's line, :data:`ENTRY`, another field's
    name, or the index of an item of the checked list.
    """

    def __init__(self, message: str, at: str | int | None = None):
        super().__init__(message)
        self.message, self.at = message, at


class Checker:
    """Collects problems for one file; helpers return None when a value is unusable."""

    def __init__(self, label: str):
        self.label = label
        self.problems: list[Problem] = []

    def add(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.label, line, message))

    def report(self, entry: LineDict, key: str, problem: Invalid) -> None:
        """``problem`` found in field ``key`` of ``entry``, at the line it names."""
        at = problem.at
        if at == ENTRY:
            line = entry.line
        elif isinstance(at, int):
            items = entry.get(key)
            line = items.line_of(at) if isinstance(items, LineList) else entry.line_of(key)
        else:
            line = entry.line_of(at or key)
        self.add(line, problem.message)

    def value(self, entry: LineDict, key: str, check: Callable[..., Any], *args: Any, **options: Any) -> Any:
        """``check(*args)`` on field ``key`` of ``entry``, or None after reporting its Invalid."""
        try:
            return check(*args, **options)
        except Invalid as problem:
            self.report(entry, key, problem)
            return None

    def read(self, entry: LineDict, key: str, check: Callable[..., Any], *args: Any, **options: Any) -> Any:
        """``check(entry[key], *args)``, or None after reporting its Invalid."""
        return self.value(entry, key, check, entry.get(key), *args, **options)

    def passes(self, entry: LineDict, key: str, check: Callable[..., Any], *args: Any) -> bool:
        """Whether ``check(*args)`` finds nothing wrong; what it finds is reported."""
        try:
            check(*args)
        except Invalid as problem:
            self.report(entry, key, problem)
            return False
        return True

    def report_all(self, entry: LineDict, key: str, problems: list[Invalid]) -> bool:
        """Report each of ``problems`` found in field ``key``; whether there were none."""
        for problem in problems:
            self.report(entry, key, problem)
        return not problems

    def mapping(self, value: Any, line: int, what: str) -> LineDict | None:
        if isinstance(value, LineDict):
            return value
        self.add(getattr(value, "line", line), f"{what} must be a mapping of fields, not {_describe(value)}")
        return None

    def sequence(self, value: Any, line: int, what: str) -> LineList | None:
        if isinstance(value, LineList):
            return value
        self.add(getattr(value, "line", line), f"{what} must be a list, not {_describe(value)}")
        return None

    def entries(self, items: LineList | None, noun: str, allowed: set[str]) -> Iterator[tuple[int, str, LineDict]]:
        """Each item of a list that is a mapping, as ``(index, "noun #n", entry)``, its fields checked against ``allowed``."""
        for index, raw in enumerate(items or []):
            what = f"{noun} #{index + 1}"
            entry = self.mapping(raw, items.line_of(index), what)  # type: ignore[union-attr]
            if entry is not None:
                self.fields(entry, allowed, what)
                yield index, what, entry

    def fields(self, entry: LineDict, allowed: set[str], what: str) -> None:
        for key in entry:
            if key not in allowed:
                hint = difflib.get_close_matches(key, sorted(allowed), n=1)
                suggestion = f" (did you mean '{hint[0]}'?)" if hint else f" (known: {', '.join(sorted(allowed))})"
                self.add(entry.line_of(key), f"unknown field '{key}' in {what}{suggestion}")

    def section(self, root: LineDict, key: str, allowed: set[str]) -> LineDict | None:
        """The optional mapping ``key`` of ``root``, its fields checked; None when absent or not a mapping."""
        if root.get(key) is None:
            return None
        entry = self.mapping(root[key], root.line_of(key), f"'{key}'")
        if entry is not None:
            self.fields(entry, allowed, f"'{key}'")
        return entry

    def text(self, entry: LineDict, key: str, what: str, *, required: bool = False) -> str | None:
        value = entry.get(key)
        written = entry.written_as(key) if value is not None else None  # yes, 3:45, 1_000: YAML read the words as something else
        if written is not None:
            self.add(entry.line_of(key), f"'{key}' of {what} must be text, not {_describe(value)}{_quote_it(key, value, written)}")
            return None
        return self.read(entry, key, text_of, key, what, required=required)

    def slug(self, entry: LineDict, what: str, seen: MutableMapping[str, int]) -> str | None:
        value = self.text(entry, "id", what, required=True)
        if value is None:
            return None
        line = entry.line_of("id")
        if not SLUG.match(value):
            self.add(line, f"id '{value}' of {what} may use only a-z, 0-9, '_' and '-'")
        if value in seen:
            self.add(line, f"duplicate id '{value}' (first on line {seen[value]})")
        else:
            seen[value] = line
        return value

    def url(self, entry: LineDict, key: str, what: str) -> str | None:
        text = self.text(entry, key, what)
        return self.value(entry, key, web_url, text, key, what) if text is not None else None


# ---- each value's check, for both paths ----------------------------------------------------
#
# A check takes a field's value as YAML gave it (or its text) and returns what the model
# holds, or raises Invalid. The line-tracking path reports it; the fast path (below) calls
# the same checks, remembering each answer by value, and at any Invalid reads the file again.


def text_of(value: Any, key: str, what: str, *, required: bool = False) -> str | None:
    """A text field, stripped (a number is read as text); None when absent or blank, Invalid when ``required``."""
    if value is None:
        if required:
            raise Invalid(f"{what} has no '{key}'", ENTRY)
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise Invalid(f"'{key}' of {what} must be text, not {_describe(value)}{_quote_it(key, value, None)}")
    text = str(value).strip()
    if required and not text:
        raise Invalid(f"'{key}' of {what} is empty")
    return text or None


def is_web_url(value: str) -> bool:
    """True for absolute http(s) URLs: the only links the app will render."""
    try:
        parsed = urlsplit(value)  # urlparse's scheme and netloc, without splitting off ;params
    except ValueError:  # e.g. "http://[" (an unclosed IPv6 bracket)
        return False
    return parsed.scheme in ("http", "https") and bool(parsed.netloc) and value.split() == [value]  # no whitespace anywhere


def web_url(text: str, key: str, what: str) -> str:
    """``text`` when it is an address the app will link to (:func:`is_web_url`), else Invalid."""
    if not is_web_url(text):
        raise Invalid(f"{key} '{text}' of {what} must be an http:// or https:// address")
    return text


def known_id(value: str, known: set[str], noun: str, where: str) -> str:
    """``value`` when it is one of ``known`` (source or party ids), else Invalid naming the closest:
    "unknown {noun} '{value}' {where} (did you mean …?)"."""
    if value not in known:
        raise Invalid(f"unknown {noun} '{value}' {where}{_known(value, known)}")
    return value


def date_of(value: Any, what: str) -> dt.date:
    """A claim's day: YYYY-MM-DD, a real calendar day, without a time."""
    if value is None:
        raise Invalid(f"{what} has no 'date' (YYYY-MM-DD)", ENTRY)
    if isinstance(value, dt.datetime):
        raise Invalid(f"date '{value}' of {what} has a time; write the day only, YYYY-MM-DD")
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        if not _DATE_TEXT.fullmatch(text):
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise Invalid(f"bad date '{text}' in {what}: use YYYY-MM-DD, a real calendar day") from None


def status_of(status: str, what: str) -> str:
    if status not in STATUSES:
        raise Invalid(f"unknown status '{status}' in {what} (use one of: {', '.join(STATUSES)})")
    return status


_PARTY_MEANING = {
    "present": "whose forces are present",
    "denied": "whose claim of control is denied",
    "unverified": "whose claim could not be verified",
}


def roles_of(status: str, holder: str | None, party: str | None, party_ids: set[str], what: str) -> list[Invalid]:
    """Whom a claim names, by its status (the rules of :data:`yamldata.schema.CLAIM`): ``held``
    names a known ``holder``, present / denied / unverified a known ``party``, and only those."""
    asks = _asked(status)
    found = []
    if "holder" in asks.text and holder is None:
        found.append(Invalid(f"{what} has status '{status}' but no 'holder' (a party id: {', '.join(sorted(party_ids))})", ENTRY))
    elif holder is not None and "holder" in asks.absent:
        write = f"write 'party: {holder}' (only 'held' names a holder)" if "party" in asks.text else "only 'held' names a holder"
        found.append(Invalid(f"{what} has a 'holder' but status '{status}'; {write}", "holder"))
    elif holder is not None and holder not in party_ids:
        found.append(Invalid(f"unknown party '{holder}' as holder in {what}{_known(holder, party_ids)}", "holder"))
    if "party" in asks.text and party is None:
        meaning = _PARTY_MEANING.get(status, "the party concerned")
        found.append(Invalid(f"{what} has status '{status}' but no 'party' ({meaning}: {', '.join(sorted(party_ids))})", ENTRY))
    elif party is not None and "party" in asks.absent:
        use = "; with 'held' write 'holder'" if "holder" in asks.text else ""
        found.append(Invalid(f"{what} has a 'party' but status '{status}'; only {', '.join(PARTY_STATUSES)} name a party{use}", "party"))
    elif party is not None and party not in party_ids:
        found.append(Invalid(f"unknown party '{party}' in {what}{_known(party, party_ids)}", "party"))
    return found


def hedged_of(certainty: str | None, status: str | None, what: str) -> tuple[bool, list[Invalid]]:
    """True for ``certainty: hedged`` (``firm``, the default, is False), and what is wrong with it."""
    if certainty is None:
        return False, []
    if certainty not in CERTAINTIES:
        return False, [Invalid(f"unknown certainty '{certainty}' in {what} (use one of: {', '.join(CERTAINTIES)})")]
    if "certainty" in _asked(status).absent:
        message = f"{what} has a 'certainty' but status '{status}'; only {', '.join(ASSERTIONS)} can be hedged"
        return certainty == "hedged", [Invalid(message)]
    return certainty == "hedged", []


def minutes_of(value: Any, what: str) -> int | None:
    """Minutes after midnight from ``"HH:MM"`` or a part of the day (morning … night)."""
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):  # YAML 1.1 reads an unquoted 22:00 as a number
        raise Invalid(f"time of {what} must be quoted, like time: \"22:00\" (unquoted, YAML reads it as a number)")
    if not isinstance(value, str):
        raise Invalid(f"time of {what} must be \"HH:MM\" or one of {', '.join(DAY_PARTS)}, not {_describe(value)}")
    text = value.strip()
    if text in DAY_PARTS:
        return DAY_PARTS[text]
    match = _CLOCK.match(text)
    if match is None:
        raise Invalid(f"bad time '{text}' in {what}: use \"HH:MM\" (24-hour) or one of {', '.join(DAY_PARTS)}")
    return int(match[1]) * 60 + int(match[2])


def after_of(value: Any, what: str) -> tuple[tuple[str, ...], list[Invalid]]:
    """The ids in ``after`` (one id or a list; cross-checked by :func:`_check_order`), and its items that are no id."""
    if value is None:
        return (), []
    items = list(value) if isinstance(value, list) else [value]
    ids, found = [], []
    listed = isinstance(value, list)
    for index, item in enumerate(items):
        if not isinstance(item, str) or not item.strip():
            found.append(Invalid(f"'after' of {what} must name claim ids, not {_describe(item)}", index if listed else None))
        else:
            ids.append(item.strip())
    return tuple(dict.fromkeys(ids)), found


def undated_of(value: Any, what: str) -> bool:
    if value is not None and not isinstance(value, bool):
        raise Invalid(f"'undated' of {what} must be true or false, not {_describe(value)}")
    return bool(value)


def needs_quote(status: str | None) -> bool:
    """Whether a claim of ``status`` must quote its speaker (the schema's rules: every status but statement)."""
    return "quote" in _asked(status).text


def short_quote(quote: str | None, what: str) -> None:
    """Invalid when a quote is longer than the schema's MAX_QUOTE."""
    if quote and len(quote) > MAX_QUOTE:
        raise Invalid(f"quote of {what} is {len(quote)} characters; keep quotes short (at most {MAX_QUOTE})")


def where_given(status: str | None, districts: Any, places: Any, what: str) -> None:
    """Invalid when the status needs districts or places (the schema's rules) and the claim names neither."""
    asks = _asked(status)
    given = {"districts": districts, "places": places}
    if any(all(given[name] is None for name in group) for group in asks.any_of):
        raise Invalid(f"{what} has no 'districts' (names, ids or aliases, or the word all) and no 'places'", ENTRY)


def names_of(value: Any, key: str, form: str, what: str) -> tuple[list[tuple[int, str]], list[Invalid]]:
    """The (index, stripped name) of each item of a claim's ``districts`` or ``places`` (one name or a
    list), and the items that are no name. Invalid when the value is neither, or an empty list."""
    if isinstance(value, str):
        return [(0, value.strip())], []
    if not isinstance(value, list):
        raise Invalid(f"'{key}' of {what} must be {form}, not {_describe(value)}")
    if not value:
        raise Invalid(f"'{key}' of {what} is empty")
    names, found = [], []
    for index, item in enumerate(value):
        if isinstance(item, bool) or not isinstance(item, (str, int)):
            found.append(Invalid(f"{key[:-1]} in {what} must be a name, not {_describe(item)}", index))
        else:
            names.append((index, str(item).strip()))
    return names, found


def district_of(ref: str, gazetteer: Gazetteer, what: str, within: str = "in", *, all_allowed: bool = True) -> str | None:
    """The id of the district ``ref`` names (id, name, code or alias), None for the word all; Invalid with the closest names."""
    if all_allowed and normalize_name(ref) == "all":
        return None
    district = gazetteer.lookup(ref)
    if district is None:
        known = ", ".join(d.name for d in gazetteer.districts)
        other = f"'{ref}' is a place: name it under 'places'" if gazetteer.lookup_place(ref) is not None else None
        raise _unknown("district", ref, f"{within} {what}", gazetteer.all_spellings, known, other)
    return district.id


def place_of(ref: str, gazetteer: Gazetteer, what: str) -> str:
    """The id of the place ``ref`` names (id, name or alias); Invalid with the closest names."""
    place = gazetteer.lookup_place(ref)
    if place is None:
        known = ", ".join(p.name for p in gazetteer.places) or "none are defined: add them under 'places:' in the districts file"
        other = f"'{ref}' is a district: name it under 'districts'" if gazetteer.lookup(ref) is not None else None
        raise _unknown("place", ref, f"in {what}", gazetteer.all_place_spellings, known, other)
    return place.id


def _unknown(noun: str, ref: str, where: str, spellings: list[str], known: str, other: str | None) -> Invalid:
    """"unknown {noun} '{ref}' {where}", with what it is instead (``other``), else the closest spellings, else the known names."""
    near = closest_names(ref, spellings) if other is None else []
    hint = other or (f"closest: {', '.join(near)}" if near else f"known: {known}")
    return Invalid(f"unknown {noun} '{ref}' {where} ({hint})")


_ASKED = {status: CLAIM.asks("status", status) for status in STATUSES}
_NOTHING_ASKED = Asks(frozenset(), frozenset(), ())


def _asked(status: str | None) -> Asks:
    """What the schema's rules ask of a claim with ``status``: nothing of an unknown one (its own message says why)."""
    return _ASKED.get(status, _NOTHING_ASKED) if status is not None else _NOTHING_ASKED


# ---- districts.yaml -----------------------------------------------------------------------


class GazetteerFile(NamedTuple):
    """A districts file as the model holds it (None when it has a problem), and its problems."""

    gazetteer: Gazetteer | None
    problems: list[Problem]


def check_gazetteer(doc: Any, label: str, path: Path | None = None) -> GazetteerFile:
    """Validate a parsed ``districts.yaml``; the gazetteer is None when it is unusable."""
    check = Checker(label)
    root = check.mapping(doc, 1, "the districts file")
    if root is None:
        return GazetteerFile(None, check.problems)
    check.fields(root, GAZETTEER_FIELDS, "the districts file")
    region = check.text(root, "region", "the districts file", required=True) or ""
    districts: list[District] = []
    entries = check.sequence(root.get("districts"), root.line_of("districts"), "'districts'") if "districts" in root else None
    if "districts" not in root:
        check.add(root.line, "the districts file has no 'districts' list")
    seen_ids: dict[str, int] = {}
    for index, what, entry in check.entries(entries, "district", DISTRICT_FIELDS):
        district_id = check.slug(entry, what, seen_ids)
        name = check.text(entry, "name", f"district '{district_id or index + 1}'", required=True)
        aliases = _aliases(check, entry, what)
        seat = _seat(check, entry, what)
        if district_id and name:
            districts.append(
                District(
                    id=district_id,
                    name=name,
                    aliases=aliases,
                    name_local=check.text(entry, "name_local", what),
                    code=check.text(entry, "code", what),
                    seat=seat,
                    line=entry.line,
                )
            )
    if entries is not None and not entries:
        check.add(entries.line, "'districts' is empty; list at least one district")
    _check_name_clashes(check, districts)
    boundaries = _boundaries(check, root)
    places = _places_section(check, root, districts)
    if check.problems:
        return GazetteerFile(None, check.problems)
    return GazetteerFile(Gazetteer(region=region, districts=tuple(districts), boundaries=boundaries, path=path, places=tuple(places)), [])


def _places_section(check: Checker, root: LineDict, districts: list[District]) -> list[Place]:
    """``places:``: named points; a district centre must say its district (its claims count for it)."""
    if root.get("places") is None:
        return []
    entries = check.sequence(root["places"], root.line_of("places"), "'places'")
    named = Gazetteer("", tuple(districts))
    district_lines = {d.id: d.line for d in districts}
    seen: dict[str, int] = {}
    places: list[Place] = []
    for _, what, entry in check.entries(entries, "place", PLACE_FIELDS):
        place_id = check.slug(entry, what, seen)
        if place_id in district_lines:
            line = district_lines[place_id]
            message = f"place '{place_id}' has the id of district '{place_id}' (line {line}); ids of places and districts must differ"
            check.add(entry.line_of("id"), message)
            place_id = None
        what = f"place '{place_id}'" if place_id else what
        name = check.text(entry, "name", what, required=True)
        aliases = _aliases(check, entry, what)
        point = _seat(check, entry, what, key="point")
        if point is None and entry.get("point") is None:
            check.add(entry.line, f"{what} has no 'point' ({{lat: …, lon: …}}, in degrees)")
        kind = check.text(entry, "kind", what, required=True)
        if kind is not None and kind not in PLACE_KINDS:
            check.add(entry.line_of("kind"), f"unknown kind '{kind}' of {what} (use one of: {', '.join(PLACE_KINDS)})")
            kind = None
        district_ref = check.text(entry, "district", what)
        district_id = None
        if district_ref is not None:
            district_id = check.value(entry, "district", district_of, district_ref, named, what, "for", all_allowed=False)
        elif kind is not None and "district" in PLACE.asks("kind", kind).text:
            check.add(entry.line, f"{what} is a district centre but names no 'district' (its claims count for that district)")
        approximate = entry.get("approximate", False)
        if not isinstance(approximate, bool):
            check.add(entry.line_of("approximate"), f"'approximate' of {what} must be true or false, not {_describe(approximate)}")
        if place_id and name and point and kind:
            places.append(Place(place_id, name, kind, point, district_id, aliases, approximate is True, entry.line))
    _check_name_clashes(check, places, "place")
    return places


def _aliases(check: Checker, entry: LineDict, what: str) -> tuple[str, ...]:
    raw = entry.get("aliases")
    if raw is None:
        return ()
    items = check.sequence(raw, entry.line_of("aliases"), f"'aliases' of {what}") or LineList()
    aliases = []
    for i, alias in enumerate(items):
        if isinstance(alias, bool) or not isinstance(alias, (str, int)) or not str(alias).strip():
            check.add(items.line_of(i), f"alias #{i + 1} of {what} must be non-empty text, not {_describe(alias)}")
        else:
            aliases.append(str(alias).strip())
    return tuple(aliases)


def _seat(check: Checker, entry: LineDict, what: str, key: str = "seat") -> Seat | None:
    """A ``{lat, lon}`` mapping (a district's ``seat``, a place's ``point``)."""
    if entry.get(key) is None:
        return None
    seat = check.mapping(entry[key], entry.line_of(key), f"'{key}' of {what}")
    if seat is None:
        return None
    name = key
    check.fields(seat, POINT_FIELDS, f"'{name}' of {what}")
    values = {}
    for key, limit in POINT_LIMITS.items():
        value = seat.get(key)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not -limit <= value <= limit:
            check.add(seat.line_of(key), f"{name} {key} of {what} must be a number between -{limit} and {limit}, not {_describe(value)}")
        else:
            values[key] = float(value)
    return Seat(values["lat"], values["lon"]) if len(values) == 2 else None


def _check_name_clashes(check: Checker, districts: list[District] | list[Place], noun: str = "district") -> None:
    owner: dict[str, District | Place] = {}
    for district in districts:
        for spelling in dict.fromkeys(normalize_name(s) for s in district.spellings):
            other = owner.setdefault(spelling, district)
            if other is not district:
                check.add(
                    district.line,
                    f"{noun} '{district.id}' and {noun} '{other.id}' (line {other.line}) share the name "
                    f"'{spelling}' (after ignoring case, spaces, hyphens, apostrophes and accents)",
                )


def _boundaries(check: Checker, root: LineDict) -> BoundarySettings:
    entry = check.section(root, "boundaries", BOUNDARY_FIELDS)
    if entry is None:
        return BoundarySettings()
    file = check.text(entry, "file", "'boundaries'")
    expected = entry.get("expected_features")
    if expected is not None and (isinstance(expected, bool) or not isinstance(expected, int) or expected < 1):
        check.add(entry.line_of("expected_features"), f"expected_features must be a positive whole number, not {_describe(expected)}")
        expected = None
    return BoundarySettings(
        file=Path(file) if file else None,  # as written: Gazetteer.boundary_file resolves it against this file
        url=check.url(entry, "url", "'boundaries'"),
        name_field=check.text(entry, "name_field", "'boundaries'"),
        code_field=check.text(entry, "code_field", "'boundaries'"),
        expected_features=expected,
        attribution=check.text(entry, "attribution", "'boundaries'"),
        attribution_url=check.url(entry, "attribution_url", "'boundaries'"),
    )


# ---- claims.yaml ---------------------------------------------------------------------------


class ClaimsFile(NamedTuple):
    """A claims file as the model holds it, and every problem found in it (none: the file is valid)."""

    parties: tuple[Party, ...]
    sources: tuple[Source, ...]
    claims: tuple[Claim, ...]
    acled: dict | None
    settings: Settings
    problems: list[Problem]


def check_claims(
    doc: Any, label: str, gazetteer: Gazetteer | None, *, taken: Mapping[str, int] | None = None, earlier: Sequence[Claim] = ()
) -> ClaimsFile:
    """Validate a parsed ``claims.yaml`` against the gazetteer (None when the districts file is broken:
    every check that needs no district names still runs).

    For an append (:mod:`yamldata.writer`), ``doc`` holds only the new claims: ``taken`` maps
    the ids of the claims already in the file to their lines, and ``earlier`` are those of
    them the new claims' ``after`` may name.
    """
    check = Checker(label)
    root = check.mapping(doc, 1, "the claims file")
    if root is None:
        return ClaimsFile((), (), (), None, Settings(), check.problems)
    check.fields(root, CLAIMS_FIELDS, "the claims file")
    parties = _parties(check, root)
    party_ids = {p.id for p in parties}
    sources = _sources(check, root, party_ids)
    known = _Known(party_ids, {s.id for s in sources}, gazetteer)
    claims: list[Claim] = []
    entries = _list_section(check, root, "claims", required=True)
    seen: MutableMapping[str, int] = ChainMap({}, taken) if taken else {}  # type: ignore[arg-type]
    for index, raw in enumerate(entries):
        entry = check.mapping(raw, entries.line_of(index), f"claim #{index + 1}")
        if entry is not None:
            claim = _claim(check, entry, index, seen, known)
            if claim is not None:
                claims.append(claim)
    _check_order(check, [*earlier, *claims])
    acled = _acled(check, root, party_ids)
    settings = _settings(check, root)
    return ClaimsFile(tuple(parties), tuple(sources), tuple(claims), acled, settings, check.problems)


class _Known(NamedTuple):
    """What a claim may name: the file's party and source ids, and the gazetteer's districts and places."""

    parties: set[str]
    sources: set[str]
    gazetteer: Gazetteer | None


def _claim(check: Checker, entry: LineDict, index: int, seen: MutableMapping[str, int], known: _Known) -> Claim | None:
    """One claim, every problem reported at its line; None when a problem leaves it unusable."""
    what = f"claim #{index + 1}"
    claim_id = check.slug(entry, what, seen)
    what = f"claim '{claim_id}'" if claim_id else what
    check.fields(entry, CLAIM_FIELDS, what)
    date = check.read(entry, "date", date_of, what)
    source, status, holder, party, ok = _who(check, entry, what, known)
    hedged, time, after, undated = _how(check, entry, what, status)
    refs, ids, covers_all, place_refs, place_ids = _where(check, entry, what, status, known.gazetteer)
    quote = check.text(entry, "quote", what, required=needs_quote(status))
    check.passes(entry, "quote", short_quote, quote, what)  # reported; the claim keeps its words
    url = check.url(entry, "url", what)
    if not ok or claim_id is None or date is None or ids is None or place_ids is None or (quote is None and needs_quote(status)):
        return None
    return Claim(
        id=claim_id,
        date=date,
        source=source,  # type: ignore[arg-type]
        status=status,  # type: ignore[arg-type]
        districts=ids,
        holder=holder,
        quote=quote,
        reported_by=check.text(entry, "reported_by", what),
        report=check.text(entry, "report", what),
        url=url,
        covers_all=covers_all,
        district_refs=refs,
        line=entry.line,
        party=party,
        hedged=hedged,
        time=time,
        after=after,
        undated=bool(undated),
        places=place_ids,
        place_refs=place_refs,
    )


class _Who(NamedTuple):
    """Who speaks in a claim, what they say, whom it names; ``usable`` False when a problem was reported."""

    source: str | None
    status: str | None
    holder: str | None
    party: str | None
    usable: bool


class _How(NamedTuple):
    """How firmly, and when in its day, a claim was made."""

    hedged: bool
    time: int | None  # minutes after midnight
    after: tuple[str, ...]
    undated: bool | None


class _Where(NamedTuple):
    """What a claim names: ``ids`` and ``place_ids`` are None when a reference is unusable."""

    refs: tuple[str, ...]  # the districts' spellings, as written
    ids: tuple[str, ...] | None
    covers_all: bool
    place_refs: tuple[str, ...]
    place_ids: tuple[str, ...] | None


def _who(check: Checker, entry: LineDict, what: str, known: _Known) -> _Who:
    """Who speaks, what they say, whom it names."""
    ok = True
    source = check.text(entry, "source", what, required=True)
    if source is not None:
        ok &= check.passes(entry, "source", known_id, source, known.sources, "source", f"in {what}")
    status = check.text(entry, "status", what, required=True)
    if status is not None:
        ok &= check.passes(entry, "status", status_of, status, what)
    holder = check.text(entry, "holder", what)
    party = check.text(entry, "party", what)
    ok &= check.report_all(entry, "status", roles_of(status, holder, party, known.parties, what))  # type: ignore[arg-type]
    return _Who(source, status, holder, party, ok)


def _how(check: Checker, entry: LineDict, what: str, status: str | None) -> _How:
    """How firmly, and when in its day, the claim was made."""
    hedged, problems = hedged_of(check.text(entry, "certainty", what), status, what)
    check.report_all(entry, "certainty", problems)
    time = check.read(entry, "time", minutes_of, what)
    after, problems = after_of(entry.get("after"), what)
    check.report_all(entry, "after", problems)
    undated = check.read(entry, "undated", undated_of, what)
    return _How(hedged, time, after, undated)


def _where(check: Checker, entry: LineDict, what: str, status: str | None, gazetteer: Gazetteer | None) -> _Where:
    """The districts and places a claim names.

    A claim that names a district centre also names its district (not when it covers all)."""
    refs: tuple[str, ...]
    ids: tuple[str, ...] | None
    if entry.get("districts") is None:
        ok = check.passes(entry, "districts", where_given, status, None, entry.get("places"), what)
        refs, ids, covers_all = (), (() if ok else None), False
    else:
        refs, ids, covers_all = _districts(check, entry, what, gazetteer)
    place_refs, place_ids = _places(check, entry, what, gazetteer)
    if ids is not None and place_ids and gazetteer is not None and not covers_all:
        ids = tuple(dict.fromkeys(ids + districts_through(place_ids, gazetteer)))
    return _Where(refs, ids, covers_all, place_refs, place_ids)


def _names(check: Checker, entry: LineDict, key: str, form: str, what: str) -> tuple[list[tuple[int, str]], bool] | None:
    """:func:`names_of` of ``entry[key]``, reported: (index and name of each item, whether every item was a name); None when unusable."""
    try:
        names, problems = names_of(entry.get(key), key, form, what)
    except Invalid as problem:
        check.report(entry, key, problem)
        return None
    return names, check.report_all(entry, key, problems)


def _districts(
    check: Checker, entry: LineDict, what: str, gazetteer: Gazetteer | None
) -> tuple[tuple[str, ...], tuple[str, ...] | None, bool]:
    """(spellings, district ids, covers all) of a claim's ``districts``; ids None when a reference is unusable."""
    found = _names(check, entry, "districts", "a list of district names or the word all", what)
    if found is None:
        return (), None, False
    names, usable = found
    refs = tuple(ref for _, ref in names)
    if gazetteer is None:  # the districts file is broken: only "all" can be read
        return refs, (() if usable else None), any(normalize_name(ref) == "all" for ref in refs)
    named, usable = _resolved(check, entry, "districts", names, usable, lambda ref: district_of(ref, gazetteer, what))
    covers_all = None in named
    ids = gazetteer.ids if covers_all else tuple(dict.fromkeys(i for i in named if i is not None))
    return refs, (ids if usable else None), covers_all


def _places(check: Checker, entry: LineDict, what: str, gazetteer: Gazetteer | None) -> tuple[tuple[str, ...], tuple[str, ...] | None]:
    """(spellings, place ids) of a claim's ``places``; ids None when a reference is unusable."""
    if entry.get("places") is None:
        return (), ()
    found = _names(check, entry, "places", "a list of place names", what)
    if found is None:
        return (), None
    names, usable = found
    refs = tuple(ref for _, ref in names)
    if gazetteer is None:
        return refs, (() if usable else None)
    named, usable = _resolved(check, entry, "places", names, usable, lambda ref: place_of(ref, gazetteer, what))
    return refs, (tuple(dict.fromkeys(named)) if usable else None)  # type: ignore[arg-type]


def _resolved(
    check: Checker, entry: LineDict, key: str, names: list[tuple[int, str]], usable: bool, resolve: Callable[[str], str | None]
) -> tuple[list[str | None], bool]:
    """What ``resolve`` makes of each name of the list ``key``, its Invalid reported at the item's line; whether all resolved."""
    resolved = []
    for index, ref in names:
        try:
            resolved.append(resolve(ref))
        except Invalid as problem:
            problem.at, usable = index, False
            check.report(entry, key, problem)
    return resolved, usable


def _settings(check: Checker, root: LineDict) -> Settings:
    """``settings:`` of the claims file: file-wide switches, all off by default."""
    entry = check.section(root, "settings", SETTINGS_FIELDS)
    if entry is None:
        return Settings()
    stale = entry.get("stale_after_days")
    if stale is not None and (isinstance(stale, bool) or not isinstance(stale, int) or stale < 1):
        check.add(entry.line_of("stale_after_days"), f"stale_after_days must be a whole number of days, at least 1, not {_describe(stale)}")
        stale = None
    return Settings(stale_after_days=stale, line=entry.line)


def _check_order(check: Checker, claims: list[Claim]) -> None:
    """``after`` names claims of the same date, no chain of ``after`` runs in a circle, and no claim comes
    after a claim the report times later."""
    by_id = {c.id: c for c in claims}
    _after_targets(check, claims, by_id)
    _after_circles(check, claims, by_id)
    _after_times(check, claims, by_id)


def _after_targets(check: Checker, claims: list[Claim], by_id: dict[str, Claim]) -> None:
    for claim in claims:
        for other_id in claim.after:
            other = by_id.get(other_id)
            if other is None:
                near = difflib.get_close_matches(other_id, [c.id for c in claims if c.date == claim.date], n=1)
                hint = f" (did you mean '{near[0]}'?)" if near else ""
                check.add(claim.line, f"claim '{claim.id}' comes 'after' unknown claim '{other_id}'{hint}")
            elif other.date != claim.date:
                check.add(
                    claim.line,
                    f"claim '{claim.id}' ({claim.date}) comes 'after' claim '{other_id}' of another day ({other.date}); "
                    "'after' orders claims of the same day",
                )
            elif other_id == claim.id:
                check.add(claim.line, f"claim '{claim.id}' comes 'after' itself")


def _after_circles(check: Checker, claims: list[Claim], by_id: dict[str, Claim]) -> None:
    """A circle: A after B after … after A. Iterative (a long chain of same-day claims must not exhaust the stack)."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    for root in claims:
        if not root.after or root.id in state:
            continue
        path: list[str] = [root.id]
        stack = [iter(root.after)]
        state[root.id] = 1
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                stack.pop()
                continue
            if nxt not in by_id or nxt == path[-1] or by_id[nxt].date != by_id[path[-1]].date:
                continue
            if state.get(nxt) == 1:
                loop = [*path[path.index(nxt) :], nxt]
                check.add(by_id[nxt].line, "claims come 'after' each other in a circle: " + " → ".join(loop))
            elif nxt not in state:
                state[nxt] = 1
                path.append(nxt)
                stack.append(iter(by_id[nxt].after))


def _after_times(check: Checker, claims: list[Claim], by_id: dict[str, Claim]) -> None:
    """No claim comes 'after' a claim of its day the report times later."""
    for claim in claims:
        for other_id in claim.after:
            other = by_id.get(other_id)
            if other is None or other.date != claim.date or claim.time is None or other.time is None:
                continue
            if other.time > claim.time:
                check.add(
                    claim.line,
                    f"claim '{claim.id}' comes 'after' claim '{other_id}', but its time is earlier "
                    f"({claim.time // 60:02d}:{claim.time % 60:02d} before {other.time // 60:02d}:{other.time % 60:02d})",
                )


def _acled(check: Checker, root: LineDict, party_ids: set[str]) -> dict | None:
    """Check the shape of the ``acled`` import mapping (read by :mod:`importers.acled`).

    Checked here, not only when importing, so a broken mapping is caught by
    ``validate`` (and the pre-commit hook) before anyone runs an import.
    """
    acled = check.section(root, "acled", ACLED_FIELDS)
    if acled is None:
        return None
    if acled.get("actors") is None:
        check.add(acled.line_of("actors"), "'acled' has no 'actors' list (rules: {match: <actor1 text>, party: <party id>})")
    else:
        rules = check.sequence(acled["actors"], acled.line_of("actors"), "'actors' of 'acled'")
        for _, what, rule in check.entries(rules, "acled actor rule", ACLED_ACTOR_FIELDS):
            check.text(rule, "match", what, required=True)
            party = check.text(rule, "party", what, required=True)
            if party is not None:
                check.passes(rule, "party", known_id, party, party_ids, "party", f"in {what}")
    prefix = check.text(acled, "source_prefix", "'acled'")
    if prefix is not None and not SLUG.match(prefix):
        check.add(acled.line_of("source_prefix"), f"source_prefix '{prefix}' of 'acled' may use only a-z, 0-9, '_' and '-'")
    return acled


def _list_section(check: Checker, root: LineDict, key: str, *, required: bool) -> LineList:
    if root.get(key) is None:
        if required or key in root:
            check.add(root.line_of(key), f"the claims file has no '{key}' list")
        return LineList()
    return check.sequence(root[key], root.line_of(key), f"'{key}'") or LineList()


def _parties(check: Checker, root: LineDict) -> list[Party]:
    parties = []
    entries = _list_section(check, root, "parties", required=True)
    seen: dict[str, int] = {}
    for _, what, entry in check.entries(entries, "party", PARTY_FIELDS):
        party_id = check.slug(entry, what, seen)
        if party_id in RESERVED_SIDES:
            check.add(entry.line_of("id"), f"party id '{party_id}' is reserved (a view or keyword); choose another")
        name = check.text(entry, "name", what, required=True)
        color = check.text(entry, "color", what, required=True)
        if color and not COLOR.match(color):
            check.add(entry.line_of("color"), f"color '{color}' of {what} must be a hex colour like \"#1b7837\"")
            color = None
        if party_id and name and color:
            parties.append(Party(party_id, name, color.lower(), entry.line))
    check.problems.extend(_color_problems(parties, check.label))  # colours a reader can tell apart
    return parties


def _color_problems(parties: list[Party], label: str) -> list[Problem]:
    """:func:`yamldata.colors.color_problems`, skipped for colours it found apart before.

    Measuring imports numpy and coloraide (~0.15 s, half of validating a small file); a
    marker in the cache folder, keyed by the colours and the code and versions that judged
    them, lets ``validate`` on unchanged colours do without.
    """
    facts: list[object] = [sorted(p.color.lower() for p in parties)]
    for module in ("yamldata/colors.py", "core/style.py"):
        facts.append(hashlib.sha256((_ROOT / module).read_bytes()).hexdigest())
    facts += [importlib.metadata.version(package) for package in ("coloraide", "numpy")]
    marker = cache_dir() / "colors" / (hashlib.sha256(repr(facts).encode("utf-8")).hexdigest() + ".apart")
    if marker.exists():
        return []
    from yamldata.colors import color_problems

    found = color_problems(parties, label)
    if not found:
        with contextlib.suppress(OSError):  # a read-only cache only means measuring again next time
            marker.parent.mkdir(parents=True, exist_ok=True)
            marker.touch()
    return found


_ROOT = Path(__file__).resolve().parent.parent


def _sources(check: Checker, root: LineDict, party_ids: set[str]) -> list[Source]:
    sources = []
    entries = _list_section(check, root, "sources", required=True)
    seen: dict[str, int] = {}
    for _, what, entry in check.entries(entries, "source", SOURCE_FIELDS):
        source_id = check.slug(entry, what, seen)
        name = check.text(entry, "name", what, required=True)
        party = check.text(entry, "party", what)
        if party is not None:
            check.passes(entry, "party", known_id, party, party_ids, "party", f"for source '{source_id}'")
        grade = _reliability(check, entry, what)
        if source_id and name:
            role, url = check.text(entry, "role", what), check.url(entry, "url", what)
            sources.append(Source(source_id, name, role, party, url, entry.line, grade))
    return sources


def _reliability(check: Checker, entry: LineDict, what: str) -> str:
    """A source's Admiralty grade, A (completely reliable) to F (cannot be judged, the default)."""
    value = check.text(entry, "reliability", what)
    if value is None:
        return "F"
    if value not in RELIABILITY_GRADES:
        hint = f" (did you mean '{value.upper()}'?)" if value.upper() in RELIABILITY_GRADES else ""
        check.add(
            entry.line_of("reliability"),
            f"reliability '{value}' of {what} must be an Admiralty grade A–F (A completely reliable … E unreliable, "
            f"F cannot be judged){hint}",
        )
        return "F"
    return value


def _known(value: str, known: set[str]) -> str:
    near = difflib.get_close_matches(value, sorted(known), n=2, cutoff=0.5)
    if near:
        return f" (did you mean {' or '.join(repr(n) for n in near)}?)"
    return f" (known: {', '.join(sorted(known))})" if known else " (none are defined)"


def _quote_it(key: str, value: Any, written: str | None) -> str:
    """How to make a plain value that YAML reads as true/false, a number or a date into text (empty for others)."""
    if written is None:
        if isinstance(value, bool):
            written = "true" if value else "false"
        elif isinstance(value, dt.date):
            written = value.isoformat()
        else:
            return ""
    shown = written.replace("\\", "\\\\").replace('"', '\\"')
    return f" (YAML reads the unquoted {written} that way); to keep it as text, put it in quotes: {key}: \"{shown}\""


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, LineDict):
        return "a mapping"
    if isinstance(value, LineList):
        return "a list"
    kind = {bool: "true/false", int: "a number", float: "a number", str: "text"}.get(type(value), type(value).__name__)
    shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:37] + "..."
    return f"{kind} {shown}"


# ---- the fast path ---------------------------------------------------------------
#
# For a valid file the checks below give exactly the Claims that check_claims would,
# from the plain values of yamlsource.parse_fast (no line numbers, YAML 1.2 scalars).
# Every value goes through the same checks as on the line-tracking path (text_of,
# date_of, known_id, roles_of, district_of, …), each answer remembered by the value
# it was given: most values repeat (sources, statuses, spellings, dates, district
# lists). The fast path words no message: at the first Invalid, or any doubt, it raises
# Unsure and the loader reads the file again on the line-tracking path, which says what
# is wrong and where. "Doubt" includes every value whose reading could differ between
# YAML 1.1 (PyYAML) and 1.2 (yaml-rs): a string PyYAML would take for a bool, number,
# date or null if it was written unquoted, and any number or bool where text is expected.

_IMPLICIT = {first: [regexp for _, regexp in rules] for first, rules in Resolver.yaml_implicit_resolvers.items()}
# The order of a claim's values in the rows the fast parser hands over (see FastDocument.chunks).
_ROW_FIELDS = (
    "id", "date", "source", "districts", "status", "holder", "quote", "reported_by", "report", "url",
    "party", "certainty", "time", "after", "undated", "places",
)  # fmt: skip
assert set(_ROW_FIELDS) == CLAIM_FIELDS
_REPEATING = ("date", "source", "status", "holder", "reported_by", "report")  # shared by many claims
_new_claim = fast_constructor(Claim)
_NO_ORDER = [None, None, None]


def _pyyaml_would_not_read_as_text(value: str) -> bool:
    """True when PyYAML reads ``value``, written unquoted, as something other than text."""
    return any(regexp.match(value) for regexp in _IMPLICIT.get(value[:1], ()))


def _plain(value: Any) -> Any:
    """``value`` when both parsers read it alike (nothing, or text PyYAML also reads as text); else Unsure."""
    if value is not None and (type(value) is not str or not value or (value[0] in _IMPLICIT and _pyyaml_would_not_read_as_text(value))):
        raise Unsure
    return value


def _text(value: Any, key: str = "", what: str = "", *, required: bool = False) -> str | None:
    """:func:`text_of` of a value both parsers read alike; Unsure for any other."""
    return text_of(_plain(value), key, what, required=required)


def parse_claims_fast(data: bytes, label: str) -> FastDocument:
    """:func:`~yamldata.yamlsource.parse_fast` of a claims file, its yaml-rs children started at once
    on the rows :func:`check_claims_fast` reads; FastPathRefused as there."""
    return parse_fast(data, label, "claims", _ROW_FIELDS, _REPEATING)


def check_claims_fast(document: FastDocument, label: str, gazetteer: Gazetteer) -> ClaimsFile:
    """Validate a file read by :func:`~yamldata.yamlsource.parse_fast`: what :func:`check_claims` gives
    for a valid file (with no problems), or Unsure at the first problem or doubt."""
    check = Checker(label)
    root = document.head
    check.fields(root, CLAIMS_FIELDS, "the claims file")
    parties = _parties(check, root)
    party_ids = {p.id for p in parties}
    sources = _sources(check, root, party_ids)
    acled = _acled(check, root, party_ids)
    settings = _settings(check, root)
    if check.problems:
        raise Unsure
    fast = _FastClaims(party_ids, {s.id for s in sources}, gazetteer)
    claims: list[Claim] = []
    for rows, lines in document.chunks(_ROW_FIELDS, _REPEATING):
        fast.check(rows, lines, claims)
    if fast.ordered:
        order_check = Checker(label)
        _check_order(order_check, claims)
        if order_check.problems:
            raise Unsure
    return ClaimsFile(tuple(parties), tuple(sources), tuple(claims), acled, settings, [])


class _FastClaims:
    """The claim checks over the rows of one file, each answer remembered by the value(s) it was given.

    The memories also share equal values between claims (dates, names, district tuples),
    which keeps a million claims in far less memory.
    """

    def __init__(self, party_ids: set[str], source_ids: set[str], gazetteer: Gazetteer):
        self.party_ids, self.source_ids, self.gazetteer = party_ids, source_ids, gazetteer
        self.seen: set[str] = set()
        self.ordered = False  # some claim has 'after': cross-checked once all are read
        self.dates: dict[Any, dt.date] = {}
        self.sources: dict[Any, str] = {}
        self.statuses: dict[Any, str] = {}
        self.roles: dict[tuple, tuple[str | None, str | None, bool]] = {}  # (status, holder, party, certainty) → (holder, party, hedged)
        self.refs: dict[Any, tuple[tuple[str, ...], tuple[str, ...], bool]] = {}
        self.spelling: dict[Any, tuple[str, str | None]] = {}
        self.id_tuples: dict[tuple[str, ...], tuple[str, ...]] = {}
        self.place_refs: dict[tuple, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {}
        self.shared: dict[str, str | None] = {}

    def check(self, rows: list[tuple | None], lines: list[int], out: list[Claim]) -> None:
        """Append the Claim of every row to ``out``, as check_claims would make it; Unsure at any problem or doubt."""
        seen, dates, sources, statuses, roles, shared = self.seen, self.dates, self.sources, self.statuses, self.roles, self.shared
        slug, implicit, append, new_claim = SLUG.fullmatch, _IMPLICIT, out.append, _new_claim
        for row, line in zip(rows, lines, strict=True):
            if row is None:  # not a mapping, or a field check_claims would refuse
                raise Unsure
            claim_id, raw_date, raw_source, raw, raw_status, holder, quote, reported_by, report, url, party, certainty, *order, raw_places = row  # noqa: E501
            time, after, undated = self.order(*order) if order != _NO_ORDER else (None, (), False)
            if type(claim_id) is not str or not slug(claim_id) or claim_id[0] in implicit:
                claim_id = cast(str, _text(claim_id, required=True))  # the general case: spaces, or a digit first
                if not SLUG.match(claim_id):
                    raise Unsure
            if claim_id in seen:
                raise Unsure
            seen.add(claim_id)
            try:
                date, source, status = dates[raw_date], sources[raw_source], statuses[raw_status]
            except (KeyError, TypeError):
                date, source, status = self.date(raw_date), self.source(raw_source), self.status(raw_status)
            try:
                holder, party, hedged = roles[(status, holder, party, certainty)]
            except (KeyError, TypeError):
                holder, party, hedged = self.who(status, holder, party, certainty)
            refs, ids, covers_all, places, place_refs = self.where(raw, raw_places, status)
            if type(quote) is str and quote and quote[0] not in implicit:  # _text's common case, inline
                quote = quote.strip() or None
            else:
                quote = _text(quote)
            self.words(quote, status)
            if url is not None:
                url = self.link(url)
            reported_by = shared[reported_by] if type(reported_by) is str and reported_by in shared else self.share(reported_by)
            report = shared[report] if type(report) is str and report in shared else self.share(report)
            append(
                new_claim(
                    claim_id, date, source, status, ids, holder, quote, reported_by, report, url, covers_all, refs, line,
                    party, hedged, time, after, undated, places, place_refs,
                )
            )  # fmt: skip

    @staticmethod
    def link(value: Any) -> str | None:
        """A claim's ``url``, as :func:`web_url` checks it (None when the text is empty)."""
        url = _text(value)
        return web_url(url, "url", "") if url is not None else None

    @staticmethod
    def words(quote: str | None, status: str) -> None:
        """Unsure unless the quote is there when the status needs one (:func:`needs_quote`), and short (:func:`short_quote`)."""
        if quote is None and needs_quote(status):
            raise Unsure
        short_quote(quote, "")

    def date(self, value: Any) -> dt.date:
        if type(value) is not dt.date and type(value) is not str:  # a quoted or a plain date is a date to both parsers
            raise Unsure
        found = self.dates[value] = date_of(value, "")
        return found

    def source(self, value: Any) -> str:
        found = self.sources[value] = known_id(_text(value, required=True), self.source_ids, "source", "")  # type: ignore[arg-type]
        return found

    def status(self, value: Any) -> str:
        found = self.statuses[value] = status_of(_text(value, required=True), "")  # type: ignore[arg-type]
        return found

    def who(self, status: str, holder: Any, party: Any, certainty: Any) -> tuple[str | None, str | None, bool]:
        """(holder, party, hedged) of a claim, by :func:`roles_of` and :func:`hedged_of`."""
        key = (status, holder, party, certainty)
        holder, party, certainty = _text(holder), _text(party), _text(certainty)
        hedged, problems = hedged_of(certainty, status, "")
        if problems or roles_of(status, holder, party, self.party_ids, ""):
            raise Unsure
        found = self.roles[key] = (holder, party, hedged)
        return found

    def order(self, time: Any, after: Any, undated: Any) -> tuple[int | None, tuple[str, ...], bool]:
        """(minutes, after ids, undated) by :func:`minutes_of`, :func:`after_of` and :func:`undated_of`.

        ``after`` is cross-checked once every claim is read (:func:`_check_order`)."""
        minutes = minutes_of(_text(time), "")
        ids: tuple[str, ...] = ()
        if after is not None:
            items = after if type(after) is list else [after]
            ids, problems = after_of([_plain(item) for item in items], "")
            if problems:
                raise Unsure
            self.ordered = True
        return minutes, ids, undated_of(undated, "")

    def where(self, raw: Any, raw_places: Any, status: str) -> tuple[tuple[str, ...], tuple[str, ...], bool, tuple[str, ...], tuple[str, ...]]:  # noqa: E501
        """(spellings, district ids, covers all, place ids, place spellings) of a claim, as :func:`_where` reads them
        (in :class:`_Where` the place spellings come before the place ids)."""
        refs: tuple[str, ...]
        ids: tuple[str, ...]
        if raw is None:
            where_given(status, None, raw_places, "")
            refs, ids, covers_all = (), (), False
        else:
            try:
                refs, ids, covers_all = self.refs[tuple(raw) if type(raw) is list else raw]
            except (KeyError, TypeError):
                refs, ids, covers_all = self.districts(raw)
        if raw_places is None:
            return refs, ids, covers_all, (), ()
        place_refs, places, through = self.places(raw_places)
        if through and not covers_all:
            ids = tuple(dict.fromkeys(ids + through))
            ids = self.id_tuples.setdefault(ids, ids)
        return refs, ids, covers_all, places, place_refs

    def share(self, value: Any) -> str | None:
        """Text that repeats across claims (who reported it, which report), stored once."""
        if value is None:
            return None
        text = self.shared[value] = _text(value)
        return text

    def districts(self, raw: Any) -> tuple[tuple[str, ...], tuple[str, ...], bool]:
        """(spellings as written, district ids, covers all) of a claim's ``districts``, remembered.

        Equal id tuples are stored once, and so is a list already written the way it is
        stored (its spellings stripped): the remembered key is then the spellings tuple itself.
        """
        items = raw if isinstance(raw, list) else [raw]
        if not items:
            raise Unsure
        spelling = self.spelling
        try:
            spelled = [spelling[item] for item in items]  # only text is ever remembered
        except (KeyError, TypeError):
            spelled = [self.spell(item) for item in items]
        refs = tuple([ref for ref, _ in spelled])
        named = [district_id for _, district_id in spelled]
        covers_all = None in named
        ids = self.gazetteer.ids if covers_all else tuple(dict.fromkeys(named))
        ids = self.id_tuples.setdefault(ids, ids)  # type: ignore[arg-type]
        found = (refs, ids, covers_all)
        key = tuple(items) if isinstance(raw, list) else raw
        self.refs[refs if key == refs else key] = found
        return found

    def spell(self, item: Any) -> tuple[str, str | None]:
        """(the spelling, stripped; the id :func:`district_of` gives it, None for ``all``), remembered."""
        ref = cast(str, _text(item, required=True))
        found = self.spelling[item] = (ref, district_of(ref, self.gazetteer, ""))
        return found

    def places(self, raw: Any) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        """(spellings as written, place ids by :func:`place_of`, districts reached through district centres) of ``places``, remembered."""
        items = raw if isinstance(raw, list) else [raw]
        key = tuple(items) if isinstance(raw, list) else (raw,)
        found = self.place_refs.get(key) if all(type(i) is str for i in items) else None
        if found is not None:
            return found
        if not items:
            raise Unsure
        refs = tuple(_text(item, required=True) for item in items)
        unique = tuple(dict.fromkeys(place_of(ref, self.gazetteer, "") for ref in refs))  # type: ignore[arg-type]
        found = self.place_refs[key] = (refs, unique, districts_through(unique, self.gazetteer))  # type: ignore[assignment]
        return found  # type: ignore[return-value]
