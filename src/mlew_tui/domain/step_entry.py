"""What entering a step does to the session: one table, one row per step.

The deck's steps start from something: Refine's roles are recommended from
the job roles, its message is prefilled from the winning case, the three
milestones are there to fill in, Next Step pre-ticks the processes the
diagnostics flag, Day 2's timeline starts with milestone 0 today. Each row
names the commands (:mod:`mlew_tui.domain.commands`) that
:meth:`~mlew_tui.workshop.Workshop.goto` applies, in order, every time the
room enters the step; each command only fills what is still empty, so
entering twice changes nothing more. They are undoable like any edit.

Entering ``invent.cases`` also starts the case cycle: that is the timer's
business (:meth:`~mlew_tui.workshop.Workshop.goto` picks a
:class:`~mlew_tui.domain.timer.CycleTimer`), not the session's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, tzinfo
from types import MappingProxyType
from typing import Any

from .session import REFINE_ROLES, Session

Translate = Callable[..., str]


def _first_rerun_visit(session: Session) -> bool:
    # Invent's rules are loaded when asked, not with the table (before the first frame).
    from .invent import first_rerun_visit

    return first_rerun_visit(session)


@dataclass(frozen=True)
class EntryContext:
    """What the rules may need besides the session: the session language's
    messages (default titles), today's date and the room's time zone."""

    tr: Translate
    today: date
    zone: tzinfo


@dataclass(frozen=True)
class EntryRule:
    """Apply ``command`` with the arguments ``args`` makes, when ``when`` holds."""

    command: str
    args: Callable[[EntryContext], tuple[Any, ...]] = lambda ctx: ()
    when: Callable[[Session], bool] = lambda session: True


def _no_roles(session: Session) -> bool:
    return bool(session.participants) and not any(getattr(session.refine, role) for role in REFINE_ROLES)


ENTRY_RULES: Mapping[str, tuple[EntryRule, ...]] = MappingProxyType(
    {
        # [invent] brought in line with the scores and votes (a file written before the rules).
        "invent.vote": (EntryRule("record_winner"),),
        # a Day 2 re-run scores and votes in private again (issue #19)
        "day2.invent": (EntryRule("hide_for_rerun", when=_first_rerun_visit),),
        "refine.roles": (EntryRule("recommend_roles", when=_no_roles),),
        "refine.work": (EntryRule("prefill_refine", lambda ctx: (ctx.tr,)),),
        "test.milestones": (EntryRule("ensure_milestones", lambda ctx: (ctx.tr,)),),
        "test.who_what_how": (EntryRule("ensure_milestones", lambda ctx: (ctx.tr,)),),
        "next_step": (EntryRule("prefill_improve"),),
        "day2.timeline": (EntryRule("ensure_timeline", lambda ctx: (ctx.today, ctx.tr)),),
    }
)


def rules_for(step_id: str) -> tuple[EntryRule, ...]:
    """The rules applied on entering ``step_id`` (none for most steps)."""
    return ENTRY_RULES.get(step_id, ())
