"""Party colours a reader cannot tell apart, from each other or from the status colours.

A map is only as readable as its legend: two parties in near-identical blues, or a party
drawn in the disputed colour, make the map say something the claims do not. About one
man in twelve has a colour-vision deficiency, so colours are compared four times: in
normal vision and as a dichromat would see them (deuteranopia, protanopia, tritanopia).

How a difference is measured
----------------------------
Each colour is parsed with ``coloraide``. For a colour-vision deficiency it is passed
through coloraide's CVD filter at full severity (``Color(c).filter("deutan",
method="brettel")``, likewise ``"protan"`` and ``"tritan"``) and clipped to sRGB, the
screen's gamut. Brettel, Viénot & Mollon (1997) is used for all three: it is the
reference two-plane model of dichromacy and, unlike Viénot's one-plane simplification
(coloraide's default for protan/deutan), also holds for tritanopia; one method for all
three keeps the numbers comparable. Two colours are then compared with CIEDE2000
(``delta_e(method="2000")``), in which about 1 is a just-noticeable difference side by
side and differences of 10 and more read as different categories at a glance.

A pair is reported once, in the vision where it is closest, with the measured ΔE2000,
the threshold, and a suggested colour from :data:`CANDIDATES` that keeps at least the
threshold from every other party and status colour in all four visions.

How it stays fast
-----------------
coloraide computes one ΔE2000 in ~50-130 µs (it converts both colours on every call); the
check compares every pair of parties and every suggestion candidate with every colour, so
it took 7 s for 50 parties and minutes for 200. Each colour is now converted once per
vision (coloraide's CVD filter and Lab D65, the space its ΔE2000 uses), and the ΔE2000
formula runs on all pairs at once with numpy (:func:`_delta_e_2000`, Sharma, Wu & Dalal
2005, as coloraide writes it, checked equal to coloraide's to 1e-9 in the tests);
:func:`differences` and :func:`worst` remain coloraide's, the reference.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
from coloraide import Color

from core import style
from core.errors import Problem
from core.model import Party

# Minimum CIEDE2000 difference between a party colour and any other category's colour,
# in every vision. Chosen from the measured differences of the bundled colours (Brettel
# CVD simulation, ΔE2000; see the module docstring):
#   Taliban #d55e00 vs NRF #0072b2: 49.6 normal, 53.5 deutan, 49.7 protan, 56.2 tritan;
#   the closest bundled pairs are Taliban vs disputed #cc79a7 under tritanopia (10.9) and
#   NRF vs disputed under protanopia (13.0); every other bundled pair is 23.6 or more.
# 10 lets all of those pass, fails a party in the disputed colour (0.0) and two blues a
# few RGB steps apart (~1), and is the ΔE2000 above which colours read as different
# categories at a glance rather than as shades of one (1 ≈ just noticeable side by side).
MIN_DELTA_E = 10.0

# The CVD simulation method (coloraide supports "brettel", "vienot" and "machado").
CVD_METHOD = "brettel"

# Vision name as it appears in messages → coloraide filter (None: no filter).
VISIONS: dict[str, str | None] = {
    "normal vision": None,
    "deuteranopia": "deutan",
    "protanopia": "protan",
    "tritanopia": "tritan",
}

# The status colours a party must stay clear of (label → colour); the label reads
# "the colour of <label>". Built from core.style at call time, see _default_statuses.
STATUS_COLORS_FROM_STYLE = ("contested districts", "disputed districts", "districts with no information", "neighbouring districts",
                            "statements and could-not-verify patterns")  # fmt: skip

# Colours suggested in place of a clashing one, best-known first: Okabe–Ito (designed
# to survive colour-vision deficiencies; black left out, it hides borders and labels),
# then Paul Tol's "bright" and "muted" qualitative palettes.
CANDIDATES = (
    "#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7",  # Okabe–Ito
    "#4477aa", "#66ccee", "#228833", "#ccbb44", "#ee6677", "#aa3377",  # Tol bright
    "#332288", "#88ccee", "#44aa99", "#117733", "#999933", "#ddcc77", "#cc6677", "#882255",  # Tol muted
)  # fmt: skip

# What the validator accepts as a colour (yamldata/validate.py COLOR): "#rgb" or "#rrggbb".
_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")


def _default_statuses() -> dict[str, str]:
    """The status colours of core.style, read at call time so a test or a new status can change them."""
    colors = (style.CONTESTED_COLOR, style.DISPUTED_COLOR, style.UNKNOWN_COLOR, style.NEIGHBOUR_COLOR, style.STATEMENT_COLOR)
    return dict(zip(STATUS_COLORS_FROM_STYLE, colors, strict=True))


def _seen(color: object) -> tuple[Color, ...] | None:
    """``color`` as seen in each of :data:`VISIONS` (in that order), or None if it is not a hex colour."""
    if not isinstance(color, str) or not _HEX.match(color):
        return None
    return _seen_hex(color.lower())


@lru_cache(maxsize=4096)
def _seen_hex(color: str) -> tuple[Color, ...] | None:
    """Cached: the same few colours are compared many times; the objects are never modified (nor by delta_e)."""
    try:
        base = Color(color)
        return tuple(base if f is None else base.filter(f, method=CVD_METHOD).clip() for f in VISIONS.values())
    except Exception:  # never raise on odd input: the validator reports malformed colours
        return None


def differences(a: str, b: str) -> dict[str, float] | None:
    """ΔE2000 between two colours in each vision (name → difference), or None if either is not a hex colour."""
    seen_a, seen_b = _seen(a), _seen(b)
    if seen_a is None or seen_b is None:
        return None
    return {vision: ca.delta_e(cb, method="2000") for vision, ca, cb in zip(VISIONS, seen_a, seen_b, strict=True)}


def worst(a: str, b: str) -> tuple[str, float, float] | None:
    """The vision in which two colours are closest, their ΔE2000 there and in normal vision (None if either is malformed)."""
    diffs = differences(a, b)
    if diffs is None:
        return None
    vision = min(diffs, key=diffs.__getitem__)  # ties: the first in VISIONS, normal vision before any CVD
    return vision, diffs[vision], diffs["normal vision"]


def suggest(others: Sequence[str], threshold: float = MIN_DELTA_E) -> str | None:
    """The candidate colour farthest from all of ``others`` in every vision, if that is at least ``threshold``.

    The farthest rather than the first that passes, so that the suggestion leaves room
    for the next party to be added. Malformed entries of ``others`` are ignored.
    """
    labs = [lab for other in others if (lab := _lab(other)) is not None]
    candidates = tuple(CANDIDATES)
    margins = _closest(_labs(candidates), np.array(labs).reshape(-1, len(VISIONS), 3)).min(axis=1, initial=math.inf)
    return _best(candidates, margins, threshold)


def _best(candidates: Sequence[str], margins: np.ndarray, threshold: float) -> str | None:
    """The candidate with the largest margin, if at least ``threshold`` (ties: the first)."""
    index = int(np.argmax(margins)) if len(margins) else -1
    return candidates[index] if index >= 0 and margins[index] >= threshold else None


@lru_cache(maxsize=4096)
def _lab_hex(color: str) -> tuple[tuple[float, float, float], ...] | None:
    """Lab D65 coordinates of ``color`` as seen in each of :data:`VISIONS` (what coloraide's ΔE2000 compares)."""
    seen = _seen_hex(color)
    if seen is None:
        return None
    return tuple(tuple(c.convert("lab-d65").coords(nans=False)) for c in seen)  # type: ignore[misc]


def _lab(color: object) -> tuple[tuple[float, float, float], ...] | None:
    if not isinstance(color, str) or not _HEX.match(color):
        return None
    return _lab_hex(color.lower())


@lru_cache(maxsize=16)
def _labs(colors: tuple[str, ...]) -> np.ndarray:
    """``(len(colors), visions, 3)`` Lab coordinates of well-formed colours (a candidate palette)."""
    return np.array([_lab(c) for c in colors], dtype=np.float64).reshape(-1, len(VISIONS), 3)


def _closest(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``(len(a), len(b))``: the smallest ΔE2000 over the visions between each colour of ``a`` and each of ``b``."""
    return _delta_e_2000(a[:, None, :, :], b[None, :, :, :]).min(axis=2)


def _delta_e_2000(lab1: np.ndarray, lab2: np.ndarray) -> np.ndarray:
    """CIEDE2000 (kL = kC = kH = 1) between Lab coordinates, broadcast over all leading axes.

    Equation by equation coloraide's ``DE2000.distance`` (Sharma, Wu & Dalal 2005).
    """
    l1, a1, b1 = lab1[..., 0], lab1[..., 1], lab1[..., 2]
    l2, a2, b2 = lab2[..., 0], lab2[..., 1], lab2[..., 2]
    cm = (np.hypot(a1, b1) + np.hypot(a2, b2)) / 2  # (2), (3)
    c7 = cm**7
    g = 0.5 * (1 - np.sqrt(c7 / (c7 + 25.0**7)))  # (4)
    ap1, ap2 = (1 + g) * a1, (1 + g) * a2  # (5)
    cp1, cp2 = np.hypot(ap1, b1), np.hypot(ap2, b2)  # (6)
    hp1 = np.where((ap1 == 0) & (b1 == 0), 0.0, np.degrees(np.arctan2(b1, ap1)) % 360)  # (7)
    hp2 = np.where((ap2 == 0) & (b2 == 0), 0.0, np.degrees(np.arctan2(b2, ap2)) % 360)
    dl, dc = l1 - l2, cp1 - cp2  # (8), (9)
    hdiff = hp1 - hp2
    product = cp1 * cp2
    dh = np.where(product == 0, 0.0, np.where(np.abs(hdiff) <= 180, hdiff, np.where(hdiff > 180, hdiff - 360, hdiff + 360)))  # (10)
    dh = 2 * np.sqrt(product) * np.sin(np.radians(dh / 2))  # (11)
    lpm, cpm = (l1 + l2) / 2, (cp1 + cp2) / 2  # (12), (13)
    hsum = hp1 + hp2
    hpm = np.where(product == 0, hsum, np.where(np.abs(hdiff) > 180, np.where(hsum < 360, hsum + 360, hsum - 360) / 2, hsum / 2))  # (14)
    t = (
        1
        - 0.17 * np.cos(np.radians(hpm - 30))
        + 0.24 * np.cos(np.radians(2 * hpm))
        + 0.32 * np.cos(np.radians(3 * hpm + 6))
        - 0.20 * np.cos(np.radians(4 * hpm - 63))
    )  # (15)
    dt = 30 * np.exp(-(((hpm - 275) / 25) ** 2))  # (16)
    cpm7 = cpm**7
    rc = 2 * np.sqrt(cpm7 / (cpm7 + 25.0**7))  # (17)
    l_temp = (lpm - 50) ** 2
    sl = 1 + 0.015 * l_temp / np.sqrt(20 + l_temp)  # (18)
    sc, sh = 1 + 0.045 * cpm, 1 + 0.015 * cpm * t  # (19), (20)
    rt = -np.sin(np.radians(2 * dt)) * rc  # (21)
    return np.sqrt((dl / sl) ** 2 + (dc / sc) ** 2 + (dh / sh) ** 2 + rt * (dc / sc) * (dh / sh))  # (22)


def _shown(delta: float) -> str:
    """ΔE with one decimal, rounded down: 9.96 must not read as "10.0, under 10"."""
    return f"{math.floor(delta * 10) / 10:.1f}"


def _where(vision: str, normal: float) -> str:
    """Where a pair collides; for a colour-vision deficiency, with the normal-vision difference for scale."""
    return "in normal vision" if vision == "normal vision" else f"with simulated {vision} ({_shown(normal)} in normal vision)"


def color_problems(parties: Sequence[Party], label: str, statuses: Mapping[str, str] | None = None) -> list[Problem]:
    """Every party colour a reader could mistake for another party's or a status colour.

    ``label`` is the file the parties come from (``Problem.file``); ``statuses`` maps
    "the colour of <label>" to a colour and defaults to the status colours of
    :mod:`core.style`. A pair of parties is reported once, on the later party's line
    (it is the one that made the clash); a party is compared with each status colour.
    Each pair is reported in the vision in which it is closest. Parties whose colour is
    malformed are skipped: the validator reports those already. Taking every suggested
    colour makes the check pass (or the message says no candidate is far enough).
    """
    status_colors = {what: color for what, color in dict(_default_statuses() if statuses is None else statuses).items() if _lab(color)}
    valid = [p for p in parties if _lab(p.color) is not None]
    if not valid:
        return []
    party_labs = np.array([_lab(p.color) for p in valid], dtype=np.float64)
    status_labs = np.array([_lab(c) for c in status_colors.values()], dtype=np.float64).reshape(-1, len(VISIONS), 3)
    suggest_from = _Suggestions(tuple(CANDIDATES), party_labs, status_labs)
    earlier = _clashes(party_labs, party_labs, below_diagonal=True)
    with_status = _clashes(party_labs, status_labs)
    statuses_listed = list(status_colors.items())
    problems: list[Problem] = []
    for index, party in enumerate(valid):
        clashes: list[tuple[Any, ...]] = [
            (f"the colour \"{valid[j].color}\" of party '{valid[j].id}'", *found) for j, *found in earlier.get(index, ())
        ]  # (what, vision, ΔE there, ΔE in normal vision)
        for k, *found in with_status.get(index, ()):
            clashes.append((f"the colour of {statuses_listed[k][0]} ({statuses_listed[k][1]})", *found))
        if not clashes:
            continue
        candidate = suggest_from.next_for(index)
        suggestion = f'try "{candidate}"' if candidate else "no colour of the candidate palette is far enough from all the others"
        for what, vision, delta, normal in clashes:
            message = (
                f"colour \"{party.color}\" of party '{party.id}' is too close to {what}: "
                f"ΔE2000 {_shown(delta)} {_where(vision, normal)}, under {MIN_DELTA_E:g}; {suggestion}"
            )
            problems.append(Problem(label, party.line, message))
    return problems


_BLOCK = 64  # rows of colours compared at a time: (64 × colours × visions) arrays, a few MB


def _clashes(a: np.ndarray, b: np.ndarray, *, below_diagonal: bool = False) -> dict[int, list[tuple[int, str, float, float]]]:
    """Row of ``a`` → [(column of ``b``, closest vision, ΔE2000 there, in normal vision)] for each pair under :data:`MIN_DELTA_E`.

    ``below_diagonal``: only columns before the row (each pair of parties once, on the later one).
    """
    visions = list(VISIONS)
    found: dict[int, list[tuple[int, str, float, float]]] = {}
    for start in range(0, len(a), _BLOCK):
        rows = a[start : start + _BLOCK]
        columns = b[: start + len(rows)] if below_diagonal else b
        deltas = _delta_e_2000(rows[:, None, :, :], columns[None, :, :, :])  # (rows, columns, visions)
        closest = deltas.argmin(axis=2)  # ties: the first in VISIONS, normal vision before any CVD
        for row, column in zip(*np.nonzero(deltas.min(axis=2) < MIN_DELTA_E), strict=True):
            index = start + int(row)
            if below_diagonal and column >= index:
                continue
            vision = int(closest[row, column])
            pair = deltas[row, column]
            found.setdefault(index, []).append((int(column), visions[vision], float(pair[vision]), float(pair[0])))
    return found


class _Suggestions:
    """Suggested colours, one party at a time, each far enough from every other colour and every earlier suggestion.

    The candidates' distances to every party are computed once; excluding the party being
    given a suggestion takes the two nearest parties per candidate, so each suggestion
    costs one pass over the candidates, not over the parties.
    """

    def __init__(self, candidates: tuple[str, ...], party_labs: np.ndarray, status_labs: np.ndarray):
        self.candidates = candidates
        labs = _labs(candidates)
        to_parties = _closest(labs, party_labs)  # (candidates, parties)
        order = np.argsort(to_parties, axis=1)[:, :2]
        self.nearest = order[:, 0]
        rows = np.arange(len(candidates))
        self.first = to_parties[rows, order[:, 0]] if party_labs.shape[0] else np.full(len(candidates), math.inf)
        self.second = to_parties[rows, order[:, 1]] if party_labs.shape[0] > 1 else np.full(len(candidates), math.inf)
        self.floor = _closest(labs, status_labs).min(axis=1, initial=math.inf)  # the status colours
        self.among = _closest(labs, labs)  # candidate to candidate, for the suggestions already made

    def next_for(self, index: int) -> str | None:
        """The suggestion for party ``index`` (None when no candidate is far enough); remembered for the next ones."""
        margins = np.minimum(np.where(self.nearest == index, self.second, self.first), self.floor)
        best = _best(self.candidates, margins, MIN_DELTA_E)
        if best is not None:
            taken = self.candidates.index(best)
            self.floor = np.minimum(self.floor, self.among[:, taken])  # the next suggestion keeps clear of this one
        return best
