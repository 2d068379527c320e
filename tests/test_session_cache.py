"""Sessions read once are kept by the digest of their bytes (issue #21): the
same bytes again are taken back without parsing or validating; any other
bytes, other rules, or a kept entry that is damaged, foreign or not the
user's own are read from the file as ever. Nothing about the cache can stop
a file from opening."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from mlew_tui import session_cache, store
from mlew_tui.domain.session import Session


@pytest.fixture
def kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "kept"
    monkeypatch.setenv("MLEW_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def validations(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every file that was parsed and validated (not taken back)."""
    seen: list[Path] = []
    real = store.load_data

    def counting(path: Path, *args: object, **kwargs: object) -> Session:
        seen.append(path)
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(store, "load_data", counting)
    return seen


@pytest.fixture
def sample(en_sample: Path) -> Path:
    return en_sample


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob(f"*{session_cache.SUFFIX}"))


def test_the_same_bytes_are_taken_back_without_validating(kept: Path, validations: list[Path], sample: Path) -> None:
    first, print1 = store.load_with_fingerprint(sample)
    assert validations == [sample] and len(entries(kept)) == 1
    again, print2 = store.load_with_fingerprint(sample)
    assert validations == [sample]  # not read again
    assert again == first and again is not first
    assert print2.sha256 == print1.sha256
    assert oct(kept.stat().st_mode & 0o777) == "0o700"
    assert all(oct(e.stat().st_mode & 0o777) == "0o600" for e in entries(kept))


def test_one_byte_changed_is_read_and_validated_again(kept: Path, validations: list[Path], sample: Path) -> None:
    store.load(sample)
    text = sample.read_text(encoding="utf-8")
    sample.write_text(text.replace('title = "', 'title = "Changed ', 1), encoding="utf-8")
    session = store.load(sample)
    assert validations == [sample, sample]
    assert session.title.startswith("Changed ")
    assert len(entries(kept)) == 2


def test_an_invalid_file_is_never_kept(kept: Path, sample: Path) -> None:
    sample.write_text(sample.read_text(encoding="utf-8").replace("schema_version = 1", 'schema_version = "one"'), encoding="utf-8")
    with pytest.raises(store.StoreError):
        store.load(sample)
    assert entries(kept) == []


def test_entries_of_other_rules_are_ignored(kept: Path, validations: list[Path], sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store.load(sample)
    monkeypatch.setattr(session_cache, "_stamp", "another-version")
    store.load(sample)
    assert validations == [sample, sample]


@pytest.mark.parametrize("content", [b"not a pickle", pickle.dumps({"title": "a dict, not a session"})])
def test_a_damaged_or_foreign_entry_is_a_miss_and_goes(kept: Path, validations: list[Path], sample: Path, content: bytes) -> None:
    expected = store.load(sample)
    (entry,) = entries(kept)
    entry.write_bytes(content)
    assert store.load(sample) == expected
    assert validations == [sample, sample]
    # Damaged: removed and written anew from the file.
    assert entries(kept) == [entry] and entry.read_bytes() != content


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_folder_others_can_write_is_not_trusted(kept: Path, validations: list[Path], sample: Path) -> None:
    store.load(sample)
    kept.chmod(0o777)
    store.load(sample)
    assert validations == [sample, sample]
    (entry,) = entries(kept)
    kept.chmod(0o700)
    entry.chmod(0o666)
    store.load(sample)
    assert len(validations) == 3


def test_off_keeps_nothing(tmp_path: Path, validations: list[Path], sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLEW_CACHE_DIR", "off")
    store.load(sample)
    store.load(sample)
    assert validations == [sample, sample]
    assert not any(p.suffix == session_cache.SUFFIX for p in tmp_path.rglob("*"))


def test_a_folder_that_cannot_be_made_changes_nothing(tmp_path: Path, sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the folder would go", encoding="utf-8")
    monkeypatch.setenv("MLEW_CACHE_DIR", str(blocker / "kept"))
    assert store.load(sample).title
    assert store.load(sample).title


def test_only_the_newest_entries_are_kept(kept: Path, sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(session_cache, "MAX_ENTRIES", 3)
    text = sample.read_text(encoding="utf-8")
    for n in range(5):
        sample.write_text(text.replace('title = "', f'title = "{n} ', 1), encoding="utf-8")
        store.load(sample)
    assert len(entries(kept)) == 3


def test_validators_are_built_on_first_use_or_step_by_step() -> None:
    # A fresh interpreter: nothing built at import; then one model a call, the session's last.
    code = """
from mlew_tui.domain import session as s
models = s.models()
assert models[-1] is s.Session and len(models) > 20
assert not any(m.__pydantic_complete__ for m in models)
assert s.build_validators(limit=1) is False
assert [m.__pydantic_complete__ for m in models].count(True) == 1
assert s.build_validators() is True
assert all(m.__pydantic_complete__ for m in models)
print("ok")
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert done.stdout.strip() == "ok", done.stderr


@pytest.mark.slow
def test_the_app_builds_the_validators_and_loads_the_commands_after_its_first_screen_is_filled(kept: Path, sample: Path) -> None:
    # A fresh interpreter opens a session taken from the cache (nothing
    # validated, nothing built): no validator is built and the table of
    # commands (every domain module) is not loaded before the screen is
    # filled; all of them soon after, before anyone changes anything.
    store.load(sample)  # kept
    code = f"""
import asyncio
import sys
from pathlib import Path
from mlew_tui.app import MlewApp
from mlew_tui.domain import session as s
from mlew_tui.screens.base import WorkshopScreen

built_when_filled = []
fill = WorkshopScreen.run_when_filled

def run_when_filled(self):
    built_when_filled.append(sum(m.__pydantic_complete__ for m in s.models()))
    built_when_filled.append("mlew_tui.domain.commands" in sys.modules)
    fill(self)

WorkshopScreen.run_when_filled = run_when_filled

async def main():
    app = MlewApp(Path({str(sample)!r}), day=1)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        for _ in range(100):
            await pilot.pause(0.05)
            if all(m.__pydantic_complete__ for m in s.models()):
                break
        assert screen.filled and built_when_filled == [0, False], built_when_filled
        assert all(m.__pydantic_complete__ for m in s.models())
        assert "mlew_tui.domain.commands" in sys.modules  # warmed up for the first change
    app.lock.release()
    print("ok")

asyncio.run(main())
"""
    env = {**os.environ, "MLEW_CACHE_DIR": str(kept)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False, env=env)
    assert done.stdout.strip().endswith("ok"), done.stderr[-3000:]


@pytest.mark.slow
def test_a_launch_of_a_kept_session_imports_no_toml_parser_or_writer(kept: Path, sample: Path) -> None:
    # The second launch finds the session, the catalog and the rest kept: it
    # parses no TOML and writes none before its screen is filled, so neither
    # parser nor writer (nor importlib.resources, for the zone list) is loaded.
    code = f"""
import asyncio
import sys
from pathlib import Path
from mlew_tui.app import MlewApp
from mlew_tui.screens.base import WorkshopScreen

LAZY = ("tomli", "tomllib", "tomli_w", "mlew_tui.toml_writer", "importlib.resources")
loaded = []
fill = WorkshopScreen.run_when_filled

def run_when_filled(self):
    loaded.append(sorted(name for name in LAZY if name in sys.modules))
    fill(self)

WorkshopScreen.run_when_filled = run_when_filled

async def main():
    app = MlewApp(Path({str(sample)!r}), day=1)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.screen.filled
    app.lock.release()
    print(loaded[0])

asyncio.run(main())
"""
    env = {**os.environ, "MLEW_CACHE_DIR": str(kept)}
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False, env=env) for _ in range(2)]
    assert "tomli" in runs[0].stdout, runs[0].stderr[-3000:]  # the first launch read the catalog's files
    assert runs[1].stdout.strip() == "[]", runs[1].stderr[-3000:]


def test_a_write_cut_short_is_cleared_away(kept: Path, sample: Path) -> None:
    import os
    import time

    store.load(sample)
    left = kept / f".other{session_cache.SUFFIX}.mlew-tmp-abc"
    left.write_bytes(b"half a pickle")
    old = time.time() - 3600
    os.utime(left, (old, old))
    fresh = kept / f".another{session_cache.SUFFIX}.mlew-tmp-def"
    fresh.write_bytes(b"being written now")
    sample.write_text(sample.read_text(encoding="utf-8").replace('title = "', 'title = "Pruned ', 1), encoding="utf-8")
    store.load(sample)  # a new entry: the folder is tidied
    assert not left.exists() and fresh.exists()
