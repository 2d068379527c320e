"""Control characters in user text, kept safe in memory and exact on disk.

A session file may hold any text, control characters included (hand-edited
files, pasted logs). Shown on a terminal, an ESC in a review would recolour
the screen or retitle the window. So the store reads every control character
(C0 except tab and newline, and DEL) as its visible Unicode picture (ESC ->
``␛``, NUL -> ``␀``) and writes the pictures back as the characters they
stand for: everything the app shows or edits is safe, and a file round-trips
byte for byte. A picture character that was already in the file is marked
with an invisible variation selector (U+FE00) so that it, too, comes back as
itself.
"""

from __future__ import annotations

import re
from typing import Any

_MARK = "\ufe00"
_PICTURE = {code: chr(0x2400 + code) for code in range(0x20) if code not in (0x09, 0x0A)} | {0x7F: "\u2421"}
_CONTROL = {picture: chr(code) for code, picture in _PICTURE.items()}
_TO_MEMORY = re.compile("[\x00-\x08\x0b-\x1f\x7f\u2400-\u2421]")
_TO_FILE = re.compile(f"[\u2400-\u2421]{_MARK}?")


def _in_memory(match: re.Match[str]) -> str:
    char = match.group()
    if "\u2400" <= char <= "\u2421":
        return char + _MARK  # a picture that really is in the text
    return _PICTURE[ord(char)]


def _on_disk(match: re.Match[str]) -> str:
    text = match.group()
    if len(text) == 2:
        return text[0]
    return _CONTROL.get(text, text)


def to_memory(value: Any) -> Any:
    """TOML data as read -> data with control characters as pictures."""
    if isinstance(value, str):
        return _TO_MEMORY.sub(_in_memory, value)
    if isinstance(value, list):
        return [to_memory(v) for v in value]
    if isinstance(value, dict):
        return {k: to_memory(v) for k, v in value.items()}
    return value


def to_file(value: Any) -> Any:
    """The reverse of :func:`to_memory`, for writing."""
    if isinstance(value, str):
        return _TO_FILE.sub(_on_disk, value) if (max(value, default="\0") >= "\u2400") else value
    if isinstance(value, list):
        return [to_file(v) for v in value]
    if isinstance(value, dict):
        return {k: to_file(v) for k, v in value.items()}
    return value
