"""Shared fixtures: the bundled samples, a scratch copy of one, a pinned language."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, TypeVar

import pytest
from textual.pilot import Pilot
from textual.screen import Screen

from mlew_tui import store
from mlew_tui.app import MlewApp
from mlew_tui.domain.history import Edit
from mlew_tui.samples import samples_folder

ScreenT = TypeVar("ScreenT", bound=Screen[Any])


@pytest.fixture(scope="session")
def _kept_sessions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("kept-sessions")


@pytest.fixture(autouse=True)
def _kept_sessions_of_their_own(monkeypatch: pytest.MonkeyPatch, _kept_sessions: Path) -> None:
    """Sessions read once are kept (``mlew_tui.session_cache``): tests keep
    theirs in a folder of the test run, never in the user's cache."""
    monkeypatch.setenv("MLEW_CACHE_DIR", str(_kept_sessions))


@pytest.fixture(autouse=True)
def _english_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """CLI messages follow LANG; tests pin it so they read the same everywhere."""
    for var in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


@pytest.fixture(autouse=True)
def _bugs_fail_tests(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The app recovers from a bug in a key's handler (it shows the error, saves
    and goes on): in a test the bug still fails the test, unless the test asks
    for ``expect_errors``."""
    if "expect_errors" in request.fixturenames:
        yield
        return
    seen: list[BaseException] = []
    recover = MlewApp.recover

    def recording(self: MlewApp, error: BaseException) -> None:
        seen.append(error)
        recover(self, error)

    monkeypatch.setattr(MlewApp, "recover", recording)
    yield
    if seen:
        raise seen[0]


@pytest.fixture
def expect_errors() -> None:
    """The test provokes errors the app recovers from, and checks them itself."""


@pytest.fixture
def samples_dir() -> Path:
    return samples_folder()


@pytest.fixture
def ja_sample(tmp_path: Path, samples_dir: Path) -> Path:
    """A scratch copy of the Japanese sample (tests may change it)."""
    return Path(shutil.copy(samples_dir / "ja_eikaiwa.toml", tmp_path / "ja.toml"))


@pytest.fixture
def ja_day2_sample(tmp_path: Path, samples_dir: Path) -> Path:
    """A scratch copy of the Japanese Day 2 sample (Day 1 frozen in it; a plan with TODOs and meetings)."""
    return Path(shutil.copy(samples_dir / "ja_eikaiwa_day2.toml", tmp_path / "ja.toml"))


@pytest.fixture
def en_day2_sample(tmp_path: Path, samples_dir: Path) -> Path:
    """A scratch copy of the English Day 2 sample (Day 1 frozen in it)."""
    return Path(shutil.copy(samples_dir / "en_ec_recommendations_day2.toml", tmp_path / "en.toml"))


@pytest.fixture
def en_sample(tmp_path: Path, samples_dir: Path) -> Path:
    """A scratch copy of the English sample (tests may change it)."""
    return Path(shutil.copy(samples_dir / "en_ec_recommendations.toml", tmp_path / "en.toml"))


@pytest.fixture
def fresh(en_sample: Path) -> Path:
    """The English sample with no scores, votes or winner yet (maria at the keyboard)."""
    session = store.load(en_sample)
    session.scores, session.votes = {}, {}
    session.invent.winner, session.invent.decided_by = "", None
    session.progress.turn = "maria"
    store.save(session, en_sample)
    return en_sample


@pytest.fixture(autouse=True)
def _utc(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app shows times in the machine's zone; tests pin it to UTC."""
    import time

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()


class FakeClock:
    """Monotonic seconds and an aware wall clock that move only when told,
    for ``MlewApp(path, monotonic=clock.monotonic, now=clock.now)``."""

    def __init__(self) -> None:
        self.mono = 1000.0
        self.wall = datetime(2026, 12, 3, 10, 0, tzinfo=timezone(timedelta(hours=9)))

    def monotonic(self) -> float:
        return self.mono

    def now(self) -> datetime:
        return self.wall

    def advance(self, seconds: float) -> None:
        self.mono += seconds
        self.wall += timedelta(seconds=seconds)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


#: Apps a test opened with :func:`opened`: their locks are released after the test.
OPENED: list[MlewApp] = []


def opened(path: Path, day: int | None = None, **kwargs: Any) -> MlewApp:
    """An app whose lock is released when the test ends, whatever happens in it."""
    app = MlewApp(path, day, **kwargs)
    OPENED.append(app)
    return app


@pytest.fixture(autouse=True)
def _release_opened_locks() -> Iterator[None]:
    yield
    while OPENED:
        OPENED.pop().lock.release()


def make_app(path: Path, clock: FakeClock, day: int | None = None, *, theme: str | None = None, bell: bool = True) -> MlewApp:
    """An app on ``path`` whose clocks are ``clock``'s."""
    return MlewApp(path, day, theme=theme, bell=bell, monotonic=clock.monotonic, now=clock.now)


async def settle_on(pilot: Pilot[Any], kind: type, *, tries: int = 100) -> None:
    """Pause until the screen on top is a ``kind`` (a form mounts a little later
    on a loaded machine); a fixed pause would make the test depend on speed."""
    for _ in range(tries):
        if isinstance(pilot.app.screen, kind) and pilot.app.screen.is_mounted:
            await pilot.pause()
            return
        await pilot.pause(0.05)


def screen_of(app: MlewApp, kind: type[ScreenT]) -> ScreenT:
    """The screen on top, which must be a ``kind``."""
    screen = app.screen
    assert isinstance(screen, kind), type(screen).__name__
    return screen


def made(edit: Edit | None) -> Edit:
    """The edit a domain function returns where the test expects one (not None: nothing to do)."""
    assert edit is not None
    return edit


#: Whole modules that run with the slow rest (`pytest -m slow`): the SVG
#: snapshots (each renders a full screen, at two sizes), every screen with
#: hostile text, and the resize sweep. The fast default run keeps a Pilot
#: test of every screen, the state loop and the store.
SLOW_MODULES = frozenset(
    {
        "test_snapshots_shell.py",
        "test_listen_define_snapshots.py",
        "test_invent_snapshots.py",
        "test_refine_snapshots.py",
        "test_milestones_snapshots.py",
        "test_next_step_snapshots.py",
        "test_day2_snapshots.py",
        "test_snapshots_every_step.py",
        "test_snapshots_join.py",
        "test_hostile_text.py",
        "test_resize.py",
    }
)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.name in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
