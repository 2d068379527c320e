"""The agenda: steps and minutes of WORKSHOP.md, team size, Day 2, schedule, catalog."""

from __future__ import annotations

import ast
import re
import tomllib
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from mlew_tui.domain import agenda
from mlew_tui.domain.agenda import (
    Lead,
    Mode,
    Phase,
    Step,
    build_schedule,
    day1_steps,
    day2_steps,
    step_after,
    step_before,
    step_by_id,
    step_position,
    with_participants,
)
from mlew_tui.i18n import catalog

JST = timezone(timedelta(hours=9))
START = datetime(2026, 12, 3, 10, 0, tzinfo=JST)
I18N = Path(agenda.__file__).parents[1] / "i18n"

DAY1_IDS = [
    "intro",
    "listen.customer",
    "listen.reviews",
    "listen.grouping",
    "define.posts",
    "define.plus_one",
    "define.items",
    "define.scoring_prep",
    "break.first",
    "invent.growth_cycle",
    "invent.cases",
    "invent.vote",
    "refine.roles",
    "refine.work",
    "refine.merge",
    "break.second",
    "test.milestones",
    "test.who_what_how",
    "next_step",
]
DAY2_IDS = [
    "day2.allot",
    "day2.listen",
    "day2.define",
    "day2.invent",
    "day2.refine",
    "day2.test",
    "day2.timeline",
    "day2.tasks",
    "day2.task_review",
    "day2.register",
]
#: WORKSHOP.md's Day 1 table with four cases (the growth-cycle talk takes the 5 minutes the cycle frees).
DAY1_MINUTES = {
    "intro": 25,
    "listen.customer": 5,
    "listen.reviews": 5,
    "listen.grouping": 10,
    "define.posts": 5,
    "define.plus_one": 15,
    "define.items": 10,
    "define.scoring_prep": 5,
    "break.first": 10,
    "invent.growth_cycle": 15,
    "invent.cases": 20,
    "invent.vote": 5,
    "refine.roles": 5,
    "refine.work": 20,
    "refine.merge": 15,
    "break.second": 10,
    "test.milestones": 5,
    "test.who_what_how": 20,
    "next_step": 5,
}
#: The minutes the deck prints (WORKSHOP.md): every other step is an estimate.
DECK_MINUTES = {"listen.reviews": 5, "listen.grouping": 10, "define.posts": 5, "define.plus_one": 15, "define.items": 10, "refine.work": 20, "refine.merge": 15}


def at(minutes: float) -> datetime:
    return START + timedelta(minutes=minutes)


# --- Day 1 -----------------------------------------------------------------
def test_day1_step_ids_match_design() -> None:
    assert [s.id for s in day1_steps()] == DAY1_IDS
    assert all(s.day == 1 for s in day1_steps())


def test_day1_minutes_match_the_table() -> None:
    assert {s.id: s.minutes for s in day1_steps()} == DAY1_MINUTES


@pytest.mark.parametrize("cases", [4, 5])
def test_the_day_adds_up_as_the_deck_says(cases: int) -> None:
    """実践編 3.5 時間 = 210 min; breaks "around 80 min" and "around 170 min";
    the deck's printed minutes kept, every other figure marked an estimate."""
    steps = day1_steps(cases)
    assert agenda.total_minutes(steps) == 210
    starts = dict(zip((s.id for s in steps), agenda.start_minutes(steps), strict=True))
    assert abs(starts["break.first"] - 80) <= 5 and abs(starts["break.second"] - 170) <= 5
    assert {s.id: s.minutes for s in steps if s.id in DECK_MINUTES} == DECK_MINUTES
    assert step_by_id(steps, "invent.cases").minutes == 5 * cases  # 4 min share + 1 min scoring per case
    assert {s.id for s in steps if not s.inferred} == set(DECK_MINUTES) | {"invent.cases"}


@pytest.mark.parametrize(("cases", "minutes"), [(1, 5), (3, 15), (4, 20), (5, 25), (8, 40)])
def test_case_cycle_is_five_minutes_per_case(cases: int, minutes: int) -> None:
    steps = day1_steps(cases)
    assert step_by_id(steps, "invent.cases").minutes == minutes
    # fewer cases than four: the growth-cycle talk takes the freed minutes; more than five make the day longer
    assert agenda.total_minutes(steps) == 210 + max(0, minutes - 25)


@pytest.mark.parametrize("cases", [0, -1])
def test_case_count_must_be_positive(cases: int) -> None:
    with pytest.raises(ValueError, match="case_count"):
        day1_steps(cases)


def test_day1_phases_in_working_backwards_order() -> None:
    assert agenda.phases(day1_steps()) == (
        Phase.INTRO,
        Phase.LISTEN,
        Phase.DEFINE,
        Phase.BREAK,
        Phase.INVENT,
        Phase.REFINE,
        Phase.TEST_ITERATE,
        Phase.NEXT_STEP,
    )
    phases = {s.id: s.phase for s in day1_steps()}
    assert phases["break.second"] is Phase.BREAK
    assert phases["test.who_what_how"] is Phase.TEST_ITERATE


def test_modes_and_leads_follow_the_table() -> None:
    steps = {s.id: s for s in day1_steps()}
    assert steps["listen.customer"].lead is Lead.PM
    assert steps["listen.reviews"].mode is Mode.INDIVIDUAL
    assert (steps["listen.grouping"].mode, steps["listen.grouping"].lead) == (Mode.GROUP, Lead.REPRESENTATIVE)
    assert steps["define.items"].lead is Lead.ITEM_OWNERS
    assert (steps["invent.cases"].mode, steps["invent.cases"].lead) == (Mode.CYCLE, Lead.PRESENTERS)
    assert steps["refine.work"].mode is Mode.ROLES
    assert steps["test.who_what_how"].lead is Lead.PLANNER
    assert [s.id for s in steps.values() if s.is_break] == ["break.first", "break.second"]


def test_only_the_intro_shows_the_behaviours() -> None:
    assert [s.id for s in day1_steps() if s.shows_behaviours] == ["intro"]


def test_breaks_fall_around_minutes_80_and_170() -> None:
    offsets = dict(agenda.break_offsets(day1_steps()))
    assert offsets == {"break.first": 80, "break.second": 170}


def test_steps_are_frozen() -> None:
    step = day1_steps()[0]
    with pytest.raises(AttributeError):
        step.minutes = 1  # type: ignore[misc]  # a frozen Step refuses it: what the test checks


# --- team size -------------------------------------------------------------
@pytest.mark.parametrize("people", [0, 3, 6])
def test_up_to_six_people_change_nothing(people: int) -> None:
    assert with_participants(day1_steps(), people) == day1_steps()


@pytest.mark.parametrize("people", [7, 12])
def test_more_than_six_add_sixty_minutes_over_group_steps(people: int) -> None:
    base = day1_steps()
    big = with_participants(base, people)
    assert agenda.total_minutes(big) == agenda.total_minutes(base) + 60
    group_total = sum(s.minutes for s in base if s.mode is Mode.GROUP)
    for old, new in zip(base, big, strict=True):
        assert new.id == old.id
        if old.mode is Mode.GROUP:
            exact = 60 * old.minutes / group_total
            assert abs((new.minutes - old.minutes) - exact) < 1
            assert isinstance(new.minutes, int)
        else:
            assert new == old
    assert step_by_id(big, "test.who_what_how").minutes == 36  # 20 + 60 * 20/75


def test_extra_minutes_always_sum_exactly() -> None:
    steps = day1_steps(5)
    for extra in (1, 7, 59, 60, 61, 100):
        big = with_participants(steps, 7, extra_min=extra)
        assert agenda.total_minutes(big) - agenda.total_minutes(steps) == extra


def test_no_group_steps_means_nothing_to_stretch() -> None:
    talks = tuple(s for s in day1_steps() if s.mode is Mode.TALK)
    assert with_participants(talks, 9) == talks


# --- Day 2 -----------------------------------------------------------------
def test_day2_without_processes_is_the_sixty_minute_plan() -> None:
    steps = day2_steps()
    assert [s.id for s in steps] == DAY2_IDS[-4:]
    assert [s.minutes for s in steps] == [15, 5, 15, 25]
    assert agenda.total_minutes(steps) == 60
    assert {s.phase for s in steps} == {Phase.PLAN}


def test_day2_uses_allotted_minutes_in_process_order() -> None:
    steps = day2_steps(["invent", "listen"], {"invent": 40, "listen": 20})
    assert [(s.id, s.minutes) for s in steps[:3]] == [("day2.allot", 10), ("day2.listen", 20), ("day2.invent", 40)]
    assert [s.phase for s in steps[:3]] == [Phase.IMPROVE] * 3
    assert all(s.day == 2 and s.lead in (Lead.TEAM, Lead.EVERYONE, Lead.PM) for s in steps)
    assert agenda.total_minutes(steps) == 10 + 60 + 60


def test_day2_with_every_process_has_every_step_id() -> None:
    assert [s.id for s in day2_steps(agenda.PROCESSES)] == DAY2_IDS


def test_day2_splits_the_improvement_budget_when_nothing_is_allotted() -> None:
    steps = day2_steps(["listen", "define", "test_iterate"])
    improve = [s for s in steps if s.phase is Phase.IMPROVE]
    assert [s.id for s in improve] == ["day2.allot", "day2.listen", "day2.define", "day2.test"]
    assert agenda.total_minutes(improve) == 120  # 10 + 110 split evenly
    assert sorted(s.minutes for s in improve[1:]) == [36, 37, 37]
    assert agenda.total_minutes(steps) == 180  # "3 h"


def test_day2_unallotted_process_gets_what_is_left() -> None:
    steps = day2_steps(["listen", "refine"], {"listen": 30})
    assert step_by_id(steps, "day2.refine").minutes == 80  # 120 - 10 - 30


def test_day2_over_budget_still_gives_five_minutes() -> None:
    steps = day2_steps(["listen", "refine"], {"listen": 150})
    assert step_by_id(steps, "day2.refine").minutes == agenda.MIN_PROCESS_MIN


def test_day2_allotment_adds_a_process_and_zero_skips_one() -> None:
    steps = day2_steps(["listen", "invent"], {"invent": 0, "refine": 15})
    ids = [s.id for s in steps]
    assert "day2.invent" not in ids
    assert "day2.refine" in ids and "day2.listen" in ids


def test_day2_accepts_test_as_an_alias() -> None:
    assert "day2.test" in [s.id for s in day2_steps(["test"], {"test": 30})]


@pytest.mark.parametrize(("improve", "allotted"), [(["nope"], {}), ([], {"nope": 5}), (["listen"], {"listen": -5})])
def test_day2_rejects_bad_input(improve: list[str], allotted: dict[str, int]) -> None:
    with pytest.raises(ValueError):
        day2_steps(improve, allotted)


def test_steps_for_day() -> None:
    assert agenda.steps_for_day(1) == day1_steps()
    assert agenda.total_minutes(agenda.steps_for_day(1, case_count=5, participants=8)) == 270
    # Day 2 minutes are the team's own: team size does not stretch them.
    assert agenda.steps_for_day(2, participants=9, improve=["listen"]) == day2_steps(["listen"])
    with pytest.raises(ValueError):
        agenda.steps_for_day(3)


# --- navigation ------------------------------------------------------------
def id_of(step: Step | None) -> str:
    assert step is not None
    return step.id


def test_navigation() -> None:
    steps = day1_steps()
    assert step_position(steps, "intro") == (1, 19)
    assert step_position(steps, "listen.reviews") == (3, 19)
    assert id_of(step_after(steps, "listen.reviews")) == "listen.grouping"
    assert id_of(step_before(steps, "listen.reviews")) == "listen.customer"
    assert step_before(steps, "intro") is None
    assert step_after(steps, "next_step") is None
    assert id_of(agenda.first_step_of(steps, Phase.REFINE)) == "refine.roles"
    assert id_of(agenda.first_step_of(steps, "invent")) == "invent.growth_cycle"
    assert agenda.first_step_of(steps, Phase.PLAN) is None
    with pytest.raises(KeyError):
        step_by_id(steps, "day2.allot")


def test_phase_of_every_known_id() -> None:
    assert list(agenda.STEP_IDS) == DAY1_IDS + DAY2_IDS
    assert agenda.phase_of("refine.merge") is Phase.REFINE
    assert agenda.phase_of("day2.test") is Phase.IMPROVE
    assert agenda.phase_of("day2.register") is Phase.PLAN
    with pytest.raises(KeyError):
        agenda.phase_of("lunch")


# --- schedule --------------------------------------------------------------
def test_planned_times_run_back_to_back_from_the_start() -> None:
    schedule = build_schedule(day1_steps(), START, START)
    first, reviews = schedule.slot("intro"), schedule.slot("listen.reviews")
    assert (first.planned_start, first.planned_end) == (START, at(25))
    assert (reviews.start_min, reviews.end_min) == (30, 35)
    assert reviews.planned_start == at(30)
    assert schedule.planned_end == at(210)
    assert [(s.step.id, s.start_min) for s in schedule.breaks] == [("break.first", 80), ("break.second", 170)]
    assert schedule.current is None and schedule.projected_end == at(210)
    assert schedule.behind_min == 0


def test_on_time_mid_step() -> None:
    actual = {"intro": (at(0), at(25)), "listen.customer": (at(25), at(30)), "listen.reviews": (at(30), None)}
    schedule = build_schedule(day1_steps(), START, at(32), current="listen.reviews", actual=actual)
    assert schedule.projected_end == at(210)
    assert schedule.behind == timedelta(0)
    assert schedule.slot("listen.reviews").actual_start == at(30)
    assert schedule.slot("listen.reviews").actual_end is None
    assert schedule.slot("intro").actual_end == at(25)


def test_behind_when_a_step_started_late() -> None:
    actual = {"intro": (at(0), at(32)), "listen.customer": (at(32), None)}
    schedule = build_schedule(day1_steps(), START, at(33), current="listen.customer", actual=actual)
    assert schedule.behind_min == 7  # positive = behind
    assert schedule.projected_end == at(217)


def test_running_step_overrun_pushes_the_end_with_now() -> None:
    actual = {"listen.customer": (at(25), None)}
    # customer is planned 5 min; at minute 37 it has run 12: nothing left of it.
    schedule = build_schedule(day1_steps(), START, at(37), current="listen.customer", actual=actual)
    assert schedule.projected_end == at(37) + timedelta(minutes=210 - 30)
    assert schedule.behind_min == 7


def test_ahead_when_steps_end_early() -> None:
    actual = {"intro": (at(0), at(20)), "listen.customer": (at(20), at(24))}
    schedule = build_schedule(day1_steps(), START, at(24), current="listen.reviews", actual=actual)
    assert schedule.behind_min == -6  # negative = ahead
    assert schedule.behind == timedelta(minutes=-6)


def test_seconds_and_rounding() -> None:
    actual = {"intro": (at(0), None)}
    late = build_schedule(day1_steps(), START, at(25.5), current="intro", actual=actual)
    assert late.behind == timedelta(seconds=30)
    assert late.behind_min == 1  # half a minute rounds away from zero
    early = build_schedule(day1_steps(), START, at(24.6), current="listen.customer", actual={"intro": (at(0), at(24.6))})
    assert early.behind == timedelta(seconds=-24)
    assert early.behind_min == 0


def test_a_step_without_a_record_counts_nothing() -> None:
    # Planned versus actual of the steps done: none done, nothing ahead or behind.
    schedule = build_schedule(day1_steps(), START, at(40), current="listen.reviews")
    assert schedule.behind == timedelta(0) and schedule.projected_end == at(210)


def test_a_step_visited_twice_counts_once_with_its_total_time() -> None:
    # intro 25 planned, spent 22 then 6 more when the room came back: 3 min over, once.
    actual = {"intro": (at(0), at(40)), "listen.customer": (at(22), at(27))}
    spent = {"intro": timedelta(minutes=28), "listen.customer": timedelta(minutes=5)}
    schedule = build_schedule(day1_steps(), START, at(41), current="listen.reviews", actual=actual, spent=spent)
    assert schedule.behind == timedelta(minutes=3)
    assert schedule.projected_end == at(213)


def test_the_current_step_counts_only_once_it_overruns() -> None:
    spent = {"intro": timedelta(minutes=20), "listen.customer": timedelta(minutes=1)}
    under_way = build_schedule(day1_steps(), START, at(21), current="listen.customer", actual={}, spent=spent)
    assert under_way.behind == timedelta(minutes=-5)  # intro ended 5 min early; customer is under way
    spent["listen.customer"] = timedelta(minutes=7)
    over = build_schedule(day1_steps(), START, at(27), current="listen.customer", actual={}, spent=spent)
    assert over.behind == timedelta(minutes=-3)


def test_going_back_and_forth_does_not_jump() -> None:
    """The old projection from 'now' jumped (10 min ahead, then 47 behind) when
    the room went back a step; planned versus spent does not move."""
    spent = {"intro": timedelta(minutes=15), "listen.customer": timedelta(minutes=5)}
    forward = build_schedule(day1_steps(), START, at(20), current="listen.reviews", actual={}, spent={**spent, "listen.reviews": timedelta(0)})
    back = build_schedule(day1_steps(), START, at(20), current="listen.customer", actual={}, spent=spent)
    assert forward.behind == back.behind == timedelta(minutes=-10)


def test_before_the_start_the_plan_is_the_projection() -> None:
    schedule = build_schedule(day1_steps(), START, START - timedelta(hours=1))
    assert schedule.projected_end == at(210)


def test_other_time_zones_compare_correctly() -> None:
    actual = {"intro": (START.astimezone(UTC), None)}
    now = at(5).astimezone(UTC)
    schedule = build_schedule(day1_steps(), START, now, current="intro", actual=actual)
    assert schedule.behind == timedelta(0)


def test_naive_datetimes_are_refused() -> None:
    naive = datetime(2026, 12, 3, 10, 0)
    with pytest.raises(ValueError, match="started_at"):
        build_schedule(day1_steps(), naive, START)
    with pytest.raises(ValueError, match="now"):
        build_schedule(day1_steps(), START, naive)
    with pytest.raises(ValueError, match="actual"):
        build_schedule(day1_steps(), START, START, actual={"intro": (naive, None)})


def test_unknown_current_step_is_an_error() -> None:
    with pytest.raises(KeyError):
        build_schedule(day1_steps(), START, START, current="day2.allot")


def test_day2_schedule() -> None:
    steps = day2_steps(["listen"], {"listen": 30})
    schedule = build_schedule(steps, START, START)
    assert schedule.planned_end == at(10 + 30 + 60)
    assert schedule.breaks == ()


# --- catalog ---------------------------------------------------------------
def _flat(table: dict, prefix: str = "") -> dict[str, object]:
    out: dict[str, object] = {}
    for key, value in table.items():
        if isinstance(value, dict):
            out |= _flat(value, f"{prefix}{key}.")
        else:
            out[f"{prefix}{key}"] = value
    return out


def _agenda_catalog(lang: str) -> dict[str, object]:
    return _flat(tomllib.loads((I18N / lang / "agenda.toml").read_text(encoding="utf-8")))


def test_agenda_catalogs_have_the_same_keys_and_only_strings() -> None:
    en, ja = _agenda_catalog("en"), _agenda_catalog("ja")
    assert en.keys() == ja.keys()
    for lang, messages in (("en", en), ("ja", ja)):
        for key, value in messages.items():
            assert isinstance(value, str) and value.strip(), f"{lang}: {key}"


def test_placeholders_agree_between_languages() -> None:
    en, ja = _agenda_catalog("en"), _agenda_catalog("ja")
    for key in en:
        assert set(re.findall(r"{(\w+)}", str(en[key]))) == set(re.findall(r"{(\w+)}", str(ja[key]))), key


def test_every_key_the_agenda_refers_to_exists_in_both_languages() -> None:
    wanted = agenda.catalog_keys()
    for steps in (day1_steps(), day2_steps(agenda.PROCESSES)):
        for step in steps:
            assert set(step.keys()) <= wanted
    for lang in ("en", "ja"):
        assert sorted(wanted - catalog(lang).keys()) == [], lang
    # ... and nothing in agenda.toml is dead weight.
    assert set(_agenda_catalog("en")) == set(wanted)


def test_catalog_uses_the_decks_words() -> None:
    ja = catalog("ja")
    assert ja["phase.listen.question"] == "顧客は誰か？"
    assert ja["behaviour.decide.title"] == "とりあえず決める"
    assert "お客様は常に驚くほど不満を持っています" in ja["step.listen.reviews.prompt"]
    assert catalog("en")["step.listen.reviews.title"].startswith("Observe")


# --- purity ----------------------------------------------------------------
@pytest.mark.parametrize("module", ["agenda.py", "timer.py"])
def test_domain_module_imports_nothing_from_the_app_or_textual(module: str) -> None:
    tree = ast.parse((Path(agenda.__file__).parent / module).read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add("." * node.level + (node.module or ""))
    # Siblings in domain/ (".formats") are pure too; the app's package ("..") and textual are not.
    assert not {name for name in imported if name.startswith(("textual", "mlew_tui", ".."))}
    assert {name for name in imported if name.startswith(".")} <= {".formats"}
