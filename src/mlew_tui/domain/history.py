"""Undo and redo of every change to a session.

Every change the app makes goes through :class:`History` as an :class:`Edit`
(``apply`` / ``revert`` on the live objects), so undo needs no snapshots of
the whole session - a cell of a 3,600-cell scoring table costs one small
object, not a copy of the table. Several edits made by one action (saving a
form) are one :class:`Edit` so they undo together.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping, MutableSequence
from dataclasses import dataclass, field
from typing import Any

#: The oldest edits are forgotten past this many (the issue asks for >= 100).
DEFAULT_LIMIT = 500

_MISSING: Any = object()


@dataclass
class Edit:
    """One undoable step: ``label`` is an i18n key naming it for the user."""

    label: str
    apply: Callable[[], None]
    revert: Callable[[], None]
    #: Edits with the same key made one after another merge into one step
    #: (typing a title letter by letter undoes as one change).
    key: str = ""
    #: The parts of the session it changes (``{"reviews"}``), set by the
    #: command that made it (see :mod:`mlew_tui.domain.commands`); undo and
    #: redo report them so that exactly the views that show them refresh.
    parts: frozenset[str] = frozenset()


@dataclass
class History:
    """Linear undo/redo; a new edit after undos drops the redo branch."""

    limit: int = DEFAULT_LIMIT
    revision: int = 0
    _done: list[Edit] = field(default_factory=list)
    _undone: list[Edit] = field(default_factory=list)

    def do(self, edit: Edit, *, applied: bool = False) -> Edit:
        """Apply ``edit`` (not again when ``applied``: it was tried and
        checked first) and keep it for undo."""
        if not applied:
            edit.apply()
        last = self._done[-1] if self._done else None
        if edit.key and last is not None and last.key == edit.key and not self._undone:
            edit = Edit(edit.label, edit.apply, last.revert, edit.key, edit.parts | last.parts)
            self._done[-1] = edit
            self.revision += 1
            return edit
        self._done.append(edit)
        del self._done[: -self.limit]
        self._undone.clear()
        self.revision += 1
        return edit

    def undo(self) -> Edit | None:
        if not self._done:
            return None
        edit = self._done.pop()
        edit.revert()
        self._undone.append(edit)
        self.revision += 1
        return edit

    def redo(self) -> Edit | None:
        if not self._undone:
            return None
        edit = self._undone.pop()
        edit.apply()
        self._done.append(edit)
        self.revision += 1
        return edit

    @property
    def can_undo(self) -> bool:
        return bool(self._done)

    @property
    def can_redo(self) -> bool:
        return bool(self._undone)


# -- edit constructors ----------------------------------------------------------


def set_attrs(label: str, target: Any, *, key: str = "", **values: Any) -> Edit:
    """Set attributes of one object (a review's text, the customer card...);
    ``key`` merges consecutive edits of one field (see :attr:`Edit.key`)."""
    old = {name: getattr(target, name) for name in values}

    def apply() -> None:
        for name, value in values.items():
            setattr(target, name, value)

    def revert() -> None:
        for name, value in old.items():
            setattr(target, name, value)

    return Edit(label, apply, revert, key)


def insert(label: str, items: MutableSequence[Any], value: Any, index: int | None = None) -> Edit:
    """Insert ``value`` into a list (at the end by default)."""
    where = len(items) if index is None else index

    def apply() -> None:
        items.insert(where, value)

    def revert() -> None:
        items.remove(value)

    return Edit(label, apply, revert)


def remove(label: str, items: MutableSequence[Any], value: Any) -> Edit:
    """Remove ``value`` from a list; undo puts it back where it was."""
    where = items.index(value)

    def apply() -> None:
        items.remove(value)

    def revert() -> None:
        items.insert(where, value)

    return Edit(label, apply, revert)


def move(label: str, items: MutableSequence[Any], value: Any, offset: int) -> Edit:
    """Move ``value`` up (-1) or down (+1) in a list, clamped to its ends."""
    start = items.index(value)
    end = max(0, min(len(items) - 1, start + offset))

    def place(at: int) -> None:
        items.remove(value)
        items.insert(at, value)

    return Edit(label, lambda: place(end), lambda: place(start))


def set_key(label: str, mapping: MutableMapping[Any, Any], key: Any, value: Any = _MISSING) -> Edit:
    """Set (or, with no value, delete) ``mapping[key]``."""
    old = mapping.get(key, _MISSING)

    def put(new: Any) -> None:
        if new is _MISSING:
            mapping.pop(key, None)
        else:
            mapping[key] = new

    return Edit(label, lambda: put(value), lambda: put(old))


def set_score(label: str, scores: dict[str, dict[str, dict[str, float]]], person: str, case: str, item: str, value: float | None) -> Edit:
    """Set or clear (``None``) one cell of the scoring table, pruning empty tables."""
    old = scores.get(person, {}).get(case, {}).get(item)

    def put(new: float | None) -> None:
        if new is None:
            cells = scores.get(person, {}).get(case)
            if cells is not None:
                cells.pop(item, None)
                if not cells:
                    del scores[person][case]
                if not scores[person]:
                    del scores[person]
        else:
            scores.setdefault(person, {}).setdefault(case, {})[item] = new

    return Edit(label, lambda: put(value), lambda: put(old))


def combine(label: str, edits: list[Edit]) -> Edit:
    """Several edits as one step (applied in order, reverted in reverse)."""

    def apply() -> None:
        for edit in edits:
            edit.apply()

    def revert() -> None:
        for edit in reversed(edits):
            edit.revert()

    return Edit(label, apply, revert)
