"""Day 2 rules: the minutes the team allots to the processes it re-runs.

The team, not the facilitator, allots its own minutes to each process it
chose on Day 1 (``next_step.improve``) out of about 120; an explicit 0 drops
a process, and a process may be added on the day.
"""

from __future__ import annotations

from .agenda import ALLOT_MIN, IMPROVE_MIN, PROCESSES
from .history import Edit, set_key
from .session import Session

#: Minutes added or taken away by one key press.
ALLOT_STEP_MIN = 5


def allotted(session: Session) -> dict[str, int]:
    """Process -> minutes for every process chosen or allotted (0 when not set)."""
    chosen = set(session.next_step.improve) | set(session.day2.allotted_min)
    return {p: session.day2.allotted_min.get(p, 0) for p in PROCESSES if p in chosen}  # type: ignore[call-overload]


def allot_budget() -> int:
    """Minutes to share out: the improvement run less the allotting itself."""
    return IMPROVE_MIN - ALLOT_MIN


def allot_total(session: Session) -> int:
    return sum(allotted(session).values())


def change_allotment(session: Session, process: str, delta: int) -> Edit:
    """Add ``delta`` minutes to ``process`` (never below 0)."""
    if process not in PROCESSES:
        raise ValueError(process)
    current = session.day2.allotted_min.get(process, 0)  # type: ignore[call-overload]
    return set_key("edit.allot", session.day2.allotted_min, process, max(0, current + delta))
