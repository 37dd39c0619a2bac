"""Where the boundaries put the gazetteer's places, once per gazetteer and shapes (not per rerun)."""

from __future__ import annotations

import streamlit as st

from core.model import Gazetteer
from geo.boundaries import Boundaries
from geo.places import Located, locate_places


@st.cache_resource(max_entries=8)
def _located(key: tuple, _gazetteer: Gazetteer, _shapes: Boundaries) -> Located:
    return locate_places(_gazetteer, _shapes)


def located(gazetteer: Gazetteer, shapes: Boundaries) -> Located:
    """Each place's district (the file's, else found on the shapes) and the places outside their district."""
    frame = shapes.districts
    key = (gazetteer.places, shapes.source, shapes.origin, shapes.schematic, shapes.tolerance, tuple(frame["id"]))
    return _located(key, gazetteer, shapes)
