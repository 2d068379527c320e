"""Every key, every step, both days (issue #17, part 2).

On each step of Day 1 and Day 2 the test presses every key the step
advertises - the bindings of the screen, of its focused widget and of the app
(the key bar and F1 help show them), Enter (the screens' hint lines name it)
and ctrl+p - and runs every palette command. After each one: any dialog it
opened closes with Escape, the app is still running, no exception was raised
(recovered or not: ``app.errors_seen``), and the file, saved through the app's
``Save now``, still loads and validates.

The default run presses the step's own keys (its screen's, its focused
widget's, Enter) on one step per phase; ``pytest -m slow`` presses every key
and runs every palette command on every step (a command whose action is
that of a key already pressed there - ``Next step`` is F8's - is covered by
the key: both run the same ``app.run_action``).
A step with a known failure is marked ``xfail(strict=True)`` with the
failure, for the screens' owner to fix.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from datetime import UTC, date
from pathlib import Path

import pytest
from textual.app import ScreenStackError
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input, TextArea

from mlew_tui import store
from mlew_tui.app import MlewApp
from mlew_tui.commands import palette_entries
from mlew_tui.domain.agenda import PROCESSES, views_of
from mlew_tui.errors import describe
from mlew_tui.samples import list_samples, samples_folder
from mlew_tui.workshop import Workshop

from .conftest import FakeClock, make_app

#: Keys never pressed: ctrl+q quits (tested on its own), the rest are Textual's focus and copy keys.
NOT_PRESSED = frozenset({"ctrl+q", "tab", "shift+tab", "ctrl+c", "super+c"})
#: Palette commands not run on a step walk: Start Day 2 on Day 1 leaves the day being walked (run once at the end of Day 1).
NOT_RUN = frozenset({"start_day2"})
#: How many Escapes a dialog gets to close.
ESCAPES = 4


def en_sample_path(day: int) -> Path:
    """The bundled English sample of ``day`` (a Day 2 sample when one is
    bundled; else Day 2 runs on the Day 1 sample)."""
    english = [s.path for s in list_samples() if s.language == "en"]
    of_day = [path for path in english if store.load(path).progress.day == day]
    found = of_day or [path for path in english if store.load(path).progress.day == 1]
    return found[0] if found else samples_folder() / "en_ec_recommendations.toml"


def day_session(day: int):  # noqa: ANN201 - a Session
    """The sample the walk of ``day`` runs on; on Day 2 every process is re-run."""
    session = store.load(en_sample_path(day))
    if day == 2:
        session.next_step.improve = list(PROCESSES)  # every re-run step is on the agenda
    return session


def steps_of(day: int) -> list[str]:
    """The day's steps; a Day 2 re-run's other Day 1 views as ``step:view``."""
    out = []
    for s in Workshop(day_session(day), day=day).steps:
        views = views_of(s.id)
        out += [s.id, *(f"{s.id}:{view}" for view in views[1:])]
    return out


#: One step per phase, walked in the default (fast) run: the step with the most keys.
FAST = frozenset(
    {
        "intro",
        "listen.reviews",
        "define.items",
        "break.first",
        "invent.cases",
        "refine.work",
        "test.who_what_how",
        "next_step",
        "day2.invent",
        "day2.invent:invent.vote",
        "day2.tasks",
    }
)

#: (day, step, walk) -> why it fails today (a bug in a screen that is not this test's to fix).
KNOWN: dict[tuple[int, str, str], str] = {}


def cases(*, full: bool) -> list[object]:
    """Every step of both days (the full walk, slow), or one step per phase (fast)."""
    out = []
    for day in (1, 2):
        for step in steps_of(day):
            if not full and step not in FAST:
                continue
            marks = [pytest.mark.slow] if full else []
            reason = KNOWN.get((day, step, "full" if full else "fast"))
            if reason:
                marks.append(pytest.mark.xfail(strict=True, reason=reason))
            out.append(pytest.param(day, step, marks=marks, id=f"day{day}-{step}"))
    return out


@dataclass(frozen=True)
class Failure:
    step: str
    key: str
    error: str

    def __str__(self) -> str:
        return f"{self.step} · {self.key} · {self.error}"


def where(error: BaseException) -> str:
    """The error and the innermost line of mlew's own code it came from."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if "/mlew_tui/" in f.filename or "/tests/" in f.filename]
    place = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno} {frames[-1].name}" if frames else ""
    return describe(error) + place


def session_file(folder: Path, day: int) -> Path:
    """A scratch copy of the sample the walk of ``day`` runs on."""
    path = folder / "walk.toml"
    store.save(day_session(day), path, keep_backup=False)
    return path


def with_day2_work(app: MlewApp) -> None:
    """A TODO and the executive reports, so that Day 2's lists are not empty."""
    session = app.workshop.session
    owner = session.participants[0].id if session.participants else ""
    milestone = "m1" if any(m.id == "m1" for m in session.milestones) else ""
    app.apply("add_todo", "Label 200 customer questions", owner, milestone, date(2026, 12, 20))
    app.apply("register_reports", app.tr, UTC)


class Walk:
    """Presses keys on one step of a running app and collects what went wrong."""

    def __init__(self, app: MlewApp, pilot: Pilot[None], path: Path, step: str) -> None:
        self.app, self.pilot, self.path, self.step = app, pilot, path, step
        self.language = app.workshop.session.language
        self.failures: list[Failure] = []
        self.home: Widget | None = None

    async def settle(self) -> None:
        await self.pilot.pause()
        await self.pilot.pause()

    async def to_step(self) -> None:
        app = self.app
        moved = False
        if app.workshop.session.language != self.language:
            moved = bool(app.apply("switch_language"))
        step, _, view = self.step.partition(":")
        if app.workshop.step.id != step:
            moved = bool(app.apply("goto", step)) or moved
        view = view or app.workshop.views[0]  # ] and [ move away from it: back to the view walked
        if app.workshop.view_step != view:
            moved = bool(app.apply("show_view", view)) or moved
        if moved:
            await self.settle()
        assert app.workshop.step.id == step and app.workshop.view_step == view

    def advertised_keys(self) -> list[str]:
        """Every key of the screen's active bindings that has an id (the
        screen's, its focused widget's, the app's - the key bar and F1 help
        show these), Enter, and the palette's ctrl+p."""
        bindings = self.app.screen.active_bindings
        keys = [key for key, active in bindings.items() if active.binding.id and key not in NOT_PRESSED]
        # F1 lists every app key; those the app turns off on this step (] and [ off a Day 2 re-run) are not pressed
        help_ids = {
            b.id for b in self.app.BINDINGS if getattr(b, "id", None) and b.id != "quit" and self.app.check_action(b.action.split("(")[0], ()) is not False
        }
        shown_ids = {active.binding.id for active in bindings.values()}
        assert help_ids <= shown_ids  # every key F1 lists is pressed
        return [*keys, "enter", "ctrl+p"]

    def key_actions(self) -> set[str]:
        """The app actions the keys run: a palette command running one of them is covered by its key."""
        return {a.binding.action for a in self.app.screen.active_bindings.values() if a.node is self.app and a.binding.id != "quit"}

    async def check(self, label: str, seen: int) -> bool:
        """After one key or command: dialogs closed, app alive, no error, the file saved and valid.
        False when the app is gone (nothing more can be pressed)."""
        app = self.app
        for _ in range(ESCAPES):
            if not app.is_running or (app.workshop_screen is not None and not self.typing()):
                break
            await self.pilot.press("escape")  # a dialog, or a form inside the screen
            await self.settle()
        if app.is_running and app.workshop_screen is None:
            self.failures.append(Failure(self.step, label, f"the dialog {type(app.screen).__name__} does not close with Escape"))
            while app.workshop_screen is None and len(app.screen_stack) > 1:
                app.pop_screen()
            await self.settle()
        for error in app.errors_seen[seen:]:
            self.failures.append(Failure(self.step, label, where(error)))
        if not app.is_running or app.return_code is not None:
            if not app.errors_seen[seen:]:
                self.failures.append(Failure(self.step, label, f"the app stopped (status {app.return_code})"))
            return False
        await app.run_action("save_now")
        if app.unsaved:
            self.failures.append(Failure(self.step, label, f"not saved: {app.banner_text()}"))
        try:
            store.load(self.path)
        except store.StoreError as problem:
            self.failures.append(Failure(self.step, label, f"the saved file does not load: {problem}"))
        return True

    def typing(self) -> bool:
        """A text field has focus that the step did not start with (a form opened in the screen)."""
        focused = self.app.focused
        return isinstance(focused, (Input, TextArea)) and focused is not self.home

    async def press_everything(self, *, full: bool) -> None:
        """Every advertised key and palette command; not ``full``: the step's own keys
        (its screen's and its focused widget's) and Enter."""
        app = self.app
        await self.to_step()
        await self.settle()
        self.home = app.focused
        covered = self.key_actions()
        keys = self.advertised_keys()
        if not full:
            own = {key for key, active in app.screen.active_bindings.items() if active.node is not app}
            keys = [key for key in keys if key in own or key == "enter"]
        for key in keys:
            await self.to_step()
            seen = len(app.errors_seen)
            await self.pilot.press(key)
            await self.settle()
            if not await self.check(key, seen):
                return
        if not full:
            return
        for title, _, action in palette_entries(app):
            if action in NOT_RUN or action in covered:
                continue
            await self.to_step()
            seen = len(app.errors_seen)
            await app.run_action(action)
            await self.settle()
            if not await self.check(f"palette: {title}", seen):
                return


async def walk(folder: Path, clock: FakeClock, day: int, step: str, *, full: bool) -> list[Failure]:
    path = session_file(folder, day)
    app = make_app(path, clock, day=day)
    failures: list[Failure] = []
    walker = None
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            if day == 2:
                with_day2_work(app)
            walker = Walk(app, pilot, path, step)
            await walker.press_everything(full=full)
            if full and day == 1 and step == steps_of(1)[-1]:  # the palette's Start Day 2, once, from Day 1's last step
                seen = len(app.errors_seen)
                await app.run_action("start_day2")
                await walker.settle()
                assert app.workshop.day == 2
                await walker.check("palette: Start Day 2", seen)
    except Exception as error:  # the app stopped on an error Textual re-raises at the end of run_test
        failures.append(Failure(step, "(app stopped)", where(error)))
    finally:
        app.lock.release()
    if walker is not None:
        failures = walker.failures + [f for f in failures if all(f.error != g.error for g in walker.failures)]
    return failures


@pytest.mark.parametrize(("day", "step"), cases(full=False))
async def test_the_keys_of_one_step_per_phase(tmp_path: Path, clock: FakeClock, day: int, step: str, expect_errors: None) -> None:
    failures = await walk(tmp_path, clock, day, step, full=False)
    assert [str(f) for f in failures] == []


@pytest.mark.parametrize(("day", "step"), cases(full=True))
async def test_every_key_and_command_on_every_step(tmp_path: Path, clock: FakeClock, day: int, step: str, expect_errors: None) -> None:
    failures = await walk(tmp_path, clock, day, step, full=True)
    assert [str(f) for f in failures] == []


def test_the_walk_covers_every_step_of_both_days() -> None:
    day1, day2 = steps_of(1), steps_of(2)
    assert len(day1) > 15
    assert {"day2.listen", "day2.define", "day2.invent", "day2.refine", "day2.test", "day2.timeline", "day2.tasks", "day2.register"} <= set(day2)
    walked = {(day, step) for day in (1, 2) for step in steps_of(day)}
    assert {(1, s) for s in FAST if s in day1} | {(2, s) for s in FAST if s in day2} <= walked
    phases = {s.phase for day in (1, 2) for s in Workshop(day_session(day), day=day).steps if s.id in FAST}
    all_phases = {s.phase for day in (1, 2) for s in Workshop(day_session(day), day=day).steps}
    assert phases == all_phases  # the fast run has a step of every phase


async def test_the_walk_reports_a_key_that_fails(tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch, expect_errors: None) -> None:
    """The walk itself: a key whose action raises is listed with its step, key and error, and the walk goes on."""
    from mlew_tui.screens.day2_register import RegisterScreen

    def broken(self: RegisterScreen) -> None:
        raise KeyError("listen.reviews")

    monkeypatch.setattr(RegisterScreen, "action_weekly", broken)
    failures = await walk(tmp_path, clock, 2, "day2.register", full=False)
    assert [str(f) for f in failures] == [
        "day2.register · w · KeyError: 'listen.reviews' at test_every_key.py:" + str(broken.__code__.co_firstlineno + 1) + " broken"
    ]


async def test_the_invent_cycle_timer_survives_the_shutdown(tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> None:
    """Found by the walk: Invent's 0.25 s cycle poll read app.screen, which
    raises while the app shuts down (a quit could end in status 1)."""
    from mlew_tui.screens.invent import InventScreen

    app = make_app(session_file(tmp_path, 1), clock, day=1)
    async with app.run_test(size=(120, 40)) as pilot:
        app.apply("goto", "invent.cases")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, InventScreen)

        def no_screen(self: MlewApp) -> None:
            raise ScreenStackError("No screens on stack")

        monkeypatch.setattr(MlewApp, "screen", property(no_screen))  # the moment of the shutdown
        try:
            screen.follow_cycle()  # what its timer runs then
        finally:
            monkeypatch.undo()
    app.lock.release()
