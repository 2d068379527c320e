"""The ``Add review`` form (and ``Edit review``), inline under the review board.

Text first, then polarity (``+`` / ``-``), basis (``f`` fact / ``a``
assumption) and moment (``0``-``3``) by single keys, and the source. The
author is whoever's turn it is (shown, not asked; F9 passes the turn while
the form is open); an edited review keeps its author. ctrl+s saves from any
field, Escape closes the form.

It is a panel under the Listen board rather than a modal screen: the room
sees the board while typing, and a saved review appears at once - closing a
modal screen makes Textual repaint the whole screen, which alone took longer
than the 50 ms a review may take to show on a board of 300. It posts
:class:`ReviewForm.Saved` and :class:`ReviewForm.Closed`; the screen turns a
draft into an undoable edit and closes the form.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Label

from ..i18n import Translator
from ..recovering import Recovering
from ..widgets.choice import Choice, ChoiceField
from ..widgets.quiet import QuietLabel
from ..widgets.text_field import TextField
from ..widgets.wrapped import WrappedStatic

DEFAULTS = ("negative", "fact", "")


@dataclass(frozen=True)
class ReviewDraft:
    text: str
    polarity: str
    basis: str
    moment: str
    source: str


class ReviewForm(Recovering, Vertical):
    BINDINGS = [
        # Not a priority binding: ctrl+s then waits behind the keys typed before it.
        Binding("ctrl+s", "save", "Save", id="form.save"),
        Binding("escape", "close", "Cancel", id="form.cancel"),
    ]

    class Saved(Message):
        def __init__(self, form: ReviewForm, draft: ReviewDraft, editing: str) -> None:
            super().__init__()
            self.form = form
            self.draft = draft
            self.editing = editing  # the id of the edited review, "" for a new one

    class Closed(Message):
        def __init__(self, form: ReviewForm) -> None:
            super().__init__()
            self.form = form

    def __init__(self, tr: Translator, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="-inline form review-form")
        self._tr = tr
        self.editing = ""
        self._author = ""
        #: The text field as the last save took it (see :meth:`next_review`).
        self._sent = ""

    def compose(self) -> ComposeResult:
        # The fields are built when the form first opens: the Listen screen
        # opens with the form hidden, and its ten widgets would only cost the
        # board's first frame (the stress session opens on the board).
        return iter(())

    def _fields(self) -> list[Widget]:
        tr = self._tr
        return [
            QuietLabel(tr("form.review.title"), id="review-title", classes="form-title"),
            QuietLabel("", id="author"),
            # The cursor goes to the end, nothing selected: typing on (after an
            # edit opens, or a language switch rebuilt the form) never wipes
            # what is there.
            TextField(placeholder=tr("form.review.text"), id="text"),
            # Right under the text: on 80x24 the form scrolls, and what a save
            # says (or why it refused) must be in view.
            WrappedStatic("", id="error", classes="error"),
            ChoiceField(
                tr("form.review.polarity"),
                [Choice("positive", "+", tr("polarity.positive")), Choice("negative", "-", tr("polarity.negative"))],
                DEFAULTS[0],
                id="polarity",
            ),
            ChoiceField(
                tr("form.review.basis"), [Choice("fact", "f", tr("basis.fact")), Choice("assumption", "a", tr("basis.assumption"))], DEFAULTS[1], id="basis"
            ),
            ChoiceField(
                tr("form.review.moment"),
                [
                    Choice("", "0", tr("moment.none")),
                    Choice("signup", "1", tr("moment.signup")),
                    Choice("using", "2", tr("moment.using")),
                    Choice("after", "3", tr("moment.after")),
                ],
                DEFAULTS[2],
                id="moment",
            ),
            TextField(placeholder=tr("form.review.source"), id="source"),
            Label(tr("ld.form.review_hint"), classes="hint"),
        ]

    # -- opening --------------------------------------------------------------------
    def open(self, author: str, draft: ReviewDraft | None = None, *, editing: str = "") -> None:
        """Show the form for a new review (``draft`` None) or to edit ``editing``."""
        if not self.children:
            self.mount_all(self._fields())
        self.editing = editing
        title = self._tr("ld.form.edit_review", id=editing) if editing else self._tr("form.review.title")
        self.query_one("#review-title", Label).update(title)
        self.show_author(author)
        self._fill(draft or ReviewDraft("", *DEFAULTS, ""))
        self.display = True
        self.query_one("#text", Input).focus()

    def next_review(self, author: str, saved: str) -> None:
        """After a new review is saved: the form empty again for the next one,
        saying which review was saved. Keys typed after ctrl+s, before the
        save was done, stay: they begin the next review."""
        field = self.query_one("#text", Input)
        rest = field.value[len(self._sent) :] if field.value.startswith(self._sent) else ""
        self.open(author)
        if rest:
            field.value = rest
            field.cursor_position = len(rest)
        self._message(self._tr("ld.form.review_saved", id=saved), error=False)

    def show_author(self, author: str) -> None:
        self._author = author
        if not self.children:
            return  # not built yet: opening shows the author
        self.query_one("#author", Label).update(Text(self._tr("form.review.author", name=author)))

    def _fill(self, draft: ReviewDraft) -> None:
        self.query_one("#text", Input).value = draft.text
        self.query_one("#source", Input).value = draft.source
        self.query_one("#polarity", ChoiceField).value = draft.polarity
        self.query_one("#basis", ChoiceField).value = draft.basis
        self.query_one("#moment", ChoiceField).value = draft.moment
        self.query_one("#error", WrappedStatic).update("")

    def _message(self, text: str, *, error: bool = True) -> None:
        message = self.query_one("#error", WrappedStatic)
        message.update(Text(text))
        if message.has_class("error") != error:  # a class changed restyles the label
            message.set_class(error, "error")

    # -- keys -------------------------------------------------------------------------
    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.screen.focus_next()

    def typed(self) -> ReviewDraft:
        """What the fields hold now, as typed."""
        return ReviewDraft(
            text=self.query_one("#text", Input).value,
            polarity=self.query_one("#polarity", ChoiceField).value,
            basis=self.query_one("#basis", ChoiceField).value,
            moment=self.query_one("#moment", ChoiceField).value,
            source=self.query_one("#source", Input).value,
        )

    def in_progress(self) -> tuple[str, ReviewDraft, str] | None:
        """(author, draft, editing) while the form is open, else None: what a
        rebuilt form needs to go on where this one was."""
        if not self.display or not self.children:
            return None
        return self._author, self.typed(), self.editing

    def action_save(self) -> None:
        typed = self.typed()
        if not typed.text.strip():
            self._message(self._tr("form.review.empty"))
            self.query_one("#text", Input).focus()
            return
        draft = ReviewDraft(typed.text.strip(), typed.polarity, typed.basis, typed.moment, typed.source.strip())
        self._sent = typed.text
        self.post_message(self.Saved(self, draft, self.editing))

    def action_close(self) -> None:
        self.display = False
        self.editing = ""
        self.post_message(self.Closed(self))
