"""``JoinPanel``: the projector's invitation to join from a phone (issue #20).

The QR code of the join link, the link itself (for a laptop, typed), and who
has joined. It shows while the room is invited and the facilitator has not
hidden it (``j``); on a narrow terminal it takes the side column's place.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

#: Dark modules on a light ground whatever the theme: what cameras read.
QR_STYLE = Style(color="#000000", bgcolor="#ffffff")
#: Below this many rows the panel shows the code and the link only (80x24: the code takes 17).
SHORT_ROWS = 30


@dataclass(frozen=True)
class JoinView:
    """The panel's text, already in the UI language (user text literal)."""

    heading: str
    #: How to hide the panel ("j hides").
    hint: str
    #: The QR code's lines (half blocks, see :mod:`mlew_tui.join_qr`).
    qr: tuple[str, ...]
    #: What to do, one line ("Same Wi-Fi, then scan").
    how: str
    url: str
    #: Who has joined ("Joined (2): Sato, Kim").
    joined: str


class JoinPanel(VerticalScroll, can_focus=False):
    """A bordered column: the heading in its border, the code, the link, the people."""

    DEFAULT_CSS = """
    JoinPanel {
        display: none;
        width: auto;
        max-width: 45;
        height: 100%;
        border: round $accent;
        border-title-color: $accent;
        border-title-style: bold;
        border-subtitle-color: $text-muted;
        padding: 0 1;
    }

    JoinPanel.-shown {
        display: block;
    }

    JoinPanel.-short {
        overflow-y: hidden;
    }

    JoinPanel.-short #join-how, JoinPanel.-short #join-people {
        display: none;
    }

    JoinPanel > Static {
        width: auto;
        max-width: 100%;
    }

    JoinPanel #join-qr {
        width: auto;
    }

    JoinPanel #join-url {
        color: $accent;
        text-style: bold;
    }

    JoinPanel #join-people {
        color: $text-muted;
    }
    """

    view: JoinView | None = None

    def compose(self) -> ComposeResult:
        # Built when the room is first invited: every screen has the panel,
        # hidden, and its four lines would only cost the first frame.
        return iter(())

    def show(self, view: JoinView) -> None:
        if view == self.view:
            return
        if not self.children:
            self.mount_all(Static("", id=name) for name in ("join-how", "join-qr", "join-url", "join-people"))
        self.view = view
        self.border_title = view.heading
        self.border_subtitle = view.hint
        self.query_one("#join-how", Static).update(Text(view.how))
        self.query_one("#join-qr", Static).update(Text("\n".join(view.qr), style=QR_STYLE, no_wrap=True, overflow="crop"))
        # A link breaks anywhere: it has no spaces, and a wrapped one still reads.
        self.query_one("#join-url", Static).update(Text(view.url, overflow="fold"))
        self.query_one("#join-people", Static).update(Text(view.joined))

    def set_shown(self, shown: bool, *, rows: int = SHORT_ROWS) -> None:
        """Show or hide the panel; on a terminal of fewer than ``SHORT_ROWS``
        rows only the code and the link (what a phone needs) show."""
        self.set_class(shown, "-shown")
        self.set_class(rows < SHORT_ROWS, "-short")
