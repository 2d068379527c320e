"""Test/Iterate at the keyboard (Pilot): the three milestones appear with the
deck's questions, Who / What / How / due are edited in the grid, m1 due more
than 3 months after the workshop is flagged in words, the EC example shows."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from rich.console import Console

from mlew_tui import store
from mlew_tui.app import MlewApp
from mlew_tui.domain.diagnostics import diagnose
from mlew_tui.widgets.milestone_grid import MilestoneGrid

from .conftest import FakeClock
from .test_refine_app import goto, make_app, saved, screen_text


def grid_text(app: MlewApp) -> str:
    """The grid as plain text, wide enough that no cell wraps."""
    console = Console(width=400, record=True, file=io.StringIO())
    console.print(app.screen.query_one(MilestoneGrid).render())
    return console.export_text()


def without_milestones(path: Path) -> None:
    session = store.load(path)
    session.milestones = []
    store.save(session, path)


async def test_entering_creates_the_three_milestones(en_sample: Path, clock: FakeClock) -> None:
    without_milestones(en_sample)
    app = make_app(en_sample, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(app, pilot, "test.milestones")
        assert isinstance(app.focused, MilestoneGrid)
        assert app.save_now_blocking()
        titles = [(m["id"], m["title"]) for m in saved(en_sample)["milestones"]]
        assert titles == [
            ("m1", "Is the customer experience improved?"),
            ("m2", "Does more usage bring more profit?"),
            ("m3", "Does model improvement improve the experience?"),
        ]
        grid = grid_text(app)
        assert grid.count("[missing]") == 12 and grid.count("4 missing") == 3
        assert "due by 2027-03-03" in screen_text(app)
    app.lock.release()


@pytest.mark.slow
async def test_who_what_how_and_due_edited_in_the_grid(en_sample: Path, clock: FakeClock) -> None:
    without_milestones(en_sample)
    app = make_app(en_sample, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(app, pilot, "test.who_what_how")
        await pilot.press("enter")  # m1, Who
        await pilot.pause()
        await pilot.press(*"30 new customers", "enter")
        await pilot.pause()
        await pilot.press("right", "enter")  # What
        await pilot.pause()
        await pilot.press(*"[b]the suggestions[/b]", "enter")
        await pilot.pause()
        await pilot.press("right", "enter")  # How: a paragraph, ctrl+s saves
        await pilot.pause()
        await pilot.press(*"survey, mean >= 4.5", "ctrl+s")
        await pilot.pause()
        await pilot.press("right", "enter")  # Due
        await pilot.pause()
        await pilot.press(*"2027-02-26", "enter")
        await pilot.pause()
        m1 = app.workshop.session.milestones[0]
        assert (m1.who, m1.what, m1.how, m1.due.isoformat() if m1.due else "") == (
            "30 new customers",
            "[b]the suggestions[/b]",
            "survey, mean >= 4.5",
            "2027-02-26",
        )
        grid = grid_text(app)
        assert "[b]the suggestions[/b]" in grid
        assert "✓ complete" in grid and grid.count("4 missing") == 2
        await pilot.press("down", "delete")  # m2's due was empty; clearing is harmless
        await pilot.press("up", "left", "delete")  # clear m1's How
        assert m1.how == ""
        await pilot.pause()
        assert "survey, mean >= 4.5" not in grid_text(app)
        assert app.save_now_blocking()
        assert saved(en_sample)["milestones"][0]["how"] == ""
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert m1.how == "survey, mean >= 4.5"
        assert "survey, mean >= 4.5" in grid_text(app)  # the grid follows the undo
        assert app.save_now_blocking()
        assert saved(en_sample)["milestones"][0]["how"] == "survey, mean >= 4.5"
        assert saved(en_sample)["milestones"][0]["due"].isoformat() == "2027-02-26"
    app.lock.release()


async def test_a_late_m1_is_flagged_and_a_bad_date_refused(en_sample: Path, clock: FakeClock) -> None:
    app = make_app(en_sample, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(app, pilot, "test.who_what_how")
        await pilot.press("right", "right", "right", "enter")  # m1 due
        await pilot.pause()
        await pilot.press("ctrl+a", "ctrl+k", *"soon", "enter")
        await pilot.pause()
        error = str(app.screen.query_one("#error").render())
        assert '"soon" is not a date' in error
        await pilot.press("ctrl+a", "ctrl+k", *"2027-04-15", "enter")
        await pilot.pause()
        assert app.workshop.session.milestones[0].due == date(2027, 4, 15)
        grid = grid_text(app)
        assert "[late:" in grid and "months]" in grid and "2027-04-15" in grid
        assert "! m1 is due more than 3 months after the workshop" in grid
        keys = [r.key for d in diagnose(app.workshop.session) for r in d.reasons]
        assert "diag.test_iterate.m1_late" in keys
    app.lock.release()


async def test_the_ec_example_is_a_hint(ja_sample: Path, clock: FakeClock) -> None:
    app = make_app(ja_sample, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(app, pilot, "test.who_what_how")
        assert not app.screen.query_one("#example").display
        await pilot.press("e")
        await pilot.pause()
        example = str(app.screen.query_one("#example").render())
        assert "会員登録して 3 カ月以内の顧客 30 名" in example and "統計検定で、モデルの方が有意に良いか" in example
        await pilot.press("e")
        assert not app.screen.query_one("#example").display
    app.lock.release()


async def test_milestones_in_a_session_without_a_date(tmp_path: Path, clock: FakeClock) -> None:
    path = tmp_path / "s.toml"
    path.write_text('format = "mlew-session"\nschema_version = 1\ntitle = "T"\nlanguage = "en"\n', encoding="utf-8")
    app = MlewApp(path, day=1, monotonic=clock.monotonic, now=clock.now)
    async with app.run_test(size=(80, 24)) as pilot:
        await goto(app, pilot, "test.milestones")
        assert [m.id for m in app.workshop.session.milestones] == ["m1", "m2", "m3"]
        assert "due by" not in screen_text(app)
    app.lock.release()
