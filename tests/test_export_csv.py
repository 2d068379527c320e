"""``mlew export --format csv``: the evaluation sheet - a BOM, one row per
person and case, a column per item headed "title (points)", the total."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from typer.testing import CliRunner

from mlew_tui import store
from mlew_tui.cli import app as cli
from mlew_tui.domain.scoring import analyse
from mlew_tui.export.csv import csv_bytes


def parse(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with the BOM
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_ja_sheet(ja_sample: Path) -> None:
    session = store.load(ja_sample)
    data = csv_bytes(session)
    assert b"\r\n" in data  # Excel's line ends
    rows = parse(data)
    header, body = rows[0], rows[1:]
    items = session.ordered_items()
    assert header == ["参加者", "事例", *[f"{i.title} ({i.points})" for i in items], "合計"]
    assert len(body) == len(session.participants) * len(session.cases)
    assert [(r[0], r[1]) for r in body[: len(session.cases)]] == [(session.participants[0].name, c.name) for c in session.cases]
    totals = analyse(session).persons
    for n, row in enumerate(body):
        person = session.participants[n // len(session.cases)]
        case = session.cases[n % len(session.cases)]
        cells = [float(v) for v in row[2:-1] if v]
        assert float(row[-1]) == sum(cells) == totals[person.id].totals[case.id]


def test_unscored_cells_are_empty_and_halves_kept(en_sample: Path) -> None:
    session = store.load(en_sample)
    person, case, item = session.participants[0], session.cases[0], session.ordered_items()[0]
    session.scores.setdefault(person.id, {})[case.id] = {item.id: 2.5}
    rows = parse(csv_bytes(session))
    assert rows[1][:3] == [person.name, case.name, "2.5"]
    assert rows[1][3:-1] == [""] * (len(session.items) - 1)
    assert rows[1][-1] == "2.5"


def test_text_with_commas_and_quotes_survives(en_sample: Path) -> None:
    session = store.load(en_sample)
    session.items[0].title = 'Fast, "reliable" search'
    rows = parse(csv_bytes(session))
    assert any(cell.startswith('Fast, "reliable" search (') for cell in rows[0])


def test_cli_writes_the_sheet(en_sample: Path) -> None:
    result = CliRunner().invoke(cli, ["export", str(en_sample), "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = parse(en_sample.with_suffix(".csv").read_bytes())
    session = store.load(en_sample)
    assert len(rows) == 1 + len(session.participants) * len(session.cases)


def test_a_new_export_is_its_owners_only_and_a_replaced_one_keeps_its_mode(en_sample: Path) -> None:
    import os

    from mlew_tui.export.files import write_export

    mask = os.umask(0o022)
    try:
        target = write_export(store.load(en_sample), "csv", en_sample.with_name("sheet.csv"), session_file=en_sample)
        assert target.stat().st_mode & 0o777 == 0o600  # workshop data is confidential
        target.chmod(0o644)  # the owner shared it on purpose
        write_export(store.load(en_sample), "csv", target, session_file=en_sample)
    finally:
        os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o644
