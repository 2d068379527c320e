"""``CardLane``: one lane of a :class:`~.card_board.CardBoard`, drawing its own cards.

A lane of 150 cards as 150 widgets makes Textual lay out 150 widgets on every
change; this lane is one widget that lays its cards out itself (a grid of as
many columns as fit, or one column) and renders only the lines on screen.
Cards are keyed by id: each card's wrapped text and drawn box are cached, so
adding one card renders one card.

Only what is seen is measured. A card's exact height takes wrapping its text
(a fifth of a millisecond); a lane of 3,000 reviews would spend most of its
first frame on cards nobody sees. So the first :data:`EXACT_LINES` lines of a
lane are measured exactly and the cards below them are *estimated* from
their width in cells (:func:`estimate_lines`, usually the exact count).
Before any line is drawn, or a card is scrolled to, the rows it touches are
measured exactly (:meth:`CardLane._make_exact`); where an estimate was off the
rows below move, and the lane lays itself out again at its new height. A drawn card is always exact; only the scroll bar of a long lane
may be a few lines off until its cards have been seen.

Each card is a box around its text. The box tells the card's state in shape
as well as colour: round (plain), dashed (assumption), heavy (most
referenced or a warning), double (the cursor); a marked card has a check mark
in its top edge. Colours come from the component classes below (see the
screens' ``.tcss``).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from rich.cells import cell_len, set_cell_size
from rich.containers import Lines
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.events import Click
from textual.geometry import Region, Size
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from ..recovering import Recovering
from ..text_wrap import cells_estimate, line_count, wrap

#: Grid lanes fit as many columns as give each card at least this many cells.
CARD_MIN_WIDTH = 30
#: The lines from the top of a lane whose cards are measured exactly when it is
#: laid out (more than two screens of a projector); below, heights are estimated.
EXACT_LINES = 120
GUTTER = 1

#: Box characters: top-left, horizontal, top-right, vertical, bottom-left, bottom-right.
BOXES = {
    "round": "╭─╮│╰╯",
    "dashed": "╭╌╮╎╰╯",
    "heavy": "┏━┓┃┗┛",
    "double": "╔═╗║╚╝",
}
#: Card classes that colour the box, in priority order.
KINDS = ("positive", "negative", "continue", "quit", "issue", "strength")


def box_of(classes: frozenset[str], cursor: bool) -> tuple[str, str]:
    """(box name, component class of its colour) for a card's classes."""
    kind = next((k for k in KINDS if k in classes), "plain")
    if cursor:
        return "double", "cursor"
    if "warning" in classes:
        return "heavy", "warning"
    if "hot" in classes:
        return "heavy", "hot"
    if "assumption" in classes:
        return "dashed", kind
    return "round", kind


def estimate_lines(plain: str, inner: int) -> int:
    """Lines a card's text takes at ``inner`` cells, from its width alone: a
    fraction of :func:`~mlew_tui.text_wrap.line_count`'s cost, usually the
    same count (a line broken at a word may need one more, spaces dropped at
    breaks one fewer)."""
    width = max(1, inner)
    return sum(max(1, -(-cells_estimate(part) // width)) for part in plain.split("\n"))


class CardLane(Recovering, Widget):
    """See the module docstring."""

    COMPONENT_CLASSES = {f"card-lane--{name}" for name in (*KINDS, "plain", "hot", "warning", "cursor", "marked")}

    # The lane draws its cards: these colour the boxes (the shape of a box says
    # the same in words: dashed = assumption, heavy = most referenced or a
    # warning, double = cursor, a check mark = marked).
    DEFAULT_CSS = """
    CardLane > .card-lane--plain {
        color: $secondary;
    }

    CardLane > .card-lane--positive, CardLane > .card-lane--continue, CardLane > .card-lane--strength {
        color: $success;
    }

    CardLane > .card-lane--negative, CardLane > .card-lane--quit, CardLane > .card-lane--issue {
        color: $error;
    }

    CardLane > .card-lane--hot {
        color: $primary;
    }

    CardLane > .card-lane--warning {
        color: $warning;
    }

    CardLane > .card-lane--cursor {
        color: $accent;
        background: $accent 20%;
    }

    CardLane > .card-lane--marked {
        background: $primary 30%;
    }
    """

    class Clicked(Message):
        def __init__(self, lane: CardLane, card: str) -> None:
            super().__init__()
            self.lane = lane
            self.card = card

    def __init__(
        self,
        band_key: str,
        key: str,
        title: str,
        grid: bool,
        render: Callable[[Any], Text],
        classes_of: Callable[[Any], str],
        plain: Callable[[Any], str] | None = None,
        card_title: Callable[[Any], str] | None = None,
    ) -> None:
        # id -> (signature, top, text lines, blank line, bottom, {height: lines})
        self._boxes: dict[str, tuple[tuple[Any, ...], Strip, list[Strip], Strip, Strip, dict[int, list[Strip]]]] = {}
        self._styles: dict[str, Any] | None = None
        super().__init__(classes="-grid card-lane" if grid else "card-lane")
        self.set_class(bool(title), "-titled")
        self.border_title = title
        self.band_key = band_key
        self.key = key
        self.grid = grid
        self._render_card = render
        self._classes_of = classes_of
        #: A card's text without styles, as ``render(view).plain`` gives it
        #: (cheaper to build when a lane counts hundreds of cards).
        self._plain_of = plain or (lambda view: render(view).plain)
        #: A short label drawn into the card's top edge (no user text).
        self._title_of = card_title
        self.order: list[str] = []
        self.views: dict[str, Any] = {}
        self.cursor: str | None = None
        self.marked: frozenset[str] = frozenset()
        self.cols = 1
        self._wrapped: dict[str, tuple[Any, int, Lines]] = {}  # id -> (view, inner width, lines)
        self._counts: dict[str, tuple[Any, int, int]] = {}  # id -> (view, inner width, line count)
        self._estimates: dict[str, tuple[Any, int, int]] = {}  # id -> (view, inner width, estimated count)
        self._layout_key: tuple[int, int] | None = None
        self._version = 0
        self._tops: list[int] = []
        self._rows: list[tuple[int, list[tuple[str, int, int]]]] = []  # (height, [(id, x, width)])
        self._estimated: set[int] = set()  # rows whose height is an estimate
        self._relayout = False  # measured taller or shorter than laid out
        self._card_width = 0
        self._height = 0

    # -- content ----------------------------------------------------------------
    def set_cards(self, ids: Sequence[str], views: Mapping[str, Any]) -> bool:
        """Show ``ids`` in this order; True when anything changed."""
        changed = list(ids) != self.order
        for card in ids:
            view = views[card]
            old = self.views.get(card, None)
            if old is not view and (old != view or card not in self.views):
                changed = True
                self._boxes.pop(card, None)
            self.views[card] = view
        if changed:
            keep = set(ids)
            for card in [c for c in self.views if c not in keep]:
                del self.views[card]
                self._wrapped.pop(card, None)
                self._counts.pop(card, None)
                self._estimates.pop(card, None)
                self._boxes.pop(card, None)
            self.order = list(ids)
            self._invalidate(layout=True)
        return changed

    def set_state(self, cursor: str | None, marked: frozenset[str]) -> None:
        """The board's cursor and marks; redraws only the cards they touch."""
        touched = {c for c in (self.cursor, cursor) if c in self.views} | ((self.marked ^ marked) & self.views.keys())
        self.cursor, self.marked = cursor, marked
        if touched:
            self._invalidate(layout=False)

    def _invalidate(self, *, layout: bool) -> None:
        self._version += 1
        if layout and self.is_mounted and self.size.width and not self._relayout:
            # A lane that keeps its height (a card added to a row that had
            # room, a card edited within its lines) is only repainted:
            # Textual would lay the whole screen out again for it.
            height = self._height
            self._arrange(self.size.width)
            layout = self._height != height
        self.refresh(layout=layout)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._boxes.clear()  # colours may have changed (theme switch)
        self._styles = None

    @property
    def _base(self) -> Style:
        """The lane's own style (``rich_style`` walks the DOM: computed once per style change)."""
        if self._styles is None:
            self._styles = {"base": self.rich_style}
        base: Style = self._styles["base"]  # the cache also holds the tints' colours
        return base

    # -- layout -------------------------------------------------------------------
    def _columns(self, width: int) -> int:
        return max(1, (width + GUTTER) // (CARD_MIN_WIDTH + GUTTER)) if self.grid else 1

    def _wrap(self, card: str, inner: int) -> Lines:
        """The card's text wrapped to ``inner`` cells (the layout needs only the
        number of lines; drawing turns them into segments card by card)."""
        view = self.views[card]
        cached = self._wrapped.get(card)
        if cached is not None and cached[0] == view and cached[1] == inner:
            return cached[2]
        lines = wrap(self._render_card(view), self.app.console, inner)
        self._wrapped[card] = (view, inner, lines)
        return lines

    def _height_of(self, card: str, inner: int, *, exact: bool = True) -> int | None:
        """How many lines ``card``'s text takes at ``inner`` cells: exactly what
        :meth:`_wrap` gives, counted on the plain text (a third of the cost of
        wrapping; only the cards on screen are wrapped for drawing). With
        ``exact=False``, ``None`` when the card has not been measured yet."""
        view = self.views[card]
        cached = self._wrapped.get(card)
        if cached is not None and cached[0] == view and cached[1] == inner:
            return len(cached[2])
        counted = self._counts.get(card)
        if counted is not None and counted[0] == view and counted[1] == inner:
            return counted[2]
        if not exact:
            return None
        lines = line_count(self._plain_of(view), inner)
        self._counts[card] = (view, inner, lines)
        return lines

    def _estimate_of(self, card: str, inner: int) -> int:
        """:func:`estimate_lines` of a card, cached like its exact count (a
        lane that grows lays itself out again with every card added)."""
        view = self.views[card]
        cached = self._estimates.get(card)
        if cached is not None and cached[0] == view and cached[1] == inner:
            return cached[2]
        lines = estimate_lines(self._plain_of(view), inner)
        self._estimates[card] = (view, inner, lines)
        return lines

    def _row_height(self, row: Sequence[tuple[str, int, int]], exact: bool) -> tuple[int, bool]:
        """(height of a row of cards, whether it is exact)."""
        inner = self._card_width - 4
        lines, known = 0, True
        for card, _, _ in row:
            counted = self._height_of(card, inner, exact=exact)
            if counted is None:
                known = False
                counted = self._estimate_of(card, inner)
            lines = max(lines, counted)
        return lines + 2, known

    def _arrange(self, width: int) -> None:
        if self._layout_key == (width, self._version):
            return
        cols = self._columns(width)
        card_width = max(6, (width - GUTTER * (cols - 1)) // cols)
        self.cols, self._card_width = cols, card_width
        self._rows, self._tops, self._estimated = [], [], set()
        top = 0
        for start in range(0, len(self.order), cols):
            row = self.order[start : start + cols]
            cells = [(card, i * (card_width + GUTTER), card_width) for i, card in enumerate(row)]
            height, known = self._row_height(cells, exact=top < EXACT_LINES)
            if not known:
                self._estimated.add(len(self._rows))
            self._tops.append(top)
            self._rows.append((height, cells))
            top += height
        self._height = top
        self._layout_key = (width, self._version)

    def _make_exact(self, y0: int, y1: int) -> None:
        """Measure exactly the rows that lines ``y0``..``y1`` (content
        coordinates) touch; rows below move if an estimate was short, and the
        lane is laid out again when its height changed."""
        self._arrange(self.size.width)
        grew = False
        while self._estimated:
            first = max(0, bisect_right(self._tops, y0) - 1)
            last = bisect_right(self._tops, max(y0, y1 - 1))
            pending = [i for i in range(first, last) if i in self._estimated]
            if not pending:
                break
            for index in pending:
                self._estimated.discard(index)
                old, cells = self._rows[index]
                height, _ = self._row_height(cells, exact=True)
                if height != old:
                    self._rows[index] = (height, cells)
                    grew = True
            top = self._tops[first]
            for index in range(first, len(self._rows)):
                self._tops[index] = top
                top += self._rows[index][0]
            self._height = top
        if grew:
            self._relayout = True
            self.refresh(layout=True)

    def render_lines(self, crop: Region) -> list[Strip]:
        top = self.styles.gutter.top
        self._make_exact(crop.y - top, crop.bottom - top)
        return super().render_lines(crop)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        self._relayout = False
        self._arrange(width)
        return self._height

    def card_region(self, card: str) -> Region | None:
        """Where ``card`` is, in this lane's content coordinates (its row and
        a screenful above it measured exactly first)."""
        self._arrange(self.size.width)
        for _ in range(2):  # again once, should measuring have moved it
            found = next(
                (Region(x, top, w, height) for top, (height, cells) in zip(self._tops, self._rows, strict=True) for cid, x, w in cells if cid == card), None
            )
            if found is None or not self._estimated:
                return found
            self._make_exact(found.y - self.app.size.height, found.bottom)
        return found

    def card_at(self, x: int, y: int) -> str | None:
        self._arrange(self.size.width)
        index = bisect_right(self._tops, y) - 1
        if index < 0:
            return None
        for cid, cx, w in self._rows[index][1]:
            if cx <= x < cx + w:
                return cid
        return None

    # -- drawing ----------------------------------------------------------------------
    def _box(self, card: str, width: int, height: int) -> list[Strip]:
        """The card's box as lines, ``height`` tall. Its edges and text lines
        are kept per card; only how many blank lines pad it depends on the
        row it sits in (a card added before it changes its row-mates, and so
        its row's height, not its text)."""
        cursor, marked = card == self.cursor, card in self.marked
        signature = (self.views[card], width, cursor, marked)
        cached = self._boxes.get(card)
        if cached is None or cached[0] != signature:
            cached = (signature, *self._box_parts(card, width, cursor, marked), {})
            self._boxes[card] = cached
        _, top, rows, filler, bottom, by_height = cached
        box = by_height.get(height)
        if box is None:
            box = [top, *rows[: height - 2], *[filler] * (height - 2 - len(rows)), bottom]
            by_height.clear()
            by_height[height] = box
        return box

    def _box_parts(self, card: str, width: int, cursor: bool, marked: bool) -> tuple[Strip, list[Strip], Strip, Strip]:
        """(top edge, a line per line of text, a blank line, bottom edge)."""
        classes = frozenset(c.lstrip("-") for c in self._classes_of(self.views[card]).split())
        shape, colour = box_of(classes, cursor)
        tl, h, tr, v, bl, br = tuple(BOXES[shape])
        fill = self._base
        for tint, on in (("marked", marked), ("cursor", cursor)):
            if on:
                fill = fill + Style(bgcolor=self._tint(tint))
        edge = fill + Style(color=self.get_component_rich_style(f"card-lane--{colour}", partial=True).color)
        inner = width - 4
        title = self._edge_title(card, marked, width)
        top = Strip([Segment(tl, edge), Segment(title, edge + Style(bold=True)), Segment(h * max(0, width - 2 - cell_len(title)) + tr, edge)])
        console = self.app.console
        left, right = Strip([Segment(v, edge), Segment(" ", fill)]), Strip([Segment(" ", fill), Segment(v, edge)])

        def framed(text: Strip) -> Strip:
            return Strip.join([left, text.apply_style(fill), right])

        rows = [framed(Strip(list(line.render(console, end=""))).adjust_cell_length(inner)) for line in self._wrap(card, inner)]
        return top, rows, framed(Strip.blank(inner)), Strip([Segment(bl + h * (width - 2) + br, edge)])

    def _edge_title(self, card: str, marked: bool, width: int) -> str:
        """What the top edge says: a check mark when marked, then the card's title."""
        parts = ["✓"] if marked else []
        if self._title_of is not None:
            parts.append(self._title_of(self.views[card]))
        title = " ".join(p for p in parts if p)
        if not title:
            return ""
        title = f" {title} "
        room = max(0, width - 2)
        return set_cell_size(title, room) if cell_len(title) > room else title

    def _tint(self, name: str) -> Any:
        """A component's background blended over the lane's (CSS alphas such as
        ``$accent 20%`` are not in rich styles)."""
        self._base  # noqa: B018 - makes sure the cache exists
        assert self._styles is not None
        if name not in self._styles:
            _, background = self.background_colors
            self._styles[name] = (background + self.get_component_styles(f"card-lane--{name}").background).rich_color
        return self._styles[name]

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        self._arrange(width)
        if self._estimated:
            self._make_exact(y, y + 1)
        index = bisect_right(self._tops, y) - 1
        if index < 0 or y >= self._height:
            return Strip.blank(width, self._base)
        height, cells = self._rows[index]
        dy = y - self._tops[index]
        parts: list[Strip] = []
        x = 0
        for card, cx, w in cells:
            if cx > x:
                parts.append(Strip.blank(cx - x, self._base))
            parts.append(self._box(card, w, height)[dy])
            x = cx + w
        if x < width:
            parts.append(Strip.blank(width - x, self._base))
        return Strip.join(parts).crop(0, width)

    def on_click(self, event: Click) -> None:
        offset = event.get_content_offset(self)
        if offset is not None:
            card = self.card_at(offset.x, offset.y)
            if card is not None:
                self.post_message(self.Clicked(self, card))

    def reveal(self, card: str) -> None:
        """Scroll the containers so ``card`` is in view."""
        region = self.card_region(card)
        if region is None or not self.is_mounted:
            return
        if self._relayout:  # measuring moved it: scroll once the lane has its new height
            self.call_after_refresh(self.reveal, card)
        region = region.translate(self.virtual_region.offset + self.styles.gutter.top_left)
        widget: Widget = self
        while isinstance(widget.parent, Widget):
            container = widget.parent
            delta = container.scroll_to_region(region, animate=False, immediate=True)
            region = region.translate(-delta).translate(container.styles.gutter.top_left).translate(container.virtual_region.offset)
            region = region.intersection(container.virtual_region) if container.virtual_region else region
            widget = container
