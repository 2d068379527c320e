"""What a screen may ask of the app: the small interface of the state loop.

Screens and widgets never import the app module (the app imports them). A
screen reaches the running app through :func:`host_of`, typed as
:class:`WorkshopHost`: it reads the workshop, changes it only through
:meth:`WorkshopHost.apply` (a named command of
:mod:`mlew_tui.domain.commands`, or a move such as ``"next_step"``), and
never refreshes itself after its own change - the app refreshes the views
that depend on what changed, once, after the key's handler returns.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast

if TYPE_CHECKING:
    from textual.app import App

    from .domain.commands import Change
    from .i18n import Translator
    from .workshop import Workshop


class WorkshopHost(Protocol):
    """The app, as the screens see it."""

    workshop: Workshop
    tr: Translator
    read_only: bool
    path: Path

    def apply(self, name: str, /, *args: Any, **kwargs: Any) -> Change:
        """Apply a command; the views that show what changed refresh after the handler."""
        ...

    def author_name(self) -> str:
        """The name of whoever's turn it is (forms show it as the author)."""
        ...

    def describe_binding(self, binding_id: str) -> str: ...

    def save_state(self) -> str: ...

    def banner_text(self) -> str: ...

    def action_show_changes(self) -> None: ...


def host_of(app: App[Any]) -> WorkshopHost:
    """The running mlew app behind ``app`` (a screen's ``self.app``)."""
    return cast("WorkshopHost", app)
