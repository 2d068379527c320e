"""What changed since Day 1: the session against its frozen Day 1 (``[day1]``).

A modal over any screen (``c`` on Day 2's screens, or the palette's ``What
changed since Day 1``); Escape closes it. The comparison itself is
:func:`mlew_tui.domain.changes.compare`, its wording
:mod:`mlew_tui.views.changes_view` (shared with the report and the Markdown).
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from ..domain.changes import Changes, compare, day1_session
from ..domain.formats import day, hhmm
from ..domain.session import Session
from ..host import host_of
from ..recovering import Recovering
from ..views.changes_view import change_sections, to_text


class ChangesScreen(Recovering, ModalScreen[None]):
    CSS_PATH = "day2.tcss"
    BINDINGS = [
        Binding("escape,c,q", "close", "Close", id="changes.close"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="changes", classes="form"):
            yield Label(Text(host_of(self.app).tr("plan.changes.title")), classes="form-title")
            with VerticalScroll(id="changes-scroll"):
                yield Static(id="changes-body")
            yield Label(Text(host_of(self.app).tr("plan.changes.hint")), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#changes-body", Static).update(self.body())
        self.query_one("#changes-scroll").focus()

    def body(self) -> Text:
        app = host_of(self.app)
        tr: Callable[..., str] = app.tr
        session = app.workshop.session
        day1 = day1_session(session)
        if day1 is None or session.day1 is None:
            return Text(tr("plan.changes.no_snapshot"))
        frozen = session.day1.frozen_at
        return describe(compare(day1, session), day1, session, tr, f"{day(frozen.date())} {hhmm(frozen)}" if frozen else "-")

    def action_close(self) -> None:
        self.dismiss(None)


def describe(changes: Changes, day1: Session, now: Session, tr: Callable[..., str], when: str) -> Text:
    """The changes in words, one section per process (:mod:`mlew_tui.views.changes_view`)."""
    text = Text(tr("plan.changes.against", when=when) + "\n", style="dim")
    if not changes.any:
        text.append("\n" + tr("plan.changes.nothing") + "\n", style="bold")
        return text
    return to_text(change_sections(changes, day1, now, tr), tr, text)
