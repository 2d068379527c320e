"""``WrappedStatic``: a text widget whose lines break the Japanese way.

Textual breaks a ``Static``'s text at spaces only, so a Japanese sentence
drops below whatever precedes it and lines start with 、 or 。. This widget
breaks its rich ``Text`` with :func:`~mlew_tui.text_wrap.wrap` (between any
two Japanese characters, with kinsoku; English as before) and hands Textual
lines that already fit. Used for the prose the room reads: the instruction
card, the customer card, the PR/FAQ.
"""

from __future__ import annotations

from rich.text import Text
from textual.geometry import Size
from textual.visual import VisualType

from ..text_wrap import wrap
from .quiet import QuietStatic


class WrappedStatic(QuietStatic):
    """A :class:`QuietStatic` that breaks a ``Text`` content itself (other
    content is left to Textual)."""

    _text: Text | None = None

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        self._text = content if isinstance(content, Text) else None
        super().update(content, layout=layout)

    def render(self) -> VisualType:  # type: ignore[override]
        if self._text is None:
            return super().render()
        return Text("\n").join(wrap(self._text, self.app.console, max(1, self.content_size.width)))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if self._text is None:
            return super().get_content_height(container, viewport, width)
        return len(wrap(self._text, self.app.console, max(1, width)))
