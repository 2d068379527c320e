"""``ReviewBoard``: the sticky notes of Listen on a :class:`CardBoard`.

Three views of the same keyed cards: a positive row and a negative row; the
same rows split by journey moment (signing up / using / after use / not
said); and one band per group. Every card shows its polarity sign, the text
literally, its author, an assumption mark in words (not only colour), its
moment, its group and - once posts cite it - its reference count, the most
referenced marked with a star and a heavy border.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rich.control import strip_control_codes
from rich.text import Text

from .card_board import Band, BoardLayout, CardBoard, Lane

VIEWS: tuple[str, ...] = ("polarity", "moment", "group")
POLARITIES: tuple[str, ...] = ("positive", "negative")
MOMENTS: tuple[str, ...] = ("signup", "using", "after", "")


@dataclass(frozen=True)
class ReviewCardView:
    id: str
    polarity: str  # positive | negative
    text: str
    author: str
    assumption: str  # the mark in words ("[assumption]"), "" for a fact
    moment: str  # signup | using | after | ""
    moment_label: str
    group: str  # group id, "" when ungrouped
    group_label: str
    references: int
    hot: bool  # among the most referenced


def review_title(card: ReviewCardView) -> str:
    """The card's top edge: polarity sign (not colour alone), id and the
    assumption mark in words; the card's text then has its first line to
    itself."""
    sign = "+" if card.polarity == "positive" else "−"
    return f"{sign} {card.id} {card.assumption}".rstrip()


def render_review(card: ReviewCardView) -> Text:
    text = Text(card.text)
    meta = Text(style="dim")
    meta.append("\n— ")
    meta.append(card.author)
    if card.moment_label:
        meta.append(" · ")
        meta.append(card.moment_label)
    if card.group_label:
        meta.append(" · ")
        meta.append(card.group_label, style="italic")
    text.append_text(meta)
    if card.references:
        text.append(f"  {'★ ' if card.hot else ''}+{card.references}", style="bold reverse" if card.hot else "bold")
    return text


def review_plain(card: ReviewCardView) -> str:
    """``render_review(card).plain``, built as a string (a board lays out 300
    cards from their plain text; rich drops control codes as it appends)."""
    meta = "\n— " + card.author
    if card.moment_label:
        meta += " · " + card.moment_label
    if card.group_label:
        meta += " · " + card.group_label
    tail = f"  {'★ ' if card.hot else ''}+{card.references}" if card.references else ""
    plain = card.text + meta + tail
    # rich drops BEL, BS, VT, FF and CR; a session's text holds none (the store
    # reads control characters as pictures), and translating every card
    # character by character took 7 µs a card (20 ms of a 3,000-review board).
    if "\r" in plain or "\x07" in plain or "\x08" in plain or "\x0b" in plain or "\x0c" in plain:
        return strip_control_codes(plain)
    return plain


def review_classes(card: ReviewCardView) -> str:
    classes = f"-{card.polarity}"
    if card.assumption:
        classes += " -assumption"
    if card.hot:
        classes += " -hot"
    return classes


class ReviewBoard(CardBoard):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(render_review, review_classes, plain=review_plain, card_title=review_title, id=id, classes="review-board")


def by_polarity(cards: Sequence[ReviewCardView], titles: Mapping[str, Text], empty: Text = Text()) -> BoardLayout:
    """A positive row and a negative row, cards flowing in a grid."""
    bands = tuple(Band(p, titles[p], (Lane("all", tuple(c.id for c in cards if c.polarity == p)),), f"-{p}") for p in POLARITIES)
    return BoardLayout(bands, "rows", True, empty)


def by_moment(cards: Sequence[ReviewCardView], titles: Mapping[str, Text], moments: Mapping[str, str], empty: Text = Text()) -> BoardLayout:
    """The two rows split into one column per journey moment."""
    bands = tuple(
        Band(
            p,
            titles[p],
            tuple(Lane(m or "none", tuple(c.id for c in cards if c.polarity == p and c.moment == m), moments[m]) for m in MOMENTS),
            f"-{p}",
        )
        for p in POLARITIES
    )
    return BoardLayout(bands, "rows", False, empty)


@dataclass(frozen=True)
class GroupHeading:
    id: str
    title: Text
    hot: bool = False


def by_group(cards: Sequence[ReviewCardView], groups: Sequence[GroupHeading], ungrouped: Text, empty: Text = Text()) -> BoardLayout:
    """One band per group (in the groups' order), then the ungrouped reviews."""
    members: dict[str, list[str]] = {g.id: [] for g in groups}
    loose: list[str] = []
    for card in cards:
        members.get(card.group, loose).append(card.id)
    bands = [Band(f"g:{g.id}", g.title, (Lane("all", tuple(members[g.id])),), "-group -hot" if g.hot else "-group") for g in groups]
    bands.append(Band("ungrouped", ungrouped, (Lane("all", tuple(loose)),), "-ungrouped"))
    return BoardLayout(tuple(bands), "stack", True, empty)
