"""Play animates the slider day by day and stops on the last day; Pause stops it."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from harness import REPO_ROOT, folium_frame, wait_for_fills, wait_for_paths, wait_for_script_idle

from control.loader import load_dataset
from control.rules import Timeline
from control.style import fill_color

SHP = REPO_ROOT.parent / "shared" / "data" / "geoboundaries-AFG-ADM2" / "geoBoundaries-AFG-ADM2.shp"
pytestmark = [pytest.mark.browser, pytest.mark.skipif(not SHP.exists(), reason="../shared boundary data not beside the repo")]


def fills(data_dir: Path, day: str) -> list[str]:
    dataset = load_dataset(data_dir / "districts.yaml", data_dir / "claims.yaml")
    timeline = Timeline(dataset)
    return [fill_color(timeline.state(d, dt.date.fromisoformat(day)), dataset) for d in dataset.gazetteer.ids]


def test_play_walks_to_the_last_day_then_stops(page, streamlit_server, tmp_path):
    for name in ("districts.yaml", "claims.yaml"):
        shutil.copy(REPO_ROOT / name, tmp_path / name)
    server = streamlit_server(
        REPO_ROOT / "app.py",
        env={"CONTROL_MAP_CACHE_DIR": str(tmp_path / "cache")},
        script_args=["--districts", str(tmp_path / "districts.yaml"), "--claims", str(tmp_path / "claims.yaml"), "--boundaries", str(SHP)],
    )
    page.set_viewport_size({"width": 1400, "height": 1400})
    page.goto(server.url.rstrip("/") + "/?date=2021-09-04")
    wait_for_script_idle(page)
    frame = folium_frame(page)
    wait_for_paths(frame, 7)
    assert set(frame.eval_on_selector_all("path.leaflet-interactive", "els => els.map(e => e.getAttribute('fill'))")) == {"#cc79a7"}

    page.get_by_role("button", name="▶ Play").click()
    page.get_by_role("button", name="⏸ Pause").wait_for(timeout=15_000)
    wait_for_fills(frame, fills(tmp_path, "2021-09-05"), timeout=20_000)
    wait_for_fills(frame, fills(tmp_path, "2021-09-06"), timeout=20_000)
    page.get_by_role("button", name="▶ Play").wait_for(timeout=20_000)  # stopped by itself on the last day
    assert "Sun 5 Sep" not in page.get_by_role("slider").get_attribute("aria-valuetext")

    page.get_by_role("button", name="Day ▶").click()  # already the last day: stays there
    page.get_by_role("button", name="◀ Day").click()
    wait_for_fills(frame, fills(tmp_path, "2021-09-05"))
    page.get_by_role("button", name="▶ Play").click()
    page.get_by_role("button", name="⏸ Pause").click()  # pause at once
    wait_for_script_idle(page)
    page.wait_for_timeout(3000)  # longer than two play ticks
    wait_for_fills(frame, fills(tmp_path, "2021-09-05"), timeout=2_000)
