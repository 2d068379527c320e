"""Invent with Pilot: the scoring table - keyboard entry of every kind,
refusal above points, totals / picks / ties / tally, the turn, undo, the
cycle timer, persistence and the language switch. (Votes and cases:
test_invent_cases_vote.py.)"""

from __future__ import annotations

import html
import re
import tomllib
from pathlib import Path

from textual.pilot import Pilot

from mlew_tui import store
from mlew_tui.app import MlewApp
from mlew_tui.domain.timer import CycleTimer
from mlew_tui.screens.invent import InventScreen
from mlew_tui.screens.invent_cases import CasesPane
from mlew_tui.widgets.scoring_table import TOTAL, ScoringTable, StatusLine
from mlew_tui.widgets.team_panel import TallyBars

from .conftest import FakeClock


def data(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def screen_text(app: MlewApp) -> str:
    """What the terminal shows, as plain text (the screenshot without its markup;
    the pieces of one line follow each other)."""
    svg = app.export_screenshot()
    body = svg[svg.index("<g class") :] if "<g class" in svg else svg
    return html.unescape(re.sub(r"<[^>]+>", "", body)).replace("\xa0", " ")


def make_app(path: Path, clock: FakeClock, *, revealed: bool = True) -> MlewApp:
    """The app on ``path``; ``revealed`` opens with the scores and votes
    revealed (these tests look at the results; private scoring: test_reveal.py)."""
    if revealed:
        session = store.load(path)
        if not (session.invent.scores_revealed and session.invent.votes_revealed):
            session.invent.scores_revealed = session.invent.votes_revealed = True
            store.save(session, path)
    return MlewApp(path, day=1, monotonic=clock.monotonic, now=clock.now)


async def open_step(app: MlewApp, pilot: Pilot[None], step: str) -> None:
    app.workshop.goto(step)
    app.show_step()
    await pilot.pause()


def maria(app: MlewApp) -> dict:
    return app.workshop.session.scores.get("maria", {})


# -- the scoring table -------------------------------------------------------------------


async def test_table_has_focus_and_every_kind_of_key_stores_a_cell(fresh: Path, clock: FakeClock) -> None:
    # items, in table order: i1 issue 5, i2 issue 5, i3 issue 3, i4 strength 5, i5 strength 3, i6 strength 1
    app = make_app(fresh, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_step(app, pilot, "invent.cases")
        table = app.screen.query_one(ScoringTable)
        assert app.screen.focused is table
        assert table.cursor_cell == ("c1", "i1")  # the case being shared, first item
        await pilot.press("f")  # full: 5
        await pilot.press("right", "p")  # partial of 5: 3
        await pilot.press("right", "2", "full_stop", "5")  # 2.5 on the 3-point item
        await pilot.press("right", "full_stop", "5")  # 0.5
        await pilot.press("right", "3")  # a plain digit
        await pilot.press("right", "p")  # partial of 1: 0.5
        assert maria(app)["c1"] == {"i1": 5, "i2": 3, "i3": 2.5, "i4": 0.5, "i5": 3, "i6": 0.5}
        await pilot.press("0")  # 0 clears
        await pilot.press("left", "delete")  # Delete clears
        await pilot.press("down", "left", "left", "left", "left", "4", "backspace")
        assert maria(app) == {"c1": {"i1": 5, "i2": 3, "i3": 2.5, "i4": 0.5}}
        assert table.value("c1", "i3") == 2.5 and table.value("c1", "i6") is None
        assert table.cell("c1", TOTAL).plain == "●11"  # her only scored case: her #1
        assert app.save_now_blocking()
    saved = data(fresh)
    assert saved["scores"] == {"maria": {"c1": {"i1": 5, "i2": 3, "i3": 2.5, "i4": 0.5}}}


async def test_value_above_the_items_points_is_refused_with_a_message(fresh: Path, clock: FakeClock) -> None:
    app = make_app(fresh, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_step(app, pilot, "invent.cases")
        await pilot.press("right", "right", "4")  # i3 is worth 3 points
        assert maria(app) == {}
        message = app.screen.query_one("#scoring-message", StatusLine).text.plain
        assert message == "4 is more than the 3 points of “Sizing surprises lead to returns” - not stored."
        assert "4 is more than the 3 points of “Sizing surprises lead to returns”" in screen_text(app)
        await pilot.press("3")
        assert maria(app)["c1"] == {"i3": 3}
        assert "not stored" not in screen_text(app)  # the message goes with the next good key
        await pilot.press("right", "right", "right", "1", "full_stop", "5")  # i6 is worth 1: 1.5 is refused
        assert maria(app)["c1"]["i6"] == 1
        await pilot.press("9")
        assert maria(app)["c1"]["i6"] == 1
        await pilot.press("full_stop", "3")  # only halves
        assert maria(app)["c1"]["i6"] == 1
        assert "only whole and half points" in screen_text(app)
        assert app.save_now_blocking()
    assert data(fresh)["scores"]["maria"]["c1"] == {"i3": 3, "i6": 1}


async def test_totals_picks_ties_and_the_tally_follow_each_key(fresh: Path, clock: FakeClock) -> None:
    app = make_app(fresh, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_step(app, pilot, "invent.cases")
        table = app.screen.query_one(ScoringTable)
        grid = app.screen.query_one(CasesPane).team.grid
        tally = app.screen.query_one("#team TallyBars", TallyBars)
        await pilot.press("f")  # c1: 5 -> Maria's #1 is c1
        assert grid.cell("maria", "c1").plain == "●5" and grid.cell("maria", "pick").plain == "●1"
        assert tally._lines[0].picks == 1 and tally._lines[0].lead
        await pilot.press("down", "f")  # c2: 5 as well -> tied, she must choose
        assert table.cell("c1", TOTAL).plain == "=5" and table.cell("c2", TOTAL).plain == "=5"
        assert grid.cell("maria", "c1").plain == "=5" and grid.cell("maria", "pick").plain == "=1=2"
        assert [line.picks for line in tally._lines] == [0, 0, 0, 0, 0]
        await pilot.press("right", "p")  # c2: 5 + 3 -> c2 is her #1
        assert table.cell("c2", TOTAL).plain == "●8" and table.cell("c1", TOTAL).plain == "5"
        assert tally._lines[1].picks == 1 and tally._lines[1].lead
        assert "Σ 8" in tally._text(2, 40).plain
        text = screen_text(app)
        assert "#1 picks per case" in text and "●8" in text


async def test_the_table_shows_the_cells_of_whoever_is_at_the_keyboard(fresh: Path, clock: FakeClock) -> None:
    app = make_app(fresh, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_step(app, pilot, "invent.cases")
        table = app.screen.query_one(ScoringTable)
        await pilot.press("f", "right", "f")
        await pilot.press("f9")  # James
        assert app.workshop.turn == "james"
        assert table.value("c1", "i1") is None and table.cursor_cell == ("c1", "i1")
        assert "Scores of James Okafor" in screen_text(app)
        await pilot.press("p")
        assert app.workshop.session.scores["james"] == {"c1": {"i1": 3}}
        await pilot.press("f9", "f9", "f9")  # back to Maria
        assert table.value("c1", "i1") == 5 and table.value("c1", "i2") == 5
        grid = app.screen.query_one(CasesPane).team.grid
        assert grid.cell("maria", "name").plain.startswith("▸")


async def test_undo_restores_the_cell_and_the_totals(fresh: Path, clock: FakeClock) -> None:
    app = make_app(fresh, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_step(app, pilot, "invent.cases")
        table = app.screen.query_one(ScoringTable)
        await pilot.press("2", "full_stop", "5")
        assert maria(app)["c1"]["i1"] == 2.5
        await pilot.press("ctrl+z")
        assert maria(app)["c1"]["i1"] == 2
        await pilot.press("ctrl+z")
        assert maria(app) == {} and table.value("c1", "i1") is None
        assert table.cell("c1", TOTAL).plain == "0"
        await pilot.press("ctrl+y")
        assert table.value("c1", "i1") == 2 and table.cell("c1", TOTAL).plain == "●2"


async def test_cycle_marks_the_case_being_shared_and_moves_the_cursor(fresh: Path, clock: FakeClock) -> None:
    app = make_app(fresh, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_step(app, pilot, "invent.cases")
        screen = app.screen
        assert isinstance(screen, InventScreen) and isinstance(app.workshop.timer, CycleTimer)
        table = screen.query_one(ScoringTable)
        assert table.cell("c1", "__case__").plain.startswith("▶ 1")
        assert "Case 1/5 · SHARING (4 min)" in screen_text(app)
        await pilot.press("f5")  # start the cycle
        clock.advance(4 * 60 + 1)
        screen.follow_cycle()
        await pilot.pause()
        assert "Case 1/5 · SCORING (1 min) · everyone scores" in screen_text(app)
        await pilot.press("down")  # wander off ...
        clock.advance(60)
        screen.follow_cycle()
        await pilot.pause()
        assert table.cell("c2", "__case__").plain.startswith("▶ 2")
        assert not table.cell("c1", "__case__").plain.startswith("▶")
        assert table.cursor_cell == ("c2", "i1")  # ... the next case brings the cursor back
        assert "Case 2/5 · SHARING (4 min) · Visual search" in screen_text(app)


async def test_language_switch_keeps_the_table_working(fresh: Path, clock: FakeClock) -> None:
    app = make_app(fresh, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_step(app, pilot, "invent.cases")
        await pilot.press("f")
        await pilot.press("f10")
        await pilot.pause()
        table = app.screen.query_one(ScoringTable)
        assert app.screen.focused is table
        text = screen_text(app)
        assert "合計" in text and "Maria Lopez さんの評価" in text
        await pilot.press("right", "p")
        assert maria(app)["c1"] == {"i1": 5, "i2": 3}
        assert table.cell("c1", TOTAL).plain == "●8"


# -- issue #16: the state loop ------------------------------------------------------------


def assert_vote_matches_analysis(app: MlewApp) -> None:
    """The vote step shows exactly what the rules (and so the report) say."""
    from mlew_tui.domain.formats import number
    from mlew_tui.domain.scoring import analyse
    from mlew_tui.screens.invent_vote import VotePane
    from mlew_tui.widgets.team_panel import PICK, TIED

    session = app.workshop.session
    analysis = analyse(session)
    pane = app.screen.query_one(VotePane)
    grid = pane.team.grid
    order = list(analysis.case_order)
    assert set(grid.row_keys) == set(analysis.persons)
    for person, result in analysis.persons.items():
        for n, case in enumerate(order, 1):
            total = result.totals.get(case, 0.0)
            assert grid.cell(person, f"c{n}").plain.lstrip(PICK + TIED) == (f"{number(total)}" if total else "·")
        if result.pick:
            pick = f"{PICK}{order.index(result.pick) + 1}"
        elif result.tied:
            pick = TIED + TIED.join(str(order.index(c) + 1) for c in result.tied)
        else:
            pick = "—"
        assert grid.cell(person, "pick").plain == pick
    winner = session.case(analysis.winner.case) if analysis.winner.case else None
    assert winner is not None
    winner_line = str(pane.query_one("#winner").render()).splitlines()[0]
    assert winner_line == f"★ Winner: {order.index(winner.id) + 1} {winner.name}"
    assert (session.invent.winner, session.invent.decided_by) == (analysis.winner.case, analysis.winner.decided_by)


async def test_scores_typed_just_before_f8_show_on_the_vote_step(fresh: Path, clock: FakeClock) -> None:
    """Issue #16: scoring keys followed at once by F8 - the vote step shows the new figures, first and second visit."""
    from mlew_tui.domain.scoring import analyse

    app = make_app(fresh, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_step(app, pilot, "invent.cases")
        await pilot.press("down", "5", "right", "f", "f8")  # c2: 5 + 5
        await pilot.pause()
        assert app.workshop.step.id == "invent.vote"
        assert maria(app) == {"c2": {"i1": 5, "i2": 5}}
        assert analyse(app.workshop.session).winner.case == "c2"
        assert_vote_matches_analysis(app)
        await pilot.press("f7")
        await pilot.pause()
        table = app.screen.query_one(ScoringTable)
        table.focus_row("c3")
        await pilot.press("5", "right", "5", "right", "3", "f8")  # c3: 13 beats c2's 10
        await pilot.pause()
        assert app.workshop.step.id == "invent.vote"
        assert analyse(app.workshop.session).winner.case == "c3"
        assert_vote_matches_analysis(app)
        assert "Winner: 3 " in screen_text(app)
        assert app.save_now_blocking()
    saved = data(fresh)
    assert saved["scores"]["maria"] == {"c2": {"i1": 5, "i2": 5}, "c3": {"i1": 5, "i2": 5, "i3": 3}}
    assert saved["invent"]["winner"] == "c3"


async def test_scoring_keys_then_undo_agree_on_screen_model_and_file(fresh: Path, clock: FakeClock) -> None:
    app = make_app(fresh, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_step(app, pilot, "invent.cases")
        table = app.screen.query_one(ScoringTable)
        await pilot.press("5", "right", "3")
        await pilot.pause()
        assert maria(app) == {"c1": {"i1": 5, "i2": 3}}
        assert table.cell("c1", TOTAL).plain == "●8"
        assert app.workshop.session.invent.winner == "c1"  # recorded with the score, in the same undo step
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert maria(app) == {"c1": {"i1": 5}}
        assert table.value("c1", "i2") is None and table.value("c1", "i1") == 5
        assert table.cell("c1", TOTAL).plain == "●5"
        assert app.workshop.session.invent.winner == "c1"
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert maria(app) == {}
        assert table.value("c1", "i1") is None
        assert table.cell("c1", TOTAL).plain == "0"
        assert (app.workshop.session.invent.winner, app.workshop.session.invent.decided_by) == ("", None)
        assert app.save_now_blocking()
        loaded = store.load(fresh)
        assert loaded.scores.get("maria", {}) == {}
        assert (loaded.invent.winner, loaded.invent.decided_by) == ("", None)
