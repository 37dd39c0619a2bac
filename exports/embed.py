"""Embedding the HTML export in an article: the snippet a CMS takes, and the page's half of it.

The snippet is what Datawrapper's and Flourish's "responsive embed" are: an ``<iframe>``
with a fixed ``height`` -- which is all a reader gets where the CMS strips scripts, and
works: the map fills the frame, its panel scrolls -- plus a few lines of script that
set the iframe's height to what the page inside asks for. The page asks by
``postMessage`` (:file:`embed.js`, inlined in every export: it does nothing outside a
frame); the listener takes a message only from one of the document's own iframes
(``event.source``), and only a number in a sane range, so any other page's messages
are ignored. The map's page is self-contained, so the embed works from any origin,
``file://`` aside, and requests nothing.
"""

from __future__ import annotations

import html
from pathlib import Path

from webmap.scripts import compact_js

#: The message's one key: ``{"control-map-height": <CSS px>}``.
HEIGHT_MESSAGE = "control-map-height"
#: The iframe's height before the page has told its own (and where scripts are stripped).
EMBED_HEIGHT = 600
EMBED_JS_PATH = Path(__file__).with_name("embed.js")

#: The article's half: sets the height of whichever of its iframes sent the message.
#: ES5 in one line, as CMS fields take it; no global names.
_LISTENER = (
    "(function(){window.addEventListener(\"message\",function(e){"
    f'var h=e.data&&e.data["{HEIGHT_MESSAGE}"];'
    'if(typeof h!=="number"||!(h>=100&&h<=5000))return;'
    'var f=document.getElementsByTagName("iframe");'
    "for(var i=0;i<f.length;i++){if(f[i].contentWindow===e.source){f[i].style.height=Math.round(h)+\"px\";}}"
    "});})();"
)


def height_script() -> str:
    """The page's half (minified :file:`embed.js`), for a ``<script>`` of the export."""
    return compact_js(EMBED_JS_PATH)


def embed_snippet(src: str, title: str, *, height: int = EMBED_HEIGHT) -> str:
    """The HTML a newsroom pastes where the map goes: the map at ``src`` (its URL once
    published) in a full-width iframe named ``title`` (plain text), ``height`` px tall until
    the page says how tall it wants to be."""
    return (
        f'<iframe src="{html.escape(src, quote=True)}" title="{html.escape(title, quote=True)}" '
        f'height="{int(height)}" style="display:block;width:100%;border:0" loading="lazy" allow="fullscreen"></iframe>\n'
        f"<script>{_LISTENER}</script>\n"
    )
