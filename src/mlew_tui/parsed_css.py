"""Textual's parsed stylesheets, kept between runs.

Before its first frame the app parses some 30 stylesheets: its own ``.tcss``
files and the ``DEFAULT_CSS`` of every widget class it shows, mlew's and
Textual's - about 17 ms of every launch, the same texts into the same rules.
Textual keeps parsed rules in memory for the life of the process
(``Stylesheet._parse_rules``, keyed by the text, where it was read from,
whether it is a widget's default CSS, its tie breaker and its scope).
:func:`install` keeps them on disk as well:

- the rules are found under Textual's own key plus a digest of the
  stylesheet's variables (the theme's colours are written into the rules as
  they are parsed: another theme is another key);
- a kept entry is a pickle of the rules exactly as Textual made them
  (``tests/test_parsed_css.py`` checks that a first frame's rules read back
  are the rules Textual parsed: selectors, flags and every style); rules with
  errors are never kept, so Textual reports them as ever;
- the table is a file in mlew's private cache folder
  (:mod:`mlew_tui.cache_dir`: read only when it and its folder are the user's
  and nobody else can write them, links never followed, written whole, 0600),
  stamped with Python's version, the installed Textual and rich (their
  ``.dist-info`` names) and the size and time of Textual's CSS modules:
  anything else is an empty table. It is written at exit when the run parsed
  something it lacked. ``MLEW_CACHE_DIR=off`` keeps nothing;
- the wrapper is installed only over a ``_parse_rules`` with the signature it
  was written for (Textual 8.x); with any other, nothing is installed and
  Textual parses as ever. Nothing here ever raises.

Loading the table and the ~30 entries takes about 4 ms.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import Any

from .cache_dir import folder, prepared, read_private

#: What the file's stamp starts with (a changed layout is a new word).
FORMAT = "mlew-parsed-css-1"
#: A table file larger than this is not read.
MAX_BYTES = 16 * 1024 * 1024
#: More entries than this and only the ones this run used are written back.
MAX_ENTRIES = 600
#: The parameters of the method this wraps (Textual 8.x).
PARAMETERS = ("self", "css", "read_from", "is_default_rules", "tie_breaker", "scope")
#: Textual's modules whose classes the kept rules are made of.
CSS_MODULES = ("stylesheet.py", "parse.py", "model.py", "styles.py", "tokenize.py", "scalar.py", "types.py")

_table: dict[tuple[Any, ...], bytes] = {}
_used: set[tuple[Any, ...]] = set()
_added = 0
_installed = False


def stamp() -> tuple[Any, ...] | None:
    """What the kept rules were made with: Python, Textual, rich and Textual's
    CSS modules as installed now (``None`` when that cannot be told)."""
    try:
        import textual.css

        css = os.path.dirname(os.path.abspath(textual.css.__file__))
        site = os.path.dirname(os.path.dirname(css))
        infos = sorted(n for n in os.listdir(site) if n.endswith(".dist-info") and n.startswith(("textual-", "rich-")))
        if [n.split("-")[0] for n in infos] != ["rich", "textual"]:
            return None  # not one of each (a source checkout, or two versions side by side)
        infos_of = [os.stat(os.path.join(css, name)) for name in CSS_MODULES]
        files = tuple((name, info.st_size, info.st_mtime_ns) for name, info in zip(CSS_MODULES, infos_of, strict=True))
    except (OSError, ImportError, AttributeError, TypeError):
        return None
    return (FORMAT, sys.version, css, tuple(infos), files)


def path() -> Any:
    """The table's file, or ``None`` when keeping is off."""
    where = folder()
    return None if where is None else where / "parsed-css.marshal"


def load(now: tuple[Any, ...] | None) -> dict[tuple[Any, ...], bytes]:
    """The table kept by an earlier run made with ``now``; empty when there is none to trust."""
    target = path()
    data = None if target is None or now is None else read_private(target, MAX_BYTES)
    if data is None:
        return {}
    with contextlib.suppress(Exception):  # damaged: an empty table (replaced at exit)
        import marshal

        kept = marshal.loads(data)
        if type(kept) is tuple and len(kept) == 2 and kept[0] == now and type(kept[1]) is dict:
            table = kept[1]
            if all(type(k) is tuple and type(v) is bytes for k, v in table.items()):
                return table
    return {}


def _digest(sheet: Any) -> str:
    """The stylesheet's variables, as a short text (worked out once per set of variables)."""
    variables = sheet._variables
    known = sheet.__dict__.get("_mlew_variables")
    if known is not None and known[0] is variables:
        return str(known[1])
    import hashlib

    digest = hashlib.sha256(repr(sorted(variables.items())).encode("utf-8", "surrogatepass")).hexdigest()[:32]
    sheet.__dict__["_mlew_variables"] = (variables, digest)
    return digest


def _plain(value: Any) -> bool:
    """Whether ``value`` is made of what the table's file can hold as a key."""
    if type(value) in (str, bool, int):
        return True
    return type(value) is tuple and all(_plain(v) for v in value)


def _wrap(original: Any) -> Any:
    def _parse_rules(self: Any, css: str, read_from: Any, is_default_rules: bool = False, tie_breaker: int = 0, scope: str = "") -> Any:
        global _added
        memory = getattr(self, "_parse_cache", None)
        textual_key = (css, read_from, is_default_rules, tie_breaker, scope)
        if memory is None or not _plain(textual_key) or memory.get(textual_key) is not None:
            return original(self, css, read_from, is_default_rules, tie_breaker, scope)
        key = (_digest(self), *textual_key)
        blob = _table.get(key)
        if blob is not None:
            rules = None
            with contextlib.suppress(Exception):
                import pickle

                rules = pickle.loads(blob)
            if type(rules) is list:
                memory[textual_key] = rules
                _used.add(key)
                return rules
        rules = original(self, css, read_from, is_default_rules, tie_breaker, scope)
        if not any(rule.errors for rule in rules):
            with contextlib.suppress(Exception):
                import pickle

                _table[key] = pickle.dumps(rules, protocol=pickle.HIGHEST_PROTOCOL)
                _used.add(key)
                _added += 1
        return rules

    _parse_rules.__wrapped__ = original  # type: ignore[attr-defined]
    return _parse_rules


def install() -> None:
    """Keep Textual's parsed stylesheets between runs (see the module
    docstring); once per process, and only over the method it was written for."""
    global _installed
    if _installed:
        return
    _installed = True
    with contextlib.suppress(Exception):
        import inspect

        from textual.css.stylesheet import Stylesheet

        original = Stylesheet._parse_rules
        if getattr(original, "__wrapped__", None) is not None or tuple(inspect.signature(original).parameters) != PARAMETERS:
            return
        now = stamp()
        if now is None or path() is None:
            return
        _table.update(load(now))
        Stylesheet._parse_rules = _wrap(original)  # type: ignore[method-assign]
        import atexit

        atexit.register(save, now)


def uninstall() -> None:
    """Textual's own method back (tests)."""
    global _installed, _added
    with contextlib.suppress(Exception):
        from textual.css.stylesheet import Stylesheet

        original = getattr(Stylesheet._parse_rules, "__wrapped__", None)
        if original is not None:
            Stylesheet._parse_rules = original  # type: ignore[method-assign]
    _table.clear()
    _used.clear()
    _added = 0
    _installed = False


def save(now: tuple[Any, ...] | None = None) -> None:
    """Write the table back when this run parsed stylesheets it lacked."""
    global _added
    if not _added:
        return
    with contextlib.suppress(Exception):
        import marshal

        from .atomic import write_atomic

        now = now or stamp()
        target = path()
        if now is None or target is None or not prepared(target):
            return
        table = _table if len(_table) <= MAX_ENTRIES else {k: _table[k] for k in _used}
        write_atomic(target, marshal.dumps((now, table)), mode=0o600)
        _added = 0
