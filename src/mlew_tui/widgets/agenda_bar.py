"""``AgendaBar``: the phases with the current one marked, step i of n, the day
clock (planned vs projected end) and ahead/behind - on every screen."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from .quiet import QuietStatic


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


class AgendaBar(QuietStatic):
    """One or two lines at the top of every screen."""

    def show(self, view: AgendaView) -> None:
        line = Text(no_wrap=True, overflow="ellipsis")
        for index, name in enumerate(view.phases):
            if index:
                line.append(" > ", style="dim")
            if index == view.current_phase:
                line.append(f"[{name}]", style="bold reverse")
            else:
                line.append(name, style="dim" if index > view.current_phase else "")
        line.append("\n")
        line.append(view.step_title, style="bold")
        line.append(f"  ·  {view.position}  ·  ")
        # Behind is also said in words ("5 min behind"), never by colour alone;
        # it comes before the clock so a narrow terminal still shows it.
        line.append(view.delta, style="bold red" if view.behind else "bold green")
        line.append(f"  ·  {view.clock}")
        self.update(line)
