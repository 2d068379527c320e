"""``CardBoard``: cards in bands and lanes, updated in place and walked by keyboard.

The board knows nothing of reviews or posts: it is given a :class:`BoardLayout`
(bands of lanes of card ids) and a mapping of card id -> view (any frozen,
comparable object) with a function that renders a view as rich ``Text`` (user
text stays literal). Everything is keyed: bands and lanes are widgets mounted,
moved or removed as the layout changes; each lane (:class:`~.card_lane.CardLane`)
draws its cards itself and re-renders only cards whose view changed - adding
one review to a board of 300 renders one card and lays out a handful of
widgets.

Shapes: ``rows`` (bands stacked, each taking an equal share of the height and
scrolling on its own), ``stack`` (bands stacked, the whole board scrolls) and
``columns`` (bands side by side). Grid lanes flow their cards in as many
columns as fit.

The board takes focus itself: arrows move a cursor, space marks cards for a
group action (where the screen allows it), a click selects. It posts
:class:`CardBoard.Changed` when the cursor or the marks change.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widget import AwaitMount, Widget
from textual.widgets import Static

from ..recovering import Recovering
from . import board_nav
from .board_nav import NavLane
from .card_lane import CardLane
from .quiet import QuietStatic


@dataclass(frozen=True)
class Lane:
    key: str
    ids: tuple[str, ...]
    title: str = ""


@dataclass(frozen=True)
class Band:
    key: str
    title: Text
    lanes: tuple[Lane, ...]
    classes: str = ""


@dataclass(frozen=True)
class BoardLayout:
    bands: tuple[Band, ...]
    shape: str = "rows"  # rows | stack | columns
    grid: bool = True
    empty: Text = field(default_factory=Text)

    def ids(self) -> list[str]:
        return [card for band in self.bands for lane in band.lanes for card in lane.ids]


class BandBody(VerticalScroll, can_focus=False):
    pass


class CardBand(Vertical):
    """A band built whole, with its lanes. In a ``stack`` the whole board
    scrolls and a band has one lane: the lane sits in the band itself (fewer
    widgets for Textual to lay out when there are sixty groups)."""

    def __init__(self, band: Band, lanes: Sequence[CardLane], shape: str) -> None:
        self.key = band.key
        self.title_label = QuietStatic(band.title, classes="band-title")
        if shape == "stack":
            super().__init__(self.title_label, *lanes, classes=f"card-band {band.classes}")
            self.row: Widget = self
        else:
            self.row = Horizontal(*lanes, classes="lane-row")
            super().__init__(self.title_label, BandBody(self.row, classes="band-body"), classes=f"card-band {band.classes}")
        self.band = band
        self.lanes: dict[str, CardLane] = {lane.key: lane for lane in lanes}
        self.order: list[str] = [lane.key for lane in lanes]


class BoardBands(VerticalScroll, can_focus=False):
    pass


def _place(
    parent: Widget,
    order: list[str],
    desired: Sequence[str],
    widgets: Mapping[str, Widget],
    make: Callable[[str], Widget],
    mounting: list[AwaitMount],
) -> None:
    """Make ``parent``'s keyed children follow ``desired``. ``order`` (the keys
    in place, in order, without those being removed) is updated; consecutive
    new children are mounted together (their mounts are added to ``mounting``)."""
    j = 0
    pending: list[Widget] = []
    anchor: Widget | None = None

    def flush() -> None:
        if pending:
            if anchor is None:
                mounting.append(parent.mount(*pending))
            else:
                mounting.append(parent.mount(*pending, before=anchor))
            pending.clear()

    for key in desired:
        if j < len(order) and order[j] == key:
            flush()
            j += 1
            continue
        if key in widgets and key in order:  # out of place: move it here
            flush()
            order.remove(key)
            if j < len(order):
                parent.move_child(widgets[key], before=widgets[order[j]])
            else:
                parent.move_child(widgets[key], after=widgets[order[-1]])
        else:
            next_anchor = widgets[order[j]] if j < len(order) else None
            if pending and next_anchor is not anchor:
                flush()
            anchor = next_anchor
            pending.append(make(key))
        order.insert(j, key)
        j += 1
    flush()


#: Pseudo-classes by which a rule can style a widget for where the keys are.
FOCUS_PSEUDO_CLASSES = frozenset({"focus", "focus-within"})


class CardBoard(Recovering, Widget, can_focus=True):
    """See the module docstring."""

    DEFAULT_CSS = """
    CardBoard {
        height: 1fr;

        .board-empty {
            height: auto;
            color: $text-muted;
            padding: 1;
        }

        .board-bands {
            height: 1fr;
            scrollbar-gutter: stable;
        }

        &.-columns .board-bands {
            layout: horizontal;
            overflow-y: hidden;
        }

        .card-band {
            height: 1fr;
        }

        &.-columns .card-band {
            width: 1fr;
            height: 1fr;
        }

        &.-stack .card-band {
            height: auto;
            margin-bottom: 1;
        }

        .band-title {
            height: auto;
            background: $panel;
            padding: 0 1;
            text-style: bold;
        }

        .card-band.-positive .band-title,
        .card-band.-continue .band-title,
        .card-band.-strength .band-title {
            background: $success 35%;
        }

        .card-band.-negative .band-title,
        .card-band.-quit .band-title,
        .card-band.-issue .band-title {
            background: $error 35%;
        }

        .card-band.-hot .band-title {
            background: $primary 50%;
        }

        .band-body {
            height: 1fr;
            /* a scrollbar appearing must not change the lanes' width (that
               would wrap every card's text again) */
            scrollbar-gutter: stable;
        }

        &.-stack .band-body {
            height: auto;
            overflow-y: hidden;
        }

        .lane-row {
            height: auto;
        }

        .card-lane {
            width: 1fr;
            height: auto;
        }

        .card-lane.-titled {
            border-top: solid $primary;
            border-title-style: bold;
            border-title-color: $text;
        }
    }
    """

    BINDINGS = [
        Binding("up", "move('up')", show=False, id="board.up"),
        Binding("down", "move('down')", show=False, id="board.down"),
        Binding("left", "move('left')", show=False, id="board.left"),
        Binding("right", "move('right')", show=False, id="board.right"),
        Binding("home", "move('home')", show=False, id="board.home"),
        Binding("end", "move('end')", show=False, id="board.end"),
        Binding("space", "mark", "Mark", id="board.mark"),
    ]

    class Changed(Message):
        """The cursor or the marked cards changed."""

        def __init__(self, board: CardBoard) -> None:
            super().__init__()
            self.board = board

        @property
        def control(self) -> CardBoard:
            return self.board

    def __init__(
        self,
        render: Callable[[Any], Text],
        classes_of: Callable[[Any], str],
        *,
        plain: Callable[[Any], str] | None = None,
        card_title: Callable[[Any], str] | None = None,
        id: str | None = None,
        classes: str = "",
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._render_card = render
        self._classes_of = classes_of
        self._plain_of = plain
        self._title_of = card_title
        self._shape = ""
        self._grid = True
        self._bands: dict[str, CardBand] = {}
        self._band_order: list[str] = []
        self._lane_of: dict[str, CardLane] = {}
        self._layout = BoardLayout(())
        self._empty = Text()
        self.cursor: str | None = None
        self.marked: set[str] = set()
        #: Whether space marks cards (only where a group action follows).
        self.markable = False
        self._mounting: list[AwaitMount] = []

    def compose(self) -> ComposeResult:
        yield Static(classes="board-empty")
        yield BoardBands(classes="board-bands")

    # -- focus ----------------------------------------------------------------
    def watch_has_focus(self, has_focus: bool) -> None:
        """Textual restyles a widget and everything in it whenever it gains or
        loses focus, for rules such as ``Board:focus .x``. No rule styles the
        board, its bands, lanes or cards by focus (the cursor is drawn by the
        lanes whether or not the board has the keys), so that restyle changed
        nothing and cost about 4 ms of the first frame and 12 ms each time a
        form took the keys from a full board or gave them back. It is done
        only when some rule for the board or anything in it names ``:focus``
        or ``:focus-within``."""
        if self.styled_by_focus():
            super().watch_has_focus(has_focus)

    def styled_by_focus(self) -> bool:
        """Whether a rule of the app's stylesheet that could style the board
        or anything in it (its nodes' type names, ids, classes and the lanes'
        component classes) has a ``:focus`` or ``:focus-within`` part."""
        names: set[str] = set()
        for node in self.walk_children(with_self=True):
            names |= node._selector_names
            names |= {f".{name}" for name in getattr(node, "COMPONENT_CLASSES", ())}
        rules_map = self.app.stylesheet.rules_map
        return any(not FOCUS_PSEUDO_CLASSES.isdisjoint(rule.pseudo_classes) for name in rules_map.keys() & names for rule in rules_map[name])

    # -- showing --------------------------------------------------------------
    def show(self, layout: BoardLayout, views: Mapping[str, Any]) -> None:
        """Make the board show ``layout`` (see the module docstring)."""
        container = self.query_one(BoardBands)
        old_ids = self._layout.ids()
        where = old_ids.index(self.cursor) if self.cursor in old_ids else 0
        if (layout.shape, layout.grid) != (self._shape, self._grid):
            container.remove_children()
            self._bands.clear()
            self._band_order.clear()
            for shape in ("rows", "stack", "columns"):
                self.set_class(shape == layout.shape, f"-{shape}")
            self._shape, self._grid = layout.shape, layout.grid
        wanted = {band.key: band for band in layout.bands}
        for key in [k for k in self._band_order if k not in wanted]:
            self._bands.pop(key).remove()
            self._band_order.remove(key)

        def new_band(key: str) -> CardBand:
            band = wanted[key]
            widget = CardBand(band, [self._new_lane(band.key, lane, views) for lane in band.lanes], self._shape)
            self._bands[key] = widget
            return widget

        for band in layout.bands:
            if band.key in self._bands:
                self._update_band(self._bands[band.key], band, views)
        _place(container, self._band_order, [b.key for b in layout.bands], self._bands, new_band, self._mounting)
        self._lane_of = {card: lane for band in self._bands.values() for lane in band.lanes.values() for card in lane.order}
        self._layout = layout
        self._show_empty(layout)
        self._keep_cursor(layout, where)

    async def settle(self) -> None:
        """Wait until the bands and lanes :meth:`show` mounted are in place (a
        screen filled for the first time draws its first frame complete)."""
        while self._mounting:
            await self._mounting.pop(0)

    def _show_empty(self, layout: BoardLayout) -> None:
        # Only touch the hint when it changes: refreshing a hidden widget makes
        # Textual lay out the whole screen to find it.
        empty = self.query_one(".board-empty", Static)
        show = not self._lane_of and bool(layout.empty.plain)
        if show and layout.empty != self._empty:
            empty.update(layout.empty)
            self._empty = layout.empty
        if empty.display != show:
            empty.display = show

    def _new_lane(self, band_key: str, lane: Lane, views: Mapping[str, Any]) -> CardLane:
        widget = CardLane(band_key, lane.key, lane.title, self._grid, self._render_card, self._classes_of, self._plain_of, self._title_of)
        widget.set_cards(lane.ids, views)
        widget.set_state(self.cursor, frozenset(self.marked))
        return widget

    def _update_band(self, widget: CardBand, band: Band, views: Mapping[str, Any]) -> None:
        if widget.band.title != band.title:
            widget.title_label.update(band.title)
        if widget.band.classes != band.classes:
            widget.set_classes(f"card-band {band.classes}")
        widget.band = band
        lanes = {lane.key: lane for lane in band.lanes}
        for key in [k for k in widget.order if k not in lanes]:
            widget.lanes.pop(key).remove()
            widget.order.remove(key)
        for lane in band.lanes:
            lane_widget = widget.lanes.get(lane.key)
            if lane_widget is not None:
                if lane_widget.border_title != lane.title:
                    lane_widget.border_title = lane.title
                    lane_widget.set_class(bool(lane.title), "-titled")
                lane_widget.set_cards(lane.ids, views)

        def new_lane(key: str) -> CardLane:
            lane_widget = self._new_lane(band.key, lanes[key], views)
            widget.lanes[key] = lane_widget
            return lane_widget

        _place(widget.row, widget.order, [lane.key for lane in band.lanes], widget.lanes, new_lane, self._mounting)

    # -- cursor and marks ------------------------------------------------------
    def nav_rows(self) -> list[list[NavLane]]:
        """The board as board_nav sees it (columns shape: one row of lanes)."""
        rows = [[NavLane(lane.ids, self._cols(band.key, lane.key)) for lane in band.lanes] for band in self._layout.bands]
        if self._shape == "columns":
            return [[lane for row in rows for lane in row]]
        return rows

    def _cols(self, band: str, lane: str) -> int:
        widget = self._bands.get(band)
        lane_widget = widget.lanes.get(lane) if widget else None
        return lane_widget.cols if lane_widget else 1

    def _keep_cursor(self, layout: BoardLayout, where: int) -> None:
        """Drop marks of cards that left; a cursor whose card left moves to the
        card now at its place (the next one, or the last)."""
        ids = layout.ids()
        if not self.marked <= self._lane_of.keys():
            self.marked &= self._lane_of.keys()
            self._push_state()
        if self.cursor not in self._lane_of:
            self.select(ids[min(where, len(ids) - 1)] if ids else None, scroll=False)

    def _push_state(self) -> None:
        marked = frozenset(self.marked)
        for band in self._bands.values():
            for lane in band.lanes.values():
                lane.set_state(self.cursor, marked)

    def select(self, card: str | None, *, scroll: bool = True) -> None:
        """Put the cursor on ``card`` (and bring it into view)."""
        self.cursor = card if card in self._lane_of else None
        self._push_state()
        lane = self._lane_of.get(self.cursor or "")
        if lane is not None and scroll:
            self.call_after_refresh(lane.reveal, self.cursor)
        self.post_message(self.Changed(self))

    def reveal_cursor(self) -> None:
        """Bring the card under the cursor into view (after the board was resized)."""
        lane = self._lane_of.get(self.cursor or "")
        if lane is not None:
            self.call_after_refresh(lane.reveal, self.cursor)

    def picked(self) -> list[str]:
        """The marked cards in board order, else the card under the cursor."""
        if self.marked:
            return [card for card in self._layout.ids() if card in self.marked]
        return [self.cursor] if self.cursor else []

    def clear_marks(self) -> None:
        if self.marked:
            self.marked.clear()
            self._push_state()
            self.post_message(self.Changed(self))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.markable if action == "mark" else True

    def action_move(self, direction: str) -> None:
        self.select(board_nav.move(self.nav_rows(), self.cursor, direction))

    def action_mark(self) -> None:
        if self.cursor is None:
            return
        self.marked ^= {self.cursor}
        self._push_state()
        self.post_message(self.Changed(self))

    def on_card_lane_clicked(self, event: CardLane.Clicked) -> None:
        event.stop()
        self.focus()
        self.select(event.card, scroll=False)

    def has_card(self, card: str) -> bool:
        return card in self._lane_of

    def lane_of(self, card: str) -> CardLane | None:
        return self._lane_of.get(card)
