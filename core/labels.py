"""The words every map and export shares: a view's name, the map's title, its attribution.

Plain text, never HTML: each renderer escapes it (or sets it as ``textContent``).
"""

from __future__ import annotations

from typing import Protocol

from core.explain import WORDING, fill
from core.model import INDEPENDENT, Dataset
from core.rules import CONSENSUS

#: Said wherever shapes are schematic (banner, sidebar, exports): never real borders.
SCHEMATIC_WARNING = "schematic shapes — official boundaries unavailable"


#: How to read the patterns, said under every map's legend (app, HTML, PNG).
PATTERN_NOTE: str = WORDING["patternNote"]
#: What the picture's place markers are and what their colours and patterns mean (the page says it with the
#: shapes themselves, from the same table's ``markers``).
PNG_MARKER_KEY: str = fill(WORDING["pictureMarkers"], centre=WORDING["markers"]["centre"], **WORDING["markers"]["kinds"])


class Attributed(Protocol):
    """What the labels need of a boundary set (``geo.Boundaries`` is one)."""

    @property
    def schematic(self) -> bool: ...

    @property
    def attribution(self) -> str: ...


def schematic_sentence(ending: str) -> str:
    """The warning as a sentence: ``Schematic shapes — official boundaries unavailable`` + ``ending``."""
    return SCHEMATIC_WARNING[:1].upper() + SCHEMATIC_WARNING[1:] + ending


def view_label(view: str, dataset: Dataset) -> str:
    """The view in words, as the app's view picker says it."""
    if view == CONSENSUS:
        return "consensus (independent sources weighed against the parties' claims)"
    if view == INDEPENDENT:
        return "independent sources only"
    return f"{dataset.party(view).name}'s own claims"


def map_title(dataset: Dataset) -> str:
    """The heading of the HTML and PNG maps (plain text)."""
    return f"{dataset.gazetteer.region}: who controls which district, according to whom"


def footer_lines(dataset: Dataset, boundaries: Attributed) -> list[str]:
    """Attribution for the map exports (plain text): where the shapes and the claims come from.

    Readers see it, so it names no file (the claims file is the analyst's, not the public's)."""
    if boundaries.schematic:
        shapes = f"Boundaries: {SCHEMATIC_WARNING}; borders and areas are not real."
    else:
        shapes = f"Boundaries: {boundaries.attribution}"
    dates = dataset.dates
    span = f", {dates[0].isoformat()} to {dates[-1].isoformat()}" if dates else ""
    claims = (
        f"Claims: {len(dataset.claims)} dated claims{span}. A party's claim is not a fact; "
        "hatched = one side's account, cross-hatched = partly supported, dotted = presence, not control."
    )
    return [shapes, claims]
