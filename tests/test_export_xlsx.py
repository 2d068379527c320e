"""``mlew export --format xlsx``: opened with openpyxl - the sheets, each
person's scores with live SUM formulas, team totals and picks with formulas,
PR/FAQ, milestones and TODOs."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from mlew_tui import store
from mlew_tui.cli import app as cli
from mlew_tui.domain.session import Participant
from mlew_tui.export.xlsx import FIRST_CASE_ROW, sheet_ref, xlsx_bytes


def book(session):  # noqa: ANN001, ANN201
    return load_workbook(io.BytesIO(xlsx_bytes(session)))


@pytest.fixture
def ja(ja_day2_sample: Path):  # noqa: ANN201
    """The Japanese Day 2 sample: a plan with every sheet filled."""
    return store.load(ja_day2_sample)


def test_sheets(ja) -> None:  # noqa: ANN001
    wb = book(ja)
    people = [p.name for p in ja.participants]
    assert wb.sheetnames == ["課題と強み", *people, "チーム", "PR-FAQ", "マイルストーン", "Todo", "会議", "実践編からの変化"]
    assert wb.calculation.fullCalcOnLoad


def test_items_sheet(ja) -> None:  # noqa: ANN001
    ws = book(ja)["課題と強み"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:5] == ("ID", "種類", "名前", "担当", "ポイント")
    assert [r[0] for r in rows[1:]] == [i.id for i in ja.ordered_items()]
    assert [r[4] for r in rows[1:]] == [i.points for i in ja.ordered_items()]


def test_a_persons_sheet_has_live_sums_and_limits(ja) -> None:  # noqa: ANN001
    person = ja.participants[0]
    ws = book(ja)[person.name]
    items = ja.ordered_items()
    last_item, total = chr(ord("A") + len(items)), chr(ord("B") + len(items))
    assert ws["A1"].value == "事例" and ws[f"{total}1"].value == "合計"
    assert [ws.cell(2, 2 + n).value for n in range(len(items))] == [i.points for i in items]
    for n, case in enumerate(ja.cases):
        row = FIRST_CASE_ROW + n
        assert ws[f"A{row}"].value == case.name
        assert ws[f"{total}{row}"].value == f"=SUM(B{row}:{last_item}{row})"
        cells = ja.scores[person.id].get(case.id, {})
        for m, item in enumerate(items):
            assert ws.cell(row, 2 + m).value == cells.get(item.id)
    rules = ws.data_validations.dataValidation
    assert len(rules) == len(items)
    assert {(r.formula1, r.formula2) for r in rules} == {("0", str(i.points)) for i in items}


def test_team_totals_and_picks_are_formulas(ja) -> None:  # noqa: ANN001
    ws = book(ja)["チーム"]
    people = ja.participants
    n = len(ja.cases)
    header = [c.value for c in ws[1]]
    assert header[0] == "事例" and header[1 : 1 + len(people)] == [p.name for p in people]
    assert header[1 + len(people) :] == ["合計", "1 位に選んだ人数", "順位キー (人数、次に合計)"]
    total_col = chr(ord("B") + len(ja.ordered_items()))
    first = ws.cell(2, 2).value
    assert first == f"={sheet_ref(people[0].name)}!${total_col}${FIRST_CASE_ROW}"
    sum_cell = ws.cell(2, 2 + len(people)).value
    assert sum_cell.startswith("=SUM(B2:")
    picks = ws.cell(2, 3 + len(people)).value
    assert picks.startswith("=SUMPRODUCT(--(") and picks.endswith("=A2))")
    # the picks below: one row per person, a formula unless they voted explicitly
    pick_rows = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(n + 4, n + 4 + len(people))}
    assert set(pick_rows) == {p.name for p in people}
    for p in people:
        value = pick_rows[p.name]
        if p.id in ja.votes:
            assert value == ja.case(ja.votes[p.id]).name
        else:
            assert value.startswith("=IF(MAX(") and "INDEX(" in value
    labels = [ws.cell(r, 1).value for r in range(1, ws.max_row + 1)]
    winner_row = labels.index("選ばれた事例 (人数、次に合計)") + 1
    assert ws.cell(winner_row, 2).value.startswith("=IF(MAX(") and "MATCH(" in ws.cell(winner_row, 2).value
    recorded = ws.cell(labels.index("記録された決定") + 1, 2).value
    assert recorded == ja.case(ja.invent.winner).name


def test_prfaq_milestones_todos_meetings(ja) -> None:  # noqa: ANN001
    wb = book(ja)
    prfaq = list(wb["PR-FAQ"].iter_rows(values_only=True))
    assert prfaq[1][0] == "顧客へのメッセージ"
    steps = [r for r in prfaq if r[0] == "ステップ"]
    assert [r[2] for r in steps] == [s.text for s in ja.refine.steps]
    assert [r[4] == "要確認" for r in steps] == [s.uncertain for s in ja.refine.steps]
    assert len([r for r in prfaq if r[0] == "社内向け FAQ"]) == len(ja.refine.internal_faq)
    milestones = list(wb["マイルストーン"].iter_rows(values_only=True))
    assert [r[0] for r in milestones[1:]] == ["m0", "m1", "m2", "m3"]
    assert milestones[2][5] == datetime(2027, 2, 26)  # a real date cell
    todos = list(wb["Todo"].iter_rows(values_only=True))
    assert len(todos) == 1 + len(ja.todos)
    assert todos[1][:4] == ("t1", ja.todos[0].text, "佐藤 美咲", "m1") and todos[1][5] is False
    meetings = list(wb["会議"].iter_rows(values_only=True))
    assert meetings[1][0] == "週次の進捗会議" and meetings[1][2] == datetime(2026, 12, 17, 10, 0) and meetings[1][4] == datetime(2027, 2, 25)


def test_sheet_names_stay_valid_and_unique(en_sample: Path) -> None:
    session = store.load(en_sample)
    session.participants[0].name = "Team"
    session.participants.append(Participant(id="odd", name="A/B: [test]*? name that is far too long for Excel", role="other"))
    wb = book(session)
    assert "Team (2)" in wb.sheetnames and "Team" in wb.sheetnames
    odd = [n for n in wb.sheetnames if n.startswith("A_B")]
    assert len(odd) == 1 and len(odd[0]) <= 31
    # the team sheet still finds the renamed person's totals
    assert wb["Team"].cell(2, 2).value.startswith("='Team (2)'!")


def test_cli_writes_the_workbook(en_sample: Path) -> None:
    result = CliRunner().invoke(cli, ["export", str(en_sample), "--format", "xlsx"])
    assert result.exit_code == 0, result.output
    wb = load_workbook(en_sample.with_suffix(".xlsx"))
    assert wb.sheetnames[0] == "Items" and "Team" in wb.sheetnames
