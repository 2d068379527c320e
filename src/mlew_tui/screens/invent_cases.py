"""The work area of ``invent.cases``: the case being shared, the scoring
table of whoever is at the keyboard, and the team's totals and tally.

Every key in the table becomes one command (``set_cell`` / ``credit_cell``,
through the host); the app then refreshes the screen, and the pane redraws
only what differs (the table is rebuilt only when its rows or columns
change). The cycle timer moves by itself; :meth:`CasesPane.sync_cycle`
(polled by the screen) follows it: the case being shared is marked ``▶``,
the case card beside the table shows that case (not the one under the
cursor) and, when a new case or its scoring minute begins, the cursor jumps
to that case.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Static

from ..domain import invent
from ..domain.scoring import Analysis, analyse
from ..domain.timer import CasePart, CycleTimer
from ..host import WorkshopHost, host_of
from ..recovering import Recovering
from ..views.invent_view import case_detail, fill, headings, item_shorts, item_text, more_hints, private_note, scoring_layout, team_lines
from ..widgets.grid_view import GridView
from ..widgets.scoring_table import HIDDEN, ScoringTable, StatusLine, totals_text
from ..widgets.team_panel import PICK, TIED, TeamHeadings, TeamPanel
from .base import WorkshopScreen

if TYPE_CHECKING:
    from ..i18n import Translator

#: Below this height the case's frame sentence is hidden (the cycle line names the case).
SHORT_PANE = 26


def shown_on(pane: Widget, step: str) -> invent.Shown:
    """What ``pane`` may show of everyone's results on ``step``: the room's
    reveal (:func:`mlew_tui.domain.invent.shown`), or everything when it
    shows the frozen Day 1 (looked back at after the fact)."""
    screen = pane.screen
    if isinstance(screen, WorkshopScreen) and screen.frozen is not None:
        return invent.Shown()
    host = screen.host if isinstance(screen, WorkshopScreen) else host_of(pane.app)
    return invent.shown(host.workshop.session, step)


class CasesPane(Recovering, Vertical):
    """See the module docstring."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._person: str | None = None
        self._cycle: tuple[int, str] | None = None
        #: The case the card shows (the one being presented) and its number.
        self._detail: tuple[str, int] | None = None
        self._headings_for = ""
        self._table: ScoringTable | None = None
        self._team: TeamPanel | None = None
        self._status: StatusLine | None = None
        self._headings_cache: TeamHeadings | None = None

    @property
    def host(self) -> WorkshopHost:
        """The screen's host (the frozen Day 1's on a screen showing it)."""
        screen = self.screen
        return screen.host if isinstance(screen, WorkshopScreen) else host_of(self.app)

    def compose(self) -> ComposeResult:
        yield Static(id="cycle-now")
        with VerticalScroll(id="case-detail-scroll"):
            yield Static(id="case-detail")
        yield Static(id="scoring-title")
        yield ScoringTable(id="scoring")
        yield StatusLine(id="scoring-more")
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
        app = self.host
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
        self._show_cursor_info()
        if not session.cases or not session.items:
            self._message(tr("invent.cases.empty" if not session.cases else "invent.table.no_items"))

    def refresh_scores(self) -> None:
        """Only the scores changed (a key in the table, or its undo): the
        person's cells, the totals, the team grid and the tally - cheap enough
        for every key; the rows, the case card and the cycle line stay."""
        app = self.host
        session, person = app.workshop.session, app.workshop.turn
        mine = session.scores.get(person, {})
        self.table.set_values({(c, i): v for c, row in mine.items() for i, v in row.items()})
        self._show_results(analyse(session))

    def _headings(self, tr: Translator) -> TeamHeadings:
        if self._headings_for != tr.lang:
            self._headings_for, self._headings_cache = tr.lang, headings(tr)
        assert self._headings_cache is not None
        return self._headings_cache

    def _show_results(self, analysis: Analysis) -> None:
        """Totals column, team grid and tally from one analysis (cheap: no rebuild)."""
        app = self.host
        session, tr, person = app.workshop.session, app.tr, app.workshop.turn
        result = analysis.persons.get(person)
        table = self.table
        shown = shown_on(self, "invent.cases")
        for case in session.cases:
            total = result.totals.get(case.id, 0.0) if result else 0.0
            mark = PICK if result and result.pick == case.id else TIED if result and case.id in result.tied else ""
            table.set_total(case.id, totals_text(total, mark, bool(mark)) if shown.totals else HIDDEN)
        persons, tally = team_lines(session, tr, analysis, person, shown)
        headings = self._headings(tr)
        note = None
        if shown.private:
            headings = replace(headings, tally=tr("reveal.tally_hidden"))
            note = private_note(session, tr, analysis, "invent.cases", self._presented_case())
        self.team.show(persons, len(session.cases), tally, headings, note)

    def _private_moved(self) -> None:
        """Another case is presented: while private, say who has scored it."""
        if shown_on(self, "invent.cases").private:
            self._show_results(analyse(self.host.workshop.session))

    def _presented_case(self) -> str | None:
        """The case being presented (the cycle's), or on a Day 2 re-run with no
        cycle the one under the cursor."""
        timer = self.host.workshop.timer
        if isinstance(timer, CycleTimer):
            return timer.position.case_id
        return self._cursor_case()

    def on_scoring_table_overflow(self, event: ScoringTable.Overflow) -> None:
        """``← more`` / ``more →`` (and ↑ ↓) where columns or rows are out of view."""
        event.stop()
        # Spread over the table's width as it is when drawn (a scroll bar may still come or go).
        self.query_one("#scoring-more", StatusLine).show_fitted(lambda: more_hints(self.host.tr, event, self.table.size.width))

    # -- keys of the table --------------------------------------------------------
    def on_scoring_table_entered(self, event: ScoringTable.Entered) -> None:
        event.stop()
        self._apply("set_cell", event.case, event.item, event.value)

    def on_scoring_table_credited(self, event: ScoringTable.Credited) -> None:
        event.stop()
        self._apply("credit_cell", event.case, event.item, "full" if event.credit == "full" else "partial")

    def _apply(self, name: str, case: str, item: str, value: object) -> None:
        """One cell's command for whoever is at the keyboard; the app refreshes
        every view that shows scores (this pane, or the vote step's if the room
        has moved on since the key was typed)."""
        app = self.host
        try:
            app.apply(name, app.workshop.turn, case, item, value)
        except invent.Refused as refused:
            self._message(fill(app.tr, refused.key, style="bold", user_style="bold", **refused.params), error=True)
            return
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
            if not isinstance(self.host.workshop.timer, CycleTimer):
                self._show_case(self._cursor_case())  # no cycle (a Day 2 re-run): the card follows the cursor
                self._private_moved()

    def _cursor_case(self) -> str | None:
        cases = self.host.workshop.session.cases
        row = self.table.cursor_row
        return cases[row].id if 0 <= row < len(cases) else (cases[0].id if cases else None)

    def _show_cursor_info(self) -> None:
        """The item under the cursor (the case card follows the cycle, not the cursor)."""
        app = self.host
        session, tr = app.workshop.session, app.tr
        column = self.table.cursor_column
        items = session.ordered_items()
        item = items[column - 1] if 1 <= column <= len(items) else (items[0] if items else None)
        shorts = item_shorts(session, tr)
        self.query_one("#item-info", StatusLine).show(item_text(session, tr, item, shorts.get(item.id, "") if item else ""))

    def _show_case(self, case_id: str | None, force: bool = False) -> None:
        """The card beside the table: the case being presented (``None``: none)."""
        app = self.host
        session = app.workshop.session
        index = next((k for k, c in enumerate(session.cases) if c.id == case_id), -1)
        key = (case_id or "", index)
        if force or key != self._detail:
            self._detail = key
            case = session.cases[index] if index >= 0 else None
            self.query_one("#case-detail", Static).update(case_detail(session, app.tr, case, index + 1))

    # -- the cycle timer -----------------------------------------------------------
    def sync_cycle(self, force: bool = False) -> None:
        """Follow the cycle: mark the case being shared, say which part runs."""
        app = self.host
        session, tr = app.workshop.session, app.tr
        timer = app.workshop.timer
        now = self.query_one_optional("#cycle-now", Static)
        if now is None:
            return  # just recomposed (a language switch): its widgets mount in a moment
        if not isinstance(timer, CycleTimer):
            if force:
                # No cycle: no cases yet, or a Day 2 re-run, where the team
                # re-scores any case (the card follows the cursor).
                line = "invent.cycle.no_cases" if not session.cases else "rerun.invent.rescore"
                now.update(Text(tr(line), style="dim"))
                self._show_case(self._cursor_case(), force=True)
            return
        position = timer.position
        key = (position.case_index, position.part.value)
        if key == self._cycle and not force:
            return
        moved = key != self._cycle
        self._cycle = key
        case = session.case(position.case_id)
        self._show_case(position.case_id, force=force)
        table = self.table
        table.mark_current(position.case_id)
        if moved:  # a new case, or its scoring minute: the cursor goes there
            table.focus_row(position.case_id)
            self._private_moved()
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
