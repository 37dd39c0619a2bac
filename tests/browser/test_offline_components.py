"""The app without static serving: the page says how to fix it (the offline units are in tests/webmap/)."""

from __future__ import annotations

import urllib.error
import urllib.request
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


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.browser
def test_a_static_file_name_too_long_for_the_file_system_is_not_found_not_a_server_error(page: Page, app_server) -> None:
    """/app/static/ with a 300-character name answered 500 (OSError: File name too long) and logged a traceback."""
    server = app_server
    page.goto(server.url)
    wait_for_script_idle(page)  # the app has run: its static files are there
    static = server.url + "app/static/"
    leaflet = next((REPO_ROOT / "static" / "vendor").glob("leaflet-*/leaflet.js")).relative_to(REPO_ROOT / "static")
    long_name = "a" * 300
    logged = len(server.log())  # the server is the session's: what earlier tests made it write is theirs
    assert _status(static + leaflet.as_posix()) == 200
    for name in (long_name, long_name + ".js", f"generated/{long_name}.json", "vendor/" + "b/" * 1500 + "x.js", "nothing-here.js"):
        assert _status(static + name) == 404, name
    answers = server.log()[logged:]
    assert "File name too long" not in answers and "Traceback" not in answers
