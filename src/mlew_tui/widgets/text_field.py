"""``TextField``: the one text input of mlew's forms and screens.

Textual's ``Input`` selects all of its text when it gets focus, so the next
key typed after Tab (or after a form opens on a prefilled field) replaces
what was there. In a room where people take turns at one keyboard that
wipes someone's sentence. A ``TextField`` keeps the text and puts the
cursor at its end. Its cursor does not blink (a blinking cursor repaints the
screen twice a second while a form is open); everything else is ``Input``.

It takes at most :data:`MAX_LENGTH` characters (typed or pasted), the longest
text a session file holds, so a sent field is never refused for its length.
"""

from __future__ import annotations

from typing import Any

from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input

#: The longest text of a session file (``domain.session.TEXT_MAX``; widgets know no session).
MAX_LENGTH = 4000


class TextField(Input):
    """An ``Input`` that never selects its text on focus, with a steady cursor."""

    #: ``Input`` sets its virtual size from the text's width on every key, and
    #: Textual's ``virtual_size`` lays the whole screen out when it changes (it
    #: is there for scroll bars, which a one-line field has none of): every
    #: character typed into a form laid out a board of 300 cards again. The
    #: field scrolls its text from the virtual size alone (``max_scroll_x``),
    #: so a repaint is enough.
    virtual_size = Reactive(Size(0, 0), layout=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["select_on_focus"] = False
        kwargs.setdefault("max_length", MAX_LENGTH)
        super().__init__(*args, **kwargs)
        # A steady cursor: a blinking one repainted the screen twice a second
        # while a form was open, and every key in the field (ctrl+s too) showed
        # it again - a frame that made the saved card wait for the next one.
        self.cursor_blink = False
