"""User text made harmless for output that is not the app's screen.

Text that mlew writes to stdout or stderr, or into a Markdown or CSV file, is
read by a terminal, a wiki or a spreadsheet. A control character there can
recolour or retitle a terminal (ESC), hide text (CR, BS) or reorder what a
reader sees (the bidi overrides U+202A-202E and isolates U+2066-2069, the
"Trojan Source" trick). :func:`visible` replaces each with a visible escape:
C0 controls and DEL become their Unicode pictures (ESC -> ``␛``, as the
screen shows them, :mod:`mlew_tui.literal`), C1 controls and the bidi
controls become ``{U+202E}``. Tab and newline stay: they are layout, and
every writer handles them (a CSV cell quotes them, Markdown tables join lines).
The session file itself keeps the text exactly as typed.
"""

from __future__ import annotations

import re

#: C0 controls but tab and newline, DEL, C1 controls, bidi embeddings/overrides and isolates.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ .. ␟
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"{{U+{code:04X}}}"


def visible(text: str) -> str:
    """``text`` with every control and bidi-control character made visible."""
    return UNSAFE.sub(_escape, text) if UNSAFE.search(text) else text
