"""``InstructionCard``: what to do now, who leads, the mode, the prompt the
facilitator reads, and - where the deck shows them - the three behaviours."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text

from .wrapped import WrappedStatic


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
    #: The step's planned minutes, marked when the deck does not print them ("~10 min (est.)").
    minutes: str = ""


class InstructionCard(WrappedStatic):
    """The step's card; its Japanese prompts break the Japanese way."""

    def show(self, view: InstructionView) -> None:
        text = Text()
        text.append(view.title + "\n", style="bold")
        if view.question:
            text.append(view.question + "\n", style="italic")
        text.append("  ·  ".join(part for part in (view.mode, view.lead, view.minutes) if part) + "\n\n", style="bold")
        text.append(view.what + "\n")
        if view.prompt:
            text.append("\n» " + view.prompt + "\n", style="italic")
        for line in view.behaviours:
            text.append("\n• " + line)
        if view.tip:
            text.append("\n\n" + view.tip, style="dim")
        self.update(text)
