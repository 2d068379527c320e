"""``mlew export --format ics``: parsed back with icalendar - all-day milestone
events, executive reports, ONE weekly progress event with RRULE/UNTIL, TODOs,
UIDs made from the ids stored in the file, SEQUENCE from their revisions, the
session's IANA time zone (wall-clock hours kept across a DST change)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from icalendar import Calendar
from typer.testing import CliRunner

from mlew_tui import store
from mlew_tui.cli import app as cli
from mlew_tui.domain import plan, plan_tasks
from mlew_tui.domain import plan_meetings as pm
from mlew_tui.domain.session import Meeting, Milestone, Todo, new_session
from mlew_tui.export.ics import ics_bytes
from mlew_tui.i18n import Translator

STAMP = datetime(2026, 12, 10, 9, 0, tzinfo=UTC)
MINUS_4 = timezone(timedelta(hours=-4))


def events(data: bytes) -> list:
    return [c for c in Calendar.from_ical(data).walk("VEVENT")]


def by_uid(data: bytes) -> dict:
    return {str(e["UID"]): e for e in events(data)}


def todos(data: bytes) -> dict:
    return {str(t["UID"]): t for t in Calendar.from_ical(data).walk("VTODO")}


def uid_of(found: dict, prefix: str) -> str:
    """The one UID starting with ``prefix`` (``meeting-mt1-``)."""
    (match,) = [u for u in found if u.startswith(prefix)]
    return match


def test_ja_day2_sample_calendar(ja_day2_sample: Path) -> None:
    data = ics_bytes(store.load(ja_day2_sample), stamp=STAMP)
    assert data.startswith(b"BEGIN:VCALENDAR\r\n") and b"\r\nEND:VCALENDAR\r\n" in data
    cal = Calendar.from_ical(data)
    assert str(cal["VERSION"]) == "2.0" and "mlew" in str(cal["PRODID"])
    assert str(cal["X-WR-TIMEZONE"]) == "Asia/Tokyo"
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Asia/Tokyo"]
    found = events(data)
    # 4 milestones (m0-m3) + 1 weekly meeting + 3 executive reports
    assert len(found) == 8
    milestones = [e for e in found if str(e["UID"]).startswith("milestone-")]
    assert [e.decoded("DTSTART") for e in milestones] == [date(2026, 12, 10), date(2027, 2, 26), date(2027, 4, 23), date(2027, 6, 25)]
    assert all(e.decoded("DTEND") - e.decoded("DTSTART") == timedelta(days=1) for e in milestones)
    assert "マイルストーン M1: 顧客体験を改善している？" in [str(e["SUMMARY"]) for e in milestones]
    m1 = next(e for e in milestones if "-m1-" in str(e["UID"]))
    assert "β モニター 30 名の抽出条件" in str(m1["DESCRIPTION"]) and "Who (誰が)" in str(m1["DESCRIPTION"])
    # the meetings of the sample have no ids in the file: they get mt1... in file order
    assert sorted(u.split("-")[1] for u in by_uid(data) if u.startswith("meeting-")) == ["mt1", "mt2", "mt3", "mt4"]
    assert all(e["SEQUENCE"] == 0 for e in found)


def test_todos_are_vtodos_with_their_milestone(ja_day2_sample: Path) -> None:
    session = store.load(ja_day2_sample)
    data = ics_bytes(session, stamp=STAMP)
    found = todos(data)
    assert len(found) == len(session.todos) == 9
    first = session.todos[0]
    vtodo = found[uid_of(found, f"todo-{first.id}-")]
    assert str(vtodo["SUMMARY"]) == first.text
    assert vtodo.decoded("DUE") == first.due
    assert str(vtodo["STATUS"]) == "NEEDS-ACTION"
    assert str(vtodo["RELATED-TO"]) == uid_of(by_uid(data), f"milestone-{first.milestone}-")


def test_the_weekly_meeting_is_one_recurring_event(ja_day2_sample: Path) -> None:
    found = events(ics_bytes(store.load(ja_day2_sample), stamp=STAMP))
    weekly = [e for e in found if "RRULE" in e]
    assert len(weekly) == 1
    event = weekly[0]
    rule = event["RRULE"]
    assert rule["FREQ"] == ["WEEKLY"]
    # until 2027-02-25 in Tokyo, given in UTC as RFC 5545 wants with a TZID start
    assert rule["UNTIL"] == [datetime(2027, 2, 25, 14, 59, 59, tzinfo=UTC)]
    start = event.decoded("DTSTART")
    assert event["DTSTART"].params["TZID"] == "Asia/Tokyo"
    assert (start.date(), start.time(), start.utcoffset()) == (date(2026, 12, 17), time(10, 0), timedelta(hours=9))
    assert event.decoded("DTEND") - start == timedelta(minutes=30)
    assert str(event["SUMMARY"]) == "レッスンログ 週次定例"


def test_executive_reports_are_timed_events_with_their_milestone(ja_day2_sample: Path) -> None:
    found = by_uid(ics_bytes(store.load(ja_day2_sample), stamp=STAMP))
    reports = {uid: e for uid, e in found.items() if uid.startswith("meeting-") and "RRULE" not in e}
    assert sorted(uid.split("-")[1] for uid in reports) == ["mt2", "mt3", "mt4"]
    m2 = next(e for uid, e in reports.items() if uid.startswith("meeting-mt3-"))
    assert m2.decoded("DTSTART") == datetime(2027, 4, 23, 15, 0, tzinfo=m2.decoded("DTSTART").tzinfo)
    assert m2.decoded("DTSTART").utcoffset() == timedelta(hours=9)
    assert "RRULE" not in m2 and "PM 佐藤" in str(m2["DESCRIPTION"])


def test_uids_are_stable_and_unique_so_a_reimport_updates(ja_day2_sample: Path) -> None:
    session = store.load(ja_day2_sample)
    first = by_uid(ics_bytes(session, stamp=STAMP))
    assert len(first) == 8
    plan.shift_due(session, "m1", -7, date(2026, 12, 10)).apply()
    tr = Translator("ja")
    draft = pm.progress_draft(session, date(2026, 12, 10), tr)
    moved = pm.ProgressDraft(draft.title, draft.weekday, time(11, 0), draft.duration_min, draft.until)
    pm.set_progress_meeting(session, moved, date(2026, 12, 10), pm.session_zone(session, UTC)).apply()
    later = by_uid(ics_bytes(session, stamp=STAMP + timedelta(days=1)))
    assert set(later) == set(first)
    m1 = uid_of(first, "milestone-m1-")
    assert later[m1].decoded("DTSTART") == date(2027, 2, 19)
    assert (first[m1]["SEQUENCE"], later[m1]["SEQUENCE"]) == (0, 1)
    weekly = uid_of(first, "meeting-mt1-")
    assert later[weekly].decoded("DTSTART").time() == time(11, 0)
    assert (first[weekly]["SEQUENCE"], later[weekly]["SEQUENCE"]) == (0, 1)
    untouched = uid_of(first, "milestone-m2-")
    assert later[untouched]["SEQUENCE"] == 0


def test_a_rename_keeps_the_uid_and_raises_the_sequence_by_one(ja_day2_sample: Path) -> None:
    session = store.load(ja_day2_sample)
    today = date(2026, 12, 10)
    tr = Translator("ja")
    before = ics_bytes(session, stamp=STAMP)
    plan.edit_milestone(session, "m1", title="β 版の体験は良くなった？").apply()
    draft = pm.progress_draft(session, today, tr)
    renamed = pm.ProgressDraft("週次定例（改名）", draft.weekday, draft.at, draft.duration_min, draft.until)
    pm.set_progress_meeting(session, renamed, today, pm.session_zone(session, UTC)).apply()
    todo = session.todos[0]
    plan_tasks.edit_todo(session, todo.id, text="抽出条件を決める", owner=todo.owner, milestone=todo.milestone, due=todo.due, done=todo.done).apply()
    # saved and read back: ids and revisions live in the file
    store.save(session, ja_day2_sample)
    after = ics_bytes(store.load(ja_day2_sample), stamp=STAMP + timedelta(days=1))
    old, new = by_uid(before), by_uid(after)
    assert set(new) == set(old)
    m1, weekly = uid_of(old, "milestone-m1-"), uid_of(old, "meeting-mt1-")
    assert str(new[m1]["SUMMARY"]) == "マイルストーン M1: β 版の体験は良くなった？"
    assert str(new[weekly]["SUMMARY"]) == "週次定例（改名）"
    assert [new[u]["SEQUENCE"] - old[u]["SEQUENCE"] for u in (m1, weekly)] == [1, 1]
    old_todos, new_todos = todos(before), todos(after)
    key = uid_of(old_todos, f"todo-{todo.id}-")
    assert str(new_todos[key]["SUMMARY"]) == "抽出条件を決める"
    assert (old_todos[key]["SEQUENCE"], new_todos[key]["SEQUENCE"]) == (0, 1)


def _new_york_weekly(tmp_path: Path, *, time_zone: str | None) -> bytes:
    """A session whose weekly 10:00 meeting runs from October to mid-December
    2026 (New York leaves daylight time on 1 November), planned through the
    domain, saved, read back and exported."""
    session = new_session("NY plan", "en", time_zone=time_zone, workshop_date=date(2026, 9, 24))
    today = date(2026, 9, 28)
    zone = pm.session_zone(session, MINUS_4)  # the clock of a machine in New York in September
    draft = pm.ProgressDraft("Weekly sync", 3, time(10, 0), 30, date(2026, 12, 17))
    pm.set_progress_meeting(session, draft, today, zone).apply()
    path = tmp_path / "ny.toml"
    store.save(session, path)
    return ics_bytes(store.load(path), stamp=STAMP)


def test_a_weekly_meeting_keeps_its_local_hour_across_the_dst_change(tmp_path: Path) -> None:
    data = _new_york_weekly(tmp_path, time_zone="America/New_York")
    cal = Calendar.from_ical(data)
    assert str(cal["X-WR-TIMEZONE"]) == "America/New_York"
    (event,) = events(data)
    assert event["DTSTART"].params["TZID"] == "America/New_York"
    assert b"DTSTART;TZID=America/New_York:20261001T100000" in data
    # the VTIMEZONE says when New York leaves daylight time
    (vtz,) = cal.walk("VTIMEZONE")
    assert str(vtz["TZID"]) == "America/New_York"
    standard = [(c.decoded("DTSTART"), c.decoded("TZOFFSETFROM"), c.decoded("TZOFFSETTO")) for c in vtz.walk("STANDARD")]
    assert (datetime(2026, 11, 1, 2, 0), timedelta(hours=-4), timedelta(hours=-5)) in standard
    # every occurrence of the rule, as a calendar expands it, is at 10:00 New York time
    start = event.decoded("DTSTART")
    rule = rrulestr(event["RRULE"].to_ical().decode(), dtstart=start)
    occurrences = list(rule)
    assert len(occurrences) == 12  # 1 Oct ... 17 Dec, every Thursday
    assert {(o.weekday(), o.time()) for o in occurrences} == {(3, time(10, 0))}
    new_york = ZoneInfo("America/New_York")
    assert {o.astimezone(new_york).time() for o in occurrences} == {time(10, 0)}
    october, december = occurrences[0], occurrences[-1]
    assert (october.date(), october.utcoffset(), october.astimezone(UTC).time()) == (date(2026, 10, 1), timedelta(hours=-4), time(14, 0))
    assert (december.date(), december.utcoffset(), december.astimezone(UTC).time()) == (date(2026, 12, 17), timedelta(hours=-5), time(15, 0))
    assert event.decoded("DTEND") - start == timedelta(minutes=30)


def test_a_file_without_time_zone_exports_utc_times_not_a_made_up_zone(tmp_path: Path) -> None:
    data = _new_york_weekly(tmp_path, time_zone=None)
    cal = Calendar.from_ical(data)
    assert "X-WR-TIMEZONE" not in cal and cal.walk("VTIMEZONE") == []
    assert b"Etc/GMT" not in data and b"TZID" not in data
    (event,) = events(data)
    assert b"DTSTART:20261001T140000Z" in data  # 10:00 at -04:00, the only thing the file says
    start = event.decoded("DTSTART")
    assert start == datetime(2026, 10, 1, 14, 0, tzinfo=UTC)
    occurrences = list(rrulestr(event["RRULE"].to_ical().decode(), dtstart=start))
    assert occurrences[-1] == datetime(2026, 12, 17, 14, 0, tzinfo=UTC)
    assert event["RRULE"]["UNTIL"] == [datetime(2026, 12, 18, 3, 59, 59, tzinfo=UTC)]  # 17 Dec ends at -04:00


def test_an_english_session_keeps_its_offset(en_sample: Path) -> None:
    session = store.load(en_sample)
    zone = pm.session_zone(session, UTC)
    tr = Translator("en")
    pm.set_progress_meeting(session, pm.progress_draft(session, date(2026, 12, 10), tr), date(2026, 12, 10), zone).apply()
    pm.register_reports(session, tr, zone).apply()
    data = ics_bytes(session, stamp=STAMP)
    cal = Calendar.from_ical(data)
    assert str(cal["X-WR-TIMEZONE"]) == "America/New_York"
    weekly = next(e for e in events(data) if "RRULE" in e)
    start = weekly.decoded("DTSTART")
    assert weekly["DTSTART"].params["TZID"] == "America/New_York"
    assert start.utcoffset() == timedelta(hours=-5) and start.time() == time(10, 0)
    assert weekly["RRULE"]["UNTIL"] == [datetime(2027, 2, 27, 4, 59, 59, tzinfo=UTC)]  # 2027-02-26 end, UTC-5
    summaries = [str(e["SUMMARY"]) for e in events(data)]
    assert "Milestone M1: Is the customer experience improved?" in summaries


def test_a_session_built_in_memory_exports_the_ids_a_load_would_give() -> None:
    session = new_session("Mem", "en", time_zone="Asia/Tokyo")
    session.milestones.append(Milestone(id="m1", title="First", due=date(2027, 1, 8), revision=3))
    session.meetings.append(Meeting(kind="progress", title="Sync", start=datetime(2026, 12, 17, 10, tzinfo=ZoneInfo("Asia/Tokyo"))))
    session.todos.append(Todo(id="t1", text="Do it", done=True, milestone="m1"))
    data = ics_bytes(session, stamp=STAMP)
    found = by_uid(data)
    assert found[uid_of(found, "milestone-m1-")]["SEQUENCE"] == 3
    assert uid_of(found, "meeting-mt1-")
    (vtodo,) = todos(data).values()
    assert str(vtodo["STATUS"]) == "COMPLETED" and "DUE" not in vtodo


def test_a_session_without_a_plan_is_an_empty_calendar() -> None:
    cal = Calendar.from_ical(ics_bytes(new_session("Empty", "en"), stamp=STAMP))
    assert cal.walk("VEVENT") == [] and "X-WR-TIMEZONE" not in cal


def test_cli_writes_the_calendar(ja_day2_sample: Path) -> None:
    result = CliRunner().invoke(cli, ["export", str(ja_day2_sample), "--format", "ics"])
    assert result.exit_code == 0, result.output
    target = ja_day2_sample.with_suffix(".ics")
    assert str(target) in result.output
    assert len(events(target.read_bytes())) == 8
    out = ja_day2_sample.parent / "plan.ics"
    assert CliRunner().invoke(cli, ["export", str(ja_day2_sample), "-f", "ics", "-o", str(out)]).exit_code == 0
    assert out.exists()
