"""District shapes for the app, loaded once per gazetteer and boundary file (not per rerun)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from core.model import Gazetteer
from geo import BoundaryError, load_boundaries, schematic


@st.cache_resource(show_spinner="Loading district boundaries…", max_entries=8)
def _load(key: tuple, _gazetteer: Gazetteer, path: str | None):
    try:
        return load_boundaries(_gazetteer, path), None
    except BoundaryError as exc:
        return schematic(_gazetteer, [str(exc)]), exc


def gazetteer_key(gazetteer: Gazetteer) -> tuple:
    """What the shapes depend on: districts, their spellings and seats, the boundary settings and
    the file they name (a relative ``boundaries.file`` differs from one districts file to another)."""
    return (tuple((d.id, d.name, d.spellings, d.seat) for d in gazetteer.districts), gazetteer.boundaries, gazetteer.boundary_file)


def load_shapes(gazetteer: Gazetteer, path: Path | None):
    """``(Boundaries, geo.BoundaryError or None)``; a bad user-named file falls back to schematic shapes, loudly."""
    return _load((gazetteer_key(gazetteer), str(path) if path else None), gazetteer, str(path) if path else None)
