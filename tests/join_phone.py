"""A participant's phone, as a test drives it: the join page's JSON API
(docs/JOIN_API.md) over real HTTP on loopback, without the page."""

from __future__ import annotations

import asyncio
import base64
import os
from typing import Any

import aiohttp

from mlew_tui.app import MlewApp


def new_id() -> str:
    return base64.urlsafe_b64encode(os.urandom(16)).rstrip(b"=").decode()


class Phone:
    """One device: it joins as ``person`` and sends submissions with fresh ids."""

    def __init__(self, client: aiohttp.ClientSession, url: str, person: str = "") -> None:
        self.client, self.url, self.person, self.device = client, url, person, new_id()

    async def join(self, person: str | None = None) -> tuple[int, dict[str, Any]]:
        self.person = person or self.person
        return await self.post("api/join", {"device": self.device, "person": self.person})

    async def submit(self, action: str, sid: str | None = None, **args: Any) -> tuple[int, dict[str, Any]]:
        return await self.post("api/submit", {"device": self.device, "id": sid or new_id(), "action": action, "args": args})

    async def state(self) -> tuple[int, dict[str, Any]]:
        async with self.client.get(self.url + "api/state", params={"device": self.device}) as response:
            return response.status, await response.json()

    async def post(self, path: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        async with self.client.post(self.url + path, json=body) as response:
            return response.status, await response.json()


async def invited(app: MlewApp, tries: int = 200) -> str:
    """The join URL once the app's room is invited (the server binds in a worker)."""
    for _ in range(tries):
        room = app.join_room
        if room is not None and room.running:
            return room.url
        await asyncio.sleep(0.05)
    raise AssertionError("the room was never invited")
