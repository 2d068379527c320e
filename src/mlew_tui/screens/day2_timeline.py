"""``day2.timeline``: milestone 0 today, m1-m3 dated, intermediate steps where needed.

Entering the step creates m0 "use case decided" dated today and m1-m3 where
missing (one undoable edit). The milestones are listed in time order under a
time axis with the 1-3 month line; Enter edits one, ``a`` adds an
intermediate milestone after the highlighted one, Delete removes an
intermediate one, ``+`` / ``-`` move a date by a week. The plan's checks
(:func:`mlew_tui.domain.plan.timeline_checks`) are listed below.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..domain import milestones as ms
from ..domain import plan
from ..domain.formats import month_day
from ..domain.session import Milestone
from ..forms.day2_forms import MilestoneDraft, MilestoneForm
from ..widgets.plan_timeline import Mark, PlanTimeline
from .day2 import Day2Screen


class TimelineScreen(Day2Screen):
    ADDS = ("milestone",)  # F2: an intermediate milestone, like a
    BINDINGS = [
        Binding("a", "add", "Intermediate milestone", id="timeline.add"),
        Binding("plus,equals_sign", "shift(1)", "+1 week", id="timeline.later"),
        Binding("minus", "shift(-1)", "-1 week", id="timeline.earlier"),
        Binding("delete", "remove", "Remove", id="timeline.remove", show=False),
    ]

    WORK_PARTS = frozenset({"milestones", "workshop_date", "day2_date", "day2", "todos", "meetings"})

    def __init__(self) -> None:
        super().__init__()
        self._ids: list[str] = []

    def compose_work(self) -> ComposeResult:
        yield Static(id="timeline-intro")
        yield PlanTimeline(id="timeline-axis")
        yield OptionList(id="milestones", markup=False)
        with VerticalScroll(id="timeline-checks-scroll"):
            yield Static(id="timeline-checks")
        yield Static(id="timeline-hint", classes="keys-hint")

    def refresh_work(self) -> None:
        app, tr = self.host, self.host.tr
        session = app.workshop.session
        start, limit = plan.plan_start(session, self.today), plan.horizon(session, self.today)
        self.query_one("#timeline-intro", Static).update(
            Text(tr("plan.timeline.intro", start=start.isoformat(), limit=limit.isoformat(), months=plan.HORIZON_MONTHS))
        )
        line = plan.timeline(session)
        marks = [Mark(m.id, m.due, plan.beyond_horizon(session, m, self.today)) for m in line if m.due is not None]
        self.query_one(PlanTimeline).show(marks, start, limit, month_day(limit))
        options = self.query_one("#milestones", OptionList)
        keep, index = self.highlighted, options.highlighted  # the same milestone stays highlighted when it moves
        self._ids = [m.id for m in line]
        options.set_options([Option(self._prompt(m)) for m in line])
        if self._ids:
            options.highlighted = self._ids.index(keep) if keep in self._ids else min(index or 0, len(self._ids) - 1)
        checks = plan.timeline_checks(session, self.today)
        self.query_one("#timeline-checks", Static).update(self.checks_view(checks, "plan.timeline.ok"))
        self.query_one("#timeline-hint", Static).update(Text(tr("plan.timeline.hint")))

    def step_entered(self, step: str) -> None:
        self.query_one("#milestones").focus(scroll_visible=False)

    def _prompt(self, m: Milestone) -> Text:
        tr, session = self.host.tr, self.host.workshop.session
        text = Text()
        text.append(f"{m.id:<4} ", style="bold")
        if m.due is None:
            text.append(tr("plan.timeline.no_date"), style="bold yellow")
        else:
            text.append(m.due.isoformat(), style="bold")
            days = (m.due - plan.plan_start(session, self.today)).days
            text.append(" " + tr("plan.timeline.days", days=days), style="dim")
        text.append("  ")
        text.append(m.title or tr("plan.timeline.untitled"))
        if plan.beyond_horizon(session, m, self.today):
            text.append("  " + tr("plan.timeline.beyond", months=plan.HORIZON_MONTHS), style="italic")
        if not plan.is_fixed(m.id):
            text.append("  " + tr("plan.timeline.intermediate"), style="cyan")
        parts = [f"{tr(f'plan.timeline.{p}')}: {getattr(m, p).strip()}" for p in ("who", "what") if getattr(m, p).strip()]
        if parts:
            text.append("\n     " + "  ·  ".join(parts), style="dim")
        return text

    # -- actions ---------------------------------------------------------------------
    @property
    def highlighted(self) -> str | None:
        index = self.query_one("#milestones", OptionList).highlighted
        return self._ids[index] if index is not None and index < len(self._ids) else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        mid = self.highlighted
        m = ms.milestone(self.host.workshop.session, mid) if mid else None
        if m is None or self.host.read_only:
            return

        def done(draft: MilestoneDraft | None) -> None:
            if draft is not None:
                self.host.apply("edit_milestone", m.id, title=draft.title, who=draft.who, what=draft.what, how=draft.how, due=draft.due)

        title = self.host.tr("plan.form.edit_milestone", id=m.id)
        self.app.push_screen(MilestoneForm(self.host.tr, title, MilestoneDraft(m.title, m.who, m.what, m.how, m.due)), done)

    def open_add_form(self, kind: str) -> None:
        self.action_add()

    def action_add(self) -> None:
        session, tr = self.host.workshop.session, self.host.tr
        after = self.highlighted
        if after is None or self.host.read_only:
            return
        draft = MilestoneDraft("", "", "", "", plan.suggest_due(session, after))

        def done(result: MilestoneDraft | None) -> None:
            if result is not None:
                self.host.apply("add_intermediate", after, result.title, result.due, who=result.who, what=result.what, how=result.how)

        self.app.push_screen(MilestoneForm(tr, tr("plan.form.add_milestone", after=after), draft), done)

    def action_shift(self, weeks: int) -> None:
        mid = self.highlighted
        if mid is not None:
            self.host.apply("shift_due", mid, weeks * plan.SHIFT_DAYS, self.today)

    def action_remove(self) -> None:
        mid = self.highlighted
        if mid is None:
            return
        if plan.is_fixed(mid):
            self.app.notify(self.host.tr("plan.timeline.fixed", id=mid), severity="warning")
            return
        self.host.apply("remove_milestone", mid)
