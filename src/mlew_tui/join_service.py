"""Participants' devices in the running workshop (issue #20), without any UI
or network: what the join server asks of the app.

The server (:mod:`mlew_tui.join_server`) turns HTTP requests into calls on a
:class:`JoinService`; the app (:class:`mlew_tui.app.MlewApp`) owns one while
participants may join and applies every submission through its state loop
(``apply``), like a key. The contract the page relies on is
``docs/JOIN_API.md``.

What a device sees and may send is :mod:`mlew_tui.domain.join`'s (pure);
this module keeps what lives as long as the room: the token, the devices,
the budgets, the ledger of submissions already answered, who last wrote
each Refine text, and the listeners of the event streams.
"""

from __future__ import annotations

import hmac
import secrets
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from .domain import agenda
from .domain import join as rules
from .domain.commands import Change
from .domain.invent import Refused
from .domain.setup import SetupError
from .domain.timer import CycleTimer
from .domain.validation import OutOfBounds
from .i18n import Language, Translator, catalog
from .workshop import Workshop

#: The join link's secret: 24 random bytes (192 bits), URL-safe.
TOKEN_BYTES = 24
#: A device's request budget: a bucket of this many, refilled per second.
BUDGET_BURST, BUDGET_PER_S = 40, 10.0
#: Bodies larger than this are refused (413).
MAX_BODY = 16 * 1024
#: Answers kept for retries (a device resends an unanswered submission with its id).
LEDGER_SIZE = 20_000
#: Budgets kept (the oldest, full again by then, are forgotten beyond this).
BUDGETS_KEPT = 4_096


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
        self._workshop, self._apply, self._read_only = workshop, apply, read_only
        self._monotonic, self._make_token = monotonic, token
        self._token = token()
        self._devices: dict[str, Device] = {}
        self._removed: set[str] = set()
        self._budgets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._ledger: OrderedDict[tuple[str, str], dict[str, Any] | JoinError] = OrderedDict()
        self._writers: dict[str, str] = {}
        self._revision = 0
        self._listeners: list[Callable[[], None]] = []
        self._conflict_callbacks: list[Callable[[Conflict], None]] = []

    # -- the link ----------------------------------------------------------
    @property
    def token(self) -> str:
        return self._token

    def rotate(self) -> str:
        """A new token; every device must join again with the new link."""
        self._token = self._make_token()
        self._devices.clear()
        self._removed.clear()
        self._ledger.clear()
        self._writers.clear()
        self.changed()
        return self._token

    # -- the projector's view of the devices -------------------------------
    @property
    def devices(self) -> tuple[Device, ...]:
        return tuple(self._devices.values())

    def remove(self, device: str) -> None:
        """Forget ``device``; its later requests are ``410 removed``."""
        self._devices.pop(device, None)
        self._removed.add(device)
        self.changed()

    # -- change notification (server-sent events) --------------------------
    @property
    def revision(self) -> int:
        """Grows with every :meth:`changed` (the page's ``revision``)."""
        return self._revision

    def changed(self) -> None:
        """The app published a change (any part: steps, timer, work, language): tell listeners."""
        self._revision += 1
        for callback in list(self._listeners):
            callback()

    def listen(self, callback: Callable[[], None]) -> Callable[[], None]:
        """Call ``callback`` after every :meth:`changed`; returns the function that stops it."""
        self._listeners.append(callback)

        def stop() -> None:
            if callback in self._listeners:
                self._listeners.remove(callback)

        return stop

    def on_conflict(self, callback: Callable[[Conflict], None]) -> None:
        """Call ``callback`` when a later save overwrote another participant's Refine text."""
        self._conflict_callbacks.append(callback)

    # -- words ---------------------------------------------------------------
    @property
    def language(self) -> Language:
        return self._workshop().session.language

    def _tr(self) -> Translator:
        return Translator(self.language)

    def message(self, code: str) -> str:
        """The words of an error ``code`` in the session's language."""
        return self._tr()(f"join.error.{code}")

    def _error(self, status: int, code: str, message: str | None = None, **kwargs: Any) -> JoinError:
        return JoinError(status, code, message if message is not None else self.message(code), **kwargs)

    # -- what the API does ---------------------------------------------------
    def check_token(self, token: str) -> None:
        """``JoinError(404, "not_found")`` unless ``token`` is the current one (constant-time compare)."""
        if not hmac.compare_digest(token.encode("utf-8", "surrogateescape"), self._token.encode()):
            raise self._error(404, "not_found")

    def spend(self, key: str) -> None:
        """One request from ``key`` (a device id, or ``"addr:" + client address``);
        ``JoinError(429, "slow_down", retry_after=...)`` beyond its budget."""
        now = self._monotonic()
        tokens, last = self._budgets.pop(key, (float(BUDGET_BURST), now))
        tokens = min(float(BUDGET_BURST), tokens + (now - last) * BUDGET_PER_S)
        if tokens < 1:
            self._budgets[key] = (tokens, now)
            raise self._error(429, "slow_down", retry_after=(1 - tokens) / BUDGET_PER_S)
        self._budgets[key] = (tokens - 1, now)
        while len(self._budgets) > BUDGETS_KEPT:
            self._budgets.popitem(last=False)

    def _person(self, device: str) -> str | None:
        """The participant ``device`` joined as (None: not joined, or no longer in the session)."""
        if device in self._removed:
            raise self._error(410, "removed")
        joined = self._devices.get(device)
        if joined is None or self._workshop().session.participant(joined.person) is None:
            return None
        self._devices[device] = replace(joined, seen=self._monotonic())
        return joined.person

    def state(self, device: str | None) -> dict[str, Any]:
        """The JSON the page shows (``docs/JOIN_API.md``, State) for ``device``."""
        workshop = self._workshop()
        session = workshop.session
        tr = Translator(session.language)
        person = self._person(device) if device else None
        step = workshop.step
        view = agenda.working_step(step.id, session.progress.view)
        mode = rules.mode_of(step.id, session.progress.view)
        timer = workshop.timer
        presented = timer.position.case_id if isinstance(timer, CycleTimer) else None
        me = None
        if person is not None:
            found = session.participant(person)
            me = {"device": device, "person": person, "name": found.name if found else person}
        return {
            "ok": True,
            "revision": self._revision,
            "language": session.language,
            "strings": page_strings(session.language),
            "title": session.title,
            "people": [{"id": p.id, "name": p.name} for p in session.participants],
            "me": me,
            "step": {
                "id": step.id,
                "view": view,
                "title": tr(step.title_key),
                "phase": tr(step.phase_key),
                "what": tr(f"step.{view}.what") if view != step.id else tr(step.what_key),
                "mode": mode,
            },
            "timer": {"running": timer.running, "remaining_s": round(float(timer.remaining), 1), "duration_s": int(getattr(timer, "duration_s", 0) or 0)},
            "work": rules.work(session, mode, person, tr, presented=presented) if person is not None else {},
        }

    def join(self, device: str, person: str) -> dict[str, Any]:
        """``device`` is participant ``person`` from now on."""
        if device in self._removed:
            raise self._error(410, "removed")
        found = self._workshop().session.participant(person) if isinstance(person, str) else None
        if found is None:
            raise self._error(404, "not_found")
        self._devices.pop(device, None)  # a device that changes person moves to the end
        self._devices[device] = Device(device, found.id, self._monotonic())
        return {"ok": True, "device": device, "person": found.id, "name": found.name}

    def submit(self, device: str, sid: str, action: str, args: dict[str, Any]) -> dict[str, Any]:
        """Apply one submission once (a retry with the same ``sid`` gets the first answer, ``duplicate: true``)."""
        key = (device, sid)
        answered = self._ledger.get(key)
        if isinstance(answered, JoinError):
            raise answered
        if answered is not None:
            return {**answered, "duplicate": True}
        person = self._person(device)
        if person is None:
            raise self._error(409, "not_joined")
        if self._read_only():
            raise self._error(423, "read_only")
        try:
            answer = self._apply_call(person, sid, action, args)
        except JoinError as refused:
            self._keep(key, refused)
            raise
        self._keep(key, answer)
        return answer

    def _keep(self, key: tuple[str, str], answer: dict[str, Any] | JoinError) -> None:
        self._ledger[key] = answer
        while len(self._ledger) > LEDGER_SIZE:
            self._ledger.popitem(last=False)

    def _apply_call(self, person: str, sid: str, action: str, args: dict[str, Any]) -> dict[str, Any]:
        workshop = self._workshop()
        session = workshop.session
        tr = Translator(session.language)
        mode = rules.mode_of(workshop.step.id, session.progress.view)
        try:
            call = rules.to_call(session, mode, person, action, args, tr)
        except rules.Refusal as refusal:
            raise self._error(refusal.status, refusal.code, tr(refusal.key, **refusal.params)) from None
        earlier = self._writers.get(call.conflict) if call.conflict else None
        conflict = bool(call.conflict) and call.base is not None and call.base != call.current and earlier is not None and earlier != person
        try:
            change = self._apply(call.name, *call.args, **call.kwargs)
        except (Refused, SetupError) as refused:
            raise self._error(422, "refused", tr(refused.key, **refused.params)) from None
        except OutOfBounds as refused:
            raise self._error(422, "refused", refused.render(tr)) from None
        except (ValueError, KeyError):
            raise self._error(422, "refused") from None
        if call.conflict:
            self._writers[call.conflict] = person
        made = change.result
        result = {"id": made} if isinstance(made, str) else {"id": made.id} if isinstance(getattr(made, "id", None), str) else {}
        if conflict and earlier is not None:
            for callback in list(self._conflict_callbacks):
                callback(Conflict(call.label, later=person, earlier=earlier))
        return {"ok": True, "id": sid, "duplicate": False, "result": result, "conflict": conflict}


@cache
def page_strings(language: Language) -> dict[str, str]:
    """Every word the page shows (the ``join_page.*`` keys, the prefix taken off)."""
    prefix = "join_page."
    return {key[len(prefix) :]: value for key, value in catalog(language).items() if key.startswith(prefix)}
