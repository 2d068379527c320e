"""Markdown building blocks: escaping user text, tables, hard line breaks.

User text never becomes Markdown syntax: characters that GitHub would read as
emphasis, code, links, HTML, entities or table borders are escaped (``&``,
``<`` and ``>`` as entities, so ``<script>`` and ``&lt;`` show as typed), and
a line that would start a heading, list or quote is defused. Control
characters and bidi overrides are made visible
(:func:`mlew_tui.domain.visible.visible`). Only an ``http``/``https`` URL
becomes a link (:func:`link`). Multi-line text becomes one line
(:func:`inline`, for table cells and list items) or keeps its line breaks as
hard breaks (:func:`block`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..domain.refine import one_line
from ..domain.visible import visible

_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_LINE_START = re.compile(r"^(\s*)([-+=>#]|\d+[.)])")
#: A URL that may become an autolink: http(s), and nothing that could end the
#: autolink early or break out of it (spaces, ``<``, ``>``, quotes, backticks, a
#: table's ``|``, backslashes).
_URL = re.compile(r"^https?://[^\s<>\"'`|\\]+$", re.IGNORECASE)
_SLUG = re.compile(r"^[A-Za-z0-9_-]+$")


def shown(text: str) -> str:
    """User text as it may appear in the document: line ends normalised,
    control and bidi characters made visible (``ESC`` -> ``␛``, U+202E ->
    ``{U+202E}``); only newlines and tabs stay."""
    return visible(text.replace("\r\n", "\n"))


def esc(text: str) -> str:
    """``text`` on one line with Markdown and HTML syntax made literal: ``&``,
    ``<``, ``>`` as entities (raw HTML and entities show as typed), the
    characters of emphasis, code, links and tables backslash-escaped."""
    text = shown(text).replace("\n", " ")
    text = _SPECIAL.sub(r"\\\1", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


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
    return esc(one_line(shown(text)))


def block(text: str) -> str:
    """User text as a paragraph whose line breaks are kept (hard breaks)."""
    lines = [_defuse(esc(line.strip())) for line in shown(text).strip().split("\n") if line.strip()]
    return "\\\n".join(lines)


def link(url: str) -> str:
    """An ``http``/``https`` URL as an autolink; anything else - ``javascript:``,
    ``data:``, a URL with spaces, quotes or ``<>`` - as escaped text."""
    url = one_line(shown(url))
    return f"<{url}>" if _URL.match(url) else esc(url)


def code(slug: str) -> str:
    """An id as a code span (ids are slugs; anything else is escaped text)."""
    if not slug:
        return ""
    return f"`{slug}`" if _SLUG.match(slug) else inline(slug)


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], align: Sequence[str] = ()) -> list[str]:
    """A GitHub table; cells must already be escaped. ``align``: ``l`` / ``r`` per column."""
    marks = {"l": "---", "r": "---:", "c": ":---:"}
    out = ["| " + " | ".join(headers) + " |"]
    out.append("|" + "|".join(marks[align[n]] if n < len(align) else "---" for n in range(len(headers))) + "|")
    for row in rows:
        out.append("| " + " | ".join(cell if cell else " " for cell in row) + " |")
    return out
