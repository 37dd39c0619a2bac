"""The timeline's fast paths give exactly what the plain rules give.

``Timeline`` applies :func:`core.rules.consensus` inline and shares Word and state
objects between districts; these tests hold it against straightforward versions of the
same rules (the code before those optimisations) on generated national-style data.
"""

from __future__ import annotations

import datetime as dt
import pickle
from collections import defaultdict

import pytest

from benchmarks.generate import claims_yaml
from core.model import INDEPENDENT, Dataset
from core.rules import CONSENSUS, DistrictState, Timeline, Word, build_words, consensus, word_from_claims
from tests.scenarios import claim
from yamldata.loader import DEFAULT_DISTRICTS, load_dataset, load_gazetteer

D1, D2, D3 = "2021-09-04", "2021-09-05", "2021-09-06"


def plain_words(dataset: Dataset) -> dict[str, dict[str, list[Word]]]:
    """Every class's words per district, one Word per (district, side, date), nothing shared."""
    by_key: dict[tuple[str, str], dict[dt.date, list]] = defaultdict(lambda: defaultdict(list))
    for c in dataset.claims:
        if c.status != "statement":
            for district in c.districts + c.places:  # an `all` claim names every district, never a place
                by_key[(district, dataset.side_of(c))][c.date].append(c)
    sides = sorted({side for _, side in by_key})
    return {
        d: {s: [word_from_claims(s, day, by_key[(d, s)][day]) for day in sorted(by_key[(d, s)])] for s in sides if (d, s) in by_key}
        for d in dataset.gazetteer.unit_ids
    }


def plain_consensus_changes(by_side: dict[str, list[Word]]) -> list[tuple[dt.date, DistrictState]]:
    """The consensus after each day some class spoke, through consensus() itself."""
    events = sorted((w.date, side, i) for side, ws in by_side.items() for i, w in enumerate(ws))
    current: dict[str, Word] = {}
    out: list[tuple[dt.date, DistrictState]] = []
    for index, (date, side, i) in enumerate(events):
        current[side] = by_side[side][i]
        if index + 1 < len(events) and events[index + 1][0] == date:
            continue
        state = consensus(current.get(INDEPENDENT), [w for s, w in current.items() if s != INDEPENDENT])
        if not out or out[-1][1] != state:
            out.append((date, state))
    return out


@pytest.fixture(scope="module", params=[(11, 7), (12, 60)])
def generated(request, tmp_path_factory) -> Dataset:
    """Generated claims (some about all districts, three parties) over a 7- or 60-district gazetteer."""
    seed, n_districts = request.param
    root = tmp_path_factory.mktemp(f"generated-{seed}")
    districts = DEFAULT_DISTRICTS
    if n_districts != 7:
        lines = ["region: Testland", "districts:"]
        lines += [f"  - {{id: d{i:02d}, name: District {i:02d}, aliases: [Dist {i:02d}]}}" for i in range(n_districts)]
        districts = root / "districts.yaml"
        districts.write_text("\n".join(lines) + "\n", encoding="utf-8")
    # More claims about all districts than the generator's 0.4 %, so shared words meet specific ones.
    text = claims_yaml(load_gazetteer(districts), 4000, seed).replace("    districts: [", "    districts: [all, ", 40)
    claims = root / "claims.yaml"
    claims.write_text(text, encoding="utf-8")
    return load_dataset(districts, claims)


def test_words_equal_the_plain_ones(generated):
    assert build_words(generated) == plain_words(generated)


def test_consensus_inline_equals_the_rules_function(generated):
    timeline = Timeline(generated)
    words = plain_words(generated)
    for district in generated.gazetteer.ids:
        assert timeline.changes(district) == plain_consensus_changes(words[district]), district


def test_side_views_are_the_sides_words(generated):
    timeline = Timeline(generated)
    for side in timeline.views[1:]:
        for district in generated.gazetteer.ids:
            expected = [(w.date, DistrictState(w.status, w.holder, w.claims, (w,))) for w in timeline.words[district].get(side, [])]
            assert timeline.changes(district, side) == expected


def test_every_day_some_class_spoke_is_a_change_point(generated):
    """A new word has a new date, so a day's state always differs from the day before."""
    timeline = Timeline(generated)
    for district in generated.gazetteer.ids:
        days = {w.date for ws in timeline.words[district].values() for w in ws}
        assert [d for d, _ in timeline.changes(district)] == sorted(days)


def test_words_about_all_districts_are_one_object(files):
    files.write([claim("c1", D1, "wire", "all", holder="red"), claim("c2", D2, "wire", ["North"], holder="blue")])
    words = Timeline(files.dataset()).words
    assert words["north"]["independent"][0] is words["south"]["independent"][0] is words["east"]["independent"][0]
    assert words["north"]["independent"][1] == Word("independent", dt.date(2021, 9, 5), "held", "blue", ("c2",))


def test_a_claim_alone_on_its_day_is_one_word_for_every_district_it_names(files):
    files.write([claim("c1", D1, "red-spox", ["North", "South"], holder="red"), claim("c2", D1, "red-spox", ["East"], holder="red")])
    timeline = Timeline(files.dataset())
    north, south, east = (timeline.words[d]["red"][0] for d in ("north", "south", "east"))
    assert north is south and north == Word("red", dt.date(2021, 9, 4), "held", "red", ("c1",))
    assert east is not north and east.claims == ("c2",)
    assert timeline.changes("north", "red")[0][1] is timeline.changes("south", "red")[0][1]  # one state too


def test_a_shared_word_merges_with_a_districts_own_claims_that_day(files):
    files.write([claim("c1", D1, "wire", "all", holder="red"), claim("c2", D1, "ngo", ["North"], holder="blue")])
    timeline = Timeline(files.dataset())
    assert timeline.words["north"]["independent"] == [Word("independent", dt.date(2021, 9, 4), "contested", None, ("c1", "c2"))]
    assert timeline.words["south"]["independent"] == [Word("independent", dt.date(2021, 9, 4), "held", "red", ("c1",))]


def test_states_and_words_stay_frozen_hashable_and_picklable(files):
    files.write([claim("c1", D1, "wire", ["North"], holder="red"), claim("c2", D2, "red-spox", ["North"], holder="red")])
    state = Timeline(files.dataset()).state("north", dt.date(2021, 9, 5), CONSENSUS)
    assert state == DistrictState("confirmed", "red", ("c2", "c1"), state.words) and hash(state) == hash(pickle.loads(pickle.dumps(state)))
    with pytest.raises(AttributeError):
        state.status = "claimed"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        state.words[0].holder = "blue"  # type: ignore[misc]
