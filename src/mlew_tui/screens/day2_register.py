"""``day2.register``: the weekly progress meeting and the executive reports, into calendars now.

Before anyone leaves the room: ``w`` sets the weekly progress meeting
(weekday, time, length, until), ``r`` puts an executive report on every
milestone's date (and moves the ones whose milestone moved), Enter changes a
report's time, ``x`` writes the plan next to the session file - the calendar
(``.ics``, one recurring event for the weekly meeting) for Outlook and
Google Calendar, the workbook (``.xlsx``), the evaluation sheet (``.csv``) and
the Markdown document - for the team to import on the spot.
"""

from __future__ import annotations

from datetime import timedelta

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..domain import milestones as ms
from ..domain import plan_meetings as pm
from ..domain.formats import day, hhmm
from ..domain.session import Meeting
from ..forms.day2_forms import MeetingTime, ProgressFields, ProgressForm, ReportForm
from .day2 import Day2Screen

#: What ``x`` writes, in the order it is listed.
EXPORTS: tuple[str, ...] = ("ics", "xlsx", "csv", "md")


class RegisterScreen(Day2Screen):
    BINDINGS = [
        Binding("w", "weekly", "Weekly meeting", id="register.weekly"),
        Binding("r", "reports", "Executive reports", id="register.reports"),
        Binding("x", "export", "Export", id="register.export"),
    ]

    WORK_PARTS = frozenset({"milestones", "meetings", "todos", "workshop_date", "day2_date", "day2", "title", "time_zone"})

    def __init__(self) -> None:
        super().__init__()
        self._ids: list[str] = []
        self._written: list[str] = []

    def compose_work(self) -> ComposeResult:
        yield Static(id="weekly")
        yield Static(id="reports-title")
        yield OptionList(id="reports", markup=False)
        with VerticalScroll(id="register-checks-scroll"):
            yield Static(id="register-checks")
            yield Static(id="register-exports")
        yield Static(id="register-hint", classes="keys-hint")

    def refresh_work(self) -> None:
        app, tr = self.host, self.host.tr
        session = app.workshop.session
        self.query_one("#weekly", Static).update(self._weekly_text())
        self.query_one("#reports-title", Static).update(Text(tr("plan.register.reports"), style="bold"))
        options = self.query_one("#reports", OptionList)
        keep = options.highlighted
        self._ids = pm.report_milestones(session)
        if self._ids:
            options.set_options([Option(self._report_prompt(mid)) for mid in self._ids])
            options.highlighted = min(keep if keep is not None else 0, len(self._ids) - 1)
        else:
            options.set_options([Option(Text(tr("plan.register.no_milestones")), disabled=True)])
        self.query_one("#register-checks", Static).update(self.checks_view(pm.meeting_checks(session), "plan.register.ok"))
        exports = Text()
        if self._written:
            exports.append(tr("plan.register.written") + "\n", style="bold green")
            for path in self._written:
                exports.append("  " + path + "\n")
            exports.append(tr("plan.register.import") + "\n")
        self.query_one("#register-exports", Static).update(exports)
        self.query_one("#register-hint", Static).update(Text(tr("plan.register.hint")))

    def step_entered(self, step: str) -> None:
        self.query_one("#reports").focus(scroll_visible=False)

    def _span(self, meeting: Meeting) -> str:
        start = pm.wall_clock(self.host.workshop.session, meeting.start)
        end = start + timedelta(minutes=meeting.duration_min)
        return f"{hhmm(start)}-{hhmm(end)}"

    def _weekly_text(self) -> Text:
        tr, session = self.host.tr, self.host.workshop.session
        text = Text(tr("plan.register.weekly") + "\n", style="bold")
        meeting = pm.progress_meeting(session)
        if meeting is None:
            text.append(tr("plan.register.no_weekly") + "\n", style="yellow")
            return text
        text.append(meeting.title + "\n")
        until = day(meeting.weekly_until) or tr("plan.register.open_end")
        start = pm.wall_clock(session, meeting.start)
        text.append(
            tr(
                "plan.register.every_zone" if session.time_zone else "plan.register.every",
                weekday=tr(f"plan.weekday.{start.weekday()}"),
                span=self._span(meeting),
                first=day(start.date()),
                until=until,
                offset=start.strftime("%z")[:3] + ":" + start.strftime("%z")[3:],
                zone=session.time_zone or "",
            )
            + "\n"
        )
        return text

    def _report_prompt(self, mid: str) -> Text:
        tr, session = self.host.tr, self.host.workshop.session
        m = ms.milestone(session, mid)
        report = pm.report_for(session, mid)
        text = Text()
        text.append(f"{mid.upper():<5}", style="bold")
        text.append(((day(m.due) if m else "") or tr("plan.timeline.no_date")) + "  ", style="bold")
        if report is None:
            text.append(tr("plan.register.no_report"), style="yellow")
        else:
            held = pm.wall_clock(session, report.start).date()
            moved = m is not None and m.due is not None and held != m.due
            if moved:
                text.append(held.isoformat() + " " + tr("plan.register.moved") + " ", style="italic yellow")
            text.append(self._span(report) + "  ")
            text.append(report.title)
        return text

    # -- actions ---------------------------------------------------------------------
    def action_weekly(self) -> None:
        app, tr = self.host, self.host.tr
        session = app.workshop.session
        if app.read_only:
            return
        today, zone = self.today, self.zone
        d = pm.progress_draft(session, today, tr)

        def draft_of(fields: ProgressFields) -> pm.ProgressDraft:
            return pm.ProgressDraft(fields.title, fields.weekday, fields.at, fields.duration_min, fields.until)

        def check(fields: ProgressFields) -> str:
            problem = pm.progress_problem(session, draft_of(fields), today, zone)
            if not problem:
                return ""
            first = pm.first_start(session, draft_of(fields), today, zone)
            return tr(problem, first=first.date().isoformat())

        def done(fields: ProgressFields | None) -> None:
            if fields is not None:
                app.apply("set_progress_meeting", draft_of(fields), today, zone)

        form = ProgressForm(tr, tr("plan.form.weekly_title"), ProgressFields(d.title, d.weekday, d.at, d.duration_min, d.until), check)
        self.app.push_screen(form, done)

    def action_reports(self) -> None:
        if self.host.read_only:
            return
        if not self.host.apply("register_reports", self.host.tr, self.zone):
            self.app.notify(self.host.tr("plan.register.reports_in_place"))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        index = event.option_index
        if index >= len(self._ids) or self.host.read_only:
            return
        session, tr = self.host.workshop.session, self.host.tr
        mid = self._ids[index]
        report = pm.report_for(session, mid)
        if report is None:
            self.action_reports()
            return

        def done(value: MeetingTime | None) -> None:
            if value is not None:
                self.host.apply("set_report_time", mid, value.at, value.duration_min)

        current = MeetingTime(pm.wall_clock(session, report.start).time().replace(tzinfo=None), report.duration_min)
        self.app.push_screen(ReportForm(tr, tr("plan.form.report_title", id=mid.upper()), current), done)

    def action_export(self) -> None:
        app = self.host
        written = []
        for fmt in EXPORTS:
            target = app.export_file(fmt, announce=False)
            if target is not None:
                written.append(str(target))
        self._written = written
        self.refresh_work()
