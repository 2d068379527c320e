"""``KeyBar``: the footer of key bindings, in the UI language.

Textual's ``Footer`` shows each binding's fixed description; the workshop
switches language at run time, so this bar names each binding by its id
through the catalog (``key.<id>``) and follows the active keymap.

The step's own keys come first (with the app keys a screen names as its
own, ``STEP_APP_KEYS``: F9 while scoring), then the app's. What does not fit on one
line is dropped from the end, app keys only; when the step's keys and the
pinned ones still do not fit, the bar takes a second line (an 80-column
terminal on the scoring step). The app's keys dropped are never
``F7`` / ``F8`` (previous / next step: the room can always move on)
nor ``F1`` (the help that lists every key).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

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


class Chip(NamedTuple):
    """One key as the bar shows it."""

    key: str
    label: str
    short: str  # a shorter word for a narrow bar (the label when there is none)
    app: bool  # one of the app's keys (may be dropped unless pinned)
    pinned: bool


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
        #: The keys in the order shown.
        self._chips: list[Chip] = []

    def refresh_keys(self) -> None:
        seen: set[str] = set()
        try:
            bindings = self.screen.active_bindings
        except NoScreen:  # being taken down
            return
        chips = []
        own = getattr(self.screen, "STEP_APP_KEYS", ())  # app keys the step counts as its own (F9 on Invent)
        for active in bindings.values():
            binding = active.binding
            if not binding.show or not binding.id or binding.id in seen:
                continue
            seen.add(binding.id)
            display = binding.key_display or self.app.get_key_display(binding)
            label = self._describe(binding.id)
            short = self._describe(f"short.{binding.id}")  # key.short.<id>, where a shorter word exists
            app_key = isinstance(active.node, App) and binding.id not in own
            chips.append(Chip(display, label, label if short.startswith("key.short.") else short, app_key, binding.id in PINNED))
        self._chips = sorted(chips, key=lambda chip: chip.app)  # the step's own first (stable)
        self._lay_out()

    def on_resize(self, event: events.Resize) -> None:
        self._lay_out()

    def _lay_out(self) -> None:
        width = self.size.width or self.app.size.width
        lines: list[list[tuple[str, str]]] = []
        # one line if the step's keys and F7 / F8 fit on it, else two; short words before dropping those
        for most, short in ((1, False), (MAX_LINES, False), (MAX_LINES, True)):
            chips = list(self._chips)
            lines = _wrap(chips, width, short)
            while len(lines) > most:
                droppable = [k for k, chip in enumerate(chips) if chip.app and not chip.pinned]
                if not droppable:
                    break
                del chips[droppable[-1]]
                lines = _wrap(chips, width, short)
            if len(lines) <= most:
                break
        text = Text(no_wrap=True, overflow="ellipsis")
        for number, line in enumerate(lines[:MAX_LINES]):
            if number:
                text.append("\n")
            for display, label in line:
                text.append(f" {display} ", style="reverse bold")
                text.append(f" {label}  ")
        self.styles.height = max(1, min(MAX_LINES, len(lines)))
        self.update(text)

    @property
    def shown_text(self) -> str:
        """What the bar shows, as plain text (tests)."""
        return str(self._shown) if isinstance(self._shown, Text) else ""


def _wrap(chips: list[Chip], width: int, short: bool) -> list[list[tuple[str, str]]]:
    """(key, words) of the chips in lines of ``width`` cells, a chip never split."""
    lines: list[list[tuple[str, str]]] = [[]]
    used = 0
    for chip in chips:
        label = chip.short if short else chip.label
        size = cell_len(f" {chip.key} ") + cell_len(f" {label}  ")
        if lines[-1] and used + size - 2 > width:  # a line's last chip needs no trailing gap
            lines.append([])
            used = 0
        lines[-1].append((chip.key, label))
        used += size
    return lines
