"""The join link as a QR code drawn with text (issue #20): no image, no
terminal graphics protocol, so it shows in any terminal and on a projector.

Two rows of modules share one character cell (``▀`` the upper dark, ``▄`` the
lower, ``█`` both, a space neither); the panel draws them black on white
whatever the theme, so a phone's camera reads dark modules on a light ground.
segno makes the code (imported here only, when a room is invited: a launch
never pays for it).
"""

from __future__ import annotations

from collections.abc import Sequence

#: Modules of light margin around the code: 4 is the standard's; 2 is what
#: phones read off a screen, and it keeps the code inside 80x24.
BORDER = 2
_CELLS = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


def qr_matrix(text: str, *, border: int = BORDER) -> list[list[bool]]:
    """The modules of ``text``'s QR code (low error correction: the smallest
    code, read off a screen, not off a scratched label), True for dark."""
    import segno

    code = segno.make(text, error="l", micro=False, boost_error=False)
    return [[bool(module) for module in row] for row in code.matrix_iter(scale=1, border=border)]


def half_block_rows(matrix: Sequence[Sequence[bool]]) -> tuple[str, ...]:
    """``matrix`` as text, two module rows per line (an odd last row over a light one)."""
    rows: list[str] = []
    for top in range(0, len(matrix), 2):
        upper = matrix[top]
        lower = matrix[top + 1] if top + 1 < len(matrix) else [False] * len(upper)
        rows.append("".join(_CELLS[(u, d)] for u, d in zip(upper, lower, strict=True)))
    return tuple(rows)


def qr_rows(text: str) -> tuple[str, ...]:
    """``text``'s QR code as lines of text (see the module docstring)."""
    return half_block_rows(qr_matrix(text))
