"""``python -m benchmarks.join_clients URL PEOPLE SECONDS RATE``: devices that
post reviews to a join link (issue #20's load), in a process of their own so
that the app's event loop serves them and nothing else.

Each device joins as one participant, then adds a review ``RATE`` times a
second for ``SECONDS``; every tenth submission is sent twice with the same id
(a retry after a Wi-Fi drop). Prints one JSON line: what was sent and answered.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import sys
import time
from typing import Any

import aiohttp


def _id() -> str:
    return base64.urlsafe_b64encode(os.urandom(16)).rstrip(b"=").decode()


async def _device(client: aiohttp.ClientSession, url: str, person: str, seconds: float, rate: float, out: dict[str, Any]) -> None:
    device = _id()
    async with client.post(url + "api/join", json={"device": device, "person": person}) as response:
        if response.status != 200:
            out["join_failures"] += 1
            return
    start = time.monotonic()
    n = 0
    while (elapsed := time.monotonic() - start) < seconds:
        due = start + n / rate
        if due > time.monotonic():
            await asyncio.sleep(due - time.monotonic())
        text = f"{person} load {n}"
        body: dict[str, Any] = {"device": device, "id": _id(), "action": "add_review", "args": {"text": text, "polarity": "negative", "basis": "fact"}}
        for attempt in range(2 if n % 10 == 9 else 1):
            sent = time.perf_counter()
            async with client.post(url + "api/submit", json=body) as response:
                answer = await response.json()
            out["latency_ms"].append((time.perf_counter() - sent) * 1000)
            if response.status == 200 and answer.get("ok"):
                if answer.get("duplicate"):
                    out["duplicates_answered"] += 1
                else:
                    out["applied"].append(text)
            else:
                out["refused"].append(f"{response.status} {answer.get('error')}")
            if attempt:
                out["retries"] += 1
        n += 1
    out["elapsed_s"] = max(out.get("elapsed_s", 0.0), elapsed)


async def run(url: str, people: list[str], seconds: float, rate: float) -> dict[str, Any]:
    out: dict[str, Any] = {"applied": [], "refused": [], "latency_ms": [], "retries": 0, "duplicates_answered": 0, "join_failures": 0}
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as client:
        await asyncio.gather(*(_device(client, url, person, seconds, rate, out) for person in people))
    return out


def main() -> None:
    url, people, seconds, rate = sys.argv[1], sys.argv[2].split(","), float(sys.argv[3]), float(sys.argv[4])
    print(json.dumps(asyncio.run(run(url, people, seconds, rate))))


if __name__ == "__main__":
    main()
