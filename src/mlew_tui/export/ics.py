"""The plan as an iCalendar file (``mlew export --format ics``, RFC 5545).

Built with the ``icalendar`` library, for Outlook and Google Calendar:

- every dated milestone is an all-day event on its due date (shown as free
  time), with Who / What / How and the TODOs towards it in the description;
- every meeting is a timed event; the weekly progress meeting is ONE event
  with ``RRULE:FREQ=WEEKLY;UNTIL=...`` (UNTIL in UTC, as RFC 5545 wants with
  a TZID; the end of ``weekly_until`` in the meeting's zone), not one event per
  week; executive reports carry their milestone's Who / What / How;
- UIDs are stable: derived from the session title and the milestone / meeting,
  so importing a newer export updates the events instead of duplicating them
  (``SEQUENCE`` grows with the export time, so the newer one wins);
- times keep the session's time zone: the UTC offset of the meeting datetimes,
  written as an IANA zone with its ``VTIMEZONE`` (``+09:00`` in a Japanese
  session is ``Asia/Tokyo``; other whole-hour offsets ``Etc/GMT-9`` style);
  an offset no zone expresses is written in UTC.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from ..domain import milestones as ms
from ..domain import plan_meetings as pm
from ..domain.diagnostics import add_months
from ..domain.formats import day
from ..domain.plan import timeline
from ..domain.session import Meeting, Milestone, Session
from ..i18n import Translator

PRODID = "-//mlew//ML Enablement Workshop//EN"
UID_DOMAIN = "mlew"
#: Offsets (minutes) that one zone keeps all year, by session language.
NAMED_ZONES: dict[tuple[str, int], str] = {("ja", 540): "Asia/Tokyo"}
#: Offsets only one zone in practice has, whatever the language.
UNIQUE_ZONES: dict[int, str] = {0: "UTC", 330: "Asia/Kolkata", 345: "Asia/Kathmandu"}
#: SEQUENCE counts minutes from here, so a later export is a newer revision.
SEQUENCE_EPOCH = datetime(2024, 1, 1, tzinfo=UTC)


def zone_name(offset: timedelta, language: str) -> str | None:
    """The IANA zone that writes ``offset``, or None when none does exactly."""
    minutes = int(offset.total_seconds() // 60)
    if (language, minutes) in NAMED_ZONES:
        return NAMED_ZONES[(language, minutes)]
    if minutes in UNIQUE_ZONES:
        return UNIQUE_ZONES[minutes]
    if minutes % 60 == 0 and -12 * 60 <= minutes <= 14 * 60:
        hours = minutes // 60
        return f"Etc/GMT{-hours:+d}"  # the IANA sign is inverted: UTC+9 is Etc/GMT-9
    return None


def _zoned(value: datetime, language: str) -> datetime:
    """``value`` in the named zone of its offset (the same instant), else UTC."""
    offset = value.utcoffset() or timedelta(0)
    name = zone_name(offset, language)
    if name is None:
        return value.astimezone(UTC)
    zone: tzinfo = ZoneInfo(name)
    moved = value.astimezone(zone)
    return moved if moved.utcoffset() == offset else value.astimezone(UTC)


def session_digest(session: Session) -> str:
    """A short, stable fingerprint of the session (its title) for UIDs."""
    return hashlib.sha1(session.title.encode("utf-8")).hexdigest()[:12]


def uid(session: Session, kind: str, key: str) -> str:
    return f"{kind}-{key}-{session_digest(session)}@{UID_DOMAIN}"


def meeting_uids(session: Session) -> list[str]:
    """One stable UID per meeting, in file order: ``progress-1`` ..., reports by
    their milestone (``report-m1``), others by their place among their kind."""
    seen: dict[str, int] = {}
    out = []
    for meeting in session.meetings:
        seen[meeting.kind] = seen.get(meeting.kind, 0) + 1
        if meeting.kind == "executive_report" and meeting.milestone:
            key = f"report-{meeting.milestone}"
            if key in out:  # a second report of one milestone keeps its own UID
                key = f"report-{meeting.milestone}-{seen[meeting.kind]}"
        elif meeting.kind == "progress":
            key = f"progress-{seen[meeting.kind]}"
        else:
            key = f"meeting-{seen[meeting.kind]}"
        out.append(key)
    return [uid(session, "meeting", key) for key in out]


def _milestone_text(m: Milestone, tr: Translator) -> list[str]:
    lines = []
    for part in ("who", "what", "how"):
        value = getattr(m, part).strip()
        if value:
            lines.append(f"{tr(f'exports.ics.{part}')}: {value}")
    return lines


def _todo_lines(session: Session, mid: str, tr: Translator) -> list[str]:
    names = {p.id: p.name for p in session.participants}
    lines = []
    for t in session.todos:
        if t.milestone != mid:
            continue
        mark = "[x]" if t.done else "[ ]"
        details = ", ".join(v for v in (names.get(t.owner, t.owner), day(t.due)) if v)
        lines.append(f"{mark} {t.text}" + (f" ({details})" if details else ""))
    return [tr("exports.ics.todos"), *lines] if lines else []


def milestone_event(session: Session, m: Milestone, tr: Translator, stamp: datetime) -> Event:
    assert m.due is not None
    event = Event()
    event.add("uid", uid(session, "milestone", m.id))
    event.add("dtstamp", stamp)
    event.add("sequence", _sequence(stamp))
    event.add("summary", tr("exports.ics.milestone", id=m.id.upper(), title=m.title or m.id))
    event.add("dtstart", m.due)
    event.add("dtend", m.due + timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    description = _milestone_text(m, tr)
    todos = _todo_lines(session, m.id, tr)
    if todos:
        description += ([""] if description else []) + todos
    if description:
        event.add("description", "\n".join(description))
    return event


def _until(meeting: Meeting) -> datetime:
    """The end of the last meeting day, in UTC (RFC 5545 with a TZID start)."""
    last: date = meeting.weekly_until or add_months(meeting.start.date(), 3)
    return datetime.combine(last, time(23, 59, 59), tzinfo=meeting.start.tzinfo).astimezone(UTC)


def meeting_event(session: Session, meeting: Meeting, key: str, tr: Translator, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", key)
    event.add("dtstamp", stamp)
    event.add("sequence", _sequence(stamp))
    title = meeting.title.strip() or tr(f"exports.ics.{meeting.kind}")
    event.add("summary", title)
    start = _zoned(meeting.start, session.language)
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=meeting.duration_min))
    if meeting.kind == "progress" or meeting.weekly_until is not None:
        event.add("rrule", {"freq": "weekly", "until": _until(meeting)})
    m = ms.milestone(session, meeting.milestone) if meeting.milestone else None
    if m is not None:
        lines = [tr("exports.ics.milestone", id=m.id.upper(), title=m.title or m.id), *_milestone_text(m, tr)]
        event.add("description", "\n".join(lines))
    return event


def session_zone_name(session: Session) -> str | None:
    """The session's zone: the weekly meeting's offset (else the first
    meeting's, else the day's start) as an IANA name; None without one."""
    progress = pm.progress_meeting(session)
    unknown = timezone(timedelta(0), "unknown")
    zone = progress.start.tzinfo if progress is not None else pm.session_zone(session, unknown)
    if zone is unknown:
        return None
    offset = zone.utcoffset(None) if zone is not None else None
    if offset is None:
        return None
    return zone_name(offset, session.language)


def _sequence(stamp: datetime) -> int:
    return max(0, int((stamp - SEQUENCE_EPOCH).total_seconds() // 60))


def to_calendar(session: Session, *, stamp: datetime | None = None) -> Calendar:
    """The plan as a :class:`~icalendar.Calendar` (``stamp``: DTSTAMP, now by default)."""
    tr = Translator(session.language)
    stamp = (stamp or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", session.title)
    name = session_zone_name(session)
    if name is not None:
        cal.add("x-wr-timezone", name)
    for m in timeline(session):
        if m.due is not None:
            cal.add_component(milestone_event(session, m, tr, stamp))
    for meeting, key in zip(session.meetings, meeting_uids(session), strict=True):
        cal.add_component(meeting_event(session, meeting, key, tr, stamp))
    cal.add_missing_timezones()
    return cal


def ics_bytes(session: Session, *, stamp: datetime | None = None) -> bytes:
    """The file's bytes (CRLF lines, folded at 75 octets, UTF-8)."""
    data: bytes = to_calendar(session, stamp=stamp).to_ical()  # icalendar is untyped here
    return data
