"""No function of the product above cyclomatic complexity 20 (radon's measure) without a written reason.

``python scripts/complexity.py`` (run by scripts/test.sh) lists every function of the
product over :data:`LIMIT` that :data:`REASONS` does not name, and every reason whose
function is no longer over it, and exits 1 if there is either. Radon counts what ruff's
C901 does not (each ``and``/``or`` and each comprehension's ``if``), as the issue that set
the limit measured it. Benchmarks and tests are not the product.
"""

from __future__ import annotations

import sys
from pathlib import Path

from radon.complexity import cc_visit
from radon.visitors import Class

LIMIT = 20
ROOT = Path(__file__).resolve().parent.parent
PRODUCT = ("app.py", "components", "control", "core", "exports", "geo", "importers", "webmap", "yamldata")
#: ``path:function`` → why it may stay above the limit, until someone splits it.
REASONS = {
    "webmap/timemap.py:time_payload": "the payload's one pass over districts and places; its layout is being named for both sides",
    "yamldata/writer.py:_places_appended_text": "one pass over the file's text deciding where each place goes; each branch a layout case",
    "geo/match.py:match_districts": "the matching cascade (code, name, alias, fuzzy) in order, each step a few lines",
    "geo/places.py:locate_places": "one pass over the places with the spatial index; each branch a different finding",
    "geo/download.py:fetch": "one download with its size, type and timeout guards, each a branch",
    "exports/png.py:render_png": "matplotlib's figure assembled top to bottom: map, legend, notes, footer",
    "components/claim_form.py:build_entries": "the form's fields mapped to a claim, one branch per optional field",
    "control/commands/export.py:run": "one branch per output and option the command checks before it renders; to split",
    "control/commands/init.py:run": "the init command's checks and report in order, one branch per outcome; to split",
    "geo/gazetteer.py:draft_gazetteer": "a draft gazetteer from a boundary file: name field, ids, clashes; to split",
}


def over_limit() -> dict[str, int]:
    """``path:function`` → complexity, for every function of the product above the limit."""
    found = {}
    for entry in PRODUCT:
        path = ROOT / entry
        for file in [path] if path.is_file() else sorted(path.rglob("*.py")):
            for block in _functions(cc_visit(file.read_text(encoding="utf-8"))):
                if block.complexity > LIMIT:
                    found[f"{file.relative_to(ROOT)}:{block.fullname}"] = block.complexity
    return found


def _functions(blocks: list) -> list:
    """Functions and methods (a class's own figure is not a function's), with the functions defined inside them."""
    out = []
    for block in blocks:
        inner = block.methods if isinstance(block, Class) else [block]
        for function in inner:
            out += [function, *_functions(function.closures)]
    return out


def main() -> int:
    found = over_limit()
    unexplained = {name: n for name, n in found.items() if name not in REASONS}
    stale = [name for name in REASONS if name not in found]
    for name, n in unexplained.items():
        print(f"{name}: complexity {n} > {LIMIT}: split it, or say why not in scripts/complexity.py REASONS", file=sys.stderr)
    for name in stale:
        print(f"{name}: no longer above {LIMIT}; take it out of scripts/complexity.py REASONS", file=sys.stderr)
    return 1 if unexplained or stale else 0


if __name__ == "__main__":
    sys.exit(main())
