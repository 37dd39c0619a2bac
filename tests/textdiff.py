"""Comparing a file before and after a write (the claim writer must only ever add lines)."""

from __future__ import annotations

import difflib


def inserted_lines(old: str, new: str) -> list[str]:
    """The lines added to ``old``; fails if any old line changed or went away."""
    matcher = difflib.SequenceMatcher(None, old.splitlines(), new.splitlines(), autojunk=False)
    added = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        assert tag in ("equal", "insert"), f"existing lines changed: {old.splitlines()[i1:i2]} -> {new.splitlines()[j1:j2]}"
        added += new.splitlines()[j1:j2] if tag == "insert" else []
    return added
