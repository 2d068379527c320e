"""SVG snapshots of Invent: the growth cycle (ja), the cases step with the
scoring table (en, and ja at 80x24), the vote decided by the die (en)."""

from __future__ import annotations

import random
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot

from mlew_tui import store
from mlew_tui.app import MlewApp
from mlew_tui.screens.base import WorkshopScreen
from mlew_tui.screens.invent_vote import VotePane

from .conftest import FakeClock, screen_of

#: pytest-textual-snapshot's fixture: app, terminal size and a pilot script -> matches the stored SVG.
SnapCompare = Callable[..., bool]


def run_at(step: str, *keys: str, rng: int | None = None) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run_before(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, MlewApp)
        app.workshop.goto(step)
        app.show_step()
        await pilot.pause()
        if rng is not None:
            app.screen.query_one(VotePane).rng = random.Random(rng)
        if keys:
            await pilot.press(*keys)
        app.save_now_blocking()  # the "saved" mark does not depend on timing
        screen_of(app, WorkshopScreen).refresh_all()  # the saved mark, without waiting for the clock
        await pilot.pause()

    return run_before


def test_growth_cycle_ja(snap_compare: SnapCompare, ja_sample: Path, clock: FakeClock) -> None:
    app = MlewApp(ja_sample, day=1, monotonic=clock.monotonic, now=clock.now)
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_at("invent.growth_cycle"))


def test_cases_scoring_table_en(snap_compare: SnapCompare, en_sample: Path, clock: FakeClock) -> None:
    session = store.load(en_sample)
    session.progress.turn = "maria"
    del session.scores["maria"]["c2"]
    store.save(session, en_sample)
    app = MlewApp(en_sample, day=1, monotonic=clock.monotonic, now=clock.now)
    # Maria scores case 2: full, partial, 2.5 - then tries 4 on a 3-point item (refused)
    keys = ("down", "f", "right", "p", "right", "4")
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_at("invent.cases", *keys))


def test_cases_small_terminal_ja(snap_compare: SnapCompare, ja_sample: Path, clock: FakeClock) -> None:
    app = MlewApp(ja_sample, day=1, monotonic=clock.monotonic, now=clock.now)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_at("invent.cases"))


def test_vote_decided_by_the_die_en(snap_compare: SnapCompare, en_sample: Path, clock: FakeClock) -> None:
    session = store.load(en_sample)
    session.scores = {"maria": {"c1": {"i1": 5}}, "james": {"c3": {"i2": 5}}, "priya": {"c4": {"i1": 2.5, "i2": 2.5}}}
    session.votes = {}
    session.invent.winner, session.invent.decided_by = "", None
    store.save(session, en_sample)
    app = MlewApp(en_sample, day=1, monotonic=clock.monotonic, now=clock.now)
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_at("invent.vote", "r", rng=3))
