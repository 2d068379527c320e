"""``mlew serve`` in a real browser: Debian's chromium, headless, driven over
the DevTools protocol (no driver to install); skipped without chromium."""

from __future__ import annotations

import asyncio
import base64
import os
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from mlew_tui.store import load

from .join_browser import CHROMIUM, CHROMIUM_FLAGS  # one headless chromium for every browser test
from .serve_helpers import WAIT_S, Served, child_pids, lock_holder, lock_is_free, needs_proc, served, wait_for

pytestmark = [needs_proc, pytest.mark.slow]
__all__ = ["served"]  # the fixture, imported


class DevTools:
    """Just enough of the Chrome DevTools Protocol: one page, commands in turn."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.last_id = 0

    async def __call__(self, method: str, **params: object) -> dict:
        self.last_id += 1
        await self.ws.send_json({"id": self.last_id, "method": method, "params": params})
        while True:
            message = await self.ws.receive_json(timeout=WAIT_S)
            if message.get("id") == self.last_id:
                assert "error" not in message, message
                return message["result"]

    async def evaluate(self, expression: str) -> Any:  # the expression's value as JSON
        result = await self(method="Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium (apt-get install chromium)")
async def test_a_browser_shows_the_workshop(served: Callable[..., Served], en_sample: Path, tmp_path: Path) -> None:
    server = served()
    url = await server.started()
    profile = tmp_path / "chromium"
    browser = subprocess.Popen(
        [str(CHROMIUM), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--remote-debugging-port=0", "--window-size=1280,720", url + "/"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        active = profile / "DevToolsActivePort"  # chromium writes its port here
        await wait_for(lambda: active.exists() and active.read_text().split()[:1], what="chromium's DevTools port")
        port = active.read_text().split()[0]
        async with aiohttp.ClientSession() as client:
            async with client.get(f"http://127.0.0.1:{port}/json/list") as response:
                page = next(t for t in await response.json() if t["type"] == "page")
            async with client.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0) as ws:
                devtools = DevTools(ws)
                title = load(en_sample).title
                await wait_for(lambda: lock_holder(en_sample) in child_pids(server.process.pid), what="the tab's app")
                deadline = time.monotonic() + WAIT_S
                while True:  # the page got the app's first bytes and xterm.js drew them
                    state = await devtools.evaluate("[document.title, document.body ? document.body.className : '']")
                    png = base64.b64decode((await devtools("Page.captureScreenshot", format="png"))["data"])
                    if state and "-first-byte" in state[1] and len(png) > 20_000:
                        break
                    assert time.monotonic() < deadline, f"the page never showed the app: {state}"
                    await asyncio.sleep(0.25)
                assert state[0] == title
        shot = tmp_path / "browser.png"
        shot.write_bytes(png)
        assert png.startswith(b"\x89PNG\r\n\x1a\n")
    finally:
        os.killpg(browser.pid, signal.SIGTERM)
        browser.wait(WAIT_S)
    server.process.send_signal(signal.SIGINT)
    assert await server.exited() == 0
    assert lock_is_free(en_sample)
