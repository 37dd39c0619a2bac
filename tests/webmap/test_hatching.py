"""webmap.hatching: pattern ids from colours, refused input, the patterns as JSON in the page."""

from __future__ import annotations

import pytest

from webmap.hatching import HatchPatterns, hatch_fill, hatch_id, normalize_hex
from webmap.offline import offline_map


@pytest.mark.parametrize("color", ["#c53030", "#C53030"])
def test_hatch_ids_come_from_the_colour(color: str) -> None:
    assert normalize_hex(color) == "#c53030"
    assert hatch_id(color) == "hatch-c53030"
    assert hatch_fill(color) == "url(#hatch-c53030)"


@pytest.mark.parametrize("bad", ["red", "#abc", "#c53030ff", "#c5303g", "#c53030'); alert(1);//", " #c53030", None])
def test_hatching_rejects_anything_but_rrggbb(bad: object) -> None:
    with pytest.raises(ValueError):
        hatch_id(bad)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        HatchPatterns(["#000000", bad])  # type: ignore[list-item]


def test_hatching_rejects_odd_numbers_and_a_bare_string() -> None:
    with pytest.raises(TypeError):
        HatchPatterns("#000000")
    with pytest.raises(ValueError):
        HatchPatterns(["#000000"], spacing=float("nan"))
    with pytest.raises(TypeError):
        HatchPatterns(["#000000"], angle="45); alert(1")  # type: ignore[arg-type]


def test_hatch_script_carries_the_patterns_as_json() -> None:
    m = offline_map((35.4, 69.7), 9)
    HatchPatterns(["#C53030", "#2b6cb0", "#c53030"]).add_to(m)
    html = m.get_root().render()
    assert html.count('"id":"hatch-c53030"') == 1
    assert '"id":"hatch-2b6cb0"' in html


def test_a_page_of_one_view_gets_only_the_patterns_it_paints() -> None:
    patterns = HatchPatterns(["#c53030", "#2b6cb0"], kinds=("hatch", "cross", "dots"), used={hatch_fill("#2b6cb0", "cross"), "#c53030"})
    assert [p["id"] for p in patterns.spec["patterns"]] == ["cross-2b6cb0"]
    assert len(HatchPatterns(["#c53030", "#2b6cb0"], kinds=("hatch", "cross", "dots")).spec["patterns"]) == 6
