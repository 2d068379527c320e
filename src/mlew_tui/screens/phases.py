"""The phase screens: one per phase of the agenda.

Each composes its work area and redraws it from the session; the rules it
shows come from the domain (team warnings, reference counts ...). Phases whose
work area is still to come show their step's question and the state so far.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from .base import WorkshopScreen


class SummaryScreen(WorkshopScreen):
    """A phase whose work area shows the question and the state so far."""

    def compose_work(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(id="summary")

    def refresh_work(self) -> None:
        app, tr = self.mlew, self.mlew.tr
        step = app.workshop.step
        text = Text()
        text.append(tr(step.question_key) + "\n\n", style="bold")
        for line in app.summary_lines():
            text.append(line + "\n")
        self.query_one("#summary", Static).update(text)


def screen_for_phase(phase: str) -> type[WorkshopScreen]:
    from .define import DefineScreen
    from .invent import InventScreen
    from .listen import ListenScreen
    from .next_step import NextStepScreen
    from .refine import RefineScreen
    from .setup import SetupScreen
    from .test_iterate import TestIterateScreen

    return {
        "intro": SetupScreen,
        "listen": ListenScreen,
        "define": DefineScreen,
        "invent": InventScreen,
        "refine": RefineScreen,
        "test_iterate": TestIterateScreen,
        "next_step": NextStepScreen,
    }.get(phase, SummaryScreen)
