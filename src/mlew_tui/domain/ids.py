"""Short slug ids for participants and everything else the app creates.

Ids must be bare TOML keys (they head tables such as ``[scores.sato.c1]``), so
names are romanised: Japanese names by their common readings
(:mod:`.name_readings`: 鈴木 彩 -> ``suzuki aya``, not pykakasi's ``sai``),
then with pykakasi (``佐藤`` -> ``sato``); other scripts by Unicode
decomposition. Long vowels are folded the way people write their names in
Latin letters, Hepburn without macrons (``satou`` -> ``sato``, ``yuu`` -> ``yu``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any, cast

from .name_readings import GIVEN_NAMES, SURNAMES

_NON_SLUG = re.compile(r"[^a-z0-9]+")


@cache
def _japanese() -> re.Pattern[str]:
    # Compiled on first use: a class of 30,000 characters takes 3 ms to
    # compile, paid at every launch when it was built at import.
    return re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff66-\uff9f]")


def _has_japanese(text: str) -> bool:
    """Kana or kanji in ``text`` (every one of them is at or after U+3040)."""
    return max(text, default="") >= "\u3040" and _japanese().search(text) is not None


@cache
def _kakasi() -> Any:
    import pykakasi  # imported on first use: it loads dictionaries (~0.5 s)

    # pykakasi ships py.typed, but kakasi.__init__ has no ``-> None``: untyped.
    return cast("Callable[[], Any]", pykakasi.kakasi)()


def _kakasi_reading(text: str) -> str:
    """pykakasi's Hepburn for ``text``, long vowels folded (``shou`` -> ``sho``)."""
    parts = [token["hepburn"] or token["orig"] for token in _kakasi().convert(text)]
    out = " ".join(p for p in parts if p.strip())
    return re.sub(r"uu", "u", re.sub(r"ou|oo", "o", out))


def _words(name: str) -> list[str]:
    """A Japanese name's words: as typed (``鈴木 彩``, also with a full-width
    space), or a surname and a given name pykakasi finds in ``鈴木彩``."""
    words = name.split()
    if len(words) == 1 and _has_japanese(name):
        for cut in range(len(name) - 1, 0, -1):  # a listed surname, the longest first
            if name[:cut] in SURNAMES:
                return [name[:cut], name[cut:]]
        tokens = [token["orig"] for token in _kakasi().convert(name)]
        if len(tokens) > 1:
            return [tokens[0], "".join(tokens[1:])]
    return words


def _read(word: str, first: bool, alone: bool) -> str:
    """One word of a Japanese name: the listed reading (a surname first, a
    given name after it; a lone word may be either), else pykakasi's."""
    if not _has_japanese(word):
        return word
    tables = (SURNAMES, GIVEN_NAMES) if first or alone else (GIVEN_NAMES, SURNAMES)
    for table in tables:
        if word in table:
            return table[word]
    return _kakasi_reading(word)


def romanise(name: str) -> str:
    """Latin letters for ``name``: Japanese names by their common readings,
    then by pykakasi (``鈴木 彩`` -> ``suzuki aya``)."""
    if _has_japanese(name):
        words = _words(name)
        name = " ".join(_read(word, i == 0, len(words) == 1) for i, word in enumerate(words))
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def slugify(name: str, taken: Iterable[str] = (), *, fallback: str = "p") -> str:
    """A slug for ``name`` not in ``taken``: ``"Ben Ito"`` -> ``"ben-ito"``,
    ``"佐藤"`` -> ``"sato"``; a second ``sato`` becomes ``sato-2``; a name with
    no usable letters becomes ``p1``, ``p2``..."""
    taken = set(taken)
    base = _NON_SLUG.sub("-", romanise(name).lower()).strip("-")[:24].strip("-")
    if not base:
        return next_id(fallback, taken)
    candidate, n = base, 2
    while candidate in taken:
        candidate = f"{base}-{n}"
        n += 1
    return candidate


def id_after_last(prefix: str, taken: Iterable[str]) -> str:
    """``prefix<n>`` one past the highest taken (``mt1``, ``mt3`` -> ``mt4``), so
    a deleted record's id is not given to a new one while a later record
    exists (calendar events are matched by it, see ``export/ics.py``; only the
    highest can come back, as nothing remembers deleted ids)."""
    numbers = [int(t[len(prefix) :]) for t in taken if t.startswith(prefix) and t[len(prefix) :].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1}"


def next_id(prefix: str, taken: Iterable[str]) -> str:
    """The first free ``prefix<n>`` (``r1``, ``r2``...) - the style of the samples."""
    taken = set(taken)
    n = 1
    while f"{prefix}{n}" in taken:
        n += 1
    return f"{prefix}{n}"
