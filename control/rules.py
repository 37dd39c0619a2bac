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
from dataclasses import dataclass
from functools import cached_property
from itertools import groupby
from operator import attrgetter

from control.gcpause import paused_gc
from control.model import INDEPENDENT, Claim, Dataset, fast_constructor

CONSENSUS = "consensus"
CONSENSUS_STATUSES = ("confirmed", "claimed", "contested", "disputed", "unknown")
SIDE_STATUSES = ("held", "contested", "unknown")


@dataclass(frozen=True, slots=True)
class Word:
    """What one class last said about one district: held by ``holder``, or contested."""

    side: str
    date: dt.date
    status: str  # held | contested (a contested word has no holder)
    holder: str | None
    claims: tuple[str, ...]


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


def build_words(dataset: Dataset) -> dict[str, dict[str, list[Word]]]:
    """Every class's words per district, in date order: ``{district: {side: [Word, …]}}``.

    Sides appear in sorted order. Claims about ``all`` districts are kept once per
    class and merged per district, so a national gazetteer does not multiply them by
    the number of districts: a date on which a class spoke only about ``all`` has one
    Word object, shared by every district (the view states built from it are shared too).
    """
    side_of = {s.id: s.side for s in dataset.sources}
    ids = dataset.gazetteer.ids
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
            continue
        for district in claim.districts:
            by_date = specific[district][side]
            same_day = by_date.get(date)
            if same_day is None:
                by_date[date] = [claim]
            else:
                same_day.append(claim)
    shared_words = {side: {d: word_from_claims(side, d, claims) for d, claims in by_date.items()} for side, by_date in everywhere.items()}
    shared_lists = {side: [by_date[d] for d in sorted(by_date)] for side, by_date in shared_words.items()}
    sides = sorted({s for d in ids for s, by_date in specific[d].items() if by_date} | set(everywhere))
    # A claim alone on its day for its class gives the same word in every district it
    # names: one Word object, so a side view builds one state for it too.
    alone: dict[str, Word] = {}
    words: dict[str, dict[str, list[Word]]] = {}
    for district in ids:
        mine: dict[str, list[Word]] = {}
        for side in sides:
            own = specific[district].get(side)
            shared = everywhere.get(side)
            if not own:
                if shared:
                    mine[side] = list(shared_lists[side])
                continue
            by_date: dict[dt.date, Word] = {}
            for d, claims in own.items():
                if shared and d in shared:
                    by_date[d] = word_from_claims(side, d, claims + shared[d])
                elif len(claims) == 1:
                    word = alone.get(claims[0].id)
                    if word is None:
                        word = alone[claims[0].id] = word_from_claims(side, d, claims)
                    by_date[d] = word
                else:
                    by_date[d] = word_from_claims(side, d, claims)
            if shared:  # the days it spoke only about all: the shared words
                by_date = {**shared_words[side], **by_date}
            mine[side] = list(map(by_date.__getitem__, sorted(by_date)))
        words[district] = mine
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
                state = states[id(word)] = _state(word.status, word.holder, word.claims, (word,))
            out.append(state)
        return [w.date for w in words], out

    def _consensus_changes(self, district: str) -> tuple[list[dt.date], list[DistrictState]]:
        """:func:`consensus` after each date on which some class spoke, inlined.

        Every such date is a change point: a class's new word has a new date, so the
        state's ``words`` (and thus the state) always differ from the day before.
        Words of one day are applied in side order, as ``sorted((date, side))`` would.
        """
        by_side = self.words[district]
        if len(by_side) == 1:
            (events,) = by_side.values()
        else:
            events = [w for side in sorted(by_side) for w in by_side[side]]
            events.sort(key=_DATE)  # stable: same-day words stay in side order
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
