"""The card lane lays its cards out from a line count taken on plain text;
the count must be exactly what the drawing's wrapping gives, or a card's box
would cut its text or pad it with blank lines. The wrapping is rich's, with
Japanese kinsoku: no line starts with 、。」 and the like, none ends with 「."""

from __future__ import annotations

from hypothesis import assume, example, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from mlew_tui.text_wrap import NO_END, NO_START, breaks, line_count, wrap
from mlew_tui.widgets.review_board import ReviewCardView, render_review, review_plain

CONSOLE = Console(width=200)
#: Words, spaces, newlines, CJK and emoji (double width), long unbroken runs.
PIECES = st.sampled_from(["a", "b", "cd", " ", "  ", "\n", "\t", "efghij", "日本語", "レビュー", "😀", "x" * 40, "—", "·"])
TEXT = st.lists(PIECES, max_size=60).map("".join)


@settings(max_examples=400, deadline=None)
@given(text=TEXT | st.text(max_size=80), width=st.integers(min_value=1, max_value=60))
def test_without_wide_characters_the_lines_are_rich_s(text: str, width: int) -> None:
    assume(all(cell_len(ch) < 2 for ch in text))
    rich_text = Text(text)  # rich drops control codes (a lane counts a Text's plain too)
    theirs = rich_text.wrap(CONSOLE, width, overflow="fold")
    ours = wrap(rich_text, CONSOLE, width)
    assert [line.plain for line in ours] == [line.plain for line in theirs]
    assert line_count(rich_text.plain, width) == len(theirs)


#: Japanese: runs without spaces, punctuation and brackets where kinsoku applies.
JA_PIECES = st.sampled_from(["日本語", "レビュー", "、", "。", "「", "」", "（", "）", "ッ", "ー", "a", " ", "\n", "予約が取りにくい", "😀", "—"])
JA_TEXT = st.lists(JA_PIECES, max_size=60).map("".join)


@settings(max_examples=500, deadline=None)
@given(text=JA_TEXT | TEXT, width=st.integers(min_value=2, max_value=40))
def test_wrapped_lines_fit_keep_the_text_and_match_the_count(text: str, width: int) -> None:
    rich_text = Text(text)
    lines = wrap(rich_text, CONSOLE, width)
    assert line_count(rich_text.plain, width) == len(lines)
    assert all(line.cell_len <= width for line in lines)
    # Breaks only ever drop the spaces at a line's end: nothing else is lost.
    assert _visible("".join(line.plain for line in lines)) == _visible(rich_text.plain)


def _visible(text: str) -> str:
    return "".join(ch for ch in text if not ch.isspace())


@settings(max_examples=500, deadline=None)
@given(text=JA_TEXT, width=st.integers(min_value=10, max_value=40))
def test_no_line_starts_with_closing_punctuation_inside_a_run(text: str, width: int) -> None:
    from mlew_tui.text_wrap import _units

    for part in text.split("\n"):
        units = _units(part)
        starts = {start for start, _ in units}
        for cut in breaks(part, width):
            before, after = part[cut - 1], part[cut]
            if before.isspace() or after.isspace():
                continue  # a break at a space: rich's own, nothing to fix
            if cut not in starts:
                # Inside a piece kinsoku glued together: only where the piece
                # is wider than a line and must be folded.
                piece = next(text for start, text in reversed(units) if start < cut)
                assert cell_len(piece.rstrip()) > width, (part, cut)
                continue
            assert after not in NO_START, (part, cut)
            assert before not in NO_END, (part, cut)


def test_a_japanese_line_does_not_start_with_a_full_stop() -> None:
    # rich would fold this at 10 cells and start the next line with 。
    assert [line.plain for line in wrap(Text("予約が取り。にくい"), CONSOLE, 10)] == ["予約が取", "り。にくい"]


def test_japanese_after_a_mark_starts_on_the_same_line() -> None:
    # rich moves the whole sentence (one long "word" to it) under the mark.
    lines = [line.plain for line in wrap(Text("» お客様は常に驚くほど不満"), CONSOLE, 12)]
    assert lines == ["» お客様は常", "に驚くほど不", "満"]


@settings(max_examples=300, deadline=None)
@given(text=TEXT, author=st.text(max_size=30), width=st.integers(min_value=6, max_value=60), refs=st.integers(0, 5))
@example(text="", author="0000000\t", width=6, refs=0)  # a tab: CI found it
def test_line_count_of_a_review_card(text: str, author: str, width: int, refs: int) -> None:
    card = ReviewCardView("r12", "negative", text, author, "[assumption]", "using", "using", "g1", "Group 1", refs, refs > 3)
    rendered = render_review(card)
    assert line_count(rendered.plain, width) == len(wrap(rendered, CONSOLE, width))


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
def test_a_review_card_plain_text_is_what_it_renders(
    polarity: str, text: str, author: str, assumption: str, moment_label: str, group_label: str, refs: int
) -> None:
    """The board counts lines on ``review_plain``: it must be the drawn text."""
    card = ReviewCardView("r7", polarity, text, author, assumption, "using", moment_label, "g1", group_label, refs, refs > 3)
    assert review_plain(card) == render_review(card).plain


def test_every_character_japanese_lines_may_break_between_is_two_cells_wide() -> None:
    """So a line without any of them is broken by rich alone (see above)."""
    from mlew_tui.text_wrap import WIDE_RANGES

    assert len(WIDE_RANGES) >= 10
    narrow = [hex(code) for first, last in WIDE_RANGES for code in range(first, last + 1) if cell_len(chr(code)) != 2]
    assert narrow == []


def test_the_class_table_agrees_with_its_ranges_and_with_white_space() -> None:
    """Every character of the BMP is wide (in a range), a space (``isspace``,
    which is also a regular expression's ``\\s``) or other; the table is
    built by slicing at import, so it is checked here character by character."""
    import re

    from mlew_tui.text_wrap import _CLASSES, WIDE_RANGES

    assert len(_CLASSES) == 0x10000
    wide = {code for first, last in WIDE_RANGES for code in range(first, last + 1)}
    space = re.compile(r"\s")
    for code in range(0x10000):
        char = chr(code)
        expected = "w" if code in wide else "s" if char.isspace() else "o"
        assert _CLASSES[code] == expected, hex(code)
        assert (space.match(char) is not None) == (expected == "s"), hex(code)


@settings(max_examples=300, deadline=None)
@given(
    line=st.text(
        alphabet=st.one_of(
            st.sampled_from("予約がテストabc 、。😀"),
            st.characters(min_codepoint=0x20, max_codepoint=0xFFFF, exclude_categories=("Cs", "Mn", "Me", "Cf", "Cc")),
        ),
        max_size=40,
    )
)
def test_the_cell_estimate_is_rich_s_count_for_characters_of_one_or_two_cells(line: str) -> None:
    """Exact for text whose characters rich gives one cell or two wide ones
    (kana, kanji, Latin); an emoji outside the table counts one short."""
    from mlew_tui.text_wrap import cells_estimate

    emoji = line.count("😀")
    oddly_wide = sum(1 for ch in line if ch != "😀" and cell_len(ch) != (2 if cells_estimate(ch) == 2 else 1))
    assume(oddly_wide == 0)
    assert cells_estimate(line) == cell_len(line) - emoji


#: The pieces as they were defined before the class table (a regular
#: expression over the characters themselves): the table must cut the same.
_WIDE_CLASS = "\u3001-\u3003\u3005-\u3011\u3014-\u301f\u3041-\u3096\u309b-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff\uff01-\uff60\uffe0-\uffe6"
_MIXED = st.text(
    alphabet=st.one_of(
        st.sampled_from("　 \t、。「」ー々ァっ予約がテストabc123!?😀👍🏽\u3000\xa0\u2003"),
        st.characters(min_codepoint=0x20, max_codepoint=0x2FFFF, exclude_categories=("Cs",)),
    ),
    max_size=60,
)


@settings(max_examples=400, deadline=None)
@given(line=_MIXED)
@example(line="a\u3000b c\xa0d\u2003e")
@example(line="予約　が、取り「にくい」😀 ok\tです。")
def test_pieces_from_the_class_table_match_the_regular_expression(line: str) -> None:
    import re

    from mlew_tui.text_wrap import _has_wide, _units

    oracle = re.compile(f"\\s*(?:[{_WIDE_CLASS}]|[^\\s{_WIDE_CLASS}]+)\\s*")
    pieces = [match.group() for match in oracle.finditer(line)]
    assert "".join(text for _, text in _units(line)) == "".join(pieces)
    assert _has_wide(line) == (re.search(f"[{_WIDE_CLASS}]", line) is not None)
    # without kinsoku's joins the pieces are the expression's, offsets included
    from mlew_tui import text_wrap

    plain = [(m.start(), line[m.start() : m.end()]) for m in text_wrap._UNIT.finditer(line.translate(text_wrap._CLASSES))]
    assert plain == [(m.start(), m.group()) for m in oracle.finditer(line)]


def test_plain_lines_and_the_growth_cycle_labels_break_the_same_way() -> None:
    from mlew_tui.text_wrap import wrap_plain
    from mlew_tui.widgets.growth_cycle import _label

    assert wrap_plain("1 顧客体験の改善", 14) == ["1 顧客体験の改", "善"]
    assert wrap_plain("Better customer experience", 14) == ["Better", "customer", "experience"]
    assert _label(1, "顧客体験の改善", 14) == ["1 顧客体験の改", "  善"]
    assert _label(3, "利益とデータの増加", 14) == ["3 利益とデータ", "  の増加"]
