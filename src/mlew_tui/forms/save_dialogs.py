"""The dialogs of saving: a question with a few answers on single keys
(quit with unsaved work, a file changed by someone else), and the form that
names a folder for a copy of the session when its own cannot be written."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from ..i18n import Translator
from ..recovering import Recovering
from ..widgets.text_field import TextField


@dataclass(frozen=True)
class Answer:
    """One answer: what the dialog returns, the key that gives it, its words."""

    value: str
    key: str
    label: str


class QuestionDialog(Recovering, ModalScreen[str | None]):
    """A question the app cannot answer alone; Escape answers nothing (``None``)."""

    DEFAULT_CSS = """
    QuestionDialog {
        align: center middle;

        #question {
            width: 72;
            max-width: 95%;
            height: auto;
            border: thick $error;
            background: $surface;
            padding: 1 2;
        }

        #question-title {
            text-style: bold;
        }

        #question-text {
            margin: 1 0;
        }
    }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="form.cancel")]

    def __init__(self, title: str, message: str, answers: Sequence[Answer]) -> None:
        super().__init__()
        self._title, self._message, self._answers = title, message, tuple(answers)

    def compose(self) -> ComposeResult:
        with Vertical(id="question"):
            yield Label(Text(self._title), id="question-title")
            yield Static(Text(self._message), id="question-text")
            for answer in self._answers:
                line = Text.assemble((f" {answer.key} ", "reverse bold"), " ", answer.label)
                yield Static(line, classes="question-answer")

    def on_key(self, event: events.Key) -> None:
        for answer in self._answers:
            if event.key == answer.key:
                event.stop()
                self.dismiss(answer.value)
                return

    def action_cancel(self) -> None:
        self.dismiss(None)


class SaveCopyForm(Recovering, ModalScreen[Path | None]):
    """Where to write a copy of the session: a path, checked before it closes."""

    DEFAULT_CSS = """
    SaveCopyForm {
        align: center middle;

        #copy-form {
            width: 80;
            max-width: 95%;
            height: auto;
            border: thick $accent;
            background: $surface;
            padding: 1 2;
        }

        #copy-title {
            text-style: bold;
        }
    }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="form.save"),
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
    ]

    def __init__(self, tr: Translator, suggested: Path, check: Callable[[Path], str]) -> None:
        super().__init__()
        self._tr, self._suggested, self._check = tr, suggested, check

    def compose(self) -> ComposeResult:
        tr = self._tr
        with Vertical(id="copy-form"):
            yield Label(tr("save_dialog.copy.title"), id="copy-title")
            yield Label(Text(tr("save_dialog.copy.text")))
            yield TextField(str(self._suggested), id="copy-path")
            yield Label("", id="copy-error", classes="error")
            yield Label(tr("save_dialog.copy.hint"), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#copy-path", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        raw = self.query_one("#copy-path", Input).value.strip()
        if not raw:
            self.query_one("#copy-error", Label).update(self._tr("save_dialog.copy.empty"))
            return
        target = Path(raw).expanduser()
        problem = self._check(target)
        if problem:
            self.query_one("#copy-error", Label).update(Text(problem))
            return
        self.dismiss(target)

    def action_cancel(self) -> None:
        self.dismiss(None)
