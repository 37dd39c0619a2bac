"""The page's CSS and headings, sent once per full run so the elements redrawn on a slider step carry classes, not styles.

A date step reruns only the day's fragment; every byte of its HTML crosses the
websocket again. Legend rows, claim cards and markers therefore use the classes
below instead of repeating inline ``style`` attributes.

Headings (:func:`heading`) follow the page's outline, which screen-reader users move
through: the title is the one ``h1``; each section of the main column or of the
sidebar an ``h2``; a part of a section an ``h3``. Streamlit's Markdown sizes a
heading by its level, so each carries a class for the size it is drawn at instead.

On a phone (Streamlit's own breakpoint, 640 px) the title is compact, the page
starts right under Streamlit's header and the map is at most 60 % of the screen's
height, so that on a 390x844 phone the whole map is on the first screen (and the
page can still be scrolled past it with a finger on the page, not the map).
Captions (``st.caption``) are drawn in a solid, darker tint of the text colour:
Streamlit's own, the text colour at 60 % opacity, gives 3.8:1 on its backgrounds
(WCAG AA asks 4.5:1), and an opacity also hides the contrast from axe-core.
"""

from __future__ import annotations

import streamlit as st

from components.text import esc

CSS = """
.legend{list-style:none;padding:0;margin:0}
.legend-row{display:flex;align-items:center;gap:.5em;margin:.15em 0}
.legend-row.empty{opacity:.55}
.swatch{display:inline-block;width:1.4em;height:1em;border:1px solid #555}
.claim{margin:.4em 0 .8em 0}
.claim-role{color:#555}
.claim-what{font-size:.9em}
.claim-quote{margin:.2em 0 .2em .5em;font-style:italic}
.claim-outlet{font-size:.85em;color:#555}
.claims-shown{font-size:.85em;color:#555}
.legend-date{font-weight:600;font-size:1.25em;margin:0 0 .3em 0}
.state-strip{display:flex;gap:2px;margin:.4em 0 0 0;overflow:hidden}
.state-strip.dense{gap:0;border:1px solid #888}
.strip-cell{min-width:0;height:1.3em;border:1px solid #888;box-sizing:border-box}
.dense .strip-cell{border:0}
.day-marker{position:relative;height:7px;border-top:1px solid #999;margin-bottom:.2em}
.day-marker>i{position:absolute;top:-1px;height:6px;background:#000;min-width:2px}
.day-range{display:flex;justify-content:space-between;font-size:.8em;color:#555}
.district-places ul{margin:.2em 0;padding-left:1.1em}
.district-place{margin:.2em 0;font-size:.92em}
.place-dot{display:inline-block;width:.8em;height:.8em;border-radius:50%;border:1.5px solid #111;margin-right:.35em;vertical-align:-.1em}
.stMarkdown :is(h2,h3).heading-section{font-size:1.5rem;font-weight:600;line-height:1.2;letter-spacing:normal;padding:.5rem 0 1rem}
.stMarkdown :is(h2,h3).heading-minor{font-size:1.25rem;font-weight:600;line-height:1.2;letter-spacing:normal;padding:.375rem 0 1rem}
[data-testid="stSidebar"] .stMarkdown :is(h2,h3).heading-minor{font-size:.875rem}
[data-testid="stCaptionContainer"]{opacity:1;color:color-mix(in srgb,currentColor 78%,transparent)}
@media (max-width:640px){
[data-testid="stMainBlockContainer"]{padding-top:3.75rem}
.stMarkdown h1.page-title{font-size:1.625rem;line-height:1.2;padding:.25rem 0 .5rem}
.cm-app .cm-map.leaflet-container{height:min(var(--cm-map-height,560px),60vh);height:min(var(--cm-map-height,560px),60svh)}
}
"""


def heading(text: str, level: int, look: str = "section") -> str:
    """A heading's HTML, for ``st.markdown(..., unsafe_allow_html=True)``: ``text`` is plain (escaped
    here), ``level`` its place in the outline, ``look`` its size: ``"title"`` (the page's h1),
    ``"section"`` (as Markdown's ``####`` draws) or ``"minor"`` (as ``#####``)."""
    css_class = "page-title" if look == "title" else f"heading-{look}"
    return f'<h{level} class="{css_class}">{esc(text)}</h{level}>'


def inject() -> None:
    """Add the stylesheet to the page (an invisible element; cheap)."""
    st.html(f"<style>{CSS}</style>")
