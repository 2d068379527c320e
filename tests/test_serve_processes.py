"""``mlew serve`` end to end: the server as a real process on a free loopback
port, its websockets (each one a tab with its own app process), the lock
that keeps the second tab read-only, and clean shutdowns. Tabs' app
processes are also run directly, the way textual-serve runs them, to show
they save on SIGTERM/SIGHUP and when their stdin closes. Every wait is bounded."""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import Callable
from pathlib import Path

import aiohttp
import pytest

from mlew_tui.store import load

from .serve_helpers import F7, WAIT_S, Served, Tab, TabProcess, alive, child_pids, ignores, lock_holder, lock_is_free, needs_proc, served, wait_for

pytestmark = [needs_proc, pytest.mark.slow]
__all__ = ["served"]  # the fixture, imported

# -- a tab's app process, as textual-serve runs it ---------------------------------------------


@pytest.mark.parametrize("how", ["stdin closes", "SIGTERM", "SIGHUP"])
async def test_a_tab_app_saves_and_lets_go_however_it_is_stopped(how: str, en_sample: Path) -> None:
    first = load(en_sample).progress.step
    tab = TabProcess(en_sample)
    try:
        await tab.ready()
        tab.press(F7)
        await wait_for(lambda: load(en_sample).progress.step != first, what="the step change to be saved")
        assert ignores(tab.process.pid, signal.SIGINT)  # Ctrl+C is the server's to handle
        if how == "stdin closes":  # the server vanished
            assert tab.process.stdin is not None
            tab.process.stdin.close()
        else:
            tab.process.send_signal(getattr(signal, how))
        assert await tab.exited() == 0, tab.err.text
    finally:
        tab.kill()
    assert load(en_sample).progress.step != first
    assert lock_is_free(en_sample)
    assert "Traceback" not in tab.err.text


async def test_quitting_saves_what_the_autosave_has_not_yet(en_sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mlew_tui import app as app_module

    monkeypatch.setattr(app_module, "AUTOSAVE_S", 3600.0)  # only the way out saves
    app = app_module.MlewApp(en_sample)
    first = app.workshop.step.id
    async with app.run_test():
        app.workshop.previous_step()
        assert app.unsaved
    assert load(en_sample).progress.step != first
    assert lock_is_free(en_sample)


async def test_a_late_autosave_never_overwrites_the_save_on_quit(en_sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mlew_tui import app as app_module

    monkeypatch.setattr(app_module, "AUTOSAVE_S", 3600.0)
    app = app_module.MlewApp(en_sample)
    async with app.run_test():
        stale, stale_revision = app.workshop.snapshot(), app.workshop.revision
        app.workshop.previous_step()
        newest = app.workshop.session.progress.step
        assert app.save_now_blocking()  # ctrl+q's save ...
        # ... while an autosave thread that took its snapshot before still writes
        worker = app.run_worker(lambda: app._write(stale, stale_revision), thread=True, exit_on_error=False)
        await worker.wait()
        assert load(en_sample).progress.step == newest
    assert load(en_sample).progress.step == newest


# -- mlew serve, end to end -------------------------------------------------------------------


@pytest.mark.parametrize("ctrl_c", ["to the server", "to the terminal's process group"])
async def test_serve_two_tabs_one_writer_and_a_clean_ctrl_c(ctrl_c: str, served: Callable[..., Served], en_sample: Path) -> None:
    server = served()
    url = await server.started()
    title = load(en_sample).title
    async with aiohttp.ClientSession() as client:
        async with client.get(url + "/") as response:
            assert response.status == 200
            assert f"<title>{title}</title>" in await response.text()

        first = await Tab.open(client, url)
        holder = await wait_for(lambda: lock_holder(en_sample) in child_pids(server.process.pid) and lock_holder(en_sample), what="the first tab's app")
        await first.shows("Help")
        assert "READ-ONLY" not in first.screen

        second = await Tab.open(client, url)
        await second.shows("READ-ONLY")
        apps = await wait_for(lambda: len(child_pids(server.process.pid)) == 2 and child_pids(server.process.pid), what="two tab apps")
        assert holder in apps and lock_holder(en_sample) == holder

        # The second tab cannot clobber the file ...
        before = en_sample.read_bytes()
        await second.press(F7 * 3)
        await asyncio.sleep(1.0)
        assert en_sample.read_bytes() == before
        # ... the first writes it.
        step = load(en_sample).progress.step
        await first.press(F7)
        await wait_for(lambda: load(en_sample).progress.step != step, what="the first tab's change saved")
        moved = load(en_sample).progress.step

        if ctrl_c == "to the server":
            server.process.send_signal(signal.SIGINT)
        else:
            os.killpg(server.process.pid, signal.SIGINT)
        assert await server.exited() == 0, server.out.text + server.err.text
        await wait_for(lambda: first.closed and second.closed, what="both tabs to be closed")
    assert not any(alive(pid) for pid in apps)
    assert load(en_sample).progress.step == moved
    assert lock_is_free(en_sample)
    assert "Stopped." in server.out.text and "saved" in server.out.text
    assert "Traceback" not in server.out.text + server.err.text, server.out.text + server.err.text


async def test_closing_a_tab_quits_its_app(served: Callable[..., Served], en_sample: Path) -> None:
    server = served()
    url = await server.started()
    async with aiohttp.ClientSession() as client:
        tab = await Tab.open(client, url)
        holder = await wait_for(lambda: lock_holder(en_sample), what="the tab's app")
        await tab.shows("Help")
        await tab.close()
        await wait_for(lambda: not alive(holder), what="the closed tab's app to quit")
        assert lock_is_free(en_sample)
        again = await Tab.open(client, url)  # the next tab is the writer again
        await again.shows("Help")
        assert "READ-ONLY" not in again.screen
        await again.close()
    server.process.send_signal(signal.SIGTERM)
    assert await server.exited() == 0


async def test_tabs_quit_when_the_server_dies(served: Callable[..., Served], en_sample: Path) -> None:
    server = served()
    url = await server.started()
    async with aiohttp.ClientSession() as client:
        tab = await Tab.open(client, url)
        await tab.shows("Help")
        holder = lock_holder(en_sample)
        assert holder in child_pids(server.process.pid)
        server.process.kill()  # no goodbye: the tab's stdin just closes
        server.process.wait(WAIT_S)
        await wait_for(lambda: not alive(holder), what="the orphaned tab's app to quit")
    assert lock_is_free(en_sample)
    load(en_sample)
