"""Invent - 解決策は何か? (what is the solution): one screen, three steps.

- ``invent.growth_cycle``: the AI/ML growth cycle with the deck's example;
- ``invent.cases``: the case being shared (its frame sentence), the
  :class:`~mlew_tui.widgets.scoring_table.ScoringTable` of whoever is at the
  keyboard (it has focus) and the team panel; the cycle timer switches
  between 4 min sharing and 1 min scoring by itself;
- ``invent.vote``: each person's #1, the tally and the winner (die or
  facilitator when still tied).

``Add case`` (F2), ``Import cases`` and ``e`` (edit the case under the
cursor) open forms; their results become commands (``add_case``,
``import_cases``, ``edit_case``) applied through the host, which refreshes
the screen afterwards.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import ContentSwitcher

from .. import store
from ..domain import invent
from ..domain.change import TIMER, TURN
from ..domain.prepare import PrepareError
from ..domain.scoring import analyse
from ..domain.timer import CycleTimer
from ..forms.case_form import CaseForm
from ..forms.case_import import CaseImportForm
from ..widgets.growth_cycle import CycleView, GrowthCycle
from ..widgets.keybar import KeyBar
from ..widgets.scoring_table import ScoringTable
from ..widgets.team_panel import PicksGrid
from .base import WorkshopScreen
from .invent_cases import CasesPane
from .invent_vote import VotePane

PANES = {"invent.growth_cycle": "invent-growth", "invent.cases": "invent-cases", "invent.vote": "invent-vote"}
#: What a key in the scoring table changes (the winner is recorded with it).
SCORE_PARTS = frozenset({"scores", "invent"})
#: How often the screen looks whether the cycle moved to another case or part.
FOLLOW_S = 0.25


class InventScreen(WorkshopScreen):
    """See the module docstring."""

    # The stylesheets of the forms it opens are read with it: one arriving with a form would make Textual parse every stylesheet again.
    CSS_PATH = ["invent.tcss", "../forms/case_form.tcss", "../forms/case_import.tcss"]
    ADDS = ("case", "case_import")
    #: App keys F1 lists among this step's own (the keyboard passes on while scoring).
    STEP_APP_KEYS: ClassVar[tuple[str, ...]] = ("next_participant",)
    #: The cases, the scores and the vote (with whose turn it is and the cycle).
    WORK_PARTS: ClassVar[frozenset[str]] = frozenset({"cases", "items", "scores", "votes", "invent", "participants", "scoring", TURN, TIMER})
    BINDINGS = [
        Binding("e", "edit_case", "Edit case", id="invent.edit_case"),
        Binding("r", "roll_die", "Roll the die", id="invent.roll_die"),
        Binding("d", "decide", "The facilitator decides", id="invent.decide"),
        Binding("v", "reveal", "Reveal or hide", id="invent.reveal"),
    ]

    def compose_work(self) -> ComposeResult:
        with ContentSwitcher(initial="invent-growth", id="invent-switcher"):
            with VerticalScroll(id="invent-growth"):
                yield GrowthCycle(id="growth")
            yield CasesPane(id="invent-cases")
            yield VotePane(id="invent-vote")

    def on_mount(self) -> None:
        super().on_mount()
        self.set_interval(FOLLOW_S, self.follow_cycle)

    async def recompose(self) -> None:
        """After a language switch the panes are new: fill them and focus again."""
        await super().recompose()
        self._shown_step = ""  # new widgets: focus the step's one again
        self.refresh_all()

    @property
    def step_id(self) -> str:
        """The Invent step whose work shows (on Day 2, the re-run's view)."""
        return self.host.workshop.view_step

    @property
    def cases_pane(self) -> CasesPane:
        return self.query_one(CasesPane)

    @property
    def vote_pane(self) -> VotePane:
        return self.query_one(VotePane)

    # -- drawing -----------------------------------------------------------------
    def update_views(self, parts: frozenset[str]) -> None:
        """A scoring key (or its undo) on the cases step redraws only the
        figures (:meth:`CasesPane.refresh_scores`); anything else, the whole
        work area."""
        if parts <= SCORE_PARTS and self.step_id == "invent.cases" == self._shown_step and self.query_one_optional(CasesPane) is not None:
            self.cases_pane.refresh_scores()
            self._show_views()  # on Day 2, the winner then and now
            return
        super().update_views(parts)

    def refresh_work(self) -> None:
        step = self.step_id
        pane = PANES.get(step, "invent-growth")
        self.query_one(ContentSwitcher).current = pane
        if pane in ("invent-cases", "invent-vote") and not self.query_one(f"#{pane}").query(PicksGrid):
            # just recomposed (language switch): its widgets mount in a moment
            self.call_after_refresh(self.refresh_work)
            return
        if pane == "invent-cases":
            self.cases_pane.refresh_pane()
        elif pane == "invent-vote":
            self.vote_pane.refresh_pane()
        else:
            self.query_one(GrowthCycle).show(self._growth_view())
        self.refresh_bindings()  # r / d only while cases are tied
        self.query_one(KeyBar).refresh_keys()

    def step_entered(self, step: str) -> None:
        """Focus the scoring table or the picks."""
        self.call_after_refresh(self._focus_step)

    def _focus_step(self) -> None:
        if self.app.screen is not self:
            return
        widget: ScoringTable | PicksGrid | None = None
        if self.step_id == "invent.cases" and self.query_one_optional(CasesPane) is not None:
            widget = self.cases_pane.table
        elif self.step_id == "invent.vote" and self.query_one_optional(VotePane) is not None:
            widget = self.vote_pane.team.grid
        if widget is not None and self.focused is not widget:
            widget.focus()
        elif widget is None and self.focused is not None:
            # The growth cycle has nothing to focus: the table or the picks
            # of a hidden pane must not keep their keys (1-9 would vote).
            self.set_focus(None)
            self.query_one(KeyBar).refresh_keys()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self.call_after_refresh(self.query_one(KeyBar).refresh_keys)

    def _growth_view(self) -> CycleView:
        tr = self.host.tr
        return CycleView(
            title=tr("invent.growth.title"),
            steps=(tr("invent.growth.experience"), tr("invent.growth.usage"), tr("invent.growth.profit"), tr("invent.growth.model")),
            example_title=tr("invent.growth.example_title"),
            example=tuple(tr(f"invent.growth.example_{n}") for n in (1, 2, 3)),
        )

    def follow_cycle(self) -> None:
        """Polled: the cycle timer moves on by itself (share -> score -> next case)."""
        # query_one is cached by Textual until the DOM changes; query() walks it every time.
        pane = self.query_one_optional(CasesPane)  # none for a moment while a language switch recomposes
        if pane is not None and self.is_current and self.step_id == "invent.cases":  # is_current: never raises as the app shuts down
            pane.sync_cycle()

    # -- keys of the screen --------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "edit_case":
            return self.step_id == "invent.cases" and bool(self.host.workshop.session.cases)
        if action in ("roll_die", "decide"):
            # shown only while cases are tied and the room has seen the votes; the palette's "Roll the die" explains otherwise
            session = self.host.workshop.session
            return self.step_id == "invent.vote" and invent.shown(session, self.step_id).picks and bool(invent.tied_cases(analyse(session)))
        if action == "reveal":
            return self.step_id in invent.ROUND_STEPS and self.frozen is None and not self.host.read_only
        return True

    def action_reveal(self) -> None:
        self.reveal_round(None)

    def reveal_round(self, revealed: bool | None) -> bool:
        """Reveal (``True``), hide (``False``) or toggle (``None``) the private
        round of the step on screen; ``False`` when the step has none."""
        round_ = invent.ROUND_STEPS.get(self.step_id)
        if round_ is None or self.frozen is not None:
            return False
        app = self.host
        if revealed is None:
            revealed = not invent.is_revealed(app.workshop.session, round_)
        app.apply("reveal", round_, revealed)
        self.app.notify(app.tr(f"reveal.{'revealed' if revealed else 'hidden'}_{round_}"))
        return True

    def action_roll_die(self) -> None:
        self.roll_die()

    def roll_die(self) -> None:
        """``Roll the die`` (palette or ``r``) on the vote step."""
        if self.step_id == "invent.vote":
            self.vote_pane.roll_die()

    def action_decide(self) -> None:
        if self.step_id == "invent.vote":
            self.vote_pane.facilitator_decides()

    # -- forms -------------------------------------------------------------------
    def _people(self) -> list[tuple[str, str]]:
        return [(p.id, p.name) for p in self.host.workshop.session.participants]

    def open_add_form(self, kind: str) -> None:
        app = self.host
        if kind == "case_import":
            start = str(app.path.parent) + "/"
            self.app.push_screen(CaseImportForm(app.tr, start, self._import), self._imported)
            return
        if kind != "case":
            return

        def done(values: dict[str, str] | None) -> None:
            if values is None:
                return
            try:
                app.apply("add_case", values)
            except invent.Refused as refused:
                self.app.notify(app.tr(refused.key, **refused.params), severity="error")
                return
            self._cases_changed()

        self.app.push_screen(CaseForm(app.tr, self._people(), {"presenter": app.workshop.turn}), done)

    def action_edit_case(self) -> None:
        app = self.host
        cell = self.cases_pane.table.cursor_cell
        row = self.cases_pane.table.cursor_row
        session = app.workshop.session
        case = session.case(cell[0]) if cell else (session.cases[row] if 0 <= row < len(session.cases) else None)
        if case is None:
            return

        def done(values: dict[str, str] | None) -> None:
            if values is None:
                return
            try:
                app.apply("edit_case", case.id, values)
            except invent.Refused as refused:
                self.app.notify(app.tr(refused.key, **refused.params), severity="error")
                return

        values = {name: getattr(case, name) for name in invent.CASE_FIELDS}
        self.app.push_screen(CaseForm(app.tr, self._people(), values, editing=True), done)

    def _import(self, typed: str) -> tuple[int, list[str]]:
        """Import the cases of the file at ``typed``; (count, problems)."""
        app = self.host
        path = Path(typed).expanduser()
        if not path.is_absolute() and not path.exists():
            path = app.path.parent / path
        try:
            data = store.parse(path)
            if not data.get("cases"):
                return 0, [app.tr("invent.import.none")]
            cases = app.apply("import_cases", data).result
        except store.StoreError as error:
            return 0, [p.render(app.tr) for p in error.problems]
        except PrepareError as error:
            return 0, [p.render(app.tr) for p in error.problems]
        return len(cases or ()), []

    def _imported(self, count: int | None) -> None:
        if count:
            self.app.notify(self.host.tr("invent.import.done", n=count))
            self._cases_changed()

    def _cases_changed(self) -> None:
        """New cases join the cycle while its timer has not started yet
        (entering the step again gives it a cycle over every case)."""
        app = self.host
        workshop = app.workshop
        timer = workshop.timer
        if workshop.step.id == "invent.cases":
            idle = not timer.running and not (timer.countdown.started if isinstance(timer, CycleTimer) else timer.started)
            cases = tuple(c.id for c in workshop.session.cases)
            if idle and (not isinstance(timer, CycleTimer) or timer.cases != cases):
                app.apply("goto", "invent.cases")
