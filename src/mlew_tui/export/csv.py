"""The evaluation sheet as CSV (``mlew export --format csv``).

One row per person and case, in the file's order: the person, the case, one
column per item - issues then strengths, headed "title (points)" like the
scoring table - and the person's total for the case. An empty cell was not
scored. UTF-8 with a byte order mark and CRLF line ends, so Excel opens
Japanese text correctly on a double click.

On Day 2, with Day 1 frozen in the session (``[day1]``), each row also says
how the pair stood then: whether the case is the person's #1 now (1 or 0),
the person's total for the case on Day 1 and whether it was their #1 on
Day 1 (empty where the person or the case did not exist on Day 1). The sheet
stays one table of people and cases; the other changes (reviews, items,
milestones, red parts) are in the workbook's *Changes since Day 1* sheet and
the Markdown.

User text never runs in a spreadsheet: every cell that comes from it (names,
case names, the item titles in the header) has its control characters made
visible (:func:`mlew_tui.domain.visible.visible`) and, when it starts with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return, a leading ``'``
(OWASP's advice against CSV injection): Excel, Sheets and LibreOffice show the
text instead of computing it (:func:`text_cell`).
"""

from __future__ import annotations

import csv
import io

from ..domain.changes import day1_session
from ..domain.formats import number
from ..domain.scoring import analyse
from ..domain.session import Session
from ..domain.visible import visible
from ..i18n import Translator

#: UTF-8's byte order mark: Excel reads the file as UTF-8 only with it.
BOM = "\ufeff"
#: What makes a spreadsheet read a cell as a formula (OWASP, CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def text_cell(text: str) -> str:
    """User text as a CSV cell: controls made visible, a formula start defused with ``'``."""
    text = visible(text)
    return "'" + text if text.startswith(FORMULA_START) else text


def header(session: Session, tr: Translator) -> list[str]:
    items = [text_cell(tr("exports.csv.item", title=i.title, points=i.points)) for i in session.ordered_items()]
    day2 = [tr(f"changes_export.csv.{k}") for k in ("pick", "day1_total", "day1_pick")] if day1_session(session) is not None else []
    return [tr("exports.csv.person"), tr("exports.csv.case"), *items, tr("exports.csv.total"), *day2]


def rows(session: Session) -> list[list[str]]:
    """The data rows (without the header), as text."""
    items = session.ordered_items()
    day1 = day1_session(session)
    now, then = (analyse(session), analyse(day1)) if day1 is not None else (None, None)
    out = []
    for person in session.participants:
        for case in session.cases:
            cells = session.scores.get(person.id, {}).get(case.id, {})
            values = [str(number(cells[i.id])) if i.id in cells else "" for i in items]
            total = sum(cells.get(i.id, 0.0) for i in items)
            row = [text_cell(person.name), text_cell(case.name), *values, str(number(total))]
            if now is not None and then is not None:
                row.append("1" if now.persons[person.id].pick == case.id else "0")
                old = then.persons.get(person.id)
                if old is None or case.id not in old.totals:
                    row += ["", ""]
                else:
                    row += [str(number(old.totals[case.id])), "1" if old.pick == case.id else "0"]
            out.append(row)
    return out


def to_csv(session: Session) -> str:
    """The sheet as text (no BOM; :func:`csv_bytes` adds it)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header(session, Translator(session.language)))
    writer.writerows(rows(session))
    return buffer.getvalue()


def csv_bytes(session: Session) -> bytes:
    """What the file holds: UTF-8 with a BOM."""
    return (BOM + to_csv(session)).encode("utf-8")
