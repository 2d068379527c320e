"""``InstructionCard``: what to do now, who leads, the mode and the prompt the
facilitator reads. (The intro's work area shows the three behaviours; the
facilitator's tips have a panel of their own, ``TipsPanel``.)"""

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
        self.update(text)
