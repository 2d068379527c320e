"""SVG snapshots of Refine: roles, the three panels, the merged document and
the read-aloud mode (en and ja; 120x40, and 80x24 for the busiest views).

The clock is fake and the file is saved before the picture, so every run
draws the same frame. Update with ``pytest --snapshot-update`` and look at
the SVGs before committing them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mlew_tui.app import MlewApp

from .conftest import FakeClock


def app_at(path: Path, step: str, clock: FakeClock, *keys: str) -> tuple[MlewApp, object]:
    app = MlewApp(path, day=1, monotonic=clock.monotonic, now=clock.now)

    async def run_before(pilot) -> None:  # noqa: ANN001
        app.workshop.goto(step)
        app.show_step()
        await pilot.pause()
        await pilot.pause()
        if keys:
            await pilot.press(*keys)
            await pilot.pause()
        app.save_now_blocking()
        screen = app.workshop_screen
        if screen is not None:
            screen.show_save_state(app.save_state())
        await pilot.pause()

    return app, run_before


@pytest.mark.parametrize("sample", ["en_sample", "ja_sample"])
def test_roles(snap_compare, request, clock, sample) -> None:  # noqa: ANN001
    app, run_before = app_at(request.getfixturevalue(sample), "refine.roles", clock)
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


@pytest.mark.parametrize("panel", ["1", "2", "3"])
def test_work_panels(snap_compare, en_sample, clock, panel) -> None:  # noqa: ANN001
    app, run_before = app_at(en_sample, "refine.work", clock, panel)
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_work_in_japanese(snap_compare, ja_sample, clock) -> None:  # noqa: ANN001
    app, run_before = app_at(ja_sample, "refine.work", clock, "3")
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_merge(snap_compare, en_sample, clock, size) -> None:  # noqa: ANN001
    app, run_before = app_at(en_sample, "refine.merge", clock)
    assert snap_compare(app, terminal_size=size, run_before=run_before)


def test_work_small(snap_compare, en_sample, clock) -> None:  # noqa: ANN001
    app, run_before = app_at(en_sample, "refine.work", clock, "3")
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("sample", ["en_sample", "ja_sample"])
def test_read_aloud(snap_compare, request, clock, sample) -> None:  # noqa: ANN001
    app, run_before = app_at(request.getfixturevalue(sample), "refine.merge", clock, "r", "right")
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)
