"""Define (課題と機会は何か?): SNS posts, +1 counts, issues and strengths, scoring prep.

The work area follows the step:

- ``define.posts``: the posts by stance; F2 / ``Add post`` writes one (the
  author is whoever's turn it is), ``e`` edits, Delete deletes (ctrl+z undoes);
- ``define.plus_one``: the review board with every card's and group's count
  from the posts, the most referenced starred - nothing to click, the counts
  follow the posts;
- ``define.items``: issues and strengths in two columns with their owners,
  points and the engine's suggestion; F2 / ``Add item``, ``e``, Delete;
- ``define.scoring_prep``: the empty evaluation table and the full / partial rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Static

from ..domain import listen_define as ld
from ..forms.item_form import ItemDraft, ItemForm
from ..forms.post_form import PostDraft, PostForm
from ..views import define_views as dv
from ..views import listen_views as lv
from ..widgets.card_board import CardBoard
from ..widgets.item_columns import ItemBoard
from ..widgets.keybar import KeyBar
from ..widgets.post_list import PostBoard
from ..widgets.review_board import VIEWS, ReviewBoard
from ..widgets.scoring_prep import ScoringPrep
from .base import WorkshopScreen

PANES = {"define.posts": "posts-pane", "define.plus_one": "plus-pane", "define.items": "items-pane", "define.scoring_prep": "prep-pane"}
ADDS_BY_STEP = {"define.posts": ("post",), "define.plus_one": ("post",), "define.items": ("item",)}
EDITING = {"edit", "delete"}


class DefineScreen(WorkshopScreen):
    """See the module docstring."""

    # The stylesheets of the forms it opens are read with it: one arriving with a form would make Textual parse every stylesheet again.
    CSS_PATH = ["define.tcss", "../forms/post_form.tcss", "../forms/item_form.tcss"]
    BINDINGS = [
        Binding("e,enter", "edit", "Edit", id="define.edit"),
        Binding("delete", "delete", "Delete", id="define.delete"),
        Binding("v", "view", "View", id="define.view"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.plus_view = "group"
        self._card_memo: lv.CardMemo = {}  # the board's cards, rebuilt only when they change

    @property
    def ADDS(self) -> tuple[str, ...]:  # type: ignore[override]  # noqa: N802 - a property for the base's class attribute
        return ADDS_BY_STEP.get(self._step, ())

    @property
    def _step(self) -> str:
        return self.host.workshop.view_step  # on Day 2, the re-run's view

    #: Posts and the reviews they cite, items, the scoring rule, whose turn it is.
    WORK_PARTS: ClassVar[frozenset[str]] = frozenset({"reviews", "groups", "posts", "items", "customer", "scoring", "participants", "turn"})
    #: The card to put the cursor on once the board shows the change.
    _select: str | None = None

    def compose_work(self) -> ComposeResult:
        with ContentSwitcher(initial="posts-pane", id="define-switcher"):
            with Vertical(id="posts-pane"):
                yield Static(id="posts-status", classes="pane-status")
                yield PostBoard(id="post-board")
            with Vertical(id="plus-pane"):
                yield Static(id="plus-ranking", classes="pane-status")
                yield ReviewBoard(id="plus-board")
            with Vertical(id="items-pane"):
                yield Static(id="items-status", classes="pane-status")
                yield ItemBoard(id="item-board")
            with VerticalScroll(id="prep-pane"):
                yield ScoringPrep(id="scoring-prep")

    def refresh_work(self) -> None:
        app = self.host
        session, tr = app.workshop.session, app.tr
        step = self._step
        pane = PANES.get(step, "posts-pane")
        self.query_one("#define-switcher", ContentSwitcher).current = pane
        if pane == "posts-pane":
            layout, views = dv.post_board(session, tr)
            board: CardBoard = self.query_one(PostBoard)
            board.show(layout, views)
            self.query_one("#posts-status", Static).update(tr("ld.posts.status", n=len(session.posts)))
        elif pane == "plus-pane":
            counts = lv.counts_for(session)
            cards = lv.review_cards(session, tr, counts, self._card_memo)
            board = self.query_one("#plus-board", ReviewBoard)
            board.show(lv.board_layout(session, tr, self.plus_view, cards, counts), {c.id: c for c in cards})
            self.query_one("#plus-ranking", Static).update(dv.ranking_line(session, tr, counts))
        elif pane == "items-pane":
            layout, items = dv.item_board(session, tr)
            board = self.query_one(ItemBoard)
            board.show(layout, items)
            self.query_one("#items-status", Static).update(dv.unlinked_line(session, tr))
        else:
            self.query_one(ScoringPrep).show(dv.prep_view(session, tr))
            self._focus(self.query_one("#prep-pane"))
            return
        if self._select is not None:
            board.select(self._select)
            self._select = None
        self._focus(board)

    def _focus(self, widget: Widget) -> None:
        """Keys go to the step's main widget; the key bar follows what it offers."""
        if self.app.screen is self and self.focused is not widget:
            self.set_focus(widget)
        keys = self.query_one_optional(KeyBar)
        if keys is not None:
            keys.refresh_keys()

    def _apply(self, name: str, *args: Any, select: str | None = None, **kwargs: Any) -> bool:
        """A command through the state loop; ``select`` (or the new card) gets the cursor."""
        change = self.host.apply(name, *args, **kwargs)
        if change:
            self._select = select or (change.result if isinstance(change.result, str) else None)
        return bool(change)

    # -- keys ----------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        step = self._step
        if action in EDITING:
            return not self.host.read_only and step in ("define.posts", "define.items")
        if action == "view":
            return step == "define.plus_one"
        return True

    def _people(self) -> Sequence[tuple[str, str]]:
        return [(p.id, p.name) for p in self.host.workshop.session.participants]

    def open_add_form(self, kind: str) -> None:
        if kind == "post":
            self._post_form(None)
        elif kind == "item":
            self._item_form(None)

    def action_edit(self) -> None:
        if self._step == "define.posts":
            post = next((p for p in self.host.workshop.session.posts if p.id == self.query_one(PostBoard).cursor), None)
            if post is not None:
                self._post_form(post.id)
        elif self._step == "define.items":
            item = self.host.workshop.session.item(self.query_one(ItemBoard).cursor or "")
            if item is not None:
                self._item_form(item.id)

    def action_delete(self) -> None:
        posts = self._step == "define.posts"
        board: CardBoard = self.query_one(PostBoard) if posts else self.query_one(ItemBoard)
        card = board.cursor
        if card and self._apply("delete_post" if posts else "delete_item", card):
            self.notify(self.host.tr("ld.deleted", id=card))

    def action_view(self) -> None:
        self.plus_view = VIEWS[(VIEWS.index(self.plus_view) + 1) % len(VIEWS)]
        self.refresh_work()  # a view of the board, not a change to the session

    # -- forms ------------------------------------------------------------------------------
    def _post_form(self, post_id: str | None) -> None:
        app = self.host
        session, tr = app.workshop.session, app.tr
        post = next((p for p in session.posts if p.id == post_id), None)
        draft = PostDraft(post.author, post.stance, post.text, tuple(post.refs)) if post else PostDraft(app.workshop.turn, "continue", "", ())
        options, short = lv.ref_options(session, tr)

        def values(result: PostDraft) -> dict[str, Any]:
            return {"author": result.author, "stance": result.stance, "text": result.text, "refs": list(result.refs)}

        def add(result: PostDraft) -> str | None:
            """A new post, saved while the form stays open for the next one: its id (it gets the cursor)."""
            return self._select if self._apply("add_post", **values(result)) else None

        def done(result: PostDraft | None) -> None:
            if result is not None and post is not None:
                self._apply("edit_post", post.id, select=post.id, **values(result))

        self.app.push_screen(PostForm(tr, self._people(), options, short, draft, editing=post.id if post else "", add=add), done)

    def _item_form(self, item_id: str | None) -> None:
        app = self.host
        session, tr = app.workshop.session, app.tr
        item = session.item(item_id or "")
        board = self.query_one(ItemBoard)
        if item is not None:
            draft = ItemDraft(item.kind, item.title, item.owner, item.points, tuple(item.reviews))
        else:
            under = session.item(board.cursor or "")
            kind = under.kind if under else "issue"
            draft = ItemDraft(kind, "", ld.default_owner(session, kind, app.workshop.turn), 3, ())
        options, _ = lv.ref_options(session, tr, reviews_only=True)

        def suggest(reviews: Sequence[str]) -> tuple[int, int]:
            hint = ld.suggest_for(session, reviews, item.id if item else "")
            return hint.references, hint.points

        def warn(kind: str, reviews: Sequence[str]) -> str:
            notice = ld.link_notice(session, kind, reviews)
            return tr(notice.key, **notice.params) if notice else ""

        def done(result: ItemDraft | None) -> None:
            if result is None:
                return
            values: dict[str, Any] = {
                "kind": result.kind,
                "title": result.title,
                "owner": result.owner,
                "points": result.points,
                "reviews": list(result.reviews),
            }
            if item is None:
                self._apply("add_item", **values)
            else:
                self._apply("edit_item", item.id, select=item.id, **values)

        self.app.push_screen(ItemForm(tr, self._people(), options, draft, suggest, warn, editing=item.id if item else ""), done)

    def on_card_board_changed(self, event: CardBoard.Changed) -> None:
        event.stop()
