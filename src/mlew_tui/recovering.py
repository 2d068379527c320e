"""Handlers that fail without taking the room down.

Textual stops a widget's or a screen's message loop when one of its handlers
raises, and then the app. :class:`Recovering`, mixed in before the Textual
class, reports such an error instead (the app's ``recover``: the traceback
to ``FILE.error.log``, the session saved, a notification in the UI language)
and the widget goes on taking messages. Only what a person does - a key, a
click, a message a child posts up - is recovered; lifecycle events (compose,
mount, resize, timers) stay fatal: the widget could not go on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import events

if TYPE_CHECKING:
    from textual.message import Message


class Recovering:
    """Mix in first: ``class ItemForm(Recovering, ModalScreen[...])``."""

    app: Any

    async def _dispatch_message(self, message: Message) -> None:
        try:
            await super()._dispatch_message(message)  # type: ignore[misc]  # the Textual class mixed with this one
        except Exception as error:
            recover = getattr(self.app, "recover", None)
            if recover is None or (isinstance(message, events.Event) and not isinstance(message, (events.Key, events.MouseEvent))):
                raise
            recover(error)
