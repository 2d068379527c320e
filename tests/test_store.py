"""The store: save/load, backups, atomic writes, refusing bad sessions, the lock."""

from __future__ import annotations

import difflib
import os
import signal
import subprocess
import sys
import textwrap
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from mlew_tui import store
from mlew_tui.domain.session import Case, Item, Meeting, Milestone, Participant, Review, Session, Todo, new_session
from mlew_tui.store import SessionLock, StoreError, backup_path, load, save

JST = timezone(timedelta(hours=9))


def make_session() -> Session:
    return new_session(
        "テスト Workshop",
        "ja",
        workshop_date=date(2026, 12, 3),
        participants=[Participant(id="sato", name="佐藤", role="pm"), Participant(id="ben", name="Ben", role="developer")],
        reviews=[
            Review(id="r1", author="sato", text="予約が取れない 😢\n二行目 [b]x[/b]", polarity="negative"),
            Review(id="r2", author="ben", text='Teachers are "great" \\o/', polarity="positive", basis="assumption"),
        ],
        items=[Item(id="i1", kind="issue", title="予約", owner="sato", points=5, reviews=["r1"])],
        cases=[Case(id="c1", name="Calendar", presenter="ben")],
        scores={"sato": {"c1": {"i1": 2.5}}},
        milestones=[Milestone(id="m1", title="PoC", due=date(2027, 1, 31))],
        meetings=[Meeting(kind="progress", title="定例", start=datetime(2026, 12, 17, 10, tzinfo=JST), weekly_until=date(2027, 3, 31))],
    )


def leftovers(folder: Path, name: str) -> list[str]:
    """Files in ``folder`` other than ``name`` and its backup and lock."""
    keep = {name, name + ".bak", name + ".lock"}
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


def test_save_then_load_equals(tmp_path: Path) -> None:
    session = make_session()
    path = tmp_path / "s.toml"
    assert save(session, path) is True
    assert load(path) == session
    assert load(path).model_dump() == session.model_dump()


def test_save_load_save_is_stable(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    save(make_session(), path)
    first = path.read_bytes()
    assert save(load(path), path) is False
    assert path.read_bytes() == first


def test_saved_file_is_utf8_with_readable_cjk(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    save(make_session(), path)
    text = path.read_bytes().decode("utf-8")
    assert "佐藤" in text and "😢" in text  # not \\u escapes: a human edits this file
    assert text.startswith('format = "mlew-session"\nschema_version = 1\n')


def test_saving_unchanged_returns_false_and_does_not_touch_the_file(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    session = make_session()
    assert save(session, path) is True
    before = path.stat()
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    assert save(session, path) is False
    after = path.stat()
    assert after.st_ino == before.st_ino
    assert after.st_mtime_ns == 1_000_000_000
    assert not backup_path(path).exists()
    assert leftovers(tmp_path, "s.toml") == []


def test_backup_holds_the_previous_version(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    session = make_session()
    save(session, path)
    first = path.read_bytes()
    assert not backup_path(path).exists()
    session.title = "Changed"
    assert save(session, path) is True
    assert backup_path(path) == tmp_path / "s.toml.bak"
    assert backup_path(path).read_bytes() == first
    second = path.read_bytes()
    session.reviews[0].text = "また変わった"
    save(session, path)
    assert backup_path(path).read_bytes() == second
    assert load(backup_path(path)).title == "Changed"
    assert leftovers(tmp_path, "s.toml") == []


def test_backup_is_not_the_same_inode_as_the_new_file(tmp_path: Path) -> None:
    """The backup is a hard link to the *old* file; the new file must not share it."""
    path = tmp_path / "s.toml"
    session = make_session()
    save(session, path)
    session.title = "v2"
    save(session, path)
    assert path.stat().st_ino != backup_path(path).stat().st_ino
    session.title = "v3"
    save(session, path)
    assert load(backup_path(path)).title == "v2" and load(path).title == "v3"


def test_keep_backup_false_makes_none(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    session = make_session()
    save(session, path, keep_backup=False)
    session.title = "v2"
    save(session, path, keep_backup=False)
    assert not backup_path(path).exists()


def test_key_order_stable_and_diffs_are_local(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    session = make_session()
    save(session, path)
    before = path.read_text(encoding="utf-8").splitlines()
    session.reviews[1].text = "Teachers are fine"
    session.scores["sato"]["c1"]["i1"] = 5
    save(session, path)
    after = path.read_text(encoding="utf-8").splitlines()
    changed = [line for line in difflib.unified_diff(before, after, lineterm="", n=0) if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert changed == [
        '-text = "Teachers are \\"great\\" \\\\o/"',
        '+text = "Teachers are fine"',
        "-i1 = 2.5",
        "+i1 = 5",
    ]


def test_growing_list_does_not_rewrite_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    session = make_session()
    save(session, path)
    before = path.read_text(encoding="utf-8")
    session.reviews.append(Review(id="r3", author="ben", text="new", polarity="negative"))
    save(session, path)
    after = path.read_text(encoding="utf-8")
    removed = [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line.startswith("- ")]
    assert removed == []


def test_same_session_gives_same_bytes(tmp_path: Path) -> None:
    save(make_session(), tmp_path / "a.toml")
    save(make_session(), tmp_path / "b.toml")
    assert (tmp_path / "a.toml").read_bytes() == (tmp_path / "b.toml").read_bytes()


@pytest.mark.parametrize("fail_on", ["replace-file", "replace-any", "fsync", "write"])
def test_failure_mid_save_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fail_on: str) -> None:
    path = tmp_path / "s.toml"
    session = make_session()
    save(session, path)
    session.title = "v2"
    save(session, path)  # now there is a backup too
    old, old_bak = path.read_bytes(), backup_path(path).read_bytes()
    session.title = "v3 - never written"
    real_replace = os.replace

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if fail_on == "replace-any" or Path(dst) == path:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(5, "Input/output error")

    if fail_on.startswith("replace"):
        monkeypatch.setattr(store.os, "replace", replace)
    elif fail_on == "fsync":
        monkeypatch.setattr(store.os, "fsync", fail)
    else:
        real_fdopen = os.fdopen

        class Broken:
            def __init__(self, handle: object) -> None:
                self.handle = handle

            def __enter__(self) -> Broken:
                return self

            def __exit__(self, *exc: object) -> None:
                self.handle.close()

            def write(self, data: bytes) -> int:
                self.handle.write(data[: len(data) // 2])
                raise OSError(28, "No space left on device")

        monkeypatch.setattr(store.os, "fdopen", lambda fd, mode: Broken(real_fdopen(fd, mode)))
    with pytest.raises(OSError):
        save(session, path)
    monkeypatch.undo()
    assert path.read_bytes() == old
    assert leftovers(tmp_path, "s.toml") == []
    assert backup_path(path).read_bytes() in (old, old_bak)
    assert load(path).title == "v2"
    # and the next save works normally
    assert save(session, path) is True
    assert load(path).title == "v3 - never written"
    assert backup_path(path).read_bytes() == old


def test_first_save_failure_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(store.os, "fsync", fail)
    with pytest.raises(OSError):
        save(make_session(), tmp_path / "s.toml")
    assert list(tmp_path.iterdir()) == []


def test_session_with_problems_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    session = make_session()
    save(session, path)
    before = path.read_bytes()
    session.reviews[0].author = "nobody"
    session.scores["sato"]["c1"]["i1"] = 7
    with pytest.raises(StoreError) as caught:
        save(session, path)
    assert sorted(p.path for p in caught.value.problems) == ["reviews[0].author", "scores.sato.c1.i1"]
    assert path.read_bytes() == before
    assert not backup_path(path).exists()
    assert leftovers(tmp_path, "s.toml") == []


def test_session_with_problems_is_never_created(tmp_path: Path) -> None:
    session = make_session()
    session.items[0].reviews = ["r9"]
    with pytest.raises(StoreError):
        save(session, tmp_path / "s.toml")
    assert list(tmp_path.iterdir()) == []


def test_save_keeps_the_file_mode(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    session = make_session()
    save(session, path)
    path.chmod(0o600)
    session.title = "v2"
    save(session, path)
    assert path.stat().st_mode & 0o777 == 0o600


def test_save_in_current_folder_with_relative_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    session = make_session()
    assert save(session, "s.toml") is True
    session.title = "v2"
    assert save(session, Path("s.toml")) is True
    assert load("s.toml").title == "v2"
    assert leftovers(tmp_path, "s.toml") == []


def test_load_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as caught:
        load(tmp_path / "nope.toml")
    assert caught.value.problems[0].key == "store.not_found"
    with pytest.raises(StoreError) as caught:
        load(tmp_path)
    assert caught.value.problems[0].key == "store.is_directory"


# -- the lock ------------------------------------------------------------------------


def test_second_lock_fails_while_first_holds(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    save(make_session(), path)
    first, second = SessionLock(path), SessionLock(path)
    assert first.acquire() is True and first.held
    assert first.acquire() is True  # re-entrant for the holder
    assert second.acquire() is False and not second.held
    first.release()
    assert not first.held
    assert second.acquire() is True
    assert first.acquire() is False
    second.release()
    assert first.acquire() is True
    first.release()


def test_lock_as_context_manager(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    with SessionLock(path) as lock:
        assert lock.held
        assert SessionLock(path).acquire() is False
    assert not lock.held
    other = SessionLock(path)
    assert other.acquire() is True
    other.release()


def test_locks_on_different_files_are_independent(tmp_path: Path) -> None:
    a, b = SessionLock(tmp_path / "a.toml"), SessionLock(tmp_path / "b.toml")
    assert a.acquire() and b.acquire()
    a.release()
    b.release()


def test_lock_does_not_touch_the_session_file(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    save(make_session(), path)
    before = path.read_bytes()
    with SessionLock(path):
        session = load(path)
        session.title = "while locked"
        save(session, path)  # the holder saves as usual
    assert path.read_bytes() != before
    assert load(path).title == "while locked"


HOLDER = textwrap.dedent(
    """
    import sys, time
    from mlew_tui.store import SessionLock
    lock = SessionLock(sys.argv[1])
    print("locked" if lock.acquire() else "refused", flush=True)
    time.sleep(60)
    """
)


def test_lock_is_released_when_the_holder_is_killed(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    save(make_session(), path)
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "locked"
        assert SessionLock(path).acquire() is False
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=10)
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()
    assert (tmp_path / "s.toml.lock").exists()  # stale file left by kill -9 ...
    lock = SessionLock(path)
    assert lock.acquire() is True  # ... but no stale lock
    lock.release()


def test_lock_in_other_process_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    with SessionLock(path):
        out = subprocess.run([sys.executable, "-c", HOLDER.replace("time.sleep(60)", ""), str(path)], capture_output=True, text=True, timeout=30)
    assert out.stdout.strip() == "refused"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores folder permissions")
def test_lock_in_read_only_folder_returns_false(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "s.toml"
    save(make_session(), path)
    folder.chmod(0o555)
    try:
        assert not os.access(folder, os.W_OK)
        assert SessionLock(path).acquire() is False
    finally:
        folder.chmod(0o755)


def test_lock_that_cannot_be_created_returns_false(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What a read-only folder does (simulated: root ignores permissions)."""
    path = tmp_path / "s.toml"
    real_open = os.open

    def deny(file: str | os.PathLike[str], flags: int, *args: int, **kwargs: object) -> int:
        if Path(file).name == "s.toml.lock":
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, flags, *args, **kwargs)

    monkeypatch.setattr(store.os, "open", deny)
    lock = SessionLock(path)
    assert lock.acquire() is False
    assert not lock.held
    lock.release()  # harmless


def test_lock_in_missing_folder_returns_false(tmp_path: Path) -> None:
    assert SessionLock(tmp_path / "missing" / "s.toml").acquire() is False


DOCUMENTED_ORDER = [
    "product",
    "participants",
    "prerequisites",
    "progress",
    "timer",
    "customer",
    "reviews",
    "groups",
    "posts",
    "items",
    "cases",
    "scoring",
    "scores",
    "votes",
    "invent",
    "refine",
    "milestones",
    "next_step",
    "day2",
    "todos",
    "meetings",
]


def test_tables_come_in_the_documented_order(tmp_path: Path) -> None:
    session = make_session()
    session.votes = {"sato": "c1"}
    session.day2.allotted_min = {"listen": 20}
    session.todos = [Todo(id="t1", text="x", milestone="m1")]
    path = tmp_path / "s.toml"
    save(session, path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[:4] == ['format = "mlew-session"', "schema_version = 1", 'title = "テスト Workshop"', 'language = "ja"']
    heads = [line.strip("[]").split(".")[0] for line in lines if line.startswith("[")]
    firsts = list(dict.fromkeys(heads))
    assert firsts == [name for name in DOCUMENTED_ORDER if name in firsts]
    assert {"reviews", "scores", "votes", "meetings", "day2", "todos"} <= set(firsts)


CONTROLS_AND_PICTURES = [chr(c) for c in (*range(0x20), 0x7F)] + ["\u2400", "\u241b", "\u2421", "\\", "u", "e", "x", "a", " ", "日"]


@pytest.mark.parametrize("crlf", [False, True])
def test_loading_skips_the_control_conversion_only_when_nothing_could_need_it(tmp_path: Path, crlf: bool) -> None:
    """``load`` reads a file with no escape, control character or picture as
    it is (fast), and converts every other file - the result must not differ
    from converting always."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from mlew_tui.domain.controls import to_memory

    @settings(max_examples=150, deadline=None)
    @given(text=st.lists(st.sampled_from(CONTROLS_AND_PICTURES), max_size=12).map("".join))
    def check(text: str) -> None:
        session = new_session("t", "en", participants=[Participant(id="p1", name="P", role="pm")])
        session.reviews.append(Review(id="r1", author="p1", text=text, polarity="positive"))
        target = tmp_path / "c.toml"
        save(session, target, keep_backup=False)
        if crlf:
            target.write_bytes(target.read_bytes().replace(b"\n", b"\r\n"))
        raw = target.read_bytes()
        expected = store.upgrade(target, store.parse_bytes(target, raw))
        loaded = load(target)
        assert loaded.reviews[0].text == to_memory(expected)["reviews"][0]["text"]

    check()
