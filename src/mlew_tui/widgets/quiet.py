"""``QuietStatic`` and ``QuietLabel``: text widgets that ignore an update to
what they already show.

Textual's ``Static.update`` lays out and repaints even when the content is
unchanged. The workshop's chrome (agenda, turn, save state, keys, timer
words) is refreshed from the whole state after every action and on timers,
so without this every tick would repaint - and the first frame would be
followed by a train of identical ones.
"""

from __future__ import annotations

from textual.visual import VisualType
from textual.widgets import Label, Static

_UNSET = object()


class QuietStatic(Static):
    """A ``Static`` whose :meth:`update` does nothing when the content is equal."""

    _shown: object = _UNSET

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        if self._shown is not _UNSET and content == self._shown:
            return
        self._shown = content
        super().update(content, layout=layout)


class QuietLabel(Label, QuietStatic):
    """A ``Label`` (shrink-wrapped) with the same quiet :meth:`update`.

    ``Label`` comes first: Textual takes a widget's CSS type names and default
    CSS from its first base only, and this must style as a ``Label``."""
