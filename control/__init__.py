"""Claims, districts and the rules of contested control (pure Python, no Streamlit)."""

from control.errors import Problem, ValidationError
from control.loader import load_dataset, load_gazetteer
from control.rules import CONSENSUS, DistrictState, Timeline

__all__ = ["CONSENSUS", "DistrictState", "Problem", "Timeline", "ValidationError", "load_dataset", "load_gazetteer"]
