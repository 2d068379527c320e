"""The revision of each calendar event: how often what a calendar shows of it changed.

Meetings, milestones and TODOs are exported as calendar events
(:mod:`mlew_tui.export.ics`); a calendar that imports a newer file replaces an
event only when its ``SEQUENCE`` grew. The ``revision`` stored with each one
is that number, and it is kept here, in the edits, not in the export:

- an edit that changes an exported field (:data:`EXPORTED`) raises it by one;
- undoing or redoing that edit changes the field again, so it raises it again
  (a revision never goes back: the calendar may already hold the higher one).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from .history import Edit, combine, set_attrs
from .session import Meeting, Milestone, Todo

#: The fields of each record that its calendar event shows.
EXPORTED: dict[type, tuple[str, ...]] = {
    Meeting: ("title", "start", "duration_min", "weekly_until"),
    Milestone: ("title", "due"),
    Todo: ("text", "due", "done"),
}


def exported_change(target: Any, values: dict[str, Any]) -> bool:
    """Setting ``values`` on ``target`` changes a field its event shows."""
    fields = EXPORTED.get(type(target), ())
    return any(name in fields and getattr(target, name) != value for name, value in values.items())


def bump(target: Any) -> Edit:
    """Raise ``target.revision`` by one - when applied and when reverted."""

    def raise_one() -> None:
        target.revision += 1

    return Edit("edit.revision", raise_one, raise_one)


def revise(label: str, target: Any, *, key: str = "", **values: Any) -> Edit:
    """:func:`~.history.set_attrs`, plus a revision raised by one when an
    exported field changes (one undoable step; ``key`` merges as set_attrs')."""
    edit = set_attrs(label, target, key=key, **values)
    if not exported_change(target, values):
        return edit
    return replace(combine(label, [edit, bump(target)]), key=key)
