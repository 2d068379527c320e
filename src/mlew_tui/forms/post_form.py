"""The ``Add post`` form (and ``Edit post``): an imagined SNS post of a customer.

Text first (multi-line), then the stance by a single key (``+`` will use
again, ``-`` won't use), the author (a digit; whose turn it is by default) and
the references - the customer card, reviews and groups - picked from a
searchable list or typed as ids. ctrl+s saves, Escape cancels.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, TextArea

from ..domain.validation import text_too_long
from ..i18n import Translator
from ..recovering import Recovering
from ..widgets.choice import Choice, ChoiceField
from ..widgets.ref_picker import RefOption, RefPicker


@dataclass(frozen=True)
class PostDraft:
    author: str
    stance: str
    text: str
    refs: tuple[str, ...]


def person_choices(people: Sequence[tuple[str, str]]) -> list[Choice]:
    """Participants as single-key choices ``1``..``9`` (then letters)."""
    keys = "123456789abcdeghijklmnoqrtuvwxyz"
    return [Choice(pid, keys[i] if i < len(keys) else "", name) for i, (pid, name) in enumerate(people)]


class PostForm(Recovering, ModalScreen[PostDraft | None]):
    CSS_PATH = "post_form.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="form.save"),
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
    ]

    def __init__(
        self,
        tr: Translator,
        people: Sequence[tuple[str, str]],
        options: Sequence[RefOption],
        names: dict[str, str],
        draft: PostDraft,
        *,
        editing: str = "",
    ) -> None:
        super().__init__()
        self._tr = tr
        self._people = people
        self._options = options
        self._names = names
        self._draft = draft
        self._editing = editing

    def compose(self) -> ComposeResult:
        tr, d = self._tr, self._draft
        with VerticalScroll(id="post-form", classes="form"):
            yield Label(tr("ld.form.edit_post", id=self._editing) if self._editing else tr("ld.form.add_post"), classes="form-title")
            yield Label(tr("ld.post.text"), classes="field-label")
            yield TextArea(d.text, id="text", soft_wrap=True, show_line_numbers=False)
            yield ChoiceField(
                tr("ld.post.stance"), [Choice("continue", "+", tr("ld.stance.continue")), Choice("quit", "-", tr("ld.stance.quit"))], d.stance, id="stance"
            )
            yield ChoiceField(tr("ld.post.author"), person_choices(self._people), d.author, id="author")
            yield Label(tr("ld.post.refs"), classes="field-label")
            yield RefPicker(self._options, d.refs, tr=tr, names=self._names, id="refs")
            yield Label("", id="error", classes="error")
            yield Label(tr("ld.form.hint_multiline"), classes="hint")

    def on_mount(self) -> None:
        area = self.query_one("#text", TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        text = self.query_one("#text", TextArea).text.strip()
        if not text:
            self.query_one("#error", Label).update(self._tr("ld.post.empty"))
            self.query_one("#text", TextArea).focus()
            return
        too_long = text_too_long(text)  # longer than the file holds: the form stays open
        if too_long is not None:
            self.query_one("#error", Label).update(too_long.render(self._tr))
            return
        self.dismiss(
            PostDraft(
                author=self.query_one("#author", ChoiceField).value,
                stance=self.query_one("#stance", ChoiceField).value,
                text=text,
                refs=tuple(self.query_one(RefPicker).chosen),
            )
        )

    def action_cancel(self) -> None:
        self.dismiss(None)
