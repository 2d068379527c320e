"""What changed since Day 1: the session against its frozen Day 1 (``[day1]``).

A modal over any screen (``c`` on Day 2's screens, or the palette's ``What
changed since Day 1``); Escape closes it. The comparison itself is
:func:`mlew_tui.domain.changes.compare`; this screen only words it.
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
from ..domain.formats import day, hhmm, number
from ..domain.session import Session
from ..host import host_of


class ChangesScreen(ModalScreen[None]):
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
    """The changes in words, one section per process."""
    text = Text(tr("plan.changes.against", when=when) + "\n", style="dim")
    if not changes.any:
        text.append("\n" + tr("plan.changes.nothing") + "\n", style="bold")
        return text

    def section(process: str) -> None:
        text.append("\n" + tr(f"process.{process}") + "\n", style="bold underline")

    def line(body: str, style: str = "") -> None:
        text.append("  " + body + "\n", style=style)

    def case_name(cid: str | None) -> str:
        if cid is None:
            return tr("plan.changes.none")
        case = now.case(cid) or day1.case(cid)
        return case.name if case else cid

    # Listen / Define
    section("listen")
    line(tr("plan.changes.reviews", before=len(day1.reviews), after=len(now.reviews), added=len(changes.reviews_added)))
    for review in changes.reviews_added:
        line("+ " + review.text, "green")
    for review in changes.reviews_removed:
        line("- " + review.text, "red")
    for review in changes.reviews_edited:
        line("~ " + review.text, "yellow")
    before, after = changes.assumptions
    line(tr("plan.changes.assumptions", before=before, after=after), "green" if after < before else "")
    section("define")
    if changes.posts_added:
        line(tr("plan.changes.posts", n=changes.posts_added))
    for item in changes.items_added:
        line("+ " + tr("plan.changes.item", title=item.title, points=item.points), "green")
    for item in changes.items_removed:
        line("- " + tr("plan.changes.item", title=item.title, points=item.points), "red")
    for change in changes.items_changed:
        if change.old_points != change.points:
            line("~ " + tr("plan.changes.points", title=change.title, before=change.old_points, after=change.points), "yellow")
        if change.old_title != change.title:
            line("~ " + tr("plan.changes.renamed", before=change.old_title, after=change.title), "yellow")
    if not (changes.items_added or changes.items_removed or changes.items_changed or changes.posts_added):
        line(tr("plan.changes.unchanged"), "dim")
    # Invent
    section("invent")
    for case in changes.cases_added:
        line("+ " + tr("plan.changes.case", name=case.name), "green")
    for result in changes.cases:
        if result.changed:
            line(
                tr(
                    "plan.changes.case_result",
                    name=result.name,
                    old_sum=number(result.old_sum),
                    sum=number(result.sum),
                    old_picks=result.old_picks,
                    picks=result.picks,
                ),
                "yellow",
            )
    for pick in changes.picks:
        person = now.participant(pick.person) or day1.participant(pick.person)
        line(tr("plan.changes.pick", name=person.name if person else pick.person, before=case_name(pick.old), after=case_name(pick.new)))
    old, new = changes.winner
    if changes.winner_changed:
        line(tr("plan.changes.winner", before=case_name(old), after=case_name(new)), "bold yellow")
    else:
        line(tr("plan.changes.same_winner", name=case_name(new)), "dim" if changes.scores_changed else "")
    # Refine
    section("refine")
    before, after = changes.uncertain
    line(tr("plan.changes.uncertain", before=before, after=after), "green" if after < before else ("yellow" if after > before else ""))
    for part in changes.cleared:
        line("✓ " + tr(f"plan.changes.section.{part.section}") + ": " + part.text, "green")
    for part in changes.new_uncertain:
        line("! " + tr(f"plan.changes.section.{part.section}") + ": " + part.text, "yellow")
    # Test/Iterate
    section("test_iterate")
    for m in changes.milestones_added:
        line("+ " + tr("plan.changes.milestone", id=m.id, title=m.title, due=day(m.due) or "-"), "green")
    for m in changes.milestones_removed:
        line("- " + tr("plan.changes.milestone", id=m.id, title=m.title, due=day(m.due) or "-"), "red")
    for moved in changes.milestones_changed:
        for field, was, now_value in moved.fields:
            line("~ " + tr("plan.changes.milestone_field", id=moved.id, field=tr(f"plan.form.{field}"), before=was or "-", after=now_value or "-"), "yellow")
    if not (changes.milestones_added or changes.milestones_removed or changes.milestones_changed):
        line(tr("plan.changes.unchanged"), "dim")
    return text
