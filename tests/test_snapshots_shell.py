"""SVG snapshots of the shell's own screens, at 80x24 and 160x45, ja and en.

The clock is fake and the file is saved before the picture, so every run
draws the same frame. Update with ``pytest --snapshot-update`` and look at
the SVGs before committing them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mlew_tui.app import MlewApp

from .conftest import FakeClock

SIZES = [(80, 24), (160, 45)]


def app_at(path: Path, step: str, clock: FakeClock) -> tuple[MlewApp, object]:
    app = MlewApp(path, day=2 if step.startswith("day2.") else 1, monotonic=clock.monotonic, now=clock.now)

    async def run_before(pilot) -> None:  # noqa: ANN001
        app.workshop.goto(step)
        app.show_step()
        await pilot.pause()
        app.save_now_blocking()
        await pilot.pause()

    return app, run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("sample", ["en_sample", "ja_sample"])
def test_setup_screen(snap_compare, request, clock, sample, size) -> None:  # noqa: ANN001
    app, run_before = app_at(request.getfixturevalue(sample), "intro", clock)
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_timer_running_over(snap_compare, en_sample, clock, size) -> None:  # noqa: ANN001
    app, prepare = app_at(en_sample, "break.first", clock)

    async def run_before(pilot) -> None:  # noqa: ANN001
        await prepare(pilot)
        app.workshop.timer_command("toggle")
        clock.advance(10 * 60 + 12)
        app.screen.query_one("CountdownTimer").tick()
        app.save_now_blocking()
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_day2_allot(snap_compare, ja_sample, clock, size) -> None:  # noqa: ANN001
    app, run_before = app_at(ja_sample, "day2.allot", clock)
    assert snap_compare(app, terminal_size=size, run_before=run_before)


def test_help(snap_compare, en_sample, clock) -> None:  # noqa: ANN001
    app, prepare = app_at(en_sample, "intro", clock)

    async def run_before(pilot) -> None:  # noqa: ANN001
        await prepare(pilot)
        await pilot.press("f1")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)
