"""Sessions already validated, kept by the digest of their file's bytes.

Reading a session file is parsing TOML and validating every table: 30 ms for
the stress session, 160 ms for 3,000 reviews - most of what stands between
``mlew run`` and its first frame once Python and Textual are loaded. A file
reopened unchanged (Day 2 opening what Day 1 left, the facilitator checking
the file before the room arrives, ``mlew check`` then ``mlew run``) gives the
very same session, so :func:`store.load_with_fingerprint
<mlew_tui.store.load_with_fingerprint>` keeps what it validated here, under
the SHA-256 of the bytes it read (the digest it computes anyway for the
file's fingerprint), and takes it back when the same bytes come again: a few
milliseconds instead.

What makes a kept session safe to take back:

- **The same bytes.** The key is the digest of the whole file: one changed
  byte (an edit by hand, a save) is a different key, read and validated as
  ever.
- **The same rules.** Each entry is stamped with mlew's version, pydantic's,
  Python's, and the size and time of every module that reads or validates a
  session (``domain/``, ``store.py``, ``_toml.py``, this one): any change to
  them and every older entry is ignored.
- **Only one's own.** The folder is made private (0700) and an entry is read
  only when the folder and the file belong to the user and nobody else can
  write them - what Python asks of its own bytecode cache.
- **Never in the way.** Anything wrong with an entry (unreadable, damaged, of
  another shape) is a miss: the file is read as if nothing were kept, and the
  damaged entry is removed. Entries are written whole (``atomic.write_atomic``)
  and a write cut short is cleared away later. A cache that cannot be written
  is no cache. Nothing here ever raises.

Where: ``$MLEW_CACHE_DIR``, else ``$XDG_CACHE_HOME/mlew/sessions``, else
``~/.cache/mlew/sessions``. ``MLEW_CACHE_DIR=off`` keeps nothing. At most
:data:`MAX_ENTRIES` entries are kept (the oldest go first).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
import time
from pathlib import Path
from typing import Any

from . import __version__
from .atomic import TEMP_MARK, write_atomic
from .cache_dir import folder, prepared, read_private

#: Entries kept; writing one more removes the oldest.
MAX_ENTRIES = 24
#: An entry larger than this is not read (a session file is at most 10 MiB).
MAX_ENTRY_BYTES = 64 * 1024 * 1024
SUFFIX = ".session"

_stamp: str | None = None


def stamp() -> str:
    """What the rules that made an entry were (see the module docstring)."""
    global _stamp
    if _stamp is None:
        import pydantic

        root = Path(__file__).parent
        parts = [__version__, pydantic.VERSION, sys.version]
        domain: list[str] = []
        with contextlib.suppress(OSError):
            domain = sorted(name for name in os.listdir(root / "domain") if name.endswith(".py"))
        sources = [root / "domain" / name for name in domain] + [root / f"{name}.py" for name in ("store", "_toml", "session_cache")]
        for source in sources:
            try:
                info = source.stat()
            except OSError:
                continue
            parts.append(f"{source.name}:{info.st_size}:{info.st_mtime_ns}")
        _stamp = hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]
    return _stamp


def _entry(digest: str) -> Path | None:
    where = folder()
    return None if where is None else where / f"{digest}-{stamp()}{SUFFIX}"


def get(digest: str, kind: type) -> Any | None:
    """The ``kind`` kept for a file whose bytes have ``digest``, or ``None``."""
    entry = _entry(digest)
    if entry is None:
        return None
    data = read_private(entry, MAX_ENTRY_BYTES)
    if data is None:  # none kept, or not trusted: left alone
        return None
    with contextlib.suppress(Exception):  # whatever goes wrong, it is only a miss
        value = pickle.loads(data)
        if type(value) is kind:
            return value
    with contextlib.suppress(OSError):  # damaged or of another shape: never again
        entry.unlink()
    return None


def put(digest: str, value: Any) -> None:
    """Keep ``value`` (validated from bytes with ``digest``); silently nothing
    when the folder cannot be written."""
    with contextlib.suppress(Exception):
        entry = _entry(digest)
        if entry is None or entry.exists():
            return
        if not prepared(entry):
            return
        write_atomic(entry, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), mode=0o600)
        _prune(entry.parent)


def _prune(where: Path) -> None:
    """The oldest entries past :data:`MAX_ENTRIES`, and what a write cut
    short left (a temporary file older than a minute)."""
    entries = sorted(where.glob(f"*{SUFFIX}"), key=lambda p: p.stat().st_mtime_ns)
    stale = [p for p in where.glob(f".*{TEMP_MARK}*") if p.stat().st_mtime < time.time() - 60]
    for old in entries[: max(0, len(entries) - MAX_ENTRIES)] + stale:
        with contextlib.suppress(OSError):
            old.unlink()
