"""``PostBoard``: the imagined SNS posts of Define, by stance, on a :class:`CardBoard`.

Two columns - will use again (次も使う) and won't use (使わない) - of keyed
cards showing the author, the text literally and what the post cites.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rich.text import Text

from .card_board import Band, BoardLayout, CardBoard, Lane

STANCES: tuple[str, ...] = ("continue", "quit")


@dataclass(frozen=True)
class PostCardView:
    id: str
    stance: str  # continue | quit
    author: str
    text: str
    refs: tuple[str, ...]  # short names of what it cites, in the UI language


def render_post(card: PostCardView) -> Text:
    text = Text()
    text.append(card.id + " ", style="dim")
    text.append(card.author, style="bold")
    text.append("\n")
    text.append(card.text)
    if card.refs:
        text.append("\n→ ", style="bold")
        text.append(" · ".join(card.refs), style="bold")
    return text


def post_classes(card: PostCardView) -> str:
    return f"-{card.stance}"


class PostBoard(CardBoard):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(render_post, post_classes, id=id, classes="post-board")


def posts_layout(cards: Sequence[PostCardView], titles: Mapping[str, Text], empty: Text = Text()) -> BoardLayout:
    bands = tuple(Band(s, titles[s], (Lane("all", tuple(c.id for c in cards if c.stance == s)),), f"-{s}") for s in STANCES)
    return BoardLayout(bands, "columns", False, empty)
