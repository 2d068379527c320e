"""Test/Iterate - the three milestones and how each is measured.

The rules (WORKSHOP.md, "Test/Iterate"; the deck's マイルストンの達成を定量的に評価する):

- Three milestones in order, one per step of the growth cycle
  (:data:`MILESTONES`, ids ``m1``-``m3``): the customer experience improves;
  more usage brings more profit; model improvement improves the experience.
  :func:`ensure_milestones` creates the missing ones with the deck's question
  as their title.
- For each: **Who** evaluates (customers, the PM or a data scientist), **What**
  is evaluated, **How** it is measured with the pass line, and a due date
  (:func:`missing_parts`).
- The first results come within 1-3 months: the one rule of the app, the
  report and every export is :func:`beyond_horizon` - a milestone (never
  ``m0``) due more than :data:`HORIZON_MONTHS` months after the start of the
  plan (:func:`horizon`: Day 2's milestone 0 "use case decided" when it is
  dated, else the workshop date). On Day 1's grid only ``m1`` is flagged
  (:func:`is_late`, :func:`m1_late`); Day 2's timeline looks at every one.
- The deck's example (recommendations on an EC site) is a hint: catalog keys
  ``milestone.example.<m>.<who|what|how>`` (:func:`example_keys`).

Milestones other than m1-m3 (Day 2's ``m0`` "use case decided", intermediate
steps) are kept as they are.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from .history import Edit, combine, insert, set_attrs
from .revisions import revise
from .session import MAX_DATE, MIN_DATE, Milestone, Session

Translate = Callable[..., str]

#: The measured milestones of Day 1, in order.
MILESTONES: tuple[str, ...] = ("m1", "m2", "m3")
#: Milestone 0 "use case decided" (Day 2): the day the plan starts.
M0 = "m0"
#: The first results come within this many months of the plan's start - the
#: one constant of the 1-3 month rule (Test/Iterate, Day 2's timeline, Next
#: Step's diagnosis, ``mlew report`` and every export).
HORIZON_MONTHS = 3
#: Who / What / How: the parts that make a milestone measurable.
PARTS: tuple[str, ...] = ("who", "what", "how")
#: The columns of the grid: the parts, then the due date.
FIELDS: tuple[str, ...] = ("who", "what", "how", "due")


def title_key(mid: str) -> str:
    """Catalog key of the deck's question for ``m1``-``m3``."""
    return f"milestone.{mid}.title"


def example_keys(mid: str) -> dict[str, str]:
    """Catalog keys of the deck's EC-site example for one milestone (part -> key)."""
    return {part: f"milestone.example.{mid}.{part}" for part in PARTS}


def milestone(session: Session, mid: str) -> Milestone | None:
    return next((m for m in session.milestones if m.id == mid), None)


def ensure_milestones(session: Session, tr: Translate) -> Edit | None:
    """Create m1-m3 where missing, titled with the deck's questions, and title
    untitled ones; ``None`` when all three are there with titles. New ones go
    after the last existing of m0-m3 (so the file keeps them in order)."""
    edits: list[Edit] = []
    ids = [m.id for m in session.milestones]
    for mid in MILESTONES:
        existing = milestone(session, mid)
        if existing is None:
            before = [i for i, other in enumerate(ids) if other in ("m0", *MILESTONES[: MILESTONES.index(mid)])]
            where = before[-1] + 1 if before else 0
            edits.append(insert("milestone.edit.prefill", session.milestones, Milestone(id=mid, title=tr(title_key(mid))), where))
            ids.insert(where, mid)
        elif not existing.title.strip():
            edits.append(revise("milestone.edit.prefill", existing, title=tr(title_key(mid))))
    return combine("milestone.edit.prefill", edits) if edits else None


def ordered(session: Session) -> list[Milestone]:
    """The milestones for the grid: m1-m3 first (in order), then the others in file order."""
    main = [m for mid in MILESTONES if (m := milestone(session, mid)) is not None]
    return main + [m for m in session.milestones if m.id not in MILESTONES]


def missing_parts(m: Milestone) -> list[str]:
    """Which of who / what / how / due are still empty."""
    missing = [part for part in PARTS if not getattr(m, part).strip()]
    if m.due is None:
        missing.append("due")
    return missing


def is_complete(m: Milestone) -> bool:
    """Who, What, How and the due date are all filled in."""
    return not missing_parts(m)


def add_months(day: date, months: int) -> date:
    """``day`` plus whole calendar months, clamped to the month's end (11-30 + 3 -> 02-28)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Horizon:
    """The 1-3 month window: from ``start`` to ``end`` (:data:`HORIZON_MONTHS`
    later); ``basis`` says where the start comes from (``m0``: milestone 0's
    date, ``workshop``: the workshop date, ``today``: the caller's day)."""

    start: date
    end: date
    basis: Literal["m0", "workshop", "today"]


def horizon(session: Session, today: date | None = None) -> Horizon | None:
    """The window of the first results: from milestone 0's date when m0 is
    dated (Day 2's plan start), else from the workshop date, else from
    ``today``; ``None`` when there is no start at all."""
    m0 = milestone(session, M0)
    if m0 is not None and m0.due is not None:
        return Horizon(m0.due, add_months(m0.due, HORIZON_MONTHS), "m0")
    if session.workshop_date is not None:
        return Horizon(session.workshop_date, add_months(session.workshop_date, HORIZON_MONTHS), "workshop")
    if today is not None:
        return Horizon(today, add_months(today, HORIZON_MONTHS), "today")
    return None


def beyond_horizon(session: Session, m: Milestone, today: date | None = None) -> bool:
    """THE 3-month rule: ``m`` is due after the window (m0 never is; an
    undated milestone is not)."""
    window = horizon(session, today)
    return m.id != M0 and m.due is not None and window is not None and m.due > window.end


def m1_limit(session: Session) -> date | None:
    """The latest acceptable due date of m1: the end of :func:`horizon`."""
    window = horizon(session)
    return window.end if window is not None else None


def is_late(session: Session, m: Milestone) -> bool:
    """Day 1's grid flags only m1: due beyond the horizon (:func:`beyond_horizon`)."""
    return m.id == "m1" and beyond_horizon(session, m)


def m1_late(session: Session) -> bool:
    m = milestone(session, "m1")
    return m is not None and is_late(session, m)


@dataclass(frozen=True)
class MilestoneCheck:
    """What is wrong with one milestone (for the grid and the export)."""

    id: str
    missing: tuple[str, ...]
    late: bool

    @property
    def ok(self) -> bool:
        return not self.missing and not self.late


def checks(session: Session) -> list[MilestoneCheck]:
    """One check per milestone of :func:`ordered`."""
    return [MilestoneCheck(m.id, tuple(missing_parts(m)), is_late(session, m)) for m in ordered(session)]


def parse_due(text: str) -> date | None:
    """A due date typed as ``YYYY-MM-DD`` (``""`` clears it); ValueError
    otherwise, and for a date the session file cannot hold (before 2000, after 2100)."""
    text = text.strip()
    if not text:
        return None
    due = date.fromisoformat(text)
    if not MIN_DATE <= due <= MAX_DATE:
        raise ValueError(text)
    return due


def set_field(session: Session, mid: str, field: str, value: str | date | None) -> Edit:
    """Set who / what / how (text) or due (a date or ``None``) of milestone ``mid``."""
    target = milestone(session, mid)
    if target is None:
        raise KeyError(mid)
    if field == "due":
        if value is not None and not isinstance(value, date):
            raise TypeError("due must be a date")
        return revise("milestone.edit.due", target, due=value)
    if field not in (*PARTS, "title"):
        raise ValueError(f"unknown field {field!r}")
    values: dict[str, Any] = {field: value or ""}
    return revise("milestone.edit.field", target, **values)


def apply_example(session: Session, mid: str, tr: Translate) -> Edit | None:
    """Fill the empty Who / What / How of ``mid`` with the deck's EC example
    (a starting draft the team then rewrites); ``None`` when nothing is empty."""
    target = milestone(session, mid)
    if target is None or mid not in MILESTONES:
        return None
    values = {part: tr(key) for part, key in example_keys(mid).items() if not getattr(target, part).strip()}
    return set_attrs("milestone.edit.example", target, **values) if values else None
