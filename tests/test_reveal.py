"""Private scoring, then a reveal (issue #19 item 4).

While a round is private the projector shows only the cells of the person at
the keyboard and who has scored the case presented (the vote: who has a #1),
never totals, picks, the tally or the ★; ``v`` and the palette's ``Reveal the
scores`` / ``Hide the scores`` reveal and hide; ``[invent]`` records it; a
Day 2 re-run starts hidden again. The rules: ``domain.invent``."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

from textual.pilot import Pilot

from mlew_tui import store
from mlew_tui.app import MlewApp
from mlew_tui.commands import palette_entries
from mlew_tui.domain import invent
from mlew_tui.domain.history import History
from mlew_tui.domain.session import Session
from mlew_tui.export.markdown import to_markdown
from mlew_tui.screens.invent import InventScreen
from mlew_tui.screens.invent_cases import CasesPane
from mlew_tui.widgets.scoring_table import TOTAL, ScoringTable

from .conftest import OPENED, FakeClock, opened
from .test_invent_app import make_app, screen_text
from .test_invent_app import open_step as goto_step


def data(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def private_app(path: Path, clock: FakeClock) -> MlewApp:
    app = make_app(path, clock, revealed=False)
    OPENED.append(app)
    return app


def palette_action(app: MlewApp, title: str) -> str:
    """The action of the palette command titled ``title`` (as the palette lists it)."""
    return next(action for shown, _help, action in palette_entries(app) if shown == title)


async def open_step(app: MlewApp, pilot: Pilot[None], step: str) -> None:
    """On ``step``, its screen shown and filled (a loaded machine may need a few frames)."""
    await goto_step(app, pilot, step)
    for _ in range(50):
        screen = app.screen
        if isinstance(screen, InventScreen) and screen.step_id == step and screen.focused is not None:
            break
        await pilot.pause(0.05)
    await pilot.pause()


async def save_now(app: MlewApp, pilot: Pilot[None]) -> None:
    """Written to the file now (the app's Save now, waited for)."""
    await pilot.pause()
    assert app.save_now_blocking()


# -- the rules ----------------------------------------------------------------------


def scored_session(path: Path) -> Session:
    session = store.load(path)
    session.scores = {"maria": {"c1": {"i1": 5}}, "james": {"c2": {"i1": 3}}}
    return session


def test_private_until_revealed_then_everything_shows(fresh: Path) -> None:
    session = scored_session(fresh)
    assert invent.shown(session, "invent.cases") == invent.Shown(totals=False, picks=False)
    assert invent.shown(session, "invent.vote") == invent.Shown(totals=False, picks=False)
    assert invent.shown(session, "refine.work") == invent.Shown(totals=True, picks=True)
    history = History()
    edit = invent.set_revealed(session, "scores", True)
    assert edit is not None
    history.do(edit)
    assert invent.shown(session, "invent.cases") == invent.Shown(totals=True, picks=True)
    # the vote shows the totals once the scores are revealed, the picks once the votes are
    assert invent.shown(session, "invent.vote") == invent.Shown(totals=True, picks=False)
    assert invent.set_revealed(session, "scores", True) is None  # already revealed
    history.undo()
    assert session.invent.scores_revealed is False


def test_who_has_scored_a_case_and_who_has_a_number_one(fresh: Path) -> None:
    session = scored_session(fresh)
    assert invent.scored_by(session, "c1") == (("maria", True), ("james", False), ("priya", False), ("emma", False))
    assert invent.scored_by(session, "c2") == (("maria", False), ("james", True), ("priya", False), ("emma", False))
    from mlew_tui.domain.scoring import analyse

    analysis = analyse(session)
    assert [p.id for p in session.participants if invent.has_pick(analysis, p.id)] == ["maria", "james"]


def test_the_file_records_the_reveal_only_when_revealed(fresh: Path) -> None:
    session = store.load(fresh)
    assert "scores_revealed" not in session.to_toml_dict().get("invent", {})  # files without a reveal stay as they were
    session.invent.scores_revealed = True
    store.save(session, fresh)
    assert data(fresh)["invent"]["scores_revealed"] is True
    assert "votes_revealed" not in data(fresh)["invent"]
    assert store.load(fresh).invent.scores_revealed is True


def test_exports_show_everything_whatever_the_reveal(fresh: Path) -> None:
    session = scored_session(fresh)
    hidden = to_markdown(session, today=date(2026, 12, 3))
    session.invent.scores_revealed = session.invent.votes_revealed = True
    assert to_markdown(session, today=date(2026, 12, 3)) == hidden  # the exports come after the fact


def test_hide_for_rerun_hides_both_rounds(fresh: Path) -> None:
    session = store.load(fresh)
    assert invent.hide_for_rerun(session) is None
    session.invent.scores_revealed = session.invent.votes_revealed = True
    edit = invent.hide_for_rerun(session)
    assert edit is not None
    edit.apply()
    assert (session.invent.scores_revealed, session.invent.votes_revealed) == (False, False)


# -- the scoring step on screen ------------------------------------------------------


async def test_scoring_is_private_until_v_reveals_it(fresh: Path, clock: FakeClock) -> None:
    session = store.load(fresh)
    session.scores = {"james": {"c1": {"i1": 4, "i2": 3}}}  # james scored case 1 before maria
    store.save(session, fresh)
    app = private_app(fresh, clock)
    async with app.run_test(size=(160, 50)) as pilot:
        await open_step(app, pilot, "invent.cases")
        await pilot.press("f")  # maria: full points on case 1's first item
        await pilot.pause()
        table = app.screen.query_one(ScoringTable)
        assert table.value("c1", "i1") == 5  # her own cell shows
        assert table.cell("c1", TOTAL).plain == "—"  # not her total
        text = screen_text(app)
        assert "Scored case 1 (2 of 4):  ✓ Maria Lopez  ✓ James Okafor" in text
        assert "Private scoring" in text
        for shown in ("★", "●", "#1 picks per case", "Σ"):
            assert shown not in text, shown
        assert "7" not in app.screen.query_one(CasesPane).team.grid.cell("james", "c1").plain  # james's 4 + 3
        assert app.screen.query_one(CasesPane).team.grid.cell("james", "c1").plain == "✓"

        await pilot.press("v")
        await pilot.pause()
        assert app.workshop.session.invent.scores_revealed is True
        assert table.cell("c1", TOTAL).plain == "●5"
        text = screen_text(app)
        assert "★" in text and "#1 picks per case" in text
        assert app.screen.query_one(CasesPane).team.grid.cell("james", "c1").plain == "●7"
        await save_now(app, pilot)
        assert data(fresh)["invent"]["scores_revealed"] is True

        await pilot.press("v")  # hides again
        await pilot.pause()
        assert app.workshop.session.invent.scores_revealed is False
        assert "★" not in screen_text(app)


async def test_the_palette_reveals_and_hides_and_reopening_keeps_it(fresh: Path, clock: FakeClock) -> None:
    app = private_app(fresh, clock)
    async with app.run_test(size=(160, 50)) as pilot:
        await open_step(app, pilot, "invent.cases")
        await app.run_action(palette_action(app, "Reveal the scores"))
        await pilot.pause()
        assert app.workshop.session.invent.scores_revealed is True
        assert "★" in screen_text(app)
        await save_now(app, pilot)
        assert data(fresh)["invent"]["scores_revealed"] is True
        await app.run_action(palette_action(app, "Hide the scores"))
        await pilot.pause()
        assert "★" not in screen_text(app)
        await save_now(app, pilot)
        assert "scores_revealed" not in data(fresh).get("invent", {})
        await app.run_action(palette_action(app, "Reveal the scores"))
        await save_now(app, pilot)
    app.lock.release()

    # reopened (read-only or not: another test's lock on a reused inode may hold it): still revealed
    app = private_app(fresh, clock)
    async with app.run_test(size=(160, 50)) as pilot:
        await open_step(app, pilot, "invent.cases")
        assert app.workshop.session.invent.scores_revealed is True
        assert "★" in screen_text(app)
    app.lock.release()


async def test_the_palette_says_where_the_reveal_works(fresh: Path, clock: FakeClock) -> None:
    app = private_app(fresh, clock)
    async with app.run_test(size=(160, 50)) as pilot:
        await goto_step(app, pilot, "refine.work")
        await app.run_action(palette_action(app, "Reveal the scores"))
        await pilot.pause()
        assert app.workshop.session.invent.scores_revealed is False
        assert "Reveal works on Invent's scoring and #1 vote steps." in [n.message for n in app._notifications]


async def test_next_participant_shows_their_empty_cells_and_hides_the_previous(fresh: Path, clock: FakeClock) -> None:
    app = private_app(fresh, clock)
    async with app.run_test(size=(160, 50)) as pilot:
        await open_step(app, pilot, "invent.cases")
        await pilot.press("f", "right", "3")
        await pilot.pause()
        table = app.screen.query_one(ScoringTable)
        assert (table.value("c1", "i1"), table.value("c1", "i2")) == (5, 3)
        await pilot.press("f9")
        await pilot.pause()
        assert app.workshop.turn == "james"
        assert all(table.value(c, i) is None for c, i in table._values)  # james's cells: empty
        assert "Scores of James Okafor" in screen_text(app)
        assert "Scored case 1 (1 of 4):  ✓ Maria Lopez" in screen_text(app)  # who, not what


# -- the vote ----------------------------------------------------------------------------


async def test_the_vote_shows_who_has_a_number_one_until_revealed(fresh: Path, clock: FakeClock) -> None:
    session = scored_session(fresh)
    store.save(session, fresh)
    app = private_app(fresh, clock)
    async with app.run_test(size=(160, 50)) as pilot:
        await open_step(app, pilot, "invent.vote")
        text = screen_text(app)
        assert "Have a #1 (2 of 4):  ✓ Maria Lopez  ✓ James Okafor" in text
        assert "✓ has a #1" in text and "no #1 yet" in text
        for hidden in ("Winner", "★", "●", "Decided by"):
            assert hidden not in text, hidden
        await pilot.press("v")
        await pilot.pause()
        assert app.workshop.session.invent.votes_revealed is True
        text = screen_text(app)
        assert "★ Winner: 1" in text
        assert "Have a #1" not in text
        await save_now(app, pilot)
        assert data(fresh)["invent"]["votes_revealed"] is True


async def test_the_die_waits_for_the_reveal(fresh: Path, clock: FakeClock) -> None:
    session = store.load(fresh)
    session.scores = {"maria": {"c1": {"i1": 5}}, "james": {"c3": {"i1": 5}}}  # tied on picks and sums
    store.save(session, fresh)
    app = private_app(fresh, clock)
    async with app.run_test(size=(160, 50)) as pilot:
        await open_step(app, pilot, "invent.vote")
        await app.run_action("roll_die")
        await pilot.pause()
        assert app.workshop.session.invent.decided_by is None
        assert "Reveal the #1 votes first (v)" in screen_text(app)


# -- Day 2 -------------------------------------------------------------------------------


async def test_the_day2_rerun_starts_hidden_and_stays_as_the_facilitator_left_it(en_day2_sample: Path, clock: FakeClock) -> None:
    session = store.load(en_day2_sample)
    session.invent.scores_revealed = session.invent.votes_revealed = True  # as Day 1 ended
    session.progress.actual.pop("day2.invent", None)
    store.save(session, en_day2_sample)
    app = opened(en_day2_sample, 2, monotonic=clock.monotonic, now=clock.now)
    async with app.run_test(size=(160, 50)) as pilot:
        app.apply("goto", "day2.invent")
        await pilot.pause()
        live = app.workshop.session
        assert (live.invent.scores_revealed, live.invent.votes_revealed) == (False, False)
        assert live.day1 is not None and live.day1.invent.winner == "c1"  # Day 1 frozen as it was
        assert "Private scoring" in screen_text(app)
        await pilot.press("v")
        await pilot.pause()
        assert live.invent.scores_revealed is True
        app.apply("next_step")
        app.apply("goto", "day2.invent")  # back again: not a first visit, stays revealed
        await pilot.pause()
        assert live.invent.scores_revealed is True
        await save_now(app, pilot)
    assert data(en_day2_sample)["invent"]["scores_revealed"] is True


async def test_the_frozen_day1_looked_back_at_shows_everything(en_day2_sample: Path, clock: FakeClock) -> None:
    session = store.load(en_day2_sample)
    assert session.day1 is not None and session.day1.scores  # Day 1 as it ended, no reveal recorded
    assert not session.day1.invent.scores_revealed
    app = opened(en_day2_sample, 2, monotonic=clock.monotonic, now=clock.now)
    async with app.run_test(size=(160, 50)) as pilot:
        app.apply("goto", "day2.invent")
        await pilot.pause()
        assert "Private scoring" in screen_text(app)  # today's re-run: private
        await pilot.press("ctrl+d")  # Day 1, read-only: after the fact, everything shows
        for _ in range(50):
            await pilot.pause(0.05)
            if isinstance(app.screen, InventScreen) and app.screen.frozen is not None:
                break
        await pilot.pause()
        text = screen_text(app)
        assert "Private scoring" not in text
        assert "★" in text and "#1 picks per case" in text
