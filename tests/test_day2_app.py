"""Day 2 at the keyboard (Pilot): allotting with the recommended actions, the
timeline (m0 today, intermediate milestones), TODOs per person and the group
check, the weekly meeting and the executive reports, the exports."""

from __future__ import annotations

import tomllib
from datetime import date, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar
from openpyxl import load_workbook

from mlew_tui import store
from mlew_tui.app import MlewApp
from mlew_tui.commands import palette_entries

from .conftest import FakeClock
from .test_refine_app import goto, screen_text


def saved(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def day2(path: Path, clock: FakeClock) -> MlewApp:
    return MlewApp(path, day=2, monotonic=clock.monotonic, now=clock.now)


async def test_allot_shows_the_recommended_actions_and_why(en_sample: Path, clock: FakeClock) -> None:
    app = day2(en_sample, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(app, pilot, "day2.allot")
        text = screen_text(app)
        assert "Listen on Day 2 - recommended:" in text
        assert "Add real feedback on the customer from sales, support and data analysts." in text
        app.screen.query_one("#allot").focus()
        await pilot.press("down", "down")  # Invent
        await pilot.pause()
        assert "Collect solutions for unaddressed issues" in screen_text(app)
    app.lock.release()


@pytest.mark.slow
async def test_timeline_m0_today_and_an_intermediate_milestone(en_sample: Path, clock: FakeClock) -> None:
    app = day2(en_sample, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(app, pilot, "day2.timeline")
        session = app.workshop.session
        assert [m.id for m in session.milestones] == ["m0", "m1", "m2", "m3"]
        assert (session.milestones[0].title, session.milestones[0].due) == ("Use case decided", date(2026, 12, 3))
        text = screen_text(app)
        assert "is 2026-12-03" in text and "by 2027-03-03" in text
        assert app.focused is app.screen.query_one("#milestones")
        await pilot.press("a")  # after m0
        await pilot.pause()
        await pilot.press(*"Prototype with 5 users")
        await pilot.press("ctrl+s")
        await pilot.pause()
        ids = [m.id for m in session.milestones]
        assert ids == ["m0", "m0a", "m1", "m2", "m3"]
        m0a = session.milestones[1]
        assert m0a.title == "Prototype with 5 users" and m0a.due == date(2027, 1, 14)  # middle of the gap
        await pilot.press("down", "plus")  # m0a a week later
        await pilot.pause()
        assert m0a.due == date(2027, 1, 21)
        assert "[intermediate]" in screen_text(app)
        await pilot.press("delete")
        await pilot.pause()
        assert "m0a" not in [m.id for m in session.milestones]
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert "m0a" in [m.id for m in session.milestones]
        await pilot.press("home", "delete")  # m0 is fixed: refused
        await pilot.pause()
        assert session.milestones[0].id == "m0"
        assert app.save_now_blocking()
    app.lock.release()
    assert [m["id"] for m in saved(en_sample)["milestones"]] == ["m0", "m0a", "m1", "m2", "m3"]


async def test_editing_a_milestone_refuses_a_bad_date(ja_sample: Path, clock: FakeClock) -> None:
    app = day2(ja_sample, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(app, pilot, "day2.timeline")
        await pilot.press("down", "enter")  # m1
        await pilot.pause()
        due = app.screen.query_one("#due")
        due.value = "2027-13-40"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "「2027-13-40」は日付ではありません" in screen_text(app)
        due.value = "2027-02-12"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.workshop.session.milestones[1].due == date(2027, 2, 12)
    app.lock.release()


async def test_day2_edits_undo_on_screen_in_the_model_and_in_the_file(ja_day2_sample: Path, clock: FakeClock) -> None:
    """The Day 2 screens are on the state loop: a TODO added, ticked and
    undone, a milestone moved a week and back, an allotment raised and
    lowered - after each undo the screen, the model and the file agree."""
    app = day2(ja_day2_sample, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(app, pilot, "day2.tasks")
        await pilot.press("f2")
        await pilot.pause()
        await pilot.press(*"Undo me")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("space")
        await pilot.pause()
        assert "[x] t10 Undo me" in screen_text(app)
        await pilot.press("ctrl+z")  # the tick
        await pilot.pause()
        assert "[ ] t10 Undo me" in screen_text(app)
        assert app.save_now_blocking()
        assert saved(ja_day2_sample)["todos"][-1]["done"] is False
        await pilot.press("ctrl+z")  # the TODO
        await pilot.pause()
        assert "Undo me" not in screen_text(app)
        assert [t.id for t in app.workshop.session.todos][-1] == "t9"
        assert app.save_now_blocking()
        assert saved(ja_day2_sample)["todos"][-1]["id"] == "t9"

        await goto(app, pilot, "day2.timeline")
        m1 = app.workshop.session.milestones[1]
        due = m1.due
        assert due is not None
        await pilot.press("down", "plus")  # m1 a week later
        await pilot.pause()
        later = (due + timedelta(days=7)).isoformat()
        assert m1.due == due + timedelta(days=7) and f"m1   {later}" in screen_text(app)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert m1.due == due and f"m1   {due.isoformat()}" in screen_text(app)
        assert app.save_now_blocking()
        assert saved(ja_day2_sample)["milestones"][1]["due"] == due
    app.lock.release()


async def test_first_milestone_too_far_is_flagged_on_screen(en_sample: Path, clock: FakeClock) -> None:
    session = store.load(en_sample)
    session.milestones[0].due = date(2027, 4, 15)
    store.save(session, en_sample)
    app = day2(en_sample, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(app, pilot, "day2.timeline")
        text = screen_text(app)
        assert "! m1, the first milestone, is due 2027-04-15" in text  # the line wraps after this
        assert "[beyond 3 months]" in text
    app.lock.release()


async def test_each_person_writes_todos_with_f2(ja_day2_sample: Path, clock: FakeClock) -> None:
    app = day2(ja_day2_sample, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(app, pilot, "day2.tasks")
        assert app.workshop.turn == "sato"
        text = screen_text(app)
        assert "佐藤 美咲 さん" in text and "β モニター 30 名の抽出条件" in text
        assert "伊藤 由美" not in text.split("これまでの Todo")[0]
        await pilot.press("f2")
        await pilot.pause()
        await pilot.press(*"Draft the survey")
        app.screen.query_one("#due").value = "2026-12-20"
        await pilot.press("ctrl+s")
        await pilot.pause()
        todo = app.workshop.session.todos[-1]
        assert (todo.id, todo.text, todo.owner, todo.milestone, todo.due) == ("t10", "Draft the survey", "sato", "m1", date(2026, 12, 20))
        await pilot.press("space")  # the new one is highlighted
        await pilot.pause()
        assert todo.done
        await pilot.press("f9")  # the next person's TODOs
        await pilot.pause()
        assert "田中 健太 さん" in screen_text(app) and "レッスン音声の録音同意フロー" in screen_text(app)
        assert app.save_now_blocking()
    app.lock.release()
    assert saved(ja_day2_sample)["todos"][-1] == {
        "id": "t10",
        "text": "Draft the survey",
        "owner": "sato",
        "milestone": "m1",
        "due": date(2026, 12, 20),
        "done": True,
        "revision": 1,  # ticked done after it was added: its calendar entry changed once
    }


async def test_the_group_check_flags_people_and_milestones(ja_day2_sample: Path, clock: FakeClock) -> None:
    session = store.load(ja_day2_sample)
    session.todos = [t for t in session.todos if t.owner != "takahashi"]
    session.milestones[2].due = date(2027, 3, 1)  # m2 within the 3 months, without TODOs
    store.save(session, ja_day2_sample)
    app = day2(ja_day2_sample, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(app, pilot, "day2.task_review")
        text = screen_text(app)
        assert "高橋 直樹  ! Todo なし" in text
        assert "! 高橋 直樹 さんの Todo がありません。" in text
        assert "! m2 に向けた Todo がまだありません。" in text
        assert "i m3 に向けた Todo がまだありません。" in text
    app.lock.release()


async def test_register_weekly_meeting_reports_and_export(en_sample: Path, clock: FakeClock) -> None:
    app = day2(en_sample, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(app, pilot, "day2.register")
        text = screen_text(app)
        assert "Not registered yet - press w" in text and "no report yet - press r" in text
        await pilot.press("w")
        await pilot.pause()
        assert app.screen.query_one("#until").value == "2027-02-26"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        text = screen_text(app)
        # the session's time zone (the sample's time_zone), not the room's clock (UTC+9 in the test)
        weekly = str(app.screen.query_one("#weekly").render())  # read whole: on screen the long zone name wraps it
        assert "Every Thursday 10:00-10:30 (America/New_York), from 2026-12-10 until 2027-02-26" in weekly
        assert "The weekly meeting and every executive report are planned." in text
        await pilot.press("enter")  # M1's report: 11:00, 45 min
        await pilot.pause()
        app.screen.query_one("#at").value = "11:00"
        app.screen.query_one("#duration").value = "45"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "11:00-11:45" in screen_text(app)
        await pilot.press("x")
        await pilot.pause()
        # read from the list itself: with a long temporary path it wraps below the fold
        text = str(app.screen.query_one("#register-exports").render())
        assert "Written:" in text and "en.ics" in text
        assert app.save_now_blocking()
    app.lock.release()
    data = saved(en_sample)
    kinds = [m["kind"] for m in data["meetings"]]
    assert kinds == ["progress", "executive_report", "executive_report", "executive_report"]
    assert str(data["meetings"][0]["start"]) == "2026-12-10 10:00:00-05:00"
    assert [m["id"] for m in data["meetings"]] == ["mt1", "mt2", "mt3", "mt4"]
    for suffix in (".ics", ".xlsx", ".csv", ".md"):
        assert en_sample.with_suffix(suffix).exists()
    cal = Calendar.from_ical(en_sample.with_suffix(".ics").read_bytes())
    assert len([e for e in cal.walk("VEVENT") if "RRULE" in e]) == 1
    assert "Team" in load_workbook(en_sample.with_suffix(".xlsx")).sheetnames


async def test_a_weekly_meeting_ending_before_it_starts_is_refused(en_sample: Path, clock: FakeClock) -> None:
    app = day2(en_sample, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(app, pilot, "day2.register")
        await pilot.press("w")
        await pilot.pause()
        app.screen.query_one("#until").value = "2026-12-05"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "ends before it starts" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.workshop.session.meetings == []
    app.lock.release()


async def test_user_text_is_shown_literally(en_sample: Path, clock: FakeClock) -> None:
    session = store.load(en_sample)
    session.milestones[0].title = "[b]x[/b] and [@click=app.quit]y[/]"
    store.save(session, en_sample)
    app = day2(en_sample, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(app, pilot, "day2.timeline")
        assert "[b]x[/b] and [@click=app.quit]y[/]" in screen_text(app)
        await goto(app, pilot, "day2.tasks")
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"[b]todo[/b]")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "[b]todo[/b]" in screen_text(app)
        await goto(app, pilot, "day2.register")
        await pilot.press("r")
        await pilot.pause()
        assert app.workshop.session.meetings[0].title == "Executive report M1: [b]x[/b] and [@click=app.quit]y[/]"
        assert "Executive report M1: [b]x[/b] and" in screen_text(app)  # the line wraps after this
        assert app.is_running
    app.lock.release()


async def test_small_terminal_keeps_the_essentials(ja_sample: Path, clock: FakeClock) -> None:
    app = day2(ja_sample, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await goto(app, pilot, "day2.register")
        text = screen_text(app)
        assert "週次の進捗会議" in text and "M1" in text
        await goto(app, pilot, "day2.task_review")
        assert "合計" in screen_text(app)
    app.lock.release()


async def test_palette_has_the_day2_commands(en_sample: Path, clock: FakeClock) -> None:
    app = MlewApp(en_sample, monotonic=clock.monotonic, now=clock.now)
    async with app.run_test(size=(120, 40)):
        titles = [title for title, _, _ in palette_entries(app)]
        for title in ("Start Day 2", "What changed since Day 1", "Export calendar (ics)", "Export workbook (xlsx)", "Export evaluation sheet (csv)"):
            assert title in titles
        await app.run_action("export_as('ics')")
        assert en_sample.with_suffix(".ics").exists()
    app.lock.release()


@pytest.mark.slow
async def test_meeting_forms_undo_on_screen_in_the_model_and_in_the_file(en_sample: Path, clock: FakeClock) -> None:
    """The weekly meeting and a report's time typed into their forms, then
    undone: after each undo the screen, the model and the file agree."""
    app = day2(en_sample, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(app, pilot, "day2.register")
        await pilot.press("w")
        await pilot.pause()
        await pilot.press("end", *" (core)")
        await pilot.press("ctrl+s")
        await pilot.pause()
        session = app.workshop.session
        assert [m.kind for m in session.meetings] == ["progress"]
        assert session.meetings[0].title.endswith(" (core)")
        weekly = str(app.screen.query_one("#weekly").render())  # read whole: on screen the long zone name wraps it
        assert "Every Thursday 10:00-10:30 (America/New_York), from 2026-12-10 until 2027-02-26" in weekly
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("enter")  # M1's report
        await pilot.pause()
        await pilot.press("end", *["backspace"] * 5, *"11:00")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "11:00-" in screen_text(app)
        reports = [m for m in session.meetings if m.kind == "executive_report"]
        assert reports[0].start.hour == 11

        await pilot.press("ctrl+z")  # the report's time
        await pilot.pause()
        assert "11:00-" not in screen_text(app)
        reports = [m for m in app.workshop.session.meetings if m.kind == "executive_report"]
        assert reports[0].start.hour != 11
        assert app.save_now_blocking()
        on_disk = store.load(en_sample)
        assert [m.start for m in on_disk.meetings] == [m.start for m in app.workshop.session.meetings]

        await pilot.press("ctrl+z", "ctrl+z")  # the reports, then the weekly meeting
        await pilot.pause()
        assert app.workshop.session.meetings == []
        text = screen_text(app)
        assert "Not registered yet - press w" in text and "no report yet - press r" in text
        assert app.save_now_blocking()
        assert store.load(en_sample).meetings == []
    app.lock.release()
