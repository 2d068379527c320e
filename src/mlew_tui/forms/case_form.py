"""``Add case`` / edit case: the fields of the deck's case frame.

The name has focus; the presenter starts as whoever is at the keyboard (or
the case's presenter when editing). ctrl+s saves from any field, Escape
cancels, Enter moves to the next field. The form returns a mapping of the
case's fields (:data:`~mlew_tui.domain.invent.CASE_FIELDS`) or ``None``;
the caller turns it into an undoable edit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select

from ..domain.invent import CASE_FIELDS
from ..domain.session import NAME_MAX, TEXT_MAX
from ..i18n import Translator
from ..literal import literal_text
from ..recovering import Recovering
from ..widgets.text_field import TextField

TEXT_FIELDS = tuple(f for f in CASE_FIELDS if f != "presenter")
#: What the file holds of each: a case's name and company are names.
MAX_LENGTH = {name: NAME_MAX if name in ("name", "company") else TEXT_MAX for name in TEXT_FIELDS}


class CaseForm(Recovering, ModalScreen[dict[str, str] | None]):
    CSS_PATH = "case_form.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="form.save"),
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
    ]

    def __init__(self, tr: Translator, people: Sequence[tuple[str, str]], values: Mapping[str, str], *, editing: bool = False) -> None:
        """``people``: (id, name) of the participants; ``values``: the fields to start with."""
        super().__init__()
        self._tr = tr
        self._people = tuple(people)
        self._values = dict(values)
        self._editing = editing

    def compose(self) -> ComposeResult:
        tr = self._tr
        with Vertical(id="case-form", classes="form"):
            yield Label(tr("invent.form.edit_title" if self._editing else "invent.form.title"), classes="form-title")
            with VerticalScroll(id="case-fields"):
                for name in TEXT_FIELDS:
                    with Horizontal(classes="case-field"):
                        yield Label(tr(f"invent.field.{name}"), classes="case-label")
                        yield TextField(
                            self._values.get(name, ""), placeholder=tr(f"invent.placeholder.{name}"), id=f"case-{name}", max_length=MAX_LENGTH[name]
                        )
                with Horizontal(classes="case-field"):
                    yield Label(tr("invent.field.presenter"), classes="case-label")
                    presenter = self._values.get("presenter", "")
                    yield Select(
                        [(literal_text(name), pid) for pid, name in self._people],
                        value=presenter if presenter in {p for p, _ in self._people} else Select.BLANK,
                        prompt=tr("invent.form.no_presenter"),
                        id="case-presenter",
                    )
            yield Label("", id="case-error", classes="error")
            yield Label(tr("form.hint"), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#case-name", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    def draft(self) -> dict[str, str]:
        values = {name: self.query_one(f"#case-{name}", Input).value.strip() for name in TEXT_FIELDS}
        presenter = self.query_one("#case-presenter", Select).value
        values["presenter"] = presenter if isinstance(presenter, str) else ""
        return values

    def action_save(self) -> None:
        values = self.draft()
        if not values["name"]:
            self.query_one("#case-error", Label).update(self._tr("invent.refused.no_name"))
            self.query_one("#case-name", Input).focus()
            return
        self.dismiss(values)

    def action_cancel(self) -> None:
        self.dismiss(None)
