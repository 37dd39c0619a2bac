"""The rules that turn dated claims into a state for every district on every date.

Pure functions over a :class:`~core.model.Dataset`, each rule written once and named
after the numbered rules of docs/rules.md ("The consensus: rules 1 to 4"; "How sure"):

* :func:`class_word` — what one class said about one unit on one day (rule 5);
* :func:`carry_past_unverified` — "could not verify" is no word of control (rule 7);
* :func:`consensus` — the default view, weighing the classes' words (rules 1–4, 6–8),
  then :func:`refine` — what the state is called, by no more than its words say (rule 9);
* :func:`with_statements` — a unit with statements only says so (rule 9).

:class:`ComputedTimeline` applies them in one pass over the claims grouped by
(unit, class, date): states can only change on a date some class spoke, so only those
change points are stored and a lookup for any day is a binary search. It calls the
rules; it does not restate them.

Vocabulary: a *class* (or *side*) is ``independent`` (sources with no party) or a
party id. A class's *word* on a district at a date is what its newest claims about
that district say: ``held`` by one party, or ``contested``. With the evidence fields
(docs/rules.md, "How sure: hedges, presence, denials"), a word may also be hedged, report
presence (``present``), a denial (``denied``) or that a claim could not be verified
(``unverified``): a *qualified* :class:`Word`. Such words never confirm.

This module holds no lock and sets no garbage-collector policy: whoever shares a
timeline between threads passes a ``guard`` (see :class:`ComputedTimeline`).
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import groupby
from operator import attrgetter
from typing import NamedTuple, Protocol

from core.model import INDEPENDENT, Claim, Dataset, fast_constructor

CONSENSUS = "consensus"
#: Every status of the consensus view (:func:`consensus`, named by :func:`refine`) and of a side's own view
#: (:func:`side_status`); ``statements``: nothing said about control, statements only (:func:`with_statements`).
CONSENSUS_STATUSES = ("confirmed", "corroborated", "claimed", "present", "contested", "disputed", "denied", "statements", "unknown")
SIDE_STATUSES = ("held", "hedged", "present", "contested", "denied", "unverified", "statements", "unknown")

#: ``later(a, b)``: every claim of ``a`` came after every claim of ``b`` in their day (rule 8).
Later = Callable[[Iterable[str], Iterable[str]], bool]


@dataclass(frozen=True, slots=True)
class Word:
    """What one class last said about one district: held by ``holder``, or contested.

    A word made with the evidence vocabulary is ``qualified``: hedged, presence, a denial,
    unverified, or ordered in its day. Its ``status`` may then also be ``present`` /
    ``denied`` / ``unverified``, and ``holder`` is the party concerned (whose forces are
    present, whose claim is denied or could not be verified). ``notes`` are the side's other
    claims of that day, which did not make the word (a denial beside a claim to hold, a
    "could not verify"). One class for every word, not a subclass for the qualified ones:
    the rules read a word's fields at every change point, and Python's attribute caches hold
    only where every word read at a line is of one class (docs/decisions.md).
    """

    side: str
    date: dt.date
    status: str  # held | contested (a contested word has no holder); qualified: also present | denied | unverified
    holder: str | None
    claims: tuple[str, ...]
    hedged: bool = False
    notes: tuple[str, ...] = ()
    weak: bool = False  # made without a firm claim: hedged claims or reports of presence only
    since: dt.date | None = None  # a word carried past a later "could not verify": the day it was said
    qualified: bool = False  # made with the evidence vocabulary


def is_firm(word: Word) -> bool:
    """A firm claim of control or of fighting: the only kind of independent word that confirms."""
    return word.status in ("held", "contested") and not word.weak


def is_weak(word: Word) -> bool:
    """A hedged claim, or a report of presence: corroborates, never confirms."""
    return word.status == "present" or (word.status in ("held", "contested") and word.weak)


def said_on(word: Word) -> dt.date:
    """The day the word's claims were made (a word carried past a "could not verify" keeps it)."""
    return word.since or word.date


@dataclass(frozen=True, slots=True)
class DistrictState:
    """A district's state on a date under a view, and the claims that decided it."""

    status: str
    holder: str | None = None
    claims: tuple[str, ...] = ()
    words: tuple[Word, ...] = ()  # every class's current word, for explanations


UNKNOWN = DistrictState("unknown")
_DATE = attrgetter("date")
_DAY_ID = attrgetter("date", "id")

# The timeline builds a Word or a DistrictState per change point (10^5–10^6 of them).
_word = fast_constructor(Word)  # every field, in order: (side, date, status, holder, claims, hedged, notes, weak, since, qualified)
_state = fast_constructor(DistrictState)


# ---- rule 5: a class's word on a day ----------------------------------------------------


class Order:
    """Which claims of one day came after which: ``time`` and ``after`` (docs/rules.md, "How sure", rule 8)."""

    def __init__(self, claims: Iterable[Claim]):
        self.time: dict[str, int] = {}
        self.after: dict[str, tuple[str, ...]] = {}
        for c in claims:
            if c.time is not None:
                self.time[c.id] = c.time
            if c.after:
                self.after[c.id] = c.after
        self.placed = frozenset(self.time.keys() | self.after.keys())  # later than another claim only if placed
        self._earlier: dict[str, frozenset[str]] = {}

    def __bool__(self) -> bool:
        """Whether any claim is placed within its day at all."""
        return bool(self.time or self.after)

    def earlier(self, claim_id: str) -> frozenset[str]:
        """Every claim ``claim_id`` came after, through chains of ``after`` (validated: no circles)."""
        found = self._earlier.get(claim_id)
        if found is None:
            seen: set[str] = set()
            todo = list(self.after.get(claim_id, ()))
            while todo:
                other = todo.pop()
                if other not in seen:
                    seen.add(other)
                    todo.extend(self.after.get(other, ()))
            found = self._earlier[claim_id] = frozenset(seen)
        return found

    def may_place(self, claims: Iterable[Claim]) -> bool:
        """Whether :meth:`claim_later` can hold for any two of ``claims``: one of them placed ``after``
        others, or two with a time of day (one time alone places nothing)."""
        timed = 0
        for c in claims:
            if c.id in self.after:
                return True
            if c.id in self.time:
                timed += 1
        return timed > 1

    def claim_later(self, a: str, b: str) -> bool:
        """Claim ``a`` came after claim ``b`` (both of one day): by ``after``, or by both times of day."""
        ta, tb = self.time.get(a), self.time.get(b)
        if ta is not None and tb is not None and ta > tb:
            return True
        return a in self.after and b in self.earlier(a)  # most claims come after none

    def later(self, a: Iterable[str], b: Iterable[str]) -> bool:
        """Every claim of ``a`` came after every claim of ``b``; False when the reports do not say."""
        a, b = tuple(a), tuple(b)
        if b and not self.placed.issuperset(a):
            return False  # a claim with neither a time nor an 'after' is later than no other (claim_later)
        for x in a:  # loops, not a generator: asked at change points of a day with ordered claims
            for y in b:
                if not self.claim_later(x, y):
                    return False
        return True


def order_of(dataset: Dataset) -> Order:
    """The order within each day of the dataset's claims (:class:`Order` keeps only claims with a ``time`` or ``after``)."""
    return Order(dataset.claims)


_WEAKER = {"present": 2, "denied": 1}  # :func:`_firmness` of the claims of neither control nor fighting


def _firmness(claim: Claim) -> int:
    """How firm a claim is, for the order within a day: a later claim supersedes an earlier
    one of its class only when it is at least as firm (an outlet's "could not verify" at
    night does not undo its own witnesses' morning account)."""
    if claim.status in ("held", "contested"):
        return 2 if claim.hedged else 3
    return _WEAKER.get(claim.status, 0)


def _party_of(claim: Claim) -> str | None:
    return claim.holder if claim.status == "held" else claim.party


def class_word(side: str, date: dt.date, claims: Sequence[Claim], order: Order | None = None) -> Word:
    """Same-day claims of one class about one unit: its word (rule 5); a plain :class:`Word` when no evidence field shapes it.

    1. Claims the report places before another, at least as firm, claim of the class
       that day are superseded.
    2. Firm claims of control or fighting make the word: held by h when they all say
       held by h, else contested. Without them, hedged claims and reports of presence
       make a weak word; without those, denials (or else "could not verify") make it.
       The other claims are notes.
    3. A denial of the very party the word names makes it contested.
    """
    claims = _not_superseded(claims, order)
    firm = [c for c in claims if c.status in ("held", "contested") and not c.hedged]
    weak = [c for c in claims if _is_weak_claim(c)]
    if firm or weak:
        core = firm or weak
        status, holder = _control(core, claims)
    else:
        core, status, holder = _no_control(claims)
    ids = tuple(sorted(c.id for c in core))
    taken = set(ids)
    notes = tuple(sorted(c.id for c in claims if c.id not in taken))
    weak_word = not firm and bool(weak)
    if status in ("held", "contested") and not weak_word and not notes and not any(c.ordered for c in core):
        return _word(side, date, status, holder, ids, False, (), False, None, False)
    return _word(side, date, status, holder, ids, weak_word and any(c.hedged for c in weak), notes, weak_word, None, True)


def _is_weak_claim(claim: Claim) -> bool:
    """A report of presence, or a hedged claim of control or fighting."""
    return claim.status == "present" or (claim.status in ("held", "contested") and claim.hedged)


def _not_superseded(claims: Sequence[Claim], order: Order | None) -> Sequence[Claim]:
    """Rule 5.1: the claims no later, at least as firm, claim of the same class and day supersedes."""
    if order is None or len(claims) < 2 or not order.may_place(claims):
        return claims
    kept = [c for c in claims if not any(d is not c and order.claim_later(d.id, c.id) and _firmness(d) >= _firmness(c) for d in claims)]
    return kept or claims  # validated orders have no circles; never leave a day without a word


def _no_control(claims: Sequence[Claim]) -> tuple[list[Claim], str, str | None]:
    """Rule 5.2 without claims of control, fighting or presence: the denials make the word, else "could not verify"."""
    kind = "denied" if any(c.status == "denied" for c in claims) else "unverified"
    core = [c for c in claims if c.status == kind]
    parties = {c.party for c in core}
    return core, kind, (next(iter(parties)) if len(parties) == 1 else None)


def _control(core: list[Claim], claims: Sequence[Claim]) -> tuple[str, str | None]:
    """Rules 5.2 and 5.3 for a word made by claims of control, fighting or presence: (status, holder)."""
    parties = {_party_of(c) if c.status in ("held", "present") else None for c in core}
    holder = next(iter(parties)) if len(parties) == 1 else None
    if holder is None or any(c.status == "denied" and c.party == holder for c in claims):
        return "contested", None
    return ("present" if all(c.status == "present" for c in core) else "held"), holder


#: Everything :func:`class_word` reads of a claim, its id aside (which it only sorts): a
#: field read there is named here too. :class:`_WordMaker` remembers words by it.
_SHAPE = attrgetter("status", "holder", "party", "hedged", "ordered")


class _WordMaker:
    """:func:`class_word`, remembered by the shapes (:data:`_SHAPE`) of a day's claims.

    Once rule 5.1 has set aside the claims a later one supersedes (:func:`_not_superseded`,
    which leaves the others as they are, so the rule would set aside no more), the rule
    picks which claims make the word and which are notes by their shapes alone, and sorts
    their ids: the first day of each tuple of shapes goes through :func:`class_word`, the
    next take its answer with their own side, date and ids (tests/core/test_rules_fast.py
    holds the two equal on generated data).
    """

    def __init__(self, order: Order | None):
        self.order = order
        self.ordered = bool(order)  # some claim of the dataset is placed within its day
        self.answers: dict[tuple, tuple[Word, tuple[int, ...], tuple[int, ...]] | None] = {}

    def __call__(self, side: str, date: dt.date, claims: Sequence[Claim]) -> Word:
        if self.ordered and len(claims) > 1:  # the order within the day decides which claims are left
            claims = _not_superseded(claims, self.order)
        shapes = tuple(map(_SHAPE, claims))
        if shapes not in self.answers:  # new shapes: ask the rule, and remember which claims made what
            word = self.answers_for(shapes, class_word(side, date, claims, self.order), claims)
            return word
        answer = self.answers[shapes]
        if answer is None:
            return class_word(side, date, claims, self.order)
        model, made, noted = answer
        ids = (claims[made[0]].id,) if len(made) == 1 else tuple(sorted(claims[i].id for i in made))
        if not model.qualified:
            return _word(side, date, model.status, model.holder, ids, False, (), False, None, False)
        notes = tuple(sorted(claims[i].id for i in noted)) if noted else ()
        return _word(side, date, model.status, model.holder, ids, model.hedged, notes, model.weak, None, True)

    def answers_for(self, shapes: tuple, word: Word, claims: Sequence[Claim]) -> Word:
        """Remember ``word`` for ``shapes`` as the positions of the claims that made it and that it notes."""
        position = {c.id: i for i, c in enumerate(claims)}
        made = tuple(position[i] for i in word.claims if i in position)
        noted = tuple(position[i] for i in word.notes if i in position)
        whole = len(made) == len(word.claims) and len(noted) == len(word.notes) and len(position) == len(claims)
        self.answers[shapes] = (word, made, noted) if whole and word.since is None else None
        return word


def carry_past_unverified(words: list[Word]) -> list[Word]:
    """A class's words in date order, where a day of nothing but "could not verify" keeps the word before it (rule 7).

    "Could not verify" is no claim of control: it must not replace what the class last
    said. The day gets the earlier word again, with the new claims as notes and
    ``since`` the day the earlier word was said.
    """
    out: list[Word] = []
    for word in words:
        if word.status == "unverified" and out and out[-1].status != "unverified":
            before = out[-1]
            word = _word(
                before.side, word.date, before.status, before.holder, before.claims, before.hedged,
                tuple(sorted({*before.notes, *word.claims})), before.weak, said_on(before), True,
            )  # fmt: skip
        out.append(word)
    return out


def side_status(word: Word) -> str:
    """A word's status in its side's own view: a hedged claim to hold shows as ``hedged``."""
    return "hedged" if word.status == "held" and word.hedged else word.status


# ---- rules 1–4, 6–8: the consensus --------------------------------------------------------


def consensus(independent: Word | None, party_words: Sequence[Word], later: Later | None = None) -> DistrictState:
    """The default view: the classes' current words weighed against each other (docs/rules.md, "The consensus: rules 1 to 4").

    ``independent`` is the independent class's word, ``party_words`` every party's, in
    a fixed order (the order of the claims in the state follows it); ``later`` places
    words of one day (rule 8), None when no claim is placed within its day. Rules 1–8
    decide which words count (:func:`_weighed`); :func:`refine` names the state (rule 9).
    """
    return refine(_weighed(independent, party_words, later))


def _weighed(independent: Word | None, party_words: Sequence[Word], later: Later | None) -> DistrictState:
    """Rules 1–8: which words decide, and the state they make before it is named."""
    words = (independent, *party_words) if independent is not None else tuple(party_words)
    if independent is not None and is_firm(independent):
        # Rules 1, 7 and 8: a firm independent word stands until a party speaks after it.
        verdict = _parties_verdict(_said_after(party_words, independent, later), words)
        if verdict is None:  # rule 2: the independent word decides
            status = "confirmed" if independent.status == "held" else "contested"
            return _state(status, independent.holder, independent.claims, words)
        return _agreed(independent, verdict, words)  # rule 4
    # Rule 6: any other independent word does not stand; every party word counts.
    verdict = _parties_verdict(party_words, words)
    if independent is not None and is_weak(independent):
        return _corroborated(independent, verdict, party_words, words, later)
    return verdict if verdict is not None else _state("unknown", None, (), words)


def _said_after(words: Sequence[Word], base: Word, later: Later | None) -> list[Word]:
    """Rules 1 and 8: the ``words`` said after ``base``: on a later day, or later that day by the reports."""
    day = said_on(base)
    found = []
    for word in words:  # a loop, not a comprehension: it runs at every change point
        said = word.since or word.date
        if said > day or (said == day and later is not None and later(word.claims, base.claims)):
            found.append(word)
    return found


def _parties_verdict(counting: Sequence[Word], words: tuple[Word, ...]) -> DistrictState | None:
    """Rule 3 (and 7): every counting word says held by h → confirmed h if a party other than h
    says so firmly (a concession; a hedged one never confirms), else claimed h; any other mix →
    disputed. "Could not verify" is no word of control: None when nothing else counts."""
    control = [w for w in counting if w.status != "unverified"] if counting else counting
    if not control:
        return None
    holder = control[0].holder
    held, conceded = holder is not None, False  # every word says held by h; a party other than h firmly
    for word in control:
        if word.status != "held" or word.holder != holder:
            held = False
            break
        conceded = conceded or (word.side != holder and is_firm(word))
    claims = control[0].claims if len(control) == 1 else tuple([c for w in control for c in w.claims])
    if held:
        return _state("confirmed" if conceded else "claimed", holder, claims, words)
    return _state("disputed", None, claims, words)


def _agreed(independent: Word, verdict: DistrictState, words: tuple[Word, ...]) -> DistrictState:
    """Rule 4: a firm independent word that agrees upgrades the parties' verdict; otherwise it stands."""
    both = verdict.claims + independent.claims
    if independent.status == "held" and verdict.status in ("claimed", "confirmed") and verdict.holder == independent.holder:
        return _state("confirmed", verdict.holder, both, words)
    if independent.status == "contested" and verdict.status == "disputed":
        return _state("contested", None, both, words)
    return verdict


def _corroborated(
    independent: Word, verdict: DistrictState | None, party_words: Sequence[Word], words: tuple[Word, ...], later: Later | None
) -> DistrictState:
    """Rule 6: a hedged independent word, or a report of presence, corroborates — never confirms.

    The parties' claim of h it supports, or a dispute in which a party claims h, becomes
    corroborated h, unless a party spoke against h after it; alone, it is corroborated
    too. A hedged report of fighting corroborates a dispute in which a party says contested.
    """
    target = independent.holder if independent.status in ("held", "present") else None
    if verdict is None:
        return _state("corroborated", target, independent.claims, words)
    supporting: list[Word] = []
    against: list[Word] = []
    for word in party_words:  # a loop, not two comprehensions over a predicate: it runs at every such change point
        if (word.status == "held" and word.holder == target) if target is not None else word.status in ("contested", "present"):
            supporting.append(word)
        elif word.status != "unverified":
            against.append(word)
    claimed = target is not None and verdict.status == "claimed" and verdict.holder == target
    backed = claimed or (verdict.status == "disputed" and bool(supporting))
    if not backed or _said_after(against, independent, later):
        return verdict  # nothing it backs, or a party spoke against it since
    claims = tuple([c for w in supporting for c in w.claims]) + independent.claims  # the side it backs, and its own
    return _state("corroborated", target, claims, words)


def refine(state: DistrictState) -> DistrictState:
    """Rule 9: a consensus state called by no more than its words say (docs/rules.md, "How sure", rule 9).

    No new rule of weight: rules 1–8 decided which words count; this names what they
    decided, from the state's own words. Disputed only where accounts conflict: one
    party's report of fighting, or the parties' reports of fighting or of both sides
    present, is ``claimed`` with no holder (contested, by party accounts only; with a
    weak independent word beside them, ``corroborated`` with no holder); reports of one
    party's forces present, by anyone, with no claim of control, are ``present`` h; a
    denial with no claim of control beside it is ``denied`` (holder: the party denied).
    A report of presence alone is ``present`` h, not corroborated control. Words that
    say nothing of control ("could not verify") are ``statements``.
    """
    if state.status == "unknown":
        return _state("statements", None, (), state.words) if state.words else state
    if state.status == "corroborated" and state.holder is not None:
        independent = _independent(state)
        if independent is not None and independent.status == "present" and not _deciding_parties(state):
            return _present(state.holder, state)  # a report of presence alone: presence, not corroborated control
        return state
    return _named_dispute(state) if state.status == "disputed" else state


def _named_dispute(state: DistrictState) -> DistrictState:
    """Rule 9 for a ``disputed`` state: disputed only where the accounts conflict."""
    decided = set(state.claims)
    independent: Word | None = None
    parties: list[Word] = []
    for word in state.words:  # a loop, not comprehensions: it runs at every disputed change point
        if word.side == INDEPENDENT:
            independent = word
        elif not decided.isdisjoint(word.claims):
            if word.status == "held":
                return state  # a party's claim of control against the other words: they conflict
            parties.append(word)
    if not parties:
        return state
    kinds = {w.status for w in parties}
    stood = independent is not None and is_firm(independent) and decided.isdisjoint(independent.claims)
    if kinds <= {"contested", "present"}:
        return _fighting_or_presence(state, parties, independent, stood)
    claimed = independent is not None and independent.status == "held"  # an independent claim of control (firm or hedged)
    if kinds == {"denied"} and not stood and not claimed:
        denied = {w.holder for w in parties}
        return _state("denied", denied.pop() if len(denied) == 1 else None, state.claims, state.words)
    return state  # the accounts conflict


def _fighting_or_presence(state: DistrictState, parties: list[Word], independent: Word | None, stood: bool) -> DistrictState:
    """Party words of fighting or presence only: contested by party accounts, presence of one party, or a conflict."""
    kinds = {w.status for w in parties}
    if stood and independent is not None:  # party words said after a firm independent word (rule 1)
        if kinds == {"present"} and {w.holder for w in parties} == {independent.holder} and independent.status == "held":
            return _present(independent.holder, state)  # h's own forces present, after "h holds it": nothing conflicts
        return state  # they conflict with it
    if independent is not None and independent.status == "held":
        return state  # a hedged independent claim of control beside them: a conflict
    holders = {w.holder for w in parties if w.status == "present"}
    if independent is not None and independent.status == "present":
        holders.add(independent.holder)
    fighting = "contested" in kinds or (independent is not None and independent.status == "contested")
    if not fighting and len(holders) == 1:
        return _present(holders.pop(), state)
    if independent is not None and is_weak(independent):
        return _state("corroborated", None, state.claims + independent.claims, state.words)
    return _state("claimed", None, state.claims, state.words)  # fighting or presence, by party accounts only


def _independent(state: DistrictState) -> Word | None:
    return next((w for w in state.words if w.side == INDEPENDENT), None)


def _deciding_parties(state: DistrictState) -> list[Word]:
    decided = set(state.claims)
    return [w for w in state.words if w.side != INDEPENDENT and decided.intersection(w.claims)]


def _present(holder: str | None, state: DistrictState) -> DistrictState:
    """``present`` h, with the claims of every current word that reports h's forces present (deciding or not)."""
    claims = tuple(c for w in state.words if w.status == "present" and w.holder == holder for c in w.claims)
    return _state("present", holder, claims, state.words)


# ---- the timeline ------------------------------------------------------------------------


def build_words(dataset: Dataset, order: Order | None = None, days: _Days | None = None) -> dict[str, dict[str, list[Word]]]:
    """Every class's words per district, in date order: ``{district: {side: [Word, …]}}``.

    Sides appear in sorted order. Claims about ``all`` districts are kept once per
    class and merged per district, so a national gazetteer does not multiply them by
    the number of districts: a date on which a class spoke only about ``all`` has one
    Word object, shared by every district (the view states built from it are shared too).
    A claim alone on its day for its class gives one Word for every district it names.
    ``days``: the claims already grouped (:func:`days_of`), else grouped here.
    """
    days = days or days_of(dataset, order)
    places = frozenset(dataset.gazetteer.place_ids)  # "all" means every district, never a place
    words: dict[str, dict[str, list[Word]]] = {}
    for unit in dataset.gazetteer.unit_ids:
        mine = {side: said for side in days.sides if (said := days.words(unit, side, everywhere=unit not in places))}
        words[unit] = {side: carry_past_unverified(said) for side, said in mine.items()} if days.carry else mine
    return words


def days_of(dataset: Dataset, order: Order | None = None) -> _Days:
    """The dataset's claims grouped by (unit, class, day), with the order within a day when the evidence fields are used."""
    within_day = (order if order is not None else order_of(dataset)) if dataset.uses_evidence else None
    return _Days(dataset, _WordMaker(within_day))


class _Days:
    """The dataset's claims grouped by (unit, class, day), and the words those days make (one object where one will do)."""

    def __init__(self, dataset: Dataset, make_word: Callable[[str, dt.date, list[Claim]], Word]):
        side_of = {s.id: s.side for s in dataset.sources}
        self.make_word = make_word
        self.carry = isinstance(make_word, _WordMaker) and make_word.order is not None  # rule 7 with the evidence fields
        # unit → side → date → that day's claims; every unit and side made up front, so
        # the hot loop below is plain dict lookups. Claims about all: once per side.
        self.specific: dict[str, dict[str, dict[dt.date, list[Claim]]]] = {
            u: {s: {} for s in set(side_of.values())} for u in dataset.gazetteer.unit_ids
        }
        self.everywhere: dict[str, dict[dt.date, list[Claim]]] = {}
        for claim in dataset.claims:
            if claim.status == "statement":
                continue
            side, date = side_of[claim.source], claim.date
            if claim.covers_all:
                self.everywhere.setdefault(side, {}).setdefault(date, []).append(claim)
                for place in claim.places:  # "all" never reaches a place; one named beside it does
                    self.specific[place][side].setdefault(date, []).append(claim)
                continue
            for unit in claim.districts + claim.places if claim.places else claim.districts:
                by_date = self.specific[unit][side]
                same_day = by_date.get(date)
                if same_day is None:
                    by_date[date] = [claim]
                else:
                    same_day.append(claim)
        self.shared = {side: {d: make_word(side, d, claims) for d, claims in by_date.items()} for side, by_date in self.everywhere.items()}
        self.shared_lists = {side: [by_date[d] for d in sorted(by_date)] for side, by_date in self.shared.items()}
        self.sides = sorted({s for by_side in self.specific.values() for s, by_date in by_side.items() if by_date} | set(self.everywhere))
        self.alone: dict[str, Word] = {}  # claim id → its word, for claims alone on their day

    def words(self, unit: str, side: str, *, everywhere: bool) -> list[Word]:
        """The side's words about ``unit`` by date; ``everywhere``: its claims about all count too."""
        own = self.specific[unit].get(side)
        shared = self.everywhere.get(side) if everywhere else None
        if not own:
            return list(self.shared_lists[side]) if shared else []
        days = sorted(own.keys() | shared.keys()) if shared else sorted(own)
        return [self.word(side, day, own, shared) for day in days]

    def word(self, side: str, day: dt.date, own: dict[dt.date, list[Claim]] | None, shared: dict[dt.date, list[Claim]] | None) -> Word:
        """The side's word on ``day`` from its claims about the unit (``own``) and about all (``shared``)."""
        claims = own.get(day) if own else None
        if claims is None:  # the day it spoke only about all: the shared word
            return self.shared[side][day]
        if shared and day in shared:
            return self.make_word(side, day, claims + shared[day])
        if len(claims) == 1:
            word = self.alone.get(claims[0].id)
            if word is None:
                word = self.alone[claims[0].id] = self.make_word(side, day, claims)
            return word
        return self.make_word(side, day, claims)

    def said_by(self, unit: str, side: str, date: dt.date, *, everywhere: bool) -> tuple[dt.date, Word] | None:
        """(the side's first day about ``unit``, its word current on ``date``) as :func:`build_words` has them; None before it spoke.

        Only the days needed are made: the last by ``date``, and with the evidence fields
        the days back to a word of control, which rule 7 carries past "could not verify".
        """
        own = self.specific[unit].get(side)
        shared = self.everywhere.get(side) if everywhere else None
        days = sorted(day for day in (own.keys() | shared.keys() if own and shared else own or shared or ()) if day <= date)
        if not days:
            return None
        tail = [self.word(side, days[-1], own, shared)]
        while self.carry and tail[0].status == "unverified" and len(tail) < len(days):
            tail.insert(0, self.word(side, days[-1 - len(tail)], own, shared))
        return days[0], carry_past_unverified(tail)[-1] if self.carry else tail[0]


def build_statements(dataset: Dataset) -> dict[str, dict[str, list[Claim]]]:
    """Every side's statements per unit, in (date, id) order: ``{unit: {side: [Claim, …]}}``, only units named.

    A statement is no word about control (it never colours anything), but a unit whose
    only mentions are statements says so (rule 9). ``all`` reaches every district, never a place.
    """
    side_of = {s.id: s.side for s in dataset.sources}
    units_known = frozenset(dataset.gazetteer.unit_ids)
    out: dict[str, dict[str, list[Claim]]] = {}
    for claim in dataset.claims:
        if claim.status != "statement":
            continue
        units = (*(dataset.gazetteer.ids if claim.covers_all else claim.districts), *claim.places)
        for unit in dict.fromkeys(units):
            if unit in units_known:
                out.setdefault(unit, {}).setdefault(side_of[claim.source], []).append(claim)
    for by_side in out.values():
        for said in by_side.values():
            said.sort(key=lambda c: (c.date, c.id))
    return out


def with_statements(dates: Sequence[dt.date], states: Sequence[DistrictState], said: list[Claim]) -> Changes:
    """Rule 9: where nothing was said about control, the statements made so far (newest first), as ``statements``.

    ``said``: the view's statements about the unit, in date order. Only the time before the
    first word and the states that say nothing about control (``unknown``, ``statements``)
    change: there a statement's date is a change point. The others are kept as they are.
    """
    said_dates = [c.date for c in said]
    quiet = [i for i, s in enumerate(states) if s.status in _QUIET]  # rare: "could not verify" alone
    if not quiet and dates and said_dates[0] >= dates[0]:
        return Changes(dates, states)  # nothing said before the first word

    def named(state: DistrictState, upto: int) -> DistrictState:
        return statements_so_far(state, said, upto)

    out_dates: list[dt.date] = []
    out_states: list[DistrictState] = []
    kept = 0
    for i in (-1, *quiet):  # the time before the first word, then each change point that says nothing of control
        out_dates += dates[kept : max(i, 0)]
        out_states += states[kept : max(i, 0)]
        state = states[i] if i >= 0 else UNKNOWN
        first = bisect.bisect_right(said_dates, dates[i]) if i >= 0 else 0
        if i >= 0:
            out_dates.append(dates[i])
            out_states.append(named(state, first))
        end = bisect.bisect_left(said_dates, dates[i + 1]) if i + 1 < len(dates) else len(said_dates)
        for day in dict.fromkeys(said_dates[first:end]):
            out_dates.append(day)
            out_states.append(named(state, bisect.bisect_right(said_dates, day)))
        kept = i + 1
    out_dates += dates[kept:]
    out_states += states[kept:]
    return Changes(out_dates, out_states)


_QUIET = frozenset({"unknown", "statements"})


def statements_so_far(state: DistrictState, said: Sequence[Claim], upto: int) -> DistrictState:
    """Rule 9 for one state: where it says nothing about control, the first ``upto`` statements ``said``, newest first."""
    if not upto or state.status not in _QUIET:
        return state
    return _state("statements", None, tuple(c.id for c in reversed(said[:upto])), state.words)


def _by_date(by_side: dict[str, list[Word]]) -> list[Word]:
    """Every side's words in one list by date; words of one day in side order (the sort is stable)."""
    if len(by_side) == 1:
        (events,) = by_side.values()
        return events
    events = [w for side in sorted(by_side) for w in by_side[side]]
    events.sort(key=_DATE)
    return events


class Changes(NamedTuple):
    """A view's change points for one unit: the dates, and the state from each on."""

    dates: Sequence[dt.date]
    states: Sequence[DistrictState]


class Timeline(Protocol):
    """What the app, the exports and the command line ask of a timeline.

    Two implementations: :class:`ComputedTimeline` applies the rules to a dataset;
    ``yamldata.arrowstore.StoredTimeline`` reads what another process computed.
    """

    dataset: Dataset

    @property
    def views(self) -> list[str]: ...

    @property
    def dates(self) -> list[dt.date]: ...

    def state(self, district: str, date: dt.date, view: str = CONSENSUS) -> DistrictState: ...

    def states_on(self, date: dt.date, view: str = CONSENSUS) -> dict[str, DistrictState]: ...

    def place_states_on(self, date: dt.date, view: str = CONSENSUS) -> dict[str, DistrictState]: ...

    def changes(self, district: str, view: str = CONSENSUS) -> list[tuple[dt.date, DistrictState]]: ...

    def change_categories(self, district: str, view: str = CONSENSUS) -> list[tuple[dt.date, str, str | None]]: ...


class TimelineQueries:
    """The queries every timeline answers the same way, from its ``dataset`` and :meth:`state` / :meth:`changes`."""

    dataset: Dataset

    @property
    def views(self) -> list[str]:
        return [CONSENSUS, INDEPENDENT, *(p.id for p in self.dataset.parties)]

    @property
    def dates(self) -> list[dt.date]:
        """Every date on which a claim (or statement) was made, sorted."""
        return self.dataset.dates

    def check_view(self, view: str) -> None:
        """ValueError naming the views when ``view`` is not one of them."""
        if view not in self.views:
            raise ValueError(f"unknown view '{view}' (use one of: {', '.join(self.views)})")

    def state(self, district: str, date: dt.date, view: str = CONSENSUS) -> DistrictState:
        raise NotImplementedError

    def changes(self, district: str, view: str = CONSENSUS) -> list[tuple[dt.date, DistrictState]]:
        raise NotImplementedError

    def states_on(self, date: dt.date, view: str = CONSENSUS) -> dict[str, DistrictState]:
        """Every district's state on ``date`` (places: :meth:`place_states_on`)."""
        return {d: self.state(d, date, view) for d in self.dataset.gazetteer.ids}

    def place_states_on(self, date: dt.date, view: str = CONSENSUS) -> dict[str, DistrictState]:
        """Every place's state on ``date``, by the same rules as a district's."""
        return {p: self.state(p, date, view) for p in self.dataset.gazetteer.place_ids}

    def change_categories(self, district: str, view: str = CONSENSUS) -> list[tuple[dt.date, str, str | None]]:
        """``(date, status, holder)`` at each change point: what a colour needs, without the claims and words."""
        return [(date, state.status, state.holder) for date, state in self.changes(district, view)]


class ComputedTimeline(TimelineQueries):
    """States of every district under every view, computed by the rules and stored at change points only.

    Each view is computed on first use, for all districts at once, in one pass over
    each district's words (sorted by date): a side view's change points are that
    side's words; the consensus applies :func:`consensus` after each date some class
    spoke; statements add change points where nothing about control was said
    (:func:`with_statements`). Lookups are a binary search over those dates.

    ``guard`` is held while a view is computed: the owner of a timeline shared between
    threads passes a lock (and may pause the garbage collector there); by default none.
    """

    def __init__(self, dataset: Dataset, *, guard: Callable[[], contextlib.AbstractContextManager[object]] | None = None):
        self.dataset = dataset
        self.order = order_of(dataset) if dataset.uses_evidence else None
        self.statements = build_statements(dataset)
        self._guard = guard or contextlib.nullcontext
        self._views: dict[str, dict[str, Changes]] = {}
        self._first_day: dict[str, tuple[dt.date, dict[str, DistrictState]]] = {}  # view → the one day asked before it was computed

    @functools.cached_property
    def days(self) -> _Days:
        """The claims grouped by (unit, class, day): made once, for the words and for a day found alone."""
        return days_of(self.dataset, self.order)

    @functools.cached_property
    def words(self) -> dict[str, dict[str, list[Word]]]:
        """Every class's words per unit (:func:`build_words`): made when a view is first computed.

        The grouped claims are let go then (a day found alone groups them again): kept, they
        would hold a list per unit, class and day for the life of the timeline.
        """
        words = build_words(self.dataset, self.order, self.days)
        self.__dict__.pop("days", None)
        return words

    def _changes(self, view: str) -> dict[str, Changes]:
        found = self._views.get(view)
        if found is None:
            self.check_view(view)
            with self._guard():
                found = self._views.get(view)  # another thread may have computed it meanwhile
                if found is None:
                    found = self._views[view] = self._compute(view)
        return found

    def _compute(self, view: str) -> dict[str, Changes]:
        ids = self.dataset.gazetteer.unit_ids
        if view == CONSENSUS:
            later = self.order.later if self.order else None
            changes = {d: _consensus_changes(self.words[d], later) for d in ids}
        else:
            states: dict[int, DistrictState] = {}  # id(word) → state: shared words share states
            changes = {d: _side_changes(self.words[d].get(view, ()), states) for d in ids}
        for unit in self.statements:  # rule 9: statements only
            said = self._said(unit, view)
            if said:
                changes[unit] = with_statements(*changes[unit], said)
        return changes

    def _said(self, unit: str, view: str) -> list[Claim]:
        """The statements about ``unit`` that ``view`` hears, in (date, id) order: the consensus hears every side's."""
        by_side = self.statements.get(unit, {})
        return by_side.get(view, []) if view != CONSENSUS else sorted((c for s in by_side.values() for c in s), key=_DAY_ID)

    def state(self, district: str, date: dt.date, view: str = CONSENSUS) -> DistrictState:
        """The state of ``district`` on ``date`` (a binary search over change points)."""
        return _on(self._changes(view)[district], date)

    def state_alone(self, unit: str, date: dt.date, view: str = CONSENSUS) -> DistrictState:
        """The state of ``unit`` on ``date`` without computing the view: its last change point up to ``date`` alone.

        The words each class last said by ``date`` (:meth:`_Days.said_by`, only those days'
        words made) are the words the view's pass holds there; they are weighed by the
        same rules (:func:`_consensus_on`, :func:`_side_state`), then rule 9 (:func:`statements_so_far`).
        """
        everywhere = unit not in self.dataset.gazetteer.place_ids  # "all" means every district, never a place
        if view == CONSENSUS:
            current = {side: found for side in self.days.sides if (found := self.days.said_by(unit, side, date, everywhere=everywhere))}
            state = _consensus_on(current, self.order.later if self.order else None)
        else:
            found = self.days.said_by(unit, view, date, everywhere=everywhere) if view in self.days.sides else None
            state = _side_state(found[1]) if found else UNKNOWN
        said = self._said(unit, view)  # rule 9 on that day: the statements made by then, where nothing else was said
        return statements_so_far(state, said, bisect.bisect_right(said, date, key=_DATE))

    def states_on(self, date: dt.date, view: str = CONSENSUS) -> dict[str, DistrictState]:
        """Every district's state on ``date``: the first day asked of a view alone (:meth:`_alone`), else from the view."""
        found = self._alone(self.dataset.gazetteer.ids, date, view)
        return found if found is not None else super().states_on(date, view)

    def place_states_on(self, date: dt.date, view: str = CONSENSUS) -> dict[str, DistrictState]:
        """Every place's state on ``date``, as :meth:`states_on` finds a district's."""
        found = self._alone(self.dataset.gazetteer.place_ids, date, view)
        return found if found is not None else super().place_states_on(date, view)

    def _alone(self, units: Sequence[str], date: dt.date, view: str) -> dict[str, DistrictState] | None:
        """The ``units``' states on ``date`` found alone (and kept), if it is the only day asked of ``view`` before
        the view is computed; else None.

        A command asks one day (``control state``, a picture of a day): 398 consensus calls
        instead of the 170,000 of the whole view at 100k claims. The app and the exports ask
        many days: the second day asked computes the whole view, as the first did before.
        """
        if view in self._views:
            return None
        self.check_view(view)
        day, found = self._first_day.setdefault(view, (date, {}))
        if day != date:
            return None
        for unit in units:
            if unit not in found:
                found[unit] = self.state_alone(unit, date, view)
        return {unit: found[unit] for unit in units}

    def changes(self, district: str, view: str = CONSENSUS) -> list[tuple[dt.date, DistrictState]]:
        """The dates on which the district's state changed under ``view``, with the new state."""
        dates, states = self._changes(view)[district]
        return list(zip(dates, states, strict=True))


def _on(changes: Changes, date: dt.date) -> DistrictState:
    """The state from the last change point up to ``date`` (a binary search), unknown before the first."""
    index = bisect.bisect_right(changes.dates, date) - 1
    return changes.states[index] if index >= 0 else UNKNOWN


def _side_state(word: Word) -> DistrictState:
    """A side's own view of a unit from its word."""
    return _state(side_status(word), word.holder, word.claims, (word,))


def _side_changes(words: Sequence[Word], states: dict[int, DistrictState]) -> Changes:
    """A side's own view: each of its words is a change point (it speaks at most once a day, and its date differs)."""
    out = []
    for word in words:
        state = states.get(id(word))  # every word stays alive in the timeline's words: ids are unique
        if state is None:
            state = states[id(word)] = _side_state(word)
        out.append(state)
    return Changes([w.date for w in words], out)


def _consensus_changes(by_side: dict[str, list[Word]], later: Later | None) -> Changes:
    """:func:`consensus` after each date on which some class spoke about the unit.

    Every such date is a change point: a class's new word has a new date, so the
    state's ``words`` (and thus the state) always differ from the day before. The
    parties are weighed in :func:`_party_order`, which changes only when a party first speaks.
    """
    parties: dict[str, Word] = {}
    first_day: dict[str, dt.date] = {}
    order: list[str] = []
    independent: Word | None = None
    dates: list[dt.date] = []
    states: list[DistrictState] = []
    for date, day in groupby(_by_date(by_side), _DATE):
        for word in day:
            if word.side == INDEPENDENT:
                independent = word
            else:
                if word.side not in first_day:
                    first_day[word.side] = date
                    order = _party_order(first_day)
                parties[word.side] = word
        dates.append(date)
        states.append(consensus(independent, tuple(parties[side] for side in order), later))
    return Changes(dates, states)


def _consensus_on(current: dict[str, tuple[dt.date, Word]], later: Later | None) -> DistrictState:
    """:func:`_consensus_changes`' state on a day alone, from ``current``: side → (its first day, its word on that day)."""
    if not current:
        return UNKNOWN
    independent = current.pop(INDEPENDENT, (None, None))[1]
    order = _party_order({side: first for side, (first, _) in current.items()})
    return consensus(independent, tuple(current[side][1] for side in order), later)


def _party_order(first_day: dict[str, dt.date]) -> list[str]:
    """The order parties are weighed in: the order they first spoke in, a day's in side order.

    The one statement of it, for the pass over every day and for a day found alone.
    """
    return sorted(first_day, key=lambda side: (first_day[side], side))


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
