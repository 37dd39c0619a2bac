"""Validation: turn the parsed YAML of ``districts.yaml`` and ``claims.yaml`` into the model.

Every problem is collected (not just the first) as ``FILE:LINE: message`` naming the
offending value, so one run of ``python -m control validate`` lists all that is wrong.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections import ChainMap
from collections.abc import Iterator, Mapping, MutableMapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

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
from yamldata.colors import color_problems

# The field names, patterns and limits come from the declarative model the JSON Schemas
# are generated from (yamldata/schema.py), so each is written once.
from yamldata.schema import (
    ACLED_ACTOR_FIELDS,
    ACLED_FIELDS,
    BOUNDARY_FIELDS,
    CLAIM_FIELDS,
    CLAIMS_FIELDS,
    COLOR,
    CONTROL_STATUSES,
    DISTRICT_FIELDS,
    GAZETTEER_FIELDS,
    MAX_QUOTE,
    PARTY_FIELDS,
    PLACE_FIELDS,
    POINT_FIELDS,
    POINT_LIMITS,
    RESERVED_SIDES,
    SETTINGS_FIELDS,
    SLUG,
    SOURCE_FIELDS,
)
from yamldata.schema import CLOCK as _CLOCK
from yamldata.schema import DATE as _DATE_TEXT
from yamldata.yamlsource import FastDocument, LineDict, LineList


class Checker:
    """Collects problems for one file; helpers return None when a value is unusable."""

    def __init__(self, label: str):
        self.label = label
        self.problems: list[Problem] = []

    def add(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.label, line, message))

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
        if key not in entry or entry[key] is None:
            if required:
                self.add(entry.line, f"{what} has no '{key}'")
            return None
        value = entry[key]
        written = entry.written_as(key)  # yes, 3:45, 1_000: YAML read the words as something else
        if written is not None or isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.add(entry.line_of(key), f"'{key}' of {what} must be text, not {_describe(value)}{_quote_it(key, value, written)}")
            return None
        value = str(value).strip()
        if required and not value:
            self.add(entry.line_of(key), f"'{key}' of {what} is empty")
            return None
        return value or None

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
        value = self.text(entry, key, what)
        if value is not None and not is_web_url(value):
            self.add(entry.line_of(key), f"{key} '{value}' of {what} must be an http:// or https:// address")
            return None
        return value


def is_web_url(value: str) -> bool:
    """True for absolute http(s) URLs: the only links the app will render."""
    try:
        parsed = urlparse(value)
    except ValueError:  # e.g. "http://[" (an unclosed IPv6 bracket)
        return False
    return parsed.scheme in ("http", "https") and bool(parsed.netloc) and not any(c.isspace() for c in value)


def check_gazetteer(doc: Any, label: str, path: Path | None = None) -> tuple[Gazetteer | None, list[Problem]]:
    """Validate a parsed ``districts.yaml``; the gazetteer is None when it is unusable."""
    check = Checker(label)
    root = check.mapping(doc, 1, "the districts file")
    if root is None:
        return None, check.problems
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
        return None, check.problems
    return Gazetteer(region=region, districts=tuple(districts), boundaries=boundaries, path=path, places=tuple(places)), []


def _places_section(check: Checker, root: LineDict, districts: list[District]) -> list[Place]:
    """``places:``: named points; a district centre must say its district (its claims count for it)."""
    if root.get("places") is None:
        return []
    entries = check.sequence(root["places"], root.line_of("places"), "'places'")
    lookup = Gazetteer("", tuple(districts)).lookup
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
            district = lookup(district_ref)
            if district is None:
                near = closest_names(district_ref, [s for d in districts for s in d.spellings])
                hint = f" (closest: {', '.join(near)})" if near else f" (known: {', '.join(d.name for d in districts)})"
                check.add(entry.line_of("district"), f"unknown district '{district_ref}' for {what}{hint}")
            else:
                district_id = district.id
        elif kind == "district_centre":
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
    items = check.sequence(raw, entry.line_of("aliases"), f"'aliases' of {what}")
    aliases = []
    for i, alias in enumerate(items or []):
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


def check_claims(
    doc: Any, label: str, gazetteer: Gazetteer | None, *, taken: Mapping[str, int] | None = None, earlier: Sequence[Claim] = ()
):
    """Validate a parsed ``claims.yaml`` against the gazetteer.

    Returns ``(parties, sources, claims, acled, problems)``. For an append
    (:mod:`yamldata.writer`), ``doc`` holds only the new claims: ``taken`` maps the ids
    of the claims already in the file to their lines, and ``earlier`` are those of them
    the new claims' ``after`` may name.
    """
    check = Checker(label)
    root = check.mapping(doc, 1, "the claims file")
    if root is None:
        return (), (), (), None, Settings(), check.problems
    check.fields(root, CLAIMS_FIELDS, "the claims file")
    parties = _parties(check, root)
    party_ids = {p.id for p in parties}
    sources = _sources(check, root, party_ids)
    source_ids = {s.id for s in sources}
    claims: list[Claim] = []
    entries = _list_section(check, root, "claims", required=True)
    seen: MutableMapping[str, int] = ChainMap({}, taken) if taken else {}
    for index, raw in enumerate(entries):
        entry = check.mapping(raw, entries.line_of(index), f"claim #{index + 1}")
        if entry is not None:
            claim = _claim(check, entry, index, seen, party_ids, source_ids, gazetteer)
            if claim is not None:
                claims.append(claim)
    _check_order(check, [*earlier, *claims])
    acled = _acled(check, root, party_ids)
    settings = _settings(check, root)
    return tuple(parties), tuple(sources), tuple(claims), acled, settings, check.problems


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
    """``after`` names claims of the same date, and no chain of ``after`` runs in a circle."""
    by_id = {c.id: c for c in claims}
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
    # A circle: A after B after … after A, or "after" a claim the report times later.
    # Iterative (a long chain of same-day claims must not exhaust the stack).
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
    for claim in claims:
        for other_id in claim.after:
            other = by_id.get(other_id)
            timed = other is not None and claim.time is not None and other.time is not None
            if timed and other.date == claim.date and other.time > claim.time:
                check.add(
                    claim.line,
                    f"claim '{claim.id}' comes 'after' claim '{other_id}', but its time is earlier "
                    f"({claim.time // 60:02d}:{claim.time % 60:02d} before {other.time // 60:02d}:{other.time % 60:02d})",
                )


def _acled(check: Checker, root: LineDict, party_ids: set[str]) -> LineDict | None:
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
            if party is not None and party not in party_ids:
                check.add(rule.line_of("party"), f"unknown party '{party}' in {what}{_known(party, party_ids)}")
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
    check.problems.extend(color_problems(parties, check.label))  # colours a reader can tell apart
    return parties


def _sources(check: Checker, root: LineDict, party_ids: set[str]) -> list[Source]:
    sources = []
    entries = _list_section(check, root, "sources", required=True)
    seen: dict[str, int] = {}
    for _, what, entry in check.entries(entries, "source", SOURCE_FIELDS):
        source_id = check.slug(entry, what, seen)
        name = check.text(entry, "name", what, required=True)
        party = check.text(entry, "party", what)
        if party is not None and party not in party_ids:
            check.add(entry.line_of("party"), f"unknown party '{party}' for source '{source_id}'{_known(party, party_ids)}")
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


def _claim(check, entry, index, seen, party_ids, source_ids, gazetteer) -> Claim | None:
    what = f"claim #{index + 1}"
    claim_id = check.slug(entry, what, seen)
    what = f"claim '{claim_id}'" if claim_id else what
    check.fields(entry, CLAIM_FIELDS, what)
    ok = claim_id is not None
    date = _date(check, entry, what)
    source = check.text(entry, "source", what, required=True)
    if source is not None and source not in source_ids:
        check.add(entry.line_of("source"), f"unknown source '{source}' in {what}{_known(source, source_ids)}")
        ok = False
    status = check.text(entry, "status", what, required=True)
    if status is not None and status not in STATUSES:
        check.add(entry.line_of("status"), f"unknown status '{status}' in {what} (use one of: {', '.join(STATUSES)})")
        ok = False
    holder = check.text(entry, "holder", what)
    if status == "held" and holder is None:
        check.add(entry.line, f"{what} has status 'held' but no 'holder' (a party id: {', '.join(sorted(party_ids))})")
        ok = False
    elif holder is not None and status in ("contested", "statement"):
        check.add(entry.line_of("holder"), f"{what} has a 'holder' but status '{status}'; only 'held' names a holder")
        ok = False
    elif holder is not None and status in PARTY_STATUSES:
        message = f"{what} has a 'holder' but status '{status}'; write 'party: {holder}' (only 'held' names a holder)"
        check.add(entry.line_of("holder"), message)
        ok = False
    elif holder is not None and holder not in party_ids:
        check.add(entry.line_of("holder"), f"unknown party '{holder}' as holder in {what}{_known(holder, party_ids)}")
        ok = False
    party = check.text(entry, "party", what)
    if status in PARTY_STATUSES and party is None:
        check.add(entry.line, f"{what} has status '{status}' but no 'party' ({_PARTY_MEANING[status]}: {', '.join(sorted(party_ids))})")
        ok = False
    elif party is not None and status not in PARTY_STATUSES and status is not None:
        use = "; with 'held' write 'holder'" if status == "held" else ""
        check.add(entry.line_of("party"), f"{what} has a 'party' but status '{status}'; only {', '.join(PARTY_STATUSES)} name a party{use}")
        ok = False
    elif party is not None and party not in party_ids:
        check.add(entry.line_of("party"), f"unknown party '{party}' in {what}{_known(party, party_ids)}")
        ok = False
    hedged = _certainty(check, entry, what, status)
    time = _time(check, entry, what)
    after = _after(check, entry, what)
    undated = entry.get("undated")
    if undated is not None and not isinstance(undated, bool):
        check.add(entry.line_of("undated"), f"'undated' of {what} must be true or false, not {_describe(undated)}")
        undated = None
    refs, ids, covers_all = _districts(check, entry, what, status, gazetteer)
    place_refs, place_ids = _places(check, entry, what, gazetteer)
    if ids is not None and place_ids and gazetteer is not None and not covers_all:
        ids = tuple(dict.fromkeys(ids + districts_through(place_ids, gazetteer)))
    quote = check.text(entry, "quote", what, required=status in CONTROL_STATUSES)
    if quote and len(quote) > MAX_QUOTE:
        check.add(entry.line_of("quote"), f"quote of {what} is {len(quote)} characters; keep quotes short (at most {MAX_QUOTE})")
    url = check.url(entry, "url", what)
    if not ok or date is None or ids is None or place_ids is None or (status in CONTROL_STATUSES and quote is None):
        return None
    return Claim(
        id=claim_id,
        date=date,
        source=source,
        status=status,
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


_PARTY_MEANING = {
    "present": "whose forces are present",
    "denied": "whose claim of control is denied",
    "unverified": "whose claim could not be verified",
}


def _certainty(check: Checker, entry: LineDict, what: str, status: str | None) -> bool:
    """True for ``certainty: hedged``; ``firm`` (the default) is False."""
    value = check.text(entry, "certainty", what)
    if value is None:
        return False
    if value not in CERTAINTIES:
        check.add(entry.line_of("certainty"), f"unknown certainty '{value}' in {what} (use one of: {', '.join(CERTAINTIES)})")
        return False
    if status is not None and status not in ASSERTIONS:
        check.add(entry.line_of("certainty"), f"{what} has a 'certainty' but status '{status}'; only {', '.join(ASSERTIONS)} can be hedged")
    return value == "hedged"


def _time(check: Checker, entry: LineDict, what: str) -> int | None:
    """Minutes after midnight from ``"HH:MM"`` or a part of the day (morning … night)."""
    if entry.get("time") is None:
        return None
    value = entry["time"]
    line = entry.line_of("time")
    if isinstance(value, int) and not isinstance(value, bool):  # YAML 1.1 reads an unquoted 22:00 as a number
        check.add(line, f"time of {what} must be quoted, like time: \"22:00\" (unquoted, YAML reads it as a number)")
        return None
    if not isinstance(value, str):
        check.add(line, f"time of {what} must be \"HH:MM\" or one of {', '.join(DAY_PARTS)}, not {_describe(value)}")
        return None
    text = value.strip()
    if text in DAY_PARTS:
        return DAY_PARTS[text]
    match = _CLOCK.match(text)
    if match is None:
        check.add(line, f"bad time '{text}' in {what}: use \"HH:MM\" (24-hour) or one of {', '.join(DAY_PARTS)}")
        return None
    return int(match[1]) * 60 + int(match[2])


def _after(check: Checker, entry: LineDict, what: str) -> tuple[str, ...]:
    """The ids in ``after`` (one id or a list); cross-checked by :func:`_check_order`."""
    raw = entry.get("after")
    if raw is None:
        return ()
    items, lines = ([raw], [entry.line_of("after")]) if not isinstance(raw, LineList) else (list(raw), raw.item_lines)
    ids = []
    for item, line in zip(items, lines, strict=True):
        if not isinstance(item, str) or not item.strip():
            check.add(line, f"'after' of {what} must name claim ids, not {_describe(item)}")
        else:
            ids.append(item.strip())
    return tuple(dict.fromkeys(ids))


def _date(check: Checker, entry: LineDict, what: str) -> dt.date | None:
    value = entry.get("date")
    if value is None:
        check.add(entry.line, f"{what} has no 'date' (YYYY-MM-DD)")
        return None
    if isinstance(value, dt.datetime):
        check.add(entry.line_of("date"), f"date '{value}' of {what} has a time; write the day only, YYYY-MM-DD")
        return None
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        if not _DATE_TEXT.fullmatch(text):
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        check.add(entry.line_of("date"), f"bad date '{text}' in {what}: use YYYY-MM-DD, a real calendar day")
        return None


def _districts(check, entry, what, status, gazetteer):
    """The district ids a claim covers; ``None`` ids when a reference is unusable."""
    raw = entry.get("districts")
    line = entry.line_of("districts")
    if raw is None:
        if status in CONTROL_STATUSES and entry.get("places") is None:
            check.add(entry.line, f"{what} has no 'districts' (names, ids or aliases, or the word all) and no 'places'")
            return (), None, False
        return (), (), False
    items = _names(check, raw, line, what, "districts", "a list of district names or the word all")
    if items is None:
        return (), None, False
    refs: list[str] = []
    ids: list[str] = []
    covers_all = False
    usable = len(items) == len(raw) if isinstance(raw, LineList) else True
    for ref, item_line in items:
        refs.append(ref)
        if normalize_name(ref) == "all":
            covers_all = True
            continue
        if gazetteer is None:
            continue
        district = gazetteer.lookup(ref)
        if district is None:
            near = closest_names(ref, gazetteer.all_spellings)
            hint = f" (closest: {', '.join(near)})" if near else f" (known: {', '.join(d.name for d in gazetteer.districts)})"
            if gazetteer.lookup_place(ref) is not None:
                hint = f" ('{ref}' is a place: name it under 'places')"
            check.add(item_line, f"unknown district '{ref}' in {what}{hint}")
            usable = False
        elif district.id not in ids:
            ids.append(district.id)
    if covers_all and gazetteer is not None:
        ids = list(gazetteer.ids)
    return tuple(refs), (tuple(ids) if usable else None), covers_all


def _names(check: Checker, raw: Any, line: int, what: str, key: str, form: str) -> list[tuple[str, int]] | None:
    """The (stripped name, line) of each item of a claim's ``districts`` or ``places``; None when the list is unusable.

    Items that are not names are reported and left out (the caller then refuses the claim).
    """
    if isinstance(raw, str):
        raw_items, lines = [raw], [line]
    elif isinstance(raw, LineList):
        raw_items, lines = list(raw), raw.item_lines
    else:
        check.add(line, f"'{key}' of {what} must be {form}, not {_describe(raw)}")
        return None
    if not raw_items:
        check.add(line, f"'{key}' of {what} is empty")
        return None
    names = []
    for item, item_line in zip(raw_items, lines, strict=True):
        if isinstance(item, bool) or not isinstance(item, (str, int)):
            check.add(item_line, f"{key[:-1]} in {what} must be a name, not {_describe(item)}")
            continue
        names.append((str(item).strip(), item_line))
    return names


def _places(check, entry, what, gazetteer) -> tuple[tuple[str, ...], tuple[str, ...] | None]:
    """(spellings as written, place ids) of a claim's ``places``; ``None`` ids when a reference is unusable."""
    raw = entry.get("places")
    if raw is None:
        return (), ()
    items = _names(check, raw, entry.line_of("places"), what, "places", "a list of place names")
    if items is None:
        return (), None
    refs: list[str] = []
    ids: list[str] = []
    usable = len(items) == len(raw) if isinstance(raw, LineList) else True
    for ref, item_line in items:
        refs.append(ref)
        if gazetteer is None:
            continue
        place = gazetteer.lookup_place(ref)
        if place is None:
            near = closest_names(ref, gazetteer.all_place_spellings)
            known = ", ".join(p.name for p in gazetteer.places) or "none are defined: add them under 'places:' in the districts file"
            hint = f" (closest: {', '.join(near)})" if near else f" (known: {known})"
            if gazetteer.lookup(ref) is not None:
                hint = f" ('{ref}' is a district: name it under 'districts')"
            check.add(item_line, f"unknown place '{ref}' in {what}{hint}")
            usable = False
        elif place.id not in ids:
            ids.append(place.id)
    return tuple(refs), (tuple(ids) if usable else None)


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
# They never word a message: at the first doubt they raise Unsure, and the loader reads
# the file again on the line-tracking path, which says what is wrong and where.
# "Doubt" includes every value whose reading could differ between YAML 1.1 (PyYAML)
# and 1.2 (yaml-rs): a string PyYAML would take for a bool, number, date or null if it
# was written unquoted, and any number or bool where text is expected.


class Unsure(Exception):
    """The fast path cannot vouch for the data; read it again on the line-tracking path."""


_IMPLICIT = {first: [regexp for _, regexp in rules] for first, rules in Resolver.yaml_implicit_resolvers.items()}
_SIMPLE_WEB_URL = re.compile(r"https?://[^/?#\s\[\]]+[^\s]*")
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
    return any(regexp.match(value) for regexp in _IMPLICIT.get(value[:1] if value else "", ()))


def check_claims_fast(document: FastDocument, label: str, gazetteer: Gazetteer):
    """Validate a file read by :func:`~yamldata.yamlsource.parse_fast`; raises Unsure at any doubt.

    Returns ``(parties, sources, claims, acled)``, equal to what check_claims gives.
    """
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
    return tuple(parties), tuple(sources), tuple(claims), acled, settings


def _text(value: Any) -> str | None:
    """Checker.text for a value PyYAML would read the same way; None when absent or blank."""
    if value is None:
        return None
    if type(value) is not str or not value or (value[0] in _IMPLICIT and _pyyaml_would_not_read_as_text(value)):
        raise Unsure
    return value.strip() or None


class _FastClaims:
    """Per-file caches: each distinct source, status, spelling or district list is checked once.

    The caches also share equal values between claims (dates, names, district tuples),
    which keeps a million claims in far less memory.
    """

    def __init__(self, party_ids: set[str], source_ids: set[str], gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        self.all_ids = gazetteer.ids
        self.seen: set[str] = set()
        # raw value → canonical id, for the fields whose values come from a short list
        self.sources = self._lookup(source_ids)
        self.statuses = self._lookup(STATUSES)
        self.holders = self._lookup(party_ids)
        self.certainties = self._lookup(CERTAINTIES)
        self.ordered = False  # some claim has 'after': cross-checked once all are read
        self.dates: dict[Any, dt.date] = {}
        self.refs: dict[Any, tuple[tuple[str, ...], tuple[str, ...], bool]] = {}
        self.spelling: dict[Any, tuple[str, str | None]] = {}
        self.id_tuples: dict[tuple[str, ...], tuple[str, ...]] = {}
        self.place_refs: dict[tuple, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {}
        self.shared: dict[str, str | None] = {}

    @staticmethod
    def _lookup(ids) -> dict[str, str]:
        return {i: i for i in ids if not _pyyaml_would_not_read_as_text(i)}

    def check(self, rows: list[tuple | None], lines: list[int], out: list[Claim]) -> None:
        """Append the Claim of every row to ``out``, as check_claims would make it; Unsure at any doubt."""
        seen, sources, statuses, holders = self.seen, self.sources, self.statuses, self.holders
        dates, refs_of, shared = self.dates, self.refs, self.shared
        slug, implicit, append, new_claim = SLUG.fullmatch, _IMPLICIT, out.append, _new_claim
        for row, line in zip(rows, lines, strict=True):
            if row is None:  # not a mapping, or a field check_claims would refuse
                raise Unsure
            claim_id, raw_date, raw_source, raw, raw_status, holder, quote, reported_by, report, url, party, certainty, *order, raw_places = row  # noqa: E501
            time, after, undated = self.order(*order) if order != _NO_ORDER else (None, (), False)
            if type(claim_id) is not str or not slug(claim_id) or claim_id[0] in implicit:
                claim_id = _text(claim_id)  # the general case: spaces, or a digit first
                if claim_id is None or not SLUG.match(claim_id):
                    raise Unsure
            if claim_id in seen:
                raise Unsure
            seen.add(claim_id)
            try:
                date = dates[raw_date]
                source = sources[raw_source]
                status = statuses[raw_status]
            except (KeyError, TypeError):
                date, source, status = self.date(raw_date), self.known(raw_source, sources), self.known(raw_status, statuses)
            if holder is not None:
                raw_holder = holder
                holder = holders.get(holder) if type(holder) is str else None
                if holder is None:
                    holder = self.known(raw_holder, holders)
            if (status == "held") != (holder is not None):
                raise Unsure
            hedged = False
            if party is not None or certainty is not None or status in PARTY_STATUSES:
                party, hedged = self.qualifiers(status, party, certainty)
            if raw is None:
                if status != "statement" and raw_places is None:
                    raise Unsure
                refs, ids, covers_all = (), (), False
            else:
                try:
                    refs, ids, covers_all = refs_of[tuple(raw) if type(raw) is list else raw]
                except (KeyError, TypeError):
                    refs, ids, covers_all = self.districts(raw)
            places = place_refs = ()
            if raw_places is not None:
                place_refs, places, through = self.places(raw_places)
                if through and not covers_all:
                    ids = tuple(dict.fromkeys(ids + through))
                    ids = self.id_tuples.setdefault(ids, ids)
            if type(quote) is str and quote and quote[0] not in implicit:  # _text's common case, inline
                quote = quote.strip() or None
            else:
                quote = _text(quote)
            if (quote is None and status != "statement") or (quote is not None and len(quote) > MAX_QUOTE):
                raise Unsure
            if type(url) is str and url and url[0] not in implicit:
                url = url.strip() or None
            else:
                url = _text(url)
            if url is not None and not _SIMPLE_WEB_URL.fullmatch(url) and not is_web_url(url):
                raise Unsure
            if reported_by is not None:
                reported_by = shared[reported_by] if type(reported_by) is str and reported_by in shared else self.share(reported_by)
            if report is not None:
                report = shared[report] if type(report) is str and report in shared else self.share(report)
            append(
                new_claim(
                    claim_id, date, source, status, ids, holder, quote, reported_by, report, url, covers_all, refs, line,
                    party, hedged, time, after, undated, places, place_refs,
                )
            )  # fmt: skip

    def order(self, time: Any, after: Any, undated: Any) -> tuple[int | None, tuple[str, ...], bool]:
        """(minutes, after ids, undated) as _claim reads them; Unsure at any doubt (``after`` is cross-checked at the end)."""
        if undated is not None and type(undated) is not bool:
            raise Unsure
        minutes = None
        if time is not None:
            text = _text(time)
            match = _CLOCK.match(text or "")
            if text in DAY_PARTS:
                minutes = DAY_PARTS[text]
            elif match:
                minutes = int(match[1]) * 60 + int(match[2])
            else:
                raise Unsure
        ids: tuple[str, ...] = ()
        if after is not None:
            items = after if type(after) is list else [after]
            ids = tuple(dict.fromkeys(_text(i) or "" for i in items))
            if "" in ids:
                raise Unsure
            self.ordered = True
        return minutes, ids, bool(undated)

    def qualifiers(self, status: str, party: Any, certainty: Any) -> tuple[str | None, bool]:
        """(party, hedged) of a claim with the evidence fields, as _claim reads them; Unsure at any doubt."""
        if status in PARTY_STATUSES:
            if party is None:
                raise Unsure
            party = self.known(party, self.holders)
        elif party is not None:
            raise Unsure
        if certainty is None:
            return party, False
        value = self.known(certainty, self.certainties)
        if status not in ASSERTIONS:
            raise Unsure
        return party, value == "hedged"

    def known(self, value: Any, allowed: dict[str, str]) -> str:
        """The id ``value`` names (after stripping, like Checker.text); Unsure when none."""
        text = _text(value)
        if text is None or text not in allowed:
            raise Unsure
        allowed[value] = allowed[text]
        return allowed[text]

    def share(self, value: Any) -> str | None:
        """Text that repeats across claims (who reported it, which report), stored once."""
        text = self.shared[value] = _text(value)  # _text raises Unsure for anything but text
        return text

    def date(self, value: Any) -> dt.date:
        if type(value) is dt.date:
            found = value
        elif type(value) is str:  # quoted: a plain date is a date to both parsers
            text = value.strip()
            if not _DATE_TEXT.fullmatch(text):
                raise Unsure
            try:
                found = dt.date.fromisoformat(text)
            except ValueError:
                raise Unsure from None
        else:
            raise Unsure
        self.dates[value] = found
        return found

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
        ids = self.all_ids if covers_all else tuple(dict.fromkeys(named))
        ids = self.id_tuples.setdefault(ids, ids)
        found = (refs, ids, covers_all)
        key = tuple(items) if isinstance(raw, list) else raw
        self.refs[refs if key == refs else key] = found
        return found

    def places(self, raw: Any) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        """(spellings as written, place ids, districts reached through district centres) of ``places``, remembered."""
        items = raw if isinstance(raw, list) else [raw]
        key = tuple(items) if isinstance(raw, list) else (raw,)
        found = self.place_refs.get(key) if all(type(i) is str for i in items) else None
        if found is not None:
            return found
        if not items:
            raise Unsure
        refs, ids = [], []
        for item in items:
            if type(item) is not str or _pyyaml_would_not_read_as_text(item):
                raise Unsure
            place = self.gazetteer.lookup_place(item.strip())
            if place is None:
                raise Unsure
            refs.append(item.strip())
            ids.append(place.id)
        unique = tuple(dict.fromkeys(ids))
        found = self.place_refs[key] = (tuple(refs), unique, districts_through(unique, self.gazetteer))
        return found

    def spell(self, item: Any) -> tuple[str, str | None]:
        """(the spelling, stripped; the district id it names, None for ``all``), remembered."""
        if type(item) is str and item in self.spelling:
            return self.spelling[item]
        if type(item) is not str or _pyyaml_would_not_read_as_text(item):
            raise Unsure
        ref = item.strip()
        if normalize_name(ref) == "all":
            found = (ref, None)
        else:
            district = self.gazetteer.lookup(ref)
            if district is None:
                raise Unsure
            found = (ref, district.id)
        self.spelling[item] = found
        return found
