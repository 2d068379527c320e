"""User text, shown literally and safely.

Session files are hand-edited and shared, so any text may hold control
characters. Rich and Textual pass them to the terminal as they are - an ESC
in a review would recolour the screen or retitle the window. Every piece of
user text is shown through :func:`literal` (or :func:`literal_text`): control
characters become their visible Unicode pictures (ESC -> ␛, NUL -> ␀), so the
room sees exactly what is in the file and the terminal executes nothing. The
file itself is never changed by this. Markup is never interpreted either:
the result is plain text for a ``rich.text.Text``.
"""

from __future__ import annotations

import re

from rich.text import Text

# C0 controls except tab and newline, DEL, and C1 controls.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ .. ␟
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"  # C1: the replacement character


def literal(value: str) -> str:
    """``value`` with control characters made visible (safe for any widget)."""
    return _CONTROL.sub(_picture, value)


def literal_text(value: str, style: str = "") -> Text:
    """A ``Text`` of user text: no markup, no control characters."""
    return Text(literal(value), style=style)
