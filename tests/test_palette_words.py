"""The palette finds every command by the words people type, in both
languages (issue #17, part 4), and its Day 2 plan commands go to their step
and open their form - or, on Day 1, say they belong to Day 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandPalette

from mlew_tui import store
from mlew_tui.app import MlewApp
from mlew_tui.commands import COMMANDS, MlewCommands, palette_entries, search_words
from mlew_tui.forms.day2_forms import MilestoneForm, ProgressForm, TodoForm
from mlew_tui.i18n import catalog

from .conftest import FakeClock, make_app, settle_on

#: (query, UI language, day) -> a title the palette must list for it.
FINDS: dict[tuple[str, str, int], str] = {
    ("meeting", "en", 2): "Weekly meeting",
    ("meeting", "en", 1): "Weekly meeting",
    ("weekly", "en", 2): "Weekly meeting",
    ("todo", "en", 2): "Add TODO",
    ("task", "en", 2): "Add TODO",
    ("milestone", "en", 2): "Add intermediate milestone",
    ("report", "en", 2): "Executive reports",
    ("export", "en", 2): "Export the plan (calendar, workbook, sheet, Markdown)",
    ("export", "en", 1): "Export Markdown",
    ("calendar", "en", 2): "Export calendar (ics)",
    ("calendar", "en", 1): "Export calendar (ics)",
    ("ics", "en", 2): "Export calendar (ics)",
    ("excel", "en", 2): "Export workbook (xlsx)",
    ("score", "en", 1): "Go to Invent",
    ("score", "en", 2): "Go to Improve",
    ("vote", "en", 1): "Roll the die",
    ("vote", "en", 2): "Go to Improve",
    ("review", "en", 1): "Add review",
    ("timer", "en", 1): "Start or pause timer",
    ("dice", "en", 1): "Roll the die",
    ("language", "en", 1): "Switch language",
    ("day 1", "en", 2): "Show Day 1 / back to Day 2",
    ("frozen", "en", 2): "Show Day 1 / back to Day 2",
    ("view", "en", 2): "Next view of the re-run",
    ("tab", "en", 2): "Next view of the re-run",
    ("実践編", "ja", 2): "実践編を表示 / 改善編に戻る",
    ("見比べ", "ja", 2): "実践編を表示 / 改善編に戻る",
    ("画面", "ja", 2): "再実施の次の画面",
    ("会議", "ja", 2): "週次の進捗会議",
    ("会議", "ja", 1): "週次の進捗会議",
    ("meeting", "ja", 2): "週次の進捗会議",
    ("TODO", "ja", 2): "Todo を追加",
    ("todo", "ja", 2): "Todo を追加",
    ("タスク", "ja", 2): "Todo を追加",
    ("やること", "ja", 2): "Todo を追加",
    ("マイルストーン", "ja", 2): "中間マイルストーンを追加",
    ("milestone", "ja", 2): "中間マイルストーンを追加",
    ("報告", "ja", 2): "経営層への報告",
    ("エクスポート", "ja", 2): "計画を書き出す (カレンダー・ブック・評価表・Markdown)",
    ("エクスポート", "ja", 1): "Markdown を書き出す",
    ("export", "ja", 1): "Markdown を書き出す",
    ("カレンダー", "ja", 2): "カレンダーを書き出す (ics)",
    ("calendar", "ja", 2): "カレンダーを書き出す (ics)",
    ("評価", "ja", 1): "Invent へ移動",
    ("score", "ja", 1): "Invent へ移動",
    ("投票", "ja", 1): "サイコロを振る",
    ("vote", "ja", 1): "サイコロを振る",
    ("レビュー", "ja", 1): "レビューを追加",
    ("review", "ja", 1): "レビューを追加",
    ("サイコロ", "ja", 1): "サイコロを振る",
    ("タイマー", "ja", 1): "タイマーを開始 / 一時停止",
    ("言語", "ja", 1): "言語を切り替え",
}


def in_language(path: Path, lang: str) -> Path:
    session = store.load(path)
    session.language = lang  # type: ignore[assignment]
    store.save(session, path)
    return path


async def hits_of(app: MlewApp, query: str) -> list[str]:
    """The titles the palette's provider lists for ``query``, best first."""
    provider = MlewCommands(app.screen)
    hits = [hit async for hit in provider.search(query)]
    return [str(hit.text) for hit in sorted(hits, key=lambda h: -h.score)]


@pytest.mark.parametrize(("lang", "day"), [("en", 1), ("en", 2), ("ja", 1), ("ja", 2)])
async def test_the_palette_finds_each_command_by_its_words(en_sample: Path, clock: FakeClock, lang: str, day: int) -> None:
    app = make_app(in_language(en_sample, lang), clock, day=day)
    async with app.run_test(size=(120, 40)):
        missing = {}
        for (query, in_lang, on_day), title in FINDS.items():
            if (in_lang, on_day) == (lang, day):
                hits = await hits_of(app, query)
                if title not in hits:
                    missing[query] = (title, hits)
        assert missing == {}
    app.lock.release()


def test_the_search_table_exists_for_the_day2_sample_language() -> None:
    """Every row of the table is checked by one of the runs above (no typo in a key)."""
    assert {(lang, day) for _, lang, day in FINDS} == {("en", 1), ("en", 2), ("ja", 1), ("ja", 2)}


def test_every_command_has_search_words_in_both_languages() -> None:
    for cid, _ in COMMANDS:
        for lang in ("en", "ja"):
            assert catalog(lang).get(f"cmd_words.{cid}", "").strip(), (lang, cid)
    words = search_words("cmd_words.add_todo")
    assert "todo" in words and "タスク" in words and "TODO" in words
    assert search_words("cmd_words.no_such_command") == ()


async def test_a_title_match_ranks_before_a_word_match(en_sample: Path, clock: FakeClock) -> None:
    app = make_app(en_sample, clock, day=2)
    async with app.run_test(size=(120, 40)):
        assert (await hits_of(app, "meeting"))[0] == "Weekly meeting"
        assert (await hits_of(app, "todo"))[0] == "Add TODO"
    app.lock.release()


@pytest.mark.parametrize(
    ("action", "step", "form"),
    [
        ("on_step('day2.tasks', 'add_todo')", "day2.tasks", TodoForm),
        ("on_step('day2.timeline', 'add')", "day2.timeline", MilestoneForm),
        ("on_step('day2.register', 'weekly')", "day2.register", ProgressForm),
    ],
)
async def test_a_plan_command_goes_to_its_step_and_opens_its_form(en_sample: Path, clock: FakeClock, action: str, step: str, form: type) -> None:
    assert action in dict(COMMANDS).values()
    app = make_app(en_sample, clock, day=2)
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.workshop.step.id == "day2.allot"
        await app.run_action(action)
        await settle_on(pilot, form)
        assert app.workshop.step.id == step
        assert isinstance(app.screen, form)
        assert app.save_now_blocking()
        assert store.load(en_sample).progress.step == step
    app.lock.release()


async def test_add_todo_on_the_task_review_opens_the_form_there(en_sample: Path, clock: FakeClock) -> None:
    app = make_app(en_sample, clock, day=2)
    async with app.run_test(size=(120, 40)) as pilot:
        app.apply("goto", "day2.task_review")
        await pilot.pause(0.2)
        await app.run_action("on_step('day2.tasks', 'add_todo')")
        await settle_on(pilot, TodoForm)
        assert app.workshop.step.id == "day2.task_review"
        assert isinstance(app.screen, TodoForm)
    app.lock.release()


async def test_reports_and_export_from_the_palette(en_sample: Path, clock: FakeClock) -> None:
    app = make_app(en_sample, clock, day=2)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.run_action("on_step('day2.register', 'reports')")
        await pilot.pause(0.2)
        assert app.workshop.step.id == "day2.register"
        assert sorted(m.milestone for m in app.workshop.session.meetings if m.kind == "executive_report") == ["m1", "m2", "m3"]
        await app.run_action("on_step('day2.register', 'export')")
        await pilot.pause(0.2)
        for suffix in (".ics", ".xlsx", ".csv", ".md"):
            assert en_sample.with_suffix(suffix).exists(), suffix
    app.lock.release()


@pytest.mark.parametrize("lang", ["en", "ja"])
async def test_on_day1_a_plan_command_says_it_is_for_day2(en_sample: Path, clock: FakeClock, lang: str) -> None:
    app = make_app(in_language(en_sample, lang), clock, day=1)
    async with app.run_test(size=(120, 40)) as pilot:
        before = app.workshop.step.id
        await app.run_action("on_step('day2.register', 'weekly')")
        await pilot.pause()
        assert app.workshop.step.id == before
        assert app.workshop.day == 1
        assert [n.message for n in app._notifications] == [catalog(lang)["palette.day2_only"]]
    app.lock.release()


async def test_typing_meeting_in_the_palette_opens_the_weekly_meeting_form(en_sample: Path, clock: FakeClock) -> None:
    app = make_app(en_sample, clock, day=2)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"meeting")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle_on(pilot, ProgressForm)
        assert app.workshop.step.id == "day2.register"
        assert isinstance(app.screen, ProgressForm)
        await pilot.press("ctrl+s")  # the form's defaults
        await pilot.pause()
        assert [m.kind for m in app.workshop.session.meetings] == ["progress"]
    app.lock.release()


@pytest.mark.parametrize(("lang", "day"), [("en", 1), ("en", 2), ("ja", 1), ("ja", 2)])
async def test_a_whole_title_typed_is_its_commands_first_hit(en_sample: Path, clock: FakeClock, lang: str, day: int) -> None:
    """The words never push a command below another when its whole title is typed."""
    app = make_app(in_language(en_sample, lang), clock, day=day)
    async with app.run_test(size=(120, 40)):
        wrong = {}
        for title, _, _ in palette_entries(app):
            hits = await hits_of(app, title)
            if hits[0] != title:
                wrong[title] = hits[:3]
        assert wrong == {}
    app.lock.release()
