"""The frame every workshop screen shares.

Agenda bar on top; the phase's work area on the left; on the right the
countdown, whose turn it is and the step's instruction card; the key bar at
the bottom. A phase screen only supplies :meth:`WorkshopScreen.compose_work`
and :meth:`WorkshopScreen.refresh_work`, names the parts of the session its
work area shows (:attr:`WorkshopScreen.WORK_PARTS`), and maps its keys to
commands through :attr:`WorkshopScreen.host` - it never refreshes itself
after its own change: the app calls :meth:`WorkshopScreen.update_views` with
what changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.geometry import Size
from textual.screen import Screen
from textual.widgets import Static

from ..domain.change import AGENDA_PARTS, DAY, LANGUAGE, SESSION_PARTS, STEP, TIMER, TURN
from ..host import WorkshopHost, host_of
from ..recovering import Recovering
from ..views import frame_views as fv
from ..widgets.agenda_bar import AgendaBar
from ..widgets.card_board import CardBoard
from ..widgets.countdown import CountdownTimer
from ..widgets.instruction import InstructionCard
from ..widgets.join_panel import JoinPanel
from ..widgets.keybar import KeyBar
from ..widgets.quiet import QuietStatic
from ..widgets.tips_panel import TipsPanel
from ..widgets.turn import TurnIndicator

#: What the line of a re-run's views shows: the views, and Invent's winner then and now.
VIEWS_LINE_PARTS = frozenset({STEP, DAY, LANGUAGE, "scores", "votes", "invent", "cases"})


class WorkshopScreen(Recovering, Screen[None]):
    """Base of the phase screens (see the module docstring)."""

    #: What ``Add ...`` opens here: kinds such as ``review``, ``post``, ``item``,
    #: ``case`` (see :meth:`open_add_form`); F2 opens the first one.
    ADDS: tuple[str, ...] = ()
    #: The parts of the session (and the workshop) the work area shows; a
    #: change to any of them refreshes it (:mod:`mlew_tui.domain.commands`).
    WORK_PARTS: ClassVar[frozenset[str]] = SESSION_PARTS | {TURN}

    def __init__(self) -> None:
        super().__init__()
        self._when_filled: list[Callable[[WorkshopScreen], object]] = []
        #: Filled from the state at least once (its first frame follows).
        self.filled = False
        self._laid_out_at: Size | None = None
        self._styled_at_mount = False
        #: The step the screen last showed: a new one is "entered" (focus).
        self._shown_step = ""
        #: Set for a screen that shows the frozen Day 1 (:class:`~mlew_tui.host.FrozenDay1`).
        self.frozen: WorkshopHost | None = None

    @property
    def host(self) -> WorkshopHost:
        """The app, through the state loop's small interface (or the frozen
        Day 1, read-only, for a screen that shows it)."""
        return self.frozen if self.frozen is not None else host_of(self.app)

    def compose(self) -> ComposeResult:
        app = self.host
        self._take_breakpoint(self.app.size.width)
        yield AgendaBar(id="agenda")
        yield QuietStatic("", id="banner")
        yield QuietStatic("", id="views")
        with Horizontal(id="body"):
            with Vertical(id="work"):
                yield from self.compose_work()
            with Vertical(id="side"):
                yield CountdownTimer(app.workshop.timer, fv.timer_labels(app.tr), self._timer_caption, id="timer")
                yield TurnIndicator(id="turn")
                yield QuietStatic("", id="save-state")
                with VerticalScroll(id="card-scroll"):
                    yield InstructionCard(id="card")
            yield JoinPanel(id="join")
        yield TipsPanel(id="tips")
        yield KeyBar(app.describe_binding, id="keys")

    def compose_work(self) -> ComposeResult:
        yield Static("", id="work-placeholder")

    def on_resize(self, event: events.Resize) -> None:
        """A resize to the size the screen is already laid out at changes
        nothing: skip Textual's full re-layout and repaint (at start-up the
        terminal reports its size more than once, each after the first frame)."""
        if event.size == self._laid_out_at:
            event.prevent_default()
        else:
            self._laid_out_at = event.size
            self.show_join()  # a short terminal shows the join code without its words

    def _take_breakpoint(self, width: int) -> None:
        """Start with the width class Textual would give on the first resize
        (``-narrow``/``-wide``), so the first frame is not styled twice."""
        breakpoints = self.app.HORIZONTAL_BREAKPOINTS or []  # as Textual reads them (None: none)
        names = {name: False for _, name in breakpoints}
        fitting = [(at, name) for at, name in breakpoints if width >= at]
        if fitting:
            names[max(fitting)[1]] = True
        self.update_classes(names, update=False)

    def on_mount(self) -> None:
        """Nothing to fill yet: a screen is filled when it becomes active."""
        self._styled_at_mount = True

    async def on_screen_resume(self, event: events.ScreenResume) -> None:
        if self._styled_at_mount:
            # Just mounted, so just styled: Textual would restyle every widget
            # of the screen once more as it resumes (for a screen that sat
            # under another while the CSS changed - not the case here).
            self._styled_at_mount = False
            event.refresh_styles = False
        self._laid_out_at = self.app.size  # Textual lays the screen out at this size as it resumes
        if self._size != self.app.size:
            # Textual's own handler (after this one) then lays the screen out
            # and draws all of it - and asks for a full repaint of what it just
            # drew (32 KB at 160x45, 40 ms after the first frame, issue #21's
            # "repaints after mount"). Dropped once that handler is done.
            self.call_next(self._drop_resume_repaint)
        # Every screen is resumed when it is shown, the first time included,
        # so this is the one place that fills it (filling twice doubled the
        # first frame's work). Waiting for the boards' new bands here keeps
        # the screen's first frame whole: one layout and one paint, not a
        # frame without cards and then another with them.
        try:
            self.refresh_all()
        except NoMatches:
            # Switched to just as the app quits: the screen's compose was cut
            # short, and there is nothing to fill.
            if self.app.is_running and self.app.return_code is None:
                raise
            return
        for board in self.query(CardBoard):
            await board.settle()
        self.filled = True
        self.run_when_filled()

    def _drop_resume_repaint(self) -> None:
        self._repaint_required = False

    def when_filled(self, then: Callable[[WorkshopScreen], object]) -> None:
        """Run ``then`` on this screen once it is next filled (it may still be
        composing: navigation opens a form or rolls the die this way)."""
        self._when_filled.append(then)

    def run_when_filled(self) -> None:
        pending, self._when_filled = self._when_filled, []
        for then in pending:
            then(self)

    def refresh_all(self) -> None:
        """Everything from the workshop's state (as the screen is shown)."""
        app = self.host
        self.query_one(AgendaBar).show(fv.agenda_view(app.workshop, app.tr))
        self._show_timer()
        self.refresh_chrome()
        self.query_one(InstructionCard).show(fv.instruction_view(app.workshop, app.tr))
        self.show_tips()
        self.show_join()
        self.query_one(KeyBar).refresh_keys()
        self._show_views()
        self._refresh_work_and_enter()

    def _show_views(self) -> None:
        """A Day 2 re-run's Day 1 views, the one shown marked (hidden elsewhere)."""
        line = fv.views_line(self.host.workshop, self.host.tr)
        views = self.query_one("#views", Static)
        views.update(line)
        views.display = bool(line)

    def update_views(self, parts: frozenset[str]) -> None:
        """Bring up to date exactly the views that show ``parts`` (the app
        calls this once after each key's commands; see the module docstring)."""
        app = self.host
        if parts & AGENDA_PARTS:
            self.query_one(AgendaBar).show(fv.agenda_view(app.workshop, app.tr))
        if parts & {TIMER, STEP, "cases"}:
            self._show_timer()
        if parts & {TURN, "participants"}:
            self.refresh_chrome()
        if parts & {STEP, DAY, LANGUAGE}:
            self.query_one(InstructionCard).show(fv.instruction_view(app.workshop, app.tr))
            self.show_tips()
            self.query_one(KeyBar).refresh_keys()
        if parts & VIEWS_LINE_PARTS:
            self._show_views()
        work = parts & (self.WORK_PARTS | {STEP, DAY, LANGUAGE})
        if work and not (work == {TURN} and self.refresh_turn()):
            self._refresh_work_and_enter()

    def refresh_turn(self) -> bool:
        """Only the turn moved on: bring up to date what of the work area
        shows it, and say True; False (the default) refreshes the whole work
        area. (F9 on a board of 2,000 phone reviews need not rebuild it.)"""
        return False

    def _refresh_work_and_enter(self) -> None:
        step = self.host.workshop.view_step  # a re-run's view switch enters its step
        entered = step != self._shown_step
        self._shown_step = step
        self.refresh_work()
        if entered:
            self.step_entered(step)

    def step_entered(self, step: str) -> None:
        """The screen shows ``step`` for the first time since it showed
        another: focus its main widget (screens override). What entering a
        step does to the session is the step-entry table's business
        (:mod:`mlew_tui.domain.step_entry`), not the screen's."""

    def show_tips(self) -> None:
        """The facilitator's tips of the step, shown or hidden as the app's view setting says."""
        panel = self.query_one_optional(TipsPanel)
        if panel is None:  # the screen is being (re)composed or taken down
            return
        shown = host_of(self.app).tips_shown  # a view setting of the app, the frozen Day 1's screens too
        if shown:
            panel.show(fv.tips_view(self.host.workshop, self.host.tr))
        panel.set_shown(shown)

    def show_join(self) -> None:
        """The invitation to join from a phone, while the room is invited and
        the facilitator shows it (a view of the app, the frozen Day 1's screens too)."""
        panel = self.query_one_optional(JoinPanel)
        if panel is None:  # the screen is being (re)composed or taken down
            return
        view = host_of(self.app).join_view()
        if view is not None:
            panel.show(view)
        panel.set_shown(view is not None, rows=self.app.size.height)
        self.set_class(view is not None, "-joining")

    def _show_timer(self) -> None:
        app = self.host
        self.query_one(CountdownTimer).show(app.workshop.timer, fv.timer_labels(app.tr), self._timer_caption)

    def _timer_caption(self) -> str:
        # Asked on every tick of Invent's cycle: the language of the moment.
        return fv.timer_caption(self.host.workshop, self.host.tr)

    def refresh_chrome(self) -> None:
        """The cheap parts that change often: turn, banner, save state."""
        app = self.host
        self.query_one(TurnIndicator).show(*fv.turn_view(app.workshop, app.tr))
        banner = self.query_one("#banner", Static)
        message = app.banner_text()
        banner.update(message)
        banner.display = bool(message)
        self.show_save_state(app.save_state())

    def show_save_state(self, text: str) -> None:
        state = self.query_one_optional("#save-state", Static)
        if state is not None:  # absent while the screen is being (re)composed
            state.update(text)  # one line of a fixed size (app.tcss): QuietStatic repaints it without a layout

    def refresh_agenda(self) -> None:
        bar = self.query_one_optional(AgendaBar)
        if bar is not None:  # absent while the screen is being taken down
            bar.show(fv.agenda_view(self.host.workshop, self.host.tr))

    def refresh_work(self) -> None:
        """Redraw the work area from the session (phase screens override)."""

    def open_add_form(self, kind: str) -> None:
        """Open the ``Add <kind>`` form (screens with ``ADDS`` override)."""
