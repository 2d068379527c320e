"""The app's side of participants joining from their phones (issue #20): the
keys and palette commands, the projector's join panel, and applying what the
phones send through the app's state loop. A mixin of
:class:`mlew_tui.app.MlewApp`; the room itself (service, server, link) is
:mod:`mlew_tui.join_room`, without Textual.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .domain.change import Change
from .widgets.join_panel import JoinView

if TYPE_CHECKING:
    from textual.timer import Timer

    from .i18n import Translator
    from .join_room import JoinRoom
    from .join_service import Conflict
    from .workshop import Workshop

#: How often the pages hear of what changed (a command, the cycle moving on, a device joining):
#: with the network's own delay, well within the second the room waits at most.
POLL_S = 0.25
#: Phones' changes reach the projector's views together, this often at most: twelve phones
#: sending at once refresh the board twice a second (within the second the issue allows,
#: with the key's head start below), and the keyboard stays quick.
DEVICE_REFRESH_S = 0.5
#: After a key, the phones' changes wait this long: the keyboard's frame is drawn first.
KEY_FIRST_S = 0.05
#: ... but never longer than this after the first of them (a facilitator typing
#: without a pause would otherwise hold the phones back): within the second.
DEVICE_MAX_WAIT_S = 0.8


def device_wait(now: float, first_at: float, last_key_at: float) -> float:
    """How much longer the phones' changes (the first of them at ``first_at``)
    wait before the projector shows them, ``0`` for now: at least
    :data:`DEVICE_REFRESH_S` after the first (one refresh for a burst), at
    least :data:`KEY_FIRST_S` after the keyboard's last key (its frame first),
    and never more than :data:`DEVICE_MAX_WAIT_S` after the first."""
    due = max(first_at + DEVICE_REFRESH_S, last_key_at + KEY_FIRST_S)
    return max(0.0, min(due, first_at + DEVICE_MAX_WAIT_S) - now)


@dataclass(frozen=True)
class JoinOptions:
    """``mlew run --join [--host ADDR] [--port N]``: invite the room at start."""

    host: str | None = None
    port: int | None = None
    allow_hosts: tuple[str, ...] = ()


class JoinActions:
    """Participants join from their phones (see the module docstring)."""

    # Provided by MlewApp.
    workshop: Workshop
    tr: Translator
    read_only: bool

    #: The invited room (None until invited, and again once the invitation ends).
    join_room: JoinRoom | None = None
    #: The join panel shows while the room is invited (``j`` hides and shows it).
    join_shown: bool = True
    _join_options: JoinOptions = JoinOptions()
    _join_poll: Timer | None = None
    _join_qr: tuple[str, tuple[str, ...]] = ("", ())
    _join_people: tuple[Any, ...] = ()
    #: Parts the phones changed since the projector's views last showed them.
    _device_parts: frozenset[str] = frozenset()
    _device_flush: Timer | None = None
    _device_since: float = 0.0  # when the first of them came
    #: When the keyboard last pressed a key (phones' changes wait a moment after it).
    _last_key_at: float = 0.0

    def on_key(self, event: Any) -> None:
        self._last_key_at = time.monotonic()

    # -- what the projector shows --------------------------------------------------
    def join_view(self) -> JoinView | None:
        room = self.join_room
        if room is None or not room.running or not self.join_shown:
            return None
        url = room.url
        if self._join_qr[0] != url:
            from .join_qr import qr_rows

            self._join_qr = (url, qr_rows(url))
        tr = self.tr
        people = room.people()
        names = tr("join_app.separator").join(p.name for p in people)
        joined = tr("join_app.joined", n=len(people), names=names) if people else tr("join_app.nobody")
        return JoinView(tr("join_app.heading"), tr("join_app.hint"), self._join_qr[1], tr("join_app.how"), url, joined)

    def _show_join(self) -> None:
        from .screens.base import WorkshopScreen

        for screen in self.screen_stack:  # type: ignore[attr-defined]
            if isinstance(screen, WorkshopScreen):
                screen.show_join()

    # -- keys and palette --------------------------------------------------------------
    def action_invite(self) -> None:
        """Palette *Let participants join*: start the room's server, or show its panel again."""
        if self.read_only:
            self.notify(self.tr("join_app.read_only"), severity="warning", timeout=10)  # type: ignore[attr-defined]
            return
        room = self.join_room
        if room is not None and room.running:
            self.join_shown = True
            self._show_join()
            return
        options = self._join_options
        self.run_worker(self.start_join(options.host, options.port, options.allow_hosts), group="join", exclusive=True)  # type: ignore[attr-defined]

    def action_toggle_join(self) -> None:
        """``j``: hide or show the join panel (while the room is invited)."""
        room = self.join_room
        if room is None or not room.running:
            self.notify(self.tr("join_app.not_running"), timeout=8)  # type: ignore[attr-defined]
            return
        self.join_shown = not self.join_shown
        self._show_join()

    def action_rotate_join(self) -> None:
        """A new link: joined devices must scan again (a link that got out of the room)."""
        room = self.join_room
        if room is None or not room.running:
            self.notify(self.tr("join_app.not_running"), timeout=8)  # type: ignore[attr-defined]
            return
        room.service.rotate()
        self.join_shown = True
        self._show_join()
        self.notify(self.tr("join_app.rotated"), timeout=10)  # type: ignore[attr-defined]

    def action_remove_device(self) -> None:
        """Choose a joined device to remove (its page says so; the person may join again on the link)."""
        from .forms.save_dialogs import Answer, QuestionDialog

        room = self.join_room
        if room is None or not room.running:
            self.notify(self.tr("join_app.not_running"), timeout=8)  # type: ignore[attr-defined]
            return
        people = room.people()[:9]
        if not people:
            self.notify(self.tr("join_app.nobody"), timeout=8)  # type: ignore[attr-defined]
            return
        tr = self.tr
        answers = [Answer(p.device, str(n), tr("join_app.device", name=p.name, device=p.device[:6])) for n, p in enumerate(people, 1)]

        def chosen(device: str | None) -> None:
            current = self.join_room
            if device is None or current is None:
                return
            name = next((p.name for p in people if p.device == device), device)
            current.service.remove(device)
            self._show_join()
            self.notify(tr("join_app.removed", name=name), timeout=8)  # type: ignore[attr-defined]

        self.push_screen(QuestionDialog(tr("join_app.remove_title"), tr("join_app.remove_text"), answers), chosen)  # type: ignore[attr-defined]

    def action_stop_join(self) -> None:
        """End the invitation: the server stops, the pages say the room is closed."""
        if self.join_room is None:
            self.notify(self.tr("join_app.not_running"), timeout=8)  # type: ignore[attr-defined]
            return
        self.run_worker(self._stop_join_and_say(), group="join", exclusive=True)  # type: ignore[attr-defined]

    async def _stop_join_and_say(self) -> None:
        await self.stop_join()
        self.notify(self.tr("join_app.stopped"), timeout=8)  # type: ignore[attr-defined]

    # -- the room's life -------------------------------------------------------------------
    async def start_join(self, host: str | None, port: int | None, allow_hosts: Iterable[str] = ()) -> str | None:
        """Invite the room: the server binds (the LAN address unless ``host``);
        the join URL, or None (said why on the projector)."""
        from .join_room import JoinRoom, JoinStartError

        room = JoinRoom(lambda: self.workshop, self._apply_from_device, read_only=lambda: self.read_only)
        try:
            url = await room.start(host, port, allow_hosts=allow_hosts)
        except JoinStartError as problem:
            self.notify(problem.describe(self.workshop.session.language), severity="error", timeout=20, markup=False)  # type: ignore[attr-defined]
            return None
        room.service.on_conflict(self._join_conflict)
        self.join_room = room
        self.join_shown = True
        self._join_people = room.people()
        self._join_poll = self.set_interval(POLL_S, self._poll_join)  # type: ignore[attr-defined]
        self._show_join()
        return url

    async def stop_join(self) -> None:
        room, self.join_room = self.join_room, None
        if self._join_poll is not None:
            self._join_poll.stop()
            self._join_poll = None
        if room is not None:
            await room.stop()
            self._show_join()

    def _poll_join(self) -> None:
        room = self.join_room
        if room is None:
            return
        room.poll()
        people = room.people()
        if people != self._join_people:
            self._join_people = people
            self._show_join()

    def join_changed(self) -> None:
        """The app published a change: the pages hear of it."""
        if self.join_room is not None:
            self.join_room.changed()

    # -- what the phones send ------------------------------------------------------------
    def _apply_from_device(self, name: str, /, *args: Any, **kwargs: Any) -> Change:
        """A phone's submission, through the same state loop as a key: undoable,
        autosaved, shown at once. A refusal propagates to the service, which
        answers the phone in words (the projector says nothing)."""
        change = self.workshop.apply(name, *args, **kwargs)
        if change:
            self._device_parts |= change.parts
            if self._device_flush is None:
                self._device_since = time.monotonic()
                self._device_flush = self.set_timer(DEVICE_REFRESH_S, self._show_device_changes)  # type: ignore[attr-defined]
        return change

    def _show_device_changes(self) -> None:
        wait = device_wait(time.monotonic(), self._device_since, self._last_key_at)
        if wait > 0:  # the facilitator just pressed a key: their frame first, the phones' next
            self._device_flush = self.set_timer(wait, self._show_device_changes)  # type: ignore[attr-defined]
            return
        self._device_flush = None
        parts, self._device_parts = self._device_parts, frozenset()
        self.publish(Change(parts, "device"))  # type: ignore[attr-defined]

    def _join_conflict(self, conflict: Conflict) -> None:
        """Two phones saved the same Refine text: the projector says who replaced whose (names literal)."""
        room = self.join_room
        if room is not None:
            self.notify(room.service.conflict_message(conflict), severity="warning", timeout=15, markup=False)  # type: ignore[attr-defined]
