"""The workshop as an Excel workbook (``mlew export --format xlsx``, openpyxl).

A workbook the team keeps working in after the workshop - the numbers are
live formulas, so changing a score in Excel updates every total and pick:

- *Items*: each issue and strength with owner, points, references and the
  suggested points;
- one sheet per person: cases by items (headed "title (points)", a row with
  each item's points), cells limited to 0..points by data validation, and a
  ``SUM`` formula per case;
- *Team*: per case each person's total (a formula on their sheet), the sum
  (``SUM``), the #1 picks (``COUNTIF`` over the picks below) and the order
  key (picks, then sum) that names the winner (``INDEX``/``MATCH``); each
  person's #1 is a formula on their totals (a tie says so) unless they voted
  explicitly (``votes``), which is kept as a value;
- *PR/FAQ*: the customer message, the steps, the customer and internal FAQ
  with uncertain parts marked;
- *Milestones*, *TODOs* and *Meetings* of the plan, dates as Excel dates;
- user text is always a string cell (:func:`put`): a name typed as
  ``=HYPERLINK(...)`` shows as typed and never runs; only the workbook's own
  formulas (:class:`Formula`) are formulas;
- on Day 2, with Day 1 frozen in the session (``[day1]``), *Changes since
  Day 1*: one row per fact of :func:`mlew_tui.domain.changes.compare`
  (process, what, id, name, the value on Day 1, the value on Day 2).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ..domain import refine as rf
from ..domain.changes import Changes, compare, day1_session
from ..domain.formats import number
from ..domain.plan import timeline
from ..domain.scoring import analyse
from ..domain.session import Participant, Session
from ..domain.visible import visible
from ..i18n import Translator
from .guard import XLSX_CREATOR, XLSX_MARKER

BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
RED = Font(color="C00000", bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
#: First row of the cases on a person's sheet (row 1 headers, row 2 points).
FIRST_CASE_ROW = 3
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


class Formula(str):
    """A formula of the workbook's own (totals, picks, the winner): the only
    strings :func:`put` writes as formulas."""


def text(value: Any) -> Any:
    """A value as a cell holds it: user text with its control characters made visible
    (openpyxl refuses most of them; a reader would not see them)."""
    return visible(value) if isinstance(value, str) and not isinstance(value, Formula) else value


def put(ws: Worksheet, values: Sequence[Any]) -> None:
    """Append a row. Every string is a string cell - text a user typed as
    ``=HYPERLINK(...)`` stays text, never a formula - except a :class:`Formula`."""
    ws.append([str(v) if isinstance(v, Formula) else text(v) for v in values])
    row = ws.max_row
    for col, value in enumerate(values, start=1):
        if isinstance(value, str) and not isinstance(value, Formula):
            ws.cell(row, col).data_type = "s"


def sheet_ref(title: str) -> str:
    """A sheet name as formulas write it: always quoted, quotes doubled."""
    return "'" + title.replace("'", "''") + "'"


def _sheet_title(name: str, taken: set[str]) -> str:
    base = _BAD_SHEET_CHARS.sub("_", visible(name)).strip("'").strip() or "_"
    base = base[:31]
    title, n = base, 2
    while title.lower() in taken:
        suffix = f" ({n})"
        title = base[: 31 - len(suffix)] + suffix
        n += 1
    taken.add(title.lower())
    return title


def _header(ws: Worksheet, labels: Sequence[str], widths: Sequence[int] = ()) -> None:
    put(ws, list(labels))
    for n, cell in enumerate(ws[1], start=1):
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(n)].width = widths[n - 1] if n - 1 < len(widths) else 14
    ws.freeze_panes = "A2"


class _Book:
    def __init__(self, session: Session) -> None:
        self.s = session
        self.tr = Translator(session.language)
        self.wb = Workbook()
        self.taken: set[str] = set()
        self.names = {p.id: p.name for p in session.participants}
        self.person_sheets: dict[str, str] = {}
        self.items = session.ordered_items()

    def title(self, key: str) -> str:
        return _sheet_title(self.tr(f"exports.xlsx.sheet.{key}"), self.taken)

    def col(self, key: str) -> str:
        return self.tr(f"exports.xlsx.col.{key}")

    def build(self) -> Workbook:
        first = self.wb.active
        assert first is not None
        # Fixed sheet names first, so a person called "Team" gets "Team (2)".
        titles = {key: self.title(key) for key in ("items", "team", "prfaq", "milestones", "todos", "meetings")}
        day1 = day1_session(self.s)
        changes_title = _sheet_title(self.tr("changes_export.sheet"), self.taken) if day1 is not None else ""
        first.title = titles["items"]
        self.items_sheet(first)
        for person in self.s.participants:
            self.person_sheet(person)
        self.team_sheet(self.wb.create_sheet(titles["team"]))
        self.prfaq_sheet(self.wb.create_sheet(titles["prfaq"]))
        self.milestones_sheet(self.wb.create_sheet(titles["milestones"]))
        self.todos_sheet(self.wb.create_sheet(titles["todos"]))
        self.meetings_sheet(self.wb.create_sheet(titles["meetings"]))
        if day1 is not None:
            ws = self.wb.create_sheet(changes_title)
            ChangesSheet(ws, self.s, day1, self.tr).write(compare(day1, self.s))
        self.wb.calculation.fullCalcOnLoad = True  # Excel computes every formula on open
        self.wb.properties.creator = XLSX_CREATOR
        self.wb.properties.keywords = XLSX_MARKER  # how a later export knows it may replace this file (.guard)
        return self.wb

    # -- sheets ----------------------------------------------------------------------
    def items_sheet(self, ws: Worksheet) -> None:
        _header(ws, [self.col(k) for k in ("id", "kind", "title", "owner", "points", "references", "suggested")], (8, 12, 48, 16, 8, 12, 12))
        info = {i.id: i for i in analyse(self.s).items}
        for item in self.items:
            i = info.get(item.id)
            put(
                ws,
                [
                    item.id,
                    self.tr(f"exports.kind.{item.kind}"),
                    item.title,
                    self.names.get(item.owner, item.owner),
                    item.points,
                    i.references if i else 0,
                    i.suggested_points if i else item.points,
                ],
            )

    def person_sheet(self, person: Participant) -> None:
        title = _sheet_title(person.name, self.taken)
        self.person_sheets[person.id] = title
        ws = self.wb.create_sheet(title)
        headers = [self.col("case")] + [self.tr("exports.csv.item", title=i.title, points=i.points) for i in self.items] + [self.col("total")]
        _header(ws, headers, [28] + [16] * len(self.items) + [10])
        last_item = get_column_letter(1 + len(self.items)) if self.items else "A"
        total_col = get_column_letter(2 + len(self.items))
        put(ws, [self.col("max_points"), *[i.points for i in self.items], Formula(f"=SUM(B2:{last_item}2)") if self.items else 0])
        for cell in ws[2]:
            cell.font = Font(italic=True)
        cells = self.s.scores.get(person.id, {})
        for row, case in enumerate(self.s.cases, start=FIRST_CASE_ROW):
            scored = cells.get(case.id, {})
            values: list[Any] = [number(scored[i.id]) if i.id in scored else None for i in self.items]
            put(ws, [case.name, *values, Formula(f"=SUM(B{row}:{last_item}{row})") if self.items else 0])
            ws[f"{total_col}{row}"].font = BOLD
        last_row = FIRST_CASE_ROW + len(self.s.cases) - 1
        if self.s.cases:
            for n, item in enumerate(self.items, start=2):
                letter = get_column_letter(n)
                rule = DataValidation(type="decimal", operator="between", formula1="0", formula2=str(item.points), allow_blank=True)
                rule.error = self.tr("exports.xlsx.too_many_points", points=item.points)
                rule.showErrorMessage = True
                ws.add_data_validation(rule)
                rule.add(f"{letter}{FIRST_CASE_ROW}:{letter}{last_row}")
        ws.freeze_panes = f"B{FIRST_CASE_ROW}"

    def total_ref(self, pid: str, case_index: int) -> str:
        """The cell of ``pid``'s total for the case at ``case_index`` (0-based)."""
        return f"{sheet_ref(self.person_sheets[pid])}!${get_column_letter(2 + len(self.items))}${FIRST_CASE_ROW + case_index}"

    def team_sheet(self, ws: Worksheet) -> None:
        s, people = self.s, [p for p in self.s.participants]
        n_cases = len(s.cases)
        headers = [self.col("case"), *[p.name for p in people], self.col("sum"), self.col("picks"), self.col("order")]
        _header(ws, headers, [28] + [12] * len(people) + [10, 10, 14])
        sum_col = get_column_letter(2 + len(people))
        picks_col = get_column_letter(3 + len(people))
        order_col = get_column_letter(4 + len(people))
        first, last = 2, 1 + n_cases
        picks_first = last + 3  # a blank row, the picks' header, then one row per person
        picks_last = picks_first + len(people) - 1
        for n, case in enumerate(s.cases):
            row = first + n
            totals = [Formula(f"={self.total_ref(p.id, n)}") for p in people]
            people_range = f"B{row}:{get_column_letter(1 + len(people))}{row}" if people else ""
            put(
                ws,
                [
                    case.name,
                    *totals,
                    Formula(f"=SUM({people_range})") if people else 0,
                    # exact matches: COUNTIF would read a case name such as "=x", ">3" or "a*" as a condition
                    Formula(f"=SUMPRODUCT(--($B${picks_first}:$B${picks_last}=A{row}))") if people else 0,
                    Formula(f"={picks_col}{row}*1000000+{sum_col}{row}"),
                ],
            )
            ws[f"{sum_col}{row}"].font = BOLD
        ws.append([])
        put(ws, [self.col("person"), self.col("pick"), self.col("pick_source")])
        for cell in ws[last + 2]:
            cell.font = BOLD
            cell.fill = HEADER_FILL
        analysis = analyse(s)
        tie = self.tr("exports.xlsx.tie").replace('"', '""')
        for p in people:
            vote = s.votes.get(p.id)
            voted = s.case(vote) if vote else None
            if voted is not None:
                put(ws, [p.name, voted.name, self.col("by_vote")])
                continue
            if not s.cases:
                put(ws, [p.name, "", ""])
                continue
            sheet = sheet_ref(self.person_sheets[p.id])
            total = get_column_letter(2 + len(self.items))
            sums = f"{sheet}!${total}${FIRST_CASE_ROW}:${total}${FIRST_CASE_ROW + n_cases - 1}"
            names = f"{sheet}!$A${FIRST_CASE_ROW}:$A${FIRST_CASE_ROW + n_cases - 1}"
            formula = Formula(f'=IF(MAX({sums})=0,"",IF(COUNTIF({sums},MAX({sums}))>1,"{tie}",INDEX({names},MATCH(MAX({sums}),{sums},0))))')
            put(ws, [p.name, formula, self.col("by_scores")])
        ws.append([])
        if n_cases:
            order = f"${order_col}${first}:${order_col}${last}"
            put(ws, [self.col("winner"), Formula(f'=IF(MAX({order})=0,"",INDEX($A${first}:$A${last},MATCH(MAX({order}),{order},0)))')])
            ws.cell(ws.max_row, 1).font = BOLD
            ws.cell(ws.max_row, 2).font = BOLD
        recorded = s.case(s.invent.winner) if s.invent.winner else None
        if recorded is not None:
            how = self.tr(f"exports.xlsx.decided_by.{s.invent.decided_by or 'votes'}")
            put(ws, [self.col("recorded_winner"), recorded.name, how])
        elif analysis.winner.case is None and n_cases:
            put(ws, [self.col("recorded_winner"), self.tr("exports.xlsx.undecided")])
        ws.freeze_panes = "B2"

    def prfaq_sheet(self, ws: Worksheet) -> None:
        ref, tr = self.s.refine, self.tr
        _header(ws, [self.col(k) for k in ("section", "number", "text", "answer", "uncertain")], (18, 5, 60, 60, 12))
        uncertain = tr("exports.xlsx.uncertain")
        if any(getattr(ref, f).strip() for f in rf.MESSAGE_FIELDS):
            put(ws, [tr("exports.xlsx.section.message"), None, rf.customer_message(self.s, tr)])
        for n, step in enumerate(ref.steps, start=1):
            put(ws, [tr("exports.xlsx.section.steps"), n, step.text, None, uncertain if step.uncertain else None])
        for section in ("customer_faq", "internal_faq"):
            for n, faq in enumerate(getattr(ref, section), start=1):
                put(ws, [tr(f"exports.xlsx.section.{section}"), n, faq.q, faq.a.strip(), uncertain if faq.uncertain else None])
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = WRAP
            if row[4].value:
                for cell in row:
                    cell.font = RED

    def milestones_sheet(self, ws: Worksheet) -> None:
        _header(ws, [self.col(k) for k in ("id", "milestone", "who", "what", "how", "due")], (6, 36, 28, 36, 48, 12))
        for m in timeline(self.s):
            put(ws, [m.id, m.title, m.who, m.what, m.how.strip(), m.due])
            ws.cell(ws.max_row, 6).number_format = DATE_FORMAT
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = WRAP

    def todos_sheet(self, ws: Worksheet) -> None:
        _header(ws, [self.col(k) for k in ("id", "todo", "owner", "milestone", "due", "done")], (6, 60, 16, 10, 12, 8))
        for t in self.s.todos:
            put(ws, [t.id, t.text, self.names.get(t.owner, t.owner), t.milestone, t.due, t.done])
            ws.cell(ws.max_row, 5).number_format = DATE_FORMAT
            ws.cell(ws.max_row, 2).alignment = WRAP

    def meetings_sheet(self, ws: Worksheet) -> None:
        _header(ws, [self.col(k) for k in ("kind", "title", "start", "duration", "weekly_until", "milestone")], (18, 40, 18, 10, 14, 10))
        for m in self.s.meetings:
            # Excel has no time zones: the wall time the room agreed on.
            put(ws, [self.tr(f"exports.meeting.{m.kind}"), m.title, m.start.replace(tzinfo=None), m.duration_min, m.weekly_until, m.milestone])
            ws.cell(ws.max_row, 3).number_format = DATETIME_FORMAT
            ws.cell(ws.max_row, 5).number_format = DATE_FORMAT


class ChangesSheet:
    """The sheet *Changes since Day 1*: rows of (process, what, id, name,
    Day 1, Day 2). User text is always a string cell (never a formula)."""

    def __init__(self, ws: Worksheet, now: Session, day1: Session, tr: Translator) -> None:
        self.ws, self.now, self.day1, self.tr = ws, now, day1, tr

    def row(self, process: str, what: str, id_: str = "", name: str = "", day1: Any = None, day2: Any = None) -> None:
        put(self.ws, [self.tr(f"process.{process}"), what, id_ or None])
        r = self.ws.max_row
        for col, value in ((4, name or None), (5, day1), (6, day2)):
            cell = self.ws.cell(r, col)
            cell.value = number(value) if isinstance(value, float) else text(value)
            if isinstance(value, str):
                cell.data_type = "s"  # "=..." typed by a user stays text
            elif isinstance(value, date):
                cell.number_format = DATE_FORMAT
            cell.alignment = WRAP

    def label(self, key: str, **params: Any) -> str:
        return self.tr(f"changes_export.row.{key}", **params)

    def case_name(self, cid: str | None) -> str:
        if cid is None:
            return self.tr("plan.changes.none")
        case = self.now.case(cid) or self.day1.case(cid)
        return case.name if case else cid

    def write(self, found: Changes) -> None:
        tr, now, day1 = self.tr, self.now, self.day1
        _header(self.ws, [tr(f"changes_export.col.{k}") for k in ("process", "change", "id", "name", "day1", "day2")], (14, 30, 8, 40, 36, 36))
        frozen = now.day1.frozen_at if now.day1 is not None else None
        if frozen is not None:
            put(self.ws, ["", self.label("frozen_at"), None, None, frozen.replace(tzinfo=None)])
            self.ws.cell(self.ws.max_row, 5).number_format = DATETIME_FORMAT
        if not found.any:
            put(self.ws, ["", tr("changes_export.row.nothing")])
        # Listen
        self.row("listen", self.label("reviews"), day1=len(day1.reviews), day2=len(now.reviews))
        self.row("listen", self.label("assumptions"), day1=found.assumptions[0], day2=found.assumptions[1])
        for r in found.reviews_added:
            self.row("listen", self.label("review_added"), r.id, day2=r.text)
        for r in found.reviews_removed:
            self.row("listen", self.label("review_removed"), r.id, day1=r.text)
        old_reviews = {r.id: r for r in day1.reviews}
        for r in found.reviews_edited:
            old = old_reviews[r.id]
            if old.text != r.text:
                self.row("listen", self.label("review_text"), r.id, day1=old.text, day2=r.text)
            if old.polarity != r.polarity:
                self.row("listen", self.label("review_polarity"), r.id, r.text, tr(f"report.{old.polarity}"), tr(f"report.{r.polarity}"))
            if old.basis != r.basis:
                self.row("listen", self.label("review_basis"), r.id, r.text, tr(f"report.{old.basis}"), tr(f"report.{r.basis}"))
        # Define
        self.row("define", self.label("posts"), day1=len(day1.posts), day2=len(now.posts))
        for i in found.items_added:
            self.row("define", self.label("item_added"), i.id, i.title, day2=i.points)
        for i in found.items_removed:
            self.row("define", self.label("item_removed"), i.id, i.title, day1=i.points)
        for c in found.items_changed:
            if c.old_points != c.points:
                self.row("define", self.label("item_points"), c.id, c.title, c.old_points, c.points)
            if c.old_title != c.title:
                self.row("define", self.label("item_title"), c.id, day1=c.old_title, day2=c.title)
        # Invent
        for case in found.cases_added:
            self.row("invent", self.label("case_added"), case.id, case.name)
        for result in found.cases:
            self.row("invent", self.label("case_sum"), result.id, result.name, result.old_sum, result.sum)
            self.row("invent", self.label("case_picks"), result.id, result.name, result.old_picks, result.picks)
        for pick in found.picks:
            person = now.participant(pick.person) or day1.participant(pick.person)
            self.row("invent", self.label("pick"), pick.person, person.name if person else "", self.case_name(pick.old), self.case_name(pick.new))
        self.row("invent", self.label("winner"), day1=self.case_name(found.winner[0]), day2=self.case_name(found.winner[1]))
        self.row("invent", self.label("decided_by"), day1=tr(f"decided_by.{found.decided_by[0]}"), day2=tr(f"decided_by.{found.decided_by[1]}"))
        # Refine
        self.row("refine", self.label("uncertain"), day1=found.uncertain[0], day2=found.uncertain[1])
        for part in found.cleared:
            section = tr(f"plan.changes.section.{part.section}")
            self.row("refine", self.label("cleared", section=section), "", part.text, tr("changes_export.state.uncertain"), tr("changes_export.state.cleared"))
        for part in found.new_uncertain:
            section = tr(f"plan.changes.section.{part.section}")
            self.row("refine", self.label("new_uncertain", section=section), "", part.text, None, tr("changes_export.state.uncertain"))
        # Test/Iterate: the milestones
        for m in found.milestones_added:
            self.row("test_iterate", self.label("milestone_added"), m.id, m.title, day2=m.due)
        for m in found.milestones_removed:
            self.row("test_iterate", self.label("milestone_removed"), m.id, m.title, day1=m.due)
        old_ms = {m.id: m for m in day1.milestones}
        for moved in found.milestones_changed:
            new_m = next(m for m in now.milestones if m.id == moved.id)
            for field, _was, _value in moved.fields:
                what = tr("plan.form.title") if field == "title" else tr(f"milestone.col.{field}")
                self.row(
                    "test_iterate", self.label("milestone_field", field=what), moved.id, new_m.title, getattr(old_ms[moved.id], field), getattr(new_m, field)
                )


def to_workbook(session: Session) -> Workbook:
    """The workbook of :mod:`this module <.xlsx>` (not yet saved)."""
    return _Book(session).build()


def xlsx_bytes(session: Session) -> bytes:
    buffer = BytesIO()
    to_workbook(session).save(buffer)
    return buffer.getvalue()
