"""What changed since Day 1 outside the app: ``mlew report`` (text and
``--json``), the workbook's sheet "Changes since Day 1" and the evaluation
sheet's Day 1 columns - on a Day 2 session made with the app's own commands
from the English sample, and absent on Day 1."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from rich.console import Console
from typer.testing import CliRunner

from mlew_tui import store
from mlew_tui.cli import app as cli
from mlew_tui.domain.changes import day1_session
from mlew_tui.domain.scoring import analyse
from mlew_tui.domain.session import Session
from mlew_tui.export.csv import csv_bytes
from mlew_tui.export.xlsx import xlsx_bytes
from mlew_tui.report import render, report_data
from mlew_tui.workshop import Workshop

from .conftest import FakeClock

USER_TEXT = "=SUM(A1) [b]x[/b]"  # a formula for Excel, markup for Rich: must stay text
C1 = "Item-to-item collaborative filtering ('Frequently bought together')"
C5 = "Conversational shopping assistant (generative AI)"
RED_STEP = "Optionally pick your trip type from the checklist menu; the row updates to match the trip."


@pytest.fixture
def day2(en_sample: Path, clock: FakeClock) -> Session:
    """Day 2 of the English sample after a re-run of every process."""
    w = Workshop(store.load(en_sample), day=2, now=clock.now)
    s = w.session
    w.apply("set_cell", "maria", "c1", "i1", 0)  # maria: c1 8 = c5 8, her #1 is now a tie
    before = {(p, c): cells["i3"] for p, by_case in s.scores.items() for c, cells in by_case.items() if "i3" in cells}
    w.apply("edit_item", "i3", points=5)  # full and partial credit follow the new points ...
    for (person, case), value in before.items():
        w.apply("set_cell", person, case, "i3", value)  # ... and the team keeps its Day 1 cells
    w.apply("add_review", author="maria", text=USER_TEXT, polarity="negative")
    w.apply("delete_review", "r13")
    w.apply("edit_review", "r2", basis="assumption")
    w.apply("add_case", {"name": "Trip planner"})
    w.apply("toggle_step_uncertain", [st.text for st in s.refine.steps].index(RED_STEP))
    w.apply("shift_due", "m1", 7, date(2026, 12, 5))
    store.save(s, en_sample)
    return s


def texts(session: Session) -> tuple[str, str]:
    day1 = day1_session(session)
    assert day1 is not None
    return day1.review("r13").text, session.review("r2").text  # type: ignore[union-attr]


# -- mlew report ------------------------------------------------------------------------------


def test_report_json_lists_exactly_the_changes(day2: Session, en_sample: Path) -> None:
    result = CliRunner().invoke(cli, ["report", str(en_sample), "--json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["winner"] == "c5"  # the documented keys are still there, from Day 2's scores
    removed, edited = texts(day2)
    assert data["changes"] == {
        "frozen_at": "2026-12-02T20:00:00-05:00",  # the clock's 10:00 in Tokyo, in the room's zone (New York)
        "any": True,
        "reviews": {
            "day1": 13, "now": 13, "added": 1, "removed": 1, "edited": 1,
            "added_ids": ["r14"], "removed_ids": ["r13"], "edited_ids": ["r2"], "assumptions": {"day1": 3, "now": 4},
        },
        "posts_added": 0,
        "items": {
            "added": [],
            "removed": [],
            "changed": [{"id": "i3", "title": "Sizing surprises lead to returns", "old_title": "Sizing surprises lead to returns", "old_points": 3, "points": 5}],
        },
        "cases_added": [{"id": "c6", "name": "Trip planner"}],
        "cases": [
            {"id": "c1", "name": C1, "day1": {"sum": 44, "picks": 2}, "now": {"sum": 39, "picks": 1}},
            {"id": "c2", "name": "Visual search ('shop the look' from a photo)", "day1": {"sum": 11.5, "picks": 0}, "now": {"sum": 11.5, "picks": 0}},
            {"id": "c3", "name": "Personalized triggered emails (browse abandonment, 'next trip' follow-up)",
             "day1": {"sum": 21, "picks": 0}, "now": {"sum": 21, "picks": 0}},
            {"id": "c4", "name": "Size and fit recommendation", "day1": {"sum": 22.5, "picks": 0}, "now": {"sum": 22.5, "picks": 0}},
            {"id": "c5", "name": C5, "day1": {"sum": 42, "picks": 2}, "now": {"sum": 42, "picks": 2}},
            {"id": "c6", "name": "Trip planner", "day1": {"sum": 0, "picks": 0}, "now": {"sum": 0, "picks": 0}},
        ],
        "picks_changed": [{"person": "maria", "day1": "c1", "now": None}],
        "winner": {"day1": "c1", "now": "c5", "changed": True},
        "decided_by": {"day1": "scores", "now": "votes"},
        "uncertain": {"day1": 4, "now": 3, "cleared": [{"section": "steps", "text": RED_STEP}], "added": []},
        "milestones": {
            "added": [],
            "removed": [],
            "changed": [{"id": "m1", "title": "Is the customer experience improved?", "fields": [{"field": "due", "day1": "2027-02-26", "now": "2027-03-05"}]}],
        },
    }  # fmt: skip
    assert removed and edited  # the texts the other exports show


def _human(session: Session) -> list[str]:
    out = io.StringIO()
    render(session, Console(file=out, width=250, color_system=None, highlight=False))
    return [line.rstrip() for line in out.getvalue().splitlines()]


def test_report_text_has_the_section(day2: Session) -> None:
    lines = _human(day2)
    start = lines.index("What changed since Day 1")
    end = lines.index("Next Step: processes to improve")
    removed, edited = texts(day2)
    assert lines[start:end] == [
        "What changed since Day 1",
        "Compared with Day 1 as it stood when Day 2 started (2026-12-02 20:00)",
        "",
        "Listen",
        "  Reviews: 13 → 13 (1 added)",
        f"  + {USER_TEXT}",
        f"  - {removed}",
        f"  ~ {edited}",
        "  Assumptions among them: 3 → 4",
        "",
        "Define",
        "  ~ Sizing surprises lead to returns: 3 → 5 points",
        "",
        "Invent",
        "  + Case Trip planner",
        f"  {C1}: team total 44 → 39, #1 picks 2 → 1",
        f"  Maria Lopez's #1: {C1} → none",
        f"  Winner: {C1} → {C5}",
        "",
        "Refine",
        "  Uncertain (red) parts: 4 → 3",
        f"  ✓ Step: {RED_STEP}",
        "",
        "Test/Iterate",
        "  ~ m1 Due (YYYY-MM-DD): 2027-02-26 → 2027-03-05",
        "",
        "",
    ]


def test_the_report_on_day1_has_no_changes(en_sample: Path) -> None:
    session = store.load(en_sample)
    assert report_data(session)["changes"] is None
    assert not any("changed since Day 1" in line for line in _human(session))


def test_the_report_right_after_the_switch_says_nothing_changed(en_sample: Path, clock: FakeClock) -> None:
    session = Workshop(store.load(en_sample), day=2, now=clock.now).session
    changes = report_data(session)["changes"]
    assert changes["any"] is False and changes["reviews"]["added"] == 0 and changes["winner"] == {"day1": "c1", "now": "c1", "changed": False}
    lines = _human(session)
    start = lines.index("What changed since Day 1")
    assert lines[start + 3] == "Nothing has changed since Day 1 yet."


# -- the workbook -----------------------------------------------------------------------------


def _sheet_rows(session: Session, title: str) -> list[tuple[Any, ...]]:
    wb = load_workbook(io.BytesIO(xlsx_bytes(session)))
    assert wb.sheetnames[-1] == title
    return list(wb[title].iter_rows(values_only=True))


def test_workbook_sheet_lists_exactly_the_changes(day2: Session) -> None:
    removed, edited = texts(day2)
    rows = _sheet_rows(day2, "Changes since Day 1")
    cases = [
        ("c1", C1, 44, 39, 2, 1),
        ("c2", "Visual search ('shop the look' from a photo)", 11.5, 11.5, 0, 0),
        ("c3", "Personalized triggered emails (browse abandonment, 'next trip' follow-up)", 21, 21, 0, 0),
        ("c4", "Size and fit recommendation", 22.5, 22.5, 0, 0),
        ("c5", C5, 42, 42, 2, 2),
        ("c6", "Trip planner", 0, 0, 0, 0),
    ]
    invent: list[tuple[Any, ...]] = [("Invent", "Case added", "c6", "Trip planner", None, None)]
    for cid, name, old_sum, new_sum, old_picks, picks in cases:
        invent += [("Invent", "Team total", cid, name, old_sum, new_sum), ("Invent", "#1 picks", cid, name, old_picks, picks)]
    assert rows == [
        ("Process", "What", "ID", "Name", "Day 1", "Day 2"),
        (None, "Day 1 as it stood when Day 2 started", None, None, datetime(2026, 12, 2, 20, 0), None),
        ("Listen", "Reviews", None, None, 13, 13),
        ("Listen", "Assumptions among them", None, None, 3, 4),
        ("Listen", "Review added", "r14", None, None, USER_TEXT),
        ("Listen", "Review removed", "r13", None, removed, None),
        ("Listen", "Review basis changed", "r2", edited, "fact", "assumption"),
        ("Define", "Posts", None, None, 5, 5),
        ("Define", "Points", "i3", "Sizing surprises lead to returns", 3, 5),
        *invent,
        ("Invent", "#1 of a person", "maria", "Maria Lopez", C1, "none"),
        ("Invent", "Winner", None, None, C1, C5),
        ("Invent", "Decided by", None, None, "by scores (a tie in picks; the higher sum of all totals)", "by votes (most #1 picks)"),
        ("Refine", "Uncertain (red) parts", None, None, 4, 3),
        ("Refine", "Red part cleared (Step)", None, RED_STEP, "uncertain", "cleared"),
        ("Test/Iterate", "Milestone: Due", "m1", "Is the customer experience improved?", datetime(2027, 2, 26), datetime(2027, 3, 5)),
    ]


def test_workbook_keeps_user_text_as_text(day2: Session) -> None:
    wb = load_workbook(io.BytesIO(xlsx_bytes(day2)))
    cells = [c for row in wb["Changes since Day 1"].iter_rows() for c in row if c.value == USER_TEXT]
    assert [c.data_type for c in cells] == ["s"]


def test_workbook_sheet_in_japanese(ja_sample: Path, clock: FakeClock) -> None:
    session = store.load(ja_sample)  # the end of Day 1
    w = Workshop(session, day=2, now=clock.now)
    w.apply("add_review", author=session.participants[0].id, text="講師の声が途切れる", polarity="negative")
    rows = _sheet_rows(session, "実践編からの変化")
    assert rows[0] == ("プロセス", "変化", "ID", "名前", "実践編", "改善編")
    assert ("Listen", "追加したレビュー", "r15", None, None, "講師の声が途切れる") in rows


def test_workbook_on_day1_has_no_changes_sheet(en_sample: Path) -> None:
    wb = load_workbook(io.BytesIO(xlsx_bytes(store.load(en_sample))))
    assert "Changes since Day 1" not in wb.sheetnames and wb.sheetnames[-1] == "Meetings"


# -- the evaluation sheet ---------------------------------------------------------------------


def _csv(session: Session) -> list[list[str]]:
    return list(csv.reader(io.StringIO(csv_bytes(session).decode("utf-8-sig"), newline="")))


def test_csv_gains_day1_columns_on_day2(day2: Session) -> None:
    rows = _csv(day2)
    assert rows[0][-4:] == ["Total", "#1", "Total on Day 1", "#1 on Day 1"]
    by_pair = {(r[0], r[1]): r[-4:] for r in rows[1:]}
    assert by_pair[("Maria Lopez", C1)] == ["8", "0", "13", "1"]  # her #1 on Day 1; a tie now
    assert by_pair[("Maria Lopez", C5)] == ["8", "0", "8", "0"]
    assert by_pair[("Maria Lopez", "Trip planner")] == ["0", "0", "", ""]  # a case of Day 2
    day1 = day1_session(day2)
    assert day1 is not None
    then, now = analyse(day1), analyse(day2)
    cases = {c.name: c.id for c in day2.cases}
    for person in day2.participants:
        for name, cid in cases.items():
            total, pick, old_total, old_pick = by_pair[(person.name, name)]
            assert pick == ("1" if now.persons[person.id].pick == cid else "0")
            if cid == "c6":
                continue
            assert float(old_total) == then.persons[person.id].totals[cid]
            assert old_pick == ("1" if then.persons[person.id].pick == cid else "0")


def test_csv_on_day1_is_unchanged(en_sample: Path) -> None:
    rows = _csv(store.load(en_sample))
    assert rows[0][-1] == "Total" and all(len(r) == len(rows[0]) for r in rows)


def test_markdown_words_the_same_changes(day2: Session) -> None:
    from mlew_tui.export.markdown import to_markdown

    text = to_markdown(day2, today=date(2026, 12, 5))
    section = text[text.index("## What changed since Day 1") : text.index("## Appendix")]
    assert "- Added: =SUM(A1) \\[b\\]x\\[/b\\]" in section.splitlines()
    assert f"- **Winner: {C1} → {C5}**" in section.splitlines()
    assert "- Changed: `m1` Due: 2027-02-26 → 2027-03-05" in section.splitlines()
