"""``python -m benchmarks``: every speed goal of mlew, measured side by side.

Each figure prints as median / p95 with its goal; the script exits 1 when a
goal is missed. Figures grow as issues add goals (see the README).

Groups (``--only GROUP[,GROUP...]`` runs some of them; ``--list`` names them):
launch (a real pty: first board, side by side with a bare Textual app; idle
repaints), cli (``mlew --version`` / ``--help``), first-frame (in-process, the
old figure kept for its trend), scoring, review, autosave, report, memory,
timer.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import gc
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from textual.app import App, ComposeResult
from textual.widgets import Digits, Footer, Header

from mlew_tui.app import MlewApp
from mlew_tui.samples import list_samples

from . import pty_launch
from .bare_app import TITLE as BARE_TITLE
from .common import Figure, until_drawn
from .stress import stress_session, write_stress_session


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
        _clean_first_frame(functools.partial(MlewApp, path))
    for _ in range(rounds):
        bare.append(_clean_first_frame(BareApp))
        for name, path, _ in sessions:
            ours[name].append(_clean_first_frame(functools.partial(MlewApp, path)))
    figures = [Figure("in-process: bare Textual app to first frame", bare, "ms", "(yardstick)", True)]
    for name, _, issue in sessions:
        ratio = statistics.median(ours[name]) / statistics.median(bare)
        figures.append(Figure(f"in-process: {name} to first frame", ours[name], "ms", "(trend)", True))
        # Issue #21 replaced this goal (<= 1.5x, #4/#9) with the launch in a real pty: kept for its trend.
        figures.append(Figure(f"in-process first-frame ratio, {name} / bare {issue}", [ratio], "x", "(trend, no goal)", True))
    return figures


#: Text only the stress session's finished board shows: its cards' reviews.
BOARD_MARKER = "Review 1"


def launch_in_pty(folder: Path, rounds: int) -> list[Figure]:
    """``mlew run`` on the stress session (300 reviews) and on a 3,000-review
    one, and the bare Textual app, each started in a real 160x45 pty, in
    alternating rounds; then the stress session's idle board (see
    :mod:`benchmarks.pty_launch` for what is detected and counted)."""
    env = pty_launch.bytecode_env(folder / "pycache")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(Path(__file__).resolve().parents[1]), env.get("PYTHONPATH", "")) if p)
    stress = write_stress_session(folder / "launch-stress.toml")
    big = folder / "launch-3000.toml"
    from mlew_tui.store import save

    save(stress_session(reviews=3000), big, keep_backup=False)
    cold = {**env, "MLEW_CACHE_DIR": "off"}  # a file never opened on this machine
    runs = {
        "bare": ([sys.executable, "-m", "benchmarks.bare_app"], BARE_TITLE, env),
        "stress": ([sys.executable, "-m", "mlew_tui", "run", str(stress)], BOARD_MARKER, env),
        "big": ([sys.executable, "-m", "mlew_tui", "run", str(big)], BOARD_MARKER, env),
        "stress-first": ([sys.executable, "-m", "mlew_tui", "run", str(stress)], BOARD_MARKER, cold),
        "big-first": ([sys.executable, "-m", "mlew_tui", "run", str(big)], BOARD_MARKER, cold),
    }
    results: dict[str, list[pty_launch.Launch]] = {name: [] for name in runs}
    try:
        for argv, marker, where in runs.values():  # untimed: compiles the bytecode into the cache
            pty_launch.launch(argv, marker, env=where, idle=0.2)
        for _ in range(rounds):
            for name, (argv, marker, where) in runs.items():
                results[name].append(pty_launch.launch(argv, marker, env=where))
    except TimeoutError as error:  # a board that never shows is a miss, not a traceback
        print(error, file=sys.stderr)
        return [Figure("pty launch: a first board within 20 s", [0.0], "n", "every launch", False)]
    locks = pty_launch.leftover_locks(folder)
    seconds = {name: [r.first_frame for r in launches if r.first_frame is not None] for name, launches in results.items()}
    bare, ours, large = (statistics.median(seconds[name]) for name in ("bare", "stress", "big"))
    repaints = [r.repaints_after_first() for r in results["stress"]]
    quiet = [float(r.bytes_between(r.first_frame + pty_launch.SETTLE, r.first_frame + pty_launch.IDLE)) for r in results["stress"] if r.first_frame]
    share = f"{pty_launch.FULL_REPAINT_SHARE:.0%}"
    return [
        Figure("pty launch: bare Textual app to first frame", seconds["bare"], "s", "(yardstick)", True),
        Figure("pty launch: stress session (300 reviews) to first board", seconds["stress"], "s", "<= 0.40 s", ours <= 0.40),
        Figure("pty launch ratio, stress session / bare app", [ours / bare], "x", "<= 2.0", ours / bare <= 2.0),
        Figure("pty launch: 3,000-review session to first board", seconds["big"], "s", "<= 0.60 s", large <= 0.60),
        Figure("pty launch: stress session, first open (nothing kept)", seconds["stress-first"], "s", "(reported)", True),
        Figure("pty launch: 3,000 reviews, first open (nothing kept)", seconds["big-first"], "s", "(reported)", True),
        Figure(f"full repaints (>= {share} of frame) in {pty_launch.IDLE} s idle", [float(n) for n in repaints], "n", "<= 1 (max)", max(repaints) <= 1),
        Figure(f"bytes written {pty_launch.SETTLE}-{pty_launch.IDLE} s idle (stopped timer)", quiet, "B", "0 (max)", max(quiet) == 0),
        Figure("lock files left by the launches", [float(len(locks))], "n", "0", not locks),
    ]


def cli_wall(folder: Path, rounds: int) -> list[Figure]:
    """``mlew --version``, ``mlew --help`` and ``mlew run --help``: spawn to exit."""
    env = pty_launch.bytecode_env(folder / "pycache")
    figures = []
    for args in (["--version"], ["--help"], ["run", "--help"]):
        argv = [sys.executable, "-m", "mlew_tui", *args]
        pty_launch.wall(argv, env)  # untimed: compiles the bytecode into the cache
        samples = [pty_launch.wall(argv, env) for _ in range(rounds)]
        figures.append(Figure(f"mlew {' '.join(args)} (wall, with start-up)", samples, "s", "<= 0.05 s", statistics.median(samples) <= 0.05))
    python = [pty_launch.wall([sys.executable, "-c", "pass"], env) for _ in range(rounds)]
    figures.append(Figure("python -c pass (wall: the interpreter alone)", python, "s", "(yardstick)", True))
    return figures


def report_json(session: Path, rounds: int) -> list[Figure]:
    """``mlew report --json`` on the stress session, interpreter start included."""
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "mlew_tui", "report", str(session), "--json"], check=True, capture_output=True)
        samples.append((time.perf_counter() - start) * 1000)
    return [Figure("mlew report --json (wall, with start-up)", samples, "ms", "<= 500 ms", statistics.median(samples) <= 500)]


def _changed(table: Any, cell: tuple[str, str], before: object) -> bool:
    return bool(table.value(*cell) != before)


def _more_reviews(app: MlewApp, count: int) -> bool:
    """The board shows one more review card than ``count``."""
    reviews = app.workshop.session.reviews
    if len(reviews) <= count:
        return False
    from mlew_tui.widgets.card_board import CardBoard

    board = app.screen.query_one(CardBoard)
    return board.lane_of(reviews[-1].id) is not None


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
            end = await until_drawn(app, functools.partial(_changed, table, cell, before))
            samples.append((end - start) * 1000)
            await pilot.pause()
    app.lock.release()
    return samples


def scoring_keystroke(session: Path, keys: int) -> list[Figure]:
    """A key on the scoring table to the frame with the cell, totals and tally."""
    samples = asyncio.run(_scoring_keys(session, keys))
    return [Figure("scoring-table key to updated totals", samples, "ms", "p95 <= 16 ms", pty_launch.p95(samples) <= 16)]


async def _add_reviews(session: Path, count: int) -> list[float]:
    from textual.widgets import Input

    app = MlewApp(session, day=1)
    samples: list[float] = []
    async with app.run_test(size=(160, 45)) as pilot:
        app.workshop.goto("listen.reviews")
        app.show_step()
        await pilot.pause()
        await pilot.press("f2")  # once: after ctrl+s the form waits, empty, for the next review
        await pilot.pause()
        for n in range(count):
            form = app.screen.query_one("#review-form")
            assert form.display, "the review form closed after a save"
            form.query_one("#text", Input).value = f"Benchmark review {n}: the lesson froze twice"
            await pilot.pause()
            reviews = len(app.workshop.session.reviews)
            start = time.perf_counter()
            app.simulate_key("ctrl+s")  # as the keyboard sends it (Pilot's press adds its own waits)
            end = await until_drawn(app, functools.partial(_more_reviews, app, reviews))
            samples.append((end - start) * 1000)
            await pilot.pause(0.5)  # let the autosave of this one pass
    app.lock.release()
    return samples


def add_review(session: Path, count: int) -> list[Figure]:
    """ctrl+s in the review form, with 300 reviews on the board, until the
    frame that shows the new card (the form stays open for the next review,
    as a person writing several in a row has it)."""
    samples = asyncio.run(_add_reviews(session, count))
    ok = pty_launch.p95(samples) <= 50 and max(samples) <= 100  # issue #21: the spikes count
    return [Figure(f"add a review with 300 on the board (max {max(samples):.0f} ms)", samples, "ms", "p95 <= 50, max <= 100 ms", ok)]


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
    from mlew_tui.domain.session import build_validators
    from mlew_tui.workshop import Workshop

    workshop = Workshop(store.load(session))
    # A session taken from the cache of validated sessions has no validators
    # or serializers built yet; the app builds them once its first screen is
    # filled (well before its first autosave), so they are built here too -
    # else the first snapshot measures pydantic building them (about 40 ms).
    build_validators()
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
        Figure("autosave, UI-thread part (snapshot)", snapshot_ms, "ms", "max <= 16 ms", max(snapshot_ms) <= 16),
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


GROUPS = ("launch", "cli", "first-frame", "scoring", "review", "autosave", "report", "memory", "timer", "join")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=9, help="samples per figure (at least 7 for the launch and cli groups)")
    parser.add_argument("--timer-seconds", type=float, default=30.0, help="length of the real timer run")
    parser.add_argument("--join-seconds", type=float, default=30.0, help="length of the 12-device join load (issue #20)")
    parser.add_argument("--only", default="", metavar="GROUP[,GROUP...]", help="run only these groups (see --list)")
    parser.add_argument("--list", action="store_true", help="name the groups and exit")
    args = parser.parse_args(argv)
    if args.list:
        print("\n".join(GROUPS))
        return 0
    only = [name.strip() for name in args.only.split(",") if name.strip()] or list(GROUPS)
    unknown = [name for name in only if name not in GROUPS]
    if unknown:
        parser.error(f"unknown group {', '.join(unknown)} (groups: {', '.join(GROUPS)})")
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        # Sessions mlew keeps once read (mlew_tui.session_cache) and the
        # compiled code of dataclasses (mlew_tui.generated_code) go to a
        # folder of this run, never the user's cache.
        os.environ["MLEW_CACHE_DIR"] = str(folder / "kept-sessions")
        if {"launch", "cli"} & set(only):
            print(
                "Measured processes keep compiled bytecode in a temporary PYTHONPYCACHEPREFIX, warmed by one untimed run "
                "(this machine sets PYTHONDONTWRITEBYTECODE=1; an installed wheel has its .pyc files). "
                "The same run leaves in mlew's cache folder, as any launch does, the sessions it validated and the code "
                "its dataclasses compiled: the 'first open' figures run with that folder off (the file read and validated, "
                "the code compiled)."
            )
        if "launch" in only:
            figures += launch_in_pty(folder, max(args.rounds, 7))
        if "cli" in only:
            figures += cli_wall(folder, max(args.rounds, 7))
        session = write_stress_session(folder / "stress.toml")
        if "first-frame" in only:
            samples = []
            for sample in list_samples():  # copies: the app autosaves what it opens
                copy = folder / f"sample-{sample.name}.toml"
                shutil.copyfile(sample.path, copy)
                samples.append((f"sample {sample.language} ({sample.name})", copy, "#4"))
            figures += open_to_first_frame([*samples, ("stress session", session, "#9")], max(args.rounds, 15))
        if "scoring" in only:
            figures += scoring_keystroke(write_stress_session(folder / "scoring.toml"), max(args.rounds, 40))
        if "review" in only:
            figures += add_review(write_stress_session(folder / "reviews.toml"), max(args.rounds, 15))
        if "autosave" in only:
            figures += autosave(session, max(args.rounds, 20))
        if "report" in only:
            figures += report_json(session, args.rounds)
        if "memory" in only:
            figures += peak_memory(session)
        if "timer" in only:
            figures += timer_accuracy(args.timer_seconds)
        if "join" in only:
            from .join_load import join_load

            figures += join_load(write_stress_session(folder / "join.toml"), seconds=args.join_seconds)
    for figure in figures:
        print(figure.line())
    missed = [f for f in figures if not f.ok]
    print(f"{len(figures) - len(missed)} of {len(figures)} figures within their goals")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
