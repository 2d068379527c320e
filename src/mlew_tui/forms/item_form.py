"""The ``Add item`` form (and ``Edit item``): an issue or a strength.

Title first, then kind (``i`` issue / ``s`` strength), owner (a digit), points
(``1`` / ``3`` / ``5``) with the engine's suggestion beside them, and the
linked reviews from a searchable list or typed as ids. The form warns - it
does not refuse - when an issue links only positive reviews or a strength
only negative ones. ctrl+s saves, Escape cancels.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from ..domain.session import NAME_MAX
from ..i18n import Translator
from ..recovering import Recovering
from ..widgets.choice import Choice, ChoiceField
from ..widgets.ref_picker import RefOption, RefPicker
from ..widgets.text_field import TextField
from .post_form import person_choices


@dataclass(frozen=True)
class ItemDraft:
    kind: str
    title: str
    owner: str
    points: int
    reviews: tuple[str, ...]


#: (linked review ids) -> (references, suggested points)
Suggest = Callable[[Sequence[str]], tuple[int, int]]
#: (kind, linked review ids) -> a warning already in the UI language, or ""
Warn = Callable[[str, Sequence[str]], str]


class ItemForm(Recovering, ModalScreen[ItemDraft | None]):
    CSS_PATH = "item_form.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="form.save"),
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
    ]

    def __init__(
        self,
        tr: Translator,
        people: Sequence[tuple[str, str]],
        options: Sequence[RefOption],
        draft: ItemDraft,
        suggest: Suggest,
        warn: Warn,
        *,
        editing: str = "",
    ) -> None:
        super().__init__()
        self._tr = tr
        self._people = people
        self._options = options
        self._draft = draft
        self._suggest = suggest
        self._warn = warn
        self._editing = editing

    def compose(self) -> ComposeResult:
        tr, d = self._tr, self._draft
        with VerticalScroll(id="item-form", classes="form"):
            yield Label(tr("ld.form.edit_item", id=self._editing) if self._editing else tr("ld.form.add_item"), classes="form-title")
            yield TextField(d.title, placeholder=tr("ld.item.title"), id="title", max_length=NAME_MAX)
            yield ChoiceField(
                tr("ld.item.kind"), [Choice("issue", "i", tr("ld.kind.issue")), Choice("strength", "s", tr("ld.kind.strength"))], d.kind, id="kind"
            )
            yield ChoiceField(tr("ld.item.owner"), person_choices(self._people), d.owner, id="owner")
            yield ChoiceField(tr("ld.item.points"), [Choice(str(p), str(p), tr("ld.item.pt", n=p)) for p in (1, 3, 5)], str(d.points), id="points")
            yield Static(id="suggestion", classes="hint")
            yield Label(tr("ld.item.reviews"), classes="field-label")
            yield RefPicker(self._options, d.reviews, tr=tr, placeholder_key="ld.refs.search_reviews", chosen_key="ld.refs.linked", id="reviews")
            yield Static(id="warning", classes="warning")
            yield Label("", id="error", classes="error")
            yield Label(tr("form.hint"), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()
        self._update()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "title":
            event.stop()
            self.focus_next()

    def on_ref_picker_changed(self, event: RefPicker.Changed) -> None:
        self._update()

    def on_choice_field_changed(self, event: ChoiceField.Changed) -> None:
        if event.field.id == "kind":
            self._update()

    def _update(self) -> None:
        if not self.is_mounted:
            return
        reviews = self.query_one(RefPicker).chosen
        references, points = self._suggest(reviews)
        self.query_one("#suggestion", Static).update(Text(self._tr("ld.item.suggestion", points=points, refs=references)))
        warning = self._warn(self.query_one("#kind", ChoiceField).value, reviews)
        self.query_one("#warning", Static).update(Text("⚠ " + warning) if warning else "")

    def action_save(self) -> None:
        title = self.query_one("#title", Input).value.strip()
        if not title:
            self.query_one("#error", Label).update(self._tr("ld.item.empty"))
            self.query_one("#title", Input).focus()
            return
        self.dismiss(
            ItemDraft(
                kind=self.query_one("#kind", ChoiceField).value,
                title=title,
                owner=self.query_one("#owner", ChoiceField).value,
                points=int(self.query_one("#points", ChoiceField).value),
                reviews=tuple(self.query_one(RefPicker).chosen),
            )
        )

    def action_cancel(self) -> None:
        self.dismiss(None)
