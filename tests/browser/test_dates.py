"""Claims in the years 1, 21 and 9999: the app and the HTML export show the right dates with the right states.

``Date.UTC(year, …)`` reads the years 0-99 as 1900-1999: a claim dated 0021-09-05 (a typo
for 2021) made the map show "Mon 6 Sep 2021" with the states of another day, and the range
"Mon 5 Sep 1921 – Tue 6 Sep 3921". Expected fills and counts come from the rules.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from harness import (
    CM_APP,
    REPO_ROOT,
    SHP,
    map_frame,
    path_fills,
    rule_fills,
    wait_for_fills,
    wait_for_permalink,
    wait_for_script_idle,
)

from core.rules import ComputedTimeline
from exports.html import export_html
from yamldata.loader import load_dataset
from yamldata.writer import append_claims

pytestmark = pytest.mark.browser

YEARS = [
    {"id": "y1", "date": "0001-01-01", "source": "roggio", "districts": ["Dara"], "status": "held", "holder": "taliban",
     "quote": "Year one"},
    {"id": "y21", "date": "0021-09-05", "source": "roggio", "districts": ["Paryan"], "status": "held", "holder": "nrf",
     "quote": "A typo for 2021"},
    {"id": "y9999", "date": "9999-12-31", "source": "roggio", "districts": ["Dara"], "status": "contested",
     "quote": "The last day there is"},
]  # fmt: skip
LABELS = {  # as the map writes a day (webmap/js/wording.js dayLabel), for the days checked below
    "0001-01-01": "Mon 1 Jan 0001",
    "0021-09-05": "Sun 5 Sep 0021",
    "2021-09-05": "Sun 5 Sep 2021",
    "2021-09-06": "Mon 6 Sep 2021",
    "9999-12-31": "Fri 31 Dec 9999",
}


def files_with_years(directory: Path) -> tuple[Path, Path]:
    shutil.copy(REPO_ROOT / "districts.yaml", directory / "districts.yaml")
    shutil.copy(REPO_ROOT / "claims.yaml", directory / "claims.yaml")
    append_claims(directory / "claims.yaml", directory / "districts.yaml", YEARS)
    return directory / "districts.yaml", directory / "claims.yaml"


def shown(frame, root: str) -> tuple[str, str, str]:
    """(the map's day, its date label, its span label)."""
    return tuple(
        frame.evaluate(
            "root => [root.getAttribute('data-day'), ...['.cm-date', '.cm-span'].map(s => root.querySelector(s).textContent)]",
            frame.evaluate_handle(root),
        )
    )


def go(frame, root: str, index: int) -> None:
    """Move the slider to day ``index``, as a script or assistive technology does."""
    frame.evaluate(
        "([root, i]) => { const s = root.querySelector('input.cm-slider'); s.value = String(i); s.dispatchEvent(new Event('input')); }",
        [frame.evaluate_handle(root), index],
    )


def test_the_export_shows_every_year_with_its_states(page, tmp_path):
    from geo import schematic

    districts, claims = files_with_years(tmp_path)
    dataset = load_dataset(districts, claims)
    boundaries = schematic(dataset.gazetteer, ["no boundary file (test)"])
    out = tmp_path / "years.html"
    out.write_text(export_html(ComputedTimeline(dataset), boundaries, dt.date(2021, 9, 5), "consensus"), encoding="utf-8")
    assert "— 05 Sep 2021 — consensus" in out.read_text(encoding="utf-8")
    assert "— 05 Sep 0021 — consensus" in export_html(ComputedTimeline(dataset), boundaries, dt.date(21, 9, 5), "consensus")  # not "Sep 21"
    page.set_viewport_size({"width": 1300, "height": 850})
    page.goto(out.resolve().as_uri())
    page.wait_for_function("() => document.documentElement.hasAttribute('data-day')")
    frame, root = page.main_frame, "document.documentElement"
    span = f"{LABELS['0001-01-01']} – {LABELS['9999-12-31']}"
    first = dt.date(1, 1, 1)
    for day in ("2021-09-05", "0021-09-05", "0001-01-01", "9999-12-31", "2021-09-06"):
        if day != "2021-09-05":
            go(frame, root, (dt.date.fromisoformat(day) - first).days)
        assert shown(frame, root) == (day, LABELS[day], shown(frame, root)[2])
        assert shown(frame, root)[2].startswith(span)
        wait_for_fills(frame, rule_fills(dataset, day))
    assert set(path_fills(frame)) == {"#d55e00"}  # 6 Sep 2021: all seven confirmed Taliban, as `state` says


@pytest.mark.skipif(not SHP.exists(), reason="../shared boundary data not beside the repo")
def test_the_app_shows_every_year_with_its_states(page, app_server, data_dir):
    """Two days come from the permalink (the years 9999 and 21, Python reading the URL), two from
    the slider (the years 1 and 2021, the map telling Python): each way, the map and Python's list
    of the day's claims agree on the date."""
    districts, claims = data_dir / "districts.yaml", data_dir / "claims.yaml"
    append_claims(claims, districts, YEARS)
    dataset = load_dataset(districts, claims)
    page.set_viewport_size({"width": 1400, "height": 1500})
    first = dt.date(1, 1, 1)
    for day, by in (("9999-12-31", "url"), ("0001-01-01", "slider"), ("0021-09-05", "url"), ("2021-09-06", "slider")):
        if by == "url":
            page.goto(app_server.url.rstrip("/") + f"/?date={day}")
            wait_for_script_idle(page)
        else:
            go(map_frame(page), CM_APP, (dt.date.fromisoformat(day) - first).days)
            wait_for_permalink(page, f"date={day}", timeout=10_000)  # Python heard of it
        frame = map_frame(page)
        assert shown(frame, CM_APP) == (day, LABELS[day], shown(frame, CM_APP)[2])
        assert shown(frame, CM_APP)[2].startswith(f"{LABELS['0001-01-01']} – {LABELS['9999-12-31']}")
        wait_for_fills(frame, rule_fills(dataset, day))
        said = len(dataset.claims_on(dt.date.fromisoformat(day)))
        python_label = dt.date.fromisoformat(day).strftime("%A %d %B ") + day[:4]  # four digits, by core.dates.strfday
        page.get_by_text(f"Said on {python_label}: {said}").wait_for(timeout=10_000)
