"""The compiled modules kept in one file (issue #21): served as Python would
import them, and only while nothing they depend on changed.

Each run is a fresh interpreter (the import system is the subject): it
installs :mod:`mlew_tui.kept_modules`, imports a small package written here
(a module, a subpackage, a data file read through ``importlib.resources``)
and some of rich and the standard library, and prints what it got.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from mlew_tui import kept_modules

SRC = str(Path(__file__).resolve().parents[1] / "src")
MODULES = ("kp", "kp.mod", "kp.sub", "kp.sub.leaf", "rich.text", "json.decoder")

PROBE = textwrap.dedent(
    """
    import sys
    install = sys.argv[1] == "install"
    if install:
        from mlew_tui import kept_modules
        kept_modules.install()
    modules = [__import__(name, fromlist=["_"]) for name in sys.argv[2].split(",")]
    import inspect, json
    from importlib.resources import files
    out = {
        "served": sorted(kept_modules._served) if install else [],
        "value": sys.modules["kp.mod"].VALUE if "kp.mod" in sys.modules else None,
        "data": files("kp").joinpath("data.txt").read_text() if "kp" in sys.modules else None,
        "source": inspect.getsource(sys.modules["kp.mod"]) if "kp.mod" in sys.modules else None,
        "attrs": {
            m.__name__: [m.__file__, m.__cached__, getattr(m, "__path__", None), m.__package__, m.__spec__.origin,
                         m.__spec__.submodule_search_locations, m.__spec__.parent, m.__spec__.has_location]
            for m in modules
        },
    }
    print(json.dumps(out))
    """
)


@pytest.fixture
def lib(tmp_path: Path) -> Path:
    """A package on the path: ``kp`` with a module, a subpackage and a data file."""
    root = tmp_path / "lib"
    (root / "kp" / "sub").mkdir(parents=True)
    (root / "kp" / "__init__.py").write_text("NAME = 'kp'\n")
    (root / "kp" / "data.txt").write_text("kept data\n")
    (root / "kp" / "mod.py").write_text("VALUE = 1\n")
    (root / "kp" / "sub" / "__init__.py").write_text("")
    (root / "kp" / "sub" / "leaf.py").write_text("from .. import mod\nLEAF = mod.VALUE\n")
    return root


def run(tmp_path: Path, lib: Path, mode: str = "install", modules: tuple[str, ...] = MODULES, cache: str | None = None, first: Path | None = None) -> dict:
    paths = [str(first)] if first is not None else []
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([*paths, str(lib), SRC]),
        "MLEW_CACHE_DIR": cache if cache is not None else str(tmp_path / "cache"),
        "PYTHONDONTWRITEBYTECODE": "1",  # .pyc files or not, the answers are the same
    }
    where = tmp_path / "cwd"  # on the path (python -c): nothing is written in it
    where.mkdir(exist_ok=True)
    done = subprocess.run([sys.executable, "-c", PROBE, mode, ",".join(modules)], env=env, capture_output=True, text=True, timeout=60, cwd=where)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def kept_file(tmp_path: Path) -> Path:
    return tmp_path / "cache" / f"modules-{sys.implementation.cache_tag}.bin"


def touch_later(path: Path, text: str) -> None:
    """Write ``path`` with a modification time surely after the one kept."""
    before = path.stat().st_mtime_ns if path.exists() else time.time_ns()
    path.write_text(text)
    os.utime(path, ns=(before + 2_000_000_000, before + 2_000_000_000))


def test_a_second_run_serves_what_the_first_kept_as_python_imports_it(tmp_path: Path, lib: Path) -> None:
    first = run(tmp_path, lib)
    assert first["served"] == []  # nothing kept yet
    assert kept_file(tmp_path).is_file() and kept_file(tmp_path).stat().st_mode & 0o777 == 0o600
    written = kept_file(tmp_path).stat().st_mtime_ns
    second = run(tmp_path, lib)
    assert set(MODULES) <= set(second["served"])
    assert kept_file(tmp_path).stat().st_mtime_ns == written  # all served: nothing to write again
    plain = run(tmp_path, lib, mode="plain")
    for key in ("value", "data", "source", "attrs"):
        assert second[key] == plain[key], key
    assert second["attrs"]["kp"][2] == [str(lib / "kp")]  # a package keeps its __path__
    assert second["attrs"]["kp.sub.leaf"][3] == "kp.sub"


def test_a_changed_module_is_imported_as_ever_then_kept_again(tmp_path: Path, lib: Path) -> None:
    run(tmp_path, lib)
    touch_later(lib / "kp" / "mod.py", "VALUE = 22\n")  # another size
    changed = run(tmp_path, lib)
    assert changed["value"] == 22 and "kp.mod" not in changed["served"]
    assert "kp" in changed["served"]  # the rest still served
    again = run(tmp_path, lib)
    assert again["value"] == 22 and "kp.mod" in again["served"]
    touch_later(lib / "kp" / "mod.py", "VALUE = 33\n")  # the same size, a later time
    assert run(tmp_path, lib)["value"] == 33


def test_a_package_folder_beside_a_kept_module_is_found_first(tmp_path: Path, lib: Path) -> None:
    run(tmp_path, lib)
    (lib / "kp" / "mod").mkdir()  # Python finds kp/mod/ before kp/mod.py
    (lib / "kp" / "mod" / "__init__.py").write_text("VALUE = 'the package'\n")
    assert run(tmp_path, lib)["value"] == "the package"


def test_a_module_added_earlier_on_the_path_hides_a_kept_one(tmp_path: Path, lib: Path) -> None:
    earlier = tmp_path / "earlier"
    earlier.mkdir()
    run(tmp_path, lib, first=earlier)
    (earlier / "kp").mkdir()
    (earlier / "kp" / "__init__.py").write_text("")
    (earlier / "kp" / "mod.py").write_text("VALUE = 'earlier'\n")
    (earlier / "kp" / "data.txt").write_text("x")
    (earlier / "kp" / "sub").mkdir()
    (earlier / "kp" / "sub" / "__init__.py").write_text("")
    (earlier / "kp" / "sub" / "leaf.py").write_text("LEAF = 0\n")
    result = run(tmp_path, lib, first=earlier)
    assert result["value"] == "earlier" and result["attrs"]["kp"][0] == str(earlier / "kp" / "__init__.py")


def test_another_search_path_is_served_nothing(tmp_path: Path, lib: Path) -> None:
    run(tmp_path, lib)
    other = tmp_path / "other"
    other.mkdir()
    assert run(tmp_path, lib, first=other)["served"] == []


@pytest.mark.parametrize("damage", [b"", b"garbage", b"\x00" * 64, "truncate"])
def test_a_damaged_file_serves_nothing_and_is_replaced(tmp_path: Path, lib: Path, damage: bytes | str) -> None:
    run(tmp_path, lib)
    target = kept_file(tmp_path)
    whole = target.read_bytes()
    target.write_bytes(whole[: len(whole) // 2] if damage == "truncate" else damage)  # type: ignore[arg-type]
    damaged = run(tmp_path, lib)
    plain = run(tmp_path, lib, mode="plain")
    assert damaged["served"] == [] and damaged["attrs"] == plain["attrs"] and damaged["value"] == 1
    assert set(MODULES) <= set(run(tmp_path, lib)["served"])  # written whole again at exit


def test_a_file_others_may_write_or_a_link_is_not_trusted(tmp_path: Path, lib: Path) -> None:
    run(tmp_path, lib)
    target = kept_file(tmp_path)
    target.chmod(0o666)
    assert run(tmp_path, lib)["served"] == []
    target.chmod(0o600)
    moved = target.with_name("elsewhere.bin")
    target.rename(moved)
    target.symlink_to(moved)
    assert run(tmp_path, lib)["served"] == []


def test_off_keeps_nothing(tmp_path: Path, lib: Path) -> None:
    for _ in range(2):
        assert run(tmp_path, lib, cache="off")["served"] == []
    assert not (tmp_path / "off").exists() and not (tmp_path / "cache").exists()


def test_a_search_path_folder_that_changes_during_the_run_writes_nothing(tmp_path: Path, lib: Path) -> None:
    # The next run sees the change, and writes the file itself.
    code = textwrap.dedent(
        f"""
        import sys
        from mlew_tui import kept_modules
        kept_modules.install()
        import kp.mod
        open({str(lib / "new_module.py")!r}, "w").close()
        """
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(lib), SRC]), "MLEW_CACHE_DIR": str(tmp_path / "cache")}
    (tmp_path / "cwd").mkdir()
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=60, cwd=tmp_path / "cwd")
    assert not kept_file(tmp_path).exists()
    run(tmp_path, lib)
    assert kept_file(tmp_path).exists()


def test_only_modules_python_loads_from_source_are_kept() -> None:
    import json as json_module
    import marshal as builtin_module

    assert kept_modules.keepable(json_module) is not None
    assert kept_modules.keepable(builtin_module) is None  # built in
    assert kept_modules.keepable(os) is None  # frozen in Python 3.11
    from rich import _wrap as extension_or_source

    found = kept_modules.keepable(extension_or_source)
    assert found is not None and found[0].endswith("_wrap.py")


def test_invalidating_the_import_caches_looks_at_folders_again(tmp_path: Path, lib: Path) -> None:
    """A program that writes a module and calls ``importlib.invalidate_caches()``
    gets the new one, as with Python's own finders."""
    run(tmp_path, lib)
    code = textwrap.dedent(
        f"""
        import importlib, os, sys, time
        from mlew_tui import kept_modules
        kept_modules.install()
        import kp
        assert "kp" in kept_modules._served
        folder = {str(lib / "kp")!r}
        os.mkdir(os.path.join(folder, "mod"))
        with open(os.path.join(folder, "mod", "__init__.py"), "w") as f:
            f.write("VALUE = 'written while running'")
        later = time.time_ns() + 2_000_000_000
        os.utime(folder, ns=(later, later))
        importlib.invalidate_caches()
        import kp.mod
        print(kp.mod.VALUE)
        """
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(lib), SRC]), "MLEW_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60, cwd=tmp_path / "cwd")
    assert done.stdout.strip() == "written while running", done.stderr[-2000:]


def test_what_another_run_kept_stays_so_runs_that_import_more_or_less_settle(tmp_path: Path, lib: Path) -> None:
    one, other = ("kp", "kp.mod"), ("kp", "kp.sub")  # kp.sub does not import kp.mod
    run(tmp_path, lib, modules=one)
    run(tmp_path, lib, modules=other)  # kp.sub was not kept: written again, kp.mod kept too
    written = kept_file(tmp_path).stat().st_mtime_ns
    for modules in (one, other, one):
        assert set(modules) <= set(run(tmp_path, lib, modules=modules)["served"])
    assert kept_file(tmp_path).stat().st_mtime_ns == written
