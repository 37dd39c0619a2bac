"""What the time map component was given, read back in AppTest (which has no browser).

The component receives URLs of two static files (shapes, the view's change points) and a
seek day; :func:`map_legend` reads the change points the browser would get and counts the
districts per category on that day, by the same binary search as ``webmap/js/days.js``.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

from webmap.timemap import unpack_changes

from .conftest import REPO


def map_data(at: AppTest) -> dict:
    """The data the page sent to the time map component."""
    for element in at.main:
        proto = getattr(element, "proto", None)
        if getattr(proto, "component_name", None) == "control_map.timemap":
            return json.loads(proto.json)
    raise AssertionError("no time map on the page")


def _static(url: str) -> Path:
    assert url.startswith("app/static/"), url
    return REPO / "static" / url.removeprefix("app/static/")


def map_day(at: AppTest) -> dt.date:
    """The day the map is told to show."""
    return dt.date.fromisoformat(map_data(at)["seek"]["day"])


def map_legend(at: AppTest) -> dict[str, int]:
    """Category label → number of districts, on the map's day, from the file the browser fetches."""
    data = map_data(at)
    time = json.loads(_static(data["time"]).read_text(encoding="utf-8"))
    day = (dt.date.fromisoformat(data["seek"]["day"]) - dt.date.fromisoformat(time["start"])).days
    counts = {c["label"]: 0 for c in time["categories"]}
    for district in time["districts"]:
        state = time["before"]
        changes = unpack_changes(district["changes"], time["packed"]) if time.get("packed") else district["changes"]
        for change in changes:
            if change[0] <= day:
                state = change
        counts[time["categories"][state[1]]["label"]] += 1
    return counts


def go_to(at: AppTest, date: dt.date) -> AppTest:
    """Move the map to ``date`` as the "days with claims" pills do (a seek), and rerun."""
    try:
        seek = at.session_state["_timemap_seek"]
    except KeyError:
        seek = 0
    at.session_state["date"] = date
    at.session_state["_timemap_seek"] = seek + 1
    return at.run()
