"""Screens and widgets hold no user-facing literals: every word a user reads
comes from the i18n catalogs (so the ja and en UIs stay complete)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import mlew_tui

PACKAGE = Path(mlew_tui.__file__).parent
FILES = sorted(
    [
        *(file for folder in ("screens", "forms", "views", "widgets") for file in PACKAGE.joinpath(folder).glob("*.py")),
        PACKAGE / "app.py",
        PACKAGE / "commands.py",
        PACKAGE / "draft_keeper.py",
    ]
)

#: Rich style words: "bold reverse" is a style, not prose.
STYLE_WORDS = {
    "bold",
    "dim",
    "italic",
    "reverse",
    "underline",
    "strike",
    "blink",
    "not",
    "on",
    "red",
    "green",
    "yellow",
    "blue",
    "magenta",
    "cyan",
    "white",
    "black",
    "bright",
    "default",
}
WORD = re.compile(r"[A-Za-z]{2,}")
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def _docstrings(tree: ast.AST) -> set[int]:
    ids: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ids.add(id(first.value))
    return ids


def _exempt_calls(tree: ast.AST) -> set[int]:
    """Binding(...) descriptions (the key bar names bindings by id through the
    catalog) and exception messages for developers."""
    ids: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if name in {"Binding", "ValueError", "TypeError", "KeyError", "RuntimeError", "AssertionError"}:
                for arg in ast.walk(node):
                    if isinstance(arg, ast.Constant):
                        ids.add(id(arg))
    return ids


def looks_user_facing(text: str) -> bool:
    if CJK.search(text):
        return True
    if text.startswith(("#", ".", "-")) or ", #" in text or "_" in text or "=" in text:
        return False  # selectors, ids, keys, actions
    if "{" in text and ";" in text:
        return False  # CSS
    words = WORD.findall(text)
    prose = [w for w in words if w.lower() not in STYLE_WORDS]
    return len(prose) >= 2 and " " in text.strip()


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_no_user_facing_literals(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _docstrings(tree) | _exempt_calls(tree)
    found = [
        f"{path.name}:{node.lineno}: {node.value!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip and looks_user_facing(node.value)
    ]
    assert not found, "user-facing text belongs in the i18n catalogs:\n" + "\n".join(found)


def test_the_check_catches_prose() -> None:
    assert looks_user_facing("Add review")
    assert looks_user_facing("レビュー")
    assert not looks_user_facing("bold reverse")
    assert not looks_user_facing("#title, #product-name")
    assert not looks_user_facing("timer('toggle')")
