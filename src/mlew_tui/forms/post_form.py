"""The ``Add post`` form (and ``Edit post``): an imagined SNS post of a customer.

Text first (multi-line), then the stance by a single key (``+`` will use
again, ``-`` won't use), the author (a digit; whose turn it is by default) and
the references - the customer card, reviews and groups - picked from a
searchable list or typed as ids. ctrl+s saves, Escape cancels.

A new post's form stays open after ctrl+s, empty and saying which post it
saved (the stance and the author kept, the references cleared): the deck's
five minutes of writing are several posts in a row, as on the review form.
Escape closes it. An edit closes the form as before.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.text import Text
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
from ..widgets.wrapped import WrappedStatic


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
        add: Callable[[PostDraft], str | None] | None = None,
    ) -> None:
        """``add`` saves a new post (``editing`` empty) while the form stays
        open: it applies the command and returns the new post's id, or
        ``None`` when the workshop refused it (the app has said why)."""
        super().__init__()
        self._tr = tr
        self._people = people
        self._options = options
        self._names = names
        self._draft = draft
        self._editing = editing
        self._add = add

    def compose(self) -> ComposeResult:
        tr, d = self._tr, self._draft
        with VerticalScroll(id="post-form", classes="form"):
            yield Label(tr("ld.form.edit_post", id=self._editing) if self._editing else tr("ld.form.add_post"), classes="form-title")
            yield Label(tr("ld.post.text"), classes="field-label")
            yield TextArea(d.text, id="text", soft_wrap=True, show_line_numbers=False)
            # right under the text: in view on 80x24, where the form scrolls
            yield WrappedStatic("", id="error", classes="error")
            yield ChoiceField(
                tr("ld.post.stance"), [Choice("continue", "+", tr("ld.stance.continue")), Choice("quit", "-", tr("ld.stance.quit"))], d.stance, id="stance"
            )
            yield ChoiceField(tr("ld.post.author"), person_choices(self._people), d.author, id="author")
            yield Label(tr("ld.post.refs"), classes="field-label")
            yield RefPicker(self._options, d.refs, tr=tr, names=self._names, id="refs")
            yield Label(tr("ld.form.post_hint" if self._adder else "ld.form.hint_multiline"), classes="hint")

    @property
    def _adder(self) -> Callable[[PostDraft], str | None] | None:
        """What saves a new post while the form stays open (``None``: saving closes the form)."""
        return None if self._editing else self._add

    def on_mount(self) -> None:
        area = self.query_one("#text", TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def _message(self, text: str, *, error: bool = True) -> None:
        message = self.query_one("#error", WrappedStatic)
        message.update(Text(text))
        message.set_class(error, "error")

    def action_save(self) -> None:
        area = self.query_one("#text", TextArea)
        text = area.text.strip()
        if not text:
            self._message(self._tr("ld.post.empty"))
            area.focus()
            return
        too_long = text_too_long(text)  # longer than the file holds: the form stays open
        if too_long is not None:
            self._message(too_long.render(self._tr))
            return
        draft = PostDraft(
            author=self.query_one("#author", ChoiceField).value,
            stance=self.query_one("#stance", ChoiceField).value,
            text=text,
            refs=tuple(self.query_one(RefPicker).chosen),
        )
        add = self._adder
        if add is None:
            self.dismiss(draft)
            return
        saved = add(draft)
        if saved is None:
            return  # refused: the app said why; the text stays in the form
        area.clear()
        self.query_one(RefPicker).clear()
        self._message(self._tr("ld.form.post_saved", id=saved), error=False)
        area.focus()

    def action_cancel(self) -> None:
        self.dismiss(None)
