"""One way to write a file: whole or not at all.

Every file mlew writes - the session, its backup, the Day 1 snapshot, the
drafts sidecar, every export - goes through :func:`write_atomic`: the bytes
go to a temporary file in the same folder (``.NAME.mlew-tmp-XXXX``), are
flushed and fsynced, get the mode of the file they replace (a new file 0600,
:data:`NEW_FILE_MODE`), and are renamed over the target; then the
folder is fsynced so the rename itself survives a power cut. A crash at any
moment leaves either the old file or the new one, never half of one; the
temporary file it may leave is removed by :func:`clean_leftovers` on the next
open.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

#: Marks the temporary files of :func:`write_atomic` (``.NAME.mlew-tmp-XXXX``).
TEMP_MARK = ".mlew-tmp-"


#: The mode of every file mlew creates - the session, its backup, drafts, the
#: error log and every export: workshop data is confidential (customer
#: reviews, a product plan), so only its owner reads it. A file that already
#: exists keeps its mode (a team folder's 0640 stays 0640).
NEW_FILE_MODE = 0o600


def new_file_mode() -> int:
    """The mode a new file gets: :data:`NEW_FILE_MODE`."""
    return NEW_FILE_MODE


def file_mode(target: Path) -> int:
    """The mode of the file ``target`` replaces, or a new file's mode."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        return new_file_mode()


def write_atomic(
    target: str | os.PathLike[str],
    data: bytes,
    *,
    mode: int | None = None,
    create_only: bool = False,
    before_replace: Callable[[], object] | None = None,
) -> bool:
    """Write ``data`` to ``target`` whole (see the module docstring).

    ``mode`` defaults to the replaced file's (or a new file's). With
    ``create_only`` an existing target is never replaced: False is returned
    and nothing changes. ``before_replace`` runs after the data is safely on
    disk and just before the rename (the store keeps its backup there).
    ``OSError`` when the disk refuses; the target is then untouched."""
    target = Path(target)
    _refuse_special(target)
    folder = target.parent if str(target.parent) else Path(".")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}{TEMP_MARK}", dir=folder)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, file_mode(target) if mode is None else mode)  # mkstemp makes 0600
        if create_only:
            if not _link_new(tmp, target):
                return False
        else:
            if before_replace is not None:
                before_replace()
            os.replace(tmp, target)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()  # gone already when renamed; a leftover only when something failed
    fsync_dir(folder)
    return True


class NotAFile(OSError):
    """The target exists and is not a regular file: a folder, a FIFO, a device
    or a socket. Renaming a file over it would replace it (``/dev/null``
    itself, as root), so nothing is written."""

    def __init__(self, target: Path) -> None:
        super().__init__(errno.EISDIR if target.is_dir() else errno.EINVAL, "not a regular file", str(target))


def _refuse_special(target: Path) -> None:
    """:class:`NotAFile` when ``target`` (symlinks followed) exists and is not a regular file."""
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return  # no file (or none we can see): the write itself will tell
    if not stat.S_ISREG(mode):
        raise NotAFile(target)


def _link_new(tmp: Path, target: Path) -> bool:
    """Put ``tmp`` in place as ``target`` only if there is no ``target``."""
    try:
        os.link(tmp, target)  # fails rather than replaces
    except FileExistsError:
        return False
    except OSError:  # a file system without hard links: check, then rename
        if target.exists():
            return False
        os.replace(tmp, target)
    return True


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX; a no-op elsewhere)."""
    if os.name != "posix":  # pragma: no cover - Windows has no directory fsync
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def leftovers(target: str | os.PathLike[str]) -> list[Path]:
    """Temporary files a crashed write of ``target`` left beside it: this
    module's (``.NAME.mlew-tmp-*``) and those of earlier versions
    (``.NAME.XXXX.tmp``, ``.NAME.bak.tmp``)."""
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    ours, older = f".{target.name}{TEMP_MARK}", f".{target.name}."
    found: list[Path] = []
    # Names compared as text, not as glob patterns: a session called
    # ``w[1].toml`` has leftovers too (and no pattern is compiled at launch).
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            name = entry.name
            if name.startswith(ours) or (name.startswith(older) and name.endswith(".tmp") and len(name) >= len(older) + len(".tmp")):
                with contextlib.suppress(OSError):
                    if entry.is_file(follow_symlinks=False):
                        found.append(folder / name)
    return sorted(found)


def clean_leftovers(target: str | os.PathLike[str]) -> list[Path]:
    """Remove :func:`leftovers` of ``target``; the ones removed. Only the
    holder of the session's lock calls this (no other writer is mid-write)."""
    removed = []
    for path in leftovers(target):
        with contextlib.suppress(OSError):
            path.unlink()
            removed.append(path)
    return removed
