"""``Import cases``: the ``[[cases]]`` of a TOML file, from inside the app.

The data scientist prepares cases in a file of their own (the format of the
session's ``[[cases]]``); the facilitator types its path here. Enter or
ctrl+s imports; every problem of the file is listed and the form stays open;
Escape cancels. The caller supplies ``attempt(path) -> problems`` that does
the import (one undoable edit) and returns what was wrong, if anything.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from ..i18n import Translator
from ..recovering import Recovering
from ..widgets.text_field import TextField


class CaseImportForm(Recovering, ModalScreen[int | None]):
    """Returns the number of imported cases, or ``None`` when cancelled."""

    CSS_PATH = "case_import.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Import", id="form.save"),
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
    ]

    def __init__(self, tr: Translator, start: str, attempt: Callable[[str], tuple[int, Sequence[str]]]) -> None:
        super().__init__()
        self._tr = tr
        self._start = start
        self._attempt = attempt

    def compose(self) -> ComposeResult:
        tr = self._tr
        with Vertical(id="import-form", classes="form"):
            yield Label(tr("invent.import.title"), classes="form-title")
            yield Label(tr("invent.import.text"))
            yield TextField(self._start, placeholder=tr("invent.import.path"), id="import-path")
            with VerticalScroll(id="import-problems"):
                yield Static("", id="import-error", classes="error")
            yield Label(tr("invent.import.hint"), classes="hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        path = self.query_one(Input).value.strip()
        if not path:
            self.query_one("#import-error", Static).update(Text(self._tr("invent.import.no_path")))
            return
        count, problems = self._attempt(path)
        if problems:
            self.query_one("#import-error", Static).update(Text("\n".join(problems)))
            return
        self.dismiss(count)

    def action_cancel(self) -> None:
        self.dismiss(None)
