"""The work area of ``invent.vote``: each person's #1, the tally, the winner.

Picks follow from the totals (``domain.scoring``); a person whose highest
total is shared chooses among those cases with its number (Delete takes the
choice back). The winner is the case picked #1 most often, then the higher
sum of everyone's totals; when cases are still tied the room rolls the die
(``r`` / ``Roll the die``) or the facilitator decides (``d``), and
``[invent]`` records the winner and how it was decided.

Every choice is a command applied through the host (``set_vote``,
``roll_die``, ``facilitator_decides``); the app then refreshes the screen
(the pane, and the keys: ``r`` / ``d`` only while tied).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from ..domain import invent
from ..domain.formats import number
from ..domain.invent import DieRoll
from ..domain.scoring import Analysis, analyse
from ..forms.invent_decide import DecideForm
from ..host import WorkshopHost, host_of
from ..literal import literal as safe
from ..recovering import Recovering
from ..views.invent_view import fill, headings, private_note, team_lines
from ..widgets.team_panel import TeamPanel
from .base import WorkshopScreen
from .invent_cases import shown_on

#: Die faces for a roll among up to six cases (more show the number).
FACES = "⚀⚁⚂⚃⚄⚅"


class VotePane(Recovering, Vertical):
    """See the module docstring."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rng = random.Random()
        self.last_roll: DieRoll | None = None

    @property
    def host(self) -> WorkshopHost:
        """The screen's host (the frozen Day 1's on a screen showing it)."""
        screen = self.screen
        return screen.host if isinstance(screen, WorkshopScreen) else host_of(self.app)

    def compose(self) -> ComposeResult:
        yield Static(id="vote-title")
        yield TeamPanel(with_how=True, stacked=True, id="vote-team")
        yield Static(id="winner")
        yield Static(id="vote-message")

    @property
    def team(self) -> TeamPanel:
        return self.query_one(TeamPanel)

    def refresh_pane(self) -> None:
        app = self.host
        session, tr = app.workshop.session, app.tr
        analysis = analyse(session)
        self.team.set_choosing(True)
        shown = shown_on(self, "invent.vote")
        persons, tally = team_lines(session, tr, analysis, "", shown)
        heads, note = headings(tr), None
        if shown.private:
            heads = replace(heads, tally=tr("reveal.tally_hidden"))
            note = private_note(session, tr, analysis, "invent.vote", None)
        self.team.show(persons, len(session.cases), tally, heads, note)
        self.query_one("#vote-title", Static).update(Text(tr("invent.vote.title"), style="bold"))
        self.query_one("#winner", Static).update(self._winner_text(analysis) if shown.picks else self._private_text(analysis))
        if self.last_roll is not None and session.invent.decided_by != "die":
            self.last_roll = None  # undone

    def _private_text(self, analysis: Analysis) -> Text:
        """While the #1 votes are private: no winner, only whose tie is still
        to choose (they choose among their own tied cases)."""
        app = self.host
        session, tr = app.workshop.session, app.tr
        numbers = invent.case_numbers(session.cases)
        text = Text(tr("reveal.winner_hidden"), style="dim")
        for person in session.participants:
            tied = analysis.tied_top(person.id)
            if tied:
                text.append("\n")
                text.append_text(fill(tr, "invent.vote.chooses", name=person.name, cases=", ".join(str(numbers[c]) for c in tied)))
        return text

    def _winner_text(self, analysis: Analysis) -> Text:
        app = self.host
        session, tr = app.workshop.session, app.tr
        numbers = invent.case_numbers(session.cases)
        winner = analysis.winner

        def name(case_id: str) -> Text:
            case = session.case(case_id)
            text = Text(f"{numbers.get(case_id, '?')} ", style="bold")
            text.append(safe(case.name) if case else case_id, style="bold")
            return text

        text = Text()
        if winner.case is not None:
            text.append_text(fill(tr, "invent.vote.winner", style="bold", name=name(winner.case)))
            text.append("\n")
            params: dict[str, object] = {"picks": analysis.votes.get(winner.case, 0), "persons": analysis.stability.picks_made}
            if winner.decided_by == "scores":
                params["sum"] = number(analysis.sums.get(winner.case, 0.0))
            text.append(tr(f"invent.vote.by.{winner.decided_by}", **params))
            if winner.decided_by == "die" and self.last_roll is not None:
                text.append("\n")
                text.append_text(self._roll_text(self.last_roll, name))
        elif winner.tied:
            joined = Text(", ").join(name(c) for c in winner.tied)
            text.append_text(fill(tr, "invent.vote.tied", style="bold", cases=joined))
            text.append("\n" + tr("invent.vote.decide_hint"))
        else:
            text.append(tr("invent.vote.no_picks"), style="dim")
        choosing = [p for p in session.participants if analysis.tied_top(p.id)]
        for person in choosing:
            cases = ", ".join(str(numbers[c]) for c in analysis.tied_top(person.id))
            text.append("\n")
            text.append_text(fill(tr, "invent.vote.chooses", name=person.name, cases=cases))
        return text

    def _roll_text(self, roll: DieRoll, name: Callable[[str], Text]) -> Text:
        face = FACES[roll.face - 1] if roll.face <= len(FACES) else str(roll.face)
        return fill(self.host.tr, "invent.vote.rolled", face=face, n=roll.face, count=len(roll.tied), name=name(roll.case))

    def message(self, text: str | Text, error: bool = False) -> None:
        widget = self.query_one("#vote-message", Static)
        widget.set_class(error, "-error")
        widget.update(text if isinstance(text, Text) else Text(text))

    def _refused(self, refused: invent.Refused) -> None:
        params = dict(refused.params)
        if "how" in params:
            params["how"] = self.host.tr(f"invent.vote.how.{params['how']}")
        self.message(fill(self.host.tr, refused.key, **params), error=True)

    # -- actions ---------------------------------------------------------------
    def on_team_panel_chosen(self, event: TeamPanel.Chosen) -> None:
        event.stop()
        app = self.host
        session = app.workshop.session
        case_id: str | None = None
        if event.number is not None:
            if not 1 <= event.number <= len(session.cases):
                self.message(app.tr("invent.refused.no_case"), error=True)
                return
            case_id = session.cases[event.number - 1].id
        try:
            app.apply("set_vote", event.person, case_id)
        except invent.Refused as refused:
            self._refused(refused)
            return
        self.message("")

    def _private(self) -> bool:
        """The die and the facilitator decide only once the room has seen the votes."""
        if shown_on(self, "invent.vote").picks:
            return False
        self.message(self.host.tr("reveal.reveal_first"), error=True)
        return True

    def roll_die(self) -> None:
        app = self.host
        if self._private():
            return
        try:
            change = app.apply("roll_die", self.rng)
        except invent.Refused as refused:
            self._refused(refused)
            return
        if isinstance(change.result, DieRoll):
            self.last_roll = change.result
        self.message("")

    def facilitator_decides(self) -> None:
        app = self.host
        if self._private():
            return
        session = app.workshop.session
        analysis = analyse(session)
        tied = invent.tied_cases(analysis)
        if not tied or analysis.winner.case is not None:
            self._refused(
                invent.Refused("invent.refused.decided", how=analysis.winner.decided_by)
                if analysis.winner.case
                else invent.Refused("invent.refused.nothing_tied")
            )
            return
        numbers = invent.case_numbers(session.cases)
        choices = [(c, numbers[c], case.name if (case := session.case(c)) else c) for c in tied]

        def done(case_id: str | None) -> None:
            if case_id is None:
                return
            try:
                app.apply("facilitator_decides", case_id)
            except invent.Refused as refused:
                self._refused(refused)
                return
            self.message("")

        self.app.push_screen(DecideForm(app.tr, choices), done)
