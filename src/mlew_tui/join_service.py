"""Participants' devices in the running workshop (issue #20), without any UI
or network: what the join server asks of the app.

The server (:mod:`mlew_tui.join_server`) turns HTTP requests into calls on a
:class:`JoinService`; the app (:class:`mlew_tui.app.MlewApp`) owns one while
participants may join and applies every submission through its state loop
(``apply``), like a key. The contract the page relies on is
``docs/JOIN_API.md``.

INTERFACE SKELETON: the lead wrote the signatures; the helper on branch
``join-core`` fills them in (with :mod:`mlew_tui.domain.join`).
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .domain.commands import Change
from .workshop import Workshop

#: The join link's secret: 24 random bytes (192 bits), URL-safe.
TOKEN_BYTES = 24
#: A device's request budget: a bucket of this many, refilled per second.
BUDGET_BURST, BUDGET_PER_S = 40, 10.0
#: Bodies larger than this are refused (413).
MAX_BODY = 16 * 1024


class JoinError(Exception):
    """A refusal the API answers with ``status`` and ``{"ok": false, "error": code, "message": message}``."""

    def __init__(self, status: int, code: str, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(code)
        self.status, self.code, self.message, self.retry_after = status, code, message, retry_after


@dataclass(frozen=True)
class Device:
    """A joined phone or laptop, as the projector's join panel lists it."""

    id: str
    person: str
    #: When it last asked for anything (the service's monotonic clock).
    seen: float


@dataclass(frozen=True)
class Conflict:
    """Two participants saved the same Refine field: ``later`` overwrote ``earlier``'s text."""

    field: str
    later: str
    earlier: str


class JoinService:
    """Devices, the token, the submission ledger and the budgets (see the module docstring).

    ``workshop`` gives the app's current workshop (the app may rebuild it when
    the file is reloaded). ``apply(name, *args, **kwargs)`` applies a command
    through the app's state loop and returns its Change; a domain refusal
    (``Refused``, ``OutOfBounds``, ``SetupError``, ``ValueError``) propagates
    and becomes ``422 refused``. ``read_only``: every submission is ``423``.
    """

    def __init__(
        self,
        workshop: Callable[[], Workshop],
        apply: Callable[..., Change],
        *,
        read_only: Callable[[], bool] = lambda: False,
        monotonic: Callable[[], float] = time.monotonic,
        token: Callable[[], str] = lambda: secrets.token_urlsafe(TOKEN_BYTES),
    ) -> None:
        raise NotImplementedError

    # -- the link ----------------------------------------------------------
    @property
    def token(self) -> str:
        raise NotImplementedError

    def rotate(self) -> str:
        """A new token; every device must join again with the new link."""
        raise NotImplementedError

    # -- the projector's view of the devices -------------------------------
    @property
    def devices(self) -> tuple[Device, ...]:
        raise NotImplementedError

    def remove(self, device: str) -> None:
        """Forget ``device``; its later requests are ``410 removed``."""
        raise NotImplementedError

    # -- change notification (server-sent events) --------------------------
    @property
    def revision(self) -> int:
        """Grows with every :meth:`changed` (the page's ``revision``)."""
        raise NotImplementedError

    def changed(self) -> None:
        """The app published a change (any part: steps, timer, work, language): tell listeners."""
        raise NotImplementedError

    def listen(self, callback: Callable[[], None]) -> Callable[[], None]:
        """Call ``callback`` after every :meth:`changed`; returns the function that stops it."""
        raise NotImplementedError

    # -- what the API does ---------------------------------------------------
    def check_token(self, token: str) -> None:
        """``JoinError(404, "not_found")`` unless ``token`` is the current one (constant-time compare)."""
        raise NotImplementedError

    def spend(self, key: str) -> None:
        """One request from ``key`` (a device id, or ``"addr:" + client address``);
        ``JoinError(429, "slow_down", retry_after=...)`` beyond its budget."""
        raise NotImplementedError

    def state(self, device: str | None) -> dict[str, Any]:
        """The JSON the page shows (``docs/JOIN_API.md``, State) for ``device``."""
        raise NotImplementedError

    def join(self, device: str, person: str) -> dict[str, Any]:
        """``device`` is participant ``person`` from now on."""
        raise NotImplementedError

    def submit(self, device: str, sid: str, action: str, args: dict[str, Any]) -> dict[str, Any]:
        """Apply one submission once (a retry with the same ``sid`` gets the first answer, ``duplicate: true``)."""
        raise NotImplementedError

    def on_conflict(self, callback: Callable[[Conflict], None]) -> None:
        """Call ``callback`` when a later save overwrote another participant's Refine text."""
        raise NotImplementedError
