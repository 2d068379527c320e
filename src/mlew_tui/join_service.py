"""Participants' devices in the running workshop (issue #20), without any UI
or network: what the join server asks of the app.

The server (:mod:`mlew_tui.join_server`) turns HTTP requests into calls on a
:class:`JoinService`; the app (:class:`mlew_tui.app.MlewApp`) owns one while
participants may join and applies every submission through its state loop
(``apply``), like a key. The contract the page relies on is
``docs/JOIN_API.md``.

What the service keeps (in memory only; nothing of it is saved):

- the link's **token** (:meth:`JoinService.check_token` compares in constant
  time; :meth:`JoinService.rotate` makes a new one and forgets every device);
- the **devices** and whom each is (:meth:`JoinService.join`); a removed
  device is answered ``410 removed`` until the link is rotated;
- a **budget** per device (a token bucket of :data:`BUDGET_BURST`, refilled
  at :data:`BUDGET_PER_S` a second, on the injected monotonic clock);
- the **ledger** of answers by ``(device, submission id)``: a retry after a
  Wi-Fi drop gets the first answer again (``"duplicate": true``) and is
  never applied twice. Answers about the submission itself are kept
  (successes and refusals); those about the moment (``423``, ``429``, a
  device not joined or removed) are not, so a retry later may succeed;
- who last saved each **Refine text** through a phone, to flag a later save
  over another participant's text (:class:`Conflict`).

What a submission becomes is :mod:`mlew_tui.domain.join`'s business; the
service applies it through ``apply`` (the app's state loop) and turns the
workshop's refusals into ``422 refused`` with the session's words.
"""

from __future__ import annotations

import hmac
import re
import secrets
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from .domain import join as rules
from .domain.change import Change
from .domain.invent import Refused
from .domain.setup import SetupError
from .domain.timer import CycleTimer
from .domain.validation import OutOfBounds
from .i18n import Language, Translator, catalog
from .workshop import Workshop

#: The join link's secret: 16 random bytes (128 bits), URL-safe (22 characters):
#: a longer one would make the QR code a size larger, too large for 80x24.
TOKEN_BYTES = 16
#: A device's request budget: a bucket of this many, refilled per second.
BUDGET_BURST, BUDGET_PER_S = 40, 10.0
#: Bodies larger than this are refused (413).
MAX_BODY = 16 * 1024
#: A device id and a submission id, as the page makes them.
DEVICE_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
SID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
#: Answers the ledger keeps (the oldest go first): far more than a room sends in a day.
LEDGER_MAX = 20_000
#: Budgets kept at most; beyond, the full ones (idle keys) are forgotten.
BUCKETS_MAX = 4_096
#: The catalog table whose keys are the page's words (``strings``), without the prefix.
PAGE_PREFIX = "join_page."


class JoinError(Exception):
    """A refusal the API answers with ``status`` and ``{"ok": false, "error": code, "message": message}``.

    ``duplicate``: the ledger's answer to a submission sent again (the body says ``"duplicate": true``)."""

    def __init__(self, status: int, code: str, message: str, *, retry_after: float | None = None, duplicate: bool = False) -> None:
        super().__init__(code)
        self.status, self.code, self.message, self.retry_after = status, code, message, retry_after
        self.duplicate = duplicate

    def body(self) -> dict[str, Any]:
        """The JSON body of the answer."""
        out: dict[str, Any] = {"ok": False, "error": self.code, "message": self.message}
        if self.duplicate:
            out["duplicate"] = True
        return out


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


@cache
def page_strings(language: Language) -> dict[str, str]:
    """Every word of the page in ``language``: the catalog's ``join_page.*`` keys, without the prefix."""
    return {key[len(PAGE_PREFIX) :]: text for key, text in catalog(language).items() if key.startswith(PAGE_PREFIX)}


#: Answers about the moment, not the submission: never kept in the ledger.
_NOT_KEPT = frozenset({"slow_down", "read_only", "not_joined", "removed"})


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
        self._workshop = workshop
        self._apply = apply
        self._read_only = read_only
        self._monotonic = monotonic
        self._new_token = token
        self._token = token()
        self._devices: dict[str, Device] = {}
        self._removed: set[str] = set()
        self._buckets: dict[str, tuple[float, float]] = {}
        self._ledger: OrderedDict[tuple[str, str], dict[str, Any] | JoinError] = OrderedDict()
        self._revision = 0
        self._listeners: list[Callable[[], None]] = []
        self._conflict_callbacks: list[Callable[[Conflict], None]] = []
        #: Refine field -> the participant who last saved it from a phone.
        self._writers: dict[str, str] = {}

    # -- words ---------------------------------------------------------------
    @property
    def language(self) -> Language:
        """The session's language (the server's own messages use it)."""
        return self._workshop().session.language

    def tr(self) -> Translator:
        return Translator(self.language)

    def message(self, code: str) -> str:
        """The words of the API's error ``code`` in the session's language."""
        return self.tr()(f"join.error.{code}")

    def _error(self, status: int, code: str, message: str = "", **kwargs: Any) -> JoinError:
        return JoinError(status, code, message or self.message(code), **kwargs)

    # -- the link ----------------------------------------------------------
    @property
    def token(self) -> str:
        return self._token

    def rotate(self) -> str:
        """A new token; every device must join again with the new link."""
        self._token = self._new_token()
        self._devices.clear()
        self._removed.clear()  # the new link is the facilitator's to hand out again
        self._writers.clear()
        return self._token

    # -- the projector's view of the devices -------------------------------
    @property
    def devices(self) -> tuple[Device, ...]:
        return tuple(self._devices.values())

    def remove(self, device: str) -> None:
        """Forget ``device``; its later requests are ``410 removed``."""
        self._devices.pop(device, None)
        self._removed.add(device)

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

    # -- what the API does ---------------------------------------------------
    def check_token(self, token: str) -> None:
        """``JoinError(404, "not_found")`` unless ``token`` is the current one (constant-time compare)."""
        if not isinstance(token, str) or not hmac.compare_digest(token.encode("utf-8", "surrogatepass"), self._token.encode()):
            raise self._error(404, "not_found")

    def spend(self, key: str) -> None:
        """One request from ``key`` (a device id, or ``"addr:" + client address``);
        ``JoinError(429, "slow_down", retry_after=...)`` beyond its budget."""
        now = self._monotonic()
        tokens, at = self._buckets.get(key, (float(BUDGET_BURST), now))
        tokens = min(float(BUDGET_BURST), tokens + max(0.0, now - at) * BUDGET_PER_S)
        if tokens < 1.0:
            self._buckets[key] = (tokens, now)
            raise self._error(429, "slow_down", retry_after=(1.0 - tokens) / BUDGET_PER_S)
        self._buckets[key] = (tokens - 1.0, now)
        if len(self._buckets) > BUCKETS_MAX:
            self._forget_idle_buckets(now)
        known = self._devices.get(key)
        if known is not None:
            self._devices[key] = replace(known, seen=now)

    def _forget_idle_buckets(self, now: float) -> None:
        """Drop the budgets that have refilled (a key seen again starts full anyway)."""
        full_after = BUDGET_BURST / BUDGET_PER_S
        for key in [k for k, (_, at) in self._buckets.items() if now - at >= full_after]:
            del self._buckets[key]

    def _check_device(self, device: Any) -> str:
        if not isinstance(device, str) or not DEVICE_PATTERN.match(device):
            raise self._error(400, "bad_request")
        if device in self._removed:
            raise self._error(410, "removed")
        return device

    def _person(self, device: str) -> str | None:
        """The participant ``device`` joined as, while they are still in the session."""
        known = self._devices.get(device)
        if known is None:
            return None
        self._devices[device] = replace(known, seen=self._monotonic())
        return known.person if self._workshop().session.participant(known.person) is not None else None

    def state(self, device: str | None) -> dict[str, Any]:
        """The JSON the page shows (``docs/JOIN_API.md``, State) for ``device``."""
        person = self._person(self._check_device(device)) if device is not None else None
        workshop = self._workshop()
        session = workshop.session
        tr = Translator(session.language)
        step = rules.step_state(session, tr)
        presented = workshop.timer.position.case_id if isinstance(workshop.timer, CycleTimer) else None
        me = None
        if person is not None and device is not None:
            participant = session.participant(person)
            me = {"device": device, "person": person, "name": participant.name if participant else person}
        return {
            "ok": True,
            "revision": self._revision,
            "language": session.language,
            "strings": dict(page_strings(session.language)),
            "title": session.title,
            "people": [{"id": p.id, "name": p.name} for p in session.participants],
            "me": me,
            "step": step,
            "timer": self._timer(workshop),
            "work": rules.work(session, person, step["mode"], tr, presented=presented),
        }

    @staticmethod
    def _timer(workshop: Workshop) -> dict[str, Any]:
        timer = workshop.timer
        duration = timer.countdown.duration_s if isinstance(timer, CycleTimer) else timer.duration_s
        return {"running": timer.running, "remaining_s": round(timer.remaining, 1), "duration_s": duration}

    def join(self, device: str, person: str) -> dict[str, Any]:
        """``device`` is participant ``person`` from now on; the answer is the device's state."""
        device = self._check_device(device)
        if not isinstance(person, str) or self._workshop().session.participant(person) is None:
            raise self._error(404, "not_found", self.tr()("join.refused.person"))
        self._devices.pop(device, None)  # a device that joins again goes to the end of the list
        self._devices[device] = Device(device, person, self._monotonic())
        return self.state(device)

    def submit(self, device: str, sid: str, action: str, args: dict[str, Any]) -> dict[str, Any]:
        """Apply one submission once (a retry with the same ``sid`` gets the first answer, ``duplicate: true``)."""
        device = self._check_device(device)
        if not isinstance(sid, str) or not SID_PATTERN.match(sid):
            raise self._error(400, "bad_request")
        person = self._person(device)
        if person is None:
            raise self._error(409, "not_joined")
        key = (device, sid)
        kept = self._ledger.get(key)
        if isinstance(kept, JoinError):
            raise JoinError(kept.status, kept.code, kept.message, duplicate=True)
        if kept is not None:
            return {**kept, "duplicate": True}
        if self._read_only():
            raise self._error(423, "read_only")
        try:
            answer = self._submit(person, sid, action, args)
        except JoinError as error:
            if error.code not in _NOT_KEPT:
                self._keep(key, error)
            raise
        self._keep(key, answer)
        return answer

    def _keep(self, key: tuple[str, str], answer: dict[str, Any] | JoinError) -> None:
        self._ledger[key] = answer
        while len(self._ledger) > LEDGER_MAX:
            self._ledger.popitem(last=False)

    def _submit(self, person: str, sid: str, action: str, args: dict[str, Any]) -> dict[str, Any]:
        session = self._workshop().session
        tr = Translator(session.language)
        mode = rules.mode_of(session.progress.step, session.progress.view)
        try:
            sub = rules.submission(session, person, action, args, mode=mode)
        except rules.Refusal as refusal:
            message = tr(refusal.key, **refusal.params) if refusal.key else tr(f"join.error.{refusal.code}")
            raise JoinError(refusal.status, refusal.code, message) from None
        try:
            change = self._apply(sub.command, *sub.args, **sub.kwargs)
        except (Refused, SetupError) as error:
            raise JoinError(422, "refused", tr(error.key, **error.params)) from None
        except OutOfBounds as error:
            raise JoinError(422, "refused", error.render(tr)) from None
        except (KeyError, IndexError):  # the record went between the check and the command
            raise JoinError(404, "not_found", tr("join.error.not_found")) from None
        except ValueError:
            raise JoinError(422, "refused", tr("join.error.refused")) from None
        result = dict(sub.result)
        made = change.result
        if isinstance(made, str):
            result["id"] = made
        elif isinstance(getattr(made, "id", None), str):
            result["id"] = made.id
        return {"ok": True, "id": sid, "duplicate": False, "conflict": self._conflict(sub, person), "result": result}

    def _conflict(self, sub: rules.Submission, person: str) -> bool:
        """Record ``person`` as the last writer of a Refine text; ``True`` (and the
        callbacks told) when they saved over another participant's newer text."""
        if sub.command in ("remove_faq", "remove_step"):
            # the entries after the removed one move up: their writers are no longer known
            prefix = "refine.steps." if sub.command == "remove_step" else f"refine.{sub.args[0]}."
            self._writers = {k: v for k, v in self._writers.items() if not k.startswith(prefix)}
        if not sub.target:
            return False
        earlier = self._writers.get(sub.target)
        self._writers[sub.target] = person
        if sub.base is None or sub.base == sub.current or earlier is None or earlier == person:
            return False
        conflict = Conflict(sub.target, later=person, earlier=earlier)
        for callback in list(self._conflict_callbacks):
            callback(conflict)
        return True

    def on_conflict(self, callback: Callable[[Conflict], None]) -> None:
        """Call ``callback`` when a later save overwrote another participant's Refine text."""
        self._conflict_callbacks.append(callback)

    def conflict_message(self, conflict: Conflict) -> str:
        """What the projector says of ``conflict``: who saved over whose text, where (user text: show it literally)."""
        session = self._workshop().session
        tr = Translator(session.language)

        def name(pid: str) -> str:
            person = session.participant(pid)
            return person.name if person is not None else pid

        return tr("join.conflict.message", later=name(conflict.later), earlier=name(conflict.earlier), field=field_label(conflict.field, tr))


def field_label(field: str, tr: Callable[..., str]) -> str:
    """The words for a Refine field key of :class:`Conflict` (``refine.offer``, ``refine.steps.0`` ...)."""
    parts = field.split(".")
    if len(parts) == 3 and parts[2].isdigit():
        n = int(parts[2]) + 1
        if parts[1] == "steps":
            return tr("join.conflict.step", n=n)
        if parts[1] in ("internal_faq", "customer_faq"):
            return tr(f"join.conflict.{parts[1]}", n=n)
    if len(parts) == 2:
        return tr(f"diag.part.{parts[1]}")
    return field
