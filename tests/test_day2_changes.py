"""Starting Day 2 freezes Day 1's work in the session file (``[day1]``,
written once and never overwritten), and "what changed since Day 1" compares
the session with it: reviews, items and points, scores and the winner, red
parts, milestones."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

from mlew_tui import store
from mlew_tui.app import MlewApp
from mlew_tui.domain.changes import compare, compare_days, day1_session, freeze_day1
from mlew_tui.domain.session import Item, Milestone, Review
from mlew_tui.domain.validation import validate
from mlew_tui.toml_writer import dumps
from mlew_tui.workshop import Workshop

from .conftest import FakeClock
from .test_refine_app import screen_text


def read(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


# -- the frozen Day 1 ---------------------------------------------------------------------


def test_day1_is_frozen_in_the_file_once_and_never_changes(en_sample: Path, clock: FakeClock) -> None:
    session = store.load(en_sample)
    day1_reviews = [r.id for r in session.reviews]
    w = Workshop(session, day=2, now=clock.now)
    assert w.day == 2 and w.step.id == "day2.allot"
    assert session.day1 is not None and session.day1.frozen_at == clock.now()
    assert [r.id for r in session.day1.reviews] == day1_reviews
    # Day 2's edits never reach the frozen copy
    w.apply("add_review", author="maria", text="new on day 2", polarity="negative")
    assert len(session.reviews) == len(day1_reviews) + 1 and len(session.day1.reviews) == len(day1_reviews)
    # back to Day 1 and again to Day 2: still the first freeze
    frozen = session.day1.model_copy(deep=True)
    Workshop(session, day=1, now=clock.now)
    Workshop(session, day=2, now=clock.now)
    assert session.day1 == frozen


def test_the_frozen_day1_round_trips_and_validates(en_sample: Path) -> None:
    session = store.load(en_sample)
    session.day1 = freeze_day1(session)
    data = session.to_toml_dict()
    assert validate(data)[1] == []
    again = store.load_data(en_sample, tomllib.loads(dumps(data)))
    assert again.day1 == session.day1
    assert day1_session(again) is not None and not compare_days(again).any  # type: ignore[union-attr]


def test_references_inside_the_frozen_day1_are_checked_within_it(en_sample: Path) -> None:
    session = store.load(en_sample)
    session.day1 = freeze_day1(session)
    data = session.to_toml_dict()
    data["day1"]["reviews"][0]["author"] = "nobody"
    problems = validate(data)[1]
    assert [p.path for p in problems] == ["day1.reviews[0].author"]


async def test_run_day_2_on_a_day_1_file_freezes_day1_in_it(en_sample: Path, clock: FakeClock) -> None:
    day1 = store.load(en_sample)
    app = MlewApp(en_sample, day=2, monotonic=clock.monotonic, now=clock.now)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.workshop.step.id == "day2.allot"
        assert app.save_now_blocking()
    app.lock.release()
    saved = read(en_sample)
    assert saved["progress"]["day"] == 2
    assert not store.day1_path(en_sample).exists()  # nothing beside the file: Day 1 is in it
    again = store.load(en_sample)
    assert again.day1 is not None
    assert [r.id for r in again.day1.reviews] == [r.id for r in day1.reviews]
    assert again.day1.scores == day1.scores and again.day1.votes == day1.votes


async def test_a_day1_file_from_before_is_taken_in(en_sample: Path, clock: FakeClock) -> None:
    """Day 2 files saved before Day 1 was kept in the file had FILE.day1.toml beside them."""
    session = store.load(en_sample)
    store.day1_path(en_sample).write_text(dumps(session.to_toml_dict()), encoding="utf-8")
    session.progress.day = 2
    session.progress.step = "day2.allot"
    session.reviews.pop()
    store.save(session, en_sample)
    before = en_sample.read_bytes()
    app = MlewApp(en_sample, monotonic=clock.monotonic, now=clock.now)
    assert app.workshop.session.day1 is not None
    changes = compare_days(app.workshop.session)
    assert changes is not None and len(changes.reviews_removed) == 1
    app.lock.release()
    assert en_sample.read_bytes() == before  # opening alone writes nothing


async def test_start_day_2_command(en_sample: Path, clock: FakeClock) -> None:
    app = MlewApp(en_sample, monotonic=clock.monotonic, now=clock.now)
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.workshop.day == 1
        await app.run_action("start_day2")
        await pilot.pause()
        assert app.workshop.day == 2 and app.workshop.step.id == "day2.allot"
        assert "Allot the time" in screen_text(app)
        frozen = app.workshop.session.day1
        assert frozen is not None
        await app.run_action("start_day2")  # again: nothing happens
        assert app.workshop.session.day1 is frozen
        assert app.save_now_blocking()
    app.lock.release()
    assert "day1" in read(en_sample)


# -- the comparison --------------------------------------------------------------------------


def test_nothing_changed_right_after_the_switch(en_sample: Path) -> None:
    session = store.load(en_sample)
    assert not compare(session, session.model_copy(deep=True)).any


def test_compare_lists_what_the_improvement_run_changed(en_sample: Path) -> None:
    day1 = store.load(en_sample)
    now = day1.model_copy(deep=True)
    now.reviews.append(Review(id="r99", author="maria", text="Support: 40 tickets about slow pages", polarity="negative"))
    assumed = next(r for r in now.reviews if r.basis == "assumption")
    assumed.basis = "fact"
    now.items[0].points = 3 if now.items[0].points != 3 else 5
    now.items.append(Item(id="i99", kind="issue", title="new issue", points=1))
    cells = now.scores[now.participants[0].id]
    first_case = next(iter(cells))
    cells[first_case] = {}
    red = next(s for s in now.refine.steps if s.uncertain)
    red.uncertain = False
    now.milestones[0].due = date(2027, 2, 12)
    now.milestones.insert(0, Milestone(id="m0", title="Use case decided", due=date(2026, 12, 10)))
    changes = compare(day1, now)
    assert [r.id for r in changes.reviews_added] == ["r99"]
    assert [r.id for r in changes.reviews_edited] == [assumed.id]
    assert changes.assumptions[1] == changes.assumptions[0] - 1
    assert [c.id for c in changes.items_changed] == [now.items[0].id]
    assert [i.id for i in changes.items_added] == ["i99"]
    assert changes.scores_changed and any(c.id == first_case and c.sum < c.old_sum for c in changes.cases)
    assert changes.uncertain == (changes.uncertain[0], changes.uncertain[0] - 1)
    assert [p.text for p in changes.cleared] == [red.text]
    assert [m.id for m in changes.milestones_added] == ["m0"]
    assert changes.milestones_changed[0].fields == (("due", "2027-02-26", "2027-02-12"),)
    assert changes.any


def test_compare_sees_a_new_winner(en_sample: Path) -> None:
    day1 = store.load(en_sample)
    now = day1.model_copy(deep=True)
    old_winner = compare(day1, now).winner[1]
    loser = next(c.id for c in now.cases if c.id != old_winner)
    for person in now.participants:
        now.votes[person.id] = loser
    now.invent.winner, now.invent.decided_by = "", None
    changes = compare(day1, now)
    assert changes.winner == (old_winner, loser) and changes.winner_changed
    assert all(p.new == loser for p in changes.picks)


# -- the view --------------------------------------------------------------------------------


async def test_the_change_view_shows_changes_literally(en_sample: Path, clock: FakeClock) -> None:
    app = MlewApp(en_sample, day=2, monotonic=clock.monotonic, now=clock.now)
    async with app.run_test(size=(120, 40)) as pilot:
        session = app.workshop.session
        session.reviews.append(Review(id="r99", author="maria", text="[b]x[/b] and [@click=app.quit]y[/]", polarity="positive"))
        red = sum(s.uncertain for s in session.refine.steps) + sum(f.uncertain for f in session.refine.customer_faq + session.refine.internal_faq)
        session.refine.steps[[s.uncertain for s in session.refine.steps].index(True)].uncertain = False
        await app.run_action("show_changes")
        await pilot.pause()
        text = screen_text(app)
        assert "What changed since Day 1" in text
        assert "[b]x[/b] and [@click=app.quit]y[/]" in text
        assert "Reviews: 13 → 14 (1 added)" in text
        assert f"Uncertain (red) parts: {red} → {red - 1}" in text
        await pilot.press("escape")
        await pilot.pause()
        assert "What changed since Day 1" not in screen_text(app)
        await pilot.press("c")  # the key on Day 2's own screens
        await pilot.pause()
        assert "What changed since Day 1" in screen_text(app)
    app.lock.release()


async def test_the_change_view_without_a_snapshot(ja_sample: Path, clock: FakeClock) -> None:
    app = MlewApp(ja_sample, monotonic=clock.monotonic, now=clock.now)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.run_action("show_changes")
        await pilot.pause()
        assert "まだ比較する実践編がありません" in screen_text(app)
    app.lock.release()


def test_the_frozen_day1_has_exactly_the_sessions_tables_for_its_work() -> None:
    """[day1] mirrors the session's own tables (the file's key order keeps them
    apart in the code): the same names, types and defaults, so a Day 1 frozen
    today reads back the same tomorrow."""
    from mlew_tui.domain.session import DAY1_FIELDS, Day1, Session

    assert set(Day1.model_fields) == {"frozen_at", *DAY1_FIELDS}
    for name in DAY1_FIELDS:
        mine, theirs = Day1.model_fields[name], Session.model_fields[name]
        assert (mine.annotation, mine.default, mine.default_factory) == (theirs.annotation, theirs.default, theirs.default_factory), name
