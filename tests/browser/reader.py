"""What a reader can see, tap and read on the time map, measured in the page (export or app, in a frame or not).

* :func:`tappable_points` -- for each district, a point (the frame's CSS px) where a tap lands
  on that district's own shape: not on a control, a panel, a marker, a label or another
  district. Its label point first, else the first hit of a grid over its box in the viewport.
* :func:`explanation` -- the explanation panel: shown or not, its box, the viewport's size,
  the name it explains, its smallest font size, and whether its text overflows sideways.
* :func:`target_sizes` -- the width and height of the reader's controls, the slider's thumb
  as its stylesheet draws it (a thumb is a pseudo-element that the DOM does not measure).
* :func:`inside` -- is a box within a viewport (to a pixel).
"""

from __future__ import annotations

from playwright.sync_api import Frame, Page

#: [[x, y] | null, ...] per district: where a tap reaches that district's shape. `root`: the map's element.
TAPPABLE_POINTS = """(root) => {
    const api = document.querySelector(root).controlMap, map = api.map;
    const box = map.getContainer().getBoundingClientRect();
    const paths = [];
    map.eachLayer(l => { if (l.feature && l.feature.properties.i !== undefined) { paths[l.feature.properties.i] = l; } });
    return paths.map((layer, i) => {
        const own = layer.getElement();
        const hits = ([x, y]) => x >= 0 && y >= 0 && x < innerWidth && y < innerHeight && document.elementFromPoint(x, y) === own;
        const label = api.pointOf(i);
        if (label && hits(label)) { return label; }
        // Else the grid point deepest inside what can be hit: a tap's touch area is wider than a point,
        // and one at the district's edge may be taken for its neighbour or a marker beside it.
        const b = layer.getBounds(), nw = map.latLngToContainerPoint(b.getNorthWest()), se = map.latLngToContainerPoint(b.getSouthEast());
        const at = (r, c) => [box.left + nw.x + (se.x - nw.x) * c / 16, box.top + nw.y + (se.y - nw.y) * r / 16];
        const around = [[-8, 0], [8, 0], [0, -8], [0, 8], [-6, -6], [6, 6], [-6, 6], [6, -6]];
        let best = null, bestScore = -1;
        for (let r = 1; r < 16; r++) {
            for (let c = 1; c < 16; c++) {
                const p = at(r, c);
                if (!hits(p)) { continue; }
                const score = around.filter(([dx, dy]) => hits([p[0] + dx, p[1] + dy])).length;
                if (score > bestScore) { best = p; bestScore = score; }
            }
        }
        return best;
    });
}"""

EXPLANATION = """(root) => {
    const panel = document.querySelector(root + ' .cm-explain');
    const r = panel.getBoundingClientRect();
    const texts = [...panel.querySelectorAll('*')].filter(e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()));
    const sizes = texts.map(e => parseFloat(getComputedStyle(e).fontSize));
    return {
        shown: !panel.hidden && r.width > 0, box: [r.left, r.top, r.right, r.bottom], viewport: [innerWidth, innerHeight],
        name: (panel.querySelector('.cm-name') || {}).textContent || null, smallest: Math.min(...sizes),
        sideways: panel.scrollWidth > panel.clientWidth + 1, focused: panel.contains(document.activeElement),
    };
}"""

#: [[name, width, height], ...] of the controls matched by `selector` that are shown.
SIZES = """(selector) => [...document.querySelectorAll(selector)].filter(e => e.getClientRects().length)
    .map(e => { const r = e.getBoundingClientRect(); return [e.getAttribute('aria-label') || e.textContent.trim(), r.width, r.height]; })"""

#: The slider thumb's size as the page's stylesheets set it for `selector` (the last matching rule wins).
THUMB = """(selector) => {
    const slider = document.querySelector(selector);
    let size = null;
    for (const sheet of document.styleSheets) {
        for (const rule of sheet.cssRules) {
            if (!rule.selectorText || !rule.selectorText.includes('::-webkit-slider-thumb')) { continue; }
            for (const part of rule.selectorText.split(',')) {
                const [base] = part.split('::-webkit-slider-thumb');
                if (part.includes('::-webkit-slider-thumb') && slider.matches(base.trim())) {
                    size = [parseFloat(rule.style.width), parseFloat(rule.style.height)];
                }
            }
        }
    }
    return size;
}"""


def tappable_points(frame: Page | Frame, root: str = "html") -> list[list[float] | None]:
    return frame.evaluate(TAPPABLE_POINTS, root)


def explanation(frame: Page | Frame, root: str = "html") -> dict:
    return frame.evaluate(EXPLANATION, root)


def inside(box: list[float], viewport: list[float], slack: float = 1.0) -> bool:
    return box[0] >= -slack and box[1] >= -slack and box[2] <= viewport[0] + slack and box[3] <= viewport[1] + slack


def target_sizes(frame: Page | Frame, selector: str, slider: str = "input.cm-slider") -> list[list]:
    """Every shown control matched by ``selector``, and the slider's thumb, as [name, width, height]."""
    return [*frame.evaluate(SIZES, selector), ["slider thumb", *(frame.evaluate(THUMB, slider) or [0, 0])]]
