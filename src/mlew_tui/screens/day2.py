"""Day 2 screens: allotting the improvement run, and which screen each step shows.

The processes the team re-runs open their Day 1 screens (the step's card shows
the Day 2 recommended actions); the plan steps have screens of their own
(:mod:`.day2_timeline`, :mod:`.day2_tasks`, :mod:`.day2_register`). Every
Day 2 screen opens "what changed since Day 1" with ``c``.
"""

from __future__ import annotations

from datetime import date, tzinfo

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..domain import plan
from ..domain.agenda import PROCESSES
from ..domain.change import SESSION_PARTS
from ..domain.diagnostics import diagnose
from ..domain.plan import Check
from ..domain.zones import session_zone
from .base import WorkshopScreen


class Day2Screen(WorkshopScreen):
    """Base of Day 2's own screens: today's date, the session's zone (``c``,
    what changed since Day 1, is the app's key on every Day 2 screen)."""

    # The stylesheets of the forms it opens are read with it: one arriving with a form would make Textual parse every stylesheet again.
    CSS_PATH = ["day2.tcss", "../forms/day2_forms.tcss"]

    @property
    def today(self) -> date:
        return self.host.workshop.now().date()

    @property
    def zone(self) -> tzinfo:
        now = self.host.workshop.now()
        zone = now.tzinfo or now.astimezone().tzinfo
        assert zone is not None  # astimezone() always sets one
        return session_zone(self.host.workshop.session, zone)

    def checks_view(self, checks: list[Check], ok_key: str) -> Table:
        """Findings, one a row: ``!`` warnings in yellow, ``i`` notes dimmed,
        ``✓`` ``ok_key`` when there is no warning (marks in their own column,
        so wrapped lines hang under the text)."""
        tr = self.host.tr
        grid = Table.grid()
        grid.add_column(width=2, no_wrap=True)
        grid.add_column(ratio=1, overflow="fold")  # Japanese has no spaces to wrap at
        if not any(c.level == "warning" for c in checks):
            grid.add_row(Text("✓ ", style="green"), Text(tr(ok_key), style="green"))
        for check in checks:
            style = "yellow" if check.level == "warning" else "dim"
            grid.add_row(Text("! " if check.level == "warning" else "i ", style=style), Text(tr(check.key, **check.params), style=style))
        return grid


class AllotScreen(Day2Screen):
    """``day2.allot``: minutes per process, with the total against the budget,
    and for the highlighted process what Day 2 recommends and why Day 1 chose it."""

    BINDINGS = [
        Binding("plus,equals_sign,right", "allot(1)", "+5 min", id="allot.more"),
        Binding("minus,left", "allot(-1)", "-5 min", id="allot.less"),
    ]
    #: the allotment, and why Day 1 chose each process: the diagnosis reads the whole session
    WORK_PARTS = SESSION_PARTS

    def compose_work(self) -> ComposeResult:
        yield Static(id="allot-help")
        yield OptionList(id="allot")
        yield Static(id="allot-total")
        yield Static(id="allot-detail")

    def refresh_work(self) -> None:
        tr, s = self.host.tr, self.host.workshop.session
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
            if process in chosen and plan.even_share(s, process):
                line.append("  " + tr("day2.allot.even_share"), style="dim")
            options.add_option(Option(line, id=process))
        options.highlighted = highlighted if highlighted is not None else 0
        total, budget = plan.allot_total(s), plan.allot_budget()
        style = "bold red" if total > budget else "bold"
        key = "day2.allot.over" if total > budget else "day2.allot.total"
        self.query_one("#allot-total", Static).update(Text(tr(key, total=total, budget=budget), style=style))
        self._show_detail()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        tr, s = self.host.tr, self.host.workshop.session
        options = self.query_one("#allot", OptionList)
        if options.highlighted is None:
            return
        process = PROCESSES[options.highlighted]
        step = "test" if process == "test_iterate" else process
        text = Text(tr("plan.allot.recommended", process=tr(f"process.{process}")) + "\n", style="bold")
        text.append(tr(f"step.day2.{step}.what") + "\n")
        diagnosis = next(d for d in diagnose(s) if d.process == process)
        if diagnosis.reasons:
            text.append("\n" + tr("plan.allot.why") + "\n", style="bold")
            for reason in diagnosis.reasons:
                text.append("• " + reason.render(tr) + "\n")
        else:
            text.append("\n" + tr("plan.allot.no_reasons") + "\n", style="dim")
        self.query_one("#allot-detail", Static).update(text)

    def action_allot(self, direction: int) -> None:
        options = self.query_one("#allot", OptionList)
        if options.highlighted is None or self.host.read_only:
            return
        process = PROCESSES[options.highlighted]
        self.host.apply("change_allotment", process, direction * plan.ALLOT_STEP_MIN)
