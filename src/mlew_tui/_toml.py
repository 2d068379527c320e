"""Reading TOML: ``tomli`` when installed, else the standard library's ``tomllib``.

They are the same parser (``tomllib`` is ``tomli`` copied into Python 3.11),
but tomli's wheels are compiled with mypyc and read a large session about
three times faster - which is most of the time it takes to open one.

A session is at most a few tables deep (``day1.scores.sato.c1``), so
anything nested deeper than :data:`MAX_NESTING` is refused: the parsed data is
measured (:func:`too_deep`, no recursion), and only a file found too deep -
or too deep for the parser itself, a RecursionError - is scanned for the line
where arrays or inline tables go too deep (:func:`nesting_line`); dotted keys
are named by their path. Nothing after the parser - validation, the
control-character pass, messages - then ever recurses past it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the same API; mypy sees one of them
    from tomllib import TOMLDecodeError, loads
else:

    def __getattr__(name: str) -> Any:
        """``loads`` and ``TOMLDecodeError``, the parser imported on first
        use: a launch that takes its session and catalogs from the cache
        parses no TOML, and the limits below need no parser."""
        if name not in ("loads", "TOMLDecodeError"):
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        try:
            import tomli as parser
        except ImportError:  # pragma: no cover - a platform without tomli's wheel
            import tomllib as parser
        globals().update(loads=parser.loads, TOMLDecodeError=parser.TOMLDecodeError)
        return globals()[name]


__all__ = ["MAX_NESTING", "TOMLDecodeError", "loads", "nesting_line", "too_deep"]

#: Tables and arrays within each other, the document itself not counted.
MAX_NESTING = 32

#: What can hold a bracket that is no bracket (strings, comments), and the
#: brackets and newlines themselves. Multi-line strings first.
_TOKENS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"{3,5}'
    r"|'''(?:[^']|'(?!''))*'{3,5}"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'[^'\n]*'"
    r"|#[^\n]*"
    r"|[\[\]{}\n]",
    re.DOTALL,
)


def nesting_line(text: str, limit: int = MAX_NESTING) -> int | None:
    """The line (1-based) where arrays and inline tables first go more than
    ``limit`` deep, or ``None``. A table header (``[a]``, ``[[a]]``) opens
    at most two brackets, so it never counts as deep."""
    if text.count("[") + text.count("{") <= limit:
        return None
    depth, line = 0, 1
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > limit:
                return line
        elif token in "]}":
            depth = max(0, depth - 1)
        line += token.count("\n")
    return None


#: What the parser makes of tables and arrays (exact types: the check is on every value).
_CONTAINERS = (dict, list)


def too_deep(data: Mapping[str, Any], limit: int = MAX_NESTING) -> list[str | int] | None:
    """The path of the first value nested more than ``limit`` tables and
    arrays deep in parsed data (dotted keys nest too), or ``None``. Walks
    without recursion, so any depth is safe; paths are only made for a file
    that is too deep."""
    level: list[Any] = [data]
    for _ in range(limit + 1):  # one level of tables and arrays at a time
        below: list[Any] = []
        for value in level:
            below += [child for child in (value.values() if type(value) is dict else value) if type(child) in _CONTAINERS]
        if not below:
            return None
        level = below
    return _deep_path(data, limit)


def _deep_path(data: Mapping[str, Any], limit: int) -> list[str | int]:
    """The path, in file order, to the first container deeper than ``limit``."""
    stack: list[tuple[Any, list[str | int]]] = [(data, [])]
    while stack:
        value, path = stack.pop()
        if len(path) > limit:
            return path
        children = value.items() if isinstance(value, Mapping) else enumerate(value)
        stack.extend((child, [*path, key]) for key, child in reversed(list(children)) if isinstance(child, (Mapping, list)))
    return []
