"""Play animates the slider day by day and stops on the last day; Pause stops it."""

from __future__ import annotations

import pytest
from harness import SHP, add_sunday_test_claims, expected_fills, map_frame, wait_for_fills, wait_for_paths, wait_for_script_idle

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not SHP.exists(), reason="../shared boundary data not beside the repo")]


def test_play_walks_to_the_last_day_then_stops(page, app_server, data_dir):

    files = (data_dir / "districts.yaml", data_dir / "claims.yaml")
    add_sunday_test_claims(files[1])  # so that each day's fills differ from the last
    page.set_viewport_size({"width": 1400, "height": 1400})
    page.goto(app_server.url.rstrip("/") + "/?date=2021-09-04")
    wait_for_script_idle(page)
    frame = map_frame(page)
    wait_for_paths(frame, 7)
    assert set(frame.eval_on_selector_all("path.leaflet-interactive", "els => els.map(e => e.getAttribute('fill'))")) == {"#cc79a7"}

    page.get_by_role("button", name="▶ Play").click()
    page.get_by_role("button", name="⏸ Pause").wait_for(timeout=15_000)
    wait_for_fills(frame, expected_fills(*files, "2021-09-05"), timeout=20_000)
    wait_for_fills(frame, expected_fills(*files, "2021-09-06"), timeout=20_000)
    page.get_by_role("button", name="▶ Play").wait_for(timeout=20_000)  # stopped by itself on the last day
    assert "Sun 5 Sep" not in page.get_by_role("slider").get_attribute("aria-valuetext")

    page.get_by_role("button", name="Day ▶").click()  # already the last day: stays there
    page.get_by_role("button", name="◀ Day").click()
    wait_for_fills(frame, expected_fills(*files, "2021-09-05"))
    page.get_by_role("button", name="▶ Play").click()
    page.get_by_role("button", name="⏸ Pause").click()  # pause at once
    wait_for_script_idle(page)
    page.wait_for_timeout(3000)  # longer than two play ticks
    wait_for_fills(frame, expected_fills(*files, "2021-09-05"), timeout=2_000)
