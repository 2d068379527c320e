"""The room the app invites (issue #20): the join service, its web server and
the link, started and stopped inside the running app's event loop. No Textual
here: the app (:mod:`mlew_tui.app_join`) shows it.

The server, the page and segno are imported only when a room is invited.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .domain.change import Change
from .workshop import Workshop

if TYPE_CHECKING:
    from .join_server import JoinServer
    from .join_service import JoinService

#: The port a room is invited on unless ``--port`` says otherwise (when it is
#: taken, another free one is used: a room needs a link, not a number).
DEFAULT_PORT = 8765


class JoinStartError(Exception):
    """The room could not be invited (no network address, the port taken ...):
    :meth:`describe` says why in a language."""

    def __init__(self, problem: OSError) -> None:
        super().__init__(str(problem))
        self.problem = problem

    def describe(self, lang: str) -> str:
        describe = getattr(self.problem, "describe", None)
        return str(describe(lang)) if describe is not None else str(self.problem)


@dataclass(frozen=True)
class Joined:
    """A device on the projector's list: whose it is, and its id."""

    device: str
    person: str
    name: str


def moment_of(workshop: Workshop) -> Hashable:
    """What the pages show that can change without a command: the step, its
    view, the countdown's state and Invent's presented case (the cycle moves
    on its own). The room compares it twice a second and tells the pages."""
    timer = workshop.timer
    position = getattr(timer, "position", None)
    return (
        workshop.day,
        workshop.step.id,
        workshop.session.progress.view,
        timer.status.value,
        getattr(position, "case_id", None),
        getattr(position, "part", None),
        workshop.session.language,
    )


class JoinRoom:
    """One invited room: ``start`` binds the server, ``stop`` ends it."""

    def __init__(
        self,
        workshop: Callable[[], Workshop],
        apply: Callable[..., Change],
        *,
        read_only: Callable[[], bool],
    ) -> None:
        from .join_service import JoinService

        self.service: JoinService = JoinService(workshop, apply, read_only=read_only)
        self._workshop = workshop
        self._server: JoinServer | None = None
        self._moment: Hashable = moment_of(workshop())
        self._dirty = False

    @property
    def running(self) -> bool:
        return self._server is not None

    @property
    def url(self) -> str:
        return self._server.url if self._server is not None else ""

    async def start(self, host: str | None, port: int | None, *, allow_hosts: Iterable[str] = ()) -> str:
        """Bind to ``host`` (the LAN address when None) and ``port`` (the
        default, or any free one when the default is taken); the join URL."""
        from .join_net import NoNetworkAddress, choose_host
        from .join_server import BindError, JoinServer

        try:
            address = choose_host(host)
        except NoNetworkAddress as problem:
            raise JoinStartError(problem) from None
        # The usual port, or any free one when it is taken (unless --port named one).
        tried = [port] if port is not None else [DEFAULT_PORT, 0]
        for number in tried:
            server = JoinServer(self.service, address, number, allow_hosts=allow_hosts)
            try:
                await server.start()
            except BindError as problem:
                if problem.problem == "in_use" and number != tried[-1]:
                    continue
                raise JoinStartError(problem) from None
            except NoNetworkAddress as problem:  # bound to every interface, and no LAN address to name
                raise JoinStartError(problem) from None
            self._server = server
            return server.url
        raise AssertionError("unreachable: the last port tried raises")

    async def stop(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            await server.stop()

    def people(self) -> tuple[Joined, ...]:
        """The joined devices, in the order they joined, with their participant's name."""
        session = self._workshop().session
        out = []
        for device in self.service.devices:
            person = session.participant(device.person)
            out.append(Joined(device.id, device.person, person.name if person is not None else device.person))
        return tuple(out)

    def changed(self) -> None:
        """The app published a change: the pages hear of it at the next :meth:`poll`
        (a burst of submissions from twelve phones makes one event per page, not hundreds)."""
        self._dirty = True

    def poll(self) -> None:
        """Four times a second: what changed since (a command, or the cycle
        moving on by itself) reaches the pages as one event."""
        moment = moment_of(self._workshop())
        if self._dirty or moment != self._moment:
            self._dirty = False
            self._moment = moment
            self.service.changed()
