"""The deploy tests reuse the browser tests' helpers: ``from harness import ...``."""

from __future__ import annotations

import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
for folder in (TESTS / "browser", TESTS.parent):  # harness.py; the app's packages (control, ...)
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
