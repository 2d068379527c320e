"""The live workshop: a session being run, without any UI.

:class:`Workshop` is what the app's screens talk to. It holds the session,
the undo history, the agenda position, the step's countdown and whose turn it
is at the keyboard, and it counts a ``revision`` that the app's autosave
watches. Every content change goes through :meth:`Workshop.do`, so it is
undoable and saved; navigation and the timer are saved but not undone (undo
restores work, not the clock).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from .domain import agenda
from .domain.agenda import Schedule, Step
from .domain.changes import day1_state
from .domain.history import Edit, History
from .domain.session import Session, StepActual, TimerRecord
from .domain.timer import SCORE_S, SHARE_S, Bell, Countdown, CycleTimer

Timer = Countdown | CycleTimer


def local_now() -> datetime:
    """The wall clock with the machine's UTC offset (what the room reads)."""
    return datetime.now().astimezone()


class Workshop:
    """A session being run (see the module docstring)."""

    def __init__(
        self,
        session: Session,
        *,
        day: int | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = local_now,
        keep_day1: Callable[[dict[str, Any]], object] | None = None,
    ) -> None:
        self.session = session
        #: Called with the Day 1 state when the session moves on to Day 2
        #: (the app writes it to ``FILE.day1.toml`` through the store).
        self._keep_day1 = keep_day1
        self.history = History()
        self._monotonic = monotonic
        self._now = now
        self._nav_revision = 0
        if day is not None and day != session.progress.day:
            self._switch_day(day)
        if session.progress.step not in {s.id for s in self.steps}:
            session.progress.step = self.steps[0].id
        people = [p.id for p in session.participants]
        if session.progress.turn not in people:
            session.progress.turn = people[0] if people else ""
        self.timer: Timer = self._restore_timer()

    # -- revision: anything that must reach the disk ----------------------
    @property
    def revision(self) -> int:
        return self.history.revision + self._nav_revision

    def touch(self) -> None:
        """Mark a saved-but-not-undoable change (navigation, timer, turn)."""
        self._nav_revision += 1

    # -- edits -------------------------------------------------------------
    def do(self, edit: Edit) -> Edit:
        return self.history.do(edit)

    def undo(self) -> Edit | None:
        return self.history.undo()

    def redo(self) -> Edit | None:
        return self.history.redo()

    # -- agenda --------------------------------------------------------------
    @property
    def day(self) -> int:
        return self.session.progress.day

    @property
    def steps(self) -> tuple[Step, ...]:
        s = self.session
        return agenda.steps_for_day(
            s.progress.day,
            case_count=max(1, len(s.cases)) if s.cases else agenda.DEFAULT_CASES,
            participants=len(s.participants),
            improve=s.next_step.improve,
            allotted_min=s.day2.allotted_min,
        )

    @property
    def step(self) -> Step:
        return agenda.step_by_id(self.steps, self.session.progress.step)

    @property
    def position(self) -> tuple[int, int]:
        """(1-based index, count) of the current step."""
        return agenda.step_position(self.steps, self.session.progress.step)

    def goto(self, step_id: str) -> Step:
        """Enter ``step_id``: record the actual times and load its timer."""
        steps = self.steps
        target = agenda.step_by_id(steps, step_id)
        now = self._now()
        progress = self.session.progress
        current = progress.actual.get(progress.step)
        if current is not None and current.ended_at is None and progress.step != step_id:
            current.ended_at = now
        if progress.started_at is None:
            progress.started_at = now
        record = progress.actual.get(step_id)
        if record is None:
            progress.actual[step_id] = StepActual(started_at=now)
        elif record.ended_at is not None:
            record.ended_at = None  # reopened: it is running again
        progress.step = step_id
        self.timer = self._new_timer(target)
        self.touch()
        return target

    def next_step(self) -> Step | None:
        after = agenda.step_after(self.steps, self.session.progress.step)
        return self.goto(after.id) if after else None

    def previous_step(self) -> Step | None:
        before = agenda.step_before(self.steps, self.session.progress.step)
        return self.goto(before.id) if before else None

    def goto_phase(self, phase: str) -> Step | None:
        first = agenda.first_step_of(self.steps, phase)
        return self.goto(first.id) if first else None

    def schedule(self) -> Schedule:
        """Plan against reality now; before the day starts, planned from now."""
        progress = self.session.progress
        now = self._now()
        actual = {k: (v.started_at, v.ended_at) for k, v in progress.actual.items()}
        started = progress.started_at or now
        current = progress.step if progress.started_at else None
        return agenda.build_schedule(self.steps, started, now, current=current, actual=actual)

    def now(self) -> datetime:
        """The workshop's wall clock (the app's, or a test's fake one)."""
        return self._now()

    def start_day(self, day: int) -> Step:
        """Move on to ``day`` while the app runs (``Start Day 2``): its first step, a fresh timer."""
        if day == 2 and self.day == 1:
            self.snapshot()  # the timer's record belongs to the Day 1 state
        self._switch_day(day)
        self.timer = self._new_timer(self.step)
        return self.step

    def _switch_day(self, day: int) -> None:
        progress = self.session.progress
        if day == 2 and progress.day == 1 and self._keep_day1 is not None:
            self._keep_day1(day1_state(self.session))  # before anything of Day 2 happens
        progress.day = day  # type: ignore[assignment]
        progress.step = agenda.steps_for_day(day, improve=self.session.next_step.improve, allotted_min=self.session.day2.allotted_min)[0].id
        progress.started_at = None
        self.touch()

    # -- turn ----------------------------------------------------------------
    @property
    def turn(self) -> str:
        return self.session.progress.turn

    def next_participant(self) -> str:
        people = [p.id for p in self.session.participants]
        if not people:
            return ""
        current = self.session.progress.turn
        index = people.index(current) if current in people else -1
        self.session.progress.turn = people[(index + 1) % len(people)]
        self.touch()
        return self.session.progress.turn

    # -- timer ---------------------------------------------------------------
    def _new_timer(self, step: Step) -> Timer:
        if step.id == "invent.cases" and self.session.cases:
            return CycleTimer([c.id for c in self.session.cases], share_s=SHARE_S, score_s=SCORE_S, step=step.id, monotonic=self._monotonic, now=self._now)
        return Countdown(step.minutes * 60, step=step.id, monotonic=self._monotonic, now=self._now)

    def _restore_timer(self) -> Timer:
        record = self.session.timer
        step = self.step
        if record.step == step.id:
            data = record.model_dump(exclude_none=True)
            try:
                if record.cycle_cases:
                    return CycleTimer.from_record(data, monotonic=self._monotonic, now=self._now)
                return Countdown.from_record(data, monotonic=self._monotonic, now=self._now)
            except ValueError:
                pass  # a record that no longer fits (cases removed): start afresh
        return self._new_timer(step)

    def timer_command(self, action: str) -> None:
        """``toggle`` | ``add`` | ``subtract`` | ``reset`` on the step's timer."""
        if action == "toggle":
            self.timer.toggle()
        elif action == "add":
            self.timer.add(60)
        elif action == "subtract":
            self.timer.add(-60)
        elif action == "reset":
            self.timer.reset()
        else:
            raise ValueError(action)
        self.touch()

    def poll_bells(self) -> set[Bell]:
        return self.timer.poll()

    # -- the file --------------------------------------------------------------
    def snapshot(self) -> dict[str, Any]:
        """The session as TOML data, with the timer's current record."""
        self.session.timer = TimerRecord.model_validate(self.timer.to_record(self._now()))
        return self.session.to_toml_dict()
