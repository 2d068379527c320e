"""The compiled code of the modules a launch imports, kept in one file.

``mlew run`` imports some 520 modules before its first frame - Python's,
Textual's, rich's, pydantic's and mlew's own. For each one Python's import
system searches the path, looks at the source file, opens and reads its
``.pyc`` and checks it: about 17 ms of the stress session's launch besides
running the modules themselves (the app's imports, medians of ten
alternating runs: 172 ms served from one file, 189 ms as ever). This
keeps the compiled code of the modules a run imported in one file and gives
it back to the import system:

- **Only what Python would load the same way.** A module is kept when it was
  loaded from a ``.py`` file by Python's own source loader (not an extension,
  a built-in, a zip or a namespace package). It is served as Python would
  serve it - the spec a ``SourceFileLoader`` gives (the same ``__file__``,
  ``__path__``, ``__cached__`` and resources); only its code comes from the
  file, and ``.pyc`` files are neither read nor written for it.
- **Only while nothing changed.** The file is for one interpreter and one
  search path: its header holds Python's bytecode magic number and the
  interpreter, its prefix, the optimisation level, ``sys.path`` and the
  modification time of every folder on it (a module added to any of them
  could hide a kept one); any difference and nothing is served. Each module
  is served only while its source file has the size and modification time
  (in nanoseconds) it had when kept - what Python itself checks of a
  ``.pyc``, at a finer grain - and its folder the time it had (a compiled
  extension or a package folder of the same name beside it would be found
  first); otherwise it is imported as ever.
- **Written at exit, whole**, when the run imported a module the file did not
  serve (new, changed, or no file yet): the code of the modules this run
  imported, and of those earlier runs kept that it did not import (each run
  imports a little more or less; they are checked when imported), in
  ``marshal``'s format (that of ``.pyc`` files), written to a temporary file
  and renamed (:func:`mlew_tui.atomic.write_atomic`, 0600). A run that
  found everything it imported writes nothing.
- **Read under the cache folder's rules** (:mod:`mlew_tui.cache_dir`): the
  folder and the file belong to the user and nobody else can write them; a
  link is never followed. Anything wrong with the file (damaged, cut short,
  another format) serves nothing, and the file is replaced at exit.
  ``MLEW_CACHE_DIR=off`` keeps nothing. Nothing here ever raises.

The file is ``modules-<cache tag>.bin`` in the cache folder; a module's code
is read from it when the module is imported (nothing of it stays in memory).
Every ``mlew`` command but the version and the help installs it
(:func:`mlew_tui.cli_fast.main`), first of all.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sys

from .cache_dir import folder, open_private, prepared

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from importlib.machinery import ModuleSpec, SourceFileLoader
    from pathlib import Path
    from types import CodeType, ModuleType
    from typing import Any

#: The file's format, after Python's bytecode magic number.
FORMAT = b"mlew-modules-1\n"
#: A file larger than this is not read.
MAX_BYTES = 256 * 1024 * 1024

#: name -> (origin, package search locations or None, offset, length, size, mtime_ns, folder mtime_ns)
Entry = tuple[str, "tuple[str, ...] | None", int, int, int, int, int]

_index: dict[str, Entry] = {}
#: The file, open for reading, and where the code starts in it.
_fd: int | None = None
_base = 0
_finder: _Finder | None = None
#: Modules served from the file in this run.
_served: set[str] = set()
#: Modules imported before :func:`install` (never served, never counted).
_before: set[str] = set()
#: :func:`stamp` when installed: the file is written only for the same one.
_installed_stamp: tuple[Any, ...] | None = None
_folders: dict[str, int] = {}


def path() -> Path | None:
    """The file, or ``None`` when keeping is off."""
    where = folder()
    return None if where is None else where / f"modules-{sys.implementation.cache_tag}.bin"


def _magic() -> bytes:
    from importlib.util import MAGIC_NUMBER

    return MAGIC_NUMBER


def _mtime(where: str) -> int:
    try:
        return os.stat(where).st_mtime_ns
    except OSError:
        return -1


def stamp() -> tuple[Any, ...]:
    """What the file was made for: this interpreter and this search path, with
    the modification time of each folder on it."""
    paths = tuple(sys.path)
    return (sys.executable, sys.prefix, sys.flags.optimize, paths, tuple(_mtime(p or ".") for p in paths))


def _folder_time(where: str) -> int:
    known = _folders.get(where)
    if known is None:
        known = _folders[where] = _mtime(where)
    return known


def _fresh(entry: Entry) -> bool:
    origin, _, _, _, size, mtime, folder_mtime = entry
    try:
        info = os.stat(origin)
    except OSError:
        return False
    return info.st_size == size and info.st_mtime_ns == mtime and _folder_time(os.path.dirname(origin)) == folder_mtime


def _loader_class() -> type:
    from importlib.machinery import SourceFileLoader

    class KeptLoader(SourceFileLoader):
        """Python's source loader, whose code comes from the kept file."""

        def get_code(self, fullname: str) -> CodeType | None:
            entry = _index.get(fullname)
            if entry is not None and _fd is not None and entry[0] == self.path:
                with contextlib.suppress(Exception):
                    code: CodeType = marshal.loads(os.pread(_fd, entry[3], _base + entry[2]))
                    _served.add(fullname)
                    return code
            return super().get_code(fullname)

    return KeptLoader


class _Finder:
    """First on ``sys.meta_path``: a kept module whose files did not change."""

    def __init__(self) -> None:
        self.loader = _loader_class()
        from importlib.util import spec_from_file_location

        self.spec_from_file_location = spec_from_file_location

    def invalidate_caches(self) -> None:
        """``importlib.invalidate_caches()``: folders are looked at again."""
        _folders.clear()

    def find_spec(self, fullname: str, path: Sequence[str] | None = None, target: ModuleType | None = None) -> ModuleSpec | None:
        entry = _index.get(fullname)
        if entry is None:
            return None
        try:
            if not _fresh(entry):
                return None
            origin, locations = entry[0], entry[1]
            return self.spec_from_file_location(
                fullname, origin, loader=self.loader(fullname, origin), submodule_search_locations=list(locations) if locations is not None else None
            )
        except Exception:  # whatever it is, Python's own import decides
            return None


def load(expected: tuple[Any, ...]) -> tuple[dict[str, Entry], int, int] | None:
    """The kept index, an open descriptor of the file and where the code
    starts in it, when there is a file to trust made for the ``expected``
    stamp. Each module's code is read when it is imported (``os.pread``):
    nothing of the file stays in memory."""
    target = path()
    if target is None:
        return None
    handle = open_private(target, MAX_BYTES)
    if handle is None:
        return None
    with contextlib.suppress(Exception), handle:
        fd = handle.fileno()
        lead = _magic() + FORMAT
        first = os.pread(fd, len(lead) + 8, 0)
        if first[: len(lead)] != lead:
            return None
        size = int.from_bytes(first[len(lead) :], "little")
        kept_stamp, index = marshal.loads(os.pread(fd, size, len(first)))
        if kept_stamp != expected or type(index) is not dict:
            return None
        base = len(first) + size
        total = os.fstat(fd).st_size - base
        if any(entry[2] + entry[3] > total for entry in index.values()):
            return None
        return index, os.dup(fd), base
    return None


def install() -> None:
    """Serve kept modules to the import system (see the module docstring);
    once per process. The file is written back at exit when needed."""
    global _finder, _fd, _base, _installed_stamp
    if _finder is not None:
        return
    with contextlib.suppress(Exception):
        if path() is None:  # keeping is off
            return
        import atexit

        finder = _Finder()  # imports what it needs first: those are never served, nor missed
        _magic()
        _before.update(sys.modules)
        _installed_stamp = stamp()
        kept = load(_installed_stamp)
        if kept is not None:
            index, _fd, _base = kept
            _index.update(index)
        _finder = finder
        sys.meta_path.insert(0, _finder)
        atexit.register(save)


def uninstall() -> None:
    """Python's import system as it was (tests)."""
    global _finder, _fd, _installed_stamp
    if _finder is not None and _finder in sys.meta_path:
        sys.meta_path.remove(_finder)
    if _fd is not None:
        with contextlib.suppress(OSError):
            os.close(_fd)
    _finder = None
    _fd = None
    _installed_stamp = None
    _index.clear()
    _served.clear()
    _before.clear()
    _folders.clear()


def keepable(module: ModuleType) -> tuple[str, tuple[str, ...] | None, SourceFileLoader] | None:
    """(origin, package search locations, loader) of a module Python loaded
    from a ``.py`` file with its own source loader, else ``None``."""
    from importlib.machinery import SourceFileLoader

    spec = getattr(module, "__spec__", None)
    origin = getattr(spec, "origin", None)
    if spec is None or not isinstance(spec.loader, SourceFileLoader) or type(origin) is not str or not origin.endswith(".py"):
        return None
    if getattr(module, "__file__", None) != origin:
        return None
    locations = spec.submodule_search_locations
    return origin, (tuple(locations) if locations is not None else None), spec.loader


def save() -> None:
    """Write the file again when this run imported a module it did not serve
    - unless the search path or a folder on it changed while it ran (the
    folder of a session when ``python -m mlew_tui`` was started in it): the
    next run, which will see the change, writes it."""
    with contextlib.suppress(Exception):
        target = path()
        if target is None or _installed_stamp is None:
            return
        modules = {name: found for name, module in list(sys.modules.items()) if name not in _before and (found := keepable(module)) is not None}
        if set(modules) <= _served or stamp() != _installed_stamp:
            return
        if not prepared(target):
            return
        index: dict[str, Entry] = {}
        blobs: list[bytes] = []
        end = 0

        def add(name: str, entry: Entry, data: bytes) -> None:
            nonlocal end
            index[name] = (entry[0], entry[1], end, len(data), entry[4], entry[5], entry[6])
            blobs.append(data)
            end += len(data)

        for name, (origin, locations, loader) in sorted(modules.items()):
            try:
                old = _index.get(name)
                if name in _served and old is not None and _fd is not None:  # as kept: copied
                    add(name, old, os.pread(_fd, old[3], _base + old[2]))
                    continue
                info = os.stat(origin)
                code = loader.get_code(name)
                if code is not None:
                    add(name, (origin, locations, 0, 0, info.st_size, info.st_mtime_ns, _mtime(os.path.dirname(origin))), marshal.dumps(code))
            except Exception:
                continue
        # What earlier runs kept and this one did not import stays (each run
        # of a session imports a little more or less): checked when imported.
        for name, old in sorted(_index.items()):
            if name not in index and name not in modules and _fd is not None:
                with contextlib.suppress(Exception):
                    add(name, old, os.pread(_fd, old[3], _base + old[2]))
        head = marshal.dumps((_installed_stamp, index))
        from .atomic import write_atomic

        write_atomic(target, b"".join([_magic(), FORMAT, len(head).to_bytes(8, "little"), head, *blobs]), mode=0o600)
