"""Unsent form text that survives a crash: ``FILE.drafts.toml``.

A review half typed when the laptop dies is the room's work too. While a
form is open, what its text fields hold (when it differs from what the form
opened with) is kept in a sidecar next to the session file, within a second,
with the form, what it edits, its author and the step. The sidecar is
removed when no form holds unsent text; a form that is sent or cancelled
takes its draft with it. On the next open the app offers the drafts back:
the same form, opened again, starts from the kept text.

The sidecar is not part of the session format: ``mlew check`` never reads it,
and a sidecar that does not parse is set aside as ``FILE.drafts.toml.bad``
rather than trusted or lost.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from .atomic import write_atomic


@dataclass(frozen=True)
class Draft:
    """The unsent text of one open form."""

    #: The form's kind (its class name) and what it edits ("" for a new one).
    form: str
    target: str
    #: Whoever's turn it was, and the step the room was on.
    author: str = ""
    step: str = ""
    #: Text field id -> the text typed in it.
    fields: Mapping[str, str] = field(default_factory=dict)
    saved_at: datetime | None = None

    @property
    def key(self) -> tuple[str, str]:
        return (self.form, self.target)

    def preview(self, width: int = 40) -> str:
        """The first words typed, for the room to recognise the draft."""
        text = " ".join(v.strip() for v in self.fields.values() if v.strip())
        return text if len(text) <= width else text[: width - 1] + "…"


def drafts_path(path: str | os.PathLike[str]) -> Path:
    """``FILE.drafts.toml`` next to the session file."""
    path = Path(path)
    return path.with_name(path.name + ".drafts.toml")


def load(path: str | os.PathLike[str]) -> list[Draft]:
    """The drafts kept for the session at ``path`` (none when there is no sidecar)."""
    from .store import StoreError, read_bytes  # read_bytes: never hangs on a FIFO, never reads a huge file

    sidecar = drafts_path(path)
    try:
        kept = read_bytes(sidecar)
    except StoreError as error:
        if error.problems[0].key == "store.not_found":
            return []
        with contextlib.suppress(OSError):
            os.replace(sidecar, sidecar.with_name(sidecar.name + ".bad"))
        return []
    from . import _toml  # only when there is a sidecar: the parser is not needed at every launch

    try:
        data = _toml.loads(kept.decode("utf-8"))
    except (UnicodeDecodeError, _toml.TOMLDecodeError, RecursionError):
        with contextlib.suppress(OSError):
            os.replace(sidecar, sidecar.with_name(sidecar.name + ".bad"))
        return []
    drafts = []
    for raw in data.get("drafts", []):
        if not isinstance(raw, dict):
            continue
        fields = {str(k): str(v) for k, v in (raw.get("fields") or {}).items() if isinstance(v, str)}
        saved = raw.get("saved_at")
        drafts.append(
            Draft(
                form=str(raw.get("form", "")),
                target=str(raw.get("target", "")),
                author=str(raw.get("author", "")),
                step=str(raw.get("step", "")),
                fields=fields,
                saved_at=saved if isinstance(saved, datetime) else None,
            )
        )
    return [d for d in drafts if d.form and any(v.strip() for v in d.fields.values())]


def dumps(drafts: Iterable[Draft]) -> str:
    tables: list[dict[str, Any]] = []
    for draft in drafts:
        table: dict[str, Any] = {"form": draft.form, "target": draft.target, "author": draft.author, "step": draft.step}
        if draft.saved_at is not None:
            table["saved_at"] = draft.saved_at
        table["fields"] = dict(draft.fields)
        tables.append(table)
    import tomli_w  # only when there is a draft to keep

    return tomli_w.dumps({"drafts": tables})


def save(path: str | os.PathLike[str], drafts: Iterable[Draft]) -> None:
    """Keep ``drafts`` for the session at ``path`` (atomically); none removes the sidecar."""
    sidecar = drafts_path(path)
    kept = list(drafts)
    if not kept:
        with contextlib.suppress(FileNotFoundError):
            sidecar.unlink()
        return
    write_atomic(sidecar, dumps(kept).encode("utf-8"), mode=0o600)  # unsent text: the user's only
