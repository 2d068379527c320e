"""Add or edit a participant: name (focused), id and role by a single key.

The id is what the session file and the reports name the person by. Adding,
it is made from the name as typed (the field's placeholder shows it) unless
one is typed; editing, the field holds the current id and may be changed
(``check`` refuses an id that is not a slug or is someone else's, and the
form stays open with what was typed).
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
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

#: ``(name, role, id)``; the id is "" to have it made from the name.
ParticipantResult = tuple[str, str, str]


class ParticipantForm(Recovering, ModalScreen[ParticipantResult | None]):
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="form.save"),
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
    ]

    def __init__(
        self,
        tr: Translator,
        name: str = "",
        role: str = "other",
        *,
        editing: bool = False,
        pid: str = "",
        suggest: Callable[[str], str] | None = None,
        check: Callable[[str], str | None] | None = None,
    ) -> None:
        """``suggest(name)``: the id a name would get; ``check(id)``: why the id
        cannot be used (a message), or None."""
        super().__init__()
        self._tr, self._person_name, self._role, self._editing, self._pid = tr, name, role, editing, pid
        self._suggest, self._check = suggest, check

    def compose(self) -> ComposeResult:
        tr = self._tr
        with Vertical(classes="form"):
            yield Label(tr("setup.form.edit_title" if self._editing else "setup.form.add_title"), classes="form-title")
            yield TextField(self._person_name, placeholder=tr("setup.form.name"), id="name", max_length=NAME_MAX)
            yield Label(tr("names.form.id"), classes="hint")
            yield TextField(self._pid, placeholder=self._id_placeholder(self._person_name), id="pid")
            choices = [Choice(role, str(n), tr(f"role.{role}")) for n, role in enumerate(ROLES, start=1)]
            yield ChoiceField(tr("setup.form.role"), choices, self._role, id="role")
            yield Label("", id="error", classes="error")
            yield Label(tr("form.hint"), classes="hint")

    def _id_placeholder(self, name: str) -> str:
        made = self._suggest(name) if self._suggest is not None and not self._editing else ""
        return self._tr("names.form.id_made", id=made) if made else self._tr("names.form.id_placeholder")

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "name":
            self.query_one("#pid", Input).placeholder = self._id_placeholder(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    def action_save(self) -> None:
        error = self.query_one("#error", Label)
        name = self.query_one("#name", Input).value.strip()
        if not name:
            error.update(self._tr("setup.error.empty_name"))
            return
        pid = self.query_one("#pid", Input).value.strip()
        if pid or self._editing:
            problem = self._check(pid) if self._check is not None else None
            if problem:
                error.update(Text(problem))  # it quotes what was typed: shown literally
                return
        self.dismiss((name, self.query_one("#role", ChoiceField).value, pid))

    def action_cancel(self) -> None:
        self.dismiss(None)
