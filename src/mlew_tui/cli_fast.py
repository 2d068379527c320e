"""``mlew --version`` and ``mlew --help`` without typer, pydantic or the app.

typer (with its vendored click) takes about 40 ms to import and the session
models about 90 ms more; a user who asks for the version or the help waits for
neither. :func:`main` answers these exact command lines here:

- ``mlew --version``;
- ``mlew --help``, ``mlew`` alone (the help on stderr, exit 2, as typer does);
- ``mlew COMMAND --help`` for every command.

``mlew run FILE`` with ``--day``, ``--theme`` or ``--no-bell`` opens the app
here too (:func:`run_app`), as :mod:`mlew_tui.cli` would: typer is not
imported on the way to the first frame. Everything else (and any of these
while shell completion asks, or when the file or the theme is refused) goes to
the typer app in :mod:`mlew_tui.cli`. The help is written line for line as
:mod:`mlew_tui.cli_help` writes it through typer: the same catalog keys, the
same parameters (:data:`COMMANDS` mirrors the options declared in
:mod:`mlew_tui.cli`; ``tests/test_cli_fast.py`` compares both outputs for every
command, both languages and every terminal width). When a line would need
click's own wrapping (a very long program name), the fast path steps aside.
"""

from __future__ import annotations

import gc
import os
import sys

from . import __version__

#: ``typing`` costs ``--version`` a few ms: imported for the type checker only.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from typing import Any

#: The roles a participant may have (``mlew_tui.domain.session.ROLES``, which
#: imports pydantic; a test keeps the two equal).
ROLES: tuple[str, ...] = ("pm", "developer", "data_scientist", "designer", "sales", "support", "executive", "other")

#: The catalog files that hold the help's keys (``i18n/<lang>/<name>.toml``),
#: by the first part of the key; a file is read when a key of its part is
#: first asked for. A key found in none of them is looked up in the whole
#: catalog, so a moved key costs time, never a wrong line.
CATALOG_FILES: dict[str, tuple[str, ...]] = {
    "cli_help": ("cli_help",),
    "cli": ("core", "join_app", "file_safety", "rerun"),
    "report": ("engine",),
    "export": ("export",),
    "exports": ("exports",),
    "export_guard": ("export_guard",),
    "serve": ("serve",),
    "serve_guard": ("serve_guard",),
}


#: The widest first column of a definition list before its text starts on the next line.
_NAME_COLUMN = 30
#: A bracketed note (``[default: md]``, ``［必須］``), a word of Latin letters (with the
#: spaces after it), or one wide character.
_TOKEN = r"\[[^\[\]]*\]\s*|［[^［］]*］\s*|[\x21-\x7e\u00a0-\u02ff]+\s*|\s+|."
#: Marks that never start a line (kinsoku).
_NO_LINE_START = "、。，．）」』］！？：・:;,.)]"


def cell_len(text: str) -> int:
    """Terminal cells of ``text`` as rich counts them, for the characters of
    the help texts: East Asian wide and fullwidth characters two, others one
    (a test checks every character of the catalogs against rich). Importing
    rich for its tables took 10 ms of ``mlew --help``."""
    if text.isascii():
        return len(text)
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap_cells(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` terminal cells: Latin words stay
    whole, Japanese breaks between characters, never before 、。」 and the like
    (click's own wrapping counts characters, so Japanese ran twice too wide)."""
    import re

    lines: list[str] = []
    line = ""
    for token in re.findall(_TOKEN, " ".join(text.split())):
        if line and cell_len(line + token.rstrip()) > width and token[0] not in _NO_LINE_START and not token.isspace():
            lines.append(line.rstrip())
            line = ""
        if line or not token.isspace():
            line += token
    if line.strip():
        lines.append(line.rstrip())
    return lines


def write_dl(formatter: Any, rows: list[tuple[str, str]]) -> None:
    """click's definition list, measured in terminal cells (ファイル is 8 cells wide)."""
    indent = " " * formatter.current_indent
    first = min(max(cell_len(name) for name, _ in rows), _NAME_COLUMN)
    width = max(formatter.width - formatter.current_indent - first - 2, 20)
    for name, text in rows:
        lines = wrap_cells(text, width)
        if cell_len(name) <= first:
            head = lines.pop(0) if lines else ""
            formatter.write(f"{indent}{name}{' ' * (first - cell_len(name))}  {head}".rstrip() + "\n")
        else:
            formatter.write(f"{indent}{name}\n")
        for line in lines:
            formatter.write(f"{indent}{' ' * (first + 2)}{line}\n")


class Param:
    """One parameter as ``--help`` lists it.

    ``decls`` is the option's names as click joins them (``-f, --format``),
    empty for an argument; ``metavar`` the catalog key of its value's name
    (empty for a flag); ``default`` the ``[default: ...]`` typer shows;
    ``bounds`` an ``IntRange``'s ``(min, max)``. (A plain class: importing
    ``dataclasses`` costs ``--version`` about 10 ms.)"""

    __slots__ = ("decls", "help", "metavar", "default", "bounds", "required", "params")

    def __init__(
        self,
        decls: str,
        help: str,
        metavar: str = "",
        *,
        default: str | None = None,
        bounds: tuple[int, int] | None = None,
        required: bool = False,
        params: dict[str, str] | None = None,
    ) -> None:
        self.decls = decls
        self.help = help
        self.metavar = metavar
        self.default = default
        self.bounds = bounds
        self.required = required
        self.params = params or {}


class Command:
    """A command's help key and its parameters, in their declared order."""

    __slots__ = ("help", "params")

    def __init__(self, help: str, params: tuple[Param, ...] = ()) -> None:
        self.help = help
        self.params = params


def _file(help_key: str) -> Param:
    return Param("", help_key, "cli_help.metavar.file", required=True)


_DAY = "cli_help.metavar.day"
_JOIN = (
    Param("--join", "cli.run.join"),
    Param("--host", "cli.run.join_host", "cli_help.metavar.host"),
    Param("--port", "cli.run.join_port", "cli_help.metavar.port", bounds=(0, 65535)),
    Param("--allow-host", "cli.run.join_allow_host", "cli_help.metavar.allow_host"),
)

#: ``mlew``'s commands in the order typer lists them, with their parameters
#: in the order they are declared in :mod:`mlew_tui.cli`.
COMMANDS: dict[str, Command] = {
    "new": Command(
        "cli.new.help",
        (
            _file("cli.new.file"),
            Param("--title", "cli.new.title", "cli_help.metavar.title"),
            Param("--lang", "cli.new.lang", "cli_help.metavar.lang"),
            Param("-p, --participant", "cli.new.participant", "cli_help.metavar.participant", params={"roles": ", ".join(ROLES)}),
            Param("--cases", "cli.new.cases", "cli_help.metavar.cases"),
            Param("--force", "cli.new.force"),
        ),
    ),
    "check": Command("cli.check.help", (_file("cli.check.file"),)),
    "samples": Command("cli.samples.help"),
    "report": Command("report.cli_help", (_file("report.cli_file"), Param("--json", "report.cli_json"))),
    "export": Command(
        "exports.cli.help",
        (
            _file("export.cli.file"),
            Param("-f, --format", "exports.cli.format", "cli_help.metavar.format", default="md"),
            Param("-o, --output", "export.cli.output", "cli_help.metavar.output"),
            Param("--force", "export_guard.cli.force"),
        ),
    ),
    "serve": Command(
        "serve.cli.help",
        (
            _file("serve.cli.file"),
            Param("--host", "serve.cli.host", "cli_help.metavar.host", default="127.0.0.1"),
            Param("--port", "serve.cli.port", "cli_help.metavar.port", default="8000", bounds=(0, 65535)),
            Param("--allow-host", "serve_guard.cli.allow_host", "cli_help.metavar.allow_host"),
        ),
    ),
    "run": Command(
        "cli.run.help",
        (
            _file("cli.run.file"),
            Param("--day", "cli.run.day", _DAY, bounds=(1, 2)),
            Param("--theme", "cli.run.theme", "cli_help.metavar.theme"),
            Param("--no-bell", "cli.run.no_bell"),
            *_JOIN,
        ),
    ),
    "demo": Command(
        "cli.demo.help",
        (
            Param("--lang", "cli.new.lang", "cli_help.metavar.lang", default="ja"),
            Param("--theme", "cli.run.theme", "cli_help.metavar.theme", default="projector"),
            Param("--no-bell", "cli.run.no_bell"),
            Param("--day", "cli.demo.day", _DAY, default="1", bounds=(1, 2)),
            *_JOIN,
        ),
    ),
}


def environment_language() -> str:
    """The CLI's language before a session is known: Japanese for a Japanese locale."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "ja" if value.lower().startswith("ja") else "en"
    return "en"


class Catalog:
    """The messages of one language, read from :data:`CATALOG_FILES` only
    (``tomli`` on a handful of files, not ``importlib.resources`` on all of
    them); anything else from :func:`mlew_tui.i18n.t`."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.messages: dict[str, str] = {}
        self.folder = os.path.join(os.path.dirname(os.path.abspath(__file__)), "i18n", lang)
        self.read: set[str] = set()

    def _read(self, part: str) -> None:
        """Read the files of one part of the keys (once)."""
        # tomli (compiled) when installed: importing the standard library's
        # tomllib compiles its expressions, 13 ms of a 45 ms ``mlew --help``.
        try:
            from tomli import loads
        except ImportError:  # pragma: no cover - a platform without tomli's wheel
            from tomllib import loads

        for name in CATALOG_FILES.get(part, ()):
            if name in self.read:
                continue
            self.read.add(name)
            try:
                with open(os.path.join(self.folder, f"{name}.toml"), "rb") as file:
                    _flatten(loads(file.read().decode("utf-8")), "", self.messages)
            except OSError:
                continue

    def __call__(self, key: str, /, **params: Any) -> str:
        text = self.messages.get(key)
        if text is None:
            self._read(key.partition(".")[0])
            text = self.messages.get(key)
        if text is None or (params and "|" in text):  # elsewhere, or a plural spec: i18n's own rules
            from .i18n import t

            return t(self.lang, key, **params)  # type: ignore[arg-type]
        if params:
            try:
                return text.format(**params)
            except (KeyError, IndexError, ValueError):
                return text
        return text


def _flatten(table: dict[str, Any], prefix: str, out: dict[str, str]) -> None:
    """``[cli.check] ok = "OK"`` -> ``cli.check.ok`` (as :func:`mlew_tui.i18n.catalog`)."""
    for key, value in table.items():
        if isinstance(value, dict):
            _flatten(value, f"{prefix}{key}.", out)
        elif isinstance(value, str):
            out[f"{prefix}{key}"] = value


def program_name() -> str:
    """What click calls the program in the usage line (``_detect_program_name``)."""
    path = sys.argv[0]
    main_module = sys.modules.get("__main__")
    package = getattr(main_module, "__package__", None)
    if package in (None, ""):
        return os.path.basename(path)
    name = os.path.splitext(os.path.basename(path))[0]
    module = package if name == "__main__" else f"{package}.{name}"
    return f"python -m {module.lstrip('.')}"


def help_width() -> int:
    """click's help width: the terminal's columns (``COLUMNS`` first), at most
    80, less 2, at least 50 (``shutil.get_terminal_size`` semantics)."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 80
        columns = columns or 80
    return max(min(columns, 80) - 2, 50)


class Writer:
    """The part of click's ``HelpFormatter`` that :func:`mlew_tui.cli_help.write_dl` uses."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.current_indent = 0
        self.buffer: list[str] = []

    def write(self, text: str) -> None:
        self.buffer.append(text)

    def paragraph(self) -> None:
        if self.buffer:
            self.write("\n")

    def heading(self, name: str) -> None:
        self.paragraph()
        self.write(f"{'':>{self.current_indent}}{name}:\n")

    def value(self) -> str:
        return "".join(self.buffer).rstrip("\n")


def short_help(text: str, limit: int = 10_000) -> str | None:
    """click's ``make_default_short_help``: the first sentence (a word ending
    in "."); ``None`` where click would cut the text with "..."."""
    paragraph_end = text.find("\n\n")
    if paragraph_end != -1:
        text = text[:paragraph_end]
    words = text.split()
    if words and words[0] == "\b":
        words = words[1:]
    total = 0
    for i, word in enumerate(words):
        total += len(word) + (i > 0)
        if total >= limit:
            return None
        if word[-1] == ".":
            return " ".join(words[: i + 1])
    return " ".join(words)


def extra(tr: Callable[..., str], help_text: str, param: Param) -> str:
    """The help of one parameter with typer's ``[default: ...; min to max;
    required]`` tail in the catalog's words (as ``_LocalHelp._extra``)."""
    parts = []
    if param.default is not None:
        parts.append(tr("cli_help.default", value=param.default))
    if param.bounds is not None:
        parts.append(tr("cli_help.range", low=str(param.bounds[0]), high=str(param.bounds[1])))
    if param.required:
        parts.append(tr("cli_help.required"))
    if not parts:
        return help_text
    tail = tr("cli_help.extra", parts=tr("cli_help.extra_sep").join(parts))
    return f"{help_text}  {tail}" if help_text else tail


def render_help(tr: Callable[..., str], prog: str, command: str | None, width: int) -> str | None:
    """The text typer prints for ``prog [command] --help`` (without the final
    newline), or ``None`` when a line would need click's wrapping."""
    out = Writer(width)
    path = prog if command is None else f"{prog} {command}"
    spec = Command("cli.help") if command is None else COMMANDS[command]
    pieces = [tr("cli_help.options_metavar")]
    pieces += [tr(p.metavar) for p in spec.params if not p.decls]  # every argument is required
    if command is None:
        pieces.append(tr("cli_help.command_metavar"))
    prefix = f"{tr('cli_help.usage')}{path} "
    usage = " ".join(pieces)
    if len(prefix) + 20 > width or len(prefix) + len(usage) > width:
        return None
    out.write(f"{prefix}{usage}\n")
    text = tr(spec.help).partition("\f")[0].strip()
    if text:
        out.paragraph()
        indent = out.current_indent + 2
        for line in wrap_cells(text, max(width - indent, 20)):
            out.write(f"{' ' * indent}{line}\n")
    arguments = [(tr(p.metavar), extra(tr, tr(p.help, **p.params), p)) for p in spec.params if not p.decls]
    options = [(f"{p.decls} {tr(p.metavar)}" if p.metavar else p.decls, extra(tr, tr(p.help, **p.params), p)) for p in spec.params if p.decls]
    if command is None:
        options.insert(0, ("--version", tr("cli.version_help")))
    options.append(("--help", tr("cli_help.help_option")))
    for title, rows in ((tr("cli_help.arguments"), arguments), (tr("cli_help.options"), options)):
        if rows:
            out.heading(title)
            out.current_indent += 2
            write_dl(out, rows)
            out.current_indent -= 2
    if command is None:
        commands = []
        for name, each in COMMANDS.items():
            short = short_help(tr(each.help))
            if short is None:
                return None
            commands.append((name, short))
        out.heading(tr("cli_help.commands"))
        out.current_indent += 2
        write_dl(out, commands)
        out.current_indent -= 2
    return out.value()


def _completing() -> bool:
    """Shell completion asks through ``_<PROG>_COMPLETE``: typer answers it."""
    return any(name.startswith("_") and name.endswith("_COMPLETE") for name in os.environ)


def answer(args: Sequence[str], write: Callable[[str, bool], None] | None = None) -> int | None:
    """The exit status after answering ``args`` here, or ``None`` when typer must."""
    if _completing():
        return None
    write = write or _write
    if list(args) == ["--version"]:
        write(f"mlew {__version__}\n", False)
        return 0
    if not args or list(args) == ["--help"]:
        command = None
    elif len(args) == 2 and args[1] == "--help" and args[0] in COMMANDS:
        command = args[0]
    else:
        return None
    text = render_help(Catalog(environment_language()), program_name(), command, help_width())
    if text is None:
        return None
    if not args:  # no_args_is_help: the help on stderr, exit 2
        write(text + "\n", True)
        return 2
    write(text + "\n", False)
    return 0


def run_arguments(args: Sequence[str]) -> tuple[str, int | None, str | None, bool] | None:
    """``FILE [--day 1|2] [--theme NAME] [--no-bell]`` as ``(file, day, theme,
    bell)``, or ``None`` for anything else (typer then parses it, and says
    what is wrong): each option at most once, no ``--opt=value``, no join."""
    file: str | None = None
    day: int | None = None
    theme: str | None = None
    bell = True
    seen: set[str] = set()
    items = iter(args)
    for arg in items:
        if arg in seen:
            return None
        if arg == "--no-bell":
            bell = False
        elif arg in ("--day", "--theme"):
            value = next(items, None)
            if value is None or value.startswith("-"):
                return None
            if arg == "--day":
                if value not in ("1", "2"):
                    return None
                day = int(value)
            else:
                theme = value
        elif arg.startswith("-") or file is not None or not arg:
            return None
        else:
            file = arg
        seen.add(arg)
    return None if file is None else (file, day, theme, bell)


def run_opened(app: Any) -> int:
    """Run an opened :class:`~mlew_tui.app.MlewApp` to its end; its exit status."""
    # Everything imported and read so far lives as long as the app: keep it
    # out of every later garbage collection (the workshop's hour-long typing
    # then never waits for a full sweep of the imported modules).
    gc.freeze()
    try:
        app.run()
    finally:
        app.lock.release()
    return int(app.return_code or 0)


def run_app(args: Sequence[str]) -> int | None:
    """``mlew run FILE ...`` without typer (about 40 ms of the launch): the
    exit status, or ``None`` when typer must answer: other options, a theme
    that does not exist or a file the app cannot open (typer's path then
    reports it, in the file's language, as ever)."""
    parsed = run_arguments(args)
    if parsed is None:
        return None
    file, day, theme, bell = parsed
    from pathlib import Path

    from .themes import known_themes

    if theme is not None and theme not in known_themes():
        return None
    from .app import MlewApp
    from .store import StoreError

    try:
        app = MlewApp(Path(file), day=day, theme=theme, bell=bell, join=None)
    except StoreError:
        return None
    return run_opened(app)


def _write(text: str, err: bool) -> None:
    stream = sys.stderr if err else sys.stdout
    stream.write(text)
    stream.flush()


def main() -> None:
    """The ``mlew`` command: the version, the help and a plain ``mlew run FILE``
    here, the rest in :mod:`mlew_tui.cli`."""
    args = sys.argv[1:]
    code = answer(args)
    if code is None and not _completing():
        # The compiled code of the modules the command imports, kept in one
        # file: about 17 ms of the launch (see kept_modules); first, so that
        # everything imported after it is served.
        from .kept_modules import install as serve_kept_modules

        serve_kept_modules()
        # What the command's dataclasses (about 135 for the app, mlew's,
        # Textual's and pydantic's) write for themselves, compiled once and
        # kept: about 55 ms of the launch (see generated_code).
        from .generated_code import install

        install()
    if code is None and args[:1] in (["run"], ["demo"]) and not _completing():
        # The app's imports and first screen make objects that all live on: a
        # full collection among them only delays the first frame (about 45 ms
        # of the stress session's launch). The app resumes the collector
        # soon after its first frame (``MlewApp.on_load``).
        gc.disable()
    if code is None and args[:1] == ["run"] and not _completing():
        try:
            code = run_app(args[1:])
        except KeyboardInterrupt:  # pragma: no cover - interactive
            sys.exit(130)
    if code is not None:
        sys.exit(code)
    from .cli import main as full

    full()
