"""Banners: invalid data files (FILE:LINE: message), boundaries that could not be used, schematic shapes."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import streamlit as st

from components.text import md
from core.errors import Problem
from core.labels import SCHEMATIC_WARNING, schematic_sentence

#: Problems listed in a banner before "… and N more".
MAX_LISTED = 20
#: What schematic shapes are, said under every banner that shows them.
SCHEMATIC_MEANING = "approximate cells around each district's seat, not real borders"


def _bullets(lines: list[str], more_hint: str = "") -> str:
    """A Markdown list, one escaped line each; long lists end in "… and N more"."""
    shown = "\n".join(f"- {md(line)}" for line in lines[:MAX_LISTED])
    more = f"\n- … and {len(lines) - MAX_LISTED} more{more_hint}" if len(lines) > MAX_LISTED else ""
    return shown + more


def data_problems(problems: list[Problem], showing_last_valid: bool) -> None:
    """Say which file and line is wrong; the map below keeps the last valid data."""
    lines = _bullets([str(p) for p in problems], " (run `python -m control validate`)")
    keep = "The map keeps showing the last valid data." if showing_last_valid else "There is no valid data to show yet."
    st.error(f"**The data files have {len(problems)} problem(s); fix and save to update the map.** {keep}\n\n{lines}")


def place_problems(problems: list[Problem]) -> None:
    """Places the boundaries put outside the district the file gives: FILE:LINE, both districts named."""
    if not problems:
        return
    st.warning(
        f"**{len(problems)} place(s) do not lie where districts.yaml says.** They are drawn at their point; "
        f"a district centre still counts for the district the file gives. Fix the point or the district.\n\n"
        f"{_bullets([str(p) for p in problems])}"
    )


def file_problem_text(error, district_count: int) -> str:
    """The banner for a boundary file that was named (``--boundaries`` or ``boundaries.file``) but could not be used.

    Districts that match no feature, or several, are listed one per line with what to do;
    any other problem (missing, unreadable file) is said as it is.
    """
    unmatched = getattr(error, "unmatched", None)
    instead = f"The map shows schematic shapes instead: {SCHEMATIC_MEANING}."
    if unmatched:
        name = Path(error.source).name if error.source else "the boundary file"
        count = len(unmatched)
        return (
            f"**{count} of {district_count} district{'s' if district_count != 1 else ''} "
            f"{'do' if count != 1 else 'does'} not match exactly one feature of the boundary file {md(name)}.** {instead}\n\n"
            f"{_bullets(list(unmatched.values()))}\n\n"
            "Fix each in districts.yaml and save: the map follows. `python -m control validate --boundaries` lists the same."
        )
    return (
        f"**The boundary file could not be used:** {md(error)}\n\n{instead} Check the path "
        "(a relative `boundaries.file` is relative to districts.yaml) and that GDAL can read the file."
    )


class SchematicNotice(NamedTuple):
    """The schematic-shapes banner: one line always shown, the reasons and the remedy folded under it."""

    headline: str
    details: str


def schematic_text(boundaries) -> SchematicNotice:
    """The banner for schematic shapes when no boundary file was named: why, one reason per line, and how to get real ones.

    Only the headline is a warning: on a phone the reasons (a long URL) and the remedy pushed
    the map below the first screen, so they are folded under it, one tap away.
    """
    prefix = f"{SCHEMATIC_WARNING}: "
    reasons = [line for w in boundaries.warnings for line in w.removeprefix(prefix).split("; ") if line]
    why = f"{_bullets(reasons)}\n\n" if reasons else ""
    return SchematicNotice(
        f"**{schematic_sentence('.')}** The areas drawn are {SCHEMATIC_MEANING}.",
        f"{why}To draw real borders, run with `--boundaries FILE`, or give `boundaries: file:` in districts.yaml "
        "(`python -m control init` writes one from a boundary file).",
    )


#: The label of the folded part of the schematic-shapes banner.
SCHEMATIC_DETAILS = "Why, and how to draw real borders"


def boundaries_notice(boundaries, error=None, district_count: int | None = None) -> None:
    """One banner: the named boundary file that failed (``error``, a ``geo.BoundaryError``), or why the shapes are schematic."""
    if error is not None:
        st.error(file_problem_text(error, district_count if district_count is not None else len(boundaries.districts)))
    elif boundaries.schematic:
        notice = schematic_text(boundaries)
        st.warning(notice.headline)
        with st.expander(SCHEMATIC_DETAILS):
            st.markdown(notice.details)
