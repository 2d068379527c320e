"""An unexpected exception (a bug) in a key's handler is shown in words, the
work is saved, the traceback goes to FILE.error.log and the room goes on; when
the app truly cannot go on it exits with status 1 and says why - never a
traceback, never status 0 (issue #17, part 2)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App
from typer.testing import CliRunner

from mlew_tui import store
from mlew_tui.app import MlewApp
from mlew_tui.cli import app as cli
from mlew_tui.errors import error_log_path
from mlew_tui.i18n import Translator
from mlew_tui.screens.day2_register import RegisterScreen
from mlew_tui.screens.help import HelpScreen
from mlew_tui.screens.next_step import NextStepScreen

from .conftest import FakeClock, make_app


def boom(*args: object, **kwargs: object) -> None:
    raise RuntimeError("boom <b>[red]")


def messages(app: MlewApp) -> list[str]:
    return [n.message for n in app._notifications]


async def test_a_failing_key_is_reported_the_work_saved_and_the_app_goes_on(
    en_sample: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch, expect_errors: None
) -> None:
    monkeypatch.setattr(RegisterScreen, "action_weekly", boom)
    app = make_app(en_sample, clock, day=2)
    async with app.run_test(size=(120, 40)) as pilot:
        app.apply("goto", "day2.register")
        await pilot.pause()
        app.apply("next_participant")  # unsaved work: the autosave has not run yet
        turn = app.workshop.turn
        await pilot.press("w")
        await pilot.pause()
        assert app.is_running and app.return_code is None
        assert isinstance(app.screen, RegisterScreen)
        log = error_log_path(en_sample)
        assert messages(app) == [Translator("en")("errors.recovered", error="RuntimeError: boom <b>[red]", log=str(log))]
        saved = store.load(en_sample)  # saved before the notification: nothing is lost
        assert (saved.progress.day, saved.progress.step, saved.progress.turn) == (2, "day2.register", turn)
        text = log.read_text(encoding="utf-8")
        assert "Traceback (most recent call last)" in text
        assert "RuntimeError: boom <b>[red]" in text
        assert [str(e) for e in app.errors_seen] == ["boom <b>[red]"]
        await pilot.press("r")  # the screen still takes keys
        await pilot.pause()
        assert sorted(m.milestone for m in app.workshop.session.meetings if m.kind == "executive_report") == ["m1", "m2", "m3"]
    app.lock.release()


async def test_the_error_is_in_the_ui_language(ja_sample: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch, expect_errors: None) -> None:
    monkeypatch.setattr(MlewApp, "action_next_participant", boom)
    app = make_app(ja_sample, clock, day=1)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f9")
        await pilot.pause()
        assert app.is_running
        assert messages(app) == [Translator("ja")("errors.recovered", error="RuntimeError: boom <b>[red]", log=str(error_log_path(ja_sample)))]
    app.lock.release()


async def test_a_failing_callback_after_a_dialog_is_recovered(en_sample: Path, clock: FakeClock, expect_errors: None) -> None:
    """A form's answer runs after the dialog closes (Textual's next-callbacks):
    the app recovers there too."""
    app = make_app(en_sample, clock, day=1)
    async with app.run_test(size=(120, 40)) as pilot:
        app.push_screen(HelpScreen(), boom)
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running and app.return_code is None
        assert [str(e) for e in app.errors_seen] == ["boom <b>[red]"]
        await pilot.press("f7")
        await pilot.pause()
        assert app.workshop.step.id == "test.who_what_how"  # still moving
    app.lock.release()


async def test_a_failing_message_handler_of_a_screen_is_reported_and_the_room_goes_on(
    en_sample: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch, expect_errors: None
) -> None:
    """A message a widget posts up (Enter on a list) whose screen handler
    raises: Textual would stop the screen's message loop and the app; the
    screen reports it, the work is saved, and the screen takes keys again."""
    monkeypatch.setattr(RegisterScreen, "on_option_list_option_selected", boom)
    app = make_app(en_sample, clock, day=2)
    async with app.run_test(size=(120, 40)) as pilot:
        app.apply("goto", "day2.register")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.is_running and app.return_code is None
        assert messages(app) == [Translator("en")("errors.recovered", error="RuntimeError: boom <b>[red]", log=str(error_log_path(en_sample)))]
        assert store.load(en_sample).progress.step == "day2.register"
        await pilot.press("r")  # the screen's loop still runs
        await pilot.pause()
        assert sorted(m.milestone for m in app.workshop.session.meetings if m.kind == "executive_report") == ["m1", "m2", "m3"]
    app.lock.release()


async def test_a_failing_compose_stops_the_app_with_status_1_and_the_work_saved(en_sample: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> None:
    """A screen that cannot even be built cannot go on: exit 1, after saving."""
    monkeypatch.setattr(RegisterScreen, "compose_work", boom)
    app = make_app(en_sample, clock, day=2)
    with pytest.raises(RuntimeError, match="boom"):
        async with app.run_test(size=(120, 40)) as pilot:
            app.apply("next_participant")
            app.apply("goto", "day2.register")
            await pilot.pause()
            await pilot.pause()
    assert app.return_code == 1
    assert store.load(en_sample).progress.step == "day2.register"
    assert "RuntimeError: boom" in error_log_path(en_sample).read_text(encoding="utf-8")
    app.lock.release()


def headless(monkeypatch: pytest.MonkeyPatch) -> None:
    """``mlew run`` without a terminal: the app runs headless."""
    monkeypatch.setattr(MlewApp, "run", lambda self, **kwargs: App.run(self, headless=True, size=(120, 40)))


def test_a_fatal_error_exits_the_cli_with_1_and_a_message(en_sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    headless(monkeypatch)
    monkeypatch.setattr(NextStepScreen, "compose_work", boom)  # the sample opens on Next Step
    result = CliRunner().invoke(cli, ["run", str(en_sample)])
    assert isinstance(result.exception, SystemExit)  # the CLI exits with its status, no exception escapes
    assert result.exit_code == 1
    output = " ".join(result.output.split())  # the message is wrapped to the terminal's width
    assert "mlew stopped after an unexpected error (RuntimeError: boom <b>[red])." in output
    assert "Traceback" not in result.output
    store.load(en_sample)  # the file is still a valid session


def test_a_broken_save_exits_the_cli_with_1(en_sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug in saving itself: the app cannot promise the work is kept, so it stops (status 1)."""
    headless(monkeypatch)
    original = MlewApp.on_mount

    def on_mount(self: MlewApp) -> None:
        original(self)
        self.apply("next_participant")  # something to save

    monkeypatch.setattr(MlewApp, "on_mount", on_mount)
    monkeypatch.setattr(store, "save_data", boom)
    result = CliRunner().invoke(cli, ["run", str(en_sample)])
    assert isinstance(result.exception, SystemExit)  # the CLI exits with its status, no exception escapes
    assert result.exit_code == 1
    assert "mlew stopped after an unexpected error (RuntimeError: boom <b>[red])." in " ".join(result.output.split())


async def test_a_failing_handler_in_a_form_or_a_widget_is_reported_and_it_goes_on(
    en_sample: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch, expect_errors: None
) -> None:
    """Forms (modal screens) and mlew's own widgets recover the same way: a
    bug in the item form's input handler, or in the review board's key
    handler, is reported and the form or board still works."""
    from mlew_tui.forms.item_form import ItemForm
    from mlew_tui.recovering import Recovering
    from mlew_tui.widgets.card_board import CardBoard

    assert issubclass(ItemForm, Recovering) and issubclass(CardBoard, Recovering)

    def key_boom(self: object, event: object) -> None:
        raise RuntimeError("board key boom")

    monkeypatch.setattr(CardBoard, "on_key", key_boom, raising=False)
    app = make_app(en_sample, clock, day=1)
    async with app.run_test(size=(120, 40)) as pilot:
        app.apply("goto", "listen.reviews")
        await pilot.pause()
        await pilot.press("x")  # a key the board's handler sees
        await pilot.pause()
        assert app.is_running and app.return_code is None
        assert [str(e) for e in app.errors_seen] == ["board key boom"]
        monkeypatch.undo()
        before = len(app.workshop.session.reviews)
        await pilot.press("ctrl+r", *"still works", "ctrl+s")
        await pilot.pause()
        assert len(app.workshop.session.reviews) == before + 1
    app.lock.release()
