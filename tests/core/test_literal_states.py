"""Rule 9: every state is called by no more than its words say, in every view (docs/rules.md, "How sure", rule 9).

One district per situation, the claims of 1 September (and 2 September where one word
comes after another); each row says, for every view, the state, the legend's label and
how the headline starts. Parties: Red Army (``red``, spoken for by ``red-spox``) and Blue
Front (``blue``, ``blue-spox``); independent sources: ``wire`` and ``ngo``.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from core.explain import headline
from core.rules import CONSENSUS, ComputedTimeline, consensus
from core.style import category_label
from tests.scenarios import Scenario, claim

D1, D2 = "2021-09-01", "2021-09-02"
ON = dt.date(2021, 9, 2)
VIEWS = (CONSENSUS, "independent", "red", "blue")


def present(cid, date, source, units, party, **extra):
    return claim(cid, date, source, units, status="present", party=party, **extra)


def q(cid: str) -> str:
    return f": “quote of {cid}”"


#: situation → (its claims, what each view shows: view → (status, holder, label, headline start)).
#: Views not listed show nothing: unknown, "No information".
SITUATIONS = {
    "s01": (
        [claim("s01a", D1, "red-spox", None, status="contested")],
        {
            CONSENSUS: ("claimed", None, "Contested — by party accounts only (unconfirmed)",
                        "Contested, by one party's account only — Red Army: contested (Red spokesman, 1 Sep 2021)"
                        + q("s01a") + "; unconfirmed"),
            "red": ("contested", None, "Contested — by its own account (fighting, both sides present, or its sources differ)",
                    "Contested — by its own account (Red spokesman, 1 Sep 2021)" + q("s01a")),
        },
    ),
    "s02": (
        [present("s02a", D1, "red-spox", None, "red")],
        {
            CONSENSUS: ("present", "red", "Red Army — forces present (not control)",
                        "Red Army forces present, not control — by its own account (Red spokesman, 1 Sep 2021)" + q("s02a")),
            "red": ("present", "red", "Red Army — forces present (not control)",
                    "Red Army forces present, not control — by its own account (Red spokesman, 1 Sep 2021)" + q("s02a")),
        },
    ),
    "s03": (
        [claim("s03b", D1, "blue-spox", None, status="statement")],
        {
            CONSENSUS: ("statements", None, "No claim of control — statements only",
                        "No claim of control — statements only: Blue spokesman (1 Sep 2021)" + q("s03b")),
            "blue": ("statements", None, "No claim of control — statements only",
                     "No claim of control — statements only: Blue spokesman (1 Sep 2021)" + q("s03b")),
        },
    ),
    "s04": (
        [claim("s04w", D1, "wire", None, holder="red"), claim("s04n", D1, "ngo", None, status="contested")],
        {
            CONSENSUS: ("contested", None, "Contested — by independent accounts (fighting, both sides present, or sources that differ)",
                        "Contested — independent sources differ (1 Sep 2021): Aid group — contested; Wire service — held by Red Army"),
            "independent": ("contested", None, "Contested — by independent accounts (fighting, both sides present, or sources that differ)",
                            "Contested — independent sources differ (1 Sep 2021): Aid group — contested; Wire service — held by Red Army"),
        },
    ),
    "s05": (
        [claim("s05a", D1, "red-spox", None, status="contested"), claim("s05b", D1, "blue-spox", None, status="contested")],
        {
            CONSENSUS: ("claimed", None, "Contested — by party accounts only (unconfirmed)",
                        "Contested, by the parties' accounts only — Blue Front: contested (Blue spokesman, 1 Sep 2021); "
                        "Red Army: contested (Red spokesman, 1 Sep 2021); unconfirmed"),
            "red": ("contested", None, "Contested — by its own account (fighting, both sides present, or its sources differ)",
                    "Contested — by its own account (Red spokesman, 1 Sep 2021)"),
            "blue": ("contested", None, "Contested — by its own account (fighting, both sides present, or its sources differ)",
                     "Contested — by its own account (Blue spokesman, 1 Sep 2021)"),
        },
    ),
    "s06": (
        [present("s06w", D1, "wire", None, "red")],
        {
            CONSENSUS: ("present", "red", "Red Army — forces present (not control)",
                        "Red Army forces present, not control — reported by Wire service (1 Sep 2021)" + q("s06w")),
            "independent": ("present", "red", "Red Army — forces present (not control)",
                            "Red Army forces present, not control — reported by Wire service (1 Sep 2021)" + q("s06w")),
        },
    ),
    "s07": (
        [claim("s07w", D1, "wire", None, holder="red", certainty="hedged")],
        {
            CONSENSUS: ("corroborated", "red", "Red Army — partly supported by an independent source (unconfirmed)",
                        "Red Army control reported, hedged, by Wire service (1 Sep 2021)"
                        + q("s07w") + "; no party claims it; unconfirmed"),
            "independent": ("hedged", "red", "Red Army — held, by a hedged account",
                            "Red Army control, hedged — according to Wire service (1 Sep 2021)" + q("s07w")),
        },
    ),
    "s08": (
        [present("s08a", D1, "red-spox", None, "red"), present("s08w", D1, "wire", None, "red", certainty="hedged")],
        {
            CONSENSUS: ("present", "red", "Red Army — forces present (not control)",
                        "Red Army forces present, not control — by its own account (Red spokesman, 1 Sep 2021)" + q("s08a")
                        + "; reported, hedged, by Wire service (1 Sep 2021)" + q("s08w")),
            "independent": ("present", "red", "Red Army — forces present (not control)",
                            "Red Army forces present, not control — reported, hedged, by Wire service (1 Sep 2021)" + q("s08w")),
            "red": ("present", "red", "Red Army — forces present (not control)",
                    "Red Army forces present, not control — by its own account (Red spokesman, 1 Sep 2021)" + q("s08a")),
        },
    ),
    "s09": (
        [claim("s09b", D1, "blue-spox", None, status="denied", party="red")],
        {
            CONSENSUS: ("denied", "red", "A party's control denied — no claim of it",
                        "No claim of Red Army control — Blue Front: denies Red Army control (Blue spokesman, 1 Sep 2021)" + q("s09b")),
            "blue": ("denied", "red", "Denies a party's control", "Denies Red Army control — Blue spokesman (1 Sep 2021)" + q("s09b")),
        },
    ),
    "s10": (
        [claim("s10w", D1, "wire", None, holder="red"), claim("s10b", D2, "blue-spox", None, status="denied", party="red")],
        {
            CONSENSUS: ("disputed", None, "Disputed — the accounts conflict",
                        "Disputed — the accounts conflict: Blue Front: denies Red Army control (Blue spokesman, 2 Sep 2021). "
                        "Before that: Independent sources: held by Red Army (Wire service, 1 Sep 2021)"),
            "independent": ("held", "red", "Red Army — held, according to independent sources",
                            "Red Army control — according to Wire service (1 Sep 2021)"),
            "blue": ("denied", "red", "Denies a party's control", "Denies Red Army control — Blue spokesman (2 Sep 2021)" + q("s10b")),
        },
    ),
    "s11": (
        [claim("s11w", D1, "wire", None, holder="red"), present("s11a", D2, "red-spox", None, "red")],
        {
            CONSENSUS: ("present", "red", "Red Army — forces present (not control)",
                        "Red Army forces present, not control — by its own account (Red spokesman, 2 Sep 2021)" + q("s11a")
                        + ". Before that: Independent sources: held by Red Army (Wire service, 1 Sep 2021)"),
            "independent": ("held", "red", "Red Army — held, according to independent sources",
                            "Red Army control — according to Wire service (1 Sep 2021)"),
            "red": ("present", "red", "Red Army — forces present (not control)",
                    "Red Army forces present, not control — by its own account (Red spokesman, 2 Sep 2021)" + q("s11a")),
        },
    ),
    "s12": (
        [claim("s12w", D1, "wire", None, status="unverified", party="red")],
        {
            CONSENSUS: ("statements", None, "No claim of control — statements only",
                        "No claim of control — Independent sources: could not verify the Red Army claim (Wire service, 1 Sep 2021)"),
            "independent": ("unverified", "red", "Could not verify a claim",
                            "Could not verify the Red Army claim — Wire service (1 Sep 2021)" + q("s12w")),
        },
    ),
    "s13": (
        [claim("s13a", D1, "red-spox", None, holder="red"), present("s13b", D1, "blue-spox", None, "blue")],
        {
            CONSENSUS: ("disputed", None, "Disputed — the accounts conflict", "Disputed — the accounts conflict: "),
            "red": ("held", "red", "Red Army — held, by its own account",
                    "Red Army control — by its own account (Red spokesman, 1 Sep 2021)"),
            "blue": ("present", "blue", "Blue Front — forces present (not control)",
                     "Blue Front forces present, not control — by its own account (Blue spokesman, 1 Sep 2021)"),
        },
    ),
    "s14": (
        [present("s14a", D1, "red-spox", None, "red"), present("s14b", D1, "blue-spox", None, "blue")],
        {
            CONSENSUS: ("claimed", None, "Contested — by party accounts only (unconfirmed)",
                        "Contested, by the parties' accounts only — Blue Front: its forces present (Blue spokesman, 1 Sep 2021); "
                        "Red Army: its forces present (Red spokesman, 1 Sep 2021); unconfirmed"),
            "red": ("present", "red", "Red Army — forces present (not control)", "Red Army forces present, not control"),
            "blue": ("present", "blue", "Blue Front — forces present (not control)", "Blue Front forces present, not control"),
        },
    ),
    "s15": (
        [claim("s15a", D1, "red-spox", None, holder="red"), claim("s15b", D1, "blue-spox", None, status="denied", party="red")],
        {
            CONSENSUS: ("disputed", None, "Disputed — the accounts conflict", "Disputed — the accounts conflict: "),
            "red": ("held", "red", "Red Army — held, by its own account", "Red Army control — by its own account"),
            "blue": ("denied", "red", "Denies a party's control", "Denies Red Army control — Blue spokesman (1 Sep 2021)"),
        },
    ),
    "s16": (
        [claim("s16a", D1, "red-spox", None, holder="red"), present("s16w", D1, "wire", None, "red")],
        {
            CONSENSUS: ("corroborated", "red", "Red Army — partly supported by an independent source (unconfirmed)",
                        "Red Army control claimed by Red Army, partly supported by Wire service (1 Sep 2021) — presence, not control"
                        + q("s16w") + "; unconfirmed"),
            "independent": ("present", "red", "Red Army — forces present (not control)",
                            "Red Army forces present, not control — reported by Wire service (1 Sep 2021)"),
            "red": ("held", "red", "Red Army — held, by its own account",
                    "Red Army control — by its own account (Red spokesman, 1 Sep 2021)"),
        },
    ),
}  # fmt: skip
NOTHING = ("unknown", None, "No information", "No information: no source has spoken about this district yet")


def _districts(names) -> dict:
    return {
        "region": "Situations",
        "districts": [{"id": n, "name": n.upper(), "seat": {"lat": 35.0 + i / 10, "lon": 69.5}} for i, n in enumerate(names)],
    }


@pytest.fixture(scope="module")
def situations():
    """One dataset with every situation, each in its own district."""
    claims = [{**c, "districts": [name.upper()]} for name, (said, _) in SITUATIONS.items() for c in said]
    return Scenario().write(claims, districts=_districts(SITUATIONS)).timeline()


@pytest.mark.parametrize("situation", sorted(SITUATIONS))
def test_each_situation_in_every_view(situations, situation):
    dataset = situations.dataset
    _, expected = SITUATIONS[situation]
    for view in VIEWS:
        status, holder, label, start = expected.get(view, NOTHING)
        state = situations.state(situation, ON, view)
        assert (state.status, state.holder) == (status, holder), view
        assert category_label(state.status, state.holder, dataset, view) == label, view
        assert headline(state, dataset, "district", view).startswith(start), (view, headline(state, dataset, "district", view))


def test_a_mixed_independent_word_says_who_said_what(situations):
    """The issue's case: an independent "fighting" claim beside witnesses' "took over" credits no one with what they did not say."""
    text = headline(situations.state("s04", ON), situations.dataset)
    assert "Wire service — held by Red Army" in text and "Aid group — contested" in text
    assert "contested (Wire service" not in text and "(Wire service and Aid group" not in text


# ---- files without any evidence field (plain words) ----------------------------------------------------------


def test_plain_words_name_the_parties_fighting_as_the_rules_do(scenario):
    """s01, s05 and s04 in a file with no evidence field (plain words), and s05 with a firm independent
    report of fighting after the parties' words: contested (rule 4), as consensus() says."""
    names = ("s01", "s05", "s05w", "s04")
    claims = [
        claim("p1", D1, "red-spox", ["S01"], status="contested"),
        claim("p2", D1, "red-spox", ["S05", "S05W"], status="contested"),
        claim("p3", D1, "blue-spox", ["S05", "S05W"], status="contested"),
        claim("p4", D2, "wire", ["S05W"], status="contested"),
        claim("p5", D1, "wire", ["S04"], holder="red"),
        claim("p6", D1, "ngo", ["S04"], status="contested"),
    ]
    dataset = scenario.write(claims, districts=_districts(names)).dataset()
    assert not dataset.uses_evidence
    timeline = scenario.timeline()
    got = {n: (timeline.state(n, ON).status, timeline.state(n, ON).holder) for n in names}
    assert got == {"s01": ("claimed", None), "s05": ("claimed", None), "s05w": ("contested", None), "s04": ("contested", None)}
    for name in names:  # the timeline gives what the rules give
        words = timeline.words[name]
        independent = words.get("independent", [None])[-1]
        parties = [w[-1] for side, w in words.items() if side != "independent"]
        assert timeline.state(name, ON).status == consensus(independent, parties).status, name


# ---- places --------------------------------------------------------------------------------------------------


def test_places_take_the_same_states_and_all_never_reaches_them(scenario):
    """A pass where one party reports fighting (the Khawak pass), an area named only in a statement (Dasht-e Rewat):
    the same states as a district, whatever is said about all districts."""
    districts = {
        "region": "Testland",
        "districts": [{"id": "north", "name": "North", "seat": {"lat": 35.5, "lon": 69.5}}],
        "places": [
            {"id": "pass", "name": "High pass", "kind": "pass", "district": "north", "point": {"lat": 35.6, "lon": 69.6}},
            {"id": "area", "name": "Plain area", "kind": "area", "district": "north", "point": {"lat": 35.4, "lon": 69.4}},
        ],
    }
    claims = [
        claim("c1", D1, "blue-spox", None, status="contested", places=["High pass"]),
        claim("c2", D1, "blue-spox", None, status="statement", places=["Plain area"]),
        claim("c3", D1, "wire", "all", holder="red"),
        claim("c4", D1, "red-spox", "all", status="statement"),
    ]
    timeline = scenario.write(claims, districts=districts).timeline()
    dataset = timeline.dataset
    pass_, area, north = (timeline.state(u, ON) for u in ("pass", "area", "north"))
    assert (pass_.status, pass_.holder, pass_.claims) == ("claimed", None, ("c1",))
    assert headline(pass_, dataset, "place").startswith("Contested, by one party's account only — Blue Front: contested")
    assert (area.status, area.claims) == ("statements", ("c2",))  # the statement about all districts is not about it
    assert headline(area, dataset, "place") == "No claim of control — statements only: Blue spokesman (1 Sep 2021): “quote of c2”"
    assert (north.status, north.holder) == ("confirmed", "red")  # a word about control: its statements stay in its history
    assert (timeline.state("pass", ON, "blue").status, timeline.state("area", ON, "blue").status) == ("contested", "statements")
    assert timeline.state("area", ON, "red").status == "unknown"


def test_statements_change_the_state_only_where_nothing_about_control_was_said(scenario):
    claims = [
        claim("c1", D1, "ngo", ["North"], status="statement"),
        claim("c2", D2, "wire", ["North"], holder="red"),
        claim("c3", "2021-09-03", "ngo", ["North"], status="statement"),
        claim("c4", D2, "ngo", ["South"], status="statement"),
        claim("c5", "2021-09-03", "blue-spox", ["South"], status="statement"),
    ]
    timeline = scenario.write(claims).timeline()
    assert [(d.isoformat(), s.status, s.claims) for d, s in timeline.changes("north")] == [
        ("2021-09-01", "statements", ("c1",)),
        ("2021-09-02", "confirmed", ("c2",)),
    ]
    assert [(d.isoformat(), s.claims) for d, s in timeline.changes("south")] == [("2021-09-02", ("c4",)), ("2021-09-03", ("c5", "c4"))]
    assert [(d.isoformat(), s.claims) for d, s in timeline.changes("south", "blue")] == [("2021-09-03", ("c5",))]
    many = [claim(f"m{i}", D1, "ngo", ["East"], status="statement", quote=f"statement {i}") for i in range(5)]
    timeline = scenario.write(many).timeline()
    assert headline(timeline.state("east", ON), timeline.dataset) == (
        "No claim of control — statements only: Aid group (1 Sep 2021): “statement 4”; Aid group (1 Sep 2021): “statement 3”; "
        "Aid group (1 Sep 2021): “statement 2”; and 2 more"
    )


def test_a_hedged_independent_claim_of_control_beside_a_denial_is_disputed(scenario):
    claims = [
        claim("c1", D1, "wire", ["North"], holder="red", certainty="hedged"),
        claim("c2", D1, "blue-spox", ["North"], status="denied", party="red"),
    ]
    state = scenario.write(claims).timeline().state("north", ON)
    assert (state.status, state.holder) == ("disputed", None)


# ---- presence is never headed "control" ----------------------------------------------------------------------

#: What may say "control" in the headline of a state made of reports of presence only: a negation, another
#: side's word after "Also:" or "Before that:", and the reports' own words in quotes.
ALLOWED = re.compile(r"not control|no claim of [^;.]*?control|denies [^;.]*? control|Also: [^.]*|Before that: [^.]*|“[^”]*”")


def _presence_only_headlines(timeline: ComputedTimeline) -> list[tuple[str, str, dt.date, str, str]]:
    """(unit, view, day, label, headline) of every state, any view, any change point, decided by reports of presence only."""
    dataset = timeline.dataset
    found = []
    for view in timeline.views:
        for unit in dataset.gazetteer.unit_ids:
            noun = "place" if unit in dataset.gazetteer.place_ids else "district"
            for day, state in timeline.changes(unit, view):
                deciding = [w for w in state.words if set(w.claims) & set(state.claims)]
                if deciding and all(w.status == "present" for w in deciding):
                    label = category_label(state.status, state.holder, dataset, view)
                    found.append((unit, view, day, label, headline(state, dataset, noun, view)))
    return found


def test_presence_is_never_headed_control(situations, tmp_path):
    from benchmarks.generate import write_claims
    from yamldata.loader import DEFAULT_DISTRICTS, load_dataset, load_gazetteer

    generated = write_claims(tmp_path / "claims.yaml", load_gazetteer(DEFAULT_DISTRICTS), 600, seed=3, evidence=True)
    timelines = [situations, ComputedTimeline(load_dataset()), ComputedTimeline(load_dataset(DEFAULT_DISTRICTS, generated))]
    checked = 0
    for timeline in timelines:
        for unit, view, day, label, text in _presence_only_headlines(timeline):
            where = (unit, view, day.isoformat(), text)
            assert "control" not in ALLOWED.sub("", text).lower(), where
            assert not text.lower().startswith(label.split(" — ")[0].lower() + " control"), where  # never "Taliban control — …"
            assert "control" not in label.replace("(not control)", "").lower(), (where, label)
            checked += 1
    bundled = _presence_only_headlines(timelines[1])
    assert {(u, d.isoformat()) for u, v, d, _, _ in bundled if v == CONSENSUS} >= {
        ("bazarak-centre", "2021-09-06"), ("governors-compound", "2021-09-06"), ("unaba-governors-office", "2021-09-06"),
    }  # fmt: skip
    assert checked > 50
