"""Exports never destroy (issue #18, item 1): one check for every export path.

No export writes onto the session or a file mlew keeps beside it, however the
path is spelled and even with ``--force``; an existing file is replaced only
when it is an earlier mlew export of the same format (recognised by the
marker every export writes), when it is empty, or with ``--force``. The CLI
exits 1 with a message; the app says so in its language and writes nothing.
"""

from __future__ import annotations

import hashlib
import io
import os
import stat
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mlew_tui import store
from mlew_tui.cli import app as cli
from mlew_tui.export import write_markdown
from mlew_tui.export.files import FORMATS, NotAnExport, OntoSession, render, write_export
from mlew_tui.export.guard import MD_MARKER, XLSX_MARKER, check_target, is_earlier_export
from mlew_tui.i18n import catalog

from .conftest import FakeClock, make_app

runner = CliRunner()

FOREIGN = b"Quarterly numbers, typed by hand. Do not lose me.\n"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def export(session_file: Path, fmt: str, target: Path, *extra: str) -> tuple[int, str]:
    result = runner.invoke(cli, ["export", str(session_file), "--format", fmt, "-o", str(target), *extra])
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def ways_to_name_the_session(session: Path) -> dict[str, Path]:
    """The session file spelled every way, and every companion."""
    folder = session.parent
    backup = store.backup_path(session)
    backup.write_bytes(session.read_bytes())
    (folder / "link.toml").symlink_to(session)
    (folder / "sub").mkdir()
    (folder / "sub" / "deep-link.toml").symlink_to(Path("..") / session.name)
    os.link(session, folder / "hard.toml")
    day1 = store.day1_path(session)
    day1.write_bytes(session.read_bytes())
    return {
        "itself": session,
        "relative": Path(os.path.relpath(session)),
        "dot slash": Path("./" + os.path.relpath(session)),
        "dotted": folder / "." / session.name,
        "dot dot": folder / "sub" / ".." / session.name,
        "absolute": session.resolve(),
        "symlink": folder / "link.toml",
        "relative symlink": folder / "sub" / "deep-link.toml",
        "hard link": folder / "hard.toml",
        "backup": backup,
        "lock": session.with_name(session.name + ".lock"),
        "drafts": session.with_name(session.name + ".drafts.toml"),
        "day 1 file": day1,
        "error log": session.with_name(session.name + ".error.log"),
    }


@pytest.mark.parametrize("force", [False, True], ids=["plain", "force"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_no_export_ever_lands_on_the_session_or_a_companion(en_sample: Path, fmt: str, force: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(en_sample.parent)
    before = digest(en_sample)
    for name, target in ways_to_name_the_session(en_sample).items():
        existed = target.exists()
        old = digest(target) if existed else None
        code, output = export(en_sample, fmt, target, *(["--force"] if force else []))
        assert code == 1, name
        expected = catalog("en")["export.onto_session"].format(path=str(target), session=str(en_sample))
        assert output.strip() == expected, name
        assert target.exists() == existed and (digest(target) if existed else None) == old, name
    assert digest(en_sample) == before
    store.load(en_sample)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_foreign_file_is_refused_then_replaced_with_force(en_sample: Path, fmt: str) -> None:
    target = en_sample.parent / f"notes.{fmt}"
    target.write_bytes(FOREIGN)
    code, output = export(en_sample, fmt, target)
    assert code == 1
    name = catalog("en")[f"export_guard.format.{fmt}"]
    assert output.strip() == (
        f"Not written: {target} already exists and is not an earlier mlew {name} export. Choose another file with -o, or replace it with --force."
    )
    assert target.read_bytes() == FOREIGN
    code, output = export(en_sample, fmt, target, "--force")
    assert code == 0, output
    assert output.strip() == f"Written: {target}"
    assert is_earlier_export(target, fmt)


def test_the_refusal_speaks_the_sessions_language(ja_sample: Path) -> None:
    target = ja_sample.parent / "memo.csv"
    target.write_bytes(FOREIGN)
    code, output = export(ja_sample, "csv", target)
    assert code == 1
    assert output.strip() == (
        f"書き出していません：{target} は既にあり、mlew が以前に書き出した CSV ファイルではありません。"
        "-o で別のファイルを指定するか、--force を付けて置き換えてください。"
    )
    assert target.read_bytes() == FOREIGN


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_earlier_export_of_the_same_format_is_replaced(en_sample: Path, fmt: str) -> None:
    target = en_sample.parent / f"out.{fmt}"
    assert export(en_sample, fmt, target)[0] == 0
    before = target.read_bytes()
    session = store.load(en_sample)
    session.participants[0].name = "Renamed Since"  # shown in the Markdown, the sheets
    session.milestones[-1].what = "Renamed Since"  # and the calendar
    store.save(session, en_sample)
    code, output = export(en_sample, fmt, target)
    assert code == 0, output
    after = target.read_bytes()
    assert after != before
    assert is_earlier_export(target, fmt)
    if fmt in ("md", "csv"):  # the others carry a time stamp
        assert after == render(store.load(en_sample), fmt)


@pytest.mark.parametrize(("earlier", "fmt"), [(a, b) for a in FORMATS for b in FORMATS if a != b])
def test_an_earlier_export_of_another_format_is_refused(en_sample: Path, fmt: str, earlier: str) -> None:
    target = en_sample.parent / "out.export"
    assert export(en_sample, earlier, target)[0] == 0
    before = target.read_bytes()
    code, output = export(en_sample, fmt, target)
    assert code == 1
    assert output.startswith(f"Not written: {target} already exists and is not an earlier mlew")
    assert target.read_bytes() == before


def test_a_csv_export_in_the_other_language_is_recognised(ja_sample: Path, en_sample: Path) -> None:
    target = en_sample.parent / "sheet.csv"
    assert export(ja_sample, "csv", target)[0] == 0
    assert target.read_bytes().startswith("\ufeff参加者,事例,".encode())
    code, output = export(en_sample, "csv", target)
    assert code == 0, output
    assert target.read_bytes().startswith(b"\xef\xbb\xbfPerson,Case,")


def test_a_csv_that_only_starts_like_mlews_is_not_replaced(en_sample: Path) -> None:
    target = en_sample.parent / "people.csv"
    target.write_bytes(b"Person,Case,Notes\r\nAnn,Support,keep\r\n")  # no Total column: someone else's sheet
    assert export(en_sample, "csv", target)[0] == 1
    assert target.read_bytes() == b"Person,Case,Notes\r\nAnn,Support,keep\r\n"


def test_an_empty_file_is_replaced(en_sample: Path) -> None:
    """An empty file holds nothing to lose (``touch out.md``, mktemp): it is replaced."""
    target = en_sample.parent / "empty.md"
    target.touch()
    assert export(en_sample, "md", target)[0] == 0
    assert target.read_text(encoding="utf-8").startswith(MD_MARKER + "\n\n# ")


def test_a_fifo_is_refused_without_reading_it(en_sample: Path) -> None:
    fifo = en_sample.parent / "pipe.md"
    os.mkfifo(fifo)
    code, output = export(en_sample, "md", fifo)  # reading it would hang: the check never opens it for a blocking read
    assert code == 1
    assert output.strip() == f"Not written: {fifo} is a folder, a pipe or a device, not a file. Choose a file name with -o"
    assert export(en_sample, "md", fifo, "--force")[0] == 1  # not even with --force
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_replaced_export_is_renamed_into_place_not_rewritten(en_sample: Path) -> None:
    """write_atomic: a complete new file renamed over the old one; a hard link to the old export keeps the old bytes."""
    target = en_sample.parent / "out.md"
    assert export(en_sample, "md", target)[0] == 0
    old_bytes = target.read_bytes()
    os.link(target, en_sample.parent / "yesterday.md")
    session = store.load(en_sample)
    session.participants[0].name = "Changed"
    store.save(session, en_sample)
    assert export(en_sample, "md", target)[0] == 0
    assert (en_sample.parent / "yesterday.md").read_bytes() == old_bytes
    assert target.read_bytes() != old_bytes
    assert [p.name for p in en_sample.parent.iterdir() if ".mlew-tmp-" in p.name] == []


def test_every_export_carries_its_marker(en_sample: Path) -> None:
    session = store.load(en_sample)
    assert render(session, "md").startswith(f"{MD_MARKER}\n\n# ".encode())
    assert render(session, "csv").startswith(b"\xef\xbb\xbfPerson,Case,")
    with zipfile.ZipFile(io.BytesIO(render(session, "xlsx"))) as book:
        core = book.read("docProps/core.xml").decode()
    assert f"<cp:keywords>{XLSX_MARKER}</cp:keywords>" in core
    assert "<dc:creator>mlew</dc:creator>" in core
    assert b"\r\nPRODID:-//mlew//ML Enablement Workshop//EN\r\n" in render(session, "ics")


def test_write_markdown_goes_through_the_same_check(en_sample: Path) -> None:
    session = store.load(en_sample)
    target = en_sample.parent / "README.md"
    target.write_bytes(FOREIGN)
    with pytest.raises(NotAnExport):
        write_markdown(session, target, session_file=en_sample)
    assert target.read_bytes() == FOREIGN
    with pytest.raises(OntoSession):
        write_markdown(session, en_sample, session_file=en_sample, force=True)
    write_markdown(session, target, session_file=en_sample, force=True)
    assert is_earlier_export(target, "md")


def test_check_target_refuses_a_file_it_cannot_read(en_sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file mlew may not read cannot be recognised as its own: refused (root reads everything, so the refusal is simulated)."""
    target = en_sample.parent / "locked.csv"
    target.write_bytes(FOREIGN)
    real_open = os.open

    def denied(path: object, *args: object, **kwargs: object) -> int:
        if Path(str(path)) == target:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", denied)
    with pytest.raises(NotAnExport):
        check_target(target, "csv", session_file=en_sample)


def test_write_export_refuses_without_writing(en_sample: Path) -> None:
    session = store.load(en_sample)
    target = en_sample.parent / "plan.ics"
    target.write_bytes(b"BEGIN:VCALENDAR\r\nPRODID:-//Someone else//EN\r\nEND:VCALENDAR\r\n")
    with pytest.raises(NotAnExport) as refused:
        write_export(session, "ics", target, session_file=en_sample)
    assert refused.value.target == target
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR\r\nPRODID:-//Someone else//EN")


@pytest.mark.parametrize("lang", ["en", "ja"])
async def test_the_app_says_no_in_its_language_and_writes_nothing(en_sample: Path, clock: FakeClock, lang: str) -> None:
    session = store.load(en_sample)
    session.language = lang  # type: ignore[assignment]
    store.save(session, en_sample)
    foreign = en_sample.with_suffix(".md")
    foreign.write_bytes(FOREIGN)
    app = make_app(en_sample, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.run_action("export_markdown")
        await pilot.pause()
        message = [n.message for n in app._notifications][-1]
    app.lock.release()
    name = catalog(lang)["export_guard.format.md"]
    assert message == catalog(lang)["export_guard.not_an_export_app"].format(path=str(foreign), format=name)
    assert foreign.read_bytes() == FOREIGN


async def test_the_day2_register_refuses_a_foreign_file_and_writes_the_others(en_sample: Path, clock: FakeClock) -> None:
    foreign = en_sample.with_suffix(".csv")
    foreign.write_bytes(FOREIGN)
    app = make_app(en_sample, clock, day=2)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.run_action("on_step('day2.register', 'export')")
        await pilot.pause(0.2)
        messages = [n.message for n in app._notifications]
    app.lock.release()
    assert catalog("en")["export_guard.not_an_export_app"].format(path=str(foreign), format="CSV") in messages
    assert foreign.read_bytes() == FOREIGN
    for fmt in ("ics", "xlsx", "md"):
        assert is_earlier_export(en_sample.with_suffix(f".{fmt}"), fmt), fmt
