"""``ScoringTable``: one person's scores, cases x items, typed from the keyboard.

Rows are cases, columns the items (issues, then strengths, each headed with
its points) and the row total; the first column names the case and stays in
view when 30 items scroll sideways. The widget shows what it is given and
knows nothing of the session: keys become messages that the screen turns
into undoable edits, then it calls :meth:`ScoringTable.set_cell` /
:meth:`ScoringTable.set_total` for exactly the cells that changed. It is a
:class:`~mlew_tui.widgets.grid_view.GridView`, so a changed cell re-renders
one row - the table is built once per layout (cases, items, language) and
never per key.

Keys (DESIGN.md, "The scoring table"): arrows move; a digit sets the cell and
``.`` ``5`` after it adds a half (``2 . 5`` -> 2.5; ``. 5`` alone -> 0.5);
``f`` full points; ``p`` partial credit; ``0``, Delete or Backspace clears.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widget import Widget

from ..domain.formats import number_text
from .grid_view import GridColumn, GridView, texts_differ


@dataclass(frozen=True)
class ScoringRow:
    """The row of a case (``label`` is literal user text, ``number`` its place)."""

    id: str
    number: int
    label: str


@dataclass(frozen=True)
class ScoringColumn:
    """An item column: ``short`` heads it (``I1``), ``points`` below it."""

    id: str
    short: str
    points: int
    strength: bool = False


@dataclass(frozen=True)
class ScoringLayout:
    """What the table is built from; a different layout rebuilds it."""

    rows: tuple[ScoringRow, ...]
    columns: tuple[ScoringColumn, ...]
    case_heading: str
    total_heading: str
    points_unit: str  # "{points} pt"


TOTAL = "__total__"
CASE = "__case__"
EMPTY = Text("·", style="dim")
#: A total not shown yet (private scoring, until the reveal).
HIDDEN = Text("—", style="dim")


def cell_text(value: float | None) -> Text:
    if value is None:
        return EMPTY
    shown = number_text(value)
    return Text(shown, style="bold")


def totals_text(total: float, mark: str = "", emphasis: bool = False) -> Text:
    shown = number_text(total)
    return Text(mark + shown, style="bold" if emphasis else "")


class ScoringTable(GridView):
    """See the module docstring."""

    DEFAULT_CSS = """
    ScoringTable {
        height: auto;
        max-height: 14;
    }

    ScoringTable:focus {
        border-left: thick $accent;
    }

    ScoringTable {
        /* the screen's "more ->" hints take the horizontal scrollbar's line */
        scrollbar-size-horizontal: 0;
    }
    """

    BINDINGS = [
        Binding("1", "digit(1)", "Score", key_display="0-5", id="scoring.digits"),
        *(Binding(str(d), f"digit({d})", show=False, id=f"scoring.digit_{d}") for d in (0, 2, 3, 4, 5, 6, 7, 8, 9)),
        Binding("full_stop", "half", "Half", key_display=".5", id="scoring.half"),
        Binding("f", "credit('full')", "Full", id="scoring.full"),
        Binding("p", "credit('partial')", "Partial", id="scoring.partial"),
        Binding("delete,backspace", "clear", "Clear", key_display="0/Del", id="scoring.clear"),
    ]

    class Entered(Message):
        """A value typed for a cell (``value`` None: clear it)."""

        def __init__(self, table: ScoringTable, case: str, item: str, value: float | None) -> None:
            super().__init__()
            self.table = table
            self.case = case
            self.item = item
            self.value = value

        @property
        def control(self) -> ScoringTable:
            return self.table

    class Credited(Message):
        """``f`` / ``p`` on a cell: ``credit`` is ``"full"`` or ``"partial"``."""

        def __init__(self, table: ScoringTable, case: str, item: str, credit: str) -> None:
            super().__init__()
            self.table = table
            self.case = case
            self.item = item
            self.credit = credit

        @property
        def control(self) -> ScoringTable:
            return self.table

    class Overflow(Message):
        """What lies outside the visible part changed: more columns to the
        ``left`` / ``right``, more rows ``up`` / ``down`` (the screen shows hints)."""

        def __init__(self, table: ScoringTable, left: bool, right: bool, up: bool, down: bool) -> None:
            super().__init__()
            self.table = table
            self.left, self.right, self.up, self.down = left, right, up, down

        @property
        def control(self) -> ScoringTable:
            return self.table

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(cursor_mode="cell", id=id)
        self._overflow: tuple[bool, bool, bool, bool] | None = None
        self.layout_shown: ScoringLayout | None = None
        self._values: dict[tuple[str, str], float | None] = {}
        self._current = ""
        self._whole: tuple[str, str, float] | None = None  # the last digit typed, for ".5"
        self._half_armed = False

    # -- building (rare) ------------------------------------------------------
    def build(self, layout: ScoringLayout) -> None:
        """Rebuild rows and columns; cells start empty (``set_cells`` fills them)."""
        if layout == self.layout_shown:
            return
        self.layout_shown = layout
        columns = [GridColumn(CASE, _label_width(layout))]
        columns += [GridColumn(c.id, max(4, cell_len(c.short) + 1, cell_len(layout.points_unit.format(points=c.points))), "center") for c in layout.columns]
        columns.append(GridColumn(TOTAL, max(5, cell_len(layout.total_heading)), "right"))
        header = [
            [Text(layout.case_heading, style="bold"), *(Text(c.short, style="bold") for c in layout.columns), Text(layout.total_heading, style="bold")],
            [Text(""), *(Text(layout.points_unit.format(points=c.points)) for c in layout.columns), Text("")],
        ]
        self._values = {(r.id, c.id): None for r in layout.rows for c in layout.columns}
        rows = [(r.id, [self._label(r, r.id == self._current), *(EMPTY for _ in layout.columns), totals_text(0)]) for r in layout.rows]
        self.cursor_range = (1, max(1, len(layout.columns)))
        self.set_grid(columns, header, rows)
        self.call_after_refresh(self._check_overflow)

    @staticmethod
    def _label(row: ScoringRow, current: bool) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append("▶ " if current else "  ", style="bold")
        text.append(f"{row.number} ", style="bold")
        text.append(row.label, style="bold reverse" if current else "")
        return text

    # -- what is out of view (the hints) ---------------------------------------
    @property
    def overflow(self) -> tuple[bool, bool, bool, bool]:
        """(left, right, up, down): columns or rows out of view that way."""
        x, y = round(self.scroll_x), round(self.scroll_y)
        return x > 0, x < self.max_scroll_x, y > 0, y < self.max_scroll_y

    def _check_overflow(self) -> None:
        state = self.overflow
        if state != self._overflow:
            self._overflow = state
            self.post_message(self.Overflow(self, *state))

    def watch_scroll_x(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_x(old_value, new_value)
        self._check_overflow()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._check_overflow()

    def on_resize(self) -> None:
        self.call_after_refresh(self._check_overflow)

    # -- updating (per key: only what changed) ----------------------------------
    def set_value(self, case: str, item: str, value: float | None) -> None:
        key = (case, item)
        if key in self._values and self._values[key] != value:
            self._values[key] = value
            super().set_cell(case, item, cell_text(value))

    def set_values(self, cells: Mapping[tuple[str, str], float | None]) -> None:
        """Show ``cells`` (case, item) -> value; missing cells are shown empty."""
        for key in self._values:
            self.set_value(*key, cells.get(key))

    def value(self, case: str, item: str) -> float | None:
        return self._values.get((case, item))

    def set_total(self, case: str, total: Text) -> None:
        if case in self._row_index and texts_differ(self.cell(case, TOTAL), total):
            super().set_cell(case, TOTAL, total)

    def mark_current(self, case: str) -> None:
        """Mark the row of the case being shared now (``▶`` and reverse)."""
        if case == self._current:
            return
        old, self._current = self._current, case
        for row in self.layout_shown.rows if self.layout_shown else ():
            if row.id in (old, case):
                super().set_cell(row.id, CASE, self._label(row, row.id == case))

    def focus_row(self, case: str) -> None:
        """Put the cursor on ``case``'s first item."""
        if case in self._row_index:
            self.move_cursor(self._row_index[case], 1)

    @property
    def cursor_cell(self) -> tuple[str, str] | None:
        """(case, item) under the cursor, ``None`` when there is no item cell."""
        layout = self.layout_shown
        if layout is None or not layout.rows or not layout.columns:
            return None
        if not 1 <= self.cursor_column <= len(layout.columns) or not 0 <= self.cursor_row < len(layout.rows):
            return None
        return layout.rows[self.cursor_row].id, layout.columns[self.cursor_column - 1].id

    def cursor_changed(self) -> None:
        self._reset_entry()

    def scroll_to_cursor(self) -> None:
        """On the last item the row totals come into view too."""
        super().scroll_to_cursor()
        if self.layout_shown is not None and self.cursor_column >= len(self.layout_shown.columns):
            self.scroll_to(x=self.max_scroll_x, animate=False, force=True)

    # -- keys ------------------------------------------------------------------
    def action_digit(self, digit: int) -> None:
        """A digit sets the cell; ``0`` clears it; after ``.`` it is the tenths."""
        cell = self.cursor_cell
        if cell is None:
            return
        if self._half_armed:
            self._half_armed = False
            base = self._whole[2] if self._whole and self._whole[:2] == cell else 0.0
            self._whole = None
            if digit:  # "2.0" is 2, already there; "2.3" is refused by the rules
                self.post_message(self.Entered(self, *cell, base + digit / 10))
            return
        self._whole = (*cell, float(digit))
        self.post_message(self.Entered(self, *cell, float(digit) if digit else None))

    def action_half(self) -> None:
        """``.``: the next ``5`` adds a half to the digit just typed (or to 0)."""
        if self.cursor_cell is not None:
            self._half_armed = True

    def action_credit(self, credit: str) -> None:
        self._reset_entry()
        cell = self.cursor_cell
        if cell is not None:
            self.post_message(self.Credited(self, *cell, credit))

    def action_clear(self) -> None:
        self._reset_entry()
        cell = self.cursor_cell
        if cell is not None:
            self.post_message(self.Entered(self, *cell, None))

    def _reset_entry(self) -> None:
        self._whole = None
        self._half_armed = False


def _label_width(layout: ScoringLayout) -> int:
    longest = max((cell_len(f"▶ {r.number} {r.label}") for r in layout.rows), default=0)
    return max(cell_len(layout.case_heading), min(longest, 22), 12)


class StatusLine(Widget):
    """One line of text that repaints without a new layout: the item under
    the cursor, a refusal. (A ``Static`` would re-lay the whole screen out on
    every update - too slow per key on a big table.)"""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = Text()
        #: Builds the text when it is drawn (a line fitted to a width that may still change).
        self._build: Callable[[], Text] | None = None

    def show(self, text: Text) -> None:
        self._build = None
        if texts_differ(text, self._text):
            # a new layout only when a line too long to fit comes or goes
            relayout = max(text.cell_len, self._text.cell_len) > self.size.width
            self._text = text
            self.refresh(layout=relayout)

    def show_fitted(self, build: Callable[[], Text]) -> None:
        """A line built when it is drawn: a hint spread over the table's width
        follows that width if it changes after the hint was given."""
        self._build = build
        self.refresh()

    @property
    def text(self) -> Text:
        return self._build() if self._build is not None else self._text

    def render(self) -> Text:
        return self.text
