"""The driver of an app in a browser tab (``mlew serve``).

textual-serve starts each tab's app with textual's ``WebDriver``, which quits
the app when the server says "quit" (the tab closed) or on SIGINT/SIGTERM.
Two ways out are missing: SIGHUP (the server's terminal closed) would kill
the app without saving, and when the server itself vanishes (killed,
crashed) the app's stdin closes, the input thread ends - and the app would
live on unseen, holding the session file's lock. :class:`TabDriver` quits
the app in both cases; the app saves on its way out (``MlewApp.on_unmount``).
And a tab leaves Ctrl+C (SIGINT) to the server, which closes every tab in
order.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal

from textual import messages
from textual.driver import Driver
from textual.drivers.web_driver import WebDriver


class TabDriver(WebDriver):
    """``WebDriver`` that also quits the app when its input closes, and leaves
    Ctrl+C to the server."""

    def start_application_mode(self) -> None:
        super().start_application_mode()  # SIGTERM quits the app (and so saves)
        loop = asyncio.get_running_loop()
        with contextlib.suppress(AttributeError, NotImplementedError, RuntimeError):
            loop.add_signal_handler(signal.SIGHUP, self._quit)  # the server's terminal closed
        # Ctrl+C in the server's terminal reaches every tab too (one process
        # group). The server then closes each tab in order - the app saves and
        # quits - so a tab ignores SIGINT rather than race it, even while its
        # interpreter shuts down.
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.remove_signal_handler(signal.SIGINT)
            signal.signal(signal.SIGINT, signal.SIG_IGN)

    def _quit(self) -> None:
        self._app.post_message(messages.ExitApp())

    def run_input_thread(self) -> None:
        super().run_input_thread()
        if not self.exit_event.is_set():  # stdin closed: nobody can see or type
            self._app.post_message(messages.ExitApp())


def driver_for(driver: type[Driver]) -> type[Driver]:
    """The driver to use in place of ``driver``: :class:`TabDriver` for the web one."""
    return TabDriver if driver is WebDriver else driver
