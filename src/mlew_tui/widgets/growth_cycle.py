"""``GrowthCycle``: the AI/ML growth cycle drawn with box characters.

Four boxes clockwise - better customer experience -> more usage -> more
profit and data -> better model -> back to a better experience - with
arrows between them, and the deck's example below. Labels come translated;
widths are counted in terminal cells, and Japanese labels break as Japanese
does (:mod:`mlew_tui.text_wrap`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget

from ..text_wrap import breaks, wrap_plain

GAP = " ────▶ "
BACK = " ◀──── "


@dataclass(frozen=True)
class CycleView:
    title: str
    steps: tuple[str, str, str, str]  # clockwise from the top left
    example_title: str
    example: tuple[str, ...]


def _label(number: int, text: str, width: int) -> list[str]:
    """``1 Better customer`` / ``  experience``: continuation lines indented."""
    label = f"{number} {text}"
    cuts = breaks(label, width)
    if not cuts:
        return [label]
    return [label[: cuts[0]].rstrip(), *(f"  {line}" for line in wrap_plain(label[cuts[0] :], width - 2))]


def _pad(text: str, width: int) -> str:
    return text + " " * (width - cell_len(text))


def draw_cycle(steps: Sequence[str], inner: int = 20) -> list[str]:
    """The cycle as lines of text (numbers 1-4 clockwise from the top left)."""
    labels = [_label(n, s, inner) for n, s in enumerate(steps, 1)]
    top = "╭" + "─" * (inner + 2) + "╮"
    bottom = "╰" + "─" * (inner + 2) + "╯"
    blank = " " * len(GAP)
    box_w = inner + 4
    centre = box_w // 2

    def row(left: list[str], right: list[str], arrow: str) -> list[str]:
        height = max(len(left), len(right))
        out = [top + blank + top]
        for i in range(height):
            gap = arrow if i == (height - 1) // 2 else blank
            l_text = left[i] if i < len(left) else ""
            r_text = right[i] if i < len(right) else ""
            out.append(f"│ {_pad(l_text, inner)} │{gap}│ {_pad(r_text, inner)} │")
        out.append(bottom + blank + bottom)
        return out

    lines = row(labels[0], labels[1], GAP)
    width = box_w * 2 + len(GAP)
    up_down = [" " * width, " " * width]
    for i, (left, right) in enumerate((("▲", "│"), ("│", "▼"))):
        chars = list(up_down[i])
        chars[centre] = left
        chars[box_w + len(GAP) + centre] = right
        up_down[i] = "".join(chars).rstrip()
    lines += up_down
    lines += row(labels[3], labels[2], BACK)
    return lines


def fit_inner(steps: Sequence[str], width: int) -> int:
    """The inner width of a box: room for the longest label on one line when
    the screen allows, never so wide that the two columns overflow ``width``."""
    wanted = max((cell_len(s) for s in steps), default=10) + 2  # "1 " before each label
    room = (width - 2 - len(GAP)) // 2 - 4
    return max(8, min(wanted, 30, room))


class GrowthCycle(Widget):
    """Draws a :class:`CycleView` to fit its width."""

    DEFAULT_CSS = """
    GrowthCycle {
        height: auto;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._view: CycleView | None = None

    def show(self, view: CycleView) -> None:
        if view != self._view:
            self._view = view
            self.refresh(layout=True)

    def _text(self, width: int) -> Text:
        view = self._view
        text = Text()
        if view is None:
            return text
        text.append(view.title + "\n\n", style="bold")
        for line in draw_cycle(view.steps, fit_inner(view.steps, width)):
            text.append("  " + line + "\n")
        text.append("\n" + view.example_title + "\n", style="bold")
        for line in view.example:
            text.append("  " + line + "\n")
        return text

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.app.console.render_lines(self._text(width), self.app.console.options.update_width(max(1, width)), pad=False))

    def render(self) -> Text:
        return self._text(self.size.width)
