"""The machine's IANA time zone, for a new session's ``time_zone``.

Asked in order, the first IANA name wins:

1. the ``TZ`` environment variable (``Asia/Tokyo``, ``:Asia/Tokyo``, or a
   path into a zoneinfo folder). When set, it is the zone programs use, so it
   alone decides: a POSIX rule such as ``JST-9`` names no zone (``None``);
2. ``/etc/timezone`` (Debian and Ubuntu write the name there);
3. the ``/etc/localtime`` symlink into a zoneinfo folder
   (``/usr/share/zoneinfo/Europe/Berlin``, ``/var/db/timezone/zoneinfo/...`` on macOS).

``None`` when none of them names a zone: the session then has no
``time_zone`` and keeps its meetings' UTC offsets.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping
from pathlib import Path

from .domain.zones import is_zone

ETC_TIMEZONE = Path("/etc/timezone")
ETC_LOCALTIME = Path("/etc/localtime")


def _from_path(text: str) -> str | None:
    """``.../zoneinfo/Asia/Tokyo`` -> ``Asia/Tokyo`` (also under ``posix/`` or ``right/``)."""
    marker = "zoneinfo/"
    if marker not in text:
        return None
    name = text.rsplit(marker, 1)[1]
    for prefix in ("posix/", "right/"):
        name = name.removeprefix(prefix)
    return name


def _candidate(text: str) -> str | None:
    text = text.strip().removeprefix(":")
    if not text:
        return None
    if text.startswith("/"):
        return _from_path(text)
    return text


def system_zone_name(
    environ: Mapping[str, str] | None = None,
    timezone_file: Path = ETC_TIMEZONE,
    localtime: Path = ETC_LOCALTIME,
) -> str | None:
    """The machine's IANA zone name, or ``None`` (see the module docstring)."""
    env = os.environ if environ is None else environ
    if env.get("TZ", "").strip():
        name = _candidate(env["TZ"])
        return name if name and is_zone(name) else None
    candidates: list[str | None] = []
    with contextlib.suppress(OSError, UnicodeDecodeError, IndexError):
        candidates.append(_candidate(timezone_file.read_text(encoding="utf-8").splitlines()[0]))
    with contextlib.suppress(OSError):  # not a symlink, or not there
        candidates.append(_from_path(os.readlink(localtime)))
    return next((name for name in candidates if name and is_zone(name)), None)
