"""Setup (the intro step): what the deck teaches before Listen (Working
Backwards, the PR/FAQ, the three behaviours), the five prerequisites with the
deck's warnings, the workshop and the team with roles - all but the teaching
editable at the keyboard."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Checkbox, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from ..domain import formats, setup
from ..domain.session import NAME_MAX, Participant
from ..domain.team import PREREQUISITES, team_warnings
from ..forms.participant_form import ParticipantForm
from ..literal import literal
from ..views import intro_view
from ..widgets.text_field import TextField
from ..widgets.tick_box import TickBox
from ..widgets.wrapped import WrappedStatic
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
    #: The workshop's title and dates, the product, the team, the prerequisites.
    WORK_PARTS: ClassVar[frozenset[str]] = frozenset({"title", "product", "workshop_date", "day2_date", "time_zone", "participants", "prerequisites"})
    #: The participant to highlight once the list shows the change (an id).
    _highlight: str | None = None
    #: What is wrong with each date / zone field as typed (field -> message; set on first use).
    _field_errors: dict[str, str] | None = None
    #: The language the teaching was last shown in (it changes with the language only).
    _taught_in = ""

    CSS_PATH = "setup.tcss"

    def compose_work(self) -> ComposeResult:
        tr = self.host.tr
        with VerticalScroll(id="setup"):
            # What the room hears first (the deck's order before Listen), then what the facilitator checks and fills in.
            yield Label(tr("intro.wb.heading"), classes="section", id="intro-wb-heading")
            yield WrappedStatic(id="intro-wb")
            yield Label(tr("intro.prfaq.heading"), classes="section", id="intro-prfaq-heading")
            yield WrappedStatic(id="intro-prfaq")
            yield Label(tr("behaviour.heading"), classes="section", id="intro-behaviours-heading")
            yield WrappedStatic(id="intro-behaviours")
            yield Label(tr("setup.prerequisites"), classes="section")
            for name in PREREQUISITES:
                yield TickBox(tr(f"prerequisite.{name}"), id=f"pre-{name}")
            yield Static(id="warnings")
            yield Label(tr("setup.workshop"), classes="section")
            yield TextField(id="title", placeholder=tr("setup.title"), max_length=NAME_MAX)
            yield TextField(id="product-name", placeholder=tr("setup.product"), max_length=NAME_MAX)
            yield TextField(id="product-description", placeholder=tr("setup.description"))
            with Horizontal(classes="dates"):
                yield TextField(id="workshop-date", placeholder=tr("setup.day1_date"))
                yield TextField(id="day2-date", placeholder=tr("setup.day2_date"))
            yield TextField(id="time-zone", placeholder=tr("setup.time_zone"))
            yield Label("", id="date-error", classes="error")
            yield Label(tr("setup.participants_heading"), classes="section")
            yield ParticipantList(id="participants")
            yield Label(tr("setup.participant_keys"), classes="hint")

    def refresh_work(self) -> None:
        app, tr = self.host, self.host.tr
        s = app.workshop.session
        self._show_teaching()
        for selector, value in (("#title", s.title), ("#product-name", s.product.name), ("#product-description", s.product.description)):
            field = self.query_one(selector, Input)
            if field.value != literal(value):  # after undo too: the field shows the file
                field.value = literal(value)
        for selector, day in (("#workshop-date", s.workshop_date), ("#day2-date", s.day2_date)):
            field = self.query_one(selector, Input)
            if _typed_date(field.value) != day:  # a date being typed stays until it is one
                field.value = formats.day(day)
        zone_field = self.query_one("#time-zone", Input)
        if _typed_zone(zone_field.value) != s.time_zone:  # a zone being typed stays until it is one
            zone_field.value = s.time_zone or ""
        people = self.query_one(ParticipantList)
        highlighted = people.highlighted
        people.clear_options()
        for n, person in enumerate(s.participants, start=1):
            line = Text(f"{n}. ")
            line.append(literal(person.name), style="bold")
            line.append(f" {tr('names.list.id', id=literal(person.id))}", style="dim")
            line.append(f"  {tr('role.' + person.role)}", style="dim")
            people.add_option(Option(line, id=person.id))
        ids = [p.id for p in s.participants]
        if self._highlight in ids:
            people.highlighted = ids.index(self._highlight)
            self._highlight = None
        elif s.participants:
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

    def _show_teaching(self) -> None:
        """Working Backwards, the PR/FAQ and the three behaviours, in the UI language."""
        tr, step = self.host.tr, self.host.workshop.step
        if self._taught_in == tr.lang:
            return
        self._taught_in = tr.lang
        for selector, key in (("#intro-wb-heading", "intro.wb.heading"), ("#intro-prfaq-heading", "intro.prfaq.heading")):
            self.query_one(selector, Label).update(tr(key))
        self.query_one("#intro-wb", WrappedStatic).update(intro_view.working_backwards(tr))
        self.query_one("#intro-prfaq", WrappedStatic).update(intro_view.pr_faq(tr))
        shown = intro_view.behaviours(step, tr)
        self.query_one("#intro-behaviours", WrappedStatic).update(shown)
        heading = self.query_one("#intro-behaviours-heading", Label)
        heading.update(tr("behaviour.heading"))
        heading.display = self.query_one("#intro-behaviours", WrappedStatic).display = bool(shown)

    # -- the workshop fields -------------------------------------------------
    @on(Input.Changed, "#title, #product-name, #product-description")
    def text_changed(self, event: Input.Changed) -> None:
        s = self.host.workshop.session
        table, attr = {"title": ("", "title"), "product-name": ("product", "name"), "product-description": ("product", "description")}[event.input.id or ""]
        # The field shows control characters as pictures; only a real edit
        # (not the field being filled from the file) changes the session.
        if literal(getattr(getattr(s, table) if table else s, attr)) != event.value:
            self.host.apply("set_field", table, attr, event.value)
            if attr == "title":
                self.app.title = literal(s.title)

    @on(Input.Changed, "#workshop-date, #day2-date")
    def date_changed(self, event: Input.Changed) -> None:
        attr = "workshop_date" if event.input.id == "workshop-date" else "day2_date"
        try:
            value = setup.parse_date(event.value)
        except setup.SetupError as problem:
            self._show_error(attr, self.host.tr(problem.key, **problem.params))
            return
        self._show_error(attr, "")
        self.host.apply("set_field", "", attr, value)

    @on(Input.Changed, "#time-zone")
    def zone_changed(self, event: Input.Changed) -> None:
        try:
            value = setup.parse_zone(event.value)
        except setup.SetupError as problem:
            self._show_error("time_zone", self.host.tr(problem.key, **problem.params))
            return
        self._show_error("time_zone", "")
        if value != self.host.workshop.session.time_zone:
            self.host.apply("set_field", "", "time_zone", value)

    def _show_error(self, field: str, message: str) -> None:
        """The problems of the typed dates and zone, one a line (what they type is shown literally)."""
        if self._field_errors is None:
            self._field_errors = {}
        self._field_errors[field] = message
        self.query_one("#date-error", Label).update(Text("\n".join(m for m in self._field_errors.values() if m)))

    @on(Checkbox.Changed)
    def prerequisite_changed(self, event: Checkbox.Changed) -> None:
        name = (event.checkbox.id or "").removeprefix("pre-")
        if name in PREREQUISITES:
            self.host.apply("set_field", "prerequisites", name, event.value)

    # -- the team ------------------------------------------------------------
    def on_participant_list_command(self, message: ParticipantList.Command) -> None:
        app = self.host
        if app.read_only:
            return
        s = app.workshop.session
        person = s.participants[message.index] if message.index is not None and message.index < len(s.participants) else None
        try:
            if message.command == "add":
                form = ParticipantForm(app.tr, suggest=lambda name: setup.suggested_id(s, name), check=self._id_check(None))
                self.app.push_screen(form, self._added)
            elif message.command == "edit" and person is not None:
                form = ParticipantForm(app.tr, person.name, person.role, editing=True, pid=person.id, check=self._id_check(person))
                self.app.push_screen(form, lambda r: self._edited(person, r))
            elif message.command == "remove" and person is not None:
                app.apply("remove_participant", person.id)
            elif message.command in ("up", "down") and person is not None:
                app.apply("move_participant", person.id, -1 if message.command == "up" else 1)
                self._highlight = person.id
        except setup.SetupError as problem:
            self.app.notify(app.tr(problem.key, **problem.params), severity="warning", markup=False)

    def _id_check(self, person: Participant | None) -> Callable[[str], str | None]:
        """What the form says of a typed id: why it cannot be ``person``'s, or None."""

        def check(pid: str) -> str | None:
            try:
                setup.check_id(self.host.workshop.session, pid, person)
            except setup.SetupError as problem:
                return self.host.tr(problem.key, **problem.params)
            return None

        return check

    def _added(self, result: tuple[str, str, str] | None) -> None:
        if result is not None:
            try:
                change = self.host.apply("add_participant", *result)
            except setup.SetupError as problem:
                self.notify(self.host.tr(problem.key, **problem.params), severity="warning", markup=False)
                return
            self._highlight = change.result.id if change else None

    def _edited(self, person: Participant, result: tuple[str, str, str] | None) -> None:
        if result is not None:
            try:
                self.host.apply("edit_participant", person.id, *result)
            except setup.SetupError as problem:
                self.notify(self.host.tr(problem.key, **problem.params), severity="warning", markup=False)
                return
            self._highlight = person.id  # the new id, if it changed


def _typed_zone(text: str) -> str | None | bool:
    """What the zone field holds: a zone name, None when empty, False while not (yet) a zone."""
    try:
        return setup.parse_zone(text)
    except setup.SetupError:
        return False


def _typed_date(text: str) -> date | None | bool:
    """What a date field holds: a date, None when empty, False while not (yet) a date."""
    try:
        return setup.parse_date(text)
    except setup.SetupError:
        return False
