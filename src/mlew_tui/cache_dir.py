"""mlew's private cache folder and who may be trusted in it.

Five things are kept there between runs: validated sessions
(:mod:`mlew_tui.session_cache`), the compiled code of the modules a run
imported (:mod:`mlew_tui.kept_modules`), the compiled code that dataclasses
write (:mod:`mlew_tui.generated_code`), the merged message catalogs
(:mod:`mlew_tui.i18n.kept`) and Textual's parsed stylesheets
(:mod:`mlew_tui.parsed_css`). All are read back as Python objects or code,
so an entry is trusted only as Python trusts its own bytecode cache: the
folder and the file belong to the user and nobody else can write them.

Where: ``$MLEW_CACHE_DIR``, else ``$XDG_CACHE_HOME/mlew/sessions``, else
``~/.cache/mlew/sessions``; ``MLEW_CACHE_DIR=off`` keeps nothing. (Only
``os`` and ``stat`` are imported: the code caches read this before anything
else of the app is loaded.)
"""

from __future__ import annotations

import os
import stat

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from typing import BinaryIO


def folder() -> Path | None:
    """Where entries are kept, or ``None`` when keeping is off."""
    from pathlib import Path

    chosen = os.environ.get("MLEW_CACHE_DIR", "")
    if chosen.lower() == "off":
        return None
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME", "") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "mlew" / "sessions"


def private(info: os.stat_result) -> bool:
    """Owned by this user and writable by nobody else (POSIX; elsewhere the
    folder in the user's profile is trusted)."""
    if not hasattr(os, "getuid"):
        return True  # pragma: no cover - Windows
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def open_private(target: Path, limit: int) -> BinaryIO | None:
    """``target`` opened for reading when it may be trusted (a regular file of
    at most ``limit`` bytes, not a link, it and its folder private), else ``None``."""
    try:
        if not private(target.parent.stat()):
            return None
        fd = os.open(target, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:  # none kept (or a link: never followed)
        return None
    handle = os.fdopen(fd, "rb")
    try:
        info = os.fstat(handle.fileno())
        if stat.S_ISREG(info.st_mode) and private(info) and info.st_size <= limit:
            return handle
    except OSError:
        pass
    handle.close()
    return None


def read_private(target: Path, limit: int) -> bytes | None:
    """The bytes of ``target`` when it may be trusted (see :func:`open_private`), else ``None``."""
    handle = open_private(target, limit)
    if handle is None:
        return None
    try:
        with handle:
            return handle.read()
    except OSError:
        return None


def prepared(target: Path) -> bool:
    """Make ``target``'s folder (0700) if needed: whether it may be written."""
    try:
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        return private(target.parent.stat())
    except OSError:
        return False
