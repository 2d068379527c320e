"""The facilitator's voice in the room (issue #19 item 3): the tips panel
(``t`` and the palette) shows the current step's tips from the organizer
guides in the UI language and follows the room; the intro teaches Working
Backwards, the PR/FAQ and the three behaviours before Listen."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.containers import VerticalScroll
from textual.widgets import Label

from mlew_tui import store
from mlew_tui.app import MlewApp
from mlew_tui.commands import COMMANDS, palette_entries
from mlew_tui.domain import agenda
from mlew_tui.i18n import catalog
from mlew_tui.screens.help import HelpScreen
from mlew_tui.screens.setup import SetupScreen
from mlew_tui.widgets.instruction import InstructionCard
from mlew_tui.widgets.tips_panel import TipsPanel, TipsText
from mlew_tui.widgets.wrapped import WrappedStatic

from .conftest import FakeClock, make_app, screen_of


def in_language(path: Path, lang: str) -> Path:
    session = store.load(path)
    session.language = lang  # type: ignore[assignment]
    store.save(session, path)
    return path


def panel(app: MlewApp) -> TipsPanel:
    return app.screen.query_one(TipsPanel)


def tips_of(step_id: str, lang: str) -> str:
    """What the panel must say on ``step_id``: its tips, one bullet each, from the catalog."""
    step = agenda.step_by_id(agenda.ALL_STEPS, step_id)
    return "\n".join("• " + catalog(lang)[key] for key in step.tips)  # type: ignore[arg-type]


async def settle(pilot) -> None:  # noqa: ANN001
    await pilot.pause()
    await pilot.pause()


# -- every step has tips, in both languages ----------------------------------------
def test_every_step_of_both_days_has_a_tip_in_both_languages() -> None:
    for step in agenda.day1_steps() + agenda.day2_steps(agenda.PROCESSES):
        assert step.tips, step.id
        for lang in ("en", "ja"):
            for key in step.tips:
                assert catalog(lang)[key].strip(), (lang, key)  # type: ignore[index]


def test_the_planner_drafts_the_milestones_on_refine_and_test_iterate() -> None:
    """The deck: 「Refine の企画役が素案を提示してください。他のメンバーは、ブラッシュアップに協力してください。」"""
    steps = {s.id: s for s in agenda.day1_steps()}
    assert steps["refine.roles"].tips == ("tip.solo_work", "tip.planner_draft")
    assert steps["test.milestones"].tips == ("tip.first_milestone", "tip.planner_draft")
    assert (
        catalog("ja")["tip.planner_draft"]
        == "企画役は 3 つのマイルストーンの素案も用意し、Test/Iterate で提示します。他の参加者はブラッシュアップに協力します。"
    )


# -- the key ----------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["en", "ja"])
async def test_t_shows_and_hides_the_steps_tips_and_saves_nothing(en_sample: Path, clock: FakeClock, lang: str) -> None:
    app = make_app(in_language(en_sample, lang), clock, day=1)
    async with app.run_test(size=(120, 40)) as pilot:
        app.apply("goto", "listen.customer")
        await settle(pilot)
        assert app.save_now_blocking()
        saved = en_sample.read_bytes()
        assert not panel(app).display  # hidden until asked: the tips are the facilitator's
        await pilot.press("t")
        await settle(pilot)
        assert panel(app).display and app.tips_shown
        assert panel(app).border_title == catalog(lang)["tips.heading"]
        assert panel(app).text.plain == tips_of("listen.customer", lang)
        await pilot.press("t")
        await settle(pilot)
        assert not panel(app).display and not app.tips_shown
        # A view setting: the file is as it was, and nothing waits to be saved.
        assert not app.unsaved
        assert app.save_now_blocking()
        assert en_sample.read_bytes() == saved
    app.lock.release()


async def test_the_exact_tips_on_the_intro_in_japanese(ja_sample: Path, clock: FakeClock) -> None:
    app = make_app(ja_sample, clock, day=1)
    async with app.run_test(size=(80, 24)) as pilot:
        app.apply("goto", "intro")
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert panel(app).border_title == "ファシリテーターのヒント"
        assert panel(app).border_subtitle == "t で閉じます"
        assert panel(app).text.plain == (
            "• データや議論が薄いと感じることを最初に伝えてください。改善編はまさにそれを直すためにあります。\n• 延長はしません。30 分の休憩が唯一のバッファです。"
        )
    app.lock.release()


@pytest.mark.parametrize("lang", ["en", "ja"])
async def test_the_panel_follows_f7_and_f8_and_the_language(en_sample: Path, clock: FakeClock, lang: str) -> None:
    other = "ja" if lang == "en" else "en"
    app = make_app(in_language(en_sample, lang), clock, day=1)
    async with app.run_test(size=(120, 40)) as pilot:
        app.apply("goto", "define.scoring_prep")
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert panel(app).text.plain == tips_of("define.scoring_prep", lang)
        await pilot.press("f8")
        await settle(pilot)
        assert app.workshop.step.id == "break.first"
        assert panel(app).display
        assert panel(app).text.plain == tips_of("break.first", lang)
        await pilot.press("f8")  # another screen (Invent's): the panel comes along
        await settle(pilot)
        assert app.workshop.step.id == "invent.growth_cycle"
        assert panel(app).display
        assert panel(app).text.plain == tips_of("invent.growth_cycle", lang)
        await pilot.press("f7", "f7")
        await settle(pilot)
        assert app.workshop.step.id == "define.scoring_prep"
        assert panel(app).text.plain == tips_of("define.scoring_prep", lang)
        await pilot.press("f10")
        await settle(pilot)
        assert panel(app).border_title == catalog(other)["tips.heading"]
        assert panel(app).text.plain == tips_of("define.scoring_prep", other)
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("f8")
        await settle(pilot)
        assert not panel(app).display  # hidden stays hidden on the next step
    app.lock.release()


async def test_the_panel_shows_day2s_tips(en_day2_sample: Path, clock: FakeClock) -> None:
    app = make_app(en_day2_sample, clock, day=2)
    async with app.run_test(size=(120, 40)) as pilot:
        app.apply("goto", "day2.register")
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert panel(app).text.plain == "• Recurring meetings and executive reports go into calendars before people leave the room."
    app.lock.release()


# -- the palette --------------------------------------------------------------------
@pytest.mark.parametrize(("lang", "title"), [("en", "Show / hide the facilitator's tips"), ("ja", "ファシリテーターのヒントを表示／非表示")])
async def test_the_palette_command_toggles_the_panel(en_sample: Path, clock: FakeClock, lang: str, title: str) -> None:
    assert ("toggle_tips", "toggle_tips") in COMMANDS
    app = make_app(in_language(en_sample, lang), clock, day=1)
    async with app.run_test(size=(120, 40)) as pilot:
        app.apply("goto", "invent.cases")
        await settle(pilot)
        entries = {t: (h, a) for t, h, a in palette_entries(app)}
        assert entries[title] == (catalog(lang)["cmd_help.toggle_tips"] + "  ·  t", "toggle_tips")
        for expected in (True, False):
            await pilot.press("ctrl+p")
            await pilot.pause()
            assert isinstance(app.screen, CommandPalette)
            await pilot.press(*"tips")
            await pilot.pause(0.5)
            await pilot.press("enter")
            await settle(pilot)
            assert app.tips_shown is expected
            assert panel(app).display is expected
        assert panel(app).text.plain == tips_of("invent.cases", lang)
    app.lock.release()


# -- F1 --------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["en", "ja"])
async def test_f1_lists_the_tips_key(en_sample: Path, clock: FakeClock, lang: str) -> None:
    app = make_app(in_language(en_sample, lang), clock, day=1)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f1")
        await settle(pilot)
        help_screen = screen_of(app, HelpScreen)
        help_screen.query_one("#help", VerticalScroll).scroll_end(animate=False)
        await settle(pilot)
        text = html.unescape(app.export_screenshot()).replace("\xa0", " ")  # what the room sees, as text
        assert catalog(lang)["key.toggle_tips"] in text
        binding = next(b for b in app.BINDINGS if getattr(b, "id", None) == "toggle_tips")
        assert binding.key == "t"  # type: ignore[union-attr]
    app.lock.release()


# -- the intro teaches before Listen ----------------------------------------------------
INTRO = {
    "ja": {
        "#intro-wb-heading": "Working Backwards：お客様から考える",
        "#intro-prfaq-heading": "PR/FAQ：作る前に書く",
        "#intro-behaviours-heading": "実践編でとって頂きたい行動",
        "#intro-wb": "製品・サービス・体験がお客様の手に渡った瞬間から逆算して考える、Amazon のプロダクト開発プロセスです。"
        "実践編では、時間に合わせて簡略化した次の 5 つのプロセスを通しで行います。\n\n"
        "1. Listen：顧客は誰か？\n2. Define：課題と機会は何か？\n3. Invent：解決策は何か？\n"
        "4. Refine：最終的な顧客の体験は？\n5. Test/Iterate：成功を計測する指標は？",
        "#intro-prfaq": "PR（プレスリリース）：未来の顧客が受け取るメッセージと、そこでの顧客の反応・反響をありありと書きます。\n"
        "FAQ（質問集）：顧客が尋ねてくるであろう難しい質問への回答と、社内の関係者から寄せられるビジネス目標や収益についての回答です。\n\n"
        "今回は簡易な企画書を書くにとどめます。Refine で顧客へのメッセージと FAQ を書き、改善編で Iterate して洗練します。",
    },
    "en": {
        "#intro-wb-heading": "Working Backwards: start from the customer",
        "#intro-prfaq-heading": "PR/FAQ: written before anything is built",
        "#intro-behaviours-heading": "What we ask of you today",
        "#intro-wb": "Amazon's process for building products: start from the moment the product, service or experience reaches the customer, "
        "and work backwards from there. Today we run it end to end, simplified to fit the time, in five processes:\n\n"
        "1. Listen: Who is the customer?\n2. Define: What are the problems and opportunities?\n3. Invent: What is the solution?\n"
        "4. Refine: What is the final customer experience?\n5. Test/Iterate: How is success measured?",
        "#intro-prfaq": "PR (press release): the message future customers receive, and how they react to it, written vividly.\n"
        "FAQ: answers to the hard questions customers will ask and, separately, to the questions about business goals and revenue "
        "that people inside the company will ask.\n\n"
        "Today we only write a short plan: in Refine, the customer message and the FAQs. Day 2 iterates on it.",
    },
}


def shown(screen: SetupScreen, selector: str) -> str:
    widget = screen.query_one(selector)
    if isinstance(widget, WrappedStatic):
        assert widget._text is not None
        return widget._text.plain
    assert isinstance(widget, Label)
    return str(widget.content)


@pytest.mark.parametrize("lang", ["en", "ja"])
async def test_the_intro_teaches_working_backwards_the_pr_faq_and_the_behaviours(en_sample: Path, clock: FakeClock, lang: str) -> None:
    app = make_app(in_language(en_sample, lang), clock, day=1)
    async with app.run_test(size=(120, 40)) as pilot:
        app.apply("goto", "intro")
        await settle(pilot)
        screen = screen_of(app, SetupScreen)
        for selector, text in INTRO[lang].items():
            assert shown(screen, selector) == text, selector
        behaviours = shown(screen, "#intro-behaviours")
        ja = catalog(lang)
        assert behaviours == "\n".join(f"{n}. {ja[f'behaviour.{b}.title']}\n{ja[f'behaviour.{b}.text']}" for n, b in enumerate(agenda.BEHAVIOURS, start=1))
        # The behaviours are in the work area now, not repeated on the card.
        card = screen.query_one(InstructionCard)
        assert card._text is not None and ja["behaviour.decide.text"] not in card._text.plain
        # The switch of language teaches in the other.
        other = "ja" if lang == "en" else "en"
        await pilot.press("f10")
        await settle(pilot)
        screen = screen_of(app, SetupScreen)
        assert shown(screen, "#intro-wb-heading") == INTRO[other]["#intro-wb-heading"]
        assert shown(screen, "#intro-prfaq") == INTRO[other]["#intro-prfaq"]
    app.lock.release()


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
async def test_the_intro_starts_with_working_backwards_and_scrolls_to_the_rest(ja_sample: Path, clock: FakeClock, size: tuple[int, int]) -> None:
    """On the projector the room sees Working Backwards first; the prerequisites,
    the workshop and the team are a scroll away (the work area scrolls)."""
    app = make_app(ja_sample, clock, day=1)
    async with app.run_test(size=size) as pilot:
        app.apply("goto", "intro")
        await settle(pilot)
        screen = screen_of(app, SetupScreen)
        area = screen.query_one("#setup", VerticalScroll)
        heading = screen.query_one("#intro-wb-heading")
        assert area.region.contains_region(heading.region)
        team = screen.query_one("#participants")
        if size == (80, 24):
            assert area.max_scroll_y > 0
        area.scroll_to_widget(team, animate=False)
        await settle(pilot)
        assert area.region.contains_region(team.region)
    app.lock.release()


def test_the_teaching_is_in_both_catalogs_with_full_width_punctuation() -> None:
    keys = [k for k in catalog("en") if k.startswith(("intro.", "tips.")) or k.endswith(".toggle_tips")]
    assert sorted(keys) == sorted(k for k in catalog("ja") if k.startswith(("intro.", "tips.")) or k.endswith(".toggle_tips"))
    for key in keys:
        text = catalog("ja")[key]
        assert " - " not in text and "?" not in text and "!" not in text, key


async def test_a_long_tip_wraps_under_its_first_word_at_80x24(ja_sample: Path, clock: FakeClock) -> None:
    app = make_app(ja_sample, clock, day=1)
    async with app.run_test(size=(80, 24)) as pilot:
        app.apply("goto", "test.who_what_how")
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        shown = panel(app).query_one(TipsText)
        lines = [strip.text.rstrip() for strip in shown.render_lines(shown.region.reset_offset)]
        assert lines == [
            "• Who は評価する人で、顧客（デッキの例では「会員登録して 3 カ月以内の顧客 30",
            "  名」）、プロダクトマネージャー、データサイエンティストなどです。What は計",
            "  測する対象、How は指標と合否の基準です。",
            "• 切りのよい数字で素早く決めます。ユーザーインタビューは 5 人程度で使い勝手",
            "  の問題の大半が見つかり、10,000 人中 100 件程度の回答で傾向がわかります。",
        ]
        assert app.screen.query_one("#body").region.height > panel(app).region.height  # the work area keeps most of the screen
    app.lock.release()
