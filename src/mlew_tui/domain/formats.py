"""How numbers, dates and times are written, everywhere: the screens, the
report, the exports and the messages all format through here (pure)."""

from __future__ import annotations

import math
from datetime import date, datetime, time


def number(value: float) -> int | float:
    """``5.0`` -> ``5``, ``2.5`` stays: points and totals as people write them."""
    return int(value) if float(value).is_integer() else value


def number_text(value: float) -> str:
    """A score or a total as text: ``5``, ``2.5``."""
    return str(number(value))


def clock(remaining_s: float) -> str:
    """A countdown: ``"04:59"`` for time left, ``"+00:05"`` for overtime."""
    value = round(remaining_s, 6)  # float noise must not flip a second
    if value > 0:
        seconds, sign = math.ceil(value), ""
    else:
        seconds, sign = math.floor(-value), "+"
    return f"{sign}{seconds // 60:02d}:{seconds % 60:02d}"


def hhmm(moment: datetime | time) -> str:
    """A time of day on the wall clock: ``09:05``."""
    return moment.strftime("%H:%M")


def day(value: date | None) -> str:
    """A date as the session file and the forms write it (``2026-12-05``); empty for none."""
    return value.isoformat() if value is not None else ""


def month_day(value: date) -> str:
    """A date on a timeline's axis, where the year is understood: ``12-05``."""
    return value.strftime("%m-%d")
