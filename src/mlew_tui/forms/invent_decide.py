"""The facilitator decides among the cases still tied (``d`` on the vote step).

A small form: the tied cases as single-key choices (their numbers), Enter or
ctrl+s confirms, Escape cancels. It returns the chosen case id or ``None``.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

from ..i18n import Translator
from ..literal import literal
from ..recovering import Recovering
from ..widgets.choice import Choice, ChoiceField

_KEYS = "123456789abcdefghijklmnopqrstuvwxyz"


class DecideForm(Recovering, ModalScreen[str | None]):
    BINDINGS = [
        Binding("ctrl+s,enter", "save", "Save", id="form.save"),
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
    ]

    def __init__(self, tr: Translator, cases: Sequence[tuple[str, int, str]]) -> None:
        """``cases``: (id, number on screen, name) of the tied cases."""
        super().__init__()
        self._tr = tr
        self._cases = tuple(cases)

    def compose(self) -> ComposeResult:
        tr = self._tr
        keys = [str(n) if n < 10 else _KEYS[8 + i] for i, (_, n, _) in enumerate(self._cases)]
        with Vertical(id="decide-form", classes="form"):
            yield Label(tr("invent.decide.title"), classes="form-title")
            yield Label(Text(tr("invent.decide.text")))
            yield ChoiceField(
                tr("invent.decide.case"),
                [Choice(cid, key, f"{n} {literal(name)}") for (cid, n, name), key in zip(self._cases, keys, strict=True)],
                self._cases[0][0] if self._cases else "",
                id="decide-choice",
            )
            yield Label(tr("invent.decide.hint"), classes="hint")

    def on_mount(self) -> None:
        self.query_one(ChoiceField).focus()

    def action_save(self) -> None:
        self.dismiss(self.query_one(ChoiceField).value or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
