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


#: What :func:`visible` escapes but a terminal's own styling never uses: C1 and bidi controls.
_NOT_STYLING = re.compile("[\x80-\x9f\u202a-\u202e\u2066-\u2069]")


def visible_styled(output: str) -> str:
    """Styled terminal output (Rich's, with its ESC colour codes) with the C1
    and bidi controls of user text made visible. C0 controls never reach it:
    the store reads them as pictures (:mod:`mlew_tui.domain.controls`)."""
    return _NOT_STYLING.sub(_escape, output) if _NOT_STYLING.search(output) else output


def json_safe(text: str) -> str:
    """JSON text with C1 and bidi controls written as ``\\uXXXX`` escapes: the
    same data, nothing a terminal or an editor would act on (``json.dumps``
    already escapes C0)."""
    return _NOT_STYLING.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
