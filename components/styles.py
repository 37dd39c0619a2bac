"""The page's CSS, sent once per full run so the elements redrawn on a slider step carry classes, not styles.

A date step reruns only the day's fragment; every byte of its HTML crosses the
websocket again. Legend rows, claim cards and markers therefore use the classes
below instead of repeating inline ``style`` attributes.
"""

from __future__ import annotations

import streamlit as st

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
"""


def inject() -> None:
    """Add the stylesheet to the page (an invisible element; cheap)."""
    st.html(f"<style>{CSS}</style>")
