"""Help (F1): every key binding with what it does, in the UI language."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ..host import host_of
from ..recovering import Recovering


class HelpScreen(Recovering, ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen #help {
        width: 80%;
        height: 80%;
        border: thick $primary;
        background: $surface;
        padding: 1 2;
    }
    """
    BINDINGS = [Binding("escape,f1,q", "dismiss", "Close", id="close_help")]

    def compose(self) -> ComposeResult:
        app = host_of(self.app)
        table = Table(title=app.tr("help.title"), expand=True, show_edge=False)
        table.add_column(app.tr("help.key"), style="bold", no_wrap=True)
        table.add_column(app.tr("help.action"))
        for binding in self.app.BINDINGS:
            if isinstance(binding, Binding) and binding.id:
                table.add_row(Text(self.app.get_key_display(binding)), Text(app.describe_binding(binding.id)))
        table.add_row(Text("ctrl+p"), Text(app.tr("help.palette")))
        with VerticalScroll(id="help"):
            yield Static(table)
            yield Static(Text(app.tr("help.footer")), classes="hint")
