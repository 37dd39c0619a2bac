"""Embedding the HTML export: the snippet a CMS takes, written by ``python -m control export --embed``.

That the snippet and the page work together -- from another origin, at article and phone
sizes, and where the CMS strips scripts -- is driven in Chromium by
``tests/browser/test_reader_export.py``; here, what the files say.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from control.cli import main
from core.rules import ComputedTimeline
from exports.embed import EMBED_HEIGHT, HEIGHT_MESSAGE, embed_snippet, height_script
from exports.html import export_html
from tests.scenarios import claim


@pytest.fixture(autouse=True)
def _cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("CONTROL_MAP_CACHE_DIR", str(tmp_path / "cache"))


def test_the_snippet_is_an_iframe_of_fixed_height_and_a_listener_and_escapes_what_it_is_given():
    snippet = embed_snippet('https://example.org/maps/a map.html?x=1&y="2"', 'Khinj "ours" <b>&</b>')
    iframe, script = re.fullmatch(r"(<iframe [^>]*></iframe>)\n<script>(.*)</script>\n", snippet, re.S).groups()
    assert 'src="https://example.org/maps/a map.html?x=1&amp;y=&quot;2&quot;"' in iframe
    assert 'title="Khinj &quot;ours&quot; &lt;b&gt;&amp;&lt;/b&gt;"' in iframe
    assert f'height="{EMBED_HEIGHT}"' in iframe and "width:100%" in iframe
    # The listener takes only a number, only from one of the page's own iframes, and names no global.
    assert f'e.data["{HEIGHT_MESSAGE}"]' in script and 'typeof h!=="number"' in script and "contentWindow===e.source" in script
    assert script.startswith("(function(){") and script.endswith("})();")


def test_every_export_carries_the_pages_half_which_does_nothing_outside_a_frame(files):
    from geo import schematic

    files.write([claim("c1", "2021-09-01", "red-spox", ["North"], holder="red")])
    dataset = files.dataset()
    text = export_html(ComputedTimeline(dataset), schematic(dataset.gazetteer), dt.date(2021, 9, 1), "consensus")
    script = height_script()
    assert script.strip() in text
    assert script.startswith('(function(){"use strict";if(window.parent===window){return}')
    assert f'"{HEIGHT_MESSAGE}"' in script


def test_export_embed_writes_the_snippet_beside_the_page(files, tmp_path, capsys):
    """``python -m control export --embed [URL]`` (its ``main``, in this process)."""
    files.write([claim("c1", "2021-09-01", "red-spox", ["North"], holder="red")])
    data = ["--districts", str(files.districts), "--claims", str(files.claims)]
    page = tmp_path / "out" / "north.html"
    page.parent.mkdir()
    assert main(["export", "--format", "html", "-o", str(page), "--embed", *data]) == 0
    snippet = (tmp_path / "out" / "north.embed.html").read_text(encoding="utf-8")
    assert snippet == embed_snippet("north.html", "Testland: who controls which district, according to whom")
    assert page.read_text(encoding="utf-8").startswith('<!DOCTYPE html>\n<html lang="en">')

    url = "https://news.example/maps/north.html"
    assert main(["export", "--format", "html", "-o", str(page), "--embed", url, *data]) == 0
    assert f'src="{url}"' in (tmp_path / "out" / "north.embed.html").read_text(encoding="utf-8")

    assert main(["export", "--format", "csv", "--embed", *data]) == 2  # the HTML export only
    out = capsys.readouterr()
    assert out.err.splitlines()[-1] == "--embed works with --format html" and out.out == ""
