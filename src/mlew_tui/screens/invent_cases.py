"""The work area of ``invent.cases``: the case being shared, the scoring
table of whoever is at the keyboard, and the team's totals and tally.

Every key in the table becomes one undoable edit (``domain.invent``); then
exactly the changed cells are redrawn: the cell, the row totals, the
person's row of the team grid and the tally - the table is never rebuilt per
key. The cycle timer moves by itself; :meth:`CasesPane.sync_cycle` (polled
by the screen) follows it: the case being shared is marked ``▶`` and, when a
new case or its scoring minute begins, the cursor jumps to that case.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from ..domain import invent
from ..domain.scoring import Analysis, analyse
from ..domain.timer import CasePart, CycleTimer
from ..views.invent_view import case_detail, fill, headings, item_shorts, item_text, scoring_layout, team_lines
from ..widgets.grid_view import GridView
from ..widgets.scoring_table import ScoringTable, StatusLine, totals_text
from ..widgets.team_panel import PICK, TIED, TeamHeadings, TeamPanel

if TYPE_CHECKING:
    from ..app import MlewApp
    from ..i18n import Translator

#: Below this height the case's frame sentence is hidden (the cycle line names the case).
SHORT_PANE = 26


class CasesPane(Vertical):
    """See the module docstring."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._person: str | None = None
        self._cycle: tuple[int, str] | None = None
        self._detail_row: int | None = None
        self._headings_for = ""
        self._table: ScoringTable | None = None
        self._team: TeamPanel | None = None
        self._status: StatusLine | None = None
        self._headings_cache: TeamHeadings | None = None

    @property
    def mlew(self) -> MlewApp:
        return cast("MlewApp", self.app)

    def compose(self) -> ComposeResult:
        yield Static(id="cycle-now")
        with VerticalScroll(id="case-detail-scroll"):
            yield Static(id="case-detail")
        yield Static(id="scoring-title")
        yield ScoringTable(id="scoring")
        yield StatusLine(id="item-info")
        yield StatusLine(id="scoring-message")
        yield TeamPanel(id="team")

    def on_resize(self, event: events.Resize) -> None:
        # A small terminal (80x24) keeps the table and the team's totals; the
        # frame sentence of the case is the first thing to go.
        self.set_class(event.size.height < SHORT_PANE, "-short")

    # Found once (queries cost time on every key); looked up lazily because a
    # language switch recomposes the pane and refreshes it before its mount.
    @property
    def table(self) -> ScoringTable:
        if self._table is None:
            self._table = self.query_one(ScoringTable)
        return self._table

    @property
    def team(self) -> TeamPanel:
        if self._team is None:
            self._team = self.query_one(TeamPanel)
        return self._team

    @property
    def status(self) -> StatusLine:
        if self._status is None:
            self._status = self.query_one("#scoring-message", StatusLine)
        return self._status

    # -- full refresh (navigation, turn, undo, language) -----------------------
    def refresh_pane(self) -> None:
        app = self.mlew
        session, tr, person = app.workshop.session, app.tr, app.workshop.turn
        table = self.table
        table.build(scoring_layout(session, tr))
        mine = session.scores.get(person, {})
        table.set_values({(c, i): v for c, row in mine.items() for i, v in row.items()})
        analysis = analyse(session)
        self._show_results(analysis)
        who = session.participant(person)
        self.query_one("#scoring-title", Static).update(fill(tr, "invent.table.title", name=who.name if who else tr("app.nobody")))
        if person != self._person:
            self._person = person
            self._message("")
            cell = table.cursor_cell
            if cell is not None:
                table.focus_row(cell[0])
        self.sync_cycle(force=True)
        self._show_cursor_info(force=True)
        if not session.cases or not session.items:
            self._message(tr("invent.cases.empty" if not session.cases else "invent.table.no_items"))

    def _headings(self, tr: Translator) -> TeamHeadings:
        if self._headings_for != tr.lang:
            self._headings_for, self._headings_cache = tr.lang, headings(tr)
        return self._headings_cache

    def _show_results(self, analysis: Analysis) -> None:
        """Totals column, team grid and tally from one analysis (cheap: no rebuild)."""
        app = self.mlew
        session, tr, person = app.workshop.session, app.tr, app.workshop.turn
        result = analysis.persons.get(person)
        table = self.table
        for case in session.cases:
            total = result.totals.get(case.id, 0.0) if result else 0.0
            mark = PICK if result and result.pick == case.id else TIED if result and case.id in result.tied else ""
            table.set_total(case.id, totals_text(total, mark, bool(mark)))
        persons, tally = team_lines(session, tr, analysis, person)
        self.team.show(persons, len(session.cases), tally, self._headings(tr))

    # -- keys of the table --------------------------------------------------------
    def on_scoring_table_entered(self, event: ScoringTable.Entered) -> None:
        event.stop()
        self._apply(event.case, event.item, lambda s, p: invent.set_cell(s, p, event.case, event.item, event.value))

    def on_scoring_table_credited(self, event: ScoringTable.Credited) -> None:
        event.stop()
        credit = "full" if event.credit == "full" else "partial"
        self._apply(event.case, event.item, lambda s, p: invent.credit_cell(s, p, event.case, event.item, credit))

    def _apply(self, case: str, item: str, make) -> None:  # type: ignore[no-untyped-def]
        app = self.mlew
        session, person = app.workshop.session, app.workshop.turn
        try:
            edit = make(session, person)
        except invent.Refused as refused:
            self._message(fill(app.tr, refused.key, style="bold", user_style="bold", **refused.params), error=True)
            return
        app.workshop.do(edit)
        self.table.set_value(case, item, invent.cell_value(session, person, case, item))
        self._show_results(analyse(session))
        self._message("")

    def _message(self, text: str | Text, error: bool = False) -> None:
        widget = self.status
        widget.set_class(error, "-error")
        widget.show(text if isinstance(text, Text) else Text(text))

    # -- the cursor: the item under it and the case's frame -------------------------
    def on_grid_view_cursor_moved(self, event: GridView.CursorMoved) -> None:
        if event.grid is self.table:
            event.stop()
            self._show_cursor_info()

    def _show_cursor_info(self, force: bool = False) -> None:
        app = self.mlew
        session, tr = app.workshop.session, app.tr
        table = self.table
        row, column = table.cursor_row, table.cursor_column
        items = session.ordered_items()
        item = items[column - 1] if 1 <= column <= len(items) else (items[0] if items else None)
        shorts = item_shorts(session, tr)
        self.query_one("#item-info", StatusLine).show(item_text(session, tr, item, shorts.get(item.id, "") if item else ""))
        if force or row != self._detail_row:
            self._detail_row = row
            case = session.cases[row] if 0 <= row < len(session.cases) else None
            self.query_one("#case-detail", Static).update(case_detail(session, tr, case, row + 1))

    # -- the cycle timer -----------------------------------------------------------
    def sync_cycle(self, force: bool = False) -> None:
        """Follow the cycle: mark the case being shared, say which part runs."""
        app = self.mlew
        session, tr = app.workshop.session, app.tr
        timer = app.workshop.timer
        now = self.query_one("#cycle-now", Static)
        if not isinstance(timer, CycleTimer):
            if force:
                now.update(Text(tr("invent.cycle.no_cases"), style="dim"))
            return
        position = timer.position
        key = (position.case_index, position.part.value)
        if key == self._cycle and not force:
            return
        moved = key != self._cycle
        self._cycle = key
        case = session.case(position.case_id)
        table = self.table
        table.mark_current(position.case_id)
        if moved:  # a new case, or its scoring minute: the cursor goes there
            table.focus_row(position.case_id)
        part = "score" if position.part is CasePart.SCORE else "share"
        now.set_class(part == "score", "-score")
        presenter = session.participant(case.presenter) if case else None
        now.update(
            fill(
                tr,
                f"invent.cycle.{part}",
                style="bold",
                number=position.number,
                count=position.case_count,
                name=case.name if case else position.case_id,
                presenter=presenter.name if presenter else tr("invent.cases.no_presenter"),
            )
        )
