"""The Markdown export: golden documents of both samples, uncertain parts
flagged on their lines, user text kept literal, `mlew export` and the app's
`Export Markdown`.

Regenerate the golden files after an intended change with
``MLEW_UPDATE_GOLDEN=1 pytest tests/test_export_markdown.py`` and read the diff.
"""

from __future__ import annotations

import os
import tomllib
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mlew_tui import store
from mlew_tui.app import MlewApp
from mlew_tui.cli import app as cli
from mlew_tui.domain.session import Faq, RefineStep, new_session
from mlew_tui.export import to_markdown, write_markdown
from mlew_tui.export.guard import MD_MARKER
from mlew_tui.export.md_text import block, esc, inline, table

from .conftest import FakeClock

GOLDEN = Path(__file__).parent / "golden"
SAMPLES = {"en_ec_recommendations": "en_sample", "ja_eikaiwa": "ja_sample", "ja_eikaiwa_day2": "ja_day2_sample", "en_ec_recommendations_day2": "en_day2_sample"}
#: The export's "today" (nearest milestones, next meeting): the Japanese sample's Day 2.
TODAY = date(2026, 12, 10)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_golden_markdown(name: str, request: pytest.FixtureRequest) -> None:
    text = to_markdown(store.load(request.getfixturevalue(SAMPLES[name])), today=TODAY)
    golden = GOLDEN / f"{name}.md"
    if os.environ.get("MLEW_UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8", newline="\n")
    assert golden.exists(), f"no golden file {golden}: run with MLEW_UPDATE_GOLDEN=1"
    assert text == golden.read_text(encoding="utf-8")


def test_english_document_has_every_section(en_sample: Path) -> None:
    text = to_markdown(store.load(en_sample), today=TODAY)
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == ["## Summary", "## PR/FAQ", "## Day 2 plan", "## Appendix"]  # a Day 1 session: nothing changed since Day 1 yet
    assert (
        "- **Chosen case:** **Item-to-item collaborative filtering ('Frequently bought together')** (`c1`), "
        "decided by scores (a tie in picks; the higher sum of all totals)"
    ) in text
    assert "- **PR headline:** **Complete Your Kit - trip-aware recommendations**: 'Complete Your Kit': on every product page," in text
    assert "- **Go straight to implementation?** No" in text
    assert "- **Processes to improve on Day 2:** Invent, Refine" in text
    assert "#### Invent — Check" in text and "#### Listen — OK" in text
    assert "#### Milestone 1: Is the customer experience improved?" in text


def test_read_aloud_order_and_uncertain_flags_on_their_lines(en_sample: Path) -> None:
    session = store.load(en_sample)
    lines = to_markdown(session).splitlines()
    order = [n for n, line in enumerate(lines) if line.startswith("### ") and "read by" in line]
    assert [lines[n].split(" — ")[0] for n in order] == ["### 1. Customer message", "### 2. Steps", "### 3. Customer FAQ", "### 4. Internal FAQ"]
    flagged = [line for line in lines if "uncertain**" in line]
    steps = [line for line in flagged if line[:2] in ("3.", "5.")]
    assert steps == [
        "3. **⚠ uncertain** Optionally pick your trip type from the checklist menu; the row updates to match the trip.",
        "5. **⚠ uncertain** A day after delivery, get one email with the next items for your trip, based on what you kept (not what you returned).",
    ]
    assert any(line.startswith("A: **⚠ uncertain** In a two-week pilot") for line in flagged)
    assert sum(line.startswith("- **⚠ uncertain**") for line in lines) == 4  # the list to discuss
    assert not any("uncertain" in line for line in lines if line.startswith(("1. ", "2. ", "4. ")))


def test_japanese_flags_use_the_japanese_word(ja_day2_sample: Path) -> None:
    text = to_markdown(store.load(ja_day2_sample))
    assert "3. **⚠ 要確認** レッスン終了から 5 分以内に" in text
    assert "## 改善編の計画" in text  # the Day 2 plan is present in this sample
    assert "| Listen | 30 |" in text


def test_a_day1_session_says_day2_has_not_started(en_sample: Path) -> None:
    text = to_markdown(store.load(en_sample), today=TODAY)
    assert "Day 2 has not started yet: these are the milestones set on Day 1." in text
    assert "What changed since Day 1" not in text


def test_user_text_stays_literal() -> None:
    session = new_session("[b]Title[/b] | <script>", "en")
    session.refine.steps = [RefineStep(text="*bold* [@click=app.quit]x[/] `code`", uncertain=True)]
    session.refine.customer_faq = [Faq(q="# heading?", a="1. not a list\n- nor this")]
    text = to_markdown(session)
    assert text.startswith("# \\[b\\]Title\\[/b\\] \\| &lt;script&gt;\n")
    assert "1. **⚠ uncertain** \\*bold\\* \\[@click=app.quit\\]x\\[/\\] \\`code\\`" in text
    assert "**Q1. # heading?**" in text


def test_markdown_helpers() -> None:
    assert esc("a|b*c_d<e>") == "a\\|b\\*c\\_d&lt;e&gt;"
    assert inline("one\ntwo") == "one two"
    assert block("1. x\n- y") == "1\\. x\\\n\\- y"
    assert table(["A", "B"], [["1", ""]], "lr") == ["| A | B |", "|---|---:|", "| 1 |   |"]


def test_an_empty_session_exports() -> None:
    text = to_markdown(new_session("Empty", "ja"))
    assert text.startswith("# Empty\n") and text.endswith("\n") and "まだありません。" in text


# -- the command line --------------------------------------------------------------------

runner = CliRunner()


def test_cli_writes_next_to_the_session_by_default(en_sample: Path) -> None:
    result = runner.invoke(cli, ["export", str(en_sample), "--format", "md"])
    assert result.exit_code == 0, result.output
    target = en_sample.with_suffix(".md")
    assert f"Written: {target}" in result.output
    assert target.read_text(encoding="utf-8") == MD_MARKER + "\n\n" + to_markdown(store.load(en_sample))


def test_cli_output_option(ja_sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "plan.md"
    out.parent.mkdir()
    result = runner.invoke(cli, ["export", str(ja_sample), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "書き出しました" in result.output
    assert out.read_text(encoding="utf-8").startswith(MD_MARKER + "\n\n# トークライン")


def test_cli_unknown_format_is_a_usage_error(en_sample: Path) -> None:
    assert runner.invoke(cli, ["export", str(en_sample), "--format", "pdf"]).exit_code == 2


def test_cli_broken_file_is_a_clean_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('format = "mlew-session"\nschema_version = 1\ntitle = \n', encoding="utf-8")
    result = runner.invoke(cli, ["export", str(bad)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert not bad.with_suffix(".md").exists()


def test_write_markdown_replaces_atomically(tmp_path: Path) -> None:
    target = tmp_path / "x.md"
    target.write_text(MD_MARKER + "\n\n# Old\n", encoding="utf-8")  # an earlier export: replaced
    write_markdown(new_session("New", "en"), target, session_file=tmp_path / "new.toml")
    assert target.read_text(encoding="utf-8").startswith(MD_MARKER + "\n\n# New")
    assert [p.name for p in tmp_path.iterdir()] == ["x.md"]


# -- the app -------------------------------------------------------------------------------


async def test_export_markdown_command_in_the_app(en_sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clock = FakeClock()
    app = MlewApp(en_sample, day=1, monotonic=clock.monotonic, now=clock.now)
    notes: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        monkeypatch.setattr(app, "notify", lambda message, **kw: notes.append(str(message)))
        await pilot.press("ctrl+p")
        await pilot.press(*"Export Markdown")
        await pilot.press("enter")
        await pilot.pause()
    target = en_sample.with_suffix(".md")
    assert target.exists()
    assert notes == [f"Exported to {target}"]
    assert target.read_text(encoding="utf-8") == MD_MARKER + "\n\n" + to_markdown(store.load(en_sample))
    assert tomllib.loads(en_sample.read_text(encoding="utf-8"))["title"]  # the session file is untouched
