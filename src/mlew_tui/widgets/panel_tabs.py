"""``PanelTabs``: one line naming the panels of a step, the shown one marked.

``1 Planner: Maria · 2 Sales: Emma · 3 Developer: James, Priya`` - the shown
panel is reversed and marked with ``▶`` (never colour alone). The screen binds
the number keys; this widget only shows.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from .quiet import QuietStatic


class PanelTabs(QuietStatic):
    def show(self, labels: Sequence[str], active: int) -> None:
        text = Text()
        for n, label in enumerate(labels):
            if n:
                text.append("  ")
            chosen = n == active
            text.append(f" {'▶' if chosen else ' '} {n + 1} ", style="bold reverse" if chosen else "bold")
            text.append(" " + label + " ", style="bold reverse" if chosen else "")
        self.update(text)
