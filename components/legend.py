"""The legend: every category of the view, with how many districts are in it today."""

from __future__ import annotations

from collections import Counter

import streamlit as st

from components.text import esc
from control.model import Dataset
from control.rules import DistrictState
from control.style import categories, category_color, category_label, pattern, pattern_css


def swatch_css(color: str, kind: str | None) -> str:
    """Inline CSS of a legend swatch (its colour; size and border are the ``swatch`` class); patterned swatches mirror the map."""
    if kind:
        return f"background:{pattern_css(color, kind)};border:1.5px solid {color}"
    return f"background:{color}"


def legend_rows(view: str, dataset: Dataset, states: dict[str, DistrictState]) -> list[tuple[str, str, str | None, int]]:
    """(label, colour, pattern or None, count) for each category of the view."""
    counts = Counter((s.status, s.holder) for s in states.values())
    rows = []
    for status, holder in categories(view, dataset):
        color = category_color(status, holder, dataset)
        kind = pattern(DistrictState(status, holder))
        rows.append((category_label(status, holder, dataset), color, kind, counts.get((status, holder), 0)))
    return rows


def render(view: str, dataset: Dataset, states: dict[str, DistrictState], title: str = "") -> None:
    """The legend, under ``title``, as one small HTML element (classes from :mod:`components.styles`): redrawn on every step."""
    items = [
        f'<li class="legend-row{" empty" if count == 0 else ""}"><span class="swatch" style="{swatch_css(color, kind)}"></span>'
        f'<span class="legend-label">{esc(label)}: <b class="legend-count">{count}</b></span></li>'
        for label, color, kind, count in legend_rows(view, dataset, states)
    ]
    heading = f'<p class="legend-date">{esc(title)}</p>' if title else ""
    st.markdown(f'{heading}<ul class="legend">{"".join(items)}</ul>', unsafe_allow_html=True)
