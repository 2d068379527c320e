"""A countdown that is not running never repaints its digits (issue #21: a
stopped timer rewrote the same digits five times a second)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Digits

from mlew_tui.domain.timer import TimerStatus
from mlew_tui.widgets.countdown import CountdownTimer

from .conftest import FakeClock, make_app


async def test_a_stopped_countdown_repaints_nothing_and_a_running_one_its_seconds(en_sample: Path, clock: FakeClock) -> None:
    app = make_app(en_sample, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        timer = app.screen.query_one(CountdownTimer)
        digits = timer.query_one("#digits", Digits)
        assert app.workshop.timer.status is not TimerStatus.RUNNING
        refreshed: list[bool] = []
        original = digits.refresh
        digits.refresh = lambda *a, **k: (refreshed.append(True), original(*a, **k))[1]  # type: ignore[method-assign]
        for _ in range(10):
            timer.tick()
        assert refreshed == []

        await pilot.press("f5")  # start: the digits follow the seconds
        await pilot.pause()
        shown = digits.value
        clock.advance(2)
        timer.tick()
        assert digits.value != shown
        assert refreshed
        app.lock.release()
