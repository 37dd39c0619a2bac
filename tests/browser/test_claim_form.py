"""The "Add claim" form in the real app: two sessions at once, hand edits kept, absent without --allow-edit.

The form's tests run ``conftest.edit_server`` (the app with ``--allow-edit``, under a base URL
path) on fresh copies of the data files in ``data_dir``.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from harness import (
    REPO_ROOT,
    SHP,
    expected_fills,
    map_frame,
    path_fills,
    wait_for_fills,
    wait_for_paths,
    wait_for_script_idle,
)
from playwright.sync_api import BrowserContext, Page

from tests.textdiff import inserted_lines
from yamldata.loader import load_dataset

LAST_DAY = "2021-09-06"  # the form's default date: the slider's day, the last one on opening

pytestmark = pytest.mark.browser


def start_app(streamlit_server, data_dir: Path):
    """The app on ``data_dir`` without ``--allow-edit`` (the form's own tests use ``edit_server``)."""
    args = ["--districts", str(data_dir / "districts.yaml"), "--claims", str(data_dir / "claims.yaml")]
    args += ["--boundaries", str(SHP)] if SHP.exists() else []
    return streamlit_server(REPO_ROOT / "app.py", env={"CONTROL_MAP_CACHE_DIR": str(data_dir / "cache")}, script_args=args)


def open_app(page: Page, server) -> None:
    page.set_viewport_size({"width": 1400, "height": 1500})
    page.goto(server.url)
    wait_for_script_idle(page)
    page.get_by_text("Control over time").wait_for(timeout=30_000)
    wait_for_paths(map_frame(page), 7)
    wait_for_script_idle(page)  # the map's first report may rerun the script: let it settle before typing


def choose(page: Page, label: str, option: str) -> None:
    """Pick ``option`` in the select box or multiselect labelled ``label`` (a combobox: type, then click the option)."""
    box = page.get_by_test_id("stForm").get_by_role("combobox", name=label, exact=True)
    if box.input_value() == option:
        return  # already chosen (typing it again opens no list)
    box.click()
    box.fill(option)
    page.get_by_role("option", name=option, exact=True).wait_for(timeout=10_000)
    box.press("Enter")  # the filtered list's first option has the focus
    page.keyboard.press("Escape")


def fill_claim(page: Page, *, source: str, district: str, status: str, quote: str, holder: str | None = None) -> None:
    choose(page, "Source", source)
    choose(page, "Districts", district)
    choose(page, "Status", status)
    if holder:
        choose(page, "Holder / party", holder)
    page.get_by_test_id("stForm").get_by_role("textbox", name="Quote", exact=True).fill(quote)


def submit_button(page: Page):
    return page.get_by_role("button", name="Add claim")


def wait_for_alert(page: Page, text: str):
    alert = page.locator('[data-testid="stAlert"]').filter(has_text=text)
    alert.wait_for(timeout=30_000)
    return alert


def test_no_form_without_the_flag(page, streamlit_server, data_dir):
    open_app(page, start_app(streamlit_server, data_dir))
    assert submit_button(page).count() == 0
    assert page.get_by_text("Add claim").count() == 0
    assert page.locator('[data-testid="stForm"], [data-testid="stDateInput"], textarea').count() == 0


def test_two_sessions_submit_at_once_and_both_claims_land(page, browser_context: BrowserContext, edit_server, data_dir):
    districts, claims = data_dir / "districts.yaml", data_dir / "claims.yaml"
    old = claims.read_text(encoding="utf-8")
    server = edit_server
    open_app(page, server)
    other = browser_context.new_page()  # a second tab: its own Streamlit session (websocket)
    try:
        open_app(other, server)
        # Each tab is brought to the front before it is used: in the tab behind, a click on a
        # select box and the wait for an alert took 1-2 s each (0.2 s at the front).
        page.bring_to_front()
        fill_claim(page, source="Bill Roggio (independent)", district="Paryan", status="contested", quote="Clashes reported in Paryan")
        other.bring_to_front()
        nrf = "National Resistance Front"
        fill_claim(other, source=f"Ahmad Massoud ({nrf})", district="Dara", status="held", holder=nrf, quote="Our forces hold Dara")
        for p in (page, other):  # both submits start before either is awaited
            p.bring_to_front()
            submit_button(p).click(no_wait_after=True)
        wait_for_alert(other, "Added claim")
        page.bring_to_front()
        wait_for_alert(page, "Added claim")
        # The tab whose write landed last reran after both: its map is the file's, as the rules
        # say (Paryan contested; the NRF's own word leaves Dara's fill as it was).
        both = expected_fills(districts, claims, LAST_DAY)
        deadline = time.monotonic() + 15
        while not any(path_fills(map_frame(tab)) == both for tab in (page, other)):
            assert time.monotonic() < deadline, "neither tab's map follows the file with both claims"
            page.wait_for_timeout(100)
    finally:
        other.close()

    new = claims.read_text(encoding="utf-8")
    added = inserted_lines(old, new)
    ids = [line.split("id: ", 1)[1] for line in added if line.startswith("  - id: ")]
    assert sorted(ids) == [f"{LAST_DAY}-massoud-our-forces-hold-dara", f"{LAST_DAY}-roggio-clashes-reported-in-paryan"]
    dataset = load_dataset(districts, claims)  # still valid
    assert {c.id for c in dataset.claims} >= set(ids)
    assert not list(data_dir.glob(".claims.yaml.*.tmp"))


def test_hand_edit_after_the_form_was_opened_is_kept(page, edit_server, data_dir):
    districts, claims = data_dir / "districts.yaml", data_dir / "claims.yaml"
    open_app(page, edit_server)
    fill_claim(page, source="Bill Roggio (independent)", district="Paryan", status="contested", quote="Clashes reported in Paryan")
    before = expected_fills(districts, claims, LAST_DAY)

    hand_edited = (
        claims.read_text(encoding="utf-8")
        .replace("  # Independent\n", "  # Independent\n  # (hand edit made while the form was open)\n", 1)
        .replace("role: Long War Journal}", "role: Long War Journal (FDD)}", 1)
    )
    claims.write_text(hand_edited, encoding="utf-8")
    submit_button(page).click()
    alert = wait_for_alert(page, "Added claim")
    assert f"{LAST_DAY}-roggio-clashes-reported-in-paryan" in alert.inner_text()

    new = claims.read_text(encoding="utf-8")
    assert inserted_lines(hand_edited, new)  # the hand edit is all there, only the claim was added
    assert "(hand edit made while the form was open)" in new and "Long War Journal (FDD)" in new
    # The map follows on the same rerun: Paryan is now contested by an independent word.
    after = expected_fills(districts, claims, LAST_DAY)
    assert after != before
    wait_for_fills(map_frame(page), after)
    said = len([c for c in load_dataset(districts, claims).claims if c.date.isoformat() == LAST_DAY])
    page.get_by_text(f"Said on Monday 06 September 2021: {said}").wait_for(timeout=10_000)  # the day's list too


def test_a_refused_claim_writes_nothing_and_once_put_right_lands_as_typed(page, edit_server, data_dir):
    """Refusals, one after the other in one form: a claim held without a holder, with a script URL and
    markup in its quote is refused, each problem named, nothing of it run; then the same claim with a
    pasted quote over the limit (the box had max_chars: a longer paste was dropped whole, 0/2000, then
    'has no quote') is refused naming the limit, the text still in the box. Nothing is written. Put
    right, with a time of day and a one-word quote, the claim lands as typed."""
    districts, claims = data_dir / "districts.yaml", data_dir / "claims.yaml"
    before = claims.read_bytes()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_app(page, edit_server)
    fill_claim(page, source="Bilal Karimi (Taliban)", district="Khinj", status="held", quote="<img src=x onerror=alert(1)>taken")
    page.get_by_test_id("stForm").get_by_role("textbox", name="URL", exact=True).fill("javascript:alert(1)")
    submit_button(page).click()
    alert = wait_for_alert(page, "nothing was written")
    text = alert.inner_text()
    assert "has status 'held' but no 'holder'" in text
    assert "url 'javascript:alert(1)'" in text and "must be an http:// or https:// address" in text
    assert f"{claims}:" in text
    assert page.locator('a[href^="javascript"]').count() == 0 and page.locator('[data-testid="stAlert"] img').count() == 0
    assert dialogs == []
    assert claims.read_bytes() == before

    long_quote = "Heavy fighting continues in the valley, residents say. " * 45  # 2,475 characters
    box = page.get_by_test_id("stForm").get_by_role("textbox", name="Quote", exact=True)
    box.fill(long_quote)
    assert box.input_value() == long_quote
    submit_button(page).click()
    text = wait_for_alert(page, "the limit is 2,000").inner_text()
    assert "nothing was written" in text
    assert "Quote: 2,474 characters; the limit is 2,000" in text and "your text is still in the box" in text
    assert box.input_value() == long_quote
    assert dialogs == []
    assert claims.read_bytes() == before

    # Put right: no holder needed, no URL, a one-word quote and a time of day.
    choose(page, "Status", "contested")
    page.get_by_test_id("stForm").get_by_role("textbox", name="URL", exact=True).fill("")
    box.fill("yes")
    page.get_by_test_id("stForm").get_by_role("textbox", name="Time of day", exact=True).fill("22:00")
    submit_button(page).click()
    wait_for_alert(page, "Added claim")
    claim = load_dataset(districts, claims).claims[-1]
    assert (claim.quote, claim.time) == ("yes", 22 * 60)
