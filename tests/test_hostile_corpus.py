"""Every command on every file of the hostile corpus (tests/hostile_corpus.py):
a hostile file is refused by all of them alike, with one line naming its TOML
path and no traceback; hostile text is taken by all of them and comes out
harmless in every output (issue #18, items 4, 6 and 9)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from typer.testing import CliRunner, Result

from mlew_tui.cli import app

from .hostile_corpus import ACCEPTED, REFUSED, Hostile

runner = CliRunner()
RAW_CONTROLS = ("\x1b", "\x07", "\u202e", "\u2066", "\x85", "\x9b")


def mlew(*args: str) -> Result:
    result = runner.invoke(app, list(args), env={"LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""})
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


@pytest.mark.parametrize("hostile", REFUSED, ids=[h.name for h in REFUSED])
def test_every_command_refuses_a_hostile_file_alike(hostile: Hostile, tmp_path: Path) -> None:
    path = hostile.write(tmp_path)
    before = path.read_bytes()
    commands = [
        ("check", str(path)),
        ("report", str(path)),
        ("report", "--json", str(path)),
        *(("export", str(path), "--format", fmt, "-o", str(tmp_path / f"out.{fmt}")) for fmt in ("md", "csv", "xlsx", "ics")),
        ("run", str(path)),
        ("serve", str(path), "--port", "0"),
    ]
    outputs = set()
    for command in commands:
        result = mlew(*command)
        assert result.exit_code == 1, (command, result.output[:300])
        outputs.add(result.output)
    assert len(outputs) == 1  # one validation: the same words from every command
    (output,) = outputs
    assert hostile.refused_at in output
    assert len(output) < 2000  # a line per problem, not the 3.6 MB value echoed back
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # no export, no backup, nothing


@pytest.mark.parametrize("hostile", ACCEPTED, ids=[h.name for h in ACCEPTED])
def test_hostile_text_is_taken_and_comes_out_harmless(hostile: Hostile, tmp_path: Path) -> None:
    path = hostile.write(tmp_path)
    assert mlew("check", str(path)).exit_code == 0
    report = mlew("report", str(path))
    assert report.exit_code == 0
    as_json = mlew("report", "--json", str(path))
    assert as_json.exit_code == 0
    json.loads(as_json.output)
    for output in (report.output, as_json.output):
        assert not [c for c in RAW_CONTROLS if c in output]
    for fmt in ("md", "csv", "xlsx", "ics"):
        assert mlew("export", str(path), "--format", fmt).exit_code == 0
    md = path.with_suffix(".md").read_text(encoding="utf-8")
    assert not [c for c in RAW_CONTROLS if c in md]
    html = MarkdownIt("commonmark").enable("table").render(md)  # what a wiki shows
    assert "<script" not in html and "<img" not in html
    links = re.findall(r'href="([^"]*)"', html)
    assert all(link.startswith(("http://", "https://")) for link in links), links
    text = path.with_suffix(".csv").read_text(encoding="utf-8-sig")
    assert not [c for c in RAW_CONTROLS if c in text]
    for row in csv.reader(io.StringIO(text)):
        for cell in row:
            assert not cell or cell[0] not in "=+-@\t\r", cell  # a spreadsheet would run it

    from openpyxl import load_workbook

    book = load_workbook(path.with_suffix(".xlsx"))
    formulas = [c.value for sheet in book.worksheets for line in sheet.iter_rows() for c in line if c.data_type == "f"]
    # the workbook's own totals may name a sheet called after a person ('=HYPERLINK(...'!H3): a quoted name, not code
    code = [re.sub(r"'(?:[^']|'')*'!", "", str(f)) for f in formulas]
    assert not [f for f in code if any(bad in f for bad in ("HYPERLINK", "cmd|", "@SUM", "-2+3", "=1+1"))]
