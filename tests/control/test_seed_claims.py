"""The committed claims.yaml against what the five seed reports say (issue acceptance)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from control.loader import load_dataset
from control.rules import Timeline

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


@pytest.fixture(scope="module")
def timeline() -> Timeline:
    return Timeline(load_dataset())


def states(timeline, day):
    return {d: (s.status, s.holder) for d, s in timeline.states_on(dt.date.fromisoformat(day)).items()}


def test_every_district_disputed_on_4_september(timeline):
    assert set(states(timeline, "2021-09-04").values()) == {("disputed", None)}


def test_every_district_confirmed_taliban_on_6_september(timeline):
    assert set(states(timeline, "2021-09-06").values()) == {("confirmed", "taliban")}


def test_5_september_follows_the_rules(timeline):
    # Roggio (independent) names Unabah, Shotul, Ruhka and Bazarak and fighting in Paryan;
    # Khinj has only Karimi's claim against the NRF's; Dara only Roggio's "possibly".
    assert states(timeline, "2021-09-05") == {
        "bazarak": ("confirmed", "taliban"),
        "dara": ("disputed", None),
        "khinj": ("disputed", None),
        "paryan": ("contested", None),
        "rukha": ("confirmed", "taliban"),
        "shutul": ("confirmed", "taliban"),
        "unaba": ("confirmed", "taliban"),
    }


def test_claims_span_the_seed_dates(timeline):
    assert {c.date for c in timeline.dataset.claims} == {dt.date(2021, 9, d) for d in (4, 5, 6)}


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds not beside the repo")
def test_every_quote_is_traceable_to_a_seed_report(timeline):
    """Each quote's words (ignoring ellipses and quoting) appear in one of the reports."""
    reports = " ".join(p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt"))
    reports = _plain(reports)
    for claim in timeline.dataset.claims:
        fragments = [f for f in _plain(claim.quote).split("…") if len(f.strip()) > 3]
        for fragment in fragments:
            assert fragment.strip(" .,") in reports, f"{claim.id}: {fragment!r} not found in the seed reports"


def _plain(text: str) -> str:
    for a, b in (("“", '"'), ("”", '"'), ("’", "'"), ("‘", "'"), ('"', ""), ("\n", " ")):
        text = text.replace(a, b)
    return " ".join(text.split())
