"""Help (F1): every key binding with what it does, in the UI language.

The keys of the step on screen come first (the scoring table's ``0-5``,
``f``, ``p`` ... and the app keys the step names as its own, such as ``F9``
on Invent), then the keys that work on every step."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from ..host import host_of
from ..recovering import Recovering


def step_keys(app: App[object], screen: Screen[object] | None) -> list[tuple[str, str]]:
    """(key, binding id) of the keys ``screen`` (and its focused widget) adds,
    then the app keys it names as its own (``STEP_APP_KEYS``), each once."""
    if screen is None:
        return []
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for active in screen.active_bindings.values():
        binding = active.binding
        if isinstance(active.node, App) or not binding.show or not binding.id or binding.id in seen:
            continue
        seen.add(binding.id)
        out.append((binding.key_display or app.get_key_display(binding), binding.id))
    own = getattr(screen, "STEP_APP_KEYS", ())
    for entry in app.BINDINGS:
        if isinstance(entry, Binding) and entry.id and entry.id in own and entry.id not in seen:
            seen.add(entry.id)
            out.append((app.get_key_display(entry), entry.id))
    return out


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
        below = [s for s in self.app.screen_stack if s is not self]
        own = step_keys(self.app, below[-1] if below else None)
        listed = {binding_id for _key, binding_id in own}
        table = Table(title=app.tr("help.title"), expand=True, show_edge=False)
        table.add_column(app.tr("help.key"), style="bold", no_wrap=True)
        table.add_column(app.tr("help.action"))
        if own:
            table.add_row(Text(app.tr("help.step_keys"), style="bold underline"), Text(""))
            for key, binding_id in own:
                table.add_row(Text(key), Text(app.describe_binding(binding_id)))
            table.add_row(Text(""), Text(""))
            table.add_row(Text(app.tr("help.global_keys"), style="bold underline"), Text(""))
        for binding in self.app.BINDINGS:
            if isinstance(binding, Binding) and binding.id and binding.id not in listed:
                table.add_row(Text(self.app.get_key_display(binding)), Text(app.describe_binding(binding.id)))
        table.add_row(Text("ctrl+p"), Text(app.tr("help.palette")))
        with VerticalScroll(id="help"):
            yield Static(table)
            yield Static(Text(app.tr("help.footer")), classes="hint")
