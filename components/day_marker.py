"""The selected day as a bar under a strip or image of equal-width days (district strip, raster chart)."""

from __future__ import annotations

import datetime as dt


def day_marker_html(days: list[dt.date], day: dt.date) -> str:
    """A bar at ``day``'s column, one ``1/len(days)`` wide (classes from :mod:`components.styles`)."""
    index = (day - days[0]).days
    width = 100 / max(len(days), 1)
    return f'<div class="day-marker"><i style="left:{index * width:.3f}%;width:{width:.3f}%"></i></div>'
