"""IANA time zones: the session's ``time_zone`` names one (``"Asia/Tokyo"``).

A name is accepted when it is one of the zones the time zone database lists
(``zoneinfo.available_timezones()``, from the system or the ``tzdata``
package) - a place such as ``America/New_York`` whose offset follows its
daylight-saving rules, or ``UTC``. ``localtime`` and ``Factory`` are in some
databases but name no place, so they are refused.
"""

from __future__ import annotations

from datetime import tzinfo
from functools import cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, available_timezones

if TYPE_CHECKING:  # the session imports this module to check its zone
    from .session import Session

#: Entries of some zone databases that are not a zone anyone chose.
NOT_ZONES = frozenset({"localtime", "Factory", "posixrules"})


@cache
def known_zones() -> frozenset[str]:
    """Every IANA zone name this machine knows (read once; a walk of the
    system's zoneinfo folder, ~40 ms)."""
    return frozenset(available_timezones()) - NOT_ZONES


@cache
def _listed_zones() -> frozenset[str]:
    """The names the ``tzdata`` package lists (one small file: the quick check)."""
    from importlib import resources  # only when a zone is checked: not at every launch

    try:
        return frozenset(resources.files("tzdata").joinpath("zones").read_text(encoding="utf-8").split()) - NOT_ZONES
    except (ImportError, OSError, UnicodeDecodeError):
        return frozenset()


def is_zone(name: str) -> bool:
    """``name`` is an IANA zone that loads (``"Asia/Tokyo"``; not ``"Mars/Base"``,
    nor ``"asia/tokyo"``, which a case-blind disk would load)."""
    if name not in _listed_zones() and name not in known_zones():
        return False
    try:
        ZoneInfo(name)
    except (ValueError, OSError, KeyError):  # ZoneInfoNotFoundError is a KeyError; OSError: a broken database file
        return False
    return True


def check_zone(name: str) -> str:
    """``name`` if it is a zone, else ``ValueError("unknown time zone")``
    (the message :mod:`.validation` recognises)."""
    if not is_zone(name):
        raise ValueError("unknown time zone")
    return name


def zone(name: str) -> ZoneInfo:
    """The zone called ``name`` (checked first: ``ValueError`` for an unknown one)."""
    return ZoneInfo(check_zone(name))


def session_zone(session: Session, fallback: tzinfo) -> tzinfo:
    """The session's time zone: its ``time_zone`` (an IANA zone), else the
    offset of its meetings, else of the day's start (Day 1 or Day 2), else
    ``fallback`` (the clock's)."""
    if session.time_zone:
        return zone(session.time_zone)
    for meeting in session.meetings:
        if meeting.start.tzinfo is not None:
            return meeting.start.tzinfo
    starts = [session.progress.started_at, *(a.started_at for a in session.progress.actual.values())]
    for start in starts:
        if start is not None and start.tzinfo is not None:
            return start.tzinfo
    return fallback
