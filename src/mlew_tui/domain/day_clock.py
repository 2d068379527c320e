"""Each day's clock and each step's real time (pure: the session's ``progress``).

- Day 1 keeps ``started_at`` / ``ended_at``, Day 2 ``day2_started_at`` /
  ``day2_ended_at``: a day starts when its first step is entered (Day 2: when
  it is started) and ends as its steps end; starting Day 2 never touches Day
  1's.
- A step's record keeps its first start, its last end (None while the room is
  on it), the seconds of its earlier visits (``spent_s``) and the start of the
  visit under way (``resumed_at``): a step visited twice counts once, with its
  total time (:func:`spent`), which is what ahead/behind compares with the
  plan (:func:`mlew_tui.domain.agenda.balance`).
- A visit under way when the file was opened counts from the opening: the
  hours mlew was closed are nobody's step.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from .session import SPENT_S_MAX, Progress, StepActual


def day_started_at(progress: Progress, day: int) -> datetime | None:
    return progress.started_at if day == 1 else progress.day2_started_at


def day_ended_at(progress: Progress, day: int) -> datetime | None:
    return progress.ended_at if day == 1 else progress.day2_ended_at


def start_day(progress: Progress, day: int, now: datetime) -> None:
    """Record the day's start, once."""
    if day_started_at(progress, day) is not None:
        return
    if day == 1:
        progress.started_at = now
    else:
        progress.day2_started_at = now


def end_day(progress: Progress, day: int, now: datetime) -> None:
    """Record the day's end (moved on as its steps end)."""
    if day == 1:
        progress.ended_at = now
    else:
        progress.day2_ended_at = now


def spent(record: StepActual, now: datetime, opened_at: datetime) -> timedelta:
    """All the time on a step: its earlier visits, plus the visit under way
    (counted from ``opened_at`` at the earliest)."""
    if record.ended_at is not None:
        closed = record.spent_s if record.spent_s is not None else (record.ended_at - record.started_at).total_seconds()
        return timedelta(seconds=max(0.0, closed))
    visit = max(record.resumed_at or record.started_at, opened_at)
    return timedelta(seconds=record.spent_s or 0.0) + max(timedelta(0), now - visit)


def _seconds(span: timedelta) -> float:
    """What the file keeps of a step's time: at most ``SPENT_S_MAX`` (a clock
    that jumped a year must not make the session unsavable)."""
    return min(span.total_seconds(), SPENT_S_MAX)


def enter(progress: Progress, step_id: str, now: datetime, opened_at: datetime) -> None:
    """The room is on ``step_id`` from ``now``: a first visit, or a step reopened."""
    record = progress.actual.get(step_id)
    if record is None:
        progress.actual[step_id] = StepActual(started_at=now)
    elif record.ended_at is not None:
        record.spent_s, record.ended_at, record.resumed_at = _seconds(spent(record, now, opened_at)), None, now


def leave(progress: Progress, step_id: str, day: int, now: datetime, opened_at: datetime) -> None:
    """The room leaves ``step_id`` at ``now`` (nothing if it was not on it): its
    visit closes and the day's end moves to now."""
    record = progress.actual.get(step_id)
    if record is None or record.ended_at is not None:
        return
    record.spent_s = _seconds(spent(record, now, opened_at))
    record.ended_at, record.resumed_at = now, None
    end_day(progress, day, now)


def close_day(progress: Progress, day: int, now: datetime, opened_at: datetime) -> None:
    """The room leaves ``day``: a step under way ends the day now; a day left
    after its last step closed ended when that step did."""
    leave(progress, progress.step, day, now, opened_at)
    if day_started_at(progress, day) is not None and day_ended_at(progress, day) is None:
        ends = [a.ended_at for k, a in progress.actual.items() if a.ended_at is not None and k.startswith("day2.") == (day == 2)]
        end_day(progress, day, max(ends, default=now))


def is_revisit(progress: Progress) -> bool:
    """The room came back to the current step (it had been left before)."""
    record = progress.actual.get(progress.step)
    return record is not None and record.spent_s is not None
