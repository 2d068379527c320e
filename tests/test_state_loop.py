"""The state loop (issue #16): the screen shown is the step in the file,
after any sequence of moves and edits; undo restores what fields show; the
screens never import the app; every command names the parts it changes."""

from __future__ import annotations

import ast
import html
import random
import re
import tomllib
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from mlew_tui import store
from mlew_tui.app import MlewApp
from mlew_tui.domain.commands import ALL_PARTS, COMMANDS
from mlew_tui.report import report_data
from mlew_tui.screens.phases import screen_kind
from mlew_tui.widgets.agenda_bar import AgendaBar
from mlew_tui.widgets.review_board import ReviewBoard
from mlew_tui.workshop import Workshop

from .conftest import FakeClock, make_app

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "mlew_tui"


def file_step(path: Path) -> str:
    return tomllib.loads(path.read_text(encoding="utf-8"))["progress"]["step"]


def agenda_text(app: MlewApp) -> str:
    return str(app.screen.query_one(AgendaBar).render())


def assert_screen_is_file(app: MlewApp, path: Path) -> None:
    """The screen on top is the one for the step in the model and in the file."""
    assert app.save_now_blocking()
    step = app.workshop.step
    assert file_step(path) == step.id
    assert type(app.screen) is screen_kind(app.workshop), (step.id, type(app.screen).__name__)
    title = app.tr(step.title_key)
    assert title[:12] in agenda_text(app), (step.id, agenda_text(app))


async def assert_nothing_stale(app: MlewApp, pilot: Pilot[None]) -> None:
    """What the loop's partial refresh shows is what a full refill shows."""
    screen = app.workshop_screen
    if screen is None:
        return
    # Settle the autosave first: its "saving" -> "saved" may land at any pause.
    assert app.save_now_blocking()
    await pilot.pause()
    shown = screen_lines(app)
    screen.refresh_all()
    await pilot.pause()
    now = screen_lines(app)
    assert now == shown, (app.workshop.step.id, [(a, b) for a, b in zip(shown, now, strict=False) if a != b])


def screen_lines(app: MlewApp) -> list[str]:
    """The text on the terminal, line by line (the SVG's rows, without its markup)."""
    svg = app.export_screenshot()
    rows = re.findall(r'<text class="[^"]*" x="[^"]*" y="([^"]*)"[^>]*>(.*?)</text>', svg)
    lines: dict[str, str] = {}
    for y, text in rows:
        lines[y] = lines.get(y, "") + html.unescape(text)
    return [lines[y] for y in sorted(lines, key=float)]


# -- the rules of the house -----------------------------------------------------------


@pytest.mark.parametrize("folder", ["screens", "widgets", "forms", "views"])
def test_screens_widgets_forms_and_views_never_import_the_app(folder: str) -> None:
    """They reach the app through ``host.WorkshopHost``; the app imports them."""
    offenders = []
    for source in sorted((PACKAGE / folder).glob("*.py")):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module in {"app", "mlew_tui.app"} and node.level in (0, 2):
                offenders.append(source.name)
            if isinstance(node, ast.Import) and any(a.name == "mlew_tui.app" for a in node.names):
                offenders.append(source.name)
    assert offenders == []


def test_screens_never_change_the_session_but_through_commands() -> None:
    """No screen, widget or form builds an edit or calls the history itself."""
    offenders = []
    for folder in ("screens", "widgets", "forms", "views"):
        for source in sorted((PACKAGE / folder).glob("*.py")):
            text = source.read_text(encoding="utf-8")
            for needle in ("workshop.do(", "history.do(", ".history.", "set_attrs(", "workshop.goto(", "workshop.timer_command("):
                if needle in text:
                    offenders.append(f"{folder}/{source.name}: {needle}")
    assert offenders == []


def test_every_command_names_parts_the_views_know() -> None:
    for name, command in COMMANDS.items():
        assert command.parts, name
        assert command.parts <= ALL_PARTS, (name, command.parts - ALL_PARTS)


def test_undo_and_redo_report_the_parts_of_the_edit(en_sample: Path) -> None:
    workshop = Workshop(store.load(en_sample))
    added = workshop.apply("add_review", author=workshop.turn, text="new", polarity="negative")
    assert added.parts == {"reviews"}
    assert added.result == workshop.session.reviews[-1].id
    assert workshop.undo().parts == {"reviews"}
    assert added.result not in {r.id for r in workshop.session.reviews}
    assert workshop.redo().parts == {"reviews"}
    assert workshop.session.reviews[-1].text == "new"
    assert not Workshop(store.load(en_sample)).undo()  # nothing to undo: no change


def test_a_step_of_another_day_is_no_change(en_sample: Path) -> None:
    workshop = Workshop(store.load(en_sample), day=2)
    before = workshop.step.id
    assert not workshop.apply("goto", "listen.reviews")
    assert workshop.step.id == before


# -- the stale screen (issue #16's first repro) -------------------------------------


async def test_f8_f7_f8_from_grouping_shows_the_step_in_the_file(en_sample: Path) -> None:
    clock = FakeClock()
    app = make_app(en_sample, clock, day=1)
    async with app.run_test(size=(120, 40)) as pilot:
        app.apply("goto", "listen.grouping")
        await pilot.pause()
        for key, expected in (("f8", "define.posts"), ("f7", "listen.grouping"), ("f8", "define.posts"), ("f7", "listen.grouping"), ("f8", "define.posts")):
            await pilot.press(key)
            await pilot.pause()
            assert app.workshop.step.id == expected
            assert_screen_is_file(app, en_sample)
        # and it still answers keys: ctrl+o opens the post form on this screen
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert type(app.screen).__name__ == "PostForm"


@pytest.mark.parametrize(("seed", "moves"), [(16, 12), pytest.param(1616, 400, marks=pytest.mark.slow)])
async def test_a_seeded_random_walk_keeps_screen_and_file_together(en_sample: Path, seed: int, moves: int) -> None:
    """Moves (F7/F8, Go to, the turn, the timer, a language switch) with edits
    and undos between: after each, the screen is the step in the file; the
    model, the file and the report agree. The long walk runs with the slow tests."""
    clock = FakeClock()
    app = make_app(en_sample, clock, day=1)
    rng = random.Random(seed)
    phases = ["listen", "define", "invent", "refine", "test_iterate", "next_step"]
    added = 0
    async with app.run_test(size=(120, 40)) as pilot:
        for move in range(moves):
            roll = rng.random() if move else 0.85  # the walk always writes at least one review
            if roll < 0.35:
                await pilot.press("f8")
            elif roll < 0.65:
                await pilot.press("f7")
            elif roll < 0.75:
                await pilot.press("ctrl+g", str(rng.randint(1, len(phases))))
            elif roll < 0.82:
                await pilot.press("f9")
            elif roll < 0.88:
                app.apply("add_review", author=app.workshop.turn, text=f"walk {move}", polarity="positive")
                added += 1
            elif roll < 0.93:
                await pilot.press("ctrl+z")
            elif roll < 0.97:
                await pilot.press("f5")
            else:
                await pilot.press("f10")  # every screen is rebuilt in the other language
            await pilot.pause()
            await assert_nothing_stale(app, pilot)
            if move % 10 == 0:
                assert_screen_is_file(app, en_sample)
            assert type(app.screen) is screen_kind(app.workshop), (move, app.workshop.step.id, type(app.screen).__name__)
        assert_screen_is_file(app, en_sample)
        # the model, the file and the report agree on what the walk wrote
        saved = store.load(en_sample)
        assert [r.id for r in saved.reviews] == [r.id for r in app.workshop.session.reviews]
        assert report_data(saved)["reviews"]["total"] == len(app.workshop.session.reviews)
    assert added > 0


async def test_a_dialog_closed_just_before_f8_leaves_a_live_screen(en_sample: Path) -> None:
    """r (rename a group), a wait, Escape and a quick F8 on the grouping step:
    the next screen shows the file's step and answers keys (it had frozen)."""
    clock = FakeClock()
    app = make_app(en_sample, clock, day=1)
    async with app.run_test(size=(120, 40)) as pilot:
        app.apply("goto", "listen.grouping")
        await pilot.pause()
        grouped = next(r.id for r in app.workshop.session.reviews if r.group)
        app.screen.query_one("#review-board", ReviewBoard).select(grouped)
        await pilot.press("r")
        await pilot.pause(1.0)
        assert type(app.screen).__name__ == "GroupForm"
        await pilot.press("escape", "f8")
        await pilot.pause()
        assert_screen_is_file(app, en_sample)
        await pilot.press("f9")
        await pilot.pause()
        turn = app.workshop.session.participant(app.workshop.turn)
        assert turn is not None
        assert turn.name in str(app.screen.query_one("#turn").render())


# -- undo restores what the fields show ---------------------------------------------


async def test_undo_restores_the_title_field_and_the_file(en_sample: Path) -> None:
    clock = FakeClock()
    app = make_app(en_sample, clock, day=1)
    async with app.run_test(size=(120, 40)) as pilot:
        app.apply("goto", "intro")
        await pilot.pause()
        field = app.screen.query_one("#title", Input)
        before = field.value
        field.focus()
        await pilot.press("end", "!", "!")
        await pilot.pause()
        assert app.workshop.session.title == before + "!!"
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.workshop.session.title == before
        assert field.value == before  # the field shows the file, not the typed text
        assert app.save_now_blocking()
        assert store.load(en_sample).title == before
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert field.value == before + "!!"


# -- focus never selects or loses text --------------------------------------------


def test_every_text_input_is_a_text_field() -> None:
    """Textual's Input selects its text on focus; mlew builds only TextFields."""
    offenders = []
    for source in sorted(PACKAGE.rglob("*.py")):
        if source.name == "text_field.py":
            continue
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Input":
                offenders.append(f"{source.relative_to(PACKAGE)}:{node.lineno}")
    assert offenders == []


async def test_tab_into_a_filled_field_keeps_its_text(en_sample: Path) -> None:
    clock = FakeClock()
    app = make_app(en_sample, clock, day=1)
    async with app.run_test(size=(120, 40)) as pilot:
        app.apply("goto", "intro")
        await pilot.pause()
        title = app.screen.query_one("#title", Input)
        name = app.screen.query_one("#product-name", Input)
        before_title, before_name = title.value, name.value
        title.focus()
        await pilot.pause()
        await pilot.press("tab")
        await pilot.pause()
        assert app.focused is name
        assert name.selection.is_empty
        await pilot.press("X")
        await pilot.pause()
        assert name.value == before_name + "X"
        assert title.value == before_title
        assert app.workshop.session.product.name == before_name + "X"


async def test_setup_team_edits_go_through_the_loop_and_undo(en_sample: Path) -> None:
    clock = FakeClock()
    app = make_app(en_sample, clock, day=1)
    async with app.run_test(size=(120, 40)) as pilot:
        app.apply("goto", "intro")
        await pilot.pause()
        people = app.screen.query_one("#participants", OptionList)
        before = [p.id for p in app.workshop.session.participants]
        people.focus()
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"Ito Ken", "ctrl+s")
        await pilot.pause()
        ids = [p.id for p in app.workshop.session.participants]
        assert ids == [*before, "ito-ken"]
        assert people.highlighted == len(ids) - 1
        assert "Ito Ken" in str(people.get_option_at_index(len(ids) - 1).prompt)
        assert app.save_now_blocking()
        assert [p.id for p in store.load(en_sample).participants] == ids
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert [p.id for p in app.workshop.session.participants] == before
        assert people.option_count == len(before)
        assert app.save_now_blocking()
        assert [p.id for p in store.load(en_sample).participants] == before
