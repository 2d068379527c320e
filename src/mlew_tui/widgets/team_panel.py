"""``TeamPanel``: the team's totals, each person's #1 and the live tally.

Left, a grid of persons x cases (the same case numbers as the scoring table)
with each person's #1 marked ``●`` and a tied top marked ``=`` - marks in
text, not only colour - and a column saying how the #1 came about. Right, the
tally of #1 picks per case as bars, the sum of everyone's totals and ``★`` on
the case in the lead. The panel only shows views it is given; on the vote
step its grid takes focus and turns digits into :class:`TeamPanel.Chosen`.

Updates touch only what changed: the grid's cells via ``update_cell`` and a
repaint of the tally (no layout) unless the number of cases changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.geometry import Region, Size
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static

from ..domain.formats import number_text
from .grid_view import GridColumn, GridView, texts_differ

PICK = "●"
TIED = "="
LEAD = "★"


@dataclass(frozen=True)
class PersonLine:
    id: str
    name: str
    totals: tuple[float, ...]  # per case, in case order
    pick: int | None  # index of the #1 case
    tied: tuple[int, ...]  # indexes sharing the top when the person must choose
    how: str  # already translated: "scores", "own choice", "tied: chooses" ...
    current: bool = False  # at the keyboard now
    #: While the round is private: a mark per case shown instead of the totals (``✓`` scored).
    marks: tuple[str, ...] | None = None
    #: While the #1 picks are private: shown instead of the pick (``✓`` has one).
    pick_mark: str | None = None


@dataclass(frozen=True)
class TallyLine:
    number: int
    label: str  # the case name: literal user text
    picks: int
    total: float  # sum of everyone's totals
    lead: bool  # the winner, or leading so far
    tied: bool  # among the cases the die / facilitator must choose from


@dataclass(frozen=True)
class TeamHeadings:
    person: str
    pick: str
    how: str
    tally: str
    total: str  # "Σ {total}"
    legend: str


def _sum_width(lines: Sequence[TallyLine], headings: TeamHeadings) -> int:
    return max((cell_len(headings.total.format(total=number_text(line.total))) for line in lines), default=0)


class PicksGrid(GridView):
    """Persons x cases; on the vote step digits choose a tied person's #1."""

    DEFAULT_CSS = """
    PicksGrid {
        width: auto;
        max-width: 75%;
        height: auto;
        max-height: 100%;
    }

    PicksGrid:focus {
        border-left: thick $accent;
    }
    """

    BINDINGS = [
        Binding("1", "choose(1)", "Choose", key_display="1-9", id="picks.choose"),
        *(Binding(str(d), f"choose({d})", show=False, id=f"picks.choose_{d}") for d in range(2, 10)),
        Binding("delete,backspace", "unchoose", "Clear", key_display="Del", id="picks.clear"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(cursor_mode="none", id=id)
        self.can_focus = False
        self.shape: tuple[object, ...] | None = None

    @property
    def current_person(self) -> str | None:
        keys = self.row_keys
        return keys[self.cursor_row] if 0 <= self.cursor_row < len(keys) else None

    def action_choose(self, number: int) -> None:
        person = self.current_person
        if person is not None:
            self.post_message(TeamPanel.Chosen(person, number))

    def action_unchoose(self) -> None:
        person = self.current_person
        if person is not None:
            self.post_message(TeamPanel.Chosen(person, None))


class TallyBars(Widget):
    """The #1 picks per case as bars. Each line is rendered once and kept; a
    new tally repaints only the lines whose numbers changed."""

    DEFAULT_CSS = """
    TallyBars {
        width: 1fr;
        height: auto;
        padding-left: 2;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    BAR = 10

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._lines: tuple[TallyLine, ...] = ()
        self._scale = 1
        self._headings: TeamHeadings | None = None
        self._strips: dict[tuple[int, int], Strip] = {}

    def show(self, lines: Sequence[TallyLine], scale: int, headings: TeamHeadings) -> None:
        lines, scale = tuple(lines), max(1, scale)
        if (lines, scale, headings) == (self._lines, self._scale, self._headings):
            return
        if (
            len(lines) != len(self._lines)
            or (scale, headings) != (self._scale, self._headings)
            or _sum_width(lines, headings) != _sum_width(self._lines, headings)
        ):
            self._strips.clear()
            self._lines, self._scale, self._headings = lines, scale, headings
            self.refresh(layout=True)
            return
        width = self.size.width
        for index, (old, new) in enumerate(zip(self._lines, lines, strict=False)):
            if old != new:
                self._strips.pop((index + 1, width), None)
                self.refresh(Region(0, index + 1, width, 1))
        self._lines = lines

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines) + 1

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        strip = self._strips.get((y, width))
        if strip is None:
            text = self._text(y, width)
            console = self.app.console
            base = self.rich_style
            segments = Segment.apply_style(
                [s for s in text.render(console) if s.text != "\n"], base + (console.get_style(text.style) if text.style else Style())
            )
            strip = Strip(list(segments)).crop(0, width).extend_cell_length(width, base)
            self._strips[(y, width)] = strip
        return strip

    def _text(self, y: int, width: int) -> Text:
        h = self._headings
        if h is None or y > len(self._lines):
            return Text()
        if y == 0:
            return Text(h.tally, style="bold")
        sum_w = _sum_width(self._lines, h)
        # mark + number (4), bar, count (3), sum; the case name only where it
        # fits (the numbers are those of the scoring table's rows)
        fixed = 4 + 3 + 2 + sum_w
        bar = max(3, min(self.BAR, width - fixed - 1))
        label_w = width - fixed - bar - 2
        line = self._lines[y - 1]
        out = Text(no_wrap=True)
        mark = LEAD if line.lead else TIED if line.tied else " "
        out.append(f"{mark}{line.number:>2} ", style="bold" if line.lead or line.tied else "")
        if label_w >= 6:
            label = Text(line.label, no_wrap=True)
            label.truncate(label_w, overflow="ellipsis", pad=True)
            out.append_text(label)
            out.append(" ")
        filled = round(bar * line.picks / self._scale)
        out.append("█" * filled, style="bold" if line.lead else "")
        out.append("░" * (bar - filled), style="dim")
        out.append(f" {line.picks:>2}", style="bold")
        out.append("  " + h.total.format(total=number_text(line.total)), style="dim")
        return out


class TeamPanel(Vertical):
    """See the module docstring."""

    DEFAULT_CSS = """
    TeamPanel {
        height: 1fr;
        min-height: 6;
        margin-top: 1;

        .team-body {
            height: 1fr;
        }

        &.-stacked .team-body {
            layout: vertical;
            height: auto;
        }

        &.-stacked PicksGrid {
            max-width: 100%;
        }

        &.-stacked TallyBars {
            width: 100%;
            max-width: 90;
            padding: 1 0 0 0;
        }

        #team-legend {
            height: auto;
        }
    }
    """

    class Chosen(Message):
        """A person's #1 chosen on the vote step (``number`` None: undo the choice)."""

        def __init__(self, person: str, number: int | None) -> None:
            super().__init__()
            self.person = person
            self.number = number

    def __init__(self, *, with_how: bool = False, stacked: bool = False, id: str | None = None) -> None:
        """``with_how`` adds a column saying how each #1 came about; ``stacked``
        puts the tally under the grid instead of beside it."""
        super().__init__(id=id, classes="-stacked" if stacked else None)
        self._with_how = with_how
        self._legend = Text()
        self._shown: dict[str, PersonLine] = {}
        self._grid: PicksGrid | None = None
        self._bars: TallyBars | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(classes="team-body"):
            yield PicksGrid(id="picks")
            yield TallyBars(id="tally")
        yield Static(id="team-legend")

    @property
    def grid(self) -> PicksGrid:
        if self._grid is None:
            self._grid = self.query_one(PicksGrid)
        return self._grid

    @property
    def _tally(self) -> TallyBars:
        if self._bars is None:
            self._bars = self.query_one(TallyBars)
        return self._bars

    def set_choosing(self, choosing: bool) -> None:
        """Let the grid take focus and a row cursor (the vote step)."""
        grid = self.grid
        grid.can_focus = choosing
        grid.set_cursor_mode("row" if choosing else "none")

    def show(self, persons: Sequence[PersonLine], case_count: int, tally: Sequence[TallyLine], headings: TeamHeadings, note: Text | None = None) -> None:
        """Show the team; only cells that changed are re-rendered. ``note``
        (a private round's who-has-finished line) takes the legend's place."""
        grid = self.grid
        shape = (tuple((p.id, p.name) for p in persons), case_count, headings, self._with_how)
        if shape != grid.shape:
            self._build(grid, persons, case_count, headings)
            grid.shape = shape
        else:
            for person in persons:
                if self._shown.get(person.id) == person:
                    continue  # per key usually one person changes: the others are skipped
                for key, text in self._row(person, case_count).items():
                    if texts_differ(grid.cell(person.id, key), text):
                        grid.set_cell(person.id, key, text)
        self._shown = {p.id: p for p in persons}
        self._tally.show(tally, len(persons), headings)
        self.set_class(note is not None, "-private")
        legend = note if note is not None else Text(headings.legend, style="dim")
        if texts_differ(legend, self._legend):
            self._legend = legend
            self.query_one("#team-legend", Static).update(legend)

    def _build(self, grid: PicksGrid, persons: Sequence[PersonLine], case_count: int, headings: TeamHeadings) -> None:
        columns = [GridColumn("name", max(8, min(12, max((cell_len(p.name) for p in persons), default=8) + 1)))]
        columns += [GridColumn(f"c{n}", 5, "right") for n in range(1, case_count + 1)]
        columns.append(GridColumn("pick", max(4, cell_len(headings.pick)), "center"))
        header = [Text(headings.person, style="bold"), *(Text(str(n), style="bold") for n in range(1, case_count + 1)), Text(headings.pick, style="bold")]
        if self._with_how:
            columns.append(GridColumn("how", max(cell_len(headings.how), *(cell_len(p.how) for p in persons), 4)))
            header.append(Text(headings.how, style="bold"))
        grid.set_grid(columns, [header], [(p.id, list(self._row(p, case_count).values())) for p in persons])

    def _row(self, person: PersonLine, case_count: int) -> dict[str, Text]:
        name = Text(no_wrap=True, overflow="ellipsis")
        name.append("▸" if person.current else " ", style="bold")
        name.append(person.name, style="bold" if person.current else "")
        cells = {"name": name}
        for index in range(case_count):
            total = person.totals[index] if index < len(person.totals) else 0.0
            if person.marks is not None:
                mark = person.marks[index] if index < len(person.marks) else ""
                cells[f"c{index + 1}"] = Text(mark or "·", style="bold" if mark else "dim")
            elif index == person.pick:
                cells[f"c{index + 1}"] = Text(PICK + number_text(total), style="bold reverse")
            elif index in person.tied:
                cells[f"c{index + 1}"] = Text(TIED + number_text(total), style="bold")
            else:
                cells[f"c{index + 1}"] = Text(number_text(total) if total else "·", style="" if total else "dim")
        if person.pick_mark is not None:
            cells["pick"] = Text(person.pick_mark, style="bold" if person.pick_mark != "—" else "dim")
        elif person.pick is not None:
            cells["pick"] = Text(f"{PICK}{person.pick + 1}", style="bold")
        elif person.tied:
            cells["pick"] = Text(TIED + TIED.join(str(i + 1) for i in person.tied), style="bold")
        else:
            cells["pick"] = Text("—", style="dim")
        if self._with_how:
            cells["how"] = Text(person.how)
        return cells
