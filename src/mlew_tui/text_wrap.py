"""Line breaking for text in Japanese and English: rich's breaker, taught Japanese.

rich breaks lines at spaces only, as English needs. Japanese has no spaces:
rich takes a whole sentence for one long word, moves it to a line of its own
(a card's ``- r4`` or a prompt's ``»`` then stand alone above it) and folds
it at exactly the width, so a line may start with 、 or 。 or a closing
bracket and end with an opening one - broken typesetting to a Japanese
reader. Here a line holding wide (CJK) characters may also break between any
two of them, except before 、。」 and the like or after 「 (kinsoku: the
character goes down with its neighbour). A line without wide characters
breaks exactly where rich breaks it.

:func:`wrap` draws a rich ``Text``; :func:`line_count` counts the lines of its
plain text (a card lane lays out hundreds of cards from it). Both use
:func:`breaks`, so a card's box always fits what is drawn in it.
"""

from __future__ import annotations

import re
from itertools import pairwise

from rich._loop import loop_last
from rich._wrap import divide_line
from rich.cells import cell_len, chop_cells
from rich.console import Console
from rich.containers import Lines
from rich.text import Text

#: Characters a line must not start with (gyoto kinsoku): closing punctuation
#: and brackets, small kana, the prolonged sound mark.
NO_START = frozenset("、。，．・：；？！ー々ゝゞヽヾ）」』】〕〉》］｝〙〗〟｠’”ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ")
#: Characters a line must not end with (gyomatsu kinsoku): opening brackets.
NO_END = frozenset("（「『【〔〈《［｛〘〖〝｟‘“")
TAB_SIZE = 8  # what Text.wrap expands tabs to


#: Japanese, Chinese and Korean characters a line may break between: kana,
#: ideographs, CJK punctuation, fullwidth forms, Hangul - every one of them
#: two cells wide to rich (tested), so a line without them is rich's alone.
WIDE_RANGES = (
    (0x3001, 0x3003),
    (0x3005, 0x3011),
    (0x3014, 0x301F),
    (0x3041, 0x3096),
    (0x309B, 0x30FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xAC00, 0xD7A3),
    (0xF900, 0xFAFF),
    (0xFF01, 0xFF60),
    (0xFFE0, 0xFFE6),
)
#: What ``str.isspace`` (and a regular expression's ``\s``) calls white space.
SPACES = "\t\n\v\f\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"


def _classes() -> str:
    """A translation table for ``str.translate``: each character of the
    Basic Multilingual Plane to ``w`` (wide), ``s`` (space) or ``o`` (other);
    characters beyond it (emoji) stay as they are, which counts as other.
    Built by slicing, not with a regular expression over the ranges: compiling
    ``[\u4e00-\u9fff...]`` fills a map of 65,536 characters in Python, which
    cost 15 ms of every launch."""
    table = bytearray(b"o" * 0x10000)
    for low, high in WIDE_RANGES:
        table[low : high + 1] = b"w" * (high - low + 1)
    for space in SPACES:
        table[ord(space)] = ord("s")
    return table.decode("latin-1")


_CLASSES = _classes()
#: A piece a line may break before, over a line's classes: one wide
#: character, or a run of other non-space characters; with the spaces after
#: it (the first piece also with those before it).
_UNIT = re.compile("s*(?:w|[^sw]+)s*")


def _has_wide(line: str) -> bool:
    # Every wide character is at or after U+3001: most lines are decided by max().
    return max(line, default="") >= "\u3001" and "w" in line.translate(_CLASSES)


def cells_estimate(text: str) -> int:
    """The cells ``text`` takes, from the class table alone: a wide character
    two, anything else one (so an emoji or a combining mark is one off): for
    estimates, a fraction of the cost of rich's ``cell_len``."""
    if text.isascii():
        return len(text)
    return len(text) + text.translate(_CLASSES).count("w")


def breaks(line: str, width: int) -> list[int]:
    """Where to break one line (no newline, tabs expanded) to fit ``width``
    cells (character offsets, as rich's ``divide_line`` gives them)."""
    if cell_len(line) <= width:
        return []
    if not _has_wide(line):
        return divide_line(line, width, fold=True)
    return _greedy(_units(line), width)


def _units(line: str) -> list[tuple[int, str]]:
    """(offset, text) of each piece of ``line`` (see ``_UNIT``); pieces that
    kinsoku keeps together are joined."""
    units: list[tuple[int, str]] = []
    for match in _UNIT.finditer(line.translate(_CLASSES)):
        text = line[match.start() : match.end()]
        if units and not units[-1][1][-1].isspace() and (text[0] in NO_START or units[-1][1][-1] in NO_END):
            units[-1] = (units[-1][0], units[-1][1] + text)
        else:
            units.append((match.start(), text))
    return units


def _greedy(units: list[tuple[int, str]], width: int) -> list[int]:
    """rich's ``divide_line``, over :func:`_units` instead of words."""
    result: list[int] = []
    offset = 0
    for start, text in units:
        length = cell_len(text.rstrip())
        if width - offset >= length:
            offset += cell_len(text)
        elif length > width:  # longer than a line: folded, as rich does
            for last, piece in loop_last(chop_cells(text, width)):
                if start:
                    result.append(start)
                if last:
                    offset = cell_len(piece)
                else:
                    start += len(piece)
        elif offset and start:
            result.append(start)
            offset = cell_len(text)
    return result


def _expanded(line: str) -> str:
    if "\t" not in line:
        return line
    text = Text(line)
    text.expand_tabs(TAB_SIZE)
    return text.plain


def line_count(plain: str, width: int) -> int:
    """How many lines :func:`wrap` makes of a text whose plain form is ``plain``."""
    return sum(len(breaks(_expanded(part), width)) + 1 for part in plain.split("\n"))


def wrap_plain(text: str, width: int) -> list[str]:
    """Plain ``text`` in lines of at most ``width`` cells, broken as
    :func:`wrap` breaks it, without the spaces at their ends."""
    lines: list[str] = []
    for part in text.split("\n"):
        part = _expanded(part)
        cuts = [0, *breaks(part, width), len(part)]
        lines.extend(part[start:end].rstrip() for start, end in pairwise(cuts))
    return lines


def wrap(text: Text, console: Console, width: int) -> Lines:
    """``text`` in lines of at most ``width`` cells: rich's
    ``Text.wrap(console, width, overflow="fold")`` with :func:`breaks` for
    the breaks."""
    lines = Lines()
    for line in text.split(allow_blank=True):
        if "\t" in line.plain:
            line.expand_tabs(TAB_SIZE)
        new_lines = line.divide(breaks(line.plain, width))
        for new_line in new_lines:
            new_line.rstrip_end(width)
        new_lines.justify(console, width, justify=text.justify or "default", overflow="fold")
        for new_line in new_lines:
            new_line.truncate(width, overflow="fold")
        lines.extend(new_lines)
    return lines
