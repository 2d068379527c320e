"""What every benchmark group shares: a figure with its goal, and the moment a change is drawn."""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual.app import App


@dataclass
class Figure:
    name: str
    samples: list[float]
    unit: str
    goal: str
    ok: bool

    def line(self) -> str:
        median = statistics.median(self.samples)
        p95 = sorted(self.samples)[max(0, round(0.95 * len(self.samples)) - 1)]
        mark = "ok  " if self.ok else "MISS"
        digits = 3 if self.unit == "s" else 2
        return f"{mark} {self.name:<62} median {median:9.{digits}f} {self.unit:<3} p95 {p95:9.{digits}f} {self.unit:<3} goal {self.goal}"


async def until_drawn(app: App[None], done: Callable[[], bool]) -> float:
    """The moment the room sees a change: the first frame the app draws while
    ``done()`` holds. Call it right after the key is sent, with ``done`` a
    check on what the widgets show (a model that changed is not yet a frame
    that shows it). Returns that moment (perf_counter).

    A frame is drawn in one go: the screen lays out and renders what changed,
    then hands the update to ``App._display``; the wrapper below sees each
    update as it is handed over. (Textual's ``call_after_refresh`` is no such
    moment: it waits until the screen has nothing left to draw, which while
    phones keep changing the board is frames later.)"""
    loop = asyncio.get_running_loop()
    shown: asyncio.Future[float] = loop.create_future()
    display = app._display

    def watching(screen: Any, update: Any) -> None:
        display(screen, update)
        if update is not None and not shown.done() and done():
            shown.set_result(time.perf_counter())

    app._display = watching  # type: ignore[method-assign,assignment]
    try:
        return await asyncio.wait_for(shown, 5)
    except TimeoutError:
        raise TimeoutError("the change never showed") from None
    finally:
        del app._display
