"""Next Step - go to implementation?, the processes to improve, Day 1 at a glance.

The rules (WORKSHOP.md, "Next Step" and "Day 2"):

- "Go straight to implementation? yes / no" is recorded in
  ``[next_step] go_to_implementation`` (``None`` until answered).
- The diagnostics (:mod:`mlew_tui.domain.diagnostics`) say which processes
  need a check; the team ticks the processes it re-runs on Day 2
  (``next_step.improve``). While ``improve`` is empty and the question is not
  answered yet, the processes with status ``check`` are pre-ticked
  (:func:`prefill_improve`) - once the team has answered, an empty list is its
  decision and stays empty.
- Before Day 2, three things are checked (the deck's 改善編を進める前の確認,
  :data:`DAY2_CHECKLIST`): the processes to improve are chosen and prepared;
  the Day 1 output is digital and shared; participants lead the first half.
- :func:`day1_summary` is the closing summary of Day 1 at a glance.
"""

from __future__ import annotations

from dataclasses import dataclass

from .diagnostics import Diagnosis, diagnose
from .formats import day
from .history import Edit, set_attrs
from .milestones import m1_late, milestone
from .refine import uncertain_parts
from .scoring import Analysis, analyse
from .session import PROCESSES, Session

#: The three prerequisites of Day 2 (catalog ``next.day2.<id>.title`` / ``.text``).
DAY2_CHECKLIST: tuple[str, ...] = ("processes_chosen", "output_digital", "participants_lead")


def set_go_to_implementation(session: Session, value: bool | None) -> Edit:
    """Record the answer to "Go straight to implementation?" (``None`` clears it)."""
    return set_attrs("next.edit.go", session.next_step, go_to_implementation=value)


def suggested_improve(diagnoses: tuple[Diagnosis, ...]) -> list[str]:
    """The processes whose diagnosis is ``check``, in the deck's order."""
    return [d.process for d in diagnoses if d.status == "check"]


def prefill_improve(session: Session, diagnoses: tuple[Diagnosis, ...] | None = None) -> Edit | None:
    """Pre-tick the processes to improve from the diagnostics (see the module
    docstring); ``None`` when there is nothing to pre-tick."""
    step = session.next_step
    if step.improve or step.go_to_implementation is not None:
        return None
    wanted = suggested_improve(diagnoses if diagnoses is not None else diagnose(session))
    return set_attrs("next.edit.prefill", step, improve=wanted) if wanted else None


def toggle_improve(session: Session, process: str) -> Edit:
    """Tick or untick ``process``; the list stays in the deck's order."""
    if process not in PROCESSES:
        raise ValueError(f"unknown process {process!r}")
    current: set[str] = set(session.next_step.improve)
    current ^= {process}
    return set_attrs("next.edit.improve", session.next_step, improve=[p for p in PROCESSES if p in current])


def set_notes(session: Session, notes: str) -> Edit:
    return set_attrs("next.edit.notes", session.next_step, notes=notes)


@dataclass(frozen=True)
class Day1Summary:
    """Day 1 at a glance (numbers; the screen and the export word them)."""

    reviews: int
    assumptions: int
    posts: int
    issues: int
    strengths: int
    cases_scored: int
    cases: int
    winner: str | None  # case id
    decided_by: str
    steps: int
    faqs: int
    uncertain: int
    milestones_complete: int  # of m1-m3 with Who, What, How and due
    m1_due: str  # ISO date or ""
    m1_late: bool
    go_to_implementation: bool | None
    improve: tuple[str, ...]
    checks: tuple[str, ...]  # processes whose diagnosis is "check"


def day1_summary(session: Session, analysis: Analysis | None = None, diagnoses: tuple[Diagnosis, ...] | None = None) -> Day1Summary:
    """The numbers of the closing summary."""
    analysis = analysis or analyse(session)
    diagnoses = diagnoses if diagnoses is not None else diagnose(session, analysis)
    ref = session.refine
    m1 = milestone(session, "m1")
    complete = 0
    for mid in ("m1", "m2", "m3"):
        m = milestone(session, mid)
        if m is not None and m.who.strip() and m.what.strip() and m.how.strip() and m.due is not None:
            complete += 1
    return Day1Summary(
        reviews=len(session.reviews),
        assumptions=sum(r.basis == "assumption" for r in session.reviews),
        posts=len(session.posts),
        issues=sum(i.kind == "issue" for i in session.items),
        strengths=sum(i.kind == "strength" for i in session.items),
        cases_scored=len(analysis.scored_cases),
        cases=len(session.cases),
        winner=analysis.winner.case,
        decided_by=analysis.winner.decided_by,
        steps=len(ref.steps),
        faqs=len(ref.customer_faq) + len(ref.internal_faq),
        uncertain=len(uncertain_parts(session)),
        milestones_complete=complete,
        m1_due=day(m1.due) if m1 is not None else "",
        m1_late=m1_late(session),
        go_to_implementation=session.next_step.go_to_implementation,
        improve=tuple(session.next_step.improve),
        checks=tuple(suggested_improve(diagnoses)),
    )
