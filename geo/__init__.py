"""District boundaries for the map: real shapes when they can be had, schematic ones otherwise.

Pure Python, no Streamlit: ``load_boundaries(gazetteer)`` returns a :class:`Boundaries`
whose ``districts`` GeoDataFrame is ready to draw and whose ``warnings`` say what to tell
the user. See :mod:`geo.sources` for where shapes come from.
"""

from geo.boundaries import Boundaries
from geo.download import forget_failures
from geo.errors import BoundaryError
from geo.sources import SCHEMATIC_WARNING, load_boundaries, schematic

__all__ = ["SCHEMATIC_WARNING", "Boundaries", "BoundaryError", "forget_failures", "load_boundaries", "schematic"]
