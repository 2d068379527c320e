"""``mlew --help`` in the user's language.

typer (0.29, its vendored click) writes its own lines in English: "Usage:",
"Options", "Arguments", "Commands", "Show this message and exit.", "[default:
...]", "[required]", and it shows an argument as ``{file} <path>`` and an option's
type as ``<list[str]>`` or ``<int range>``. The command and group classes here
write those lines from the catalogs (``cli_help.*``); each parameter in
:mod:`mlew_tui.cli` names its value with a ``metavar`` (FILE / ファイル).
"""

from __future__ import annotations

import re
from typing import Any

import typer.core
from typer import _click
from typer._click.exceptions import NoArgsIsHelpError, UsageError

from .cli_fast import wrap_cells, write_dl
from .i18n import Translator

__all__ = ["LocalUsageError", "help_classes", "wrap_cells", "write_dl"]

#: typer's description of a number range: ``0<=x<=65535``.
_RANGE = re.compile(r"^(-?[\d.]+)<=x<=(-?[\d.]+)$")


#: click's usage error messages -> the catalog key that says them (ja); groups become params.
_USAGE_ERRORS = (
    (re.compile(r"^Missing argument (?P<name>.+)\.$"), "cli_help.error.missing_argument"),
    (re.compile(r"^Missing option (?P<name>.+)\.$"), "cli_help.error.missing_option"),
    (re.compile(r"^No such option: (?P<name>\S+)"), "cli_help.error.no_such_option"),
    (re.compile(r"^No such command (?P<name>'.*?')\."), "cli_help.error.no_such_command"),
    (re.compile(r"^Got unexpected extra arguments? ?(?:\(s\))? \((?P<name>.*)\)$"), "cli_help.error.extra_arguments"),
    (re.compile(r"^Invalid value for (?P<name>.+?): (?P<detail>.*)$", re.DOTALL), "cli_help.error.invalid_value"),
    (re.compile(r"^Missing command\.$"), "cli_help.error.missing_command"),
)


class LocalUsageError(UsageError):
    """A usage error (exit 2) told in the catalog's words: the usage line, how
    to get help, and click's message where the catalog knows it."""

    def __init__(self, error: UsageError, tr: Translator) -> None:
        super().__init__(error.format_message(), error.ctx)
        self.exit_code = error.exit_code
        self.tr = tr

    def localised_message(self) -> str:
        if self.tr.lang == "en":
            return self.message
        for pattern, key in _USAGE_ERRORS:
            match = pattern.match(self.message)
            if match is not None:  # names go in the catalog's quotes: 引数「ファイル」
                params = match.groupdict()
                if "name" in params:
                    params["name"] = params["name"].replace("'", "")
                return self.tr(key, **params)
        return self.message

    def show(self, file: Any = None) -> None:
        lines = []
        if self.ctx is not None:
            lines.append(self.ctx.get_usage())
            if self.ctx.command.get_help_option(self.ctx) is not None:
                lines.append(self.tr("cli_help.try_help", command=f"{self.ctx.command_path} {self.ctx.help_option_names[0]}"))
            lines.append("")
        lines.append(self.tr("cli_help.error.line", message=self.localised_message()))
        _click.echo("\n".join(lines), file=file, err=file is None)


class _LocalHelp:
    """The help of a command or a group, every line of it from the catalogs;
    usage errors too (:class:`LocalUsageError`)."""

    tr: Translator = Translator()

    def make_context(self, *args: Any, **kwargs: Any) -> _click.Context:
        try:
            return super().make_context(*args, **kwargs)  # type: ignore[misc, no-any-return]
        except (LocalUsageError, NoArgsIsHelpError):
            raise
        except UsageError as error:
            raise LocalUsageError(error, self.tr) from error

    def invoke(self, ctx: _click.Context) -> Any:
        try:
            return super().invoke(ctx)  # type: ignore[misc]
        except (LocalUsageError, NoArgsIsHelpError):
            raise
        except UsageError as error:
            raise LocalUsageError(error, self.tr) from error

    def collect_usage_pieces(self, ctx: _click.Context) -> list[str]:
        pieces = [self.tr("cli_help.options_metavar")]
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            if param.param_type_name == "argument":
                name = param.metavar or (param.name or "").upper()
                pieces.append(name if param.required else f"[{name}]")
        if isinstance(self, typer.core.TyperGroup):
            pieces.append(self.tr("cli_help.command_metavar"))
        return pieces

    def format_usage(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), prefix=self.tr("cli_help.usage"))

    def get_help_option(self, ctx: _click.Context) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = self.tr("cli_help.help_option")
        return option

    def _extra(self, help_text: str) -> str:
        """typer's ``[default: md; required]`` tail, in the catalog's words."""
        match = re.search(r"\s*\[([^\[\]]*)\]$", help_text)
        if match is None:
            return help_text
        parts = []
        for part in match[1].split("; "):
            if part == "required":
                parts.append(self.tr("cli_help.required"))
            elif part.startswith("default: "):
                parts.append(self.tr("cli_help.default", value=part.removeprefix("default: ")))
            elif (bounds := _RANGE.match(part)) is not None:
                parts.append(self.tr("cli_help.range", low=bounds[1], high=bounds[2]))
            else:
                parts.append(part)
        tail = self.tr("cli_help.extra", parts=self.tr("cli_help.extra_sep").join(parts))
        return f"{help_text[: match.start()]}  {tail}" if match.start() else tail

    def _records(self, ctx: _click.Context) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        arguments, options = [], []
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            record = param.get_help_record(ctx)
            if record is None:
                continue
            name, help_text = record
            if param.param_type_name == "argument":  # the metavar alone, without typer's <path>
                arguments.append((param.metavar or (param.name or "").upper(), self._extra(help_text)))
            else:
                options.append((name, self._extra(help_text)))
        return arguments, options

    def format_options(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        arguments, options = self._records(ctx)
        if arguments:
            with formatter.section(self.tr("cli_help.arguments")):
                write_dl(formatter, arguments)
        if options:
            with formatter.section(self.tr("cli_help.options")):
                write_dl(formatter, options)
        if isinstance(self, typer.core.TyperGroup):
            self._format_commands(ctx, formatter)

    def _format_commands(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):  # type: ignore[attr-defined]
            command = self.get_command(ctx, name)  # type: ignore[attr-defined]
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=10_000)))
        if rows:
            with formatter.section(self.tr("cli_help.commands")):
                write_dl(formatter, rows)

    def format_help_text(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        text = (self.help or "").partition("\f")[0].strip()  # type: ignore[attr-defined]
        if text:
            formatter.write_paragraph()
            indent = formatter.current_indent + 2
            for line in wrap_cells(text, max(formatter.width - indent, 20)):
                formatter.write(f"{' ' * indent}{line}\n")


def help_classes(tr: Translator) -> tuple[type[typer.core.TyperGroup], type[typer.core.TyperCommand]]:
    """The group and command classes of ``mlew``, speaking ``tr``'s language."""

    class LocalGroup(_LocalHelp, typer.core.TyperGroup):
        pass

    class LocalCommand(_LocalHelp, typer.core.TyperCommand):
        pass

    LocalGroup.tr = tr
    LocalCommand.tr = tr
    return LocalGroup, LocalCommand
