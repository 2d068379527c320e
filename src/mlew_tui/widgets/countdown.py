"""``CountdownTimer``: the step's timebox, readable from the back of a room.

Large ``Digits`` (MM:SS, or +MM:SS in overtime), the unit and state beside
them as words (so nothing is told by colour alone), and a progress bar. The
logic is :mod:`mlew_tui.domain.timer`; this widget only shows a timer object
and repaints itself a few times a second - nothing else on screen repaints
with it. Bells are posted up as :class:`CountdownTimer.Rang`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Digits, Label, ProgressBar

from ..domain.timer import Bell, TimerStatus
from .quiet import QuietLabel

#: Repaint interval: fast enough that the seconds never look late.
TICK_S = 0.2


class TimerLike(Protocol):
    # Read-only: Countdown and CycleTimer answer them with properties.
    @property
    def status(self) -> TimerStatus: ...
    @property
    def text(self) -> str: ...
    @property
    def fraction_elapsed(self) -> float: ...
    @property
    def remaining(self) -> float: ...

    def poll(self) -> set[Bell]: ...


class CountdownTimer(Widget):
    """Shows a countdown or cycle timer; see the module docstring."""

    # Not scoped by Textual: the narrow rules start at the screen's breakpoint
    # class (.-narrow), so every selector names CountdownTimer itself.
    SCOPED_CSS = False
    DEFAULT_CSS = """
    CountdownTimer {
        height: auto;
    }

    CountdownTimer #clock {
        height: 3;
    }

    CountdownTimer #digits {
        width: auto;
        color: $primary;
        text-style: bold;
    }

    .-narrow CountdownTimer #clock {
        layout: vertical;
        height: auto;
    }

    .-narrow CountdownTimer #digits {
        height: 3;
    }

    .-narrow CountdownTimer #units {
        layout: horizontal;
        height: 1;
        padding-left: 0;
    }

    .-narrow CountdownTimer #units Label {
        margin-right: 2;
    }

    CountdownTimer #units {
        width: 1fr;
        padding-left: 1;
    }

    CountdownTimer #state {
        text-style: bold;
    }

    CountdownTimer #bar {
        width: 100%;
    }

    CountdownTimer #bar Bar {
        width: 1fr;
    }

    CountdownTimer.-warning #digits {
        color: $warning;
    }

    CountdownTimer.-expired #digits {
        color: $error;
    }

    CountdownTimer.-expired #state {
        color: $error;
        background: $error 20%;
        text-style: bold reverse;
    }

    CountdownTimer.-expired.-flash #digits {
        background: $error 30%;
    }

    CountdownTimer.-paused #state, CountdownTimer.-idle #state {
        color: $text-muted;
    }
    """

    class Rang(Message):
        """The timer crossed a threshold: ``one_minute``, ``expired`` or ``part_end``."""

        def __init__(self, bells: set[Bell]) -> None:
            super().__init__()
            self.bells = bells

    status: reactive[str] = reactive("idle")

    def __init__(self, timer: TimerLike, labels: dict[str, str], caption: Callable[[], str] | None = None, *, id: str | None = None) -> None:
        # Styled in its state from the start (the state class set later would
        # restyle the whole timer before the first frame).
        status = timer.status.value
        super().__init__(id=id, classes=f"-{status}")
        self.set_reactive(CountdownTimer.status, status)
        self._timer = timer
        self._labels = labels
        self._caption = caption

    def compose(self) -> ComposeResult:
        with Horizontal(id="clock"):
            yield Digits(self._timer.text, id="digits")
            with Vertical(id="units"):
                yield QuietLabel(self._labels.get("unit", ""), id="unit")
                yield QuietLabel("", id="state")
        yield ProgressBar(total=1.0, show_eta=False, show_percentage=False, id="bar")
        yield QuietLabel("", id="caption")

    def on_mount(self) -> None:
        self.tick()
        self.set_interval(TICK_S, self.tick)

    def show(self, timer: TimerLike, labels: dict[str, str], caption: Callable[[], str] | None = None) -> None:
        """Show another timer (a new step) or new labels (a language switch);
        ``caption`` gives a line under the bar (Invent's case and part)."""
        self._timer = timer
        self._labels = labels
        self._caption = caption
        unit = self.query_one_optional("#unit", Label)
        if unit is not None:  # absent until composed: compose reads the labels
            unit.update(labels.get("unit", ""))
        self.tick()

    def tick(self) -> None:
        digits = self.query_one_optional("#digits", Digits)
        bar = self.query_one_optional("#bar", ProgressBar)
        state = self.query_one_optional("#state", Label)
        caption = self.query_one_optional("#caption", Label)
        if digits is None or bar is None or state is None or caption is None:
            return  # being built or taken down (the screen rebuilt): nothing to show yet
        timer = self._timer
        bells = timer.poll()
        status = timer.status.value
        if digits.value != timer.text:  # Digits repaints on every update, even to the same text
            digits.update(timer.text)
        bar.update(progress=timer.fraction_elapsed)
        state.update(self._labels.get(status, status))
        # The caption holds a case name (user text): a Text, so never markup.
        caption.update(Text(self._caption() if self._caption else ""))
        self.status = status
        # Overtime flashes twice a second - derived from the time itself, so
        # every repaint agrees and a screenshot is reproducible.
        self.set_class(status == "expired" and int(-timer.remaining * 2) % 2 == 0, "-flash")
        if bells:
            self.post_message(self.Rang(bells))

    def watch_status(self, old: str, new: str) -> None:
        self.remove_class(f"-{old}")
        self.add_class(f"-{new}")
