"""The merged catalog kept between runs (mlew_tui.i18n.kept): used only for
the very files it was made from, under the private cache folder's rules."""

from __future__ import annotations

import marshal
import os
from pathlib import Path

import pytest

import mlew_tui
from mlew_tui.i18n import CatalogError, catalog, kept, read_catalog


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("MLEW_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def source(tmp_path: Path) -> Path:
    folder = tmp_path / "en"
    folder.mkdir()
    (folder / "a.toml").write_text('[app]\ntitle = "Title"\n', encoding="utf-8")
    (folder / "b.toml").write_text('[cli.check]\nok = "OK"\n', encoding="utf-8")
    return folder


def entry(cache: Path) -> Path:
    return cache / "catalog-en.marshal"


def doctor(cache: Path, source: Path, mapping: dict[str, str]) -> None:
    """An entry for the files as they are now, holding ``mapping``."""
    now = kept.stamp(str(source))
    assert now is not None
    cache.mkdir(mode=0o700, exist_ok=True)
    entry(cache).write_bytes(marshal.dumps((kept.FORMAT, now, mapping)))
    entry(cache).chmod(0o600)


def test_the_first_read_keeps_the_catalog_and_the_next_uses_it(cache: Path, source: Path) -> None:
    read = read_catalog("en", str(source))
    assert read == {"app.title": "Title", "cli.check.ok": "OK"}
    assert entry(cache).exists() and entry(cache).stat().st_mode & 0o777 == 0o600
    assert kept.get("en", kept.stamp(str(source))) == read  # type: ignore[arg-type]
    doctor(cache, source, {"app.title": "From the entry"})
    assert read_catalog("en", str(source)) == {"app.title": "From the entry"}  # used, not read again


@pytest.mark.parametrize(
    "change",
    [
        lambda s: (s / "a.toml").write_text('[app]\ntitle = "Edited"\n', encoding="utf-8"),  # size
        lambda s: os.utime(s / "a.toml", ns=(1, 1)),  # modification time only
        lambda s: (s / "c.toml").write_text('[more]\nx = "y"\n', encoding="utf-8"),  # a file added
        lambda s: (s / "b.toml").unlink(),  # a file removed
    ],
    ids=["edited", "touched", "added", "removed"],
)
def test_changed_files_are_read_again(cache: Path, source: Path, change) -> None:  # noqa: ANN001
    doctor(cache, source, {"app.title": "Stale"})
    change(source)
    read = read_catalog("en", str(source))
    assert read.get("app.title") != "Stale" and "app.title" in read
    assert kept.get("en", kept.stamp(str(source))) == read  # type: ignore[arg-type]  # replaced


def test_another_version_or_folder_is_a_miss(cache: Path, source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    doctor(cache, source, {"app.title": "Stale"})
    monkeypatch.setattr(mlew_tui, "__version__", "9.9.9")
    assert read_catalog("en", str(source))["app.title"] == "Title"
    monkeypatch.undo()
    monkeypatch.setenv("MLEW_CACHE_DIR", str(cache))
    doctor(cache, source, {"app.title": "Stale"})
    other = tmp_path / "other"
    source.rename(other)
    assert read_catalog("en", str(other))["app.title"] == "Title"


@pytest.mark.parametrize("damage", [b"", b"not marshal", marshal.dumps(("other-format", 1, {})), marshal.dumps({"a": 1})])
def test_a_damaged_entry_is_a_miss_and_replaced(cache: Path, source: Path, damage: bytes) -> None:
    cache.mkdir(mode=0o700)
    entry(cache).write_bytes(damage)
    entry(cache).chmod(0o600)
    assert read_catalog("en", str(source))["app.title"] == "Title"
    assert kept.get("en", kept.stamp(str(source))) is not None  # type: ignore[arg-type]


def test_a_wrong_value_type_in_an_entry_is_a_miss(cache: Path, source: Path) -> None:
    doctor(cache, source, {"app.title": 1})  # type: ignore[dict-item]
    assert read_catalog("en", str(source))["app.title"] == "Title"


def test_an_entry_others_may_write_is_not_trusted(cache: Path, source: Path) -> None:
    doctor(cache, source, {"app.title": "Planted"})
    entry(cache).chmod(0o666)
    assert read_catalog("en", str(source))["app.title"] == "Title"
    doctor(cache, source, {"app.title": "Planted"})
    entry(cache).chmod(0o600)
    cache.chmod(0o777)
    assert read_catalog("en", str(source))["app.title"] == "Title"
    link = cache.parent / "link"
    cache.chmod(0o700)
    entry(cache).rename(link)
    entry(cache).symlink_to(link)
    assert read_catalog("en", str(source))["app.title"] == "Title"


def test_off_keeps_nothing(tmp_path: Path, source: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLEW_CACHE_DIR", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert read_catalog("en", str(source))["app.title"] == "Title"
    assert not (tmp_path / "xdg").exists() and not (tmp_path / "home").exists()


def test_a_catalog_that_does_not_load_is_never_kept(cache: Path, source: Path) -> None:
    (source / "c.toml").write_text('[app]\ntitle = "Twice"\n', encoding="utf-8")
    with pytest.raises(CatalogError, match="defined twice"):
        read_catalog("en", str(source))
    assert not entry(cache).exists()


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_shipped_catalogs_read_through_an_entry_are_the_files(cache: Path, lang: str) -> None:
    folder = Path(mlew_tui.__file__).parent / "i18n" / lang
    first = read_catalog(lang, str(folder))  # read from the files, then kept
    assert (cache / f"catalog-{lang}.marshal").exists()
    assert read_catalog(lang, str(folder)) == first == catalog(lang)
    assert len(first) > 1000
