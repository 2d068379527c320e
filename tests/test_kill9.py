"""kill -9 during a burst of edits, in a real terminal, ten times.

Each run types up to 50 reviews through the form as fast as a person could
(well, faster) and kills the app with SIGKILL at a random moment. Every time
the file must parse, validate, and hold every review typed more than a
second before the kill - the autosave guarantee."""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mlew_tui import store

from .test_e2e_tmux import Terminal

# One worker runs the real-terminal tests one after another: kill -9 bursts
# starve a terminal next to them, and their timing guarantees need the CPU.
pytestmark = [pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"), pytest.mark.slow, pytest.mark.xdist_group("terminal")]

RUNS = 10
EDITS = 50
GUARANTEE_S = 1.0
#: On screen while the review form is open.
FORM_MARK = "Author:"
#: What the form says after ctrl+s saved a new review (it stays open for the next).
SAVED = re.compile(r"Saved (\S+)\. Write the next review")


def prepared(tmp_path: Path, en_sample: Path) -> Path:
    session = store.load(en_sample)
    session.progress.step = "listen.reviews"
    session.timer = type(session.timer)()
    path = tmp_path / "burst.toml"
    store.save(session, path, keep_backup=False)
    return path


@pytest.mark.parametrize("run", range(RUNS))
def test_kill_during_a_burst_loses_nothing_older_than_a_second(tmp_path: Path, en_sample: Path, run: int) -> None:
    rng = random.Random(run)
    path = prepared(tmp_path, en_sample)
    before = len(store.load(path).reviews)
    term = Terminal([sys.executable, "-m", "mlew_tui", "run", str(path), "--no-bell"], tmp_path)
    try:
        term.wait_for(lambda s: "Step 3/" in s)
        kill_after = rng.uniform(0.5, 8.0)
        start = time.monotonic()
        typed: list[tuple[str, float]] = []
        # The form opens once and stays open for review after review.
        subprocess.run([*term.tmux, "send-keys", "-t", term.name, "F2"], check=True)
        term.wait_for(lambda s: FORM_MARK in s, timeout=5)
        saved_ids: list[str] = []
        for n in range(EDITS):
            if time.monotonic() - start >= kill_after:
                break
            text = f"burst {run}-{n}"
            # Paced like a (very fast) person: the next review is typed once
            # the form has said it saved this one, and counts from then.
            subprocess.run([*term.tmux, "send-keys", "-t", term.name, "-l", text], check=True)
            subprocess.run([*term.tmux, "send-keys", "-t", term.name, "C-s"], check=True)
            screen = term.wait_for(lambda s: (found := SAVED.search(s)) is not None and found.group(1) not in saved_ids, timeout=5)
            saved_ids.append(SAVED.search(screen).group(1))  # type: ignore[union-attr]
            typed.append((text, time.monotonic()))
        killed_at = time.monotonic()
        os.kill(term.pid(), signal.SIGKILL)
    finally:
        term.close()
    session = store.load(path)  # parses and validates, or raises
    saved = {r.text for r in session.reviews}
    must_have = [text for text, at in typed if killed_at - at > GUARANTEE_S]
    missing = [text for text in must_have if text not in saved]
    assert not missing, f"lost {missing} of {len(typed)} typed; the file has {sorted(saved)}"
    # Nothing invented, nothing doubled: the file holds a prefix of what was typed.
    burst = [r.text for r in session.reviews[before:]]
    assert burst == [text for text, _ in typed[: len(burst)]]
