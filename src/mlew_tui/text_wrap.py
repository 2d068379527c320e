"""Line breaking for the text on cards: rich's breaker, plus Japanese kinsoku.

rich folds a run of Japanese text (no spaces to break at) at exactly the
card's width, so a line may start with 、 or 。 or a closing bracket, and end
with an opening one - which Japanese readers see as broken typesetting. Here a
break that falls inside such a run moves back by a character or two (the
characters before it go down with it: oidashi), as Japanese line breaking
does. Where there is nothing to fix, the breaks are exactly rich's.

:func:`wrap` draws a card's rich ``Text``; :func:`line_count` counts the lines
of its plain text for the layout. Both use :func:`breaks`, so a card's box
always fits what is drawn in it.
"""

from __future__ import annotations

from rich._wrap import divide_line
from rich.cells import cell_len
from rich.console import Console
from rich.containers import Lines
from rich.text import Text

#: Characters a line must not start with (gyoto kinsoku): closing punctuation
#: and brackets, small kana, the prolonged sound mark.
NO_START = frozenset("、。，．・：；？！ー々ゝゞヽヾ）」』】〕〉》］｝〙〗〟｠’”ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ")
#: Characters a line must not end with (gyomatsu kinsoku): opening brackets.
NO_END = frozenset("（「『【〔〈《［｛〘〖〝｟‘“")
#: How far back a break may move before the rule gives way (a run of
#: punctuation longer than this breaks where rich breaks it).
MAX_SHIFT = 3
TAB_SIZE = 8  # what Text.wrap expands tabs to


def breaks(line: str, width: int) -> list[int]:
    """Where to break one line (no newline, tabs expanded) to fit ``width``
    cells: rich's ``divide_line`` offsets, moved back where they would break
    a kinsoku rule."""
    if cell_len(line) <= width:
        return []
    offsets = divide_line(line, width, fold=True)
    first = next((i for i, cut in enumerate(offsets) if _breaks_rule(line, cut)), None)
    if first is None:
        return offsets  # the usual case: rich's breaks are right
    # From the first break that is wrong on, each line is laid again from
    # where the one before it now ends.
    result = offsets[:first]
    start = result[-1] if result else 0
    while True:
        rest = divide_line(line[start:], width, fold=True)
        if not rest:
            return result
        start = _kinsoku(line, start, start + rest[0])
        result.append(start)


def _breaks_rule(line: str, cut: int) -> bool:
    before, after = line[cut - 1], line[cut]
    return not (before.isspace() or after.isspace()) and (after in NO_START or before in NO_END)


def _kinsoku(line: str, start: int, cut: int) -> int:
    """Move a break at ``cut`` back, by at most :data:`MAX_SHIFT` characters,
    until it breaks no rule (a break at a space is rich's and fine), never
    leaving the line before it empty. Where no such place is near, the break
    stays where rich put it."""
    for shifted in range(cut, max(start, cut - MAX_SHIFT - 1), -1):
        if shifted > start and not _breaks_rule(line, shifted):
            return shifted
    return cut


def _expanded(line: str) -> str:
    if "\t" not in line:
        return line
    text = Text(line)
    text.expand_tabs(TAB_SIZE)
    return text.plain


def line_count(plain: str, width: int) -> int:
    """How many lines :func:`wrap` makes of a text whose plain form is ``plain``."""
    return sum(len(breaks(_expanded(part), width)) + 1 for part in plain.split("\n"))


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
