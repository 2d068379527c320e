"""The app shell with Pilot: navigation, the timer on an injected clock,
autosave, read-only second instance, undo/redo, language switch."""

from __future__ import annotations

import tomllib
from datetime import timedelta
from pathlib import Path

import pytest

from mlew_tui.app import MlewApp
from mlew_tui.domain.timer import TimerStatus
from mlew_tui.widgets.agenda_bar import AgendaBar
from mlew_tui.widgets.countdown import CountdownTimer
from mlew_tui.widgets.keybar import KeyBar

from .conftest import FakeClock


def data(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def make_app(path: Path, clock: FakeClock, **kwargs) -> MlewApp:
    return MlewApp(path, monotonic=clock.monotonic, now=clock.now, **kwargs)


async def test_navigation_records_actual_times_and_loads_timer(en_sample: Path) -> None:
    clock = FakeClock()
    app = make_app(en_sample, clock, day=1)
    async with app.run_test(size=(120, 40)) as pilot:
        app.workshop.goto("intro")
        app.show_step()
        await pilot.pause()
        clock.advance(60)
        await pilot.press("f8")
        await pilot.pause()
        assert app.workshop.step.id == "listen.customer"
        assert app.workshop.timer.duration_s == 5 * 60
        clock.advance(120)
        await pilot.press("f8")
        await pilot.press("f7")
        await pilot.pause()
        assert app.workshop.step.id == "listen.customer"
        assert app.save_now_blocking()
    saved = data(en_sample)
    actual = saved["progress"]["actual"]
    assert actual["intro"]["ended_at"] == clock.wall - timedelta(seconds=120)
    assert "ended_at" in actual["listen.reviews"]
    assert "ended_at" not in actual["listen.customer"]  # reopened: running again
    assert saved["progress"]["step"] == "listen.customer"


async def test_timer_counts_down_warns_and_runs_over(en_sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clock = FakeClock()
    app = make_app(en_sample, clock, day=1, bell=True)
    rings: list[set[str]] = []
    async with app.run_test(size=(120, 40)) as pilot:
        monkeypatch.setattr(app, "bell", lambda: rings.append(set()))
        app.workshop.goto("listen.reviews")
        app.show_step()
        await pilot.pause()
        await pilot.press("f5")
        widget = app.screen.query_one(CountdownTimer)
        clock.advance(4 * 60 + 1)
        widget.tick()
        await pilot.pause()
        assert app.workshop.timer.status is TimerStatus.WARNING
        assert widget.has_class("-warning")
        clock.advance(65)
        widget.tick()
        await pilot.pause()
        assert app.workshop.timer.text == "+00:06"
        assert widget.has_class("-expired")
        state = widget.query_one("#state").render()
        assert "Time is up" in str(state)
        assert len(rings) == 2  # one minute left, zero
        widget.tick()
        assert len(rings) == 2


async def test_running_timer_survives_a_reopen(en_sample: Path) -> None:
    clock = FakeClock()
    app = make_app(en_sample, clock, day=1)
    async with app.run_test() as pilot:
        app.workshop.goto("define.plus_one")
        app.show_step()
        await pilot.press("f5")
        clock.advance(100)
        assert app.save_now_blocking()
    app.lock.release()
    clock.advance(50)  # the app was closed for 50 s
    again = make_app(en_sample, clock)
    async with again.run_test():
        assert again.workshop.step.id == "define.plus_one"
        assert again.workshop.timer.running
        assert again.workshop.timer.remaining == pytest.approx(15 * 60 - 150)
    again.lock.release()


@pytest.mark.slow
async def test_review_is_on_disk_within_a_second(en_sample: Path) -> None:
    app = MlewApp(en_sample, day=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"Add review")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press(*"Too many pop-ups at checkout", "tab", "-", "tab", "a")
        await pilot.press("ctrl+s")
        await pilot.pause(1.0)
        saved = data(en_sample)
        review = saved["reviews"][-1]
        assert review["text"] == "Too many pop-ups at checkout"
        assert review["polarity"] == "negative"
        assert review["basis"] == "assumption"
        assert review["author"] == app.workshop.turn
        assert saved["progress"]["step"] == "listen.reviews"


async def test_undo_and_redo_a_review(en_sample: Path) -> None:
    app = MlewApp(en_sample, day=1)
    async with app.run_test() as pilot:
        before = len(app.workshop.session.reviews)
        app.apply("add_review", author=app.workshop.turn, text="[b]not bold[/b]", polarity="positive")
        await pilot.press("ctrl+z")
        assert len(app.workshop.session.reviews) == before
        await pilot.press("ctrl+y")
        assert app.workshop.session.reviews[-1].text == "[b]not bold[/b]"
        assert app.save_now_blocking()
    assert data(en_sample)["reviews"][-1]["text"] == "[b]not bold[/b]"


async def test_second_instance_is_read_only(en_sample: Path) -> None:
    first = MlewApp(en_sample)
    try:
        second = MlewApp(en_sample)
        assert not first.read_only and second.read_only
        before = en_sample.read_bytes()
        async with second.run_test() as pilot:
            banner = second.screen.query_one("#banner")
            assert "READ-ONLY" in str(banner.render())
            await pilot.press("f8", "f9")
            await pilot.pause(0.5)
            assert not second.save_now_blocking()
        assert en_sample.read_bytes() == before
    finally:
        first.lock.release()


async def test_switch_language_changes_the_screen_and_the_file(en_sample: Path) -> None:
    app = MlewApp(en_sample)
    async with app.run_test(size=(120, 40)) as pilot:
        assert "Next step" in str(app.screen.query_one(KeyBar).render())
        await pilot.press("f10")
        await pilot.pause()
        keys = str(app.screen.query_one(KeyBar).render())
        assert "次のステップ" in keys
        assert "ステップ" in str(app.screen.query_one(AgendaBar).render())
        assert app.save_now_blocking()
    assert data(en_sample)["language"] == "ja"


async def test_next_participant_rotates_the_turn(ja_sample: Path) -> None:
    app = MlewApp(ja_sample)
    async with app.run_test() as pilot:
        people = [p.id for p in app.workshop.session.participants]
        start = app.workshop.turn
        for _ in people:
            await pilot.press("f9")
        assert app.workshop.turn == start
        await pilot.press("f9")
        assert app.workshop.turn == people[(people.index(start) + 1) % len(people)]
        name = app.workshop.session.participant(app.workshop.turn).name
        assert name in str(app.screen.query_one("#turn").render())


async def test_invent_cycle_switches_from_sharing_to_scoring(en_sample: Path, clock: FakeClock) -> None:
    app = make_app(en_sample, clock, day=1)
    async with app.run_test(size=(120, 40)) as pilot:
        app.workshop.goto("invent.cases")
        app.show_step()
        await pilot.press("f5")
        widget = app.screen.query_one(CountdownTimer)
        first = app.workshop.session.cases[0].name
        widget.tick()
        caption = str(widget.query_one("#caption").render())
        assert f"Case 1/{len(app.workshop.session.cases)}" in caption and "sharing" in caption and first in caption
        clock.advance(4 * 60 + 5)
        widget.tick()
        caption = str(widget.query_one("#caption").render())
        assert "scoring" in caption and app.workshop.timer.text == "00:55"
        clock.advance(60)
        widget.tick()
        assert "Case 2/" in str(widget.query_one("#caption").render())
        assert app.save_now_blocking()
    timer = data(en_sample)["timer"]
    assert timer["cycle_index"] == 1 and timer["cycle_part"] == "share"


async def test_no_bell_and_an_expired_timer_reopened_stays_quiet(en_sample: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> None:
    rings: list[int] = []
    app = make_app(en_sample, clock, day=1, bell=False)
    async with app.run_test() as pilot:
        monkeypatch.setattr(app, "bell", lambda: rings.append(1))
        app.workshop.goto("listen.customer")
        app.show_step()
        await pilot.press("f5")
        clock.advance(6 * 60)  # past the 5 min
        app.screen.query_one(CountdownTimer).tick()
        assert rings == []  # --no-bell
        await pilot.press("f11")  # bell back on
        assert app.bell_on
        assert app.save_now_blocking()
    app.lock.release()
    again = make_app(en_sample, clock)
    async with again.run_test() as pilot:
        monkeypatch.setattr(again, "bell", lambda: rings.append(1))
        assert again.workshop.timer.status is TimerStatus.EXPIRED
        again.screen.query_one(CountdownTimer).tick()
        await pilot.pause()
        assert rings == []
    again.lock.release()


@pytest.mark.slow
async def test_undo_reaches_back_a_hundred_changes(en_sample: Path) -> None:
    app = MlewApp(en_sample, day=1)
    async with app.run_test() as pilot:
        before = len(app.workshop.session.reviews)
        for n in range(120):
            app.apply("add_review", author=app.workshop.turn, text=f"review {n}", polarity="negative")
        for _ in range(120):
            await pilot.press("ctrl+z")
        assert len(app.workshop.session.reviews) == before
        for _ in range(120):
            app.action_redo()
        assert len(app.workshop.session.reviews) == before + 120


async def test_help_lists_every_binding_in_the_ui_language(ja_sample: Path) -> None:
    app = MlewApp(ja_sample)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        text = app.export_screenshot()  # what the room sees, as SVG text
        for binding_id in ("next_step", "next_participant", "timer_toggle", "undo", "save_now"):
            assert app.tr(f"key.{binding_id}") in text
        assert "次のステップ" in text
        await pilot.press("escape")
        assert not isinstance(app.screen, type(None)) and app.workshop_screen is not None


async def test_allotting_minutes_on_day_2(ja_day2_sample: Path) -> None:
    app = MlewApp(ja_day2_sample)
    async with app.run_test(size=(120, 40)) as pilot:
        app.workshop.goto("day2.allot")
        app.show_step()
        await pilot.pause()
        app.screen.query_one("#allot").focus()
        await pilot.press("down", "plus", "plus", "minus")  # define: +5 +5 -5
        await pilot.pause()
        assert app.workshop.session.day2.allotted_min["define"] == 5
        total = str(app.screen.query_one("#allot-total").render())
        assert "配分 85 / 110 分" in total
        await pilot.press("f8")
        assert app.workshop.step.id == "day2.listen"
        assert app.save_now_blocking()
    assert data(ja_day2_sample)["day2"]["allotted_min"] == {"listen": 30, "define": 5, "invent": 50}


#: Every command-palette title of DESIGN.md -> the id of its key binding.
PALETTE_KEYS = {
    "Next step": "next_step",
    "Previous step": "previous_step",
    "Start or pause timer": "timer_toggle",
    "Add one minute": "timer_add",
    "Subtract one minute": "timer_subtract",
    "Reset timer": "timer_reset",
    "Next participant": "next_participant",
    "Add review": "add_review",
    "Add post": "add_post",
    "Add item": "add_item",
    "Add case": "add_case",
    "Roll the die": "roll_die",
    "Undo": "undo",
    "Redo": "redo",
    "Save now": "save_now",
    "Export Markdown": "export_markdown",
    "Switch language": "switch_language",
    "Help": "help",
    "Go to <phase>": "goto",
}


def test_every_palette_command_has_a_key() -> None:
    from mlew_tui.commands import COMMANDS
    from mlew_tui.i18n import catalog

    bindings = {b.id: b for b in MlewApp.BINDINGS if getattr(b, "id", None)}
    assert set(PALETTE_KEYS.values()) <= bindings.keys()
    actions = dict(COMMANDS)
    for title, binding_id in PALETTE_KEYS.items():
        if binding_id != "goto":  # the palette's command runs the binding's action
            assert actions[binding_id] == bindings[binding_id].action, title
        for lang in ("en", "ja"):
            assert f"key.{binding_id}" in catalog(lang), (lang, binding_id)
    keys = [k for b in MlewApp.BINDINGS for k in b.key.split(",")]
    assert len(keys) == len(set(keys)), "a key bound twice"


@pytest.mark.slow
async def test_command_keys_do_what_the_palette_does(en_sample: Path, clock: FakeClock) -> None:
    from textual.widgets import Input

    from mlew_tui.forms.case_form import CaseForm
    from mlew_tui.forms.item_form import ItemForm
    from mlew_tui.forms.post_form import PostForm
    from mlew_tui.forms.review_form import ReviewForm
    from mlew_tui.screens.goto import GotoScreen

    app = make_app(en_sample, clock, day=1)
    async with app.run_test(size=(120, 40)) as pilot:
        for key, step, form in (("ctrl+o", "define.posts", PostForm), ("ctrl+n", "define.items", ItemForm), ("ctrl+t", "invent.cases", CaseForm)):
            await pilot.press(key)
            await pilot.pause(0.2)
            assert app.workshop.step.id == step, key
            assert isinstance(app.screen, form), key
            await pilot.press("escape")
            await pilot.pause()
        await pilot.press("ctrl+r")
        await pilot.pause(0.2)
        assert app.workshop.step.id == "listen.reviews"
        assert app.screen.query_one(ReviewForm).display
        assert app.screen.query_one("#text", Input).has_focus
        await pilot.press("escape")
        # ctrl+g lists the day's phases by number; 4 is Invent on Day 1
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, GotoScreen)
        assert "4  Invent" in app.screen.query_one("#goto-phases").render().plain
        await pilot.press("4")
        await pilot.pause()
        assert app.workshop.step.id == "invent.growth_cycle"
        await pilot.press("ctrl+g", "escape")
        await pilot.pause()
        assert app.workshop.step.id == "invent.growth_cycle"
        await pilot.press("ctrl+l")
        await pilot.pause(0.2)
        assert app.workshop.step.id == "invent.vote"
        await pilot.press("ctrl+f")
        await pilot.pause()
    assert en_sample.with_suffix(".md").is_file()
    app.lock.release()


async def test_keys_that_leave_the_step_wait_while_a_dialog_is_open(en_sample: Path, clock: FakeClock) -> None:
    from mlew_tui.forms.post_form import PostForm

    app = make_app(en_sample, clock, day=1)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+o")
        await pilot.pause(0.2)
        assert isinstance(app.screen, PostForm)
        for key in ("ctrl+r", "f8", "f7", "ctrl+g", "ctrl+l", "f2"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, PostForm), key
            assert app.workshop.step.id == "define.posts", key
        await pilot.press("escape", "f8")
        await pilot.pause()
        assert app.workshop.step.id == "define.plus_one"
    app.lock.release()
