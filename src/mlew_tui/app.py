"""``MlewApp``: the workshop on one projected terminal.

The app owns the :class:`~mlew_tui.workshop.Workshop` (session, history,
agenda position, timer, turn) and the state loop: a key maps to a command,
:meth:`MlewApp.apply` applies it to the workshop, and the
:class:`~mlew_tui.domain.change.Change` it returns is published once,
after the handler: the screen for the step in the file is shown, its views
that depend on the changed parts refresh, and the autosave writes the file
within a second - in a worker thread, so typing never waits for the disk.
Every key goes through ``BINDINGS`` (each with an id, so keymaps and the
palette see them). See docs/ARCHITECTURE.md.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from textual.app import App, ScreenStackError
from textual.binding import Binding
from textual.driver import Driver
from textual.screen import Screen
from textual.worker import get_current_worker

from . import collector, drafts, parsed_css, store
from .app_join import JoinActions, JoinOptions
from .atomic import write_atomic
from .commands import MlewCommands
from .domain import agenda
from .domain.change import ALL_PARTS, DAY, EXPORTS, LANGUAGE, NO_CHANGE, STEP, TURN, Change
from .domain.session import Session, build_validators
from .domain.validation import OutOfBounds
from .draft_keeper import DraftKeeper
from .i18n import Translator
from .literal import literal
from .screens.base import WorkshopScreen
from .screens.help import HelpScreen
from .screens.phases import css_paths_of, screen_kind
from .themes import THEMES, theme_name
from .widgets.countdown import CountdownTimer
from .workshop import MOVES, Workshop, local_now, warm_up

#: Where each ``Add <kind>`` command takes the room when it is elsewhere.
ADD_STEPS = {"review": "listen.reviews", "post": "define.posts", "item": "define.items", "case": "invent.cases", "case_import": "invent.cases"}

#: Actions that take the room to another step or open a form there: not
#: while a dialog is on top (the step's screen would open over the dialog).
LEAVING = frozenset({"next_step", "previous_step", "goto", "goto_phase", "next_view", "add", "add_kind", "roll_die", "start_day2", "on_step"})

#: How often the autosave looks for changes.
AUTOSAVE_S = 0.1
#: It writes once changes have paused this long (between two keys, not under one)...
SAVE_PAUSE_S = 0.2
#: ...and in any case once the oldest unsaved change is this old: with a look
#: every AUTOSAVE_S, every change is written well inside the 1 s guarantee.
SAVE_AT_MOST_S = 0.5
#: How often unsent form text is kept (drafts: within 1 s too).
DRAFTS_S = 0.25
#: After a failed save, try again this often (the error stays on screen).
RETRY_S = 1.0
#: The validators are built from this long after start-up, one model a tick.
VALIDATORS_AFTER_S = 0.2
VALIDATORS_TICK_S = 0.02


def save_due(now: float, unsaved_since: float, changed_at: float) -> bool:
    """Whether the autosave writes now: the changes have paused for
    :data:`SAVE_PAUSE_S`, or the oldest unsaved one (``unsaved_since``) has
    waited :data:`SAVE_AT_MOST_S`. A room typing or scoring without a break
    has its work written twice a second, each write in a thread that shares
    the interpreter with the keys; a pause gets it written at once."""
    return now - changed_at >= SAVE_PAUSE_S or now - unsaved_since >= SAVE_AT_MOST_S


class MlewApp(JoinActions, App[None]):
    """Runs the session file at ``path`` (see the module docstring)."""

    CSS_PATH = "app.tcss"
    TITLE = "mlew"
    #: Narrow terminals (80 columns) stack the timer's words under its digits.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    COMMANDS = {MlewCommands}
    ENABLE_COMMAND_PALETTE = True

    BINDINGS = [
        Binding("f1", "help", "Help", id="help"),
        Binding("f2", "add", "Add", id="add"),
        Binding("f5", "timer('toggle')", "Start or pause timer", id="timer_toggle"),
        Binding("f3", "timer('subtract')", "Subtract one minute", id="timer_subtract"),
        Binding("f4", "timer('add')", "Add one minute", id="timer_add"),
        Binding("f6", "timer('reset')", "Reset timer", id="timer_reset", show=False),
        Binding("f7", "previous_step", "Previous step", id="previous_step"),
        Binding("f8", "next_step", "Next step", id="next_step"),
        Binding("f9", "next_participant", "Next participant", id="next_participant"),
        Binding("f10", "switch_language", "Switch language", id="switch_language", show=False),
        Binding("f11", "toggle_bell", "Bell on/off", id="toggle_bell", show=False),
        # Every command of the palette has a key too: ctrl+letters that no text
        # field uses (and not ctrl+b, tmux's prefix); ctrl+g then a digit goes
        # to a phase.
        Binding("ctrl+r", "add_kind('review')", "Add review", id="add_review", show=False),
        Binding("ctrl+o", "add_kind('post')", "Add post", id="add_post", show=False),
        Binding("ctrl+n", "add_kind('item')", "Add item", id="add_item", show=False),
        Binding("ctrl+t", "add_kind('case')", "Add case", id="add_case", show=False),
        Binding("ctrl+l", "roll_die", "Roll the die", id="roll_die", show=False),
        Binding("ctrl+f", "export_markdown", "Export Markdown", id="export_markdown", show=False),
        Binding("ctrl+g", "goto", "Go to", id="goto"),
        Binding("ctrl+d", "toggle_day1", "Day 1 / Day 2", id="toggle_day1", show=False),
        # c on every Day 2 screen, the re-runs' Day 1 screens too (Day 2's own screens bind it themselves)
        Binding("c", "changes_key", "Changes since Day 1", id="changes_key", show=False),
        # A Day 2 re-run's Day 1 views (shown only where a step has more than one).
        Binding("right_square_bracket", "next_view(1)", "Next view", key_display="]", id="next_view"),
        Binding("left_square_bracket", "next_view(-1)", "Previous view", key_display="[", id="previous_view", show=False),
        Binding("ctrl+z", "undo", "Undo", id="undo", show=False),
        Binding("ctrl+y", "redo", "Redo", id="redo", show=False),
        Binding("ctrl+s", "save_now", "Save now", id="save_now", show=False),
        # The facilitator's tips (issue #19): t is no key of any screen; in a text field it types a t.
        Binding("t", "toggle_tips", "Facilitator's tips", id="toggle_tips", show=False),
        # The join panel (issue #20), while participants may join: like t, a letter no screen uses.
        Binding("j", "toggle_join", "Join panel", id="toggle_join", show=False),
        Binding("ctrl+q", "quit_app", "Quit", id="quit", priority=True),
    ]

    def __init__(
        self,
        path: str | Path,
        day: int | None = None,
        *,
        theme: str | None = None,
        bell: bool = True,
        monotonic: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = local_now,
        join: JoinOptions | None = None,
    ) -> None:
        path = Path(path)
        session, read = store.load_with_fingerprint(path)  # StoreError for the caller (the CLI) to report
        lock = store.SessionLock(path)
        read_only = not lock.acquire()
        if not read_only:
            store.clean_after_crash(path)  # temp files a crash mid-save left behind
        #: What the file was when read (then: as last saved); a file changed by
        #: another program since is never overwritten (see _external_change).
        self._fingerprint: store.Fingerprint | None = read
        self._conflict = False
        # Day 1 is frozen in the file when Day 2 starts; a file from before
        # (Day 1 kept beside it as FILE.day1.toml) takes it in at its next save.
        store.adopt_day1_file(path, session)
        workshop = Workshop(session, day=day, monotonic=monotonic, now=now)

        def rebuild(other: Session) -> Workshop:
            """A workshop on another copy of the file (their version, reloaded), on its own day."""
            store.adopt_day1_file(path, other)
            return Workshop(other, monotonic=monotonic, now=now)

        self._rebuild = rebuild
        # The first screen's stylesheet is read with the app's: a stylesheet
        # that arrives with a screen makes Textual parse every stylesheet again.
        first = screen_kind(workshop)
        # Parsed stylesheets are kept between runs (about 17 ms of a launch).
        parsed_css.install()
        super().__init__(css_path=[Path(__file__).with_name("app.tcss"), *css_paths_of(first)])
        self.path, self.lock, self.read_only, self.workshop = path, lock, read_only, workshop
        self.tr = Translator(session.language)
        self.bell_on = bell
        #: The facilitator's tips panel shows (a view setting: never in the session file).
        self.tips_shown = False
        #: ``--join``: participants are invited as the app starts (issue #20).
        self._join_at_start = join is not None
        self._join_options = join or JoinOptions()
        # Revision 0 is the file as read: opening changed nothing unless the
        # workshop had to (another day chosen, a step or turn mended).
        self._saved_revision = 0
        self._saving = False
        # Writes one at a time, never an older snapshot over a newer one: an
        # autosave still writing when ctrl+q (or a closing tab) saves must not win.
        self._write_lock = threading.Lock()
        self._written_revision = 0  # revision 0 is the file as read
        self._save_error = ""
        self._next_try = 0.0
        # What the autosave saw at its last look: when, and the revision then;
        # when the oldest unsaved change and the latest change came (as of
        # the look before the one that saw them: they came after it).
        self._looked_at = time.monotonic()
        self._looked_revision = 0
        self._unsaved_since: float | None = None
        self._changed_at = 0.0
        self._screens: dict[type[WorkshopScreen], WorkshopScreen] = {}
        #: Parts changed since the views were last brought up to date.
        self._pending: set[str] = set()
        #: Unsent form text, kept next to the file (``FILE.drafts.toml``).
        self.drafts = DraftKeeper(path, enabled=not read_only)
        self._drafts_lock = threading.Lock()
        self._drafts_asked = self._drafts_written = 0
        self.collector = collector.Collector()
        # Themes before the first screen is styled: set later, the theme
        # would restyle every widget of it once more.
        for choice in THEMES:
            self.register_theme(choice)
        self.theme = theme_name(theme)
        self._first_screen = self._screen_for_step()
        self.title = literal(session.title)

    # -- start and stop ------------------------------------------------------
    def on_load(self) -> None:
        """Building the first screen makes tens of thousands of objects that
        all live on; a full collection in the middle of it (50 ms on a stress
        session) only delays the first frame (:mod:`mlew_tui.collector`)."""
        self.collector.pause()
        self.set_timer(collector.STARTUP_PAUSE_S, self._resume_gc)

    def _resume_gc(self) -> None:
        self.collector.resume()
        self.set_interval(collector.CHECK_S, lambda: self.collector.collect_if_idle(self._last_key_at))

    def _build_validators(self) -> None:
        """The session's validators, one model a tick once the first frame is
        up (a session taken back from the cache was shown without them; the
        first key that changes something should not wait for them). Not
        before the screen has been filled: a large session's first frame
        comes later than the timer."""
        screen = self.workshop_screen
        if screen is None or not screen.filled:
            self.set_timer(VALIDATORS_AFTER_S, self._build_validators)
            return
        if warm_up():  # the table of commands first (every domain module), in a tick of its own
            self.set_timer(VALIDATORS_TICK_S, self._build_validators)
            return
        if not build_validators(limit=1):
            self.set_timer(VALIDATORS_TICK_S, self._build_validators)

    def on_mount(self) -> None:
        self.set_timer(VALIDATORS_AFTER_S, self._build_validators)
        self.set_interval(AUTOSAVE_S, self._autosave)
        self.set_interval(5, self._refresh_clock)
        self.set_interval(DRAFTS_S, self._keep_drafts)
        if self.drafts.recovered:
            self.call_after_refresh(self._offer_drafts)
        if self._join_at_start:
            self.action_invite()

    def action_quit_app(self) -> None:
        """ctrl+q: quit once the work is on disk (nothing is written when
        nothing changed); with a save that fails, ask what to do."""
        if self.read_only or not self.unsaved or self.save_now_blocking():
            self._leave()
            return
        self._ask_before_quitting()

    def _leave(self) -> None:
        self.lock.release()
        self.exit()

    def _ask_before_quitting(self) -> None:
        from .forms.save_dialogs import Answer, QuestionDialog

        if isinstance(self.screen, QuestionDialog):
            return
        tr = self.tr
        answers = [
            Answer("retry", "r", tr("save_dialog.quit.retry")),
            Answer("copy", "c", tr("save_dialog.quit.copy")),
            Answer("discard", "d", tr("save_dialog.quit.discard")),
        ]
        text = tr("save_dialog.quit.text", path=str(self.path), detail=self._save_error) + "\n\n" + tr("save_dialog.quit.stay")

        def answered(choice: str | None) -> None:
            if choice == "retry":
                self.action_quit_app()
            elif choice == "copy":
                self.action_save_copy(then_quit=True)
            elif choice == "discard":
                self._saved_revision = self.workshop.revision  # the user chose to lose it: on_unmount must not try again
                self._leave()

        self.push_screen(QuestionDialog(tr("save_dialog.quit.title"), text, answers), answered)

    def action_save_copy(self, then_quit: bool = False) -> None:
        """``Save a copy elsewhere``: the workshop as it is on screen, in a file the user names."""
        from .forms.save_dialogs import SaveCopyForm

        tr = self.tr
        stamp = self.workshop.now().strftime("%Y%m%d-%H%M")
        suggested = Path.home() / f"{self.path.stem}-{stamp}.toml"

        def check(target: Path) -> str:
            if target.exists() and target.resolve() == self.path.resolve():
                return tr("save_dialog.copy.is_session")
            if target.exists():
                return tr("save_dialog.copy.exists", path=str(target))
            if not target.parent.is_dir():
                return tr("save_dialog.copy.no_folder", folder=str(target.parent))
            return ""

        def chosen(target: Path | None) -> None:
            if target is None:
                return
            try:
                store.save_data(self.workshop.snapshot(), target, keep_backup=False)
            except (store.StoreError, OSError) as problem:
                detail = problem.strerror if isinstance(problem, OSError) and problem.strerror else str(problem)
                self.notify(tr("save_dialog.copy.failed", path=str(target), detail=detail), severity="error", timeout=10)
                return
            self.notify(tr("save_dialog.copy.written", path=str(target)), timeout=10)
            if then_quit:
                self._saved_revision = self.workshop.revision  # it is safe in the copy
                self._leave()

        self.push_screen(SaveCopyForm(tr, suggested, check), chosen)

    async def on_unmount(self) -> None:
        """However the app stops (ctrl+q, a closed browser tab, a signal): no
        more phones, save, let go."""
        await self.stop_join()
        self.collector.restore()
        if self.unsaved:
            try:
                self.save_now_blocking()
            except Exception as failure:  # a bug in saving: said in words and logged, never a traceback
                self.fail(failure)
        self.lock.release()

    def get_driver_class(self) -> type[Driver]:
        """In a browser tab (mlew serve), a driver that also quits when the server goes."""
        driver = super().get_driver_class()
        if driver.__module__ != "textual.drivers.web_driver":
            return driver  # a terminal: the web driver is not even imported
        from .tab_driver import driver_for

        return driver_for(driver)

    # -- screens ---------------------------------------------------------------
    def get_default_screen(self) -> Screen[None]:
        """The app opens straight on the current step's screen, as Textual's
        default screen: no blank screen under it to compose, lay out and
        repaint, and - unlike a screen of ``MODES`` - no second parse of every
        stylesheet as it is shown (Textual re-reads them all for a mode's
        first screen)."""
        return self._first_screen

    def _screen_for_step(self) -> WorkshopScreen:
        kind = screen_kind(self.workshop)
        if kind not in self._screens:
            screen = self._screens[kind] = kind()
            # Installed, so that Textual keeps it when another step's screen
            # replaces it (a screen it removed could not be shown again).
            self.install_screen(screen, kind.__name__)
        return self._screens[kind]

    @property
    def workshop_screen(self) -> WorkshopScreen | None:
        try:
            screen = self.screen
        except ScreenStackError:  # starting up or shutting down
            return None
        return screen if isinstance(screen, WorkshopScreen) else None

    def show_step(self, then: Callable[[WorkshopScreen], object] | None = None) -> None:
        """The screen of the step in the file, up to date; ``then`` runs on it
        once it is filled (open a form, roll the die).

        Every workshop screen is installed, so a screen shown before comes
        back whole (Textual removes a screen that is not), and fills itself
        from the state as it resumes."""
        target = self._screen_for_step()
        if then is not None:
            target.when_filled(then)
        while len(self.screen_stack) > 1 and isinstance(self.screen, WorkshopScreen) and self.screen.frozen is not None:
            self.pop_screen()  # the frozen Day 1 looked at: the room moves on Day 2
        if self.screen is target:
            if not target.is_mounted:
                return  # the first screen, still composing: it fills itself as it resumes
            target.refresh_all()
            target.run_when_filled()
            return
        while len(self.screen_stack) > 1 and not isinstance(self.screen, WorkshopScreen):
            self.pop_screen()  # a dialog of the screen being left
        # The screen the app opened on stays at the bottom (Textual's default
        # screen, which cannot be switched away); another step's screen goes
        # on top of it and is replaced by the next one.
        bottom = self.screen_stack[0]
        if target is bottom:
            while len(self.screen_stack) > 1:
                self.pop_screen()
        elif self.screen is bottom:
            self.push_screen(target)
        else:
            self.switch_screen(target)

    # -- the state loop ----------------------------------------------------------
    def apply(self, name: str, /, *args: Any, **kwargs: Any) -> Change:
        """Apply the command ``name`` to the workshop and publish what changed.

        A read-only instance only moves (steps, timer, turn, language): its
        edits would never reach the file. A domain refusal propagates."""
        if self.read_only and name not in MOVES:
            return NO_CHANGE
        try:
            change = self.workshop.apply(name, *args, **kwargs)
        except OutOfBounds as refused:  # past a bound of the file: said, nothing changed
            self.notify(refused.render(self.tr), severity="error", timeout=10, markup=False)
            return NO_CHANGE
        self.publish(change)
        return change

    def publish(self, change: Change) -> None:
        """Bring the views up to date with ``change`` once the current
        handler is done: several commands in one key refresh once."""
        if not change:
            return
        self.join_changed()
        if not self._pending:
            self.call_next(self._refresh_views)
        self._pending |= change.parts

    async def _refresh_views(self) -> None:
        """One refresh for everything published since the last (not Textual's
        App._flush, which flushes captured output: a name of its own)."""
        parts, self._pending = frozenset(self._pending), set()
        if not parts:
            return
        if LANGUAGE in parts:
            self.tr = Translator(self.workshop.session.language)
            # Rebuild every screen in the new language; each refills as it is shown.
            for built in self._screens.values():
                if built.is_mounted:
                    await built.recompose()
        screen = self.workshop_screen
        if parts & {STEP, DAY}:
            self.show_step()  # the file's step, whatever was on top
        elif screen is None:
            return  # a dialog is open: the screen under it refills as it resumes
        elif LANGUAGE in parts:
            self.show_step()
        elif screen.is_mounted:
            screen.update_views(parts)
            screen.show_save_state(self.save_state())  # "… saving" until the autosave has it

    # -- drafts: unsent form text survives a crash ------------------------------------
    def _keep_drafts(self) -> None:
        if self._closing or self._closed or self.return_code is not None or not self.is_running:
            # Quitting: the forms go with their screens, but their text was not
            # sent - the drafts stay for the next open.
            return
        forms = list(self.drafts.open_forms(list(self.screen_stack), list(self._screens.values())))
        self.drafts.poll(
            forms,
            author=self.workshop.turn,
            step=self.workshop.step.id,
            now=self.workshop.now,
            notify=lambda draft: self.notify(self.tr("drafts.restored", preview=draft.preview())),
            write=self._write_drafts,
        )

    def _write_drafts(self, kept: tuple[drafts.Draft, ...]) -> None:
        self._drafts_asked += 1
        asked = self._drafts_asked

        def write() -> None:
            with self._drafts_lock:  # in order: an older set never lands over a newer one
                if asked < self._drafts_written:
                    return
                try:
                    drafts.save(self.path, kept)
                except OSError:
                    return  # the session's own save reports the disk's trouble
                self._drafts_written = asked

        self.run_worker(write, thread=True, group="drafts", exit_on_error=False)

    def _offer_drafts(self) -> None:
        """After a crash: say what unsent text is kept, and reopen the form
        of a new card on the step it was typed on."""
        kept = list(self.drafts.recovered.values())
        names = {"ReviewForm": "review", "PostForm": "post", "ItemForm": "item", "CaseForm": "case"}
        lines = "\n".join(self.tr("drafts.line", form=self.tr(f"drafts.form.{d.form}"), target=d.target or "-", preview=d.preview()) for d in kept)
        self.notify(self.tr("drafts.found", n=len(kept), lines=lines), timeout=12)
        screen = self.workshop_screen
        for draft in kept:
            kind = names.get(draft.form)
            if screen is not None and kind in screen.ADDS and not draft.target and draft.step == self.workshop.step.id:
                screen.open_add_form(kind)
                return

    # -- views for the screens (already in the UI language) -------------------
    def describe_binding(self, binding_id: str) -> str:
        return self.tr(f"key.{binding_id}")

    def banner_text(self) -> str:
        if self.read_only:
            if self.lock.problem == "cannot_lock":
                return self.tr("save_dialog.banner.cannot_lock", folder=str(self.path.parent), detail=self.lock.detail)
            return self.tr("app.read_only", path=str(self.path))
        if self._conflict:
            return self.tr("save_dialog.banner.conflict", path=str(self.path))
        if self._save_error:
            return self.tr("save_dialog.banner.failed", detail=self._save_error)
        return ""

    # -- navigation ------------------------------------------------------------
    def action_next_step(self) -> None:
        self.apply("next_step")

    def action_previous_step(self) -> None:
        self.apply("previous_step")

    def action_goto_phase(self, phase: str) -> None:
        self.apply("goto_phase", phase)

    def action_next_view(self, delta: int) -> None:
        """``]`` / ``[``: the next (previous) Day 1 view of a Day 2 re-run."""
        self.apply("next_view", delta)

    def action_goto(self) -> None:
        """ctrl+g: the day's phases by number; a digit goes to one (``Go to <phase>``)."""
        from .screens.goto import GotoScreen

        phases = [(p.value, self.tr(f"phase.{p.value}.title")) for p in agenda.shown_phases(self.workshop.steps)]

        def chosen(phase: str | None) -> None:
            if phase:
                self.action_goto_phase(phase)

        self.push_screen(GotoScreen(phases, agenda.Phase(self.workshop.step.phase).value), chosen)

    def action_next_participant(self) -> None:
        self.apply("next_participant")

    def action_timer(self, action: str) -> None:
        self.apply("timer", action)

    def on_countdown_timer_rang(self, message: CountdownTimer.Rang) -> None:
        if self.bell_on:
            self.bell()

    def action_toggle_bell(self) -> None:
        self.bell_on = not self.bell_on
        self.notify(self.tr("app.bell_on" if self.bell_on else "app.bell_off"))

    def action_toggle_tips(self) -> None:
        """``t``: show or hide the facilitator's tips of the step, on every workshop screen."""
        self.tips_shown = not self.tips_shown
        for screen in self.screen_stack:
            if isinstance(screen, WorkshopScreen):
                screen.show_tips()

    def action_switch_language(self) -> None:
        self.apply("switch_language")

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    # -- edits ------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.read_only and action in {"add", "add_kind", "undo", "redo"}:
            return False
        if action == "next_view":
            return len(self.workshop.views) > 1
        if action == "changes_key":
            return self.workshop.day == 2
        frozen = self.workshop_screen is not None and self.workshop_screen.frozen is not None
        if frozen and action in {"add", "add_kind", "undo", "redo", "roll_die", "next_view", "export_markdown", "reveal"}:
            return False  # the frozen Day 1 is only looked at
        # While a dialog is open (a form, help, Go to), leaving the step waits until it is closed.
        return not (action in LEAVING and self.workshop_screen is None)

    def action_add(self) -> None:
        """F2: the first thing the current screen adds (a review on Listen ...)."""
        screen = self.workshop_screen
        if screen is not None and screen.ADDS:
            screen.open_add_form(screen.ADDS[0])

    def action_roll_die(self) -> None:
        """``Roll the die``: Invent's vote step decides among the cases still tied."""
        if self.read_only:
            return
        if not self.apply("goto_work", "invent.vote"):
            self.notify(self.tr("app.not_today"), severity="warning")
            return
        self._when_shown(lambda screen: getattr(screen, "roll_die", lambda: None)())

    def action_reveal(self, revealed: bool) -> None:
        """``Reveal the scores`` / ``Hide the scores``: the private round of the
        Invent step on screen (the scoring, or the #1 vote)."""
        screen = self.workshop_screen
        reveal = getattr(screen, "reveal_round", None)
        if self.read_only or reveal is None or not reveal(revealed):
            self.notify(self.tr("reveal.not_here"), severity="warning")

    def action_add_kind(self, kind: str) -> None:
        """``Add review`` / ``Add post`` ...: go where that kind is made, open its form."""
        if self.read_only:
            return
        screen = self.workshop_screen
        if screen is None or kind not in screen.ADDS:
            if not self.apply("goto_work", ADD_STEPS[kind]):
                self.notify(self.tr("app.not_today"), severity="warning")
                return
            self._when_shown(lambda target: target.open_add_form(kind) if kind in target.ADDS else None)
        else:
            screen.open_add_form(kind)

    async def action_on_step(self, step_id: str, name: str) -> None:
        """A Day 2 plan command of the palette (``Add TODO``, ``Weekly meeting``
        ...): run the key action ``name`` of the screen that shows ``step_id`` -
        here when that screen is shown, else after going there. On Day 1 it
        says it belongs to Day 2."""
        from .screens.phases import screen_kind_of

        step = next((s for s in self.workshop.steps if s.id == step_id), None)
        if step is None:
            self.notify(self.tr("palette.day2_only"), severity="warning")
            return
        screen = self.workshop_screen
        if screen is not None and type(screen) is screen_kind_of(step):
            await self.run_action(name, screen)
            return
        self.apply("goto", step_id)
        self._when_shown(lambda target: self.call_later(self.run_action, name, target))

    def _when_shown(self, then: Callable[[WorkshopScreen], object]) -> None:
        """Run ``then`` on the step's screen once the pending change has shown it."""
        self._screen_for_step().when_filled(then)
        if not self._pending:
            self.show_step()

    def author_name(self) -> str:
        """The name of whoever's turn it is (forms show it as the author)."""
        person = self.workshop.session.participant(self.workshop.turn)
        return person.name if person else self.tr("app.nobody")

    def action_undo(self) -> None:
        self.apply("undo")

    def action_redo(self) -> None:
        self.apply("redo")

    # -- saving ----------------------------------------------------------------
    def _refresh_clock(self) -> None:
        screen = self.workshop_screen
        if screen is not None:
            screen.refresh_agenda()

    def save_state(self) -> str:
        """The quiet indicator: saved, unsaved (within a second), or not saved."""
        if self.read_only:
            return self.tr("app.state_read_only")
        if self._save_error:
            return self.tr("app.state_error")
        return self.tr("app.state_unsaved" if self.unsaved else "app.state_saved")

    def _autosave(self) -> None:
        screen = self.workshop_screen
        if screen is not None and screen.is_mounted:
            screen.show_save_state(self.save_state())
        now, revision = time.monotonic(), self.workshop.revision
        looked_at, self._looked_at = self._looked_at, now
        if revision != self._looked_revision:
            self._looked_revision, self._changed_at = revision, looked_at
        if revision == self._saved_revision:
            self._unsaved_since = None
            return
        if self._unsaved_since is None:
            self._unsaved_since = self._changed_at
        if self.read_only or self._saving or self._conflict or now < self._next_try:
            return
        if not save_due(now, self._unsaved_since, self._changed_at):
            return
        data = self.workshop.snapshot()
        self._saving = True
        self._unsaved_since = None
        self.run_worker(lambda: self._write(data, revision), thread=True, group="autosave", exit_on_error=False)

    def _write(self, data: dict[str, Any], revision: int) -> None:
        error = ""
        try:
            self._write_checked(data, revision)
        except store.ExternalChange:
            if not get_current_worker().is_cancelled:
                self.call_from_thread(self._external_change)
            return
        except (store.StoreError, OSError) as problem:
            error = self._problem_text(problem)
        except Exception as failure:  # a bug in saving: the app cannot promise the work is kept
            if not get_current_worker().is_cancelled:
                self.call_from_thread(self.fail, failure)
            return
        if not get_current_worker().is_cancelled:
            self.call_from_thread(self._saved, revision, error)

    def _write_checked(self, data: dict[str, Any], revision: int, *, always: bool = False) -> None:
        """Write ``data`` unless a newer revision is already on disk (an
        explicit save writes the moment's timer too) or the file was changed
        by another program (``store.ExternalChange``). Bytes the file already
        holds are never rewritten."""
        with self._write_lock:
            if revision > self._written_revision or (always and revision == self._written_revision):
                if store.save_data(data, self.path, expect=self._fingerprint):  # False: the file already held it
                    self._fingerprint = store.fingerprint(store.real_path(self.path))
                self._written_revision = revision

    def _problem_text(self, problem: store.StoreError | OSError) -> str:
        """Why a save failed, in words that say what to do."""
        if isinstance(problem, store.StoreError):
            return "; ".join(p.render(self.tr) for p in problem.problems)
        detail = problem.strerror or str(problem)
        return self.tr(f"save_dialog.problem.{store.save_problem(problem)}", folder=str(self.path.parent), detail=detail)

    def _saved(self, revision: int, error: str) -> None:
        self._saving = False
        had_error = bool(self._save_error)
        self._save_error = error
        if error:
            self._next_try = time.monotonic() + RETRY_S
        else:
            self._saved_revision = revision
        screen = self.workshop_screen
        if screen is None or not screen.is_mounted:
            return
        if had_error or error:
            screen.refresh_chrome()
        else:
            screen.show_save_state(self.save_state())  # "… saving" gives way to "saved"

    # -- a file changed by another program ------------------------------------
    def _external_change(self) -> None:
        """The file is no longer what mlew read or last wrote: nothing was
        overwritten. Stop saving and ask: reload theirs, or keep mine. Either
        way the other version is kept beside the file."""
        from .forms.save_dialogs import Answer, QuestionDialog

        self._saving = False
        first = not self._conflict
        self._conflict = True
        if first:
            screen = self.workshop_screen
            if screen is not None and screen.is_mounted:
                screen.refresh_chrome()
        if isinstance(self.screen, QuestionDialog):
            return
        tr = self.tr
        stamp = self.workshop.now()
        theirs, mine = store.theirs_path(self.path, stamp), store.mine_path(self.path, stamp)
        answers = [
            Answer("theirs", "t", tr("save_dialog.conflict.theirs", mine=mine.name)),
            Answer("mine", "m", tr("save_dialog.conflict.mine", theirs=theirs.name)),
        ]
        text = tr("save_dialog.conflict.text", path=str(self.path)) + "\n\n" + tr("save_dialog.conflict.later")

        def answered(choice: str | None) -> None:
            if choice == "theirs":
                self._reload_theirs(mine)
            elif choice == "mine":
                self._keep_mine(theirs)

        self.push_screen(QuestionDialog(tr("save_dialog.conflict.title"), text, answers), answered)

    def _keep_mine(self, theirs: Path) -> None:
        """Their file is copied beside the session, then mine is saved over it."""
        real = store.real_path(self.path)
        try:
            if real.exists():
                write_atomic(theirs, real.read_bytes(), create_only=True)
            with self._write_lock:
                store.save_data(self.workshop.snapshot(), self.path)
                self._fingerprint = store.fingerprint(real)
                self._written_revision = self._saved_revision = self.workshop.revision
        except (store.StoreError, OSError) as problem:
            self.notify(self.tr("save_dialog.conflict.failed", detail=self._problem_text(problem)), severity="error", timeout=12)
            return
        self._conflict = False
        self._save_error = ""
        self.notify(self.tr("save_dialog.conflict.kept_mine", theirs=str(theirs)), timeout=12)
        self.publish(Change(frozenset({TURN}), "save"))

    def _reload_theirs(self, mine: Path) -> None:
        """My unsaved version is written beside the session; theirs is read
        and becomes the workshop (a file that does not load keeps mine)."""
        try:
            theirs = store.load(self.path)
        except store.StoreError as problem:
            self.notify(self.tr("save_dialog.conflict.theirs_bad", detail=self._problem_text(problem)), severity="error", timeout=15)
            self.call_after_refresh(self._external_change)  # still unresolved: ask again, mine is the only way now
            return
        try:
            if self.unsaved:
                store.save_data(self.workshop.snapshot(), mine, keep_backup=False)
        except (store.StoreError, OSError) as problem:
            self.notify(self.tr("save_dialog.conflict.failed", detail=self._problem_text(problem)), severity="error", timeout=12)
            return
        kept = self.unsaved
        self.workshop = self._rebuild(theirs)
        self._fingerprint = store.fingerprint(store.real_path(self.path))
        self._written_revision = self._saved_revision = self.workshop.revision
        self._conflict = False
        self._save_error = ""
        self.notify(self.tr("save_dialog.conflict.reloaded", mine=str(mine)) if kept else self.tr("save_dialog.conflict.reloaded_clean"), timeout=12)
        # Every screen is rebuilt from their file, as after a language switch.
        self.publish(Change(ALL_PARTS, "reload"))

    def save_now_blocking(self) -> bool:
        """Save in this thread (quit, ``Save now``); False when it failed."""
        if self.read_only:
            return False
        if self._conflict:
            self._external_change()
            return False
        revision = self.workshop.revision
        try:
            self._write_checked(self.workshop.snapshot(), revision, always=True)
        except store.ExternalChange:
            self._external_change()
            return False
        except (store.StoreError, OSError) as problem:
            self._save_error = self._problem_text(problem)
            return False
        self._saved_revision = revision
        self._save_error = ""
        screen = self.workshop_screen
        if screen is not None and screen.is_mounted:
            screen.show_save_state(self.save_state())
        return True

    def action_save_now(self) -> None:
        ok = self.save_now_blocking()
        self.notify(self.tr("app.saved" if ok else "app.not_saved"))

    def action_start_day2(self) -> None:
        """``Start Day 2``: keep the Day 1 state, open Day 2's first step."""
        if self.read_only:
            return
        if self.workshop.day == 2:
            self.notify(self.tr("plan.app.already_day2"))
            return
        self.apply("start_day", 2)
        self.notify(self.tr("plan.app.day2_started"))

    def action_changes_key(self) -> None:
        """``c`` on Day 2: what changed since Day 1."""
        self.action_show_changes()

    def action_toggle_day1(self) -> None:
        """ctrl+d on Day 2: the frozen Day 1 in the working screen of what the
        room is on (read-only), or back to Day 2."""
        screen = self.workshop_screen
        if screen is not None and screen.frozen is not None:
            self.show_step()  # back to Day 2's own screen (the frozen one is closed)
            return
        frozen = self.workshop.day1_workshop()
        if frozen is None:
            self.notify(self.tr("rerun.day1.none"), severity="warning")
            return
        from .host import FrozenDay1
        from .screens.phases import screen_for_phase

        target = screen_for_phase(frozen.step.phase)()
        target.frozen = FrozenDay1(self, frozen)
        while len(self.screen_stack) > 1 and not isinstance(self.screen, WorkshopScreen):
            self.pop_screen()  # a dialog of the screen being left
        self.push_screen(target)

    def action_show_changes(self) -> None:
        """``What changed since Day 1``: the session against the Day 1 frozen in it."""
        from .screens.day2_changes import ChangesScreen

        self.push_screen(ChangesScreen())

    def export_file(self, fmt: str, *, announce: bool = True) -> Path | None:
        """Write the ``fmt`` export next to the session file (the one guard of
        :mod:`.export.guard` decides where it may go); the file written, or
        None after saying in the UI language why nothing was."""
        from .atomic import NotAFile
        from .export import export_path
        from .export.files import ExportRefused, write_export

        target = export_path(self.path, fmt)
        try:
            write_export(self.workshop.session, fmt, target, session_file=self.path)
        except ExportRefused as refused:
            self.notify(refused.message(self.tr, app=True), severity="error", markup=False)
            return None
        except NotAFile:
            self.notify(self.tr("export.app_not_a_file", path=str(target)), severity="error", markup=False)
            return None
        except OSError as problem:
            self.notify(self.tr("export.app.failed", path=str(target), detail=problem.strerror or str(problem)), severity="error", markup=False)
            return None
        if announce:
            self.notify(self.tr("export.app.written", path=str(target)), markup=False)
        return target

    def action_export_as(self, fmt: str) -> None:
        """``Export calendar`` / ``Export spreadsheet`` / ``Export evaluation sheet``: next to the session file."""
        self.export_file(fmt)

    def action_export_markdown(self) -> None:
        """``Export Markdown``: the whole workshop as ``<session stem>.md`` next to the file."""
        if self.export_file("md") is not None:
            self.publish(Change(frozenset({EXPORTS}), "export"))

    @property
    def unsaved(self) -> bool:
        return not self.read_only and self.workshop.revision != self._saved_revision

    # -- an unexpected error: shown, logged, saved; the room goes on ------------------
    #: Every unexpected exception so far, in order (a test walking every key asserts none).
    errors_seen: tuple[BaseException, ...] = ()

    async def run_action(self, action: Any, default_namespace: Any = None, namespaces: Any = None) -> bool:
        """Every key binding, palette command and clicked action runs through
        here: an unexpected exception in one is reported (:meth:`recover`) and
        the app goes on."""
        try:
            return await super().run_action(action, default_namespace, namespaces)
        except Exception as error:  # any bug in a handler: report it, keep the room's work
            self.recover(error)
            return True

    def _handle_exception(self, error: Exception) -> None:
        """Textual's hook for an exception nothing caught (it would print a
        traceback and exit). One in a callback run after a handler (a form's
        answer, the views' refresh) leaves everything able to go on: recover.
        Any other - in compose, a render, a message handler (whose widget
        stops taking messages), the save itself - is fatal: :meth:`fail`."""
        import sys

        if sys._getframe(1).f_code.co_name in RECOVERABLE_SITES and self.is_running and self.return_code is None:
            self.recover(error)
        else:
            self.fail(error)

    def recover(self, error: BaseException) -> None:
        """Log the traceback next to the file, save the session, say so in the UI language."""
        from . import errors

        self.errors_seen += (error,)
        log = errors.log_error(self.path, error, self.workshop.now())
        try:
            saved = self.save_now_blocking()
        except Exception as failure:  # the save itself is broken: nothing safe is left to do
            self.fail(failure)
            return
        where = str(log) if log else self.tr("errors.no_log")
        key = "errors.recovered" if saved else "errors.recovered_unsaved"
        self.notify(self.tr(key, error=errors.describe(error), log=where), severity="error", timeout=20, markup=False)

    def fail(self, error: BaseException) -> None:
        """The app cannot go on: log, save what can be saved, exit with status 1
        and a message in words (never a traceback, never status 0)."""
        from rich.text import Text

        from . import errors

        first = not any(e is error for e in self.errors_seen)
        self.errors_seen += (error,)
        self._return_code = 1
        if isinstance(error, Exception) and self._exception is None:
            self._exception = error  # run_test re-raises it, as Textual does
            self._exception_event.set()
        if not first or self._exit_renderables:
            self._close_messages_no_wait()
            return
        log = errors.log_error(self.path, error, self.workshop.now())
        try:
            saved = self.save_now_blocking()
        except Exception:  # the save itself failed: the file on disk is the last good one
            saved = False
        state = self.tr("errors.fatal_saved" if saved else "errors.fatal_not_saved", path=str(self.path))
        where = str(log) if log else self.tr("errors.no_log")
        self._exit_renderables.append(Text(self.tr("errors.fatal", error=errors.describe(error), state=state, log=where), style="bold red"))
        self._close_messages_no_wait()


#: Where Textual reports an exception after which the app still works: the
#: callbacks run after a handler (``MessagePump._flush_next_callbacks``,
#: Textual 8). Anywhere else the failing widget's message loop has stopped.
RECOVERABLE_SITES = frozenset({"_flush_next_callbacks"})
