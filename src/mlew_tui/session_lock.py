"""One writer per session file: :class:`SessionLock`.

The lock is an OS advisory lock (``flock``) on ``FILE.lock`` beside the file
the session path names, symlinks followed, so two spellings of one path share
one lock. A hard link is another name for the same file, with its own
``.lock`` beside it: so the lock is also taken on the file itself, by its
device and inode, in a folder of the user's own under the system's temporary
folder. Either lock held elsewhere means a second writer: the app then opens
read-only. Locks die with their process, so nothing is ever stale.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from pathlib import Path

LOCK_SUFFIX = ".lock"


def _real_path(path: str | os.PathLike[str]) -> Path:
    return Path(os.path.realpath(path))


def inode_lock_path(path: str | os.PathLike[str]) -> Path | None:
    """Where the lock on the file itself lives (``None`` for a file that is not
    there yet, or a system without inode numbers, or when the lock folder is
    not safely ours)."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    if not info.st_ino:
        return None  # pragma: no cover - file systems without inode numbers
    folder = Path(tempfile.gettempdir()) / f"mlew-locks-{os.getuid() if hasattr(os, 'getuid') else 'user'}"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        mine = os.lstat(folder)
    except OSError:
        return None
    if not stat.S_ISDIR(mine.st_mode) or (hasattr(os, "getuid") and mine.st_uid != os.getuid()):
        return None  # someone else's folder, or a symlink planted there: do not trust it
    return folder / f"{info.st_dev}-{info.st_ino}{LOCK_SUFFIX}"


def _holder_has(inode_lock: Path, path: str | os.PathLike[str]) -> bool:
    """The holder of ``inode_lock`` still has the file at ``path`` open: the
    path it wrote into the lock names the same file (device and inode) as
    ``path``. A holder whose own file has since been replaced (every save
    writes a new file, so the old inode is freed and may be reused by an
    unrelated new file) does not hold ours."""
    try:
        lines = inode_lock.read_text(encoding="utf-8", errors="replace").splitlines()
        theirs, ours = os.stat(lines[1]), os.stat(path)
    except (OSError, IndexError):
        return True  # cannot tell: the safe answer is "held"
    return (theirs.st_dev, theirs.st_ino) == (ours.st_dev, ours.st_ino)


class SessionLock:
    """One writer per session file.

    ``acquire()`` returns False (without waiting) when the file cannot be
    written by us: :attr:`problem` then says why - ``"held"`` when another
    process holds the lock, ``"cannot_lock"`` when the lock cannot even be
    made (a read-only folder, no permission; :attr:`detail` has the system's
    words). The lock dies with the process, so nothing is ever stale. A
    symlink or a hard link to the file shares its lock (module docstring).
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        real = _real_path(path)
        self.lock_path = real.with_name(real.name + LOCK_SUFFIX)
        self._fds: list[tuple[int, Path]] = []
        #: Why :meth:`acquire` failed: ``"held"``, ``"cannot_lock"`` or ``""``.
        self.problem = ""
        self.detail = ""

    @property
    def held(self) -> bool:
        return bool(self._fds)

    def acquire(self) -> bool:
        if self._fds:
            return True
        fd = self._take(self.lock_path, required=True)
        if fd is None:
            return False
        self._fds.append((fd, self.lock_path))
        inode = inode_lock_path(self.path)
        if inode is not None:
            self.problem = ""
            second = self._take(inode, required=False)
            if second is None and self.problem == "held" and _holder_has(inode, self.path):
                self.release()
                self.problem = "held"
                return False
            if second is not None:
                self._fds.append((second, inode))
                with contextlib.suppress(OSError):
                    os.write(second, f"{_real_path(self.path)}\n".encode())
        self.problem = self.detail = ""
        return True

    def _take(self, lock_path: Path, *, required: bool) -> int | None:
        """The fd holding ``lock_path``'s lock, or None (:attr:`problem` says why)."""
        for _ in range(5):
            try:
                fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
            except OSError as problem:
                # a read-only folder, no permission: nobody can write here
                self.problem, self.detail = ("cannot_lock", problem.strerror or str(problem)) if required else ("", "")
                return None
            if not _try_lock(fd):
                os.close(fd)
                self.problem = "held"
                return None
            # The holder before us may have unlinked the file it locked while we
            # opened it; only a lock on the file that is still there counts.
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(lock_path))
            except OSError:
                same = False
            if same:
                with contextlib.suppress(OSError):
                    os.ftruncate(fd, 0)
                    os.write(fd, f"{os.getpid()}\n".encode())
                return fd
            os.close(fd)
        self.problem = "held"
        return None

    def release(self) -> None:
        for fd, lock_path in reversed(self._fds):
            with contextlib.suppress(OSError):
                lock_path.unlink()
            os.close(fd)
        self._fds = []

    def __enter__(self) -> SessionLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":  # pragma: no cover - mypy checks msvcrt only for Windows
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False
