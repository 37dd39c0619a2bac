"""Folium maps that load nothing from a CDN, so the map works with no internet.

folium points every map at CDNs (Leaflet, jQuery, Bootstrap, awesome-markers,
Font Awesome); offline, such a map stays blank. Here:

* Leaflet's dist files come from an installed registry package -- django-js-lib-leaflet
  ships Leaflet 1.9.4 under ``js_lib_leaflet/static/js_lib_leaflet/`` -- or from any Leaflet
  ``dist`` folder named by ``$LEAFLET_DIST_DIR`` (e.g. ``node_modules/leaflet/dist``
  after ``npm install leaflet``).
* ``components.static_assets.ensure_static_assets`` copies them, on each rerun if missing or stale,
  into the app's git-ignored ``static/vendor/leaflet-<version>/``, which Streamlit
  serves at ``/app/static/`` when ``server.enableStaticServing`` is on. Copied, not
  committed: third-party code stays out of git and is always the version pip
  installed. Copied, not symlinked: Streamlit refuses to serve a file whose real
  path leaves ``static/``.
* :class:`OfflineMap` is a ``folium.Map`` whose only JS/CSS are that Leaflet copy
  (folium's jQuery, Bootstrap, awesome-markers and Font Awesome are dropped: no
  element we use needs them), referenced relative to the page that shows it.
* :func:`standalone_html` renders the same map with Leaflet inlined (icons as data
  URIs, or none), for a single HTML file that works from ``file://``: the export.
  The app's time map loads the same Leaflet copy itself (``components.timemap``).
  Its page is a reader's page: a language, a ``main`` landmark holding the map, an
  ``h1``, and a viewport that lets a phone's reader pinch-zoom (folium's own page
  forbids it with ``maximum-scale=1, user-scalable=no``: WCAG 1.4.4, resize text).

Tiles are the one external thing allowed, and only when a basemap is asked for.
"""

from __future__ import annotations

import base64
import html
import importlib.util
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import folium
from branca.colormap import ColorMap
from branca.element import Element, Figure, MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template

from webmap.scripts import minify_css

#: Environment variable naming a Leaflet ``dist`` folder to use instead of the installed package's.
LEAFLET_DIST_ENV = "LEAFLET_DIST_DIR"

#: Where the app's static files are, relative to a Streamlit page: Streamlit serves
#: ``<app dir>/static/`` at ``<base>/app/static/``, and the page is ``<base>/``.
STATIC_BASE = "app/static/"

#: Folder under ``static/`` that holds the copied third-party files (git-ignored).
VENDOR_DIR = "vendor"

_IMAGES = (
    "layers.png",
    "layers-2x.png",
    "marker-icon.png",
    "marker-icon-2x.png",
    "marker-shadow.png",
)
#: The files of a Leaflet distribution the map uses (what the app copies into its static folder).
LEAFLET_FILES = ("leaflet.js", "leaflet.css", *(f"images/{name}" for name in _IMAGES))
_VERSION_RE = re.compile(rb"Leaflet (\d+\.\d+\.\d+)")
#: folium's viewport tag, which forbids zooming the page (a pinch on the map still zooms the map).
_FOLIUM_VIEWPORT_RE = re.compile(r'<meta name="viewport"[^>]*>')
#: Ours: the device's width, and the reader may zoom.
VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1" />'


class OfflineAssetError(RuntimeError):
    """Leaflet's files cannot be found or served, or a map refers to a CDN."""


@dataclass(frozen=True)
class LeafletDist:
    """An installed copy of Leaflet's ``dist`` folder."""

    directory: Path
    version: str

    @property
    def vendor_name(self) -> str:
        """Folder name under ``static/vendor/``; versioned so an upgrade busts caches."""
        return f"leaflet-{self.version}"


def _candidate_dirs() -> Iterator[Path]:
    env = os.environ.get(LEAFLET_DIST_ENV)
    if env:
        yield Path(env)
    # find_spec does not import the package (a Django app: only its static files are used).
    spec = importlib.util.find_spec("js_lib_leaflet")
    if spec is not None and spec.submodule_search_locations:
        for location in spec.submodule_search_locations:
            yield Path(location) / "static" / "js_lib_leaflet"


@lru_cache(maxsize=1)
def find_leaflet_dist() -> LeafletDist:
    """Locate Leaflet's files: ``$LEAFLET_DIST_DIR`` first, then django-js-lib-leaflet."""
    tried = []
    for directory in _candidate_dirs():
        tried.append(str(directory))
        if all((directory / rel).is_file() for rel in LEAFLET_FILES):
            with (directory / "leaflet.js").open("rb") as fh:
                match = _VERSION_RE.search(fh.read(400))
            if match is None:
                raise OfflineAssetError(f"No Leaflet version banner in {directory / 'leaflet.js'}")
            return LeafletDist(directory, match.group(1).decode())
    raise OfflineAssetError(
        "Leaflet's dist files were not found (tried: "
        + (", ".join(tried) or "nothing")
        + "). Install django-js-lib-leaflet (pip) or set "
        + f"{LEAFLET_DIST_ENV} to a folder holding {', '.join(LEAFLET_FILES)}."
    )


def leaflet_urls(base: str = STATIC_BASE, dist: LeafletDist | None = None) -> tuple[str, str]:
    """URLs of ``leaflet.js`` and ``leaflet.css`` under the static ``base`` URL."""
    dist = dist or find_leaflet_dist()
    prefix = f"{base.rstrip('/')}/{VENDOR_DIR}/{dist.vendor_name}"
    return f"{prefix}/leaflet.js", f"{prefix}/leaflet.css"


class RawHtml(Element):
    """Verbatim text in a page: branca's ``Element`` would compile its text as a Jinja template
    (evaluating ``{{ … }}`` from data, and taking seconds on a big data block)."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self._html = html

    def render(self, **kwargs: Any) -> str:
        return self._html


def _data_uri(path: Path) -> str:
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")


#: What a page of vector layers only (``vector_only``: the export) draws none of, whose CSS it leaves
#: out: popups (its explanation is a panel of its own), the layers control, tiles, image and video
#: overlays, a tooltip's pointer (its quick look is placed beside the district, with none), and
#: Internet Explorer's fixes (its "oldie" classes).
WIDGETS_LEFT_OUT = (
    "leaflet-popup", "leaflet-control-layers", "leaflet-tile", "leaflet-image-layer", "leaflet-video", "leaflet-oldie",
    "leaflet-tooltip-top", "leaflet-tooltip-bottom", "leaflet-tooltip-left", "leaflet-tooltip-right",
)  # fmt: skip


def drop_rules(css: str, fragments: Sequence[str]) -> str:
    """Minified ``css`` without its selectors that name any of ``fragments`` (and without a rule
    left with none); an at-rule's block (``@media print``) is filtered the same way."""
    out, at = [], 0
    for match in re.finditer(r"([^{}]*)\{((?:[^{}]|\{[^{}]*\})*)\}", css):
        selectors, body = match.groups()
        at = match.end()
        if selectors.lstrip().startswith("@"):
            inner = drop_rules(body, fragments)
            if inner:
                out.append(f"{selectors}{{{inner}}}")
            continue
        kept = [s for s in selectors.split(",") if not any(f in s for f in fragments)]
        if kept:
            out.append(f"{','.join(kept)}{{{body}}}")
    return "".join(out) + css[at:]


@lru_cache(maxsize=4)
def _inline_leaflet(dist: LeafletDist, vector_only: bool = False) -> tuple[str, str]:
    """``<style>`` and ``<script>`` blocks carrying Leaflet, for a file:// export.

    ``vector_only`` (a page of vector layers, div icons, tooltips and the zoom, scale and
    attribution controls) leaves out Leaflet's PNGs (default marker, layers control: about
    9 KB as data URIs) and the CSS of :data:`WIDGETS_LEFT_OUT` (4.8 KB).
    """
    with_images = not vector_only
    images = dist.directory / "images"
    css = (dist.directory / "leaflet.css").read_text(encoding="utf-8")
    css = re.sub(
        r"url\((['\"]?)images/([\w@.-]+\.png)\1\)",
        lambda m: f"url({_data_uri(images / m.group(2))})" if with_images else "none",
        css,
    )
    js = (dist.directory / "leaflet.js").read_text(encoding="utf-8")
    js = re.sub(r"^//# sourceMappingURL=.*$", "", js, flags=re.MULTILINE)
    if re.search(r"</(script|style)", js + css, re.IGNORECASE):
        raise OfflineAssetError("Leaflet's files cannot be inlined: they contain a closing tag")
    # Default markers find their icons through a CSS url(); give them data URIs instead
    # (with an empty imagePath, set by _IconPath).
    icons = (
        "L.Icon.Default.mergeOptions({"
        f"iconUrl: '{_data_uri(images / 'marker-icon.png')}', "
        f"iconRetinaUrl: '{_data_uri(images / 'marker-icon-2x.png')}', "
        f"shadowUrl: '{_data_uri(images / 'marker-shadow.png')}'}});"
    )
    css = drop_rules(minify_css(css), WIDGETS_LEFT_OUT) if vector_only else minify_css(css)
    return f"<style>{css}</style>", f"<script>{js}\n{icons if with_images else ''}</script>"


class _IconPath(MacroElement):
    """Sets ``L.Icon.Default.imagePath`` before any marker is made.

    Leaflet guesses it from leaflet.css, which streamlit-folium loads only after the
    map script has run; the guess then falls back to a path without ``images/``.
    Even DivIcon markers hit this: folium creates them with the default icon first.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            L.Icon.Default.imagePath = {{ this.path|tojson }};
        {% endmacro %}
        """
    )

    def __init__(self, path: str) -> None:
        super().__init__()
        self._name = "IconPath"
        self.path = path


class OfflineMap(folium.Map):
    """A ``folium.Map`` whose only JS/CSS are the app's own copy of Leaflet.

    ``tiles`` defaults to ``None`` (no basemap, nothing external). ``asset_base`` is
    the URL of the app's static folder as seen by the page showing the map; the
    default suits the streamlit-folium iframe. With ``inline_assets`` Leaflet is
    put into the page itself (for :func:`standalone_html`; streamlit-folium drops
    inline header scripts, so do not use it with ``st_folium``); ``vector_only``
    leaves out of it Leaflet's PNGs and the CSS of what such a page never draws (:func:`_inline_leaflet`).
    ``heading`` (plain text) is the ``h1`` of its standalone page (:func:`standalone_html`).
    """

    def __init__(
        self,
        location: Sequence[float] | None = None,
        zoom_start: int = 10,
        tiles: str | folium.TileLayer | None = None,
        *,
        asset_base: str = STATIC_BASE,
        inline_assets: bool = False,
        vector_only: bool = False,
        heading: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(location=location, zoom_start=zoom_start, tiles=tiles, **kwargs)
        self.heading = heading
        self.asset_base = asset_base
        self.inline_assets = inline_assets
        self.vector_only = vector_only
        self._icon_path = _IconPath("")
        self.add_child(self._icon_path, name="icon_path")
        self._children.move_to_end("icon_path", last=False)  # before any marker
        self._set_links()

    def _set_links(self) -> None:
        # Instance lists: folium's class lists are shared module globals.
        if self.inline_assets:
            self.default_js, self.default_css = [], []
            self._icon_path.path = ""
        else:
            js, css = leaflet_urls(self.asset_base)
            self.default_js = [("leaflet", js)]
            self.default_css = [("leaflet_css", css)]
            self._icon_path.path = css.rsplit("/", 1)[0] + "/images/"

    def render(self, **kwargs: Any) -> str:
        """Render, refusing any CDN reference (tiles aside) in the map's tree; the page may be zoomed."""
        self._set_links()
        figure = self.get_root()
        if isinstance(figure, Figure):
            if self.inline_assets:
                style, script = _inline_leaflet(find_leaflet_dist(), self.vector_only)
                # Same names as the links JSCSSMixin adds, so each replaces the other.
                figure.header.add_child(RawHtml(style), name="leaflet_css")
                figure.header.add_child(RawHtml(script), name="leaflet")
        bad = external_references(self, allow_tiles=True)
        if bad:
            raise OfflineAssetError("Map refers to external resources: " + ", ".join(bad))
        rendered = super().render(**kwargs)
        if isinstance(figure, Figure):
            self._allow_zoom(figure)
        return rendered

    def _allow_zoom(self, figure: Figure) -> None:
        """Swap folium's viewport tag (in the header folium just rendered for this map) for :data:`VIEWPORT`."""
        name = self.get_name()
        header, count = _FOLIUM_VIEWPORT_RE.subn(VIEWPORT, figure.header._children[name].render())
        if count != 1:  # a folium release that writes it differently: say so rather than ship no zoom
            raise OfflineAssetError(f"folium's page header has {count} viewport tags, expected 1")
        figure.header._children[name] = RawHtml(header)


def offline_map(
    location: Sequence[float],
    zoom_start: int,
    tiles: str | folium.TileLayer | None = None,
    **kwargs: Any,
) -> OfflineMap:
    """Build an :class:`OfflineMap` (no basemap unless ``tiles`` is given)."""
    return OfflineMap(location=location, zoom_start=zoom_start, tiles=tiles, **kwargs)


class _PageCss(MacroElement):
    _template = Template(
        """
        {% macro header(this, kwargs) %}
            <style>{{ this.css }}</style>
        {% endmacro %}
        """
    )

    def __init__(self, css: str) -> None:
        super().__init__()
        self._name = "PageCss"
        self.css = css


class _CssLink(JSCSSMixin):
    """Only a ``<link rel=stylesheet>`` to ``url`` (streamlit-folium: one of its ``css_links``)."""

    def __init__(self, url: str) -> None:
        super().__init__()
        self._name = "CssLink"
        self.default_js = []
        self.default_css = [("page_css", url)]


def add_css(m: folium.Map, css: str, url: str | None = None) -> None:
    """Add a stylesheet to the page showing ``m`` (e.g. for DivIcon label classes).

    Inline, it goes in the page header, which streamlit-folium applies once, when its
    iframe mounts, but re-sends on every rerun; with ``url`` (where the caller serves
    ``css``) only a link to it is added, loaded once. Keep it constant, and put it on
    the base map -- header parts of elements in a ``feature_group_to_add`` (such as
    GeoJsonTooltip's own CSS) never reach the iframe. ``css`` may not contain ``<``.
    """
    if "<" in css:
        raise ValueError("css may not contain '<'")
    m.add_child(_CssLink(url) if url else _PageCss(css))


def _walk(element: Any) -> Iterator[Any]:
    yield element
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)


def _is_external(url: str) -> bool:
    return bool(re.match(r"^(?:[a-z][a-z0-9+.-]*:)?//", url, re.IGNORECASE)) and not re.match(
        r"^(?:https?:)?//(?:localhost|127\.0\.0\.1|\[::1\])(?:[:/]|$)", url, re.IGNORECASE
    )


def external_references(element: Any, *, allow_tiles: bool = False) -> list[str]:
    """What in ``element``'s tree would make the browser fetch from another host.

    Covers the JS/CSS links streamlit-folium collects (``default_js``/``default_css``),
    branca colormaps (streamlit-folium adds d3 from a CDN for them), GeoJSON loaded
    by URL (``embed=False``: it needs the jQuery this map drops, even for a local
    URL) and, unless ``allow_tiles``, tile layers. An empty list means offline-safe.
    Use it on feature groups passed to ``st_folium`` too: those are not part of the
    map when it renders.
    """
    found: list[str] = []
    for elem in _walk(element):
        for _, url in [*getattr(elem, "default_js", []), *getattr(elem, "default_css", [])]:
            if _is_external(url):
                found.append(url)
        if isinstance(elem, ColorMap):
            found.append(f"d3 (added by streamlit-folium for {type(elem).__name__})")
        if isinstance(elem, folium.GeoJson) and not elem.embed:
            found.append(f"{elem.embed_link} (GeoJson embed=False)")
        if isinstance(elem, folium.TileLayer) and not allow_tiles and _is_external(elem.tiles):
            found.append(elem.tiles)
    return list(dict.fromkeys(found))


#: The page around a standalone map, in place of branca's ``Figure`` page: a language, the
#: map (and whatever else the page's body holds) in a ``main`` landmark that fills the
#: window as folium's map expects of its parent, and the page's one ``h1``: the title the reader
#: sees (the map's script lays the page out around it, ``webmap/js/controls.js``).
_PAGE = Template(
    """<!DOCTYPE html>
<html lang="{{ this.page_lang }}">
<head>
{%- if this.title %}<title>{{ this.title }}</title>{% endif %}
    {{ this.header.render(**kwargs) }}
<style>.page-main{display:block;height:100%}</style>
</head>
<body>
<main class="page-main">
{%- if this.page_heading %}<h1 class="cm-title">{{ this.page_heading }}</h1>{% endif %}
    {{ this.html.render(**kwargs) }}
</main>
</body>
<script>
    {{ this.script.render(**kwargs) }}
</script>
</html>
"""
)


def standalone_html(m: OfflineMap, *, lang: str = "en") -> str:
    """The map as one HTML document with Leaflet inlined: works from ``file://``.

    Its ``h1`` is the map's ``heading`` (plain text, escaped here); ``lang`` its language.
    """
    previous = m.inline_assets
    m.inline_assets = True
    figure: Any = m.get_root()  # a branca Figure, given the page's language and heading here
    template = figure._template
    figure._template = _PAGE
    figure.page_lang = html.escape(lang)
    figure.page_heading = html.escape(m.heading) if m.heading else None
    try:
        return figure.render()
    finally:
        figure._template = template
        m.inline_assets = previous
        m._set_links()


def save_standalone_html(m: OfflineMap, path: Path) -> None:
    """Write :func:`standalone_html` to ``path`` (UTF-8)."""
    Path(path).write_text(standalone_html(m), encoding="utf-8")
