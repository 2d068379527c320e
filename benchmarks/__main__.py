"""``python -m benchmarks``: every speed goal of mlew, measured side by side.

Each figure prints as median / p95 with its goal; the script exits 1 when a
goal is missed. Figures grow as issues add goals (see the README).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import shutil
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
from mlew_tui.samples import list_samples

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
        return f"{mark} {self.name:<62} median {median:9.2f} {self.unit:<3} p95 {p95:9.2f} {self.unit:<3} goal {self.goal}"


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


def _clean_first_frame(make: Callable[[], App[None]]) -> float:
    """One opening, from a clean heap (as in a fresh process): the garbage the
    previous round left must not be collected on this round's time."""
    gc.collect()
    return asyncio.run(_first_frame(make))


def open_to_first_frame(sessions: Sequence[tuple[str, Path, str]], rounds: int) -> list[Figure]:
    """Open each session to its first full frame, side by side with the bare
    app: rounds alternate bare / each session, so drift in the machine hits
    every one of them alike. ``sessions``: (name, file, issue)."""
    bare: list[float] = []
    ours: dict[str, list[float]] = {name: [] for name, _, _ in sessions}
    _clean_first_frame(BareApp)  # warm up imports and caches for all
    for _, path, _ in sessions:
        _clean_first_frame(lambda path=path: MlewApp(path))
    for _ in range(rounds):
        bare.append(_clean_first_frame(BareApp))
        for name, path, _ in sessions:
            ours[name].append(_clean_first_frame(lambda path=path: MlewApp(path)))
    figures = [Figure("bare Textual app to first frame", bare, "ms", "(yardstick)", True)]
    for name, _, issue in sessions:
        ratio = statistics.median(ours[name]) / statistics.median(bare)
        figures.append(Figure(f"{name} to first frame", ours[name], "ms", "(see ratio)", True))
        figures.append(Figure(f"first-frame ratio, {name} / bare {issue}", [ratio], "x", "<= 1.5", ratio <= 1.5))
    return figures


def report_json(session: Path, rounds: int) -> list[Figure]:
    """``mlew report --json`` on the stress session, interpreter start included."""
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "mlew_tui", "report", str(session), "--json"], check=True, capture_output=True)
        samples.append((time.perf_counter() - start) * 1000)
    return [Figure("mlew report --json (wall, with start-up)", samples, "ms", "<= 500 ms", statistics.median(samples) <= 500)]


async def _until_drawn(app: App[None], done: Callable[[], bool]) -> float:
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


async def _scoring_keys(session: Path, keys: int) -> list[float]:
    from mlew_tui.widgets.scoring_table import ScoringTable

    app = MlewApp(session, day=1)
    samples: list[float] = []
    async with app.run_test(size=(160, 45)) as pilot:
        app.workshop.goto("invent.cases")
        app.show_step()
        await pilot.pause()
        table = app.screen.query_one(ScoringTable)
        table.focus()
        for n in range(keys):
            if n and n % 3 == 0:
                await pilot.press("right")
            cell = table.cursor_cell
            assert cell is not None
            before = table.value(*cell)
            item = app.workshop.session.item(cell[1])
            assert item is not None
            # full, partial or clear - whichever changes this cell
            key = "f" if before is None else "p" if before == item.points else "0"
            start = time.perf_counter()
            app.simulate_key(key)  # as the keyboard sends it
            end = await _until_drawn(app, lambda cell=cell, before=before: table.value(*cell) != before)
            samples.append((end - start) * 1000)
            await pilot.pause()
    app.lock.release()
    return samples


def scoring_keystroke(session: Path, keys: int) -> list[Figure]:
    """A key on the scoring table to the frame with the cell, totals and tally."""
    samples = asyncio.run(_scoring_keys(session, keys))
    return [Figure("scoring-table key to updated totals", samples, "ms", "<= 16 ms", statistics.median(samples) <= 16)]


async def _add_reviews(session: Path, count: int) -> list[float]:
    from textual.widgets import Input

    app = MlewApp(session, day=1)
    samples: list[float] = []
    async with app.run_test(size=(160, 45)) as pilot:
        app.workshop.goto("listen.reviews")
        app.show_step()
        await pilot.pause()
        for n in range(count):
            await pilot.press("f2")
            await pilot.pause()
            form = app.screen.query_one("#review-form")
            form.query_one("#text", Input).value = f"Benchmark review {n}: the lesson froze twice"
            await pilot.pause()
            reviews = len(app.workshop.session.reviews)
            start = time.perf_counter()
            app.simulate_key("ctrl+s")  # as the keyboard sends it (Pilot's press adds its own waits)
            end = await _until_drawn(app, lambda reviews=reviews: len(app.workshop.session.reviews) > reviews)
            samples.append((end - start) * 1000)
            await pilot.pause(0.5)  # let the autosave of this one pass
    app.lock.release()
    return samples


def add_review(session: Path, count: int) -> list[Figure]:
    """ctrl+s in the review form, with 300 reviews on the board, until the
    frame that shows the new card."""
    samples = asyncio.run(_add_reviews(session, count))
    return [Figure("add a review with 300 on the board", samples, "ms", "<= 50 ms", statistics.median(samples) <= 50)]


def timer_accuracy(real_seconds: float) -> list[Figure]:
    """The countdown against the clock: simulated 60 minutes of irregular
    polling on an injected clock (must be exact), and a real run."""
    import random

    from mlew_tui.domain.timer import Countdown

    now = [0.0]
    timer = Countdown(3600, monotonic=lambda: now[0])
    timer.start()
    rng = random.Random(1)
    while now[0] < 3600:
        now[0] += rng.uniform(0.01, 0.5)
        timer.poll()
    drift = abs(timer.remaining - (3600 - now[0]))
    real = Countdown(int(real_seconds) + 5)
    begin = time.monotonic()
    real.start()
    while time.monotonic() - begin < real_seconds:
        time.sleep(0.2)  # the widget's tick
        real.poll()
    error = abs((real.duration_s - real.remaining) - (time.monotonic() - begin))
    return [
        Figure("timer drift, simulated 60 min", [drift * 1000], "ms", "0", drift < 1e-6),
        Figure(f"timer error, real {real_seconds:.0f} s run", [error * 1000], "ms", "<= 250 ms", error <= 0.25),
    ]


def autosave(session: Path, rounds: int) -> list[Figure]:
    """What an autosave costs: the snapshot on the UI thread (this blocks
    input, so it must be tiny) and the check + write in the worker."""
    from mlew_tui import store
    from mlew_tui.workshop import Workshop

    workshop = Workshop(store.load(session))
    snapshot_ms, write_ms = [], []
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "autosave.toml"
        for n in range(rounds):
            workshop.session.title = f"Stress session {n}"  # a real change each time
            start = time.perf_counter()
            data = workshop.snapshot()
            middle = time.perf_counter()
            store.save_data(data, target)
            end = time.perf_counter()
            snapshot_ms.append((middle - start) * 1000)
            write_ms.append((end - middle) * 1000)
    total = [a + b for a, b in zip(snapshot_ms, write_ms, strict=True)]
    return [
        Figure("autosave, UI-thread part (snapshot)", snapshot_ms, "ms", "<= 16 ms", statistics.median(snapshot_ms) <= 16),
        Figure("autosave of the stress session (total)", total, "ms", "<= 50 ms", statistics.median(total) <= 50),
    ]


def peak_memory(session: Path) -> list[Figure]:
    """Peak RSS of a process that opens the stress session to its first frame.

    Read from ``VmHWM`` (the peak of the process's own address space): the
    ``ru_maxrss`` of a child counts the parent's pages it was forked with,
    and this script's process grows with every app it has opened."""
    code = (
        "import asyncio, resource, sys\n"
        "from mlew_tui.app import MlewApp\n"
        "async def main():\n"
        "    app = MlewApp(sys.argv[1])\n"
        "    async with app.run_test(size=(160, 45)) as pilot:\n"
        "        await pilot.pause()\n"
        "    app.lock.release()\n"
        "asyncio.run(main())\n"
        "try:\n"
        "    status = open('/proc/self/status').read().split('VmHWM:')[1]\n"
        "    print(int(status.split()[0]))\n"
        "except OSError:\n"
        "    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    )
    result = subprocess.run([sys.executable, "-c", code, str(session)], check=True, capture_output=True, text=True)
    mib = int(result.stdout.split()[-1]) / 1024
    return [Figure("peak memory, stress session open", [mib], "MiB", "<= 100 MiB", mib <= 100)]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--rounds", type=int, default=9, help="samples per figure")
    parser.add_argument("--timer-seconds", type=float, default=30.0, help="length of the real timer run")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        session = write_stress_session(Path(folder) / "stress.toml")
        scoring_session = write_stress_session(Path(folder) / "scoring.toml")
        reviews_session = write_stress_session(Path(folder) / "reviews.toml")
        samples = []
        for sample in list_samples():  # copies: the app autosaves what it opens
            copy = Path(folder) / f"sample-{sample.name}.toml"
            shutil.copyfile(sample.path, copy)
            samples.append((f"sample {sample.language} ({sample.name})", copy, "#4"))
        figures = [
            *open_to_first_frame([*samples, ("stress session", session, "#9")], max(args.rounds, 15)),
            *scoring_keystroke(scoring_session, max(args.rounds, 40)),
            *add_review(reviews_session, max(args.rounds, 15)),
            *autosave(session, max(args.rounds, 20)),
            *report_json(session, args.rounds),
            *peak_memory(session),
            *timer_accuracy(args.timer_seconds),
        ]
    for figure in figures:
        print(figure.line())
    missed = [f for f in figures if not f.ok]
    print(f"{len(figures) - len(missed)} of {len(figures)} figures within their goals")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
