"""The board's focus restyles nothing it need not (issue #21).

Textual restyles a widget and everything in it whenever its focus changes; a
board of 300 cards has no style that depends on focus, so
:meth:`CardBoard.watch_has_focus` skips that restyle unless a rule names
``:focus`` or ``:focus-within`` for the board or anything in it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mlew_tui.app import MlewApp
from mlew_tui.widgets.card_board import CardBoard

from .conftest import FakeClock

#: Steps whose main widget is a board.
BOARD_STEPS = ("listen.reviews", "listen.grouping", "define.posts", "define.plus_one")


def computed(board: CardBoard) -> list[tuple[str, str | None, tuple[str, ...], str]]:
    """Every node's computed styles in the board, after restyling them all."""
    nodes = list(board.walk_children(with_self=True))
    board.app.stylesheet.update_nodes(nodes, animate=False)
    return [(type(n).__name__, n.id, tuple(sorted(n.classes)), n.styles.css) for n in nodes]


async def board_of(app: MlewApp, pilot, step: str) -> CardBoard:  # noqa: ANN001
    app.workshop.goto(step)
    app.show_step()
    await pilot.pause()
    board = app.focused  # the step's main widget has the keys
    assert isinstance(board, CardBoard), board
    return board


@pytest.mark.parametrize("step", BOARD_STEPS)
async def test_focus_changes_no_style_in_a_board_and_restyles_nothing(en_sample: Path, clock: FakeClock, step: str) -> None:
    app = MlewApp(en_sample, monotonic=clock.monotonic, now=clock.now)
    async with app.run_test(size=(160, 45)) as pilot:
        board = await board_of(app, pilot, step)
        assert board.has_focus
        assert not board.styled_by_focus()
        focused = computed(board)
        restyled: list[object] = []
        real = app.update_styles
        app.update_styles = lambda node=None, animate=True: (restyled.append(node), real(node, animate=animate))  # type: ignore[method-assign]
        app.screen.set_focus(None)
        await pilot.pause()
        assert not board.has_focus
        assert board not in restyled
        assert computed(board) == focused  # the restyle skipped would have changed nothing
        board.focus()
        await pilot.pause()
        assert board.has_focus and board not in restyled
    app.lock.release()


async def test_a_rule_that_styles_the_board_by_focus_is_honoured(en_sample: Path, clock: FakeClock) -> None:
    app = MlewApp(en_sample, monotonic=clock.monotonic, now=clock.now)
    async with app.run_test(size=(160, 45)) as pilot:
        board = await board_of(app, pilot, "listen.reviews")
        app.stylesheet.add_source("CardBoard:focus .band-title { color: #ff0000; }", read_from=("test", ""))
        app.refresh_css(animate=False)
        await pilot.pause()
        assert board.styled_by_focus()
        title = board.query(".band-title").first()
        assert board.has_focus and title.styles.color.hex == "#FF0000"
        app.screen.set_focus(None)
        await pilot.pause()
        assert title.styles.color.hex != "#FF0000"  # restyled when the board lost the keys
        board.focus()
        await pilot.pause()
        assert title.styles.color.hex == "#FF0000"
    app.lock.release()
