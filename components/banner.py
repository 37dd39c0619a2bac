"""Banners: invalid data files (FILE:LINE: message) and schematic shapes."""

from __future__ import annotations

import streamlit as st

from components.text import md
from core.errors import Problem
from core.labels import SCHEMATIC_WARNING, schematic_sentence


def data_problems(problems: list[Problem], showing_last_valid: bool) -> None:
    """Say which file and line is wrong; the map below keeps the last valid data."""
    lines = "\n".join(f"- {md(str(p))}" for p in problems[:20])
    more = f"\n- … and {len(problems) - 20} more (run `python -m control validate`)" if len(problems) > 20 else ""
    keep = "The map keeps showing the last valid data." if showing_last_valid else "There is no valid data to show yet."
    st.error(f"**The data files have {len(problems)} problem(s); fix and save to update the map.** {keep}\n\n{lines}{more}")


def place_problems(problems: list[Problem]) -> None:
    """Places the boundaries put outside the district the file gives: FILE:LINE, both districts named."""
    if not problems:
        return
    lines = "\n".join(f"- {md(str(p))}" for p in problems[:20])
    more = f"\n- … and {len(problems) - 20} more" if len(problems) > 20 else ""
    st.warning(
        f"**{len(problems)} place(s) do not lie where districts.yaml says.** They are drawn at their point; "
        f"a district centre still counts for the district the file gives. Fix the point or the district.\n\n{lines}{more}"
    )


def boundaries_notice(boundaries, error: str | None = None) -> None:
    if error:
        st.error(f"**Boundary file problem:** {md(error)}")
    if boundaries.schematic:
        prefix = f"{SCHEMATIC_WARNING}: "
        reasons = "; ".join(md(w.removeprefix(prefix)) for w in boundaries.warnings) or "no boundary file, cache or download available"
        st.warning(
            f"**{schematic_sentence('.')}** The areas drawn are approximate cells around each "
            f"district's seat, not real borders. ({reasons}) Run with `--boundaries FILE` to use real boundaries."
        )
