"""How states look: every category a view can show is drawn unlike every other, and the status colours stay apart."""

from __future__ import annotations

import itertools

import pytest

from core import style
from core.model import Party
from core.rules import CONSENSUS, CONSENSUS_STATUSES, SIDE_STATUSES, DistrictState
from core.style import category_key, category_label, fill_color, legend, pattern
from yamldata.colors import MIN_DELTA_E, color_problems, differences
from yamldata.loader import load_dataset

#: The status colours a legend shows (the neighbours' grey is drawn faint outside the region, in no legend).
LEGEND_STATUS_COLORS = {
    "contested": style.CONTESTED_COLOR,
    "disputed": style.DISPUTED_COLOR,
    "no information": style.UNKNOWN_COLOR,
    "statements": style.STATEMENT_COLOR,
}


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


@pytest.mark.parametrize("view", ["consensus", "independent", "taliban", "nrf"])
def test_no_two_categories_of_a_view_are_drawn_alike(dataset, view):
    entries = legend(view, dataset)
    drawings = [(e.color.lower(), e.pattern) for e in entries]
    assert len(set(drawings)) == len(drawings), drawings
    labels = [e.label for e in entries]
    assert len(set(labels)) == len(labels), labels
    assert labels[-1] == "No information" and labels[-2] == "No claim of control — statements only"


def test_every_status_has_a_category_and_the_legend_lists_them_in_order(dataset):
    consensus = {status for status, _ in style.categories(CONSENSUS, dataset)}
    sides = {status for status, _ in style.categories("taliban", dataset)}
    assert consensus == set(CONSENSUS_STATUSES) and sides == set(SIDE_STATUSES)
    assert [label for label in (e.label for e in legend(CONSENSUS, dataset)) if not label.startswith(("Taliban", "National"))] == [
        "Contested — by independent accounts (fighting, both sides present, or sources that differ)",
        "Contested — partly supported by an independent source (unconfirmed)",
        "Contested — by party accounts only (unconfirmed)",
        "Disputed — the accounts conflict",
        "A party's control denied — no claim of it",
        "No claim of control — statements only",
        "No information",
    ]


def test_a_denial_and_a_could_not_verify_are_one_category_whatever_party(dataset):
    assert category_key("denied", "taliban") == category_key("denied", "nrf") == ("denied", None)
    assert category_key("unverified", "nrf") == ("unverified", None) and category_key("present", "nrf") == ("present", "nrf")
    denied = DistrictState("denied", "taliban")
    assert (fill_color(denied, dataset), pattern(denied)) == (style.DISPUTED_COLOR, "hatch")
    for status in ("unverified", "statements"):
        assert fill_color(DistrictState(status, "nrf" if status == "unverified" else None), dataset) == style.STATEMENT_COLOR


def test_held_says_whose_account_it_is(dataset):
    assert category_label("held", "taliban", dataset, "taliban") == "Taliban — held, by its own account"
    assert category_label("held", "taliban", dataset, "nrf") == "Taliban — held, according to National Resistance Front"
    assert category_label("held", "taliban", dataset, "independent") == "Taliban — held, according to independent sources"


def test_the_status_colours_a_legend_shows_stay_apart_in_every_vision():
    for (a, x), (b, y) in itertools.combinations(LEGEND_STATUS_COLORS.items(), 2):
        assert min(differences(x, y).values()) >= MIN_DELTA_E, (a, b)


def test_a_party_in_the_statements_grey_is_refused():
    problems = color_problems([Party("grey", "Grey Party", style.STATEMENT_COLOR, line=9)], "claims.yaml")
    assert problems and all(p.line == 9 for p in problems)
    assert any("statements and could-not-verify patterns" in p.message for p in problems)


def test_the_bundled_parties_stay_clear_of_the_statements_grey(dataset):
    for party in dataset.parties:
        assert min(differences(party.color, style.STATEMENT_COLOR).values()) >= MIN_DELTA_E, party
