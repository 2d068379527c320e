"""``GridView``: a grid of text cells that stays fast when cells change per key.

Textual's ``DataTable`` re-renders every cell of every visible row - all
columns, scrolled out of view or not - after any ``update_cell``: about 45 ms
for a 10 x 32 scoring table, three frames. ``GridView`` keeps one rendered
``Strip`` per row and re-renders only the rows whose cells changed (or that
the cursor entered or left), then repaints just those lines. A header of one
or more lines stays on top and the first column stays on the left while the
rest scrolls.

The cursor is a cell (``cursor_mode="cell"``), a whole row (``"row"``) or
hidden (``"none"``); arrows, Home/End and PageUp/PageDown move it, a click
puts it on a cell, and :class:`GridView.CursorMoved` is posted on each move.
``cursor_range`` limits the columns the cell cursor may visit (the scoring
table keeps it off the case names and totals).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size, Spacing
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ..recovering import Recovering

Justify = Literal["left", "center", "right"]
CursorMode = Literal["cell", "row", "none"]


@dataclass(frozen=True)
class GridColumn:
    key: str
    width: int  # in terminal cells, without the padding
    justify: Justify = "left"


class GridView(Recovering, ScrollView, can_focus=True):
    """See the module docstring."""

    COMPONENT_CLASSES = {"grid-view--header", "grid-view--fixed", "grid-view--cursor", "grid-view--odd"}

    DEFAULT_CSS = """
    GridView {
        background: $surface;
        scrollbar-size: 1 1;
    }

    GridView > .grid-view--header {
        background: $panel;
        text-style: bold;
    }

    GridView > .grid-view--cursor {
        background: $accent;
        color: $text;
        text-style: bold;
    }

    GridView > .grid-view--odd {
        background: $surface-lighten-1;
    }
    """

    BINDINGS = [
        Binding("up", "move(-1, 0)", show=False, id="grid.up"),
        Binding("down", "move(1, 0)", show=False, id="grid.down"),
        Binding("left", "move(0, -1)", show=False, id="grid.left"),
        Binding("right", "move(0, 1)", show=False, id="grid.right"),
        Binding("home", "edge(-1)", show=False, id="grid.home"),
        Binding("end", "edge(1)", show=False, id="grid.end"),
        Binding("pageup", "page(-1)", show=False, id="grid.page_up"),
        Binding("pagedown", "page(1)", show=False, id="grid.page_down"),
    ]

    class CursorMoved(Message):
        def __init__(self, grid: GridView, row: int, column: int) -> None:
            super().__init__()
            self.grid = grid
            self.row = row
            self.column = column

        @property
        def control(self) -> GridView:
            return self.grid

    PADDING = 1

    def __init__(self, *, cursor_mode: CursorMode = "cell", id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.cursor_mode: CursorMode = cursor_mode
        self.cursor_row = 0
        self.cursor_column = 0
        self.cursor_columns: tuple[int, int] = (0, 0)
        #: The columns the cell cursor may visit (``None``: all of them).
        self.cursor_range: tuple[int, int] | None = None
        self._columns: tuple[GridColumn, ...] = ()
        self._col_index: dict[str, int] = {}
        self._col_x: list[int] = []
        self._header: list[list[Text]] = []
        self._keys: list[str] = []
        self._row_index: dict[str, int] = {}
        self._cells: list[list[Text]] = []
        self._strips: dict[int, Strip] = {}
        self._header_strips: dict[int, Strip] = {}
        self._styles: dict[str, Style] = {}

    # -- content ---------------------------------------------------------------
    def set_grid(self, columns: Sequence[GridColumn], header: Sequence[Sequence[Text]], rows: Sequence[tuple[str, Sequence[Text]]]) -> None:
        """Replace everything: columns, header lines and rows ``(key, cells)``."""
        self._columns = tuple(columns)
        self._col_index = {c.key: i for i, c in enumerate(self._columns)}
        x, self._col_x = 0, []
        for column in self._columns:
            self._col_x.append(x)
            x += column.width + 2 * self.PADDING
        self._header = [list(line) for line in header]
        self._keys = [key for key, _ in rows]
        self._row_index = {key: i for i, key in enumerate(self._keys)}
        self._cells = [list(cells) for _, cells in rows]
        self._strips.clear()
        self._header_strips.clear()
        last = max(0, len(self._columns) - 1)
        low, high = self.cursor_range or (0, last)
        self.cursor_columns = (min(low, last), min(high, last))
        self.virtual_size = Size(x, len(self._header) + len(self._keys))
        self.cursor_row = max(0, min(self.cursor_row, len(self._keys) - 1))
        self.cursor_column = max(self.cursor_columns[0], min(self.cursor_column, self.cursor_columns[1]))
        self.refresh()

    def set_cell(self, row_key: str, column_key: str, text: Text) -> None:
        """One cell: re-renders its row only."""
        row, column = self._row_index[row_key], self._col_index[column_key]
        self._cells[row][column] = text
        self._invalidate(row)

    def cell(self, row_key: str, column_key: str) -> Text:
        return self._cells[self._row_index[row_key]][self._col_index[column_key]]

    @property
    def row_keys(self) -> tuple[str, ...]:
        return tuple(self._keys)

    @property
    def column_keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self._columns)

    @property
    def fixed_width(self) -> int:
        return self._columns[0].width + 2 * self.PADDING if self._columns else 0

    def _invalidate(self, row: int) -> None:
        self._strips.pop(row, None)
        self.refresh_line(len(self._header) + row)

    # -- cursor ------------------------------------------------------------------
    def move_cursor(self, row: int | None = None, column: int | None = None, *, scroll: bool = True) -> None:
        old_row, old_column = self.cursor_row, self.cursor_column
        if self._keys:
            self.cursor_row = max(0, min(len(self._keys) - 1, old_row if row is None else row))
        low, high = self.cursor_columns
        self.cursor_column = max(low, min(high, old_column if column is None else column))
        if (old_row, old_column) == (self.cursor_row, self.cursor_column):
            return
        if self.cursor_mode != "none":
            self._invalidate(old_row)
            self._invalidate(self.cursor_row)
        if scroll:
            self.scroll_to_cursor()
        self.cursor_changed()
        self.post_message(self.CursorMoved(self, self.cursor_row, self.cursor_column))

    def cursor_changed(self) -> None:
        """Hook for subclasses: the cursor moved."""

    def scroll_to_cursor(self) -> None:
        if not self._keys or not self._columns:
            return
        header = len(self._header)
        if self.cursor_mode == "row":
            region = Region(int(self.scroll_x) + self.fixed_width, header + self.cursor_row, 1, 1)
        else:
            column = self._columns[self.cursor_column]
            region = Region(self._col_x[self.cursor_column], header + self.cursor_row, column.width + 2 * self.PADDING, 1)
        self.scroll_to_region(region, spacing=Spacing(header, 0, 0, self.fixed_width), animate=False, force=True)

    def set_cursor_mode(self, mode: CursorMode) -> None:
        if mode != self.cursor_mode:
            self.cursor_mode = mode
            self._strips.clear()
            self.refresh()

    def action_move(self, rows: int, columns: int) -> None:
        if self.cursor_mode == "row":
            columns = 0
        self.move_cursor(self.cursor_row + rows, self.cursor_column + columns)

    def action_edge(self, direction: int) -> None:
        self.move_cursor(column=self.cursor_columns[0] if direction < 0 else self.cursor_columns[1])

    def action_page(self, direction: int) -> None:
        page = max(1, self.scrollable_content_region.height - len(self._header))
        self.move_cursor(self.cursor_row + direction * page)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y < len(self._header):
            return
        row = offset.y - len(self._header) + int(self.scroll_y)
        x = offset.x if offset.x < self.fixed_width else offset.x + int(self.scroll_x)
        column = next((i for i in reversed(range(len(self._col_x))) if self._col_x[i] <= x), 0)
        self.move_cursor(row, column)

    # -- rendering -----------------------------------------------------------------
    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._strips.clear()
        self._header_strips.clear()

    def _style(self, name: str) -> Style:
        if name not in self._styles:
            self._styles[name] = self.get_component_rich_style(name, partial=True)
        return self._styles[name]

    def _cell(self, text: Text, column: GridColumn, style: Style, post: Style | None) -> list[Segment]:
        width = column.width
        if text.cell_len > width:
            text = text.copy()
            text.truncate(width, overflow="ellipsis")
        pad = width - text.cell_len
        left = pad if column.justify == "right" else pad // 2 if column.justify == "center" else 0
        console = self.app.console
        own = console.get_style(text.style) if text.style else Style()  # render() leaves it out without spans
        segments = [Segment(" " * (self.PADDING + left))]
        segments += Segment.apply_style([s for s in text.render(console) if s.text != "\n"], own)
        segments.append(Segment(" " * (pad - left + self.PADDING)))
        return list(Segment.apply_style(segments, style, post))

    def _line(self, cells: Sequence[Text], base: Style, cursor_column: int | None, whole_row_cursor: bool) -> Strip:
        cursor = self._style("grid-view--cursor")
        fixed = self._style("grid-view--fixed")
        segments: list[Segment] = []
        for index, (column, text) in enumerate(zip(self._columns, cells, strict=False)):
            style = base + fixed if index == 0 else base
            post = cursor if whole_row_cursor or index == cursor_column else None
            segments += self._cell(text, column, style, post)
        return Strip(segments, self.virtual_size.width)

    def _row_strip(self, row: int) -> Strip:
        strip = self._strips.get(row)
        if strip is None:
            base = self.rich_style + (self._style("grid-view--odd") if row % 2 else Style())
            on_row = row == self.cursor_row
            strip = self._line(
                self._cells[row],
                base,
                self.cursor_column if on_row and self.cursor_mode == "cell" else None,
                on_row and self.cursor_mode == "row",
            )
            self._strips[row] = strip
        return strip

    def _header_strip(self, line: int) -> Strip:
        strip = self._header_strips.get(line)
        if strip is None:
            strip = self._line(self._header[line], self.rich_style + self._style("grid-view--header"), None, False)
            self._header_strips[line] = strip
        return strip

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        header = len(self._header)
        if y < header:
            strip = self._header_strip(y)
        else:
            row = y - header + int(self.scroll_y)
            if not 0 <= row < len(self._keys):
                return Strip.blank(width, self.rich_style)
            strip = self._row_strip(row)
        fixed = self.fixed_width
        scroll_x = int(self.scroll_x)
        line = Strip.join([strip.crop(0, fixed), strip.crop(fixed + scroll_x, fixed + scroll_x + max(0, width - fixed))])
        return line.extend_cell_length(width, self.rich_style)


def texts_differ(a: Text, b: Text) -> bool:
    """``Text`` equality that also compares the style and justification."""
    return a.plain != b.plain or a.spans != b.spans or a.style != b.style or a.justify != b.justify


def changed_cells(shown: Mapping[str, Text], wanted: Mapping[str, Text]) -> list[str]:
    return [key for key, text in wanted.items() if key not in shown or texts_differ(shown[key], text)]
