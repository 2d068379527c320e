"""The evaluation sheet as CSV (``mlew export --format csv``).

One row per person and case, in the file's order: the person, the case, one
column per item - issues then strengths, headed "title (points)" like the
scoring table - and the person's total for the case. An empty cell was not
scored. UTF-8 with a byte order mark and CRLF line ends, so Excel opens
Japanese text correctly on a double click.
"""

from __future__ import annotations

import csv
import io

from ..domain.formats import number
from ..domain.session import Session
from ..i18n import Translator

#: UTF-8's byte order mark: Excel reads the file as UTF-8 only with it.
BOM = "\ufeff"


def header(session: Session, tr: Translator) -> list[str]:
    items = [tr("exports.csv.item", title=i.title, points=i.points) for i in session.ordered_items()]
    return [tr("exports.csv.person"), tr("exports.csv.case"), *items, tr("exports.csv.total")]


def rows(session: Session) -> list[list[str]]:
    """The data rows (without the header), as text."""
    items = session.ordered_items()
    out = []
    for person in session.participants:
        for case in session.cases:
            cells = session.scores.get(person.id, {}).get(case.id, {})
            values = [str(number(cells[i.id])) if i.id in cells else "" for i in items]
            total = sum(cells.get(i.id, 0.0) for i in items)
            out.append([person.name, case.name, *values, str(number(total))])
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
