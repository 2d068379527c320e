"""``PlanTimeline``: the milestones on one time axis, with the 1-3 month line.

Three lines: the milestone ids above their markers, the axis (``●`` a
milestone, ``┃`` the end of the 1-3 month window), the dates below. Marks
beyond the window are drawn ``◌`` as well as dimmed (never colour alone).
Labels that would overlap are left out; the list beside it has them all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual.widget import Widget

from ..domain.formats import month_day


@dataclass(frozen=True)
class Mark:
    label: str
    due: date
    beyond: bool = False


class PlanTimeline(Widget):
    DEFAULT_CSS = """
    PlanTimeline { height: 3; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._marks: tuple[Mark, ...] = ()
        self._start: date | None = None
        self._limit: date | None = None
        self._limit_label = ""

    def show(self, marks: Sequence[Mark], start: date, limit: date, limit_label: str) -> None:
        self._marks = tuple(marks)
        self._start, self._limit, self._limit_label = start, limit, limit_label
        self.refresh()

    def render(self) -> Text:
        if self._start is None or self._limit is None:
            return Text()
        width = max(20, self.size.width - 1)
        first = min([self._start, *(m.due for m in self._marks)])
        last = max([self._limit, *(m.due for m in self._marks)])
        span = max(1, (last - first).days)

        def at(day: date) -> int:
            return round((day - first).days / span * (width - 1))

        ids, axis, dates = [" "] * width, ["─"] * width, [" "] * width
        styles: list[tuple[int, str]] = []

        def place(line: list[str], text: str, where: int) -> None:
            start = max(0, min(width - len(text), where - len(text) // 2))
            if all(c == " " for c in line[max(0, start - 1) : start + len(text) + 1]):
                line[start : start + len(text)] = list(text)

        limit = at(self._limit)
        axis[limit] = "┃"
        styles.append((limit, "bold"))
        for mark in self._marks:
            x = at(mark.due)
            axis[x] = "◌" if mark.beyond else "●"
            styles.append((x, "dim" if mark.beyond else "bold cyan"))
            place(ids, mark.label, x)
            place(dates, month_day(mark.due), x)
        place(dates, self._limit_label, limit)  # the milestones' dates come first
        text = Text("".join(ids) + "\n", style="bold")
        axis_start = len(text)
        text.append("".join(axis) + "\n", style="dim")
        for x, style in styles:
            text.stylize(style, axis_start + x, axis_start + x + 1)
        text.append("".join(dates))
        return text
