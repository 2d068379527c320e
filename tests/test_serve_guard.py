"""``mlew serve`` answers only requests meant for it (issue #18 item 7): the
Host check against DNS rebinding on every host, the Origin check for
websockets, ``--allow-host``, no directory listings under ``/static/``.

The rules are tested as pure functions, then on an in-process server (raw
HTTP, so any Host header can be sent) and once end to end through ``mlew
serve``. Nothing listens beyond 127.0.0.1: a server "bound" to 0.0.0.0 or to
a LAN address is one whose ``host`` says so while the test server listens on
loopback."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import aiohttp
import pytest
from aiohttp.test_utils import TestServer
from typer.testing import CliRunner

from mlew_tui import serve as serve_module
from mlew_tui.cli import app as cli_app
from mlew_tui.i18n import t
from mlew_tui.serve import WorkshopServer
from mlew_tui.serve_guard import HostGuard, allowed_name, host_of, machine_names, port_of
from mlew_tui.store import load

from .serve_helpers import Served, child_env, lock_holder, needs_proc, served

__all__ = ["served"]  # the fixture, imported

# -- the rules, as functions ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "host"),
    [
        ("workshop.example:8000", "workshop.example"),
        ("Workshop.EXAMPLE.", "workshop.example"),
        ("192.168.1.10:8000", "192.168.1.10"),
        ("192.168.1.10", "192.168.1.10"),
        ("[::1]:8000", "::1"),
        ("[::1]", "::1"),
        ("[FD00:0:0::2]:80", "fd00::2"),
        ("[::ffff:192.168.1.10]:8000", "192.168.1.10"),  # IPv4-mapped: the IPv4 address
        ("localhost:", "localhost"),  # an empty port is allowed by RFC 3986
        ("xn--r8jz45g.example", "xn--r8jz45g.example"),  # an IDN, as browsers send it
    ],
)
def test_host_headers_are_read_without_port_and_brackets(header: str, host: str) -> None:
    assert host_of(header) == host


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        " ",
        "::1",
        "[::1",
        "[evil.example]",
        "[::1]x",
        "[fe80::1%25eth0]",
        "host:port",
        "host:123456",
        "a b",
        "evil.example@127.0.0.1",
        "-x.example",
        "ワーク.example",
    ],
)
def test_malformed_host_headers_name_no_host(header: str | None) -> None:
    assert host_of(header) is None


def test_ports_of_host_headers() -> None:
    assert port_of("example.com:8000", "http") == 8000
    assert port_of("[::1]:8080", "http") == 8080
    assert port_of("[::1]", "https") == 443
    assert port_of("example.com", "http") == 80


@pytest.mark.parametrize(
    ("value", "name"),
    [
        ("workshop.local", "workshop.local"),
        ("WORKSHOP.local.", "workshop.local"),
        ("192.168.1.10", "192.168.1.10"),
        ("::1", "::1"),
        ("[::1]", "::1"),
        ("laptop", "laptop"),
    ],
)
def test_allow_host_values(value: str, name: str) -> None:
    assert allowed_name(value) == name


@pytest.mark.parametrize("value", ["", "http://workshop.local", "workshop.local:8000", "[workshop.local]", "*.example", "a b", "fe80::1%eth0", "evil\x1b]0;x"])
def test_allow_host_refuses_what_is_no_host(value: str) -> None:
    assert allowed_name(value) is None


def test_machine_names_are_the_full_and_short_name_and_mdns() -> None:
    assert machine_names("Laptop.corp.example") == {"laptop.corp.example", "laptop", "laptop.local"}
    assert machine_names("laptop") == {"laptop", "laptop.local"}
    assert machine_names("") == set()


def test_on_loopback_only_this_machine_s_names_pass() -> None:
    guard = HostGuard("127.0.0.1", ["workshop.test"], loopback=True, hostname="laptop")
    passing = ["localhost", "app.localhost", "127.0.0.1", "127.0.0.2", "::1", "workshop.test"]
    assert [h for h in passing if not guard.allows(h, "127.0.0.1")] == []
    # DNS rebinding works against localhost too; the machine's name is not needed on loopback
    refused = [None, "evil.example", "127.0.0.1.evil.example", "0.0.0.0", "192.168.1.10", "laptop", "laptop.local"]
    assert [h for h in refused if guard.allows(h, "127.0.0.1")] == []


def test_on_every_interface_the_address_typed_and_the_machine_s_name_pass() -> None:
    guard = HostGuard("0.0.0.0", ["workshop.test"], loopback=False, hostname="laptop.corp.example")
    lan = "192.168.1.10"
    assert guard.allows("192.168.1.10", lan)  # http://192.168.1.10:8000 typed on a participant's laptop
    assert guard.allows("192.168.1.10", "::ffff:192.168.1.10")  # the same, on a dual-stack socket
    assert guard.allows("fd00::2", "fd00::2")
    assert all(guard.allows(h, lan) for h in ["laptop", "laptop.local", "laptop.corp.example", "workshop.test"])
    assert guard.allows("localhost", "127.0.0.1") and guard.allows("::1", "::1")  # the facilitator's own browser
    assert not any(guard.allows(h, lan) for h in [None, "evil.example", "192.168.1.11", "0.0.0.0", "localhost", "127.0.0.1"])
    assert not guard.allows("0.0.0.0", "127.0.0.1")  # "0.0.0.0 day": a page asking for 0.0.0.0 reaches loopback
    assert not guard.allows("192.168.1.10", None)


def test_bound_to_one_address_that_address_passes() -> None:
    guard = HostGuard("192.168.1.10", loopback=False, hostname="laptop")
    assert guard.allows("192.168.1.10", "192.168.1.10") and guard.allows("192.168.1.10", None)
    assert not guard.allows("evil.example", "192.168.1.10")
    assert HostGuard("workshop.lan", loopback=False, hostname="laptop").allows("workshop.lan", "10.0.0.5")


@pytest.mark.parametrize(
    ("origin", "host", "scheme", "same"),
    [
        (None, "192.168.1.10:8000", "http", True),  # not a browser page
        ("http://192.168.1.10:8000", "192.168.1.10:8000", "http", True),
        ("http://LAPTOP.local:8000", "laptop.local:8000", "http", True),
        ("http://[::1]:8000", "[::1]:8000", "http", True),
        ("http://localhost", "localhost:80", "http", True),
        ("http://evil.example", "192.168.1.10:8000", "http", False),
        ("http://192.168.1.10:8001", "192.168.1.10:8000", "http", False),  # another port is another origin
        ("https://192.168.1.10:8000", "192.168.1.10", "http", False),
        ("null", "192.168.1.10:8000", "http", False),
        ("file://", "192.168.1.10:8000", "http", False),
        ("http://192.168.1.10:99999", "192.168.1.10:8000", "http", False),
    ],
)
def test_a_websocket_s_origin_must_be_the_page_s_own(origin: str | None, host: str, scheme: str, same: bool) -> None:
    assert HostGuard.same_origin(origin, host, scheme) is same


class FakeUdp:
    """A UDP socket whose route to anywhere on IPv4 leaves from 192.168.1.10; no IPv6 route."""

    def __init__(self, family: int, kind: int) -> None:
        self.family = family

    def __enter__(self) -> FakeUdp:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def connect(self, address: tuple[str, int]) -> None:
        if self.family != serve_module.socket.AF_INET:
            raise OSError("Network is unreachable")

    def getsockname(self) -> tuple[str, int]:
        return ("192.168.1.10", 40000)


def test_where_participants_open_the_page(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(serve_module.socket, "socket", FakeUdp)
    assert serve_module.network_urls("0.0.0.0", 8000) == ["http://192.168.1.10:8000"]
    assert serve_module.network_urls("", 8000) == ["http://192.168.1.10:8000"]
    assert serve_module.network_urls("::", 8000) == []  # IPv6 only, and no IPv6 route
    assert serve_module.network_urls("fd00::2", 8080) == ["http://[fd00::2]:8080"]
    assert serve_module.network_urls("workshop.lan", 80) == ["http://workshop.lan:80"]


# -- an in-process server, raw HTTP --------------------------------------------------------------


async def raw_get(port: int, lines: list[str]) -> tuple[int, str, str]:
    """Send a raw HTTP/1.1 request (any headers at all) to 127.0.0.1:port;
    returns (status, content type, body)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(("\r\n".join([*lines, "Connection: close", "", ""])).encode("latin-1"))
        await writer.drain()
        raw = await asyncio.wait_for(reader.read(), 30)
    finally:
        writer.close()
    head, _, body = raw.partition(b"\r\n\r\n")
    status_line, *headers = head.decode("latin-1").split("\r\n")
    content_type = next((h.split(":", 1)[1].strip() for h in headers if h.lower().startswith("content-type:")), "")
    return int(status_line.split()[1]), content_type, body.decode("utf-8", "replace")


def get(path: str, host: str | None, *extra: str) -> list[str]:
    return [f"GET {path} HTTP/1.1", *([f"Host: {host}"] if host is not None else []), *extra]


Started = Callable[..., Awaitable[tuple[WorkshopServer, int]]]


@pytest.fixture
async def start(en_sample: Path) -> AsyncIterator[Started]:
    """``start(host, allow_hosts)``: a WorkshopServer for ``host`` (its rules),
    listening on 127.0.0.1 only; returns it and its port."""
    servers: list[TestServer] = []

    async def started(host: str = "127.0.0.1", allow_hosts: tuple[str, ...] = (), language: str = "en") -> tuple[WorkshopServer, int]:
        session = load(en_sample)
        session.language = language  # type: ignore[assignment]
        server = WorkshopServer(en_sample, session, host=host, port=0, allow_hosts=allow_hosts, hostname="laptop")
        test_server = TestServer(await server._make_app(), host="127.0.0.1")
        await test_server.start_server()
        servers.append(test_server)
        assert test_server.port is not None
        return server, test_server.port

    yield started
    for test_server in servers:
        await test_server.close()


async def test_beyond_loopback_a_foreign_host_gets_403_in_plain_text(start: Started, en_sample: Path) -> None:
    server, port = await start("0.0.0.0", ("workshop.test",))
    reported: list[str] = []
    server._warn = reported.append
    status, content_type, body = await raw_get(port, get("/", f"evil.example:{port}"))
    assert (status, body) == (403, t("en", "serve_guard.forbidden_host"))
    assert content_type.startswith("text/plain")
    assert reported == [t("en", "serve_guard.refused_host", host="evil.example")]
    await raw_get(port, get("/", "evil.example"))
    assert (await raw_get(port, get("/", f"0.0.0.0:{port}")))[0] == 403
    assert len(reported) == 1  # told once per name; never to allow a name for this machine's loopback
    for n in range(10):
        await raw_get(port, get("/", f"evil{n}.example"))
    assert len(reported) == serve_module.REPORTED_NAMES  # an attacker cannot flood the terminal
    assert lock_holder(en_sample) is None


async def test_beyond_loopback_the_names_meant_for_it_are_answered(start: Started) -> None:
    _, port = await start("0.0.0.0", ("Workshop.Test",))
    # 127.0.0.1 is the address this connection arrived on (on a LAN: 192.168.1.10, typed by a participant)
    for host in ("127.0.0.1", "workshop.test", "laptop.local", "laptop", "localhost"):
        status, _, body = await raw_get(port, get("/", f"{host}:{port}"))
        assert status == 200, host
        assert "<title>" in body


async def test_bound_to_an_address_that_address_is_answered(start: Started) -> None:
    server, port = await start("192.168.1.10")  # the rules of --host 192.168.1.10
    assert not server.loopback
    assert (await raw_get(port, get("/", f"192.168.1.10:{port}")))[0] == 200
    assert (await raw_get(port, get("/", f"evil.example:{port}")))[0] == 403


@pytest.mark.parametrize("host", ["127.0.0.1", "0.0.0.0"])
@pytest.mark.parametrize(
    "request_lines",
    [
        ["GET / HTTP/1.0"],  # no Host at all: aiohttp's request.host would make up this machine's FQDN
        get("/", "0.0.0.0"),
        get("/", "127.0.0.1.evil.example"),
        get("/", "localhost@evil.example"),
        get("/static/js/textual.js", "evil.example"),  # every route, not only the page
        get("/download/x", "evil.example"),
        get("/ws", "evil.example", "Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Version: 13", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=="),
    ],
)
async def test_requests_for_no_allowed_name_get_403(host: str, request_lines: list[str], start: Started, en_sample: Path) -> None:
    _, port = await start(host)
    assert (await raw_get(port, request_lines))[0] == 403
    assert lock_holder(en_sample) is None


async def test_aiohttp_itself_refuses_two_hosts_or_none_in_http_1_1(start: Started) -> None:
    _, port = await start("0.0.0.0")
    assert (await raw_get(port, get("/", "evil.example:1", f"Host: 127.0.0.1:{port}")))[0] == 400
    assert (await raw_get(port, get("/", None)))[0] == 400


async def test_on_loopback_a_foreign_host_is_refused_and_allow_host_admits_one(start: Started) -> None:
    _, port = await start("127.0.0.1", ("workshop.test",))
    expected = {"evil.example": 403, "localhost": 200, "127.0.0.1": 200, "workshop.test": 200, "laptop": 403}
    found = {host: (await raw_get(port, get("/", f"{host}:{port}")))[0] for host in expected}
    assert found == expected
    status, _, body = await raw_get(port, get("/", "evil.example"))
    assert body == t("en", "serve.forbidden")


async def test_the_refusal_speaks_the_workshop_s_language(start: Started) -> None:
    _, port = await start("0.0.0.0", language="ja")
    status, _, body = await raw_get(port, get("/", "evil.example"))
    assert (status, body) == (403, t("ja", "serve_guard.forbidden_host"))
    assert "アクセスできません。" in body


class FakeTabApp:
    """Stands in for a tab's app process (textual-serve's AppService)."""

    started: list[tuple[int, int]] = []

    def __init__(self, *args: object, **kwargs: object) -> None:
        self._process = None

    async def start(self, width: int, height: int) -> None:
        FakeTabApp.started.append((width, height))

    async def stop(self) -> None:
        pass


async def test_a_websocket_from_a_foreign_origin_gets_403_and_the_page_s_own_opens(start: Started, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(serve_module, "AppService", FakeTabApp)
    monkeypatch.setattr(FakeTabApp, "started", [])
    _, port = await start("0.0.0.0", ("workshop.test",))
    async with aiohttp.ClientSession() as client:
        url = f"http://127.0.0.1:{port}/ws?width=100&height=30"
        for origin, host in [
            ("http://evil.example", f"127.0.0.1:{port}"),
            ("null", f"127.0.0.1:{port}"),
            (f"http://evil.example:{port}", f"workshop.test:{port}"),
        ]:
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await client.ws_connect(url, headers={"Origin": origin, "Host": host})
            assert refused.value.status == 403, origin
        assert FakeTabApp.started == []
        for headers in ({"Origin": f"http://workshop.test:{port}", "Host": f"workshop.test:{port}"}, {}):  # the page's own; no Origin (not a browser)
            async with client.ws_connect(url, headers=headers) as ws:
                await ws.send_json(["ping", "hello"])
                assert await ws.receive_json(timeout=30) == ["pong", "hello"]
    assert FakeTabApp.started == [(100, 30), (100, 30)]


@pytest.mark.parametrize(
    "path", ["/static/", "/static", "/static/js/", "/static/js", "/static/css/", "/static/fonts/", "/static/images/", "/static/%2e%2e/", "/static/../"]
)
async def test_static_folders_are_not_listed(path: str, start: Started) -> None:
    _, port = await start()
    status, _, body = await raw_get(port, get(path, f"127.0.0.1:{port}"))
    assert status in (403, 404), (path, status)
    assert "textual.js" not in body and "Index of" not in body and "xterm.css" not in body


async def test_static_files_are_still_served(start: Started) -> None:
    server, port = await start()
    status, content_type, body = await raw_get(port, get("/static/js/textual.js", f"127.0.0.1:{port}"))
    assert status == 200 and "javascript" in content_type
    assert body == (server.statics_path / "js" / "textual.js").read_text(encoding="utf-8", errors="replace")


# -- the command line --------------------------------------------------------------------------


@pytest.fixture
def never_listens(monkeypatch: pytest.MonkeyPatch) -> list[WorkshopServer]:
    """``mlew serve`` up to the point of listening, which it then only pretends."""
    runs: list[WorkshopServer] = []

    async def pretend(self: WorkshopServer, runner: object) -> int:
        runs.append(self)
        self._request_stop()
        return self.port

    monkeypatch.setattr(WorkshopServer, "_listen", pretend)
    monkeypatch.setattr(serve_module, "network_urls", lambda host, port: [f"http://192.168.1.10:{port}"])
    return runs


def test_allow_host_reaches_the_server(en_sample: Path, never_listens: list[WorkshopServer]) -> None:
    args = ["serve", str(en_sample), "--host", "0.0.0.0", "--port", "8123", "--allow-host", "Workshop.Test", "--allow-host", "[fd00::2]"]
    result = CliRunner().invoke(cli_app, args)
    assert result.exit_code == 0, result.output
    assert never_listens[0].allow_hosts == ("Workshop.Test", "[fd00::2]")
    assert {"workshop.test", "fd00::2"} <= never_listens[0].guard.names


@pytest.mark.parametrize(("lang", "sample"), [("en", "en_sample"), ("ja", "ja_sample")])
def test_the_open_access_warning_stays_with_where_to_open(lang: str, sample: str, request: pytest.FixtureRequest, never_listens: list[WorkshopServer]) -> None:
    path = request.getfixturevalue(sample)
    result = CliRunner().invoke(cli_app, ["serve", str(path), "--host", "0.0.0.0", "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [t(lang, "serve.public_warning", host="0.0.0.0", port=8123)]
    assert t(lang, "serve_guard.network_urls", urls="http://192.168.1.10:8123") in result.stdout.splitlines()
    assert t(lang, "serve_guard.other_names") in result.stdout.splitlines()


def test_loopback_says_nothing_about_the_network(en_sample: Path, never_listens: list[WorkshopServer]) -> None:
    result = CliRunner().invoke(cli_app, ["serve", str(en_sample), "--allow-host", "workshop.test"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert "Participants on the network" not in result.stdout and "403" not in result.stdout


@pytest.mark.parametrize(("lang", "sample"), [("en", "en_sample"), ("ja", "ja_sample")])
@pytest.mark.parametrize("value", ["http://workshop.local", "workshop.local:8000", "evil\x1b]0;owned\x07"])
def test_a_bad_allow_host_is_a_clean_error(lang: str, sample: str, value: str, request: pytest.FixtureRequest, never_listens: list[WorkshopServer]) -> None:
    path = request.getfixturevalue(sample)
    result = CliRunner().invoke(cli_app, ["serve", str(path), "--allow-host", "ok.example", "--allow-host", value])
    assert result.exit_code == 1
    shown = value.replace("\x1b", "\u241b").replace("\x07", "\u2407")
    assert result.stderr.splitlines() == [t(lang, "serve_guard.bad_allow_host", value=shown)]
    assert "\x1b" not in result.stderr
    assert never_listens == []


@pytest.mark.parametrize(("lang", "env"), [("en", "C.UTF-8"), ("ja", "ja_JP.UTF-8")])
def test_the_help_lists_allow_host(lang: str, env: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mlew_tui", "serve", "--help"], capture_output=True, text=True, env={**child_env(), "LANG": env}, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "--allow-host" in result.stdout
    squeezed = "".join(result.stdout.split())  # help text is wrapped
    assert "".join(t(lang, "serve_guard.cli.allow_host").split()) in squeezed


# -- end to end: the real mlew serve ----------------------------------------------------------


@needs_proc
async def test_mlew_serve_refuses_a_foreign_host(served: Callable[..., Served], en_sample: Path) -> None:
    server = served("--allow-host", "workshop.test")
    url = await server.started()
    port = int(url.rsplit(":", 1)[1])
    assert (await raw_get(port, get("/", "evil.example")))[:1] == (403,)
    assert (await raw_get(port, get("/", f"workshop.test:{port}")))[0] == 200
    assert (await raw_get(port, get("/static/", f"127.0.0.1:{port}")))[0] in (403, 404)
    async with aiohttp.ClientSession() as client, client.get(url + "/") as response:
        assert response.status == 200
    server.process.send_signal(signal.SIGTERM)
    assert await server.exited() == 0
    assert "Refused a browser that asked for evil.example" in server.err.text
    assert "Traceback" not in server.out.text + server.err.text
    assert lock_holder(en_sample) is None
