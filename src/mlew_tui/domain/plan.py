"""Day 2 rules: the minutes of the improvement run and the milestone timeline.

Allotting (``day2.allot``): the team, not the facilitator, allots its own
minutes to each process it chose on Day 1 (``next_step.improve``) out of
about 120; an explicit 0 drops a process, and a process may be added on the day.

The timeline (``day2.timeline``, WORKSHOP.md "Plan"):

- milestone 0 (``m0``) "use case decided" is dated today - the day the plan
  starts (:func:`ensure_timeline` creates it, and m1-m3 where missing);
- m1-m3 get dates in order (:func:`timeline_checks` flags m1 > m2 > m3);
- the first results come within 1-3 months: every milestone due more than
  :data:`HORIZON_MONTHS` months after m0 is flagged *beyond the horizon*
  (the one rule of the app and every export,
  :func:`mlew_tui.domain.milestones.beyond_horizon`), and
  when even the first milestone after m0 is beyond it, the team is asked to
  add an intermediate milestone (:func:`add_intermediate`, ids ``m0a``,
  ``m1a`` ... between the fixed ones) - "add an intermediate step when a
  target is too high".

TODOs live in :mod:`.plan_tasks`, meetings in :mod:`.plan_meetings`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

from . import agenda
from . import milestones as ms
from .agenda import ALLOT_MIN, IMPROVE_MIN, PROCESSES
from .history import Edit, combine, insert, remove, set_attrs, set_key
from .milestones import HORIZON_MONTHS as HORIZON_MONTHS  # the one constant, re-exported for the screens
from .milestones import M0 as M0
from .revisions import revise
from .session import Milestone, Session

Translate = Callable[..., str]

#: Minutes added or taken away by one key press.
ALLOT_STEP_MIN = 5
#: The fixed milestones; others are intermediate steps the team adds.
FIXED: tuple[str, ...] = (M0, *ms.MILESTONES)
#: One key press moves a due date by a week.
SHIFT_DAYS = 7

Level = Literal["warning", "note"]


@dataclass(frozen=True)
class Check:
    """One finding of a plan check: an i18n ``key`` (``plan.check.*``) with its
    ``params``; ``subject`` is the milestone / TODO / person it is about;
    ``warning`` must be fixed, ``note`` is worth a look."""

    key: str
    subject: str = ""
    level: Level = "warning"
    params: dict[str, Any] = field(default_factory=dict)


# -- allotting the improvement run ---------------------------------------------------


def allotted(session: Session) -> dict[str, int]:
    """Process -> the minutes the agenda plans for it, for every process chosen
    or allotted: the team's own figure, else its even share of the budget
    (what the Day 2 steps actually run; 0 for a process allotted 0)."""
    chosen = set(session.next_step.improve) | set(session.day2.allotted_min)
    steps = {s.id: s.minutes for s in agenda.steps_for_day(2, improve=session.next_step.improve, allotted_min=session.day2.allotted_min)}
    return {p: steps.get(agenda.process_step(p), 0) for p in PROCESSES if p in chosen}


def even_share(session: Session, process: str) -> bool:
    """``process`` runs on its even share: the team has not allotted it yet."""
    return process not in session.day2.allotted_min


def allot_budget() -> int:
    """Minutes to share out: the improvement run less the allotting itself."""
    return IMPROVE_MIN - ALLOT_MIN


def allot_total(session: Session) -> int:
    return sum(allotted(session).values())


def change_allotment(session: Session, process: str, delta: int) -> Edit:
    """Add ``delta`` minutes to ``process`` (never below 0)."""
    if process not in PROCESSES:
        raise ValueError(process)
    current = allotted(session).get(process, 0)  # from what the agenda plans (an even share until the team allots)
    return set_key("edit.allot", session.day2.allotted_min, process, max(0, current + delta))


# -- the timeline -----------------------------------------------------------------------


def is_fixed(mid: str) -> bool:
    """m0-m3 are the plan's fixed milestones (never removed)."""
    return mid in FIXED


def _window(session: Session, today: date) -> ms.Horizon:
    """:func:`mlew_tui.domain.milestones.horizon`, from ``today`` when there is no other start."""
    return ms.horizon(session, today) or ms.Horizon(today, ms.add_months(today, HORIZON_MONTHS), "today")


def plan_start(session: Session, today: date) -> date:
    """The day the plan starts: m0's date, else the workshop date, else today."""
    return _window(session, today).start


def horizon(session: Session, today: date) -> date:
    """The last day of the 1-3 month window: :data:`HORIZON_MONTHS` after the start."""
    return _window(session, today).end


def timeline(session: Session) -> list[Milestone]:
    """The milestones in time order: m0 first, then by due date (undated last,
    ties in file order)."""
    order = {m.id: n for n, m in enumerate(session.milestones)}
    rest = [m for m in session.milestones if m.id != M0]
    rest.sort(key=lambda m: (m.due is None, m.due or date.min, order[m.id]))
    m0 = ms.milestone(session, M0)
    return ([m0] if m0 is not None else []) + rest


def ensure_timeline(session: Session, today: date, tr: Translate) -> Edit | None:
    """Milestone 0 "use case decided" dated ``today`` (first in the file) and
    m1-m3 with the deck's questions where missing; an m0 without a date gets
    today. ``None`` when all is there."""
    edits: list[Edit] = []
    m0 = ms.milestone(session, M0)
    if m0 is None:
        edits.append(insert("plan.edit.prefill", session.milestones, Milestone(id=M0, title=tr("plan.m0.title"), due=today), 0))
    elif m0.due is None or not m0.title.strip():
        edits.append(revise("plan.edit.prefill", m0, due=m0.due or today, title=m0.title.strip() or tr("plan.m0.title")))
    if edits:  # m1-m3 go after m0: apply the insert first so ensure_milestones sees it
        edits[0].apply()
    try:
        rest = ms.ensure_milestones(session, tr)
    finally:
        if edits:
            edits[0].revert()
    if rest is not None:
        edits.append(rest)
    return combine("plan.edit.prefill", edits) if edits else None


def beyond_horizon(session: Session, m: Milestone, today: date) -> bool:
    """``m`` is due after the 1-3 month window (m0 never is): the one rule,
    :func:`mlew_tui.domain.milestones.beyond_horizon`."""
    return ms.beyond_horizon(session, m, today)


def first_after_m0(session: Session) -> Milestone | None:
    """The next milestone to reach: the earliest dated one after m0."""
    dated = [m for m in timeline(session) if m.id != M0 and m.due is not None]
    return dated[0] if dated else None


def timeline_checks(session: Session, today: date) -> list[Check]:
    """What the team should fix before moving on (see the module docstring)."""
    checks: list[Check] = []
    if ms.milestone(session, M0) is None:
        checks.append(Check("plan.check.no_m0", M0))
    start, limit = plan_start(session, today), horizon(session, today)
    for m in timeline(session):
        if m.id == M0:
            continue
        if m.due is None:
            checks.append(Check("plan.check.undated", m.id, params={"id": m.id}))
        elif m.due < start:
            checks.append(Check("plan.check.past", m.id, params={"id": m.id, "due": m.due.isoformat(), "start": start.isoformat()}))
    previous: Milestone | None = None
    for mid in ms.MILESTONES:
        mark = ms.milestone(session, mid)
        if mark is None or mark.due is None:
            continue
        if previous is not None and previous.due is not None and mark.due < previous.due:
            checks.append(Check("plan.check.order", mark.id, params={"id": mark.id, "before": previous.id}))
        previous = mark
    first = first_after_m0(session)
    if first is not None and first.due is not None and first.due > limit:
        checks.append(
            Check(
                "plan.check.first_beyond", first.id, params={"id": first.id, "due": first.due.isoformat(), "limit": limit.isoformat(), "months": HORIZON_MONTHS}
            )
        )
    later = [m.id for m in timeline(session) if beyond_horizon(session, m, today) and (first is None or m.id != first.id)]
    if later:
        checks.append(Check("plan.check.beyond", ",".join(later), "note", {"ids": ", ".join(later), "limit": limit.isoformat(), "months": HORIZON_MONTHS}))
    return checks


def intermediate_id(session: Session, after: str) -> str:
    """A free id for a milestone placed after ``after``: ``m0`` -> ``m0a``,
    then ``m0b`` ...; ``m0a`` -> ``m0b`` (the letters count from the fixed one)."""
    match = re.match(r"m\d+", after)
    base = match[0] if match else after
    taken = {m.id for m in session.milestones}
    for n in range(26 * 27):
        suffix = chr(97 + n % 26) if n < 26 else chr(96 + n // 26) + chr(97 + n % 26)
        if f"{base}{suffix}" not in taken:
            return f"{base}{suffix}"
    raise ValueError(f"no free id after {after!r}")


def suggest_due(session: Session, after: str) -> date | None:
    """The middle of the gap after ``after`` (to the next dated milestone in
    time order); ``None`` when either end has no date."""
    line = timeline(session)
    ids = [m.id for m in line]
    if after not in ids:
        return None
    here = line[ids.index(after)]
    nxt = next((m for m in line[ids.index(after) + 1 :] if m.due is not None), None)
    if here.due is None or nxt is None or nxt.due is None or nxt.due <= here.due:
        return None
    return here.due + timedelta(days=(nxt.due - here.due).days // 2)


def add_intermediate(session: Session, after: str, title: str, due: date | None, *, who: str = "", what: str = "", how: str = "") -> Edit:
    """Insert an intermediate milestone right after ``after`` in the file."""
    ids = [m.id for m in session.milestones]
    if after not in ids:
        raise KeyError(after)
    new = Milestone(id=intermediate_id(session, after), title=title, who=who, what=what, how=how, due=due)
    return insert("plan.edit.add_milestone", session.milestones, new, ids.index(after) + 1)


def edit_milestone(session: Session, mid: str, **values: Any) -> Edit | None:
    """Set title / who / what / how / due of ``mid``; ``None`` when nothing changes."""
    target = ms.milestone(session, mid)
    if target is None:
        raise KeyError(mid)
    unknown = set(values) - {"title", "who", "what", "how", "due"}
    if unknown:
        raise ValueError(f"unknown fields {sorted(unknown)}")
    changed = {k: v for k, v in values.items() if getattr(target, k) != v}
    return revise("plan.edit.milestone", target, **changed) if changed else None


def shift_due(session: Session, mid: str, days: int, today: date) -> Edit:
    """Move ``mid``'s date by ``days`` (an undated one starts from today)."""
    target = ms.milestone(session, mid)
    if target is None:
        raise KeyError(mid)
    base = target.due or today
    return revise("plan.edit.shift", target, key=f"shift:{mid}", due=base + timedelta(days=days))


def remove_milestone(session: Session, mid: str) -> Edit:
    """Remove an intermediate milestone: its TODOs lose the link, its executive
    reports go with it (one undoable step). m0-m3 cannot be removed."""
    if is_fixed(mid):
        raise ValueError(f"{mid} is a fixed milestone")
    target = ms.milestone(session, mid)
    if target is None:
        raise KeyError(mid)
    edits = [set_attrs("plan.edit.remove_milestone", t, milestone="") for t in session.todos if t.milestone == mid]
    # Remove from the end backwards, so undo puts each back at its own index.
    for meeting in reversed([m for m in session.meetings if m.milestone == mid]):
        if meeting.kind == "executive_report":
            edits.append(remove("plan.edit.remove_milestone", session.meetings, meeting))
        else:
            edits.append(set_attrs("plan.edit.remove_milestone", meeting, milestone=""))
    edits.append(remove("plan.edit.remove_milestone", session.milestones, target))
    return combine("plan.edit.remove_milestone", edits)
