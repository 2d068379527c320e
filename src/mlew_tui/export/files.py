"""Writing an export to disk, whatever its format (``mlew export``, the app's commands).

:func:`write_export` renders the session in ``md``, ``csv``, ``xlsx`` or
``ics`` and replaces the target atomically (a complete temporary file in the
same folder, renamed over it), so a half-written calendar never reaches a
scheduler.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..atomic import write_atomic
from ..domain.session import Session

FORMATS: tuple[str, ...] = ("md", "csv", "xlsx", "ics")


def render(session: Session, fmt: str) -> bytes:
    """The bytes of ``session`` exported as ``fmt`` (ValueError for an unknown format)."""
    renderers: dict[str, Callable[[Session], bytes]] = {
        "md": _markdown,
        "csv": _csv,
        "xlsx": _xlsx,
        "ics": _ics,
    }
    if fmt not in renderers:
        raise ValueError(f"unknown export format {fmt!r}")
    return renderers[fmt](session)


def _markdown(session: Session) -> bytes:
    from .markdown import to_markdown

    return to_markdown(session).encode("utf-8")


def _csv(session: Session) -> bytes:
    from .csv import csv_bytes

    return csv_bytes(session)


def _xlsx(session: Session) -> bytes:
    from .xlsx import xlsx_bytes

    return xlsx_bytes(session)


def _ics(session: Session) -> bytes:
    from .ics import ics_bytes

    return ics_bytes(session)


class OntoSession(Exception):
    """An export aimed at the session file or a file mlew keeps beside it:
    refused whatever the options (the workshop would be gone)."""

    def __init__(self, target: Path) -> None:
        super().__init__(str(target))
        self.target = target


def write_export(session: Session, fmt: str, target: Path, *, session_file: Path) -> Path:
    """Write ``session`` as ``fmt`` to ``target`` atomically; returns ``target``.
    :class:`OntoSession` when ``target`` is ``session_file`` or one of its
    companions (:func:`mlew_tui.store.is_companion`), however it is spelled."""
    from ..store import is_companion

    target = Path(target)
    if is_companion(target, session_file):
        raise OntoSession(target)
    data = render(session, fmt)
    write_atomic(target, data)  # the replaced file's mode, or a new file's: an export is shared like any file
    return target
