"""A language's merged catalog, kept between runs.

Every launch reads the language's catalog: some 17 TOML files, about 1,850
keys, parsed and merged in about 10 ms - the same files into the same mapping
each time. This keeps the merged mapping in mlew's private cache folder
(:mod:`mlew_tui.cache_dir`: ``catalog-<lang>.marshal``), under the same rules
as the sessions and the compiled code kept there: read only when the folder
and the file are the user's and nobody else can write them, links never
followed, written whole (0600), ``MLEW_CACHE_DIR=off`` keeps nothing.

The entry is used only for the very files it was made from: it holds the
catalog folder, mlew's version and each file's name, size and modification
time (``stamp``); anything else - a file edited, added or removed, another
install, another version - is a miss, and the files are read as ever (and
the entry replaced). A catalog that does not load (a key twice, a bad file)
is never kept. Loading an entry: about 1 ms. Nothing here ever raises.
"""

from __future__ import annotations

import contextlib
import os

from ..cache_dir import folder, prepared, read_private

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

#: What an entry's first element says it is (a changed layout is a new word).
FORMAT = "mlew-catalog-1"
#: An entry larger than this is not read.
MAX_BYTES = 4 * 1024 * 1024

Stamp = tuple[str, str, tuple[tuple[str, int, int], ...]]


def stamp(source: str) -> Stamp | None:
    """What the catalog files in ``source`` are now: the folder, mlew's
    version and each ``.toml`` file's name, size and modification time
    (``None`` when the folder cannot be listed)."""
    from .. import __version__

    try:
        files = []
        for name in sorted(n for n in os.listdir(source) if n.endswith(".toml")):
            info = os.stat(os.path.join(source, name))
            files.append((name, info.st_size, info.st_mtime_ns))
    except OSError:
        return None
    return (os.path.abspath(source), __version__, tuple(files))


def _path(lang: str) -> Path | None:
    where = folder()
    return None if where is None else where / f"catalog-{lang}.marshal"


def get(lang: str, now: Stamp) -> dict[str, str] | None:
    """The kept catalog of ``lang`` when it was made from the files ``now``
    describes, else ``None``."""
    target = _path(lang)
    data = None if target is None else read_private(target, MAX_BYTES)
    if data is None:
        return None
    with contextlib.suppress(Exception):  # damaged: a miss (and replaced)
        import marshal

        entry = marshal.loads(data)
        if type(entry) is tuple and len(entry) == 3 and entry[0] == FORMAT and entry[1] == now:
            mapping = entry[2]
            if type(mapping) is dict and all(type(k) is str and type(v) is str for k, v in mapping.items()):
                return mapping
    return None


def put(lang: str, now: Stamp, mapping: dict[str, str]) -> None:
    """Keep ``mapping`` as ``lang``'s catalog made from the files ``now`` describes."""
    with contextlib.suppress(Exception):
        import marshal

        from ..atomic import write_atomic

        target = _path(lang)
        if target is None or not prepared(target):
            return
        write_atomic(target, marshal.dumps((FORMAT, now, mapping)), mode=0o600)
