"""The data model: districts, parties, sources and claims, as loaded and validated.

Everything here is immutable; the loader (:mod:`yamldata.loader`) is the only way in,
so any object of these types has passed validation.
"""

from __future__ import annotations

import datetime as dt
from abc import abstractmethod
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from core.names import normalize_name

STATUSES = ("held", "contested", "present", "denied", "unverified", "statement")
#: Statuses that name a ``party`` (whose forces are present, whose claim is denied or
#: could not be verified); ``held`` names a ``holder`` instead.
PARTY_STATUSES = ("present", "denied", "unverified")
#: Statuses a ``certainty`` applies to.
ASSERTIONS = ("held", "contested", "present")
CERTAINTIES = ("firm", "hedged")
#: Admiralty (NATO) source-reliability grades, best first; F = reliability cannot be judged.
RELIABILITY_GRADES = ("A", "B", "C", "D", "E", "F")
RELIABILITY_LABELS = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}
#: Parts of the day a report may give instead of a clock time, as minutes after midnight.
DAY_PARTS = {"morning": 9 * 60, "afternoon": 15 * 60, "evening": 19 * 60, "night": 22 * 60}
INDEPENDENT = "independent"
#: What a place is (docs/data.md, "Places"); only a district centre speaks for its district.
PLACE_KINDS = ("pass", "area", "village", "town", "district_centre", "compound", "base")

T = TypeVar("T")


def fast_constructor(cls: type[T]) -> Callable[..., T]:
    """A positional constructor for a frozen slots dataclass, equal to ``cls(...)`` and 1.5–2× faster.

    A frozen dataclass's ``__init__`` sets every field through ``object.__setattr__``;
    loading a million claims and building their timeline makes millions of these
    objects, so the hot loops set the slots directly instead. Every field must be
    passed, in order; classes with ``__post_init__`` are refused (it would be skipped).
    """
    if "__slots__" not in cls.__dict__ or hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__} must be a slots dataclass without __post_init__")
    names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
    namespace: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    slots = {name: next(k.__dict__[name] for k in cls.__mro__ if name in k.__dict__) for name in names}  # a base's slots too
    namespace.update({f"_set_{name}": slot.__set__ for name, slot in slots.items()})
    body = "".join(f"    _set_{name}(obj, {name})\n" for name in names)
    function = f"new_{cls.__name__.lower()}"
    exec(f"def {function}({', '.join(names)}):\n    obj = _new(_cls)\n{body}    return obj\n", namespace)
    make = namespace[function]
    make.__doc__ = f"``{cls.__name__}({', '.join(names)})``, without the per-field object.__setattr__."
    return make


@dataclass(frozen=True, slots=True)
class Seat:
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class District:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    name_local: str | None = None
    code: str | None = None
    seat: Seat | None = None
    line: int = 0

    @property
    def spellings(self) -> tuple[str, ...]:
        """Every way this district may be referred to: id, name, code and aliases."""
        extra = (self.code,) if self.code else ()
        return (self.name, self.id, *extra, *self.aliases)


@dataclass(frozen=True, slots=True)
class Place:
    """A named point the reports speak of (a pass, a village, a district centre, a compound).

    ``district`` is the district the file gives (required for a district centre, whose
    claims count for its district); ``None`` when the file leaves it to the boundaries
    (``geo.places`` finds it by point-in-polygon, for display only).
    """

    id: str
    name: str
    kind: str
    point: Seat
    district: str | None = None
    aliases: tuple[str, ...] = ()
    approximate: bool = False  # the file says the point is only roughly known
    line: int = 0

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.name, self.id, *self.aliases)


@dataclass(frozen=True, slots=True)
class BoundarySettings:
    """Where the gazetteer says real shapes can be had (see ``geo.sources``).

    ``file`` is as the districts file writes it: relative to that file unless absolute
    (:attr:`Gazetteer.boundary_file` resolves it, the one place that does).
    """

    file: Path | None = None
    url: str | None = None
    name_field: str | None = None
    code_field: str | None = None
    expected_features: int | None = None
    attribution: str | None = None
    attribution_url: str | None = None


@dataclass(frozen=True)
class Gazetteer:
    region: str
    districts: tuple[District, ...]
    boundaries: BoundarySettings = field(default_factory=BoundarySettings)
    path: Path | None = None
    places: tuple[Place, ...] = ()

    def __post_init__(self) -> None:
        index: dict[str, District] = {}
        for district in self.districts:
            for spelling in district.spellings:
                index.setdefault(normalize_name(spelling), district)
        place_index: dict[str, Place] = {}
        for place in self.places:
            for spelling in place.spellings:
                place_index.setdefault(normalize_name(spelling), place)
        object.__setattr__(self, "_index", index)
        object.__setattr__(self, "_place_index", place_index)
        object.__setattr__(self, "_places_by_id", {p.id: p for p in self.places})

    @property
    def boundary_file(self) -> Path | None:
        """``boundaries.file`` as a path to open: relative to the districts file (not to the
        working directory) unless absolute. The one resolution the CLI, the app and the
        exports share."""
        file = self.boundaries.file
        if file is None:
            return None
        file = Path(file).expanduser()
        if file.is_absolute() or self.path is None:
            return file
        return Path(self.path).parent / file

    def lookup(self, reference: str) -> District | None:
        """The district that ``reference`` names (id, name, code or alias), or None."""
        return self._index.get(normalize_name(reference))  # type: ignore[attr-defined]

    def lookup_place(self, reference: str) -> Place | None:
        """The place that ``reference`` names (id, name or alias), or None."""
        return self._place_index.get(normalize_name(reference))  # type: ignore[attr-defined]

    def place(self, place_id: str) -> Place:
        return self._places_by_id[place_id]  # type: ignore[attr-defined]

    def is_place(self, unit_id: str) -> bool:
        return unit_id in self._places_by_id  # type: ignore[attr-defined]

    @property
    def place_ids(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.places)

    @property
    def unit_ids(self) -> tuple[str, ...]:
        """Every district and place id: the things the rules give a state (ids never clash)."""
        return self.ids + self.place_ids

    @property
    def all_place_spellings(self) -> list[str]:
        return [s for p in self.places for s in p.spellings]

    def by_id(self, district_id: str) -> District:
        for district in self.districts:
            if district.id == district_id:
                return district
        raise KeyError(district_id)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(d.id for d in self.districts)

    @property
    def all_spellings(self) -> list[str]:
        return [s for d in self.districts for s in d.spellings]


@dataclass(frozen=True, slots=True)
class Party:
    id: str
    name: str
    color: str
    line: int = 0


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    name: str
    role: str | None = None
    party: str | None = None
    url: str | None = None
    line: int = 0
    reliability: str = "F"

    @property
    def side(self) -> str:
        """The class the rules group this source in: its party id, or ``independent``."""
        return self.party or INDEPENDENT


@dataclass(frozen=True, slots=True)
class Claim:
    id: str
    date: dt.date
    source: str
    status: str
    districts: tuple[str, ...] = ()  # district ids, resolved from the spellings in the file
    holder: str | None = None
    quote: str | None = None
    reported_by: str | None = None
    report: str | None = None
    url: str | None = None
    covers_all: bool = False
    district_refs: tuple[str, ...] = ()  # the spellings as written
    line: int = 0
    party: str | None = None  # with present / denied / unverified: the party concerned
    hedged: bool = False  # certainty: hedged ("it appears", "reportedly", "possibly")
    time: int | None = None  # minutes after midnight, when the report gives a time of day
    after: tuple[str, ...] = ()  # ids of same-day claims this one came after
    undated: bool = False  # the report gives no day: ``date`` is inferred
    places: tuple[str, ...] = ()  # place ids, resolved from the spellings in the file
    place_refs: tuple[str, ...] = ()  # the spellings as written

    @property
    def ordered(self) -> bool:
        """True when the report places this claim within its day (a time, or after another claim)."""
        return self.time is not None or bool(self.after)


class IndexedClaims(Sequence[Claim]):
    """Claims that answer the app's questions without being built one by one (see :mod:`yamldata.store`).

    A million :class:`Claim` objects take seconds to build; a page needs the claims of
    one day, of one district, or a count. A :class:`Dataset` whose ``claims`` are one
    of these asks them; a plain tuple is scanned once and indexed instead.
    """

    @property
    @abstractmethod
    def by_id(self) -> Mapping[str, Claim]: ...

    @property
    @abstractmethod
    def dates(self) -> list[dt.date]: ...

    @property
    @abstractmethod
    def uses_evidence(self) -> bool: ...

    @abstractmethod
    def on_day(self, day: dt.date) -> list[Claim]: ...

    @abstractmethod
    def about(self, unit_id: str) -> list[Claim]: ...

    @abstractmethod
    def day_counts(self) -> dict[dt.date, int]: ...

    @abstractmethod
    def report_counts(self) -> dict[tuple[str | None, str | None], int]: ...


class ScannedClaims(IndexedClaims):
    """Parsed claims (a tuple), indexed by one scan on first use of each question."""

    def __init__(self, claims: tuple[Claim, ...]):
        self._claims = claims

    def __len__(self) -> int:
        return len(self._claims)

    def __getitem__(self, index):
        return self._claims[index]

    def __iter__(self) -> Iterator[Claim]:
        return iter(self._claims)

    @cached_property
    def by_id(self) -> Mapping[str, Claim]:
        return {c.id: c for c in self._claims}

    @cached_property
    def dates(self) -> list[dt.date]:
        return sorted({c.date for c in self._claims})

    @cached_property
    def uses_evidence(self) -> bool:
        return any(c.party is not None or c.hedged or c.time is not None or c.after for c in self._claims)

    @cached_property
    def _by_day(self) -> dict[dt.date, list[Claim]]:
        by_day: dict[dt.date, list[Claim]] = defaultdict(list)
        for claim in self._claims:
            by_day[claim.date].append(claim)
        return dict(by_day)

    @cached_property
    def _by_district(self) -> dict[str, list[Claim]]:
        by_district: dict[str, list[Claim]] = defaultdict(list)
        for claim in self._claims:
            for unit_id in dict.fromkeys(claim.districts + claim.places if claim.places else claim.districts):
                by_district[unit_id].append(claim)
        return dict(by_district)

    def on_day(self, day: dt.date) -> list[Claim]:
        return list(self._by_day.get(day, ()))

    def about(self, unit_id: str) -> list[Claim]:
        return list(self._by_district.get(unit_id, ()))

    def day_counts(self) -> dict[dt.date, int]:
        return {day: len(claims) for day, claims in self._by_day.items()}

    def report_counts(self) -> dict[tuple[str | None, str | None], int]:
        return dict(Counter((c.reported_by, c.report) for c in self._claims))


@dataclass(frozen=True, slots=True)
class Settings:
    """File-wide settings of ``claims.yaml`` (``settings:``); every one is off by default."""

    stale_after_days: int | None = None
    line: int = 0


@dataclass(frozen=True)
class Dataset:
    """A validated gazetteer plus claims: the single input of the rules and exports."""

    gazetteer: Gazetteer
    parties: tuple[Party, ...]
    sources: tuple[Source, ...]
    claims: Sequence[Claim]  # a tuple, or IndexedClaims read from the store
    claims_path: Path | None = None
    acled: dict | None = None
    settings: Settings = field(default_factory=Settings)

    def party(self, party_id: str) -> Party:
        for party in self.parties:
            if party.id == party_id:
                return party
        raise KeyError(party_id)

    def source(self, source_id: str) -> Source:
        return self._sources[source_id]  # type: ignore[attr-defined]

    @cached_property
    def index(self) -> IndexedClaims:
        """The claims as :class:`IndexedClaims`: themselves when read from the store, else scanned once."""
        return self.claims if isinstance(self.claims, IndexedClaims) else ScannedClaims(tuple(self.claims))

    @cached_property
    def claims_by_id(self) -> Mapping[str, Claim]:
        """Claims by id, built once: explanations look claims up on every rerun."""
        return self.index.by_id

    def claim(self, claim_id: str) -> Claim:
        return self.claims_by_id[claim_id]

    @cached_property
    def uses_evidence(self) -> bool:
        """True when some claim is hedged, reports presence, a denial or "could not verify", or is ordered in its day.

        Files without those fields take the rules' fast path, unchanged.
        """
        return self.index.uses_evidence

    def __post_init__(self) -> None:
        object.__setattr__(self, "_sources", {s.id: s for s in self.sources})

    @cached_property
    def dates(self) -> list[dt.date]:
        """Every date on which a claim was made, sorted."""
        return list(self.index.dates)

    def claims_on(self, day: dt.date) -> list[Claim]:
        """The claims made on ``day``, in file order (a lookup, not a scan, after the first call)."""
        return self.index.on_day(day)

    def claims_about(self, unit_id: str) -> list[Claim]:
        """The claims that bear on a district (naming it, all districts, or its district centre) or name a place, in file order."""
        return self.index.about(unit_id)

    def claim_counts(self) -> dict[dt.date, int]:
        """How many claims were made on each day that has any."""
        return self.index.day_counts()

    def report_counts(self) -> dict[tuple[str | None, str | None], int]:
        """How many claims each (reported_by, report) pair carries."""
        return self.index.report_counts()

    def side_of(self, claim: Claim) -> str:
        return self.source(claim.source).side

    def graded(self, minimum: str | None) -> Dataset:
        """The dataset with only the claims of sources graded ``minimum`` or better (A best).

        ``None`` or ``"F"`` keeps everything (F means "cannot be judged", so it is no
        minimum at all); any other grade drops the ungraded (F) sources too.
        """
        if minimum is None or minimum == "F":
            return self
        if minimum not in RELIABILITY_GRADES:
            raise ValueError(f"unknown reliability grade '{minimum}' (use one of: {', '.join(RELIABILITY_GRADES)})")
        cutoff = RELIABILITY_GRADES.index(minimum)
        kept = {s.id for s in self.sources if RELIABILITY_GRADES.index(s.reliability) <= cutoff}
        claims = tuple(c for c in self.claims if c.source in kept)
        return Dataset(self.gazetteer, self.parties, self.sources, claims, self.claims_path, self.acled, self.settings)
