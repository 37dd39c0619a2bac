"""The rules that turn dated claims into a state for every district on every date.

Pure functions over a :class:`~core.model.Dataset`. The timeline is computed once,
in one pass over the claims grouped by (district, class, date): states can only change
on a date some class spoke, so only those change points are stored and a lookup for
any day is a binary search. See README, "The rules of control".

Vocabulary: a *class* (or *side*) is ``independent`` (sources with no party) or a
party id. A class's *word* on a district at a date is what its newest claims about
that district say: ``held`` by one party, or ``contested``. With the evidence fields
(README, "How sure: hedges, presence, denials"), a word may also be hedged, report
presence (``present``), a denial (``denied``) or that a claim could not be verified
(``unverified``): a :class:`QualifiedWord`. Such words never confirm; the consensus
weighs them in :func:`consensus`, and files without them take the inlined fast path.
"""

from __future__ import annotations

import bisect
import datetime as dt
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from itertools import groupby
from operator import attrgetter

from core.gcpause import paused_gc
from core.model import INDEPENDENT, Claim, Dataset, fast_constructor

CONSENSUS = "consensus"
CONSENSUS_STATUSES = ("confirmed", "corroborated", "claimed", "contested", "disputed", "unknown")
SIDE_STATUSES = ("held", "hedged", "present", "contested", "denied", "unverified", "unknown")


@dataclass(frozen=True, slots=True)
class Word:
    """What one class last said about one district: held by ``holder``, or contested."""

    side: str
    date: dt.date
    status: str  # held | contested (a contested word has no holder)
    holder: str | None
    claims: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class QualifiedWord(Word):
    """A word made with the evidence vocabulary: hedged, presence, a denial, unverified, or ordered in its day.

    ``status`` may also be ``present`` / ``denied`` / ``unverified``, and ``holder`` is
    then the party concerned (whose forces are present, whose claim is denied or could
    not be verified). ``notes`` are the side's other claims of that day, which did not
    make the word (a denial beside a claim to hold, a "could not verify").
    """

    hedged: bool = False
    notes: tuple[str, ...] = ()
    weak: bool = False  # made without a firm claim: hedged claims or reports of presence only
    since: dt.date | None = None  # a word carried past a later "could not verify": the day it was said


def is_firm(word: Word) -> bool:
    """A firm claim of control or of fighting: the only kind of independent word that confirms."""
    return word.status in ("held", "contested") and not getattr(word, "weak", False)


def is_weak(word: Word) -> bool:
    """A hedged claim, or a report of presence: corroborates, never confirms."""
    return word.status == "present" or (word.status in ("held", "contested") and getattr(word, "weak", False))


def said_on(word: Word) -> dt.date:
    """The day the word's claims were made (a word carried past a "could not verify" keeps it)."""
    return getattr(word, "since", None) or word.date


#: How firm a claim is, for the order within a day: a later claim supersedes an earlier
#: one of its class only when it is at least as firm (an outlet's "could not verify" at
#: night does not undo its own witnesses' morning account).
def _firmness(claim: Claim) -> int:
    if claim.status in ("held", "contested"):
        return 2 if claim.hedged else 3
    return {"present": 2, "denied": 1}.get(claim.status, 0)


@dataclass(frozen=True, slots=True)
class DistrictState:
    """A district's state on a date under a view, and the claims that decided it."""

    status: str
    holder: str | None = None
    claims: tuple[str, ...] = ()
    words: tuple[Word, ...] = ()  # every class's current word, for explanations


UNKNOWN = DistrictState("unknown")
_DATE = attrgetter("date")

# The hot loops build a Word or a DistrictState per change point (10^5–10^6 of them).
_word = fast_constructor(Word)
_state = fast_constructor(DistrictState)


def word_from_claims(side: str, date: dt.date, claims: list[Claim]) -> Word:
    """Same-day claims of one class: held by h if all say held by the same h, else contested."""
    if len(claims) == 1:  # the common case, without the set and the sort
        only = claims[0]
        if only.status == "held" and only.holder is not None:
            return _word(side, date, "held", only.holder, (only.id,))
        return _word(side, date, "contested", None, (only.id,))
    holders = {c.holder if c.status == "held" else None for c in claims}
    ids = tuple(sorted(c.id for c in claims))
    if len(holders) == 1 and None not in holders:
        return _word(side, date, "held", holders.pop(), ids)
    return _word(side, date, "contested", None, ids)


class Order:
    """Which claims of one day came after which: ``time`` and ``after`` (README, "How sure")."""

    def __init__(self, claims: Iterable[Claim]):
        self.time: dict[str, int] = {}
        self.after: dict[str, tuple[str, ...]] = {}
        for c in claims:
            if c.time is not None:
                self.time[c.id] = c.time
            if c.after:
                self.after[c.id] = c.after
        self._earlier: dict[str, frozenset[str]] = {}

    def earlier(self, claim_id: str) -> frozenset[str]:
        """Every claim ``claim_id`` came after, through chains of ``after`` (validated: no circles)."""
        found = self._earlier.get(claim_id)
        if found is None:
            found, todo = set(), list(self.after.get(claim_id, ()))
            while todo:
                other = todo.pop()
                if other not in found:
                    found.add(other)
                    todo.extend(self.after.get(other, ()))
            found = self._earlier[claim_id] = frozenset(found)
        return found

    def claim_later(self, a: str, b: str) -> bool:
        """Claim ``a`` came after claim ``b`` (both of one day): by ``after``, or by both times of day."""
        if b in self.earlier(a):
            return True
        ta, tb = self.time.get(a), self.time.get(b)
        return ta is not None and tb is not None and ta > tb

    def later(self, a: Iterable[str], b: Iterable[str]) -> bool:
        """Every claim of ``a`` came after every claim of ``b``; False when the reports do not say."""
        b = tuple(b)
        return all(self.claim_later(x, y) for x in a for y in b)


def order_of(dataset: Dataset) -> Order:
    """The order within each day of the dataset's claims (only claims with a ``time`` or ``after``)."""
    return Order(c for c in dataset.claims if c.ordered)


def _party_of(claim: Claim) -> str | None:
    return claim.holder if claim.status == "held" else claim.party


def qualified_word(side: str, date: dt.date, claims: list[Claim], order: Order | None = None) -> Word:
    """Same-day claims of one class, with the evidence fields; a plain :class:`Word` when none is used.

    1. Claims the report places before another claim of the class that day are superseded.
    2. Firm claims of control or fighting make the word, as in :func:`word_from_claims`;
       without them, hedged claims and reports of presence make a hedged word; without
       those, denials (or else "could not verify") make it. The other claims are notes.
    3. A denial of the very party the word names makes it contested.
    """
    if order is not None and len(claims) > 1 and any(c.ordered for c in claims):
        kept = [c for c in claims if not any(d is not c and _firmness(d) >= _firmness(c) and order.claim_later(d.id, c.id) for d in claims)]
        claims = kept or claims  # validated orders have no circles; never leave a day without a word
    firm = [c for c in claims if c.status in ("held", "contested") and not c.hedged]
    weak = [c for c in claims if c.status == "present" or (c.status in ("held", "contested") and c.hedged)]
    core = firm or weak
    hedged = not firm and any(c.hedged for c in weak)
    if core:
        parties = {_party_of(c) if c.status in ("held", "present") else None for c in core}
        holder = next(iter(parties)) if len(parties) == 1 else None
        denied = holder is not None and any(c.status == "denied" and c.party == holder for c in claims)
        if holder is None or denied:
            status, holder = "contested", None
        elif all(c.status == "present" for c in core):
            status = "present"
        else:
            status = "held"
    else:
        kind = "denied" if any(c.status == "denied" for c in claims) else "unverified"
        core = [c for c in claims if c.status == kind]
        parties = {c.party for c in core}
        status, holder = kind, (next(iter(parties)) if len(parties) == 1 else None)
    ids = tuple(sorted(c.id for c in core))
    taken = set(ids)
    notes = tuple(sorted(c.id for c in claims if c.id not in taken))
    weak_word = not firm and bool(weak)
    if status in ("held", "contested") and not weak_word and not notes and not any(c.ordered for c in core):
        return _word(side, date, status, holder, ids)
    return QualifiedWord(side, date, status, holder, ids, hedged, notes, weak_word)


def carry_past_unverified(words: list[Word]) -> list[Word]:
    """A class's words in date order, where a day of nothing but "could not verify" keeps the word before it.

    "Could not verify" is no claim of control (rule 7): it must not replace what the
    class last said. The day gets the earlier word again, with the new claims as notes
    and ``since`` the day the earlier word was said.
    """
    out: list[Word] = []
    for word in words:
        if word.status == "unverified" and out and out[-1].status != "unverified":
            before = out[-1]
            word = QualifiedWord(
                before.side, word.date, before.status, before.holder, before.claims, getattr(before, "hedged", False),
                tuple(sorted({*getattr(before, "notes", ()), *word.claims})), getattr(before, "weak", False), said_on(before),
            )  # fmt: skip
        out.append(word)
    return out


def side_status(word: Word) -> str:
    """A word's status in its side's own view: a hedged claim to hold shows as ``hedged``."""
    return "hedged" if word.status == "held" and getattr(word, "hedged", False) else word.status


def _verdict(counting: list[Word], words: tuple[Word, ...]) -> DistrictState | None:
    """Rule 3 over party words of any kind; None when none says anything about control."""
    control = [w for w in counting if w.status != "unverified"]
    if not control:
        return None
    claims = tuple(c for w in control for c in w.claims)
    holders = {w.holder if w.status == "held" else None for w in control}
    if len(holders) == 1 and None not in holders:
        holder = next(iter(holders))
        conceded = any(w.side != holder and is_firm(w) for w in control)
        return DistrictState("confirmed" if conceded else "claimed", holder, claims, words)
    return DistrictState("disputed", None, claims, words)


def consensus(
    independent: Word | None, party_words: list[Word], later: Callable[[Iterable[str], Iterable[str]], bool] | None = None
) -> DistrictState:
    """The default view, with the evidence vocabulary (README, "How sure").

    Plain words (firm, no order within the day) take :func:`plain_consensus`, the rules
    as they always were. Otherwise: a firm independent word stands as there (party words
    count when dated, or placed by ``later``, after it). Any other independent word
    (hedged, presence, denial, "could not verify") does not stand: every party word
    counts, and a hedged or presence word then only corroborates — a party's claim of h
    it supports, or a dispute in which a party claims h, becomes ``corroborated`` h
    (never ``confirmed``), unless a party spoke against h after it; alone, it is
    ``corroborated`` too. Denials make a claim disputed without making the denier its holder.
    """
    if type(independent) is not QualifiedWord and all(type(w) is not QualifiedWord for w in party_words) and later is None:
        return plain_consensus(independent, party_words)
    words = tuple(w for w in (independent, *party_words) if w is not None)

    def after(word: Word, base: Word) -> bool:
        if said_on(word) != said_on(base):
            return said_on(word) > said_on(base)
        return later is not None and later(word.claims, base.claims)

    if independent is not None and is_firm(independent):
        counting = [w for w in party_words if after(w, independent)]
        if not counting:
            status = "confirmed" if independent.status == "held" else "contested"
            return DistrictState(status, independent.holder, independent.claims, words)
        verdict = _verdict(counting, words)
        if verdict is None:
            status = "confirmed" if independent.status == "held" else "contested"
            return DistrictState(status, independent.holder, independent.claims, words)
        both = verdict.claims + independent.claims
        if independent.status == "held" and verdict.status in ("claimed", "confirmed") and verdict.holder == independent.holder:
            return DistrictState("confirmed", verdict.holder, both, words)
        if independent.status == "contested" and verdict.status == "disputed":
            return DistrictState("contested", None, both, words)
        return verdict
    verdict = _verdict(list(party_words), words)
    if independent is None or not is_weak(independent):
        return verdict if verdict is not None else DistrictState("unknown", None, (), words)
    target = independent.holder if independent.status in ("held", "present") else None
    if verdict is None:
        return DistrictState("corroborated", target, independent.claims, words)

    def supports(word: Word) -> bool:
        if target is None:
            return word.status in ("contested", "present")
        return word.status == "held" and word.holder == target

    if any(after(w, independent) for w in party_words if not supports(w) and w.status != "unverified"):
        return verdict  # a party spoke against it since
    supporting = [w for w in party_words if supports(w)]
    claims = tuple(c for w in supporting for c in w.claims) + independent.claims  # the side it backs, and its own
    if target is not None and verdict.status == "claimed" and verdict.holder == target:
        return DistrictState("corroborated", target, claims, words)
    if verdict.status == "disputed" and supporting:
        return DistrictState("corroborated", target, claims, words)
    return verdict


def plain_consensus(independent: Word | None, party_words: list[Word]) -> DistrictState:
    """The default view: independent assessments weighed against the parties' claims.

    1. Party words count only when dated after the newest independent word.
    2. None count: the independent word decides (held h → confirmed h), or unknown.
    3. Else: all counting words say held by h → confirmed h if a party other than h
       says so (a concession), claimed h if only h does; any other mix → disputed.
    4. An independent word agreeing with the parties upgrades: held h + claimed h →
       confirmed h; contested + disputed → contested.

    :meth:`Timeline._consensus_changes` applies the same rules inline (it runs once per
    change point of every district); a test checks the two agree.
    """
    words = tuple(w for w in (independent, *party_words) if w is not None)
    counting = [w for w in party_words if independent is None or w.date > independent.date]
    if not counting:
        if independent is None:
            return UNKNOWN
        status = "confirmed" if independent.status == "held" else "contested"
        return DistrictState(status, independent.holder, independent.claims, words)
    party_claims = tuple(c for w in counting for c in w.claims)
    holders = {w.holder if w.status == "held" else None for w in counting}
    if len(holders) == 1 and None not in holders:
        holder = next(iter(holders))
        conceded = any(w.side != holder for w in counting)
        verdict = DistrictState("confirmed" if conceded else "claimed", holder, party_claims, words)
    else:
        verdict = DistrictState("disputed", None, party_claims, words)
    if independent is not None:
        both = party_claims + independent.claims
        if independent.status == "held" and verdict.status in ("claimed", "confirmed") and verdict.holder == independent.holder:
            return DistrictState("confirmed", verdict.holder, both, words)
        if independent.status == "contested" and verdict.status == "disputed":
            return DistrictState("contested", None, both, words)
    return verdict


def build_words(dataset: Dataset, order: Order | None = None) -> dict[str, dict[str, list[Word]]]:
    """Every class's words per district, in date order: ``{district: {side: [Word, …]}}``.

    Sides appear in sorted order. Claims about ``all`` districts are kept once per
    class and merged per district, so a national gazetteer does not multiply them by
    the number of districts: a date on which a class spoke only about ``all`` has one
    Word object, shared by every district (the view states built from it are shared too).
    """
    side_of = {s.id: s.side for s in dataset.sources}
    ids = dataset.gazetteer.unit_ids  # districts, then places (a place has its own words)
    make_word: Callable[[str, dt.date, list[Claim]], Word] = word_from_claims
    if dataset.uses_evidence:
        within_day = order if order is not None else order_of(dataset)

        def make_word(side: str, date: dt.date, claims: list[Claim]) -> Word:
            return qualified_word(side, date, claims, within_day)

    # district → side → date → that day's claims; every district and side made up front
    # so the hot loop below is plain dict lookups.
    specific: dict[str, dict[str, dict[dt.date, list[Claim]]]] = {d: {s: {} for s in set(side_of.values())} for d in ids}
    everywhere: dict[str, dict[dt.date, list[Claim]]] = {}
    for claim in dataset.claims:
        if claim.status == "statement":
            continue
        side, date = side_of[claim.source], claim.date
        if claim.covers_all:
            everywhere.setdefault(side, {}).setdefault(date, []).append(claim)
            for place in claim.places:  # "all" never reaches a place; one named beside it does
                specific[place][side].setdefault(date, []).append(claim)
            continue
        for district in claim.districts + claim.places if claim.places else claim.districts:
            by_date = specific[district][side]
            same_day = by_date.get(date)
            if same_day is None:
                by_date[date] = [claim]
            else:
                same_day.append(claim)
    shared_words = {side: {d: make_word(side, d, claims) for d, claims in by_date.items()} for side, by_date in everywhere.items()}
    shared_lists = {side: [by_date[d] for d in sorted(by_date)] for side, by_date in shared_words.items()}
    sides = sorted({s for d in ids for s, by_date in specific[d].items() if by_date} | set(everywhere))
    # A claim alone on its day for its class gives the same word in every district it
    # names: one Word object, so a side view builds one state for it too.
    alone: dict[str, Word] = {}
    words: dict[str, dict[str, list[Word]]] = {}
    places = frozenset(dataset.gazetteer.place_ids)  # "all" means every district, never a place
    for district in ids:
        mine: dict[str, list[Word]] = {}
        for side in sides:
            own = specific[district].get(side)
            shared = everywhere.get(side) if district not in places else None
            if not own:
                if shared:
                    mine[side] = list(shared_lists[side])
                continue
            by_date: dict[dt.date, Word] = {}
            for d, claims in own.items():
                if shared and d in shared:
                    by_date[d] = make_word(side, d, claims + shared[d])
                elif len(claims) == 1:
                    word = alone.get(claims[0].id)
                    if word is None:
                        word = alone[claims[0].id] = make_word(side, d, claims)
                    by_date[d] = word
                else:
                    by_date[d] = make_word(side, d, claims)
            if shared:  # the days it spoke only about all: the shared words
                by_date = {**shared_words[side], **by_date}
            mine[side] = list(map(by_date.__getitem__, sorted(by_date)))
        if dataset.uses_evidence:
            mine = {side: carry_past_unverified(said) for side, said in mine.items()}
        words[district] = mine
    return words


def _by_date(by_side: dict[str, list[Word]]) -> list[Word]:
    """Every side's words in one list by date; words of one day in side order (the sort is stable)."""
    if len(by_side) == 1:
        (events,) = by_side.values()
        return events
    events = [w for side in sorted(by_side) for w in by_side[side]]
    events.sort(key=_DATE)
    return events


class Timeline:
    """States of every district under every view, stored at change points only.

    Each view is computed on first use, for all districts at once, in one pass over
    each district's words (sorted by date): a side view's change points are that
    side's words; the consensus merges every side's words by date. Lookups are a
    binary search over those dates.
    """

    def __init__(self, dataset: Dataset):
        self.dataset = dataset
        self.order = order_of(dataset) if dataset.uses_evidence else None
        with paused_gc():
            self.words = build_words(dataset, self.order)
        self._views: dict[str, dict[str, tuple[list[dt.date], list[DistrictState]]]] = {}
        self._ids = dataset.gazetteer.unit_ids
        self._lock = threading.Lock()  # sessions, and the store's writer, share one timeline

    @cached_property
    def dates(self) -> list[dt.date]:
        """Every date on which a claim (or statement) was made, sorted."""
        return self.dataset.dates

    @property
    def views(self) -> list[str]:
        return [CONSENSUS, INDEPENDENT, *(p.id for p in self.dataset.parties)]

    def _changes(self, view: str) -> dict[str, tuple[list[dt.date], list[DistrictState]]]:
        if view not in self._views:
            if view not in self.views:
                raise ValueError(f"unknown view '{view}' (use one of: {', '.join(self.views)})")
            with self._lock, paused_gc():
                if view in self._views:  # another thread computed it meanwhile
                    return self._views[view]
                if view == CONSENSUS:
                    self._views[view] = {d: self._consensus_changes(d) for d in self._ids}
                else:
                    states: dict[int, DistrictState] = {}  # id(word) → state: shared words share states
                    self._views[view] = {d: self._side_changes(d, view, states) for d in self._ids}
        return self._views[view]

    def _side_changes(self, district: str, view: str, states: dict[int, DistrictState]) -> tuple[list[dt.date], list[DistrictState]]:
        # A side speaks at most once a day and each word differs from the last (its date
        # does), so every word is a change point.
        words = self.words[district].get(view, ())
        out = []
        for word in words:
            state = states.get(id(word))  # every word stays alive in self.words: ids are unique
            if state is None:
                state = states[id(word)] = _state(side_status(word), word.holder, word.claims, (word,))
            out.append(state)
        return [w.date for w in words], out

    def _consensus_changes(self, district: str) -> tuple[list[dt.date], list[DistrictState]]:
        """:func:`consensus` after each date on which some class spoke, inlined.

        Every such date is a change point: a class's new word has a new date, so the
        state's ``words`` (and thus the state) always differ from the day before.
        Words of one day are applied in side order, as ``sorted((date, side))`` would.
        """
        by_side = self.words[district]
        if self.order is not None:
            return self._evidence_changes(by_side)
        events = _by_date(by_side)
        parties: dict[str, Word] = {}  # party → its word, in the order the parties first spoke
        independent: Word | None = None
        dates: list[dt.date] = []
        states: list[DistrictState] = []
        add_date, add_state = dates.append, states.append
        for date, day in groupby(events, _DATE):
            for word in day:
                if word.side == INDEPENDENT:
                    independent = word
                else:
                    parties[word.side] = word
            add_date(date)
            if independent is None:
                counting = words = tuple(parties.values())
            else:
                words = (independent, *parties.values())
                after = independent.date
                # rule 1: party words count only after the independent word (none when it spoke today)
                counting = [w for w in parties.values() if w.date > after] if after != date else ()
                if not counting:  # rule 2
                    status = "confirmed" if independent.status == "held" else "contested"
                    add_state(_state(status, independent.holder, independent.claims, words))
                    continue
            if len(counting) == 1:  # rule 3, one party
                only = counting[0]
                claims, holder = only.claims, only.holder  # a contested word has no holder
                status = "disputed" if holder is None else "claimed" if only.side == holder else "confirmed"
            else:
                claims = tuple(c for w in counting for c in w.claims)
                holder = counting[0].holder
                if holder is not None and all(w.holder == holder for w in counting):
                    status = "confirmed" if any(w.side != holder for w in counting) else "claimed"
                else:
                    status, holder = "disputed", None
            if independent is not None:  # rule 4
                if independent.status == "held":
                    if status != "disputed" and holder == independent.holder:
                        status, claims = "confirmed", claims + independent.claims
                elif status == "disputed":
                    status, claims = "contested", claims + independent.claims
            add_state(_state(status, holder, claims, words))
        return dates, states

    def _evidence_changes(self, by_side: dict[str, list[Word]]) -> tuple[list[dt.date], list[DistrictState]]:
        """:func:`consensus` after each date some class spoke, for files that use the evidence fields."""
        events = _by_date(by_side)
        parties: dict[str, Word] = {}
        independent: Word | None = None
        dates: list[dt.date] = []
        states: list[DistrictState] = []
        later = self.order.later if self.order is not None and (self.order.time or self.order.after) else None
        for date, day in groupby(events, _DATE):
            for word in day:
                if word.side == INDEPENDENT:
                    independent = word
                else:
                    parties[word.side] = word
            dates.append(date)
            states.append(consensus(independent, list(parties.values()), later))
        return dates, states

    def state(self, district: str, date: dt.date, view: str = CONSENSUS) -> DistrictState:
        """The state of ``district`` on ``date`` (a binary search over change points)."""
        dates, states = self._changes(view)[district]
        index = bisect.bisect_right(dates, date) - 1
        return states[index] if index >= 0 else UNKNOWN

    def states_on(self, date: dt.date, view: str = CONSENSUS) -> dict[str, DistrictState]:
        """Every district's state on ``date`` (places: :meth:`place_states_on`)."""
        return {d: self.state(d, date, view) for d in self.dataset.gazetteer.ids}

    def place_states_on(self, date: dt.date, view: str = CONSENSUS) -> dict[str, DistrictState]:
        """Every place's state on ``date``, by the same rules as a district's."""
        return {p: self.state(p, date, view) for p in self.dataset.gazetteer.place_ids}

    def change_categories(self, district: str, view: str = CONSENSUS) -> list[tuple[dt.date, str, str | None]]:
        """``(date, status, holder)`` at each change point: what a colour needs, without the claims and words."""
        return [(date, state.status, state.holder) for date, state in self.changes(district, view)]

    def changes(self, district: str, view: str = CONSENSUS) -> list[tuple[dt.date, DistrictState]]:
        """The dates on which the district's state changed under ``view``, with the new state."""
        dates, states = self._changes(view)[district]
        return list(zip(dates, states, strict=True))


def age_days(state: DistrictState, date: dt.date, dataset: Dataset) -> int | None:
    """Days from the newest claim that decided ``state`` to ``date``; None when nothing decided it."""
    if not state.claims:
        return None
    return (date - max(dataset.claim(c).date for c in state.claims)).days


def stale_age(state: DistrictState, date: dt.date, dataset: Dataset) -> int | None:
    """The age in days of a state drawn faded (``settings: stale_after_days`` in claims.yaml), else None.

    Off unless the file sets it: a fall reported once and never revisited should not look
    as solid as yesterday's eyewitness, but only the file's author can say how old is old.
    """
    limit = dataset.settings.stale_after_days
    if limit is None:
        return None
    age = age_days(state, date, dataset)
    return age if age is not None and age > limit else None
