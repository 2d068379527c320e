"""What the intro teaches before Listen, in the UI language: Working Backwards
and its five processes, the PR/FAQ, and the three behaviours - the deck's
words, shortened for the screen. Pure functions of a translator (and the
step); the setup screen shows them above the prerequisites."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text

from ..domain import agenda

Tr = Callable[..., str]

#: The five Working Backwards processes, in the deck's order (Day 1's phases).
PROCESSES: tuple[agenda.Phase, ...] = (
    agenda.Phase.LISTEN,
    agenda.Phase.DEFINE,
    agenda.Phase.INVENT,
    agenda.Phase.REFINE,
    agenda.Phase.TEST_ITERATE,
)


def working_backwards(tr: Tr) -> Text:
    """Start from the moment the customer has it and work backwards; the five processes with their questions."""
    text = Text(tr("intro.wb.text") + "\n")
    for n, phase in enumerate(PROCESSES, start=1):
        text.append("\n" + tr("intro.process", n=n, phase=tr(f"phase.{phase}.title"), question=tr(f"phase.{phase}.question")))
    return text


def pr_faq(tr: Tr) -> Text:
    """The press release and the FAQ, written before anything is built, and what Day 1 writes of them."""
    text = Text()
    for n, part in enumerate(("pr", "faq")):
        if n:
            text.append("\n")
        text.append(tr(f"intro.prfaq.{part}.name"), style="bold")
        text.append(tr(f"intro.prfaq.{part}.text"))
    text.append("\n\n" + tr("intro.prfaq.today"))
    return text


def behaviours(step: agenda.Step, tr: Tr) -> Text:
    """The three behaviours the deck asks for, where the step shows them (the intro)."""
    text = Text()
    if not step.shows_behaviours:
        return text
    for n, name in enumerate(agenda.BEHAVIOURS, start=1):
        if n > 1:
            text.append("\n")
        text.append(tr("intro.behaviour", n=n, title=tr(f"behaviour.{name}.title")) + "\n", style="bold")
        text.append(tr(f"behaviour.{name}.text"))
    return text
