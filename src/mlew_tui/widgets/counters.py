"""``ReviewCounters``: the live counts above the review board.

The room's total against the minimum and its share of assumptions, then every
person's positive and negative reviews - the deck asks for balance - with
whoever is at the keyboard highlighted. Problems are flagged with a word and
a sign, not only colour.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.text import Text

from .quiet import QuietStatic


@dataclass(frozen=True)
class PersonTally:
    name: str
    positive: int
    negative: int
    balanced: bool
    current: bool


@dataclass(frozen=True)
class CountersView:
    total: int
    minimum: int
    enough: bool
    assumptions: int
    percent: int
    too_many_assumptions: bool
    persons: Sequence[PersonTally]


class ReviewCounters(QuietStatic):
    def show(self, view: CountersView, tr: Callable[..., str]) -> None:
        text = Text()
        text.append(tr("ld.counters.room", total=view.total, minimum=view.minimum), style="bold")
        text.append(
            " ✓" if view.enough else " ⚠ " + tr("ld.counters.too_few", missing=view.minimum - view.total), style="green" if view.enough else "bold yellow"
        )
        text.append("   ")
        text.append(tr("ld.counters.assumptions", n=view.assumptions, percent=view.percent))
        if view.too_many_assumptions:
            text.append(" ⚠ " + tr("ld.counters.too_many_assumptions"), style="bold yellow")
        text.append("\n")
        for index, person in enumerate(view.persons):
            if index:
                text.append("  ")
            style = "reverse bold" if person.current else ""
            text.append(person.name, style=style)  # a participant's name: literal
            text.append(f" +{person.positive}/−{person.negative}", style=style)
            if not person.balanced:
                text.append(" ⚖", style="bold yellow")
        if any(not p.balanced for p in view.persons):
            text.append("   ⚖ " + tr("ld.counters.unbalanced"), style="yellow")
        self.update(text)
