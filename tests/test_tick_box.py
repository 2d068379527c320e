"""A tick box shows its state in shape, not only in colour (a projected room
cannot rely on colour): ``✓`` when on, blank when off."""

from __future__ import annotations

from textual.app import App, ComposeResult

from mlew_tui.widgets.tick_box import TickBox


class _Boxes(App[None]):
    def compose(self) -> ComposeResult:
        yield TickBox("on", True, id="on")
        yield TickBox("off", False, id="off")


async def test_a_tick_box_draws_a_tick_only_when_on() -> None:
    app = _Boxes()
    async with app.run_test() as pilot:
        on, off = app.query_one("#on", TickBox), app.query_one("#off", TickBox)
        assert str(on.render()).startswith("▐✓▌")
        assert str(off.render()).startswith("▐ ▌")
        off.focus()
        await pilot.press("space")
        assert off.value is True
        assert str(off.render()).startswith("▐✓▌")
        await pilot.press("space")
        assert "✓" not in str(off.render())
