"""The two data files as one declarative model: their JSON Schemas and the validator's field names.

Every entry of ``districts.yaml`` and ``claims.yaml`` (the files themselves, a district, a
place, a claim, …) is a small table of :class:`Field` rows (name, the JSON values the
validator accepts, required or not, one line saying what it is) plus a few conditional
:class:`Rule` rows (``held`` needs a ``holder``, a district centre needs its ``district``, …).
From it come

* :func:`schema`, the JSON Schema (draft 2020-12) of each file, which editors read through
  the ``# yaml-language-server: $schema=…`` first line; ``python -m yamldata.schema``
  writes ``schemas/*.schema.json``, and a test fails when a committed file differs;
* the field names :mod:`yamldata.validate` allows (``DISTRICT_FIELDS``, ``CLAIM_FIELDS``, …)
  and its patterns and limits (``SLUG``, ``COLOR``, ``MAX_QUOTE``, …), so each exists once.

Enums come from :mod:`core.model`. A schema says only what a schema can: the validator has
the final word, and alone checks what needs the other file or the whole list (known names
and ids, duplicates, two names for one spelling, real calendar days, YAML 1.1 booleans).
"""

from __future__ import annotations

import copy
import json
import re
import sys
from pathlib import Path
from typing import Any, NamedTuple

from core.model import ASSERTIONS, CERTAINTIES, DAY_PARTS, PARTY_STATUSES, PLACE_KINDS, RELIABILITY_GRADES, RELIABILITY_LABELS, STATUSES
from core.places import SPEAKS_FOR_DISTRICT

Json = dict[str, Any]

# ---- patterns and limits (the validator uses the same) -------------------------------

SLUG = re.compile(r"^[a-z0-9_-]+$")
COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")
#: A claim's day: YYYY-MM-DD (whether it is a real calendar day only the validator knows).
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
#: A claim's clock time, "HH:MM" (24-hour); a part of the day (DAY_PARTS) will do too.
CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
RESERVED_SIDES = {"independent", "consensus", "all"}
MAX_QUOTE = 2000
#: The fields of a point (a district's ``seat``, a place's ``point``) and how far each may go, in degrees.
POINT_LIMITS = {"lat": 90, "lon": 180}
#: Statuses that say something about control: they need districts (or places) and a quote.
CONTROL_STATUSES = tuple(s for s in STATUSES if s != "statement")

# ---- the kinds of values -------------------------------------------------------------


def ref(name: str) -> Json:
    return {"$ref": f"#/$defs/{name}"}


def nullable(*kinds: Json) -> Json:
    """Absent, null or one of ``kinds`` (the validator treats null as absent)."""
    return {"anyOf": [{"type": "null"}, *kinds]}


def _given(kind: str, **keywords: Any) -> Json:
    return {"type": kind, **{key: value for key, value in keywords.items() if value is not None}}


def string(pattern: str | None = None, *, max_length: int | None = None, date: bool = False) -> Json:
    return _given("string", pattern=pattern, maxLength=max_length, format="date" if date else None)


def number(minimum: float | None = None, maximum: float | None = None) -> Json:
    return _given("number", minimum=minimum, maximum=maximum)


def integer(minimum: int | None = None) -> Json:
    return _given("integer", minimum=minimum)


def array(items: Json, min_items: int | None = None) -> Json:
    return {"type": "array", **({"minItems": min_items} if min_items is not None else {}), "items": items}


def enum(values) -> Json:
    return {"enum": list(values)}


def _words(values) -> str:
    """``a, b and c``, for descriptions."""
    *rest, last = values
    return f"{', '.join(rest)} and {last}" if rest else last


NONBLANK = string(r"\S")
#: A spelling in a list (aliases, a claim's districts or places): text, or a number read as text.
SPELLING = {"anyOf": [NONBLANK, integer()]}
TEXT = ref("optionalText")
REQUIRED_TEXT = ref("requiredText")
ID = ref("id")
WEB_URL = ref("webUrl")
BOOLEAN = {"type": "boolean"}
ALL = string(r"^\s*[Aa][Ll][Ll]\s*$")  # the word all (the validator compares normalize_name(…) == "all")
TIME = string(rf"^\s*(?:{CLOCK.pattern[1:-1]}|{'|'.join(DAY_PARTS)})\s*$")

#: Kinds shared by several fields, each written once under ``$defs``.
SHARED: dict[str, Json] = {
    "optionalText": {
        "description": "Text (a number is read as text); empty or null means absent.",
        "type": ["string", "number", "null"],
    },
    "requiredText": {"description": "Non-empty text (a number is read as text).", "anyOf": [NONBLANK, number()]},
    "id": {
        "description": "Lower-case letters, digits, '_' and '-' only; unique in its list.",
        "anyOf": [string(SLUG.pattern), integer(minimum=0)],
    },
    "webUrl": {
        "description": "An absolute http:// or https:// address without spaces.",
        "anyOf": [{"type": "null"}, string(r"^https?://[^\s/?#]+\S*$")],  # validate.is_web_url, as far as a pattern can
    },
}

# ---- the model -------------------------------------------------------------------------


class Field(NamedTuple):
    """One field of an entry: its name, the values it takes, what it is, whether it must be given."""

    name: str
    kind: Json
    description: str
    required: bool = False

    def json(self) -> Json:
        return {"description": self.description, **self.kind}


class Rule(NamedTuple):
    """When ``field`` is one of ``values``: each of ``require_text`` is given (non-empty text) and at
    least one of ``require_any`` is (not null); otherwise each of ``otherwise_absent`` is absent or null."""

    field: str
    values: tuple[str, ...]
    require_text: tuple[str, ...] = ()
    require_any: tuple[str, ...] = ()
    otherwise_absent: tuple[str, ...] = ()

    def json(self) -> Json:
        test = {"const": self.values[0]} if len(self.values) == 1 else enum(self.values)
        found: Json = {"if": {"required": [self.field], "properties": {self.field: test}}}
        then: Json = {}
        if self.require_text:
            then["required"] = list(self.require_text)
            then["properties"] = {name: REQUIRED_TEXT for name in self.require_text}
        if self.require_any:
            then["anyOf"] = [{"required": [name], "properties": {name: {"not": {"type": "null"}}}} for name in self.require_any]
        if then:
            found["then"] = then
        if self.otherwise_absent:
            found["else"] = {"properties": {name: {"type": "null"} for name in self.otherwise_absent}}
        return found


class Asks(NamedTuple):
    """What an entry's rules ask of its other fields once one field has a given value (:meth:`Entry.asks`)."""

    text: frozenset[str]  # given, as non-empty text
    absent: frozenset[str]  # absent or null
    any_of: tuple[tuple[str, ...], ...]  # at least one field of each group given


class Entry(NamedTuple):
    """A mapping of the files: its ``$defs`` name, what it is, its fields and rules; no other field is allowed."""

    name: str
    description: str
    fields: tuple[Field, ...]
    rules: tuple[Rule, ...] = ()

    @property
    def names(self) -> set[str]:
        return {f.name for f in self.fields}

    def asks(self, field: str, value: str) -> Asks:
        """The :class:`Rule` rows on ``field``, read for ``value``: the one reading of the rules
        besides the JSON Schema's ``if``/``then``/``else`` (the validator's messages follow it)."""
        rules = [rule for rule in self.rules if rule.field == field]
        return Asks(
            frozenset(name for rule in rules if value in rule.values for name in rule.require_text),
            frozenset(name for rule in rules if value not in rule.values for name in rule.otherwise_absent),
            tuple(rule.require_any for rule in rules if value in rule.values and rule.require_any),
        )

    def json(self) -> Json:
        found: Json = {"description": self.description, "type": "object", "additionalProperties": False}
        required = [f.name for f in self.fields if f.required]
        if required:
            found["required"] = required
        found["properties"] = {f.name: f.json() for f in self.fields}
        if self.rules:
            found["allOf"] = [rule.json() for rule in self.rules]
        return found


ALIASES = Field(
    "aliases",
    nullable(array(SPELLING)),
    "Other spellings; matched ignoring case, spaces, hyphens, apostrophes and accents.",
)

POINT = Entry(
    "point",
    "A point in degrees (WGS 84).",
    tuple(
        Field(key, number(minimum=-limit, maximum=limit), f"{label}, -{limit} to {limit}.", required=True)
        for (key, limit), label in zip(POINT_LIMITS.items(), ("Latitude", "Longitude"), strict=True)
    ),
)

DISTRICT = Entry(
    "district",
    "A district; a claim may name it by its id, its name or any alias.",
    (
        Field("id", ID, "The district's id.", required=True),
        Field("name", REQUIRED_TEXT, "Its name as the map shows it.", required=True),
        Field("name_local", TEXT, "The name in the local script."),
        Field(
            "code",
            TEXT,
            "Its feature's identifier in the boundary file (the code_field column, e.g. shapeID): "
            "how a district whose name the file repeats finds its own feature.",
        ),
        Field("seat", nullable(ref("point")), "Approximate district centre; only places the schematic fallback shapes."),
        ALIASES,
    ),
)

PLACE = Entry(
    "place",
    "A named point the reports speak of (a pass, a village, a district centre, …).",
    (
        Field("id", ID, "The place's id; differs from every district id.", required=True),
        Field("name", REQUIRED_TEXT, "Its name as the map shows it.", required=True),
        Field("kind", enum(PLACE_KINDS), "What the place is; only a district centre's claims count for its district.", required=True),
        Field("point", ref("point"), "Where it is; a comment should say where the coordinates come from.", required=True),
        Field("district", TEXT, "The district it lies in (id, name or alias); required for a district centre."),
        Field("approximate", BOOLEAN, "true when the point is only roughly known; the map says so."),
        ALIASES,
    ),
    (Rule("kind", tuple(k for k in PLACE_KINDS if k in SPEAKS_FOR_DISTRICT), require_text=("district",)),),
)

BOUNDARIES = Entry(
    "boundaries",
    "Where real district shapes can be had when no --boundaries file is given.",
    (
        Field("file", TEXT, "A boundary file any GDAL driver reads, in any CRS; a relative path is relative to this districts file."),
        Field("url", WEB_URL, "Where to download the boundaries from (when no file is given); the copy is cached."),
        Field("name_field", TEXT, "The file's column of district names, matched against each district's name and aliases."),
        Field(
            "code_field",
            TEXT,
            "The file's column of unique feature identifiers, matched against each district's code "
            "(how districts with a repeated name find their feature).",
        ),
        Field("expected_features", nullable(integer(minimum=1)), "How many features the downloaded file must have."),
        Field("attribution", TEXT, "Who made the boundaries and their licence, as the map and its exports credit them."),
        Field("attribution_url", WEB_URL, "The page the attribution links to."),
    ),
)

DISTRICTS_FILE = Entry(
    "districts",
    "Districts, places, their spellings and where real boundaries come from. Mirrors yamldata/validate.py "
    "(check_gazetteer) as far as a schema can; `python -m control validate` has the final word "
    "(unique ids, name clashes, known districts).",
    (
        Field("region", REQUIRED_TEXT, "The region the districts belong to, as the map's title and the browser tab say it.", required=True),
        Field("boundaries", nullable(ref("boundaries")), BOUNDARIES.description),
        Field(
            "districts",
            array(ref("district"), min_items=1),
            "Every district; ids must be unique and no two districts may share a spelling.",
            required=True,
        ),
        Field(
            "places",
            nullable(array(ref("place"))),
            "Named points the reports speak of; ids differ from every district id and no two places share a spelling.",
        ),
    ),
)

PARTY = Entry(
    "party",
    "A side whose control the map shows.",
    (
        Field(
            "id",
            {"allOf": [ID, {"not": enum(sorted(RESERVED_SIDES))}]},
            f"A party id; {_words(sorted(RESERVED_SIDES))} are reserved view names.",
            required=True,
        ),
        Field("name", REQUIRED_TEXT, "Its name as the legend shows it.", required=True),
        Field("color", string(COLOR.pattern), 'A hex colour like "#1b7837", told apart from the other parties\' colours.', required=True),
    ),
)

_GRADES = ", ".join(f"{grade} {RELIABILITY_LABELS[grade]}" for grade in RELIABILITY_GRADES)
SOURCE = Entry(
    "source",
    "Who speaks: a party's spokesman, a news agency, a witness, …",
    (
        Field("id", ID, "The source's id, named by its claims.", required=True),
        Field("name", REQUIRED_TEXT, "Who it is.", required=True),
        Field("role", TEXT, "What it is, e.g. news agency."),
        Field("party", TEXT, "The party id this source speaks for; none means independent."),
        Field("url", WEB_URL, "Where to read about the source."),
        Field("reliability", nullable(enum(RELIABILITY_GRADES)), f"Admiralty (NATO) source-reliability grade: {_GRADES} (the default)."),
    ),
)

CLAIM = Entry(
    "claim",
    "One statement of one source on one day about districts or places.",
    (
        Field("id", ID, "The claim's id.", required=True),
        Field("date", string(f"^{DATE.pattern}$", date=True), "The day of the claim, YYYY-MM-DD (no time).", required=True),
        Field("source", REQUIRED_TEXT, "A source id from `sources`.", required=True),
        Field(
            "districts",
            nullable(ALL, array(SPELLING, min_items=1)),
            "District names, ids or aliases, or the word all; every status but statement needs districts or places.",
        ),
        Field(
            "places",
            nullable(array(SPELLING, min_items=1)),
            "Place names, ids or aliases (the districts file's places:); a district centre's claims count for its district.",
        ),
        Field(
            "status",
            enum(STATUSES),
            "held: holder controls the districts; contested: fighting or both sides present; "
            "present: forces of party are there (presence, not control); denied: rejects party's claim of control; "
            "unverified: could not verify party's claim; statement: says nothing about control.",
            required=True,
        ),
        Field("holder", TEXT, "The party id holding the districts; only with status held."),
        Field(
            "quote",
            nullable(number(), string(max_length=MAX_QUOTE)),
            f"The speaker's words (at most {MAX_QUOTE} characters); required for every status but statement.",
        ),
        Field("reported_by", TEXT, "Who reported the claim, e.g. a news agency."),
        Field("report", TEXT, "The report it comes from, e.g. a headline."),
        Field("url", WEB_URL, "Where the report can be read."),
        Field(
            "party",
            TEXT,
            f"With {_words(PARTY_STATUSES)} only: the party whose forces are present, "
            "whose claim is denied, or whose claim could not be verified.",
        ),
        Field(
            "certainty",
            nullable(enum(CERTAINTIES)),
            f'How firmly the speaker asserts it ({_words(ASSERTIONS)}): firm (default) or hedged ("it appears", "reportedly", "possibly").',
        ),
        Field("time", nullable(TIME), f'The time of day the report gives: "HH:MM" (quoted) or {_words(DAY_PARTS)}.'),
        Field("after", nullable(NONBLANK, array(NONBLANK)), "Claim ids of the same date this claim came after."),
        Field("undated", nullable(BOOLEAN), "true when the report gives no day: date is an inference, explained in a comment."),
    ),
    (
        Rule("status", ("held",), require_text=("holder",), otherwise_absent=("holder",)),
        Rule("status", PARTY_STATUSES, require_text=("party",), otherwise_absent=("party",)),
        Rule("status", CONTROL_STATUSES, require_text=("quote",), require_any=("districts", "places")),
        Rule("status", ASSERTIONS, otherwise_absent=("certainty",)),
    ),
)

ACLED_ACTOR = Entry(
    "acledActor",
    "A rule: an event whose actor1 contains match (ignoring case) is the party's.",
    (
        Field("match", REQUIRED_TEXT, "Text to find in ACLED's actor1 column.", required=True),
        Field("party", REQUIRED_TEXT, "A party id from `parties`.", required=True),
    ),
)

ACLED = Entry(
    "acled",
    "How `python -m control import-acled` maps an ACLED export (docs/tools.md).",
    (
        Field(
            "actors", array(ref("acledActor")), "Which party an event's actor1 belongs to: the first rule that matches wins.", required=True
        ),
        Field(
            "source_prefix",
            nullable(string(SLUG.pattern), integer(minimum=0)),
            "ACLED's source column values become independent sources <source_prefix>-<slug> (default acled).",
        ),
    ),
)

SETTINGS = Entry(
    "settings",
    "File-wide settings; every one is off when absent.",
    (
        Field(
            "stale_after_days",
            nullable(integer(minimum=1)),
            "Draw a district faded, saying how old its deciding claim is, "
            "once that claim is more than this many days older than the day shown.",
        ),
    ),
)

CLAIMS_FILE = Entry(
    "claims",
    "Parties, sources, claims and the ACLED import mapping. Mirrors yamldata/validate.py (check_claims) "
    "as far as a schema can; `python -m control validate` has the final word (known districts, places, "
    "sources and parties, unique ids, real calendar dates).",
    (
        Field("parties", array(ref("party")), "The sides; their ids are what holder and party name.", required=True),
        Field("sources", array(ref("source")), "Who speaks; their ids are what a claim's source names.", required=True),
        Field("claims", array(ref("claim")), "Who said what, when, about which districts or places.", required=True),
        Field("acled", nullable(ref("acled")), ACLED.description),
        Field("settings", nullable(ref("settings")), SETTINGS.description),
    ),
)

ENTRIES = (POINT, DISTRICT, PLACE, BOUNDARIES, PARTY, SOURCE, CLAIM, ACLED_ACTOR, ACLED, SETTINGS)
#: Each file's title and top-level entry.
FILES = {
    "districts": ("districts.yaml — the gazetteer", DISTRICTS_FILE),
    "claims": ("claims.yaml — who said what, when, about which district", CLAIMS_FILE),
}

# The field names the validator allows, one set per entry.
GAZETTEER_FIELDS = DISTRICTS_FILE.names
DISTRICT_FIELDS = DISTRICT.names
PLACE_FIELDS = PLACE.names
POINT_FIELDS = POINT.names
BOUNDARY_FIELDS = BOUNDARIES.names
CLAIMS_FIELDS = CLAIMS_FILE.names
PARTY_FIELDS = PARTY.names
SOURCE_FIELDS = SOURCE.names
CLAIM_FIELDS = CLAIM.names
ACLED_FIELDS = ACLED.names
ACLED_ACTOR_FIELDS = ACLED_ACTOR.names
SETTINGS_FIELDS = SETTINGS.names

# ---- the JSON Schemas -------------------------------------------------------------------

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"


def schema(name: str) -> Json:
    """The JSON Schema (draft 2020-12) of ``districts`` or ``claims``, with the ``$defs`` it uses."""
    title, entry = FILES[name]
    document: Json = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title, **entry.json()}
    defs = {**SHARED, **{e.name: e.json() for e in ENTRIES}}
    used: set[str] = set()
    pending = [document]
    while pending:
        for target in _refs(pending.pop()):
            if target not in used:
                used.add(target)
                pending.append(defs[target])
    document["$defs"] = {key: value for key, value in defs.items() if key in used}
    return copy.deepcopy(document)  # the kinds are shared: a caller may change its copy


def _refs(node: Any):
    if isinstance(node, dict):
        if "$ref" in node:
            yield node["$ref"].removeprefix("#/$defs/")
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def render(name: str) -> str:
    """``schemas/<name>.schema.json`` as it must be committed: indented JSON, a newline at the end."""
    return json.dumps(schema(name), indent=2, ensure_ascii=False) + "\n"


def write(directory: Path = SCHEMAS) -> list[Path]:
    """Write the schema files that differ from the model; the paths written."""
    paths = []
    for name in FILES:
        path, text = directory / f"{name}.schema.json", render(name)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            paths.append(path)
    return paths


if __name__ == "__main__":  # python -m yamldata.schema
    written = write()
    print("\n".join(f"wrote {path}" for path in written) or "schemas/ is up to date", file=sys.stderr)
