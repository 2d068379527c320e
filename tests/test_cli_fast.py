"""``mlew --version`` and ``--help`` answered without typer (issue #21): the
same bytes typer writes, for every command, in both languages, at every width
click distinguishes; and nothing heavy imported on the way."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mlew_tui import cli_fast
from mlew_tui.cli_fast import COMMANDS, ROLES, answer, run_arguments, short_help

SRC = str(Path(__file__).resolve().parents[1] / "src")
LOCALES = ("C.UTF-8", "ja_JP.UTF-8")
#: click's help width is min(columns, 80) - 2, at least 50: every distinct width, and a wide terminal.
WIDTHS = (40, 52, 53, 57, 61, 64, 66, 70, 74, 77, 80, 200)

#: Runs ``mlew`` under a given program name through typer (``mlew_tui.cli``) or the fast path.
RUNNER = """
import sys
which, prog, *args = sys.argv[1:]
sys.argv = [prog, *args]
if which == "typer":
    from mlew_tui.cli import main
else:
    from mlew_tui.cli_fast import main
main()
"""


def _run(which: str, args: list[str], locale: str, columns: int, prog: str = "mlew") -> tuple[int, str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANG", "COLUMNS") and not k.endswith("_COMPLETE")}
    env.update(LANG=locale, COLUMNS=str(columns), PYTHONPATH=SRC)
    result = subprocess.run([sys.executable, "-c", RUNNER, which, prog, *args], capture_output=True, text=True, env=env, timeout=60)
    return result.returncode, result.stdout, result.stderr


def _help_in_process(args: list[str], locale: str, columns: int, monkeypatch: pytest.MonkeyPatch) -> tuple[int | None, str, str]:
    """The fast path's answer without starting a process."""
    for var in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", locale)
    monkeypatch.setenv("COLUMNS", str(columns))
    monkeypatch.setattr(cli_fast, "program_name", lambda: "mlew")
    out: list[str] = []
    err: list[str] = []
    code = answer(args, lambda text, to_err: (err if to_err else out).append(text))
    return code, "".join(out), "".join(err)


#: typer's help for every command line and width, in one process per language
#: (the app is built in the language of the process's locale).
TYPER_HELP = """
import contextlib, io, json, os, sys
from mlew_tui.cli import app
out = {}
for line in sys.stdin:
    args, columns = json.loads(line)
    os.environ["COLUMNS"] = str(columns)
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        try:
            app(args, prog_name="mlew")
            code = 0
        except SystemExit as exit:
            code = exit.code
    out[line.strip()] = [code, stdout.getvalue(), stderr.getvalue()]
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def typer_help() -> dict[str, dict[str, list[object]]]:
    lines = [json.dumps([args, columns]) for args in (["--help"], [], *([name, "--help"] for name in COMMANDS)) for columns in WIDTHS]
    found = {}
    for locale in LOCALES:
        env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES") and not k.endswith("_COMPLETE")}
        env.update(LANG=locale, PYTHONPATH=SRC)
        result = subprocess.run([sys.executable, "-c", TYPER_HELP], input="\n".join(lines), capture_output=True, text=True, env=env, timeout=120, check=True)
        found[locale] = json.loads(result.stdout)
    return found


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("command", [None, "", *COMMANDS])
def test_help_is_typers_own_at_every_width(
    command: str | None, locale: str, typer_help: dict[str, dict[str, list[object]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``None``: ``mlew --help``; ``""``: ``mlew`` alone (the help on stderr, exit 2)."""
    args = ["--help"] if command is None else [] if command == "" else [command, "--help"]
    for columns in WIDTHS:
        code, stdout, stderr = _help_in_process(args, locale, columns, monkeypatch)
        assert [code, stdout, stderr] == typer_help[locale][json.dumps([args, columns])], f"{args} at {columns} columns"


@pytest.mark.parametrize("locale", LOCALES)
def test_help_through_both_entry_points_is_the_same_bytes(locale: str) -> None:
    """Real processes: stdout, stderr and the exit status, for every shape the fast path answers."""
    for args in (["--version"], ["--help"], [], *([name, "--help"] for name in COMMANDS)):
        for prog in ("mlew", "a-very-long-program-name-that-makes-click-wrap-the-usage-line-by-itself"):
            assert _run("fast", args, locale, 80, prog) == _run("typer", args, locale, 80, prog), (args, prog)


def test_help_under_python_dash_m_names_the_module() -> None:
    env = {**os.environ, "LANG": "C.UTF-8", "COLUMNS": "80", "PYTHONPATH": SRC}
    result = subprocess.run([sys.executable, "-m", "mlew_tui", "--help"], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0
    assert result.stdout.splitlines()[0] == "Usage: python -m mlew_tui [OPTIONS] COMMAND [ARGS]..."


def test_other_command_lines_go_to_typer(monkeypatch: pytest.MonkeyPatch) -> None:
    for args in (["run", "x.toml"], ["run", "--day", "2", "--help"], ["--help", "run"], ["nope", "--help"], ["--version", "--help"], ["-h"]):
        assert answer(args, lambda text, err: None) is None, args
    monkeypatch.setenv("_MLEW_COMPLETE", "bash_complete")  # shell completion: typer answers
    assert answer(["--help"], lambda text, err: None) is None


def test_the_commands_and_their_options_are_the_apps() -> None:
    from typer.main import get_command

    from mlew_tui.cli import app

    group = get_command(app)
    assert list(group.commands) == list(COMMANDS)  # type: ignore[attr-defined]
    for name, spec in COMMANDS.items():
        command = group.commands[name]  # type: ignore[attr-defined]
        declared = [", ".join(sorted(p.opts, key=len)) if p.param_type_name == "option" else "" for p in command.params]
        assert declared == [p.decls for p in spec.params], name


def test_roles_are_the_models() -> None:
    from mlew_tui.domain.session import ROLES as MODEL_ROLES

    assert ROLES == MODEL_ROLES


def test_the_fast_catalog_says_what_the_full_one_says() -> None:
    from mlew_tui.i18n import catalog

    for lang in ("en", "ja"):
        fast = cli_fast.Catalog(lang)
        for part in cli_fast.CATALOG_FILES:
            fast._read(part)
        full = catalog(lang)  # type: ignore[arg-type]
        assert fast.read == {name for names in cli_fast.CATALOG_FILES.values() for name in names}
        assert len(fast.messages) > 300  # the files were found
        assert {key: full[key] for key in fast.messages} == fast.messages


def test_short_help_is_clicks() -> None:
    assert short_help("One. Two.") == "One."
    assert short_help("セッションを検証します。正しければ OK") == "セッションを検証します。正しければ OK"
    assert short_help("a b", limit=2) is None


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("args", [["--version"], ["--help"], *([name, "--help"] for name in COMMANDS)], ids=" ".join)
def test_version_and_help_import_no_models_no_app(args: list[str], locale: str) -> None:
    """Nor the whole catalog (``mlew_tui.i18n``): every key of the help is in the files the fast path reads."""
    env = {**os.environ, "LANG": locale, "PYTHONPATH": SRC}
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "mlew_tui", *args], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0
    imported = {line.split("|")[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")}
    heavy = {
        name
        for name in imported
        # rich and tomllib too: their tables and expressions were a third of --help's time
        if name.split(".")[0] in ("pydantic", "pydantic_core", "textual", "typer", "aiohttp", "openpyxl", "icalendar", "pykakasi", "rich", "tomllib")
    }
    assert heavy == set()
    assert {name for name in imported if name.startswith(("mlew_tui.domain", "mlew_tui.i18n", "mlew_tui.app", "mlew_tui.store", "mlew_tui.cli."))} == set()
    assert "mlew_tui.cli" not in imported


def test_building_the_typer_app_builds_no_models() -> None:
    """Shell completion and usage errors go through the typer app: building it
    imports neither the session models nor the app (mlew adds no completion
    today, ``add_completion=False``; click answers ``_MLEW_COMPLETE`` from this app)."""
    env = {**os.environ, "PYTHONPATH": SRC}
    result = subprocess.run([sys.executable, "-X", "importtime", "-c", "import mlew_tui.cli"], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0
    imported = {line.split("|")[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")}
    assert {name for name in imported if name.split(".")[0] in ("pydantic", "pydantic_core", "textual", "aiohttp", "openpyxl", "icalendar")} == set()
    assert "typer" in imported


def test_run_arguments_take_only_the_plain_shapes() -> None:
    assert run_arguments(["w.toml"]) == ("w.toml", None, None, True)
    assert run_arguments(["--day", "2", "w.toml", "--theme", "dark", "--no-bell"]) == ("w.toml", 2, "dark", False)
    for args in (
        [],
        ["--day", "3", "w.toml"],
        ["--day=2", "w.toml"],
        ["w.toml", "x.toml"],
        ["w.toml", "--join"],
        ["w.toml", "--no-bell", "--no-bell"],
        ["-", "x"],
        ["w.toml", "--theme"],
        ["w.toml", "--help"],
    ):
        assert run_arguments(args) is None, args


@pytest.mark.parametrize("locale", LOCALES)
def test_run_on_a_refused_file_says_what_typer_says(tmp_path: Path, locale: str) -> None:
    """The fast path steps aside for a file the app cannot open: the same message, the same exit status."""
    bad = tmp_path / "bad.toml"
    bad.write_text('language = "ja"\ntitle = 3\n', encoding="utf-8")
    for args in (["run", str(bad)], ["run", str(tmp_path / "missing.toml")], ["run", str(bad), "--theme", "no-such-theme"]):
        fast = _run("fast", args, locale, 80)
        assert fast == _run("typer", args, locale, 80), args
        assert fast[0] == 1 and fast[2], args


def test_a_plain_run_opens_the_app_without_typer(tmp_path: Path) -> None:
    """``mlew run FILE --day 2 --no-bell`` builds the app as the typer command would, and never imports typer."""
    code = (
        "import sys, types\n"
        "import mlew_tui.app as app\n"
        "class Fake:\n"
        "    def __init__(self, path, day=None, *, theme=None, bell=True, join=None):\n"
        "        print(repr(path), day, theme, bell, join)\n"
        "        self.lock = types.SimpleNamespace(release=lambda: print('released'))\n"
        "        self.return_code = 3\n"
        "    def run(self):\n"
        "        print('ran')\n"
        "app.MlewApp = Fake\n"
        "from mlew_tui.cli_fast import run_app\n"
        "print(run_app(['w.toml', '--day', '2', '--no-bell', '--theme', 'dark']))\n"
        "print('typer' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, "PYTHONPATH": SRC}, timeout=60, cwd=tmp_path)
    assert result.stdout.splitlines() == ["PosixPath('w.toml') 2 dark False None", "ran", "released", "3", "False"]


def test_cells_are_counted_as_rich_counts_them_for_every_character_of_the_catalogs() -> None:
    """``mlew --help`` measures its columns without importing rich: the same
    count as rich's for every character a catalog holds (and so for every
    help text), and for text mixing them."""
    from pathlib import Path

    from rich.cells import cell_len as rich_cell_len

    folder = Path(cli_fast.__file__).parent / "i18n"
    chars = {ch for path in folder.rglob("*.toml") for ch in path.read_text(encoding="utf-8") if ch.isprintable()}
    assert {"フ", "、", "…", "→", "·"} & chars  # wide and ambiguous ones among them
    wrong = sorted(ch for ch in chars if cli_fast.cell_len(ch) != rich_cell_len(ch))
    assert wrong == []
    mixed = "ファイル FILE — 参加者を招待 (join) ✓ …"
    assert cli_fast.cell_len(mixed) == rich_cell_len(mixed)
