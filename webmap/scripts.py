"""Our JavaScript and the JSON it reads: compacted, named by content, safe to embed.

The map's own JS files are served as static files by the app (loaded once per map
iframe, never re-sent on a slider step) and inlined by standalone pages (the HTML
export). :func:`script_json` is the one way data reaches a script or a page.
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import rcssmin
import rjsmin

#: How many hex digits of the SHA-256 name a file.
DIGEST_CHARS = 16


_JSON_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029", "{": "\\u007b"}
# A "{" that would open a Jinja tag: only ever inside a JSON string (an object's first
# token is a key or "}"), where \u007b means the same character.
_JSON_UNSAFE_RE = re.compile("[<>&\u2028\u2029]|\\{(?=[{%#])")


def script_json(data: Any) -> str:
    """Compact JSON that is safe inside a ``<script>``, inside JS source and inside a Jinja template.

    ``<``, ``>`` and ``&`` become ``\\u003c`` … (so no ``</script>`` or ``<!--`` can
    appear), U+2028/U+2029 are escaped (line terminators in older JS engines), and a
    ``{`` before ``{``, ``%`` or ``#`` becomes ``\\u007b``: branca compiles what an
    element renders as a new Jinja template when a whole page is rendered, so a
    ``{{ … }}`` in a YAML name would otherwise run as template code. Every escape
    decodes back to the same character in ``JSON.parse``.
    """
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return _JSON_UNSAFE_RE.sub(lambda m: _JSON_UNSAFE[m.group()], text)


def minify_js(source: str, *, module: bool = False) -> str:
    """The script, minified: comments and needless whitespace gone, local names shortened.

    A classic script is parsed as ES5 (calmjs.parse) and printed with its local names
    mangled; names at the top level, which pages and tests call, and every property name
    are kept. ES5 is what our map scripts are written in, so a newer construct fails here,
    loudly, rather than in a reader's browser. An ES module (``module``) is only
    stripped of comments and whitespace (rjsmin: a tokenizer), as ES5 has no modules.
    """
    if module:
        return rjsmin.jsmin(source)
    from calmjs.parse import es5  # here, not at the top: 65 ms of imports that most processes never use
    from calmjs.parse.unparsers.es5 import minify_print

    return minify_print(es5(source), obfuscate=True, obfuscate_globals=False, drop_semi=True)


@lru_cache(maxsize=8)
def compact_js(path: Path, *, module: bool = False) -> str:
    """``path``'s code, minified (:func:`minify_js`), read once."""
    return minify_js(Path(path).read_text(encoding="utf-8"), module=module) + "\n"


def minify_css(css: str) -> str:
    """The stylesheet without comments and needless whitespace (rcssmin, rjsmin's sibling)."""
    return rcssmin.cssmin(css)


def content_name(text: str, suffix: str) -> str:
    """``<sha256 prefix><suffix>``: a new name whenever the text changes, so browsers may cache forever."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:DIGEST_CHARS] + suffix
