"""A long lane measures only what is seen (issue #21): the cards below its
first :data:`EXACT_LINES` lines are estimated, and every row is measured
exactly before it is drawn or scrolled to. Whatever is drawn must be what a
lane measuring every card would draw, wherever the room scrolls."""

from __future__ import annotations

import random

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll

from mlew_tui.text_wrap import line_count
from mlew_tui.widgets import card_lane
from mlew_tui.widgets.card_lane import CardLane, estimate_lines

WORDS = ["the", "lesson", "froze", "twice", "予約が取りにくい", "。", "レビュー", "and", "x" * 25, "😀", "—"]


def texts(count: int, seed: int) -> dict[str, str]:
    rng = random.Random(seed)
    out: dict[str, str] = {}
    for n in range(count):
        words = [rng.choice(WORDS) for _ in range(rng.randint(1, 30))]
        if rng.random() < 0.1:
            words.insert(rng.randint(0, len(words)), "\n")
        out[f"c{n}"] = f"Review {n} " + " ".join(words)
    return out


class LaneApp(App[None]):
    CSS = "CardLane { height: auto; }"  # as on the boards

    def __init__(self, cards: dict[str, str], grid: bool) -> None:
        super().__init__()
        self.cards = cards
        self.lane = CardLane("band", "lane", "", grid, render=Text, classes_of=lambda _: "")

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="scroll"):
            yield self.lane

    def on_mount(self) -> None:
        self.lane.set_cards(list(self.cards), self.cards)


def exact_rows(lane: CardLane) -> list[int]:
    """Each row's height as a lane measuring every card would lay it out."""
    inner = lane._card_width - 4
    return [max(line_count(lane.views[card], inner) for card, _, _ in cells) + 2 for _, cells in lane._rows]


def consistent(lane: CardLane) -> None:
    tops = [0]
    for height, _ in lane._rows[:-1]:
        tops.append(tops[-1] + height)
    assert lane._tops == tops
    assert lane._height == sum(h for h, _ in lane._rows)


def visible_rows(lane: CardLane, scroll: VerticalScroll) -> range:
    y0, y1 = scroll.scroll_y, scroll.scroll_y + scroll.size.height
    first = next(i for i, top in enumerate(lane._tops) if top + lane._rows[i][0] > y0)
    last = max(i for i, top in enumerate(lane._tops) if top < y1)
    return range(first, last + 1)


@pytest.mark.parametrize("grid", [False, True])
async def test_only_the_seen_cards_are_measured_and_every_drawn_row_is_exact(grid: bool) -> None:
    cards = texts(600, seed=1 + grid)
    app = LaneApp(cards, grid)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        lane, scroll = app.lane, app.query_one("#scroll", VerticalScroll)
        # The first frame measured the top of the lane, not its 600 cards.
        assert lane._estimated
        assert len(lane._counts) < 200
        consistent(lane)
        rng = random.Random(3)
        for _ in range(25):  # scroll about as the room would: pages, jumps, the end
            target = rng.choice([scroll.scroll_y + 21, rng.randint(0, int(scroll.max_scroll_y)), scroll.max_scroll_y])
            scroll.scroll_to(y=target, animate=False, immediate=True)
            await pilot.pause()
            consistent(lane)
            shown = visible_rows(lane, scroll)
            assert all(i not in lane._estimated for i in shown)
            truth = exact_rows(lane)
            assert [lane._rows[i][0] for i in shown] == [truth[i] for i in shown]
            # The lane's height on screen follows its rows (laid out again when an estimate was off).
            assert lane.size.height == lane._height
        # Measured all the way, the lane is exactly the lane that measures everything.
        lane._make_exact(0, lane._height + 10_000)
        consistent(lane)
        assert not lane._estimated
        assert [h for h, _ in lane._rows] == exact_rows(lane)


async def test_a_card_scrolled_to_far_below_is_drawn_whole_where_it_was_said_to_be() -> None:
    cards = texts(500, seed=7)
    app = LaneApp(cards, grid=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        lane = app.lane
        last = list(cards)[-1]
        assert lane._estimated
        lane.reveal(last)
        await pilot.pause()
        region = lane.card_region(last)
        assert region is not None
        inner = region.width - 4
        drawn = [lane.render_line(y).crop(region.x + 2, region.right - 2).text.rstrip() for y in range(region.y + 1, region.bottom - 1)]
        assert len(drawn) == line_count(cards[last], inner)
        assert "".join(drawn).replace(" ", "") == cards[last].replace(" ", "").replace("\n", "")
        scroll = app.query_one("#scroll", VerticalScroll)
        assert scroll.scroll_y <= region.y and region.bottom <= scroll.scroll_y + scroll.size.height


def test_an_estimate_is_close_to_the_exact_count() -> None:
    # Not exact (that is the point of it), but a row or so off at most for a card's text.
    for text in texts(300, seed=11).values():
        for inner in (16, 26, 40, 76):
            assert abs(estimate_lines(text, inner) - line_count(text, inner)) <= max(2, line_count(text, inner) // 3)


def test_a_lane_shorter_than_the_exact_lines_is_measured_whole() -> None:
    assert card_lane.EXACT_LINES >= 90  # two screens of a projector at 45 rows
