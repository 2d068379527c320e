"""Next Step: go to implementation?, the processes to improve, Day 1 at a glance.

``y`` / ``n`` record "Go straight to implementation?"; three views (keys 1-3):
the diagnostics of each process with reasons and remedy, where Space ticks
the processes to improve on Day 2 (pre-ticked from the diagnostics on entering
while nothing is ticked and nothing answered - :mod:`mlew_tui.domain.next_step`);
the closing summary of Day 1; the Day 2 preparation checklist (the deck's
改善編を進める前の確認). ``e`` edits the notes.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import ContentSwitcher, Static

from ..domain import next_step as rules
from ..domain.change import EXPORTS
from ..domain.diagnostics import diagnose
from ..domain.scoring import analyse
from ..forms.refine_forms import TextForm
from ..widgets.diagnostics_list import DiagnosisView, DiagnosticsList
from ..widgets.keybar import KeyBar
from ..widgets.panel_tabs import PanelTabs
from .base import WorkshopScreen

VIEWS = ("diagnostics", "summary", "day2")


class NextStepScreen(WorkshopScreen):
    # The stylesheets of the forms it opens are read with it: one arriving with a form would make Textual parse every stylesheet again.
    CSS_PATH = ["next_step.tcss", "../forms/refine_forms.tcss"]
    BINDINGS = [
        Binding("y", "go(True)", "Yes", id="next.yes", show=False),
        Binding("n", "go(False)", "No", id="next.no", show=False),
        Binding("1", "view('diagnostics')", "Diagnostics", id="next.view_diagnostics", show=False),
        Binding("2", "view('summary')", "Day 1 summary", id="next.view_summary", show=False),
        Binding("3", "view('day2')", "Day 2", id="next.view_day2", show=False),
        Binding("e", "notes", "Notes", id="next.notes", show=False),
    ]

    WORK_PARTS = frozenset({"next_step", "reviews", "posts", "items", "cases", "scores", "votes", "invent", "refine", "milestones", "participants", EXPORTS})

    def __init__(self) -> None:
        super().__init__()
        self._view = "diagnostics"

    def compose_work(self) -> ComposeResult:
        yield Static(id="go")
        yield PanelTabs(id="next-tabs")
        with ContentSwitcher(initial="view-diagnostics", id="next-views"):
            yield DiagnosticsList(id="view-diagnostics")
            with VerticalScroll(id="view-summary"):
                yield Static(id="day1-summary")
            with VerticalScroll(id="view-day2"):
                yield Static(id="day2-checklist")
        yield Static(id="next-hint", classes="keys-hint")

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """The key bar names the keys of the list that has focus."""
        self.query_one(KeyBar).refresh_keys()

    def refresh_work(self) -> None:
        app, tr = self.host, self.host.tr
        session = app.workshop.session
        analysis = analyse(session)
        diagnoses = diagnose(session, analysis)
        self.query_one("#go", Static).update(self._go_text())
        labels = [tr(f"next.view.{v}") for v in VIEWS]
        self.query_one(PanelTabs).show(labels, VIEWS.index(self._view))
        self.query_one("#next-views", ContentSwitcher).current = f"view-{self._view}"
        improve = set(session.next_step.improve)
        views = [
            DiagnosisView(
                d.process,
                tr(f"process.{d.process}"),
                tr(f"diag.{d.status}"),
                d.status == "ok",
                d.process in improve,
                tr(d.question_key),
                tuple(r.render(tr) for r in d.reasons),
                tr(d.remedy_key) if d.reasons else "",
            )
            for d in diagnoses
        ]
        self.query_one(DiagnosticsList).show(views, tr("next.remedy"))
        summary = rules.day1_summary(session, analysis, diagnoses)
        self.query_one("#day1-summary", Static).update(self._summary_text(summary))
        self.query_one("#day2-checklist", Static).update(self._day2_text())
        self.query_one("#next-hint", Static).update(Text(tr("next.hint")))

    def step_entered(self, step: str) -> None:
        self._focus_view()

    def _focus_view(self) -> None:
        target = {"diagnostics": "#view-diagnostics", "summary": "#view-summary", "day2": "#view-day2"}[self._view]
        self.query_one(target).focus()

    def _go_text(self) -> Text:
        tr = self.host.tr
        answer = self.host.workshop.session.next_step.go_to_implementation
        text = Text().append(tr("next.go.question") + "  ", style="bold")
        for value, key in ((True, "y"), (False, "n")):
            chosen = answer is value
            text.append(("● " if chosen else "○ ") + tr(f"next.go.{'yes' if value else 'no'}"), style="bold reverse" if chosen else "")
            text.append(f" [{key}]   ", style="dim")
        if answer is None:
            text.append(tr("next.go.unanswered"), style="italic yellow")
        return text

    def _summary_text(self, s: rules.Day1Summary) -> Text:
        tr = self.host.tr
        session = self.host.workshop.session
        sep = tr("diag.list_sep")
        text = Text().append(tr("next.summary.heading") + "\n\n", style="bold")

        def line(process: str, body: str, flagged: bool = False) -> None:
            text.append(f"{tr(f'process.{process}')}: ", style="bold")
            text.append(body + "\n", style="yellow" if flagged else "")

        line("listen", tr("next.summary.listen", reviews=s.reviews, assumptions=s.assumptions))
        line("define", tr("next.summary.define", posts=s.posts, issues=s.issues, strengths=s.strengths))
        if s.winner:
            case = session.case(s.winner)
            winner = tr("next.summary.winner", name=case.name if case else s.winner, how=tr(f"decided_by.{s.decided_by}"))
        else:
            winner = tr("next.summary.no_winner")
        line("invent", tr("next.summary.invent", scored=s.cases_scored, cases=s.cases) + " " + winner)
        line("refine", tr("next.summary.refine", steps=s.steps, faqs=s.faqs, uncertain=s.uncertain), s.uncertain > 0)
        m1 = tr("next.summary.m1_due", due=s.m1_due) if s.m1_due else tr("next.summary.m1_no_due")
        if s.m1_late:
            m1 += " " + tr("next.summary.m1_late")
        line("test_iterate", tr("next.summary.test", complete=s.milestones_complete) + " " + m1, s.m1_late)
        text.append("\n")
        go = {True: "next.go.yes", False: "next.go.no", None: "next.go.unanswered"}[s.go_to_implementation]
        text.append(tr("next.summary.go", answer=tr(go)) + "\n", style="bold")
        improve = sep.join(tr(f"process.{p}") for p in s.improve) or tr("next.summary.nothing")
        text.append(tr("next.summary.improve", processes=improve) + "\n", style="bold")
        notes = session.next_step.notes.strip()
        if notes:
            text.append("\n" + tr("next.summary.notes") + "\n", style="bold")
            text.append(notes + "\n")
        return text

    def _day2_text(self) -> Text:
        tr, app = self.host.tr, self.host
        session = app.workshop.session
        done = {
            "processes_chosen": bool(session.next_step.improve),
            "output_digital": app.path.with_suffix(".md").exists(),
        }
        text = Text().append(tr("next.day2.heading") + "\n\n", style="bold")
        for n, item in enumerate(rules.DAY2_CHECKLIST, start=1):
            box = "[x]" if done.get(item) else "[ ]" if item in done else " • "
            text.append(f"{n}. {box} ", style="bold")
            text.append(tr(f"next.day2.{item}.title") + "\n", style="bold")
            text.append("   " + tr(f"next.day2.{item}.text") + "\n")
            if item == "processes_chosen" and session.next_step.improve:
                names = tr("diag.list_sep").join(tr(f"process.{p}") for p in session.next_step.improve)
                text.append("   " + tr("next.day2.chosen", processes=names) + "\n", style="green")
            if item == "output_digital":
                text.append("   " + tr("next.day2.export", path=str(app.path.with_suffix(".md").name)) + "\n", style="cyan")
            text.append("\n")
        return text

    # -- actions -------------------------------------------------------------------
    def action_go(self, value: bool) -> None:
        if self.host.workshop.session.next_step.go_to_implementation is not value:
            self.host.apply("set_go_to_implementation", value)

    def action_view(self, view: str) -> None:
        self._view = view
        self.refresh_work()
        self._focus_view()

    def on_diagnostics_list_toggle(self, message: DiagnosticsList.Toggle) -> None:
        self.host.apply("toggle_improve", message.process)

    def action_notes(self) -> None:
        app = self.host
        session = app.workshop.session

        def done(value: str | None) -> None:
            if value is not None and value != app.workshop.session.next_step.notes:
                app.apply("set_next_notes", value)

        self.app.push_screen(TextForm(app.tr, app.tr("next.notes_title"), session.next_step.notes, multiline=True), done)
