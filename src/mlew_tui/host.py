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

    from .domain.change import Change
    from .i18n import Translator
    from .widgets.join_panel import JoinView
    from .workshop import Workshop


class WorkshopHost(Protocol):
    """The app, as the screens see it (read-only attributes: the app's own,
    or those of the frozen Day 1)."""

    @property
    def workshop(self) -> Workshop: ...

    @property
    def tr(self) -> Translator: ...

    @property
    def read_only(self) -> bool: ...

    @property
    def path(self) -> Path: ...

    @property
    def tips_shown(self) -> bool:
        """Whether the facilitator's tips panel shows (a view setting, not in the file)."""
        ...

    def join_view(self) -> JoinView | None:
        """The invitation to join from a phone, or None while it does not show (issue #20)."""
        ...

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

    def export_file(self, fmt: str, *, announce: bool = True) -> Path | None:
        """Write the ``fmt`` export next to the session file; None (said why) when refused."""
        ...


def host_of(app: App[Any]) -> WorkshopHost:
    """The running mlew app behind ``app`` (a screen's ``self.app``)."""
    return cast("WorkshopHost", app)


class FrozenDay1:
    """The app as a screen showing the frozen Day 1 sees it: a workshop on
    Day 1's work (a copy), read-only - every edit is refused with a word.

    On Day 2 the room can look back at Day 1 in its own working screen
    (``ctrl+d``); the Day 2 copy stays the only thing that changes."""

    read_only = True

    def __init__(self, app: WorkshopHost, workshop: Workshop) -> None:
        self._app = app
        self.workshop = workshop
        self.path = app.path

    @property
    def tr(self) -> Translator:
        return self._app.tr

    @property
    def tips_shown(self) -> bool:
        return self._app.tips_shown

    def join_view(self) -> JoinView | None:
        return self._app.join_view()

    def apply(self, name: str, /, *args: Any, **kwargs: Any) -> Change:
        from .domain.change import NO_CHANGE

        notify = getattr(self._app, "notify", None)
        if notify is not None:
            notify(self.tr("rerun.day1.frozen"), severity="warning")
        return NO_CHANGE

    def author_name(self) -> str:
        return self._app.author_name()

    def describe_binding(self, binding_id: str) -> str:
        return self._app.describe_binding(binding_id)

    def save_state(self) -> str:
        return self._app.save_state()

    def banner_text(self) -> str:
        return self.tr("rerun.day1.banner")

    def action_show_changes(self) -> None:
        self._app.action_show_changes()

    def export_file(self, fmt: str, *, announce: bool = True) -> Path | None:
        return self._app.export_file(fmt, announce=announce)  # the session's own exports: Day 1 is in them
