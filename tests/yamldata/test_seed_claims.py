"""The committed claims.yaml against what the five seed reports say (issue acceptance)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from core.names import normalize_name
from core.rules import ComputedTimeline, Timeline
from yamldata.loader import load_dataset

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
BOUNDARY_NAMES = Path(__file__).resolve().parents[3] / "shared" / "data" / "geoboundaries-AFG-ADM2" / "geoBoundaries-AFG-ADM2.dbf"


@pytest.fixture(scope="module")
def timeline() -> Timeline:
    return ComputedTimeline(load_dataset())


def states(timeline, day):
    return {d: (s.status, s.holder) for d, s in timeline.states_on(dt.date.fromisoformat(day)).items()}


DISTRICTS = ("bazarak", "dara", "khinj", "paryan", "rukha", "shutul", "unaba")
RUKHA_PLACES = ("rukha-centre", "rukha-police-hq")
PHOTO_PLACES = ("bazarak-centre", "governors-compound", "unaba-governors-office")
PLACES = ("khawak-pass", "dasht-e-rewat", *RUKHA_PLACES, *PHOTO_PLACES)
CLAIMED = "Taliban — claimed by Taliban (unconfirmed)"
SATURDAY = ("2021-09-04-saleh-held-the-ground", "2021-09-04-taliban-commander-panjshir")
NOTHING = ("unknown", None, (), "No information")
DISPUTED = "Disputed — the accounts conflict"

#: The bundled map, day by day, against what the reports support (report 000: the undated report citing Roggio,
#: Karimi and Reuters; 001 The Telegraph; 002 "Taliban raise flag …"; 003 the 6 Sept report citing AP; 004 CGTN
#: relaying Reuters): (date, units) → (status, holder, deciding claims, legend label), in the consensus.
CONSENSUS_TABLE = [
    # 004: the Taliban commander's "under our command" against Saleh's "We have held the ground" (both "Reuters
    # reported on Saturday"); Massoud's "This is a lie" is the NRF's note; no independent word.
    ("2021-09-04", DISTRICTS, ("disputed", None, SATURDAY, DISPUTED)),
    ("2021-09-04", PLACES, NOTHING),  # no report names a place on Saturday
    # Nothing about them is dated Sunday: 000's claims are undated (→ Monday); the NRF's Sunday words are statements
    # naming no district (001's "major battlefield losses … ceasefire", Dashti's and Zara's deaths, the offer of talks).
    ("2021-09-05", ("bazarak", "dara", "khinj", "paryan", "shutul", "unaba"), ("disputed", None, SATURDAY, DISPUTED)),
    # 001: "Taliban forces claimed on Sunday night to have seized a police headquarters and a district centre of
    # Rukhah" (Karimi), through its district centre, against Saleh's Saturday word.
    ("2021-09-05", ("rukha",), ("disputed", None, ("2021-09-04-saleh-held-the-ground", "2021-09-05-karimi-rukhah-centre"), DISPUTED)),
    ("2021-09-05", RUKHA_PLACES, ("claimed", "taliban", ("2021-09-05-karimi-rukhah-centre",), CLAIMED)),
    ("2021-09-05", ("khawak-pass", "dasht-e-rewat", *PHOTO_PLACES), NOTHING),  # nothing dated Sunday names them
    # 003: "witnesses tell the Associated Press that thousands of Taliban fighters took over eight Panjshir districts
    # overnight" (firm, independent, all); the NRF's same-day words are not placed after it.
    ("2021-09-06", DISTRICTS, ("confirmed", "taliban", ("2021-09-06-ap-witnesses-overnight",), "Taliban — confirmed")),
    # 000: the NRF "surrounded "thousands of terrorists" in Khawak pass": one party's account of fighting, nothing against it.
    ("2021-09-06", ("khawak-pass",),
     ("claimed", None, ("2021-09-06-nrf-khawak-clashes",), "Contested — by party accounts only (unconfirmed)")),
    # 000: "the Taliban had abandoned vehicles and equipment in the Dashte Rewak area": no claim of control or presence.
    ("2021-09-06", ("dasht-e-rewat",),
     ("statements", None, ("2021-09-06-nrf-dashte-rewak-abandoned",), "No claim of control — statements only")),
    # Karimi's Sunday-night claim, "which were disputed by the NRF" (001); The Telegraph could not verify it.
    ("2021-09-06", RUKHA_PLACES, ("disputed", None, ("2021-09-05-karimi-rukhah-centre", "2021-09-06-nrf-disputes-rukhah"), DISPUTED)),
    # The photos: 003 "appeared to show Taliban fighters raising their flag in the provincial capital" (hedged),
    # 003 "members of the Taliban standing in front of the gate of the compound", 001 a photograph "thought to show
    # Taliban raise the flag outside the governor's office in the Annaba district" (hedged): presence.
    ("2021-09-06", ("bazarak-centre",),
     ("present", "taliban", ("2021-09-06-taliban-flag-provincial-capital",), "Taliban — forces present (not control)")),
    ("2021-09-06", ("governors-compound",),
     ("present", "taliban", ("2021-09-06-taliban-governor-compound",), "Taliban — forces present (not control)")),
    ("2021-09-06", ("unaba-governors-office",),
     ("present", "taliban", ("2021-09-06-taliban-flag-annaba",), "Taliban — forces present (not control)")),
]  # fmt: skip

TALIBAN_MONDAY = ("2021-09-06-mujahid-last-hideout", "2021-09-06-taliban-completely-captured", "2021-09-06-taliban-completely-conquered")
NRF_MONDAY = ("2021-09-06-massoud-strategic-positions", "2021-09-06-nrf-still-all-over-the-valley", "2021-09-06-nrf-strategic-positions")
KARIMI = ("2021-09-05-karimi-rukhah-centre",)
#: The other views, (date, view, units) → (status, holder, deciding claims or None: not checked).
SIDE_TABLE = [
    ("2021-09-06", "independent", DISTRICTS, ("held", "taliban", ("2021-09-06-ap-witnesses-overnight",))),
    ("2021-09-06", "independent", RUKHA_PLACES, ("unverified", "taliban", ("2021-09-06-telegraph-cannot-verify-rukhah",))),
    ("2021-09-06", "independent", PHOTO_PLACES, ("present", "taliban", None)),
    ("2021-09-06", "independent", ("khawak-pass", "dasht-e-rewat"), ("unknown", None, ())),
    ("2021-09-06", "taliban", ("bazarak", "dara", "paryan", "rukha", "shutul"), ("held", "taliban", TALIBAN_MONDAY)),
    ("2021-09-06", "taliban", ("khinj", "unaba"),
     ("held", "taliban", tuple(sorted((*TALIBAN_MONDAY, "2021-09-06-karimi-khinj-unabah", "2021-09-06-taliban-claim-khinj-anabah"))))),
    ("2021-09-06", "taliban", RUKHA_PLACES, ("held", "taliban", KARIMI)),
    ("2021-09-06", "taliban", ("khawak-pass", "dasht-e-rewat", *PHOTO_PLACES), ("unknown", None, ())),
    ("2021-09-06", "nrf", DISTRICTS, ("present", "nrf", NRF_MONDAY)),
    ("2021-09-06", "nrf", ("khawak-pass",), ("contested", None, ("2021-09-06-nrf-khawak-clashes",))),
    ("2021-09-06", "nrf", RUKHA_PLACES, ("denied", "taliban", ("2021-09-06-nrf-disputes-rukhah",))),
    ("2021-09-06", "nrf", ("dasht-e-rewat",), ("statements", None, ("2021-09-06-nrf-dashte-rewak-abandoned",))),
    ("2021-09-06", "nrf", PHOTO_PLACES, ("unknown", None, ())),
    *[(day, "taliban", DISTRICTS, ("held", "taliban", None)) for day in ("2021-09-04", "2021-09-05")],
    ("2021-09-04", "taliban", ("rukha",), ("held", "taliban", ("2021-09-04-taliban-commander-panjshir",))),
    ("2021-09-05", "taliban", ("rukha",), ("held", "taliban", KARIMI)),
    ("2021-09-04", "taliban", PLACES, ("unknown", None, ())),
    ("2021-09-05", "taliban", RUKHA_PLACES, ("held", "taliban", KARIMI)),
    ("2021-09-05", "taliban", ("khawak-pass", "dasht-e-rewat", *PHOTO_PLACES), ("unknown", None, ())),
    *[(day, "nrf", DISTRICTS, ("held", "nrf", ("2021-09-04-saleh-held-the-ground",))) for day in ("2021-09-04", "2021-09-05")],
    *[(day, "nrf", PLACES, ("unknown", None, ())) for day in ("2021-09-04", "2021-09-05")],
    *[(day, "independent", (*DISTRICTS, *PLACES), ("unknown", None, ())) for day in ("2021-09-04", "2021-09-05")],
]  # fmt: skip


def test_the_map_says_what_the_reports_support_day_by_day(timeline):
    """Every district and place on 4, 5 and 6 September, in the consensus: its state, its deciding claims, its label."""
    from core.style import category_label

    dataset = timeline.dataset
    seen = set()
    for day, units, (status, holder, claims, label) in CONSENSUS_TABLE:
        for unit in units:
            state = timeline.state(unit, dt.date.fromisoformat(day))
            named = category_label(state.status, state.holder, dataset, "consensus")
            assert (state.status, state.holder, tuple(sorted(state.claims)), named) == (status, holder, claims, label), (day, unit)
            seen.add((day, unit))
    assert seen == {(day, unit) for day in ("2021-09-04", "2021-09-05", "2021-09-06") for unit in (*DISTRICTS, *PLACES)}


def test_the_other_views_say_what_each_side_said_day_by_day(timeline):
    seen = set()
    for day, view, units, (status, holder, claims) in SIDE_TABLE:
        for unit in units:
            state = timeline.state(unit, dt.date.fromisoformat(day), view)
            assert (state.status, state.holder) == (status, holder), (day, view, unit)
            assert claims is None or tuple(sorted(state.claims)) == claims, (day, view, unit)
            seen.add((day, view, unit))
    assert len(seen) == 3 * 3 * 14


def test_the_headlines_name_who_said_what(timeline):
    from core.explain import headline

    dataset = timeline.dataset
    monday = dt.date(2021, 9, 6)

    def said(unit, view="consensus", day=monday):
        noun = "place" if unit in PLACES else "district"
        return headline(timeline.state(unit, day, view), dataset, noun, view)

    bazarak = said("bazarak")
    assert bazarak.startswith("Taliban control — confirmed by Witnesses speaking to the Associated Press (6 Sep 2021). Also: ")
    assert "National Resistance Front: its forces present (Ahmad Massoud and National Resistance Front (statements), 6 Sep 2021)" in bazarak
    assert "(the same day as the independent report: not counted)" in bazarak
    assert bazarak.endswith(". Unnamed news outlet could not verify")
    assert said("rukha").endswith(". The Telegraph and Unnamed news outlet could not verify")
    assert said("khawak-pass") == (
        "Contested, by one party's account only — National Resistance Front: contested (National Resistance Front (statements), "
        "6 Sep 2021): “surrounded \"thousands of terrorists\" in Khawak pass”; unconfirmed"
    )
    assert said("dasht-e-rewat") == (
        "No claim of control — statements only: National Resistance Front (statements) (6 Sep 2021): "
        "“the Taliban had abandoned vehicles and equipment in …”"
    )
    assert said("governors-compound") == (
        "Taliban forces present, not control — reported by Unnamed news outlet (6 Sep 2021): "
        "“Photos posted on social media show members of …”"
    )
    assert said("unaba-governors-office").startswith("Taliban forces present, not control — reported, hedged, by The Telegraph")
    assert said("rukha-centre") == (
        "Disputed — the accounts conflict: Taliban: held by Taliban (Bilal Karimi, 5 Sep 2021); National Resistance Front: "
        "denies Taliban control (National Resistance Front (statements), 6 Sep 2021). The Telegraph could not verify"
    )
    assert said("bazarak", day=dt.date(2021, 9, 4)) == (
        "Disputed — the accounts conflict: National Resistance Front: held by National Resistance Front (Amrullah Saleh, "
        "4 Sep 2021), and denies Taliban control (Ahmad Massoud and Other resistance leaders (unnamed)); Taliban: held by "
        "Taliban (Taliban commander (unnamed), 4 Sep 2021)"
    )
    assert said("bazarak", "independent").startswith("Taliban control — according to Witnesses speaking to the Associated Press")
    assert said("rukha-centre", "nrf").startswith("Denies Taliban control — National Resistance Front (statements) (6 Sep 2021)")


def test_hedged_words_and_reports_of_presence_never_confirm(timeline):
    """On every day and in every view, a confirmed district rests on a firm word of an independent source or a concession."""
    dataset = timeline.dataset
    for day in dataset.dates:
        for district, state in timeline.states_on(day).items():
            if state.status != "confirmed":
                continue
            claims = [dataset.claim(c) for c in state.claims]
            firm = [c for c in claims if c.status == "held" and not c.hedged and c.holder == state.holder]
            independent_or_concession = [c for c in firm if dataset.side_of(c) != state.holder]
            assert independent_or_concession, f"{district} on {day}: confirmed without a firm independent word or concession"


def test_every_state_traces_to_a_quote(timeline):
    dataset = timeline.dataset
    for day in dataset.dates:
        for view in timeline.views:
            for district, state in timeline.states_on(day, view).items():
                assert state.status == "unknown" or state.claims, (district, day, view)
                for claim_id in state.claims:
                    assert dataset.claim(claim_id).quote, f"{claim_id} decides {district} on {day} ({view}) without a quote"


def test_reader_facing_text_never_names_our_files(timeline):
    dataset = timeline.dataset
    texts = [t for c in dataset.claims for t in (c.quote, c.reported_by, c.report) if t]
    texts += [t for s in dataset.sources for t in (s.name, s.role) if t]
    for text in texts:
        lowered = text.lower()
        assert "seed" not in lowered and ".txt" not in lowered and ".yaml" not in lowered, text


def test_the_hedged_tweet_is_hedged_and_presence_is_presence(timeline):
    dataset = timeline.dataset
    roggio = [c for c in dataset.claims if c.source == "roggio" and c.status != "statement"]
    assert roggio and all(c.hedged for c in roggio)
    emergency = [c for c in dataset.claims if c.source == "emergency"]
    assert emergency and all(c.status == "present" for c in emergency)


def test_every_claim_id_begins_with_its_date(timeline):
    """Ids are shown to readers as the claims behind a state: an id's day is the claim's day."""
    wrong = [c.id for c in timeline.dataset.claims if not c.id.startswith(f"{c.date.isoformat()}-")]
    assert wrong == []


def test_6_september_is_confirmed_by_the_witnesses_alone(timeline):
    """A photo caption is no confirmation: "Source: Anadolu" credits a photo, and the caption above it is a statement."""
    dataset = timeline.dataset
    for district, state in timeline.states_on(dt.date(2021, 9, 6)).items():
        independent = [c for c in state.claims if dataset.side_of(dataset.claim(c)) == "independent"]
        assert independent == ["2021-09-06-ap-witnesses-overnight"], district
    assert "anadolu" not in {s.id for s in dataset.sources}
    for caption in ("2021-09-06-patrol-caption", "2021-09-06-flag-headline"):
        assert dataset.claim(caption).status == "statement"


def test_the_nrf_view_of_6_september_is_its_monday_words(timeline):
    """Massoud's undated "continues to stand strongly" denies the fall; it does not make the NRF's Monday view "held"."""
    assert timeline.dataset.claim("2021-09-06-massoud-stands-strongly").status == "denied"
    for district, state in timeline.states_on(dt.date(2021, 9, 6), "nrf").items():
        assert (state.status, state.holder) == ("present", "nrf"), district
        assert all(timeline.dataset.claim(c).status == "present" for c in state.claims)


def test_words_placed_nowhere_colour_nothing(timeline):
    """The NRF's "heavy clashes" and the other statements bearing on control name no district or place."""
    dataset = timeline.dataset
    placed_nowhere = ["nrf-heavy-clashes", "unnamed-outlet-sketchy", "telegraph-fighting-into-valley", "internet-shutdowns",
                      "massoud-full-scale-offensive", "mujahid-quagmire-of-war"]  # fmt: skip
    for claim_id in (f"2021-09-06-{name}" for name in placed_nowhere):
        claim = dataset.claim(claim_id)
        assert claim.status == "statement" and not claim.districts and not claim.places, claim_id
    rewak = dataset.claim("2021-09-06-nrf-dashte-rewak-abandoned")
    assert "clashes" not in rewak.quote and rewak.status == "statement"


def test_claims_span_the_seed_dates(timeline):
    assert {c.date for c in timeline.dataset.claims} == {dt.date(2021, 9, d) for d in (4, 5, 6)}


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds not beside the repo")
def test_every_quote_is_traceable_to_a_seed_report(timeline):
    """Each quote's words, punctuation included, appear in one of the reports; "…" marks every cut.

    A quote ends as the report prints it: "under our command" where the report has
    "under our command," a Taliban commander told Reuters, never a full stop of our own.
    """
    reports = " ".join(p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt"))
    reports = _plain(reports)
    for claim in timeline.dataset.claims:
        fragments = [f.strip() for f in _plain(claim.quote).split("…") if len(f.strip()) > 3]
        for fragment in fragments:
            assert fragment in reports, f"{claim.id}: {fragment!r} not found verbatim in the seed reports"


def _plain(text: str) -> str:
    for a, b in (("“", '"'), ("”", '"'), ("’", "'"), ("‘", "'"), ('"', ""), ("\n", " ")):
        text = text.replace(a, b)
    return " ".join(text.split())


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds not beside the repo")
def test_every_district_alias_is_a_spelling_of_the_reports_or_the_boundary_file(timeline):
    """districts.yaml's rule: a district's names come from the reports or the geoBoundaries file, nothing else."""
    reports = " ".join(p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")).casefold()
    boundary: set[str] = set()
    if BOUNDARY_NAMES.is_file():  # read at test time, never committed
        import pyogrio

        names = pyogrio.read_dataframe(BOUNDARY_NAMES, columns=["shapeName"], read_geometry=False)["shapeName"]
        for name in names:  # a name written "A (B)" counts as A and B too
            boundary |= {normalize_name(part) for part in (name, *name.replace(")", "").split("("))}
    for district in timeline.dataset.gazetteer.districts:
        for spelling in (district.name, *district.aliases):
            in_reports = re.search(rf"(?<!\w){re.escape(spelling.casefold())}(?!\w)", reports)  # a word, not part of one
            assert in_reports or normalize_name(spelling) in boundary, (
                f"{district.id}: {spelling!r} is in neither the reports nor the boundary file"
            )
