"""Arrow-key movement over a board of cards, as a pure function.

A board is seen as visual rows; each row holds lanes side by side; a lane
shows its cards in reading order, ``cols`` to a line (1 for a plain column).
Left/right move along a line and then into the neighbouring lane; up/down move
a line and then into the row above or below, keeping the column.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class NavLane:
    ids: tuple[str, ...]
    cols: int = 1


Rows = Sequence[Sequence[NavLane]]


def _find(rows: Rows, card: str) -> tuple[int, int, int] | None:
    for r, row in enumerate(rows):
        for lane_index, lane in enumerate(row):
            if card in lane.ids:
                return r, lane_index, lane.ids.index(card)
    return None


def _nearest(row: Sequence[NavLane], lane_index: int) -> NavLane | None:
    filled = [(abs(i - lane_index), i) for i, lane in enumerate(row) if lane.ids]
    return row[min(filled)[1]] if filled else None


def _side(row: Sequence[NavLane], lane_index: int, step: int) -> NavLane | None:
    i = lane_index + step
    while 0 <= i < len(row):
        if row[i].ids:
            return row[i]
        i += step
    return None


def first(rows: Rows) -> str | None:
    return next((lane.ids[0] for row in rows for lane in row if lane.ids), None)


def last(rows: Rows) -> str | None:
    return next((lane.ids[-1] for row in reversed(rows) for lane in reversed(row) if lane.ids), None)


def move(rows: Rows, card: str | None, direction: str) -> str | None:
    """The card reached from ``card`` going ``left|right|up|down|home|end``
    (``card`` itself at an edge; the first card when ``card`` is not on the board)."""
    if direction == "home":
        return first(rows)
    if direction == "end":
        return last(rows)
    where = _find(rows, card) if card else None
    if where is None:
        return first(rows)
    r, li, i = where
    lane = rows[r][li]
    cols, n = max(1, lane.cols), len(lane.ids)
    line, col = divmod(i, cols)
    if direction in ("left", "right"):
        step = -1 if direction == "left" else 1
        if cols > 1 and 0 <= col + step < cols and 0 <= i + step < n:
            return lane.ids[i + step]
        other = _side(rows[r], li, step)
        if other is not None:
            oc = max(1, other.cols)
            target = line * oc + (oc - 1 if step < 0 else 0)
            return other.ids[min(target, len(other.ids) - 1)]
        if cols > 1 and 0 <= i + step < n:
            return lane.ids[i + step]
        return card
    if direction in ("up", "down"):
        step = -1 if direction == "up" else 1
        if 0 <= i + step * cols < n:
            return lane.ids[i + step * cols]
        if step > 0 and line < (n - 1) // cols:
            return lane.ids[-1]  # a shorter last line
        rr = r + step
        while 0 <= rr < len(rows):
            other = _nearest(rows[rr], li)
            if other is not None:
                oc = max(1, other.cols)
                target = min(col, oc - 1) if step > 0 else ((len(other.ids) - 1) // oc) * oc + min(col, oc - 1)
                while target >= len(other.ids) and target >= oc:
                    target -= oc  # that column ends a line earlier
                return other.ids[min(target, len(other.ids) - 1)]
            rr += step
        return card
    raise ValueError(direction)
