"""End to end in a real terminal: ``mlew run`` inside tmux, driven by keys.

The test types through the command palette like a facilitator, reads the
screen with ``capture-pane`` and checks the saved file; then it kills the app
with SIGKILL and reopens it: nothing typed is lost and the step is the same.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import tomllib
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

# One worker runs the real-terminal tests one after another: kill -9 bursts
# starve a terminal next to them, and their timing guarantees need the CPU.
pytestmark = [pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"), pytest.mark.slow, pytest.mark.xdist_group("terminal")]


def tmux_of(name: str) -> list[str]:
    """The tmux of one terminal: a server (socket) of its own, so a tmux the
    developer uses - or restarts - is never touched, and no terminal shares a
    server with an earlier test's."""
    return ["tmux", "-L", f"mlew-tests-{os.getpid()}-{name}"]


class Terminal:
    """One tmux session running one command."""

    def __init__(self, command: list[str], cwd: Path, size: tuple[int, int] = (120, 40)) -> None:
        self.name = f"mlew-test-{uuid.uuid4().hex[:8]}"
        self.tmux = tmux_of(self.name)
        # Not COLUMNS/LINES: a test worker (pytest-xdist) has them at 80x24, and
        # Textual would size the app by them instead of by the pane.
        env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")} | {"TERM": "xterm-256color", "LANG": "C.UTF-8", "TZ": "UTC"}
        # exec: the pane runs the app itself, so pane_pid is the app (kill -9 hits it).
        shell = "exec " + " ".join(_quote(part) for part in command)
        subprocess.run(
            [*self.tmux, "new-session", "-d", "-s", self.name, "-x", str(size[0]), "-y", str(size[1]), shell],
            cwd=cwd,
            env=env,
            check=True,
        )

    def keys(self, *keys: str, literal: bool = False) -> None:
        args = [*self.tmux, "send-keys", "-t", self.name]
        if literal:
            args.append("-l")
        subprocess.run([*args, *keys], check=True)
        time.sleep(0.15)

    def screen(self) -> str:
        result = subprocess.run([*self.tmux, "capture-pane", "-p", "-t", self.name], capture_output=True, text=True)
        return result.stdout

    def wait_for(self, predicate: Callable[[str], bool], timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        text = ""
        while time.monotonic() < deadline:
            text = self.screen()
            if predicate(text):
                return text
            time.sleep(0.2)
        raise AssertionError(f"screen never matched; last screen:\n{text}")

    def pid(self) -> int:
        result = subprocess.run([*self.tmux, "list-panes", "-t", self.name, "-F", "#{pane_pid}"], capture_output=True, text=True, check=True)
        return int(result.stdout.split()[0])

    def close(self) -> None:
        subprocess.run([*self.tmux, "kill-server"], capture_output=True)

    def alive(self) -> bool:
        return subprocess.run([*self.tmux, "has-session", "-t", self.name], capture_output=True).returncode == 0


def _quote(part: str) -> str:
    return "'" + part.replace("'", "'\\''") + "'"


@pytest.fixture
def terminals() -> Iterator[list[Terminal]]:
    opened: list[Terminal] = []
    yield opened
    for terminal in opened:
        terminal.close()


def wait_for_file(path: Path, predicate: Callable[[dict], bool], timeout: float = 5.0) -> dict:
    deadline = time.monotonic() + timeout
    data: dict = {}
    while time.monotonic() < deadline:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            if predicate(data):
                return data
        except (OSError, tomllib.TOMLDecodeError):
            pass
        time.sleep(0.1)
    raise AssertionError(f"the file never matched: {data.get('progress')}")


def test_facilitator_runs_steps_from_the_palette_and_nothing_is_lost(tmp_path: Path, en_sample: Path, terminals: list[Terminal]) -> None:
    session = tmp_path / "room.toml"
    shutil.copy(en_sample, session)
    run = [sys.executable, "-m", "mlew_tui", "run", str(session), "--day", "1", "--no-bell"]
    term = Terminal(run, tmp_path)
    terminals.append(term)
    term.wait_for(lambda s: "Step " in s and "Next step" in s)

    # Through the palette, as a facilitator would.
    term.keys("C-p")
    term.wait_for(lambda s: "Search for commands" in s)  # the palette is open: typing goes to it
    term.keys("Go to Listen", literal=True)
    term.keys("Enter")
    term.wait_for(lambda s: "Step 2/" in s)
    term.keys("F8")
    term.wait_for(lambda s: "Step 3/" in s)
    term.keys("F5")  # start the timer
    term.wait_for(lambda s: "Running" in s)

    term.keys("C-p")
    term.keys("Add review", literal=True)
    term.keys("Enter")
    term.wait_for(lambda s: "Add review" in s and "Author" in s)
    term.keys("Checkout keeps timing out on mobile", literal=True)
    term.keys("Tab")
    term.keys("-")
    term.keys("C-s")
    data = wait_for_file(session, lambda d: any(r["text"] == "Checkout keeps timing out on mobile" for r in d.get("reviews", [])))
    assert data["progress"]["step"] == "listen.reviews"
    assert data["timer"]["running"] is True
    review = next(r for r in data["reviews"] if r["text"] == "Checkout keeps timing out on mobile")
    assert review["polarity"] == "negative"
    before = len(tomllib.loads(en_sample.read_text(encoding="utf-8"))["reviews"])
    term.wait_for(lambda s: f"Reviews: {before + 1} " in s)

    # kill -9: the file holds everything, and reopening lands on the same step.
    time.sleep(1.2)
    os.kill(term.pid(), signal.SIGKILL)
    term.close()
    data = tomllib.loads(session.read_text(encoding="utf-8"))
    assert any(r["text"] == "Checkout keeps timing out on mobile" for r in data["reviews"])
    again = Terminal([sys.executable, "-m", "mlew_tui", "run", str(session), "--no-bell"], tmp_path)
    terminals.append(again)
    # Same step, and the timer still running (its words appear with its first tick).
    again.wait_for(lambda s: "Step 3/" in s and ("Running" in s or "Almost time" in s))
    # The palette's commands have keys of their own: ctrl+g then a digit goes
    # to a phase, ctrl+o opens Add post wherever the room is.
    again.keys("C-g")
    again.wait_for(lambda s: "Go to" in s and "3  Define" in s)
    again.keys("3")
    again.wait_for(lambda s: "[Define]" in s and "Go to" not in s)
    again.keys("C-o")
    again.wait_for(lambda s: "Add post" in s and "Author" in s)
    again.keys("Escape")
    again.wait_for(lambda s: "Author" not in s)
    assert wait_for_file(session, lambda d: d["progress"]["step"] == "define.posts")["progress"]["step"] == "define.posts"
    again.keys("C-q")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and again.alive():
        time.sleep(0.2)
    assert not (tmp_path / "room.toml.lock").exists()


def test_day2_reruns_in_a_real_terminal(tmp_path: Path, fresh: Path, terminals: list[Terminal]) -> None:
    """Day 2 as a room runs it: re-score a case in Invent's re-run, see the
    winner change, re-vote, look back at the frozen Day 1 and return; the
    file holds Day 2's work and Day 1 as it was."""
    session = tmp_path / "room.toml"
    shutil.copy(fresh, session)
    term = Terminal([sys.executable, "-m", "mlew_tui", "run", str(session), "--day", "2", "--no-bell"], tmp_path, size=(160, 45))
    terminals.append(term)
    term.wait_for(lambda s: "Allot the time" in s)
    term.keys("F8")
    term.wait_for(lambda s: "Day 1's work, on Day 2's copy:" in s and "Re-score any case" in s)
    term.keys("Down")
    term.keys("f")  # maria: full points for the second case's first item
    data = wait_for_file(session, lambda d: bool(d.get("scores")))
    second = data["cases"][1]
    # private scoring: the room sees who has scored, and today's winner only after the reveal
    term.wait_for(lambda s: "Scored case" in s and "Today's winner shows when the facilitator reveals the #1 votes." in s)
    assert "scores" not in data["day1"] and data["invent"]["winner"] == second["id"]
    term.keys("]")
    term.wait_for(lambda s: "Have a #1" in s)
    assert wait_for_file(session, lambda d: d["progress"].get("view") == "invent.vote")["progress"]["step"] == "day2.invent"
    term.keys("v")  # the facilitator reveals the #1 votes
    term.wait_for(lambda s: "#1 picks per case" in s and "The winner changed: Day 1 undecided → now" in s)
    assert wait_for_file(session, lambda d: d["invent"].get("votes_revealed") is True)
    term.keys("C-d")
    term.wait_for(lambda s: "DAY 1, as it stood when Day 2 started" in s)
    term.keys("C-d")
    term.wait_for(lambda s: "DAY 1, as it stood" not in s and "#1 picks per case" in s)
    term.keys("C-q")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and term.alive():
        time.sleep(0.2)
    data = tomllib.loads(session.read_text(encoding="utf-8"))
    assert data["progress"]["day"] == 2 and data["progress"]["view"] == "invent.vote"
    assert data["progress"]["started_at"] == tomllib.loads(fresh.read_text(encoding="utf-8"))["progress"]["started_at"]
    assert "day2_started_at" in data["progress"]
