"""The ``mlew`` command: parse, load, hand over.

Exit codes (DESIGN.md): 0 ok, 1 a user-facing error with a clear message,
2 usage. No traceback reaches a user for a user error: every command turns
:class:`~mlew_tui.store.StoreError` and friends into messages in
:func:`fail`.
"""

from __future__ import annotations

import os
import re
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from . import __version__
from .cli_fast import ROLES, run_opened
from .cli_help import help_classes
from .domain.visible import visible
from .i18n import LANGUAGES, Language, Translator

if TYPE_CHECKING:
    from .domain.session import Session
    from .domain.validation import Problem

# The session models (pydantic) and the store are imported by the commands
# that use them: building the typer app (for shell completion, say) never
# builds them (issue #21). ``mlew --version`` and ``--help`` do not even get
# here (:mod:`mlew_tui.cli_fast`).


def environment_language() -> Language:
    """The CLI's language before a session is known: Japanese for a Japanese locale."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "ja" if value.lower().startswith("ja") else "en"
    return "en"


tr = Translator(environment_language())
HelpGroup, HelpCommand = help_classes(tr)  # typer's own help lines in tr's language

app = typer.Typer(
    name="mlew",
    help=tr("cli.help"),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    cls=HelpGroup,
)


def echo(text: str, *, err: bool = False) -> None:
    """Print a line; user text in it (a path, a name) with its control and
    bidi characters made visible (:mod:`mlew_tui.domain.visible`)."""
    typer.echo(visible(text), err=err)


def _version(value: bool) -> None:
    if value:
        echo(f"mlew {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help=tr("cli.version_help"))] = False,
) -> None:
    """ML Enablement Workshop."""


def fail(problems: list[Problem], *, path: Path | None = None, lang: Language | None = None) -> NoReturn:
    """Print ``problems`` (one line each) to stderr and exit 1."""
    from .store import backup_path

    say = Translator(lang or environment_language())
    if path is not None and len(problems) > 1:
        echo(say("cli.problems_in", path=str(path), n=len(problems)), err=True)
    for problem in problems:
        echo(problem.render(say), err=True)
    if path is not None and backup_path(path).exists():
        echo(say("cli.backup_hint", path=str(backup_path(path))), err=True)
    raise typer.Exit(1)


#: ``language = "ja"`` at the top level of a session file (before any table).
_LANGUAGE_LINE = re.compile(r'^language\s*=\s*["\']([a-z]{2})["\']\s*(?:#.*)?$', re.M)


def _session_language(path: Path) -> Language | None:
    """The language a file asks for, if it can be read at all (for its
    messages). Read from its top-level ``language`` line, not by parsing: a
    file refused for its syntax or its nesting still speaks its language."""
    from .store import StoreError, read_bytes

    try:
        text = read_bytes(path).decode("utf-8-sig")
    except (StoreError, UnicodeDecodeError):
        return None
    head = re.split(r"^\s*\[", text, maxsplit=1, flags=re.M)[0]  # the top-level keys come before any table
    found = _LANGUAGE_LINE.search(head)
    lang = found.group(1) if found else None
    return lang if lang in LANGUAGES else None


def open_session(path: Path) -> Session:
    """Load ``path`` or exit 1 with every problem, in the file's language."""
    from .store import StoreError, load

    try:
        return load(path)
    except StoreError as error:
        fail(error.problems, path=path, lang=_session_language(path))


@app.command(cls=HelpCommand, help=tr("cli.new.help"))
def new(
    file: Annotated[Path, typer.Argument(metavar=tr("cli_help.metavar.file"), help=tr("cli.new.file"))],
    title: Annotated[str | None, typer.Option("--title", metavar=tr("cli_help.metavar.title"), help=tr("cli.new.title"))] = None,
    lang: Annotated[str | None, typer.Option("--lang", metavar=tr("cli_help.metavar.lang"), help=tr("cli.new.lang"))] = None,
    participant: Annotated[
        list[str] | None,
        typer.Option("--participant", "-p", metavar=tr("cli_help.metavar.participant"), help=tr("cli.new.participant", roles=", ".join(ROLES))),
    ] = None,
    cases: Annotated[Path | None, typer.Option("--cases", metavar=tr("cli_help.metavar.cases"), help=tr("cli.new.cases"))] = None,
    force: Annotated[bool, typer.Option("--force", help=tr("cli.new.force"))] = False,
) -> None:
    from .domain.prepare import PrepareError, prepare_session
    from .domain.validation import Problem
    from .store import StoreError, parse_bytes, read_bytes, save
    from .system_zone import system_zone_name

    language = lang or environment_language()
    if language not in LANGUAGES:
        fail([Problem("", "cli.new.bad_lang", {"value": language})])
    say = Translator(language)
    if file.exists() and not file.is_file():  # a folder, a FIFO, a device: never replaced, even with --force
        fail([Problem("", "cli.new.not_a_file", {"path": str(file)})], lang=language)
    if file.exists() and not force:
        fail([Problem("", "cli.new.exists", {"path": str(file)})], lang=language)
    cases_data = None
    if cases is not None:
        try:
            cases_data = parse_bytes(cases, read_bytes(cases))
        except StoreError as error:
            fail([Problem("" if "path" in p.params else str(cases), p.key, p.params) for p in error.problems], lang=language)
    try:
        session = prepare_session(title or say("cli.new.default_title"), language, participant or [], cases_data, system_zone_name())
    except PrepareError as error:
        fail(error.problems, lang=language)
    try:
        save(session, file, keep_backup=force)
    except StoreError as error:
        fail(error.problems, lang=language)
    except OSError as error:
        fail([Problem("", "store.unwritable", {"path": str(file), "detail": error.strerror or str(error)})], lang=language)
    echo(say("cli.new.created", path=str(file), n=len(session.participants), cases=len(session.cases)))
    echo(say("cli.new.next", path=str(file)))


@app.command(cls=HelpCommand, help=tr("cli.check.help"))
def check(file: Annotated[Path, typer.Argument(metavar=tr("cli_help.metavar.file"), help=tr("cli.check.file"))]) -> None:
    session = open_session(file)
    echo(Translator(session.language)("cli.check.ok"))


@app.command(cls=HelpCommand, help=tr("cli.samples.help"))
def samples() -> None:
    from .samples import list_samples

    echo(tr("cli.samples.header"))
    for sample in list_samples():
        label = tr("cli.samples.day2" if sample.day == 2 else "cli.samples.day1")
        about = tr("cli_help.sample", title=sample.title, description=sample.description)
        echo(f"  {sample.name:<28} {sample.language}  {label}  {about}")


@app.command(cls=HelpCommand, help=tr("report.cli_help"))
def report(
    file: Annotated[Path, typer.Argument(metavar=tr("cli_help.metavar.file"), help=tr("report.cli_file"))],
    as_json: Annotated[bool, typer.Option("--json", help=tr("report.cli_json"))] = False,
) -> None:
    session = open_session(file)
    if as_json:
        import json

        from .domain.visible import json_safe
        from .report import report_data

        print(json_safe(json.dumps(report_data(session), ensure_ascii=False, indent=2)))
        return
    from rich.console import Console

    from .domain.visible import visible_styled
    from .report import render

    console = Console(highlight=False)
    with console.capture() as captured:  # the terminal's colours, user text's C1 and bidi controls made visible
        render(session, console)
    sys.stdout.write(visible_styled(captured.get()))


class ExportFormat(StrEnum):
    """``mlew export --format``: Markdown, the evaluation sheet (CSV), the workbook, the calendar."""

    md = "md"
    csv = "csv"
    xlsx = "xlsx"
    ics = "ics"


@app.command(cls=HelpCommand, help=tr("exports.cli.help"))
def export(
    file: Annotated[Path, typer.Argument(metavar=tr("cli_help.metavar.file"), help=tr("export.cli.file"))],
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", metavar=tr("cli_help.metavar.format"), help=tr("exports.cli.format"))] = ExportFormat.md,
    output: Annotated[Path | None, typer.Option("--output", "-o", metavar=tr("cli_help.metavar.output"), help=tr("export.cli.output"))] = None,
    force: Annotated[bool, typer.Option("--force", help=tr("export_guard.cli.force"))] = False,
) -> None:
    from .atomic import NotAFile
    from .domain.validation import Problem
    from .export import export_path
    from .export.files import ExportRefused, write_export

    session = open_session(file)
    say = Translator(session.language)
    target = output or export_path(file, fmt.value)
    try:
        write_export(session, fmt.value, target, session_file=file, force=force)
    except ExportRefused as refused:
        fail([Problem("", refused.cli_key, refused.params(say))], lang=session.language)
    except NotAFile:  # a folder, a FIFO, a device: never replaced
        fail([Problem("", "export.not_a_file", {"path": str(target)})], lang=session.language)
    except OSError as error:
        fail([Problem("", "export.cli.unwritable", {"path": str(target), "detail": error.strerror or str(error)})], lang=session.language)
    echo(say("export.cli.written", path=str(target)))


@app.command(cls=HelpCommand, help=tr("serve.cli.help"))
def serve(
    file: Annotated[Path, typer.Argument(metavar=tr("cli_help.metavar.file"), help=tr("serve.cli.file"))],
    host: Annotated[str, typer.Option("--host", metavar=tr("cli_help.metavar.host"), help=tr("serve.cli.host"))] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, metavar=tr("cli_help.metavar.port"), help=tr("serve.cli.port"))] = 8000,
    allow_host: Annotated[
        list[str] | None, typer.Option("--allow-host", metavar=tr("cli_help.metavar.allow_host"), help=tr("serve_guard.cli.allow_host"))
    ] = None,
) -> None:
    session = open_session(file)  # every problem, cleanly, before anything listens
    from .domain.validation import Problem
    from .serve import ServeError
    from .serve import serve as serve_workshop
    from .serve_guard import allowed_name

    allowed = allow_host or []
    bad = [Problem("", "serve_guard.bad_allow_host", {"value": visible(value)}) for value in allowed if allowed_name(value) is None]
    if bad:
        fail(bad, lang=session.language)
    try:
        serve_workshop(file, session, host=host, port=port, echo=echo, warn=lambda text: echo(text, err=True), allow_hosts=allowed)
    except ServeError as error:
        fail([Problem("", "serve.cannot_listen", {"host": error.host, "port": error.port, "detail": error.detail})], lang=session.language)


#: ``--join``, ``--host ADDR``, ``--port N`` (issue #20): a host or port implies joining.
JoinFlags = tuple[bool, str | None, int | None, list[str] | None]


def _join_options(flags: JoinFlags) -> Any:
    join, host, port, allow = flags
    if not (join or host is not None or port is not None or allow):
        return None
    from .app_join import JoinOptions
    from .domain.validation import Problem
    from .serve_guard import allowed_name

    bad = [Problem("", "serve_guard.bad_allow_host", {"value": visible(value)}) for value in allow or [] if allowed_name(value) is None]
    if bad:
        fail(bad)
    return JoinOptions(host=host, port=port, allow_hosts=tuple(allow or ()))


def _run_app(file: Path, day: int | None, theme: str | None, bell: bool, join: JoinFlags = (False, None, None, None)) -> None:
    from .domain.validation import Problem
    from .store import StoreError
    from .themes import known_themes

    if theme is not None and theme not in known_themes():
        open_session(file)  # the file's problems first, as ever
        fail([Problem("", "cli.run.bad_theme", {"value": theme, "themes": ", ".join(known_themes())})])
    from .app import MlewApp

    # The app reads and checks the file once (issue #21: it was read and
    # validated twice): its problems, cleanly, before the screen switches.
    try:
        app = MlewApp(file, day=day, theme=theme, bell=bell, join=_join_options(join))
    except StoreError as error:
        fail(error.problems, path=file, lang=_session_language(file))
    code = run_opened(app)
    if code:  # an unexpected error stopped the app: it said why; the exit status says so too
        raise typer.Exit(code)


@app.command(cls=HelpCommand, help=tr("cli.run.help"))
def run(
    file: Annotated[Path, typer.Argument(metavar=tr("cli_help.metavar.file"), help=tr("cli.run.file"))],
    day: Annotated[int | None, typer.Option("--day", min=1, max=2, metavar=tr("cli_help.metavar.day"), help=tr("cli.run.day"))] = None,
    theme: Annotated[str | None, typer.Option("--theme", metavar=tr("cli_help.metavar.theme"), help=tr("cli.run.theme"))] = None,
    no_bell: Annotated[bool, typer.Option("--no-bell", help=tr("cli.run.no_bell"))] = False,
    join: Annotated[bool, typer.Option("--join", help=tr("cli.run.join"))] = False,
    host: Annotated[str | None, typer.Option("--host", metavar=tr("cli_help.metavar.host"), help=tr("cli.run.join_host"))] = None,
    port: Annotated[int | None, typer.Option("--port", min=0, max=65535, metavar=tr("cli_help.metavar.port"), help=tr("cli.run.join_port"))] = None,
    allow_host: Annotated[list[str] | None, typer.Option("--allow-host", metavar=tr("cli_help.metavar.allow_host"), help=tr("cli.run.join_allow_host"))] = None,
) -> None:
    _run_app(file, day, theme, not no_bell, (join, host, port, allow_host))


@app.command(cls=HelpCommand, help=tr("cli.demo.help"))
def demo(
    lang: Annotated[str, typer.Option("--lang", metavar=tr("cli_help.metavar.lang"), help=tr("cli.new.lang"))] = "ja",
    theme: Annotated[str, typer.Option("--theme", metavar=tr("cli_help.metavar.theme"), help=tr("cli.run.theme"))] = "projector",
    no_bell: Annotated[bool, typer.Option("--no-bell", help=tr("cli.run.no_bell"))] = False,
    day: Annotated[int, typer.Option("--day", min=1, max=2, metavar=tr("cli_help.metavar.day"), help=tr("cli.demo.day"))] = 1,
    join: Annotated[bool, typer.Option("--join", help=tr("cli.run.join"))] = False,
    host: Annotated[str | None, typer.Option("--host", metavar=tr("cli_help.metavar.host"), help=tr("cli.run.join_host"))] = None,
    port: Annotated[int | None, typer.Option("--port", min=0, max=65535, metavar=tr("cli_help.metavar.port"), help=tr("cli.run.join_port"))] = None,
    allow_host: Annotated[list[str] | None, typer.Option("--allow-host", metavar=tr("cli_help.metavar.allow_host"), help=tr("cli.run.join_allow_host"))] = None,
) -> None:
    from .domain.validation import Problem
    from .samples import demo_copy, sample_for_language

    if lang not in LANGUAGES:
        fail([Problem("", "cli.new.bad_lang", {"value": lang})])
    _join_options((join, host, port, allow_host))  # a bad --allow-host before a copy is made
    sample = sample_for_language(lang, day)
    if sample is None:
        fail([Problem("", "cli.demo.no_sample", {"lang": lang})])
    try:
        target = demo_copy(sample, Path.cwd())
    except OSError as error:
        fail([Problem("", "store.unwritable", {"path": str(Path.cwd()), "detail": error.strerror or str(error)})])
    echo(Translator(lang)("cli.demo.copied", path=str(target)))
    _run_app(target, None, theme, not no_bell, (join, host, port, allow_host))


def main() -> None:
    """Typer, with usage errors as exit 2 (the console script and ``python -m
    mlew_tui`` start at :func:`mlew_tui.cli_fast.main`, which answers
    ``--version`` and ``--help`` before importing this module)."""
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover - interactive
        sys.exit(130)


if __name__ == "__main__":  # pragma: no cover
    main()
