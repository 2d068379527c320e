"""From the workshop to what every screen's frame shows, in the UI language.

The agenda bar, the instruction card, the countdown's words and caption, whose
turn it is, and the summary of a phase without a work area of its own: pure
functions of the :class:`~mlew_tui.workshop.Workshop` and a translator. User
text (a case name) goes through :func:`~mlew_tui.literal.literal` or is shown
as plain text by the widgets.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text

from ..domain import agenda
from ..domain.formats import hhmm
from ..domain.session import Session
from ..domain.timer import TimerStatus
from ..literal import literal
from ..widgets.agenda_bar import AgendaView
from ..widgets.instruction import InstructionView
from ..widgets.tips_panel import TipsView
from ..workshop import Workshop

Tr = Callable[..., str]


def minutes_text(w: Workshop, tr: Tr) -> str:
    """The step's planned minutes, marked as an estimate where the deck prints none."""
    step = w.step
    return tr("agenda.minutes_est" if step.inferred else "agenda.minutes", minutes=step.minutes)


def agenda_view(w: Workshop, tr: Tr) -> AgendaView:
    """The phases with the current one, step i of n, the day clock and ahead/behind."""
    names = agenda.shown_phases(w.steps)
    current = w.step.phase
    index, count = w.position
    schedule = w.schedule()
    behind = schedule.behind_min
    if behind > 0:
        delta = tr("agenda.behind", minutes=behind)
    elif behind < 0:
        delta = tr("agenda.ahead", minutes=-behind)
    else:
        delta = tr("agenda.on_time")
    # The room reads its own clock: every time in the machine's zone.
    clock = tr(
        "app.clock",
        now=hhmm(schedule.now.astimezone()),
        planned=hhmm(schedule.planned_end.astimezone()),
        projected=hhmm(schedule.projected_end.astimezone()),
    )
    return AgendaView(
        phases=tuple(tr(f"phase.{p}.title") for p in names),
        current_phase=names.index(current) if current in names else -1,
        step_title=tr(w.step.title_key),
        position=tr("agenda.step_of", index=index, count=count),
        clock=clock,
        delta=delta,
        behind=behind > 0,
        minutes=minutes_text(w, tr),
    )


def views_line(w: Workshop, tr: Tr) -> Text:
    """A Day 2 re-run's Day 1 views as tabs, the one shown marked; empty
    where the step has a single view."""
    views = w.views
    if len(views) < 2:
        return Text()
    line = Text(tr("rerun.views") + " ", style="bold")
    shown = w.view_step
    for view in views:
        name = tr(f"rerun.view.{view}")
        line.append(f" {name} ", style="reverse bold" if view == shown else "")
        line.append(" ")
    line.append("  " + tr("rerun.switch"), style="dim")
    if shown.startswith("invent."):
        line.append_text(_winner_line(w, tr))
    return line


def _winner_line(w: Workshop, tr: Tr) -> Text:
    """Invent's re-run: the winner recomputed from Day 2's scores and votes,
    against Day 1's - said in words when it changed."""
    # Imported here: Invent's rules and Day 2's comparison are not needed
    # before the first frame of any other step.
    from ..domain import invent as invent_rules
    from ..domain.changes import winners

    both = winners(w.session)
    if both is None:
        return Text()
    if not invent_rules.shown(w.session, "invent.vote").picks:  # private until the reveal (issue #19)
        return Text("\n" + tr("reveal.rerun_hidden"), style="dim")
    then, now = both

    def name(cid: str | None) -> str:
        case = w.session.case(cid) if cid else None
        return case.name if case else tr("rerun.winner.undecided")

    if then == now:
        return Text("\n" + tr("rerun.winner.same", name=name(now)), style="dim")
    return Text("\n" + tr("rerun.winner.changed", before=name(then), after=name(now)), style="bold yellow")


def instruction_view(w: Workshop, tr: Tr) -> InstructionView:
    """The step's instruction card: what to do now, who leads, the prompt."""
    step = w.step
    return InstructionView(
        title=tr(step.title_key),
        question=tr(step.question_key),
        what=tr(step.what_key),
        lead=tr(step.lead_key),
        mode=tr(step.mode_key),
        prompt=tr(step.prompt_key),
        minutes=minutes_text(w, tr),
    )


def tips_view(w: Workshop, tr: Tr) -> TipsView:
    """The facilitator's tips of the current step (the deck's organizer guides), in the UI language."""
    return TipsView(heading=tr("tips.heading"), hint=tr("tips.hint"), tips=tuple(tr(key) for key in w.step.tips))


def timer_labels(tr: Tr) -> dict[str, str]:
    """The countdown's state words (never colour alone) and its unit label."""
    labels: dict[str, str] = {status: tr(f"agenda.timer.{status}") for status in TimerStatus}
    labels["unit"] = tr("app.timer_unit")
    return labels


def timer_caption(w: Workshop, tr: Tr) -> str:
    """Under the countdown in Invent's cycle: which case, which part."""
    position = getattr(w.timer, "position", None)
    if position is None:
        return ""
    case = w.session.case(position.case_id)
    return tr(
        "app.cycle_caption",
        index=position.number,
        count=position.case_count,
        part=tr(f"agenda.cycle.{position.part.value}"),
        name=literal(case.name) if case else position.case_id,
    )


def turn_view(w: Workshop, tr: Tr) -> tuple[str, str, str]:
    """(label, name, role) of whoever is at the keyboard."""
    person = w.session.participant(w.turn)
    if person is None:
        return tr("app.turn"), tr("app.nobody"), ""
    return tr("app.turn"), person.name, tr(f"role.{person.role}")


def summary_lines(session: Session, tr: Tr) -> list[str]:
    """The state so far, for a phase whose work area shows only its question."""
    return [
        tr("summary.reviews", n=len(session.reviews)),
        tr("summary.posts", n=len(session.posts)),
        tr("summary.items", n=len(session.items)),
        tr("summary.cases", n=len(session.cases)),
    ]
