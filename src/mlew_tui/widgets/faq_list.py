"""``FaqList``: the questions and answers of an FAQ, each answer possibly uncertain.

An uncertain answer is shown in red *and* with a text marker (never colour
alone). Keys are those of :class:`~mlew_tui.widgets.entry_list.EntryList`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text

from .entry_list import EntryList

UNCERTAIN_STYLE = "bold red"


@dataclass(frozen=True)
class FaqView:
    q: str
    a: str
    uncertain: bool


@dataclass(frozen=True)
class FaqLabels:
    """Catalog texts: ``question`` with ``{n}`` (``Q1.``), ``answer`` (``A:``),
    the uncertain ``marker``, ``no_answer`` and ``empty`` (no questions yet)."""

    question: str
    answer: str
    marker: str
    no_answer: str
    empty: str


def faq_prompt(n: int, faq: FaqView, labels: FaqLabels) -> Text:
    text = Text()
    text.append(labels.question.format(n=n) + " ", style="bold")
    text.append(faq.q or "…", style="bold")
    text.append("\n   " + labels.answer + " ", style="dim")
    if faq.uncertain:
        text.append(labels.marker + " ", style=f"{UNCERTAIN_STYLE} reverse")
    if faq.a.strip():
        text.append(faq.a.strip(), style=UNCERTAIN_STYLE if faq.uncertain else "")
    else:
        text.append(labels.no_answer, style="italic yellow")
    return text


class FaqList(EntryList):
    """The internal or the customer FAQ."""

    def show_faqs(self, faqs: Sequence[FaqView], labels: FaqLabels) -> None:
        self.show([faq_prompt(n, f, labels) for n, f in enumerate(faqs, start=1)], Text(labels.empty, style="italic"))
