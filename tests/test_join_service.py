"""The join service (issue #20): devices, the token, budgets, the submission
ledger, Refine conflicts, read-only files and the state a page gets."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from mlew_tui import join_service, store
from mlew_tui.domain.session import Session
from mlew_tui.domain.timer import CycleTimer
from mlew_tui.i18n import LANGUAGES, catalog
from mlew_tui.join_service import BUDGET_BURST, Conflict, Device, JoinError, JoinService, page_strings
from mlew_tui.workshop import Workshop

from .conftest import FakeClock
from .test_join_domain import DEVELOPER, DEVICES, PLANNER, SALES, VOTER, prepared, service_for, with_post, workshop_on

#: Every error code of the contract's table.
CODES = ("bad_request", "forbidden", "not_yours", "not_found", "not_joined", "not_now", "removed", "too_large", "refused", "read_only", "slow_down")


@pytest.fixture
def day1(en_sample: Path) -> Session:
    return prepared(store.load(en_sample))


@pytest.fixture
def day2(en_day2_sample: Path) -> Session:
    return prepared(store.load(en_day2_sample))


@pytest.fixture
def reviews(day1: Session, clock: FakeClock) -> Workshop:
    """The room on listen.reviews."""
    return workshop_on(day1, 1, "listen.reviews", "listen.reviews", clock)


def refused(call: Any, *args: Any) -> JoinError:
    with pytest.raises(JoinError) as error:
        call(*args)
    return error.value


def review_args(text: str = "slow delivery") -> dict[str, Any]:
    return {"text": text, "polarity": "negative", "basis": "fact"}


# -- the ledger --------------------------------------------------------------------


def test_a_retry_is_applied_once_and_answered_again(reviews: Workshop) -> None:
    service = service_for(reviews)
    count = len(reviews.session.reviews)
    first = service.submit(DEVICES[PLANNER], "sid-0001", "add_review", review_args())
    again = service.submit(DEVICES[PLANNER], "sid-0001", "add_review", review_args())
    assert first == {"ok": True, "id": "sid-0001", "duplicate": False, "conflict": False, "result": {"id": reviews.session.reviews[-1].id}}
    assert again == {**first, "duplicate": True}
    assert len(reviews.session.reviews) == count + 1
    # the same id from another device is another submission
    service.submit(DEVICES[DEVELOPER], "sid-0001", "add_review", review_args())
    assert len(reviews.session.reviews) == count + 2


def test_a_refusal_is_kept_too(reviews: Workshop) -> None:
    service = service_for(reviews)
    before = reviews.session.model_dump()
    first = refused(service.submit, DEVICES[PLANNER], "sid-0002", "delete_review", {"review": "r901"})
    assert (first.status, first.code, first.duplicate) == (403, "not_yours", False)
    reviews.session.reviews[-1].author = PLANNER  # now it would be hers: the retry still gets the first answer
    again = refused(service.submit, DEVICES[PLANNER], "sid-0002", "delete_review", {"review": "r901"})
    assert (again.status, again.code, again.message, again.duplicate) == (403, "not_yours", first.message, True)
    assert again.body() == {"ok": False, "error": "not_yours", "message": first.message, "duplicate": True}
    reviews.session.reviews[-1].author = DEVELOPER
    assert reviews.session.model_dump() == before


def test_the_ledger_is_bounded(reviews: Workshop, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(join_service, "LEDGER_MAX", 3)
    service = service_for(reviews)
    for n in range(4):
        service.submit(DEVICES[PLANNER], f"sid-bound-{n}", "add_review", review_args(f"r {n}"))
    count = len(reviews.session.reviews)
    assert service.submit(DEVICES[PLANNER], "sid-bound-3", "add_review", review_args("r 3"))["duplicate"] is True
    assert service.submit(DEVICES[PLANNER], "sid-bound-0", "add_review", review_args("r 0"))["duplicate"] is False  # forgotten: the oldest
    assert len(reviews.session.reviews) == count + 1


@pytest.mark.parametrize(
    ("device", "sid"), [("short", "sid-0001"), ("x" * 65, "sid-0001"), ("device-maria/0123456789", "sid-0001"), (None, "sid-0001"), ("", "sid")]
)
def test_malformed_ids_are_bad_requests(reviews: Workshop, device: Any, sid: str) -> None:
    service = service_for(reviews)
    assert refused(service.submit, device, sid, "add_review", review_args()).status == 400


def test_malformed_sids_are_bad_requests(reviews: Workshop) -> None:
    service = service_for(reviews)
    for sid in ("short", "s" * 65, "sid 0001", None):
        assert refused(service.submit, DEVICES[PLANNER], sid, "add_review", review_args()).code == "bad_request"


# -- devices ---------------------------------------------------------------------------


def test_join_then_state_names_the_person(reviews: Workshop, clock: FakeClock) -> None:
    service = JoinService(lambda: reviews, reviews.apply, monotonic=clock.monotonic)
    device = "abcdefghijklmnop"
    assert service.state(device)["me"] is None and service.state(None)["me"] is None
    assert refused(service.submit, device, "sid-0003", "add_review", review_args()).code == "not_joined"
    state = service.join(device, "james")
    assert state["me"] == {"device": device, "person": "james", "name": reviews.session.participant("james").name}  # type: ignore[union-attr]
    assert service.devices == (Device(device, "james", clock.mono),)
    clock.advance(5)
    service.spend(device)
    assert service.devices[0].seen == clock.mono
    assert refused(service.join, device, "nobody").status == 404
    assert refused(service.join, "bad", "james").status == 400


def test_a_removed_device_is_gone_until_the_link_is_rotated(reviews: Workshop) -> None:
    tokens = iter(["token-one-aaaaaaaaaaaaaaaaaaaa", "token-two-bbbbbbbbbbbbbbbbbbbb"])
    service = JoinService(lambda: reviews, reviews.apply, token=lambda: next(tokens))
    for person, device in DEVICES.items():
        service.join(device, person)
    service.remove(DEVICES[PLANNER])
    assert [d.person for d in service.devices] == [DEVELOPER, SALES, VOTER]
    for call, args in ((service.state, ()), (service.join, (PLANNER,)), (service.submit, ("sid-0004", "add_review", review_args()))):
        error = refused(call, DEVICES[PLANNER], *args)
        assert (error.status, error.code) == (410, "removed")
    assert service.token == "token-one-aaaaaaaaaaaaaaaaaaaa"
    service.check_token("token-one-aaaaaaaaaaaaaaaaaaaa")
    assert service.rotate() == "token-two-bbbbbbbbbbbbbbbbbbbb" == service.token
    assert refused(service.check_token, "token-one-aaaaaaaaaaaaaaaaaaaa").status == 404
    service.check_token("token-two-bbbbbbbbbbbbbbbbbbbb")
    assert service.devices == ()
    assert refused(service.submit, DEVICES[DEVELOPER], "sid-0005", "add_review", review_args()).code == "not_joined"
    service.join(DEVICES[PLANNER], PLANNER)  # the new link: she may join again
    assert service.submit(DEVICES[PLANNER], "sid-0006", "add_review", review_args())["ok"] is True


def test_wrong_tokens_are_not_found(reviews: Workshop) -> None:
    service = JoinService(lambda: reviews, reviews.apply)
    assert len(service.token) >= 22  # 16 random bytes (128 bits), URL-safe
    for token in ("", service.token[:-1], service.token + "x", "ｔｏｋｅｎ", "\udcff"):
        error = refused(service.check_token, token)
        assert (error.status, error.code) == (404, "not_found")
    service.check_token(service.token)


def test_a_participant_removed_from_the_session_is_no_longer_joined(reviews: Workshop) -> None:
    service = service_for(reviews)
    reviews.session.participants = [p for p in reviews.session.participants if p.id != SALES]
    assert service.state(DEVICES[SALES])["me"] is None
    assert refused(service.submit, DEVICES[SALES], "sid-0007", "add_review", review_args()).code == "not_joined"


# -- budgets ------------------------------------------------------------------------------


def test_the_budget_refills_on_the_clock(reviews: Workshop, clock: FakeClock) -> None:
    service = JoinService(lambda: reviews, reviews.apply, monotonic=clock.monotonic)
    for _ in range(BUDGET_BURST):
        service.spend("dev-a")
    error = refused(service.spend, "dev-a")
    assert (error.status, error.code) == (429, "slow_down") and error.retry_after == pytest.approx(0.1)
    service.spend("addr:127.0.0.1")  # another key has its own budget
    clock.advance(0.1)
    service.spend("dev-a")
    assert refused(service.spend, "dev-a").code == "slow_down"
    clock.advance(60)
    for _ in range(BUDGET_BURST):
        service.spend("dev-a")
    assert refused(service.spend, "dev-a").retry_after == pytest.approx(0.1)


def test_idle_budgets_are_forgotten(reviews: Workshop, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(join_service, "BUCKETS_MAX", 10)
    service = JoinService(lambda: reviews, reviews.apply, monotonic=clock.monotonic)
    for n in range(10):
        service.spend(f"addr:{n}")
    clock.advance(10)
    service.spend("addr:new")
    assert set(service._buckets) == {"addr:new"}


# -- read-only, refusals, literal text ---------------------------------------------------------


def test_a_read_only_file_refuses_every_submission_and_keeps_nothing(reviews: Workshop) -> None:
    locked = [True]
    service = service_for(reviews, read_only=lambda: locked[0])
    before = reviews.session.model_dump()
    error = refused(service.submit, DEVICES[PLANNER], "sid-0008", "add_review", review_args())
    assert (error.status, error.code) == (423, "read_only") and reviews.session.model_dump() == before
    locked[0] = False
    assert service.submit(DEVICES[PLANNER], "sid-0008", "add_review", review_args())["duplicate"] is False


def test_markup_is_stored_and_shown_literally(reviews: Workshop) -> None:
    service = service_for(reviews)
    texts = ["[bold]x[/]", "<script>alert(1)</script>", "\x1b]0;pwned\x07 [link=file:///etc/passwd]y[/link]"]
    for n, text in enumerate(texts):
        service.submit(DEVICES[PLANNER], f"sid-mark-{n}", "add_review", review_args(text))
    assert [r.text for r in reviews.session.reviews[-3:]] == texts
    assert [r["text"] for r in service.state(DEVICES[PLANNER])["work"]["mine"][-3:]] == texts


def test_workshop_rules_are_refused_in_the_sessions_words(day1: Session, clock: FakeClock) -> None:
    day1.language = "ja"
    workshop = workshop_on(day1, 1, "invent.vote", "invent.vote", clock)
    service = service_for(workshop)
    error = refused(service.submit, DEVICES[PLANNER], "sid-0009", "vote", {"case": "c1"})  # maria has no tie
    assert (error.status, error.code, error.message) == (422, "refused", workshop.tr()("invent.refused.not_tied"))
    error = refused(service.submit, DEVICES[VOTER], "sid-0010", "vote", {"case": "c3"})  # not among her tied top
    assert error.message == workshop.tr()("invent.refused.not_top")
    assert service.submit(DEVICES[VOTER], "sid-0011", "vote", {"case": "c1"})["ok"] and workshop.session.votes[VOTER] == "c1"
    assert service.submit(DEVICES[VOTER], "sid-0012", "vote", {"case": None})["ok"] and VOTER not in workshop.session.votes
    error = refused(service.submit, DEVICES[PLANNER], "sid-0013", "add_review", review_args())
    assert error.message == "いまのステップではこの操作はできません。画面の指示に従ってください。"


def test_a_text_past_the_files_bound_is_refused(reviews: Workshop) -> None:
    service = service_for(reviews)
    before = reviews.session.model_dump()
    error = refused(service.submit, DEVICES[PLANNER], "sid-0014", "add_review", review_args("x" * 4001))
    assert (error.status, error.code) == (422, "refused") and "4000" in error.message.replace(",", "")
    assert reviews.session.model_dump() == before


def test_every_code_has_words_in_both_languages(reviews: Workshop) -> None:
    service = service_for(reviews)
    for lang in LANGUAGES:
        reviews.session.language = lang
        assert service.language == lang
        for code in CODES:
            assert service.message(code) == catalog(lang)[f"join.error.{code}"]


# -- conflicts in Refine ---------------------------------------------------------------------


def test_a_later_save_over_another_persons_text_is_flagged(day1: Session, clock: FakeClock) -> None:
    day1.refine.planner = [PLANNER, SALES]
    day1.refine.sales = []
    workshop = workshop_on(day1, 1, "refine.work", "refine.work", clock)
    service = service_for(workshop)
    seen: list[Conflict] = []
    service.on_conflict(seen.append)
    shown = workshop.session.refine.offer
    first = service.submit(DEVICES[PLANNER], "sid-c001", "refine_field", {"field": "offer", "value": "Maria's offer", "base": shown})
    assert first["conflict"] is False
    # Emma saw the text before Maria saved: her save wins, and says so
    second = service.submit(DEVICES[SALES], "sid-c002", "refine_field", {"field": "offer", "value": "Emma's offer", "base": shown})
    assert second["conflict"] is True and workshop.session.refine.offer == "Emma's offer"
    assert seen == [Conflict("refine.offer", later=SALES, earlier=PLANNER)]
    assert service.conflict_message(seen[0]) == "Emma Walsh saved over Maria Lopez's text in what we offer (E): ctrl+z brings the earlier text back."
    workshop.undo()
    assert workshop.session.refine.offer == "Maria's offer"  # the earlier text is in the undo history
    # saving over one's own text, or with the current text as base, is no conflict
    assert service.submit(DEVICES[SALES], "sid-c003", "refine_field", {"field": "offer", "value": "v2", "base": shown})["conflict"] is False
    service.submit(DEVICES[PLANNER], "sid-c004", "refine_field", {"field": "offer", "value": "v3", "base": "v2"})
    assert service.submit(DEVICES[SALES], "sid-c005", "refine_field", {"field": "offer", "value": "v4", "base": "v3"})["conflict"] is False
    assert service.submit(DEVICES[PLANNER], "sid-c006", "refine_field", {"field": "offer", "value": "v5"})["conflict"] is False  # no base: no check
    assert len(seen) == 1


def test_steps_conflict_by_index_until_one_is_removed(day1: Session, clock: FakeClock) -> None:
    workshop = workshop_on(day1, 1, "refine.merge", "refine.merge", clock)
    service = service_for(workshop)
    seen: list[Conflict] = []
    service.on_conflict(seen.append)
    shown = workshop.session.refine.steps[1].text
    service.submit(DEVICES[DEVELOPER], "sid-s001", "edit_step", {"index": 1, "text": "James", "uncertain": False, "base": shown})
    assert service.submit(DEVICES[VOTER], "sid-s002", "edit_step", {"index": 1, "text": "Priya", "uncertain": True, "base": shown})["conflict"] is True
    assert seen == [Conflict("refine.steps.1", later=VOTER, earlier=DEVELOPER)]
    assert service.conflict_message(seen[0]).endswith("in step 2: ctrl+z brings the earlier text back.")
    service.submit(DEVICES[DEVELOPER], "sid-s003", "remove_step", {"index": 0})
    shown = workshop.session.refine.steps[0].text
    assert service.submit(DEVICES[DEVELOPER], "sid-s004", "edit_step", {"index": 0, "text": "x", "uncertain": False, "base": "old"})["conflict"] is False
    assert shown == "Priya"


# -- the state -------------------------------------------------------------------------------------


def test_the_state_has_the_contracts_keys(reviews: Workshop) -> None:
    service = service_for(reviews)
    service.submit(DEVICES[PLANNER], "sid-st01", "add_review", review_args())
    state = service.state(DEVICES[PLANNER])
    assert list(state) == ["ok", "revision", "language", "strings", "title", "people", "me", "step", "timer", "work"]
    assert state["timer"] == {"running": False, "remaining_s": 300.0, "duration_s": 300}
    mine = [r for r in reviews.session.reviews if r.author == PLANNER]
    assert state["work"]["mine"] == [{"id": r.id, "text": r.text, "polarity": r.polarity, "basis": r.basis} for r in mine]
    assert state["work"]["mine"][-1]["text"] == "slow delivery" and len(mine) == 5
    assert (
        state["work"]["count"]
        == {"positive": sum(r.polarity == "positive" for r in mine), "negative": sum(r.polarity == "negative" for r in mine)}
        == {"positive": 3, "negative": 2}
    )
    assert state["step"]["what"] == reviews.tr()("join.what.reviews")
    json.dumps(state, allow_nan=False)


def test_the_presented_case_is_the_cycles(day1: Session, clock: FakeClock) -> None:
    workshop = workshop_on(day1, 1, "invent.cases", "invent.cases", clock)
    assert isinstance(workshop.timer, CycleTimer)
    service = service_for(workshop)
    workshop.timer.start()
    assert service.state(DEVICES[PLANNER])["work"]["presented"] == "c1"
    clock.advance(workshop.timer.share_s + workshop.timer.score_s + 1)
    state = service.state(DEVICES[PLANNER])
    assert state["work"]["presented"] == "c2" and state["timer"]["running"] is True and state["timer"]["duration_s"] == workshop.timer.share_s


def test_a_rerun_has_no_presented_case(day2: Session, clock: FakeClock) -> None:
    workshop = workshop_on(day2, 2, "day2.invent", "invent.cases", clock)
    assert service_for(workshop).state(DEVICES[PLANNER])["work"]["presented"] is None


def test_strings_are_the_join_page_table(reviews: Workshop, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = {"join_page.title": "Join", "join_page.pick.name": "Who are you?", "join.error.not_found": "no", "other.join_page.x": "no"}
    monkeypatch.setattr(join_service, "catalog", lambda lang: fake)
    page_strings.cache_clear()
    try:
        assert service_for(reviews).state(None)["strings"] == {"title": "Join", "pick.name": "Who are you?"}
    finally:
        page_strings.cache_clear()


def test_changes_reach_the_listeners(reviews: Workshop) -> None:
    service = service_for(reviews)
    heard: list[int] = []
    stop = service.listen(lambda: heard.append(service.revision))
    service.changed()
    service.changed()
    stop()
    service.changed()
    stop()  # twice is harmless
    assert heard == [1, 2] and service.revision == 3 and service.state(None)["revision"] == 3


def test_a_todo_goes_to_the_default_milestone(day2: Session, clock: FakeClock) -> None:
    workshop = workshop_on(day2, 2, "day2.tasks", "day2.tasks", clock)
    service = service_for(workshop)
    state = service.state(DEVICES[PLANNER])
    assert state["work"]["default"] == "m1" and state["work"]["milestones"][0]["id"] == "m0"
    answer = service.submit(DEVICES[PLANNER], "sid-td01", "add_todo", {"text": "Book the room"})
    todo = workshop.session.todos[-1]
    assert answer["result"] == {"id": todo.id} and (todo.text, todo.owner, todo.milestone) == ("Book the room", PLANNER, "m1")
    mine = service.state(DEVICES[PLANNER])["work"]["mine"]
    assert mine[-1] == {"id": todo.id, "text": "Book the room", "milestone": "m1", "due": None, "done": False}


def test_a_new_case_reports_its_id(day1: Session, clock: FakeClock) -> None:
    workshop = workshop_on(with_post(day1), 1, "invent.growth_cycle", "invent.growth_cycle", clock)
    service = service_for(workshop)
    answer = service.submit(DEVICES[SALES], "sid-case1", "add_case", {"fields": {"name": "Try-on by photo"}})
    assert answer["result"] == {"id": workshop.session.cases[-1].id}
    assert service.state(DEVICES[SALES])["work"]["mine"] == [{"id": workshop.session.cases[-1].id, "name": "Try-on by photo"}]


def test_state_of_a_malformed_device_is_a_bad_request(reviews: Workshop) -> None:
    assert refused(service_for(reviews).state, "no").status == 400
