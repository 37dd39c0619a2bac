"""The evidence vocabulary (docs/rules.md, "How sure"): hedges, presence, denials, "could not verify", order in a day.

Each rule in one small scenario; the rules of control without these fields are in test_rules.py.
"""

from __future__ import annotations

import datetime as dt

import pytest

from core.explain import headline
from core.rules import CONSENSUS
from tests.scenarios import claim

D1, D2, D3 = "2021-09-04", "2021-09-05", "2021-09-06"


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def state(scenario, claims, district="north", on=D3, view=CONSENSUS):
    scenario.write(claims)
    return scenario.timeline().state(district, day(on), view)


def hedged(cid, date, source, districts, **extra):
    return claim(cid, date, source, districts, certainty="hedged", **extra)


def present(cid, date, source, districts, party, **extra):
    return claim(cid, date, source, districts, status="present", party=party, **extra)


# ---- hedged and presence words never confirm ----------------------------------------


def test_a_firm_independent_word_still_confirms(scenario):
    s = state(scenario, [claim("c1", D2, "wire", ["North"], holder="red")])
    assert (s.status, s.holder) == ("confirmed", "red")


def test_a_hedged_independent_word_alone_is_only_corroborated(scenario):
    s = state(scenario, [hedged("c1", D2, "wire", ["North"], holder="red", quote="It appears North is held by Red")])
    assert (s.status, s.holder, s.claims) == ("corroborated", "red", ("c1",))
    assert headline(s, scenario.dataset()) == (
        "Red Army control reported, hedged, by Wire service (5 Sep 2021): “It appears North is held by Red”; "
        "no party claims it; unconfirmed"
    )


def test_a_report_of_presence_alone_is_presence_not_control(scenario):
    s = state(scenario, [present("c1", D2, "ngo", ["North"], "red", quote="Red forces had reached North")])
    assert (s.status, s.holder, s.claims) == ("present", "red", ("c1",))
    assert headline(s, scenario.dataset()) == (
        "Red Army forces present, not control — reported by Aid group (5 Sep 2021): “Red forces had reached North”"
    )


def test_a_party_claim_with_hedged_independent_support_is_corroborated_not_confirmed(scenario):
    claims = [claim("c1", D2, "red-spox", ["North"], holder="red"), hedged("c2", D2, "wire", ["North"], holder="red")]
    s = state(scenario, claims)
    assert (s.status, s.holder, set(s.claims)) == ("corroborated", "red", {"c1", "c2"})
    text = headline(s, scenario.dataset())
    assert text == (
        "Red Army control claimed by Red Army, partly supported by Wire service (5 Sep 2021) — hedged: “quote of c2”; unconfirmed"
    )


def test_the_same_party_claim_with_a_firm_independent_word_is_confirmed(scenario):
    claims = [claim("c1", D2, "red-spox", ["North"], holder="red"), claim("c2", D2, "wire", ["North"], holder="red")]
    assert state(scenario, claims).status == "confirmed"


def test_presence_corroborates_a_party_claim(scenario):
    claims = [claim("c1", D1, "red-spox", ["North"], holder="red"), present("c2", D2, "ngo", ["North"], "red")]
    assert (state(scenario, claims).status, state(scenario, claims).holder) == ("corroborated", "red")


def test_a_disputed_district_with_hedged_support_for_one_side_is_corroborated_for_it(scenario):
    claims = [
        claim("c1", D2, "red-spox", ["North"], holder="red"),
        claim("c2", D2, "blue-spox", ["North"], holder="blue"),
        hedged("c3", D2, "wire", ["North"], holder="red"),
    ]
    s = state(scenario, claims)
    assert (s.status, s.holder, set(s.claims)) == ("corroborated", "red", {"c1", "c3"})
    text = headline(s, scenario.dataset())
    assert text.startswith("Red Army control claimed by Red Army, partly supported by Wire service (5 Sep 2021) — hedged")
    assert text.endswith("; unconfirmed. Also: Blue Front: held by Blue Front (Blue spokesman, 5 Sep 2021)")


def test_a_party_speaking_against_it_after_the_hedged_word_keeps_it_disputed(scenario):
    claims = [
        claim("c1", D1, "red-spox", ["North"], holder="red"),
        hedged("c2", D2, "wire", ["North"], holder="red"),
        claim("c3", D3, "blue-spox", ["North"], holder="blue"),
    ]
    assert state(scenario, claims).status == "disputed"
    assert state(scenario, claims, on=D2).status == "corroborated"


def test_hedged_support_for_another_holder_leaves_the_claim_claimed(scenario):
    claims = [claim("c1", D2, "red-spox", ["North"], holder="red"), hedged("c2", D2, "wire", ["North"], holder="blue")]
    s = state(scenario, claims)
    assert (s.status, s.holder) == ("claimed", "red")
    assert headline(s, scenario.dataset()).endswith(". Also: Independent sources: held by Blue Front, hedged (Wire service, 5 Sep 2021)")


def test_hedged_fighting_corroborates_a_dispute_as_contested_unconfirmed(scenario):
    claims = [
        claim("c1", D2, "red-spox", ["North"], holder="red"),
        claim("c2", D2, "blue-spox", ["North"], status="contested"),
        hedged("c3", D2, "wire", ["North"], status="contested"),
    ]
    s = state(scenario, claims)
    assert (s.status, s.holder) == ("corroborated", None)
    assert headline(s, scenario.dataset()).startswith(
        "Contested, partly supported by an independent source (unconfirmed) — "
        "Independent sources: contested, hedged (Wire service, 5 Sep 2021)"
    )


def test_a_firm_word_of_the_same_class_and_day_outweighs_a_hedged_one(scenario):
    claims = [hedged("c1", D2, "wire", ["North"], holder="blue"), claim("c2", D2, "ngo", ["North"], holder="red")]
    s = state(scenario, claims)
    assert (s.status, s.holder, s.claims) == ("confirmed", "red", ("c2",))
    assert s.words[0].notes == ("c1",)


def test_a_newer_hedged_independent_word_replaces_an_older_firm_one(scenario):
    claims = [claim("c1", D1, "wire", ["North"], holder="red"), hedged("c2", D2, "wire", ["North"], holder="red")]
    assert state(scenario, claims).status == "corroborated"
    assert state(scenario, claims, on=D1).status == "confirmed"


def test_a_hedged_concession_does_not_confirm(scenario):
    claims = [hedged("c1", D2, "blue-spox", ["North"], holder="red"), claim("c2", D2, "red-spox", ["North"], holder="red")]
    assert state(scenario, claims).status == "claimed"


# ---- denials and "could not verify" ------------------------------------------------


def test_a_denial_makes_a_claim_disputed_without_making_the_denier_its_holder(scenario):
    claims = [
        claim("c1", D2, "red-spox", ["North"], holder="red"),
        claim("c2", D2, "blue-spox", ["North"], status="denied", party="red", quote="This is a lie"),
    ]
    s = state(scenario, claims)
    assert (s.status, s.holder, set(s.claims)) == ("disputed", None, {"c1", "c2"})
    assert "Blue Front: denies Red Army control" in headline(s, scenario.dataset())
    blue = scenario.timeline().state("north", day(D3), "blue")
    assert (blue.status, blue.holder) == ("denied", "red")


def test_a_denial_after_a_firm_independent_word_disputes_it(scenario):
    claims = [
        claim("c1", D1, "wire", ["North"], holder="red"),
        claim("c2", D2, "blue-spox", ["North"], status="denied", party="red"),
    ]
    assert state(scenario, claims).status == "disputed"


def test_could_not_verify_leaves_a_claim_claimed_and_says_so(scenario):
    claims = [
        claim("c1", D2, "red-spox", ["North"], holder="red"),
        claim("c2", D2, "wire", ["North"], status="unverified", party="red", quote="It was not possible to verify"),
    ]
    s = state(scenario, claims)
    assert (s.status, s.holder, s.claims) == ("claimed", "red", ("c1",))
    assert headline(s, scenario.dataset()) == (
        "Red Army control — claimed by Red Army (Red spokesman, 5 Sep 2021), unconfirmed. Wire service could not verify"
    )


def test_could_not_verify_alone_is_no_claim_of_control(scenario):
    s = state(scenario, [claim("c1", D2, "wire", ["North"], status="unverified", party="red")])
    assert s.status == "statements" and s.words and s.claims == ()
    assert headline(s, scenario.dataset()) == (
        "No claim of control — Independent sources: could not verify the Red Army claim (Wire service, 5 Sep 2021)"
    )


def test_a_party_denying_its_own_holder_word_the_same_day_makes_it_contested(scenario):
    claims = [
        claim("c1", D2, "blue-spox", ["North"], holder="red"),
        claim("c2", D2, "blue-spox", ["North"], status="denied", party="red"),
    ]
    assert state(scenario, claims, view="blue").status == "contested"


# ---- order within a day -----------------------------------------------------------


def test_a_party_claim_placed_after_the_independent_word_counts(scenario):
    claims = [
        claim("c1", D2, "wire", ["North"], holder="red", time="09:00"),
        claim("c2", D2, "blue-spox", ["North"], holder="blue", time="night"),
    ]
    s = state(scenario, claims)
    assert (s.status, s.holder) == ("claimed", "blue")


def test_without_an_order_same_day_party_words_do_not_count(scenario):
    claims = [claim("c1", D2, "wire", ["North"], holder="red"), claim("c2", D2, "blue-spox", ["North"], holder="blue")]
    assert (state(scenario, claims).status, state(scenario, claims).holder) == ("confirmed", "red")


def test_after_orders_claims_of_one_class_the_later_one_is_its_word(scenario):
    claims = [
        claim("c1", D2, "blue-spox", ["North"], holder="blue"),
        claim("c2", D2, "blue-spox", ["North"], status="contested", after="c1"),
    ]
    s = state(scenario, claims, view="blue")
    assert (s.status, s.claims) == ("contested", ("c2",))


def test_after_places_a_party_word_after_the_independent_one(scenario):
    claims = [
        claim("c1", D2, "wire", ["North"], holder="red"),
        claim("c2", D2, "blue-spox", ["North"], status="denied", party="red", after="c1"),
    ]
    assert state(scenario, claims).status == "disputed"


# ---- the vocabulary is optional --------------------------------------------------------


def test_a_file_without_the_new_fields_takes_the_plain_path(scenario):
    scenario.write([claim("c1", D2, "wire", ["North"], holder="red")])
    dataset = scenario.dataset()
    assert not dataset.uses_evidence
    assert scenario.timeline().order is None


@pytest.mark.parametrize("extra", [{"certainty": "firm"}, {"undated": True}])
def test_fields_that_change_nothing_resolve_as_without_them(scenario, extra):
    plain = [claim("c1", D1, "red-spox", ["North"], holder="red"), claim("c2", D2, "wire", ["North"], holder="red")]
    with_field = [plain[0], {**plain[1], **extra}]
    assert state(scenario, plain) == state(scenario, with_field)


# ---- reliability ----------------------------------------------------------------------


def test_min_reliability_counts_only_sources_graded_at_or_above_it(scenario):
    sources = [
        {"id": "red-spox", "name": "Red spokesman", "party": "red"},
        {"id": "blue-spox", "name": "Blue spokesman", "party": "blue"},
        {"id": "wire", "name": "Wire service", "reliability": "B"},
        {"id": "ngo", "name": "Aid group", "reliability": "D"},
    ]
    scenario.write([claim("c1", D2, "ngo", ["North"], holder="red"), claim("c2", D1, "wire", ["North"], holder="blue")], sources=sources)
    from core.rules import ComputedTimeline

    dataset = scenario.dataset()
    assert ComputedTimeline(dataset).state("north", day(D3)).holder == "red"
    assert ComputedTimeline(dataset.graded("C")).state("north", day(D3)).holder == "blue"
    assert ComputedTimeline(dataset.graded("A")).state("north", day(D3)).status == "unknown"
    assert dataset.graded("F") is dataset and dataset.graded(None) is dataset


# ---- found in review ----------------------------------------------------------------


def test_could_not_verify_on_a_later_day_does_not_undo_a_firm_word(scenario):
    claims = [
        claim("c1", D1, "wire", ["North"], holder="red"),
        claim("c2", D2, "ngo", ["North"], status="unverified", party="red"),
    ]
    s = state(scenario, claims)
    assert (s.status, s.holder, s.claims) == ("confirmed", "red", ("c1",))
    assert "c2" in s.words[0].notes and headline(s, scenario.dataset()).endswith(". Aid group could not verify")


def test_a_partys_own_could_not_verify_does_not_withdraw_its_claim(scenario):
    claims = [
        claim("c1", D1, "red-spox", ["North"], holder="red"),
        claim("c2", D1, "blue-spox", ["North"], holder="blue"),
        claim("c3", D2, "blue-spox", ["North"], status="unverified", party="red"),
    ]
    assert state(scenario, claims).status == "disputed"


def test_a_later_could_not_verify_does_not_supersede_a_firm_claim_of_the_same_day(scenario):
    claims = [
        claim("c1", D2, "wire", ["North"], holder="red", time="09:00"),
        claim("c2", D2, "ngo", ["North"], status="unverified", party="red", time="night"),
        claim("c3", D1, "red-spox", ["North"], holder="red"),
    ]
    assert state(scenario, claims).status == "confirmed"


def test_presence_of_both_sides_is_weak_not_a_firm_contested_word(scenario):
    claims = [
        claim("c1", D1, "red-spox", ["North"], holder="red"),
        present("c2", D2, "wire", ["North"], "red"),
        present("c3", D2, "ngo", ["North"], "blue"),
    ]
    s = state(scenario, claims)
    assert (s.status, s.holder) == ("claimed", "red")  # not "contested": presence never stands as a firm word


def test_a_long_chain_of_after_is_followed_without_recursion(scenario):
    chain = [claim("k0", D2, "wire", ["North"], holder="red")]
    chain += [claim(f"k{i}", D2, "wire", ["North"], holder="red", after=[f"k{i - 1}"]) for i in range(1, 1500)]
    scenario.write(list(reversed(chain)))
    s = scenario.timeline().state("north", day(D3), "independent")
    assert s.claims == ("k1499",)  # the last of the chain is the class's word


# ---- staleness --------------------------------------------------------------------


def _stale_files(scenario, days: int | None):
    settings = {"stale_after_days": days} if days is not None else None
    claims = [claim("c1", D1, "wire", ["North"], holder="red"), claim("c2", D3, "wire", ["South"], holder="red")]
    return scenario.write(claims, settings=settings).dataset()


def test_staleness_is_off_unless_the_file_sets_it(scenario):
    from core.rules import ComputedTimeline, age_days, stale_age

    dataset = _stale_files(scenario, None)
    s = ComputedTimeline(dataset).state("north", day(D3))
    assert age_days(s, day(D3), dataset) == 2 and stale_age(s, day(D3), dataset) is None


def test_a_deciding_claim_older_than_the_setting_is_stale_and_drawn_faded(scenario):
    import pandas as pd

    from core.rules import ComputedTimeline, stale_age
    from webmap.timemap import time_payload, unpack_changes

    dataset = _stale_files(scenario, 1)
    timeline = ComputedTimeline(dataset)
    north, south = timeline.state("north", day(D3)), timeline.state("south", day(D3))
    assert stale_age(north, day(D3), dataset) == 2 and stale_age(south, day(D3), dataset) is None
    assert stale_age(north, day(D2), dataset) is None  # one day old: not yet

    class Boundaries:  # the payload needs the districts' order and the attribution only
        districts = pd.DataFrame({"id": ["north", "south", "east"]})
        schematic, attribution = False, "test shapes"

    # The lean data the app's map gets carry each state's newest deciding claim's day, from
    # which the browser fades a state older than the setting, as stale_age says.
    payload = time_payload(timeline, Boundaries(), day(D3), CONSENSUS, lean=True)
    assert payload["staleAfter"] == 1
    start = dt.date.fromisoformat(payload["start"])
    for index, district in enumerate(("north", "south")):
        changes = unpack_changes(payload["districts"][index]["changes"], payload["packed"])
        point = [c for c in changes if c[0] <= (day(D3) - start).days][-1]
        newest = start + dt.timedelta(days=point[2])
        state = timeline.state(district, day(D3))
        assert newest == max(dataset.claim(c).date for c in state.claims)
        assert ((day(D3) - newest).days > payload["staleAfter"]) == (stale_age(state, day(D3), dataset) is not None)
