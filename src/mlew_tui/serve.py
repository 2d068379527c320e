"""``mlew serve``: the workshop in a browser tab, through textual-serve.

Every browser tab that opens the page gets its own app process - this
interpreter's ``mlew run FILE`` under textual's web driver - drawn in the
tab by xterm.js over a websocket. All tabs work on the same session file and
the store's lock (``FILE.lock``) lets only the first one write: the others
open read-only and say so in their banner.

Safety, in this order of importance:

- the server listens on the loopback address unless ``--host`` asks for
  another one, and then a warning says that anyone who can reach it can edit
  the workshop (there is no login: the page *is* the keyboard);
- whatever the host, it answers only requests addressed to a name it was
  meant to be reached by (no DNS rebinding), and a websocket opened from
  another site's page is refused (no cross-site websocket hijacking): see
  :mod:`mlew_tui.serve_guard` for the names, ``--allow-host`` adds one;
- its static files are served without directory listings;
- Ctrl+C (SIGINT), SIGTERM and SIGHUP stop it cleanly: every tab's app is
  told to quit and saves on its way out (see ``MlewApp.on_unmount``); a tab
  whose server vanishes quits too (``tab_driver.TabDriver``).
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import logging
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path
from typing import Any, cast

import aiohttp_jinja2
import jinja2
from aiohttp import WSCloseCode, web
from aiohttp.typedefs import Handler
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from .domain.session import Session
from .domain.visible import visible
from .i18n import Translator
from .serve_guard import HostGuard, host_of, ip, is_loopback_name
from .store import SessionLock

__all__ = ["ServeError", "WorkshopServer", "is_loopback", "is_loopback_name", "page_url", "serve", "tab_command"]

log = logging.getLogger("textual-serve")

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
#: How long a tab's app may take to save and quit before it is told again
#: (SIGTERM: save and quit), then killed.
SHUTDOWN_S = 15.0
#: How many different refused Host names the facilitator is told about (an attacker may send many).
REPORTED_NAMES = 5
#: The signals that stop the server (a closed terminal sends SIGHUP).
STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


#: textual-serve's page loads a font from the web for its start dialog only.
_WEB_FONT = re.compile(r'\s*<link\s+rel="stylesheet"\s+href="https://fonts\.googleapis\.com/[^"]*"\s*/?>')


class ServeError(Exception):
    """The server could not start (the port is taken, the host is unknown ...)."""

    def __init__(self, host: str, port: int, detail: str) -> None:
        super().__init__(detail)
        self.host, self.port, self.detail = host, port, detail


def tab_command(path: Path, python: str = sys.executable) -> str:
    """The shell command each tab runs: this interpreter's ``mlew run FILE``.

    Quoted for the shell textual-serve starts it with; ``exec`` makes the app
    the process textual-serve talks to, so signals reach it directly.
    """
    words = [python, "-m", "mlew_tui", "run", str(path.resolve())]
    if os.name != "posix":  # pragma: no cover - cmd.exe has no exec and other quoting
        return subprocess.list2cmdline(words)
    return "exec " + shlex.join(words)


def is_loopback(host: str) -> bool:
    """True when binding ``host`` listens on this machine only.

    ``127.0.0.0/8``, ``::1`` and names that resolve only to those (``localhost``)
    are loopback; ``0.0.0.0``, ``::``, ``""`` (every interface), other addresses
    and names that do not resolve are not.
    """
    if not host.strip():
        return False
    address = ip(host)
    if address is not None:
        return address.is_loopback
    try:
        infos = socket.getaddrinfo(host, None)
    except (OSError, UnicodeError):
        return False
    found = {ip(str(info[4][0])) for info in infos}
    return bool(found) and all(a is not None and a.is_loopback for a in found)


def page_url(host: str, port: int) -> str:
    """The address to open in a browser on this machine for a server on ``host:port``."""
    address = ip(host)
    if not host.strip() or (address is not None and address.is_unspecified):
        host = "::1" if address is not None and address.version == 6 else "127.0.0.1"
        address = ip(host)
    name = f"[{address}]" if address is not None and address.version == 6 else host
    return f"http://{name}:{port}"


def network_urls(host: str, port: int) -> list[str]:
    """Where participants on the network open a server bound to ``host``
    beyond loopback: ``host`` itself, or for every interface this machine's
    addresses on its default routes, found without DNS and without sending a
    packet (a UDP socket's connect only picks the route). ``0.0.0.0`` listens
    on IPv4 only, ``::`` on IPv6 only (asyncio sets IPV6_V6ONLY), ``""`` on
    both. Empty when none is known."""
    address = ip(host)
    if host.strip() and not (address is not None and address.is_unspecified):
        return [page_url(host, port)]
    families = {None: [socket.AF_INET, socket.AF_INET6], 4: [socket.AF_INET], 6: [socket.AF_INET6]}[address.version if address is not None else None]
    urls = []
    for family in families:
        probe = "192.0.2.1" if family == socket.AF_INET else "2001:db8::1"  # documentation addresses
        try:
            with socket.socket(family, socket.SOCK_DGRAM) as udp:
                udp.connect((probe, 9))
                found = ip(str(udp.getsockname()[0]))
        except OSError:
            continue
        if found is not None and not (found.is_loopback or found.is_unspecified or found.is_link_local):
            urls.append(page_url(str(found), port))
    return urls


class WorkshopServer(Server):
    """textual-serve's server for one session file (see the module docstring)."""

    def __init__(
        self, path: Path, session: Session, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, allow_hosts: Iterable[str] = (), hostname: str | None = None
    ) -> None:
        super().__init__(tab_command(path), host=host, port=port, title=session.title, public_url=page_url(host, port))
        self.path = path
        self.language = session.language
        self.tr = Translator(session.language)
        self.loopback = is_loopback(host)
        self.allow_hosts = tuple(allow_hosts)
        self.hostname = hostname
        self.url = self.public_url
        self._sockets: set[web.WebSocketResponse] = set()
        self._services: set[AppService] = set()
        self._stop: asyncio.Event | None = None
        self._warn: Callable[[str], object] | None = None
        self._reported: set[str] = set()

    @property
    def guard(self) -> HostGuard:
        """The Host/Origin rules for the host served on (``self.host`` may be set after construction)."""
        return HostGuard(self.host, self.allow_hosts, loopback=self.loopback, hostname=self.hostname)

    # -- the aiohttp application -------------------------------------------------
    async def _make_app(self) -> web.Application:
        """textual-serve's routes, with the Host check in front of all of them
        and the static files without directory listings (textual-serve's own
        ``_make_app`` asks aiohttp for ``show_index=True``)."""
        guard = self.guard
        app = web.Application(middlewares=[self._host_checker(guard)])
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
                web.get("/ws", self.handle_websocket, name="websocket"),
                web.get("/download/{key}", self.handle_download, name="download"),
                web.static("/static", self.statics_path, show_index=False, follow_symlinks=False, name="static"),
            ]
        )
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        return app

    def _host_checker(self, guard: HostGuard) -> Any:
        @web.middleware
        async def check_host(request: web.Request, handler: Handler) -> web.StreamResponse:
            """Answer only a request for a name the server is meant to be reached by."""
            headers = request.headers.getall("Host", [])
            host = host_of(headers[0]) if len(headers) == 1 else None
            sockname = request.transport.get_extra_info("sockname") if request.transport is not None else None
            local = str(sockname[0]) if isinstance(sockname, tuple) and sockname else None
            if not guard.allows(host, local):
                self._report_refused(host)
                raise web.HTTPForbidden(text=self.tr("serve.forbidden" if self.loopback else "serve_guard.forbidden_host"))
            return await handler(request)

        return check_host

    def _report_refused(self, host: str | None) -> None:
        """Tell the facilitator, once per name and for a few names only, that a
        browser asked for a name the server does not answer: a participant may
        have typed this machine's name, which then needs ``--allow-host``."""
        if self._warn is None or host is None or host in self._reported or len(self._reported) >= REPORTED_NAMES:
            return
        address = ip(host)
        if is_loopback_name(host) or (address is not None and address.is_unspecified):
            return  # a name for this machine's loopback: never one participants type
        self._reported.add(host)
        self._warn(self.tr("serve_guard.refused_host", host=visible(host)))

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        """textual-serve's page, titled with the workshop's title, in its language."""
        # The page's websocket address follows the address the browser used
        # (textual-serve would print the bind address: 0.0.0.0 is no address).
        # No await comes between setting and reading it, so requests cannot mix.
        self.public_url = f"{request.scheme}://{request.host}"
        response = await super().handle_index(request)
        assert isinstance(response, web.Response) and response.text is not None
        title = html.escape(self.title)
        page = response.text
        page = page.replace("<html>", f'<html lang="{self.language}">', 1)
        page = page.replace("<head>", f"<head>\n    <title>{title}</title>", 1)
        page = page.replace(">Session ended.<", f">{html.escape(self.tr('serve.ended'))}<", 1)
        page = page.replace(">Restart<", f">{html.escape(self.tr('serve.restart'))}<", 1)
        page = _WEB_FONT.sub("", page)  # the page asks nothing of other sites
        response.text = page
        return response

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """One tab: its websocket, its own app process, until either closes."""
        if not HostGuard.same_origin(request.headers.get("Origin"), request.headers.get("Host"), request.scheme):
            raise web.HTTPForbidden(text=self.tr("serve_guard.forbidden_origin"))
        websocket = web.WebSocketResponse(heartbeat=15)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        await websocket.prepare(request)
        self._sockets.add(websocket)
        service: AppService | None = None
        try:
            service = AppService(
                self.command,
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                # textual-serve awaits close() and drops its result (aiohttp's is a bool).
                close=cast("Callable[[], Awaitable[None]]", websocket.close),
                download_manager=self.download_manager,
                debug=self.debug,
            )
            self._services.add(service)
            await service.start(width, height)
            await self._process_messages(websocket, service)
        except asyncio.CancelledError:
            pass  # the server is stopping: the app still quits below
        except Exception as error:  # one broken tab must not stop the others
            log.exception(error)
        finally:
            self._sockets.discard(websocket)
            if service is not None:
                await service.stop()  # "quit": the app saves and exits
                await self._ended(service)
            await websocket.close()
        return websocket

    async def _ended(self, service: AppService) -> None:
        """Wait until a tab's app process has exited (it saves on its way out);
        after SHUTDOWN_S tell it again with SIGTERM (save and quit), then kill it."""
        process = getattr(service, "_process", None)  # where textual-serve keeps it
        for insist in (None, signal.SIGTERM, signal.SIGKILL):
            if process is None or process.returncode is not None:
                break
            if insist is not None:
                with contextlib.suppress(ProcessLookupError):
                    process.send_signal(insist)
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(process.wait(), SHUTDOWN_S)
        # Close the process's pipes now: asyncio would otherwise close them when
        # the transport is garbage-collected, which may be after the loop is gone
        # ("Event loop is closed"). asyncio's Process has no public close().
        transport = getattr(process, "_transport", None)
        if transport is not None:
            transport.close()
            await asyncio.sleep(0)
        self._services.discard(service)

    async def on_startup(self, app: web.Application) -> None:
        """Quiet: :meth:`run` says where to go once the port is really open."""

    async def on_shutdown(self, app: web.Application) -> None:
        """Close every tab: each handler then stops (and so saves) its app."""
        sockets = list(self._sockets)
        await asyncio.gather(*(ws.close(code=WSCloseCode.GOING_AWAY) for ws in sockets), return_exceptions=True)

    # -- running -------------------------------------------------------------------
    def _request_stop(self) -> None:
        if self._stop is not None:
            self._stop.set()

    async def _serve(self, echo: Any, warn: Any) -> None:
        self._stop = asyncio.Event()
        # aiohttp cancels handlers still running after shutdown_timeout; a
        # handler waits for its tab's app (see _ended), so give it time.
        runner = web.AppRunner(await self._make_app(), access_log=None, shutdown_timeout=4 * SHUTDOWN_S)
        await runner.setup()
        try:
            port = await self._listen(runner)
        except OSError as error:
            await runner.cleanup()
            raise ServeError(self.host, self.port, error.strerror or str(error)) from error
        loop = asyncio.get_running_loop()
        for sig in STOP_SIGNALS:
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, self._request_stop)
        self.url = page_url(self.host, port)
        self._warn = warn
        if not self.loopback:
            warn(self.tr("serve.public_warning", host=self.host or "0.0.0.0", port=port))
            urls = network_urls(self.host, port)
            if urls:
                echo(self.tr("serve_guard.network_urls", urls=", ".join(urls)))
            echo(self.tr("serve_guard.other_names"))
        echo(self.tr("serve.serving", title=self.title, url=self.url))
        echo(self.tr("serve.tabs", path=str(self.path)))
        echo(self.tr("serve.stop_hint"))
        try:
            await self._stop.wait()
        finally:
            echo(self.tr("serve.stopping"))
            await runner.cleanup()
            # No tab's app outlives the server, even one whose handler was cut short.
            await asyncio.gather(*(self._ended(service) for service in list(self._services)))

    async def _listen(self, runner: web.AppRunner) -> int:
        """Open the port; returns the port listened on (``--port 0``: a free one)."""
        site = web.TCPSite(runner, self.host, self.port)
        await site.start()
        return next((address[1] for address in runner.addresses), self.port)

    def run(self, echo: Any = print, warn: Any = print) -> None:
        """Serve until a stop signal; the tabs have saved and quit on return.

        ``echo(text)`` prints a line for the facilitator, ``warn(text)`` a
        warning (listening beyond loopback). Raises :class:`ServeError` when
        the server cannot listen.
        """
        self.initialize_logging()
        logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
        asyncio.run(self._serve(echo, warn))


def file_in_use(path: Path) -> bool:
    """True when another mlew (``mlew run``) already writes ``path``: every tab
    would then be read-only."""
    lock = SessionLock(path)
    if not lock.acquire():
        return lock.problem == "held"  # a folder mlew cannot write in is not "in use": each tab says why
    lock.release()
    return False


def serve(path: Path, session: Session, *, host: str, port: int, echo: Any, warn: Any, allow_hosts: Iterable[str] = ()) -> None:
    """``mlew serve``: warn about what needs warning, then serve until stopped."""
    tr = Translator(session.language)
    server = WorkshopServer(path, session, host=host, port=port, allow_hosts=allow_hosts)
    if file_in_use(path):
        warn(tr("serve.in_use", path=str(path)))
    server.run(echo, warn)
    echo(tr("serve.stopped", path=str(path)))
