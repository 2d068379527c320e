"""``ItemBoard``: issues (課題) and strengths (強み) side by side, on a :class:`CardBoard`.

Each card shows the owner's points and, beside them, the engine's suggestion
from the +1 counts, the title literally, the owner, the linked reviews and a
warning in words when the links do not fit the kind.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rich.text import Text

from .card_board import Band, BoardLayout, CardBoard, Lane

KINDS: tuple[str, ...] = ("issue", "strength")


@dataclass(frozen=True)
class ItemCardView:
    id: str
    kind: str  # issue | strength
    title: str
    points: str  # "5 pt", in the UI language
    suggestion: str  # "suggested 3 · +7", in the UI language
    differs: bool  # the owner's points are not the suggestion
    owner: str  # "Owner: Priya Raman"
    reviews: str  # "r1 r4 r6"
    warning: str  # "" or the warning in words


def render_item(card: ItemCardView) -> Text:
    text = Text()
    text.append(card.id + "  ", style="dim")
    text.append(f" {card.points} ", style="bold reverse")
    text.append("  ")
    text.append(card.suggestion, style="bold yellow" if card.differs else "dim")
    text.append("\n")
    text.append(card.title, style="bold")
    meta = Text("\n", style="dim")
    meta.append(card.owner)
    if card.reviews:
        meta.append(" · " + card.reviews)
    text.append_text(meta)
    if card.warning:
        text.append("\n⚠ " + card.warning, style="bold yellow")
    return text


def item_classes(card: ItemCardView) -> str:
    return f"-{card.kind}" + (" -warning" if card.warning else "")


class ItemBoard(CardBoard):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(render_item, item_classes, id=id, classes="item-board")


def items_layout(cards: Sequence[ItemCardView], titles: Mapping[str, Text], empty: Text = Text()) -> BoardLayout:
    bands = tuple(Band(k, titles[k], (Lane("all", tuple(c.id for c in cards if c.kind == k)),), f"-{k}") for k in KINDS)
    return BoardLayout(bands, "columns", False, empty)
