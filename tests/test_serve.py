"""``mlew serve``: the pieces (loopback, the tab command, the page) and the
command line with a server that never listens. End to end (a real server,
its tabs' processes): test_serve_processes.py; in a browser:
test_serve_browser.py. Only 127.0.0.1 is ever listened on."""

from __future__ import annotations

import shlex
import socket
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp.test_utils import TestServer
from typer.testing import CliRunner

from mlew_tui import serve as serve_module
from mlew_tui.cli import app as cli_app
from mlew_tui.serve import WorkshopServer, is_loopback, is_loopback_name, page_url, tab_command
from mlew_tui.store import SessionLock, load, save

from .serve_helpers import lock_holder

# -- the pieces ------------------------------------------------------------------------------


def test_tab_command_runs_this_interpreter_on_the_absolute_path(tmp_path: Path) -> None:
    path = tmp_path / 'it\'s a "work" shop $HOME.toml'
    words = shlex.split(tab_command(path))
    assert words == ["exec", sys.executable, "-m", "mlew_tui", "run", str(path.resolve())]


@pytest.mark.parametrize("host", ["127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost"])
def test_loopback_hosts(host: str) -> None:
    assert is_loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "", "::", "192.168.1.10", "10.0.0.1", "no-such-host.invalid"])
def test_other_hosts_are_not_loopback(host: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_dns(*args: object) -> object:
        raise OSError("no DNS in tests")

    monkeypatch.setattr(serve_module.socket, "getaddrinfo", no_dns)
    assert not is_loopback(host)


def test_host_headers_are_checked_without_dns() -> None:
    assert all(is_loopback_name(h) for h in ["localhost", "LOCALHOST.", "app.localhost", "127.0.0.1", "::1"])
    assert not any(is_loopback_name(h) for h in [None, "", "evil.example", "127.0.0.1.evil.example", "0.0.0.0", "192.168.1.10"])


def test_page_url_is_one_a_browser_can_open() -> None:
    assert page_url("127.0.0.1", 8000) == "http://127.0.0.1:8000"
    assert page_url("0.0.0.0", 8000) == "http://127.0.0.1:8000"
    assert page_url("::1", 8080) == "http://[::1]:8080"
    assert page_url("localhost", 1) == "http://localhost:1"


# -- the command line (nothing listens) -----------------------------------------------------


@pytest.fixture
def never_listens(monkeypatch: pytest.MonkeyPatch) -> list[WorkshopServer]:
    """``mlew serve`` up to the point of listening, which it then only pretends."""
    runs: list[WorkshopServer] = []

    async def pretend(self: WorkshopServer, runner: object) -> int:
        runs.append(self)
        self._request_stop()  # and stop at once, as if Ctrl+C came
        return self.port

    monkeypatch.setattr(WorkshopServer, "_listen", pretend)
    return runs


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "::"])
def test_a_host_beyond_loopback_is_warned_about(host: str, en_sample: Path, never_listens: list[WorkshopServer]) -> None:
    result = CliRunner().invoke(cli_app, ["serve", str(en_sample), "--host", host, "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert "Anyone who can reach it can edit the workshop" in result.stderr
    assert never_listens[0].host == host and never_listens[0].port == 8123
    assert "Serving" in result.stdout and "Stopped." in result.stdout


def test_loopback_is_the_default_and_not_warned_about(en_sample: Path, never_listens: list[WorkshopServer]) -> None:
    result = CliRunner().invoke(cli_app, ["serve", str(en_sample)])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert (never_listens[0].host, never_listens[0].port) == ("127.0.0.1", 8000)
    assert never_listens[0].loopback


def test_a_japanese_workshop_is_served_in_japanese(ja_sample: Path, never_listens: list[WorkshopServer]) -> None:
    result = CliRunner().invoke(cli_app, ["serve", str(ja_sample), "--host", "0.0.0.0"])
    assert result.exit_code == 0, result.output
    assert f"「{load(ja_sample).title}」を http://127.0.0.1:8000 で公開しています" in result.stdout
    assert "誰でもワークショップを編集できます" in result.stderr
    assert "停止しました" in result.stdout


def test_a_file_open_elsewhere_is_noted(en_sample: Path, never_listens: list[WorkshopServer]) -> None:
    with SessionLock(en_sample):
        result = CliRunner().invoke(cli_app, ["serve", str(en_sample)])
    assert result.exit_code == 0
    assert "every tab will be read-only" in result.stderr


def test_a_broken_file_is_a_clean_error(tmp_path: Path, never_listens: list[WorkshopServer]) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("title = \n", encoding="utf-8")
    result = CliRunner().invoke(cli_app, ["serve", str(broken)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output and "line 1" in result.stderr
    assert never_listens == []


def test_a_taken_port_is_a_clean_error(en_sample: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli_app, ["serve", str(en_sample), "--port", str(port)])
    assert result.exit_code == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr and "--port" in result.stderr
    assert "Traceback" not in result.output


# -- the page, in process ------------------------------------------------------------------------


@pytest.fixture
async def page_server(en_sample: Path) -> AsyncIterator[tuple[TestServer, Path]]:
    session = load(en_sample)
    session.title = '<script>alert(1)</script> & [b]Team[/b] "Q4"'
    save(session, en_sample)
    server = WorkshopServer(en_sample, load(en_sample), port=0)
    test_server = TestServer(await server._make_app(), host="127.0.0.1")
    await test_server.start_server()
    yield test_server, en_sample
    await test_server.close()


async def test_the_page_is_titled_with_the_workshop_literally(page_server: tuple[TestServer, Path]) -> None:
    test_server, _ = page_server
    async with aiohttp.ClientSession() as client, client.get(test_server.make_url("/")) as response:
        assert response.status == 200
        page = await response.text()
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt; &amp; [b]Team[/b] &quot;Q4&quot;</title>" in page
    assert "<script>alert(1)" not in page
    assert '<html lang="en">' in page
    assert "googleapis" not in page and "https://" not in page  # nothing from other sites
    assert "The app in this tab has closed." in page and "Session ended." not in page
    # The websocket address is the one the browser used, not the bind address.
    assert f'data-session-websocket-url="ws://127.0.0.1:{test_server.port}/ws"' in page


async def test_other_sites_and_other_names_are_refused(page_server: tuple[TestServer, Path]) -> None:
    test_server, path = page_server
    async with aiohttp.ClientSession() as client:
        # DNS rebinding: a page of evil.example whose name now points here
        async with client.get(test_server.make_url("/"), headers={"Host": "evil.example"}) as response:
            assert response.status == 403
        # cross-site websocket: another site's page opening our websocket
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await client.ws_connect(test_server.make_url("/ws"), headers={"Origin": "http://evil.example"})
        assert refused.value.status == 403
    assert lock_holder(path) is None  # no tab's app was started


async def test_the_name_served_on_is_welcome(en_sample: Path) -> None:
    server = WorkshopServer(en_sample, load(en_sample), port=0)
    server.host = "workshop-laptop"  # --host with a name /etc/hosts maps to 127.0.1.1
    test_server = TestServer(await server._make_app(), host="127.0.0.1")
    await test_server.start_server()
    try:
        async with aiohttp.ClientSession() as client:
            for host, status in (("workshop-laptop", 200), ("localhost", 200), ("evil.example", 403)):
                async with client.get(test_server.make_url("/"), headers={"Host": f"{host}:{test_server.port}"}) as response:
                    assert response.status == status, host
    finally:
        await test_server.close()
