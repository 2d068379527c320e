"""Exports of a session (``mlew export``, the app's export commands).

:func:`export_path` is where an export goes by default (next to the session
file, same stem); :func:`write_markdown` writes the Markdown document of
:mod:`.markdown` there (atomically: a temporary file renamed over the target).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..domain.session import Session
from .markdown import to_markdown

#: Every format of ``mlew export --format``.
FORMATS: tuple[str, ...] = ("md", "csv", "xlsx", "ics")

__all__ = ["FORMATS", "export_path", "to_markdown", "write_markdown"]


def export_path(session_file: Path, fmt: str) -> Path:
    """The default output: ``workshop.toml`` -> ``workshop.md``."""
    return Path(session_file).with_suffix(f".{fmt}")


def write_markdown(session: Session, target: Path) -> Path:
    """Write the session's Markdown document to ``target`` (UTF-8, ``\\n``); returns it."""
    target = Path(target)
    text = to_markdown(session)
    folder = target.parent if str(target.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
