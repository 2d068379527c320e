"""Message catalogs: every user-facing string of mlew, in Japanese and English.

Catalogs are TOML files under ``i18n/<lang>/``; all files of a language are
merged into one flat mapping of dotted keys (``[cli.check] ok = "OK"`` becomes
``cli.check.ok``). Splitting by area keeps files short; a key may be defined in
one file only. Messages use ``str.format`` placeholders: ``"{n} reviews"``.

English counts agree with their number through a plural format spec,
``{name:one|other}``: ``"{n} review{n:|s}"`` gives "1 review" and "2 reviews",
``"{n} {n:person|people}"`` gives "1 person" and "3 people" (see :func:`plural`).
"""

from __future__ import annotations

import os
import string
from functools import cache
from typing import Any, Literal

Language = Literal["ja", "en"]
LANGUAGES: tuple[Language, ...] = ("ja", "en")
DEFAULT_LANGUAGE: Language = "en"


class CatalogError(Exception):
    """A catalog file is malformed or defines a key twice."""


def _flatten(table: dict[str, Any], prefix: str, out: dict[str, str], origin: str) -> None:
    for key, value in table.items():
        full = f"{prefix}{key}"
        if isinstance(value, dict):
            _flatten(value, f"{full}.", out, origin)
        elif isinstance(value, str):
            if full in out:
                raise CatalogError(f"{origin}: key {full!r} is defined twice")
            out[full] = value
        else:
            raise CatalogError(f"{origin}: key {full!r} must be a string")


@cache
def catalog(lang: Language) -> dict[str, str]:
    """The merged catalog of one language (cached: catalogs are read once)."""
    if lang not in LANGUAGES:
        raise CatalogError(f"unknown language {lang!r}")
    return read_catalog(lang, os.path.join(os.path.dirname(__file__), lang))


def read_catalog(lang: str, source: str) -> dict[str, str]:
    """Every ``.toml`` file in ``source`` merged, in name order; kept between
    runs for the very same files (:mod:`mlew_tui.i18n.kept`)."""
    from . import kept

    now = kept.stamp(source)
    found = None if now is None else kept.get(lang, now)
    if found is not None:
        return found
    from .._toml import loads  # tomli when installed: a third of tomllib's time for the 35 files

    out: dict[str, str] = {}
    for name in sorted(n for n in os.listdir(source) if n.endswith(".toml")):
        with open(os.path.join(source, name), encoding="utf-8") as file:
            _flatten(loads(file.read()), "", out, f"{lang}/{name}")
    if now is not None and now == kept.stamp(source):  # unchanged while read: keep it
        kept.put(lang, now, out)
    return out


def plural(count: Any, spec: str) -> str:
    """``one|other`` -> ``one`` when ``count`` is 1, else ``other`` (English rule;
    a count that is not a number, a placeholder filled with text, takes ``other``)."""
    one, _, other = spec.partition("|")
    return one if count == 1 and not isinstance(count, bool) else other


class _MessageFormatter(string.Formatter):
    """``str.format`` plus the plural spec ``{n:one|other}``."""

    def format_field(self, value: Any, format_spec: str) -> str:
        if "|" in format_spec:
            return plural(value, format_spec)
        return format(value, format_spec)


_FORMATTER = _MessageFormatter()


def format_message(text: str, /, **params: Any) -> str:
    """``text`` with ``params`` filled in, plural specs included."""
    if "|" not in text:  # the common case, at str.format's speed
        return text.format(**params)
    return _FORMATTER.vformat(text, (), params)


def t(lang: Language, key: str, /, **params: Any) -> str:
    """The message ``key`` in ``lang`` with ``params`` filled in.

    A missing key falls back to English, then to the key itself, so a gap in a
    catalog never crashes the app (a test keeps the catalogs complete).
    """
    text = catalog(lang).get(key)
    if text is None:
        text = catalog(DEFAULT_LANGUAGE).get(key, key)
    if params:
        try:
            return format_message(text, **params)
        except (KeyError, IndexError, ValueError):
            return text
    return text


class Translator:
    """A callable bound to one language: ``tr("cli.check.ok")``."""

    def __init__(self, lang: Language = DEFAULT_LANGUAGE) -> None:
        self.lang: Language = lang

    def __call__(self, key: str, /, **params: Any) -> str:
        return t(self.lang, key, **params)
