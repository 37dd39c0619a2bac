"""Escaping: every string from YAML is untrusted text on its way to HTML or Markdown."""

from __future__ import annotations

import html
import re

from yamldata.validate import is_web_url

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def esc(text: object) -> str:
    """HTML-escape (quotes included) for text placed in HTML, tooltips and popups.

    Line breaks become spaces: in ``st.markdown`` a blank line ends an HTML block, and
    what follows would be read as Markdown.
    """
    return html.escape("" if text is None else str(text), quote=True).replace("\r", " ").replace("\n", " ")


def md(text: object) -> str:
    """Escape Markdown so quotes render literally in st.markdown (no links, no HTML)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", "" if text is None else str(text)).replace("\n", " ")


def link_html(url: str | None, label: str) -> str:
    """An <a> for http(s) URLs only; anything else is shown as plain (escaped) text."""
    if url and is_web_url(url):
        return f'<a href="{esc(url)}" target="_blank" rel="noopener noreferrer">{esc(label)}</a>'
    return esc(label)


def link_md(url: str | None, label: str) -> str:
    """A Markdown link for http(s) URLs only (the URL's parentheses escaped)."""
    if url and is_web_url(url):
        safe = url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
        return f"[{md(label)}]({safe})"
    return md(label)
