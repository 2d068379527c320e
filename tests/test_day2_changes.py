"""Starting Day 2 keeps the Day 1 state (``FILE.day1.toml``, written once and
never overwritten), and "what changed since Day 1" compares the session with
it: reviews, items and points, scores and the winner, red parts, milestones."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

from mlew_tui import store
from mlew_tui.app import MlewApp
from mlew_tui.domain.changes import compare, day1_state
from mlew_tui.domain.session import Item, Milestone, Review
from mlew_tui.workshop import Workshop

from .conftest import FakeClock
from .test_refine_app import screen_text


def read(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


# -- the snapshot ------------------------------------------------------------------------


def test_keep_day1_writes_once_and_never_overwrites(en_sample: Path) -> None:
    session = store.load(en_sample)
    target = store.day1_path(en_sample)
    assert target.name == "en.day1.toml"
    assert store.keep_day1(en_sample, day1_state(session))
    first = target.read_bytes()
    session.title = "changed"
    assert not store.keep_day1(en_sample, day1_state(session))
    assert target.read_bytes() == first
    assert store.load(target).title != "changed"
    assert [p.name for p in target.parent.iterdir() if p.name.startswith(".")] == []  # no temporary left
    assert target.stat().st_mode & 0o777 == en_sample.stat().st_mode & 0o777


def test_the_workshop_hands_over_the_day1_state_only_when_moving_from_1_to_2(en_sample: Path, ja_sample: Path) -> None:
    kept: list[dict] = []
    w = Workshop(store.load(en_sample), day=2, keep_day1=kept.append)
    assert w.day == 2 and w.step.id == "day2.allot"
    assert len(kept) == 1 and kept[0]["progress"]["day"] == 1 and kept[0]["progress"]["step"] == "next_step"
    Workshop(store.load(ja_sample), day=2, keep_day1=kept.append)  # already Day 2
    Workshop(store.load(ja_sample), day=1, keep_day1=kept.append)  # back to Day 1
    assert len(kept) == 1


async def test_run_day_2_on_a_day_1_file_keeps_the_snapshot(en_sample: Path, clock: FakeClock) -> None:
    day1_text = en_sample.read_text(encoding="utf-8")
    app = MlewApp(en_sample, day=2, monotonic=clock.monotonic, now=clock.now)
    snapshot = store.day1_path(en_sample)
    assert snapshot.exists()
    assert store.load(snapshot) == store.load_data(en_sample, tomllib.loads(day1_text))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.workshop.step.id == "day2.allot"
        assert app.save_now_blocking()
    app.lock.release()
    assert read(en_sample)["progress"]["day"] == 2
    assert read(snapshot)["progress"]["day"] == 1
    # Day 1 again, then Day 2 again: the snapshot stays the first one
    before = snapshot.read_bytes()
    session = store.load(en_sample)
    session.reviews.append(Review(id="r99", author="maria", text="new on day 2", polarity="negative"))
    store.save(session, en_sample)
    MlewApp(en_sample, day=1).lock.release()
    app = MlewApp(en_sample, day=2)
    app.lock.release()
    assert snapshot.read_bytes() == before


async def test_start_day_2_command(en_sample: Path, clock: FakeClock) -> None:
    app = MlewApp(en_sample, monotonic=clock.monotonic, now=clock.now)
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.workshop.day == 1
        await app.run_action("start_day2")
        await pilot.pause()
        assert app.workshop.day == 2 and app.workshop.step.id == "day2.allot"
        assert "Allot the time" in screen_text(app)
        assert store.day1_path(en_sample).exists()
        await app.run_action("start_day2")  # again: nothing happens
        assert app.save_now_blocking()
    app.lock.release()
    assert read(store.day1_path(en_sample))["progress"]["day"] == 1


async def test_a_read_only_instance_writes_no_snapshot(en_sample: Path) -> None:
    holder = store.SessionLock(en_sample)
    assert holder.acquire()
    try:
        app = MlewApp(en_sample, day=2)
        assert app.read_only and not store.day1_path(en_sample).exists()
    finally:
        holder.release()


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
        assert "ja.day1.toml" in screen_text(app)
    app.lock.release()
