"""``DiagnosticsList``: each process with its status, reasons and remedy, and a tick.

Space (or Enter) ticks / unticks the highlighted process as one to improve on
Day 2 (:class:`DiagnosticsList.Toggle`). The tick is ``[x]`` / ``[ ]`` and the
status a word (OK / Check) as well as a colour.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ..recovering import Recovering


@dataclass(frozen=True)
class DiagnosisView:
    process: str
    name: str
    status: str  # the word
    ok: bool
    ticked: bool
    question: str
    reasons: tuple[str, ...]
    remedy: str  # "" when ok


def diagnosis_prompt(view: DiagnosisView, remedy_label: str) -> Text:
    text = Text()
    text.append("[x] " if view.ticked else "[ ] ", style="bold")
    text.append(view.name, style="bold")
    text.append("  ")
    text.append(f" {view.status} ", style="bold black on green" if view.ok else "bold black on yellow")
    text.append("\n    " + view.question, style="dim")
    for reason in view.reasons:
        text.append("\n    • " + reason)
    if view.remedy:
        text.append("\n    " + remedy_label + " ", style="bold")
        text.append(view.remedy, style="cyan")
    return text


class DiagnosticsList(Recovering, OptionList):
    BINDINGS = [
        Binding("space", "toggle_improve", "Improve on Day 2", id="next.toggle_improve", show=False),
    ]

    class Toggle(Message):
        def __init__(self, process: str) -> None:
            super().__init__()
            self.process = process

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self._processes: list[str] = []

    def show(self, views: Sequence[DiagnosisView], remedy_label: str) -> None:
        keep = self.highlighted
        self._processes = [v.process for v in views]
        options: list[Option | None] = []
        for view in views:
            if options:
                options.append(None)  # a separator line between processes
            options.append(Option(diagnosis_prompt(view, remedy_label)))
        self.set_options(options)
        if views:
            self.highlighted = min(keep if keep is not None else 0, len(views) - 1)

    def action_toggle_improve(self) -> None:
        index = self.highlighted
        if index is not None and index < len(self._processes):
            self.post_message(self.Toggle(self._processes[index]))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Toggle(self._processes[event.option_index]))
