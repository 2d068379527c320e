"""What every benchmark group shares: a figure with its goal, and the moment a change is drawn."""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

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
    """Wait until ``done()`` holds, then for the next refresh of the screen:
    the moment the room sees the change. Returns that moment (perf_counter)."""
    give_up = time.perf_counter() + 5
    while not done():
        if time.perf_counter() > give_up:
            raise TimeoutError("the change never showed")
        await asyncio.sleep(0.0005)
    drawn = asyncio.Event()
    app.call_after_refresh(drawn.set)
    await drawn.wait()
    return time.perf_counter()
