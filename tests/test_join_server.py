"""The join server (issue #20, docs/JOIN_API.md) over real HTTP on 127.0.0.1:
the page, the API, the event stream, every refusal and stopping. The service
behind it is a fake (tests/join_fake_service.py): these tests are about HTTP.
Only loopback is ever listened on; waits are bounded, never timed."""

from __future__ import annotations

import asyncio
import errno
import json
import logging
import os
import shutil
import signal
import socket
import subprocess
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from mlew_tui.join_net import NoNetworkAddress
from mlew_tui.join_server import SECURITY_HEADERS, BindError, JoinServer
from mlew_tui.join_service import MAX_BODY

from .join_fake_service import FakeService

WAIT_S = 30.0
DEV = "dev_" + "x" * 20
DEV2 = "dev_" + "y" * 20
PAGE = {"index.html": "<!doctype html><title>参加</title>", "app.js": "console.log('mlew');", "style.css": "body { color: black; }"}
SECRET = "the secret outside the page folder"


@pytest.fixture
def page_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "page"
    folder.mkdir()
    for name, text in PAGE.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "sub").mkdir()
    (folder / "sub" / "inner.txt").write_text(SECRET, encoding="utf-8")
    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")
    return folder


@pytest.fixture
def service() -> FakeService:
    return FakeService()


@pytest.fixture
async def server(service: FakeService, page_dir: Path) -> AsyncIterator[JoinServer]:
    join = JoinServer(service, "127.0.0.1", 0, allow_hosts=["workshop.local"], page_dir=page_dir)
    await join.start()
    try:
        yield join
    finally:
        await join.stop()


@pytest.fixture
async def client() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=WAIT_S)) as session:
        yield session


def base(server: JoinServer) -> str:
    return f"http://127.0.0.1:{server.port}"


def assert_secure(headers: Any) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert headers.get(name) == value, name


async def post(client: aiohttp.ClientSession, url: str, body: Any, **kwargs: Any) -> tuple[int, Any, Any]:
    async with client.post(url, json=body, **kwargs) as response:
        return response.status, await response.json(), response.headers


async def get_json(client: aiohttp.ClientSession, url: str, **kwargs: Any) -> tuple[int, Any, Any]:
    async with client.get(url, **kwargs) as response:
        assert response.content_type == "application/json"
        assert response.charset == "utf-8"
        return response.status, await response.json(), response.headers


async def raw(port: int, request: bytes) -> tuple[int, dict[str, str], bytes]:
    """One request sent byte for byte (no client normalizes its path): status, headers, body."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(request)
        await writer.drain()
        data = await asyncio.wait_for(reader.read(), WAIT_S)
    finally:
        writer.close()
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(lines[0].split()[1]), headers, body


def get_request(path: str, host: str) -> bytes:
    return f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode()


# -- where ---------------------------------------------------------------------


async def test_url_names_the_bound_address_the_port_and_the_current_token(server: JoinServer, service: FakeService) -> None:
    assert server.port > 0
    assert server.url == f"http://127.0.0.1:{server.port}/j/{service.token}/"
    token = service.rotate()
    assert server.url == f"http://127.0.0.1:{server.port}/j/{token}/"


def test_url_brackets_an_ipv6_host(service: FakeService) -> None:
    assert JoinServer(service, "::1", 8123).url == f"http://[::1]:8123/j/{service.token}/"
    assert JoinServer(service, "workshop.local", 80).url == f"http://workshop.local:80/j/{service.token}/"


async def test_every_interface_without_a_network_address_is_refused_before_binding(service: FakeService) -> None:
    def no_route(family: socket.AddressFamily, destination: tuple[str, int]) -> str:
        raise OSError(errno.ENETUNREACH, "Network is unreachable")

    join = JoinServer(service, "0.0.0.0", 0, connect=no_route)
    with pytest.raises(NoNetworkAddress):
        await join.start()
    assert not join.running


async def test_a_taken_port_is_a_bind_error_in_words(service: FakeService, server: JoinServer) -> None:
    other = JoinServer(service, "127.0.0.1", server.port)
    with pytest.raises(BindError) as caught:
        await other.start()
    error = caught.value
    assert isinstance(error, OSError)
    assert (error.problem, error.errno) == ("in_use", errno.EADDRINUSE)
    assert str(error) == (
        f"Cannot start the join server: port {server.port} on 127.0.0.1 is already in use. Choose another one with --port, or --port 0 for any free port."
    )
    assert error.describe("ja") == (
        f"参加用サーバーを起動できません。127.0.0.1 のポート {server.port} はすでに使われています。"
        "--port で別のポートを指定するか、--port 0 で空いているポートを使ってください。"
    )
    assert not other.running


def test_bind_errors_say_which_problem() -> None:
    assert BindError.of("192.0.2.7", 8000, OSError(errno.EADDRNOTAVAIL, "Cannot assign requested address")).problem == "not_here"
    assert BindError.of("127.0.0.1", 80, PermissionError(errno.EACCES, "Permission denied")).problem == "denied"
    unknown = BindError.of("nowhere.invalid", 8000, socket.gaierror(socket.EAI_NONAME, "Name or service not known"))
    assert unknown.problem == "unknown_host"
    assert str(unknown) == "Cannot start the join server: nowhere.invalid is not a known host name. Give an address such as 192.168.1.10 with --host."
    other = BindError.of("127.0.0.1", 8000, OSError(errno.EMFILE, "Too many open files"))
    assert (other.problem, str(other)) == ("cannot_bind", "Cannot start the join server on 127.0.0.1 port 8000: Too many open files")


# -- the page ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "file", "content_type"),
    [("", "index.html", "text/html"), ("app.js", "app.js", "text/javascript"), ("style.css", "style.css", "text/css")],
)
async def test_the_page_and_its_files(server: JoinServer, client: aiohttp.ClientSession, name: str, file: str, content_type: str) -> None:
    async with client.get(server.url + name) as response:
        assert response.status == 200
        assert (response.content_type, response.charset) == (content_type, "utf-8")
        assert await response.text() == PAGE[file]
        assert_secure(response.headers)
    assert server.service.spent == ["addr:127.0.0.1"]  # type: ignore[attr-defined]


async def test_no_listing_and_nothing_but_the_three_files(server: JoinServer, client: aiohttp.ClientSession, service: FakeService) -> None:
    prefix = f"{base(server)}/j/{service.token}/"
    for path in ["index.html", "sub", "sub/", "sub/inner.txt", "api", "api/", "app.js/", "j/", "secret.txt"]:
        status, body, headers = await get_json(client, prefix + path)
        assert (status, body) == (404, {"ok": False, "error": "not_found", "message": "en:not_found"}), path
        assert_secure(headers)


@pytest.mark.parametrize(
    "path",
    [
        "/j/{token}/../../etc/passwd",
        "/j/{token}/../secret.txt",
        "/j/{token}/../../secret.txt",
        "/j/{token}/%2e%2e/%2e%2e/etc/passwd",
        "/j/{token}/%2e%2e/secret.txt",
        "/j/{token}/..%2fsecret.txt",
        "/j/{token}/%2E%2E%2F%2E%2E%2Fsecret.txt",
        "/j/{token}/sub/inner.txt",
        "/j/{token}//etc/passwd",
        "/j/{token}/./app.js/../../secret.txt",
    ],
)
async def test_path_traversal_finds_nothing(server: JoinServer, service: FakeService, path: str) -> None:
    status, headers, body = await raw(server.port, get_request(path.format(token=service.token), f"127.0.0.1:{server.port}"))
    assert status == 404
    assert SECRET.encode() not in body
    assert json.loads(body)["error"] == "not_found"
    assert headers["content-security-policy"] == "default-src 'self'"


# -- the token, Host and Origin ------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/j/", "/j//", "/j", "/j/wrong/", "/j/wrong/app.js", "/j/wrong/api/state", "/favicon.ico", "/static/", "/j/{token}"])
async def test_no_token_or_a_wrong_one_is_not_found(server: JoinServer, client: aiohttp.ClientSession, service: FakeService, path: str) -> None:
    status, body, headers = await get_json(client, base(server) + path.format(token=service.token))
    assert (status, body["ok"], body["error"]) == (404, False, "not_found")
    assert_secure(headers)
    assert service.spent == []  # a wrong link costs no budget and creates none


async def test_a_rotated_token_is_not_found(server: JoinServer, client: aiohttp.ClientSession, service: FakeService) -> None:
    old = server.url
    service.rotate()
    status, body, _ = await get_json(client, old + "api/state")
    assert (status, body["error"]) == (404, "not_found")
    status, _, _ = await get_json(client, server.url + "api/state")
    assert status == 200


@pytest.mark.parametrize("host", ["evil.example:{port}", "evil.example", "127.0.0.1", "127.0.0.1:1", "127.0.0.1.evil.example:{port}", "", "[::1]:{port}x"])
async def test_a_wrong_host_is_forbidden(server: JoinServer, service: FakeService, host: str) -> None:
    status, headers, body = await raw(server.port, get_request(f"/j/{service.token}/", host.format(port=server.port)))
    assert status == 403
    assert json.loads(body) == {"ok": False, "error": "forbidden", "message": "en:forbidden"}
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["cache-control"] == "no-store"
    assert service.spent == []


async def test_two_host_headers_are_refused(server: JoinServer, service: FakeService) -> None:
    request = f"GET /j/{service.token}/ HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nHost: evil.example\r\nConnection: close\r\n\r\n"
    status, _, body = await raw(server.port, request.encode())
    # aiohttp's parser refuses the request before any route (its plain-text 400): nothing is served.
    assert (status, body) == (400, b"Duplicate 'Host' header found.")
    assert service.spent == []


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "workshop.local:{port}", "WORKSHOP.LOCAL.:{port}"])
async def test_the_bound_address_allowed_names_and_loopback_names_are_answered(server: JoinServer, service: FakeService, host: str) -> None:
    status, _, body = await raw(server.port, get_request(f"/j/{service.token}/", host.format(port=server.port)))
    assert (status, body.decode()) == (200, PAGE["index.html"])


@pytest.mark.parametrize(
    "origin",
    [
        "http://evil.example",
        "http://evil.example:{port}",
        "null",
        "https://127.0.0.1:{port}",
        "http://127.0.0.1:1",
        "http://127.0.0.1",
        "http://localhost:{port}",
        "file://",
    ],
)
async def test_a_foreign_origin_is_forbidden(server: JoinServer, client: aiohttp.ClientSession, service: FakeService, origin: str) -> None:
    status, body, headers = await post(client, server.url + "api/join", {"device": DEV, "person": "sato"}, headers={"Origin": origin.format(port=server.port)})
    assert (status, body["error"]) == (403, "forbidden")
    assert_secure(headers)
    assert service.joined == {}
    status, body, _ = await get_json(client, server.url + "api/state", headers={"Origin": origin.format(port=server.port)})
    assert status == 403


async def test_the_pages_own_origin_is_answered(server: JoinServer, client: aiohttp.ClientSession, service: FakeService) -> None:
    status, body, _ = await post(client, server.url + "api/join", {"device": DEV, "person": "sato"}, headers={"Origin": f"http://127.0.0.1:{server.port}"})
    assert (status, body) == (200, {"ok": True, "me": {"device": DEV, "person": "sato"}})


# -- the API -----------------------------------------------------------------------


async def test_state_of_a_device_and_of_none(server: JoinServer, client: aiohttp.ClientSession, service: FakeService) -> None:
    status, body, headers = await get_json(client, server.url + f"api/state?device={DEV}")
    assert status == 200
    assert body == {
        "ok": True,
        "revision": 0,
        "language": "en",
        "people": [{"id": "sato", "name": "佐藤"}, {"id": "lee", "name": "Lee"}],
        "me": None,
        "work": {},
    }
    assert_secure(headers)
    status, body, _ = await get_json(client, server.url + "api/state")
    assert (status, body["me"]) == (200, None)
    assert service.states == [DEV, None]
    assert service.spent == [DEV, "addr:127.0.0.1"]


@pytest.mark.parametrize("device", ["short", "x" * 65, "bad/device_id_here", "émoji_device_id_x"])
async def test_a_malformed_device_is_a_bad_request(server: JoinServer, client: aiohttp.ClientSession, service: FakeService, device: str) -> None:
    status, body, _ = await get_json(client, server.url + "api/state", params={"device": device})
    assert (status, body) == (400, {"ok": False, "error": "bad_request", "message": "en:bad_request"})
    assert service.spent == ["addr:127.0.0.1"]  # its address's budget, never a key it made up


async def test_join_then_submit_once(server: JoinServer, client: aiohttp.ClientSession, service: FakeService) -> None:
    status, body, _ = await post(client, server.url + "api/join", {"device": DEV, "person": "sato"})
    assert (status, body) == (200, {"ok": True, "me": {"device": DEV, "person": "sato"}})
    submission = {"device": DEV, "id": "sid_0001", "action": "add_review", "args": {"text": "<b>良い</b>", "polarity": "positive", "basis": "fact"}}
    status, body, headers = await post(client, server.url + "api/submit", submission)
    assert (status, body) == (200, {"ok": True, "id": "sid_0001", "duplicate": False, "result": {"id": "r1"}})
    assert_secure(headers)
    status, body, _ = await post(client, server.url + "api/submit", submission)
    assert (status, body["duplicate"], body["result"]) == (200, True, {"id": "r1"})
    assert service.submissions == [(DEV, "sid_0001", "add_review", {"text": "<b>良い</b>", "polarity": "positive", "basis": "fact"})]
    assert service.spent == [DEV, DEV, DEV]


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("api/join", {"device": DEV}),
        ("api/join", {"person": "sato"}),
        ("api/join", {"device": DEV, "person": 7}),
        ("api/join", {"device": "short", "person": "sato"}),
        ("api/join", {"device": 12345678901234567, "person": "sato"}),
        ("api/submit", {"device": DEV, "id": "sid_0001", "action": "add_review"}),
        ("api/submit", {"device": DEV, "id": "sid_0001", "action": "add_review", "args": []}),
        ("api/submit", {"device": DEV, "id": "short", "action": "add_review", "args": {}}),
        ("api/submit", {"device": DEV, "id": "sid 0001", "action": "add_review", "args": {}}),
        ("api/submit", {"device": DEV, "id": "sid_0001", "action": None, "args": {}}),
        ("api/submit", {"id": "sid_0001", "action": "add_review", "args": {}}),
    ],
)
async def test_a_missing_or_mistyped_field_is_a_bad_request(
    server: JoinServer, client: aiohttp.ClientSession, service: FakeService, path: str, body: Any
) -> None:
    status, answer, headers = await post(client, server.url + path, body)
    assert (status, answer) == (400, {"ok": False, "error": "bad_request", "message": "en:bad_request"})
    assert_secure(headers)
    assert (service.joined, service.submissions) == ({}, [])


async def test_the_services_refusals_are_answered_with_their_status_code_and_words(
    server: JoinServer, client: aiohttp.ClientSession, service: FakeService
) -> None:
    service.language = "ja"
    submission = {"device": DEV, "id": "sid_0001", "action": "add_review", "args": {}}
    status, body, headers = await post(client, server.url + "api/submit", submission)
    assert (status, body) == (409, {"ok": False, "error": "not_joined", "message": "ja:not_joined"})
    assert_secure(headers)
    status, body, _ = await post(client, server.url + "api/join", {"device": DEV, "person": "nobody"})
    assert (status, body) == (404, {"ok": False, "error": "not_found", "message": "ja:not_found"})
    service.removed.add(DEV)
    status, body, _ = await get_json(client, server.url + f"api/state?device={DEV}")
    assert (status, body) == (410, {"ok": False, "error": "removed", "message": "ja:removed"})


async def test_over_budget_is_429_with_retry_after(server: JoinServer, client: aiohttp.ClientSession, service: FakeService) -> None:
    service.over = {DEV, "addr:127.0.0.1"}
    status, body, headers = await get_json(client, server.url + f"api/state?device={DEV}")
    assert (status, body) == (429, {"ok": False, "error": "slow_down", "message": "en:slow_down"})
    assert headers["Retry-After"] == "3"  # 2.5 s, in whole seconds, rounded up
    assert_secure(headers)
    status, body, headers = await post(client, server.url + "api/join", {"device": DEV, "person": "sato"})
    assert (status, headers["Retry-After"]) == (429, "3")
    async with client.get(server.url) as response:  # the page: the address's budget
        assert (response.status, response.headers["Retry-After"]) == (429, "3")
    assert service.joined == {}
    assert service.states == []


async def test_an_unexpected_failure_is_500_without_a_traceback(
    server: JoinServer, client: aiohttp.ClientSession, service: FakeService, capfd: pytest.CaptureFixture[str]
) -> None:
    service.fail = RuntimeError("secret internals")
    service.language = "ja"
    status, body, headers = await get_json(client, server.url + f"api/state?device={DEV}")
    assert status == 500
    assert body == {
        "ok": False,
        "error": "internal",
        "message": "ワークショップのアプリで問題が起きました。入力した内容は残っています。もう一度送ってください。",
    }
    assert_secure(headers)
    status, body, _ = await post(client, server.url + "api/join", {"device": DEV, "person": "sato"})
    assert (status, body["error"]) == (500, "internal")
    assert "secret internals" not in json.dumps(body)
    captured = capfd.readouterr()
    assert (captured.out, captured.err) == ("", "")


async def test_words_come_from_the_server_when_the_service_cannot_give_them(server: JoinServer, client: aiohttp.ClientSession, service: FakeService) -> None:
    def broken(code: str) -> str:
        raise KeyError(code)

    service.message = broken  # type: ignore[method-assign]
    service.language = "ja"
    status, body, _ = await get_json(client, server.url + "nothing")
    assert body == {
        "ok": False,
        "error": "not_found",
        "message": "見つかりません。この参加用リンクはもう使えません。プロジェクターのコードをもう一度読み取ってください。",
    }


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", ""),
        ("POST", "app.js"),
        ("PUT", "api/submit"),
        ("GET", "api/join"),
        ("GET", "api/submit"),
        ("DELETE", "api/state"),
        ("OPTIONS", "api/submit"),
        ("HEAD", ""),
    ],
)
async def test_other_methods_are_not_found(server: JoinServer, client: aiohttp.ClientSession, method: str, path: str) -> None:
    async with client.request(method, server.url + path, json={"device": DEV}) as response:
        assert response.status == 404
        assert_secure(response.headers)
        assert "Access-Control-Allow-Origin" not in response.headers


# -- bodies -----------------------------------------------------------------------


async def test_a_body_over_16_kb_by_content_length_is_too_large(server: JoinServer, service: FakeService) -> None:
    body = b'{"device": "' + DEV.encode() + b'", "person": "' + b"x" * MAX_BODY + b'"}'
    head = (
        f"POST /j/{service.token}/api/join HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    )
    status, headers, answer = await raw(server.port, head.encode() + body)
    assert (status, json.loads(answer)) == (413, {"ok": False, "error": "too_large", "message": "en:too_large"})
    assert headers["referrer-policy"] == "no-referrer"
    assert service.joined == {}


async def test_a_chunked_body_over_16_kb_is_too_large(server: JoinServer, client: aiohttp.ClientSession, service: FakeService) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"device": "' + DEV.encode() + b'", "person": "'
        for _ in range(MAX_BODY // 1024 + 1):
            yield b"x" * 1024
        yield b'"}'

    async with client.post(server.url + "api/join", data=chunks(), headers={"Content-Type": "application/json"}) as response:
        assert response.request_info.headers.get("Transfer-Encoding") == "chunked"
        assert (response.status, await response.json()) == (413, {"ok": False, "error": "too_large", "message": "en:too_large"})
        assert_secure(response.headers)
    assert service.joined == {}


async def test_a_body_of_exactly_16_kb_is_read(server: JoinServer, client: aiohttp.ClientSession, service: FakeService) -> None:
    start = '{"device": "' + DEV + '", "person": "sato", "pad": "'
    body = start + "x" * (MAX_BODY - len(start) - 2) + '"}'
    assert len(body.encode()) == MAX_BODY
    async with client.post(server.url + "api/join", data=body.encode(), headers={"Content-Type": "application/json"}) as response:
        assert response.status == 200
    assert service.joined == {DEV: "sato"}


@pytest.mark.parametrize(
    "content_type",
    [None, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=latin-1", "application/jsonx"],
)
async def test_a_body_that_is_not_json_by_its_type_is_415(
    server: JoinServer, client: aiohttp.ClientSession, service: FakeService, content_type: str | None
) -> None:
    headers = {} if content_type is None else {"Content-Type": content_type}
    data = json.dumps({"device": DEV, "person": "sato"}).encode()
    async with client.post(server.url + "api/join", data=data, headers=headers, skip_auto_headers=["Content-Type"]) as response:
        assert (response.status, await response.json()) == (415, {"ok": False, "error": "bad_request", "message": "en:bad_request"})
        assert_secure(response.headers)
    assert service.joined == {}


async def test_json_with_a_charset_is_json(server: JoinServer, client: aiohttp.ClientSession, service: FakeService) -> None:
    data = json.dumps({"device": DEV, "person": "sato"}).encode()
    async with client.post(server.url + "api/join", data=data, headers={"Content-Type": "Application/JSON; charset=UTF-8"}) as response:
        assert response.status == 200
    assert service.joined == {DEV: "sato"}


@pytest.mark.parametrize(
    "data", [b"", b"{", b"not json", b"[1, 2]", b'"text"', b"null", b'{"device": NaN}', b"\xff\xfe{}", b"[" * 5000 + b"]" * 5000, b'{"a": 1}{"b": 2}']
)
async def test_a_body_that_is_not_one_json_object_is_a_bad_request(
    server: JoinServer, client: aiohttp.ClientSession, service: FakeService, data: bytes
) -> None:
    async with client.post(server.url + "api/submit", data=data, headers={"Content-Type": "application/json"}) as response:
        assert (response.status, await response.json()) == (400, {"ok": False, "error": "bad_request", "message": "en:bad_request"})
    assert service.submissions == []
    assert service.spent == ["addr:127.0.0.1"]


# -- server-sent events ---------------------------------------------------------------


async def next_event(response: aiohttp.ClientResponse) -> tuple[str, Any]:
    """The next event or comment: ("state", json) or ("ping", None); ("eof", None) at the end."""
    lines: list[str] = []
    while True:
        line = await asyncio.wait_for(response.content.readline(), WAIT_S)
        if not line:
            return "eof", None
        text = line.decode("utf-8").rstrip("\n")
        if text:
            lines.append(text)
            continue
        if lines == [": ping"]:
            return "ping", None
        assert lines[0] == "event: state" and lines[1].startswith("data: ") and len(lines) == 2, lines
        return "state", json.loads(lines[1][len("data: ") :])


async def wait_until(condition: Any, what: str) -> None:
    for _ in range(int(WAIT_S / 0.02)):
        if condition():
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


async def test_events_send_the_state_at_once_then_the_current_state_after_changes(
    server: JoinServer, client: aiohttp.ClientSession, service: FakeService
) -> None:
    async with client.get(server.url + f"api/events?device={DEV}") as response:
        assert response.status == 200
        assert (response.content_type, response.charset) == ("text/event-stream", "utf-8")
        assert_secure(response.headers)
        kind, state = await next_event(response)
        assert (kind, state["ok"], state["revision"], state["me"]) == ("state", True, 0, None)
        service.joined[DEV] = "sato"
        service.changed()
        kind, state = await next_event(response)
        assert (kind, state["revision"], state["me"]) == ("state", 1, {"device": DEV, "person": "sato", "name": "佐藤"})
        for _ in range(5):  # a burst: one wake, one event with the state after all of it
            service.changed()
        kind, state = await next_event(response)
        assert (kind, state["revision"]) == ("state", 6)
        service.changed()
        kind, state = await next_event(response)
        assert (kind, state["revision"]) == ("state", 7)  # not 6 again: the burst was one event
    assert service.spent == [DEV]


async def test_a_change_announced_from_another_thread_reaches_the_stream(server: JoinServer, client: aiohttp.ClientSession, service: FakeService) -> None:
    async with client.get(server.url + "api/events") as response:
        assert (await next_event(response))[0] == "state"
        await asyncio.to_thread(service.changed)
        kind, state = await next_event(response)
        assert (kind, state["revision"]) == ("state", 1)


async def test_an_idle_stream_is_pinged(service: FakeService, page_dir: Path, client: aiohttp.ClientSession) -> None:
    join = JoinServer(service, "127.0.0.1", 0, page_dir=page_dir, ping_s=0.05)
    await join.start()
    try:
        async with client.get(join.url + "api/events") as response:
            assert (await next_event(response))[0] == "state"
            assert await next_event(response) == ("ping", None)
            service.changed()
            kinds = [await next_event(response) for _ in range(3)]
            assert ("state", 1) in [(kind, state["revision"]) for kind, state in kinds if kind == "state"]
    finally:
        await join.stop()


async def test_a_closed_stream_stops_listening_at_once(service: FakeService, page_dir: Path, client: aiohttp.ClientSession) -> None:
    join = JoinServer(service, "127.0.0.1", 0, page_dir=page_dir, ping_s=3600)  # no ping finds the closed connection
    await join.start()
    try:
        async with client.get(join.url + "api/events") as response:
            assert (await next_event(response))[0] == "state"
            assert len(service.listeners) == 1
            response.close()
        await wait_until(lambda: service.listeners == [], "the stream to stop listening")
    finally:
        await join.stop()


async def test_a_rotated_token_ends_the_stream(server: JoinServer, client: aiohttp.ClientSession, service: FakeService) -> None:
    async with client.get(server.url + "api/events") as response:
        assert (await next_event(response))[0] == "state"
        service.rotate()
        service.changed()
        assert await next_event(response) == ("eof", None)
    await wait_until(lambda: service.listeners == [], "the stream to stop listening")


async def test_a_state_that_cannot_be_sent_ends_the_stream(server: JoinServer, client: aiohttp.ClientSession, service: FakeService) -> None:
    async with client.get(server.url + "api/events") as response:
        assert (await next_event(response))[0] == "state"
        service.fail = RuntimeError("broken")
        service.changed()
        assert await next_event(response) == ("eof", None)
    await wait_until(lambda: service.listeners == [], "the stream to stop listening")
    service.fail = None
    service.joined[DEV] = "sato"
    original = service.state
    service.state = lambda device: {**original(device), "work": {1, 2}}  # type: ignore[method-assign]  # not JSON
    status, body, _ = await get_json(client, server.url + f"api/events?device={DEV}")
    assert (status, body["error"]) == (500, "internal")
    assert service.listeners == []


async def test_a_refused_stream_is_answered_as_json_and_does_not_listen(server: JoinServer, client: aiohttp.ClientSession, service: FakeService) -> None:
    service.removed.add(DEV)
    status, body, headers = await get_json(client, server.url + f"api/events?device={DEV}")
    assert (status, body) == (410, {"ok": False, "error": "removed", "message": "en:removed"})
    assert_secure(headers)
    assert service.listeners == []


async def test_stop_ends_open_streams_cleanly_and_promptly(service: FakeService, page_dir: Path, client: aiohttp.ClientSession) -> None:
    join = JoinServer(service, "127.0.0.1", 0, page_dir=page_dir)
    await join.start()
    streams = [await client.get(join.url + f"api/events?device={device}") for device in (DEV, DEV2)]
    try:
        for response in streams:
            assert (await next_event(response))[0] == "state"
        # Bounded by a generous limit only; a hang on a stream would take SHUTDOWN_S per stream or fail here.
        await asyncio.wait_for(join.stop(), WAIT_S)
        for response in streams:
            assert await next_event(response) == ("eof", None)  # ended, not cut: no payload error
    finally:
        for response in streams:
            response.close()
    assert service.listeners == []
    assert not join.running
    with pytest.raises(aiohttp.ClientConnectionError):
        await client.get(join.url)
    await join.stop()  # a second stop does nothing


# -- quiet -------------------------------------------------------------------------


async def test_nothing_is_printed(server: JoinServer, client: aiohttp.ClientSession, service: FakeService, capfd: pytest.CaptureFixture[str]) -> None:
    await get_json(client, server.url + "api/state")
    await get_json(client, f"{base(server)}/nowhere")
    await raw(server.port, b"GARBAGE\r\n\r\n")
    status, _, body = await raw(server.port, b"GET /j/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: nope\r\nConnection: close\r\n\r\n")
    assert status == 400
    assert b"Traceback" not in body
    captured = capfd.readouterr()
    assert (captured.out, captured.err) == ("", "")
    assert any(isinstance(handler, logging.NullHandler) for handler in logging.getLogger("aiohttp").handlers)


# -- a real browser (slow) ------------------------------------------------------------

BROWSER_PAGE = {
    "index.html": '<!doctype html><html><head><script src="app.js"></script></head><body><script>window.inline = 1;</script></body></html>',
    "app.js": """
window.results = {};
const device = "dev_xxxxxxxxxxxxxxxxxxxx";
async function run() {
  const post = async (policy) => {
    const options = {method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify({device, person: "sato"})};
    if (policy) options.referrerPolicy = policy;
    return (await fetch("api/join", options)).status;
  };
  window.results.post = await post(null);
  window.results.post_same_origin = await post("same-origin");
  window.results.state = (await fetch("api/state?device=" + device)).status;
  const events = new EventSource("api/events?device=" + device);
  events.addEventListener("state", (event) => { window.results.event = JSON.parse(event.data).me.person; events.close(); });
}
run().catch((error) => { window.results.error = String(error); });
""",
    "style.css": "",
}


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("chromium") is None, reason="no chromium (apt-get install chromium)")
async def test_a_browser_page_passes_the_checks_and_gets_events(service: FakeService, tmp_path: Path) -> None:
    """Chromium's own requests (its Origin under Referrer-Policy: no-referrer, EventSource) are
    answered; the CSP keeps the inline script from running."""
    from .test_serve_browser import CHROMIUM_FLAGS, DevTools

    folder = tmp_path / "page"
    folder.mkdir()
    for name, text in BROWSER_PAGE.items():
        (folder / name).write_text(text, encoding="utf-8")
    join = JoinServer(service, "127.0.0.1", 0, page_dir=folder)
    await join.start()
    profile = tmp_path / "chromium"
    browser = subprocess.Popen(
        [str(shutil.which("chromium")), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--remote-debugging-port=0", join.url],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        active = profile / "DevToolsActivePort"
        await wait_until(lambda: active.exists() and active.read_text().split()[:1], "chromium's DevTools port")
        port = active.read_text().split()[0]
        async with aiohttp.ClientSession() as client:
            async with client.get(f"http://127.0.0.1:{port}/json/list") as response:
                page = next(target for target in await response.json() if target["type"] == "page")
            async with client.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0) as ws:
                devtools = DevTools(ws)
                results: Any = None
                for _ in range(int(WAIT_S / 0.2)):
                    results = await devtools.evaluate("[window.results, window.inline === undefined]")
                    if results and results[0] and ("event" in results[0] or "error" in results[0]):
                        break
                    await asyncio.sleep(0.2)
                assert results == [{"post": 200, "post_same_origin": 200, "state": 200, "event": "sato"}, True]
    finally:
        os.killpg(browser.pid, signal.SIGTERM)
        browser.wait(WAIT_S)
        await join.stop()
    assert service.joined == {"dev_xxxxxxxxxxxxxxxxxxxx": "sato"}
