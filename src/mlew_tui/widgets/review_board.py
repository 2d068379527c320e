"""``ReviewBoard``: the sticky notes of Listen, negative and positive side by side.

Cards are keyed by review id and updated in place: adding one review mounts
one card, so a board of 300 stays quick. Every card shows the text literally,
its author, an assumption mark (words, not only colour), its group and its
reference count once posts cite it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Label, Static


@dataclass(frozen=True)
class CardView:
    id: str
    text: str
    polarity: str  # positive | negative
    author: str
    assumption_mark: str  # "" for facts, e.g. "[assumption]" otherwise
    group: str
    references: int
    hot: bool  # among the most referenced


def _render(card: CardView) -> Text:
    text = Text()
    text.append(card.id + " ", style="dim")
    if card.assumption_mark:
        text.append(card.assumption_mark + " ", style="bold yellow")
    text.append(card.text)
    meta = Text(style="dim")
    meta.append(f"\n— {card.author}")
    if card.group:
        meta.append(f" · {card.group}")
    if card.references:
        meta.append(f" · +{card.references}", style="bold" if card.hot else "")
    text.append_text(meta)
    return text


class ReviewCard(Static):
    def __init__(self, card: CardView) -> None:
        super().__init__(_render(card), id=f"card-{card.id}", classes=f"card -{card.polarity}")
        self.card = card

    def show(self, card: CardView) -> None:
        if card != self.card:
            self.card = card
            self.update(_render(card))
        self.set_class(card.hot, "-hot")
        self.set_class(bool(card.assumption_mark), "-assumption")


class ReviewBoard(Horizontal):
    def __init__(self, headings: tuple[str, str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._headings = headings

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="negative", classes="column"):
            yield Label(self._headings[0], classes="column-title", id="negative-title")
        with VerticalScroll(id="positive", classes="column"):
            yield Label(self._headings[1], classes="column-title", id="positive-title")

    def set_headings(self, negative: str, positive: str) -> None:
        self.query_one("#negative-title", Label).update(negative)
        self.query_one("#positive-title", Label).update(positive)

    def show(self, cards: Sequence[CardView]) -> None:
        """Make the board show exactly ``cards``, touching only what changed."""
        by_id = {card.id: card for card in cards}
        existing: dict[str, ReviewCard] = {}
        for widget in list(self.query(ReviewCard)):
            card = by_id.get(widget.card.id)
            if card is None or card.polarity != widget.card.polarity:
                widget.remove()
            else:
                existing[card.id] = widget
        for card in cards:
            widget = existing.get(card.id)
            if widget is None:
                widget = ReviewCard(card)
                widget.show(card)
                self.query_one(f"#{card.polarity}", VerticalScroll).mount(widget)
            else:
                widget.show(card)
