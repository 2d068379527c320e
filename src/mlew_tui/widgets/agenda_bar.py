"""``AgendaBar``: the phases with the current one marked, step i of n, the day
clock (planned vs projected end) and ahead/behind - on every screen.

Two lines, laid out for the width they get: when a line is too long for a
narrow terminal, what gives way is what the room needs least. On the phases
line the phases before the current one fold into ``…``, so the current phase
is always seen; on the step line the step's title is shortened, so the step
number, ahead/behind and the clock are always whole.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import Static

ELLIPSIS = "…"
SEPARATOR = " > "
DOT = "  ·  "


@dataclass(frozen=True)
class AgendaView:
    """What the bar shows, already in the UI language."""

    phases: tuple[str, ...]
    current_phase: int
    step_title: str
    position: str  # "step 3 of 19"
    clock: str  # "10:21  end 13:30 -> 13:35"
    delta: str  # "+5 min behind"
    behind: bool
    #: The step's planned minutes ("~10 min (est.)"): shown after the title
    #: when the whole title still fits, else left to the step card.
    minutes: str = ""


def phases_line(view: AgendaView, width: int) -> Text:
    """The phases, the current one marked; the earliest ones give way first."""
    first = 0
    while first < max(0, view.current_phase) and _phases_width(view, first) > width > 0:
        first += 1
    line = Text(no_wrap=True, overflow="ellipsis")
    if first:
        line.append(ELLIPSIS + SEPARATOR, style="dim")
    for index in range(first, len(view.phases)):
        name = view.phases[index]
        if index > first:
            line.append(SEPARATOR, style="dim")
        if index == view.current_phase:
            line.append(f"[{name}]", style="bold reverse")
        else:
            line.append(name, style="dim" if index > view.current_phase else "")
    return line


def _phases_width(view: AgendaView, first: int) -> int:
    names = [f"[{n}]" if i == view.current_phase else n for i, n in enumerate(view.phases)][first:]
    return cell_len(SEPARATOR.join(names)) + (cell_len(ELLIPSIS + SEPARATOR) if first else 0)


def step_line(view: AgendaView, width: int) -> Text:
    """Title · step i of n · ahead/behind · clock; the title gives way first."""
    # Behind is also said in words ("5 min behind"), never by colour alone.
    tail = Text(no_wrap=True, overflow="ellipsis")
    tail.append(f"{DOT}{view.position}{DOT}")
    tail.append(view.delta, style="bold red" if view.behind else "bold green")
    tail.append(f"{DOT}{view.clock}")
    title = Text(view.step_title, style="bold", no_wrap=True, overflow="ellipsis")
    room = width - tail.cell_len
    if view.minutes and (width <= 0 or title.cell_len + cell_len(DOT + view.minutes) <= room):
        title.append(DOT + view.minutes, style="")
    if width > 0 and title.cell_len > room:
        title.truncate(max(1, room), overflow="ellipsis")
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append_text(title)
    line.append_text(tail)
    return line


class AgendaBar(Static):
    """Two lines at the top of every screen (see the module docstring)."""

    DEFAULT_CSS = """
    AgendaBar {
        height: 2;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        background: $panel;
        padding: 0 1;
    }
    """

    _view: AgendaView | None = None

    def show(self, view: AgendaView) -> None:
        # Redrawn only when the view changes (it is asked for on a timer).
        if view != self._view:
            self._view = view
            self.refresh()

    def render(self) -> Text:
        if self._view is None:
            return Text()
        width = self.content_size.width
        lines = Text("\n", no_wrap=True, overflow="ellipsis")
        return lines.join([phases_line(self._view, width), step_line(self._view, width)])
