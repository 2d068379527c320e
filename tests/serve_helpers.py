"""Helpers for the ``mlew serve`` tests: bounded waits, the tabs' processes
(found through Linux /proc), ``mlew serve`` as a process, a tab's websocket
and a tab's app process run the way textual-serve runs it."""

from __future__ import annotations

import asyncio
import codecs
import os
import re
import shlex
import signal
import subprocess
import sys
import threading
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import aiohttp
import pytest

from mlew_tui.serve import tab_command
from mlew_tui.store import SessionLock

#: Skip where there is no /proc to find the tabs' processes in.
needs_proc = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc to find the tabs' processes")

F7 = "\x1b[18~"  # previous step (the samples stand at the last step)
WAIT_S = 30.0  # the longest any single wait may take (a slow CI machine)


async def wait_for(condition: Callable[[], object], timeout: float = WAIT_S, what: str = "condition") -> object:
    """Poll ``condition`` until it is truthy; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


def child_pids(pid: int) -> set[int]:
    """Living processes whose parent is ``pid``."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            state, ppid = stat.rsplit(")", 1)[1].split()[:2]
            if int(ppid) == pid and state != "Z":
                found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def ignores(pid: int, signum: int) -> bool:
    """True when process ``pid`` ignores signal ``signum`` (its SigIgn mask)."""
    status = Path(f"/proc/{pid}/status").read_text()
    found = re.search(r"^SigIgn:\s*([0-9a-f]+)$", status, re.M)
    assert found is not None, status
    mask = int(found.group(1), 16)
    return bool(mask >> (signum - 1) & 1)


def lock_holder(path: Path) -> int | None:
    """The pid written in ``FILE.lock`` by the process that holds it."""
    try:
        text = path.with_name(path.name + ".lock").read_text().strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def lock_is_free(path: Path) -> bool:
    lock = SessionLock(path)
    if lock.acquire():
        lock.release()
        return True
    return False


def child_env() -> dict[str, str]:
    env = dict(os.environ, LANG="C.UTF-8", TZ="UTC")
    env.pop("LC_ALL", None)
    env.pop("TEXTUAL_DRIVER", None)
    return env


class Lines:
    """Every line a pipe gives, collected by a thread (so the pipe never fills)."""

    def __init__(self, stream) -> None:  # noqa: ANN001 - a binary pipe
        self.lines: list[str] = []
        self._thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self._thread.start()

    def _read(self, stream) -> None:  # noqa: ANN001
        for raw in iter(stream.readline, b""):
            self.lines.append(raw.decode("utf-8", "replace"))

    @property
    def text(self) -> str:
        return "".join(self.lines)


def close_pipes(process: subprocess.Popen[bytes], *readers: Lines) -> None:
    """After ``process`` has exited: its readers have read to the end; close its pipes."""
    for reader in readers:
        reader._thread.join(WAIT_S)
    for stream in (process.stdin, process.stdout, process.stderr):
        if stream is not None:
            stream.close()


class Served:
    """``mlew serve FILE --port 0`` as a process of its own (its own process group)."""

    def __init__(self, path: Path, *args: str) -> None:
        self.path = path
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mlew_tui", "serve", str(path), "--port", "0", *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=child_env(),
            start_new_session=True,
        )
        self.out = Lines(self.process.stdout)
        self.err = Lines(self.process.stderr)
        self.url = ""

    async def started(self) -> str:
        def url() -> str:
            if self.process.poll() is not None:
                raise AssertionError(f"mlew serve exited: {self.out.text}{self.err.text}")
            found = re.search(r"http://127\.0\.0\.1:\d+", self.out.text)
            return found.group(0) if found else ""

        self.url = str(await wait_for(url, what="the server's address"))
        return self.url

    async def exited(self) -> int:
        await wait_for(lambda: self.process.poll() is not None, what="mlew serve to exit")
        return self.process.returncode

    def kill(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(WAIT_S)
        close_pipes(self.process, self.out, self.err)


@pytest.fixture
async def served(en_sample: Path) -> AsyncIterator[Callable[..., Served]]:
    started: list[Served] = []

    def start(*args: str) -> Served:
        started.append(Served(en_sample, *args))
        return started[-1]

    yield start
    for server in started:
        children = child_pids(server.process.pid) if server.process.poll() is None else set()
        server.kill()
        for pid in children:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)


class Tab:
    """One browser tab as textual-serve's page drives it: a websocket that
    sends the terminal size and keystrokes and reads the screen's bytes."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.screen = ""
        self.closed = False
        self._decode = codecs.getincrementaldecoder("utf-8")("replace").decode
        self._reader = asyncio.create_task(self._read())

    @classmethod
    async def open(cls, session: aiohttp.ClientSession, url: str, width: int = 120, height: int = 40) -> Tab:
        ws = await session.ws_connect(f"{url}/ws?width={width}&height={height}")
        await ws.send_json(["resize", {"width": width, "height": height}])
        return cls(ws)

    async def _read(self) -> None:
        async for message in self.ws:  # also answers the server's close
            if message.type == aiohttp.WSMsgType.BINARY:
                self.screen += self._decode(message.data)
        self.closed = True

    async def shows(self, text: str) -> None:
        await wait_for(lambda: text in self.screen, what=repr(text))

    async def press(self, keys: str) -> None:
        await self.ws.send_json(["stdin", keys])

    async def close(self) -> None:
        await self.ws.close()
        await asyncio.wait_for(self._reader, WAIT_S)


class TabProcess:
    """``python -m mlew_tui run FILE`` under textual's web driver, like a tab."""

    def __init__(self, path: Path) -> None:
        env = dict(child_env(), TEXTUAL_DRIVER="textual.drivers.web_driver:WebDriver", COLUMNS="100", ROWS="30")
        self.path = path
        self.process = subprocess.Popen(shlex.split(tab_command(path))[1:], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        self.out = Lines(self.process.stdout)
        self.err = Lines(self.process.stderr)

    async def ready(self) -> None:
        await wait_for(lambda: lock_holder(self.path) == self.process.pid and "Help" in self.out.text, what="the tab's app")

    def press(self, keys: str) -> None:
        data = keys.encode()
        assert self.process.stdin is not None
        self.process.stdin.write(b"D" + len(data).to_bytes(4, "big") + data)
        self.process.stdin.flush()

    async def exited(self) -> int:
        await wait_for(lambda: self.process.poll() is not None, what="the tab's app to quit")
        return self.process.returncode

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(WAIT_S)
        close_pipes(self.process, self.out, self.err)
