"""``TipsPanel``: the facilitator's tips for the current step.

The tips come from the organizer guides (WORKSHOP.md, facilitator tips): they
are for the facilitator, so the panel stays hidden until asked for (``t`` or
the palette) and then follows the room from step to step. Whether it shows is
a view setting of the app, never written to the session file.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.containers import Lines
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll

from ..text_wrap import wrap
from .wrapped import WrappedStatic

BULLET = "• "
#: A tip's further lines start under its first word, not under the bullet.
INDENT = " " * len(BULLET)


@dataclass(frozen=True)
class TipsView:
    """The panel's text, already in the UI language."""

    heading: str
    #: How to hide the panel again ("t hides").
    hint: str
    tips: tuple[str, ...] = ()


class TipsText(WrappedStatic):
    """The tips, one bullet each, a tip's further lines indented under its first."""

    tips: tuple[str, ...] = ()

    def _broken(self, text: Text, width: int) -> Lines:
        width = max(len(BULLET) + 1, width)
        if self._lines is None or self._lines[0] != width:
            lines = Lines()
            for tip in self.tips:
                for n, line in enumerate(wrap(Text(tip), self.app.console, width - len(BULLET))):
                    lines.append(Text(BULLET if n == 0 else INDENT) + line)
            self._lines = (width, lines)
        return self._lines[1]


class TipsPanel(VerticalScroll, can_focus=False):
    """A bordered box above the key bar: the heading in its border, one tip a bullet."""

    _text: Text = Text()  # replaced, never changed in place

    DEFAULT_CSS = """
    TipsPanel {
        display: none;
        height: auto;
        max-height: 45%;
        border: round $warning;
        border-title-color: $warning;
        border-title-style: bold;
        border-subtitle-color: $text-muted;
        padding: 0 1;
    }

    TipsPanel.-shown {
        display: block;
    }
    """

    def compose(self) -> ComposeResult:
        # Built when the tips are first shown: every screen has the panel,
        # hidden, and its text would only cost the first frame.
        return iter(())

    @property
    def text(self) -> Text:
        """What the panel says below its heading, one bullet a tip (unbroken)."""
        return self._text

    def show(self, view: TipsView) -> None:
        self.border_title = view.heading
        self.border_subtitle = view.hint
        self._text = Text("\n").join(Text(BULLET + tip) for tip in view.tips)
        shown = self.query_one_optional(TipsText)
        if shown is None:
            shown = TipsText(id="tips-text")
            self.mount(shown)
        shown.tips = view.tips
        shown.update(self._text)

    def set_shown(self, shown: bool) -> None:
        self.set_class(shown, "-shown")
