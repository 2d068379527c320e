"""Quitting never surprises (issue #16): opening and quitting without a
change leaves the file byte for byte; ctrl+q while the last changes cannot be
written asks (retry, save a copy elsewhere, quit without saving, stay) and
never quits silently."""

from __future__ import annotations

import errno
import os
import tomllib
from pathlib import Path

import pytest

from mlew_tui import store
from mlew_tui.app import MlewApp
from mlew_tui.forms.save_dialogs import QuestionDialog, SaveCopyForm

from .conftest import FakeClock


def review_texts(path: Path) -> list[str]:
    return [r["text"] for r in tomllib.loads(path.read_text(encoding="utf-8"))["reviews"]]


def failing_disk(monkeypatch: pytest.MonkeyPatch, session: Path) -> dict[str, bool]:
    """Writes to ``session`` fail with ENOSPC while the switch is on."""
    real_write = store.write_text
    state = {"on": True}

    def write(path: Path, text: str, *, keep_backup: bool = True) -> bool:
        if state["on"] and Path(path) == session:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(path, text, keep_backup=keep_backup)

    monkeypatch.setattr(store, "write_text", write)
    return state


@pytest.mark.parametrize("day", [None, 1])
async def test_open_and_quit_without_a_change_never_writes(tmp_path: Path, en_sample: Path, clock: FakeClock, day: int | None) -> None:
    path = tmp_path / "room.toml"
    # a hand-written file: a comment and its own key order, which a rewrite would lose
    path.write_bytes(b"# kept by hand\n" + en_sample.read_bytes())
    before, stat = path.read_bytes(), path.stat()
    app = MlewApp(path, day=day, monotonic=clock.monotonic, now=clock.now)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.6)  # an autosave tick or two
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert path.read_bytes() == before
    assert path.stat().st_mtime_ns == stat.st_mtime_ns
    assert not (tmp_path / "room.toml.bak").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["en.toml", "room.toml"]  # no backup, lock, temp or drafts left


async def test_ctrl_q_with_a_failing_save_asks_and_retry_saves(en_sample: Path, monkeypatch: pytest.MonkeyPatch, clock: FakeClock) -> None:
    disk = failing_disk(monkeypatch, en_sample)
    app = MlewApp(en_sample, monotonic=clock.monotonic, now=clock.now)
    async with app.run_test(size=(120, 40)) as pilot:
        app.apply("add_review", author=app.workshop.turn, text="only in memory", polarity="negative")
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.is_running
        assert isinstance(app.screen, QuestionDialog)
        question = str(app.screen.query_one("#question-text").render())
        assert "No space left on device" in question and str(en_sample) in question
        await pilot.press("escape")  # stay
        await pilot.pause()
        assert app.is_running and not isinstance(app.screen, QuestionDialog)
        await pilot.press("ctrl+q")
        await pilot.pause()
        disk["on"] = False  # space is freed
        await pilot.press("r")
        await pilot.pause()
    assert app.return_code == 0
    assert review_texts(en_sample)[-1] == "only in memory"


async def test_quit_without_saving_is_a_choice_the_user_makes(en_sample: Path, monkeypatch: pytest.MonkeyPatch, clock: FakeClock) -> None:
    failing_disk(monkeypatch, en_sample)
    before = en_sample.read_bytes()
    app = MlewApp(en_sample, monotonic=clock.monotonic, now=clock.now)
    async with app.run_test(size=(120, 40)) as pilot:
        app.apply("add_review", author=app.workshop.turn, text="let go", polarity="negative")
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
    assert en_sample.read_bytes() == before
    assert not (en_sample.parent / (en_sample.name + ".lock")).exists()


async def test_save_a_copy_elsewhere_then_quit(en_sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: FakeClock) -> None:
    failing_disk(monkeypatch, en_sample)
    monkeypatch.setenv("HOME", str(tmp_path))
    before = en_sample.read_bytes()
    app = MlewApp(en_sample, monotonic=clock.monotonic, now=clock.now)
    async with app.run_test(size=(120, 40)) as pilot:
        app.apply("add_review", author=app.workshop.turn, text="rescued in a copy", polarity="positive")
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, SaveCopyForm)
        field = app.screen.query_one("#copy-path")
        field.value = str(en_sample)  # the session itself is refused
        await pilot.press("enter")
        await pilot.pause()
        assert "session file itself" in str(app.screen.query_one("#copy-error").render())
        field.value = str(tmp_path / "nowhere" / "copy.toml")
        await pilot.press("enter")
        await pilot.pause()
        assert "There is no folder" in str(app.screen.query_one("#copy-error").render())
        field.value = str(tmp_path / "copy.toml")
        await pilot.press("enter")
        await pilot.pause()
    assert app.return_code == 0
    assert en_sample.read_bytes() == before
    assert review_texts(tmp_path / "copy.toml")[-1] == "rescued in a copy"
    assert store.load(tmp_path / "copy.toml").title == store.load(en_sample).title
    assert oct(os.stat(tmp_path / "copy.toml").st_mode & 0o777) != "0o0"
