"""SVG snapshots of Listen and Define, ja and en, at 120x40 and 80x24.

The clock is fake and the file is saved before the picture, so every run draws
the same frame. Update with ``pytest --snapshot-update`` and look at the SVGs
(``rsvg-convert x.svg -o x.png``) before committing them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.widgets import Input

from mlew_tui.app import MlewApp

from .conftest import FakeClock

Steps = Callable[..., Awaitable[None]]


def app_at(path: Path, step: str, clock: FakeClock, then: Steps | None = None) -> tuple[MlewApp, Steps]:
    app = MlewApp(path, day=1, monotonic=clock.monotonic, now=clock.now)

    async def run_before(pilot) -> None:  # noqa: ANN001
        app.workshop.goto(step)
        app.show_step()
        await pilot.pause()
        if then is not None:
            await then(pilot)
        app.save_now_blocking()
        await pilot.pause()

    return app, run_before


STEPS = ["listen.customer", "listen.reviews", "listen.grouping", "define.posts", "define.plus_one", "define.items", "define.scoring_prep"]


@pytest.mark.parametrize("step", STEPS)
@pytest.mark.parametrize("sample", ["en_sample", "ja_sample"])
def test_steps(snap_compare, request, clock, sample, step) -> None:  # noqa: ANN001
    app, run_before = app_at(request.getfixturevalue(sample), step, clock)
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


@pytest.mark.parametrize("step", ["listen.reviews", "define.items"])
def test_small_terminal(snap_compare, en_sample, clock, step) -> None:  # noqa: ANN001
    app, run_before = app_at(en_sample, step, clock)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_review_form_open_with_markup(snap_compare, en_sample, clock) -> None:  # noqa: ANN001
    async def then(pilot) -> None:  # noqa: ANN001
        await pilot.press("f2")
        pilot.app.screen.query_one("#text", Input).insert_text_at_cursor("[b]not bold[/b] [@click=app.quit]no link[/]")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("f2")
        pilot.app.screen.query_one("#text", Input).insert_text_at_cursor("Next one")
        await pilot.press("tab", "+", "tab", "a")

    app, run_before = app_at(en_sample, "listen.reviews", clock, then)
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_review_saved_the_form_waits_for_the_next_80x24(snap_compare, ja_sample, clock) -> None:  # noqa: ANN001
    """After ctrl+s the form stays open, empty, and says (in view on 80x24,
    broken the Japanese way) which review it saved."""

    async def then(pilot) -> None:  # noqa: ANN001
        await pilot.press("f2")
        pilot.app.screen.query_one("#text", Input).insert_text_at_cursor("予約が取りにくい")
        await pilot.press("ctrl+s")
        await pilot.pause()

    app, run_before = app_at(ja_sample, "listen.reviews", clock, then)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_grouping_with_marked_cards(snap_compare, ja_sample, clock) -> None:  # noqa: ANN001
    async def then(pilot) -> None:  # noqa: ANN001
        await pilot.press("space", "right", "space", "down")

    app, run_before = app_at(ja_sample, "listen.grouping", clock, then)
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_post_form(snap_compare, ja_sample, clock) -> None:  # noqa: ANN001
    async def then(pilot) -> None:  # noqa: ANN001
        await pilot.press("f2")
        await pilot.pause()
        await pilot.press(*"Great", "tab", "-", "tab", "tab", *"r1 customer", "enter")

    app, run_before = app_at(ja_sample, "define.posts", clock, then)
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_post_saved_the_form_waits_for_the_next_80x24(snap_compare, ja_sample, clock) -> None:  # noqa: ANN001
    """After ctrl+s the post form stays open, empty, the stance and the author
    kept, and says (broken the Japanese way) which post it saved."""

    async def then(pilot) -> None:  # noqa: ANN001
        await pilot.press("f2")
        await pilot.pause()
        await pilot.press(*"Great", "tab", "-", "tab", "2", "ctrl+s")
        await pilot.pause()

    app, run_before = app_at(ja_sample, "define.posts", clock, then)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_item_form_with_warning(snap_compare, en_sample, clock) -> None:  # noqa: ANN001
    async def then(pilot) -> None:  # noqa: ANN001
        await pilot.press("f2")
        await pilot.pause()
        await pilot.press(*"Gear advice", "tab", "i", "tab", "tab", "5", "tab", *"r7 r10", "enter")

    app, run_before = app_at(en_sample, "define.items", clock, then)
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)
