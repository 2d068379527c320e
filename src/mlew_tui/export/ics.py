"""The plan as an iCalendar file (``mlew export --format ics``, RFC 5545).

Built with the ``icalendar`` library, for Outlook and Google Calendar:

- every dated milestone is an all-day event on its due date (shown as free
  time), with Who / What / How and the TODOs towards it in the description;
- every meeting is a timed event; the weekly progress meeting is ONE event
  with ``RRULE:FREQ=WEEKLY;UNTIL=...`` (UNTIL in UTC, as RFC 5545 wants; the
  end of ``weekly_until`` on the session's clocks), not one event per week;
  executive reports carry their milestone's Who / What / How;
- every TODO is a ``VTODO`` (due date, done or not, related to its milestone);
- each event's UID is made from the id stored with it in the file
  (``meeting-mt1-<session>@mlew``, ``milestone-m1-...``, ``todo-t1-...``), so a
  renamed or moved one keeps its UID and importing a newer export updates the
  events instead of duplicating them; ``SEQUENCE`` is the ``revision`` stored
  with it, raised by the domain each time what the event shows changes
  (:mod:`mlew_tui.domain.revisions`);
- times are in the session's ``time_zone`` (an IANA zone): ``DTSTART`` carries
  its ``TZID`` and the calendar its ``VTIMEZONE``, so a weekly 10:00
  America/New_York meeting stays at 10:00 after the November change. A
  session without ``time_zone`` knows only UTC offsets: its times are written
  in UTC (see :func:`event_time`);
- control characters and bidi overrides in user text are shown as visible
  escapes (RFC 5545 allows none in TEXT; a terminal would obey them).
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, time, timedelta

from icalendar import Calendar, Event, Todo, vText

from ..domain import milestones as ms
from ..domain.formats import day
from ..domain.milestones import HORIZON_MONTHS, add_months
from ..domain.plan import timeline
from ..domain.session import Meeting, Milestone, Session, meeting_ids
from ..domain.session import Todo as TodoRecord
from ..domain.visible import visible
from ..domain.zones import zone
from ..i18n import Translator

PRODID = "-//mlew//ML Enablement Workshop//EN"
UID_DOMAIN = "mlew"


def session_digest(session: Session) -> str:
    """A short, stable fingerprint of the session (its title) for UIDs."""
    return hashlib.sha1(session.title.encode("utf-8")).hexdigest()[:12]


def uid(session: Session, kind: str, record_id: str) -> str:
    """The UID of the ``kind`` (milestone, meeting, todo) whose stored id is ``record_id``."""
    return f"{kind}-{record_id}-{session_digest(session)}@{UID_DOMAIN}"


def event_time(session: Session, value: datetime) -> datetime:
    """``value`` as the calendar gets it: in the session's ``time_zone``
    (written with its TZID).

    Without ``time_zone`` the file holds only a UTC offset, and an offset names
    no place: ``-04:00`` is New York in summer and Halifax in winter. Writing it
    as ``Etc/GMT+4`` would show a made-up place and move the meeting to 09:00
    in New York from November; so the same instant is written in UTC instead
    (a weekly meeting then keeps its UTC hour, which is all the file says)."""
    if session.time_zone:
        return value.astimezone(zone(session.time_zone))
    return value.astimezone(UTC)


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
    event.add("sequence", m.revision)
    event.add("summary", visible(tr("exports.ics.milestone", id=m.id.upper(), title=m.title or m.id)))
    event.add("dtstart", m.due)
    event.add("dtend", m.due + timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    description = _milestone_text(m, tr)
    todos = _todo_lines(session, m.id, tr)
    if todos:
        description += ([""] if description else []) + todos
    if description:
        event.add("description", visible("\n".join(description)))
    return event


def _last_day(session: Session, meeting: Meeting) -> date:
    """The last day a weekly meeting may fall on (three months when it has no end)."""
    return meeting.weekly_until or add_months(event_time(session, meeting.start).date(), HORIZON_MONTHS)


def _until(session: Session, meeting: Meeting) -> datetime:
    """The end of the last meeting day on the session's clocks (its zone, else
    the meeting's own offset), in UTC (RFC 5545 with a TZID or UTC start)."""
    wall = event_time(session, meeting.start) if session.time_zone else meeting.start
    return datetime.combine(_last_day(session, meeting), time(23, 59, 59), tzinfo=wall.tzinfo).astimezone(UTC)


def meeting_event(session: Session, meeting: Meeting, mid: str, tr: Translator, stamp: datetime) -> Event:
    """One meeting (``mid``: its id, given on load to a meeting that had none)."""
    event = Event()
    event.add("uid", uid(session, "meeting", mid))
    event.add("dtstamp", stamp)
    event.add("sequence", meeting.revision)
    title = meeting.title.strip() or tr(f"exports.ics.{meeting.kind}")
    event.add("summary", visible(title))
    start = event_time(session, meeting.start)
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=meeting.duration_min))  # wall-clock minutes in the zone
    if meeting.kind == "progress" or meeting.weekly_until is not None:
        event.add("rrule", {"freq": "weekly", "until": _until(session, meeting)})
    m = ms.milestone(session, meeting.milestone) if meeting.milestone else None
    if m is not None:
        lines = [tr("exports.ics.milestone", id=m.id.upper(), title=m.title or m.id), *_milestone_text(m, tr)]
        event.add("description", visible("\n".join(lines)))
    return event


def todo_component(session: Session, t: TodoRecord, stamp: datetime) -> Todo:
    """One TODO as a ``VTODO``: its text, due date, done or not, its milestone."""
    component = Todo()
    component.add("uid", uid(session, "todo", t.id))
    component.add("dtstamp", stamp)
    component.add("sequence", t.revision)
    component.add("summary", visible(t.text))
    if t.due is not None:
        component.add("due", t.due)
    component.add("status", "COMPLETED" if t.done else "NEEDS-ACTION")
    if t.milestone and ms.milestone(session, t.milestone) is not None:
        component.add("related-to", uid(session, "milestone", t.milestone))
    return component


def _zone_span(session: Session, today: date) -> tuple[date, date]:
    """Dates before and after every meeting (the span its VTIMEZONE covers)."""
    starts = [event_time(session, m.start).date() for m in session.meetings]
    ends = [_last_day(session, m) for m in session.meetings]
    first, last = min(starts, default=today), max(ends + starts, default=today)
    return date(first.year, 1, 1), date(last.year + 2, 1, 1)


def to_calendar(session: Session, *, stamp: datetime | None = None) -> Calendar:
    """The plan as a :class:`~icalendar.Calendar` (``stamp``: DTSTAMP, now by default)."""
    tr = Translator(session.language)
    stamp = (stamp or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", vText(visible(session.title)))  # vText: escaped like SUMMARY (an X- property is not)
    if session.time_zone:
        cal.add("x-wr-timezone", session.time_zone)
    for m in timeline(session):
        if m.due is not None:
            cal.add_component(milestone_event(session, m, tr, stamp))
    # A session built in memory may hold meetings without ids yet: the ids a load would give them.
    for meeting, mid in zip(session.meetings, meeting_ids(session.meetings), strict=True):
        cal.add_component(meeting_event(session, meeting, mid, tr, stamp))
    for t in session.todos:
        cal.add_component(todo_component(session, t, stamp))
    first, last = _zone_span(session, stamp.date())
    cal.add_missing_timezones(first_date=first, last_date=last)
    return cal


def ics_bytes(session: Session, *, stamp: datetime | None = None) -> bytes:
    """The file's bytes (CRLF lines, folded at 75 octets, UTF-8)."""
    data: bytes = to_calendar(session, stamp=stamp).to_ical()  # icalendar is untyped here
    return data
