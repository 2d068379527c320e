"""Write a Day 2 sample's frozen Day 1 (``[day1]``) from the Day 1 sample.

The bundled samples come in pairs: ``NAME.toml`` is Day 1 (hand-written,
with comments), ``NAME_day2.toml`` the same workshop on Day 2. The Day 2
file ends with the ``[day1]`` table that mlew writes when Day 2 starts;
this tool writes that table from the Day 1 file, so the two never drift
(``tests/test_samples_days.py`` checks it)::

    python tools/freeze_day1.py sample_workshops/ja_eikaiwa.toml sample_workshops/ja_eikaiwa_day2.toml
"""

from __future__ import annotations

import sys
from pathlib import Path

from mlew_tui import store
from mlew_tui.domain.changes import freeze_day1
from mlew_tui.toml_writer import dumps

#: The line above the table: everything from it to the end is rewritten.
MARK = "# ================================================================ [day1]"
HEADER = {
    "ja": "# 改善編を始めた時点の実践編の記録。mlew が書き込み、その後は変更しません。",
    "en": "# Day 1 as it stood when Day 2 started: written by mlew, never changed afterwards.",
}


def day1_block(day1_file: Path, day2_file: Path) -> str:
    """The ``[day1]`` table of ``day2_file``, frozen from ``day1_file``."""
    day1 = store.load(day1_file)
    day2 = store.load(day2_file) if day2_file.exists() else day1
    frozen_at = day2.progress.day2_started_at
    data = {"day1": day1.model_copy(update={"day1": freeze_day1(day1, frozen_at)}).to_toml_dict()["day1"]}
    return f"{MARK}\n{HEADER[day1.language]}\n{dumps(data)}"


def main(day1_file: str, day2_file: str) -> None:
    target = Path(day2_file)
    text = target.read_text(encoding="utf-8")
    body = text[: text.index(MARK)] if MARK in text else text.rstrip("\n") + "\n\n"
    target.write_text(body + day1_block(Path(day1_file), target), encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:3])
