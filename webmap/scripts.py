"""The map's own JavaScript files: read once, compacted, named by content.

Served as static files by the app (loaded once per map iframe, never re-sent on a
slider step) and inlined by standalone pages. Compacting only drops indentation,
blank lines and full-line ``//`` comments, so the files must keep to that style
(no ``/* */`` comments, no statements relying on a line break).
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

#: How many hex digits of the SHA-256 name a file.
DIGEST_CHARS = 16


@lru_cache(maxsize=8)
def compact_js(path: Path) -> str:
    """``path``'s code without indentation, blank lines and full-line ``//`` comments."""
    lines = (line.strip() for line in Path(path).read_text(encoding="utf-8").splitlines())
    return "\n".join(line for line in lines if line and not line.startswith("//")) + "\n"


def content_name(text: str, suffix: str) -> str:
    """``<sha256 prefix><suffix>``: a new name whenever the text changes, so browsers may cache forever."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:DIGEST_CHARS] + suffix
