"""``InstructionCard``: what to do now, who leads, the mode, the prompt the
facilitator reads, and - where the deck shows them - the three behaviours."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.geometry import Size
from textual.visual import VisualType

from ..text_wrap import wrap
from .quiet import QuietStatic


@dataclass(frozen=True)
class InstructionView:
    """The card's text, already in the UI language (user text is never markup)."""

    title: str
    question: str
    what: str
    lead: str
    mode: str
    prompt: str
    behaviours: tuple[str, ...] = ()
    tip: str = ""


class InstructionCard(QuietStatic):
    """The card's lines are broken by :func:`~mlew_tui.text_wrap.wrap` (the
    Japanese prompts keep 、 and 。 off the start of a line), then handed to
    Textual already fitting the width."""

    _text = Text()

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        if isinstance(content, Text):
            self._text = content
        super().update(content, layout=layout)

    def _lines(self, width: int) -> Text:
        return Text("\n").join(wrap(self._text, self.app.console, max(1, width)))

    def render(self) -> Text:  # type: ignore[override]
        return self._lines(self.content_size.width)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(wrap(self._text, self.app.console, max(1, width)))

    def show(self, view: InstructionView) -> None:
        text = Text()
        text.append(view.title + "\n", style="bold")
        if view.question:
            text.append(view.question + "\n", style="italic")
        text.append(f"{view.mode}  ·  {view.lead}\n\n", style="bold")
        text.append(view.what + "\n")
        if view.prompt:
            text.append("\n» " + view.prompt + "\n", style="italic")
        for line in view.behaviours:
            text.append("\n• " + line)
        if view.tip:
            text.append("\n\n" + view.tip, style="dim")
        self.update(text)
