"""Reading TOML: ``tomli`` when installed, else the standard library's ``tomllib``.

They are the same parser (``tomllib`` is ``tomli`` copied into Python 3.11),
but tomli's wheels are compiled with mypyc and read a large session about
three times faster - which is most of the time it takes to open one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the same API; mypy sees one of them
    from tomllib import TOMLDecodeError, loads
else:
    try:
        from tomli import TOMLDecodeError, loads
    except ImportError:  # pragma: no cover - a platform without tomli's wheel
        from tomllib import TOMLDecodeError, loads

__all__ = ["TOMLDecodeError", "loads"]
