"""Setup (the intro step): the workshop, the team with roles, the five
prerequisites with the deck's warnings - all editable at the keyboard."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Checkbox, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from ..domain import setup
from ..domain.history import set_attrs
from ..domain.team import PREREQUISITES, team_warnings
from ..forms.participant_form import ParticipantForm
from ..literal import literal
from ..widgets.tick_box import TickBox
from .base import WorkshopScreen


class ParticipantList(OptionList):
    """The team; keys post :class:`ParticipantList.Command` up to the screen."""

    BINDINGS = [
        Binding("a,insert", "command('add')", "Add", id="setup.add"),
        Binding("e", "command('edit')", "Edit", id="setup.edit"),
        Binding("delete,d", "command('remove')", "Remove", id="setup.remove"),
        Binding("ctrl+up,[", "command('up')", "Up", id="setup.up"),
        Binding("ctrl+down,]", "command('down')", "Down", id="setup.down"),
    ]

    class Command(Message):
        def __init__(self, command: str, index: int | None) -> None:
            super().__init__()
            self.command = command
            self.index = index

    def action_command(self, command: str) -> None:
        self.post_message(self.Command(command, self.highlighted))


class SetupScreen(WorkshopScreen):
    CSS_PATH = "setup.tcss"

    def compose_work(self) -> ComposeResult:
        tr = self.mlew.tr
        with VerticalScroll(id="setup"):
            yield Label(tr("setup.workshop"), classes="section")
            yield Input(id="title", placeholder=tr("setup.title"))
            yield Input(id="product-name", placeholder=tr("setup.product"))
            yield Input(id="product-description", placeholder=tr("setup.description"))
            with Horizontal(classes="dates"):
                yield Input(id="workshop-date", placeholder=tr("setup.day1_date"))
                yield Input(id="day2-date", placeholder=tr("setup.day2_date"))
            yield Label("", id="date-error", classes="error")
            yield Label(tr("setup.participants_heading"), classes="section")
            yield ParticipantList(id="participants")
            yield Label(tr("setup.participant_keys"), classes="hint")
            yield Label(tr("setup.prerequisites"), classes="section")
            for name in PREREQUISITES:
                yield TickBox(tr(f"prerequisite.{name}"), id=f"pre-{name}")
            yield Static(id="warnings")

    def refresh_work(self) -> None:
        app, tr = self.mlew, self.mlew.tr
        s = app.workshop.session
        for selector, value in (
            ("#title", s.title),
            ("#product-name", s.product.name),
            ("#product-description", s.product.description),
            ("#workshop-date", s.workshop_date.isoformat() if s.workshop_date else ""),
            ("#day2-date", s.day2_date.isoformat() if s.day2_date else ""),
        ):
            field = self.query_one(selector, Input)
            if field.value != literal(value) and not field.has_focus:
                field.value = literal(value)
        people = self.query_one(ParticipantList)
        highlighted = people.highlighted
        people.clear_options()
        for n, person in enumerate(s.participants, start=1):
            line = Text(f"{n}. ")
            line.append(literal(person.name), style="bold")
            line.append(f"  {tr('role.' + person.role)}", style="dim")
            people.add_option(Option(line, id=person.id))
        if s.participants:
            people.highlighted = min(highlighted or 0, len(s.participants) - 1)
        for name in PREREQUISITES:
            box = self.query_one(f"#pre-{name}", Checkbox)
            box.label = tr(f"prerequisite.{name}")
            with box.prevent(Checkbox.Changed):
                box.value = getattr(s.prerequisites, name)
        warnings = Text()
        for warning in team_warnings(s):
            params = dict(warning.params)
            if "role" in params:
                params["role"] = tr("role." + str(params["role"]))
            if "name" in params:
                params["name"] = tr("prerequisite." + str(params["name"]))
            warnings.append("! " + tr(warning.key, **params) + "\n", style="bold yellow")
        self.query_one("#warnings", Static).update(warnings)

    # -- the workshop fields -------------------------------------------------
    @on(Input.Changed, "#title, #product-name, #product-description")
    def text_changed(self, event: Input.Changed) -> None:
        s = self.mlew.workshop.session
        target, attr = {
            "title": (s, "title"),
            "product-name": (s.product, "name"),
            "product-description": (s.product, "description"),
        }[event.input.id or ""]
        # The field shows control characters as pictures; only a real edit
        # (not the field being filled from the file) changes the session.
        if literal(getattr(target, attr)) != event.value and not self.mlew.read_only:
            self.mlew.workshop.do(set_attrs("edit.setup", target, key=f"setup.{attr}", **{attr: event.value}))
            if attr == "title":
                self.mlew.title = literal(event.value)

    @on(Input.Changed, "#workshop-date, #day2-date")
    def date_changed(self, event: Input.Changed) -> None:
        attr = "workshop_date" if event.input.id == "workshop-date" else "day2_date"
        error = self.query_one("#date-error", Label)
        try:
            value = setup.parse_date(event.value)
        except setup.SetupError as problem:
            error.update(self.mlew.tr(problem.key, **problem.params))
            return
        error.update("")
        s = self.mlew.workshop.session
        if getattr(s, attr) != value and not self.mlew.read_only:
            self.mlew.workshop.do(set_attrs("edit.setup", s, key=f"setup.{attr}", **{attr: value}))

    @on(Checkbox.Changed)
    def prerequisite_changed(self, event: Checkbox.Changed) -> None:
        name = (event.checkbox.id or "").removeprefix("pre-")
        prerequisites = self.mlew.workshop.session.prerequisites
        if name in PREREQUISITES and getattr(prerequisites, name) != event.value and not self.mlew.read_only:
            self.mlew.workshop.do(set_attrs("edit.setup", prerequisites, **{name: event.value}))
            self.refresh_work()

    # -- the team ------------------------------------------------------------
    def on_participant_list_command(self, message: ParticipantList.Command) -> None:
        app = self.mlew
        if app.read_only:
            return
        s = app.workshop.session
        person = s.participants[message.index] if message.index is not None and message.index < len(s.participants) else None
        try:
            if message.command == "add":
                app.push_screen(ParticipantForm(app.tr), self._added)
            elif message.command == "edit" and person is not None:
                app.push_screen(ParticipantForm(app.tr, person.name, person.role, editing=True), lambda r: self._edited(person, r))
            elif message.command == "remove" and person is not None:
                app.workshop.do(setup.remove_participant(s, person))
            elif message.command in ("up", "down") and person is not None:
                app.workshop.do(setup.move_participant(s, person, -1 if message.command == "up" else 1))
                self.query_one(ParticipantList).highlighted = s.participants.index(person)
        except setup.SetupError as problem:
            app.notify(app.tr(problem.key, **problem.params), severity="warning")
        self.refresh_all()

    def _added(self, result: tuple[str, str] | None) -> None:
        if result is not None:
            try:
                edit, person = setup.add_participant(self.mlew.workshop.session, *result)
            except setup.SetupError as problem:
                self.mlew.notify(self.mlew.tr(problem.key, **problem.params), severity="warning")
                return
            self.mlew.workshop.do(edit)
            self.refresh_all()
            self.query_one(ParticipantList).highlighted = self.mlew.workshop.session.participants.index(person)

    def _edited(self, person: object, result: tuple[str, str] | None) -> None:
        if result is not None:
            self.mlew.workshop.do(setup.edit_participant(person, *result))  # type: ignore[arg-type]
            self.refresh_all()
