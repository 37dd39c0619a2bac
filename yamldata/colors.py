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
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache

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
STATUS_COLORS_FROM_STYLE = ("contested districts", "disputed districts", "districts with no information", "neighbouring districts")

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
    colors = (style.CONTESTED_COLOR, style.DISPUTED_COLOR, style.UNKNOWN_COLOR, style.NEIGHBOUR_COLOR)
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
    best, best_margin = None, -math.inf
    for candidate in CANDIDATES:
        margins = [w[1] for other in others if (w := worst(candidate, other)) is not None]
        margin = min(margins, default=math.inf)
        if margin >= threshold and margin > best_margin:
            best, best_margin = candidate, margin
    return best


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
    malformed are skipped: the validator reports those already.
    """
    status_colors = dict(_default_statuses() if statuses is None else statuses)
    valid = [p for p in parties if _seen(p.color) is not None]
    problems: list[Problem] = []
    suggestions: dict[int, str] = {}  # per party (index in valid): the suggestion text, computed once
    suggested: list[str] = []  # colours already suggested to earlier parties: taking every suggestion must pass too

    def suggestion(index: int) -> str:
        if index not in suggestions:
            others = [p.color for j, p in enumerate(valid) if j != index] + list(status_colors.values()) + suggested
            found = suggest(others)
            if found:
                suggested.append(found)
            suggestions[index] = f'try "{found}"' if found else "no colour of the candidate palette is far enough from all the others"
        return suggestions[index]

    for index, party in enumerate(valid):
        clashes: list[tuple[str, str, float, float]] = []  # (what it clashes with, worst vision, ΔE there, ΔE in normal vision)
        for earlier in valid[:index]:
            found = worst(party.color, earlier.color)
            if found is not None and found[1] < MIN_DELTA_E:
                clashes.append((f"the colour \"{earlier.color}\" of party '{earlier.id}'", *found))
        for what, color in status_colors.items():
            found = worst(party.color, color)
            if found is not None and found[1] < MIN_DELTA_E:
                clashes.append((f"the colour of {what} ({color})", *found))
        for what, vision, delta, normal in clashes:
            message = (
                f"colour \"{party.color}\" of party '{party.id}' is too close to {what}: "
                f"ΔE2000 {_shown(delta)} {_where(vision, normal)}, under {MIN_DELTA_E:g}; {suggestion(index)}"
            )
            problems.append(Problem(label, party.line, message))
    return problems
