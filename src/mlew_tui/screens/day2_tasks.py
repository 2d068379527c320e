"""``day2.tasks`` and ``day2.task_review``: TODOs per person, then the group check.

``day2.tasks`` (5 min, individual): the person whose turn it is writes their
TODOs towards milestone 1 (F9 passes the keyboard on); the list shows theirs.
``day2.task_review`` (15 min, group): the check grid - people with their
roles by milestones, counting TODOs - flags milestones without TODOs and
people without any, above every TODO with what it still lacks.

Keys on the list: ``a`` (or F2) adds a TODO, Enter edits it, Space marks it
done, Delete removes it.
"""

from __future__ import annotations

from collections.abc import Callable

from rich import box
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..domain import plan_tasks as tasks
from ..domain.change import TURN
from ..domain.formats import day
from ..domain.plan import M0, timeline
from ..domain.session import Todo
from ..forms.day2_forms import TodoDraft, TodoForm
from .day2 import Day2Screen

REVIEW_STEP = "day2.task_review"


class TasksScreen(Day2Screen):
    ADDS = ("todo",)
    BINDINGS = [
        Binding("a", "add_todo", "Add TODO", id="tasks.add"),
        Binding("space", "done", "Done", id="tasks.done"),
        Binding("delete", "remove", "Remove", id="tasks.remove", show=False),
    ]

    WORK_PARTS = frozenset({"todos", "milestones", "participants", "meetings", "day2", TURN})

    def __init__(self) -> None:
        super().__init__()
        self._ids: list[str] = []
        #: The TODO just added: highlighted once the list shows it.
        self._select: str | None = None

    @property
    def reviewing(self) -> bool:
        return self.host.workshop.step.id == REVIEW_STEP

    def compose_work(self) -> ComposeResult:
        yield Static(id="tasks-intro")
        yield Static(id="tasks-grid")
        yield OptionList(id="todos", markup=False)
        with VerticalScroll(id="tasks-checks-scroll"):
            yield Static(id="tasks-checks")
        yield Static(id="tasks-hint", classes="keys-hint")

    def refresh_work(self) -> None:
        app, tr = self.host, self.host.tr
        session = app.workshop.session
        person = session.participant(app.workshop.turn)
        grid = self.query_one("#tasks-grid", Static)
        grid.display = self.reviewing
        if self.reviewing:
            self.query_one("#tasks-intro", Static).update(Text(tr("plan.tasks.review_intro")))
            grid.update(self._grid())
            shown = list(session.todos)
        else:
            name = person.name if person else tr("app.nobody")
            role = tr(f"role.{person.role}") if person else ""
            intro = Text(tr("plan.tasks.intro", name=name, role=role, milestone=tasks.default_milestone(session) or "-") + "\n", style="bold")
            counts = "  ".join(f"{p.name} {len(tasks.todos_of(session, p.id))}" for p in session.participants)
            intro.append(tr("plan.tasks.counts", counts=counts), style="dim")
            self.query_one("#tasks-intro", Static).update(intro)
            shown = tasks.todos_of(session, person.id) if person else []
        options = self.query_one("#todos", OptionList)
        keep = options.highlighted
        self._ids = [t.id for t in shown]
        if shown:
            options.set_options([Option(self._prompt(t)) for t in shown])
            options.highlighted = min(keep if keep is not None else 0, len(shown) - 1)
            if self._select in self._ids:
                options.highlighted = self._ids.index(self._select)
            self._select = None
        else:
            options.set_options([Option(Text(tr("plan.tasks.empty")), disabled=True)])
        checks = tasks.grid_checks(session, self.today) if self.reviewing else []
        for t in shown:
            checks += tasks.todo_checks(session, t)
        self.query_one("#tasks-checks", Static).update(self.checks_view(checks, "plan.tasks.ok"))
        self.query_one("#tasks-hint", Static).update(Text(tr("plan.tasks.hint")))

    def step_entered(self, step: str) -> None:
        self.query_one("#todos").focus(scroll_visible=False)

    def _prompt(self, t: Todo) -> Text:
        tr, session = self.host.tr, self.host.workshop.session
        owner = session.participant(t.owner)
        text = Text()
        text.append("[x] " if t.done else "[ ] ", style="bold green" if t.done else "bold")
        text.append(f"{t.id:<4}", style="dim")
        text.append(t.text, style="strike dim" if t.done else "")
        details = [
            owner.name if owner else tr("plan.tasks.no_owner"),
            t.milestone or tr("plan.tasks.no_milestone"),
            day(t.due) or tr("plan.tasks.no_due"),
        ]
        flagged = any(c.level == "warning" for c in tasks.todo_checks(session, t))
        text.append("\n     " + "  ·  ".join(details), style="yellow" if flagged else "dim")
        return text

    def _grid(self) -> Table:
        tr, session = self.host.tr, self.host.workshop.session
        grid = tasks.check_grid(session, self.today)
        table = Table(box=box.SIMPLE_HEAD, expand=True, header_style="bold", pad_edge=False)
        # one line per person: a long role is cut, the counts always show
        table.add_column(Text(tr("plan.grid.person")), ratio=4, no_wrap=True, overflow="ellipsis")
        for mid in grid.milestones:
            level = grid.empty_milestones.get(mid, "")
            label = Text(mid or tr("plan.grid.none"), style="bold")
            if level:
                label.append(" !" if level == "warning" else " ·", style="yellow" if level == "warning" else "dim")
            table.add_column(label, justify="center", ratio=1, min_width=4)
        table.add_column(Text(tr("plan.grid.total")), justify="right", ratio=1, min_width=4)
        for pid in grid.people:
            person = session.participant(pid)
            total = grid.row_total(pid)
            name = Text(person.name if person else tr("plan.tasks.no_owner"), style="bold")
            if person is not None and not total:
                name.append("  " + tr("plan.grid.idle"), style="bold yellow")  # before the role, which may be cut
            if person is not None:
                name.append(f"  {tr(f'role.{person.role}')}", style="dim")
            cells = []
            for mid in grid.milestones:
                cell = grid.cell(pid, mid)
                cells.append(Text("–", style="dim") if not cell.total else Text(f"{cell.total}" + (f" ({cell.done}✓)" if cell.done else "")))
            table.add_row(name, *cells, Text(str(total), style="" if total else "bold yellow"))
        footer = [Text(tr("plan.grid.total"), style="bold")]
        for mid in grid.milestones:
            n = grid.column_total(mid)
            if n or grid.empty_milestones.get(mid) != "warning":
                footer.append(Text(str(n), style="" if n else "dim"))
            else:
                footer.append(Text("0 " + tr("plan.grid.empty"), style="bold yellow"))
        footer.append(Text(str(len(session.todos)), style="bold"))
        table.add_row(*footer)
        return table

    # -- actions ---------------------------------------------------------------------
    @property
    def highlighted(self) -> str | None:
        index = self.query_one("#todos", OptionList).highlighted
        return self._ids[index] if index is not None and index < len(self._ids) else None

    def _form(self, title: str, draft: TodoDraft, done: Callable[[TodoDraft | None], None]) -> None:
        session, tr = self.host.workshop.session, self.host.tr
        people = [(p.id, p.name) for p in session.participants]
        marks = [(m.id, m.id) for m in timeline(session) if m.id != M0 or draft.milestone == M0]
        marks.append(("", tr("plan.tasks.no_milestone")))
        self.app.push_screen(TodoForm(tr, title, draft, people, marks), done)

    def open_add_form(self, kind: str) -> None:
        self.action_add_todo()

    def action_add_todo(self) -> None:
        session = self.host.workshop.session
        if self.host.read_only:
            return

        def done(draft: TodoDraft | None) -> None:
            if draft is not None:
                self._select = self.host.apply("add_todo", draft.text, draft.owner, draft.milestone, draft.due, done=draft.done).result

        draft = TodoDraft("", self.host.workshop.turn, tasks.default_milestone(session), None, False)
        self._form(self.host.tr("plan.form.add_todo", name=self.host.author_name()), draft, done)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        session = self.host.workshop.session
        t = tasks.todo(session, self.highlighted) if self.highlighted else None
        if t is None or self.host.read_only:
            return

        def done(draft: TodoDraft | None) -> None:
            if draft is not None:
                self.host.apply("edit_todo", t.id, text=draft.text, owner=draft.owner, milestone=draft.milestone, due=draft.due, done=draft.done)

        self._form(self.host.tr("plan.form.edit_todo", id=t.id), TodoDraft(t.text, t.owner, t.milestone, t.due, t.done), done)

    def action_done(self) -> None:
        if self.highlighted is not None:
            self.host.apply("toggle_todo", self.highlighted)

    def action_remove(self) -> None:
        if self.highlighted is not None:
            self.host.apply("remove_todo", self.highlighted)
