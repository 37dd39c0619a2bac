"""How states look: colours, patterns and labels shared by the map, the legend and every export.

Party colours come from ``claims.yaml``; the status colours are fixed and drawn from
the Okabe–Ito palette so they stay distinct for colour-blind readers and from the
parties' colours; ``validate`` reports a party colour a reader could not tell from
another's or from these, also under colour-vision deficiencies (:mod:`yamldata.colors`).

A *category* is what the legend lists and the map draws: ``(status, holder)``, except
that a denial and a "could not verify" are one category each whatever party they
concern (:func:`category_key`; their headline names the party). Patterns mean the same
everywhere: solid = confirmed, an independent account, or accounts in conflict; hatch =
one side's own account, unconfirmed; cross = partly supported by an independent source;
dots = presence or statements, not control. The words are in :file:`core/wording.json`.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.explain import WORDING, fill
from core.model import INDEPENDENT, Dataset
from core.rules import CONSENSUS, DistrictState

CONTESTED_COLOR = "#f0e442"  # yellow: fighting reported, or both sides present
DISPUTED_COLOR = "#cc79a7"  # reddish purple: the accounts conflict
UNKNOWN_COLOR = "#d9d9d9"  # pale grey: nobody has said anything yet
STATEMENT_COLOR = "#737373"  # dark grey dots and lines: statements, "could not verify" (docs/decisions.md)
NEIGHBOUR_COLOR = "#bdbdbd"

#: The colours a reader must tell apart from every party's (``validate`` checks them).
STATUS_COLORS = {
    "contested districts": CONTESTED_COLOR,
    "disputed districts": DISPUTED_COLOR,
    "districts with no information": UNKNOWN_COLOR,
    "neighbouring districts": NEIGHBOUR_COLOR,
    "statements and could-not-verify patterns": STATEMENT_COLOR,
}

#: The pattern of each status drawn with one (the others are solid), over a light tint of its colour.
PATTERNS = {
    "claimed": "hatch",
    "hedged": "hatch",
    "denied": "hatch",
    "unverified": "hatch",
    "corroborated": "cross",
    "present": "dots",
    "statements": "dots",
}
PATTERN_KINDS = ("hatch", "cross", "dots")
#: Statuses whose category ignores the holder: one legend row each.
HOLDERLESS = frozenset({"denied", "unverified"})
#: How much of its fill opacity a stale state keeps (``settings: stale_after_days``).
STALE_OPACITY = 0.35
_LABELS = WORDING["labels"]


def category_key(status: str, holder: str | None) -> tuple[str, str | None]:
    """The legend category of a state: ``(status, holder)``, holder left out for a denial and a "could not verify"."""
    return (status, None) if status in HOLDERLESS else (status, holder)


def fill_color(state: DistrictState, dataset: Dataset) -> str:
    """The colour a state is drawn in: the holder's party colour, or a status colour."""
    status = state.status
    if status in ("denied", "disputed"):
        return DISPUTED_COLOR
    if status in ("unverified", "statements"):
        return STATEMENT_COLOR
    if state.holder is not None:
        return dataset.party(state.holder).color
    if status in ("contested", "corroborated", "claimed"):
        return CONTESTED_COLOR
    return UNKNOWN_COLOR


def pattern_css(color: str, kind: str | None) -> str:
    """CSS ``background`` mirroring the map's pattern (:data:`core.style.PATTERNS`): lines, cross-hatch, dots, or solid."""
    if kind == "cross":
        lines = f"{color} 0 2px,transparent 2px 6px"
        return f"repeating-linear-gradient(45deg,{lines}),repeating-linear-gradient(-45deg,{color} 0 2px,#fff 2px 6px)"
    if kind == "dots":
        return f"radial-gradient({color} 35%,#fff 40%) 0 0/5px 5px"
    if kind:
        return f"repeating-linear-gradient(45deg,{color} 0 2px,#fff 2px 6px)"
    return color


def pattern_colors(dataset: Dataset) -> list[str]:
    """Every colour a pattern may be drawn in: the parties', contested, disputed (denials) and statements."""
    return [*(p.color for p in dataset.parties), CONTESTED_COLOR, DISPUTED_COLOR, STATEMENT_COLOR]


def pattern(state: DistrictState) -> str | None:
    """The pattern a state is drawn with (``hatch``, ``cross``, ``dots``), or None for a solid fill."""
    return PATTERNS.get(state.status)


def is_hatched(state: DistrictState) -> bool:
    """Drawn with a pattern (unconfirmed, or not control), never as a solid fill."""
    return state.status in PATTERNS


def category_label(status: str, holder: str | None, dataset: Dataset, view: str) -> str:
    """The legend's words for a category of ``view``, e.g. "Taliban — confirmed", "Disputed — the accounts conflict"."""
    status, holder = category_key(status, holder)
    if holder is None:
        if status == "contested" and view not in (CONSENSUS, INDEPENDENT):
            return _LABELS["contestedOwn"]
        if status == "denied" and view != CONSENSUS:
            return _LABELS["deniesOwn"]
        return _LABELS["none"].get(status, status)
    name = dataset.party(holder).name
    if status == "held":
        key = "heldOwn" if view == holder else "heldIndependent" if view == INDEPENDENT else "heldOther"
        other = dataset.party(view).name if key == "heldOther" and view != CONSENSUS else ""
        return fill(_LABELS[key], holder=name, view=other)
    return fill(_LABELS["party"].get(status, "{holder} — " + status), holder=name)


def categories(view: str, dataset: Dataset) -> list[tuple[str, str | None]]:
    """Every legend category a view can show, in legend order (:func:`category_key` of each state)."""
    evidence = dataset.uses_evidence
    per_party: tuple[str, ...]
    extra: tuple[str, ...]
    if view == CONSENSUS:
        per_party = ("confirmed", "corroborated", "claimed", "present") if evidence else ("confirmed", "claimed")
        extra = ("contested", "corroborated", "claimed", "disputed", "denied") if evidence else ("contested", "claimed", "disputed")
    else:
        per_party = ("held", "hedged", "present") if evidence else ("held",)
        extra = ("contested", "denied", "unverified") if evidence else ("contested",)
    shown: list[tuple[str, str | None]] = [(status, p.id) for p in dataset.parties for status in per_party]
    return shown + [(status, None) for status in (*extra, "statements", "unknown")]


@dataclass(frozen=True)
class LegendEntry:
    """One row of a legend: the category, its words, its colour and its pattern."""

    status: str
    holder: str | None
    label: str
    color: str
    pattern: str | None  # a PATTERNS kind; None for a solid fill

    @property
    def hatched(self) -> bool:
        return self.pattern is not None


def legend_entry(status: str, holder: str | None, dataset: Dataset, view: str) -> LegendEntry:
    """The legend row of one category of ``view``."""
    status, holder = category_key(status, holder)
    state = DistrictState(status, holder)
    return LegendEntry(status, holder, category_label(status, holder, dataset, view), fill_color(state, dataset), pattern(state))


def legend(view: str, dataset: Dataset) -> list[LegendEntry]:
    """The legend of a view, in order: every category it can show (the app's map, the HTML and the chart)."""
    return [legend_entry(status, holder, dataset, view) for status, holder in categories(view, dataset)]


def category_color(status: str, holder: str | None, dataset: Dataset) -> str:
    return fill_color(DistrictState(status, holder), dataset)
