"""The code ``@dataclass`` and ``namedtuple`` write, compiled once and kept.

``@dataclass`` writes a class's ``__init__``, ``__repr__``, ``__eq__``,
``__hash__``, ``__setattr__``... as Python source and compiles that text with
``exec()``; ``namedtuple`` does the same for its ``__new__`` with ``eval()``.
On Python 3.11 that is about half a millisecond per dataclass, and the way to
the first board creates about 135 of them (mlew's, Textual's, pydantic's,
annotated_types'): some 70 ms of every launch went to the compiler, turning
the same texts into the same code objects each time. Python keeps compiled
modules in ``.pyc`` files; this keeps the compiled generated texts:

- :func:`install` gives the ``dataclasses`` and ``collections`` modules an
  ``exec``/``eval`` of their own (a module global is found before the
  builtin) that compiles through a table *text -> code object*, filled from
  the file kept by earlier runs; and ``typing`` a ``compile`` that does the
  same for the annotations ``ForwardRef`` compiles (pydantic's TypedDicts
  write theirs as strings: about 100 at import). A text is compiled exactly as the builtins
  would compile it (file name ``<string>``, no future flags inherited: neither
  module has any); a text not in the table is compiled then and added. The
  text is the key: a class that changes writes another text.
- :func:`save` (at exit) writes the table back when this run compiled texts
  the file lacked: ``marshal`` (the format of ``.pyc`` files) behind Python's
  bytecode magic number, so another Python's file is never used.

The file is ``generated-code-<cache tag>.marshal`` in the folder of
:mod:`mlew_tui.session_cache`, under the same rules: private (0700, the
entry 0600, written whole), read only when the folder and the file belong to
the user and nobody else can write them, links never followed; anything
wrong with it is an empty table (and the file is replaced at exit);
``MLEW_CACHE_DIR=off`` keeps nothing. Nothing here ever raises. Every
``mlew`` command but the version and the help installs it
(:func:`mlew_tui.cli_fast.main`) before anything that creates a dataclass is
imported. Measured in a pseudo-terminal, eleven alternating launches of the
stress session: first board 0.557 -> 0.505 s (median); loading the table
(about 700 texts, 650 KB) takes 5 ms.
"""

from __future__ import annotations

import builtins
import contextlib
import sys

from .cache_dir import folder, prepared, read_private

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from types import CodeType
    from typing import Any

#: More texts than this and only the ones this run used are written back.
MAX_TEXTS = 6000
#: A table file larger than this is not read.
MAX_BYTES = 16 * 1024 * 1024

_codes: dict[str, CodeType] = {}
_used: set[str] = set()
_compiled = 0
_installed = False


def _code(source: str, mode: str) -> CodeType:
    key = mode[:4] + ":" + source
    code = _codes.get(key)
    if code is None:
        global _compiled
        code = compile(source, "<string>", mode, dont_inherit=True)
        _codes[key] = code
        _compiled += 1
    _used.add(key)
    return code


def _exec(source: Any, globals: Any = None, locals: Any = None, /, **kwargs: Any) -> None:
    if type(source) is str:
        source = _code(source, "exec")
    builtins.exec(source, globals, locals, **kwargs)


def _eval(source: Any, globals: Any = None, locals: Any = None, /) -> Any:
    if type(source) is str:
        source = _code(source, "eval")
    return builtins.eval(source, globals, locals)


def _compile(source: Any, filename: Any, mode: str, flags: int = 0, dont_inherit: bool = False, optimize: int = -1, **kwargs: Any) -> Any:
    # typing.ForwardRef compiles each annotation written as a string
    # (``compile(arg, "<string>", "eval")``): pydantic's TypedDicts have ~100.
    if type(source) is str and filename == "<string>" and mode == "eval" and not flags and optimize == -1 and not kwargs:
        return _code(source, "eval")
    return builtins.compile(source, filename, mode, flags, dont_inherit, optimize, **kwargs)


def path() -> Path | None:
    """The table's file, or ``None`` when keeping is off."""
    where = folder()
    return None if where is None else where / f"generated-code-{sys.implementation.cache_tag}.marshal"


def _magic() -> bytes:
    from importlib.util import MAGIC_NUMBER

    return MAGIC_NUMBER


def load() -> dict[str, CodeType]:
    """The table kept by earlier runs; empty when there is none to trust."""
    target = path()
    data = None if target is None else read_private(target, MAX_BYTES)
    magic = _magic()
    if data is None or not data.startswith(magic):
        return {}
    with contextlib.suppress(Exception):  # damaged: an empty table (the file is replaced at exit)
        import marshal
        from types import CodeType

        table = marshal.loads(data[len(magic) :])
        if type(table) is dict and all(type(k) is str and type(v) is CodeType for k, v in table.items()):
            return table
    return {}


def install() -> None:
    """Compile what ``dataclasses`` and ``namedtuple`` write through the kept
    table (see the module docstring); once per process."""
    global _installed
    if _installed:
        return
    _installed = True
    import collections
    import dataclasses
    import typing

    _codes.update(load())
    dataclasses.exec = _exec  # type: ignore[attr-defined]
    collections.eval = _eval  # type: ignore[attr-defined]
    typing.compile = _compile  # type: ignore[attr-defined]
    import atexit

    atexit.register(save)


def uninstall() -> None:
    """The builtins back (tests)."""
    global _installed
    import collections
    import dataclasses
    import typing

    for module in (dataclasses, collections, typing):
        for name in ("exec", "eval", "compile"):
            if module.__dict__.get(name) in (_exec, _eval, _compile):
                delattr(module, name)
    _installed = False


def save() -> None:
    """Write the table back when this run compiled texts it lacked."""
    if not _compiled:
        return
    with contextlib.suppress(Exception):
        import marshal

        from .atomic import write_atomic

        target = path()
        if target is None or not prepared(target):
            return
        table = _codes if len(_codes) <= MAX_TEXTS else {k: _codes[k] for k in _used}
        write_atomic(target, _magic() + marshal.dumps(table), mode=0o600)
