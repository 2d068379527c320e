"""``mlew export --format ics``: parsed back with icalendar - all-day milestone
events, executive reports, ONE weekly progress event with RRULE/UNTIL, stable
UIDs, the session's time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from icalendar import Calendar
from typer.testing import CliRunner

from mlew_tui import store
from mlew_tui.cli import app as cli
from mlew_tui.domain import plan_meetings as pm
from mlew_tui.export.ics import ics_bytes, zone_name
from mlew_tui.i18n import Translator

STAMP = datetime(2026, 12, 10, 9, 0, tzinfo=UTC)


def events(data: bytes) -> list:
    return [c for c in Calendar.from_ical(data).walk("VEVENT")]


def by_uid(data: bytes) -> dict:
    return {str(e["UID"]): e for e in events(data)}


def test_ja_sample_calendar(ja_sample: Path) -> None:
    data = ics_bytes(store.load(ja_sample), stamp=STAMP)
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


def test_the_weekly_meeting_is_one_recurring_event(ja_sample: Path) -> None:
    found = events(ics_bytes(store.load(ja_sample), stamp=STAMP))
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


def test_executive_reports_are_timed_events_with_their_milestone(ja_sample: Path) -> None:
    found = by_uid(ics_bytes(store.load(ja_sample), stamp=STAMP))
    reports = {uid: e for uid, e in found.items() if uid.startswith("meeting-report-")}
    assert sorted(uid.split("-")[2] for uid in reports) == ["m1", "m2", "m3"]
    m2 = next(e for uid, e in reports.items() if "-m2-" in uid)
    assert m2.decoded("DTSTART") == datetime(2027, 4, 23, 15, 0, tzinfo=m2.decoded("DTSTART").tzinfo)
    assert m2.decoded("DTSTART").utcoffset() == timedelta(hours=9)
    assert "RRULE" not in m2 and "PM 佐藤" in str(m2["DESCRIPTION"])


def test_uids_are_stable_and_unique_so_a_reimport_updates(ja_sample: Path) -> None:
    session = store.load(ja_sample)
    first = by_uid(ics_bytes(session, stamp=STAMP))
    assert len(first) == 8
    session.milestones[1].due = date(2027, 2, 19)
    session.meetings[0].start += timedelta(hours=1)
    later = by_uid(ics_bytes(session, stamp=STAMP + timedelta(days=1)))
    assert set(later) == set(first)
    uid = next(u for u in first if u.startswith("milestone-m1-"))
    assert later[uid].decoded("DTSTART") == date(2027, 2, 19)
    assert later[uid]["SEQUENCE"] > first[uid]["SEQUENCE"]


def test_an_english_session_keeps_its_offset(en_sample: Path) -> None:
    session = store.load(en_sample)
    zone = pm.session_zone(session, UTC)
    tr = Translator("en")
    pm.set_progress_meeting(session, pm.progress_draft(session, date(2026, 12, 10), tr), date(2026, 12, 10), zone).apply()
    pm.register_reports(session, tr, zone).apply()
    data = ics_bytes(session, stamp=STAMP)
    cal = Calendar.from_ical(data)
    assert str(cal["X-WR-TIMEZONE"]) == "Etc/GMT+5"  # UTC-5: the IANA sign is inverted
    weekly = next(e for e in events(data) if "RRULE" in e)
    start = weekly.decoded("DTSTART")
    assert start.utcoffset() == timedelta(hours=-5) and start.time() == time(10, 0)
    assert weekly["RRULE"]["UNTIL"] == [datetime(2027, 2, 27, 4, 59, 59, tzinfo=UTC)]  # 2027-02-26 end, UTC-5
    summaries = [str(e["SUMMARY"]) for e in events(data)]
    assert "Milestone M1: Is the customer experience improved?" in summaries


def test_zone_names() -> None:
    assert zone_name(timedelta(hours=9), "ja") == "Asia/Tokyo"
    assert zone_name(timedelta(hours=9), "en") == "Etc/GMT-9"
    assert zone_name(timedelta(hours=5, minutes=30), "en") == "Asia/Kolkata"
    assert zone_name(timedelta(0), "en") == "UTC"
    assert zone_name(timedelta(hours=9, minutes=30), "en") is None


def test_a_session_without_a_plan_is_an_empty_calendar() -> None:
    from mlew_tui.domain.session import new_session

    cal = Calendar.from_ical(ics_bytes(new_session("Empty", "en"), stamp=STAMP))
    assert cal.walk("VEVENT") == [] and "X-WR-TIMEZONE" not in cal


def test_cli_writes_the_calendar(ja_sample: Path) -> None:
    result = CliRunner().invoke(cli, ["export", str(ja_sample), "--format", "ics"])
    assert result.exit_code == 0, result.output
    target = ja_sample.with_suffix(".ics")
    assert str(target) in result.output
    assert len(events(target.read_bytes())) == 8
    out = ja_sample.parent / "plan.ics"
    assert CliRunner().invoke(cli, ["export", str(ja_sample), "-f", "ics", "-o", str(out)]).exit_code == 0
    assert out.exists()
