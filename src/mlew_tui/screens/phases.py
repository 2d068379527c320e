"""The phase screens: one per phase of the agenda.

Each composes its work area and redraws it from the session; the rules it
shows come from the domain (team warnings, reference counts ...). Phases whose
work area is still to come show their step's question and the state so far.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from ..domain.team import team_warnings
from ..widgets.review_board import CardView, ReviewBoard
from .base import WorkshopScreen
from .review_form import ReviewDraft, ReviewForm


class IntroScreen(WorkshopScreen):
    """Setup: the workshop, the team with roles, the five prerequisites."""

    def compose_work(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(id="setup")

    def refresh_work(self) -> None:
        app, tr = self.mlew, self.mlew.tr
        s = app.workshop.session
        text = Text()
        text.append(s.title + "\n", style="bold")
        if s.product.name:
            text.append(s.product.name + "\n")
        if s.workshop_date:
            text.append(tr("setup.date", date=s.workshop_date.isoformat()) + "\n")
        text.append("\n" + tr("setup.participants", n=len(s.participants)) + "\n", style="bold")
        for person in s.participants:
            text.append(f"  {person.name}", style="bold")
            text.append(f"  {tr('role.' + person.role)}\n")
        text.append("\n" + tr("setup.prerequisites") + "\n", style="bold")
        for name, value in s.prerequisites.model_dump().items():
            text.append(("  [x] " if value else "  [ ] ") + tr(f"prerequisite.{name}") + "\n")
        warnings = team_warnings(s)
        if warnings:
            text.append("\n" + tr("setup.warnings") + "\n", style="bold")
            for warning in warnings:
                params = dict(warning.params)
                if "role" in params:
                    params["role"] = tr("role." + params["role"])
                if "name" in params:
                    params["name"] = tr("prerequisite." + params["name"])
                text.append("  ! " + tr(warning.key, **params) + "\n", style="yellow")
        self.query_one("#setup", Static).update(text)


class ListenScreen(WorkshopScreen):
    """Listen: the customer card and the board of reviews."""

    ADDS = ("review",)

    def open_add_form(self, kind: str) -> None:
        app = self.mlew

        def done(draft: ReviewDraft | None) -> None:
            if draft is not None:
                app.workshop.add_review(draft.text, draft.polarity, basis=draft.basis, moment=draft.moment, source=draft.source)
                self.refresh_all()

        app.push_screen(ReviewForm(app.tr, app.author_name()), done)

    def compose_work(self) -> ComposeResult:
        tr = self.mlew.tr
        yield Static(id="counters")
        yield ReviewBoard((tr("board.negative"), tr("board.positive")), id="board")

    def refresh_work(self) -> None:
        app, tr = self.mlew, self.mlew.tr
        s = app.workshop.session
        names = {p.id: p.name for p in s.participants}
        groups = {g.id: g.label for g in s.groups}
        counts = app.reference_counts()
        top = max(counts.values(), default=0)
        cards = [
            CardView(
                r.id,
                r.text,
                r.polarity,
                names.get(r.author, r.author),
                tr("board.assumption") if r.basis == "assumption" else "",
                groups.get(r.group, ""),
                counts.get(r.id, 0),
                top > 0 and counts.get(r.id, 0) == top,
            )
            for r in s.reviews
        ]
        board = self.query_one(ReviewBoard)
        board.set_headings(tr("board.negative"), tr("board.positive"))
        board.show(cards)
        assumptions = sum(r.basis == "assumption" for r in s.reviews)
        mine = [r for r in s.reviews if r.author == app.workshop.turn]
        self.query_one("#counters", Static).update(
            Text(
                tr(
                    "board.counters",
                    total=len(s.reviews),
                    threshold=9,
                    assumptions=assumptions,
                    name=names.get(app.workshop.turn, ""),
                    pos=sum(r.polarity == "positive" for r in mine),
                    neg=sum(r.polarity == "negative" for r in mine),
                )
            )
        )


class SummaryScreen(WorkshopScreen):
    """A phase whose work area shows the question and the state so far."""

    def compose_work(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(id="summary")

    def refresh_work(self) -> None:
        app, tr = self.mlew, self.mlew.tr
        step = app.workshop.step
        text = Text()
        text.append(tr(step.question_key) + "\n\n", style="bold")
        for line in app.summary_lines():
            text.append(line + "\n")
        self.query_one("#summary", Static).update(text)


def screen_for_phase(phase: str) -> type[WorkshopScreen]:
    return {"intro": IntroScreen, "listen": ListenScreen}.get(phase, SummaryScreen)
