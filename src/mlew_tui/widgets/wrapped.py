"""``WrappedStatic``: a text widget whose lines break the Japanese way.

Textual breaks a ``Static``'s text at spaces only, so a Japanese sentence
drops below whatever precedes it and lines start with 、 or 。. This widget
breaks its rich ``Text`` with :func:`~mlew_tui.text_wrap.wrap` (between any
two Japanese characters, with kinsoku; English as before) and hands Textual
lines that already fit. Used for the prose the room reads: the instruction
card, the customer card, the PR/FAQ.
"""

from __future__ import annotations

from rich.containers import Lines
from rich.text import Text
from textual.geometry import Size
from textual.visual import VisualType

from ..text_wrap import wrap
from .quiet import QuietStatic


class WrappedStatic(QuietStatic):
    """A :class:`QuietStatic` that breaks a ``Text`` content itself (other
    content is left to Textual)."""

    _text: Text | None = None
    #: The text's lines at the width they were last broken for: layout asks
    #: for the height and painting for the lines, at the same width.
    _lines: tuple[int, Lines] | None = None

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        self._text = content if isinstance(content, Text) else None
        self._lines = None
        super().update(content, layout=layout)

    def _broken(self, text: Text, width: int) -> Lines:
        width = max(1, width)
        if self._lines is None or self._lines[0] != width:
            self._lines = (width, wrap(text, self.app.console, width))
        return self._lines[1]

    def render(self) -> VisualType:
        if self._text is None:
            return super().render()
        return Text("\n").join(self._broken(self._text, self.content_size.width))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if self._text is None:
            return super().get_content_height(container, viewport, width)
        return len(self._broken(self._text, width))
