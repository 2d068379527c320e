"""Markdown building blocks: escaping user text, tables, hard line breaks.

User text never becomes Markdown syntax: characters that GitHub would read as
emphasis, links, HTML or table borders are escaped, and a line that would
start a heading, list or quote is defused. Multi-line text becomes one line
(:func:`inline`, for table cells and list items) or keeps its line breaks as
hard breaks (:func:`block`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..domain.refine import one_line

_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_LINE_START = re.compile(r"^(\s*)([-+=>#]|\d+[.)])")
_URL = re.compile(r"^https?://\S+$")


def esc(text: str) -> str:
    """``text`` with Markdown and HTML syntax made literal."""
    text = _SPECIAL.sub(r"\\\1", text)
    return text.replace("<", "&lt;").replace(">", "&gt;")


def _defuse(line: str) -> str:
    """Escape what would start a list, heading or quote (``1.`` -> ``1\\.``)."""

    def fix(m: re.Match[str]) -> str:
        mark = m.group(2)
        return m.group(1) + (mark[:-1] + "\\" + mark[-1] if mark[0].isdigit() else "\\" + mark)

    return _LINE_START.sub(fix, line, count=1)


def lead(text: str) -> str:
    """Escaped text that starts a block (a list item's text, a paragraph):
    a leading ``#``, ``-``, ``>``, ``1.`` ... is made literal, so user text
    never becomes a heading, a list or a quote."""
    return _defuse(text)


def heading_text(text: str) -> str:
    """Escaped text for a heading: a closing run of ``#`` is kept as text."""
    return re.sub(r"(\s)#", r"\1\\#", text) if text.rstrip().endswith("#") else text


def inline(text: str) -> str:
    """User text as one escaped line (table cells, list items, sentences)."""
    return esc(one_line(text))


def block(text: str) -> str:
    """User text as a paragraph whose line breaks are kept (hard breaks)."""
    lines = [_defuse(esc(line.strip())) for line in text.strip().splitlines() if line.strip()]
    return "\\\n".join(lines)


def link(url: str) -> str:
    """A URL as an autolink; anything else escaped."""
    url = one_line(url)
    return f"<{url}>" if _URL.match(url) else esc(url)


def code(slug: str) -> str:
    """An id as a code span (ids are slugs: nothing to escape)."""
    return f"`{slug}`" if slug else ""


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], align: Sequence[str] = ()) -> list[str]:
    """A GitHub table; cells must already be escaped. ``align``: ``l`` / ``r`` per column."""
    marks = {"l": "---", "r": "---:", "c": ":---:"}
    out = ["| " + " | ".join(headers) + " |"]
    out.append("|" + "|".join(marks[align[n]] if n < len(align) else "---" for n in range(len(headers))) + "|")
    for row in rows:
        out.append("| " + " | ".join(cell if cell else " " for cell in row) + " |")
    return out
