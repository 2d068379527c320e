"""``StepsList``: the numbered steps a customer takes to use the feature.

A step whose feasibility is uncertain is shown in red *and* with a text marker
(the deck's 赤字, never colour alone). Keys are those of
:class:`~mlew_tui.widgets.entry_list.EntryList`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text

from .entry_list import EntryList
from .faq_list import UNCERTAIN_STYLE


@dataclass(frozen=True)
class StepView:
    text: str
    uncertain: bool


def step_prompt(n: int, step: StepView, marker: str) -> Text:
    text = Text()
    text.append(f"{n:>2}. ", style="bold")
    if step.uncertain:
        text.append(marker + " ", style=f"{UNCERTAIN_STYLE} reverse")
        text.append(step.text, style=UNCERTAIN_STYLE)
    else:
        text.append(step.text)
    return text


class StepsList(EntryList):
    """The developer's numbered steps."""

    def show_steps(self, steps: Sequence[StepView], marker: str, empty: str) -> None:
        self.show([step_prompt(n, s, marker) for n, s in enumerate(steps, start=1)], Text(empty, style="italic"))
