"""The autosave writes in the room's pauses (issue #21): a change is written
once changes have paused for a moment, and in any case within half a second
of the oldest unsaved one - so a room typing or scoring without a break has
its work on disk twice a second, not under every other key, and every change
is still on disk well inside the 1 s guarantee."""

from __future__ import annotations

import asyncio
import time
import tomllib
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from mlew_tui import app as app_module
from mlew_tui.app import SAVE_AT_MOST_S, SAVE_PAUSE_S, MlewApp, save_due

moments = st.floats(0, 100, allow_nan=False)


@given(moments, moments, moments)
def test_due_once_changes_pause_or_the_oldest_has_waited_long_enough(now: float, unsaved_since: float, changed_at: float) -> None:
    unsaved_since, changed_at = min(unsaved_since, changed_at, now), min(changed_at, now)
    due = save_due(now, unsaved_since, changed_at)
    if now - unsaved_since >= SAVE_AT_MOST_S:
        assert due  # never later than that: the 1 s guarantee
    elif now - changed_at < SAVE_PAUSE_S:
        assert not due  # the room is still typing: not under its keys
    else:
        assert due  # a pause


def test_the_bounds_keep_the_guarantee() -> None:
    # the oldest change waits at most SAVE_AT_MOST_S, seen up to a look late, plus the look that writes it
    assert SAVE_AT_MOST_S + 2 * app_module.AUTOSAVE_S <= 0.75


async def test_a_stream_of_changes_is_written_twice_a_second_and_every_change_within_one(en_sample: Path) -> None:
    app = MlewApp(en_sample, day=1)
    writes: list[tuple[float, int]] = []  # (when the snapshot was taken, its revision)
    take = app.workshop.snapshot

    def snapshot() -> dict:
        writes.append((time.monotonic(), app.workshop.revision))
        return take()

    app.workshop.snapshot = snapshot  # type: ignore[method-assign]
    changes: list[tuple[float, int]] = []
    async with app.run_test() as pilot:
        await pilot.pause(0.3)
        start = time.monotonic()
        n = 0
        while time.monotonic() - start < 2.0:  # a change every 40 ms for two seconds
            app.apply("add_review", author=app.workshop.turn, text=f"Stream review {n}", polarity="negative")
            changes.append((time.monotonic(), app.workshop.revision))
            n += 1
            await asyncio.sleep(0.04)
        during = [w for w in writes if start <= w[0] <= changes[-1][0]]
        await pilot.pause(0.6)  # the pause after the stream: written at once
        assert app.workshop.revision == app._saved_revision
    # written about twice a second while the changes kept coming (every 0.1 s before)
    assert 2 <= len(during) <= 6, [round(w[0] - start, 2) for w in writes]
    # every change was in a snapshot taken within a second of it
    for at, revision in changes:
        assert any(w_rev >= revision and w_at - at <= 1.0 for w_at, w_rev in writes), (revision, round(at - start, 2))
    saved = tomllib.loads(en_sample.read_text(encoding="utf-8"))
    assert [r["text"] for r in saved["reviews"]][-n:] == [f"Stream review {i}" for i in range(n)]
