"""Participants' phones (issue #20): the page's mode on every step, each
device's own work, and every action on every step either applied as a
Workshop command or refused with the contract's code and nothing changed."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from mlew_tui import store
from mlew_tui.domain import agenda
from mlew_tui.domain import join as rules
from mlew_tui.domain.session import Review, Session, Todo
from mlew_tui.i18n import Translator
from mlew_tui.join_service import JoinError, JoinService
from mlew_tui.workshop import Workshop

from .conftest import FakeClock

#: The mode each working view asks for (docs/JOIN_API.md); every other view is ``read``.
EXPECTED = {
    "listen.reviews": "reviews",
    "define.posts": "posts",
    "invent.growth_cycle": "case",
    "invent.cases": "score",
    "invent.vote": "vote",
    "refine.work": "refine",
    "refine.merge": "refine",
    "day2.tasks": "todos",
    "day2.task_review": "todos",
}
#: Who acts: maria the planner (and owner of her own work), james the developer,
#: emma in sales, priya the voter whose top two cases are tied.
PLANNER, DEVELOPER, SALES, VOTER = "maria", "james", "emma", "priya"
DEVICES = {p: f"device-{p}-0123456789" for p in (PLANNER, DEVELOPER, SALES, VOTER)}


def prepared(session: Session) -> Session:
    """The sample with what every action needs: one role each, a review, a post
    and a TODO of maria's, a tie at priya's top, no scores of maria's."""
    session.refine.planner, session.refine.sales, session.refine.developer = [PLANNER], [SALES], [DEVELOPER, VOTER]
    session.reviews.append(Review(id="r900", author=PLANNER, text="mine", polarity="positive"))
    session.reviews.append(Review(id="r901", author=DEVELOPER, text="his", polarity="negative"))
    session.posts = [p for p in session.posts if p.author != PLANNER]
    session.todos.append(Todo(id="t900", text="my todo", owner=PLANNER))
    session.todos.append(Todo(id="t901", text="his todo", owner=DEVELOPER))
    session.scores.pop(PLANNER, None)
    session.scores[VOTER] = {"c1": {"i1": 3.0}, "c2": {"i1": 3.0}}
    session.votes.pop(VOTER, None)
    session.invent.winner, session.invent.decided_by = "", None
    session.next_step.improve = ["listen", "define", "invent", "refine", "test_iterate"]
    session.day2.allotted_min = {}
    return session


@pytest.fixture
def day1(en_sample: Path) -> Session:
    return prepared(store.load(en_sample))


@pytest.fixture
def day2(en_day2_sample: Path) -> Session:
    return prepared(store.load(en_day2_sample))


def workshop_on(session: Session, day: int, step: str, view: str, clock: FakeClock) -> Workshop:
    """A workshop on a copy of ``session`` whose room is on ``step`` showing ``view``."""
    workshop = Workshop(session.model_copy(deep=True), day=day, monotonic=clock.monotonic, now=clock.now)
    workshop.apply("goto", step)
    workshop.apply("show_view", view)
    assert (workshop.session.progress.step, workshop.view_step) == (step, view)
    return workshop


def every_position(session: Session, day: int) -> Iterator[tuple[str, str]]:
    """Every (step, view) of ``day``: each step, and every view of a Day 2 re-run."""
    for step in Workshop(session.model_copy(deep=True), day=day).steps:
        for view in agenda.views_of(step.id):
            yield step.id, view


def service_for(workshop: Workshop, **kwargs: Any) -> JoinService:
    service = JoinService(lambda: workshop, workshop.apply, **kwargs)
    for person, device in DEVICES.items():
        service.join(device, person)
    return service


def test_modes_follow_the_working_view(day1: Session, day2: Session) -> None:
    positions = [*every_position(day1, 1), *every_position(day2, 2)]
    for step, view in positions:
        assert rules.mode_of(step, None if view == agenda.views_of(step)[0] else view) == EXPECTED.get(view, "read"), (step, view)
    seen = {rules.mode_of(step, view) for step, view in positions}
    assert seen == set(rules.MODES) and ("day2.listen", "listen.reviews") in positions and ("day2.refine", "refine.merge") in positions
    assert rules.mode_of("day2.invent", "invent.vote") == "vote" and rules.mode_of("day2.invent", None) == "score"
    assert rules.mode_of("day2.invent", "listen.reviews") == "score"  # a view the step does not have: its first


@pytest.mark.parametrize("day", [1, 2])
def test_every_step_states_are_json_and_private(day: int, day1: Session, day2: Session, clock: FakeClock) -> None:
    """On every step the state is JSON; on the scoring and vote steps what a
    device sees does not depend on anyone else's scores or vote."""
    session = day1 if day == 1 else day2
    for step, view in every_position(session, day):
        workshop = workshop_on(session, day, step, view, clock)
        service = service_for(workshop)
        state = service.state(DEVICES[PLANNER])
        json.dumps(state, allow_nan=False)
        assert state["step"]["mode"] == EXPECTED.get(view, "read") and state["step"]["view"] == view and state["step"]["id"] == step
        assert state["step"]["title"] == Translator(session.language)(f"step.{step}.title") and state["step"]["what"]
        assert state["me"] == {"device": DEVICES[PLANNER], "person": PLANNER, "name": "Maria Lopez"}
        assert [p["id"] for p in state["people"]] == [p.id for p in workshop.session.participants]
        if state["step"]["mode"] in ("score", "vote"):
            others = workshop.session
            before = service.state(DEVICES[PLANNER])["work"]
            for person in (DEVELOPER, SALES, VOTER):
                others.scores[person] = {c.id: {i.id: float(i.points) for i in others.items} for c in others.cases[:1]}
                others.votes[person] = others.cases[-1].id
            assert service.state(DEVICES[PLANNER])["work"] == before, (step, view)
            theirs = service.state(DEVICES[DEVELOPER])["work"]
            if state["step"]["mode"] == "score":  # each sees their own sheet
                assert [c["done"] for c in before["cases"]] == [False] * len(others.cases)
                assert [c["done"] for c in theirs["cases"]] == [True] + [False] * (len(others.cases) - 1)
            else:  # each sees their own #1
                assert (before["pick"], theirs["pick"]) == (None, others.cases[-1].id)


def test_score_sheet_shows_own_credits_and_the_presented_case(day1: Session, clock: FakeClock) -> None:
    workshop = workshop_on(day1, 1, "invent.cases", "invent.cases", clock)
    session = workshop.session
    points = {i.id: i.points for i in session.items}
    five = next(i for i, p in points.items() if p == 5)
    three = next(i for i, p in points.items() if p == 3)
    one = next(i for i, p in points.items() if p == 1)
    session.scores[PLANNER] = {"c1": {five: 5.0, three: 2.0, one: 0.0}, "c2": {five: 2.5}}
    work = rules.work(session, PLANNER, "score", Translator("en"), presented="c1")
    assert work["presented"] == "c1"
    assert work["items"][0] == {"id": session.ordered_items()[0].id, "kind": "issue", "title": session.ordered_items()[0].title, **_points(session, 0)}
    c1, c2, c3 = work["cases"][:3]
    assert c1["credits"] == {five: "full", three: "partial", one: "none"} and c1["values"] == {five: 5.0, three: 2.0, one: 0.0} and c1["done"]
    assert c2["credits"] == {five: "other"} and c2["values"] == {five: 2.5} and c2["number"] == 2
    assert c3 == {"id": "c3", "number": 3, "name": session.cases[2].name, "done": False, "credits": {}, "values": {}}
    assert rules.work(session, PLANNER, "score", Translator("en"), presented="c99")["presented"] is None


def _points(session: Session, index: int) -> dict[str, Any]:
    item = session.ordered_items()[index]
    return {"points": item.points, "partial": {5: 3.0, 3: 2.0, 1: 0.5}[item.points]}


def test_vote_work_is_the_persons_own(day1: Session) -> None:
    work = rules.work(day1, VOTER, "vote", Translator("en"))
    assert work["top"] == ["c1", "c2"] and work["pick"] is None and work["choose"] is True
    assert [c["total"] for c in work["cases"]][:3] == [3.0, 3.0, 0.0]
    day1.votes[VOTER] = "c2"
    assert rules.work(day1, VOTER, "vote", Translator("en"))["pick"] == "c2"
    nobody = rules.work(day1, None, "vote", Translator("en"))
    assert nobody["top"] == [] and nobody["pick"] is None and nobody["choose"] is False


def test_refine_work_is_the_roles_template(day1: Session) -> None:
    tr = Translator("en")
    planner = rules.work(day1, PLANNER, "refine", tr)
    assert planner["role"] == "planner" and planner["faq_kind"] == "internal" and planner["steps"] == []
    assert [f["name"] for f in planner["fields"]] == ["product_name", "situation", "wanted", "blocked_by", "outcome", "offer", "strength"]
    assert planner["fields"][0]["value"] == day1.refine.product_name and planner["fields"][0]["label"] == tr("diag.part.product_name")
    assert [f["q"] for f in planner["faq"]] == [f.q for f in day1.refine.internal_faq]
    sales = rules.work(day1, SALES, "refine", tr)
    assert sales["fields"] == [] and sales["faq_kind"] == "customer" and [f["q"] for f in sales["faq"]] == [f.q for f in day1.refine.customer_faq]
    developer = rules.work(day1, DEVELOPER, "refine", tr)
    assert developer["faq"] == [] and developer["faq_kind"] is None and [s["text"] for s in developer["steps"]] == [s.text for s in day1.refine.steps]
    day1.refine.developer.remove(VOTER)
    assert rules.work(day1, VOTER, "refine", tr) == {"role": None, "fields": [], "faq": [], "faq_kind": None, "steps": []}


# -- every action on every step ------------------------------------------------------

#: action -> (who acts, args for the session, the check that it was applied).
Check = Callable[[Session, Session], bool]


def _actions(session: Session) -> dict[str, tuple[str, dict[str, Any], Check]]:
    item = session.ordered_items()[0]
    return {
        "add_review": (
            PLANNER,
            {"text": "new review", "polarity": "negative", "basis": "assumption"},
            lambda b, a: (
                len(a.reviews) == len(b.reviews) + 1
                and a.reviews[-1].model_dump(include={"author", "text", "polarity", "basis"})
                == {"author": PLANNER, "text": "new review", "polarity": "negative", "basis": "assumption"}
            ),
        ),
        "edit_review": (
            PLANNER,
            {"review": "r900", "text": "changed", "polarity": "negative", "basis": "fact"},
            lambda b, a: _review(a, "r900").text == "changed",
        ),
        "delete_review": (PLANNER, {"review": "r900"}, lambda b, a: a.review("r900") is None and len(a.reviews) == len(b.reviews) - 1),
        "add_post": (
            PLANNER,
            {"text": "I quit", "stance": "quit", "refs": ["r900", "r901"]},
            lambda b, a: a.posts[-1].author == PLANNER and a.posts[-1].refs == ["r900", "r901"] and len(a.posts) == len(b.posts) + 1,
        ),
        "edit_post": (PLANNER, {"post": "s900", "text": "edited", "stance": "continue", "refs": []}, lambda b, a: _post(a, "s900").text == "edited"),
        "delete_post": (PLANNER, {"post": "s900"}, lambda b, a: all(p.id != "s900" for p in a.posts)),
        "add_case": (
            PLANNER,
            {"fields": {"name": "Photo search", "company": "ACME"}},
            lambda b, a: a.cases[-1].model_dump(include={"name", "company", "presenter"}) == {"name": "Photo search", "company": "ACME", "presenter": PLANNER},
        ),
        "score": (PLANNER, {"case": "c1", "item": item.id, "credit": "full"}, lambda b, a: a.scores[PLANNER]["c1"] == {item.id: float(item.points)}),
        "vote": (VOTER, {"case": "c2"}, lambda b, a: a.votes[VOTER] == "c2"),
        "refine_field": (PLANNER, {"field": "offer", "value": "new offer", "base": session.refine.offer}, lambda b, a: a.refine.offer == "new offer"),
        "add_faq": (
            PLANNER,
            {"q": "Why?", "a": "Because.", "uncertain": True},
            lambda b, a: a.refine.internal_faq[-1].model_dump() == {"q": "Why?", "a": "Because.", "uncertain": True},
        ),
        "edit_faq": (
            SALES,
            {"index": 0, "q": "Q", "a": "A", "uncertain": False},
            lambda b, a: a.refine.customer_faq[0].model_dump() == {"q": "Q", "a": "A", "uncertain": False},
        ),
        "remove_faq": (SALES, {"index": 0}, lambda b, a: a.refine.customer_faq == b.refine.customer_faq[1:]),
        "add_step": (DEVELOPER, {"text": "Tap", "uncertain": True}, lambda b, a: a.refine.steps[-1].model_dump() == {"text": "Tap", "uncertain": True}),
        "edit_step": (DEVELOPER, {"index": 0, "text": "Open", "uncertain": False}, lambda b, a: a.refine.steps[0].text == "Open"),
        "remove_step": (DEVELOPER, {"index": 0}, lambda b, a: a.refine.steps == b.refine.steps[1:]),
        "add_todo": (
            PLANNER,
            {"text": "  call Ann  ", "milestone": None},
            lambda b, a: a.todos[-1].model_dump(include={"text", "owner"}) == {"text": "call Ann", "owner": PLANNER},
        ),
        "toggle_todo": (PLANNER, {"todo": "t900"}, lambda b, a: _todo(a, "t900").done is True),
        "remove_todo": (PLANNER, {"todo": "t900"}, lambda b, a: all(t.id != "t900" for t in a.todos)),
    }


def _review(session: Session, rid: str) -> Review:
    review = session.review(rid)
    assert review is not None
    return review


def _post(session: Session, pid: str) -> Any:
    return next(p for p in session.posts if p.id == pid)


def _todo(session: Session, tid: str) -> Todo:
    return next(t for t in session.todos if t.id == tid)


def with_post(session: Session) -> Session:
    from mlew_tui.domain.session import Post

    session.posts.append(Post(id="s900", author=PLANNER, stance="continue", text="mine", refs=["r900"]))
    return session


def test_every_action_on_every_step_is_applied_or_refused_as_not_now(day1: Session, day2: Session, clock: FakeClock) -> None:
    applied: set[str] = set()
    for day, session in ((1, with_post(day1)), (2, with_post(day2))):
        for step, view in every_position(session, day):
            mode = EXPECTED.get(view, "read")
            for action, (person, args, check) in _actions(session).items():
                workshop = workshop_on(session, day, step, view, clock)
                service = service_for(workshop)
                before = workshop.session.model_copy(deep=True)
                sid = f"{action}-{day}-x"
                if rules.ACTION_MODES[action] == mode:
                    answer = service.submit(DEVICES[person], sid, action, args)
                    assert answer["ok"] is True and answer["duplicate"] is False, (step, view, action)
                    assert check(before, workshop.session), (step, view, action)
                    applied.add(action)
                else:
                    with pytest.raises(JoinError) as refused:
                        service.submit(DEVICES[person], sid, action, args)
                    assert (refused.value.status, refused.value.code) == (409, "not_now"), (step, view, action)
                    assert workshop.session.model_dump() == before.model_dump(), (step, view, action)
    assert applied == set(rules.ACTIONS)


@pytest.mark.parametrize(
    ("action", "args"),
    [
        ("add_review", {"text": 5, "polarity": "positive"}),
        ("add_review", {"text": "x", "polarity": "neutral"}),
        ("add_review", {"text": "x"}),
        ("add_review", {"text": "x", "polarity": "positive", "author": "james"}),
        ("edit_review", {"review": 900, "text": "x", "polarity": "positive", "basis": "fact"}),
        ("add_post", {"text": "x", "stance": "maybe", "refs": []}),
        ("add_post", {"text": "x", "stance": "quit", "refs": "r1"}),
        ("add_post", {"text": "x", "stance": "quit", "refs": [1]}),
        ("add_case", {"fields": ["name"]}),
        ("add_case", {"fields": {"name": "x", "presenter": "james"}}),
        ("add_case", {"fields": {"name": 1}}),
        ("score", {"case": "c1", "item": "i1", "credit": "most"}),
        ("score", {"case": "c1", "item": "i1"}),
        ("score", {"case": "c1", "item": "i1", "credit": 5}),
        ("vote", {}),
        ("vote", {"case": 2}),
        ("refine_field", {"field": "planner", "value": "x"}),
        ("refine_field", {"field": "offer", "value": None}),
        ("refine_field", {"field": "offer", "value": "x", "base": 3}),
        ("edit_faq", {"index": True, "q": "q", "a": "a"}),
        ("edit_faq", {"index": "0", "q": "q", "a": "a"}),
        ("add_step", {"text": "x", "uncertain": "yes"}),
        ("add_todo", {"text": "x", "milestone": 1}),
        ("toggle_todo", {"todo": ""}),
        ("no_such_action", {}),
        ("add_review", ["text"]),
    ],
)
def test_malformed_submissions_are_bad_requests(action: str, args: Any, day1: Session) -> None:
    mode = rules.ACTION_MODES.get(action, "reviews")
    with pytest.raises(rules.Refusal) as refused:
        rules.submission(day1, PLANNER if action not in ("add_step",) else DEVELOPER, action, args, mode=mode)
    assert (refused.value.status, refused.value.code) == (400, "bad_request")


@pytest.mark.parametrize(
    ("person", "action", "args", "status", "code"),
    [
        (PLANNER, "edit_review", {"review": "r404", "text": "x", "polarity": "positive", "basis": "fact"}, 404, "not_found"),
        (PLANNER, "delete_review", {"review": "r901"}, 403, "not_yours"),
        (PLANNER, "edit_review", {"review": "r901", "text": "x", "polarity": "positive", "basis": "fact"}, 403, "not_yours"),
        (PLANNER, "add_post", {"text": "x", "stance": "quit", "refs": ["r404"]}, 404, "not_found"),
        (PLANNER, "delete_post", {"post": "s404"}, 404, "not_found"),
        (PLANNER, "score", {"case": "c404", "item": "i1", "credit": "full"}, 404, "not_found"),
        (PLANNER, "score", {"case": "c1", "item": "i404", "credit": "full"}, 404, "not_found"),
        (PLANNER, "vote", {"case": "c404"}, 404, "not_found"),
        (PLANNER, "add_step", {"text": "x"}, 403, "not_yours"),
        (DEVELOPER, "refine_field", {"field": "offer", "value": "x"}, 403, "not_yours"),
        (DEVELOPER, "add_faq", {"q": "x"}, 403, "not_yours"),
        (SALES, "edit_faq", {"index": 99, "q": "q", "a": "a"}, 404, "not_found"),
        (DEVELOPER, "remove_step", {"index": -1}, 404, "not_found"),
        (PLANNER, "toggle_todo", {"todo": "t901"}, 403, "not_yours"),
        (PLANNER, "remove_todo", {"todo": "t404"}, 404, "not_found"),
        (PLANNER, "add_todo", {"text": "x", "milestone": "m404"}, 404, "not_found"),
        (PLANNER, "add_review", {"text": "   ", "polarity": "positive"}, 422, "refused"),
        (PLANNER, "add_case", {"fields": {"name": " "}}, 422, "refused"),
    ],
)
def test_unknown_records_and_other_peoples_work_are_refused(person: str, action: str, args: dict[str, Any], status: int, code: str, day1: Session) -> None:
    with pytest.raises(rules.Refusal) as refused:
        rules.submission(day1, person, action, args, mode=rules.ACTION_MODES[action])
    assert (refused.value.status, refused.value.code) == (status, code)


def test_a_bad_arguments_name_is_quoted_short(day1: Session) -> None:
    with pytest.raises(rules.Refusal) as refused:
        rules.submission(day1, PLANNER, "add_review", {"text": "x", "polarity": "positive", "y" * 10_000: 1}, mode="reviews")
    assert refused.value.params == {"field": "y" * 40} and refused.value.key == "join.refused.field"


def test_what_an_edit_leaves_out_stays(day1: Session) -> None:
    day1.refine.customer_faq[0].uncertain = True
    sub = rules.submission(day1, SALES, "edit_faq", {"index": 0, "q": "New question?"}, mode="refine")
    assert sub.args == ("customer_faq", 0, "New question?", day1.refine.customer_faq[0].a, True)
    sub = rules.submission(day1, DEVELOPER, "edit_step", {"index": 0, "text": "Open the app"}, mode="refine")
    assert sub.args == (0, "Open the app", day1.refine.steps[0].uncertain)


def test_score_credits_become_the_keyboards_commands(day1: Session) -> None:
    def command(credit: Any) -> tuple[str, tuple[Any, ...]]:
        sub = rules.submission(day1, PLANNER, "score", {"case": "c1", "item": "i1", "credit": credit}, mode="score")
        return sub.command, sub.args

    assert command("full") == ("credit_cell", (PLANNER, "c1", "i1", "full"))
    assert command("partial") == ("credit_cell", (PLANNER, "c1", "i1", "partial"))
    assert command("none") == ("set_cell", (PLANNER, "c1", "i1", 0.0))
    assert command(None) == ("set_cell", (PLANNER, "c1", "i1", None))
