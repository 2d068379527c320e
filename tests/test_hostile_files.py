"""Session paths that are not files, locks through other names, file modes,
and output that cannot attack a terminal (issue #18, items 5, 6 and 8).
Each test is named for what it attacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from mlew_tui import store
from mlew_tui.cli import app
from mlew_tui.session_lock import SessionLock

runner = CliRunner()
COMMANDS = (("check",), ("report",), ("report", "--json"), ("export", "--format", "md", "-o", "out.md"))


def mlew(*args: str, lang: str = "en") -> Result:
    result = runner.invoke(app, list(args), env={"LANG": "ja_JP.UTF-8" if lang == "ja" else "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""})
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


# -- paths that are not files: refused at once --------------------------------------------


@pytest.mark.parametrize("command", COMMANDS)
def test_a_fifo_as_the_session_is_refused_without_hanging(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...]) -> None:
    monkeypatch.chdir(tmp_path)
    os.mkfifo("pipe.toml")
    result = mlew(command[0], "pipe.toml", *command[1:])  # a read would block here forever
    assert result.exit_code == 1
    assert "pipe.toml is not a regular file" in result.output


def test_dev_zero_is_refused_before_reading_a_byte() -> None:
    result = mlew("check", "/dev/zero")
    assert (result.exit_code, result.output.strip()) == (
        1,
        "/dev/zero is not a regular file (a pipe, a device or a socket): mlew reads and writes only ordinary files",
    )


def test_a_folder_is_refused_in_the_users_language(tmp_path: Path) -> None:
    result = mlew("check", str(tmp_path), lang="ja")
    assert (result.exit_code, result.output.strip()) == (1, f"{tmp_path} はフォルダーです (セッションファイルではありません)")


def test_a_file_over_5_mb_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    big = tmp_path / "big.toml"
    big.write_bytes(b'format = "mlew-session"\n' + b"# padding\n" * 600_000)
    result = mlew("report", str(big), lang="ja")
    assert result.exit_code == 1
    assert result.output.strip() == f"{big} は 5.7 MB あります。セッションファイルは 5 MB までです。何も読み込んでいません。"


def test_a_missing_file_is_told_in_japanese(tmp_path: Path) -> None:
    result = mlew("check", str(tmp_path / "nothing.toml"), lang="ja")
    assert (result.exit_code, result.output.strip()) == (1, f"{tmp_path / 'nothing.toml'}: ファイルがありません")


def test_a_file_without_read_permission_is_told_in_the_users_words(en_sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_open = os.open

    def denied(path: object, *args: object, **kwargs: object) -> int:
        if Path(str(path)) == en_sample:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", denied)  # as root, chmod 000 would not stop the read
    result = mlew("check", str(en_sample), lang="ja")
    assert (result.exit_code, result.output.strip()) == (1, f"{en_sample} を読む権限がありません。")


@pytest.mark.parametrize("target", ["folder", "fifo", "/dev/null"])
def test_new_never_replaces_what_is_not_a_file_even_with_force(tmp_path: Path, target: str) -> None:
    path = Path(target) if target.startswith("/") else tmp_path / target
    if target == "folder":
        path.mkdir()
    elif target == "fifo":
        os.mkfifo(path)
    kind = os.stat(path).st_mode
    result = mlew("new", str(path), "--force", lang="ja")
    assert result.exit_code == 1
    assert (
        result.output.strip()
        == f"{path} は通常のファイルではありません（フォルダー、パイプ、デバイスなど）。別の名前を指定してください。何も書き込んでいません。"
    )
    assert os.stat(path).st_mode == kind  # still the folder, the pipe, the device


def test_a_write_onto_a_device_or_folder_is_refused_by_the_one_atomic_writer(tmp_path: Path) -> None:
    from mlew_tui.atomic import NotAFile, write_atomic

    os.mkfifo(tmp_path / "pipe")
    for target in (tmp_path / "pipe", tmp_path, Path("/dev/null")):
        with pytest.raises(NotAFile):
            write_atomic(target, b"x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]  # no temporary file left


def test_a_fifo_drafts_sidecar_does_not_hang_the_app_start(en_sample: Path) -> None:
    from mlew_tui import drafts

    os.mkfifo(drafts.drafts_path(en_sample))
    assert drafts.load(en_sample) == []


# -- one writer, however the file is named ----------------------------------------------


def test_a_symlink_to_the_session_shares_its_lock(en_sample: Path) -> None:
    link = en_sample.with_name("link.toml")
    link.symlink_to(en_sample)
    with SessionLock(en_sample) as first:
        assert first.held
        second = SessionLock(link)
        assert (second.acquire(), second.problem) == (False, "held")


def test_a_hard_link_to_the_session_shares_its_lock(en_sample: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "other"
    elsewhere.mkdir()
    twin = elsewhere / "copy.toml"
    os.link(en_sample, twin)
    with SessionLock(en_sample) as first:
        assert first.held
        second = SessionLock(twin)
        assert (second.acquire(), second.problem) == (False, "held")
    again = SessionLock(twin)
    assert again.acquire()  # released with the first: nothing stale
    again.release()


def test_a_hard_link_cannot_make_a_second_writer_of_the_app(en_sample: Path, tmp_path: Path) -> None:
    twin = tmp_path / "twin.toml"
    os.link(en_sample, twin)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\nfrom mlew_tui.session_lock import SessionLock\nl = SessionLock(sys.argv[1])\nprint(l.acquire(), flush=True)\ntime.sleep(30)",
            str(en_sample),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "True"
        assert SessionLock(twin).acquire() is False
    finally:
        holder.kill()
        holder.wait()


# -- file modes ----------------------------------------------------------------------------


def test_a_new_session_is_its_owners_only(tmp_path: Path) -> None:
    result = mlew("new", str(tmp_path / "s.toml"))
    assert result.exit_code == 0
    assert (tmp_path / "s.toml").stat().st_mode & 0o777 == 0o600


def test_a_save_keeps_the_files_mode_and_the_backup_too(en_sample: Path) -> None:
    en_sample.chmod(0o640)
    session = store.load(en_sample)
    session.title += " (2)"
    assert store.save(session, en_sample)
    assert en_sample.stat().st_mode & 0o777 == 0o640
    assert store.backup_path(en_sample).stat().st_mode & 0o777 == 0o640


# -- output that cannot attack a terminal -------------------------------------------------


def hostile(path: Path) -> Path:
    """The sample with a title that would recolour, hide and reverse text."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('title = "', 'title = "\\u202eevil\\u0085 \\u001b[31m', 1), encoding="utf-8")
    return path


def test_report_shows_bidi_and_c1_controls_as_visible_escapes(en_sample: Path) -> None:
    result = mlew("report", str(hostile(en_sample)))
    assert result.exit_code == 0
    first = result.output.splitlines()[0]
    assert first.startswith("{U+202E}evil{U+0085} \u241b[31mNorthfield Outfitters")
    assert not any(c in result.output for c in "\u202e\x85\x1b")


def test_report_json_escapes_them_and_keeps_the_data(en_sample: Path) -> None:
    result = mlew("report", "--json", str(hostile(en_sample)))
    assert result.exit_code == 0
    assert "\\u202eevil\\u0085 \u241b[31m" in result.output
    assert not any(c in result.output for c in "\u202e\x85\x1b")
    assert json.loads(result.output)["title"].startswith("\u202eevil\x85 \u241b[31m")


def test_a_message_naming_a_hostile_path_shows_its_controls(tmp_path: Path) -> None:
    name = tmp_path / "a\x1b]0;owned\x07\u202egnp.toml"
    result = mlew("check", str(name))
    assert result.exit_code == 1
    assert "a\u241b]0;owned\u2407{U+202E}gnp.toml: no such file" in result.output
    assert not any(c in result.output for c in "\u202e\x07\x1b")


@pytest.mark.parametrize("kind", ["folder", "fifo"])
def test_an_export_onto_a_folder_or_a_pipe_is_refused_in_the_users_words(en_sample: Path, kind: str) -> None:
    target = en_sample.with_name("out")
    if kind == "folder":
        target.mkdir()
    else:
        os.mkfifo(target)
    result = mlew("export", str(en_sample), "-o", str(target))
    assert result.exit_code == 1
    assert result.output.strip() == f"Not written: {target} is a folder, a pipe or a device, not a file. Choose a file name with -o"
    assert target.is_dir() if kind == "folder" else not target.is_file()


def test_an_inode_reused_by_another_file_is_not_a_second_writer(tmp_path: Path) -> None:
    """A holder whose file was replaced (every save writes a new one) has freed
    its old inode; an unrelated new file that gets that inode is not locked by it."""
    from mlew_tui.session_lock import _holder_has

    ours, theirs = tmp_path / "ours.toml", tmp_path / "theirs.toml"
    ours.write_text("a")
    theirs.write_text("b")
    lock = tmp_path / "x.lock"
    lock.write_text(f"123\n{ours}\n")
    assert _holder_has(lock, ours)
    twin = tmp_path / "twin.toml"
    os.link(ours, twin)
    assert _holder_has(lock, twin)  # a hard link: the same file
    lock.write_text(f"123\n{theirs}\n")
    assert not _holder_has(lock, ours)  # the holder's file is another one now
    lock.write_text("123\n")
    assert _holder_has(lock, ours)  # cannot tell: held


def test_a_quoted_value_of_invisible_characters_stays_short() -> None:
    """An id of 100 bidi overrides is quoted as \\u202e escapes: the message line is cut by what it shows."""
    from mlew_tui.domain.validation import QUOTE_MAX, _describe

    quoted = _describe("r4" + "\u202e" * 100)
    assert quoted.startswith("'r4\\u202e") and quoted.endswith("...'")
    assert len(quoted) <= QUOTE_MAX + 2
    assert _describe("abc") == "'abc'"
