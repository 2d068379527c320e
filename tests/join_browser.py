"""Headless Chromium for the join page's tests, over the DevTools protocol (no
driver): one browser, several phone-sized pages, each in its own browser
context (its own localStorage, like its own phone).

    async with Browser(tmp_path) as browser:
        page = await browser.open(url)
        await page.wait("document.body.dataset.mode === 'pick'")
        await page.click("[data-person=sato]")
        await page.screenshot(tmp_path / "pick.png")
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import aiohttp

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-background-timer-throttling",
    "--disable-renderer-backgrounding",
    "--disable-backgrounding-occluded-windows",
]
#: How long any wait in these tests may take before it fails.
WAIT_S = 20.0
#: Run in every page before its own scripts: records CSP violations and uncaught errors for :meth:`Page.problems`.
WATCH = """
window.__problems = [];
document.addEventListener('securitypolicyviolation', e => window.__problems.push('csp: ' + e.violatedDirective + ' ' + e.blockedURI));
window.addEventListener('error', e => window.__problems.push('error: ' + e.message));
window.addEventListener('unhandledrejection', e => window.__problems.push('rejection: ' + e.reason));
"""
#: A phone in portrait.
PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True}


class Page:
    """One page target: commands in turn over its own websocket; events are dropped."""

    def __init__(self, browser: Browser, target: str, context: str, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.browser, self.target, self.context, self.ws = browser, target, context, ws
        self.last_id = 0
        self.lock = asyncio.Lock()

    async def __call__(self, method: str, **params: Any) -> dict[str, Any]:
        async with self.lock:
            self.last_id += 1
            await self.ws.send_json({"id": self.last_id, "method": method, "params": params})
            while True:
                message = await self.ws.receive_json(timeout=WAIT_S)
                if message.get("id") == self.last_id:
                    if "error" in message:
                        raise RuntimeError(f"{method}: {message['error']}")
                    return message["result"]  # type: ignore[no-any-return]

    async def evaluate(self, expression: str) -> Any:
        """The expression's value (as JSON); a thrown exception fails the test."""
        result = await self("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    async def wait(self, expression: str, what: str = "") -> Any:
        """Poll until ``expression`` is truthy; its value."""
        deadline = time.monotonic() + WAIT_S
        while True:
            with contextlib.suppress(RuntimeError):
                value = await self.evaluate(expression)
                if value:
                    return value
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what or expression}")
            await asyncio.sleep(0.05)

    async def click(self, selector: str) -> None:
        """Tap the first element matching ``selector`` (it must exist and be shown)."""
        await self.wait(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)}); return !!e && e.offsetParent !== null && !e.disabled; }})()", selector
        )
        await self.evaluate(f"document.querySelector({json.dumps(selector)}).click()")

    async def focus(self, selector: str) -> None:
        await self.wait(f"!!document.querySelector({json.dumps(selector)})", selector)
        await self.evaluate(f"document.querySelector({json.dumps(selector)}).focus()")

    async def type(self, selector: str, text: str) -> None:
        """Focus ``selector`` and type ``text`` at the caret, as a keyboard would (input events)."""
        await self.focus(selector)
        await self("Input.insertText", text=text)

    async def text(self, selector: str) -> str:
        return await self.evaluate(f"(document.querySelector({json.dumps(selector)}) || {{}}).textContent || ''")  # type: ignore[no-any-return]

    async def value(self, selector: str) -> str:
        return await self.evaluate(f"(document.querySelector({json.dumps(selector)}) || {{}}).value")  # type: ignore[no-any-return]

    async def problems(self) -> list[str]:
        """CSP violations and uncaught errors since the page loaded."""
        return await self.evaluate("window.__problems || ['the watcher did not run']")  # type: ignore[no-any-return]

    async def screenshot(self, path: Path) -> Path:
        data = (await self("Page.captureScreenshot", format="png", captureBeyondViewport=True))["data"]
        path.write_bytes(base64.b64decode(data))
        return path

    async def reload(self) -> None:
        await self("Page.reload", ignoreCache=True)

    async def goto(self, url: str) -> None:
        await self("Page.navigate", url=url)


class Browser:
    """Chromium, headless, in its own profile under ``tmp``; closed (its process group) on exit."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.process: subprocess.Popen[bytes] | None = None
        self.client: aiohttp.ClientSession | None = None
        self.ws: aiohttp.ClientWebSocketResponse | None = None
        self.pages: list[Page] = []
        self.last_id = 0
        self.port = ""

    async def __aenter__(self) -> Browser:
        assert CHROMIUM is not None, "no chromium"
        profile = self.tmp / "chromium"
        self.process = subprocess.Popen(
            [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--remote-debugging-port=0", "about:blank"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        active = profile / "DevToolsActivePort"  # chromium writes its port here
        deadline = time.monotonic() + WAIT_S
        while not (active.exists() and active.read_text().split()[:1]):
            assert time.monotonic() < deadline, "chromium never opened its DevTools port"
            await asyncio.sleep(0.05)
        self.port = active.read_text().split()[0]
        self.client = aiohttp.ClientSession()
        async with self.client.get(f"http://127.0.0.1:{self.port}/json/version") as response:
            url = (await response.json())["webSocketDebuggerUrl"]
        self.ws = await self.client.ws_connect(url, max_msg_size=0)
        return self

    async def __aexit__(self, *exc: object) -> None:
        for page in self.pages:
            with contextlib.suppress(Exception):
                await page.ws.close()
        if self.ws is not None:
            with contextlib.suppress(Exception):
                await self.ws.close()
        if self.client is not None:
            await self.client.close()
        if self.process is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(WAIT_S)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(WAIT_S)

    async def __call__(self, method: str, **params: Any) -> dict[str, Any]:
        assert self.ws is not None
        self.last_id += 1
        await self.ws.send_json({"id": self.last_id, "method": method, "params": params})
        while True:
            message = await self.ws.receive_json(timeout=WAIT_S)
            if message.get("id") == self.last_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message["result"]  # type: ignore[no-any-return]

    async def open(self, url: str, *, context: str | None = None, viewport: dict[str, Any] | None = None) -> Page:
        """A new page on ``url``: in a new browser context (a phone of its own) unless ``context`` names one."""
        if context is None:
            context = (await self("Target.createBrowserContext"))["browserContextId"]
        target = (await self("Target.createTarget", url="about:blank", browserContextId=context))["targetId"]
        assert self.client is not None
        ws = await self.client.ws_connect(f"ws://127.0.0.1:{self.port}/devtools/page/{target}", max_msg_size=0)
        page = Page(self, target, context, ws)
        self.pages.append(page)
        await page("Page.enable")
        await page("Emulation.setDeviceMetricsOverride", **(viewport or PHONE))
        await page("Emulation.setTouchEmulationEnabled", enabled=True)
        await page("Page.addScriptToEvaluateOnNewDocument", source=WATCH)
        await page.goto(url)
        return page
