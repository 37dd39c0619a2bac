"""The layers stay visible: the import contract of pyproject.toml holds, and below the UI nothing loads Streamlit."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CONTRACT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
#: Every package below the UI (components/ and app.py).
BELOW_UI = [p for p in CONTRACT["root_packages"] if p != "components"]


def _lint_imports() -> str:
    found = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if found is None:
        pytest.fail("lint-imports (import-linter, requirements-dev.txt) is not installed beside this Python")
    return found


def test_every_package_is_under_the_contract():
    packages = sorted(p.parent.name for p in REPO.glob("*/__init__.py") if p.parent.name not in ("tests", "benchmarks"))
    assert packages == sorted(CONTRACT["root_packages"])


def test_import_contract_holds():
    """Layers, no module cycles (imports inside functions included), Streamlit only in the UI, a stdlib core."""
    result = subprocess.run([_lint_imports(), "--no-cache"], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" in result.stdout and " 0 broken" in result.stdout


def test_the_contract_catches_an_import_running_back_up(tmp_path):
    """The same contract on a copy of the code where the core imports an export: it must break."""
    copy = tmp_path / "repo"
    shutil.copytree(REPO, copy, ignore=shutil.ignore_patterns(".git", ".venv", "tests", "static", "__pycache__", "*.png"))
    names = copy / "core" / "names.py"
    upward = "\n\ndef _up():\n    from exports import registry  # noqa: F401\n"
    names.write_text(names.read_text(encoding="utf-8") + upward, encoding="utf-8")
    result = subprocess.run([_lint_imports(), "--no-cache"], cwd=copy, capture_output=True, text=True, timeout=300)
    assert result.returncode != 0
    assert "core.names -> exports.registry" in result.stdout


def test_below_the_ui_nothing_loads_streamlit():
    modules = []
    for package in BELOW_UI:
        for path in sorted((REPO / package).rglob("*.py")):
            parts = path.relative_to(REPO).with_suffix("").parts
            if parts[-1] != "__main__":
                modules.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    code = "import sys\n" + "".join(f"import {m}\n" for m in modules)
    code += "print(sorted(m for m in sys.modules if m.split('.')[0] == 'streamlit'))"
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]", f"streamlit imported below the UI: {result.stdout}"
    assert len(modules) > 40
