"""Exports of a session (``mlew export``, the app's export commands).

:func:`export_path` is where an export goes by default (next to the session
file, same stem); :func:`write_markdown` writes the Markdown document of
:mod:`.markdown` there (atomically: a temporary file renamed over the target).
"""

from __future__ import annotations

from pathlib import Path

from ..domain.session import Session
from .markdown import to_markdown

#: Every format of ``mlew export --format``.
FORMATS: tuple[str, ...] = ("md", "csv", "xlsx", "ics")

__all__ = ["FORMATS", "export_path", "to_markdown", "write_markdown"]


def export_path(session_file: Path, fmt: str) -> Path:
    """The default output: ``workshop.toml`` -> ``workshop.md``."""
    return Path(session_file).with_suffix(f".{fmt}")


def write_markdown(session: Session, target: Path, *, session_file: Path, day1: Session | None = None, force: bool = False) -> Path:
    """Write the session's Markdown document to ``target`` (UTF-8, ``\\n``); returns it.
    ``day1``: the Day 1 snapshot, for the section "What changed since Day 1".
    The same export, and the same checks, as :func:`.files.write_export`."""
    from .files import write_export

    return write_export(session, "md", target, session_file=session_file, force=force, day1=day1)
