"""Textual lays the whole screen out again for any widget that asks (issue
#21): a count, a status line, a typed character or a card added to a row that
had room must not ask. Each case here checks both sides: what keeps its size
is repainted without a layout (and shows the new content), what changes size
is laid out (and gets its new size)."""

from __future__ import annotations

from typing import Any

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen

from mlew_tui.widgets.card_lane import CardLane
from mlew_tui.widgets.quiet import QuietLabel, QuietStatic
from mlew_tui.widgets.text_field import TextField
from mlew_tui.widgets.wrapped import WrappedStatic


@pytest.fixture
def layouts(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One entry per layout of a screen."""
    seen: list[int] = []
    original = Screen._refresh_layout

    def counted(self: Screen[Any], *args: Any, **kwargs: Any) -> None:
        seen.append(1)
        original(self, *args, **kwargs)

    monkeypatch.setattr(Screen, "_refresh_layout", counted)
    return seen


class Texts(App[None]):
    CSS = "#fixed { height: 1; } #wide { width: 30; }"

    def compose(self) -> ComposeResult:
        with Vertical():
            yield QuietStatic("one line", id="auto")
            yield QuietStatic("fixed", id="fixed")
            yield QuietLabel("label", id="label")
            yield WrappedStatic(Text("短い文です。"), id="wrapped", classes="wide")
            yield TextField(id="field")


async def test_a_text_of_the_same_size_is_repainted_without_a_layout(layouts: list[int]) -> None:
    app = Texts()
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        auto, fixed, label, wrapped = (app.query_one(f"#{name}", QuietStatic) for name in ("auto", "fixed", "label", "wrapped"))
        layouts.clear()
        auto.update("two line")  # same width, one line
        fixed.update("a much longer text than the line holds, cut to its one line")  # height fixed
        label.update("LABEL")  # a label as wide as before
        wrapped.update(Text("別の文です。"))  # one line again
        await pilot.pause()
        assert layouts == []
        assert auto.render_line(0).text.startswith("two line")
        assert label.render_line(0).text.startswith("LABEL")
        assert wrapped.render_line(0).text.startswith("別の文です。")


async def test_a_text_that_changes_size_is_laid_out(layouts: list[int]) -> None:
    app = Texts()
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        auto, label, wrapped = (app.query_one(f"#{name}", QuietStatic) for name in ("auto", "label", "wrapped"))
        layouts.clear()
        auto.update("first\nsecond\nthird")
        await pilot.pause()
        assert len(layouts) >= 1 and auto.size.height == 3
        layouts.clear()
        label.update("a label much wider")
        await pilot.pause()
        assert len(layouts) >= 1 and label.size.width == len("a label much wider")
        layouts.clear()
        wrapped.update(Text("日本語の文は幅いっぱいで折り返され、二行目、三行目へと続いていきます。"))
        await pilot.pause()
        assert len(layouts) >= 1 and wrapped.size.height == 2


async def test_typing_into_a_field_lays_nothing_out_and_the_field_still_scrolls(layouts: list[int]) -> None:
    app = Texts()
    async with app.run_test(size=(40, 12)) as pilot:
        field = app.query_one(TextField)
        field.focus()
        await pilot.pause()
        layouts.clear()
        await pilot.press(*"a sentence longer than the field is wide, typed key by key")
        await pilot.pause()
        assert layouts == []
        assert field.value == "a sentence longer than the field is wide, typed key by key"
        assert field.scroll_x > 0  # the cursor stays in view at the end
        shown = [strip.text for strip in app.screen._compositor.render_strips()]
        assert any("typed key by key" in line for line in shown), shown


async def test_a_focused_field_holds_its_cursor_still(monkeypatch: pytest.MonkeyPatch) -> None:
    """No blinking: an open form draws nothing while nobody types, and a key
    that changes nothing in the field (ctrl+s) draws no frame of its own."""
    from textual._compositor import Compositor

    frames: list[int] = []
    original = Compositor.render_update

    def counted(self: Compositor, *args: Any, **kwargs: Any) -> Any:
        update = original(self, *args, **kwargs)
        if update is not None:
            frames.append(1)
        return update

    monkeypatch.setattr(Compositor, "render_update", counted)
    app = Texts()
    async with app.run_test(size=(40, 12)) as pilot:
        field = app.query_one(TextField)
        field.focus()
        await pilot.press("a")
        await pilot.pause(0.1)
        frames.clear()
        await pilot.pause(1.2)  # Textual's blink: a frame every 0.5 s
        await pilot.press("ctrl+s")
        await pilot.pause(0.1)
        assert frames == []
        assert field.value == "a"
        assert field.has_focus


def _render(view: str) -> Text:
    return Text(view)


class Lane(App[None]):
    CSS = "CardLane { height: auto; }"  # as the board has it

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield CardLane("band", "lane", "", True, _render, lambda view: "", lambda view: view)


async def test_a_card_added_where_the_row_has_room_is_painted_not_laid_out(layouts: list[int]) -> None:
    app = Lane()
    async with app.run_test(size=(80, 20)) as pilot:
        lane = app.query_one(CardLane)
        views = {f"c{i}": f"card {i}" for i in range(12)}
        lane.set_cards(["c0"], views)
        await pilot.pause()
        cols = lane.cols
        assert cols >= 2
        lane.set_cards([f"c{i}" for i in range(cols + 1)], views)  # a second row with one card
        await pilot.pause()
        height = lane.size.height
        layouts.clear()
        lane.set_cards([f"c{i}" for i in range(cols + 2)], views)  # the second row had room
        await pilot.pause()
        assert layouts == []
        assert lane.size.height == height
        assert f"card {cols + 1}" in "".join(lane.render_line(y).text for y in range(lane.size.height))
        lane.set_cards([f"c{i}" for i in range(2 * cols + 1)], views)  # a third row
        await pilot.pause()
        assert len(layouts) >= 1
        assert lane.size.height > height
        assert f"card {2 * cols}" in "".join(lane.render_line(y).text for y in range(lane.size.height))
