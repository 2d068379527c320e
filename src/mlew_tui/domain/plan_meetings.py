"""Day 2 meetings: the weekly progress meeting and an executive report per milestone.

WORKSHOP.md, "Plan": *during the session*, the team registers a weekly
progress meeting (e.g. every Thursday 10:00-10:30) and an executive (CXO)
report at each milestone in the calendar.

- The progress meeting is one ``[[meetings]]`` entry of kind ``progress``:
  its first ``start`` (the weekday and time repeat), ``duration_min`` and
  ``weekly_until``. It starts on the first chosen weekday after today and,
  by default, runs until milestone 1 (the planning horizon).
- Executive reports are ``executive_report`` entries, one per milestone
  after m0, on the milestone's due date (:func:`register_reports` adds the
  missing ones and moves the ones whose milestone moved, keeping their time).
- Times are in the session's zone (:func:`~mlew_tui.domain.zones.session_zone`): its IANA
  ``time_zone`` when set (a weekly 10:00 stays 10:00 across a daylight-saving
  change), else the UTC offset of the meetings already planned, else of the
  day's start, else the clock's. Each meeting gets a stable ``id``
  (``mt1`` ...) and a ``revision`` raised when what the calendar shows of it
  changes (:mod:`.revisions`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import TypedDict

from . import milestones as ms
from .history import Edit, combine, insert
from .ids import id_after_last
from .plan import M0, Check, timeline
from .revisions import revise
from .session import Meeting, Session
from .zones import session_zone as session_zone  # it lived here first: the plan is in its zone
from .zones import zone

Translate = Callable[..., str]


class _MeetingValues(TypedDict):
    """The fields of the progress meeting a draft sets."""

    title: str
    start: datetime
    duration_min: int
    weekly_until: date | None


#: The deck's example: every Thursday 10:00-10:30.
DEFAULT_WEEKDAY = 3
DEFAULT_TIME = time(10, 0)
DEFAULT_PROGRESS_MIN = 30
DEFAULT_REPORT_TIME = time(15, 0)
DEFAULT_REPORT_MIN = 60
WEEKDAYS: tuple[int, ...] = tuple(range(7))  # Monday = 0, as datetime.weekday()


def wall_clock(session: Session, value: datetime) -> datetime:
    """``value`` as the session's clocks show it: in its ``time_zone`` when
    set (then a date or a time set on it keeps the zone's own offset on that
    day), else as written, with its own offset."""
    return value.astimezone(zone(session.time_zone)) if session.time_zone else value


def new_meeting_id(session: Session, taken: set[str] | None = None) -> str:
    """A new meeting's id: one past the highest (``mt1``, ``mt2`` ...; a gap
    left by a deleted meeting is not filled: a calendar may still hold it)."""
    return id_after_last("mt", {m.id for m in session.meetings} | (taken or set()))


def progress_meeting(session: Session) -> Meeting | None:
    """The weekly progress meeting (the first of kind ``progress``)."""
    return next((m for m in session.meetings if m.kind == "progress"), None)


def report_for(session: Session, mid: str) -> Meeting | None:
    """The executive report of milestone ``mid``."""
    return next((m for m in session.meetings if m.kind == "executive_report" and m.milestone == mid), None)


def next_weekday(start: date, weekday: int) -> date:
    """The first date on or after ``start`` that falls on ``weekday`` (Monday 0)."""
    return start + timedelta(days=(weekday - start.weekday()) % 7)


@dataclass(frozen=True)
class ProgressDraft:
    """What the team decides about the weekly meeting (the form's fields)."""

    title: str
    weekday: int
    at: time
    duration_min: int
    until: date | None


def default_until(session: Session, today: date) -> date | None:
    """The progress meeting runs until milestone 1 by default (else the first
    dated milestone after m0)."""
    m1 = ms.milestone(session, "m1")
    if m1 is not None and m1.due is not None and m1.due > today:
        return m1.due
    later = [m.due for m in timeline(session) if m.id != M0 and m.due is not None and m.due > today]
    return later[0] if later else None


def progress_draft(session: Session, today: date, tr: Translate) -> ProgressDraft:
    """The form's starting values: the meeting as planned, or the deck's
    Thursday 10:00, 30 minutes, until milestone 1."""
    current = progress_meeting(session)
    if current is not None:
        start = wall_clock(session, current.start)
        return ProgressDraft(current.title, start.weekday(), start.time(), current.duration_min, current.weekly_until)
    name = session.product.name or session.title
    return ProgressDraft(tr("plan.meeting.progress_title", name=name), DEFAULT_WEEKDAY, DEFAULT_TIME, DEFAULT_PROGRESS_MIN, default_until(session, today))


def first_start(session: Session, draft: ProgressDraft, today: date, zone: tzinfo) -> datetime:
    """The first meeting: the chosen weekday after today (from the current
    first meeting's date, when one is planned), at the chosen time."""
    current = progress_meeting(session)
    base = wall_clock(session, current.start).date() if current is not None else today + timedelta(days=1)
    return datetime.combine(next_weekday(base, draft.weekday), draft.at, tzinfo=zone)


def progress_problem(session: Session, draft: ProgressDraft, today: date, zone: tzinfo) -> str:
    """An i18n key when the draft cannot be saved, else ``""``."""
    if not draft.title.strip():
        return "plan.meeting.empty_title"
    if draft.duration_min <= 0:
        return "plan.meeting.bad_duration"
    if draft.until is not None and draft.until < first_start(session, draft, today, zone).date():
        return "plan.meeting.until_before_start"
    return ""


def set_progress_meeting(session: Session, draft: ProgressDraft, today: date, zone: tzinfo) -> Edit:
    """Create or change the weekly progress meeting (one undoable step)."""
    problem = progress_problem(session, draft, today, zone)
    if problem:
        raise ValueError(problem)
    start = first_start(session, draft, today, zone)
    values: _MeetingValues = {"title": draft.title.strip(), "start": start, "duration_min": draft.duration_min, "weekly_until": draft.until}
    current = progress_meeting(session)
    if current is None:
        return insert("plan.edit.progress", session.meetings, Meeting(kind="progress", id=new_meeting_id(session), **values), 0)
    return revise("plan.edit.progress", current, **values)


def report_title(session: Session, mid: str, tr: Translate) -> str:
    m = ms.milestone(session, mid)
    return tr("plan.meeting.report_title", id=mid.upper(), title=m.title if m else "")


def report_milestones(session: Session) -> list[str]:
    """The milestones that get an executive report: every one after m0."""
    return [m.id for m in timeline(session) if m.id != M0]


def register_reports(session: Session, tr: Translate, zone: tzinfo, *, at: time = DEFAULT_REPORT_TIME, duration_min: int = DEFAULT_REPORT_MIN) -> Edit | None:
    """An executive report on the due date of every dated milestone after m0
    that has none, and reports moved to their milestone's new date (keeping
    their time); ``None`` when every report is in place."""
    edits: list[Edit] = []
    added: set[str] = set()
    for mid in report_milestones(session):
        m = ms.milestone(session, mid)
        if m is None or m.due is None:
            continue
        report = report_for(session, mid)
        if report is None:
            start = datetime.combine(m.due, at, tzinfo=zone)
            mtid = new_meeting_id(session, added)
            new = Meeting(kind="executive_report", title=report_title(session, mid, tr), start=start, duration_min=duration_min, milestone=mid, id=mtid)
            edits.append(insert("plan.edit.reports", session.meetings, new, len(session.meetings) + len(added)))
            added.add(mtid)  # each insert's place is fixed now: they go one after another
        elif wall_clock(session, report.start).date() != m.due:
            wall = wall_clock(session, report.start)
            moved = datetime.combine(m.due, wall.time(), tzinfo=wall.tzinfo)  # the same local time, at that day's offset
            until = report.weekly_until if report.weekly_until is None or report.weekly_until >= m.due else None
            edits.append(revise("plan.edit.reports", report, start=moved, weekly_until=until))
    return combine("plan.edit.reports", edits) if edits else None


def set_report_time(session: Session, mid: str, at: time, duration_min: int) -> Edit:
    """Change the time and length of ``mid``'s report (same day)."""
    report = report_for(session, mid)
    if report is None:
        raise KeyError(mid)
    if duration_min <= 0:
        raise ValueError("plan.meeting.bad_duration")
    wall = wall_clock(session, report.start)
    start = datetime.combine(wall.date(), at, tzinfo=wall.tzinfo)
    return revise("plan.edit.report_time", report, start=start, duration_min=duration_min)


def meeting_checks(session: Session) -> list[Check]:
    """No weekly progress meeting (or no end date for it); milestones after m0
    without an executive report; reports not on their milestone's date."""
    found: list[Check] = []
    progress = progress_meeting(session)
    if progress is None:
        found.append(Check("plan.check.no_progress"))
    elif progress.weekly_until is None:
        found.append(Check("plan.check.progress_no_until", level="note"))
    for mid in report_milestones(session):
        m = ms.milestone(session, mid)
        report = report_for(session, mid)
        if report is None:
            found.append(Check("plan.check.no_report", mid, params={"id": mid}))
        elif m is not None and m.due is not None and wall_clock(session, report.start).date() != m.due:
            day = wall_clock(session, report.start).date()
            found.append(Check("plan.check.report_moved", mid, "note", {"id": mid, "date": day.isoformat(), "due": m.due.isoformat()}))
    return found
