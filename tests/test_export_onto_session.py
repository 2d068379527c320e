"""Exports never destroy (issue #18, HIGH): no format ever writes onto the
session file or a file mlew keeps beside it, however the path is spelled -
relative, through a symlink, a hard link - from the CLI or from the app."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mlew_tui import store
from mlew_tui.cli import app as cli
from mlew_tui.export.files import FORMATS

from .conftest import FakeClock, make_app

runner = CliRunner()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def spellings(session: Path) -> dict[str, Path]:
    """The session and its companions, each spelled several ways."""
    folder = session.parent
    backup = store.backup_path(session)
    backup.write_bytes(session.read_bytes())
    (folder / "link.toml").symlink_to(session)
    os.link(session, folder / "hard.toml")
    return {
        "itself": session,
        "relative": Path(os.path.relpath(session)),
        "dotted": folder / "." / session.name,
        "symlink": folder / "link.toml",
        "hard link": folder / "hard.toml",
        "backup": backup,
        "lock": session.with_name(session.name + ".lock"),
        "drafts": session.with_name(session.name + ".drafts.toml"),
    }


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_cli_never_writes_an_export_onto_the_session(en_sample: Path, fmt: str) -> None:
    before = digest(en_sample)
    for name, target in spellings(en_sample).items():
        existed = target.exists()
        old = digest(target) if existed else None
        result = runner.invoke(cli, ["export", str(en_sample), "--format", fmt, "-o", str(target)])
        assert result.exit_code == 1, name
        assert "Not written" in result.output and "Traceback" not in result.output, name
        assert (digest(target) if existed else None) == old and target.exists() == existed, name
    assert digest(en_sample) == before
    store.load(en_sample)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_session_named_like_its_default_output_is_safe(tmp_path: Path, en_sample: Path, fmt: str) -> None:
    named = tmp_path / f"workshop.{fmt}"
    named.write_bytes(en_sample.read_bytes())
    before = digest(named)
    result = runner.invoke(cli, ["export", str(named), "--format", fmt])
    assert result.exit_code == 1 and "Not written" in result.output
    assert digest(named) == before


async def test_the_app_never_exports_onto_its_session(tmp_path: Path, en_sample: Path, clock: FakeClock) -> None:
    named = tmp_path / "workshop.md"
    named.write_bytes(en_sample.read_bytes())
    before = digest(named)
    app = make_app(named, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.run_action("export_markdown")
        await pilot.pause()
        assert [n.message for n in app._notifications][-1].startswith("Not written:")
    app.lock.release()
    assert digest(named) == before
