"""Day 2's re-runs are Day 1's working screens on the Day 2 copy (issue #17).

Every re-run step offers the Day 1 views of its process (``]`` / ``[``), each
working exactly as on Day 1; Day 1 stays frozen in the file (``[day1]``) and
can be looked at with ctrl+d; Invent's winner is recomputed from Day 2's
scores and votes, and the screen says when it changed; each day keeps its
own clock.
"""

from __future__ import annotations

import tomllib
from datetime import timedelta
from pathlib import Path

import pytest
from textual.widgets import ContentSwitcher

from mlew_tui import store
from mlew_tui.app import MlewApp
from mlew_tui.domain import agenda
from mlew_tui.domain.agenda import RERUN_VIEWS
from mlew_tui.screens.define import DefineScreen
from mlew_tui.screens.invent import InventScreen
from mlew_tui.screens.listen import ListenScreen
from mlew_tui.screens.refine import RefineScreen
from mlew_tui.screens.test_iterate import TestIterateScreen
from mlew_tui.widgets.milestone_grid import MilestoneGrid

from .conftest import FakeClock, make_app
from .test_refine_app import screen_text

#: The working pane each Day 1 step shows (the ContentSwitcher's current child).
PANES = {
    "listen.reviews": "board-pane",
    "listen.grouping": "board-pane",
    "listen.customer": "customer-pane",
    "define.posts": "posts-pane",
    "define.plus_one": "plus-pane",
    "define.items": "items-pane",
    "invent.cases": "invent-cases",
    "invent.vote": "invent-vote",
    "refine.work": "refine-work",
    "refine.merge": "refine-merge",
    "refine.roles": "refine-roles",
}
SCREENS = {"day2.listen": ListenScreen, "day2.define": DefineScreen, "day2.invent": InventScreen, "day2.refine": RefineScreen, "day2.test": TestIterateScreen}


def saved(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def every_process(path: Path) -> Path:
    """The sample with every process chosen for Day 2."""
    session = store.load(path)
    session.next_step.improve = ["listen", "define", "invent", "refine", "test_iterate"]
    store.save(session, path)
    return path


async def test_every_rerun_view_is_its_day1_working_screen(en_sample: Path, clock: FakeClock) -> None:
    app = make_app(every_process(en_sample), clock, day=2)
    async with app.run_test(size=(160, 45)) as pilot:
        seen = []
        for step in RERUN_VIEWS:
            app.apply("goto", step)
            await pilot.pause()
            for view in RERUN_VIEWS[step]:
                assert app.workshop.view_step == view
                screen = app.screen
                assert type(screen) is SCREENS[step]
                if view in PANES:
                    assert screen.query_one(ContentSwitcher).current == PANES[view], view
                else:
                    assert screen.query_one(MilestoneGrid).has_focus
                if len(RERUN_VIEWS[step]) > 1:
                    text = screen_text(app)
                    assert "Day 1's work, on Day 2's copy:" in text and app.tr(f"rerun.view.{view}") in text
                seen.append(view)
                await pilot.press("right_square_bracket")
                await pilot.pause()
            assert app.workshop.view_step == RERUN_VIEWS[step][0]  # round the views and back
        assert seen == [v for views in RERUN_VIEWS.values() for v in views]
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert app.workshop.view_step == "test.who_what_how"  # one view: [ and ] change nothing
        assert app.save_now_blocking()
    app.lock.release()
    assert saved(en_sample)["progress"]["step"] == "day2.test"


async def test_the_view_is_saved_and_comes_back(en_sample: Path, clock: FakeClock) -> None:
    app = make_app(en_sample, clock, day=2)
    async with app.run_test(size=(120, 40)) as pilot:
        app.apply("goto", "day2.invent")
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert app.workshop.view_step == "invent.vote"
        assert app.save_now_blocking()
    app.lock.release()
    assert saved(en_sample)["progress"]["view"] == "invent.vote"
    again = make_app(en_sample, clock)
    async with again.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert again.screen.query_one(ContentSwitcher).current == "invent-vote"
    again.lock.release()


async def test_rescoring_on_day2_changes_the_copy_and_the_winner_line(fresh: Path, clock: FakeClock) -> None:
    app = make_app(fresh, clock, day=2)
    async with app.run_test(size=(160, 45)) as pilot:
        session = app.workshop.session
        assert session.day1 is not None and session.day1.scores == {}
        app.apply("goto", "day2.invent")
        await pilot.pause()
        assert "Re-score any case" in screen_text(app)
        # private until the facilitator reveals the #1 votes (issue #19), then the winner line
        assert "Today's winner shows when the facilitator reveals the #1 votes." in screen_text(app)
        app.apply("reveal", "votes", True)
        await pilot.pause()
        assert "Winner, recomputed from Day 2's scores and votes: undecided (as on Day 1)" in screen_text(app)
        # maria scores the second case full on the first item: the winner is now that case
        await pilot.press("down", "f")
        await pilot.pause()
        second = session.cases[1]
        first_item = session.ordered_items()[0]
        assert session.scores["maria"][second.id][first_item.id] == first_item.points
        assert session.day1.scores == {}  # Day 1 stays as it was
        assert f"The winner changed: Day 1 undecided → now {second.name}" in screen_text(app)
        assert session.invent.winner == second.id  # recorded with the score, as on Day 1
        assert app.save_now_blocking()
    app.lock.release()
    data = saved(fresh)
    assert data["scores"]["maria"][second.id][first_item.id] == first_item.points
    assert "scores" not in data["day1"]


async def test_revoting_on_day2_and_the_tie_rules(fresh: Path, clock: FakeClock) -> None:
    app = make_app(fresh, clock, day=2)
    async with app.run_test(size=(160, 45)) as pilot:
        session = app.workshop.session
        first, third = session.cases[0], session.cases[2]
        item = session.ordered_items()[0]
        app.apply("goto", "day2.invent")
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert app.workshop.view_step == "invent.vote"
        await pilot.press("3")  # no scores, no tie: the #1 follows from the scores, nothing to choose
        await pilot.pause()
        assert session.votes == {}
        # maria re-scores two cases level: tied, so she chooses her #1
        for case in (first, third):
            app.apply("set_cell", "maria", case.id, item.id, item.points)
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause()
        assert session.votes == {"maria": third.id}
        assert session.invent.winner == third.id
        assert session.day1 is not None and session.day1.votes == {}
        assert f"now {third.name}" not in screen_text(app)  # private until revealed (issue #19)
        await pilot.press("v")
        await pilot.pause()
        assert f"now {third.name}" in screen_text(app)
    app.lock.release()


async def test_refine_rerun_clears_a_red_part(en_sample: Path, clock: FakeClock) -> None:
    app = make_app(en_sample, clock, day=2)
    async with app.run_test(size=(160, 45)) as pilot:
        session = app.workshop.session
        red_before = [s.uncertain for s in session.refine.steps]
        assert True in red_before
        app.apply("goto", "day2.refine")
        await pilot.pause()
        assert app.workshop.view_step == "refine.work"
        await pilot.press("3")  # the developer's steps
        await pilot.pause()
        entries = app.screen.query_one("#steps")
        entries.highlighted = red_before.index(True)
        await pilot.press("u")  # no longer uncertain
        await pilot.pause()
        assert [s.uncertain for s in session.refine.steps] != red_before
        assert not session.refine.steps[red_before.index(True)].uncertain
        assert session.day1 is not None and [s.uncertain for s in session.day1.refine.steps] == red_before
        await pilot.press("right_square_bracket")  # the merge view lists what is still red
        await pilot.pause()
        assert app.screen.query_one(ContentSwitcher).current == "refine-merge"
    app.lock.release()


async def test_define_rerun_changes_an_items_points(en_sample: Path, clock: FakeClock) -> None:
    app = make_app(every_process(en_sample), clock, day=2)
    async with app.run_test(size=(160, 45)) as pilot:
        session = app.workshop.session
        item = session.items[0]
        day1_points = item.points
        app.apply("goto", "day2.define")
        await pilot.press("right_square_bracket", "right_square_bracket")
        await pilot.pause()
        assert app.workshop.view_step == "define.items"
        new_points = 1 if day1_points != 1 else 3
        app.apply("edit_item", item.id, points=new_points)
        await pilot.pause()
        assert session.items[0].points == new_points
        assert session.day1 is not None and session.day1.items[0].points == day1_points
        assert f"{new_points} pt" in screen_text(app)
    app.lock.release()


async def test_add_review_on_day2_opens_the_listen_rerun(en_sample: Path, clock: FakeClock) -> None:
    app = make_app(every_process(en_sample), clock, day=2)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert app.workshop.step.id == "day2.listen" and app.workshop.view_step == "listen.reviews"
        assert isinstance(app.screen, ListenScreen)
        await pilot.press(*"Support tickets say the size chart is wrong")
        await pilot.press("ctrl+s")
        await pilot.pause()
        texts = [r.text for r in app.workshop.session.reviews]
        assert "Support tickets say the size chart is wrong" in texts
        await pilot.press("ctrl+l")  # roll the die: the vote view of the Invent re-run
        await pilot.pause()
        assert app.workshop.step.id == "day2.invent" and app.workshop.view_step == "invent.vote"
    app.lock.release()


async def test_day1_is_shown_read_only_with_ctrl_d(fresh: Path, clock: FakeClock) -> None:
    app = make_app(fresh, clock, day=2)
    async with app.run_test(size=(160, 45)) as pilot:
        session = app.workshop.session
        app.apply("goto", "day2.invent")
        await pilot.press("down", "f")  # a Day 2 score
        await pilot.pause()
        assert session.scores
        await pilot.press("ctrl+d")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, InventScreen) and screen.frozen is not None
        assert "DAY 1, as it stood when Day 2 started - read-only." in screen_text(app)
        assert screen.host.workshop.session.scores == {}  # Day 1 had no scores
        before = session.model_dump()
        await pilot.press("f", "5", "ctrl+z")  # edits are refused
        await pilot.pause()
        assert session.model_dump() == before
        assert session.day1 is not None and session.day1.scores == {}
        await pilot.press("ctrl+d")
        await pilot.pause()
        assert app.screen.frozen is None and app.workshop.view_step == "invent.cases"  # type: ignore[attr-defined]
        await pilot.press("ctrl+d", "f8")  # moving on closes Day 1 too
        await pilot.pause()
        assert isinstance(app.screen, RefineScreen) and app.screen.frozen is None
    app.lock.release()


async def test_ctrl_d_on_day1_says_there_is_nothing_to_show(en_sample: Path, clock: FakeClock) -> None:
    app = make_app(en_sample, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+d")
        await pilot.pause()
        assert [n.message for n in app._notifications] == ["There is no frozen Day 1 to show: it is kept when Day 2 starts."]
        assert app.workshop.day == 1 and len(app.screen_stack) == 1
    app.lock.release()


async def test_f7_on_day2_swaps_the_screen_and_the_agenda_bar(en_sample: Path, clock: FakeClock) -> None:
    app = make_app(en_sample, clock, day=2)
    async with app.run_test(size=(160, 45)) as pilot:
        steps = [s.id for s in app.workshop.steps]
        app.apply("goto", steps[-1])
        await pilot.pause()
        for index in range(len(steps) - 1, 0, -1):
            await pilot.press("f7")
            await pilot.pause()
            step = app.workshop.step
            assert step.id == steps[index - 1]
            assert saved_step(app) == step.id
            assert f"Step {index}/{len(steps)}" in screen_text(app)
            assert app.tr(step.title_key) in screen_text(app)
    app.lock.release()


def saved_step(app: MlewApp) -> str:
    assert app.save_now_blocking()
    return saved(app.path)["progress"]["step"]


async def test_each_day_keeps_its_own_clock(en_sample: Path, clock: FakeClock) -> None:
    day1_start = saved(en_sample)["progress"]["started_at"]
    app = make_app(en_sample, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.run_action("start_day2")
        await pilot.pause()
        progress = app.workshop.session.progress
        # Day 2 starts when it is started, in the session's zone (the sample's -05:00)
        assert progress.day2_started_at == clock.now()
        assert progress.day2_started_at is not None and progress.day2_started_at.utcoffset() == timedelta(hours=-5)
        # Day 1 ended when its last step did (the sample's Next Step), not when Day 2 started
        assert progress.ended_at == progress.actual["next_step"].ended_at != clock.now()
        clock.advance(600)
        await pilot.press("f8")
        await pilot.pause()
        assert app.save_now_blocking()
    app.lock.release()
    data = saved(en_sample)["progress"]
    assert data["started_at"] == day1_start  # never overwritten
    assert data["day2_started_at"].utcoffset() == timedelta(hours=-5)
    assert data["actual"]["day2.allot"]["spent_s"] == 600


def test_a_step_visited_twice_counts_once_with_its_total_time(en_sample: Path, clock: FakeClock) -> None:
    from mlew_tui.workshop import Workshop

    w = Workshop(store.load(en_sample), day=2, monotonic=clock.monotonic, now=clock.now)
    steps = w.steps
    planned = {s.id: s.minutes for s in steps}
    clock.advance(5 * 60)  # allot: 5 of 10 min
    w.apply("next_step")
    clock.advance(60 * 60)  # invent: 60 of its planned minutes
    w.apply("previous_step")
    clock.advance(2 * 60)  # allot again: 7 in all
    w.apply("next_step")
    invent = steps[1].id
    expected = timedelta(minutes=(7 - planned["day2.allot"]) + max(0, 60 - planned[invent]))
    assert w.schedule().behind == expected
    clock.advance(60)
    w.apply("previous_step")  # back and forth: no jump (allot, done before, counts as it stands)
    assert w.schedule().behind == expected + timedelta(minutes=1)
    clock.advance(4 * 60)  # allot again: 11 of 10 min
    assert w.schedule().behind == expected + timedelta(minutes=1 + 4)
    assert agenda.step_by_id(w.steps, "day2.allot").minutes == planned["day2.allot"]


@pytest.mark.parametrize("step", list(RERUN_VIEWS))
def test_every_rerun_has_its_process_views(step: str) -> None:
    process = step.removeprefix("day2.")
    assert all(view.split(".")[0] == process for view in RERUN_VIEWS[step])
    assert agenda.working_step(step, "nonsense") == RERUN_VIEWS[step][0]


@pytest.mark.parametrize(("old", "new"), [(5, 3), (5, 1), (3, 5), (1, 3)])
def test_new_points_keep_every_cell_meaning_what_it_meant(en_sample: Path, old: int, new: int) -> None:
    """The Define re-run changes an item's weight after the cases were scored:
    full stays full, partial stays partial, the rest is capped, and the file
    stays valid (a cell above the points could never be saved)."""
    from mlew_tui.domain.scoring import full_credit, partial_credit
    from mlew_tui.domain.validation import check
    from mlew_tui.workshop import Workshop

    session = store.load(en_sample)
    w = Workshop(session, day=2)
    item = next(i for i in session.items if i.points == old)
    ratio = session.scoring.partial_ratio
    case_ids = [c.id for c in session.cases]
    other = [v for v in (1.5, 0.5) if v < old and v not in (full_credit(old), partial_credit(old, ratio))]
    values = [full_credit(old), partial_credit(old, ratio), *other, 0]
    for case, value in zip(case_ids, values, strict=False):
        w.apply("set_cell", "maria", case, item.id, value)
    change = w.apply("edit_item", item.id, points=new)
    assert {"items", "scores", "invent"} <= change.parts
    cells = [session.scores["maria"][c][item.id] for c in case_ids[: len(values)]]
    assert cells == [full_credit(new), partial_credit(new, ratio), *(min(v, new) for v in other), 0]
    assert check(session) == []
    w.apply("undo")
    assert item.points == old and [session.scores["maria"][c][item.id] for c in case_ids[: len(values)]] == values


async def test_the_test_rerun_states_the_one_3_month_rule_from_m0(en_day2_sample: Path, clock: FakeClock) -> None:
    app = make_app(en_day2_sample, clock)
    async with app.run_test(size=(160, 45)) as pilot:
        app.apply("change_allotment", "test_iterate", 5)
        app.apply("goto", "day2.test")
        await pilot.pause()
        assert isinstance(app.screen, TestIterateScreen)
        intro = str(app.screen.query_one("#milestones-intro").render())  # read whole: on screen it wraps
        assert "due by 2027-03-10 (milestone 0, the use case decided, is 2026-12-10)" in intro
    app.lock.release()


async def test_c_shows_what_changed_on_a_rerun_screen_and_types_on_day1(en_sample: Path, clock: FakeClock) -> None:
    from mlew_tui.screens.day2_changes import ChangesScreen

    app = make_app(en_sample, clock, day=2)
    async with app.run_test(size=(160, 45)) as pilot:
        app.apply("goto", "day2.refine")
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ChangesScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, RefineScreen)
    app.lock.release()
    day1 = make_app(en_sample, clock, day=1)
    async with day1.run_test(size=(160, 45)) as pilot:
        day1.apply("goto", "listen.reviews")
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(day1.screen, ListenScreen)  # Day 1 has nothing to compare: c does nothing
    day1.lock.release()
