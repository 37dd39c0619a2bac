"""axe-core in any browser test: run it on a page or a frame, fail on what it finds in our markup.

axe-core comes from the ``axe-playwright-python`` package (requirements-dev.txt), which
ships ``axe.min.js``; it is injected into the document under test with ``evaluate``
(nothing is fetched, nothing is copied into the repository). Its default rule set is
run: WCAG 2.0/2.1/2.2 A and AA plus axe's best practices (``region``,
``landmark-one-main``, ``page-has-heading-one``, ``heading-order`` …).

* :func:`axe_run` -- the raw results, for tests that look at ``passes`` or ``incomplete``.
* :func:`assert_axe_clean` -- fails with a readable report on any violation, whatever its
  impact; ``include`` / ``exclude`` scope the run (CSS selectors; a list of selectors
  reaches into shadow roots), for pages whose other parts are not ours (Streamlit's widgets).
* :func:`split_violations` -- a whole page's violations split into ours and those inside
  elements that are not ours (Streamlit's widgets), so that page-level rules still run.
* :func:`axe_report` -- violations as text: for an assertion message or a report.

Frames are checked one at a time (``iframes: false``): axe's own frame messaging waits up
to a minute for a frame with no axe in it; a test passes each :class:`Frame` it cares
about -- a cross-origin one included -- to :func:`axe_run` instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from axe_playwright_python.base import AXE_SCRIPT
from playwright.sync_api import Frame, Page

#: A selector, or a list of selectors that walks into shadow roots (axe's context format).
Selector = str | Sequence[str]

_RUN = """async ([context, options]) => {
    if (!window.axe) { throw new Error('axe-core did not load'); }
    return await window.axe.run(context || document, options);
}"""


def axe_version(target: Page | Frame) -> str:
    """The version of axe-core injected (it is injected if not yet there)."""
    _inject(target)
    return target.evaluate("() => window.axe.version")


def _inject(target: Page | Frame) -> None:
    if not target.evaluate("() => typeof window.axe === 'object'"):
        target.evaluate(AXE_SCRIPT)


def _selectors(items: Sequence[Selector] | None) -> list[Any]:
    return [[item] if isinstance(item, str) else list(item) for item in items or ()]


def axe_run(
    target: Page | Frame,
    *,
    include: Sequence[Selector] | None = None,
    exclude: Sequence[Selector] | None = None,
    rules: dict[str, bool] | None = None,
    only: Sequence[str] | None = None,
    result_types: Sequence[str] = ("violations",),
) -> dict[str, Any]:
    """axe-core's results for ``target``'s document (``include``/``exclude`` narrow it; ``rules``
    turns rules on or off, e.g. ``{"target-size": True}``; ``only`` runs just those rules).
    ``result_types`` are the kinds whose every node is listed (axe lists only the first node of
    the others; listing every pass of a big page takes seconds)."""
    _inject(target)
    context: dict[str, Any] | None = None  # the whole document: page-level rules run only then
    if include or exclude:
        context = {"include": _selectors(include)} if include else {}
        if exclude:
            context["exclude"] = _selectors(exclude)
    options: dict[str, Any] = {"resultTypes": list(result_types), "iframes": False}
    if rules:
        options["rules"] = {rule: {"enabled": on} for rule, on in rules.items()}
    if only:
        options["runOnly"] = {"type": "rule", "values": list(only)}
    return target.evaluate(_RUN, [context, options])


def axe_report(violations: Sequence[dict[str, Any]], *, nodes: int = 6) -> str:
    """One paragraph per violated rule: id, impact, what it asks, and the first ``nodes`` elements."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}, {len(violation['nodes'])} node(s)): {violation['help']}")
        for node in violation["nodes"][:nodes]:
            target = " >> ".join(str(t) for t in node["target"])
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    {target}: {node['html'][:160]}  {summary[:240]}")
    return "\n".join(lines)


def split_violations(
    target: Page | Frame, violations: Sequence[dict[str, Any]], theirs: str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """``violations`` split by node: those outside any element matching ``theirs`` (a CSS
    selector list: a framework's own widgets) and those inside one. A page-level node
    (``html``) is always ours. Each violation keeps only its nodes on that side."""
    inside = target.evaluate(
        """([targets, theirs]) => targets.map(path => {
            let root = document, node = null;
            for (const selector of path) {   // a list walks into shadow roots
                node = root.querySelector(selector);
                if (!node) { return false; }
                root = node.shadowRoot || node;
            }
            return node !== document.documentElement && !!node.closest(theirs);
        })""",
        [[list(n["target"]) for v in violations for n in v["nodes"]], theirs],
    )
    ours: list[dict[str, Any]] = []
    others: list[dict[str, Any]] = []
    flags = iter(inside)
    for violation in violations:
        nodes = [(node, next(flags)) for node in violation["nodes"]]
        for side, keep in ((ours, False), (others, True)):
            kept = [node for node, flag in nodes if flag == keep]
            if kept:
                side.append({**violation, "nodes": kept})
    return ours, others


def assert_axe_clean(
    target: Page | Frame,
    *,
    include: Sequence[Selector] | None = None,
    exclude: Sequence[Selector] | None = None,
    rules: dict[str, bool] | None = None,
    what: str = "the page",
) -> dict[str, Any]:
    """Fail on any axe-core violation in ``target`` (scoped by ``include``/``exclude``); return the results."""
    results = axe_run(target, include=include, exclude=exclude, rules=rules)
    assert not results["violations"], f"axe-core {results['testEngine']['version']} on {what}:\n" + axe_report(results["violations"])
    return results
