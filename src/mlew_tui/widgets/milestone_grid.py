"""``MilestoneGrid``: Who / What / How / due of each milestone, one row each.

Arrow keys move the cursor between the editable cells; Enter asks to edit the
cell, Delete to clear it (:class:`MilestoneGrid.Edit`). Every cell shows its
text literally; a flagged cell (missing, too late) carries a text marker as
well as a colour. The grid knows nothing of the session.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich import box
from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Region
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from ..recovering import Recovering

LEVEL_STYLE = {"": "", "warning": "yellow", "error": "bold red"}
RATIOS = (3, 3, 3, 4)
DUE_WIDTH = 10  # an ISO date, never folded
NARROW = 70  # below this width the grid stacks each milestone's fields


@dataclass(frozen=True)
class GridCell:
    text: str
    mark: str = ""  # shown before the text, e.g. "[missing]"
    level: str = ""  # "" | "warning" | "error"


@dataclass(frozen=True)
class GridRow:
    id: str
    title: str
    cells: tuple[GridCell, ...]  # one per editable column
    status: GridCell  # under the title: complete / missing / late


class MilestoneGrid(Recovering, Widget, can_focus=True):
    BINDINGS = [
        Binding("up", "move(-1, 0)", show=False, id="grid.up"),
        Binding("down", "move(1, 0)", show=False, id="grid.down"),
        Binding("left", "move(0, -1)", show=False, id="grid.left"),
        Binding("right", "move(0, 1)", show=False, id="grid.right"),
        Binding("enter", "edit", "Edit", id="grid.edit", show=False),
        Binding("delete", "clear", "Clear", show=False, id="grid.clear"),
    ]

    DEFAULT_CSS = """
    MilestoneGrid { height: auto; }
    """

    class Edit(Message):
        def __init__(self, grid: MilestoneGrid, row: str, column: int, clear: bool = False) -> None:
            super().__init__()
            self.grid = grid
            self.row = row
            self.column = column
            self.clear = clear

        @property
        def control(self) -> MilestoneGrid:
            return self.grid

    row: reactive[int] = reactive(0)
    column: reactive[int] = reactive(0)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows: tuple[GridRow, ...] = ()
        self._headers: tuple[str, ...] = ()

    def show(self, headers: Sequence[str], rows: Sequence[GridRow]) -> None:
        """``headers``: the title column's, then one per editable column."""
        self._headers = tuple(headers)
        self._rows = tuple(rows)
        self.row = min(self.row, max(0, len(rows) - 1))
        self.refresh(layout=True)

    @property
    def cursor(self) -> tuple[str, int] | None:
        """(row id, column) under the cursor."""
        if not self._rows:
            return None
        return self._rows[self.row].id, self.column

    def _title(self, row: GridRow) -> Text:
        title = Text()
        title.append(row.id + "\n", style="bold")
        title.append(row.title)
        title.append("\n" + row.status.mark + " " + row.status.text, style=LEVEL_STYLE[row.status.level] or "green")
        return title

    def _cell(self, r: int, c: int, cell: GridCell) -> Text:
        text = Text()
        if cell.mark:
            text.append(cell.mark + " ", style=(LEVEL_STYLE[cell.level] + " italic").strip())
        text.append(cell.text, style=LEVEL_STYLE[cell.level] if cell.level == "error" else "")
        if self.has_focus and r == self.row and c == self.column:
            text.stylize("reverse")
            if not text.plain:
                text = Text("  ", style="reverse")
        elif r == self.row and c == self.column:
            text.stylize("underline")
        return text

    @property
    def narrow(self) -> bool:
        """Too narrow for columns: each milestone becomes a block of labelled lines."""
        return 0 < self.size.width < NARROW

    def render(self) -> Table:
        if self.narrow:
            return self._render_narrow()
        table = Table(box=box.SQUARE, expand=True, show_lines=True, header_style="bold")
        last = len(self._headers) - 1
        for n, header in enumerate(self._headers):
            if n == last:  # the due date: wide enough never to fold a date
                table.add_column(Text(header), width=DUE_WIDTH, overflow="fold")
            else:
                table.add_column(Text(header), ratio=RATIOS[min(n, len(RATIOS) - 1)], overflow="fold")
        for r, row in enumerate(self._rows):
            table.add_row(self._title(row), *(self._cell(r, c, cell) for c, cell in enumerate(row.cells)))
        return table

    def _render_narrow(self) -> Table:
        table = Table(box=box.SQUARE, expand=True, show_header=False, show_edge=True)
        table.add_column(ratio=1, overflow="fold", style="bold")
        table.add_column(ratio=3, overflow="fold")
        for r, row in enumerate(self._rows):
            table.add_row(Text(row.id, style="bold"), self._title(row)[len(row.id) + 1 :])
            for c, cell in enumerate(row.cells):
                table.add_row(Text(self._headers[c + 1]), self._cell(r, c, cell), end_section=c == len(row.cells) - 1)
        return table

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def watch_row(self) -> None:
        self.refresh()
        self.call_after_refresh(self.scroll_to_cursor)

    def scroll_to_cursor(self) -> None:
        """Scroll the container so the cursor's whole row shows (the grid is
        one renderable, so the row's lines are found in its rendering)."""
        parent = self.parent
        if not self._rows or self.size.width <= 0 or not isinstance(parent, Widget):
            return
        console = self.app.console
        lines = console.render_lines(self.render(), console.options.update_width(self.size.width), pad=False)
        edges = [y for y, line in enumerate(lines) if "".join(seg.text for seg in line)[:1] in ("┌", "├", "└")]
        first = self.row if self.narrow else self.row + 1  # the wide grid has a header row first
        if len(edges) <= first + 1:
            return
        top, bottom = edges[first], edges[first + 1]
        origin = self.virtual_region.y
        parent.scroll_to_region(Region(0, origin + top, self.size.width, bottom - top + 1), animate=False, immediate=True)

    def watch_column(self) -> None:
        self.refresh()
        if self.narrow:
            self.call_after_refresh(self.scroll_to_cursor)

    def action_move(self, rows: int, columns: int) -> None:
        if not self._rows:
            return
        width = len(self._rows[0].cells)
        if self.narrow and rows:  # stacked: up / down walk through the fields in order
            index = max(0, min(len(self._rows) * width - 1, self.row * width + self.column + rows))
            self.row, self.column = divmod(index, width)
            return
        self.row = max(0, min(len(self._rows) - 1, self.row + rows))
        self.column = max(0, min(width - 1, self.column + columns))

    def action_edit(self) -> None:
        if self.cursor is not None:
            self.post_message(self.Edit(self, *self.cursor))

    def action_clear(self) -> None:
        if self.cursor is not None:
            self.post_message(self.Edit(self, *self.cursor, clear=True))
