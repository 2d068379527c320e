"""Saves never surprise (issue #16): one atomic write for every file, crash
leftovers removed at the next open, a file changed by another program never
overwritten (reload theirs or keep mine, the other kept beside it), a symlink
locked and written as the file it names, and a save failure or a lock that
cannot be made named for what it is."""

from __future__ import annotations

import errno
import os
import tomllib
from pathlib import Path

import pytest

from mlew_tui import atomic, store
from mlew_tui.app import MlewApp
from mlew_tui.forms.save_dialogs import QuestionDialog

from .conftest import FakeClock


def texts(path: Path) -> list[str]:
    return [r["text"] for r in tomllib.loads(path.read_text(encoding="utf-8"))["reviews"]]


def banner(app: MlewApp) -> str:
    return str(app.screen.query_one("#banner").render())


# -- the one atomic write ---------------------------------------------------------------


def test_write_atomic_keeps_the_mode_and_gives_a_new_file_the_usual_one(tmp_path: Path) -> None:
    target = tmp_path / "shared.md"
    assert atomic.write_atomic(target, b"one")
    assert target.stat().st_mode & 0o777 == atomic.new_file_mode()
    os.chmod(target, 0o640)
    assert atomic.write_atomic(target, b"two")
    assert (target.read_bytes(), target.stat().st_mode & 0o777) == (b"two", 0o640)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shared.md"]  # no temporary file left


def test_create_only_never_replaces(tmp_path: Path) -> None:
    target = tmp_path / "ws.day1.toml"
    assert atomic.write_atomic(target, b"first", create_only=True)
    assert not atomic.write_atomic(target, b"second", create_only=True)
    assert target.read_bytes() == b"first"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ws.day1.toml"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "ws.toml"
    target.write_bytes(b"old")

    def full(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(OSError) as caught:
        atomic.write_atomic(target, b"new")
    assert store.save_problem(caught.value) == "disk_full"
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ws.toml"]


@pytest.mark.parametrize(
    ("code", "key"),
    [
        (errno.ENOSPC, "disk_full"),
        (errno.EDQUOT, "disk_full"),
        (errno.EROFS, "read_only"),
        (errno.EACCES, "denied"),
        (errno.EPERM, "denied"),
        (errno.ENOENT, "gone"),
        (errno.EIO, "other"),
    ],
)
def test_save_problems_are_named_by_their_cause(code: int, key: str) -> None:
    assert store.save_problem(OSError(code, os.strerror(code))) == key


async def test_crash_leftovers_are_removed_at_the_next_open(en_sample: Path, clock: FakeClock) -> None:
    folder = en_sample.parent
    left = [folder / ".en.toml.mlew-tmp-k2j4h1", folder / ".en.toml.x8f2ab.tmp", folder / ".en.toml.bak.tmp", folder / ".en.toml.bak.mlew-tmp-77"]
    for path in left:
        path.write_bytes(b"half a session")
    other = folder / ".notes.txt.mlew-tmp-1"  # another file's: not ours to remove
    other.write_bytes(b"x")
    app = MlewApp(en_sample, monotonic=clock.monotonic, now=clock.now)
    async with app.run_test(size=(120, 40)):
        assert [p for p in left if p.exists()] == []
        assert other.exists()
    app.lock.release()


def test_leftovers_are_found_by_name_not_by_pattern(tmp_path: Path) -> None:
    """A session whose name holds glob characters has its leftovers found too,
    and only its own: not a folder, a link, another file's or a near name."""
    from mlew_tui.atomic import leftovers

    target = tmp_path / "w[1]*.toml"
    ours = [tmp_path / ".w[1]*.toml.mlew-tmp-ab12", tmp_path / ".w[1]*.toml.x8f2ab.tmp", tmp_path / ".w[1]*.toml..tmp"]
    for path in ours:
        path.write_bytes(b"half")
    (tmp_path / ".w[1]*.toml.tmp").write_bytes(b"not a leftover: no middle part")
    (tmp_path / ".w1.toml.mlew-tmp-ab12").write_bytes(b"another file's")
    (tmp_path / ".w[1]*.toml.mlew-tmp-dir").mkdir()
    (tmp_path / ".w[1]*.toml.mlew-tmp-link").symlink_to(ours[0])
    assert leftovers(target) == sorted(ours)
    assert leftovers(tmp_path / "missing-folder" / "s.toml") == []


async def test_a_read_only_viewer_removes_nothing(en_sample: Path, clock: FakeClock) -> None:
    holder = store.SessionLock(en_sample)
    assert holder.acquire()
    leftover = en_sample.parent / ".en.toml.mlew-tmp-writing"  # the writer's, mid-save
    leftover.write_bytes(b"...")
    app = MlewApp(en_sample, monotonic=clock.monotonic, now=clock.now)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.read_only and "another mlew has" in banner(app)
        assert leftover.exists()
    holder.release()


# -- a file changed by another program ---------------------------------------------------


def edit_behind_the_apps_back(path: Path) -> bytes:
    """An editor saves the file: a review added by hand, a comment on top."""
    text = path.read_text(encoding="utf-8").replace('text = "', 'text = "EDITED ', 1)
    data = ("# edited in vim\n" + text).encode("utf-8")
    path.write_bytes(data)
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 5_000_000_000))
    return data


async def test_an_external_edit_is_never_overwritten_and_keep_mine_keeps_theirs(en_sample: Path, clock: FakeClock) -> None:
    app = MlewApp(en_sample, monotonic=clock.monotonic, now=clock.now)
    async with app.run_test(size=(120, 40)) as pilot:
        theirs = edit_behind_the_apps_back(en_sample)
        app.apply("add_review", author=app.workshop.turn, text="mine, typed in the room", polarity="positive")
        await pilot.pause(0.8)  # an autosave tick finds the change
        assert en_sample.read_bytes() == theirs  # nothing overwritten
        assert isinstance(app.screen, QuestionDialog)
        assert "changed by another program" in str(app.screen.query_one("#question-title").render())
        await pilot.press("escape")  # decide later: still not saved, and the banner says why
        await pilot.pause(0.6)
        assert en_sample.read_bytes() == theirs
        assert "was changed by another program" in banner(app)
        app.action_save_now()  # asks again
        await pilot.pause()
        assert isinstance(app.screen, QuestionDialog)
        await pilot.press("m")
        await pilot.pause()
        kept = sorted(en_sample.parent.glob("en.toml.theirs-*.toml"))
        assert [p.name for p in kept] == ["en.toml.theirs-20261203-100000.toml"]
        assert kept[0].read_bytes() == theirs
        assert texts(en_sample)[-1] == "mine, typed in the room"
        assert not banner(app)
        app.apply("add_review", author=app.workshop.turn, text="and saving goes on", polarity="positive")
        await pilot.pause(0.8)
        assert texts(en_sample)[-1] == "and saving goes on"
    app.lock.release()


async def test_reload_theirs_keeps_mine_beside_it(en_sample: Path, clock: FakeClock) -> None:
    app = MlewApp(en_sample, monotonic=clock.monotonic, now=clock.now)
    async with app.run_test(size=(120, 40)) as pilot:
        theirs = edit_behind_the_apps_back(en_sample)
        app.apply("add_review", author=app.workshop.turn, text="mine, not lost", polarity="negative")
        await pilot.pause(0.8)
        assert isinstance(app.screen, QuestionDialog)
        await pilot.press("t")
        await pilot.pause()
        assert en_sample.read_bytes() == theirs
        assert app.workshop.session.reviews[0].text.startswith("EDITED ")
        assert "mine, not lost" not in [r.text for r in app.workshop.session.reviews]
        mine = sorted(en_sample.parent.glob("en.toml.mine-*.toml"))
        assert [p.name for p in mine] == ["en.toml.mine-20261203-100000.toml"]
        assert texts(mine[0])[-1] == "mine, not lost"
        app.apply("add_review", author=app.workshop.turn, text="on top of theirs", polarity="negative")
        await pilot.pause(0.8)
        assert texts(en_sample)[0].startswith("EDITED ") and texts(en_sample)[-1] == "on top of theirs"
    app.lock.release()


async def test_a_file_touched_but_not_changed_is_no_conflict(en_sample: Path, clock: FakeClock) -> None:
    app = MlewApp(en_sample, monotonic=clock.monotonic, now=clock.now)
    async with app.run_test(size=(120, 40)) as pilot:
        stat = en_sample.stat()
        os.utime(en_sample, ns=(stat.st_atime_ns, stat.st_mtime_ns + 7_000_000_000))  # a sync tool's touch
        app.apply("add_review", author=app.workshop.turn, text="saved as usual", polarity="positive")
        await pilot.pause(0.8)
        assert not isinstance(app.screen, QuestionDialog)
        assert texts(en_sample)[-1] == "saved as usual"
    app.lock.release()


# -- symlinks and locks ------------------------------------------------------------------------


def test_a_symlink_shares_the_lock_of_the_file_it_names_and_stays_a_link(tmp_path: Path, en_sample: Path) -> None:
    link = tmp_path / "shortcut.toml"
    link.symlink_to(en_sample)
    first = store.SessionLock(link)
    assert first.acquire()
    second = store.SessionLock(en_sample)
    assert not second.acquire()
    assert second.problem == "held"
    session = store.load(link)
    session.title = "through the link"
    assert store.save(session, link)
    assert link.is_symlink()
    assert store.load(en_sample).title == "through the link"
    first.release()


def lock_cannot_be_made(monkeypatch: pytest.MonkeyPatch, problem: OSError) -> None:
    """Opening any ``.lock`` file fails with ``problem`` (root ignores folder modes)."""
    real_open = os.open

    def refusing(path: str, flags: int, *args: int) -> int:
        if str(path).endswith(".lock"):
            raise problem
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", refusing)


def test_a_lock_that_cannot_be_made_is_not_another_mlew(en_sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lock_cannot_be_made(monkeypatch, OSError(errno.EROFS, "Read-only file system"))
    lock = store.SessionLock(en_sample)
    assert not lock.acquire()
    assert (lock.problem, lock.detail) == ("cannot_lock", "Read-only file system")


async def test_the_app_says_why_it_is_read_only(en_sample: Path, monkeypatch: pytest.MonkeyPatch, clock: FakeClock) -> None:
    lock_cannot_be_made(monkeypatch, PermissionError(errno.EACCES, "Permission denied"))
    app = MlewApp(en_sample, monotonic=clock.monotonic, now=clock.now)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.read_only
        text = banner(app)
        assert f"mlew cannot write in {en_sample.parent} (Permission denied)" in text
        assert "another mlew" not in text
