"""How states look: colours and labels shared by the map, the legend and every export.

Party colours come from ``claims.yaml``; the status colours are fixed and drawn from
the Okabe–Ito palette so they stay distinct for colour-blind readers and from the
parties' colours; ``validate`` reports a party colour a reader could not tell from
another's or from these, also under colour-vision deficiencies (:mod:`yamldata.colors`).
"""

from __future__ import annotations

from dataclasses import dataclass

from core.model import Dataset
from core.rules import CONSENSUS, DistrictState

CONTESTED_COLOR = "#f0e442"  # yellow: fighting reported, or both sides present
DISPUTED_COLOR = "#cc79a7"  # reddish purple: the parties' claims contradict each other
UNKNOWN_COLOR = "#d9d9d9"  # pale grey: nobody has said anything yet
NEIGHBOUR_COLOR = "#bdbdbd"

STATUS_LABELS = {
    "confirmed": "confirmed",
    "corroborated": "partly corroborated (unconfirmed)",
    "claimed": "claimed (unconfirmed)",
    "held": "held (by its own account)",
    "hedged": "held, by a hedged account",
    "present": "forces present (not control)",
    "contested": "contested (fighting / both present)",
    "disputed": "disputed (claims contradict)",
    "denied": "denies the claim of control",
    "unverified": "could not verify the claim",
    "unknown": "no information",
}

#: The colours a reader must tell apart from every party's (``validate`` checks them).
STATUS_COLORS = {
    "contested districts": CONTESTED_COLOR,
    "disputed districts": DISPUTED_COLOR,
    "districts with no information": UNKNOWN_COLOR,
    "neighbouring districts": NEIGHBOUR_COLOR,
}

#: Patterns of unconfirmed states, drawn in the holder's colour over a light tint:
#: diagonal lines for a party's own claim (as on Long War Journal and ISW maps), a
#: cross-hatch for a claim partly corroborated, dots for a hedged account or presence.
PATTERNS = {"claimed": "hatch", "corroborated": "cross", "hedged": "hatch", "present": "dots"}
PATTERN_KINDS = ("hatch", "cross", "dots")
#: How much of its fill opacity a stale state keeps (``settings: stale_after_days``).
STALE_OPACITY = 0.35


def fill_color(state: DistrictState, dataset: Dataset) -> str:
    """The solid colour of a state: the holder's party colour, or the status colour."""
    if state.status == "denied":
        return DISPUTED_COLOR
    if state.status == "unverified":
        return UNKNOWN_COLOR
    if state.holder is not None:
        return dataset.party(state.holder).color
    return {"contested": CONTESTED_COLOR, "corroborated": CONTESTED_COLOR, "disputed": DISPUTED_COLOR}.get(state.status, UNKNOWN_COLOR)


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
    """Every colour a pattern may be drawn in: the parties' and contested (partly corroborated fighting)."""
    return [*(p.color for p in dataset.parties), CONTESTED_COLOR]


def pattern(state: DistrictState) -> str | None:
    """The pattern an unconfirmed state is drawn with (``hatch``, ``cross``, ``dots``), or None for a solid fill."""
    return PATTERNS.get(state.status)


def is_hatched(state: DistrictState) -> bool:
    """Unconfirmed control is drawn with a pattern, never as a solid fill."""
    return state.status in PATTERNS


def category_label(status: str, holder: str | None, dataset: Dataset) -> str:
    """e.g. "Taliban — confirmed", "Disputed (claims contradict)"."""
    if holder is not None and status in ("denied", "unverified"):
        name = dataset.party(holder).name
        return f"Denies {name} control" if status == "denied" else f"Could not verify the {name} claim"
    if holder is None and status == "corroborated":
        return "Contested — partly corroborated (unconfirmed)"
    if holder is not None:
        return f"{dataset.party(holder).name} — {STATUS_LABELS.get(status, status)}"
    label = STATUS_LABELS.get(status, status)
    return label[:1].upper() + label[1:]


def categories(view: str, dataset: Dataset) -> list[tuple[str, str | None]]:
    """Every legend category a view can show, in legend order."""
    evidence = dataset.uses_evidence
    per_party: tuple[str, ...]
    extra: tuple[str, ...]
    if view == CONSENSUS:
        per_party = ("confirmed", "corroborated", "claimed") if evidence else ("confirmed", "claimed")
        extra = ("contested", "corroborated", "disputed", "unknown") if evidence else ("contested", "disputed", "unknown")
    else:
        per_party = ("held", "hedged", "present") if evidence else ("held",)
        extra = ("contested", "unknown")
    shown: list[tuple[str, str | None]] = [(status, p.id) for p in dataset.parties for status in per_party]
    shown += [(status, None) for status in extra]
    if evidence and view != CONSENSUS:  # a denial or "could not verify" names the party concerned
        shown[-1:-1] = [(status, p.id) for status in ("denied", "unverified") for p in dataset.parties]
    return shown


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


def legend_entry(status: str, holder: str | None, dataset: Dataset) -> LegendEntry:
    """The legend row of one category."""
    state = DistrictState(status, holder)
    return LegendEntry(status, holder, category_label(status, holder, dataset), fill_color(state, dataset), pattern(state))


def legend(view: str, dataset: Dataset) -> list[LegendEntry]:
    """The legend of a view, in order: what the app's map, the HTML, the PNG and the chart all show."""
    return [legend_entry(status, holder, dataset) for status, holder in categories(view, dataset)]


def category_color(status: str, holder: str | None, dataset: Dataset) -> str:
    return fill_color(DistrictState(status, holder), dataset)
