"""Each rule of docs/rules.md ("The consensus: rules 1 to 4", then "How sure"), one small scenario at a time."""

from __future__ import annotations

import datetime as dt

import pytest

from core.rules import CONSENSUS
from tests.scenarios import claim

D1, D2, D3 = "2021-09-04", "2021-09-05", "2021-09-06"


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def state(scenario, claims, district="north", on=D3, view=CONSENSUS):
    scenario.write(claims)
    return scenario.timeline().state(district, day(on), view)


# ---- a class's word -------------------------------------------------------------


def test_unknown_before_anyone_speaks(scenario):
    s = state(scenario, [claim("c1", D2, "red-spox", ["North"], holder="red")], on=D1)
    assert (s.status, s.holder, s.claims) == ("unknown", None, ())


def test_word_is_the_latest_date_only(scenario):
    claims = [claim("c1", D1, "wire", ["North"], holder="blue"), claim("c2", D2, "wire", ["North"], holder="red")]
    assert state(scenario, claims, view="independent").holder == "red"
    assert state(scenario, claims, view="independent", on=D1).holder == "blue"


def test_same_day_claims_of_one_class_that_agree_give_held(scenario):
    claims = [claim("c1", D2, "wire", ["North"], holder="red"), claim("c2", D2, "ngo", ["North"], holder="red")]
    s = state(scenario, claims, view="independent")
    assert (s.status, s.holder, set(s.claims)) == ("held", "red", {"c1", "c2"})


def test_same_day_claims_of_one_class_that_differ_give_contested(scenario):
    claims = [claim("c1", D2, "wire", ["North"], holder="red"), claim("c2", D2, "ngo", ["North"], holder="blue")]
    s = state(scenario, claims, view="independent")
    assert (s.status, s.holder, set(s.claims)) == ("contested", None, {"c1", "c2"})


def test_same_day_held_and_contested_give_contested(scenario):
    claims = [claim("c1", D2, "wire", ["North"], holder="red"), claim("c2", D2, "ngo", ["North"], status="contested")]
    assert state(scenario, claims, view="independent").status == "contested"


def test_all_covers_every_district_and_mixes_with_specific_claims(scenario):
    claims = [claim("c1", D2, "red-spox", "all", holder="red"), claim("c2", D2, "red-spox", ["East"], status="contested")]
    scenario.write(claims)
    timeline = scenario.timeline()
    assert {d: timeline.state(d, day(D2), "red").status for d in ("north", "south", "east")} == {
        "north": "held",
        "south": "held",
        "east": "contested",
    }


def test_all_written_in_a_list(scenario):
    s = state(scenario, [claim("c1", D2, "wire", ["all"], holder="red")], district="south", view="independent")
    assert (s.status, s.holder) == ("held", "red")


def test_statements_do_not_count_as_speaking(scenario):
    claims = [
        claim("c1", D1, "wire", ["North"], holder="red"),
        claim("c2", D2, "wire", ["North"], status="statement"),
        claim("c3", D2, "ngo", None, status="statement"),
    ]
    s = state(scenario, claims)
    assert (s.status, s.holder, s.claims) == ("confirmed", "red", ("c1",))


def test_alias_spellings_match_ignoring_case_spaces_hyphens_apostrophes_accents(scenario):
    claims = [
        claim("c1", D2, "wire", ["nORTH side"], holder="red"),  # alias Nórth-Side
        claim("c2", D2, "wire", ["osharq"], holder="red"),  # alias O'Sharq
        claim("c3", D2, "wire", ["JONUB"], holder="red"),
    ]
    scenario.write(claims)
    timeline = scenario.timeline()
    assert all(timeline.state(d, day(D2), "independent").holder == "red" for d in ("north", "south", "east"))


# ---- side views -----------------------------------------------------------------


def test_party_view_shows_only_that_partys_word(scenario):
    claims = [claim("c1", D2, "red-spox", ["North"], holder="red"), claim("c2", D2, "blue-spox", ["North"], holder="blue")]
    scenario.write(claims)
    timeline = scenario.timeline()
    assert timeline.state("north", day(D2), "red").holder == "red"
    assert timeline.state("north", day(D2), "blue").holder == "blue"
    assert timeline.state("north", day(D2), "independent").status == "unknown"


def test_unknown_view_is_an_error(scenario):
    with pytest.raises(ValueError, match="unknown view 'green'"):
        state(scenario, [], view="green")


# ---- consensus --------------------------------------------------------------------


def test_independent_word_alone_confirms(scenario):
    s = state(scenario, [claim("c1", D2, "wire", ["North"], holder="red")])
    assert (s.status, s.holder) == ("confirmed", "red")


def test_independent_contested_alone_is_contested(scenario):
    assert state(scenario, [claim("c1", D2, "wire", ["North"], status="contested")]).status == "contested"


def test_a_partys_own_claim_is_only_claimed(scenario):
    s = state(scenario, [claim("c1", D2, "red-spox", ["North"], holder="red")])
    assert (s.status, s.holder, s.claims) == ("claimed", "red", ("c1",))


def test_an_adversarys_concession_confirms(scenario):
    claims = [claim("c1", D2, "red-spox", ["North"], holder="red"), claim("c2", D2, "blue-spox", ["North"], holder="red")]
    s = state(scenario, claims)
    assert (s.status, s.holder, set(s.claims)) == ("confirmed", "red", {"c1", "c2"})


def test_a_concession_alone_confirms(scenario):
    assert state(scenario, [claim("c1", D2, "blue-spox", ["North"], holder="red")]).status == "confirmed"


def test_contradicting_parties_are_disputed(scenario):
    claims = [claim("c1", D2, "red-spox", ["North"], holder="red"), claim("c2", D2, "blue-spox", ["North"], holder="blue")]
    s = state(scenario, claims)
    assert (s.status, s.holder) == ("disputed", None)


def test_a_party_saying_contested_is_disputed_without_independent_word(scenario):
    claims = [claim("c1", D2, "red-spox", ["North"], holder="red"), claim("c2", D2, "blue-spox", ["North"], status="contested")]
    assert state(scenario, claims).status == "disputed"


def test_party_words_on_or_before_the_independent_date_do_not_count(scenario):
    claims = [
        claim("c1", D1, "red-spox", ["North"], holder="red"),
        claim("c2", D2, "blue-spox", ["North"], holder="blue"),
        claim("c3", D2, "wire", ["North"], holder="red"),
    ]
    s = state(scenario, claims)
    assert (s.status, s.holder, s.claims) == ("confirmed", "red", ("c3",))


def test_a_later_party_claim_overrides_the_independent_word(scenario):
    claims = [claim("c1", D1, "wire", ["North"], holder="red"), claim("c2", D2, "blue-spox", ["North"], holder="blue")]
    s = state(scenario, claims)
    assert (s.status, s.holder, s.claims) == ("claimed", "blue", ("c2",))


def test_independent_held_and_later_party_claim_for_the_same_holder_is_confirmed(scenario):
    claims = [claim("c1", D1, "wire", ["North"], holder="red"), claim("c2", D2, "red-spox", ["North"], holder="red")]
    s = state(scenario, claims)
    assert (s.status, s.holder, set(s.claims)) == ("confirmed", "red", {"c1", "c2"})


def test_independent_contested_and_later_disputed_parties_is_contested(scenario):
    claims = [
        claim("c1", D1, "wire", ["North"], status="contested"),
        claim("c2", D2, "red-spox", ["North"], holder="red"),
        claim("c3", D2, "blue-spox", ["North"], holder="blue"),
    ]
    s = state(scenario, claims)
    assert (s.status, set(s.claims)) == ("contested", {"c1", "c2", "c3"})


def test_independent_held_but_later_parties_disagree_is_disputed(scenario):
    claims = [
        claim("c1", D1, "wire", ["North"], holder="red"),
        claim("c2", D2, "red-spox", ["North"], holder="red"),
        claim("c3", D2, "blue-spox", ["North"], holder="blue"),
    ]
    assert state(scenario, claims).status == "disputed"


def test_independent_contested_but_later_party_claim_stands_as_claimed(scenario):
    claims = [claim("c1", D1, "wire", ["North"], status="contested"), claim("c2", D2, "red-spox", ["North"], holder="red")]
    s = state(scenario, claims)
    assert (s.status, s.holder) == ("claimed", "red")


def test_newer_independent_word_supersedes_party_words(scenario):
    claims = [
        claim("c1", D1, "red-spox", ["North"], holder="red"),
        claim("c2", D1, "blue-spox", ["North"], holder="blue"),
        claim("c3", D3, "ngo", ["North"], holder="blue"),
    ]
    scenario.write(claims)
    timeline = scenario.timeline()
    assert timeline.state("north", day(D2)).status == "disputed"
    assert (timeline.state("north", day(D3)).status, timeline.state("north", day(D3)).holder) == ("confirmed", "blue")


def test_each_district_is_judged_on_its_own(scenario):
    claims = [claim("c1", D2, "wire", ["North"], holder="red"), claim("c2", D2, "red-spox", ["South"], holder="red")]
    scenario.write(claims)
    states = scenario.timeline().states_on(day(D2))
    assert (states["north"].status, states["south"].status, states["east"].status) == ("confirmed", "claimed", "unknown")


def test_changes_lists_only_dates_where_the_state_changed(scenario):
    claims = [
        claim("c1", D1, "red-spox", ["North"], holder="red"),
        claim("c2", D2, "red-spox", ["South"], holder="red"),  # nothing new for North
        claim("c3", D3, "wire", ["North"], holder="red"),
    ]
    scenario.write(claims)
    changes = scenario.timeline().changes("north")
    assert [(d.isoformat(), s.status) for d, s in changes] == [(D1, "claimed"), (D3, "confirmed")]
