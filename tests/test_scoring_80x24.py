"""The scoring step at 80x24 (issue #19 item 7), in both languages: 6 people,
5 cases and 8 items. The table says where more columns are (``more →`` /
``← more``) and keeps its case and item headers while the cursor moves; the
key bar shows the step's keys and F7 / F8; F1 lists the step's keys first."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.pilot import Pilot

from mlew_tui import store
from mlew_tui.app import MlewApp
from mlew_tui.domain.session import Item, Participant
from mlew_tui.screens.help import HelpScreen
from mlew_tui.screens.invent import InventScreen
from mlew_tui.widgets.keybar import KeyBar
from mlew_tui.widgets.scoring_table import ScoringTable

from .conftest import FakeClock, opened
from .test_invent_app import screen_text

SIZE = (80, 24)
#: What the hints and headings say in each language.
WORDS = {
    "en": {
        "right": "more →",
        "left": "← more",
        "case": "Case",
        "first": "I1",
        "last": "S4",
        "own": "Keys of this step",
        "global": "Keys on every step",
        "full": "Full",
        "partial": "Partial",
        "score": "Score",
        "next": "Next participant",
        "help": "Help",
    },
    "ja": {
        "right": "続き →",
        "left": "← 続き",
        "case": "事例",
        "first": "課1",
        "last": "強4",
        "own": "このステップのキー",
        "global": "どのステップでも使えるキー",
        "full": "満点",
        "partial": "部分点",
        "score": "点数",
        "next": "次の参加者",
        "help": "ヘルプ",
    },
}


def stress_session(sample: Path, lang: str) -> Path:
    """The English sample with six people and eight items (three strengths),
    on the scoring step, nothing scored yet."""
    session = store.load(sample)
    session.language = lang  # type: ignore[assignment]  # "en" | "ja"
    session.participants += [
        Participant(id="sofia", name="Sofia Marquez", role="designer"),
        Participant(id="kenji", name="Kenji Tanaka", role="developer"),
    ]
    session.items += [
        Item(id="i7", kind="issue", title="Checkout suggestions repeat the cart", points=3),
        Item(id="i8", kind="strength", title="Fast delivery promise", points=1),
    ]
    session.scores, session.votes = {}, {}
    session.invent.winner, session.invent.decided_by = "", None
    session.progress.turn = "maria"
    store.save(session, sample)
    return sample


async def on_scoring(app: MlewApp, pilot: Pilot[None]) -> None:
    """On the scoring step, the table focused and the key bar showing its keys
    (a loaded machine may need a few frames: the bar follows the focus after
    a refresh)."""
    app.apply("goto", "invent.cases")
    for _ in range(50):
        await pilot.pause(0.05)
        screen = app.screen
        if isinstance(screen, InventScreen) and isinstance(screen.focused, ScoringTable) and " 0-5 " in screen.query_one(KeyBar).shown_text:
            break
    await pilot.pause()


@pytest.mark.parametrize("lang", ["en", "ja"])
async def test_the_table_says_where_more_columns_are_and_keeps_its_headers(en_sample: Path, clock: FakeClock, lang: str) -> None:
    words = WORDS[lang]
    app = opened(stress_session(en_sample, lang), 1, monotonic=clock.monotonic, now=clock.now)
    async with app.run_test(size=SIZE) as pilot:
        await on_scoring(app, pilot)
        table = app.screen.query_one(ScoringTable)
        assert len(table.layout_shown.columns) == 8 if table.layout_shown else False
        text = screen_text(app)
        assert words["right"] in text and words["left"] not in text
        assert words["case"] in text and words["first"] in text and words["last"] not in text

        await pilot.press(*["right"] * 7, *["down"] * 4)  # the last item of the last case
        await pilot.pause()
        assert table.cursor_cell == ("c5", "i8")
        text = screen_text(app)
        assert words["left"] in text and words["right"] not in text
        assert words["last"] in text  # the item's heading came into view
        assert words["first"] not in text  # scrolled out, said by the hint
        assert words["case"] in text  # the case column and its heading stay
        assert "5 Conversational" in text  # the row's heading too

        await pilot.press(*["left"] * 7)
        await pilot.pause()
        text = screen_text(app)
        assert words["right"] in text and words["left"] not in text and words["first"] in text


@pytest.mark.parametrize("lang", ["en", "ja"])
async def test_the_key_bar_keeps_f7_and_f8_beside_the_scoring_keys(en_sample: Path, clock: FakeClock, lang: str) -> None:
    app = opened(stress_session(en_sample, lang), 1, monotonic=clock.monotonic, now=clock.now)
    async with app.run_test(size=SIZE) as pilot:
        await on_scoring(app, pilot)
        bar = app.screen.query_one(KeyBar)
        shown = bar.shown_text
        for key in (" 0-5 ", " f ", " p ", " v ", " f9 ", " f7 ", " f8 ", " f1 "):
            assert key in shown, key
        assert bar.size.height == 2  # a second line rather than lose F7 / F8
        text = screen_text(app)
        assert " f7 " in text and " f8 " in text  # on screen, not cut off


async def test_a_wide_terminal_keeps_one_line_of_keys(en_sample: Path, clock: FakeClock) -> None:
    app = opened(stress_session(en_sample, "en"), 1, monotonic=clock.monotonic, now=clock.now)
    async with app.run_test(size=(200, 50)) as pilot:
        await on_scoring(app, pilot)
        bar = app.screen.query_one(KeyBar)
        assert bar.size.height == 1
        assert " f9 " in bar.shown_text and " f7 " in bar.shown_text


@pytest.mark.parametrize("lang", ["en", "ja"])
async def test_f1_lists_the_steps_own_keys_first(en_sample: Path, clock: FakeClock, lang: str) -> None:
    words = WORDS[lang]
    app = opened(stress_session(en_sample, lang), 1, monotonic=clock.monotonic, now=clock.now)
    async with app.run_test(size=SIZE) as pilot:
        await on_scoring(app, pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        own, every = text.index(words["own"]), text.index(words["global"])
        step_part, global_part = text[own:every], text[every:]
        for key, does in (("f", words["full"]), ("p", words["partial"]), ("0-5", words["score"]), ("f9", words["next"])):
            assert re.search(rf"(^|█){re.escape(key)} +│{re.escape(does)}", step_part, re.M), key  # the step's own: first
        assert re.search(rf"(^|█)f1 +│{re.escape(words['help'])}", global_part, re.M)  # then the global ones
        assert not re.search(r"(^|█)f9 +│", global_part, re.M)  # each key once
