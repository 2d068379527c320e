"""Day 2 screens: allotting the improvement run, and the plan.

The processes the team re-runs open their Day 1 screens (see
``screen_for_step``); these screens cover the steps of their own.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..domain import plan
from ..domain.agenda import PROCESSES
from ..literal import literal_text
from .base import WorkshopScreen


class AllotScreen(WorkshopScreen):
    """``day2.allot``: minutes per process, with the total against the budget."""

    BINDINGS = [
        Binding("plus,equals_sign,right", "allot(1)", "+5 min", id="allot.more"),
        Binding("minus,left", "allot(-1)", "-5 min", id="allot.less"),
    ]

    def compose_work(self) -> ComposeResult:
        yield Static(id="allot-help")
        yield OptionList(id="allot")
        yield Static(id="allot-total")

    def refresh_work(self) -> None:
        tr, s = self.mlew.tr, self.mlew.workshop.session
        self.query_one("#allot-help", Static).update(Text(tr("day2.allot.help")))
        options = self.query_one("#allot", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        chosen = plan.allotted(s)
        for process in PROCESSES:
            line = Text()
            mark = "●" if process in s.next_step.improve else "○"
            line.append(f"{mark} {tr(f'process.{process}'):<16}", style="bold" if process in chosen else "dim")
            line.append(tr("day2.allot.minutes", minutes=chosen.get(process, 0)))
            options.add_option(Option(line, id=process))
        options.highlighted = highlighted if highlighted is not None else 0
        total, budget = plan.allot_total(s), plan.allot_budget()
        style = "bold red" if total > budget else "bold"
        key = "day2.allot.over" if total > budget else "day2.allot.total"
        self.query_one("#allot-total", Static).update(Text(tr(key, total=total, budget=budget), style=style))

    def action_allot(self, direction: int) -> None:
        options = self.query_one("#allot", OptionList)
        if options.highlighted is None or self.mlew.read_only:
            return
        process = PROCESSES[options.highlighted]
        self.mlew.workshop.do(plan.change_allotment(self.mlew.workshop.session, process, direction * plan.ALLOT_STEP_MIN))
        self.refresh_all()


class PlanScreen(WorkshopScreen):
    """The 60-minute plan: milestones, TODOs and meetings so far."""

    def compose_work(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(id="plan")

    def refresh_work(self) -> None:
        tr, s = self.mlew.tr, self.mlew.workshop.session
        names = {p.id: p.name for p in s.participants}
        milestones = Table(title=tr("day2.plan.milestones"), expand=True)
        for column in ("id", "title", "who", "what", "how", "due"):
            milestones.add_column(tr(f"day2.plan.col.{column}"))
        for m in s.milestones:
            milestones.add_row(*(literal_text(v) for v in (m.id, m.title, m.who, m.what, m.how, m.due.isoformat() if m.due else "")))
        todos = Table(title=tr("day2.plan.todos"), expand=True)
        for column in ("todo", "owner", "milestone", "due", "done"):
            todos.add_column(tr(f"day2.plan.col.{column}"))
        for t in s.todos:
            todos.add_row(literal_text(t.text), literal_text(names.get(t.owner, t.owner)), Text(t.milestone), Text(t.due.isoformat() if t.due else ""), Text("✓" if t.done else ""))
        meetings = Table(title=tr("day2.plan.meetings"), expand=True)
        for column in ("kind", "title", "start", "until"):
            meetings.add_column(tr(f"day2.plan.col.{column}"))
        for m in s.meetings:
            meetings.add_row(Text(tr(f"day2.plan.kind.{m.kind}")), literal_text(m.title), Text(m.start.strftime("%Y-%m-%d %H:%M")), Text(m.weekly_until.isoformat() if m.weekly_until else ""))
        self.query_one("#plan", Static).update(_stack(milestones, todos, meetings))


def _stack(*tables: Table) -> Table:
    grid = Table.grid(expand=True)
    for table in tables:
        grid.add_row(table)
    return grid


def day2_screen(step_id: str, phase: str) -> type[WorkshopScreen] | str | None:
    """The screen of a Day 2 step: its own, or (a re-run process) the name of
    the Day 1 phase whose screen it reopens; None for Day 1 steps."""
    if step_id == "day2.allot":
        return AllotScreen
    if phase == "plan":
        return PlanScreen
    if phase == "improve":
        process = step_id.removeprefix("day2.")
        return "test_iterate" if process == "test" else process
    return None
