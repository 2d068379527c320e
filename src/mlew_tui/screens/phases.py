"""The phase screens: one per phase of the agenda.

Each composes its work area and redraws it from the session; the rules it
shows come from the domain (team warnings, reference counts ...). Phases whose
work area is still to come show their step's question and the state so far.
"""

from __future__ import annotations

import inspect
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from ..views import frame_views as fv
from .base import WorkshopScreen

if TYPE_CHECKING:
    from ..domain.agenda import Step
    from ..workshop import Workshop


class SummaryScreen(WorkshopScreen):
    """A phase whose work area shows the question and the state so far."""

    def compose_work(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(id="summary")

    def refresh_work(self) -> None:
        app, tr = self.host, self.host.tr
        step = app.workshop.step
        text = Text()
        text.append(tr(step.question_key) + "\n\n", style="bold")
        for line in fv.summary_lines(app.workshop.session, tr):
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


def screen_kind(workshop: Workshop) -> type[WorkshopScreen]:
    """The screen class of the workshop's current step (Day 2 steps have
    screens of their own, or reopen their Day 1 phase's)."""
    return screen_kind_of(workshop.step)


def screen_kind_of(step: Step) -> type[WorkshopScreen]:
    """The screen class that shows ``step``."""
    from .day2 import day2_screen

    own = day2_screen(step.id, step.phase)
    return own if isinstance(own, type) else screen_for_phase(own or step.phase)


def css_paths_of(kind: type[WorkshopScreen]) -> list[Path]:
    """The stylesheets a screen class names, resolved as Textual resolves them."""
    names = [kind.CSS_PATH] if isinstance(kind.CSS_PATH, (str, PurePath)) else list(kind.CSS_PATH or [])
    folder = Path(inspect.getfile(kind)).parent
    return [(folder / name).resolve() for name in names]
