"""Saving under faults: a full disk or a folder that turns read-only.

The app keeps running, shows a persistent error, keeps retrying, and loses
nothing held in memory: once the disk recovers, everything is on it. A file
that is broken on open is refused cleanly and never touched, and the backup
is offered."""

from __future__ import annotations

import errno
import shutil
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mlew_tui import store
from mlew_tui.app import MlewApp
from mlew_tui.cli import app as cli


def saved_texts(path: Path) -> list[str]:
    return [r["text"] for r in tomllib.loads(path.read_text(encoding="utf-8"))["reviews"]]


@pytest.mark.parametrize(
    "fault",
    [OSError(errno.ENOSPC, "No space left on device"), PermissionError(errno.EACCES, "Permission denied")],
    ids=["disk-full", "read-only-folder"],
)
@pytest.mark.slow
async def test_the_app_survives_a_failing_disk(en_sample: Path, monkeypatch: pytest.MonkeyPatch, fault: OSError) -> None:
    real_write = store.write_text
    failing = {"on": True}

    def write(path: Path, text: str, *, keep_backup: bool = True) -> bool:
        if failing["on"]:
            raise fault
        return real_write(path, text, keep_backup=keep_backup)

    monkeypatch.setattr(store, "write_text", write)
    before = en_sample.read_bytes()
    app = MlewApp(en_sample, day=1)
    async with app.run_test(size=(120, 40)) as pilot:
        for n in range(3):
            app.apply("add_review", author=app.workshop.turn, text=f"kept in memory {n}", polarity="negative")
            await pilot.pause(0.4)
        await pilot.pause(1.2)
        banner = str(app.screen.query_one("#banner").render())
        assert "NOT SAVED" in banner and fault.strerror in banner
        assert "NOT SAVED" in str(app.screen.query_one("#save-state").render())
        assert en_sample.read_bytes() == before  # nothing half-written
        assert app.is_running
        failing["on"] = False  # the disk is back
        # The next try comes within RETRY_S plus an autosave tick; a loaded
        # machine may take longer to run the write and report it.
        for _ in range(100):
            await pilot.pause(0.1)
            if not app.screen.query_one("#banner").display:
                break
        assert not app.screen.query_one("#banner").display
        assert [f"kept in memory {n}" for n in range(3)] == saved_texts(en_sample)[-3:]


@pytest.mark.parametrize("damage", ["truncated", "corrupt"])
def test_a_broken_file_is_refused_untouched_and_the_backup_offered(tmp_path: Path, en_sample: Path, damage: str) -> None:
    path = tmp_path / "room.toml"
    shutil.copy(en_sample, path)
    shutil.copy(en_sample, tmp_path / "room.toml.bak")
    raw = path.read_bytes()
    at = raw.index(b"[[reviews]]")
    broken = raw[: at + 40] if damage == "truncated" else raw[:at] + b'text = "unterminated\n' + raw[at:]
    path.write_bytes(broken)
    result = CliRunner().invoke(cli, ["run", str(path)])
    assert result.exit_code == 1
    assert "line " in result.output and "column " in result.output
    assert "room.toml.bak" in result.output and "mlew check" in result.output
    assert "Traceback" not in result.output
    assert path.read_bytes() == broken
    assert not (tmp_path / "room.toml.lock").exists()
