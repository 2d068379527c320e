"""Day 2 TODOs: each person's TODOs towards milestone 1, and the group check.

WORKSHOP.md, "Plan": TODOs per person and role towards milestone 1 (5 min
individual, 15 min group check). A TODO has a text, an owner, a due date, the
milestone it works towards and a done mark.

The group check (:func:`check_grid`) is a grid of people (with their roles)
by milestones: each cell counts that person's TODOs towards that milestone.
It flags every milestone after m0 without a TODO - a *warning* inside the
1-3 month horizon (the work starts now), a *note* beyond it - and every person
without any TODO. :func:`todo_checks` flags a TODO without an owner, a date
or a milestone, and one due after its milestone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from . import milestones as ms
from .history import Edit, insert, remove
from .ids import id_after_last
from .plan import M0, Check, Level, beyond_horizon, timeline
from .revisions import revise
from .session import Session, Todo

#: The grid's column for TODOs that work towards no milestone.
NO_MILESTONE = ""


def default_milestone(session: Session) -> str:
    """Where a new TODO points: m1, else the first milestone after m0, else none."""
    if ms.milestone(session, "m1") is not None:
        return "m1"
    rest = [m.id for m in timeline(session) if m.id != M0]
    return rest[0] if rest else NO_MILESTONE


def todo(session: Session, tid: str) -> Todo | None:
    return next((t for t in session.todos if t.id == tid), None)


def todos_of(session: Session, person: str) -> list[Todo]:
    """``person``'s TODOs in file order."""
    return [t for t in session.todos if t.owner == person]


def _check_refs(session: Session, owner: str, milestone: str) -> None:
    if owner and session.participant(owner) is None:
        raise KeyError(owner)
    if milestone and ms.milestone(session, milestone) is None:
        raise KeyError(milestone)


def add_todo(session: Session, text: str, owner: str, milestone: str, due: date | None = None, *, done: bool = False) -> Edit:
    """Append a TODO with a new id (``t1``, ``t2`` ...; one past the highest, so
    a gap left by a deleted TODO, which a calendar may still hold, is not filled)."""
    text = text.strip()
    if not text:
        raise ValueError("a TODO needs a text")
    _check_refs(session, owner, milestone)
    new = Todo(id=id_after_last("t", (t.id for t in session.todos)), text=text, owner=owner, milestone=milestone, due=due, done=done)
    return insert("plan.edit.add_todo", session.todos, new)


def edit_todo(session: Session, tid: str, *, text: str, owner: str, milestone: str, due: date | None, done: bool) -> Edit | None:
    """Change a TODO; ``None`` when nothing changes."""
    target = todo(session, tid)
    if target is None:
        raise KeyError(tid)
    if not text.strip():
        raise ValueError("a TODO needs a text")
    _check_refs(session, owner, milestone)
    values: dict[str, Any] = {"text": text.strip(), "owner": owner, "milestone": milestone, "due": due, "done": done}
    changed = {k: v for k, v in values.items() if getattr(target, k) != v}
    return revise("plan.edit.todo", target, **changed) if changed else None


def toggle_done(session: Session, tid: str) -> Edit:
    target = todo(session, tid)
    if target is None:
        raise KeyError(tid)
    return revise("plan.edit.done", target, done=not target.done)


def remove_todo(session: Session, tid: str) -> Edit:
    target = todo(session, tid)
    if target is None:
        raise KeyError(tid)
    return remove("plan.edit.remove_todo", session.todos, target)


def todo_checks(session: Session, t: Todo) -> list[Check]:
    """What one TODO still lacks (an owner, a date, a milestone) and whether it
    is due after the milestone it works towards."""
    found: list[Check] = []
    if not t.owner:
        found.append(Check("plan.check.todo_owner", t.id, params={"id": t.id}))
    if t.due is None:
        found.append(Check("plan.check.todo_due", t.id, params={"id": t.id}))
    target = ms.milestone(session, t.milestone) if t.milestone else None
    if target is None:
        found.append(Check("plan.check.todo_milestone", t.id, "note", {"id": t.id}))
    elif t.due is not None and target.due is not None and t.due > target.due:
        found.append(
            Check("plan.check.todo_late", t.id, params={"id": t.id, "due": t.due.isoformat(), "milestone": target.id, "milestone_due": target.due.isoformat()})
        )
    return found


@dataclass(frozen=True)
class Cell:
    total: int
    done: int


@dataclass(frozen=True)
class Grid:
    """People (rows, participants in file order; ``""`` = TODOs without an
    owner, only when there are some) by milestones (columns, time order after
    m0; ``""`` = no milestone, only when used)."""

    people: tuple[str, ...]
    milestones: tuple[str, ...]
    cells: dict[tuple[str, str], Cell]
    #: Milestones without a TODO: id -> "warning" (inside the horizon) or "note".
    empty_milestones: dict[str, Level]
    #: Participants without any TODO.
    idle_people: tuple[str, ...]

    def cell(self, person: str, milestone: str) -> Cell:
        return self.cells.get((person, milestone), Cell(0, 0))

    def row_total(self, person: str) -> int:
        return sum(c.total for (p, _), c in self.cells.items() if p == person)

    def column_total(self, milestone: str) -> int:
        return sum(c.total for (_, m), c in self.cells.items() if m == milestone)


def check_grid(session: Session, today: date) -> Grid:
    """The group check of :mod:`this module <.plan_tasks>`."""
    known = {m.id for m in session.milestones}
    columns = [m.id for m in timeline(session) if m.id != M0]
    if any(t.milestone == M0 for t in session.todos):
        columns.insert(0, M0)
    if any(not t.milestone or t.milestone not in known for t in session.todos):
        columns.append(NO_MILESTONE)
    people = [p.id for p in session.participants]
    if any(not t.owner for t in session.todos):
        people.append("")
    counts: dict[tuple[str, str], list[int]] = {}
    for t in session.todos:
        key = (t.owner, t.milestone if t.milestone in known else NO_MILESTONE)
        pair = counts.setdefault(key, [0, 0])
        pair[0] += 1
        pair[1] += t.done
    cells = {k: Cell(v[0], v[1]) for k, v in counts.items()}
    used = {m for (_, m) in cells}
    empty: dict[str, Level] = {}
    for m in timeline(session):
        if m.id != M0 and m.id not in used:
            empty[m.id] = "note" if beyond_horizon(session, m, today) else "warning"
    idle = tuple(p.id for p in session.participants if not any(t.owner == p.id for t in session.todos))
    return Grid(tuple(people), tuple(columns), cells, empty, idle)


def grid_checks(session: Session, today: date) -> list[Check]:
    """The grid's flags as a list: milestones without TODOs, people without any."""
    grid = check_grid(session, today)
    found = [Check("plan.check.milestone_without_todos", mid, level, {"id": mid}) for mid, level in grid.empty_milestones.items()]
    for pid in grid.idle_people:
        person = session.participant(pid)
        found.append(Check("plan.check.person_without_todos", pid, params={"name": person.name if person else pid}))
    return found
