"""Session data to TOML text in one stable, readable layout.

tomli-w renders each value; this module only decides the layout, because
tomli-w switches a list of tables between inline ``[{...}]`` and ``[[...]]``
by line length - a review growing by a word would then rewrite the whole list
and make ``git diff`` useless. Here every list of tables is ``[[name]]``, every
table is ``[name]`` (left out when empty), and keys keep the model's order.

Autosave writes the whole file up to once a second, and rendering 100 kB of
TOML in pure Python takes tens of milliseconds; so the text of every table
and array entry is remembered with the data it came from and reused while the
data is equal (the schema fixes each key's type, so equal data renders
equally). Adding a review re-renders one review, not three hundred.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Mapping
from typing import Any

import tomli_w

_BARE = re.compile(r"^[A-Za-z0-9_-]+$")


def _key(part: str) -> str:
    if _BARE.match(part):
        return part
    return tomli_w.dumps({"k": part}).split(" = ", 1)[1].rstrip("\n")


def _is_tables(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, Mapping) for v in value)


def _scalars(table: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in table.items() if not isinstance(v, Mapping) and not _is_tables(v)}


def _has_crlf(value: Any) -> bool:
    if isinstance(value, str):
        return "\r\n" in value
    return isinstance(value, list) and any(_has_crlf(v) for v in value)


def _dump_scalars(scalars: Mapping[str, Any]) -> str:
    """``key = value`` lines; text with newlines as readable multi-line strings,
    except text holding ``\r\n``: tomli-w folds that into ``\n`` in a multi-line
    string, so such values are written on one line with escapes, exactly."""
    if not any(_has_crlf(v) for v in scalars.values()):
        return tomli_w.dumps(scalars, multiline_strings=True)
    return "".join(tomli_w.dumps({k: v}, multiline_strings=not _has_crlf(v)) for k, v in scalars.items())


def _same(value: Any) -> Any:
    return value


class _Memo:
    """Rendered chunks by their place in the document, with the data they show
    and the conversion they were rendered through."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._chunks: dict[str, tuple[Any, Callable[[Any], Any], list[str]]] = {}

    def render(self, place: str, value: Mapping[str, Any], name: str, convert: Callable[[Any], Any], *, array: bool = False) -> list[str]:
        with self._lock:
            hit = self._chunks.get(place)
        if hit is not None and hit[1] is convert and hit[0] == value:
            return hit[2]
        out: list[str] = []
        _emit(convert(value), name, out, array=array)
        with self._lock:
            self._chunks[place] = (value, convert, out)
        return out


_MEMO = _Memo()


def _emit(table: Mapping[str, Any], name: str, out: list[str], *, array: bool = False) -> None:
    scalars = _scalars(table)
    if array:
        out.append(f"[[{name}]]\n" + _dump_scalars(scalars))
    elif scalars:
        out.append(f"[{name}]\n" + _dump_scalars(scalars))
    for key, value in table.items():
        child = f"{name}.{_key(key)}"
        if isinstance(value, Mapping):
            _emit(value, child, out)
        elif _is_tables(value):
            for entry in value:
                _emit(entry, child, out, array=True)


def dumps(data: Mapping[str, Any], convert: Callable[[Any], Any] = _same) -> str:
    """TOML text for ``convert(data)`` (a mapping of TOML-compatible values).

    ``convert`` maps data to data (the store's :func:`~mlew_tui.domain.controls.to_file`);
    it is applied here, chunk by chunk, so that an entry rendered before is
    neither converted nor rendered again (walking the whole session to convert
    it took as long as validating it)."""
    out = [_dump_scalars(convert(_scalars(data)))]
    for key, value in data.items():
        name = _key(key)
        if isinstance(value, Mapping):
            # One chunk per second-level table (``scores.sato``, ``refine`` ...).
            scalars = _scalars(value)
            if scalars:
                out.append(f"[{name}]\n" + _dump_scalars(convert(scalars)))
            for child, inner in value.items():
                child_name = f"{name}.{_key(child)}"
                if isinstance(inner, Mapping):
                    out.extend(_MEMO.render(child_name, inner, child_name, convert))
                elif _is_tables(inner):
                    for index, entry in enumerate(inner):
                        out.extend(_MEMO.render(f"{child_name}[{index}]", entry, child_name, convert, array=True))
        elif _is_tables(value):
            for index, entry in enumerate(value):
                place = f"{name}[{entry.get('id', index)}]"
                out.extend(_MEMO.render(place, entry, name, convert, array=True))
    return "\n".join(chunk for chunk in out if chunk)
