"""Every change to a session, by name: the one table the state loop applies.

A command is a name (``"add_review"``), the domain function that builds its
:class:`~mlew_tui.domain.history.Edit` from the session and the arguments,
and the parts of the session it changes. :meth:`mlew_tui.workshop.Workshop.apply`
is the only caller: it builds the edit, applies it through the undo history
and returns a :class:`Change` naming those parts, so that the app refreshes
exactly the views that show them and schedules one save.

The parts are the session's top-level keys (``reviews``, ``scores`` ...) plus
the workshop's own state: ``step`` (the agenda position), ``timer``, ``turn``,
``day`` and ``language``. A view declares the parts it reads.

Builders keep their own signatures; the few that return more than an edit
(the new case, the die roll) are wrapped here so that every command returns
``(edit or None, result)``. A builder that refuses raises its domain error
(:class:`~mlew_tui.domain.invent.Refused`, ``SetupError`` ...), and nothing
changes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from . import invent, milestones, next_step, plan, plan_meetings, plan_tasks, refine, setup
from . import listen_define as ld
from .change import AGENDA_PARTS, ALL_PARTS, DAY, EXPORTS, LANGUAGE, NO_CHANGE, SESSION_PARTS, STEP, TIMER, TURN, Change
from .history import Edit, combine, set_attrs
from .scoring import analyse
from .session import Session

# The parts and the Change a command returns live in ``change`` (a light
# module: everything the app needs before its first frame); named here too.
__all__ = [
    "AGENDA_PARTS",
    "ALL_PARTS",
    "COMMANDS",
    "DAY",
    "EXPORTS",
    "LANGUAGE",
    "NO_CHANGE",
    "SESSION_PARTS",
    "STEP",
    "TIMER",
    "TURN",
    "Change",
    "Command",
    "command",
]

#: ``build(session, *args, **kwargs)`` -> ``(edit or None, result)``.
Builder = Callable[..., tuple[Edit | None, Any]]


@dataclass(frozen=True)
class Command:
    """A named change: how to build its edit, and the parts it touches."""

    name: str
    build: Builder
    parts: frozenset[str]
    #: What to report once applied, read from the session (a new card's id).
    after: Callable[[Session], Any] | None = None

    def edit(self, session: Session, *args: Any, **kwargs: Any) -> tuple[Edit | None, Any]:
        """Build the edit (nothing is applied yet), tagged with this command's parts."""
        edit, result = self.build(session, *args, **kwargs)
        if edit is None:
            return None, result
        return replace(edit, parts=self.parts), result


def _edit(function: Callable[..., Edit | None]) -> Builder:
    """A builder that returns only an edit."""
    return lambda session, *args, **kwargs: (function(session, *args, **kwargs), None)


def _on_participant(function: Callable[..., Edit | None]) -> Builder:
    """Participant edits name the person by id (commands carry plain values)."""

    def build(session: Session, person_id: str, *args: Any) -> tuple[Edit | None, Any]:
        person = session.participant(person_id)
        if person is None:
            raise ValueError(f"no participant {person_id!r}")  # the screens offer only existing ones
        return function(session, person, *args), None

    return build


#: What names a participant by id: a rename changes them all (see ``setup.rename_participant``).
PARTICIPANT_REFS = {"participants", "reviews", "posts", "items", "cases", "scores", "votes", "refine", "todos", TURN}


def _swap(result: tuple[Any, Edit]) -> tuple[Edit, Any]:
    return result[1], result[0]


#: Tables whose fields the setup screen edits one by one: "" is the session itself (title, dates).
SETUP_TABLES = ("", "product", "prerequisites")


def set_field(session: Session, table: str, field: str, value: Any) -> Edit | None:
    """One field of the session (``table`` "") or of ``product`` / ``prerequisites``;
    typing a field letter by letter undoes as one change. ``None`` when unchanged."""
    if table not in SETUP_TABLES:
        raise ValueError(table)
    target = getattr(session, table) if table else session
    if getattr(target, field) == value:
        return None
    if not table and field == "time_zone" and value is not None:
        setup.parse_zone(value)  # an unknown zone is refused (SetupError), not saved
    return set_attrs("edit.setup", target, key=f"setup.{table}.{field}", **{field: value})


def _roll(session: Session, rng: Any) -> tuple[Edit, invent.DieRoll]:
    roll = invent.roll_die(session, rng)
    return roll.edit, roll


def _winner(session: Session) -> Edit | None:
    return invent.winner_record(session, analyse(session))


#: Commands after which the recorded winner may no longer agree with the rules.
WINNER_FOLLOWS = frozenset({"set_cell", "credit_cell", "set_vote", "edit_item", "delete_item"})


def _with_winner(build: Builder) -> Builder:
    """``build``, plus the ``[invent]`` record its change calls for, as one edit
    (so one undo takes both back). The record is worked out on the session as
    the edit leaves it, then the session is put back: nothing is applied yet."""

    def built(session: Session, *args: Any, **kwargs: Any) -> tuple[Edit | None, Any]:
        edit, result = build(session, *args, **kwargs)
        if edit is None:
            return None, result
        edit.apply()
        try:
            record = _winner(session)
        finally:
            edit.revert()
        return (combine(edit.label, [edit, record]) if record is not None else edit), result

    return built


def _commands() -> dict[str, Command]:
    table: list[tuple[str, Builder, set[str]]] = [
        # Listen
        ("edit_customer", _edit(ld.edit_customer), {"customer"}),
        ("add_review", _edit(ld.add_review), {"reviews"}),
        ("edit_review", _edit(ld.edit_review), {"reviews"}),
        ("delete_review", _edit(ld.delete_review), {"reviews", "groups", "posts", "items"}),
        ("group_reviews", _edit(ld.group_reviews), {"reviews", "groups"}),
        ("ungroup_reviews", _edit(ld.ungroup_reviews), {"reviews", "groups"}),
        ("rename_group", _edit(ld.rename_group), {"groups"}),
        # Define
        ("add_post", _edit(ld.add_post), {"posts"}),
        ("edit_post", _edit(ld.edit_post), {"posts"}),
        ("delete_post", _edit(ld.delete_post), {"posts"}),
        ("add_item", _edit(ld.add_item), {"items"}),
        ("edit_item", _edit(ld.edit_item), {"items", "scores"}),
        ("delete_item", _edit(ld.delete_item), {"items", "scores"}),
        # Invent
        ("add_case", lambda s, fields: _swap(invent.add_case(s, fields)), {"cases"}),
        ("edit_case", _edit(invent.edit_case), {"cases"}),
        ("import_cases", lambda s, data: _swap(invent.import_cases_edit(s, data)), {"cases"}),
        ("set_cell", _edit(invent.set_cell), {"scores"}),
        ("credit_cell", _edit(invent.credit_cell), {"scores"}),
        ("set_vote", _edit(invent.set_vote), {"votes"}),
        ("roll_die", _roll, {"invent"}),
        ("facilitator_decides", _edit(invent.facilitator_decides), {"invent"}),
        ("record_winner", _edit(_winner), {"invent"}),
        # private scoring, then a reveal (issue #19): ("scores" | "votes", shown)
        ("reveal", _edit(invent.set_revealed), {"invent"}),
        ("hide_for_rerun", _edit(invent.hide_for_rerun), {"invent"}),
        # Refine
        ("assign_role", _edit(refine.assign_role), {"refine"}),
        ("recommend_roles", _edit(refine.apply_recommendations), {"refine"}),
        ("prefill_refine", _edit(refine.prefill), {"refine"}),
        ("set_message_field", _edit(refine.set_message_field), {"refine"}),
        ("add_faq", _edit(refine.add_faq), {"refine"}),
        ("edit_faq", _edit(refine.edit_faq), {"refine"}),
        ("remove_faq", _edit(refine.remove_faq), {"refine"}),
        ("move_faq", _edit(refine.move_faq), {"refine"}),
        ("toggle_faq_uncertain", _edit(refine.toggle_faq_uncertain), {"refine"}),
        ("add_step", _edit(refine.add_step), {"refine"}),
        ("edit_step", _edit(refine.edit_step), {"refine"}),
        ("remove_step", _edit(refine.remove_step), {"refine"}),
        ("move_step", _edit(refine.move_step), {"refine"}),
        ("toggle_step_uncertain", _edit(refine.toggle_step_uncertain), {"refine"}),
        # Test/Iterate
        ("ensure_milestones", _edit(milestones.ensure_milestones), {"milestones"}),
        ("set_milestone_field", _edit(milestones.set_field), {"milestones"}),
        ("milestone_example", _edit(milestones.apply_example), {"milestones"}),
        # Next Step
        ("set_go_to_implementation", _edit(next_step.set_go_to_implementation), {"next_step"}),
        ("prefill_improve", _edit(next_step.prefill_improve), {"next_step"}),
        ("toggle_improve", _edit(next_step.toggle_improve), {"next_step"}),
        ("set_next_notes", _edit(next_step.set_notes), {"next_step"}),
        # Day 2
        ("change_allotment", _edit(plan.change_allotment), {"day2"}),
        ("ensure_timeline", _edit(plan.ensure_timeline), {"milestones"}),
        ("add_intermediate", _edit(plan.add_intermediate), {"milestones"}),
        ("edit_milestone", _edit(plan.edit_milestone), {"milestones"}),
        ("shift_due", _edit(plan.shift_due), {"milestones"}),
        ("remove_milestone", _edit(plan.remove_milestone), {"milestones", "todos", "meetings"}),
        ("set_progress_meeting", _edit(plan_meetings.set_progress_meeting), {"meetings"}),
        ("register_reports", _edit(plan_meetings.register_reports), {"meetings"}),
        ("set_report_time", _edit(plan_meetings.set_report_time), {"meetings"}),
        ("add_todo", _edit(plan_tasks.add_todo), {"todos"}),
        ("edit_todo", _edit(plan_tasks.edit_todo), {"todos"}),
        ("toggle_todo", _edit(plan_tasks.toggle_done), {"todos"}),
        ("remove_todo", _edit(plan_tasks.remove_todo), {"todos"}),
        # Setup
        ("set_field", _edit(set_field), {"title", "product", "prerequisites", "workshop_date", "day2_date", "time_zone"}),
        ("add_participant", setup.add_participant, {"participants"}),
        ("edit_participant", _on_participant(setup.update_participant), PARTICIPANT_REFS),
        ("rename_participant", _on_participant(setup.rename_participant), PARTICIPANT_REFS),
        ("remove_participant", _on_participant(setup.remove_participant), {"participants"}),
        ("move_participant", _on_participant(setup.move_participant), {"participants"}),
    ]
    # -- Invent (issue #16): a score or a vote that changes the winner also
    # records it in [invent], in the same undo step (see _with_winner).
    table = [(name, _with_winner(build), parts | {"invent"}) if name in WINNER_FOLLOWS else (name, build, parts) for name, build, parts in table]
    #: Adding a card reports its id (the board selects it).
    added: dict[str, Callable[[Session], Any]] = {
        "add_review": lambda s: s.reviews[-1].id,
        "add_post": lambda s: s.posts[-1].id,
        "add_item": lambda s: s.items[-1].id,
        "add_todo": lambda s: s.todos[-1].id,
    }
    return {name: Command(name, build, frozenset(parts), added.get(name)) for name, build, parts in table}


COMMANDS: Mapping[str, Command] = _commands()


def command(name: str) -> Command:
    """The command called ``name`` (``KeyError`` for a name no one defined)."""
    return COMMANDS[name]
