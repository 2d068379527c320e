"""The join link's QR code as text (issue #20): the half blocks hold exactly
segno's modules, and a real join link fits an 80x24 terminal."""

from __future__ import annotations

import segno

from mlew_tui.join_qr import BORDER, half_block_rows, qr_matrix, qr_rows

LINK = "http://192.168.100.123:8765/j/" + "Ab3_-" * 4 + "xy/"  # a 22-character token (128 bits), as the service makes


def unfold(rows: tuple[str, ...]) -> list[list[bool]]:
    """The modules back from the half blocks (two rows per line)."""
    top = {" ": False, "▀": True, "▄": False, "█": True}
    bottom = {" ": False, "▀": False, "▄": True, "█": True}
    out: list[list[bool]] = []
    for line in rows:
        out.append([top[c] for c in line])
        out.append([bottom[c] for c in line])
    return out


def test_the_text_holds_segnos_modules_exactly() -> None:
    expected = [[bool(m) for m in row] for row in segno.make(LINK, error="l", micro=False, boost_error=False).matrix_iter(scale=1, border=BORDER)]
    rows = qr_rows(LINK)
    modules = unfold(rows)
    assert len(expected) % 2 == 1  # 33 rows: the last line's lower half is a light row
    assert modules == [*expected, [False] * len(expected[0])]


def test_an_odd_row_count_ends_over_a_light_row() -> None:
    matrix = [[True, False], [False, True], [True, True]]
    assert half_block_rows(matrix) == ("▀▄", "▀▀")


def test_a_join_link_fits_an_80_by_24_terminal_with_its_frame() -> None:
    rows = qr_rows(LINK)
    # 33 modules (version 3 and a border of 2) in 17 lines: with the panel's
    # border and the folded link below it, 21 rows, within 24.
    assert len(rows[0]) == 33
    assert len(rows) == 17
    assert {len(r) for r in rows} == {33}


def test_the_border_is_light_and_the_finder_patterns_are_dark() -> None:
    matrix = qr_matrix(LINK)
    assert not any(matrix[0]) and not any(matrix[1])  # the quiet zone
    assert matrix[BORDER][BORDER : BORDER + 7] == [True] * 7  # the top-left finder's edge
