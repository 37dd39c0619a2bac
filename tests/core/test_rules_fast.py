"""The timeline's shortcuts give exactly what the rules give, applied one by one.

:class:`ComputedTimeline` shares Word and state objects between districts, remembers
the word of a claim alone on its day by the claim's shape, and applies
:func:`core.rules.consensus` once per change point. These tests hold it against the
rules applied the plain way — every (unit, class, day) on its own through
:func:`class_word`, the consensus recomputed from scratch for every day — on random
datasets built in memory, with and without the evidence fields.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import pickle
import random
from collections import defaultdict

import pytest

from core.model import INDEPENDENT, Claim, Dataset, District, Gazetteer, Party, Place, Seat, Source
from core.places import districts_through
from core.rules import (
    CONSENSUS,
    UNKNOWN,
    ComputedTimeline,
    DistrictState,
    Word,
    build_words,
    carry_past_unverified,
    class_word,
    consensus,
    order_of,
)
from tests.scenarios import claim

D1, D2, D3 = "2021-09-04", "2021-09-05", "2021-09-06"
PARTIES = ("red", "blue", "green")


def random_dataset(seed: int, units: int, count: int, *, evidence: bool) -> Dataset:
    """``count`` random claims over ``units`` districts (two places among them), some about all districts.

    With ``evidence``: hedges, presence, denials, "could not verify", times of day and
    ``after`` (only to claims of the same day made before, so no circles), as a valid file may hold.
    """
    rng = random.Random(seed)
    districts = tuple(District(f"d{i:02d}", f"District {i:02d}") for i in range(units))
    places = (Place("centre", "Centre", "district_centre", Seat(0, 0), "d00"), Place("pass", "Pass", "pass", Seat(0, 0), "d01"))
    gazetteer = Gazetteer("Testland", districts, places=places)
    sources = [Source(f"{p}-{i}", f"{p} {i}", party=p) for p in PARTIES for i in range(2)] + [Source(f"wire-{i}", "wire") for i in range(3)]
    start = dt.date(2021, 9, 1)
    statuses = ("held", "contested", "statement") + (("present", "denied", "unverified") if evidence else ())
    weights = (0.5, 0.2, 0.05) + ((0.1, 0.1, 0.05) if evidence else ())
    claims: list[Claim] = []
    by_day: dict[dt.date, list[Claim]] = defaultdict(list)
    for i in range(count):
        source = rng.choice(sources)
        date = start + dt.timedelta(days=rng.randrange(25))
        status = rng.choices(statuses, weights)[0]
        covers_all = rng.random() < 0.04
        ids = gazetteer.ids if covers_all else tuple(rng.sample(gazetteer.ids, rng.choice((1, 1, 2, 3))))
        named = rng.choice(((), (), (), ("centre",), ("pass",), ("centre", "pass")))
        if named and not covers_all:
            ids = tuple(dict.fromkeys(ids + districts_through(named, gazetteer)))
        party = rng.choice(PARTIES) if status in ("present", "denied", "unverified") else None
        holder = (source.party if source.party and rng.random() < 0.8 else rng.choice(PARTIES)) if status == "held" else None
        hedged = evidence and status in ("held", "contested", "present") and rng.random() < 0.25
        time = rng.choice((None, None, 540, 900, 1320, rng.randrange(1440))) if evidence else None
        earlier = [c for c in by_day[date] if c.time is None or time is None or c.time <= time]
        after = (rng.choice(earlier).id,) if evidence and earlier and rng.random() < 0.2 else ()
        made = Claim(f"c{i:05d}", date, source.id, status, ids, holder, "q", covers_all=covers_all, party=party, hedged=hedged,
                     time=time, after=after, places=named)  # fmt: skip
        claims.append(made)
        by_day[date].append(made)
    party_rows = tuple(Party(p, p.title(), "#000000") for p in PARTIES)
    return Dataset(gazetteer, party_rows, tuple(sources), tuple(claims))


def plain_words(dataset: Dataset) -> dict[str, dict[str, list[Word]]]:
    """Every class's words per unit by :func:`class_word`, one per (unit, class, day), nothing shared or remembered."""
    order = order_of(dataset) if dataset.uses_evidence else None
    places = set(dataset.gazetteer.place_ids)
    by_key: dict[tuple[str, str], dict[dt.date, list]] = defaultdict(lambda: defaultdict(list))
    for c in dataset.claims:
        if c.status != "statement":
            units = [u for u in c.districts if not (c.covers_all and u in places)] + list(c.places)
            for unit in dict.fromkeys(units):
                by_key[(unit, dataset.side_of(c))][c.date].append(c)
    sides = sorted({side for _, side in by_key})
    words = {
        u: {s: [class_word(s, day, by_key[(u, s)][day], order) for day in sorted(by_key[(u, s)])] for s in sides if (u, s) in by_key}
        for u in dataset.gazetteer.unit_ids
    }
    if order is not None:
        words = {u: {s: carry_past_unverified(w) for s, w in by_side.items()} for u, by_side in words.items()}
    return words


def plain_consensus_changes(by_side: dict[str, list[Word]], later) -> list[tuple[dt.date, DistrictState]]:
    """The consensus after each day some class spoke, from the words current that day."""
    events = sorted((w.date, side, i) for side, ws in by_side.items() for i, w in enumerate(ws))
    current: dict[str, Word] = {}
    out: list[tuple[dt.date, DistrictState]] = []
    for index, (date, side, i) in enumerate(events):
        current[side] = by_side[side][i]
        if index + 1 < len(events) and events[index + 1][0] == date:
            continue
        out.append((date, consensus(current.get(INDEPENDENT), [w for s, w in current.items() if s != INDEPENDENT], later)))
    return out


def plain_statements(dataset: Dataset, view: str) -> dict[str, list]:
    """Each unit's statements that ``view`` hears (the consensus: every side's); "all" reaches districts, never places."""
    said: dict[str, list] = defaultdict(list)
    for c in dataset.claims:
        if c.status == "statement" and (view == CONSENSUS or dataset.side_of(c) == view):
            for unit in dict.fromkeys((*(dataset.gazetteer.ids if c.covers_all else c.districts), *c.places)):
                said[unit].append(c)
    return said


def with_said(changes: list[tuple[dt.date, DistrictState]], said: list) -> list[tuple[dt.date, DistrictState]]:
    """Rule 9 by brute force: on every day something was said, the state, or the statements so far where nothing
    was said about control; consecutive equal states once."""
    out: list[tuple[dt.date, DistrictState]] = []
    for day in sorted({d for d, _ in changes} | {c.date for c in said}):
        state = next((s for d, s in reversed(changes) if d <= day), UNKNOWN)
        ids = tuple(c.id for c in sorted((c for c in said if c.date <= day), key=lambda c: (c.date, c.id), reverse=True))
        if state.status in ("unknown", "statements") and ids:
            state = DistrictState("statements", None, ids, state.words)
        if not out or out[-1][1] != state:
            out.append((day, state))
    return out


@pytest.fixture(scope="module", params=[(11, 7, False), (12, 60, False), (13, 7, True), (14, 40, True)], ids=str)
def generated(request) -> Dataset:
    seed, units, evidence = request.param
    return random_dataset(seed, units, 3000, evidence=evidence)


def test_the_generated_data_uses_what_it_should(generated):
    evidence = any(c.hedged or c.party for c in generated.claims)
    assert generated.uses_evidence == evidence
    if evidence:  # every path of the rules is exercised
        assert {c.status for c in generated.claims} >= {"present", "denied", "unverified"}
        assert any(c.after for c in generated.claims) and any(c.time for c in generated.claims)


def test_words_equal_the_plain_ones(generated):
    assert build_words(generated) == plain_words(generated)


def test_every_word_is_of_one_class_and_a_qualified_one_stays_apart(generated):
    """The rules read a word's fields at every change point: with words of one class, Python's attribute
    caches hold at each read (docs/decisions.md). A word made with the evidence vocabulary is still no
    plain word with the same five fields."""
    words = build_words(generated)
    assert {type(w) for by_side in words.values() for ws in by_side.values() for w in ws} == {Word}
    plain = Word(INDEPENDENT, dt.date(2021, 9, 4), "held", "red", ("c1",))
    assert plain != Word(*dataclasses.astuple(plain)[:5], qualified=True) and not plain.qualified


@pytest.mark.parametrize("seed", [13, 14])
def test_the_orders_shortcuts_answer_as_claim_later(seed):
    """Rule 5.1 asks which claims of a day came after which only where :meth:`Order.may_place` says some
    can: wherever it says none can, no claim of those is later than another (and where it says one
    can, one is placed after others, or two have a time of day). :meth:`Order.later` (rule 8) answers
    at once for claims placed nowhere: as every pair would by :meth:`Order.claim_later`."""
    dataset = random_dataset(seed, 7, 3000, evidence=True)
    order = order_of(dataset)
    rng = random.Random(seed)
    by_day: dict[dt.date, list[Claim]] = defaultdict(list)
    for c in dataset.claims:
        by_day[c.date].append(c)
    skipped = placed = trues = 0
    for claims in by_day.values():
        for _ in range(40):
            group = rng.sample(claims, rng.choice((2, 2, 3, 4)))
            later = any(order.claim_later(a.id, b.id) for a in group for b in group if a is not b)
            first, rest = [c.id for c in group[:1]], [c.id for c in group[1:]]
            assert order.later(first, rest) == all(order.claim_later(a, b) for a in first for b in rest)
            assert order.later(rest, first) == all(order.claim_later(a, b) for a in rest for b in first)
            trues += order.later(rest, first) + order.later(first, rest)
            if order.may_place(group):
                placed += 1
                assert any(c.after for c in group) or sum(c.time is not None for c in group) > 1
            else:
                skipped += 1
                assert not later, [c.id for c in group]
    assert skipped > 100 and placed > 100 and trues > 10  # every answer is exercised


def assert_consensus_is_the_rules_day_by_day(dataset, timeline):
    """Every unit's consensus change points equal the rules applied to its words day by day, then rule 9."""
    words = plain_words(dataset)
    order = order_of(dataset)
    later = order.later if order else None
    said = plain_statements(dataset, CONSENSUS)
    for unit in dataset.gazetteer.unit_ids:
        assert timeline.changes(unit) == with_said(plain_consensus_changes(words[unit], later), said[unit]), unit


def test_consensus_changes_equal_the_rules_applied_day_by_day(generated):
    assert_consensus_is_the_rules_day_by_day(generated, ComputedTimeline(generated))


@pytest.mark.parametrize("evidence", [False, True])
def test_sparse_claims_meet_every_state_rule_9_names(evidence):
    """Few claims over many districts: statements before a unit's first word, a party's fighting alone, presence alone."""
    sparse = random_dataset(22, 60, 150, evidence=evidence)
    timeline = ComputedTimeline(sparse)
    assert_consensus_is_the_rules_day_by_day(sparse, timeline)
    statuses = {(s.status, s.holder is None) for u in sparse.gazetteer.unit_ids for _, s in timeline.changes(u)}
    assert {("claimed", True), ("statements", True), ("disputed", True)} <= statuses
    if evidence:
        assert {("present", False), ("denied", False)} <= statuses


def test_side_views_are_the_sides_words(generated):
    timeline = ComputedTimeline(generated)
    for side in timeline.views[1:]:
        said = plain_statements(generated, side)
        for unit in generated.gazetteer.unit_ids:
            words = timeline.words[unit].get(side, [])
            hedged = ["hedged" if w.status == "held" and w.hedged else w.status for w in words]
            expected = [(w.date, DistrictState(status, w.holder, w.claims, (w,))) for w, status in zip(words, hedged, strict=True)]
            assert timeline.changes(unit, side) == with_said(expected, said[unit])


def test_every_day_some_class_spoke_is_a_change_point(generated):
    """A new word has a new date, so a day's state always differs from the day before; a statement's day is one
    only where nothing about control was said (rule 9): before the first word, or after words of no control."""
    timeline = ComputedTimeline(generated)
    said = plain_statements(generated, CONSENSUS)
    for unit in generated.gazetteer.unit_ids:
        days = {w.date for ws in timeline.words[unit].values() for w in ws}
        changes = [d for d, _ in timeline.changes(unit)]
        assert days <= set(changes) <= days | {c.date for c in said[unit]}
        first = min(days, default=dt.date.max)
        assert {d for d in changes if d < first} == {c.date for c in said[unit] if c.date < first}


def test_words_about_all_districts_are_one_object(scenario):
    scenario.write([claim("c1", D1, "wire", "all", holder="red"), claim("c2", D2, "wire", ["North"], holder="blue")])
    words = scenario.timeline().words
    assert words["north"]["independent"][0] is words["south"]["independent"][0] is words["east"]["independent"][0]
    assert words["north"]["independent"][1] == Word("independent", dt.date(2021, 9, 5), "held", "blue", ("c2",))


def test_a_claim_alone_on_its_day_is_one_word_for_every_district_it_names(scenario):
    scenario.write([claim("c1", D1, "red-spox", ["North", "South"], holder="red"), claim("c2", D1, "red-spox", ["East"], holder="red")])
    timeline = scenario.timeline()
    north, south, east = (timeline.words[d]["red"][0] for d in ("north", "south", "east"))
    assert north is south and north == Word("red", dt.date(2021, 9, 4), "held", "red", ("c1",))
    assert east is not north and east.claims == ("c2",)
    assert timeline.changes("north", "red")[0][1] is timeline.changes("south", "red")[0][1]  # one state too


def test_a_shared_word_merges_with_a_districts_own_claims_that_day(scenario):
    scenario.write([claim("c1", D1, "wire", "all", holder="red"), claim("c2", D1, "ngo", ["North"], holder="blue")])
    timeline = scenario.timeline()
    assert timeline.words["north"]["independent"] == [Word("independent", dt.date(2021, 9, 4), "contested", None, ("c1", "c2"))]
    assert timeline.words["south"]["independent"] == [Word("independent", dt.date(2021, 9, 4), "held", "red", ("c1",))]


def test_states_and_words_stay_frozen_hashable_and_picklable(scenario):
    scenario.write([claim("c1", D1, "wire", ["North"], holder="red"), claim("c2", D2, "red-spox", ["North"], holder="red")])
    state = scenario.timeline().state("north", dt.date(2021, 9, 5), CONSENSUS)
    assert state == DistrictState("confirmed", "red", ("c2", "c1"), state.words) and hash(state) == hash(pickle.loads(pickle.dumps(state)))
    with pytest.raises(AttributeError):
        state.status = "claimed"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        state.words[0].holder = "blue"  # type: ignore[misc]


def _days_to_ask(dataset: Dataset) -> list[dt.date]:
    """Every day something was said, the days between, and a day before the first and after the last."""
    first, last = min(dataset.dates), max(dataset.dates)
    return [first + dt.timedelta(days=i) for i in range(-1, (last - first).days + 2)]


@pytest.mark.parametrize(
    "seed, units, count, evidence", [(11, 7, 3000, False), (14, 40, 3000, True), (22, 60, 150, False), (22, 60, 150, True)]
)
def test_a_day_found_alone_is_that_day_of_the_whole_view(seed, units, count, evidence):
    """``state_alone`` weighs the words current on a day without the view's pass: equal on every day, unit and view.

    Sparse claims make parties first speak on different days, in any order of their names."""
    dataset = random_dataset(seed, units, count, evidence=evidence)
    whole = ComputedTimeline(dataset)
    alone = ComputedTimeline(dataset)
    for view in whole.views:
        for day in _days_to_ask(dataset):
            for unit in dataset.gazetteer.unit_ids:
                assert alone.state_alone(unit, day, view) == whole.state(unit, day, view), (unit, day, view)
    assert not alone._views and "words" not in vars(alone)  # nothing computed the views, nor every word


@pytest.mark.parametrize("evidence", [False, True])
def test_the_first_day_asked_is_found_alone_and_a_second_day_computes_the_view(evidence):
    dataset = random_dataset(31, 30, 800, evidence=evidence)
    whole = ComputedTimeline(dataset)
    timeline = ComputedTimeline(dataset)
    day, other = sorted(set(dataset.dates))[10], sorted(set(dataset.dates))[3]
    assert timeline.states_on(day) == whole.states_on(day)
    assert timeline.place_states_on(day) == whole.place_states_on(day)
    assert timeline.states_on(day, "red") == whole.states_on(day, "red")
    again, kept = timeline.states_on(day), timeline.states_on(day)  # the same day again: the states found are kept
    assert again == whole.states_on(day) and all(a is b for a, b in zip(again.values(), kept.values(), strict=True))
    assert not timeline._views and "words" not in vars(timeline)  # one day, asked of each view: no view computed, no words but its own
    assert timeline.states_on(other) == whole.states_on(other)
    assert set(timeline._views) == {CONSENSUS}  # the second day computed the view
    assert "days" not in vars(timeline)  # its words made, the grouped claims are let go
    assert timeline.states_on(day, "blue") == whole.states_on(day, "blue")  # another view's first day: grouped again
    assert timeline.states_on(day) == whole.states_on(day) and timeline.changes("d00") == whole.changes("d00")
    with pytest.raises(ValueError, match="unknown view"):
        timeline.states_on(day, "nobody")
