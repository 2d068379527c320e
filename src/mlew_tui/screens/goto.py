"""``Go to`` (ctrl+g): the day's phases, numbered; a digit opens that phase.

The palette's ``Go to <phase>`` commands, one key away: ctrl+g then the
phase's number (Escape closes). The numbers follow the agenda of the day
that is open, so Day 1 and Day 2 each number their own phases.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from ..host import host_of
from ..recovering import Recovering


class GotoScreen(Recovering, ModalScreen[str | None]):
    """Dismisses with the chosen phase (or None)."""

    DEFAULT_CSS = """
    GotoScreen {
        align: center middle;

        #goto {
            width: auto;
            min-width: 40;
            height: auto;
            border: thick $primary;
            background: $surface;
            padding: 1 2;
        }

        #goto .title {
            margin-bottom: 1;
        }

        #goto-phases {
            width: auto;
        }
    }
    """
    BINDINGS = [Binding("escape,ctrl+g", "dismiss", "Close", id="close_goto")]

    def __init__(self, phases: list[tuple[str, str]], current: str) -> None:
        super().__init__()
        self.phases = phases  # (phase id, title in the UI language)
        self.current = current

    def compose(self) -> ComposeResult:
        app = host_of(self.app)
        text = Text()
        for number, (phase, title) in enumerate(self.phases, start=1):
            mark = "▶ " if phase == self.current else "  "
            text.append(f"{mark}{number}  ", style="bold")
            text.append(title + "\n", style="bold reverse" if phase == self.current else "")
        with Vertical(id="goto"):
            yield Static(Text(app.tr("goto.title"), style="bold"), classes="title")
            yield Static(text, id="goto-phases")
            yield Static(Text(app.tr("goto.hint", last=len(self.phases))), classes="hint")

    def on_key(self, event: events.Key) -> None:
        if event.character and event.character.isdigit():
            event.stop()
            index = int(event.character) - 1
            if 0 <= index < len(self.phases):
                self.dismiss(self.phases[index][0])
