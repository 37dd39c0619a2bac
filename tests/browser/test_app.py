"""The real app in a real Streamlit server driven by headless Chromium.

Expected fills are computed from the library (core.rules + core.style), so the
browser is checked against the rules, not against numbers copied into the test.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import pytest
from harness import (
    CM_APP,
    REPO_ROOT,
    SHP,
    add_sunday_test_claims,
    expected_fills,
    map_frame,
    path_fills,
    screenshot,
    wait_for_fills,
    wait_for_paths,
    wait_for_permalink,
    wait_for_script_idle,
    wait_for_tooltip,
    with_firm_paryan_claim,
)

from core.explain import headline
from core.rules import ComputedTimeline
from yamldata.loader import load_dataset

ARTIFACTS = Path(os.environ.get("SCREENSHOT_DIR", REPO_ROOT / "tests" / "browser" / "artifacts"))
DISTRICT_ORDER = ["bazarak", "dara", "khinj", "paryan", "rukha", "shutul", "unaba"]  # districts.yaml order

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not SHP.exists(), reason="../shared boundary data not beside the repo")]


def open_app(page, server, query: str = ""):
    page.set_viewport_size({"width": 1400, "height": 1500})
    page.goto(server.url.rstrip("/") + "/" + query.lstrip("/"))
    wait_for_script_idle(page)
    frame = map_frame(page)
    wait_for_paths(frame, 7)
    return frame


def test_slider_walks_the_campaign_and_fills_follow_the_rules(page, app_server, data_dir, request_log):
    districts, claims = data_dir / "districts.yaml", data_dir / "claims.yaml"
    add_sunday_test_claims(claims)
    frame = open_app(page, app_server)
    assert path_fills(frame) == expected_fills(districts, claims, "2021-09-06")  # default: the last day
    assert set(path_fills(frame)) == {"#d55e00"}  # all seven confirmed Taliban
    zoom_before = frame.evaluate("() => " + CM_APP + ".controlMap.map.getZoom()")
    map_marker = frame.evaluate("() => (" + CM_APP + ".controlMap.map.__testMarker = Math.random())")

    slider = page.get_by_role("slider", name="Date", exact=True)
    slider.focus()
    slider.press("Home")
    wait_for_fills(frame, expected_fills(districts, claims, "2021-09-04"))
    assert set(path_fills(frame)) == {"#cc79a7"}  # all seven disputed

    timings = []
    for day in ("2021-09-05", "2021-09-06"):
        start = time.perf_counter()
        slider.press("ArrowRight")
        wait_for_fills(frame, expected_fills(districts, claims, day))
        timings.append(time.perf_counter() - start)
        if day == "2021-09-05":
            fills = dict(zip(DISTRICT_ORDER, path_fills(frame), strict=True))
            assert fills["paryan"] == "#f0e442" and fills["khinj"] == "#cc79a7" and fills["bazarak"] == "#d55e00"
            assert fills["unaba"] == "url(#cross-d55e00)"  # hedged support: partly supported, cross-hatched
    # Same Leaflet map object, same zoom: the step restyled, it did not reload the map.
    assert frame.evaluate("() => " + CM_APP + ".controlMap.map.__testMarker") == map_marker
    assert frame.evaluate("() => " + CM_APP + ".controlMap.map.getZoom()") == zoom_before
    wait_for_permalink(page, "date=2021-09-06")  # the permalink follows
    slider.press("ArrowLeft")  # and back (benchmarks/ times steps both ways: python -m benchmarks --only browser)
    wait_for_fills(frame, expected_fills(districts, claims, "2021-09-05"))
    print(f"\nslider step (key press → fills updated): {', '.join(f'{t * 1000:.0f} ms' for t in timings)}")
    request_log.assert_local()


def test_hover_explains_and_click_opens_history_of_a_district_and_of_a_place(page, app_server, data_dir):
    """On 5 September: a district's tooltip reads its claims, a click opens its history. The Sunday-night
    claim names Rukha's police headquarters and district centre: both markers say so, in the words of
    core.explain; a click on a marker opens its district, whose panel lists its places on the day."""
    add_sunday_test_claims(data_dir / "claims.yaml")
    frame = open_app(page, app_server, "/?date=2021-09-05")
    khinj = frame.locator("path.leaflet-interactive:not(.cm-place)").nth(DISTRICT_ORDER.index("khinj"))
    khinj.hover(force=True)
    text = wait_for_tooltip(frame, "We have held the ground").inner_text()
    assert "Khinj" in text and "Disputed" in text
    assert "Amrullah Saleh" in text and "Taliban commander" in text
    assert "Panjshir is now under our command" in text  # the quotes
    unaba = frame.locator("path.leaflet-interactive:not(.cm-place)").nth(DISTRICT_ORDER.index("unaba"))
    unaba.hover(force=True)
    text = wait_for_tooltip(frame, "partly supported by Emergency (5 Sep 2021) — hedged").inner_text()
    assert text.startswith("Unaba") and "unconfirmed" in text
    screenshot(page, ARTIFACTS / "app-2021-09-05.png")

    unaba.click(force=True)
    page.get_by_text("claims and statements about Unaba").wait_for(timeout=15_000)
    assert page.get_by_text("Taliban forces had reached Anabah, where the group has medical facilities.").count() >= 1
    wait_for_permalink(page, "district=unaba")
    wait_for_script_idle(page)

    # The places (the test claims name none of them).
    dataset = load_dataset(data_dir / "districts.yaml", data_dir / "claims.yaml")
    timeline = ComputedTimeline(dataset)
    day = dt.date(2021, 9, 5)
    places = [p.id for p in dataset.gazetteer.places]
    markers = frame.locator("path.cm-place")
    assert markers.count() == len(places)
    police = markers.nth(places.index("rukha-police-hq"))
    police.hover(force=True)
    text = wait_for_tooltip(frame, "Rukha police headquarters").inner_text()
    assert "compound in Rukha · position approximate" in text
    assert headline(timeline.state("rukha-police-hq", day), dataset, "place") in text
    assert "Taliban control — claimed by Taliban (Bilal Karimi, 5 Sep 2021), unconfirmed" in text
    assert "seized a police headquarters and a district centre of Rukhah" in text  # the quote
    assert "Bilal Karimi" in text

    khawak = markers.nth(places.index("khawak-pass"))
    khawak.hover(force=True)
    text = wait_for_tooltip(frame, "Khawak pass").inner_text()
    assert "No information: no source has spoken about this place yet" in text  # the NRF's clashes are dated Monday
    screenshot(page, ARTIFACTS / "app-places-2021-09-05.png")

    police.click(force=True)
    page.get_by_text("Its places on 05 Sep 2021").wait_for(timeout=15_000)
    wait_for_permalink(page, "district=rukha")
    listed = page.locator("li.district-place").all_inner_texts()
    assert [t.split(" (")[0] for t in listed] == ["Rukha district centre", "Rukha police headquarters"]
    assert page.get_by_text("Through its district centre: what was said about Rukha district centre counts for Rukha.").count() >= 1


def test_a_step_redraws_the_day_and_keeps_the_rest(page, app_server, data_dir):
    """A slider step reruns only the day's fragment: the district's state on the day and the
    day's claims follow; its history (drawn by full runs) stays the same element."""
    districts, claims = data_dir / "districts.yaml", data_dir / "claims.yaml"
    add_sunday_test_claims(claims)
    dataset = load_dataset(districts, claims)
    timeline = ComputedTimeline(dataset)
    frame = open_app(page, app_server, "/?date=2021-09-04&district=paryan")
    headline_box = page.locator(".district-headline")
    expected = headline(timeline.state("paryan", dt.date(2021, 9, 4)), dataset)
    assert headline_box.inner_text() == f"04 Sep 2021: {expected}"
    history_card = page.locator('[data-claim-id="2021-09-06-ap-witnesses-overnight"]').first
    history_card.evaluate("el => { el.__kept = true; }")  # a full rerun would replace this node

    page.get_by_role("button", name="One day forward").click()
    wait_for_fills(frame, expected_fills(districts, claims, "2021-09-05"))
    expected = headline(timeline.state("paryan", dt.date(2021, 9, 5)), dataset)
    page.wait_for_function("t => document.querySelector('.district-headline')?.innerText === t", arg=f"05 Sep 2021: {expected}")
    said = sum(c.date == dt.date(2021, 9, 5) for c in dataset.claims)
    page.get_by_text(f"Said on Sunday 05 September 2021: {said}").wait_for()
    assert page.locator('[data-claim-id="2021-09-06-ap-witnesses-overnight"]').first.evaluate("el => el.__kept === true")
    assert page.locator(".day-marker").count() == 1

    # The "days with claims" pills sit outside the fragment and jump through it.
    on_the_4th = sum(c.date == dt.date(2021, 9, 4) for c in dataset.claims)
    page.get_by_text(f"04 Sep ({on_the_4th})", exact=True).click()
    wait_for_fills(frame, expected_fills(districts, claims, "2021-09-04"))
    wait_for_permalink(page, "date=2021-09-04")


def test_edits_show_on_refresh_broken_edit_keeps_last_valid_map(page, app_server, data_dir):
    """Hand edits show on a refresh, the tab's name (the gazetteer's region, as text) included; a
    broken edit names its line and the map keeps the last valid data; fixed, the banner goes."""
    districts, claims = data_dir / "districts.yaml", data_dir / "claims.yaml"
    frame = open_app(page, app_server, "/?date=2021-09-05")
    assert path_fills(frame) == expected_fills(districts, claims, "2021-09-05")
    assert page.title() == "Panjshir control map"
    original = claims.read_text(encoding="utf-8")

    # 1. Valid edits: Roggio now says, firmly and on 5 September, that the Taliban hold Paryan;
    # the region gets a name with markup in it.
    edited = with_firm_paryan_claim(original)
    assert edited != original
    claims.write_text(edited, encoding="utf-8")
    region = districts.read_text(encoding="utf-8").replace("region: Panjshir", "region: <b>Afghanistan</b>", 1)
    districts.write_text(region, encoding="utf-8")
    page.reload()
    wait_for_script_idle(page)
    frame = map_frame(page)
    assert page.title() == "<b>Afghanistan</b> control map"  # text, not markup
    wanted = expected_fills(districts, claims, "2021-09-05")
    assert wanted[DISTRICT_ORDER.index("paryan")] == "#d55e00"
    wait_for_fills(frame, wanted)

    # 2. A broken edit: banner with FILE:LINE: message, the map keeps the last valid data.
    broken = edited.replace("source: roggio", "source: rogio", 1)
    claims.write_text(broken, encoding="utf-8")
    line = next(i for i, text in enumerate(broken.splitlines(), 1) if "source: rogio" in text)
    page.get_by_role("button", name="One day forward").click()  # an interaction, not a refresh
    alert = page.locator('[data-testid="stAlert"]').filter(has_text="unknown source")
    alert.wait_for(timeout=15_000)
    assert f"claims.yaml:{line}: unknown source 'rogio'" in alert.inner_text()
    wait_for_script_idle(page)
    last_valid = data_dir / "last-valid.yaml"
    last_valid.write_text(edited, encoding="utf-8")
    # "One day forward" moved to 6 September, drawn from the last valid data (the map was not remounted).
    wait_for_fills(map_frame(page), expected_fills(districts, last_valid, "2021-09-06"))
    assert claims.read_text(encoding="utf-8") == broken  # the app never writes the file

    # 3. Fixed: the banner goes.
    claims.write_text(edited, encoding="utf-8")
    page.reload()
    wait_for_script_idle(page)
    map_frame(page)
    assert page.locator('[data-testid="stAlert"]').filter(has_text="unknown source").count() == 0


def test_html_in_quotes_runs_nothing(page, app_server, data_dir):
    claims = data_dir / "claims.yaml"
    payload = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><b>bold</b>'
    original = claims.read_text(encoding="utf-8")
    saleh = next(line for line in original.splitlines() if line.startswith('    quote: "There is no doubt we are in a difficult situation'))
    text = original.replace(saleh, "    quote: '" + payload + "'")  # Saleh's word decides Paryan on 5 September
    text = text.replace("name: Bill Roggio", 'name: "<img src=y onerror=window.__pwned=3>Bill Roggio"')
    claims.write_text(text, encoding="utf-8")
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    frame = open_app(page, app_server, "/?date=2021-09-05&district=paryan")
    paryan = frame.locator("path.leaflet-interactive:not(.cm-place)").nth(DISTRICT_ORDER.index("paryan"))
    paryan.hover(force=True)
    wait_for_tooltip(frame, "<img src=x")  # shown as text
    assert frame.locator(".leaflet-tooltip img, .leaflet-tooltip script, .leaflet-tooltip b:text('bold')").count() == 0
    page.get_by_text("claims and statements about Paryan").wait_for(timeout=15_000)
    assert page.get_by_text("<script>window.__pwned=2</script>", exact=False).count() >= 1
    time.sleep(1)
    assert page.evaluate("() => window.__pwned") is None
    assert frame.evaluate("() => window.__pwned") is None
    assert page.locator("img[src='x'], img[src='y']").count() == 0
    assert dialogs == []
