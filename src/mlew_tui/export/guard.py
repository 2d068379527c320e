"""Where an export may be written: the one check every export path uses
(``mlew export``, the app's export commands, the Day 2 register).

An export never destroys anything:

- it never writes onto the session file or a file mlew keeps beside it
  (:func:`mlew_tui.store.is_companion`: backup, lock, drafts, ..., however the
  path is spelled), whatever the options, ``--force`` included
  (:class:`OntoSession`);
- an existing file is replaced only when it is an earlier mlew export of the
  same format, recognised by the marker every export writes
  (:func:`is_earlier_export`), or when it is empty (nothing to lose), or with
  ``--force``; anything else is refused (:class:`NotAnExport`).

The markers: Markdown starts with the HTML comment :data:`MD_MARKER` (hidden
when rendered); CSV is recognised by its header row (the first two cells and
the total column of mlew's header, in either language); XLSX carries
:data:`XLSX_MARKER` in its document properties (keywords); ICS its ``PRODID``.
Only the start of an existing file is read, and only a regular file (a FIFO
named as the output never hangs the command).
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import stat
import zipfile
from pathlib import Path
from typing import Any, ClassVar

from ..atomic import NotAFile

#: The first line of every Markdown export (an HTML comment: invisible when rendered).
MD_MARKER = "<!-- mlew export: md -->"
#: The keywords document property of every workbook mlew writes.
XLSX_MARKER = "mlew export: xlsx"
#: The creator document property of every workbook mlew writes.
XLSX_CREATOR = "mlew"
#: The start of the PRODID of every calendar mlew writes (:data:`.ics.PRODID`).
ICS_PRODID = "-//mlew//"
#: How much of an existing file is read to recognise it.
HEAD_BYTES = 64 * 1024


class ExportRefused(Exception):
    """An export that would replace something it must not; nothing was written.
    ``cli_key`` / ``app_key``: the message, with :meth:`params`."""

    cli_key: ClassVar[str] = ""
    app_key: ClassVar[str] = ""

    def __init__(self, target: Path, fmt: str, session_file: Path) -> None:
        super().__init__(str(target))
        self.target = Path(target)
        self.fmt = fmt
        self.session_file = Path(session_file)

    def params(self, tr: Any) -> dict[str, str]:
        """The message's parameters; ``tr`` names the format in the message's language."""
        return {"path": str(self.target), "session": str(self.session_file), "format": tr(f"export_guard.format.{self.fmt}")}

    def message(self, tr: Any, *, app: bool) -> str:
        return str(tr(self.app_key if app else self.cli_key, **self.params(tr)))


class OntoSession(ExportRefused):
    """An export aimed at the session file or a file mlew keeps beside it:
    refused whatever the options (the workshop would be gone)."""

    cli_key = "export.onto_session"
    app_key = "export_guard.onto_session_app"


class NotAnExport(ExportRefused):
    """An existing file that is not an earlier mlew export of the same format:
    replaced only with ``--force``."""

    cli_key = "export_guard.not_an_export"
    app_key = "export_guard.not_an_export_app"


def check_target(target: str | os.PathLike[str], fmt: str, *, session_file: str | os.PathLike[str], force: bool = False) -> None:
    """Raise :class:`OntoSession` or :class:`NotAnExport` unless ``target``
    may receive an export in ``fmt`` (see the module docstring). A target that
    cannot even be looked at (a missing folder, ...) passes: the write then
    fails with the system's reason."""
    from ..store import is_companion

    target, session_file = Path(target), Path(session_file)
    if is_companion(target, session_file):
        raise OntoSession(target, fmt, session_file)
    try:
        info = os.stat(target)
    except OSError:
        return  # nothing there (or a dangling link): a new file; any other reason, the write reports
    if not stat.S_ISREG(info.st_mode):
        raise NotAFile(target)  # a folder, a FIFO, a device: never replaced, --force or not
    if force:
        return
    if stat.S_ISREG(info.st_mode) and info.st_size == 0:
        return  # an empty file holds nothing to lose (`touch out.csv`, mktemp)
    if not is_earlier_export(target, fmt):
        raise NotAnExport(target, fmt, session_file)


def is_earlier_export(path: str | os.PathLike[str], fmt: str) -> bool:
    """``path`` is a regular file that an earlier mlew export in ``fmt`` wrote."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return False
    with os.fdopen(fd, "rb") as handle:
        try:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return False  # a FIFO, a device: never read, never ours
            if fmt == "xlsx":
                return _xlsx_marked(handle)
            head = handle.read(HEAD_BYTES)
        except OSError:
            return False
    recognise = {"md": _md_marked, "csv": _csv_marked, "ics": _ics_marked}.get(fmt)
    return recognise is not None and recognise(head)


def _text(head: bytes) -> str:
    return head.decode("utf-8", errors="replace").removeprefix("\ufeff")


def _md_marked(head: bytes) -> bool:
    return _text(head).split("\n", 1)[0].rstrip("\r") == MD_MARKER


def csv_headers() -> list[tuple[str, str, str]]:
    """(person, case, total) of mlew's CSV header, in every language."""
    from ..i18n import LANGUAGES, Translator

    return [tuple(Translator(lang)(f"exports.csv.{k}") for k in ("person", "case", "total")) for lang in LANGUAGES]  # type: ignore[misc]


def _csv_marked(head: bytes) -> bool:
    line = _text(head).split("\n", 1)[0].rstrip("\r")
    try:
        cells = next(csv.reader(io.StringIO(line)), [])
    except csv.Error:
        return False
    return any(cells[:2] == [person, case] and total in cells[2:] for person, case, total in csv_headers())


def _ics_marked(head: bytes) -> bool:
    lines = _text(head).splitlines()
    return bool(lines) and lines[0].strip() == "BEGIN:VCALENDAR" and any(line.startswith("PRODID:" + ICS_PRODID) for line in lines[1:])


def _xlsx_marked(handle: Any) -> bool:
    """The workbook's document properties (``docProps/core.xml``) carry :data:`XLSX_MARKER`."""
    with contextlib.suppress(zipfile.BadZipFile, OSError, KeyError, ValueError, RuntimeError, EOFError), zipfile.ZipFile(handle) as book:
        info = book.getinfo("docProps/core.xml")
        if info.file_size > HEAD_BYTES:
            return False
        with book.open(info) as core:
            return XLSX_MARKER.encode() in core.read(HEAD_BYTES)
    return False
