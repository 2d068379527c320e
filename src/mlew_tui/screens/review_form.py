"""The ``Add review`` form: text first, polarity and basis by single keys.

The author is whoever's turn it is (shown, not asked). ctrl+s saves from any
field, Escape cancels. The form returns a :class:`ReviewDraft` (or ``None``);
the caller turns it into an undoable edit.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from ..i18n import Translator
from ..widgets.choice import Choice, ChoiceField


@dataclass(frozen=True)
class ReviewDraft:
    text: str
    polarity: str
    basis: str
    moment: str
    source: str


class ReviewForm(ModalScreen[ReviewDraft | None]):
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="form.save"),
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
    ]

    def __init__(self, tr: Translator, author_name: str, draft: ReviewDraft | None = None) -> None:
        super().__init__()
        self._tr = tr
        self._author = author_name
        self._draft = draft or ReviewDraft("", "negative", "fact", "", "")

    def compose(self) -> ComposeResult:
        tr, d = self._tr, self._draft
        with Vertical(id="form", classes="form"):
            yield Label(tr("form.review.title"), classes="form-title")
            yield Label(tr("form.review.author", name=self._author), id="author")
            yield Input(d.text, placeholder=tr("form.review.text"), id="text")
            yield ChoiceField(tr("form.review.polarity"), [Choice("positive", "+", tr("polarity.positive")), Choice("negative", "-", tr("polarity.negative"))], d.polarity, id="polarity")
            yield ChoiceField(tr("form.review.basis"), [Choice("fact", "f", tr("basis.fact")), Choice("assumption", "a", tr("basis.assumption"))], d.basis, id="basis")
            yield ChoiceField(
                tr("form.review.moment"),
                [Choice("", "0", tr("moment.none")), Choice("signup", "1", tr("moment.signup")), Choice("using", "2", tr("moment.using")), Choice("after", "3", tr("moment.after"))],
                d.moment,
                id="moment",
            )
            yield Input(d.source, placeholder=tr("form.review.source"), id="source")
            yield Label("", id="error", classes="error")
            yield Label(tr("form.hint"), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#text", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    def action_save(self) -> None:
        text = self.query_one("#text", Input).value.strip()
        if not text:
            self.query_one("#error", Label).update(self._tr("form.review.empty"))
            self.query_one("#text", Input).focus()
            return
        self.dismiss(
            ReviewDraft(
                text=text,
                polarity=self.query_one("#polarity", ChoiceField).value,
                basis=self.query_one("#basis", ChoiceField).value,
                moment=self.query_one("#moment", ChoiceField).value,
                source=self.query_one("#source", Input).value.strip(),
            )
        )

    def action_cancel(self) -> None:
        self.dismiss(None)
