"""The live workshop: a session being run, without any UI.

:class:`Workshop` holds the session, the undo history, the agenda position,
the step's countdown and whose turn it is at the keyboard, and it counts a
``revision`` that the app's autosave watches.

:meth:`Workshop.apply` is the one way to change any of it: a named command
(``apply("add_review", author=..., text=...)``, ``apply("next_step")``) in,
a :class:`~mlew_tui.domain.change.Change` out, naming the parts that
changed so that the app refreshes exactly the views that show them. Content
commands (the table in :mod:`mlew_tui.domain.commands`) go through the undo
history; navigation, the timer, the turn and the language are saved but not
undone (undo restores work, not the clock). Entering a step applies that
step's rules (:mod:`mlew_tui.domain.step_entry`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from .domain import agenda, day_clock, step_entry
from .domain.agenda import Schedule, Step
from .domain.change import ALL_PARTS, DAY, NO_CHANGE, STEP, TIMER, TURN, Change
from .domain.history import History
from .domain.session import Meeting, Milestone, Session, TimerRecord, Todo
from .domain.timer import SCORE_S, SHARE_S, Bell, Countdown, CycleTimer
from .domain.validation import OutOfBounds, bounds_problems, structure_problems
from .domain.zones import session_zone
from .i18n import Translator

Timer = Countdown | CycleTimer


def warm_up() -> bool:
    """Load the table of commands (and with it every domain module) if it is
    not loaded yet; True when this call loaded it. The app opens without it
    and calls this once its first frame is up, so the first change does not
    wait for the imports."""
    import sys

    if "mlew_tui.domain.commands" in sys.modules:
        return False
    from .domain import commands  # noqa: F401 - imported for its side: loaded

    return True


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
    ) -> None:
        self.session = session
        self.history = History()
        self._monotonic = monotonic
        self._now = now
        #: A step under way when the file was opened counts from here.
        self._opened_at = now()
        self._nav_revision = 0
        if day is not None and day != session.progress.day:
            self._switch_day(day)
        # A step or turn the file lacks (or no longer has) is derived the same
        # way at every open, so it is not a change: opening never writes.
        if session.progress.step not in {s.id for s in self.steps}:
            session.progress.step = self.steps[0].id
        people = [p.id for p in session.participants]
        if session.progress.turn not in people:
            session.progress.turn = people[0] if people else ""
        self.timer: Timer = self._restore_timer()
        #: The case cycle of a step left mid-way, paused, to resume on return.
        self._parked: dict[str, CycleTimer] = {}

    # -- revision: anything that must reach the disk ----------------------
    @property
    def revision(self) -> int:
        return self.history.revision + self._nav_revision

    def touch(self) -> None:
        """Mark a saved-but-not-undoable change (navigation, timer, turn)."""
        self._nav_revision += 1

    # -- the one way in ------------------------------------------------------
    def apply(self, name: str, /, *args: Any, **kwargs: Any) -> Change:
        """Apply the command ``name``; what changed (empty when nothing did).

        A domain refusal (``Refused``, ``SetupError``, ``OutOfBounds`` ...)
        propagates, and nothing has changed."""
        navigation = _NAVIGATION.get(name)
        if navigation is not None:
            return navigation(self, *args, **kwargs)
        # The table of commands imports every domain module: loaded on the
        # first change, not before the first frame (see ``warm_up``).
        from .domain.commands import command

        spec = command(name)
        try:
            edit, result = spec.edit(self.session, *args, **kwargs)
        except ValidationError as error:  # a builder's new record past a bound (a 4,001-character review)
            raise OutOfBounds(structure_problems(error)) from None
        if edit is None:
            return NO_CHANGE
        # Past a bound of the file (a text too long, one list entry too many) the
        # session could no longer be saved: tried, checked, taken back, refused.
        # (Reverting raises a calendar record's revision: it is put back too.)
        records: list[Milestone | Todo | Meeting] = [*self.session.milestones, *self.session.todos, *self.session.meetings]
        revisions = [(record, record.revision) for record in records]
        edit.apply()
        problems = bounds_problems(self.session, spec.parts)
        if problems:
            edit.revert()
            for record, revision in revisions:
                record.revision = revision
            raise OutOfBounds(problems)
        self.history.do(edit, applied=True)
        if spec.after is not None:
            result = spec.after(self.session)
        return Change(spec.parts, name, result)

    def undo(self) -> Change:
        edit = self.history.undo()
        return Change(edit.parts, "undo", edit.label) if edit is not None else NO_CHANGE

    def redo(self) -> Change:
        edit = self.history.redo()
        return Change(edit.parts, "redo", edit.label) if edit is not None else NO_CHANGE

    def tr(self) -> Translator:
        """The session language's messages (default titles written into the file)."""
        return Translator(self.session.language)

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
        """Enter ``step_id``: record the actual times, load its timer and
        apply its entry rules (use :meth:`apply` to learn what changed)."""
        self._enter(step_id)
        return self.step

    def _enter(self, step_id: str) -> Change:
        steps = self.steps
        if step_id not in {s.id for s in steps}:
            return NO_CHANGE  # not a step of this day (Day 2 has no listen.reviews)
        target = agenda.step_by_id(steps, step_id)
        now = self.room_now()
        progress = self.session.progress
        if progress.step != step_id:
            day_clock.leave(progress, progress.step, self.day, now, self._opened_at)
        day_clock.start_day(progress, self.day, now)
        day_clock.enter(progress, step_id, now, self._opened_at)
        left = progress.step
        if left != step_id:
            progress.view = None  # a re-run opens on its first view
        if isinstance(self.timer, CycleTimer) and left != step_id:
            self.timer.pause()
            self._parked[left] = self.timer
        progress.step = step_id
        parked = self._parked.pop(step_id, None)
        self.timer = parked if parked is not None and self._cycle_fits(parked) else self._new_timer(target)
        self.touch()
        change = Change(frozenset({STEP, TIMER}), "goto")
        change |= self._apply_entry_rules(step_id)
        if self.view_step != step_id:
            change |= self._apply_entry_rules(self.view_step)  # a re-run enters its Day 1 view too
        return change

    def _apply_entry_rules(self, step_id: str) -> Change:
        now = self._now()
        context = step_entry.EntryContext(self.tr(), now.date(), session_zone(self.session, now.tzinfo or UTC))
        change = NO_CHANGE
        for rule in step_entry.rules_for(step_id):
            if rule.when(self.session):
                change |= self.apply(rule.command, *rule.args(context))
        return change

    # -- a Day 2 re-run's Day 1 views ----------------------------------------
    @property
    def view_step(self) -> str:
        """The Day 1 step whose work the screen shows: on a Day 2 re-run the
        view chosen (``[``/``]``), else the current step itself."""
        progress = self.session.progress
        return agenda.working_step(progress.step, progress.view)

    @property
    def views(self) -> tuple[str, ...]:
        """The working views of the current step (one for most steps)."""
        return agenda.views_of(self.session.progress.step)

    def goto_work(self, step_id: str) -> Change:
        """Go where ``step_id``'s work is done today: the step itself on its
        day, a Day 2 re-run showing it as a view, else nowhere (NO_CHANGE).
        Already there, nothing moves (the timer keeps running); the change
        still names the step, so callers know they are there."""
        if self.view_step == step_id:
            return Change(frozenset({STEP}), "goto_work")
        ids = {s.id for s in self.steps}
        if step_id in ids:
            return self._enter(step_id)
        rerun = next((s for s in ids if step_id in agenda.RERUN_VIEWS.get(s, ())), None)
        if rerun is None:
            return NO_CHANGE
        change = self._enter(rerun) if self.session.progress.step != rerun else NO_CHANGE
        return change | self.show_view(step_id) | Change(frozenset({STEP}), "goto_work")

    def day1_workshop(self) -> Workshop | None:
        """On Day 2: a workshop on a copy of the frozen Day 1, on the Day 1 step
        of what the room is doing now (to look back at; never saved)."""
        from .domain.changes import day1_session  # Day 2's: not loaded before Day 1's first frame

        day1 = day1_session(self.session) if self.day == 2 else None
        if day1 is None:
            return None
        copy = day1.model_copy(deep=True)
        copy.progress.step = agenda.day1_step_for(self.view_step)
        return Workshop(copy, day=1, monotonic=self._monotonic, now=self._now)

    def show_view(self, view: str) -> Change:
        """Show the re-run's Day 1 view ``view`` (applying that step's entry rules)."""
        progress = self.session.progress
        if view not in self.views or view == self.view_step:
            return NO_CHANGE
        progress.view = None if view == self.views[0] else view
        self.touch()
        return Change(frozenset({STEP}), "show_view") | self._apply_entry_rules(view)

    def _cycle_fits(self, cycle: CycleTimer) -> bool:
        """A parked cycle resumes only over the same cases."""
        return list(cycle.cases) == [c.id for c in self.session.cases]

    def next_step(self) -> Step | None:
        after = agenda.step_after(self.steps, self.session.progress.step)
        return self.goto(after.id) if after else None

    def previous_step(self) -> Step | None:
        before = agenda.step_before(self.steps, self.session.progress.step)
        return self.goto(before.id) if before else None

    def goto_phase(self, phase: str) -> Step | None:
        first = agenda.first_step_of(self.steps, phase)
        return self.goto(first.id) if first else None

    def _move(self, target: Step | None) -> Change:
        return self._enter(target.id) if target is not None else NO_CHANGE

    def schedule(self) -> Schedule:
        """Plan against reality now; before the day starts, planned from now."""
        progress = self.session.progress
        now = self._now()
        actual = {k: (v.started_at, v.ended_at) for k, v in progress.actual.items()}
        spent = {k: day_clock.spent(v, now, self._opened_at) for k, v in progress.actual.items()}
        day_start = self.day_started_at
        started = day_start or now
        current = progress.step if day_start else None
        return agenda.build_schedule(self.steps, started, now, current=current, actual=actual, spent=spent, revisited=day_clock.is_revisit(progress))

    # -- the day clock ----------------------------------------------------------
    def room_now(self) -> datetime:
        """Now in the session's zone (what the file records)."""
        now = self._now()
        return now.astimezone(session_zone(self.session, now.tzinfo or UTC))

    @property
    def day_started_at(self) -> datetime | None:
        """When the current day started (each day keeps its own)."""
        return day_clock.day_started_at(self.session.progress, self.day)

    def now(self) -> datetime:
        """The workshop's wall clock (the app's, or a test's fake one)."""
        return self._now()

    def start_day(self, day: int) -> Step:
        """Move on to ``day`` while the app runs (``Start Day 2``): its first step, a fresh timer."""
        self._switch_day(day)
        self.timer = self._new_timer(self.step)
        self._apply_entry_rules(self.session.progress.step)
        return self.step

    def _switch_day(self, day: int) -> None:
        """Day 1 ends and Day 2 starts now (its first step is entered): Day 1's
        work is frozen in the file first, once; Day 1's clock is never touched."""
        progress = self.session.progress
        if day == progress.day:
            return
        now = self.room_now()
        day_clock.close_day(progress, self.day, now, self._opened_at)
        if day == 2 and self.session.day1 is None:
            from .domain.changes import freeze_day1

            self.session.day1 = freeze_day1(self.session, now)  # before anything of Day 2 happens
        progress.day = day  # type: ignore[assignment]  # 1 or 2: --day is limited to 1..2
        progress.step = agenda.steps_for_day(day, improve=self.session.next_step.improve, allotted_min=self.session.day2.allotted_min)[0].id
        progress.view = None
        day_clock.start_day(progress, day, now)
        day_clock.enter(progress, progress.step, now, self._opened_at)
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

    def switch_language(self) -> Change:
        """Japanese <-> English: every view shows new words."""
        self.session.language = "en" if self.session.language == "ja" else "ja"
        self.touch()
        return Change(ALL_PARTS, "switch_language")

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

    def timer_command(self, action: str) -> Change:
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
        return Change(frozenset({TIMER}), "timer")

    def poll_bells(self) -> set[Bell]:
        return self.timer.poll()

    # -- the file --------------------------------------------------------------
    def snapshot(self) -> dict[str, Any]:
        """The session as TOML data, with the timer's current record."""
        self.session.timer = TimerRecord.model_validate(self.timer.to_record(self._now()))
        return self.session.to_toml_dict()


def _start_day(workshop: Workshop, day: int) -> Change:
    workshop.start_day(day)
    return Change(ALL_PARTS | {DAY}, "start_day")


def _turn(workshop: Workshop) -> Change:
    return Change(frozenset({TURN}), "next_participant") if workshop.next_participant() else NO_CHANGE


#: The commands that move the room rather than change its work: saved, not undone.
_NAVIGATION: dict[str, Callable[..., Change]] = {
    "next_step": lambda w: w._move(agenda.step_after(w.steps, w.session.progress.step)),
    "previous_step": lambda w: w._move(agenda.step_before(w.steps, w.session.progress.step)),
    "goto": lambda w, step_id: w._enter(step_id),
    "goto_phase": lambda w, phase: w._move(agenda.first_step_of(w.steps, phase)),
    "show_view": Workshop.show_view,
    "goto_work": Workshop.goto_work,
    "next_view": lambda w, delta=1: w.show_view(agenda.view_after(w.session.progress.step, w.session.progress.view, delta)),
    "start_day": _start_day,
    "timer": Workshop.timer_command,
    "next_participant": _turn,
    "switch_language": Workshop.switch_language,
    "undo": Workshop.undo,
    "redo": Workshop.redo,
}

#: What a read-only instance may still do: move around, never edit.
MOVES = frozenset({"next_step", "previous_step", "goto", "goto_phase", "show_view", "next_view", "goto_work", "timer", "next_participant", "switch_language"})
