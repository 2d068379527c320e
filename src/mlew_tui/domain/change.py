"""What a command changed: the parts of a session and of the workshop that
views read, and the :class:`Change` the state loop returns.

Split from :mod:`mlew_tui.domain.commands` (which imports every domain module
for its table) so that the app, its screens and the join server can name
parts and changes without loading the commands before the first frame; the
commands are loaded on the first change (or in the background once the
first frame is up).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .session import Session

#: The workshop's own state that views show besides the session's tables.
STEP, TIMER, TURN, DAY, LANGUAGE = "step", "timer", "turn", "day", "language"
#: The files written beside the session (an export): views that say whether one exists.
EXPORTS = "exports"
#: What the agenda (the steps, their minutes, the day's plan) is made from.
AGENDA_PARTS = frozenset({STEP, DAY, "cases", "participants", "next_step", "day2"})
#: Everything a session holds, table by table (a reload or a language switch
#: changes it all): the model's fields but its header and the workshop's own
#: position and countdown, which are STEP, DAY and TIMER.
SESSION_PARTS = frozenset(Session.model_fields) - {"format", "schema_version", "progress", "timer"}
ALL_PARTS = SESSION_PARTS | {STEP, TIMER, TURN, DAY, LANGUAGE, EXPORTS}


@dataclass(frozen=True)
class Change:
    """What one command changed: the parts, the command's name, its result."""

    parts: frozenset[str] = frozenset()
    command: str = ""
    #: What the builder gave besides the edit (the new case, the die roll ...).
    result: Any = None

    def __bool__(self) -> bool:
        return bool(self.parts)

    def __or__(self, other: Change) -> Change:
        return Change(self.parts | other.parts, self.command or other.command, self.result if self.result is not None else other.result)


NO_CHANGE = Change()
