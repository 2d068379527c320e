"""The join server (issue #20): participants' phones talk to the running app.

An aiohttp server in the app's own event loop. It holds no workshop state: it
checks each request, turns it into one call on the app's join service
(:class:`mlew_tui.join_service.JoinService`) and answers what the service
says, exactly as ``docs/JOIN_API.md`` (the contract) describes. The app stays
the only writer.

Every request, in this order:

1. ``Host`` must name the server: the address it is bound to (or, bound to
   every interface, the address the request arrived on), an ``--allow-host``
   name, or a loopback name for a request that arrived on loopback; and its
   port must be the bound port (:class:`mlew_tui.serve_guard.HostGuard`,
   without the machine's host name: the join link always names the address).
   Otherwise ``403 forbidden``: no DNS rebinding.
2. ``Origin``, when present, must be ``http://`` and the same host and port as
   ``Host``; otherwise ``403 forbidden``: no other site's page may call the API.
3. The path must be ``/j/TOKEN/`` and one of the fixed names after it, with the
   current token (:meth:`JoinService.check_token`); anything else is ``404
   not_found``, the same answer for a wrong token as for an unknown path.
   Files come from a fixed table, never from the path: no listing, no traversal.
4. The request spends one unit of the device's budget (the ``device`` of the
   query or of the body when it is a well-formed device id, else the client's
   address): ``429 slow_down`` with ``Retry-After`` beyond it.
5. POST bodies: ``application/json`` (``415``), at most 16 KB by
   ``Content-Length`` and by the bytes actually read (``413``), one JSON
   object in UTF-8 (``400``).

Every response, refusals and the page included, carries the headers of
:data:`SECURITY_HEADERS`. A :class:`JoinError` becomes its status and
``{"ok": false, "error": code, "message": words}``; any other exception
``500 internal`` without a traceback. Nothing is printed: the terminal is the
app's screen (no access log, aiohttp's loggers get a NullHandler).

Server-sent events (``/api/events``): the device's state at once, then after
each change the service announces (:meth:`JoinService.listen`): the callback
only wakes the stream, which then sends the *current* state once, so a burst
of changes is one event. A ``: ping`` comment keeps idle connections open.
:meth:`JoinServer.stop` ends every stream first, so stopping never waits on one.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import json
import logging
import math
import re
import socket
import threading
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

from aiohttp import web
from aiohttp.typedefs import Handler

from .i18n import DEFAULT_LANGUAGE, LANGUAGES, Language, t
from .join_net import public_host, udp_local_address, url_host
from .join_service import MAX_BODY, JoinError
from .serve_guard import HostGuard, host_of, port_of

__all__ = ["PAGE_DIR", "SECURITY_HEADERS", "BindError", "JoinServer", "Service"]

#: The participant page's files (HTML/CSS/JS, bundled in the package).
PAGE_DIR = Path(__file__).parent / "join_page"

#: The page's files by the name after ``/j/TOKEN/``: the only files ever served.
PAGE_FILES = {
    "": ("index.html", "text/html"),
    "app.js": ("app.js", "text/javascript"),
    "style.css": ("style.css", "text/css"),
}

#: On every response.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}

#: A device id and a submission id as the contract defines them.
DEVICE_ID = re.compile(r"[A-Za-z0-9_-]{16,64}")
SUBMISSION_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")

#: Seconds between ``: ping`` comments on an idle event stream.
PING_S = 15.0
#: How long stopping waits for a request still being answered before cancelling it.
SHUTDOWN_S = 2.0

#: The error codes whose words the server finds itself when the service cannot give them.
OWN_CODES = ("bad_request", "forbidden", "not_found", "too_large", "slow_down", "internal")


class Service(Protocol):
    """What the server asks of :class:`mlew_tui.join_service.JoinService`."""

    @property
    def token(self) -> str: ...

    @property
    def language(self) -> str: ...

    def message(self, code: str) -> str: ...

    def check_token(self, token: str) -> None: ...

    def spend(self, key: str) -> None: ...

    def state(self, device: str | None) -> dict[str, Any]: ...

    def join(self, device: str, person: str) -> dict[str, Any]: ...

    def submit(self, device: str, sid: str, action: str, args: dict[str, Any]) -> dict[str, Any]: ...

    def listen(self, callback: Callable[[], None]) -> Callable[[], None]: ...


class BindError(OSError):
    """The server could not listen: ``problem`` is ``in_use`` (the port is
    taken), ``not_here`` (not an address of this machine), ``denied`` (a
    privileged port), ``unknown_host`` (a name that does not resolve) or
    ``cannot_bind`` (anything else, ``detail`` says what). ``str()`` is the
    English message; :meth:`describe` gives it in the session's language."""

    def __init__(self, host: str, port: int, problem: str, detail: str = "", number: int | None = None) -> None:
        self.host, self.port, self.problem, self.detail = host, port, problem, detail
        super().__init__(number if number is not None else errno.EIO, self.describe(DEFAULT_LANGUAGE))

    def __str__(self) -> str:
        return self.describe(DEFAULT_LANGUAGE)

    def describe(self, lang: str = DEFAULT_LANGUAGE) -> str:
        return t(_language(lang), f"join_server.{self.problem}", host=self.host, port=self.port, detail=self.detail)

    @classmethod
    def of(cls, host: str, port: int, error: OSError) -> BindError:
        """The problem an OSError from binding ``host:port`` is."""
        if isinstance(error, socket.gaierror):
            return cls(host, port, "unknown_host", str(error.strerror or error), error.errno)
        problem = {errno.EADDRINUSE: "in_use", errno.EADDRNOTAVAIL: "not_here", errno.EACCES: "denied", errno.EPERM: "denied"}.get(
            error.errno or 0, "cannot_bind"
        )
        return cls(host, port, problem, str(error.strerror or error), error.errno)


def _language(lang: object) -> Language:
    return next((known for known in LANGUAGES if known == lang), DEFAULT_LANGUAGE)


def _quiet_aiohttp() -> None:
    """aiohttp's loggers print nothing on the app's screen: without a handler
    of their own, Python's last resort would write warnings to stderr."""
    logger = logging.getLogger("aiohttp")
    if not any(isinstance(handler, logging.NullHandler) for handler in logger.handlers):
        logger.addHandler(logging.NullHandler())


class _Refusal(Exception):
    """A refusal the server itself makes (before or around the service)."""

    def __init__(self, status: int, code: str) -> None:
        super().__init__(code)
        self.status, self.code = status, code


Route = Callable[[web.Request, str, Any], Awaitable[web.StreamResponse]]


class JoinServer:
    """The join server for one :class:`Service` (see the module docstring).

    ``host``/``port``: where to listen (port 0: any free port, see :attr:`port`
    after :meth:`start`). ``allow_hosts``: more names a ``Host`` header may
    give. ``page_dir``: where the page's files are. ``ping_s``: seconds between
    pings on an idle event stream. ``connect``: how the LAN address is found
    when ``host`` is ``0.0.0.0`` or ``::`` (:func:`mlew_tui.join_net.public_host`).
    """

    def __init__(
        self,
        service: Service,
        host: str,
        port: int,
        *,
        allow_hosts: Iterable[str] = (),
        page_dir: Path = PAGE_DIR,
        ping_s: float = PING_S,
        connect: Callable[..., str] = udp_local_address,
    ) -> None:
        self.service = service
        self.host = host
        self._port = port
        self.allow_hosts = tuple(allow_hosts)
        self.page_dir = page_dir
        self.ping_s = ping_s
        self._connect = connect
        self._public_host = host
        self._guard = HostGuard(host, self.allow_hosts, loopback=False, hostname="")  # hostname "": no machine names
        self._runner: web.AppRunner | None = None
        self._streams: set[asyncio.Event] = set()
        self._closing = False
        self._routes: dict[tuple[str, str], Route] = {
            ("GET", "api/state"): self._state,
            ("GET", "api/events"): self._events,
            ("POST", "api/join"): self._join,
            ("POST", "api/submit"): self._submit,
        }

    # -- where ---------------------------------------------------------------
    @property
    def port(self) -> int:
        """The port listened on (the one asked for until :meth:`start`)."""
        return self._port

    @property
    def url(self) -> str:
        """The join link: ``http://HOST:PORT/j/TOKEN/`` with the current token
        (rotating the token changes it). For a server bound to every interface
        HOST is the LAN address, found by :meth:`start` (before it: the bound host)."""
        return f"http://{url_host(self._public_host)}:{self._port}/j/{self.service.token}/"

    @property
    def running(self) -> bool:
        return self._runner is not None

    # -- starting and stopping -------------------------------------------------
    async def start(self) -> None:
        """Listen. Raises :class:`BindError` (an OSError) when the address cannot
        be listened on, :class:`mlew_tui.join_net.NoNetworkAddress` when bound to
        every interface on a machine without a network address."""
        if self._runner is not None:
            raise RuntimeError("the join server is already running")
        _quiet_aiohttp()
        self._public_host = public_host(self.host, self._connect)
        self._closing = False
        app = web.Application(middlewares=[self._answer_errors], client_max_size=MAX_BODY)
        app.router.add_route("*", "/{path:.*}", self._dispatch)
        app.on_response_prepare.append(self._secure)
        app.on_shutdown.append(self._end_streams)
        runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=SHUTDOWN_S, handler_cancellation=True)
        await runner.setup()
        try:
            site = web.TCPSite(runner, self.host, self._port)
            await site.start()
        except OSError as error:
            await runner.cleanup()
            raise BindError.of(self.host, self._port, error) from error
        self._port = next((address[1] for address in runner.addresses if isinstance(address, tuple)), self._port)
        self._runner = runner

    async def stop(self) -> None:
        """Stop listening and close every open connection, event streams
        included; returns promptly. Stopping a stopped server does nothing."""
        runner, self._runner = self._runner, None
        if runner is None:
            return
        await self._end_streams(None)
        await runner.cleanup()

    async def _end_streams(self, app: web.Application | None) -> None:
        self._closing = True
        for wake in list(self._streams):
            wake.set()

    # -- every request -----------------------------------------------------------
    async def _secure(self, request: web.Request, response: web.StreamResponse) -> None:
        """on_response_prepare: the security headers on every response."""
        response.headers.update(SECURITY_HEADERS)
        response.headers["Server"] = "mlew"

    def _words(self, code: str) -> str:
        """The words for an error code in the session's language: the service's,
        or this server's own when the service cannot give them."""
        if code != "internal":
            with contextlib.suppress(Exception):
                words = self.service.message(code)
                if isinstance(words, str) and words.strip():
                    return words
        lang: object = DEFAULT_LANGUAGE
        with contextlib.suppress(Exception):
            lang = self.service.language
        return t(_language(lang), f"join_server.error.{code if code in OWN_CODES else 'internal'}")

    @staticmethod
    def _json(status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> web.Response:
        text = json.dumps(body, ensure_ascii=False, allow_nan=False)
        return web.Response(status=status, text=text, content_type="application/json", charset="utf-8", headers=headers)

    def _error(self, status: int, code: str, message: str | None = None, retry_after: float | None = None) -> web.Response:
        headers = None
        if status == 429:
            headers = {"Retry-After": str(max(1, math.ceil(retry_after or 1)))}
        return self._json(status, {"ok": False, "error": code, "message": message or self._words(code)}, headers)

    @web.middleware
    async def _answer_errors(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Every refusal and every failure as the contract's JSON, never a traceback."""
        try:
            return await handler(request)
        except JoinError as error:
            message = error.message if isinstance(error.message, str) and error.message else None
            return self._error(error.status, error.code, message, error.retry_after)
        except _Refusal as refusal:
            return self._error(refusal.status, refusal.code)
        except web.HTTPException as error:  # aiohttp's own (none expected: one route takes every path)
            status = error.status if error.status in (400, 403, 413) else 404
            return self._error(status, {400: "bad_request", 403: "forbidden", 413: "too_large"}.get(status, "not_found"))
        except Exception:
            return self._error(500, "internal")

    def _check_host(self, request: web.Request) -> None:
        hosts = request.headers.getall("Host", [])
        header = hosts[0] if len(hosts) == 1 else None
        sockname = request.transport.get_extra_info("sockname") if request.transport is not None else None
        local = str(sockname[0]) if isinstance(sockname, tuple) and sockname else None
        if not self._guard.allows(host_of(header), local) or port_of(header, "http") != self._port:
            raise _Refusal(403, "forbidden")
        origins = request.headers.getall("Origin", [])
        if not origins:
            return
        if len(origins) > 1 or not _same_origin(origins[0], header):
            raise _Refusal(403, "forbidden")

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        """The one route: Host and Origin, the token, the budget, then the page or the API."""
        self._check_host(request)
        parts = request.path.split("/", 3)  # "", "j", TOKEN, rest
        if len(parts) != 4 or parts[0] != "" or parts[1] != "j" or not parts[2]:
            raise _Refusal(404, "not_found")
        token, rest = parts[2], parts[3]
        self.service.check_token(token)
        route = self._routes.get((request.method, rest))
        page = PAGE_FILES.get(rest) if request.method == "GET" else None
        if route is None and page is None:
            raise _Refusal(404, "not_found")
        if request.method == "POST":
            body: Any = None
            refusal: _Refusal | None = None
            try:
                body = await _read_json(request)
            except _Refusal as error:
                refusal = error
            device = body.get("device") if isinstance(body, dict) else None
            self.service.spend(self._budget(request, device))
            if refusal is not None:
                raise refusal
        else:
            body = None
            self.service.spend(self._budget(request, request.query.get("device")))
        if page is not None:
            return self._page(*page)
        assert route is not None
        return await route(request, token, body)

    @staticmethod
    def _budget(request: web.Request, device: object) -> str:
        """Whose budget a request spends: a well-formed device id's, else its address's."""
        if isinstance(device, str) and DEVICE_ID.fullmatch(device):
            return device
        return f"addr:{request.remote or ''}"

    # -- the page ---------------------------------------------------------------
    def _page(self, name: str, content_type: str) -> web.Response:
        try:
            data = (self.page_dir / name).read_bytes()
        except OSError:
            raise _Refusal(404, "not_found") from None
        return web.Response(body=data, content_type=content_type, charset="utf-8")

    # -- the API ------------------------------------------------------------------
    @staticmethod
    def _device(value: object, *, required: bool) -> str | None:
        if value is None or value == "":
            if required:
                raise _Refusal(400, "bad_request")
            return None
        if not isinstance(value, str) or not DEVICE_ID.fullmatch(value):
            raise _Refusal(400, "bad_request")
        return value

    async def _state(self, request: web.Request, token: str, body: Any) -> web.StreamResponse:
        device = self._device(request.query.get("device"), required=False)
        return self._json(200, {"ok": True, **self.service.state(device)})

    async def _join(self, request: web.Request, token: str, body: Any) -> web.StreamResponse:
        device = self._device(body.get("device"), required=True)
        person = body.get("person")
        if device is None or not isinstance(person, str):
            raise _Refusal(400, "bad_request")
        return self._json(200, {"ok": True, **self.service.join(device, person)})

    async def _submit(self, request: web.Request, token: str, body: Any) -> web.StreamResponse:
        device = self._device(body.get("device"), required=True)
        sid, action, args = body.get("id"), body.get("action"), body.get("args")
        if device is None or not isinstance(sid, str) or not SUBMISSION_ID.fullmatch(sid) or not isinstance(action, str) or not isinstance(args, dict):
            raise _Refusal(400, "bad_request")
        return self._json(200, {"ok": True, **self.service.submit(device, sid, action, args)})

    async def _events(self, request: web.Request, token: str, body: Any) -> web.StreamResponse:
        """The device's state now and after every change (see the module docstring)."""
        device = self._device(request.query.get("device"), required=False)
        loop = asyncio.get_running_loop()
        wake = asyncio.Event()

        def changed() -> None:  # the service may announce from any thread
            if threading.get_ident() == loop_thread:
                wake.set()
            else:
                with contextlib.suppress(RuntimeError):  # the loop is closed
                    loop.call_soon_threadsafe(wake.set)

        loop_thread = threading.get_ident()
        unlisten = self.service.listen(changed)
        try:
            frame = _event(self.service.state(device))  # a refusal (410 removed ...) is answered as JSON
        except BaseException:
            unlisten()
            raise
        self._streams.add(wake)
        response = web.StreamResponse(status=200)
        response.content_type = "text/event-stream"
        response.charset = "utf-8"
        try:
            await response.prepare(request)
            await response.write(frame)
            while not self._closing:
                try:
                    await asyncio.wait_for(wake.wait(), self.ping_s)
                except TimeoutError:
                    await response.write(b": ping\n\n")
                    continue
                wake.clear()
                if self._closing:
                    break
                try:
                    self.service.check_token(token)
                    frame = _event(self.service.state(device))
                except Exception:
                    break  # rotated, removed, broken ...: the page reconnects and is told why
                await response.write(frame)
            await response.write_eof()
        except ConnectionError:
            pass  # the device went away
        finally:
            self._streams.discard(wake)
            unlisten()
        return response


def _same_origin(origin: str, host_header: str | None) -> bool:
    """``Origin`` is this server's own page: ``http://`` and the host and port of ``Host``."""
    with contextlib.suppress(ValueError):
        if urlsplit(origin.strip()).scheme == "http":
            return HostGuard.same_origin(origin, host_header, "http")
    return False


async def _read_json(request: web.Request) -> dict[str, Any]:
    """A POST's body as one JSON object (see the module docstring for the refusals)."""
    if request.content_length is not None and request.content_length > MAX_BODY:
        raise _Refusal(413, "too_large")
    media = request.headers.get("Content-Type", "")
    kind, _, params = media.partition(";")
    charset = next(
        (value.strip().strip('"').lower() for name, _, value in (p.partition("=") for p in params.split(";")) if name.strip().lower() == "charset"), "utf-8"
    )
    if kind.strip().lower() != "application/json" or charset not in ("utf-8", "utf8"):
        raise _Refusal(415, "bad_request")
    data = bytearray()
    while True:
        chunk = await request.content.read(MAX_BODY + 1 - len(data))
        if not chunk:
            break
        data += chunk
        if len(data) > MAX_BODY:
            raise _Refusal(413, "too_large")
    try:
        value = json.loads(data.decode("utf-8"), parse_constant=_no_constant)
    except (ValueError, RecursionError):
        raise _Refusal(400, "bad_request") from None
    if not isinstance(value, dict):
        raise _Refusal(400, "bad_request")
    return value


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _event(state: dict[str, Any]) -> bytes:
    """One ``state`` event: the JSON on one ``data:`` line (json.dumps escapes newlines)."""
    data = json.dumps({"ok": True, **state}, ensure_ascii=False, allow_nan=False)
    return f"event: state\ndata: {data}\n\n".encode()
