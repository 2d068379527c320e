"""``QuietStatic`` and ``QuietLabel``: text widgets that ignore an update to
what they already show.

Textual's ``Static.update`` lays out and repaints even when the content is
unchanged. The workshop's chrome (agenda, turn, save state, keys, timer
words) is refreshed from the whole state after every action and on timers,
so without this every tick would repaint - and the first frame would be
followed by a train of identical ones.

An update that does change the text asks Textual for a layout only when the
new text needs another size: Textual lays the whole screen out again for any
widget that asks, and a count or a status line that changed with every key
made a board of 300 cards be laid out again each time
(``tests/test_no_needless_layout.py``).
"""

from __future__ import annotations

from textual.geometry import Size
from textual.visual import VisualType
from textual.widget import Widget
from textual.widgets import Label, Static

_UNSET = object()


class QuietStatic(Static):
    """A ``Static`` whose :meth:`update` does nothing when the content is
    equal, and repaints without a layout when the new content takes the very
    size the widget has."""

    _shown: object = _UNSET

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        if self._shown is not _UNSET and content == self._shown:
            return
        self._shown = content
        if not layout or not self._laid_out():
            super().update(content, layout=layout)
            return
        # Textual lays the whole screen out again for any widget that asks:
        # a count or a status line changing with every key did so for nothing.
        size = self.size
        super().update(content, layout=False)
        if self._content_size(size.width) != size:
            self.refresh(layout=True)

    def _laid_out(self) -> bool:
        """Mounted, shown and given a size by a layout."""
        return self.is_mounted and self.display and bool(self.size) and self.parent is not None

    def _content_size(self, width: int) -> Size:
        """The content area the current content asks for (at ``width`` unless
        the widget's width follows its content). Compared with the size the
        widget has: a box is a function of its content's size, so an equal
        one needs no layout (a clamped size compares unequal: a layout, as before)."""
        styles = self.styles
        container = self.parent.size if isinstance(self.parent, Widget) else self.screen.size
        viewport = self.screen.size
        if styles.width is not None and styles.width.is_auto:
            width = self.get_content_width(container, viewport)
        height = self.size.height
        if styles.height is None or styles.height.is_auto:
            height = self.get_content_height(container, viewport, width)
        return Size(width, height)


class QuietLabel(Label, QuietStatic):
    """A ``Label`` (shrink-wrapped) with the same quiet :meth:`update`.

    ``Label`` comes first: Textual takes a widget's CSS type names and default
    CSS from its first base only, and this must style as a ``Label``."""
