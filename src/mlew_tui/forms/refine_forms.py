"""Small modal forms of Refine and Test/Iterate: one text, an FAQ entry, a step.

Same pattern as the review form: the main field has focus, ctrl+s saves from
any field, Escape cancels, and the form returns a draft (or ``None``) that the
caller turns into an undoable edit. Labels arrive already translated; user
text is shown literally (``Text``), never as markup.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, Static, TextArea

from ..domain.session import TEXT_MAX
from ..domain.validation import text_too_long
from ..i18n import Translator
from ..recovering import Recovering
from ..widgets.text_field import TextField
from ..widgets.tick_box import TickBox


@dataclass(frozen=True)
class FaqDraft:
    q: str
    a: str
    uncertain: bool


@dataclass(frozen=True)
class StepDraft:
    text: str
    uncertain: bool


class _Form(Recovering, ModalScreen[Any]):  # each form dismisses with its own draft type
    CSS_PATH = "refine_forms.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="form.save"),
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
    ]

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def error(self, message: str) -> None:
        self.query_one("#error", Label).update(Text(message))


class TextForm(_Form):
    """One text: a line (``Input``; Enter saves) or a paragraph (``TextArea``).

    ``preview`` (optional) renders the value being typed - the customer message
    assembled live; ``validate`` returns an error message or ``""``.
    """

    def __init__(
        self,
        tr: Translator,
        title: str,
        value: str,
        *,
        multiline: bool = False,
        placeholder: str = "",
        preview: Callable[[str], Text] | None = None,
        validate: Callable[[str], str] | None = None,
        max_length: int = TEXT_MAX,
        example: str = "",
    ) -> None:
        super().__init__()
        self._max_length = max_length
        self._example = example
        self._tr = tr
        self._title = title
        self._value = value
        self._multiline = multiline
        self._placeholder = placeholder
        self._preview = preview
        self._validate = validate

    def compose(self) -> ComposeResult:
        with Vertical(id="form", classes="form"):
            yield Label(Text(self._title), classes="form-title")
            if self._example:
                yield Label(Text(self._example), classes="hint", id="example")
            if self._multiline:
                if self._placeholder:
                    yield Label(Text(self._placeholder), classes="hint")
                yield TextArea(self._value.strip("\n"), id="value", soft_wrap=True, tab_behavior="focus")
            else:
                yield TextField(self._value, placeholder=self._placeholder, id="value", max_length=self._max_length)
            if self._preview is not None:
                yield Static(self._preview(self._value), id="preview")
            yield Label("", id="error", classes="error")
            yield Label(Text(self._tr("form.hint")), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#value").focus()

    @property
    def value(self) -> str:
        field = self.query_one("#value")
        if isinstance(field, TextArea):
            return field.text
        assert isinstance(field, TextField)  # compose yields one or the other
        return field.value

    def _update_preview(self) -> None:
        if self._preview is not None:
            self.query_one("#preview", Static).update(self._preview(self.value))

    def on_input_changed(self, event: Input.Changed) -> None:
        self._update_preview()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._update_preview()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        value = self.value.strip()
        problem = self._validate(value) if self._validate else ""
        too_long = text_too_long(value, self._max_length)  # longer than the file holds: the form stays open
        if too_long is not None:
            problem = too_long.render(self._tr)
        if problem:
            self.error(problem)
            return
        self.dismiss(value)


class FaqForm(_Form):
    """A question, its answer and the uncertain mark."""

    def __init__(self, tr: Translator, title: str, draft: FaqDraft | None = None) -> None:
        super().__init__()
        self._tr = tr
        self._title = title
        self._draft = draft or FaqDraft("", "", False)

    def compose(self) -> ComposeResult:
        tr, d = self._tr, self._draft
        with Vertical(id="form", classes="form"):
            yield Label(Text(self._title), classes="form-title")
            yield TextField(d.q, placeholder=tr("refine.form.question"), id="q")
            yield Label(Text(tr("refine.form.answer")), classes="field-label")
            yield TextArea(d.a.strip("\n"), id="a", soft_wrap=True, tab_behavior="focus")
            yield TickBox(Text(tr("refine.form.uncertain")), d.uncertain, id="uncertain")
            yield Label("", id="error", classes="error")
            yield Label(Text(tr("form.hint")), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#q", Input).focus()

    def action_save(self) -> None:
        q = self.query_one("#q", Input).value.strip()
        if not q:
            self.error(self._tr("refine.form.empty_question"))
            self.query_one("#q", Input).focus()
            return
        answer = self.query_one("#a", TextArea).text.strip()
        too_long = text_too_long(answer)
        if too_long is not None:
            self.error(too_long.render(self._tr))
            return
        self.dismiss(FaqDraft(q, answer, self.query_one("#uncertain", Checkbox).value))


class StepForm(_Form):
    """One step of the developer's list and its uncertain mark."""

    def __init__(self, tr: Translator, title: str, draft: StepDraft | None = None) -> None:
        super().__init__()
        self._tr = tr
        self._title = title
        self._draft = draft or StepDraft("", False)

    def compose(self) -> ComposeResult:
        tr, d = self._tr, self._draft
        with Vertical(id="form", classes="form"):
            yield Label(Text(self._title), classes="form-title")
            yield TextField(d.text, placeholder=tr("refine.form.step"), id="text")
            yield TickBox(Text(tr("refine.form.uncertain")), d.uncertain, id="uncertain")
            yield Label("", id="error", classes="error")
            yield Label(Text(tr("form.hint")), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#text", Input).focus()

    def action_save(self) -> None:
        text = self.query_one("#text", Input).value.strip()
        if not text:
            self.error(self._tr("refine.form.empty_step"))
            self.query_one("#text", Input).focus()
            return
        self.dismiss(StepDraft(text, self.query_one("#uncertain", Checkbox).value))
