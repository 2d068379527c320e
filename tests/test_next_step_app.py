"""Next Step at the keyboard (Pilot): yes / no recorded, the diagnostics with
reasons and remedies, the processes to improve ticked (pre-ticked from the
diagnostics), Day 1 at a glance, the Day 2 checklist."""

from __future__ import annotations

from pathlib import Path

from mlew_tui import store
from mlew_tui.domain.session import NextStep
from mlew_tui.widgets.diagnostics_list import DiagnosticsList

from .conftest import FakeClock
from .test_refine_app import goto, make_app, saved, screen_text


def diagnostics_text(app) -> str:  # noqa: ANN001
    widget = app.screen.query_one(DiagnosticsList)
    return "\n".join(str(option.prompt) for option in widget.options)


async def test_yes_or_no_is_recorded(en_sample: Path, clock: FakeClock) -> None:
    app = make_app(en_sample, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(app, pilot, "next_step")
        assert "● No [n]" in str(app.screen.query_one("#go").render())
        await pilot.press("y")
        assert app.workshop.session.next_step.go_to_implementation is True
        assert "● Yes [y]" in str(app.screen.query_one("#go").render())
        assert app.save_now_blocking()
        assert saved(en_sample)["next_step"]["go_to_implementation"] is True
        await pilot.press("ctrl+z")
        assert app.workshop.session.next_step.go_to_implementation is False
    app.lock.release()


async def test_diagnostics_with_reasons_and_remedies(en_sample: Path, clock: FakeClock) -> None:
    app = make_app(en_sample, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(app, pilot, "next_step")
        text = diagnostics_text(app)
        for line in (
            "[ ] Listen   OK",
            "[x] Invent   Check",
            "close totals: the two highest sums are within 10% (c1: 44, c5: 42)",
            "Remedy: Bring in cases from other domains.",
            "[x] Refine   Check",
            "2 steps in red (uncertain): 3, 5",
            "Remedy: Ask experts to assess the feasibility risks.",
        ):
            assert line in text, line
    app.lock.release()


async def test_processes_are_pre_ticked_then_ticked_by_the_team(en_sample: Path, clock: FakeClock) -> None:
    session = store.load(en_sample)
    session.next_step = NextStep()
    store.save(session, en_sample)
    app = make_app(en_sample, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(app, pilot, "next_step")
        assert app.workshop.session.next_step.improve == ["invent", "refine"]
        assert isinstance(app.focused, DiagnosticsList)
        await pilot.press("space")  # Listen
        assert app.workshop.session.next_step.improve == ["listen", "invent", "refine"]
        await pilot.press("down", "down", "space")  # Invent off
        assert app.workshop.session.next_step.improve == ["listen", "refine"]
        assert "[ ] Invent" in diagnostics_text(app) and "[x] Listen" in diagnostics_text(app)
        await pilot.press("n")
        assert app.save_now_blocking()
        data = saved(en_sample)["next_step"]
        assert data == {"go_to_implementation": False, "improve": ["listen", "refine"], "notes": ""}
    app.lock.release()


async def test_day1_summary_and_day2_checklist(ja_day2_sample: Path, clock: FakeClock) -> None:
    app = make_app(ja_day2_sample, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(app, pilot, "next_step")
        await pilot.press("2")
        summary = str(app.screen.query_one("#day1-summary").render())
        assert "レビュー 16 件（うち仮定 4 件）" in summary
        assert "採用: レッスン音声の自動文字起こしと振り返りレポート（得票数（最も多く 1 位に選ばれた事例））" in summary
        assert "赤字（要確認）4 件" in summary
        assert "改善編で改善するプロセス: Listen、Invent" in summary
        await pilot.press("3")
        checklist = str(app.screen.query_one("#day2-checklist").render())
        assert "1. [x] 実践編の振り返りから、改善するプロセスを特定し準備している" in checklist
        assert "2. [ ] 実践編のアウトプットは電子化・共有されている" in checklist
        assert "3.  •  改善編の前半、プロセス改善の進行は参加者が行う" in checklist
        app.action_export_markdown()  # the output made digital: the box is ticked
        await pilot.pause()
        assert "2. [x]" in str(app.screen.query_one("#day2-checklist").render())
    app.lock.release()


async def test_notes_are_edited_and_shown_literally(en_sample: Path, clock: FakeClock) -> None:
    app = make_app(en_sample, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(app, pilot, "next_step")
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("ctrl+a", "ctrl+k")  # the TextArea: clear the first line's tail
        await pilot.press(*"[b]Call Dan[/b] ")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.workshop.session.next_step.notes.startswith("[b]Call Dan[/b] ")
        await pilot.press("2")
        assert "[b]Call Dan[/b]" in screen_text(app)
        await pilot.press("ctrl+z")  # the summary view follows the undo, and so does the file
        await pilot.pause()
        assert "[b]Call Dan[/b]" not in screen_text(app)
        assert app.save_now_blocking()
        assert "[b]Call Dan[/b]" not in store.load(en_sample).next_step.notes
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert "[b]Call Dan[/b]" in screen_text(app)
    app.lock.release()
