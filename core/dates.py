"""Days as people read them, for every year a claim may have (0001-9999), and dates that look like typos.

Claims may span the whole calendar (a typo 0021 for 2021, or a claim in 9999): the map's
days are a :class:`DayRange`, like ``range``, not a list of up to 3.65 million dates.

``strftime`` is the C library's: on Linux ``%Y`` writes the year 21 as ``21`` and the
year 1 as ``1``, so "5 Sep 21" would read as 2021. :func:`strfday` writes every year
with at least four digits, as ``isoformat`` does and as the map's script does.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable, Iterator, Sequence
from typing import overload

from core.errors import Problem
from core.model import Claim

#: A claim this many times the claims' typical distance from their median date away
#: from it (and more than :data:`FAR_MIN_DAYS`) is "far": likely a typo (0021 or 2020 for 2021).
FAR_SPREADS = 10
FAR_MIN_DAYS = 300


class DayRange(Sequence[dt.date]):
    """Every day from ``first`` to ``last`` (none if ``last`` is earlier), like ``range``: length, index and ``in`` in O(1)."""

    __slots__ = ("_length", "first", "last")

    def __init__(self, first: dt.date, last: dt.date):
        self.first, self.last = first, last
        self._length = max((last - first).days + 1, 0)

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, index: int) -> dt.date: ...
    @overload
    def __getitem__(self, index: slice) -> list[dt.date]: ...
    def __getitem__(self, index: int | slice) -> dt.date | list[dt.date]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._length))]
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError("day out of range")
        return self.first + dt.timedelta(days=index)

    def __iter__(self) -> Iterator[dt.date]:
        return (self.first + dt.timedelta(days=i) for i in range(self._length))

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and not isinstance(day, dt.datetime) and self._length > 0 and self.first <= day <= self.last

    def index(self, day: object, start: int = 0, stop: int | None = None) -> int:
        if day in self:
            position = (day - self.first).days  # type: ignore[operator]
            if start <= position and (stop is None or position < stop):
                return position
        raise ValueError(f"{day!r} is not in the days")

    def count(self, day: object) -> int:
        return int(day in self)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, DayRange):
            return (len(self), self.first) == (len(other), other.first) or len(self) == len(other) == 0
        if isinstance(other, list | tuple):
            return len(other) == len(self) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"DayRange({self.first.isoformat()}, {self.last.isoformat()})"


def strfday(day: dt.date, pattern: str) -> str:
    """``day.strftime(pattern)`` with ``%Y`` as four digits in every year ("0021", not "21")."""
    return day.strftime(pattern.replace("%Y", f"{day.year:04d}"))


def far_dates(claims: Iterable[Claim], label: str) -> list[Problem]:
    """A warning for each claim dated far outside the others' span: likely a typo (``0021-09-05`` for ``2021-09-05``).

    "Far" is more than :data:`FAR_SPREADS` times the median distance of the claims'
    dates from their median date, and more than :data:`FAR_MIN_DAYS`: medians, so the
    outliers themselves do not widen the span; quiet for files that span years evenly.
    """
    claims = list(claims)
    if len(claims) < 3:
        return []
    days = sorted(c.date.toordinal() for c in claims)
    middle = statistics.median_low(days)
    spread = statistics.median_low(sorted(abs(d - middle) for d in days))
    limit = max(FAR_MIN_DAYS, FAR_SPREADS * spread)
    near = [d for d in days if abs(d - middle) <= limit]
    first, last = dt.date.fromordinal(near[0]), dt.date.fromordinal(near[-1])
    problems = []
    for claim in claims:
        away = claim.date.toordinal() - middle
        if abs(away) > limit:
            side = "before" if away < 0 else "after"
            message = (
                f"claim '{claim.id}' is dated {claim.date.isoformat()}, {_span(abs(away))} {side} most claims "
                f"({first.isoformat()} to {last.isoformat()}); is the year a typo?"
            )
            problems.append(Problem(label, claim.line, message))
    return problems


def _span(days: int) -> str:
    if days >= 730:
        return f"{round(days / 365.2425):,} years"
    return f"{days:,} days"
