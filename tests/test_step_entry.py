"""The step-entry table, without a terminal: entering a step fills what is
still empty, once; entering again changes nothing more; undo takes it back."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from mlew_tui.domain import step_entry
from mlew_tui.domain.commands import COMMANDS
from mlew_tui.domain.session import Case, Item, Participant, new_session
from mlew_tui.workshop import Workshop

from .conftest import FakeClock


def team_session():  # noqa: ANN201 - a Session
    return new_session(
        "t",
        "en",
        workshop_date=date(2026, 12, 3),
        participants=[
            Participant(id="pm", name="Pat", role="pm"),
            Participant(id="dev", name="Dev", role="developer"),
            Participant(id="ds", name="Dana", role="data_scientist"),
            Participant(id="sales", name="Sam", role="sales"),
        ],
        items=[Item(id="i1", kind="issue", title="Slow lessons", owner="pm", points=5)],
        cases=[Case(id="c1", name="Pronunciation AI", valued_for="instant feedback")],
    )


def workshop(clock: FakeClock) -> Workshop:
    return Workshop(team_session(), day=1, monotonic=clock.monotonic, now=clock.now)


def test_every_rule_names_a_command_and_a_step_of_the_agenda() -> None:
    from mlew_tui.domain import agenda

    steps = {s.id for s in agenda.steps_for_day(1)} | {s.id for s in agenda.steps_for_day(2, improve=list(agenda.PROCESSES))}
    for step_id, rules in step_entry.ENTRY_RULES.items():
        assert step_id in steps, step_id
        for rule in rules:
            assert rule.command in COMMANDS, rule.command


def test_entering_refine_roles_recommends_roles_once(clock: FakeClock) -> None:
    w = workshop(clock)
    change = w.apply("goto", "refine.roles")
    assert {"step", "timer", "refine"} <= change.parts
    assert w.session.refine.planner == ["pm"]
    assert "dev" in w.session.refine.developer and "ds" in w.session.refine.developer
    assert w.session.refine.sales == ["sales"]
    w.session.refine.sales = ["pm"]  # the team changed its mind by hand
    w.apply("goto", "refine.work")
    w.apply("goto", "refine.roles")
    assert w.session.refine.sales == ["pm"]  # not recommended over again


def test_entering_the_milestones_creates_the_three_once_and_undo_removes_them(clock: FakeClock) -> None:
    w = workshop(clock)
    assert w.session.milestones == []
    change = w.apply("goto", "test.milestones")
    assert "milestones" in change.parts
    assert [m.id for m in w.session.milestones] == ["m1", "m2", "m3"]
    again = w.apply("goto", "test.who_what_how")
    assert "milestones" not in again.parts
    assert [m.id for m in w.session.milestones] == ["m1", "m2", "m3"]
    assert w.undo().parts == {"milestones"}
    assert w.session.milestones == []


def test_entering_refine_work_prefills_the_message_from_the_winner(clock: FakeClock) -> None:
    w = workshop(clock)
    w.session.invent.winner = "c1"
    w.apply("goto", "refine.work")
    assert "Pronunciation AI" in w.session.refine.offer
    typed = "our own offer"
    w.session.refine.offer = typed
    w.apply("goto", "refine.merge")
    w.apply("goto", "refine.work")
    assert w.session.refine.offer == typed


def test_a_step_without_rules_changes_only_the_position(clock: FakeClock) -> None:
    w = workshop(clock)
    before = w.session.model_dump()
    change = w.apply("goto", "listen.reviews")
    assert change.parts == {"step", "timer"}
    after = w.session.model_dump()
    assert {k for k in before if before[k] != after[k]} == {"progress"}


@pytest.mark.parametrize("today", [date(2026, 12, 10)])
def test_day2_timeline_starts_with_milestone_0_today(today: date) -> None:
    clock = FakeClock()
    clock.wall = datetime(today.year, today.month, today.day, 10, 0, tzinfo=UTC)
    session = team_session()
    session.next_step.improve = []
    w = Workshop(session, day=2, monotonic=clock.monotonic, now=clock.now)
    w.apply("goto", "day2.timeline")
    m0 = next(m for m in w.session.milestones if m.id == "m0")
    assert m0.due == today


def test_adding_a_participant_reports_the_new_person(clock: FakeClock) -> None:
    w = workshop(clock)
    change = w.apply("add_participant", "Ito Ken", "designer")
    assert change.parts == {"participants"}
    assert change.result.id == w.session.participants[-1].id == "ito-ken"
    assert w.undo().parts == {"participants"}
    assert [p.id for p in w.session.participants] == ["pm", "dev", "ds", "sales"]


def test_entering_the_vote_records_the_winner_a_file_left_unset(clock: FakeClock) -> None:
    """A file written before the rules has scores but no [invent] winner:
    entering the vote step brings it in line, as one undoable edit."""
    w = workshop(clock)
    w.session.scores = {"pm": {"c1": {"i1": 5}}}  # as read from such a file: no winner recorded
    assert w.session.invent.winner == ""
    change = w.apply("goto", "invent.vote")
    assert "invent" in change.parts
    assert (w.session.invent.winner, w.session.invent.decided_by) == ("c1", "votes")  # the one case is every scorer's #1
    w.apply("goto", "invent.cases")
    w.apply("goto", "invent.vote")  # nothing more to record
    assert w.undo().parts >= {"invent"}
    assert w.session.invent.winner == ""
