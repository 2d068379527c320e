"""The participant page's files (issue #20), read as text: they ship in the
package, load nothing from other hosts, never turn text into markup, and every
word they look up exists in both catalogs (and no catalog word is unused)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import mlew_tui
from mlew_tui.i18n import LANGUAGES, catalog

PAGE = Path(mlew_tui.__file__).parent / "join_page"
FILES = ("index.html", "app.js", "style.css")
PREFIX = "join_page."
#: ``tr("key")`` and ``tr("key", {...})``: the page's only way to a word.
LOOKUP = re.compile(r"""\btr\(\s*"([a-z0-9_]+)"\s*[,)]""")
#: ``tr(`` with anything but a string literal: a key this test could not see.
DYNAMIC_LOOKUP = re.compile(r"""(?<!function )\btr\(\s*[^"\s]""")


def text(name: str) -> str:
    return (PAGE / name).read_text(encoding="utf-8")


def code(source: str) -> str:
    """``source`` without its ``//`` and ``/* */`` comments (strings kept)."""
    source = re.sub(r"/\*.*?\*/", "", source, flags=re.S)
    return "\n".join(re.sub(r"^\s*//.*$", "", line) for line in source.splitlines())


def page_keys() -> set[str]:
    return {key[len(PREFIX) :] for key in catalog("en") if key.startswith(PREFIX)}


@pytest.mark.parametrize("name", FILES)
def test_the_files_are_in_the_package(name: str) -> None:
    assert (PAGE / name).is_file()
    assert text(name).strip()


@pytest.mark.parametrize("name", FILES)
def test_nothing_comes_from_another_host(name: str) -> None:
    assert re.findall(r"https?://", text(name)) == []
    assert re.findall(r"""(?:src|href)\s*=\s*["']?//""", text(name)) == []
    assert "@import" not in text(name)


def test_the_html_loads_only_its_own_script_and_style() -> None:
    html = text("index.html")
    assert re.findall(r"<script\b[^>]*>", html) == ['<script src="app.js" defer>']
    assert re.findall(r"<script\b[^>]*>(.*?)</script>", html, flags=re.S) == [""]  # no inline script
    assert re.findall(r"<link\b[^>]*>", html) == ['<link rel="stylesheet" href="style.css">']
    assert "<style" not in html
    assert re.findall(r"\sstyle\s*=", html) == []
    assert re.findall(r"\son[a-z]+\s*=", html) == []


def test_the_html_carries_no_words() -> None:
    """Only a neutral sign while loading: the words come from the server in the session's language."""
    html = text("index.html")
    body = re.sub(r"<[^>]+>", " ", html.split("<body>", 1)[1])
    assert body.split() == ["…"]
    assert re.findall(r"<title>([^<]*)</title>", html) == ["mlew"]


FORBIDDEN = {
    "innerHTML": r"\binnerHTML\b",
    "outerHTML": r"\bouterHTML\b",
    "insertAdjacentHTML": r"\binsertAdjacentHTML\b",
    "document.write": r"\bdocument\.write(ln)?\b",
    "eval": r"\beval\s*\(",
    "Function(": r"\bFunction\s*\(",
    "string timers": r"\bset(Timeout|Interval)\(\s*[\"'`]",
    "DOMParser": r"\bDOMParser\b",
    "createContextualFragment": r"\bcreateContextualFragment\b",
    "srcdoc": r"\bsrcdoc\b",
    "inline handlers": r"""setAttribute\(\s*["']on""",
    "style attributes": r"""setAttribute\(\s*["']style|\.style\.|\.style\s*=""",
}


@pytest.mark.parametrize("what", sorted(FORBIDDEN))
def test_the_script_never_makes_markup_from_text(what: str) -> None:
    assert re.findall(FORBIDDEN[what], code(text("app.js"))) == []


def test_the_forbidden_patterns_catch_what_they_name() -> None:
    """The checks above are not vacuous."""
    bad = 'el.innerHTML = x; el.insertAdjacentHTML("a", x); document.write(x); eval(x); new Function(x); el.setAttribute("onclick", x); el.style.color = x'
    assert [what for what, pattern in FORBIDDEN.items() if re.search(pattern, bad)] == [
        "innerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval",
        "Function(",
        "inline handlers",
        "style attributes",
    ]


def test_every_word_the_script_looks_up_is_in_both_catalogs_and_every_word_is_used() -> None:
    source = code(text("app.js"))
    used = set(LOOKUP.findall(source))
    assert len(used) > 50
    assert DYNAMIC_LOOKUP.findall(source) == [], "a lookup whose key is not a literal"
    for lang in LANGUAGES:
        keys = {key[len(PREFIX) :] for key in catalog(lang) if key.startswith(PREFIX)}
        assert sorted(used - keys) == [], f"missing in {lang}"
        assert sorted(keys - used) == [], f"unused in {lang}"


def test_the_catalogs_have_the_same_words() -> None:
    en = {k for k in catalog("en") if k.startswith(PREFIX)}
    ja = {k for k in catalog("ja") if k.startswith(PREFIX)}
    assert en == ja
    assert page_keys()


def test_the_page_catalog_is_one_table() -> None:
    """``[join_page]`` in its own file, so the server can hand the page exactly these words."""
    for lang in LANGUAGES:
        path = Path(mlew_tui.__file__).parent / "i18n" / lang / "join_page.toml"
        tables = re.findall(r"^\[([^\]]+)\]", path.read_text(encoding="utf-8"), flags=re.M)
        assert tables == ["join_page"]
