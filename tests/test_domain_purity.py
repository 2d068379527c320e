"""domain/ is pure Python + pydantic: it never imports textual (or rich), so
every rule is testable without a terminal."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import mlew_tui.domain

DOMAIN = Path(mlew_tui.domain.__file__).parent
MODULES = sorted(DOMAIN.glob("*.py"))
FORBIDDEN = ("textual", "rich")


def module_name(path: Path) -> str:
    return "mlew_tui.domain" if path.stem == "__init__" else f"mlew_tui.domain.{path.stem}"


def imported_names(tree: ast.AST) -> list[str]:
    """Every module an ``import`` names (absolute names; relative imports stay in the package)."""
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", "")) in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names.append(node.args[0].value)
    return names


def test_domain_has_modules() -> None:
    assert {"session", "validation"} <= {p.stem for p in MODULES}


@pytest.mark.parametrize("path", MODULES, ids=[p.name for p in MODULES])
def test_no_ui_imports_in_source(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    bad = [name for name in imported_names(tree) if name.split(".")[0] in FORBIDDEN]
    assert bad == [], f"{path.name} imports {bad}"
    # nothing outside the domain package either (store, cli, app ... may import textual)
    outside = [name for name in imported_names(tree) if name.startswith("mlew_tui.") and not name.startswith("mlew_tui.domain")]
    assert outside == [], f"{path.name} imports {outside}"


def test_relative_imports_stay_inside_domain() -> None:
    for path in MODULES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level > 1:
                pytest.fail(f"{path.name} imports from outside domain/: {'.' * node.level}{node.module or ''}")


def test_importing_every_domain_module_loads_no_ui() -> None:
    names = [module_name(p) for p in MODULES]
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""


@pytest.mark.parametrize("path", MODULES, ids=[p.name for p in MODULES])
def test_each_module_alone_loads_no_textual(path: Path) -> None:
    code = f"import sys, {module_name(path)}\nprint('textual' in sys.modules)\n"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"
