"""The card lane lays its cards out from a line count taken on plain text;
the count must be exactly what rich's wrapping (used to draw) gives, or a
card's box would cut its text or pad it with blank lines."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text

from mlew_tui.widgets.card_lane import line_count
from mlew_tui.widgets.review_board import ReviewCardView, render_review, review_plain

CONSOLE = Console(width=200)
#: Words, spaces, newlines, CJK and emoji (double width), long unbroken runs.
PIECES = st.sampled_from(["a", "b", "cd", " ", "  ", "\n", "\t", "efghij", "日本語", "レビュー", "😀", "x" * 40, "—", "·"])
TEXT = st.lists(PIECES, max_size=60).map("".join)


@settings(max_examples=400, deadline=None)
@given(text=TEXT | st.text(max_size=80), width=st.integers(min_value=1, max_value=60))
def test_line_count_is_what_rich_wraps(text: str, width: int) -> None:
    rich_text = Text(text)  # rich drops control codes (a lane counts a Text's plain too)
    assert line_count(rich_text.plain, width) == len(rich_text.wrap(CONSOLE, width, overflow="fold"))


@settings(max_examples=300, deadline=None)
@given(text=TEXT, author=st.text(max_size=30), width=st.integers(min_value=6, max_value=60), refs=st.integers(0, 5))
@example(text="", author="0000000\t", width=6, refs=0)  # a tab: CI found it
def test_line_count_of_a_review_card(text: str, author: str, width: int, refs: int) -> None:
    card = ReviewCardView("r12", "negative", text, author, "[assumption]", "using", "using", "g1", "Group 1", refs, refs > 3)
    rendered = render_review(card)
    assert line_count(rendered.plain, width) == len(rendered.wrap(CONSOLE, width, overflow="fold"))


#: Any text a card may carry: control codes and pictures, tabs, CJK, emoji.
ANY = TEXT | st.text(max_size=40)


@settings(max_examples=400, deadline=None)
@given(
    polarity=st.sampled_from(["positive", "negative"]),
    text=ANY,
    author=ANY,
    assumption=st.sampled_from(["", "[assumption]", "[仮説]"]),
    moment_label=st.sampled_from(["", "using", "利用中"]) | ANY,
    group_label=st.sampled_from(["", "Group 1"]) | ANY,
    refs=st.integers(0, 5),
)
def test_a_review_card_plain_text_is_what_it_renders(polarity: str, text: str, author: str, assumption: str, moment_label: str, group_label: str, refs: int) -> None:
    """The board counts lines on ``review_plain``: it must be the drawn text."""
    card = ReviewCardView("r7", polarity, text, author, assumption, "using", moment_label, "g1", group_label, refs, refs > 3)
    assert review_plain(card) == render_review(card).plain
