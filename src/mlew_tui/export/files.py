"""Writing an export to disk, whatever its format (``mlew export``, the app's commands).

:func:`write_export` renders the session in ``md``, ``csv``, ``xlsx`` or
``ics`` and replaces the target atomically (a complete temporary file in the
same folder, renamed over it), so a half-written calendar never reaches a
scheduler. Before anything is written, :func:`.guard.check_target` decides
whether the target may be replaced (never the session or its companions; an
existing file only when it is an earlier mlew export of the same format, or
with ``force``). Every export carries the marker that check recognises.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..atomic import write_atomic
from ..domain.session import Session
from .guard import MD_MARKER, ExportRefused, NotAnExport, OntoSession, check_target

__all__ = ["FORMATS", "ExportRefused", "NotAnExport", "OntoSession", "render", "write_export"]

FORMATS: tuple[str, ...] = ("md", "csv", "xlsx", "ics")


def render(session: Session, fmt: str, *, day1: Session | None = None) -> bytes:
    """The bytes of ``session`` exported as ``fmt`` (ValueError for an unknown format).
    ``day1``: the Day 1 to compare with in the Markdown (default: the one frozen in the session)."""
    renderers: dict[str, Callable[[Session], bytes]] = {
        "md": lambda s: _markdown(s, day1),
        "csv": _csv,
        "xlsx": _xlsx,
        "ics": _ics,
    }
    if fmt not in renderers:
        raise ValueError(f"unknown export format {fmt!r}")
    return renderers[fmt](session)


def _markdown(session: Session, day1: Session | None) -> bytes:
    from .markdown import to_markdown

    return (MD_MARKER + "\n\n" + to_markdown(session, day1=day1)).encode("utf-8")


def _csv(session: Session) -> bytes:
    from .csv import csv_bytes

    return csv_bytes(session)


def _xlsx(session: Session) -> bytes:
    from .xlsx import xlsx_bytes

    return xlsx_bytes(session)


def _ics(session: Session) -> bytes:
    from .ics import ics_bytes

    return ics_bytes(session)


def write_export(session: Session, fmt: str, target: Path, *, session_file: Path, force: bool = False, day1: Session | None = None) -> Path:
    """Write ``session`` as ``fmt`` to ``target`` atomically; returns ``target``.

    :class:`OntoSession` when ``target`` is ``session_file`` or one of its
    companions, however it is spelled (even with ``force``);
    :class:`NotAnExport` when it is an existing file that is not an earlier
    mlew export of the same format and ``force`` is not given. Nothing is
    written then."""
    target = Path(target)
    check_target(target, fmt, session_file=session_file, force=force)
    data = render(session, fmt, day1=day1)
    write_atomic(target, data)  # the replaced file's mode, or a new file's
    return target
