"""``python -m benchmarks``: every speed goal of mlew, measured side by side.

Each figure prints as median / p95 with its goal; the script exits 1 when a
goal is missed. Figures grow as issues add goals (see the README).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Digits, Footer, Header

from mlew_tui.app import MlewApp

from .stress import write_stress_session


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
        return f"{mark} {self.name:<46} median {median:9.2f} {self.unit:<3} p95 {p95:9.2f} {self.unit:<3} goal {self.goal}"


class BareApp(App[None]):
    """The yardstick: a bare Textual app with a header, digits and a footer."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Digits("00:00")
        yield Footer()


async def _first_frame(make: Callable[[], App[None]]) -> float:
    start = time.perf_counter()
    app = make()
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        elapsed = time.perf_counter() - start
    if isinstance(app, MlewApp):
        app.lock.release()
    return elapsed * 1000


def open_to_first_frame(session: Path, rounds: int) -> list[Figure]:
    """Open the stress session to its first full frame vs the bare app."""
    ours: list[float] = []
    bare: list[float] = []
    asyncio.run(_first_frame(BareApp))  # warm up imports and caches for both
    asyncio.run(_first_frame(lambda: MlewApp(session)))
    for _ in range(rounds):  # alternate, so drift in the machine hits both
        bare.append(asyncio.run(_first_frame(BareApp)))
        ours.append(asyncio.run(_first_frame(lambda: MlewApp(session))))
    ratio = statistics.median(ours) / statistics.median(bare)
    return [
        Figure("bare Textual app to first frame", bare, "ms", "(yardstick)", True),
        Figure("stress session to first frame", ours, "ms", "(see ratio)", True),
        Figure("first-frame ratio mlew / bare", [ratio], "x", "<= 1.5", ratio <= 1.5),
    ]


def report_json(session: Path, rounds: int) -> list[Figure]:
    """``mlew report --json`` on the stress session, interpreter start included."""
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "mlew_tui", "report", str(session), "--json"], check=True, capture_output=True)
        samples.append((time.perf_counter() - start) * 1000)
    return [Figure("mlew report --json (wall, with start-up)", samples, "ms", "<= 500 ms", statistics.median(samples) <= 500)]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--rounds", type=int, default=9, help="samples per figure")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        session = write_stress_session(Path(folder) / "stress.toml")
        figures = [*open_to_first_frame(session, args.rounds), *report_json(session, args.rounds)]
    for figure in figures:
        print(figure.line())
    missed = [f for f in figures if not f.ok]
    print(f"{len(figures) - len(missed)} of {len(figures)} figures within their goals")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
