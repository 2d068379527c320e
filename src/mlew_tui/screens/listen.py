"""Listen (顧客は誰か?): the customer card, then the board of reviews.

The work area follows the step: ``listen.customer`` shows the PM's customer
card (``e`` edits it); ``listen.reviews`` and ``listen.grouping`` show the
live counters and the review board. On the board the arrows move, ``e`` edits
and Delete deletes the card under the cursor (ctrl+z undoes), ``v`` changes
the view (by polarity, by journey moment, by group); while grouping, space
marks cards, ``g`` puts them into a new or existing group, ``u`` takes them
out, ``r`` renames the group. Whoever's turn it is (F9 passes it) writes the
next review.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Static

from ..domain import listen_define as ld
from ..forms.review_form import ReviewDraft, ReviewForm
from ..views import listen_views as lv
from ..widgets.card_board import CardBoard
from ..widgets.counters import ReviewCounters
from ..widgets.keybar import KeyBar
from ..widgets.review_board import VIEWS, ReviewBoard
from ..widgets.wrapped import WrappedStatic
from .base import WorkshopScreen

if TYPE_CHECKING:
    from ..forms.group_form import GroupDraft

CUSTOMER_STEP = "listen.customer"
GROUPING_STEP = "listen.grouping"
#: Actions that change the session (refused in a read-only instance).
EDITING = {"edit", "delete", "group", "ungroup", "rename"}
GROUPING = {"group", "ungroup", "rename"}


class ListenScreen(WorkshopScreen):
    """See the module docstring."""

    # The stylesheets of the forms it opens are read with it: one arriving with a form would make Textual parse every stylesheet again.
    CSS_PATH = ["listen.tcss", "../forms/customer_form.tcss", "../forms/group_form.tcss"]
    BINDINGS = [
        Binding("e,enter", "edit", "Edit", id="listen.edit"),
        Binding("delete", "delete", "Delete", id="listen.delete"),
        Binding("g", "group", "Group", id="listen.group"),
        Binding("u", "ungroup", "Ungroup", id="listen.ungroup"),
        Binding("r", "rename", "Rename group", id="listen.rename"),
        Binding("v", "view", "View", id="listen.view"),
    ]

    #: No focus by Textual when the screen is built: ``refresh_work`` gives it
    #: to the step's widget (the customer card or the board) at once, and a
    #: first focus on the customer pane restyled the board a second time.
    AUTO_FOCUS = ""
    #: The customer card, the reviews and their groups, the posts' references, whose turn it is.
    WORK_PARTS: ClassVar[frozenset[str]] = frozenset({"customer", "reviews", "groups", "posts", "participants", "turn"})

    def __init__(self) -> None:
        super().__init__()
        #: The board's view on each step (``v`` changes it).
        self.views = {"listen.reviews": "polarity", GROUPING_STEP: "group"}
        self._card_memo: lv.CardMemo = {}  # the board's cards, rebuilt only when they change
        self._status = ""
        #: The card to put the cursor on once the board shows the change.
        self._select: str | None = None

    @property
    def ADDS(self) -> tuple[str, ...]:  # type: ignore[override]  # noqa: N802 - a property for the base's class attribute
        return ("customer",) if self._step == CUSTOMER_STEP else ("review",)

    @property
    def _step(self) -> str:
        return self.host.workshop.view_step  # on Day 2, the re-run's view

    @property
    def board(self) -> ReviewBoard:
        return self.query_one(ReviewBoard)

    # -- composing and refreshing -------------------------------------------------
    async def recompose(self) -> None:
        """A language switch rebuilds the screen: a review being typed goes on
        in the new language's form instead of being lost."""
        form = self.query_one_optional(ReviewForm)
        kept = form.in_progress() if form is not None else None
        await super().recompose()
        if kept is not None:
            author, draft, editing = kept
            self.query_one(ReviewForm).open(author, draft, editing=editing)

    def compose_work(self) -> ComposeResult:
        self._status = ""
        with ContentSwitcher(initial="customer-pane", id="listen-switcher"):
            with VerticalScroll(id="customer-pane"):
                yield WrappedStatic(id="customer-card")
            with Vertical(id="board-pane"):
                yield ReviewCounters(id="review-counters")
                yield Static(id="board-status")
                yield ReviewBoard(id="review-board")
                yield ReviewForm(self.host.tr, id="review-form")

    def refresh_work(self) -> None:
        app = self.host
        session, tr = app.workshop.session, app.tr
        counts = lv.counts_for(session)
        switcher = self.query_one("#listen-switcher", ContentSwitcher)
        form = self.query_one(ReviewForm)
        if self._step == CUSTOMER_STEP:
            if form.display:
                form.action_close()
            switcher.current = "customer-pane"
            self.query_one("#customer-card", Static).update(lv.customer_card(session, tr, counts.counts.customer))
            self._focus(self.query_one("#customer-pane"))
            return
        switcher.current = "board-pane"
        self.query_one(ReviewCounters).show(lv.counters_view(session, app.workshop.turn), tr)
        view = self.views.get(self._step, "polarity")
        cards = lv.review_cards(session, tr, counts, self._card_memo)
        layout = lv.board_layout(session, tr, view, cards, counts, ungrouped_first=True)
        self.board.markable = self._step == GROUPING_STEP and not app.read_only
        if not self.board.markable and self.board.marked:
            self.board.clear_marks()
        self.board.show(layout, {c.id: c for c in cards})
        if self._select is not None:
            self.board.select(self._select)
            self._select = None
        self._show_status()
        if form.display:
            if not form.editing:
                form.show_author(app.author_name())
            if form.has_focus_within:
                return
        self._focus(self.board)

    def refresh_turn(self) -> bool:
        """The board shows no turn: the counters and the form's author do."""
        app = self.host
        if self._step == CUSTOMER_STEP:
            return False
        self.query_one(ReviewCounters).show(lv.counters_view(app.workshop.session, app.workshop.turn), app.tr)
        form = self.query_one(ReviewForm)
        if form.display and not form.editing:
            form.show_author(app.author_name())
        return True

    def _focus(self, widget: Widget) -> None:
        """Keys go to the step's main widget; the key bar follows what it offers."""
        if self.app.screen is self and self.focused is not widget:
            self.set_focus(widget)
        keys = self.query_one_optional(KeyBar)
        if keys is not None:
            keys.refresh_keys()

    def _show_status(self, board: CardBoard | None = None) -> None:
        status = self.query_one_optional("#board-status", Static)
        board = board or self.query_one_optional(ReviewBoard)
        if status is None or board is None:
            return  # a message that arrives while the screen is being taken down
        tr = self.host.tr
        view = self.views.get(self._step, "polarity")
        key = "ld.board.status_grouping" if self._step == GROUPING_STEP else "ld.board.status"
        text = tr(key, view=tr(f"ld.view.{view}"), marked=len(board.marked))
        if text != self._status:  # an unchanged line is not redrawn (see CardBoard._show_empty)
            self._status = text
            status.update(text)

    def on_card_board_changed(self, event: CardBoard.Changed) -> None:
        event.stop()
        if self._step != CUSTOMER_STEP:
            self._show_status(event.board)

    def _apply(self, name: str, *args: Any, select: str | None = None, **kwargs: Any) -> str | None:
        """A command through the state loop; ``select`` (or the new card) gets
        the cursor. The new card's id, if the command made one."""
        change = self.host.apply(name, *args, **kwargs)
        if not change:
            return None
        made = change.result if isinstance(change.result, str) else None
        self._select = select or made
        return made

    # -- keys ----------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in EDITING and self.host.read_only:
            return False
        form = self.query_one_optional(ReviewForm)
        if action in EDITING | {"view"} and form is not None and form.has_focus_within:
            return False  # letters typed in the form are not board commands
        step = self._step
        if step == CUSTOMER_STEP and action in EDITING - {"edit"} | {"view"}:
            return False
        return not (action in GROUPING and step != GROUPING_STEP)

    def open_add_form(self, kind: str) -> None:
        app = self.host
        if kind == "customer":
            self._edit_customer()
            return

        self.query_one(ReviewForm).open(app.author_name())
        self.board.reveal_cursor()  # the form takes room from the board

    def on_review_form_saved(self, event: ReviewForm.Saved) -> None:
        event.stop()
        app = self.host
        draft = event.draft
        if event.editing:
            self._apply("edit_review", event.editing, select=event.editing, **vars(draft))
            event.form.action_close()
            return
        made = self._apply(
            "add_review", author=app.workshop.turn, text=draft.text, polarity=draft.polarity, basis=draft.basis, moment=draft.moment, source=draft.source
        )
        if made is None:
            return  # refused: the app said why; the text stays in the form
        # The form stays open, empty, for the next review: the deck's five
        # minutes of writing are several reviews in a row (Escape closes it).
        # Nothing moves on the board but the new card, and the keys stay here.
        # Emptied right after the board's refresh (both queued on the app), so
        # one frame shows the new card and the empty form.
        form = event.form

        def next_review() -> None:
            if form.is_mounted and form.display and not form.editing:
                form.next_review(self.host.author_name(), made)

        self.app.call_next(next_review)

    def on_review_form_closed(self, event: ReviewForm.Closed) -> None:
        event.stop()
        board = self.query_one_optional(ReviewBoard)
        if board is not None:
            self._focus(board)

    def _edit_customer(self) -> None:
        app = self.host
        session = app.workshop.session
        owner = ld.customer_owner(session)

        def done(values: dict[str, str] | None) -> None:
            if values is not None:
                self._apply("edit_customer", values)

        fields = {name: getattr(session.customer, name) for name in ld.CUSTOMER_FIELDS}
        from ..forms.customer_form import CustomerForm  # its TextArea is not needed for the first frame

        self.app.push_screen(CustomerForm(app.tr, owner.name if owner else app.tr("ld.customer.nobody"), fields), done)

    def action_edit(self) -> None:
        if self._step == CUSTOMER_STEP:
            self._edit_customer()
            return
        app = self.host
        session = app.workshop.session
        review = session.review(self.board.cursor or "")
        if review is None:
            return
        author = session.participant(review.author)
        draft = ReviewDraft(review.text, review.polarity, review.basis, review.moment, review.source)
        self.query_one(ReviewForm).open(author.name if author else review.author, draft, editing=review.id)
        self.board.reveal_cursor()

    def action_delete(self) -> None:
        card = self.board.cursor
        if card and self.host.apply("delete_review", card):
            self.notify(self.host.tr("ld.deleted", id=card))

    def action_view(self) -> None:
        current = self.views.get(self._step, "polarity")
        self.views[self._step] = VIEWS[(VIEWS.index(current) + 1) % len(VIEWS)]
        self.refresh_work()  # a view of the board, not a change to the session

    def action_group(self) -> None:
        app = self.host
        session = app.workshop.session
        picked = self.board.picked()
        if not picked:
            return

        def done(draft: GroupDraft | None) -> None:
            if draft is not None:
                self.board.clear_marks()
                self._apply("group_reviews", picked, group_id=draft.group_id, label=draft.label, select=picked[0])

        from ..forms.group_form import GroupForm

        groups = [(g.id, g.label) for g in session.groups]
        self.app.push_screen(GroupForm(app.tr, groups, count=len(picked)), done)

    def action_ungroup(self) -> None:
        picked = self.board.picked()
        if picked and self.host.apply("ungroup_reviews", picked):
            self.board.clear_marks()
            self._select = picked[0]

    def action_rename(self) -> None:
        app = self.host
        session = app.workshop.session
        review = session.review(self.board.cursor or "")
        group = next((g for g in session.groups if review and g.id == review.group), None)
        if group is None:
            self.notify(app.tr("ld.group.not_grouped"))
            return

        def done(draft: GroupDraft | None) -> None:
            if draft is not None:
                self._apply("rename_group", group.id, draft.label)

        from ..forms.group_form import GroupForm

        self.app.push_screen(GroupForm(app.tr, [], rename=(group.id, group.label)), done)
