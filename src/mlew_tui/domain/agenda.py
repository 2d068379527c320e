"""The workshop's agenda as data: Day 1 and Day 2 steps, minutes, schedule.

Pure Python (no Textual, nothing else from the app) so the rules can be tested
and read on their own. Steps carry i18n *keys*, never text: the catalogs are
``i18n/<lang>/agenda.toml``. Minutes follow WORKSHOP.md's Day 1 table: the
deck's 実践編 3.5 時間 = 210 minutes with four or five cases, breaks starting at
minutes 80 and 170. The steps whose minutes the deck does not print are
estimates chosen so that the day adds up (``Step.inferred``; shown as such).

Schedule convention: ``Schedule.behind`` is *projected end - planned end*, so a
positive value means the day is behind plan and a negative one ahead of it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import TypeVar

#: A process name: a plain str or the session's Literal (Mapping's key is invariant).
_Name = TypeVar("_Name", bound=str)


class Phase(StrEnum):
    """Where a step belongs; Day 1 has the five Working Backwards phases."""

    INTRO = "intro"
    LISTEN = "listen"
    DEFINE = "define"
    BREAK = "break"
    INVENT = "invent"
    REFINE = "refine"
    TEST_ITERATE = "test_iterate"
    NEXT_STEP = "next_step"
    IMPROVE = "improve"  # Day 2: re-running the weak processes (~120 min)
    PLAN = "plan"  # Day 2: the 1-3 month plan (60 min)


class Mode(StrEnum):
    """How the room works during a step."""

    TALK = "talk"
    INDIVIDUAL = "individual"
    GROUP = "group"
    CYCLE = "cycle"  # Invent: 4 min share + 1 min scoring per case
    ROLES = "roles"  # Refine: three sub-teams in parallel
    BREAK = "break"


class Lead(StrEnum):
    """Who drives a step (the facilitator only keeps time otherwise)."""

    FACILITATOR = "facilitator"
    PM = "pm"
    EVERYONE = "everyone"
    REPRESENTATIVE = "representative"
    ITEM_OWNERS = "item_owners"
    PRESENTERS = "presenters"
    PLANNER = "planner"
    ROLES = "roles"
    TEAM = "team"  # Day 2: the participants, not the facilitator


@dataclass(frozen=True)
class Step:
    """One timeboxed step of the agenda.

    ``tips`` are i18n keys of facilitator-only hints; ``inferred`` marks minutes
    the deck does not print; ``shows_behaviours`` is true where the deck shows
    the three behaviours (the intro).
    """

    id: str
    day: int
    phase: Phase
    minutes: int
    mode: Mode
    lead: Lead
    tips: tuple[str, ...] = ()
    shows_behaviours: bool = False
    inferred: bool = False

    # The i18n keys, derived from the id and enums so they cannot drift apart.
    title_key: str = field(init=False, repr=False)
    what_key: str = field(init=False, repr=False)  # what the room does
    prompt_key: str = field(init=False, repr=False)  # what the facilitator says (the deck)
    phase_key: str = field(init=False, repr=False)
    question_key: str = field(init=False, repr=False)  # the phase's question
    mode_key: str = field(init=False, repr=False)
    lead_key: str = field(init=False, repr=False)

    def __post_init__(self) -> None:
        keys = {
            "title_key": f"step.{self.id}.title",
            "what_key": f"step.{self.id}.what",
            "prompt_key": f"step.{self.id}.prompt",
            "phase_key": f"phase.{self.phase}.title",
            "question_key": f"phase.{self.phase}.question",
            "mode_key": f"mode.{self.mode}",
            "lead_key": f"lead.{self.lead}",
        }
        for name, key in keys.items():
            object.__setattr__(self, name, key)  # frozen: set once, here

    @property
    def is_break(self) -> bool:
        return self.mode is Mode.BREAK

    def keys(self) -> tuple[str, ...]:
        """Every catalog key this step refers to."""
        return (self.title_key, self.what_key, self.prompt_key, self.phase_key, self.question_key, self.mode_key, self.lead_key, *self.tips)


# --- constants -------------------------------------------------------------
DEFAULT_CASES = 4
CASE_SHARE_MIN = 4
CASE_SCORE_MIN = 1
#: The growth-cycle talk's least minutes, and what it and the case cycle take
#: together with 4 or 5 cases (WORKSHOP.md: 15 + 20 or 10 + 25).
GROWTH_CYCLE_MIN = 10
INVENT_TO_MERGE_MIN = 35
MAX_TEAM = 6  # the deck plans for 3-6 people
LARGE_TEAM_EXTRA_MIN = 60
#: Day 2 processes, in Working Backwards order (the session's ``Process``).
PROCESSES: tuple[str, ...] = ("listen", "define", "invent", "refine", "test_iterate")
#: ``test`` is accepted as an alias because the step id is ``day2.test``.
_PROCESS_ALIASES = {"test": "test_iterate"}
_PROCESS_STEP = {p: f"day2.{p}" for p in PROCESSES} | {"test_iterate": "day2.test"}
IMPROVE_MIN = 120
ALLOT_MIN = 10
MIN_PROCESS_MIN = 5
PLAN_MIN = 60
BEHAVIOURS: tuple[str, ...] = ("decide", "assume", "all_in")
#: UI strings of the agenda that are not tied to one step.
UI_KEYS: tuple[str, ...] = (
    "agenda.day1",
    "agenda.day2",
    "agenda.step_of",
    "agenda.minutes",
    "agenda.minutes_est",
    "agenda.behind",
    "agenda.ahead",
    "agenda.on_time",
    "agenda.projected_end",
    "agenda.break_around",
    "agenda.cycle.status",
    "agenda.cycle.share",
    "agenda.cycle.score",
    "agenda.timer.idle",
    "agenda.timer.running",
    "agenda.timer.paused",
    "agenda.timer.warning",
    "agenda.timer.expired",
    "behaviour.heading",
)

_TALK, _IND, _GRP = Mode.TALK, Mode.INDIVIDUAL, Mode.GROUP


def _d1(id_: str, phase: Phase, minutes: int, mode: Mode, lead: Lead, *tips: str, inferred: bool = False, behaviours: bool = False) -> Step:
    return Step(id_, 1, phase, minutes, mode, lead, tuple(f"tip.{t}" for t in tips), behaviours, inferred)


def day1_steps(case_count: int = DEFAULT_CASES) -> tuple[Step, ...]:
    """The 19 Day 1 steps; ``invent.cases`` lasts 5 min (4 share + 1 score) per case,
    and the growth-cycle talk before it takes what fewer cases free.

    The deck plans 4-5 cases, but any count from 1 is allowed (a team that
    prepared only three cases still runs the cycle).
    """
    if case_count < 1:
        raise ValueError(f"case_count must be at least 1, not {case_count}")
    cases_min = (CASE_SHARE_MIN + CASE_SCORE_MIN) * case_count
    # The growth-cycle talk takes what a shorter cycle frees: Invent stays 80
    # min before the second break (15 min with 4 cases, 10 with 5).
    growth_min = max(GROWTH_CYCLE_MIN, INVENT_TO_MERGE_MIN - cases_min)
    P, L = Phase, Lead
    return (
        _d1("intro", P.INTRO, 25, _TALK, L.FACILITATOR, "thin_data", "no_extensions", inferred=True, behaviours=True),
        _d1("listen.customer", P.LISTEN, 5, _TALK, L.PM, "pm_decides", "decision_owner", inferred=True),
        _d1("listen.reviews", P.LISTEN, 5, _IND, L.EVERYONE, "mark_assumptions", "solo_work"),
        _d1("listen.grouping", P.LISTEN, 10, _GRP, L.REPRESENTATIVE, "decide_now"),
        _d1("define.posts", P.DEFINE, 5, _IND, L.EVERYONE, "solo_work"),
        _d1("define.plus_one", P.DEFINE, 15, _GRP, L.EVERYONE, "decide_now"),
        _d1("define.items", P.DEFINE, 10, _GRP, L.ITEM_OWNERS, "decision_owner"),
        _d1("define.scoring_prep", P.DEFINE, 5, _TALK, L.FACILITATOR, "partial_credit", inferred=True),
        _d1("break.first", P.BREAK, 10, Mode.BREAK, L.EVERYONE, "no_extensions", inferred=True),
        _d1("invent.growth_cycle", P.INVENT, growth_min, _TALK, L.FACILITATOR, "ai_everything", inferred=True),
        _d1("invent.cases", P.INVENT, cases_min, Mode.CYCLE, L.PRESENTERS, "bad_cases", "ai_everything"),
        _d1("invent.vote", P.INVENT, 5, _GRP, L.EVERYONE, "decision_owner", "decide_now", inferred=True),
        _d1("refine.roles", P.REFINE, 5, _TALK, L.FACILITATOR, "solo_work", "planner_draft", inferred=True),
        _d1("refine.work", P.REFINE, 20, Mode.ROLES, L.ROLES, "red_parts"),
        _d1("refine.merge", P.REFINE, 15, _GRP, L.ROLES, "red_parts"),
        _d1("break.second", P.BREAK, 10, Mode.BREAK, L.EVERYONE, "no_extensions", inferred=True),
        _d1("test.milestones", P.TEST_ITERATE, 5, _TALK, L.FACILITATOR, "first_milestone", "planner_draft", inferred=True),
        # The deck: "Refine の企画役が素案を提示" - the planner drafts, others refine.
        _d1("test.who_what_how", P.TEST_ITERATE, 20, _GRP, L.PLANNER, "who_what_how", "round_numbers", inferred=True),
        _d1("next_step", P.NEXT_STEP, 5, _TALK, L.FACILITATOR, "thin_data", inferred=True),
    )


def _spread(total: int, weights: Sequence[int]) -> list[int]:
    """Whole minutes proportional to ``weights`` that sum to ``total``
    (largest remainder; ties go to the earlier step, so the result is stable)."""
    weight_sum = sum(weights)
    if weight_sum <= 0:
        return [0] * len(weights)
    exact = [total * w / weight_sum for w in weights]
    out = [math.floor(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - out[i]), i))
    for i in order[: total - sum(out)]:
        out[i] += 1
    return out


def with_participants(steps: Sequence[Step], participants: int, *, extra_min: int = LARGE_TEAM_EXTRA_MIN) -> tuple[Step, ...]:
    """``steps`` adjusted for the team size.

    More than six people need "about +1 hour" (the deck); the extra minutes go
    to the group-mode steps in proportion to their length, because sharing and
    discussing is what grows with headcount (individual work, talks, the case
    cycle and breaks do not). Steps without group mode are returned unchanged.
    """
    if participants <= MAX_TEAM:
        return tuple(steps)
    group = [i for i, s in enumerate(steps) if s.mode is Mode.GROUP]
    extra = _spread(extra_min, [steps[i].minutes for i in group])
    out = list(steps)
    for i, add in zip(group, extra, strict=True):
        out[i] = replace(out[i], minutes=out[i].minutes + add)
    return tuple(out)


def _process(name: str) -> str:
    name = _PROCESS_ALIASES.get(name, name)
    if name not in PROCESSES:
        raise ValueError(f"{name!r} is not a process (use one of {', '.join(PROCESSES)})")
    return name


def process_step(process: str) -> str:
    """The Day 2 step that re-runs ``process`` (``test_iterate`` -> ``day2.test``)."""
    return _PROCESS_STEP[_process(process)]


def day2_steps(improve: Iterable[str] = (), allotted_min: Mapping[_Name, int] | None = None) -> tuple[Step, ...]:
    """Day 2: ``day2.allot`` and one step per re-run process, then the 60 min plan.

    A process is re-run if it is in ``improve`` (``next_step.improve``) or has
    minutes in ``allotted_min`` (``[day2] allotted_min`` - the team may add one
    on the day); an explicit 0 skips it. Steps follow Working Backwards order
    whatever the input order. A chosen process without minutes gets an even
    share of what the 120 min improvement budget leaves after the allot step
    and the allotted processes (at least 5 min). Without processes Day 2 is
    the plan alone ("改善が必要なプロセスがない場合、60min で終了").

    The plan is timeline 15, tasks 5, task review 15 and register 15 (the
    deck's numbers); the remaining 10 min of the hour go to ``day2.register``,
    because meetings must be in calendars before people leave the room.
    """
    allotted = {_process(k): v for k, v in (allotted_min or {}).items()}
    for name, minutes in allotted.items():
        if minutes < 0:
            raise ValueError(f"{name}: allotted minutes must not be negative ({minutes})")
    chosen = {_process(p) for p in improve} | {p for p, m in allotted.items() if m > 0}
    chosen -= {p for p, m in allotted.items() if m == 0}
    ordered = [p for p in PROCESSES if p in chosen]
    unset = [p for p in ordered if p not in allotted]
    left = IMPROVE_MIN - ALLOT_MIN - sum(allotted.get(p, 0) for p in ordered)
    if unset and left >= MIN_PROCESS_MIN * len(unset):
        shares = dict(zip(unset, _spread(left, [1] * len(unset)), strict=True))
    else:
        shares = {p: MIN_PROCESS_MIN for p in unset}
    step_min = {**shares, **{p: allotted[p] for p in ordered if p in allotted}}

    IMP, T = Phase.IMPROVE, Lead.TEAM
    tips = ("tip.day2_step_back",)
    steps: list[Step] = []
    if ordered:
        steps.append(Step("day2.allot", 2, IMP, ALLOT_MIN, _GRP, T, ("tip.day2_step_back", "tip.day2_drop")))
        steps += [Step(_PROCESS_STEP[p], 2, IMP, step_min[p], _GRP, T, tips) for p in ordered]
    P = Phase.PLAN
    steps += [
        Step("day2.timeline", 2, P, 15, _GRP, T, ("tip.first_milestone", "tip.day2_drop")),
        Step("day2.tasks", 2, P, 5, _IND, Lead.EVERYONE, tips),
        Step("day2.task_review", 2, P, 15, _GRP, T, ("tip.day2_drop",)),
        Step("day2.register", 2, P, PLAN_MIN - 35, _GRP, Lead.PM, ("tip.calendars",)),
    ]
    return tuple(steps)


def steps_for_day(
    day: int, *, case_count: int = DEFAULT_CASES, participants: int = 0, improve: Iterable[str] = (), allotted_min: Mapping[_Name, int] | None = None
) -> tuple[Step, ...]:
    """The steps of ``day`` (1 or 2). Team size only stretches Day 1: on Day 2
    the team allots its own minutes."""
    if day not in (1, 2):
        raise ValueError(f"day must be 1 or 2, not {day}")
    if day == 1:
        return _day1_for(case_count, participants)
    return _day2_for(tuple(improve), tuple(sorted((allotted_min or {}).items())))


#: The Day 1 working views each Day 2 re-run offers, the first one shown on
#: entering the step (WORKSHOP.md, Day 2: the re-run is Day 1's work on the
#: Day 2 copy). The talk steps (growth cycle, scoring prep) have nothing to
#: redo; Test/Iterate's two steps share one grid.
RERUN_VIEWS: Mapping[str, tuple[str, ...]] = {
    "day2.listen": ("listen.reviews", "listen.grouping", "listen.customer"),
    "day2.define": ("define.posts", "define.plus_one", "define.items"),
    "day2.invent": ("invent.cases", "invent.vote"),
    "day2.refine": ("refine.work", "refine.merge", "refine.roles"),
    "day2.test": ("test.who_what_how",),
}


#: Day 2's own steps and the Day 1 step that shows their Day 1 side.
_DAY1_SIDE = {
    "day2.allot": "next_step",
    "day2.timeline": "test.who_what_how",
    "day2.tasks": "test.who_what_how",
    "day2.task_review": "test.who_what_how",
    "day2.register": "test.who_what_how",
}


def day1_step_for(step_id: str) -> str:
    """The Day 1 step to look back at from ``step_id`` (a Day 1 step is its own)."""
    return _DAY1_SIDE.get(step_id, step_id if not step_id.startswith("day2.") else views_of(step_id)[0])


def views_of(step_id: str) -> tuple[str, ...]:
    """The working views of ``step_id``: a re-run's Day 1 views, else the step itself."""
    return RERUN_VIEWS.get(step_id, (step_id,))


def working_step(step_id: str, view: str | None) -> str:
    """The Day 1 step whose work ``step_id`` shows: ``view`` when it is one of
    the step's views, else its first (a Day 1 or plan step is its own)."""
    views = views_of(step_id)
    return view if view in views else views[0]


def view_after(step_id: str, view: str | None, delta: int) -> str:
    """The view ``delta`` places after (or before) the current one, wrapping round."""
    views = views_of(step_id)
    index = views.index(working_step(step_id, view))
    return views[(index + delta) % len(views)]


# The agenda is asked for on every refresh: the same inputs give the same
# (immutable) steps, so they are built once.
@lru_cache(maxsize=64)
def _day1_for(case_count: int, participants: int) -> tuple[Step, ...]:
    return with_participants(day1_steps(case_count), participants)


@lru_cache(maxsize=64)
def _day2_for(improve: tuple[str, ...], allotted: tuple[tuple[str, int], ...]) -> tuple[Step, ...]:
    return day2_steps(improve, dict(allotted) if allotted else None)


#: Every step id the app knows (Day 2 with every process), in agenda order.
ALL_STEPS: tuple[Step, ...] = day1_steps() + day2_steps(PROCESSES)
STEP_IDS: tuple[str, ...] = tuple(s.id for s in ALL_STEPS)
_PHASE_BY_ID = {s.id: s.phase for s in ALL_STEPS}


def catalog_keys() -> frozenset[str]:
    """Every catalog key the agenda refers to (for completeness tests)."""
    keys = {k for s in ALL_STEPS for k in s.keys()} | set(UI_KEYS)  # noqa: SIM118 - Step.keys() is a method, not a dict's
    keys |= {f"behaviour.{b}.{f}" for b in BEHAVIOURS for f in ("title", "text")}
    keys |= {f"phase.{p}.{f}" for p in Phase for f in ("title", "question")}
    keys |= {f"mode.{m}" for m in Mode} | {f"lead.{lead}" for lead in Lead}
    return frozenset(keys)


# --- navigation ------------------------------------------------------------
def step_index(steps: Sequence[Step], step_id: str) -> int:
    """0-based position of ``step_id``; KeyError if it is not in ``steps``."""
    for i, step in enumerate(steps):
        if step.id == step_id:
            return i
    raise KeyError(step_id)


def step_by_id(steps: Sequence[Step], step_id: str) -> Step:
    """The step with ``step_id``; KeyError if it is not in ``steps``."""
    return steps[step_index(steps, step_id)]


def step_position(steps: Sequence[Step], step_id: str) -> tuple[int, int]:
    """``(i, n)`` for "step i of n", 1-based."""
    return step_index(steps, step_id) + 1, len(steps)


def step_after(steps: Sequence[Step], step_id: str) -> Step | None:
    """The next step, or None after the last one."""
    i = step_index(steps, step_id)
    return steps[i + 1] if i + 1 < len(steps) else None


def step_before(steps: Sequence[Step], step_id: str) -> Step | None:
    """The previous step, or None before the first one."""
    i = step_index(steps, step_id)
    return steps[i - 1] if i > 0 else None


def phase_of(step_id: str) -> Phase:
    """The phase of any known step id; KeyError for an unknown id."""
    return _PHASE_BY_ID[step_id]


def phases(steps: Sequence[Step]) -> tuple[Phase, ...]:
    """The phases of ``steps`` in order of first appearance (for "Go to ...")."""
    return tuple(dict.fromkeys(s.phase for s in steps))


def shown_phases(steps: Sequence[Step]) -> tuple[Phase, ...]:
    """The phases the room sees, in order - the agenda bar, ``Go to`` and its
    numbers (breaks are steps, not phases to go to)."""
    return tuple(p for p in phases(steps) if p != Phase.BREAK)


def first_step_of(steps: Sequence[Step], phase: Phase | str) -> Step | None:
    """The first step of ``phase`` in ``steps``, or None."""
    return next((s for s in steps if s.phase == phase), None)


def total_minutes(steps: Sequence[Step]) -> int:
    """Planned length of ``steps`` in minutes."""
    return sum(s.minutes for s in steps)


def start_minutes(steps: Sequence[Step]) -> tuple[int, ...]:
    """The planned start of each step, in minutes from the start of the day."""
    out, at = [], 0
    for step in steps:
        out.append(at)
        at += step.minutes
    return tuple(out)


def break_offsets(steps: Sequence[Step]) -> tuple[tuple[str, int], ...]:
    """``(step id, start minute)`` of each break (the deck: around 80 and 170)."""
    return tuple((s.id, m) for s, m in zip(steps, start_minutes(steps), strict=True) if s.is_break)


# --- schedule --------------------------------------------------------------
#: step id -> (started_at, ended_at or None), as in ``[progress.actual]``.
Actual = Mapping[str, tuple[datetime, datetime | None]]


def _aware(value: datetime, name: str) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime (with a UTC offset)")
    return value


@dataclass(frozen=True)
class Slot:
    """One step placed on the day: planned times (from the day's start, never
    shifted) and the actual times recorded so far."""

    step: Step
    start_min: int
    planned_start: datetime
    planned_end: datetime
    actual_start: datetime | None = None
    actual_end: datetime | None = None

    @property
    def end_min(self) -> int:
        return self.start_min + self.step.minutes


@dataclass(frozen=True)
class Schedule:
    """The day's plan against reality at ``now``.

    ``behind`` is planned versus actual time of the steps done so far: the sum,
    over every step the room has been on, of its time spent (all its visits
    together: a step visited twice counts once, with its total time) minus its
    planned minutes; a step on its first visit counts only once it overruns
    (a step under way is not "ahead"), a step the room came back to counts
    as it stands. Steps never visited count nothing.
    ``projected_end`` is the planned end moved by that much.
    """

    started_at: datetime
    now: datetime
    current: str | None
    slots: tuple[Slot, ...]
    behind: timedelta

    @property
    def planned_end(self) -> datetime:
        return self.slots[-1].planned_end if self.slots else self.started_at

    @property
    def projected_end(self) -> datetime:
        """When the day will end if the rest goes as planned."""
        return self.planned_end + self.behind

    @property
    def behind_min(self) -> int:
        """``behind`` in whole minutes (rounded half away from zero)."""
        minutes = self.behind.total_seconds() / 60
        return int(math.copysign(math.floor(abs(minutes) + 0.5), minutes))

    @property
    def breaks(self) -> tuple[Slot, ...]:
        return tuple(s for s in self.slots if s.step.is_break)

    def slot(self, step_id: str) -> Slot:
        """The slot of ``step_id``; KeyError if it is not scheduled."""
        for slot in self.slots:
            if slot.step.id == step_id:
                return slot
        raise KeyError(step_id)


def balance(steps: Sequence[Step], under_way: str | None, spent: Mapping[str, timedelta]) -> timedelta:
    """Time spent minus time planned over the steps visited; ``under_way`` is
    the step on its first visit (see :class:`Schedule`)."""
    total = timedelta(0)
    for step in steps:
        used = spent.get(step.id)
        if used is None:
            continue
        over = used - timedelta(minutes=step.minutes)
        total += max(timedelta(0), over) if step.id == under_way else over
    return total


def build_schedule(
    steps: Sequence[Step],
    started_at: datetime,
    now: datetime,
    *,
    current: str | None = None,
    actual: Actual | None = None,
    spent: Mapping[str, timedelta] | None = None,
    revisited: bool = False,
) -> Schedule:
    """Plan and reality of ``steps`` for a day that starts at ``started_at``.

    ``current`` is None before the first step starts. All datetimes must be
    aware; ``actual`` maps step ids to (first start, last end or None while
    on it); ``spent`` to the total time on each step (all visits; by default
    from ``actual``: until its end, or until ``now``). ``revisited``: the
    room came back to the current step (it counts as it stands).
    """
    _aware(started_at, "started_at")
    _aware(now, "now")
    actual = actual or {}
    for step_id, (start, end) in actual.items():
        _aware(start, f"actual[{step_id!r}].started_at")
        if end is not None:
            _aware(end, f"actual[{step_id!r}].ended_at")
    if current is not None:
        step_index(steps, current)  # KeyError: not a step of this day
    if spent is None:
        spent = {k: max(timedelta(0), (end or now) - start) for k, (start, end) in actual.items()}
    slots = []
    for step, minute in zip(steps, start_minutes(steps), strict=True):
        start = started_at + timedelta(minutes=minute)
        start_actual, end_actual = actual.get(step.id, (None, None))
        slots.append(Slot(step, minute, start, start + timedelta(minutes=step.minutes), start_actual, end_actual))
    known = {s.id for s in steps}
    under_way = None if revisited else current
    return Schedule(started_at, now, current, tuple(slots), balance(steps, under_way, {k: v for k, v in spent.items() if k in known}))
