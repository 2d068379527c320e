"""The forms of the Day 2 plan: a milestone, a TODO, the weekly meeting, a report's time.

Same pattern as the review form: the main text field has focus, ctrl+s
saves from any field, Enter moves to the next field, Escape cancels; a form
returns a draft (or ``None``) that the screen turns into an undoable edit. Dates are typed ``YYYY-MM-DD``, times ``HH:MM``; a bad value
is refused with a message, never stored. Labels arrive translated; user text
is shown literally.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label

from ..domain.formats import day, hhmm
from ..domain.session import MINUTES_MAX, NAME_MAX
from ..domain.setup import SetupError, parse_date
from ..i18n import Translator
from ..recovering import Recovering
from ..widgets.choice import Choice, ChoiceField
from ..widgets.text_field import TextField
from ..widgets.tick_box import TickBox


@dataclass(frozen=True)
class MilestoneDraft:
    title: str
    who: str
    what: str
    how: str
    due: date | None


@dataclass(frozen=True)
class TodoDraft:
    text: str
    owner: str
    milestone: str
    due: date | None
    done: bool


@dataclass(frozen=True)
class MeetingTime:
    at: time
    duration_min: int


def parse_time(text: str) -> time:
    """``HH:MM`` (``9:30`` too); ValueError otherwise."""
    hours, _, minutes = text.strip().partition(":")
    return time(int(hours), int(minutes or "0"))


def parse_minutes(text: str) -> int:
    value = int(text.strip())
    if not 0 < value <= MINUTES_MAX:  # at most a day: what the session file holds
        raise ValueError(text)
    return value


def milestone_keys(ids: Sequence[str]) -> list[str]:
    """One key per milestone: its number for ``m0``-``m9`` (``m1`` is ``1``),
    a letter for the others, ``-`` for "no milestone" (``""``)."""
    letters = iter("abcdefghijklmnopqrstuvwxyz")
    keys = []
    for mid in ids:
        if mid == "":
            keys.append("-")
        elif len(mid) == 2 and mid[0] == "m" and mid[1].isdigit():
            keys.append(mid[1])
        else:
            keys.append(next(letters, " "))
    return keys


class PlanForm(Recovering, ModalScreen[Any]):  # each form dismisses with its own draft type
    """Shared keys and the error line of the plan's forms."""

    CSS_PATH = "day2_forms.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True, id="form.save"),
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
    ]

    def __init__(self, tr: Translator, title: str) -> None:
        super().__init__()
        self.tr = tr
        self.form_title = title

    def heading(self) -> ComposeResult:
        yield Label(Text(self.form_title), classes="form-title")

    def footer(self) -> ComposeResult:
        yield Label("", id="error", classes="error")
        yield Label(Text(self.tr("form.hint")), classes="hint")

    def field(self, key: str, value: str, id: str, placeholder: str = "") -> ComposeResult:
        yield Label(Text(self.tr(key)), classes="field-label")
        yield TextField(value, placeholder=placeholder, id=id)

    def value(self, id: str) -> str:
        return self.query_one(f"#{id}", Input).value.strip()

    def date_value(self, id: str) -> tuple[bool, date | None]:
        """(ok, the date or None) of a ``YYYY-MM-DD`` field; a bad date is refused."""
        try:
            return True, parse_date(self.value(id))
        except SetupError as error:
            message = self.tr(error.key, **error.params) if error.key == "bounds.date_range" else self.tr("plan.form.bad_date", value=self.value(id))
            self.refuse(message, id)
            return False, None

    def refuse(self, message: str, field: str) -> None:
        self.query_one("#error", Label).update(Text(message))
        self.query_one(f"#{field}").focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:  # pragma: no cover - every form overrides it
        raise NotImplementedError


class MilestoneForm(PlanForm):
    def __init__(self, tr: Translator, title: str, draft: MilestoneDraft) -> None:
        super().__init__(tr, title)
        self._draft = draft

    def compose(self) -> ComposeResult:
        d = self._draft
        with VerticalScroll(classes="form"):
            yield from self.heading()
            yield from self.field("plan.form.title", d.title, "title")
            yield from self.field("plan.form.due", day(d.due), "due", "YYYY-MM-DD")
            yield from self.field("plan.form.who", d.who, "who")
            yield from self.field("plan.form.what", d.what, "what")
            yield from self.field("plan.form.how", d.how.strip(), "how")
            yield from self.footer()

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()

    def action_save(self) -> None:
        if not self.value("title"):
            self.refuse(self.tr("plan.form.empty_title"), "title")
            return
        ok, due = self.date_value("due")
        if not ok:
            return
        self.dismiss(MilestoneDraft(self.value("title"), self.value("who"), self.value("what"), self.value("how"), due))


class TodoForm(PlanForm):
    """A TODO: the text first, the owner and the milestone by single keys."""

    def __init__(self, tr: Translator, title: str, draft: TodoDraft, people: Sequence[tuple[str, str]], milestones: Sequence[tuple[str, str]]) -> None:
        super().__init__(tr, title)
        self._draft = draft
        self._people = people  # (id, label)
        self._milestones = milestones

    def compose(self) -> ComposeResult:
        d, tr = self._draft, self.tr
        with VerticalScroll(classes="form"):
            yield from self.heading()
            yield TextField(d.text, placeholder=tr("plan.form.todo"), id="text")
            people = [Choice(pid, str(n), label) for n, (pid, label) in enumerate(self._people[:9], start=1)]
            yield ChoiceField(tr("plan.form.owner"), people, d.owner, id="owner")
            marks = [Choice(mid, key, label) for (mid, label), key in zip(self._milestones, milestone_keys([m for m, _ in self._milestones]), strict=True)]
            yield ChoiceField(tr("plan.form.milestone"), marks, d.milestone, id="milestone")
            yield from self.field("plan.form.due", day(d.due), "due", "YYYY-MM-DD")
            yield TickBox(Text(tr("plan.form.done")), d.done, id="done")
            yield from self.footer()

    def on_mount(self) -> None:
        self.query_one("#text", Input).focus()

    def action_save(self) -> None:
        if not self.value("text"):
            self.refuse(self.tr("plan.form.empty_todo"), "text")
            return
        ok, due = self.date_value("due")
        if not ok:
            return
        self.dismiss(
            TodoDraft(
                self.value("text"),
                self.query_one("#owner", ChoiceField).value,
                self.query_one("#milestone", ChoiceField).value,
                due,
                self.query_one("#done", Checkbox).value,
            )
        )


@dataclass(frozen=True)
class ProgressFields:
    title: str
    weekday: int
    at: time
    duration_min: int
    until: date | None


class ProgressForm(PlanForm):
    """The weekly progress meeting: title, weekday (keys 1-7), time, length, until.

    ``check`` returns an error message for a complete draft (the domain's rules,
    e.g. until before the first meeting) or ``""``."""

    def __init__(self, tr: Translator, title: str, draft: ProgressFields, check: Callable[[ProgressFields], str]) -> None:
        super().__init__(tr, title)
        self._draft = draft
        self._check = check

    def compose(self) -> ComposeResult:
        d, tr = self._draft, self.tr
        with VerticalScroll(classes="form"):
            yield from self.heading()
            yield TextField(d.title, placeholder=tr("plan.form.meeting_title"), id="title", max_length=NAME_MAX)
            days = [Choice(str(n), str(n + 1), tr(f"plan.weekday.{n}")) for n in range(7)]
            yield ChoiceField(tr("plan.form.weekday"), days, str(d.weekday), id="weekday")
            yield from self.field("plan.form.time", hhmm(d.at), "at", "HH:MM")
            yield from self.field("plan.form.duration", str(d.duration_min), "duration")
            yield from self.field("plan.form.until", day(d.until), "until", "YYYY-MM-DD")
            yield from self.footer()

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()

    def action_save(self) -> None:
        tr = self.tr
        if not self.value("title"):
            self.refuse(tr("plan.meeting.empty_title"), "title")
            return
        try:
            at = parse_time(self.value("at"))
        except ValueError:
            self.refuse(tr("plan.form.bad_time", value=self.value("at")), "at")
            return
        try:
            duration = parse_minutes(self.value("duration"))
        except ValueError:
            self.refuse(tr("plan.meeting.bad_duration"), "duration")
            return
        ok, until = self.date_value("until")
        if not ok:
            return
        draft = ProgressFields(self.value("title"), int(self.query_one("#weekday", ChoiceField).value), at, duration, until)
        problem = self._check(draft)
        if problem:
            self.refuse(problem, "until")
            return
        self.dismiss(draft)


class ReportForm(PlanForm):
    """An executive report's time and length (its day is its milestone's)."""

    def __init__(self, tr: Translator, title: str, draft: MeetingTime) -> None:
        super().__init__(tr, title)
        self._draft = draft

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="form"):
            yield from self.heading()
            yield from self.field("plan.form.time", hhmm(self._draft.at), "at", "HH:MM")
            yield from self.field("plan.form.duration", str(self._draft.duration_min), "duration")
            yield from self.footer()

    def on_mount(self) -> None:
        self.query_one("#at", Input).focus()

    def action_save(self) -> None:
        try:
            at = parse_time(self.value("at"))
        except ValueError:
            self.refuse(self.tr("plan.form.bad_time", value=self.value("at")), "at")
            return
        try:
            duration = parse_minutes(self.value("duration"))
        except ValueError:
            self.refuse(self.tr("plan.meeting.bad_duration"), "duration")
            return
        self.dismiss(MeetingTime(at, duration))
