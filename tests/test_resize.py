"""The terminal resized between 80x24 and 200x60 while a timer runs: the app
keeps counting, and the timer, the step and the turn stay on screen."""

from __future__ import annotations

from pathlib import Path

from mlew_tui.app import MlewApp
from mlew_tui.widgets.countdown import CountdownTimer

from .conftest import FakeClock

SIZES = [(80, 24), (200, 60), (120, 40), (80, 24), (160, 45), (200, 60), (80, 24)]


async def test_resizing_while_the_timer_runs(en_sample: Path, clock: FakeClock) -> None:
    app = MlewApp(en_sample, day=1, monotonic=clock.monotonic, now=clock.now)
    async with app.run_test(size=(120, 40)) as pilot:
        for step in ("listen.reviews", "invent.cases", "refine.work"):
            app.workshop.goto(step)
            app.show_step()
            await pilot.press("f5")  # running
            for width, height in SIZES:
                await pilot.resize_terminal(width, height)
                clock.advance(7)
                timer = app.screen.query_one(CountdownTimer)
                timer.tick()
                await pilot.pause()
                assert app.is_running
                assert app.workshop.timer.running
                region = timer.region
                assert region.width > 0 and region.height >= 4, (step, width, height, region)
                assert region.right <= width and region.bottom <= height
                turn = app.screen.query_one("#turn").region
                assert turn.height > 0 and turn.bottom <= height, (step, width, height, turn)
                screen = app.export_screenshot()
                assert "Step&#160;" in screen  # "Step i/n" of the agenda bar (SVG spaces)
        assert app.save_now_blocking()
