"""A small stand-in for :class:`mlew_tui.join_service.JoinService` for the
join server's tests: the same methods, a few participants, every call recorded.
It checks no workshop rule; the server's tests are about HTTP, not the workshop."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

from mlew_tui.join_service import JoinError

PEOPLE = [{"id": "sato", "name": "佐藤"}, {"id": "lee", "name": "Lee"}]


class FakeService:
    """Token, budgets, state, join, submit and listeners, in memory."""

    def __init__(self, token: str = "tok-" + "A" * 28, language: str = "en") -> None:
        self._token = token
        self.language = language
        self.revision = 0
        self.listeners: list[Callable[[], None]] = []
        self.spent: list[str] = []
        #: Budget keys that are over their budget (429).
        self.over: set[str] = set()
        self.joined: dict[str, str] = {}
        self.removed: set[str] = set()
        self.submissions: list[tuple[str, str, str, dict[str, Any]]] = []
        self.answers: dict[tuple[str, str], dict[str, Any]] = {}
        #: Raised by state(), join() and submit() when set (an unexpected failure).
        self.fail: BaseException | None = None
        self.states: list[str | None] = []

    # -- the link ---------------------------------------------------------
    @property
    def token(self) -> str:
        return self._token

    def rotate(self) -> str:
        self._token = secrets.token_urlsafe(24)
        return self._token

    def message(self, code: str) -> str:
        return f"{self.language}:{code}"

    def check_token(self, token: str) -> None:
        if not secrets.compare_digest(token.encode(), self._token.encode()):
            raise JoinError(404, "not_found", self.message("not_found"))

    def spend(self, key: str) -> None:
        self.spent.append(key)
        if key in self.over:
            raise JoinError(429, "slow_down", self.message("slow_down"), retry_after=2.5)

    # -- notification -----------------------------------------------------
    def changed(self) -> None:
        self.revision += 1
        for callback in list(self.listeners):
            callback()

    def listen(self, callback: Callable[[], None]) -> Callable[[], None]:
        self.listeners.append(callback)
        return lambda: self.listeners.remove(callback)

    # -- the API -------------------------------------------------------------
    def _check(self, device: str | None) -> None:
        if self.fail is not None:
            raise self.fail
        if device in self.removed:
            raise JoinError(410, "removed", self.message("removed"))

    def state(self, device: str | None) -> dict[str, Any]:
        self._check(device)
        self.states.append(device)
        person = self.joined.get(device) if device else None
        me = None if person is None else {"device": device, "person": person, "name": next(p["name"] for p in PEOPLE if p["id"] == person)}
        return {"ok": True, "revision": self.revision, "language": self.language, "people": PEOPLE, "me": me, "work": {}}

    def join(self, device: str, person: str) -> dict[str, Any]:
        self._check(device)
        if person not in {p["id"] for p in PEOPLE}:
            raise JoinError(404, "not_found", self.message("not_found"))
        self.joined[device] = person
        return {"ok": True, "me": {"device": device, "person": person}}

    def submit(self, device: str, sid: str, action: str, args: dict[str, Any]) -> dict[str, Any]:
        self._check(device)
        if device not in self.joined:
            raise JoinError(409, "not_joined", self.message("not_joined"))
        first = self.answers.get((device, sid))
        if first is not None:
            return {**first, "duplicate": True}
        if action != "add_review":
            raise JoinError(400, "bad_request", self.message("bad_request"))
        self.submissions.append((device, sid, action, args))
        answer = {"ok": True, "id": sid, "duplicate": False, "result": {"id": f"r{len(self.submissions)}"}}
        self.answers[(device, sid)] = answer
        return answer
