"""Name normalisation shared by claims, the CLI, URLs and boundary matching.

Reports spell Panjshir's districts many ways (Unabah, Anabah, Annaba); a reference
matches a district when the two spellings are equal after :func:`normalize_name`.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

_IGNORED = re.compile(r"[\s\-\u2010-\u2015'\u2018\u2019\u02bc\u02bb`\u00b4_]+")


def normalize_name(name: str) -> str:
    """Fold case and diacritics and drop spaces, hyphens, underscores and apostrophes."""
    decomposed = unicodedata.normalize("NFKD", str(name))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _IGNORED.sub("", stripped).casefold()


def closest_names(name: str, candidates: list[str], limit: int = 3) -> list[str]:
    """The candidate spellings nearest to ``name``, best first (for error messages)."""
    by_key: dict[str, str] = {}
    for candidate in candidates:
        by_key.setdefault(normalize_name(candidate), candidate)
    keys = difflib.get_close_matches(normalize_name(name), list(by_key), n=limit, cutoff=0.4)
    return [by_key[key] for key in keys]


def slugify(text: str, *, max_length: int = 60) -> str:
    """Lower-case ASCII letters, digits and single hyphens, cut at a word boundary: for ids and file names."""
    text = re.sub(r"['\u2019\u02bc`]", "", str(text))  # "it's" -> "its", not "it-s"
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > max_length:
        cut = slug[: max_length + 1]
        slug = cut[: cut.rfind("-")] if "-" in cut else slug[:max_length]
    return slug.strip("-")
