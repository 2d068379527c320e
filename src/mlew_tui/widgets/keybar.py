"""``KeyBar``: the footer of key bindings, in the UI language.

Textual's ``Footer`` shows each binding's fixed description; the workshop
switches language at run time, so this bar names each binding by its id
through the catalog (``key.<id>``) and follows the active keymap."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.dom import NoScreen

from .quiet import QuietStatic


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

    def refresh_keys(self) -> None:
        text = Text(no_wrap=True, overflow="ellipsis")
        seen: set[str] = set()
        try:
            bindings = self.screen.active_bindings
        except NoScreen:  # being taken down
            return
        for active in bindings.values():
            binding = active.binding
            if not binding.show or not binding.id or binding.id in seen:
                continue
            seen.add(binding.id)
            display = binding.key_display or self.app.get_key_display(binding)
            text.append(f" {display} ", style="reverse bold")
            text.append(f" {self._describe(binding.id)}  ")
        self.update(text)
