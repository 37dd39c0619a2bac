"""The app without static serving: the page says how to fix it (the offline units are in tests/webmap/)."""

from __future__ import annotations

from pathlib import Path

import pytest
from harness import REPO_ROOT, SHP, running_streamlit, wait_for_script_idle
from playwright.sync_api import Page, expect


@pytest.mark.browser
def test_without_static_serving_the_page_says_how_to_fix_it(page: Page, tmp_path: Path) -> None:
    args = ["--boundaries", str(SHP)] if SHP.exists() else []
    with running_streamlit(
        REPO_ROOT / "app.py", extra_args=["--server.enableStaticServing", "false"], script_args=args, log_dir=tmp_path
    ) as server:
        page.goto(server.url)
        wait_for_script_idle(page)
        expect(page.get_by_text("enableStaticServing = true")).to_be_visible()
