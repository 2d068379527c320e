"""``KeyBar``: the footer of key bindings, in the UI language.

Textual's ``Footer`` shows each binding's fixed description; the workshop
switches language at run time, so this bar names each binding by its id
through the catalog (``key.<id>``) and follows the active keymap.

The step's own keys come first, then the app's. When they do not fit on one
line the bar takes a second (an 80-column terminal on the scoring step);
when even two are too few, the app's keys are dropped from the end, but never
``F7`` / ``F8`` (previous / next step: the room can always move on)
nor ``F1`` (the help that lists every key).
"""

from __future__ import annotations

from collections.abc import Callable

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.app import App
from textual.dom import NoScreen

from .quiet import QuietStatic

#: App keys the bar never drops.
PINNED = frozenset({"previous_step", "next_step", "help"})
#: Lines the bar may take.
MAX_LINES = 2


class KeyBar(QuietStatic):
    """Shows ``F8 Next step  F5 Timer ...`` for the active screen's bindings."""

    DEFAULT_CSS = """
    KeyBar {
        height: 1;
        background: $panel;
    }
    """

    def __init__(self, describe: Callable[[str], str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._describe = describe
        #: (key shown, what it does, the app's, never dropped) in the order shown.
        self._chips: list[tuple[str, str, bool, bool]] = []

    def refresh_keys(self) -> None:
        seen: set[str] = set()
        try:
            bindings = self.screen.active_bindings
        except NoScreen:  # being taken down
            return
        chips = []
        for active in bindings.values():
            binding = active.binding
            if not binding.show or not binding.id or binding.id in seen:
                continue
            seen.add(binding.id)
            display = binding.key_display or self.app.get_key_display(binding)
            chips.append((display, self._describe(binding.id), isinstance(active.node, App), binding.id in PINNED))
        self._chips = chips
        self._lay_out()

    def on_resize(self, event: events.Resize) -> None:
        self._lay_out()

    def _lay_out(self) -> None:
        width = self.size.width or self.app.size.width
        chips = list(self._chips)
        lines = _wrap(chips, width)
        while len(lines) > MAX_LINES:
            droppable = [k for k, chip in enumerate(chips) if chip[2] and not chip[3]]
            if not droppable:
                break
            del chips[droppable[-1]]
            lines = _wrap(chips, width)
        text = Text(no_wrap=True, overflow="ellipsis")
        for number, line in enumerate(lines[:MAX_LINES]):
            if number:
                text.append("\n")
            for display, label, _app, _pinned in line:
                text.append(f" {display} ", style="reverse bold")
                text.append(f" {label}  ")
        self.styles.height = max(1, min(MAX_LINES, len(lines)))
        self.update(text)

    @property
    def shown_text(self) -> str:
        """What the bar shows, as plain text (tests)."""
        return str(self._shown) if isinstance(self._shown, Text) else ""


def _chip_width(chip: tuple[str, str, bool, bool]) -> int:
    return cell_len(f" {chip[0]} ") + cell_len(f" {chip[1]}  ")


def _wrap(chips: list[tuple[str, str, bool, bool]], width: int) -> list[list[tuple[str, str, bool, bool]]]:
    """The chips in lines of ``width`` cells, a chip never split."""
    lines: list[list[tuple[str, str, bool, bool]]] = [[]]
    used = 0
    for chip in chips:
        size = _chip_width(chip)
        if lines[-1] and used + size - 2 > width:  # a line's last chip needs no trailing gap
            lines.append([])
            used = 0
        lines[-1].append(chip)
        used += size
    return lines
