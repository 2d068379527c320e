"""What a sponsor reads first: the PR headline, the nearest milestones, the
next meeting (the summary of the Markdown export).

- **PR headline** (:func:`headline`): the product's name and what is offered,
  the two parts of the Refine customer message that name the product - its
  ``product_name`` (else the session's product) and its ``offer``.
- **Nearest milestones** (:func:`nearest_milestones`): the dated milestones
  still ahead, soonest first (a milestone due today is ahead); when fewer
  than asked are ahead, the latest ones already passed fill the list.
- **Next meeting** (:func:`next_meeting`): the first occurrence on or after
  ``today`` of any meeting. A progress meeting, or any meeting with
  ``weekly_until``, repeats weekly until that date (a progress meeting
  without one: :data:`~mlew_tui.domain.milestones.HORIZON_MONTHS` months,
  as the calendar export assumes).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from . import milestones as ms
from .refine import clean_field
from .session import Meeting, Milestone, Session


def headline(session: Session) -> tuple[str, str]:
    """(product, offer) of the PR headline, each one line; ``""`` where not written."""
    product = clean_field(session.refine.product_name) or clean_field(session.product.name)
    return product, clean_field(session.refine.offer)


def nearest_milestones(session: Session, today: date, n: int = 3) -> list[Milestone]:
    """Up to ``n`` dated milestones: those due on or after ``today`` (soonest
    first), then the most recently passed ones; ties in file order."""
    dated = [m for m in session.milestones if m.due is not None]
    ahead = sorted((m for m in dated if m.due is not None and m.due >= today), key=lambda m: m.due or today)
    passed = sorted((m for m in dated if m.due is not None and m.due < today), key=lambda m: m.due or today, reverse=True)
    return (ahead + passed)[:n]


def repeats_weekly(meeting: Meeting) -> bool:
    """A progress meeting, or a meeting with an end date, repeats every week."""
    return meeting.kind == "progress" or meeting.weekly_until is not None


def last_day(meeting: Meeting) -> date:
    """The last day a meeting can take place."""
    if not repeats_weekly(meeting):
        return meeting.start.date()
    return meeting.weekly_until or ms.add_months(meeting.start.date(), ms.HORIZON_MONTHS)


def next_occurrence(meeting: Meeting, today: date) -> datetime | None:
    """The meeting's first start on or after ``today`` (the date in its own
    UTC offset); ``None`` when it is over."""
    start = meeting.start
    if start.date() < today and repeats_weekly(meeting):
        weeks = -(-(today - start.date()).days // 7)  # rounded up
        start = start + timedelta(weeks=weeks)
    if start.date() < today or start.date() > last_day(meeting):
        return None
    return start


@dataclass(frozen=True)
class NextMeeting:
    meeting: Meeting
    start: datetime  # this occurrence


def next_meeting(session: Session, today: date) -> NextMeeting | None:
    """The soonest occurrence of any meeting on or after ``today`` (ties: file order)."""
    found: NextMeeting | None = None
    for meeting in session.meetings:
        start = next_occurrence(meeting, today)
        if start is not None and (found is None or start < found.start):
            found = NextMeeting(meeting, start)
    return found
