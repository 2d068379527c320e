"""The pty launch benchmark's parsing and counting (issue #21): no timing asserts."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.__main__ import GROUPS, main
from benchmarks.pty_launch import ALT_SCREEN, FrameFinder, Launch, Read, bursts, bytecode_env, p95, strip_escapes


def test_escapes_are_stripped_from_the_text() -> None:
    stream = b"\x1b[?1049h\x1b[1;1H\x1b[38;2;255;0;0mReview\x1b[0m 1\x1b]0;title\x07\x1b=\x1b7 \xe3\x83\xac\r\n"
    assert strip_escapes(stream) == "Review 1 レ\n"


def test_the_first_frame_is_the_read_that_completes_the_marker_after_the_alternate_screen() -> None:
    finder = FrameFinder("Review 1")
    assert finder.feed(b"Review 1 before the screen is set up") is False  # not on the alternate screen yet
    assert finder.feed(ALT_SCREEN + b"\x1b[2;3HRev") is False
    assert finder.feed(b"iew\x1b[1m 1") is True  # split across reads and by a style change


def test_an_escape_split_across_reads_still_strips() -> None:
    finder = FrameFinder("AB")
    assert finder.feed(ALT_SCREEN + b"A\x1b[3") is False
    assert finder.feed(b"8;5;1mB") is True


def test_reads_close_together_are_one_burst() -> None:
    reads = [Read(0.100, 10), Read(0.102, 20), Read(0.106, 5), Read(0.200, 7), Read(0.2049, 1)]
    assert [(b.start, b.end, b.size) for b in bursts(reads, gap=0.005)] == [(0.100, 0.106, 35), (0.200, 0.2049, 8)]


def _launch(reads: list[Read], first: float) -> Launch:
    return Launch(reads=reads, first_frame=first, first_frame_read=0)


def test_full_repaints_are_bursts_of_at_least_half_the_first_frame() -> None:
    reads = [Read(0.0, 13), Read(0.5, 30_000), Read(0.501, 2_000), Read(0.53, 67_000), Read(0.6, 16_000), Read(0.8, 15_999), Read(1.0, 244)]
    launch = _launch(reads, 0.501)  # the first frame's burst: 32,000 bytes
    assert launch.first_burst() is not None
    assert launch.first_burst().size == 32_000  # type: ignore[union-attr]
    assert launch.repaints_after_first() == 2  # 67,000 and 16,000; not 15,999 nor 244
    assert launch.bytes_between(0.7, 1.5) == 15_999 + 244


def test_no_first_frame_counts_nothing() -> None:
    launch = Launch(reads=[Read(0.1, 100)])
    assert launch.first_burst() is None
    assert launch.repaints_after_first() == 0


def test_p95_is_a_sample() -> None:
    assert p95([5.0, 1.0, 3.0, 2.0, 4.0]) == 5.0
    assert p95([float(n) for n in range(1, 21)]) == 19.0


def test_measured_processes_may_write_their_bytecode_to_the_cache(tmp_path: Path) -> None:
    env = bytecode_env(tmp_path, {"PYTHONDONTWRITEBYTECODE": "1", "PATH": "/bin"})
    assert env == {"PATH": "/bin", "PYTHONPYCACHEPREFIX": str(tmp_path)}


def test_list_names_every_group(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--list"]) == 0
    assert capsys.readouterr().out.split() == list(GROUPS)
