"""Add or edit a participant: name (focused) and role by a single key."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from ..domain.session import NAME_MAX, ROLES
from ..i18n import Translator
from ..recovering import Recovering
from ..widgets.choice import Choice, ChoiceField
from ..widgets.text_field import TextField


class ParticipantForm(Recovering, ModalScreen[tuple[str, str] | None]):
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="form.save"),
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
    ]

    def __init__(self, tr: Translator, name: str = "", role: str = "other", *, editing: bool = False) -> None:
        super().__init__()
        self._tr, self._name, self._role, self._editing = tr, name, role, editing

    def compose(self) -> ComposeResult:
        tr = self._tr
        with Vertical(classes="form"):
            yield Label(tr("setup.form.edit_title" if self._editing else "setup.form.add_title"), classes="form-title")
            yield TextField(self._name, placeholder=tr("setup.form.name"), id="name", max_length=NAME_MAX)
            choices = [Choice(role, str(n), tr(f"role.{role}")) for n, role in enumerate(ROLES, start=1)]
            yield ChoiceField(tr("setup.form.role"), choices, self._role, id="role")
            yield Label("", id="error", classes="error")
            yield Label(tr("form.hint"), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    def action_save(self) -> None:
        name = self.query_one("#name", Input).value.strip()
        if not name:
            self.query_one("#error", Label).update(self._tr("setup.error.empty_name"))
            return
        self.dismiss((name, self.query_one("#role", ChoiceField).value))

    def action_cancel(self) -> None:
        self.dismiss(None)
