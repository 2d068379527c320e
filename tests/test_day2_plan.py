"""Day 2 plan rules (pure domain): milestone 0 today, m1-m3 dated and in order,
the 3-month horizon, intermediate milestones; TODOs and the group check grid;
the weekly progress meeting and an executive report per milestone."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from mlew_tui import store
from mlew_tui.domain import plan
from mlew_tui.domain import plan_meetings as pm
from mlew_tui.domain import plan_tasks as tasks
from mlew_tui.domain.history import History
from mlew_tui.domain.session import Milestone, Session, new_session
from mlew_tui.domain.validation import check
from mlew_tui.i18n import Translator

from .conftest import made

TODAY = date(2026, 12, 10)
JST = timezone(timedelta(hours=9))
tr = Translator("en")


def bare(**fields) -> Session:  # noqa: ANN003
    return new_session("T", "en", participants=[{"id": "ann", "name": "Ann", "role": "pm"}, {"id": "bo", "name": "Bo", "role": "developer"}], **fields)


def ids(session: Session) -> list[str]:
    return [m.id for m in session.milestones]


# -- timeline -------------------------------------------------------------------------


def test_ensure_timeline_creates_m0_today_first_then_m1_to_m3() -> None:
    s, history = bare(), History()
    history.do(plan.ensure_timeline(s, TODAY, tr))
    assert ids(s) == ["m0", "m1", "m2", "m3"]
    assert s.milestones[0].title == "Use case decided" and s.milestones[0].due == TODAY
    assert s.milestones[1].title == "Is the customer experience improved?"
    assert plan.ensure_timeline(s, TODAY, tr) is None
    history.undo()
    assert s.milestones == []


def test_ensure_timeline_keeps_existing_dates_and_dates_an_undated_m0() -> None:
    s = bare(milestones=[Milestone(id="m1", title="x", due=date(2027, 1, 20)), Milestone(id="m0", title="")])
    plan.ensure_timeline(s, TODAY, tr).apply()
    m0 = s.milestones[1]
    assert (m0.id, m0.due, m0.title) == ("m0", TODAY, "Use case decided")
    assert s.milestones[0].due == date(2027, 1, 20)
    assert {"m2", "m3"} <= set(ids(s))


def test_timeline_is_m0_first_then_by_date_undated_last(ja_day2_sample: Path) -> None:
    s = store.load(ja_day2_sample)
    s.milestones.append(Milestone(id="m1a", title="between", due=date(2027, 1, 15)))
    s.milestones.append(Milestone(id="x", title="undated"))
    assert [m.id for m in plan.timeline(s)] == ["m0", "m1a", "m1", "m2", "m3", "x"]


def test_the_horizon_is_three_months_after_m0(ja_day2_sample: Path) -> None:
    s = store.load(ja_day2_sample)  # m0 is 2026-12-10
    assert plan.plan_start(s, date(2026, 12, 3)) == TODAY
    assert plan.horizon(s, date(2026, 12, 3)) == date(2027, 3, 10)
    beyond = [m.id for m in s.milestones if plan.beyond_horizon(s, m, TODAY)]
    assert beyond == ["m2", "m3"]
    checks = plan.timeline_checks(s, TODAY)
    assert [(c.key, c.level) for c in checks] == [("plan.check.beyond", "note")]
    assert checks[0].params["ids"] == "m2, m3"


def test_a_first_milestone_beyond_three_months_asks_for_an_intermediate_one(ja_day2_sample: Path) -> None:
    s = store.load(ja_day2_sample)
    s.milestones[1].due = date(2027, 4, 1)  # m1, after 2027-03-10
    keys = [c.key for c in plan.timeline_checks(s, TODAY)]
    assert "plan.check.first_beyond" in keys
    first = next(c for c in plan.timeline_checks(s, TODAY) if c.key == "plan.check.first_beyond")
    assert first.subject == "m1" and first.params["limit"] == "2027-03-10"
    plan.add_intermediate(s, "m0", "Prototype with 5 users", date(2027, 2, 1)).apply()
    assert ids(s)[:2] == ["m0", "m0a"]
    assert "plan.check.first_beyond" not in [c.key for c in plan.timeline_checks(s, TODAY)]
    assert check(s) == []


def test_order_past_and_undated_are_flagged() -> None:
    s = bare(
        milestones=[
            Milestone(id="m0", title="decided", due=TODAY),
            Milestone(id="m1", title="a", due=date(2027, 2, 1)),
            Milestone(id="m2", title="b", due=date(2027, 1, 1)),
            Milestone(id="m3", title="c"),
            Milestone(id="m1a", title="d", due=date(2026, 11, 1)),
        ]
    )
    found = {(c.key, c.subject) for c in plan.timeline_checks(s, TODAY)}
    assert ("plan.check.order", "m2") in found
    assert ("plan.check.undated", "m3") in found
    assert ("plan.check.past", "m1a") in found
    assert ("plan.check.no_m0", "m0") not in found
    assert ("plan.check.no_m0", "m0") in {(c.key, c.subject) for c in plan.timeline_checks(bare(), TODAY)}


def test_intermediate_ids_count_from_the_fixed_milestone() -> None:
    s = bare(milestones=[Milestone(id="m0"), Milestone(id="m0a"), Milestone(id="m1")])
    assert plan.intermediate_id(s, "m0") == "m0b"
    assert plan.intermediate_id(s, "m0a") == "m0b"
    assert plan.intermediate_id(s, "m1") == "m1a"


def test_suggested_due_is_the_middle_of_the_gap(ja_day2_sample: Path) -> None:
    s = store.load(ja_day2_sample)
    assert plan.suggest_due(s, "m0") == date(2027, 1, 18)  # 2026-12-10 .. 2027-02-26
    assert plan.suggest_due(s, "m3") is None


def test_removing_an_intermediate_milestone_unlinks_todos_drops_its_report_and_undoes(ja_day2_sample: Path) -> None:
    s = store.load(ja_day2_sample)
    history = History()
    history.do(plan.add_intermediate(s, "m0", "Prototype", date(2027, 1, 20)))
    s.todos[0].milestone = "m0a"
    before = [m.model_copy() for m in s.meetings]
    history.do(pm.register_reports(s, tr, JST))
    assert pm.report_for(s, "m0a") is not None
    history.do(plan.remove_milestone(s, "m0a"))
    assert "m0a" not in ids(s) and s.todos[0].milestone == "" and pm.report_for(s, "m0a") is None
    assert check(s) == []
    history.undo()
    assert s.todos[0].milestone == "m0a" and pm.report_for(s, "m0a") is not None
    history.undo()
    assert s.meetings == before
    with pytest.raises(ValueError):
        plan.remove_milestone(s, "m1")


def test_shift_and_edit(ja_day2_sample: Path) -> None:
    s = store.load(ja_day2_sample)
    plan.shift_due(s, "m1", -7, TODAY).apply()
    assert s.milestones[1].due == date(2027, 2, 19)
    assert plan.edit_milestone(s, "m1", title=s.milestones[1].title) is None
    plan.edit_milestone(s, "m1", who="PM", due=date(2027, 3, 1)).apply()
    assert (s.milestones[1].who, s.milestones[1].due) == ("PM", date(2027, 3, 1))
    fresh = bare(milestones=[Milestone(id="m2")])
    plan.shift_due(fresh, "m2", 7, TODAY).apply()
    assert fresh.milestones[0].due == TODAY + timedelta(days=7)


# -- TODOs and the group check ------------------------------------------------------------


def test_add_edit_toggle_remove_todo() -> None:
    s = bare(milestones=[Milestone(id="m0"), Milestone(id="m1", due=date(2027, 2, 1))])
    assert tasks.default_milestone(s) == "m1"
    tasks.add_todo(s, "  Draft the survey ", "ann", "m1", date(2026, 12, 20)).apply()
    tasks.add_todo(s, "Measure today's values", "bo", "m1").apply()
    assert [(t.id, t.text) for t in s.todos] == [("t1", "Draft the survey"), ("t2", "Measure today's values")]
    tasks.toggle_done(s, "t1").apply()
    assert s.todos[0].done
    assert tasks.edit_todo(s, "t2", text="Measure today's values", owner="bo", milestone="m1", due=None, done=False) is None
    tasks.edit_todo(s, "t2", text="Measure", owner="ann", milestone="m1", due=date(2027, 3, 1), done=False).apply()
    assert [c.key for c in tasks.todo_checks(s, s.todos[1])] == ["plan.check.todo_late"]
    tasks.remove_todo(s, "t1").apply()
    assert [t.id for t in s.todos] == ["t2"]
    with pytest.raises(ValueError):
        tasks.add_todo(s, "   ", "ann", "m1")
    with pytest.raises(KeyError):
        tasks.add_todo(s, "x", "nobody", "m1")
    assert check(s) == []


def test_todo_checks_name_what_is_missing() -> None:
    s = bare(milestones=[Milestone(id="m1")])
    tasks.add_todo(s, "x", "", "").apply()
    assert [(c.key, c.level) for c in tasks.todo_checks(s, s.todos[0])] == [
        ("plan.check.todo_owner", "warning"),
        ("plan.check.todo_due", "warning"),
        ("plan.check.todo_milestone", "note"),
    ]


def test_the_check_grid_counts_people_by_milestones_and_flags_gaps(ja_day2_sample: Path) -> None:
    s = store.load(ja_day2_sample)
    grid = tasks.check_grid(s, TODAY)
    assert grid.milestones == ("m1", "m2", "m3")
    assert grid.people == ("sato", "tanaka", "suzuki", "takahashi", "ito")
    assert grid.cell("sato", "m1").total == 2 and grid.row_total("takahashi") == 1
    assert grid.column_total("m1") == 9
    # m2 and m3 are beyond the 3 months: noted, not warned; nobody is idle
    assert grid.empty_milestones == {"m2": "note", "m3": "note"}
    assert grid.idle_people == ()
    s.todos = [t for t in s.todos if t.owner != "takahashi"]
    s.milestones[2].due = date(2027, 3, 1)  # m2 now inside the horizon
    found = {(c.key, c.subject, c.level) for c in tasks.grid_checks(s, TODAY)}
    assert ("plan.check.person_without_todos", "takahashi", "warning") in found
    assert ("plan.check.milestone_without_todos", "m2", "warning") in found
    assert ("plan.check.milestone_without_todos", "m3", "note") in found


def test_the_grid_has_columns_for_no_milestone_and_a_row_for_no_owner() -> None:
    s = bare(milestones=[Milestone(id="m1")])
    tasks.add_todo(s, "a", "", "").apply()
    tasks.toggle_done(s, "t1").apply()
    grid = tasks.check_grid(s, TODAY)
    assert grid.milestones == ("m1", "") and grid.people == ("ann", "bo", "")
    assert grid.cell("", "") == tasks.Cell(1, 1)
    assert grid.empty_milestones == {"m1": "warning"} and grid.idle_people == ("ann", "bo")


# -- meetings --------------------------------------------------------------------------


def test_the_session_zone_is_its_time_zone_else_the_meetings_then_the_day(ja_sample: Path, en_sample: Path) -> None:
    ja, en = store.load(ja_sample), store.load(en_sample)
    assert pm.session_zone(ja, UTC) == ZoneInfo("Asia/Tokyo")
    assert pm.session_zone(en, UTC) == ZoneInfo("America/New_York")
    ja.time_zone = en.time_zone = None  # a file written before time_zone: the offsets it holds
    assert pm.session_zone(ja, UTC) == timezone(timedelta(hours=9))  # the meetings'
    assert pm.session_zone(en, UTC) == timezone(timedelta(hours=-5))  # no meeting: the day's start
    assert pm.session_zone(bare(), UTC) is UTC


def test_weekly_meeting_defaults_to_thursday_10_until_m1(en_sample: Path) -> None:
    s = store.load(en_sample)
    draft = pm.progress_draft(s, TODAY, tr)
    assert (draft.weekday, draft.at, draft.duration_min, draft.until) == (3, time(10, 0), 30, date(2027, 2, 26))
    zone = pm.session_zone(s, UTC)
    pm.set_progress_meeting(s, draft, TODAY, zone).apply()
    meeting = pm.progress_meeting(s)
    # Day 2 is Thursday 2026-12-10: the first meeting is the next Thursday
    assert meeting.start == datetime(2026, 12, 17, 10, 0, tzinfo=zone)
    assert meeting.weekly_until == date(2027, 2, 26) and check(s) == []
    changed = pm.ProgressDraft("Weekly", 0, time(9, 30), 45, date(2027, 2, 22))
    pm.set_progress_meeting(s, changed, TODAY, zone).apply()
    assert len([m for m in s.meetings if m.kind == "progress"]) == 1
    assert (meeting.start, meeting.duration_min, meeting.title) == (datetime(2026, 12, 21, 9, 30, tzinfo=zone), 45, "Weekly")


def test_a_weekly_meeting_cannot_end_before_it_starts() -> None:
    s = bare()
    draft = pm.ProgressDraft("W", 3, time(10), 30, date(2026, 12, 11))
    assert pm.progress_problem(s, draft, TODAY, JST) == "plan.meeting.until_before_start"
    with pytest.raises(ValueError):
        pm.set_progress_meeting(s, draft, TODAY, JST)
    assert pm.progress_problem(s, pm.ProgressDraft(" ", 3, time(10), 30, None), TODAY, JST) == "plan.meeting.empty_title"


def test_executive_reports_on_every_milestone_date_and_moved_with_it(en_sample: Path) -> None:
    s = store.load(en_sample)
    zone = pm.session_zone(s, UTC)
    assert {c.key for c in pm.meeting_checks(s)} == {"plan.check.no_progress", "plan.check.no_report"}
    pm.register_reports(s, tr, zone).apply()
    reports = [m for m in s.meetings if m.kind == "executive_report"]
    assert [(r.milestone, r.start.date(), r.start.time(), r.duration_min) for r in reports] == [(m.id, m.due, time(15, 0), 60) for m in s.milestones]
    assert reports[0].title.startswith("Executive report M1: ")
    assert pm.register_reports(s, tr, zone) is None
    s.milestones[0].due = date(2027, 2, 19)
    assert ("plan.check.report_moved", "m1") in {(c.key, c.subject) for c in pm.meeting_checks(s)}
    pm.set_report_time(s, "m1", time(11, 0), 30).apply()
    pm.register_reports(s, tr, zone).apply()
    assert reports[0].start == datetime(2027, 2, 19, 11, 0, tzinfo=zone) and reports[0].duration_min == 30
    assert check(s) == []


def test_m0_gets_no_report(ja_day2_sample: Path) -> None:
    s = store.load(ja_day2_sample)
    assert pm.report_milestones(s) == ["m1", "m2", "m3"]
    assert pm.meeting_checks(s) == []


# -- the allotment says what the agenda plans -------------------------------------------


def test_allotted_minutes_are_the_agendas_even_share_until_the_team_sets_its_own() -> None:
    from mlew_tui.domain import agenda

    s = new_session("t", "en")
    s.next_step.improve = ["invent", "refine"]
    steps = {st.id: st.minutes for st in agenda.steps_for_day(2, improve=s.next_step.improve, allotted_min=s.day2.allotted_min)}
    assert plan.allotted(s) == {"invent": 55, "refine": 55} == {"invent": steps["day2.invent"], "refine": steps["day2.refine"]}
    assert plan.allot_total(s) == 110 == plan.allot_budget()  # not "0 of 110" while the agenda plans 110
    assert plan.even_share(s, "invent")
    history = History()
    history.do(made(plan.change_allotment(s, "invent", 5)))  # from 55, not from 0
    assert s.day2.allotted_min == {"invent": 60}
    assert plan.allotted(s) == {"invent": 60, "refine": 50} and not plan.even_share(s, "invent")
    history.do(made(plan.change_allotment(s, "listen", 5)))  # a process not chosen on Day 1
    assert plan.allotted(s)["listen"] == 5
