"""The ``mlew`` command through typer's CliRunner (and once as a real process)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from mlew_tui import __version__
from mlew_tui.cli import app
from mlew_tui.samples import list_samples
from mlew_tui.store import backup_path, load

runner = CliRunner()


def mlew(*args: str, env: dict[str, str] | None = None) -> Result:
    result = runner.invoke(app, list(args), env=env)
    assert "Traceback" not in result.output
    # a user error is an exit code, never an exception escaping the command
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


@pytest.fixture
def cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


# -- new -----------------------------------------------------------------------------


def test_new_creates_a_valid_session(cwd: Path) -> None:
    result = mlew("new", "s.toml", "--lang", "ja", "--participant", "佐藤:pm", "--participant", "Ben:developer")
    assert result.exit_code == 0, result.output
    assert "s.toml" in result.output
    session = load(cwd / "s.toml")
    assert [(p.id, p.name, p.role) for p in session.participants] == [("sato", "佐藤", "pm"), ("ben", "Ben", "developer")]
    assert session.language == "ja" and session.title
    check = mlew("check", "s.toml")
    assert check.exit_code == 0 and check.output.strip() == "OK"
    assert not backup_path(cwd / "s.toml").exists()


def test_new_with_title_and_short_options(cwd: Path) -> None:
    result = mlew("new", "s.toml", "--title", "Talk <b>[b]Line[/b]", "--lang", "en", "-p", "Ben Ito:sales", "-p", "Ana")
    assert result.exit_code == 0, result.output
    session = load(cwd / "s.toml")
    assert session.title == "Talk <b>[b]Line[/b]"
    assert [(p.id, p.role) for p in session.participants] == [("ben-ito", "sales"), ("ana", "other")]


def test_new_same_names_get_distinct_ids(cwd: Path) -> None:
    assert mlew("new", "s.toml", "--lang", "en", "-p", "佐藤:pm", "-p", "佐藤:sales", "-p", "Role: Name:support").exit_code == 0
    session = load(cwd / "s.toml")
    assert [p.id for p in session.participants] == ["sato", "sato-2", "role-name"]
    assert session.participants[2].name == "Role: Name" and session.participants[2].role == "support"


def test_new_role_is_case_insensitive(cwd: Path) -> None:
    assert mlew("new", "s.toml", "--lang", "en", "-p", "Ben:Developer").exit_code == 0
    assert load(cwd / "s.toml").participants[0].role == "developer"


def test_second_new_refused_and_file_unchanged(cwd: Path) -> None:
    assert mlew("new", "s.toml", "--lang", "en", "-p", "Ben:pm").exit_code == 0
    before = (cwd / "s.toml").read_bytes()
    result = mlew("new", "s.toml", "--lang", "ja", "-p", "Ana:pm")
    assert result.exit_code == 1
    assert "--force" in result.output
    assert (cwd / "s.toml").read_bytes() == before


def test_new_force_overwrites_and_keeps_a_backup(cwd: Path) -> None:
    assert mlew("new", "s.toml", "--lang", "en", "-p", "Ben:pm").exit_code == 0
    before = (cwd / "s.toml").read_bytes()
    result = mlew("new", "s.toml", "--lang", "ja", "-p", "Ana:designer", "--force")
    assert result.exit_code == 0, result.output
    session = load(cwd / "s.toml")
    assert session.language == "ja" and [p.id for p in session.participants] == ["ana"]
    assert backup_path(cwd / "s.toml").read_bytes() == before


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("--lang", "fr"), "'fr'"),
        (("--lang", "en", "-p", "Ben:boss"), "'boss'"),
        (("--lang", "en", "-p", ":pm"), "':pm'"),
        (("--lang", "en", "-p", "  :developer"), "developer"),
    ],
)
def test_new_bad_input_exits_1_and_creates_nothing(cwd: Path, args: tuple[str, ...], needle: str) -> None:
    result = mlew("new", "s.toml", *args)
    assert result.exit_code == 1
    assert needle in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert list(cwd.iterdir()) == []


def test_new_language_follows_the_locale(cwd: Path) -> None:
    result = mlew("new", "s.toml", env={"LANG": "ja_JP.UTF-8"})
    assert result.exit_code == 0
    assert load(cwd / "s.toml").language == "ja"
    assert mlew("new", "e.toml", env={"LANG": "C.UTF-8"}).exit_code == 0
    assert load(cwd / "e.toml").language == "en"


def test_new_bad_lang_message_in_locale_language(cwd: Path) -> None:
    result = mlew("new", "s.toml", "--lang", "xx", env={"LANG": "ja_JP.UTF-8"})
    assert result.exit_code == 1 and "「xx」は言語ではありません" in result.output


CASES = """\
[[cases]]
id = "c1"
name = "Netflix のおすすめ"
company = "Netflix"
valued_for = "選ぶ時間が減る"
presenter = "Ben"

[[cases]]
id = "c2"
name = "Spotify"
presenter = "sato"

[[cases]]
id = "c3"
name = "Duolingo"
presenter = "佐藤"

[[cases]]
id = "c4"
name = "No presenter yet"
"""


def test_new_imports_cases(cwd: Path) -> None:
    (cwd / "cases.toml").write_text(CASES, encoding="utf-8")
    result = mlew("new", "s.toml", "--lang", "ja", "-p", "佐藤:pm", "-p", "Ben:data_scientist", "--cases", "cases.toml")
    assert result.exit_code == 0, result.output
    session = load(cwd / "s.toml")
    assert [(c.id, c.presenter) for c in session.cases] == [("c1", "ben"), ("c2", "sato"), ("c3", "sato"), ("c4", "")]
    assert session.cases[0].valued_for == "選ぶ時間が減る"
    assert mlew("check", "s.toml").exit_code == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[[cases]]\nid = "c1"\nname = "X"\npresenter = "Nobody"\n', ["cases[0].presenter: no participant has the id 'Nobody'"]),
        ('[[cases]]\nid = "c1"\nname = "X"\n\n[[cases]]\nid = "c1"\nname = "Y"\n', ["cases[1].id: id 'c1' is used twice"]),
        ('[[cases]]\nid = "c1"\nnam = "X"\n', ["cases[0].name: required key is missing", "cases[0].nam: unknown key (a typo?)"]),
        ('[[cases]]\nid = "c 1"\nname = "X"\n', ["cases[0].id: 'c 1' is not a valid id (letters, digits, - and _; at most 40)"]),
        ('[case]\nid = "c1"\n', ["cases: required key is missing"]),
        ('cases = "c1"\n', ["cases: required key is missing"]),
    ],
)
def test_new_with_broken_cases_exits_1_clearly(cwd: Path, text: str, expected: list[str]) -> None:
    (cwd / "cases.toml").write_text(text, encoding="utf-8")
    result = mlew("new", "s.toml", "--lang", "en", "-p", "Ben:pm", "--cases", "cases.toml")
    assert result.exit_code == 1
    assert [line for line in result.output.splitlines() if line.startswith("cases")] == expected
    assert not (cwd / "s.toml").exists()


def test_new_with_cases_syntax_error_names_file_line_and_column(cwd: Path) -> None:
    (cwd / "cases.toml").write_text('[[cases]]\nid = "c1\n', encoding="utf-8")
    result = mlew("new", "s.toml", "--lang", "en", "--cases", "cases.toml")
    assert result.exit_code == 1
    assert result.output.startswith("cases.toml: line 2, column 9: ")
    assert not (cwd / "s.toml").exists()


def test_new_with_missing_cases_file(cwd: Path) -> None:
    result = mlew("new", "s.toml", "--lang", "en", "--cases", "nope.toml")
    assert result.exit_code == 1
    assert "nope.toml" in result.output
    assert not (cwd / "s.toml").exists()


def test_new_with_non_utf8_cases_file(cwd: Path) -> None:
    (cwd / "cases.toml").write_bytes('[[cases]]\nid = "c1"\nname = "佐藤"\n'.encode("shift_jis"))
    result = mlew("new", "s.toml", "--lang", "en", "--cases", "cases.toml")
    assert result.exit_code == 1 and "UTF-8" in result.output


def test_new_refuses_existing_file_before_reading_cases(cwd: Path) -> None:
    (cwd / "s.toml").write_text("not a session", encoding="utf-8")
    result = mlew("new", "s.toml", "--lang", "en", "--cases", "nope.toml")
    assert result.exit_code == 1 and "--force" in result.output
    assert (cwd / "s.toml").read_text(encoding="utf-8") == "not a session"


def test_new_in_missing_folder_exits_1(cwd: Path) -> None:
    result = mlew("new", "missing/s.toml", "--lang", "en")
    assert result.exit_code == 1
    assert "missing" in result.output


# -- check ---------------------------------------------------------------------------

BROKEN = """\
format = "mlew-session"
schema_version = 1
title = "T"
language = "en"
colour = "blue"

[[participants]]
id = "sato"
name = "Sato"
role = "boss"

[[reviews]]
id = "r1"
author = "nobody"
text = "x"
polarity = "negative"
"""


def test_check_broken_file_one_line_per_problem(cwd: Path) -> None:
    (cwd / "b.toml").write_text(BROKEN, encoding="utf-8")
    before = (cwd / "b.toml").read_bytes()
    result = mlew("check", "b.toml")
    assert result.exit_code == 1
    header, *lines = result.output.splitlines()
    assert header == "b.toml has 3 problems:"
    assert sorted(lines) == [
        "colour: unknown key (a typo?)",
        "participants[0].role: 'boss' is not one of 'pm', 'developer', 'data_scientist', 'designer', 'sales', 'support', 'executive' or 'other'",
        "reviews[0].author: no participant has the id 'nobody'",
    ]
    assert (cwd / "b.toml").read_bytes() == before


def test_check_problems_go_to_stderr(cwd: Path) -> None:
    (cwd / "b.toml").write_text(BROKEN, encoding="utf-8")
    result = mlew("check", "b.toml")
    assert result.stdout == ""
    assert "colour: unknown key" in result.stderr


def test_check_mentions_the_backup(cwd: Path) -> None:
    (cwd / "b.toml").write_text(BROKEN, encoding="utf-8")
    (cwd / "b.toml.bak").write_text("old", encoding="utf-8")
    result = mlew("check", "b.toml")
    assert result.exit_code == 1
    assert "b.toml.bak" in result.output.splitlines()[-1]


def test_check_speaks_the_file_language(cwd: Path) -> None:
    (cwd / "j.toml").write_text(BROKEN.replace('language = "en"', 'language = "ja"'), encoding="utf-8")
    lines = mlew("check", "j.toml").output.splitlines()
    assert len(lines) == 4
    by_path = dict(line.split(": ", 1) for line in lines[1:])
    assert sorted(by_path) == ["colour", "participants[0].role", "reviews[0].author"]
    assert by_path["colour"] != "unknown key (a typo?)"


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (None, "no such file"),
        (b'format = "mlew-session"\ntitle = "x\n', "line 2, column 11"),
        (b"\x80\x81", "UTF-8"),
        (b'format = "x"\nschema_version = 1\n', "not an mlew session file"),
        (b'format = "mlew-session"\nschema_version = 9\ntitle = "T"\nlanguage = "en"\n', "newer"),
    ],
)
def test_check_unreadable_files_exit_1(cwd: Path, content: bytes | None, needle: str) -> None:
    if content is not None:
        (cwd / "x.toml").write_bytes(content)
    result = mlew("check", "x.toml")
    assert result.exit_code == 1
    assert needle in result.output
    if content is not None:
        assert (cwd / "x.toml").read_bytes() == content


def test_check_on_a_folder(cwd: Path) -> None:
    (cwd / "d").mkdir()
    result = mlew("check", "d")
    assert result.exit_code == 1 and "folder" in result.output


def test_check_samples_are_ok(samples_dir: Path) -> None:
    files = sorted(samples_dir.glob("*.toml"))
    if not files:
        pytest.skip("no samples yet")
    for file in files:
        before = file.read_bytes()
        result = mlew("check", str(file))
        assert (result.exit_code, result.output.strip()) == (0, "OK"), (file.name, result.output)
        assert file.read_bytes() == before


# -- the rest ------------------------------------------------------------------------


def test_version() -> None:
    result = mlew("--version")
    assert result.exit_code == 0
    assert result.output.strip() == f"mlew {__version__}"


def test_samples_lists_the_bundled_samples(samples_dir: Path) -> None:
    files = sorted(samples_dir.glob("*.toml"))
    if not files:
        pytest.skip("no samples yet")
    result = mlew("samples")
    assert result.exit_code == 0
    for sample in list_samples():
        assert sample.name in result.output
    assert {s.name for s in list_samples()} == {f.stem for f in files}


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["bogus"],
        ["check"],
        ["check", "a.toml", "b.toml"],
        ["new"],
        ["new", "s.toml", "--bogus"],
        ["new", "s.toml", "--lang"],
        ["--nope"],
    ],
)
def test_usage_errors_exit_2(cwd: Path, args: list[str]) -> None:
    result = mlew(*args)
    assert result.exit_code == 2, result.output
    assert list(cwd.iterdir()) == []


def test_help_exits_0() -> None:
    result = mlew("--help")
    assert result.exit_code == 0
    for command in ("new", "check", "samples"):
        assert command in result.output
    assert mlew("new", "--help").exit_code == 0


def run_module(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8"}
    env.pop("LC_ALL", None)
    return subprocess.run([sys.executable, "-m", "mlew_tui", *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=60)


def test_python_m_version(tmp_path: Path) -> None:
    out = run_module("--version", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == f"mlew {__version__}"


def test_python_m_exit_codes(tmp_path: Path) -> None:
    (tmp_path / "b.toml").write_text(BROKEN, encoding="utf-8")
    broken = run_module("check", "b.toml", cwd=tmp_path)
    assert broken.returncode == 1
    assert "Traceback" not in broken.stderr + broken.stdout
    assert "reviews[0].author: no participant has the id 'nobody'" in broken.stderr.splitlines()
    usage = run_module("bogus", cwd=tmp_path)
    assert usage.returncode == 2 and "Traceback" not in usage.stderr
    new = run_module("new", "s.toml", "--lang", "ja", "-p", "佐藤:pm", cwd=tmp_path)
    assert new.returncode == 0, new.stderr
    assert run_module("check", "s.toml", cwd=tmp_path).stdout.strip() == "OK"
