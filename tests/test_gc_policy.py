"""The collector while the room works (issue #21's spikes, mlew_tui.collector):
young objects are collected every YOUNG allocations instead of 700 (a frame of
the board made twenty collections), and the old generation - tens of
milliseconds once the board holds thousands of cards - only when nobody has
pressed a key for IDLE_S, or in any case every FULL_EVERY_S. The app leaves
the collector and the interpreter's switch interval as it found them."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from mlew_tui import collector
from mlew_tui.app import MlewApp
from mlew_tui.collector import FULL_EVERY_S, IDLE_S, full_collection_due


@settings(max_examples=300, deadline=None)
@given(
    last_full=st.floats(min_value=0, max_value=1000),
    key_before=st.floats(min_value=-100, max_value=100),
    later=st.floats(min_value=0, max_value=200),
)
def test_a_full_collection_waits_for_a_quiet_room_but_not_for_ever(last_full: float, key_before: float, later: float) -> None:
    now = last_full + later
    last_key = now - key_before
    due = full_collection_due(now, last_key, last_full)
    if later >= FULL_EVERY_S:
        assert due  # memory stays bounded, however busy the keyboard
    elif key_before < IDLE_S:
        assert not due  # someone is typing: never in their way
    else:
        assert due == (later >= IDLE_S)  # quiet: once, not on every check


async def test_the_app_sets_the_collector_after_start_up_and_leaves_it_as_it_was(en_sample: Path) -> None:
    before = gc.get_threshold(), sys.getswitchinterval()
    was_enabled = gc.isenabled()
    app = MlewApp(en_sample)
    async with app.run_test(size=(80, 24)) as pilot:
        assert not gc.isenabled()  # resting while the first screen is built
        assert sys.getswitchinterval() == collector.SWITCH_INTERVAL_S
        await pilot.pause(collector.STARTUP_PAUSE_S + 0.3)
        assert gc.isenabled()
        assert gc.get_threshold() == (collector.YOUNG, 10, collector.OLD_NEVER)
    assert (gc.get_threshold(), sys.getswitchinterval()) == before
    assert gc.isenabled() == was_enabled
