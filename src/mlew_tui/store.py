"""Load, validate, save and lock session files - and never lose one.

- :func:`load` reads with tomli (the compiled twin of :mod:`tomllib`); a syntax error names line and column;
  ``format`` and ``schema_version`` are checked before anything else; older
  versions pass through :data:`MIGRATIONS`; then every rule is checked.
- :func:`save` writes atomically: a temporary file in the same folder, flushed
  and fsynced, renamed over the file, the folder fsynced. The version it
  replaces is kept as ``FILE.bak``. A session with problems is never written.
- :class:`SessionLock` lets one writer hold a file; a second instance sees the
  lock and opens read-only. The lock is an OS advisory lock, so a crashed
  (even ``kill -9``) writer never leaves a stale lock behind.

The store knows nothing about the UI: it raises :class:`StoreError` with
problems that the CLI and the app render in the user's language.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from stat import S_ISDIR, S_ISREG
from typing import Any, NoReturn

from . import session_cache
from ._toml import MAX_NESTING, nesting_line, too_deep
from .atomic import TEMP_MARK, clean_leftovers, file_mode, fsync_dir, write_atomic
from .domain.controls import to_file, to_memory
from .domain.session import FORMAT, SCHEMA_VERSION, Session
from .domain.validation import Problem, check, describe, toml_path, validate
from .session_lock import LOCK_SUFFIX, SessionLock

__all__ = ["SessionLock", "StoreError", "load", "save"]

BAK_SUFFIX = ".bak"
DAY1_SUFFIX = ".day1.toml"

#: schema_version -> function that upgrades the data by one version.
#: Version 1 is the first public format; add ``{1: _v1_to_v2}`` when it changes.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


class StoreError(Exception):
    """A file could not be loaded or saved; ``problems`` say why."""

    def __init__(self, path: Path, problems: list[Problem]) -> None:
        super().__init__("; ".join(f"{p.path}: {p.key}" for p in problems))
        self.path = path
        self.problems = problems


class ExternalChange(Exception):
    """The file on disk is no longer the one this session was loaded from or
    last saved as: someone changed it (an editor, a sync tool). Nothing was
    written."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} was changed by another program")
        self.path = path


@dataclass(frozen=True)
class Fingerprint:
    """What a session file was when mlew last read or wrote it."""

    size: int
    mtime_ns: int
    sha256: str


def fingerprint(path: str | os.PathLike[str]) -> Fingerprint | None:
    """The file's fingerprint now (``None`` when there is no file)."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            stat = os.fstat(handle.fileno())
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
    except FileNotFoundError:
        return None
    return Fingerprint(stat.st_size, stat.st_mtime_ns, digest)


def check_unchanged(path: str | os.PathLike[str], expect: Fingerprint | None) -> Fingerprint | None:
    """Raise :class:`ExternalChange` unless ``path`` still is what ``expect``
    says. Size and time alike: unchanged. Either differs: the content decides
    (a file touched but not changed is the same file). Returns the file's
    fingerprint now."""
    path = Path(path)
    try:
        stat = path.stat()
    except FileNotFoundError:
        if expect is None:
            return None
        raise ExternalChange(path) from None
    if expect is not None and (stat.st_size, stat.st_mtime_ns) == (expect.size, expect.mtime_ns):
        return expect
    now = fingerprint(path)
    if expect is None or now is None or now.sha256 != expect.sha256:
        raise ExternalChange(path)
    return now


def theirs_path(path: str | os.PathLike[str], now: datetime) -> Path:
    """Where their version is kept when the user keeps theirs beside mine:
    ``ws.toml`` -> ``ws.toml.theirs-20261205-163000.toml``."""
    path = Path(path)
    return path.with_name(f"{path.name}.theirs-{now:%Y%m%d-%H%M%S}.toml")


def mine_path(path: str | os.PathLike[str], now: datetime) -> Path:
    """Where my unsaved version is kept when the user reloads theirs."""
    path = Path(path)
    return path.with_name(f"{path.name}.mine-{now:%Y%m%d-%H%M%S}.toml")


#: Why a save failed, by errno: the message key says what the user can do.
SAVE_PROBLEMS: dict[int, str] = {
    errno.ENOSPC: "disk_full",
    errno.EDQUOT: "disk_full",
    errno.EROFS: "read_only",
    errno.EACCES: "denied",
    errno.EPERM: "denied",
    errno.ENOENT: "gone",
}


def save_problem(problem: OSError) -> str:
    """``disk_full``, ``read_only``, ``denied``, ``gone`` or ``other``."""
    return SAVE_PROBLEMS.get(problem.errno or 0, "other")


def real_path(path: str | os.PathLike[str]) -> Path:
    """The file a session path names, symlinks followed: what is locked and
    written (writing through a symlink would replace the link, not the file)."""
    return Path(os.path.realpath(path))


def companions(path: str | os.PathLike[str]) -> list[Path]:
    """The session file and every file mlew keeps beside it (backup, lock,
    drafts, the Day 1 file of older versions, the error log): what no export
    may ever write onto."""
    real = real_path(path)
    return [
        real,
        backup_path(real),
        real.with_name(real.name + LOCK_SUFFIX),
        real.with_name(real.name + ".drafts.toml"),
        day1_path(real),
        real.with_name(real.name + ".error.log"),
    ]


def is_companion(target: str | os.PathLike[str], path: str | os.PathLike[str]) -> bool:
    """``target`` is the session ``path`` or one of its companions, however it
    is spelled: relative, through a symlink (resolved paths), or a hard link
    (the same file on disk)."""
    resolved = real_path(target)
    for companion in companions(path):
        if resolved == companion:
            return True
        with contextlib.suppress(OSError):
            if os.path.samefile(resolved, companion):
                return True
    return False


def clean_after_crash(path: str | os.PathLike[str]) -> list[Path]:
    """Remove the temporary files a crashed save of the session, its backup,
    its Day 1 snapshot or its drafts left behind (the lock's holder only)."""
    real = real_path(path)
    removed: list[Path] = []
    for target in (real, backup_path(real), day1_path(real), real.with_name(real.name + ".drafts.toml")):
        removed += clean_leftovers(target)
    return removed


_LINE_COL = re.compile(r"\(at line (\d+), column (\d+)\)")


def parse(path: Path) -> dict[str, Any]:
    """The raw TOML data of ``path`` (StoreError on unreadable or bad TOML)."""
    return parse_bytes(path, read_bytes(path))


#: The largest session file mlew reads (a real workshop is well under 1 MB;
#: the stress session of the benchmark, 3,000 reviews, about 0.6 MB). A bigger
#: file is refused before it is parsed.
MAX_BYTES = 5 * 1024 * 1024


def regular_file_problem(path: Path) -> Problem | None:
    """Why ``path`` cannot be a session file, before anything reads it: it is
    missing, a folder, not a regular file (a FIFO would hang every command,
    ``/dev/zero`` would eat the memory) or larger than :data:`MAX_BYTES`.
    ``None`` when it is a regular file mlew may read. Symlinks are followed."""
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return Problem("", "store.not_found", {"path": str(path)})
    except PermissionError:
        return Problem("", "store.denied", {"path": str(path)})
    except OSError as error:
        return Problem("", "store.unreadable", {"path": str(path), "detail": error.strerror or str(error)})
    return _kind_problem(path, stat)


def _kind_problem(path: Path, stat: os.stat_result) -> Problem | None:
    if S_ISDIR(stat.st_mode):
        return Problem("", "store.is_directory", {"path": str(path)})
    if not S_ISREG(stat.st_mode):
        return Problem("", "store.not_a_file", {"path": str(path)})
    if stat.st_size > MAX_BYTES:
        return Problem("", "store.too_big", {"path": str(path), "mb": round(stat.st_size / 1024 / 1024, 1), "limit": MAX_BYTES // 1024 // 1024})
    return None


def read_bytes(path: Path) -> bytes:
    """The bytes of ``path`` (StoreError when it cannot be read, is not a
    regular file or is too big: :func:`regular_file_problem`). The file is
    opened without blocking and checked again on the open handle, so a FIFO
    swapped in after the check cannot hang the read."""
    problem = regular_file_problem(path)
    if problem is not None:
        raise StoreError(path, [problem])
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except PermissionError:
        raise StoreError(path, [Problem("", "store.denied", {"path": str(path)})]) from None
    except OSError as error:
        raise StoreError(path, [Problem("", "store.unreadable", {"path": str(path), "detail": error.strerror or str(error)})]) from None
    with os.fdopen(fd, "rb") as handle:
        problem = _kind_problem(path, os.fstat(handle.fileno()))
        if problem is not None:
            raise StoreError(path, [problem])
        try:
            raw = handle.read(MAX_BYTES + 1)
        except OSError as error:
            raise StoreError(path, [Problem("", "store.unreadable", {"path": str(path), "detail": error.strerror or str(error)})]) from None
    if len(raw) > MAX_BYTES:  # it grew after the check
        raise StoreError(path, [Problem("", "store.too_big", {"path": str(path), "mb": round(len(raw) / 1024 / 1024, 1), "limit": MAX_BYTES // 1024 // 1024})])
    return raw


def parse_bytes(path: Path, raw: bytes) -> dict[str, Any]:
    """Decode and parse the bytes of a session file; arrays, inline tables and
    dotted keys nested more than ``MAX_NESTING`` deep are refused (by line, or
    by path), the parser's own RecursionError included."""
    if raw.startswith(b"\xef\xbb\xbf"):  # editors on Windows add a BOM; TOML forbids it
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return _fail(path, "store.not_utf8", offset=error.start)
    # The parser is imported here, not with this module: a session kept
    # validated (session_cache) opens without parsing any TOML.
    from ._toml import TOMLDecodeError, loads

    try:
        data = loads(text)
    except RecursionError:  # nested deeper than the parser goes (tomli: 400 levels)
        return _too_deep(path, text, None)
    except TOMLDecodeError as error:
        message = str(error)
        match = _LINE_COL.search(message)
        detail = _LINE_COL.sub("", message).strip()
        if match:
            return _fail(path, "store.toml_syntax", line=int(match[1]), column=int(match[2]), detail=detail)
        if "end of document" in message:  # a truncated file: point at its end
            detail = message.replace("(at end of document)", "").strip()
            lines = text.split("\n")
            return _fail(path, "store.toml_syntax", line=len(lines), column=len(lines[-1]) + 1, detail=detail)
        return _fail(path, "store.toml_syntax_nowhere", detail=detail)
    deep = too_deep(data)
    if deep is not None:
        return _too_deep(path, text, deep)
    return data


def _too_deep(path: Path, text: str, deep: list[str | int] | None) -> NoReturn:
    """Refuse a file nested more than ``MAX_NESTING`` deep: by the line where its
    arrays or inline tables go too deep, else by the path of its dotted keys."""
    line = nesting_line(text)
    if line is not None:
        _fail(path, "bounds.nesting_line", line=line, limit=MAX_NESTING)
    raise StoreError(path, [Problem(toml_path(deep[: MAX_NESTING + 1]) if deep else "", "bounds.nesting", {"limit": MAX_NESTING})])


def _fail(path: Path, key: str, **params: Any) -> NoReturn:
    raise StoreError(path, [Problem("", key, params)])


def upgrade(path: Path, data: dict[str, Any]) -> dict[str, Any]:
    """Check ``format`` and ``schema_version`` and migrate older data."""
    for key in ("format", "schema_version"):
        if key not in data:
            raise StoreError(path, [Problem(key, "validation.missing")])
    if data.get("format") != FORMAT:
        _fail(path, "store.not_a_session", found=describe(data.get("format", "")), expected=FORMAT)
    version = data.get("schema_version")
    if type(version) is not int or version < 0:
        _fail(path, "store.bad_schema_version", found=describe(version))
    if version > SCHEMA_VERSION:
        _fail(path, "store.newer_schema", found=version, supported=SCHEMA_VERSION)
    while version < SCHEMA_VERSION:
        migrate = MIGRATIONS.get(version)
        if migrate is None:
            _fail(path, "store.no_migration", found=version, supported=SCHEMA_VERSION)
        data = migrate(data)
        version = data["schema_version"]
    return data


#: What in a file's bytes can put a control character or a control picture
#: into its strings: an escape (``\\u001b``, ``\\e``, ``\\b`` ...), a raw control
#: character (a CR of CRLF lines included) or a picture (U+2400-U+2421, UTF-8
#: E2 90 80-A1). A file with none of them reads as it is. An escaped backslash
#: before such a letter only costs the full conversion.
_MAY_HOLD_CONTROLS = re.compile(rb"\\[bfreuUx]|[\x00-\x08\x0b-\x1f\x7f]|\xe2\x90[\x80-\xa1]")


def load_data(path: Path, data: dict[str, Any], raw: bytes | None = None) -> Session:
    """Validate parsed data into a session, or raise with every problem.
    ``raw``: the file's bytes, when known (see ``_MAY_HOLD_CONTROLS``)."""
    data = upgrade(path, data)
    if raw is None or _MAY_HOLD_CONTROLS.search(raw):
        data = to_memory(data)
    session, problems = validate(data)
    if session is None:
        raise StoreError(path, problems)
    return session


def load(path: str | os.PathLike[str]) -> Session:
    """Read, migrate and validate a session file."""
    return load_with_fingerprint(path)[0]


def load_with_fingerprint(path: str | os.PathLike[str]) -> tuple[Session, Fingerprint]:
    """:func:`load`, and the fingerprint of the very bytes it read (one read:
    what a later save checks the file against)."""
    path = Path(path)
    stat = os.stat(path) if path.exists() else None
    raw = read_bytes(path)
    digest = hashlib.sha256(raw).hexdigest()
    session = session_cache.get(digest, Session)  # these very bytes, validated before
    if session is None:
        session = load_data(path, parse_bytes(path, raw), raw)
        session_cache.put(digest, session)
    return session, Fingerprint(len(raw), stat.st_mtime_ns if stat else 0, digest)


def dumps(session: Session) -> str:
    """The file text: keys in documented order, multi-line text kept readable."""
    from .toml_writer import dumps

    return dumps(session.to_toml_dict(), to_file)


def save(session: Session, path: str | os.PathLike[str], *, keep_backup: bool = True) -> bool:
    """Write ``session`` atomically; returns False when the file already held it.

    Raises :class:`StoreError` when the session has problems (nothing is
    written) and ``OSError`` when the disk refuses (the old file is intact).
    """
    path = Path(path)
    problems = check(session)
    if problems:
        raise StoreError(path, problems)
    return write_text(path, dumps(session), keep_backup=keep_backup)


def save_data(data: dict[str, Any], path: str | os.PathLike[str], *, keep_backup: bool = True, expect: Fingerprint | None | bool = False) -> bool:
    """Write TOML data of a session (the app's snapshot) after checking it.

    With ``expect`` (a fingerprint, or ``None`` for "there was no file"),
    :class:`ExternalChange` is raised and nothing written when the file is no
    longer that one; ``False`` (the default) does not check."""
    path = Path(path)
    problems = validate(data)[1]
    if problems:
        raise StoreError(path, problems)
    if expect is not False:
        check_unchanged(real_path(path), expect if isinstance(expect, Fingerprint) else None)
    from .toml_writer import dumps

    return write_text(path, dumps(data, to_file), keep_backup=keep_backup)


def write_text(path: Path, text: str, *, keep_backup: bool = True) -> bool:
    """Atomically replace ``path`` with ``text`` (see module docstring);
    False, and nothing written, when the file already holds exactly it (so
    saving an unchanged session never rewrites it). A symlink is followed:
    the file it names is replaced and the link stays."""
    path = real_path(path)
    data = text.encode("utf-8")
    with contextlib.suppress(OSError):
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    backup = (lambda: _backup(path)) if keep_backup and path.exists() else None
    return write_atomic(path, data, before_replace=backup)


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + BAK_SUFFIX)


def day1_path(path: str | os.PathLike[str]) -> Path:
    """Where sessions before ``[day1]`` kept their Day 1 snapshot: ``ws.toml`` -> ``ws.day1.toml``."""
    path = Path(path)
    return path.with_name(path.stem + DAY1_SUFFIX)


def adopt_day1_file(path: str | os.PathLike[str], session: Session) -> bool:
    """A Day 2 session saved before Day 1 was frozen in the file kept it beside
    it (``FILE.day1.toml``): take that in as its ``[day1]`` (in memory; it
    reaches the file with the next save). A missing or bad file is left alone."""
    if session.day1 is not None or session.progress.day != 2:
        return False
    target = day1_path(real_path(path))
    try:
        if not target.is_file():
            return False
        day1 = load(target)
    except (StoreError, OSError):
        return False
    from .domain.changes import freeze_day1

    session.day1 = freeze_day1(day1)
    return True


def _backup(path: Path) -> None:
    """Keep the current file as FILE.bak: a hard link when the file system has
    them (instant, no copy) swapped in by rename, else an atomic copy."""
    bak = backup_path(path)
    tmp = path.with_name(f".{bak.name}{TEMP_MARK}{os.getpid()}-{os.urandom(4).hex()}")
    try:
        os.link(path, tmp)
    except OSError:
        write_atomic(bak, path.read_bytes(), mode=file_mode(path))
        return
    try:
        os.replace(tmp, bak)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    fsync_dir(bak.parent)
