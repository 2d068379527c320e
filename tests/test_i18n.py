"""The ja and en catalogs: same keys, same placeholders, nothing empty, and
every message key the code uses exists."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

import mlew_tui
from mlew_tui.i18n import LANGUAGES, Translator, catalog, format_message, t

SOURCE = Path(mlew_tui.__file__).parent
PY_FILES = sorted(SOURCE.rglob("*.py"))
KEY_LITERAL = re.compile(r"""["']((?:validation|store|cli)\.[a-z_.]+)["']""")
#: The lists whose unknown ids validation reports as ``validation.unknown.<list>``.
UNKNOWN_LISTS = ("participants", "reviews", "groups", "items", "cases", "milestones")
#: pydantic range errors reported as ``validation.<kind>``.
RANGE_KINDS = ("greater_than", "greater_than_equal", "less_than", "less_than_equal", "multiple_of")


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None and name != ""}


def used_keys() -> dict[str, list[str]]:
    """Message keys written as string literals in the source -> where."""
    found: dict[str, list[str]] = {}
    for path in PY_FILES:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for match in KEY_LITERAL.finditer(line):
                key = match[1].rstrip(".")
                found.setdefault(key, []).append(f"{path.relative_to(SOURCE)}:{number}")
    return found


def ref_kinds() -> set[str]:
    """The list names validation's ``ref(loc, value, "<list>")`` calls use."""
    tree = ast.parse((SOURCE / "domain" / "validation.py").read_text(encoding="utf-8"))
    kinds: set[str] = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "ref"
            and len(node.args) >= 3
            and isinstance(node.args[2], ast.Constant)
        ):
            kinds.add(node.args[2].value)
    return kinds


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalog_loads_and_is_not_empty(lang: str) -> None:
    messages = catalog(lang)
    assert len(messages) > 50
    empty = sorted(k for k, v in messages.items() if not v.strip())
    assert empty == []


def test_same_keys_in_both_languages() -> None:
    ja, en = set(catalog("ja")), set(catalog("en"))
    assert sorted(en - ja) == [], "missing in ja"
    assert sorted(ja - en) == [], "missing in en"


def test_same_placeholders_per_key() -> None:
    ja, en = catalog("ja"), catalog("en")
    differ = {k: (placeholders(en[k]), placeholders(ja[k])) for k in en.keys() & ja.keys() if placeholders(en[k]) != placeholders(ja[k])}
    assert differ == {}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_formats(lang: str) -> None:
    """No stray braces: each message formats with its own placeholders filled."""
    bad = []
    for key, text in catalog(lang).items():
        try:
            format_message(text, **{name: "x" for name in placeholders(text)})
        except (KeyError, IndexError, ValueError) as error:
            bad.append(f"{key}: {error!r}")
    assert bad == []


def test_placeholders_are_named() -> None:
    """``{}`` / ``{0}`` cannot be filled by keyword: every placeholder has a name."""
    for lang in LANGUAGES:
        for key, text in catalog(lang).items():
            for _, name, _, _ in string.Formatter().parse(text):
                assert name is None or (name and not name.isdigit()), (lang, key)


def test_source_uses_keys_at_all() -> None:
    keys = used_keys()
    assert "validation.missing" in keys and "store.not_found" in keys and "cli.check.ok" in keys


def test_every_used_key_exists() -> None:
    expected = dict(used_keys())
    for name in UNKNOWN_LISTS:
        expected.setdefault(f"validation.unknown.{name}", []).append("validation.py (f-string)")
    for kind in RANGE_KINDS:
        expected.setdefault(f"validation.{kind}", []).append("validation.py (f-string)")
    for lang in LANGUAGES:
        missing = {k: v for k, v in expected.items() if k not in catalog(lang)}
        assert missing == {}, lang


def translator_keys() -> dict[str, list[str]]:
    """Every key written literally as the message of a translator call:
    ``tr("k")``, ``self.tr("k")``, ``app.tr("k")``, ``t(lang, "k")``."""
    found: dict[str, list[str]] = {}
    for path in PY_FILES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            position = {"tr": 0, "t": 1}.get(name)
            if position is None or len(node.args) <= position:
                continue
            arg = node.args[position]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                found.setdefault(arg.value, []).append(f"{path.relative_to(SOURCE)}:{node.lineno}")
    return found


def test_every_translated_literal_exists() -> None:
    """A key missing from a catalog shows as the key itself on screen (the
    review form once showed ``polarity.positive``)."""
    keys = translator_keys()
    assert len(keys) > 100
    for lang in LANGUAGES:
        missing = {k: v for k, v in keys.items() if k not in catalog(lang)}
        assert missing == {}, lang


def test_unknown_keys_cover_every_reference_kind() -> None:
    kinds = ref_kinds()
    assert set(UNKNOWN_LISTS) <= kinds | set(UNKNOWN_LISTS)
    for lang in LANGUAGES:
        assert [k for k in sorted(kinds) if f"validation.unknown.{k}" not in catalog(lang)] == []


def test_f_string_keys_are_known() -> None:
    """A new f-string key family must be added to this test's expansions."""
    families = set()
    for path in PY_FILES:
        families |= set(re.findall(r"""f["']((?:validation|store|cli)\.[a-z_.]*)\{""", path.read_text(encoding="utf-8")))
    assert families <= {"validation.", "validation.unknown."}


def test_translator_fills_and_falls_back() -> None:
    en, ja = Translator("en"), Translator("ja")
    assert en("validation.cell_above_points", value=7, item="i1", points=5) == "7 is more than item i1's 5 points"
    assert ja("validation.cell_above_points", value=7, item="i1", points=5) != en("validation.cell_above_points", value=7, item="i1", points=5)
    assert t("en", "no.such.key") == "no.such.key"
    assert t("en", "validation.cell_above_points", value=7) == catalog("en")["validation.cell_above_points"]  # never crashes


def test_japanese_catalog_is_japanese() -> None:
    """A crude check that ja messages were translated, not copied."""
    ja, en = catalog("ja"), catalog("en")
    same = [k for k in ja if ja[k] == en[k] and re.search(r"[a-z]{4,}", en[k]) and not k.endswith(("other", ".ok"))]
    assert len(same) <= len(ja) // 10, same
