"""How states look: colours and labels shared by the map, the legend and every export.

Party colours come from ``claims.yaml``; the status colours are fixed and drawn from
the Okabe–Ito palette so they stay distinct for colour-blind readers and from the
parties' colours (keep party colours away from these when adding a party).
"""

from __future__ import annotations

from control.model import Dataset
from control.rules import CONSENSUS, DistrictState

CONTESTED_COLOR = "#f0e442"  # yellow: fighting reported, or both sides present
DISPUTED_COLOR = "#cc79a7"  # reddish purple: the parties' claims contradict each other
UNKNOWN_COLOR = "#d9d9d9"  # pale grey: nobody has said anything yet
NEIGHBOUR_COLOR = "#bdbdbd"

STATUS_LABELS = {
    "confirmed": "confirmed",
    "claimed": "claimed (unconfirmed)",
    "held": "held (by its own account)",
    "contested": "contested (fighting / both present)",
    "disputed": "disputed (claims contradict)",
    "unknown": "no information",
}


def fill_color(state: DistrictState, dataset: Dataset) -> str:
    """The solid colour of a state: the holder's party colour, or the status colour."""
    if state.holder is not None:
        return dataset.party(state.holder).color
    return {"contested": CONTESTED_COLOR, "disputed": DISPUTED_COLOR}.get(state.status, UNKNOWN_COLOR)


def is_hatched(state: DistrictState) -> bool:
    """Unconfirmed control is drawn hatched, as on Long War Journal and ISW maps."""
    return state.status == "claimed"


def category(state: DistrictState) -> tuple[str, str | None]:
    """The legend category of a state: (status, holder)."""
    return state.status, state.holder


def category_label(status: str, holder: str | None, dataset: Dataset) -> str:
    """e.g. "Taliban — confirmed", "Disputed (claims contradict)"."""
    if holder is not None:
        return f"{dataset.party(holder).name} — {STATUS_LABELS.get(status, status)}"
    label = STATUS_LABELS.get(status, status)
    return label[:1].upper() + label[1:]


def categories(view: str, dataset: Dataset) -> list[tuple[str, str | None]]:
    """Every legend category a view can show, in legend order."""
    per_party = ("confirmed", "claimed") if view == CONSENSUS else ("held",)
    shown = [(status, p.id) for p in dataset.parties for status in per_party]
    extra = ("contested", "disputed", "unknown") if view == CONSENSUS else ("contested", "unknown")
    return shown + [(status, None) for status in extra]


def category_color(status: str, holder: str | None, dataset: Dataset) -> str:
    return fill_color(DistrictState(status, holder), dataset)
