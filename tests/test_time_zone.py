"""The session's IANA ``time_zone``, the meetings' stable ids and the revisions
of calendar events (issue #17, "a calendar that keeps its hours"): the file,
``mlew check``, ``mlew new``, the domain rules that plan meetings and raise
revisions."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from typer.testing import CliRunner

from mlew_tui import store
from mlew_tui.cli import app as cli
from mlew_tui.domain import milestones as ms
from mlew_tui.domain import plan, setup
from mlew_tui.domain import plan_meetings as pm
from mlew_tui.domain import plan_tasks as tasks
from mlew_tui.domain.commands import set_field
from mlew_tui.domain.history import History
from mlew_tui.domain.session import Meeting, Milestone, Participant, Todo, new_session
from mlew_tui.domain.validation import validate
from mlew_tui.i18n import Translator
from mlew_tui.system_zone import system_zone_name

NEW_YORK = ZoneInfo("America/New_York")
tr = Translator("en")

HEAD = """format = "mlew-session"
schema_version = 1
title = "Zones"
language = "en"
"""

OLD_MEETINGS = (
    HEAD
    + """
[[milestones]]
id = "m1"
title = "First"
due = 2026-12-17

[[meetings]]
kind = "progress"
title = "Weekly"
start = 2026-10-01T10:00:00-04:00
duration_min = 30
weekly_until = 2026-12-17

[[meetings]]
kind = "executive_report"
title = "Report"
start = 2026-12-17T15:00:00-05:00
duration_min = 60
milestone = "m1"
"""
)


def problems_of(text: str) -> list[str]:
    import tomllib

    return [p.render(tr) for p in validate(tomllib.loads(text))[1]]


# -- the file ------------------------------------------------------------------------


def test_mlew_check_rejects_an_unknown_zone_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "mars.toml"
    path.write_text(HEAD + 'time_zone = "Mars/Base"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(path)])
    assert result.exit_code == 1
    assert result.output.splitlines() == ['time_zone: \'Mars/Base\' is not an IANA time zone (e.g. "Asia/Tokyo", "America/New_York")']


def test_mlew_check_speaks_the_file_language_about_the_zone(tmp_path: Path) -> None:
    path = tmp_path / "mars.toml"
    path.write_text(HEAD.replace('"en"', '"ja"') + 'time_zone = "Mars/Base"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(path)])
    assert result.exit_code == 1
    assert result.output.splitlines() == ["time_zone: 'Mars/Base' は IANA のタイムゾーン名ではありません（例: Asia/Tokyo、America/New_York）"]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ('""', 'time_zone: \'\' is not an IANA time zone (e.g. "Asia/Tokyo", "America/New_York")'),
        ('"asia/tokyo"', 'time_zone: \'asia/tokyo\' is not an IANA time zone (e.g. "Asia/Tokyo", "America/New_York")'),
        ('"localtime"', 'time_zone: \'localtime\' is not an IANA time zone (e.g. "Asia/Tokyo", "America/New_York")'),
        ('"America"', 'time_zone: \'America\' is not an IANA time zone (e.g. "Asia/Tokyo", "America/New_York")'),
        ('"../etc/passwd"', 'time_zone: \'../etc/passwd\' is not an IANA time zone (e.g. "Asia/Tokyo", "America/New_York")'),
        ("9", "time_zone: 9 has the wrong type (expected: string)"),
    ],
)
def test_bad_zones_are_problems(value: str, message: str) -> None:
    assert problems_of(HEAD + f"time_zone = {value}\n") == [message]


def test_good_zones_and_no_zone_are_valid() -> None:
    for value in ("Asia/Tokyo", "America/New_York", "UTC", "Europe/Berlin"):
        assert problems_of(HEAD + f'time_zone = "{value}"\n') == []
    assert problems_of(HEAD) == []


def test_meetings_without_ids_get_mt_ids_in_file_order_and_keep_them(tmp_path: Path) -> None:
    path = tmp_path / "old.toml"
    path.write_text(OLD_MEETINGS, encoding="utf-8")
    session = store.load(path)
    assert [m.id for m in session.meetings] == ["mt1", "mt2"]
    assert store.save(session, path) is True  # the ids are written once
    text = path.read_text(encoding="utf-8")
    assert text.count('id = "mt1"') == 1 and text.count('id = "mt2"') == 1
    assert "revision" not in text  # 0 is left out
    # a rename and a time change keep the id
    draft = pm.progress_draft(session, date(2026, 9, 28), tr)
    moved = pm.ProgressDraft("Weekly sync", draft.weekday, time(11, 0), draft.duration_min, draft.until)
    pm.set_progress_meeting(session, moved, date(2026, 9, 28), pm.session_zone(session, UTC)).apply()
    store.save(session, path)
    again = store.load(path)
    assert [(m.id, m.title, m.revision) for m in again.meetings] == [("mt1", "Weekly sync", 1), ("mt2", "Report", 0)]


def test_a_meeting_id_may_be_given_and_must_be_unique() -> None:
    text = OLD_MEETINGS.replace('title = "Weekly"', 'title = "Weekly"\nid = "sync"').replace('title = "Report"', 'title = "Report"\nid = "sync"')
    assert problems_of(text) == ["meetings[1].id: id 'sync' is used twice"]
    bad = OLD_MEETINGS.replace('title = "Weekly"', 'title = "Weekly"\nid = "a b"')
    assert problems_of(bad) == ["meetings[0].id: 'a b' is not a valid id (letters, digits, - and _; at most 40)"]
    mixed = OLD_MEETINGS.replace('title = "Report"', 'title = "Report"\nid = "mt1"')
    assert problems_of(mixed) == []
    import tomllib

    session = validate(tomllib.loads(mixed))[0]
    assert session is not None and [m.id for m in session.meetings] == ["mt2", "mt1"]  # the given one is kept, the other gets a free one


def test_time_zone_ids_and_revisions_round_trip(tmp_path: Path) -> None:
    session = new_session("RT", "ja", time_zone="Asia/Tokyo")
    session.participants.append(Participant(id="ann", name="Ann"))
    session.milestones.append(Milestone(id="m1", title="One", due=date(2027, 1, 8), revision=2))
    session.todos.append(Todo(id="t1", text="Do", owner="ann", milestone="m1", revision=5))
    session.meetings.append(Meeting(kind="progress", start=datetime(2026, 12, 17, 10, tzinfo=ZoneInfo("Asia/Tokyo")), id="weekly", revision=3))
    path = tmp_path / "rt.toml"
    assert store.save(session, path) is True
    text = path.read_text(encoding="utf-8")
    assert 'time_zone = "Asia/Tokyo"' in text and "revision = 2" in text and 'id = "weekly"' in text
    loaded = store.load(path)
    assert loaded.time_zone == "Asia/Tokyo"
    assert [(m.id, m.revision) for m in loaded.meetings] == [("weekly", 3)]
    assert (loaded.milestones[0].revision, loaded.todos[0].revision) == (2, 5)
    assert loaded.model_dump() == session.model_dump()
    assert store.save(loaded, path) is False  # the same bytes


# -- the machine's zone and mlew new -------------------------------------------------


def test_the_system_zone_comes_from_tz_then_etc_timezone_then_the_localtime_link(tmp_path: Path) -> None:
    etc_timezone = tmp_path / "timezone"
    localtime = tmp_path / "localtime"
    nothing = tmp_path / "nothing"
    assert system_zone_name({"TZ": "America/New_York"}, nothing, nothing) == "America/New_York"
    assert system_zone_name({"TZ": ":Asia/Tokyo"}, nothing, nothing) == "Asia/Tokyo"
    assert system_zone_name({"TZ": "/usr/share/zoneinfo/posix/Europe/Berlin"}, nothing, nothing) == "Europe/Berlin"
    etc_timezone.write_text("Asia/Tokyo\n", encoding="utf-8")
    os.symlink("/usr/share/zoneinfo/Europe/Paris", localtime)
    # TZ, when set, is the zone programs use: a POSIX rule names no place
    assert system_zone_name({"TZ": "JST-9"}, etc_timezone, localtime) is None
    assert system_zone_name({}, etc_timezone, localtime) == "Asia/Tokyo"
    assert system_zone_name({}, nothing, localtime) == "Europe/Paris"
    etc_timezone.write_text("Mars/Base\n", encoding="utf-8")
    assert system_zone_name({}, etc_timezone, localtime) == "Europe/Paris"
    assert system_zone_name({}, etc_timezone, nothing) is None
    not_a_link = tmp_path / "copied"
    not_a_link.write_bytes(b"TZif")
    assert system_zone_name({}, nothing, not_a_link) is None


def test_mlew_new_writes_the_machines_zone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TZ", "America/New_York")
    assert CliRunner().invoke(cli, ["new", "ny.toml", "--lang", "en"]).exit_code == 0
    assert 'time_zone = "America/New_York"\n' in (tmp_path / "ny.toml").read_text(encoding="utf-8")
    assert store.load(tmp_path / "ny.toml").time_zone == "America/New_York"
    monkeypatch.setenv("TZ", "JST-9")
    assert CliRunner().invoke(cli, ["new", "posix.toml", "--lang", "en"]).exit_code == 0
    assert "time_zone" not in (tmp_path / "posix.toml").read_text(encoding="utf-8")


# -- setup ---------------------------------------------------------------------------


def test_setup_sets_and_clears_the_zone_and_refuses_an_unknown_one() -> None:
    session = new_session("S", "en")
    assert setup.parse_zone(" Asia/Tokyo ") == "Asia/Tokyo"
    assert setup.parse_zone("") is None
    with pytest.raises(setup.SetupError) as refused:
        setup.parse_zone("Mars/Base")
    assert tr(refused.value.key, **refused.value.params) == (
        "Mars/Base is not an IANA time zone such as Asia/Tokyo or America/New_York. The time zone is unchanged."
    )
    history = History()
    edit = set_field(session, "", "time_zone", "Asia/Tokyo")
    assert edit is not None
    history.do(edit)
    assert session.time_zone == "Asia/Tokyo"
    with pytest.raises(setup.SetupError):
        set_field(session, "", "time_zone", "Mars/Base")
    assert session.time_zone == "Asia/Tokyo"
    history.undo()
    assert session.time_zone is None


# -- meetings in the session's zone ---------------------------------------------------


def ny_session() -> tuple:
    session = new_session("NY", "en", time_zone="America/New_York", workshop_date=date(2026, 9, 24))
    ms.ensure_milestones(session, tr).apply()
    for mid, due in (("m1", date(2026, 10, 29)), ("m2", date(2026, 12, 10)), ("m3", date(2027, 3, 25))):
        ms.set_field(session, mid, "due", due).apply()
    return session, pm.session_zone(session, UTC)


def test_reports_are_at_15_00_local_on_either_side_of_the_dst_change() -> None:
    session, zone = ny_session()
    assert zone == NEW_YORK
    edit = pm.register_reports(session, tr, zone)
    assert edit is not None
    edit.apply()
    starts = {m.milestone: m.start for m in session.meetings}
    assert {mid: (s.time(), s.utcoffset()) for mid, s in starts.items()} == {
        "m1": (time(15, 0), timedelta(hours=-4)),
        "m2": (time(15, 0), timedelta(hours=-5)),
        "m3": (time(15, 0), timedelta(hours=-4)),
    }
    assert [m.id for m in session.meetings] == ["mt1", "mt2", "mt3"]


def test_a_report_moved_across_the_change_keeps_its_local_time_and_is_revised(tmp_path: Path) -> None:
    session, zone = ny_session()
    pm.register_reports(session, tr, zone).apply()  # type: ignore[union-attr]
    path = tmp_path / "ny.toml"
    store.save(session, path)
    session = store.load(path)  # read back: the starts hold fixed offsets now
    ms.set_field(session, "m1", "due", date(2026, 11, 12)).apply()
    pm.register_reports(session, tr, pm.session_zone(session, UTC)).apply()  # type: ignore[union-attr]
    report = pm.report_for(session, "m1")
    assert report is not None
    assert (report.start, report.start.utcoffset(), report.revision) == (datetime(2026, 11, 12, 15, 0, tzinfo=NEW_YORK), timedelta(hours=-5), 1)
    pm.set_report_time(session, "m1", time(9, 30), 45).apply()
    assert (report.start, report.duration_min, report.revision) == (datetime(2026, 11, 12, 9, 30, tzinfo=NEW_YORK), 45, 2)


def test_a_weekly_meeting_planned_in_the_app_is_in_the_session_zone() -> None:
    session, zone = ny_session()
    draft = pm.progress_draft(session, date(2026, 9, 28), tr)
    pm.set_progress_meeting(session, draft, date(2026, 9, 28), zone).apply()
    meeting = pm.progress_meeting(session)
    assert meeting is not None and meeting.start == datetime(2026, 10, 1, 10, 0, tzinfo=NEW_YORK)
    assert meeting.id == "mt1"
    # the form shows it on the zone's clock, also once the file is read back with a fixed offset
    meeting.start = meeting.start.astimezone(UTC)
    again = pm.progress_draft(session, date(2026, 9, 28), tr)
    assert (again.weekday, again.at) == (3, time(10, 0))


def test_new_meeting_ids_do_not_fill_gaps() -> None:
    session, zone = ny_session()
    pm.register_reports(session, tr, zone).apply()  # type: ignore[union-attr]
    plan.add_intermediate(session, "m1", "Halfway", date(2026, 11, 19)).apply()
    pm.register_reports(session, tr, zone).apply()  # type: ignore[union-attr]
    assert [(m.milestone, m.id) for m in session.meetings] == [("m1", "mt1"), ("m2", "mt2"), ("m3", "mt3"), ("m1a", "mt4")]
    ms.set_field(session, "m3", "due", None).apply()
    session.meetings.remove(pm.report_for(session, "m3"))  # type: ignore[arg-type]
    plan.add_intermediate(session, "m1a", "Again", date(2026, 11, 26)).apply()
    pm.register_reports(session, tr, zone).apply()  # type: ignore[union-attr]
    assert [m.id for m in session.meetings] == ["mt1", "mt2", "mt4", "mt5"]


# -- revisions ------------------------------------------------------------------------


def test_revisions_rise_by_one_per_change_of_what_the_calendar_shows() -> None:
    session, _ = ny_session()
    m1 = ms.milestone(session, "m1")
    assert m1 is not None and m1.revision == 1  # its due date was set once
    history = History()
    history.do(plan.edit_milestone(session, "m1", title="Renamed"))  # type: ignore[arg-type]
    assert m1.revision == 2
    history.do(ms.set_field(session, "m1", "who", "The sponsor"))  # not in the event's summary or date
    assert m1.revision == 2
    assert plan.edit_milestone(session, "m1", title="Renamed") is None  # nothing changes: no edit
    # undo and redo change the title again: the revision only goes up (a calendar may hold the higher one)
    history.undo()
    history.undo()
    assert (m1.title, m1.revision) == ("Is the customer experience improved?", 3)
    history.redo()
    assert (m1.title, m1.revision) == ("Renamed", 4)
    # shifting a date key by key is one undo step, and each shift is a change
    history.do(plan.shift_due(session, "m1", 1, date(2026, 9, 28)))
    history.do(plan.shift_due(session, "m1", 1, date(2026, 9, 28)))
    assert (m1.due, m1.revision) == (date(2026, 10, 31), 6)


def test_todo_revisions() -> None:
    session, _ = ny_session()
    session.participants.append(Participant(id="ann", name="Ann"))
    tasks.add_todo(session, "Draft", "ann", "m1").apply()
    tasks.add_todo(session, "Measure", "ann", "m1").apply()
    todo = session.todos[0]
    assert (todo.id, todo.revision) == ("t1", 0)
    tasks.toggle_done(session, "t1").apply()
    assert todo.revision == 1
    tasks.edit_todo(session, "t1", text="Draft", owner="", milestone="m1", due=None, done=True).apply()  # type: ignore[union-attr]
    assert todo.revision == 1  # only the owner changed: not shown in the calendar
    tasks.edit_todo(session, "t1", text="Draft it", owner="", milestone="m1", due=date(2026, 10, 20), done=True).apply()  # type: ignore[union-attr]
    assert todo.revision == 2  # two fields, one edit: one revision
    tasks.remove_todo(session, "t1").apply()
    tasks.add_todo(session, "Next", "ann", "m1").apply()
    assert [t.id for t in session.todos] == ["t2", "t3"]  # the gap t1 left is not filled


# -- the setup screen ---------------------------------------------------------------


async def test_setup_screen_edits_the_zone_with_a_clear_message_for_a_bad_one(en_sample: Path) -> None:
    from textual.widgets import Input, Label

    from .conftest import FakeClock, make_app

    app = make_app(en_sample, FakeClock(), day=1)
    async with app.run_test(size=(120, 40)) as pilot:
        app.apply("goto", "intro")
        await pilot.pause()
        field = app.screen.query_one("#time-zone", Input)
        error = app.screen.query_one("#date-error", Label)
        assert field.value == "America/New_York"
        field.focus()
        await pilot.press("end", *"/Mars")
        await pilot.pause()
        assert str(error.render()) == "America/New_York/Mars is not an IANA time zone such as Asia/Tokyo or America/New_York. The time zone is unchanged."
        assert app.workshop.session.time_zone == "America/New_York"
        assert field.value == "America/New_York/Mars"  # what they typed stays, to be corrected
        app.save_now_blocking()
        assert store.load(en_sample).time_zone == "America/New_York"
        # cleared and typed again: empty unsets it on the way, the new zone sets it
        await pilot.press("ctrl+u", *"Asia/Tokyo")
        await pilot.pause()
        assert str(error.render()) == ""
        assert app.workshop.session.time_zone == "Asia/Tokyo"
        assert app.save_now_blocking()
        assert store.load(en_sample).time_zone == "Asia/Tokyo"
        await pilot.press("ctrl+z")  # typing the zone letter by letter undoes as one change
        await pilot.pause()
        assert app.workshop.session.time_zone == "America/New_York"
        assert field.value == "America/New_York"  # the field shows the file after undo
