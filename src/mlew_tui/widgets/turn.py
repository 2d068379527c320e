"""``TurnIndicator``: whose turn it is at the keyboard - always on screen."""

from __future__ import annotations

from rich.text import Text

from ..literal import literal
from .quiet import QuietStatic


class TurnIndicator(QuietStatic):
    def show(self, label: str, name: str, role: str) -> None:
        text = Text()
        text.append(label + " ", style="dim")
        text.append(literal(name), style="bold")  # user text: shown literally
        if role:
            text.append("\n")
            text.append(role, style="dim")
        self.update(text)
