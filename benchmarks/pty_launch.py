"""Launch in a real pseudo-terminal: what a facilitator feels (issue #21).

A process is started on the slave side of a fresh pty (160x45 by
``TIOCSWINSZ``, ``TERM=xterm-256color``) and everything it writes is read
from the master side with a timestamp per read. From that stream:

**First frame showing the board.** Textual writes nothing to the screen
before it switches to the alternate screen (``ESC[?1049h``). The stream after
that switch, with escape sequences removed (:func:`strip_escapes`), is
searched for a *marker*: a text only the finished board shows (for mlew a
review's text on the stress session's cards, for the bare app the header's
title). The first frame's time is the moment (since just before the process
was spawned) of the read that completes the marker.

**Write bursts.** Reads less than :data:`BURST_GAP` apart belong to one burst
(one frame arrives in several reads of at most a few KiB). The first frame's
size is the size of the burst that completes the marker.

**Full repaints after the first frame.** A burst after the first frame's
burst of at least :data:`FULL_REPAINT_SHARE` of the first frame's size. The
app is left alone for :data:`IDLE` seconds after its first frame.

**Quiet while idle.** Bytes written from :data:`SETTLE` seconds after the
first frame to the end of the idle time: the board is up, nothing is pressed
and the step's countdown is stopped, so there is nothing to draw (a cursor
blink would count too: the stress session opens on the reviews step, with no
text field focused).

The app is then asked to quit (ctrl+q, then SIGTERM, then SIGKILL) and waited
for. mlew opens temporary copies of the sessions, so a killed run leaves no
lock file behind anything that matters; the benchmark still checks that none
is left.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import select
import signal
import statistics
import struct
import subprocess
import termios
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

#: Reads closer than this belong to one write burst (seconds).
BURST_GAP = 0.005
#: A burst at least this share of the first frame's size is a full repaint.
FULL_REPAINT_SHARE = 0.5
#: How long the app is left alone after its first frame (seconds).
IDLE = 1.5
#: From this long after the first frame, the idle board should write nothing (seconds).
SETTLE = 0.5
#: Give up on a first frame after this long (seconds).
TIMEOUT = 20.0

ALT_SCREEN = b"\x1b[?1049h"
#: CSI sequences, OSC strings, the two-byte escapes (``ESC =``, ``ESC 7``...) and DCS/APC strings.
_ESCAPES = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[PX^_][^\x1b]*\x1b\\|\x1b[ -/]*[0-~]")


def strip_escapes(data: bytes) -> str:
    """The text of a terminal stream: escape sequences and control bytes gone."""
    text = _ESCAPES.sub(b"", data).decode("utf-8", "replace")
    return "".join(ch for ch in text if ch >= " " or ch == "\n")


@dataclass
class Read:
    at: float  # seconds since the process was spawned
    size: int


@dataclass
class Burst:
    start: float
    end: float
    size: int


def bursts(reads: Sequence[Read], gap: float = BURST_GAP) -> list[Burst]:
    """Reads less than ``gap`` apart, merged."""
    out: list[Burst] = []
    for read in reads:
        if out and read.at - out[-1].end < gap:
            out[-1].end = read.at
            out[-1].size += read.size
        else:
            out.append(Burst(read.at, read.at, read.size))
    return out


@dataclass
class Launch:
    """What one launch wrote: the reads, and where the first frame was."""

    reads: list[Read] = field(default_factory=list)
    first_frame: float | None = None  # seconds since spawn
    first_frame_read: int = -1  # index into reads
    exit_status: int | None = None

    def first_burst(self) -> Burst | None:
        if self.first_frame is None:
            return None
        for burst in bursts(self.reads):
            if burst.start <= self.first_frame <= burst.end:
                return burst
        return None

    def repaints_after_first(self, share: float = FULL_REPAINT_SHARE) -> int:
        """Bursts after the first frame's of at least ``share`` of its size."""
        first = self.first_burst()
        if first is None:
            return 0
        return sum(1 for burst in bursts(self.reads) if burst.start > first.end and burst.size >= share * first.size)

    def bytes_between(self, start: float, end: float) -> int:
        return sum(read.size for read in self.reads if start <= read.at <= end)


class FrameFinder:
    """Fed the stream read by read: says when ``marker`` is complete in the
    text written after the switch to the alternate screen."""

    def __init__(self, marker: str) -> None:
        self.marker = marker
        self.data = b""
        self.switched = -1

    def feed(self, chunk: bytes) -> bool:
        self.data += chunk
        if self.switched < 0:
            self.switched = self.data.find(ALT_SCREEN)
            if self.switched < 0:
                return False
        return self.marker in strip_escapes(self.data[self.switched :])


def _set_size(fd: int, columns: int, rows: int) -> None:
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))


def _controlling_terminal() -> None:  # pragma: no cover - runs in the child
    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def launch(
    argv: Sequence[str],
    marker: str,
    *,
    env: Mapping[str, str],
    size: tuple[int, int] = (160, 45),
    idle: float = IDLE,
    quit_keys: bytes = b"\x11",
    timeout: float = TIMEOUT,
) -> Launch:
    """Start ``argv`` on a new pty, read until ``marker`` shows and ``idle``
    seconds more, then quit it. Raises ``TimeoutError`` when the marker never shows."""
    master, slave = os.openpty()
    _set_size(slave, *size)
    result = Launch()
    chunks: list[tuple[float, bytes]] = []  # kept for a look in a debugger
    start = time.perf_counter()
    process = subprocess.Popen(
        list(argv), stdin=slave, stdout=slave, stderr=slave, env={**env, "TERM": "xterm-256color"}, preexec_fn=_controlling_terminal, close_fds=True
    )
    os.close(slave)
    deadline = start + timeout
    until: float | None = None
    finder = FrameFinder(marker)
    try:
        while True:
            now = time.perf_counter()
            limit = until if until is not None else deadline
            if now >= limit:
                break
            ready, _, _ = select.select([master], [], [], limit - now)
            if not ready:
                continue
            try:
                chunk = os.read(master, 1 << 16)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            at = time.perf_counter() - start
            chunks.append((at, chunk))
            result.reads.append(Read(at, len(chunk)))
            if result.first_frame is None and finder.feed(chunk):
                result.first_frame = at
                result.first_frame_read = len(chunks) - 1
                until = time.perf_counter() + idle
        if result.first_frame is None:
            tail = strip_escapes(finder.data)[-400:]
            raise TimeoutError(f"{marker!r} never showed on {' '.join(argv)} (last text: {tail!r})")
    finally:
        result.exit_status = _stop(process, master, quit_keys)
        os.close(master)
    return result


def _stop(process: subprocess.Popen[bytes], master: int, quit_keys: bytes) -> int | None:
    """ctrl+q, then SIGTERM, then SIGKILL; the master is drained meanwhile so
    the app never blocks on a full terminal."""
    steps: list[tuple[str, float]] = [("keys", 5.0), ("term", 3.0), ("kill", 3.0)]
    for step, wait in steps:
        try:
            if step == "keys" and quit_keys:
                os.write(master, quit_keys)
            elif step == "term":
                process.send_signal(signal.SIGTERM)
            elif step == "kill":
                process.kill()
        except OSError:
            pass
        end = time.perf_counter() + wait
        while time.perf_counter() < end:
            if process.poll() is not None:
                return process.returncode
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                with contextlib.suppress(OSError):
                    os.read(master, 1 << 16)
    return process.poll()


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def p95(values: Sequence[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def bytecode_env(cache: Path, base: Mapping[str, str] | None = None) -> dict[str, str]:
    """The measured processes' environment: compiled bytecode kept in
    ``cache`` (this machine sets ``PYTHONDONTWRITEBYTECODE=1``; an installed
    wheel has its ``.pyc`` files), so only the first, untimed run compiles."""
    env = dict(os.environ if base is None else base)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(cache)
    return env


def wall(argv: Sequence[str], env: Mapping[str, str]) -> float:
    """Seconds from spawn to exit, output discarded."""
    start = time.perf_counter()
    subprocess.run(list(argv), env=dict(env), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def leftover_locks(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.lock"))
