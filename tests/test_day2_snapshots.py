"""SVG snapshots of Day 2: allotting, the timeline, the group check, the
register step, the change view - ja and en, and 80x24. Update with
``--snapshot-update`` and look at the SVGs."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlew_tui.app import MlewApp
from mlew_tui.domain.session import Review

from .conftest import FakeClock


def app_at(path: Path, step: str, clock: FakeClock, *keys: str) -> tuple[MlewApp, object]:
    app = MlewApp(path, day=2, monotonic=clock.monotonic, now=clock.now)

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


@pytest.mark.parametrize("step", ["day2.allot", "day2.timeline", "day2.tasks", "day2.task_review", "day2.register"])
def test_ja_plan_steps(snap_compare, ja_day2_sample, clock, step) -> None:  # noqa: ANN001
    app, run_before = app_at(ja_day2_sample, step, clock)
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


@pytest.mark.parametrize("step", ["day2.timeline", "day2.register"])
def test_en_after_starting_day2(snap_compare, en_sample, clock, step) -> None:  # noqa: ANN001
    app, run_before = app_at(en_sample, step, clock)
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


@pytest.mark.parametrize("step", ["day2.timeline", "day2.task_review", "day2.register"])
def test_small_terminal(snap_compare, ja_day2_sample, clock, step) -> None:  # noqa: ANN001
    app, run_before = app_at(ja_day2_sample, step, clock)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_todo_form(snap_compare, ja_day2_sample, clock) -> None:  # noqa: ANN001
    app, run_before = app_at(ja_day2_sample, "day2.tasks", clock, "a")
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_weekly_meeting_form(snap_compare, en_sample, clock) -> None:  # noqa: ANN001
    app, run_before = app_at(en_sample, "day2.register", clock, "w")
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_change_view(snap_compare, en_sample, clock) -> None:  # noqa: ANN001
    app = MlewApp(en_sample, day=2, monotonic=clock.monotonic, now=clock.now)

    async def run_before(pilot) -> None:  # noqa: ANN001
        session = app.workshop.session
        session.reviews.append(Review(id="r99", author="maria", text="Support: 40 tickets a month ask which tent fits the trip", polarity="negative"))
        next(i for i in session.items if i.points < 5).points = 5  # raising never puts a cell above the points
        next(s for s in session.refine.steps if s.uncertain).uncertain = False
        session.milestones[0].title = "First results with 5 customers"
        app.workshop.goto("day2.timeline")
        app.show_step()
        await pilot.pause()
        app.save_now_blocking()
        await pilot.press("c")
        for _ in range(3):
            await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


# -- the re-runs: Day 1's working screens on the Day 2 copy, and Day 1 beside them --------


@pytest.mark.parametrize(("step", "presses"), [("day2.invent", ()), ("day2.invent", ("right_square_bracket",)), ("day2.listen", ())])
@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
def test_reruns(snap_compare, ja_day2_sample, clock, step, presses, size) -> None:  # noqa: ANN001
    app, run_before = app_at(ja_day2_sample, step, clock, *presses)
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
def test_day1_beside_day2(snap_compare, en_day2_sample, clock, size) -> None:  # noqa: ANN001
    app, run_before = app_at(en_day2_sample, "day2.invent", clock, "ctrl+d")
    assert snap_compare(app, terminal_size=size, run_before=run_before)
