"""One module writes numbers, dates and times (issue #16): its rules, and no
other module keeps a copy of them."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from pathlib import Path

import pytest

from mlew_tui.domain import formats

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "mlew_tui"


@pytest.mark.parametrize(("value", "text"), [(5.0, "5"), (2.5, "2.5"), (0, "0"), (-1.0, "-1"), (12.25, "12.25")])
def test_numbers_are_written_as_people_write_them(value: float, text: str) -> None:
    assert formats.number_text(value) == text
    assert str(formats.number(value)) == text


def test_dates_and_times() -> None:
    assert formats.day(date(2026, 12, 5)) == "2026-12-05"
    assert formats.day(None) == ""
    assert formats.month_day(date(2027, 3, 1)) == "03-01"
    assert formats.hhmm(time(9, 5)) == "09:05"
    assert formats.hhmm(datetime(2026, 12, 5, 17, 38, 59)) == "17:38"


def test_no_module_keeps_its_own_copy_of_the_rules() -> None:
    """The duplicated helpers the project had (five number writers, inline
    date writing) stay gone: only formats.py writes numbers and dates so."""
    copies = re.compile(r'is_integer\(\)|strftime\("%H:%M"\)|strftime\("%m-%d"\)|\.isoformat\(\) if [\w.]+ else ""')
    offenders = [
        f"{source.relative_to(PACKAGE)}:{n}"
        for source in sorted(PACKAGE.rglob("*.py"))
        if source.name != "formats.py"
        for n, line in enumerate(source.read_text(encoding="utf-8").splitlines(), start=1)
        if copies.search(line)
    ]
    assert offenders == []
