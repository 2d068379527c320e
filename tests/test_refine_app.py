"""Refine at the keyboard (Pilot): roles with recommendations, the three
panels with prefills, uncertain toggles, the live customer message, the
merged document in read-aloud order and the read-aloud mode."""

from __future__ import annotations

import html
import re
import tomllib
from pathlib import Path

import pytest

from mlew_tui import store
from mlew_tui.app import MlewApp
from mlew_tui.domain.session import Refine
from mlew_tui.screens.refine_read_aloud import ReadAloudScreen
from mlew_tui.widgets.faq_list import FaqList
from mlew_tui.widgets.field_list import FieldList
from mlew_tui.widgets.role_list import RoleList
from mlew_tui.widgets.steps_list import StepsList
from mlew_tui.widgets.wrapped import WrappedStatic

from .conftest import FakeClock

_TEXT = re.compile(r"<text[^>]*>(.*?)</text>", re.S)


def screen_text(app: MlewApp) -> str:
    """What the terminal shows, as plain text (from the SVG screenshot)."""
    return html.unescape("".join(_TEXT.findall(app.export_screenshot()))).replace("\xa0", " ")


def saved(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def make_app(path: Path, clock: FakeClock) -> MlewApp:
    return MlewApp(path, day=1, monotonic=clock.monotonic, now=clock.now)


def clear_refine(path: Path, **keep: list[str]) -> None:
    """Start Refine from scratch (nothing written, no roles unless given)."""
    session = store.load(path)
    session.refine = Refine(**keep)
    store.save(session, path)


async def goto(app: MlewApp, pilot, step: str) -> None:  # noqa: ANN001
    app.workshop.goto(step)
    app.show_step()
    await pilot.pause()
    await pilot.pause()


# -- roles -------------------------------------------------------------------------------


async def test_roles_are_recommended_on_entering_and_undoable(en_sample: Path, clock: FakeClock) -> None:
    clear_refine(en_sample)
    app = make_app(en_sample, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(app, pilot, "refine.roles")
        refine = app.workshop.session.refine
        assert (refine.planner, refine.sales, refine.developer) == (["maria"], ["emma"], ["james", "priya"])
        text = screen_text(app)
        assert "recommended: Developer" in text and "Planner" in text
        assert app.save_now_blocking()
        assert saved(en_sample)["refine"]["developer"] == ["james", "priya"]
        await pilot.press("ctrl+z")
        assert (refine.planner, refine.sales, refine.developer) == ([], [], [])
    app.lock.release()


async def test_roles_assigned_with_single_keys(en_sample: Path, clock: FakeClock) -> None:
    app = make_app(en_sample, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(app, pilot, "refine.roles")
        assert isinstance(app.focused, RoleList)
        await pilot.press("down", "s")  # James -> sales
        refine = app.workshop.session.refine
        assert refine.sales == ["james", "emma"] and refine.developer == ["priya"]
        await pilot.press("p")  # James -> planner: out of sales
        assert refine.planner == ["maria", "james"] and refine.sales == ["emma"]
        await pilot.press("r")  # everyone as recommended
        assert (refine.planner, refine.sales, refine.developer) == (["maria"], ["emma"], ["james", "priya"])
        assert app.save_now_blocking()
    data = saved(en_sample)["refine"]
    everyone = data["planner"] + data["sales"] + data["developer"]
    assert sorted(everyone) == ["emma", "james", "maria", "priya"]  # each exactly once
    app.lock.release()


async def test_unassigned_person_is_flagged_in_words(en_sample: Path, clock: FakeClock) -> None:
    clear_refine(en_sample, planner=["maria"], developer=["james", "priya"])
    app = make_app(en_sample, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(app, pilot, "refine.roles")
        text = screen_text(app)
        assert "Emma Walsh has no role yet" in text and "Nobody is in the Sales role" in text
        assert "no role" in text
    app.lock.release()


# -- role work ----------------------------------------------------------------------------


async def test_work_prefills_the_empty_document(en_sample: Path, clock: FakeClock) -> None:
    clear_refine(en_sample, planner=["maria"], sales=["emma"], developer=["james", "priya"])
    app = make_app(en_sample, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(app, pilot, "refine.work")
        assert isinstance(app.focused, FieldList)
        assert app.save_now_blocking()
        data = saved(en_sample)["refine"]
        assert data["offer"].startswith("Item-to-item collaborative filtering ('Frequently bought together') - suggestions that follow")
        assert data["strength"] == "Trip-based expert advice (checklists, hiker-staffed chat)"
        assert [f["q"] for f in data["internal_faq"]] == [
            "How will we measure the business growth of this feature?",
            "What data do we accumulate to keep improving the experience?",
        ]
        assert [f["q"] for f in data["customer_faq"]] == ["Is the effect proven?", "How much does it cost?"]
        text = screen_text(app)
        assert "<situation (A)>" in text  # an empty field shows as a named blank
        await pilot.press("ctrl+z")  # the prefill is one undoable step
        assert app.workshop.session.refine.offer == ""
        assert app.workshop.session.refine.customer_faq == []
    app.lock.release()


async def test_planner_edits_a_field_with_the_sentence_assembled_live(en_sample: Path, clock: FakeClock) -> None:
    clear_refine(en_sample, planner=["maria"], sales=["emma"], developer=["james", "priya"])
    app = make_app(en_sample, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(app, pilot, "refine.work")
        await pilot.press("down", "enter")  # situation (A)
        await pilot.pause()
        example = str(app.screen.query_one("#example").render())
        assert example == 'e.g. while preparing for business trips / in a busy week ("while" or "in" is added)'
        await pilot.press(*"packing for a trip")
        await pilot.pause()
        preview = str(app.screen.query_one("#preview").render())
        assert "for customers who, while packing for a trip, <what they wanted (B)>" in preview
        await pilot.press("enter")  # a one-line field: Enter saves
        await pilot.pause()
        assert app.workshop.session.refine.situation == "packing for a trip"
        sentence = str(app.screen.query_one("#message-sentence", WrappedStatic).content)
        assert "while packing for a trip, <what they wanted (B)> <what stopped them (C)>" in sentence
        assert app.save_now_blocking()
        assert saved(en_sample)["refine"]["situation"] == "packing for a trip"
    app.lock.release()


@pytest.mark.slow
async def test_developer_adds_a_step_and_marks_it_uncertain(en_sample: Path, clock: FakeClock) -> None:
    app = make_app(en_sample, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(app, pilot, "refine.work")
        await pilot.press("3")
        assert isinstance(app.focused, StepsList)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"[b]Open[/b] menu [@click=app.quit]X[/]")
        await pilot.press("ctrl+s")
        await pilot.pause()
        steps = app.workshop.session.refine.steps
        assert steps[-1].text == "[b]Open[/b] menu [@click=app.quit]X[/]" and not steps[-1].uncertain
        await pilot.press("u")  # the new step is highlighted
        assert steps[-1].uncertain
        text = screen_text(app)
        assert "6. [uncertain] [b]Open[/b] menu [@click=app.quit]X[/]" in text  # literal, red and marked
        await pilot.press("u")
        assert not steps[-1].uncertain
        await pilot.press("u")
        assert app.save_now_blocking()
        assert saved(en_sample)["refine"]["steps"][-1] == {"text": "[b]Open[/b] menu [@click=app.quit]X[/]", "uncertain": True}
        assert app.is_running
    app.lock.release()


@pytest.mark.slow
async def test_sales_marks_an_answer_uncertain_and_adds_a_question(en_sample: Path, clock: FakeClock) -> None:
    app = make_app(en_sample, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(app, pilot, "refine.work")
        await pilot.press("2")
        faq = app.screen.query_one("#customer-faq", FaqList)
        assert app.focused is faq
        await pilot.press("down", "u")  # Q2 "How much does it cost?" -> uncertain
        assert app.workshop.session.refine.customer_faq[1].uncertain
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"Can I try it first?", "enter", *"Yes, free for 3 months", "tab", "space")
        await pilot.press("ctrl+s")
        await pilot.pause()
        last = app.workshop.session.refine.customer_faq[-1]
        assert (last.q, last.a, last.uncertain) == ("Can I try it first?", "Yes, free for 3 months", True)
        assert "A: [uncertain] Yes, free for 3 months" in screen_text(app)
        await pilot.press("ctrl+z", "ctrl+z")
        assert len(app.workshop.session.refine.customer_faq) == 4
        assert not app.workshop.session.refine.customer_faq[1].uncertain
    app.lock.release()


async def test_f2_adds_to_the_panel_in_view(en_sample: Path, clock: FakeClock) -> None:
    app = make_app(en_sample, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(app, pilot, "refine.work")
        await pilot.press("f2")  # planner panel: the internal FAQ
        await pilot.pause()
        await pilot.press(*"Who maintains the model?", "ctrl+s")
        await pilot.pause()
        assert app.workshop.session.refine.internal_faq[-1].q == "Who maintains the model?"
    app.lock.release()


# -- merge and read aloud ------------------------------------------------------------------


async def test_merge_shows_the_document_in_read_aloud_order(en_sample: Path, clock: FakeClock) -> None:
    app = make_app(en_sample, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(app, pilot, "refine.merge")
        doc = str(app.screen.query_one("#merge-doc").render())
        heads = ["1. Customer message", "2. Steps", "3. Customer FAQ", "4. Internal FAQ", "Uncertain parts to discuss (4)"]
        positions = [doc.index(h) for h in heads]
        assert positions == sorted(positions)
        assert "read by Planner: Maria Lopez" in doc and "read by Developer: James Okafor, Priya Raman" in doc
        tail = doc[positions[-1] :]
        assert tail.count("[uncertain]") == 4 and "Step 3" in tail and "Internal FAQ Q3" in tail
    app.lock.release()


async def test_read_aloud_mode_shows_one_section_at_a_time(ja_sample: Path, clock: FakeClock) -> None:
    app = make_app(ja_sample, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(app, pilot, "refine.merge")
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ReadAloudScreen)

        def shown() -> tuple[str, str, str]:
            counter, reader, title = (str(app.screen.query_one(f"#read-{part}").render()) for part in ("counter", "reader", "title"))
            return counter, reader, title

        assert shown() == ("1 / 5", "企画役が読む: 佐藤 美咲", "顧客へのメッセージ")
        await pilot.press("right")
        assert shown() == ("2 / 5", "開発者役が読む: 田中 健太、鈴木 彩", "体験手順")
        await pilot.press("space", "space")
        assert shown()[1:] == ("企画役が読む: 佐藤 美咲", "社内向け FAQ")
        await pilot.press("right", "right")  # stays on the last page
        assert shown()[0] == "5 / 5" and "要確認" in shown()[2]
        assert "[要確認]" in str(app.screen.query_one("#read-body").render())
        await pilot.press("left")
        assert shown()[0] == "4 / 5"
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ReadAloudScreen)
    app.lock.release()


async def test_language_switch_keeps_the_refine_screen(en_sample: Path, clock: FakeClock) -> None:
    app = make_app(en_sample, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(app, pilot, "refine.merge")
        await pilot.press("f10")
        await pilot.pause()
        await pilot.pause()
        assert "顧客へのメッセージ" in screen_text(app)
    app.lock.release()


# -- issue #16: the state loop ------------------------------------------------------------


async def test_role_keys_then_undo_agree_on_screen_model_and_file(en_sample: Path, clock: FakeClock) -> None:
    app = make_app(en_sample, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(app, pilot, "refine.roles")
        refine = app.workshop.session.refine
        before = (list(refine.planner), list(refine.sales), list(refine.developer))
        await pilot.press("down", "s")  # James -> sales
        await pilot.pause()
        assert refine.sales == ["james", "emma"] and refine.developer == ["priya"]
        summary = str(app.screen.query_one("#roles-summary").render())
        assert "James Okafor, Emma Walsh" in summary
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert (refine.planner, refine.sales, refine.developer) == before
        summary = str(app.screen.query_one("#roles-summary").render())
        assert "James Okafor, Emma Walsh" not in summary
        assert "James Okafor, Priya" in summary
        assert app.save_now_blocking()
        loaded = store.load(en_sample).refine
        assert (loaded.planner, loaded.sales, loaded.developer) == before
    app.lock.release()


async def test_step_toggle_then_undo_agree_on_screen_model_and_file(en_sample: Path, clock: FakeClock) -> None:
    app = make_app(en_sample, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(app, pilot, "refine.work")
        await pilot.press("3")
        steps_list = app.screen.query_one(StepsList)
        texts = [s.text for s in app.workshop.session.refine.steps]
        marks = [(s.text, s.uncertain) for s in app.workshop.session.refine.steps]
        assert not marks[0][1]
        first = " ".join(texts[0].split()[:3])  # the start of its first line
        steps_list.highlighted = 0
        await pilot.press("u")  # the first step uncertain
        await pilot.pause()
        assert app.workshop.session.refine.steps[0].uncertain
        assert f"1. [uncertain] {first}" in screen_text(app)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert not app.workshop.session.refine.steps[0].uncertain
        assert f"1. [uncertain] {first}" not in screen_text(app)
        assert f"1. {first}" in screen_text(app)
        assert [s.text for s in app.workshop.session.refine.steps] == texts
        assert app.save_now_blocking()
        assert [(s.text, s.uncertain) for s in store.load(en_sample).refine.steps] == marks
    app.lock.release()
