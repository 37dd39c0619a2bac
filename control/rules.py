"""The rules that turn dated claims into a state for every district on every date.

Pure functions over a :class:`~control.model.Dataset`. The timeline is computed once,
in one pass over the claims grouped by (district, class, date): states can only change
on a date some class spoke, so only those change points are stored and a lookup for
any day is a binary search. See README, "The rules of control".

Vocabulary: a *class* (or *side*) is ``independent`` (sources with no party) or a
party id. A class's *word* on a district at a date is what its newest claims about
that district say: ``held`` by one party, or ``contested``.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from control.gcpause import paused_gc
from control.model import INDEPENDENT, Claim, Dataset

CONSENSUS = "consensus"
CONSENSUS_STATUSES = ("confirmed", "claimed", "contested", "disputed", "unknown")
SIDE_STATUSES = ("held", "contested", "unknown")


@dataclass(frozen=True)
class Word:
    """What one class last said about one district: held by ``holder``, or contested."""

    side: str
    date: dt.date
    status: str  # held | contested
    holder: str | None
    claims: tuple[str, ...]


@dataclass(frozen=True)
class DistrictState:
    """A district's state on a date under a view, and the claims that decided it."""

    status: str
    holder: str | None = None
    claims: tuple[str, ...] = ()
    words: tuple[Word, ...] = ()  # every class's current word, for explanations


UNKNOWN = DistrictState("unknown")


def word_from_claims(side: str, date: dt.date, claims: list[Claim]) -> Word:
    """Same-day claims of one class: held by h if all say held by the same h, else contested."""
    if len(claims) == 1:  # the common case, without the set and the sort
        only = claims[0]
        if only.status == "held" and only.holder is not None:
            return Word(side, date, "held", only.holder, (only.id,))
        return Word(side, date, "contested", None, (only.id,))
    holders = {c.holder if c.status == "held" else None for c in claims}
    ids = tuple(sorted(c.id for c in claims))
    if len(holders) == 1 and None not in holders:
        return Word(side, date, "held", holders.pop(), ids)
    return Word(side, date, "contested", None, ids)


def side_view(word: Word | None) -> DistrictState:
    """A single class's view (a party's own claims, or independent sources only)."""
    if word is None:
        return UNKNOWN
    return DistrictState(word.status, word.holder, word.claims, (word,))


def consensus(independent: Word | None, party_words: list[Word]) -> DistrictState:
    """The default view: independent assessments weighed against the parties' claims.

    1. Party words count only when dated after the newest independent word.
    2. None count: the independent word decides (held h → confirmed h), or unknown.
    3. Else: all counting words say held by h → confirmed h if a party other than h
       says so (a concession), claimed h if only h does; any other mix → disputed.
    4. An independent word agreeing with the parties upgrades: held h + claimed h →
       confirmed h; contested + disputed → contested.
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


def build_words(dataset: Dataset) -> dict[str, dict[str, list[Word]]]:
    """Every class's words per district, in date order: ``{district: {side: [Word, …]}}``.

    Claims about ``all`` districts are kept once per class and merged per district,
    so a national gazetteer does not multiply them by the number of districts: a date
    on which a class spoke only about ``all`` has one Word object, shared by every
    district (the view states built from it are shared too).
    """
    specific: dict[tuple[str, str], dict[dt.date, list[Claim]]] = defaultdict(lambda: defaultdict(list))
    everywhere: dict[str, dict[dt.date, list[Claim]]] = defaultdict(lambda: defaultdict(list))
    side_of = {s.id: s.side for s in dataset.sources}
    for claim in dataset.claims:
        if claim.status == "statement":
            continue
        side = side_of[claim.source]
        if claim.covers_all:
            everywhere[side][claim.date].append(claim)
        else:
            for district in claim.districts:
                specific[(district, side)][claim.date].append(claim)
    shared_words = {side: {d: word_from_claims(side, d, claims) for d, claims in by_date.items()} for side, by_date in everywhere.items()}
    shared_lists = {side: [by_date[d] for d in sorted(by_date)] for side, by_date in shared_words.items()}
    words: dict[str, dict[str, list[Word]]] = {d: {} for d in dataset.gazetteer.ids}
    sides = sorted({side for _, side in specific} | set(everywhere))
    for district in dataset.gazetteer.ids:
        for side in sides:
            own = specific.get((district, side))
            if own is None:
                if side in shared_lists:
                    words[district][side] = list(shared_lists[side])
                continue
            shared = everywhere.get(side, {})
            common = shared_words.get(side, {})
            dates = sorted(own.keys() | shared.keys()) if shared else sorted(own)
            words[district][side] = [
                word_from_claims(side, d, own[d] + shared[d])
                if d in shared
                else word_from_claims(side, d, own[d])
                if d in own
                else common[d]
                for d in dates
            ]
    return words


class Timeline:
    """States of every district under every view, stored at change points only.

    Each view is computed on first use, for all districts at once, in one pass over
    each district's words (sorted by date): a side view's change points are that
    side's words; the consensus merges every side's words by date. Lookups are a
    binary search over those dates.
    """

    def __init__(self, dataset: Dataset):
        self.dataset = dataset
        with paused_gc():
            self.words = build_words(dataset)
        self._views: dict[str, dict[str, tuple[list[dt.date], list[DistrictState]]]] = {}
        self._ids = dataset.gazetteer.ids

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
            with paused_gc():
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
                state = states[id(word)] = side_view(word)
            out.append(state)
        return [w.date for w in words], out

    def _consensus_changes(self, district: str) -> tuple[list[dt.date], list[DistrictState]]:
        by_side = self.words[district]
        events = sorted((w.date, side, i) for side, ws in by_side.items() for i, w in enumerate(ws))
        current: dict[str, Word] = {}
        dates: list[dt.date] = []
        states: list[DistrictState] = []
        last = len(events) - 1
        for index, (date, side, i) in enumerate(events):
            current[side] = by_side[side][i]
            if index < last and events[index + 1][0] == date:
                continue  # apply every word of the same day before judging
            state = consensus(current.get(INDEPENDENT), [w for s, w in current.items() if s != INDEPENDENT])
            if states and states[-1] == state:
                continue  # nothing new, not even in the explanation
            dates.append(date)
            states.append(state)
        return dates, states

    def state(self, district: str, date: dt.date, view: str = CONSENSUS) -> DistrictState:
        """The state of ``district`` on ``date`` (a binary search over change points)."""
        dates, states = self._changes(view)[district]
        index = bisect.bisect_right(dates, date) - 1
        return states[index] if index >= 0 else UNKNOWN

    def states_on(self, date: dt.date, view: str = CONSENSUS) -> dict[str, DistrictState]:
        return {d: self.state(d, date, view) for d in self.dataset.gazetteer.ids}

    def changes(self, district: str, view: str = CONSENSUS) -> list[tuple[dt.date, DistrictState]]:
        """The dates on which the district's state changed under ``view``, with the new state."""
        dates, states = self._changes(view)[district]
        return list(zip(dates, states, strict=True))
