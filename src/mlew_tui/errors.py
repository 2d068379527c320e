"""An unexpected error in the app: its traceback kept in ``FILE.error.log``,
a one-line description for the room.

The app (:meth:`mlew_tui.app.MlewApp.recover`) shows the description in the
UI language, saves the session and goes on; the traceback goes to the log
next to the session file, never to the screen. Each error appends one entry
headed by its time and mlew's version; the log keeps its newest
:data:`MAX_LOG_BYTES`.
"""

from __future__ import annotations

import os
import traceback
from datetime import datetime
from pathlib import Path

from . import __version__
from .atomic import write_atomic
from .literal import literal

#: The log keeps its newest entries up to this size.
MAX_LOG_BYTES = 256 * 1024
#: The longest description shown in a notification.
MAX_DESCRIPTION = 160


def error_log_path(path: str | os.PathLike[str]) -> Path:
    """``FILE.error.log`` next to the session file."""
    path = Path(path)
    return path.with_name(path.name + ".error.log")


def log_error(path: str | os.PathLike[str], error: BaseException, now: datetime) -> Path | None:
    """Append ``error``'s traceback to the session's error log; its path, or
    None when the folder cannot be written (the error is still shown)."""
    target = error_log_path(path)
    entry = f"--- {now.isoformat(timespec='seconds')}  mlew {__version__}\n" + "".join(traceback.format_exception(error)) + "\n"
    try:
        old = target.read_bytes()
    except OSError:
        old = b""
    data = old + entry.encode("utf-8", "replace")
    if len(data) > MAX_LOG_BYTES:
        data = data[-MAX_LOG_BYTES:]
        data = data[data.find(b"\n--- ") + 1 :] if b"\n--- " in data else data  # whole entries only
    try:
        write_atomic(target, data)
    except OSError:
        return None
    return target


def describe(error: BaseException) -> str:
    """``KeyError: 'listen.reviews'``: the error's type and the first line of
    its message, shortened, safe to show."""
    lines = str(error).strip().splitlines()
    text = type(error).__name__ + (f": {lines[0]}" if lines else "")
    if len(text) > MAX_DESCRIPTION:
        text = text[: MAX_DESCRIPTION - 1] + "…"
    return literal(text)
