"""The yardstick, as a program: a bare Textual app with a header, digits and a
footer (``python -m benchmarks.bare_app``), for the launch in a real pty."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Digits, Footer, Header

#: The header's title: the marker of its first frame.
TITLE = "Bare yardstick"


class BareApp(App[None]):
    """A header, digits and a footer: about the least a Textual app draws."""

    TITLE = TITLE

    def compose(self) -> ComposeResult:
        yield Header()
        yield Digits("00:00")
        yield Footer()


if __name__ == "__main__":
    BareApp().run()
