"""Party colours a reader cannot tell apart: measured with coloraide, reported as FILE:LINE problems."""

from __future__ import annotations

import dataclasses
import math
import random
import re
import time

import numpy as np
import pytest

from core import style
from core.model import Party
from yamldata import colors
from yamldata.colors import MIN_DELTA_E, VISIONS, color_problems, differences, suggest
from yamldata.loader import load_dataset

STATUSES = (style.CONTESTED_COLOR, style.DISPUTED_COLOR, style.UNKNOWN_COLOR, style.NEIGHBOUR_COLOR)
TALIBAN = Party("taliban", "Taliban", "#d55e00", line=35)
NRF = Party("nrf", "National Resistance Front", "#0072b2", line=36)
# matplotlib's tab:red and tab:green: far apart in normal vision, near-identical to a deuteranope.
RED, GREEN = "#d62728", "#2ca02c"


def suggested(problem) -> str:
    match = re.search(r'try "(#[0-9a-f]{6})"', problem.message)
    assert match, problem.message
    return match.group(1)


def test_the_bundled_parties_pass_in_every_vision():
    parties = load_dataset().parties
    assert {p.color for p in parties} >= {TALIBAN.color, NRF.color}
    assert color_problems(parties, "claims.yaml") == []
    for party in parties:  # and by a margin, measured independently of color_problems
        for other in [*(p.color for p in parties if p is not party), *STATUSES]:
            assert min(differences(party.color, other).values()) >= MIN_DELTA_E, (party, other)


def test_a_party_in_the_disputed_colour_fails_naming_both():
    militia = Party("militia", "Militia", style.DISPUTED_COLOR, line=40)
    problems = color_problems([TALIBAN, NRF, militia], "claims.yaml")
    assert len(problems) == 1
    (problem,) = problems
    assert problem.line == 40
    assert "'militia'" in problem.message and "disputed districts" in problem.message
    assert style.DISPUTED_COLOR in problem.message
    assert "ΔE2000 0.0 in normal vision" in problem.message and f"under {MIN_DELTA_E:g}" in problem.message
    assert str(problem) == f"claims.yaml:40: {problem.message}"


def test_near_identical_party_colours_fail_with_both_named():
    twin = Party("twin", "Twin", "#0074b4", line=37)  # two RGB steps from NRF's blue
    problems = color_problems([TALIBAN, NRF, twin], "claims.yaml")
    assert [p.line for p in problems] == [37]  # one message, on the later party
    message = problems[0].message
    assert "'twin'" in message and "'nrf'" in message and '"#0074b4"' in message and '"#0072b2"' in message
    assert str(problems[0]).startswith("claims.yaml:37: ")


def test_colours_that_differ_only_for_a_deuteranope_fail_naming_deuteranopia():
    diffs = differences(RED, GREEN)
    assert diffs["normal vision"] > 4 * MIN_DELTA_E  # the library agrees: plainly different in normal vision...
    assert min(diffs, key=diffs.__getitem__) == "deuteranopia" and diffs["deuteranopia"] < MIN_DELTA_E  # ...not to a deuteranope
    parties = [Party("reds", "Reds", RED, line=10), Party("greens", "Greens", GREEN, line=11)]
    problems = [p for p in color_problems(parties, "claims.yaml") if "'reds'" in p.message and "'greens'" in p.message]
    assert len(problems) == 1
    assert problems[0].line == 11
    assert "with simulated deuteranopia" in problems[0].message
    assert f"ΔE2000 {math.floor(diffs['deuteranopia'] * 10) / 10:.1f} with" in problems[0].message  # shown rounded down
    assert "in normal vision" in problems[0].message  # the normal-vision difference is given for scale


@pytest.mark.parametrize(
    "parties",
    [
        [TALIBAN, NRF, Party("militia", "Militia", style.DISPUTED_COLOR, line=40)],
        [TALIBAN, NRF, Party("twin", "Twin", "#0074b4", line=37)],
        [Party("reds", "Reds", RED, line=10), Party("greens", "Greens", GREEN, line=11)],
        [TALIBAN, NRF, Party("yellow", "Yellow", "#f0e443", line=41)],
        [TALIBAN, NRF, *(Party(f"m{i}", f"M{i}", style.DISPUTED_COLOR, line=40 + i) for i in range(3))],  # every suggestion at once
    ],
)
def test_the_suggested_colour_passes_when_substituted(parties):
    problems = color_problems(parties, "claims.yaml")
    assert problems
    fixed = list(parties)
    for problem in problems:
        index = next(i for i, p in enumerate(fixed) if p.line == problem.line)
        fixed[index] = dataclasses.replace(fixed[index], color=suggested(problem))
        assert suggested(problem) != parties[index].color
    assert color_problems(fixed, "claims.yaml") == []


def test_one_message_per_pair_and_every_pair_reported():
    same = [Party(f"p{i}", f"P{i}", "#0072b2", line=i) for i in range(3)]
    problems = color_problems(same, "claims.yaml")
    assert sorted(p.line for p in problems) == [1, 2, 2]  # p1–p0, p2–p0, p2–p1
    assert len({p.message for p in problems}) == 3


def test_statuses_can_be_given_and_extend_the_check():
    party = Party("teal", "Teal", "#009e73", line=5)
    assert color_problems([party], "claims.yaml") == []
    problems = color_problems([party], "claims.yaml", statuses={"ceasefire districts": "#009e74"})
    assert len(problems) == 1 and "the colour of ceasefire districts (#009e74)" in problems[0].message
    assert color_problems([Party("militia", "Militia", style.DISPUTED_COLOR)], "c.yaml", statuses={}) == []


def test_no_suggestion_when_no_candidate_is_far_enough(monkeypatch):
    monkeypatch.setattr(colors, "CANDIDATES", ("#0072b2", "#0073b3"))
    problems = color_problems([NRF, Party("twin", "Twin", "#0072b2", line=37)], "claims.yaml")
    assert len(problems) == 1 and "try" not in problems[0].message and "no colour" in problems[0].message
    assert suggest([NRF.color]) is None


@pytest.mark.parametrize("odd", ["red", "#12345", "#gggggg", "", "red; background:url(x)", None, 42, ["#0072b2"]])
def test_malformed_colours_are_skipped_without_raising(odd):
    parties = [TALIBAN, NRF, Party("odd", "Odd", odd, line=9)]  # type: ignore[arg-type]
    assert color_problems(parties, "claims.yaml") == []
    assert color_problems([NRF, NRF], "claims.yaml", statuses={"odd": odd}) != []  # the rest is still checked


def test_short_hex_is_understood_like_the_validator_does():
    assert min(differences("#d50", TALIBAN.color).values()) < MIN_DELTA_E  # #d50 is #dd5500
    problems = color_problems([TALIBAN, Party("short", "Short", "#d50", line=8)], "claims.yaml")
    assert [p.line for p in problems] == [8] and "'taliban'" in problems[0].message


def test_every_vision_is_simulated_differently():
    seen = {vision: differences("#d55e00", "#0072b2")[vision] for vision in VISIONS}
    assert len(set(seen.values())) == len(VISIONS)  # each CVD filter really changes the colours


# ---- the fast path: ΔE2000 with numpy, checked against coloraide (the reference) ----------------

RANDOM = random.Random(26)
RANDOM_COLORS = [f"#{RANDOM.randrange(1 << 24):06x}" for _ in range(60)] + list(colors.CANDIDATES) + list(STATUSES)


def test_the_fast_delta_e_equals_coloraides_in_every_vision():
    pairs = [(a, b) for a in RANDOM_COLORS[:40] for b in RANDOM_COLORS[30:]] + [("#000000", "#ffffff"), ("#808080", "#808080")]
    labs_a = np.array([colors._lab(a) for a, _ in pairs])
    labs_b = np.array([colors._lab(b) for _, b in pairs])
    fast = colors._delta_e_2000(labs_a, labs_b)  # (pairs, visions)
    slow = np.array([[differences(a, b)[vision] for vision in VISIONS] for a, b in pairs])
    np.testing.assert_allclose(fast, slow, rtol=0, atol=1e-9)


def _reference_problems(parties, label):
    """The check as it was written with coloraide alone (one ΔE2000 per call): the messages must be the same."""
    statuses = colors._default_statuses()
    valid = [p for p in parties if colors._seen(p.color) is not None]
    problems, suggestions, suggested = [], {}, []
    for index, party in enumerate(valid):
        clashes = [(f"the colour \"{e.color}\" of party '{e.id}'", *colors.worst(party.color, e.color)) for e in valid[:index]]
        clashes += [(f"the colour of {what} ({c})", *colors.worst(party.color, c)) for what, c in statuses.items()]
        for what, vision, delta, normal in [c for c in clashes if c[2] < MIN_DELTA_E]:
            if index not in suggestions:
                others = [p.color for j, p in enumerate(valid) if j != index] + list(statuses.values()) + suggested
                best, best_margin = None, -math.inf
                for candidate in colors.CANDIDATES:
                    margin = min((colors.worst(candidate, o)[1] for o in others), default=math.inf)
                    if margin >= MIN_DELTA_E and margin > best_margin:
                        best, best_margin = candidate, margin
                suggested += [best] if best else []
                suggestions[index] = f'try "{best}"' if best else "no colour of the candidate palette is far enough from all the others"
            problems.append(f"{party.line}: colour \"{party.color}\" of party '{party.id}' is too close to {what}: ΔE2000 "
                            f"{colors._shown(delta)} {colors._where(vision, normal)}, under {MIN_DELTA_E:g}; {suggestions[index]}")
    return problems


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_check_says_what_the_reference_says(seed):
    rng = random.Random(seed)
    parties = [Party(f"p{i}", f"P{i}", rng.choice(RANDOM_COLORS), line=i + 1) for i in range(14)]
    parties.append(Party("odd", "Odd", "red", line=99))
    assert [f"{p.line}: {p.message}" for p in color_problems(parties, "claims.yaml")] == _reference_problems(parties, "claims.yaml")


def test_200_parties_are_checked_within_a_second_and_every_suggestion_passes():
    """It took 125 s (7 s for 50): every pair and every candidate through coloraide, one ΔE at a time."""
    rng = random.Random(200)
    palette = [TALIBAN.color, NRF.color, "#0074b4", "#c0c0c0"]  # many parties, few colours: clashes everywhere
    parties = [Party(f"p{i}", f"P{i}", rng.choice(palette), line=i + 1) for i in range(200)]
    timings = []
    for _ in range(3):  # the best of three, each with cold caches: robust to a busy machine
        colors._lab_hex.cache_clear()
        colors._seen_hex.cache_clear()
        colors._labs.cache_clear()
        start = time.perf_counter()
        problems = color_problems(parties, "claims.yaml")
        timings.append(time.perf_counter() - start)
    assert min(timings) < 1.0, timings
    fixed = list(parties)
    for problem in problems:
        if (match := re.search(r'try "(#[0-9a-f]{6})"', problem.message)) is not None:
            fixed[problem.line - 1] = dataclasses.replace(fixed[problem.line - 1], color=match.group(1))
    recolored = {p.id for p, q in zip(fixed, parties, strict=True) if p.color != q.color}
    assert len(recolored) >= 3 and len(problems) > 1000  # suggestions until the palette is used up, then none
    # Taking every suggestion, no recoloured party clashes with anything: what is left is among the others.
    for problem in color_problems(fixed, "claims.yaml"):
        named = set(re.findall(r"party '(p\d+)'", problem.message))
        assert not named & recolored, problem.message
