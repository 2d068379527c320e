"""Issue #20's load: 12 devices post 5 submissions a second each for 30 s on
loopback while the facilitator keeps pressing keys on the projector.

Nothing may be lost or duplicated (every applied review is in the saved file
exactly once), the projector's keystrokes keep a p95 of at most 50 ms, and the
autosave keeps up (the file holds everything within 2 s of the last answer).
"""

from __future__ import annotations

import asyncio
import functools
import gc
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from mlew_tui.app import MlewApp
from mlew_tui.app_join import JoinOptions
from mlew_tui.store import load
from mlew_tui.widgets.turn import TurnIndicator

from .common import Figure, until_drawn


def _moved(app: MlewApp, turn: str, before: object) -> bool:
    """The turn line shows the next participant."""
    return app.workshop.turn != turn and app.screen.query_one(TurnIndicator).content is not before


def _p95(samples: list[float]) -> float:
    return sorted(samples)[max(0, round(0.95 * len(samples)) - 1)]


async def _run(session: Path, seconds: float, rate: float) -> dict[str, Any]:

    app = MlewApp(session, day=1, join=JoinOptions(host="127.0.0.1", port=0))
    before = len(app.workshop.session.reviews)
    gc.freeze()  # as `mlew run` does before the app runs: what was read lives as long as the app
    keys: list[float] = []
    async with app.run_test(size=(160, 45)) as pilot:
        app.workshop.goto("listen.reviews")
        app.show_step()
        await pilot.pause()
        give_up = time.monotonic() + 10
        while app.join_room is None or not app.join_room.running:
            if time.monotonic() > give_up:
                raise TimeoutError("the join server never started")
            await asyncio.sleep(0.05)
        url = app.join_room.url
        people = [p.id for p in app.workshop.session.participants][:12]
        clients = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "benchmarks.join_clients", url, ",".join(people), str(seconds), str(rate), stdout=subprocess.PIPE
        )
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            turn = app.workshop.turn
            shown = app.screen.query_one(TurnIndicator).content
            start = time.perf_counter()
            app.simulate_key("f9")  # the next participant: the turn line redraws
            drawn = await until_drawn(app, functools.partial(_moved, app, turn, shown))
            keys.append((drawn - start) * 1000)
            await asyncio.sleep(0.25)
        output, _ = await clients.communicate()
        answered = time.monotonic()
        result: dict[str, Any] = json.loads(output)
        expected = before + len(result["applied"])
        while True:  # the autosave's lag: until the file holds every applied review
            on_disk = load(session)
            if len(on_disk.reviews) >= expected or time.monotonic() - answered > 10:
                break
            await asyncio.sleep(0.1)
        result["save_lag_s"] = time.monotonic() - answered
        texts = [r.text for r in on_disk.reviews[before:]]
        result["lost"] = len(set(result["applied"]) - set(texts))
        result["duplicated"] = len(texts) - len(set(texts))
        result["keys_ms"] = keys
    app.lock.release()
    return result


def join_load(session: Path, *, seconds: float = 30.0, rate: float = 5.0) -> list[Figure]:
    """The figures of the load (see the module docstring)."""

    result = asyncio.run(_run(session, seconds, rate))
    sent = len(result["applied"]) + len(result["refused"])
    lost = result["lost"] + len(result["refused"]) + result["join_failures"]
    keys = result["keys_ms"]
    return [
        Figure(f"join load: {sent} submissions, lost or duplicated", [float(lost + result["duplicated"])], "n", "0", lost + result["duplicated"] == 0),
        Figure("join load: projector keystroke meanwhile (p95)", keys, "ms", "p95 <= 50 ms", _p95(keys) <= 50),
        Figure("join load: a submission's answer", result["latency_ms"], "ms", "(no goal)", True),
        Figure("join load: the file holds everything after the last answer", [result["save_lag_s"]], "s", "<= 2 s", result["save_lag_s"] <= 2),
    ]
