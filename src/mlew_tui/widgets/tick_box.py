"""``TickBox``: a checkbox whose state shows in its shape, not only its colour.

Textual's ``Checkbox`` draws an ``X`` whether it is on or off and tells the
two apart by colour alone - on a projector, from the back of the room, an
unticked prerequisite looks ticked. A tick box shows ``✓`` when on and
nothing when off.
"""

from __future__ import annotations

from textual.widgets import Checkbox

ON = "✓"
OFF = " "


class TickBox(Checkbox):
    """A ``Checkbox`` drawn ``▐✓▌`` when on and ``▐ ▌`` when off."""

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]  # noqa: N802 - a property for Textual's class attribute
        return ON if self.value else OFF
