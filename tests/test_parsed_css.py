"""Textual's parsed stylesheets kept between runs (mlew_tui.parsed_css): the
rules read back are the rules Textual makes, for the same texts and the same
theme only, under the private cache folder's rules."""

from __future__ import annotations

import marshal
import pickle
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.css.stylesheet import Stylesheet
from textual.dom import DOMNode

from mlew_tui import parsed_css
from mlew_tui.app import MlewApp

from .conftest import FakeClock


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "cache"
    monkeypatch.setenv("MLEW_CACHE_DIR", str(folder))
    parsed_css.uninstall()
    yield folder
    parsed_css.uninstall()


def table_file(cache: Path) -> Path:
    return cache / "parsed-css.marshal"


def described(rule: Any) -> tuple[Any, ...]:
    """What a rule set is: its selectors, where it applies and every style it
    sets (its selector names and pseudo classes are sets: their order is no
    part of it)."""
    try:
        css = rule.css
    except AttributeError as error:  # Textual's css text fails on some rules, fresh or kept alike
        css = repr(error)
    styles = sorted((name, repr(value)) for name, value in rule.styles.get_rules().items())
    selectors = [
        (selector_set.specificity, [(s.css, s.combinator, s.type, s.specificity, s.advance, s._check(DOMNode())) for s in selector_set.selectors])
        for selector_set in rule.selector_set
    ]
    return (css, selectors, sorted(rule.selector_names), rule.is_default_rules, rule.tie_breaker, sorted(rule.pseudo_classes), styles)


async def first_frame_rules(path: Path, theme: str | None = None) -> list[tuple[Any, ...]]:
    """An app on ``path`` to its first frame: its stylesheet's rules, described."""
    clock = FakeClock()
    app = MlewApp(path, day=1, theme=theme, monotonic=clock.monotonic, now=clock.now)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        return [described(rule) for rule in app.stylesheet.rules]


def restart() -> None:
    """As a new process would: nothing in memory, the table read from its file."""
    parsed_css.uninstall()
    parsed_css.install()


async def test_a_second_run_reads_the_rules_textual_made(cache: Path, en_sample: Path) -> None:
    first = await first_frame_rules(en_sample)  # parsed by Textual, then kept
    assert parsed_css._added > 0
    parsed_css.save()
    assert table_file(cache).stat().st_mode & 0o777 == 0o600
    kept = len(parsed_css._table)
    restart()
    assert len(parsed_css._table) == kept
    second = await first_frame_rules(en_sample)
    assert parsed_css._added == 0  # nothing parsed: every stylesheet came from the table
    assert len(first) > 100 and second == first  # the very rules Textual made


async def test_another_theme_is_parsed_not_read(cache: Path, en_sample: Path) -> None:
    await first_frame_rules(en_sample, theme="projector")
    parsed_css.save()
    restart()
    await first_frame_rules(en_sample, theme="light")  # other colours written into the rules
    assert parsed_css._added > 0


def test_rules_with_errors_are_never_kept(cache: Path) -> None:
    parsed_css.install()
    sheet = Stylesheet()
    rules = sheet._parse_rules("Label { colr: red; }", ("test.tcss", ""))
    assert any(rule.errors for rule in rules)
    assert parsed_css._added == 0 and not parsed_css._table
    sheet._parse_rules("Label { color: red; }", ("test.tcss", ""))
    assert parsed_css._added == 1


def test_a_kept_entry_is_used_as_it_is(cache: Path) -> None:
    """The table is what is read (a planted entry shows): so the tests above
    compare the table's rules, not a second parse."""
    parsed_css.install()
    sheet = Stylesheet()
    other = Stylesheet()._parse_rules.__wrapped__(Stylesheet(), "Static { color: blue; }", ("x", ""))  # type: ignore[attr-defined]
    key = (parsed_css._digest(sheet), "Label { color: red; }", ("test.tcss", ""), False, 0, "")
    parsed_css._table[key] = pickle.dumps(other)
    rules = sheet._parse_rules("Label { color: red; }", ("test.tcss", ""))
    assert [r.css for r in rules] == [r.css for r in other]


@pytest.mark.parametrize(
    "content",
    [b"", b"not marshal", marshal.dumps(("other stamp", {})), marshal.dumps({"a": 1})],
    ids=["empty", "damaged", "other-stamp", "other-shape"],
)
def test_a_table_not_made_here_is_empty(cache: Path, content: bytes) -> None:
    cache.mkdir(mode=0o700)
    table_file(cache).write_bytes(content)
    table_file(cache).chmod(0o600)
    assert parsed_css.load(parsed_css.stamp()) == {}


def planted(cache: Path) -> dict[tuple[Any, ...], bytes]:
    table: dict[tuple[Any, ...], bytes] = {("digest", "Label {}", ("x", ""), False, 0, ""): pickle.dumps([])}
    cache.mkdir(mode=0o700, exist_ok=True)
    table_file(cache).write_bytes(marshal.dumps((parsed_css.stamp(), table)))
    table_file(cache).chmod(0o600)
    return table


def test_a_table_others_may_write_is_not_trusted(cache: Path) -> None:
    table = planted(cache)
    assert parsed_css.load(parsed_css.stamp()) == table  # the user's own: trusted
    table_file(cache).chmod(0o666)
    assert parsed_css.load(parsed_css.stamp()) == {}
    table_file(cache).chmod(0o600)
    cache.chmod(0o777)
    assert parsed_css.load(parsed_css.stamp()) == {}
    cache.chmod(0o700)
    moved = cache.parent / "elsewhere"
    table_file(cache).rename(moved)
    table_file(cache).symlink_to(moved)
    assert parsed_css.load(parsed_css.stamp()) == {}


def test_another_textual_is_another_stamp(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    now = parsed_css.stamp()
    assert now is not None and now[0] == parsed_css.FORMAT
    assert any(info.startswith("textual-") for info in now[3]) and any(info.startswith("rich-") for info in now[3])
    planted(cache)
    monkeypatch.setattr(parsed_css, "CSS_MODULES", (*parsed_css.CSS_MODULES[:-1],))  # Textual's files changed
    assert parsed_css.load(parsed_css.stamp()) == {}


def test_off_keeps_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parsed_css.uninstall()
    monkeypatch.setenv("MLEW_CACHE_DIR", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    original = Stylesheet._parse_rules
    parsed_css.install()
    assert Stylesheet._parse_rules is original  # nothing wrapped
    parsed_css.save()
    assert not (tmp_path / "xdg").exists() and not (tmp_path / "home").exists()
    parsed_css.uninstall()


def test_another_parse_method_is_left_alone(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def other(self: Stylesheet, css: str, read_from: Any) -> list[Any]:  # another Textual's signature
        return []

    monkeypatch.setattr(Stylesheet, "_parse_rules", other)
    parsed_css.install()
    assert Stylesheet._parse_rules is other
