"""The layers stay visible: control/, geo/ and webmap/ never import Streamlit."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PURE = ["control", "geo", "webmap"]


def test_pure_layers_do_not_import_streamlit():
    modules = [f"{pkg}.{p.stem}" for pkg in PURE for p in sorted((REPO / pkg).glob("*.py")) if p.stem not in ("__main__",)]
    imports = "".join(f"import {m}\n" for m in modules)
    code = f"import sys\n{imports}print(sorted(m for m in sys.modules if m.split('.')[0] == 'streamlit'))"
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]", f"streamlit imported by a pure layer: {result.stdout}"
    assert len(modules) > 15
