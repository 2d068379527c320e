"""Test/Iterate: the three milestones and Who / What / How / due for each.

Both steps (``test.milestones``, ``test.who_what_how``) show the grid of
milestones: entering them creates m1-m3 with the deck's questions where
missing (one undoable edit). Enter edits a cell, Delete clears it; a missing
part is marked, and m1 due more than three months after the workshop is
flagged in red with words. ``e`` shows the deck's EC-site example as a hint.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from ..domain import milestones as rules
from ..domain.formats import day
from ..domain.session import Milestone
from ..forms.refine_forms import TextForm
from ..widgets.keybar import KeyBar
from ..widgets.milestone_grid import GridCell, GridRow, MilestoneGrid
from .base import WorkshopScreen

MULTILINE = {"how"}


class TestIterateScreen(WorkshopScreen):
    __test__ = False  # not a pytest class, whatever its name
    # The stylesheets of the forms it opens are read with it: one arriving with a form would make Textual parse every stylesheet again.
    CSS_PATH = ["test_iterate.tcss", "../forms/refine_forms.tcss"]
    BINDINGS = [Binding("e", "example", "EC example", id="milestone.example", show=False)]

    WORK_PARTS = frozenset({"milestones", "workshop_date"})

    def __init__(self) -> None:
        super().__init__()
        self._example = False

    def compose_work(self) -> ComposeResult:
        yield Static(id="milestones-intro")
        with VerticalScroll(id="milestones-scroll"):
            yield MilestoneGrid(id="grid")
            yield Static(id="example")
        yield Static(id="milestones-hint", classes="keys-hint")

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """The key bar names the keys of the list that has focus."""
        self.query_one(KeyBar).refresh_keys()

    def refresh_work(self) -> None:
        app, tr = self.host, self.host.tr
        session = app.workshop.session
        # The three milestones are explained on the instruction card; here the
        # one 3-month rule, from where it starts (m0 on Day 2, else the workshop).
        window = rules.horizon(session)
        intro = self.query_one("#milestones-intro", Static)
        intro.display = window is not None and window.basis != "today"
        if window is not None and window.basis != "today":
            key = "milestone.m1_rule_m0" if window.basis == "m0" else "milestone.m1_rule"
            intro.update(Text(tr(key, date=day(window.start), limit=day(window.end)), style="bold"))
        headers = [tr("milestone.col.milestone"), tr("milestone.col.who"), tr("milestone.col.what"), tr("milestone.col.how"), tr("milestone.col.due")]
        self.query_one(MilestoneGrid).show(headers, [self._row(m) for m in rules.ordered(session)])
        example = self.query_one("#example", Static)
        example.display = self._example
        if self._example:
            example.update(self._example_text())
        self.query_one("#milestones-hint", Static).update(Text(tr("milestone.hint")))

    def step_entered(self, step: str) -> None:
        self.query_one(MilestoneGrid).focus(scroll_visible=False)

    def _row(self, m: Milestone) -> GridRow:
        tr, session = self.host.tr, self.host.workshop.session
        missing = rules.missing_parts(m)
        late = rules.is_late(session, m)
        cells = []
        for field in rules.FIELDS:
            value = getattr(m, field)
            if field == "due":
                text = day(value)
                if late:
                    cells.append(GridCell(text, tr("milestone.late"), "error"))
                    continue
            else:
                text = value.strip()
            cells.append(GridCell(text, tr("milestone.missing"), "warning") if field in missing else GridCell(text))
        if late:
            status = GridCell(tr("milestone.status_late"), "!", "error")
        elif missing:
            status = GridCell(tr("milestone.status_missing", n=len(missing)), "!", "warning")
        else:
            status = GridCell(tr("milestone.status_ok"), "✓")
        return GridRow(m.id, m.title, tuple(cells), status)

    def _example_text(self) -> Text:
        tr = self.host.tr
        text = Text().append(tr("milestone.example.heading") + "\n", style="bold")
        for mid in rules.MILESTONES:
            text.append(f"{mid} " + tr(rules.title_key(mid)) + "\n", style="bold")
            for part, key in rules.example_keys(mid).items():
                text.append(f"   {tr(f'milestone.col.{part}')}: ", style="bold")
                text.append(tr(key) + "\n")
        return text

    # -- actions -------------------------------------------------------------------
    def action_example(self) -> None:
        self._example = not self._example
        self.refresh_work()
        if self._example:
            self.call_after_refresh(self.query_one("#example").scroll_visible)

    def on_milestone_grid_edit(self, message: MilestoneGrid.Edit) -> None:
        app, tr = self.host, self.host.tr
        session = app.workshop.session
        field = rules.FIELDS[message.column]
        milestone = rules.milestone(session, message.row)
        if milestone is None:
            return
        if message.clear:
            app.apply("set_milestone_field", message.row, field, None if field == "due" else "")
            return
        if field == "due":

            def validate(value: str) -> str:
                try:
                    rules.parse_due(value)
                except ValueError:
                    return tr("milestone.bad_date", value=value)
                return ""

            def due_done(value: str | None) -> None:
                if value is not None:
                    due = rules.parse_due(value)
                    if due != milestone.due:
                        app.apply("set_milestone_field", message.row, "due", due)

            current = day(milestone.due)
            title = tr("milestone.form.title", id=milestone.id, part=tr("milestone.col.due"))
            self.app.push_screen(TextForm(tr, title, current, placeholder=tr("milestone.form.date"), validate=validate), due_done)
            return

        def done(value: str | None) -> None:
            if value is not None and value != getattr(milestone, field):
                app.apply("set_milestone_field", message.row, field, value)

        title = tr("milestone.form.title", id=milestone.id, part=tr(f"milestone.col.{field}"))
        hint = tr(f"milestone.form.{field}")
        self.app.push_screen(TextForm(tr, title, getattr(milestone, field), multiline=field in MULTILINE, placeholder=hint), done)
