"""The customer card editor (step ``listen.customer``): every field multi-line.

The PM owns the card (shown as its owner). Enter starts a new line, Tab moves
to the next field, ctrl+s saves all fields as one undoable change, Escape
cancels. Returns the fields as a dict (or ``None``).
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, TextArea

from ..domain.validation import text_too_long
from ..i18n import Translator
from ..recovering import Recovering


class CustomerForm(Recovering, ModalScreen[dict[str, str] | None]):
    CSS_PATH = "customer_form.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="form.save"),
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
    ]

    def __init__(self, tr: Translator, owner: str, fields: Mapping[str, str]) -> None:
        super().__init__()
        self._tr = tr
        self._owner = owner
        self._fields = dict(fields)

    def compose(self) -> ComposeResult:
        tr = self._tr
        with VerticalScroll(id="customer-form", classes="form"):
            yield Label(tr("ld.customer.edit_title"), classes="form-title")
            yield Label(Text(tr("ld.customer.owner", name=self._owner)), classes="hint")
            for name, value in self._fields.items():
                yield Label(Text(tr(f"ld.customer.field.{name}") + " — " + tr(f"ld.customer.hint.{name}")), classes="field-label")
                yield TextArea(value, id=f"field-{name}", classes="customer-field", soft_wrap=True, show_line_numbers=False)
            yield Label(tr("ld.form.hint_multiline"), classes="hint")

    def on_mount(self) -> None:
        first = next(iter(self._fields), None)
        if first:
            area = self.query_one(f"#field-{first}", TextArea)
            area.focus()
            area.move_cursor(area.document.end)

    def action_save(self) -> None:
        values = {name: self.query_one(f"#field-{name}", TextArea).text.strip() for name in self._fields}
        for name, value in values.items():
            too_long = text_too_long(value)  # longer than the file holds: the form stays open
            if too_long is not None:
                self.app.notify(f"{self._tr(f'ld.customer.field.{name}')}: {too_long.render(self._tr)}", severity="error", markup=False)
                self.query_one(f"#field-{name}", TextArea).focus()
                return
        self.dismiss(values)

    def action_cancel(self) -> None:
        self.dismiss(None)
