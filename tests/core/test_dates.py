"""Dates in every year a claim may have (0001-9999): written with four digits, days as a range, typos warned of."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from core.dates import DayRange, far_dates, strfday
from core.model import Claim
from tests.scenarios import Files, claim

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("day", "pattern", "text"),
    [
        (dt.date(21, 9, 5), "%a %d %b %Y", "Sun 05 Sep 0021"),  # strftime alone: "Sun 05 Sep 21" on Linux
        (dt.date(1, 1, 1), "%d %B %Y", "01 January 0001"),
        (dt.date(9999, 12, 31), "%A %d %b %Y", "Friday 31 Dec 9999"),
        (dt.date(2021, 9, 6), "%b %Y", "Sep 2021"),
    ],
)
def test_years_are_written_with_four_digits(day, pattern, text):
    assert strfday(day, pattern) == text


def test_day_range_is_a_sequence_of_every_day_without_a_list():
    days = DayRange(dt.date(1, 1, 1), dt.date(9999, 12, 31))
    assert len(days) == dt.date(9999, 12, 31).toordinal()  # 3,652,059 days, none of them made
    assert (days[0], days[-1], days[738_768]) == (dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.date.fromordinal(738_769))
    assert dt.date(21, 9, 5) in days and days.index(dt.date(21, 9, 5)) == dt.date(21, 9, 5).toordinal() - 1
    assert dt.datetime(2021, 9, 5) not in days and "2021-09-05" not in days
    small = DayRange(dt.date(2021, 9, 4), dt.date(2021, 9, 6))
    assert list(small) == [dt.date(2021, 9, 4), dt.date(2021, 9, 5), dt.date(2021, 9, 6)] == small
    assert small[1:] == [dt.date(2021, 9, 5), dt.date(2021, 9, 6)]
    with pytest.raises(IndexError):
        small[3]
    with pytest.raises(ValueError, match="not in the days"):
        small.index(dt.date(2021, 9, 7))
    empty = DayRange(dt.date.max, dt.date.min)
    assert not empty and len(empty) == 0 and list(empty) == [] and dt.date(2021, 9, 5) not in empty


def _claims(*dates: str) -> list[Claim]:
    return [Claim(id=f"c{i}", date=dt.date.fromisoformat(d), source="s", status="statement", districts=(), line=10 + i)
            for i, d in enumerate(dates)]  # fmt: skip


def test_a_claim_far_outside_the_others_span_is_a_warning_naming_its_line():
    claims = _claims("2021-09-04", "2021-09-05", "2021-09-05", "0021-09-05", "2021-09-06", "9999-12-31", "2020-09-05")
    problems = far_dates(claims, "claims.yaml")
    assert [(p.line, p.message) for p in problems] == [
        (13, "claim 'c3' is dated 0021-09-05, 2,000 years before most claims (2021-09-04 to 2021-09-06); is the year a typo?"),
        (15, "claim 'c5' is dated 9999-12-31, 7,978 years after most claims (2021-09-04 to 2021-09-06); is the year a typo?"),
        (16, "claim 'c6' is dated 2020-09-05, 365 days before most claims (2021-09-04 to 2021-09-06); is the year a typo?"),
    ]
    assert str(problems[0]).startswith("claims.yaml:13: ")


def test_files_that_span_years_evenly_give_no_warning():
    spread = [(dt.date(2021, 8, 15) + dt.timedelta(days=d)).isoformat() for d in range(0, 3 * 365, 9)]
    assert far_dates(_claims(*spread), "claims.yaml") == []
    assert far_dates(_claims("2021-09-05", "0021-09-05"), "claims.yaml") == []  # two claims: no "others" to compare with


def test_validate_warns_of_a_likely_typo_and_still_succeeds(tmp_path):
    files = Files(tmp_path).write([claim("c1", "2021-09-05", "wire", ["North"], holder="red"),
                                   claim("c2", "2021-09-06", "wire", ["South"], holder="blue"),
                                   claim("c3", "0021-09-07", "wire", ["East"], holder="blue")])  # fmt: skip
    line = files.dataset().claim("c3").line
    done = subprocess.run(
        [sys.executable, "-m", "control", "validate", "--districts", str(files.districts), "--claims", str(files.claims)],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert f"warning: {files.claims}:{line}: claim 'c3' is dated 0021-09-07, 2,000 years before most claims" in done.stderr
    assert "OK: 3 districts" in done.stdout and "0021-09-07 to 2021-09-06" in done.stdout
