"""The phase screens: one per phase of the agenda.

Each composes its work area and redraws it from the session; the rules it
shows come from the domain (team warnings, reference counts ...). Phases whose
work area is still to come show their step's question and the state so far.
"""

from __future__ import annotations

import importlib
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


#: Each phase's screen: (module of this package, class), imported on first entry
#: (a launch imports only the screen it opens on, not all seven and Day 2's).
PHASE_SCREENS: dict[str, tuple[str, str]] = {
    "intro": ("setup", "SetupScreen"),
    "listen": ("listen", "ListenScreen"),
    "define": ("define", "DefineScreen"),
    "invent": ("invent", "InventScreen"),
    "refine": ("refine", "RefineScreen"),
    "test_iterate": ("test_iterate", "TestIterateScreen"),
    "next_step": ("next_step", "NextStepScreen"),
}
#: Day 2's own screens by step; its other planning steps share the TODO screen.
DAY2_SCREENS: dict[str, tuple[str, str]] = {
    "day2.allot": ("day2", "AllotScreen"),
    "day2.timeline": ("day2_timeline", "TimelineScreen"),
    "day2.register": ("day2_register", "RegisterScreen"),
}
PLAN_SCREEN = ("day2_tasks", "TasksScreen")


def _screen(module: str, name: str) -> type[WorkshopScreen]:
    kind: type[WorkshopScreen] = getattr(importlib.import_module(f"{__package__}.{module}"), name)
    return kind


def screen_for_phase(phase: str) -> type[WorkshopScreen]:
    where = PHASE_SCREENS.get(phase)
    return _screen(*where) if where is not None else SummaryScreen


def screen_kind(workshop: Workshop) -> type[WorkshopScreen]:
    """The screen class of the workshop's current step (Day 2 steps have
    screens of their own, or reopen their Day 1 phase's)."""
    return screen_kind_of(workshop.step)


def screen_kind_of(step: Step) -> type[WorkshopScreen]:
    """The screen class that shows ``step``: Day 2's own, or for a re-run
    (``improve``) the Day 1 phase's screen it reopens."""
    own = DAY2_SCREENS.get(step.id)
    if own is not None:
        return _screen(*own)
    if step.phase == "plan":
        return _screen(*PLAN_SCREEN)
    if step.phase == "improve":
        process = step.id.removeprefix("day2.")
        return screen_for_phase("test_iterate" if process == "test" else process)
    return screen_for_phase(step.phase)


def css_paths_of(kind: type[WorkshopScreen]) -> list[Path]:
    """The stylesheets a screen class names, resolved as Textual resolves them."""
    names = [kind.CSS_PATH] if isinstance(kind.CSS_PATH, (str, PurePath)) else list(kind.CSS_PATH or [])
    folder = Path(inspect.getfile(kind)).parent
    return [(folder / name).resolve() for name in names]
