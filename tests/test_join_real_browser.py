"""Issue #20 done as a room would do it: the real app (under Pilot) invites on
loopback; four phone pages in headless Chromium join by name and, at once,
write reviews, score the presented case in private until the facilitator
reveals it, and fill the three Refine roles' templates. The projector shows
it, the file holds it. Skipped without chromium."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from mlew_tui import store
from mlew_tui.app import MlewApp
from mlew_tui.domain import invent
from mlew_tui.domain.timer import CycleTimer
from mlew_tui.widgets.card_board import CardBoard

from .conftest import opened
from .join_browser import CHROMIUM, Browser, Page
from .join_phone import invited
from .test_invent_app import screen_text
from .test_join_app import LOOPBACK, goto
from .test_join_page_browser import joined

pytestmark = [pytest.mark.slow, pytest.mark.skipif(CHROMIUM is None, reason="no chromium (apt-get install chromium)")]

PEOPLE = ("maria", "james", "priya", "emma")


async def until(pilot: Pilot[None], done: Callable[[], bool], what: str) -> None:
    for _ in range(300):
        if done():
            return
        await pilot.pause(0.05)
    raise AssertionError(f"never: {what}")


async def write_reviews(page: Page, person: str) -> None:
    for n in range(2):
        await page.type("textarea[name=text]", f"{person} on the phone {n}")
        await page.click("[data-name=polarity] [data-value=negative]")
        await page.click("[data-act=send]")


async def test_four_phones_take_part_at_once_with_the_real_app(fresh: Path, tmp_path: Path) -> None:
    app: MlewApp = opened(fresh, join=LOOPBACK)
    async with app.run_test(size=(160, 50)) as pilot, Browser(tmp_path) as browser:
        url = await invited(app)
        await goto(app, pilot, "listen.reviews")
        pages = [await joined(browser, url, person) for person in PEOPLE]
        session = app.workshop.session
        before = {r.id for r in session.reviews}

        # -- Listen: everyone writes at once
        await asyncio.gather(*(write_reviews(page, person) for page, person in zip(pages, PEOPLE, strict=True)))
        await until(pilot, lambda: len(session.reviews) == len(before) + 8, "eight reviews from four phones")
        new = [r for r in session.reviews if r.id not in before]
        assert sorted(r.text for r in new) == sorted(f"{p} on the phone {n}" for p in PEOPLE for n in range(2))
        assert all(r.text.startswith(r.author) and r.polarity == "negative" for r in new)
        board = app.screen.query_one(CardBoard)
        await until(pilot, lambda: all(board.has_card(r.id) for r in new), "every card on the projector")
        for page, person in zip(pages, PEOPLE, strict=True):  # each phone lists its own, old and new
            own = sum(r.author == person for r in session.reviews)
            await page.wait(f"document.querySelectorAll('[data-list=mine] li[data-id]').length === {own} && document.body.dataset.outbox === '0'")

        # -- Invent: private scoring of the presented case, then the reveal
        await goto(app, pilot, "invent.cases")
        timer = app.workshop.timer
        assert isinstance(timer, CycleTimer)
        case = timer.position.case_id
        for page in pages:
            await page.wait("document.body.dataset.mode === 'score'", "the scoring sheet")

        async def score(page: Page) -> None:
            for item in session.items:
                await page.click(f"[data-item={item.id}] [data-credit=full]")

        await asyncio.gather(*(score(page) for page in pages))
        await until(
            pilot, lambda: all(invent.has_scored(session, p, case) and len(session.scores[p][case]) == len(session.items) for p in PEOPLE), "four sheets"
        )
        assert all(session.scores[p][case][i.id] == i.points for p in PEOPLE for i in session.items)
        number = invent.case_numbers(session.cases)[case]
        await until(pilot, lambda: f"Scored case {number} (4 of 4):  ✓ Maria Lopez  ✓ James Okafor" in screen_text(app), "who has scored, never what")
        assert not session.invent.scores_revealed
        assert "★" not in screen_text(app)
        await pilot.press("v")
        await pilot.pause()
        assert session.invent.scores_revealed and "★" in screen_text(app)

        # -- Refine: the three roles at once
        for person, role in zip(PEOPLE, ("planner", "sales", "developer", "planner"), strict=True):
            app.apply("assign_role", person, role)
        await goto(app, pilot, "refine.work")
        planner, sales, developer = pages[0], pages[1], pages[2]
        for page in (planner, sales, developer):
            await page.wait("document.body.dataset.mode === 'refine'", "the role's template")

        async def plan() -> None:
            field = "[data-field-name=situation] textarea"
            await planner.focus(field)
            await planner.evaluate(f"document.querySelector('{field}').select()")  # the planner rewrites the field
            await planner.type(field, "before a trip")
            await planner.click("[data-field-name=situation] [data-act=save]")

        async def sell() -> None:
            await sales.type("[data-form=faq] [name=q]", "Does it work offline?")
            await sales.type("[data-form=faq] [name=a]", "Yes, the last list is kept")
            await sales.click("[data-form=faq] [data-act=send]")

        async def build() -> None:
            await developer.type("[data-form=step] [name=text]", "Open the trip planner")
            await developer.click("[data-form=step] [data-act=uncertain]")
            await developer.click("[data-form=step] [data-act=send]")

        faqs, steps = len(session.refine.customer_faq), len(session.refine.steps)
        await asyncio.gather(plan(), sell(), build())
        refine = session.refine
        await until(
            pilot, lambda: refine.situation == "before a trip" and len(refine.customer_faq) == faqs + 1 and len(refine.steps) == steps + 1, "three roles' work"
        )
        assert refine.customer_faq[-1].q == "Does it work offline?"
        assert (refine.steps[-1].text, refine.steps[-1].uncertain) == ("Open the trip planner", True)
        for page in pages:
            assert await page.problems() == []

        # -- everything in the file, and undoable from the keyboard
        assert app.save_now_blocking()
        kept = store.load(fresh)
        assert sorted(r.text for r in kept.reviews if r.id not in before) == sorted(r.text for r in new)
        assert kept.refine.situation == "before a trip" and kept.invent.scores_revealed

        def phones_work() -> int:
            return len(session.refine.steps) - steps + len(session.refine.customer_faq) - faqs + (session.refine.situation == "before a trip")

        assert phones_work() == 3
        await pilot.press("ctrl+z")  # the last phone's change, taken back from the keyboard
        await pilot.pause()
        assert phones_work() == 2
