"""Read-aloud mode of the merged document: one section at a time, large,
with the role (and the people) that read it.

Right / Space / Page Down: next section; Left / Page Up: previous; Escape
closes. The pages arrive ready-made (:class:`Page`), so this screen only shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widgets import Static

from ..recovering import Recovering


@dataclass(frozen=True)
class Page:
    title: str
    reader: str  # "Planner reads: Maria Lopez"
    body: Text


class ReadAloudScreen(Recovering, ModalScreen[None]):
    CSS_PATH = "refine.tcss"
    BINDINGS = [
        Binding("right,space,pagedown,n", "turn(1)", "Next", id="read.next"),
        Binding("left,pageup,p", "turn(-1)", "Previous", id="read.previous"),
        Binding("escape,q", "dismiss", "Close", id="read.close"),
    ]

    page: reactive[int] = reactive(0)

    def __init__(self, pages: Sequence[Page], counter: str, hint: str) -> None:
        """``counter`` has ``{n}`` and ``{count}`` (``2 / 5``); ``hint`` names the keys."""
        super().__init__()
        self._pages = tuple(pages)
        self._counter = counter
        self._hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(id="read-aloud"):
            yield Static(id="read-counter")
            yield Static(id="read-reader")
            yield Static(id="read-title")
            with VerticalScroll(id="read-scroll"):
                yield Static(id="read-body")
            yield Static(Text(self._hint), id="read-hint")

    def on_mount(self) -> None:
        self._show()

    def watch_page(self) -> None:
        if self.is_mounted:
            self._show()

    def _show(self) -> None:
        page = self._pages[self.page]
        self.query_one("#read-counter", Static).update(Text(self._counter.format(n=self.page + 1, count=len(self._pages))))
        self.query_one("#read-reader", Static).update(Text(page.reader))
        self.query_one("#read-title", Static).update(Text(page.title))
        self.query_one("#read-body", Static).update(page.body)
        self.query_one("#read-scroll", VerticalScroll).scroll_home(animate=False)

    def action_turn(self, step: int) -> None:
        self.page = max(0, min(len(self._pages) - 1, self.page + step))

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
