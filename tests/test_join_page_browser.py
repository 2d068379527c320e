"""The participant page in headless Chromium (phone viewport), against the
in-memory fake of the join API (tests/join_fake.py): joining, every mode's
action, four phones at once, literal text, a dropped connection, typing
during a state event, and the language switch. Skipped without chromium.

Set ``JOIN_SHOTS=/some/dir`` to keep the screenshots for a look."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from .join_browser import CHROMIUM, Browser, Page
from .join_fake import Room, serving

pytestmark = [pytest.mark.slow, pytest.mark.skipif(CHROMIUM is None, reason="no chromium (apt-get install chromium)")]


@pytest.fixture
async def room() -> Room:
    return Room()


@pytest.fixture
async def url(room: Room) -> AsyncIterator[str]:
    async with serving(room) as address:
        yield address


@pytest.fixture
async def browser(tmp_path: Path) -> AsyncIterator[Browser]:
    async with Browser(tmp_path) as chromium:
        yield chromium


def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("JOIN_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


async def joined(browser: Browser, url: str, person: str) -> Page:
    page = await browser.open(url)
    await page.wait("document.body.dataset.mode === 'pick'", "the name picker")
    await page.click(f"[data-person={person}]")
    await page.wait("document.body.dataset.mode && document.body.dataset.mode !== 'pick'", "the step after joining")
    return page


async def until(condition: object, what: str) -> None:
    for _ in range(400):
        if condition():  # type: ignore[operator]
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


async def test_join_by_name_and_remembered_on_reload(room: Room, url: str, browser: Browser, tmp_path: Path) -> None:
    page = await browser.open(url)
    await page.wait("document.body.dataset.mode === 'pick'")
    assert await page.evaluate("[...document.querySelectorAll('[data-person]')].map(b => b.textContent)") == ["佐藤", "Lee", "Kim", "Ana"]
    await page.screenshot(shots(tmp_path) / "en-pick.png")
    await page.click("[data-person=lee]")
    await page.wait("document.body.dataset.mode === 'reviews'")
    device = await page.evaluate("JSON.parse(localStorage.getItem('mlew.join.device'))")
    assert room.joined == {device: "lee"}
    assert await page.text("#who .me") == "Lee"
    room.joined.clear()  # a new link or a restarted app: the device is unknown again
    await page.reload()
    await page.wait("document.body.dataset.mode === 'reviews'", "the silent rejoin")
    assert room.joined == {device: "lee"}
    await page.click("[data-act=not-me]")
    await page.wait("document.body.dataset.mode === 'pick'")
    await page.click("[data-person=kim]")
    await page.wait("document.body.dataset.mode === 'reviews' && document.querySelector('#who .me').textContent === 'Kim'")
    assert room.joined == {device: "kim"}
    assert await page.problems() == []


async def submitted(room: Room, count: int) -> list[tuple[str, dict[str, object]]]:
    await until(lambda: len(room.applied) >= count, f"{count} submissions")
    return [(action, args) for _, _, action, args in room.applied]


async def test_reviews_add_edit_delete(room: Room, url: str, browser: Browser, tmp_path: Path) -> None:
    page = await joined(browser, url, "sato")
    await page.type("textarea[name=text]", "The teacher often can't hear me")
    await page.click("[data-name=polarity] [data-value=negative]")
    await page.click("[data-name=basis] [data-value=assumption]")
    await page.click("[data-act=send]")
    assert await submitted(room, 1) == [("add_review", {"text": "The teacher often can't hear me", "polarity": "negative", "basis": "assumption"})]
    await page.wait("document.querySelectorAll('[data-list=mine] li[data-id]').length === 1")
    assert await page.value("textarea[name=text]") == ""
    await page.click("[data-list=mine] [data-act=edit]")
    assert await page.value("textarea[name=text]") == "The teacher often can't hear me"
    await page.type("textarea[name=text]", " at all")
    await page.click("[data-name=polarity] [data-value=positive]")
    await page.click("[data-act=send]")
    rid = room.reviews[0]["id"]
    assert (await submitted(room, 2))[1] == (
        "edit_review",
        {"text": "The teacher often can't hear me at all", "polarity": "positive", "basis": "assumption", "review": rid},
    )
    await page.wait("document.querySelector('[data-list=mine] .text').textContent.endsWith('at all')")
    await page.screenshot(shots(tmp_path) / "en-reviews.png")
    await page.click("[data-list=mine] [data-act=delete]")
    assert len(room.applied) == 2  # the first tap only arms it
    await page.click("[data-list=mine] [data-act=delete]")
    assert (await submitted(room, 3))[2] == ("delete_review", {"review": rid})
    await page.wait("document.querySelectorAll('[data-list=mine] li[data-id]').length === 0")
    assert await page.problems() == []


async def test_posts_cite_reviews(room: Room, url: str, browser: Browser, tmp_path: Path) -> None:
    room.reviews += [
        {"id": "r1", "author": "lee", "text": "Sessions time out often", "polarity": "negative", "basis": "fact"},
        {"id": "r2", "author": "kim", "text": "Corrections make me understood", "polarity": "positive", "basis": "fact"},
    ]
    room.mode = "posts"
    page = await joined(browser, url, "sato")
    await page.click("[data-name=stance] [data-value=quit]")
    await page.type("textarea[name=text]", "I give up, it keeps dropping")
    await page.click("[data-list=reviews] [data-id=r1]")
    await page.screenshot(shots(tmp_path) / "en-posts.png")
    await page.click("[data-act=send]")
    assert await submitted(room, 1) == [("add_post", {"text": "I give up, it keeps dropping", "stance": "quit", "refs": ["r1"]})]
    await page.wait("document.querySelectorAll('[data-list=mine] li[data-id]').length === 1")
    await page.click("[data-list=mine] [data-act=edit]")
    await page.click("[data-list=reviews] [data-id=r2]")
    await page.click("[data-act=send]")
    assert (await submitted(room, 2))[1] == ("edit_post", {"text": "I give up, it keeps dropping", "stance": "quit", "refs": ["r1", "r2"], "post": "s1"})
    assert await page.problems() == []


async def test_case_fields(room: Room, url: str, browser: Browser, tmp_path: Path) -> None:
    room.mode = "case"
    page = await joined(browser, url, "kim")
    await page.type("[name=name]", "Lesson recap")
    await page.type("[name=company]", "TalkCo")
    await page.type("[name=solves]", "Keeping the words")
    await page.screenshot(shots(tmp_path) / "en-case.png")
    await page.click("[data-act=send]")
    fields = dict.fromkeys(["name", "company", "valued_for", "solves", "reinforces", "result", "data_loop", "source"], "")
    fields.update(name="Lesson recap", company="TalkCo", solves="Keeping the words")
    assert await submitted(room, 1) == [("add_case", {"fields": fields})]
    await page.wait("document.querySelector('[data-list=mine] .text') && document.querySelector('[data-list=mine] .text').textContent === 'Lesson recap'")
    assert await page.problems() == []


async def test_score_the_presented_case_and_pick_one_without_a_cycle(room: Room, url: str, browser: Browser, tmp_path: Path) -> None:
    room.mode = "score"
    page = await joined(browser, url, "lee")
    assert await page.text(".case-name") == "1. Lesson log"
    assert await page.text("[data-item=i1] [data-credit=partial]") == "Partial 2.5"
    await page.click("[data-item=i1] [data-credit=full]")
    await page.wait("document.querySelector('[data-item=i1] [data-credit=full]').classList.contains('on')")
    await page.click("[data-item=i2] [data-credit=partial]")
    await page.wait("document.querySelector('[data-item=i2] [data-credit=partial]').classList.contains('on')")
    await page.screenshot(shots(tmp_path) / "en-score.png")
    await page.click("[data-item=i2] [data-credit=partial]")  # again: cleared
    assert await submitted(room, 3) == [
        ("score", {"case": "c1", "item": "i1", "credit": "full"}),
        ("score", {"case": "c1", "item": "i2", "credit": "partial"}),
        ("score", {"case": "c1", "item": "i2", "credit": None}),
    ]
    room.presented = None
    room.changed()
    await page.wait("document.querySelector('.card h2').textContent === 'Pick the case to score.'")
    await page.click("[data-case=c2]")
    await page.click("[data-item=i1] [data-credit=none]")
    assert (await submitted(room, 4))[3] == ("score", {"case": "c2", "item": "i1", "credit": "none"})
    assert await page.problems() == []


async def test_vote_shows_the_pick_and_chooses_among_the_tied(room: Room, url: str, browser: Browser, tmp_path: Path) -> None:
    room.mode = "vote"
    page = await joined(browser, url, "ana")
    assert await page.text(".pick-line") == "Your #1: 1. Lesson log"
    assert await page.evaluate("document.querySelectorAll('[data-act=vote]').length") == 0
    room.tie = True
    room.changed()
    await page.wait("document.querySelectorAll('[data-act=vote]').length === 2")
    await page.screenshot(shots(tmp_path) / "en-vote.png")
    await page.click("[data-case=c2] [data-act=vote]")
    assert await submitted(room, 1) == [("vote", {"case": "c2"})]
    await page.wait("document.querySelector('.pick-line').textContent === 'Your #1: 2. Talk bot'")
    assert await page.problems() == []


async def test_refine_roles(room: Room, url: str, browser: Browser, tmp_path: Path) -> None:
    room.mode = "refine"
    planner = await joined(browser, url, "sato")
    developer = await joined(browser, url, "kim")
    await planner.type("[data-field-name=situation] textarea", "Before a trip abroad")
    await planner.click("[data-field-name=situation] [data-act=save]")
    assert await submitted(room, 1) == [("refine_field", {"field": "situation", "value": "Before a trip abroad", "base": ""})]
    await planner.type("[data-form=faq] [name=q]", "How do we measure growth?")
    await planner.type("[data-form=faq] [name=a]", "Weekly active learners")
    await planner.click("[data-form=faq] [data-act=uncertain]")
    await planner.click("[data-form=faq] [data-act=send]")
    assert (await submitted(room, 2))[1] == ("add_faq", {"q": "How do we measure growth?", "a": "Weekly active learners", "uncertain": True})
    await planner.wait("document.querySelectorAll('[data-list=faq] li.uncertain').length === 1")
    await planner.screenshot(shots(tmp_path) / "en-refine-planner.png")
    await developer.type("[data-form=step] [name=text]", "Open the lesson log")
    await developer.click("[data-form=step] [data-act=send]")
    assert (await submitted(room, 3))[2] == ("add_step", {"text": "Open the lesson log", "uncertain": False})
    await developer.wait("document.querySelectorAll('[data-list=steps] li[data-index]').length === 1")
    await developer.click("[data-list=steps] [data-act=uncertain]")
    assert (await submitted(room, 4))[3] == ("edit_step", {"index": 0, "text": "Open the lesson log", "uncertain": True, "base": "Open the lesson log"})
    await developer.wait("document.querySelectorAll('[data-list=steps] li.uncertain').length === 1")
    await developer.click("[data-list=steps] [data-act=edit]")
    await developer.type("[data-form=step] [name=text]", " on the phone")
    await developer.click("[data-form=step] [data-act=send]")
    assert (await submitted(room, 5))[4] == (
        "edit_step",
        {"index": 0, "text": "Open the lesson log on the phone", "uncertain": True, "base": "Open the lesson log"},
    )
    await developer.screenshot(shots(tmp_path) / "en-refine-developer.png")
    await developer.click("[data-list=steps] [data-act=delete]")
    await developer.click("[data-list=steps] [data-act=delete]")
    assert (await submitted(room, 6))[5] == ("remove_step", {"index": 0})
    # the planner's field follows another device's save while the planner is not typing in it
    room.message["product_name"] = "TalkMate"
    room.changed()
    await planner.wait("document.querySelector('[data-field-name=product_name] textarea').value === 'TalkMate'")


async def test_todos(room: Room, url: str, browser: Browser, tmp_path: Path) -> None:
    room.mode = "todos"
    page = await joined(browser, url, "lee")
    await page.type("textarea[name=text]", "Ask support for 20 tickets")
    await page.evaluate("(() => { const s = document.querySelector('select[name=milestone]'); s.value = 'm2'; s.dispatchEvent(new Event('change')); })()")
    await page.click("[data-act=send]")
    assert await submitted(room, 1) == [("add_todo", {"text": "Ask support for 20 tickets", "milestone": "m2"})]
    await page.wait("document.querySelectorAll('[data-list=mine] li[data-id]').length === 1")
    await page.click("[data-list=mine] [data-act=toggle]")
    assert (await submitted(room, 2))[1] == ("toggle_todo", {"todo": "t1"})
    await page.wait("document.querySelectorAll('[data-list=mine] li.done').length === 1")
    await page.screenshot(shots(tmp_path) / "en-todos.png")
    await page.click("[data-list=mine] [data-act=delete]")
    await page.click("[data-list=mine] [data-act=delete]")
    assert (await submitted(room, 3))[2] == ("remove_todo", {"todo": "t1"})
    assert await page.problems() == []


async def test_read_shows_the_step_and_counts_down(room: Room, url: str, browser: Browser, tmp_path: Path) -> None:
    room.mode = "read"
    room.timer = {"running": True, "remaining_s": 3.5, "duration_s": 600}
    page = await joined(browser, url, "lee")
    assert await page.text(".step-title") == "The goal of the day"
    assert await page.text("#what") == "Listen to the facilitator."
    assert await page.text("#timer") in ("00:04", "00:03")
    await page.screenshot(shots(tmp_path) / "en-read.png")
    await page.wait("document.querySelector('#timer').textContent === 'Time is up'", "the countdown to reach zero")


async def test_four_phones_add_reviews_at_once(room: Room, url: str, browser: Browser) -> None:
    people = ["sato", "lee", "kim", "ana"]
    pages = [await joined(browser, url, person) for person in people]

    async def write(page: Page, person: str) -> None:
        for n in range(3):
            await page.type("textarea[name=text]", f"{person} review {n}")
            await page.click("[data-act=send]")

    await asyncio.gather(*(write(page, person) for page, person in zip(pages, people, strict=True)))
    await until(lambda: len(room.reviews) == 12, "12 reviews")
    assert sorted(r["text"] for r in room.reviews) == sorted(f"{p} review {n}" for p in people for n in range(3))
    assert {r["author"] for r in room.reviews if r["text"].startswith("kim ")} == {"kim"}
    for page in pages:
        await page.wait("document.querySelectorAll('[data-list=mine] li[data-id]').length === 3 && document.body.dataset.outbox === '0'")


async def test_markup_is_shown_literally(room: Room, url: str, browser: Browser, tmp_path: Path) -> None:
    hostile = ["<img src=x onerror=alert(1)>", "[bold]x[/]"]
    room.title = "<b>title</b>"
    page = await joined(browser, url, "sato")
    for text in hostile:
        await page.type("textarea[name=text]", text)
        await page.click("[data-act=send]")
    await page.wait("document.querySelectorAll('[data-list=mine] li[data-id]').length === 2")
    assert await page.evaluate("[...document.querySelectorAll('[data-list=mine] .text')].map(e => e.textContent)") == hostile
    assert await page.evaluate("document.querySelectorAll('img, b').length") == 0
    assert await page.text("#session") == "<b>title</b>"
    await page.screenshot(shots(tmp_path) / "en-literal.png")
    assert await page.problems() == []


async def test_a_dropped_connection_queues_and_resends_with_the_same_sid(room: Room, url: str, browser: Browser, tmp_path: Path) -> None:
    page = await joined(browser, url, "sato")
    for failure in ("drop", "503", "429"):
        room.fail = failure
        before = len(room.received)
        await page.type("textarea[name=text]", f"sent during {failure}")
        await page.click("[data-act=send]")
        await until(lambda before=before: len(room.received) >= before + 2, "a retry")  # type: ignore[misc]
        await page.wait("!document.querySelector('#status').hidden && document.querySelector('#status').textContent.includes('1 waiting to send')")
        assert await page.evaluate("[...document.querySelectorAll('#status .pending li')].map(e => e.textContent)") == [f"sent during {failure}"]
        queued = await page.evaluate("JSON.parse(localStorage.getItem('mlew.join.outbox'))")
        assert [item["action"] for item in queued] == ["add_review"]
        if failure == "drop":
            await page.screenshot(shots(tmp_path) / "en-waiting.png")
        room.fail = None
        await page.wait("document.body.dataset.outbox === '0'", "the outbox to empty")
        sids = {sid for _, sid, _, args in room.received if args.get("text") == f"sent during {failure}"}
        assert sids == {queued[0]["sid"]}  # every try carried the same SID
        assert [args["text"] for _, _, action, args in room.applied if action == "add_review"].count(f"sent during {failure}") == 1
    assert [r["text"] for r in room.reviews] == ["sent during drop", "sent during 503", "sent during 429"]
    await page.wait("document.querySelector('#status').hidden")


async def test_offline_then_online_resends(room: Room, url: str, browser: Browser) -> None:
    """The phone loses its network (the browser knows it): the input waits and goes out once the network is back."""
    page = await joined(browser, url, "sato")
    await page("Network.enable")
    await page("Network.emulateNetworkConditions", offline=True, latency=0, downloadThroughput=-1, uploadThroughput=-1)
    await page.type("textarea[name=text]", "written on the train")
    await page.click("[data-act=send]")
    await page.wait("document.querySelector('#status').textContent.includes('1 waiting to send')")
    assert room.reviews == []
    await page("Network.emulateNetworkConditions", offline=False, latency=0, downloadThroughput=-1, uploadThroughput=-1)
    await until(lambda: [r["text"] for r in room.reviews] == ["written on the train"], "the resend when back online")
    await page.wait("document.body.dataset.outbox === '0' && document.querySelector('#status').hidden")
    assert len([1 for _, _, _, args in room.received if args.get("text") == "written on the train"]) == 1


async def test_a_resent_submission_is_applied_once_when_the_answer_was_lost(room: Room, url: str, browser: Browser) -> None:
    """The server applied it but the answer never arrived: the page resends the same SID and the fake answers duplicate."""
    page = await joined(browser, url, "sato")
    await page.evaluate(
        "(() => { const box = JSON.parse(localStorage.getItem('mlew.join.outbox') || '[]');"
        " box.push({sid: 'lostanswer1', action: 'add_review', args: {text: 'once', polarity: 'positive', basis: 'fact'}, at: 0});"
        " localStorage.setItem('mlew.join.outbox', JSON.stringify(box)); })()"
    )
    device = await page.evaluate("JSON.parse(localStorage.getItem('mlew.join.device'))")
    room.answers[(device, "lostanswer1")] = {"ok": True, "id": "lostanswer1", "duplicate": False, "result": {"id": "r99"}}
    await page.reload()
    await until(lambda: any(sid == "lostanswer1" for _, sid, _, _ in room.received), "the resend")
    await page.wait("document.body.dataset.outbox === '0'")
    assert room.applied == []


async def test_not_joined_goes_back_to_the_picker_and_keeps_the_input(room: Room, url: str, browser: Browser) -> None:
    page = await joined(browser, url, "sato")
    await page.wait(f"document.body.dataset.revision === '{room.revision}'")  # no state with 'me' still on its way
    # the first load's state, then the one the join's answer asks for: no answer naming nobody is on its way
    await until(lambda: room.state_requests >= 2, "the page's refetch after joining")
    await page.wait("document.body.dataset.mode === 'reviews'")
    room.joined.clear()  # the app forgot the device (the participant was removed and added again)
    await page.type("textarea[name=text]", "kept through a rejoin")
    await page.click("[data-act=send]")
    await page.wait("document.body.dataset.mode === 'pick'", "the picker after 409 not_joined")
    assert await page.evaluate("JSON.parse(localStorage.getItem('mlew.join.outbox')).map(x => x.args.text)") == ["kept through a rejoin"]
    await page.click("[data-person=sato]")
    await until(lambda: [r["text"] for r in room.reviews] == ["kept through a rejoin"], "the resend after joining")
    await page.wait("document.body.dataset.outbox === '0' && document.querySelectorAll('[data-list=mine] li[data-id]').length === 1")


async def test_typing_survives_a_state_event(room: Room, url: str, browser: Browser) -> None:
    page = await joined(browser, url, "sato")
    await page.type("textarea[name=text]", "half a thou")
    revision = int(await page.evaluate("document.body.dataset.revision"))
    room.reviews.append({"id": "r7", "author": "sato", "text": "from the keyboard", "polarity": "positive", "basis": "fact"})
    room.timer = {"running": True, "remaining_s": 100.0, "duration_s": 300}
    room.changed()
    await page.wait(f"Number(document.body.dataset.revision) > {revision}")
    await page.wait("document.querySelectorAll('[data-list=mine] li[data-id]').length === 1")
    assert await page.evaluate("document.activeElement && document.activeElement.name") == "text"
    await page("Input.insertText", text="ght")
    assert await page.value("textarea[name=text]") == "half a thought"
    # a step change and back: the draft is still there
    room.set_mode("read")
    await page.wait("document.body.dataset.mode === 'read'")
    room.set_mode("reviews")
    await page.wait("document.body.dataset.mode === 'reviews'")
    assert await page.value("textarea[name=text]") == "half a thought"
    assert await page.problems() == []


async def test_an_older_state_is_ignored(room: Room, url: str, browser: Browser) -> None:
    page = await joined(browser, url, "sato")
    device = await page.evaluate("JSON.parse(localStorage.getItem('mlew.join.device'))")
    revision = room.revision
    await page.wait(f"document.body.dataset.revision === '{revision}'")
    stale = room.state(device)
    stale["revision"] = revision - 1
    stale["step"]["title"] = "stale"
    fresh = room.state(device)
    fresh["revision"] = revision + 1
    fresh["step"]["title"] = "fresh"
    room.push(stale)
    room.push(fresh)
    await page.wait(f"document.body.dataset.revision === '{revision + 1}'")
    assert await page.text(".step-title") == "fresh"
    room.push(stale)
    room.revision += 1  # the next real state is newer than "fresh"
    room.changed()
    await page.wait(f"document.body.dataset.revision === '{room.revision}'")
    assert await page.text(".step-title") == "Reviews on sticky notes"


async def test_not_me_keeps_the_picker_until_a_name_is_chosen(room: Room, url: str, browser: Browser) -> None:
    page = await joined(browser, url, "sato")
    await page.click("[data-act=not-me]")
    await page.wait("document.body.dataset.mode === 'pick'")
    room.changed()  # a state that still names 佐藤
    await page.wait(f"document.body.dataset.revision === '{room.revision}'")
    assert await page.evaluate("document.body.dataset.mode") == "pick"
    await page.reload()
    await page.wait("document.body.dataset.mode === 'pick' || document.body.dataset.mode === 'reviews'")
    assert await page.evaluate("localStorage.getItem('mlew.join.person')") is None


async def test_the_language_follows_the_session(room: Room, url: str, browser: Browser, tmp_path: Path) -> None:
    page = await joined(browser, url, "sato")
    assert await page.evaluate("document.documentElement.lang") == "en"
    assert await page.text("[data-act=send]") == "Add"
    room.set_language("ja")
    await page.wait("document.documentElement.lang === 'ja'")
    await page.wait("document.querySelector('[data-act=send]').textContent === '追加'")
    assert await page.text("[data-name=basis] [data-value=assumption]") == "仮定"
    await page.screenshot(shots(tmp_path) / "ja-reviews.png")
    for mode in ("posts", "case", "score", "vote", "refine", "todos", "read"):
        room.set_mode(mode)
        await page.wait(f"document.body.dataset.mode === '{mode}'")
        await page.screenshot(shots(tmp_path) / f"ja-{mode}.png")
    assert await page.problems() == []


async def test_refusals_show_the_servers_words_and_a_changed_link_says_so(room: Room, url: str, browser: Browser, tmp_path: Path) -> None:
    page = await joined(browser, url, "sato")
    await page.type("textarea[name=text]", "too late")
    room.mode = "read"  # the room moved on before the page heard it
    await page.click("[data-act=send]")
    await page.wait("document.querySelector('#notice').textContent === 'Not in this step: the room has moved on.'")
    await page.wait("document.body.dataset.outbox === '0'")
    assert await page.value("textarea[name=text]") == "too late"  # the refused words are back in the form
    room.mode = "reviews"
    room.removed.add(await page.evaluate("JSON.parse(localStorage.getItem('mlew.join.device'))"))
    room.changed()
    await page.wait("!!document.querySelector('[data-fatal=removed]')", "the removed notice")
    room.removed.clear()
    await page.reload()
    await page.wait("document.body.dataset.mode === 'reviews'")
    room.token = "rotated_" + "B" * 24  # the facilitator rotated the link
    room.changed()
    await page.wait("!!document.querySelector('[data-fatal=moved]')", "the changed-link notice")
    await page.screenshot(shots(tmp_path) / "en-moved.png")


async def test_the_watch_for_csp_violations_is_not_vacuous(room: Room, url: str, browser: Browser) -> None:
    """The fake sends the contract's CSP: an inline style would be refused and reported."""
    page = await joined(browser, url, "sato")
    assert await page.problems() == []
    await page.evaluate("document.body.setAttribute('style', 'color: red')")
    await page.wait("window.__problems.length > 0")
    assert (await page.problems())[0].startswith("csp: style-src-attr")


async def test_a_refine_field_being_typed_keeps_its_words_and_the_later_save_says_conflict(room: Room, url: str, browser: Browser) -> None:
    room.mode = "refine"
    page = await joined(browser, url, "sato")
    field = "[data-field-name=product_name] textarea"
    await page.type(field, "Lesson log")
    room.message["product_name"] = "TalkMate"  # another device saved first
    room.changed()
    await page.wait(f"document.body.dataset.revision === '{room.revision}'")
    assert await page.value(field) == "Lesson log"
    await page.evaluate("document.activeElement.blur()")
    room.changed()  # not focused, but not saved either: still the person's words
    await page.wait(f"document.body.dataset.revision === '{room.revision}'")
    assert await page.value(field) == "Lesson log"
    await page.click("[data-field-name=product_name] [data-act=save]")
    assert await submitted(room, 1) == [("refine_field", {"field": "product_name", "value": "Lesson log", "base": ""})]
    await page.wait("document.querySelector('#notice').textContent.startsWith('Someone else had changed this')")
    assert room.message["product_name"] == "Lesson log"
    assert await page.problems() == []
