"""The code dataclasses and namedtuples write is compiled once and kept
(issue #21, ``mlew_tui.generated_code``): a class made through the kept table
is the class the builtins make, a second run compiles nothing, and a table
file that is damaged, from another Python, or not the user's own is never
used."""

# No ``from __future__ import annotations`` here: the tests check that the
# generated code does not inherit one (generated_code.py itself has it).

import dataclasses
import inspect
import marshal
import os
import subprocess
import sys
import textwrap
import typing
from collections.abc import Iterator
from pathlib import Path

import pytest

from mlew_tui import generated_code

CLASSES = """
import dataclasses
import typing

@dataclasses.dataclass(frozen=True)
class Card:
    id: str
    lines: int = 1
    tags: tuple = ()
    extra: tuple = dataclasses.field(default_factory=lambda: ('made',))

@dataclasses.dataclass(order=True)
class Point:
    x: int
    y: int = 0

class Pair(typing.NamedTuple):
    left: str
    right: int = 2
"""


def _make(source: str = CLASSES) -> dict[str, typing.Any]:
    """The classes of ``source``, compiled with no future flags of this file."""
    namespace: dict[str, typing.Any] = {"__name__": "made"}
    exec(compile(source, "made.py", "exec", dont_inherit=True), namespace)
    return namespace


def _describe(ns: dict[str, typing.Any]) -> list[object]:
    """What a user of the classes can observe."""
    card, point, pair = ns["Card"], ns["Point"], ns["Pair"]
    a = card("r1", 3)
    out: list[object] = [
        repr(a),
        a == card("r1", 3),
        a == card("r2", 3),
        hash(a) == hash(card("r1", 3)),
        str(inspect.signature(card)),
        card.__init__.__annotations__,
        card("x").extra,
        repr(sorted([point(2, 1), point(1, 5), point(1, 2)])),
        repr(pair("a")),
        pair("a", 3) == ("a", 3),
        pair.__new__.__defaults__,
    ]
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.lines = 4
    return out


@pytest.fixture
def table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The hook installed with an empty table kept in ``tmp_path``; removed after."""
    monkeypatch.setenv("MLEW_CACHE_DIR", str(tmp_path / "kept"))
    monkeypatch.setattr(generated_code, "_codes", {})
    monkeypatch.setattr(generated_code, "_used", set())
    monkeypatch.setattr(generated_code, "_compiled", 0)
    monkeypatch.setattr(generated_code, "_installed", False)
    monkeypatch.setattr("atexit.register", lambda *_: None)  # this process saves when the test says so
    generated_code.install()
    try:
        path = generated_code.path()
        assert path is not None
        yield path
    finally:
        generated_code.uninstall()
    assert "exec" not in vars(dataclasses) and "eval" not in vars(__import__("collections")) and "compile" not in vars(typing)


def test_a_class_made_through_the_table_is_the_class_the_builtins_make(table: Path) -> None:
    through = _describe(_make())
    generated_code.uninstall()
    plain = _describe(_make())
    assert through == plain
    # the generated __init__ has real annotations, not strings (no inherited future flag)
    assert through[5] == {"id": str, "lines": int, "tags": tuple, "extra": tuple, "return": None}


def test_texts_are_compiled_once_then_taken_from_the_table(table: Path) -> None:
    _make()
    compiled = generated_code._compiled
    assert compiled >= 8  # Card: init, repr, eq, hash, setattr, delattr; Point: init, repr, eq, 4 order; Pair: __new__
    assert any(key.startswith("eval:lambda _cls, left, right") for key in generated_code._codes)
    _make()
    assert generated_code._compiled == compiled


def test_annotations_written_as_strings_compile_through_the_table(table: Path) -> None:
    class Options(typing.TypedDict, total=False):
        strict: "bool | None"
        mode: "typing.Literal['a', 'b']"

    assert "eval:bool | None" in generated_code._codes
    hints = typing.get_type_hints(Options)
    assert hints == {"strict": bool | None, "mode": typing.Literal["a", "b"]}
    # any other use of typing's compile is the builtin's, untouched
    assert typing.compile("x = 1", "made.py", "exec").co_filename == "made.py"  # type: ignore[attr-defined]
    assert "exec:x = 1" not in generated_code._codes


def test_save_keeps_the_table_privately_and_load_takes_it_back(table: Path) -> None:
    _make()
    generated_code.save()
    assert table.is_file()
    assert table.stat().st_mode & 0o777 == 0o600
    assert table.parent.stat().st_mode & 0o777 == 0o700
    loaded = generated_code.load()
    assert loaded.keys() == generated_code._codes.keys()
    assert all(loaded[k].co_code == generated_code._codes[k].co_code for k in loaded)


def test_nothing_is_written_when_nothing_was_compiled(table: Path) -> None:
    generated_code.save()
    assert not table.exists()


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda p: p.write_bytes(b"\x00\x01" + p.read_bytes()[2:]), id="another-python's-magic"),
        pytest.param(lambda p: p.write_bytes(p.read_bytes()[:-40]), id="cut-short"),
        pytest.param(lambda p: p.write_bytes(generated_code._magic() + marshal.dumps({"exec:x": "not code"})), id="other-shape"),
        pytest.param(lambda p: os.chmod(p, 0o620), id="others-may-write-it"),
        pytest.param(lambda p: os.chmod(p.parent, 0o770), id="others-may-write-the-folder"),
    ],
)
def test_a_table_file_not_to_trust_is_an_empty_table_and_is_replaced(table: Path, spoil: typing.Callable[[Path], object]) -> None:
    _make()
    generated_code.save()
    spoil(table)
    assert generated_code.load() == {}
    if table.parent.stat().st_mode & 0o077:
        return  # a folder others may write is never written into either
    generated_code.save()  # this run compiled texts the file does not hold: it is written whole again
    assert generated_code.load().keys() == generated_code._codes.keys()


def test_a_link_is_never_followed(table: Path, tmp_path: Path) -> None:
    _make()
    generated_code.save()
    real = tmp_path / "elsewhere.marshal"
    table.rename(real)
    table.symlink_to(real)
    assert generated_code.load() == {}


def test_off_keeps_nothing(table: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLEW_CACHE_DIR", "off")
    _make()
    assert generated_code.path() is None
    generated_code.save()
    assert generated_code.load() == {}
    assert not table.parent.exists()


def test_a_second_run_compiles_nothing_the_first_compiled(tmp_path: Path) -> None:
    """Two fresh interpreters, as two launches: the second takes every
    generated text from the file the first left, and its classes behave the same."""
    script = textwrap.dedent(
        f"""
        from mlew_tui import generated_code
        generated_code.install()
        exec(compile({CLASSES!r}, "made.py", "exec", dont_inherit=True), ns := {{"__name__": "made"}})
        card, point, pair = ns["Card"], ns["Point"], ns["Pair"]
        print(generated_code._compiled, repr(card("r1", 3)), sorted([point(2), point(1, 4)]), pair("a"))
        """
    )
    env = {**os.environ, "MLEW_CACHE_DIR": str(tmp_path / "kept")}
    runs = [subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True).stdout.split(" ", 1) for _ in range(2)]
    assert int(runs[0][0]) >= 8
    assert int(runs[1][0]) == 0
    assert runs[0][1] == runs[1][1] == "Card(id='r1', lines=3, tags=(), extra=('made',)) [Point(x=1, y=4), Point(x=2, y=0)] Pair(left='a', right=2)\n"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["run", "x.toml"], "installed True kept-modules"),
        (["demo"], "installed True kept-modules"),
        (["report", "x.toml", "--json"], "installed True kept-modules"),
        (["--version"], "plain False none"),
        (["--help"], "plain False none"),
        (["run", "--help"], "plain False none"),
    ],
)
def test_commands_install_it_first_and_the_version_and_help_do_not(args: list[str], expected: str, tmp_path: Path) -> None:
    """And the kept modules (:mod:`mlew_tui.kept_modules`), first of all."""
    probe = textwrap.dedent(
        """
        import atexit, sys
        from mlew_tui import cli_fast
        cli_fast.run_app = lambda args: 0  # the app itself is not started
        import mlew_tui.cli
        mlew_tui.cli.main = lambda: sys.exit(0)  # nor typer's commands
        def report():
            import dataclasses
            kept = "kept-modules" if any(type(f).__name__ == "_Finder" for f in sys.meta_path) else "none"
            print("installed" if "exec" in vars(dataclasses) else "plain", "mlew_tui.generated_code" in sys.modules, kept)
        atexit.register(report)
        sys.argv = ["mlew", *sys.argv[1:]]
        cli_fast.main()
        """
    )
    env = {**os.environ, "MLEW_CACHE_DIR": str(tmp_path / "kept")}
    out = subprocess.run([sys.executable, "-c", probe, *args], env=env, capture_output=True, text=True)
    assert out.stdout.strip().splitlines()[-1] == expected, out.stderr
