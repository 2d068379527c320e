"""What changed since Day 1: the session now against its Day 1 snapshot.

On Day 2 the team re-runs its weak processes; this comparison shows what the
re-run achieved (WORKSHOP.md, Day 2): reviews added (and how many are still
assumptions), issues and strengths added, removed or re-pointed, cases added,
the team's totals and #1 picks per case, each person's pick, the winner,
the uncertain (red) parts of the PR/FAQ cleared or added, and milestones
added, removed or changed.

The snapshot is the session's ``[day1]`` table: the work of Day 1 as it
stood when Day 2 started, written once into the session file and never
changed (:func:`freeze_day1`; :func:`day1_session` reads it back as a
session). Everything is compared by id; texts by value.
"""

from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import BaseModel

from .scoring import analyse
from .session import DAY1_FIELDS, Case, Day1, Item, Milestone, Review, Session

MILESTONE_FIELDS: tuple[str, ...] = ("title", "who", "what", "how", "due")


def freeze_day1(session: Session, at: datetime | None = None) -> Day1:
    """Day 1's work as it stands now (a deep copy: later edits never reach it)."""
    fields = {
        name: getattr(session, name).model_copy(deep=True) if isinstance(getattr(session, name), BaseModel) else deepcopy(getattr(session, name))
        for name in DAY1_FIELDS
    }
    return Day1(frozen_at=at, **fields)


def day1_session(session: Session) -> Session | None:
    """The frozen Day 1 as a session of its own (the header and product of
    ``session``), for the rules that read a session; None before Day 2."""
    if session.day1 is None:
        return None
    header = {name: getattr(session, name) for name in ("format", "schema_version", "title", "language", "workshop_date", "day2_date", "product")}
    return Session.model_construct(**header, **{name: getattr(session.day1, name) for name in DAY1_FIELDS})


def winners(session: Session) -> tuple[str | None, str | None] | None:
    """(Day 1's winner, the winner now from Day 2's scores and votes): case
    ids, None where undecided; None without a frozen Day 1."""
    day1 = day1_session(session)
    if day1 is None:
        return None
    return analyse(day1).winner.case, analyse(session).winner.case


def compare_days(session: Session) -> Changes | None:
    """What changed since Day 1 (None without a frozen Day 1)."""
    day1 = day1_session(session)
    return compare(day1, session) if day1 is not None else None


@dataclass(frozen=True)
class ItemChange:
    id: str
    title: str  # the title now
    old_title: str
    old_points: int
    points: int


@dataclass(frozen=True)
class CaseResult:
    """One case's team result then and now (sum of totals, #1 picks)."""

    id: str
    name: str
    old_sum: float
    sum: float
    old_picks: int
    picks: int

    @property
    def changed(self) -> bool:
        return self.old_sum != self.sum or self.old_picks != self.picks


@dataclass(frozen=True)
class PickChange:
    person: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class MilestoneChange:
    id: str
    title: str
    fields: tuple[tuple[str, str, str], ...]  # (field, before, after) as text


@dataclass(frozen=True)
class Uncertain:
    """A red part of the PR/FAQ: its section (steps / customer_faq /
    internal_faq) and its text (the step, or the FAQ's question)."""

    section: str
    text: str


@dataclass(frozen=True)
class Changes:
    reviews_added: tuple[Review, ...]
    reviews_removed: tuple[Review, ...]
    reviews_edited: tuple[Review, ...]  # as they are now
    assumptions: tuple[int, int]  # (Day 1, now)
    posts_added: int
    items_added: tuple[Item, ...]
    items_removed: tuple[Item, ...]
    items_changed: tuple[ItemChange, ...]
    cases_added: tuple[Case, ...]
    cases: tuple[CaseResult, ...]  # every case now or then, in the order of now
    picks: tuple[PickChange, ...]  # only people whose pick changed
    winner: tuple[str | None, str | None]  # (Day 1, now): case ids
    decided_by: tuple[str, str]
    uncertain: tuple[int, int]  # (Day 1, now)
    cleared: tuple[Uncertain, ...]
    new_uncertain: tuple[Uncertain, ...]
    milestones_added: tuple[Milestone, ...]
    milestones_removed: tuple[Milestone, ...]
    milestones_changed: tuple[MilestoneChange, ...]

    @property
    def scores_changed(self) -> bool:
        return any(c.changed for c in self.cases) or bool(self.picks)

    @property
    def winner_changed(self) -> bool:
        return self.winner[0] != self.winner[1]

    @property
    def any(self) -> bool:
        """Anything at all changed in what this view compares."""
        return bool(
            self.reviews_added
            or self.reviews_removed
            or self.reviews_edited
            or self.posts_added
            or self.items_added
            or self.items_removed
            or self.items_changed
            or self.cases_added
            or self.scores_changed
            or self.winner_changed
            or self.cleared
            or self.new_uncertain
            or self.milestones_added
            or self.milestones_removed
            or self.milestones_changed
        )


def _by_id(rows: list[Any]) -> dict[str, Any]:
    return {row.id: row for row in rows}


def uncertain_parts(session: Session) -> list[Uncertain]:
    """Every red part of the PR/FAQ, in read-aloud order."""
    ref = session.refine
    parts = [Uncertain("steps", s.text) for s in ref.steps if s.uncertain]
    parts += [Uncertain("customer_faq", f.q) for f in ref.customer_faq if f.uncertain]
    parts += [Uncertain("internal_faq", f.q) for f in ref.internal_faq if f.uncertain]
    return parts


def _text(value: Any) -> str:
    if value is None:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def compare(day1: Session, now: Session) -> Changes:
    """Everything :class:`Changes` lists, from ``day1`` to ``now``."""
    old_reviews, new_reviews = _by_id(day1.reviews), _by_id(now.reviews)
    edited = tuple(
        r
        for r in now.reviews
        if r.id in old_reviews and (r.text, r.polarity, r.basis) != (old_reviews[r.id].text, old_reviews[r.id].polarity, old_reviews[r.id].basis)
    )
    old_items, new_items = _by_id(day1.items), _by_id(now.items)
    items_changed = tuple(
        ItemChange(i.id, i.title, old_items[i.id].title, old_items[i.id].points, i.points)
        for i in now.items
        if i.id in old_items and (i.title, i.points) != (old_items[i.id].title, old_items[i.id].points)
    )
    old_cases, new_cases = _by_id(day1.cases), _by_id(now.cases)
    before, after = analyse(day1), analyse(now)
    order = [c.id for c in now.cases] + [c.id for c in day1.cases if c.id not in new_cases]
    cases = tuple(
        CaseResult(
            cid,
            (new_cases.get(cid) or old_cases[cid]).name,
            before.sums.get(cid, 0.0),
            after.sums.get(cid, 0.0),
            before.votes.get(cid, 0),
            after.votes.get(cid, 0),
        )
        for cid in order
    )
    people = [p.id for p in now.participants] + [p.id for p in day1.participants if now.participant(p.id) is None]
    picks = []
    for pid in people:
        old = before.persons[pid].pick if pid in before.persons else None
        new = after.persons[pid].pick if pid in after.persons else None
        if old != new:
            picks.append(PickChange(pid, old, new))
    old_unc, new_unc = uncertain_parts(day1), uncertain_parts(now)
    old_ms, new_ms = _by_id(day1.milestones), _by_id(now.milestones)
    ms_changed = []
    for m in now.milestones:
        if m.id in old_ms:
            diff = tuple((f, _text(getattr(old_ms[m.id], f)), _text(getattr(m, f))) for f in MILESTONE_FIELDS if getattr(old_ms[m.id], f) != getattr(m, f))
            if diff:
                ms_changed.append(MilestoneChange(m.id, m.title, diff))
    return Changes(
        reviews_added=tuple(r for r in now.reviews if r.id not in old_reviews),
        reviews_removed=tuple(r for r in day1.reviews if r.id not in new_reviews),
        reviews_edited=edited,
        assumptions=(sum(r.basis == "assumption" for r in day1.reviews), sum(r.basis == "assumption" for r in now.reviews)),
        posts_added=len({p.id for p in now.posts} - {p.id for p in day1.posts}),
        items_added=tuple(i for i in now.items if i.id not in old_items),
        items_removed=tuple(i for i in day1.items if i.id not in new_items),
        items_changed=items_changed,
        cases_added=tuple(c for c in now.cases if c.id not in old_cases),
        cases=cases,
        picks=tuple(picks),
        winner=(before.winner.case, after.winner.case),
        decided_by=(before.winner.decided_by, after.winner.decided_by),
        uncertain=(len(old_unc), len(new_unc)),
        cleared=tuple(u for u in old_unc if u not in new_unc),
        new_uncertain=tuple(u for u in new_unc if u not in old_unc),
        milestones_added=tuple(m for m in now.milestones if m.id not in old_ms),
        milestones_removed=tuple(m for m in day1.milestones if m.id not in new_ms),
        milestones_changed=tuple(ms_changed),
    )
