"""The frame every workshop screen shares.

Agenda bar on top; the phase's work area on the left; on the right the
countdown, whose turn it is and the step's instruction card; the key bar at
the bottom. A phase screen only supplies :meth:`WorkshopScreen.compose_work`
and :meth:`WorkshopScreen.refresh_work`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from ..widgets.agenda_bar import AgendaBar
from ..widgets.countdown import CountdownTimer
from ..widgets.instruction import InstructionCard
from ..widgets.keybar import KeyBar
from ..widgets.turn import TurnIndicator

if TYPE_CHECKING:
    from ..app import MlewApp


class WorkshopScreen(Screen[None]):
    """Base of the phase screens (see the module docstring)."""

    #: What ``Add ...`` opens here: kinds such as ``review``, ``post``, ``item``,
    #: ``case`` (see :meth:`open_add_form`); F2 opens the first one.
    ADDS: tuple[str, ...] = ()

    @property
    def mlew(self) -> MlewApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        app = self.mlew
        yield AgendaBar(id="agenda")
        yield Static("", id="banner")
        with Horizontal(id="body"):
            with Vertical(id="work"):
                yield from self.compose_work()
            with Vertical(id="side"):
                yield CountdownTimer(app.workshop.timer, app.timer_labels(), app.timer_caption, id="timer")
                yield TurnIndicator(id="turn")
                yield Static("", id="save-state")
                with VerticalScroll(id="card-scroll"):
                    yield InstructionCard(id="card")
        yield KeyBar(app.describe_binding, id="keys")

    def compose_work(self) -> ComposeResult:
        yield Static("", id="work-placeholder")

    def on_mount(self) -> None:
        """Nothing to fill yet: a screen is filled when it becomes active."""

    def on_screen_resume(self) -> None:
        # Every screen is resumed when it is shown, the first time included,
        # so this is the one place that fills it (filling twice doubled the
        # first frame's work).
        self.refresh_all()

    def refresh_all(self) -> None:
        """Everything from the workshop's state (after navigation or a language switch)."""
        app = self.mlew
        self.query_one(AgendaBar).show(app.agenda_view())
        self.query_one(CountdownTimer).show(app.workshop.timer, app.timer_labels(), app.timer_caption)
        self.refresh_chrome()
        self.query_one(InstructionCard).show(app.instruction_view())
        self.query_one(KeyBar).refresh_keys()
        self.refresh_work()

    def refresh_chrome(self) -> None:
        """The cheap parts that change often: turn, banner, agenda clock."""
        app = self.mlew
        self.query_one(TurnIndicator).show(*app.turn_view())
        banner = self.query_one("#banner", Static)
        message = app.banner_text()
        banner.update(message)
        banner.display = bool(message)
        self.show_save_state(app.save_state())

    def show_save_state(self, text: str) -> None:
        state = self.query_one_optional("#save-state", Static)
        if state is not None:  # absent while the screen is being (re)composed
            state.update(text)

    def refresh_agenda(self) -> None:
        bar = self.query_one_optional(AgendaBar)
        if bar is not None:  # absent while the screen is being taken down
            bar.show(self.mlew.agenda_view())

    def refresh_work(self) -> None:
        """Redraw the work area from the session (phase screens override)."""

    def open_add_form(self, kind: str) -> None:
        """Open the ``Add <kind>`` form (screens with ``ADDS`` override)."""
