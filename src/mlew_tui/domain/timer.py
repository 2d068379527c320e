"""The step countdown and Invent's share/score cycle - pure state machines.

Time comes only from two injected callables: ``monotonic`` (seconds, never
jumps; used while running) and ``now`` (an aware wall-clock datetime; used only
to write and read the ``[timer]`` record). While running, the remaining time is
*computed* from the anchor taken at start - ``remaining = remaining_at_start -
(monotonic() - anchor)`` - never accumulated from ticks, so polling as often or
as irregularly as the UI likes causes no drift.

Rules (documented here so the UI need not guess):

* Status: ``idle`` until first started after creation/reset; then ``expired``
  at remaining <= 0, ``warning`` in the last minute - or the last 20 % for
  timers shorter than five minutes, so a 1 min scoring window is not "warning"
  from its first second - and ``running`` / ``paused`` otherwise.
* ``add(-60)`` never takes the remaining time below zero (nor deeper into
  overtime); ``add(+60)`` always adds, even to an expired timer.
* Bells (``poll()``): ``one_minute`` when the time passing crosses 60 s left,
  ``expired`` when it crosses zero - each once per crossing. Manual changes
  (add, reset, restore) re-arm the bells from the new value but never ring, so
  a timer restored already expired (or under a minute) does not ring again.
* Text: ``MM:SS`` counting down (seconds rounded up, so ``00:00`` only shows
  at zero), ``+MM:SS`` counting overtime up; minutes are not wrapped into hours
  (``75:00``) - no step lasts an hour, and a big minute count reads fine.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from .formats import clock

Monotonic = Callable[[], float]
WallClock = Callable[[], datetime]

ONE_MINUTE_S = 60.0
WARNING_FRACTION = 0.2
SHARE_S = 240  # Invent: 4 min sharing per case
SCORE_S = 60  # then 1 min individual scoring
#: The longest timebox, and the most overtime, the session file keeps (``session.SECONDS_MAX``).
SECONDS_MAX = 24 * 60 * 60


def utc_now() -> datetime:
    """The default wall clock: an aware datetime in UTC."""
    return datetime.now(UTC)


class TimerStatus(StrEnum):
    IDLE = "idle"
    RUNNING = "running"
    PAUSED = "paused"
    WARNING = "warning"
    EXPIRED = "expired"


class Bell(StrEnum):
    """Events returned by ``poll()``; StrEnum, so ``"expired" in events`` works."""

    ONE_MINUTE = "one_minute"
    EXPIRED = "expired"
    PART_END = "part_end"  # cycle mode: a share/score part ended, the next began


def warning_threshold_s(duration_s: float) -> float:
    """Seconds left at which a timer of ``duration_s`` turns to ``warning``:
    the last minute, or the last 20 % when that is shorter."""
    return min(ONE_MINUTE_S, WARNING_FRACTION * duration_s)


def _aware(value: datetime, name: str) -> datetime:
    if not isinstance(value, datetime):
        value = datetime.fromisoformat(str(value))
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime (with a UTC offset)")
    return value


class Countdown:
    """A countdown for one step: start, pause, +/- a minute, reset, persist."""

    _MARKS = ((ONE_MINUTE_S, Bell.ONE_MINUTE), (0.0, Bell.EXPIRED))
    _running: bool
    _started: bool

    def __init__(self, duration_s: int = 0, *, step: str = "", monotonic: Monotonic = time.monotonic, now: WallClock = utc_now) -> None:
        self.step = step
        self._monotonic = monotonic
        self._now = now
        self._pending: set[Bell] = set()
        self.set_duration(duration_s)

    # -- state -------------------------------------------------------------
    # While running, ``_remaining`` is the value at ``_anchor`` (monotonic);
    # while stopped it is simply the remaining time.
    @property
    def duration_s(self) -> int:
        return self._duration

    @property
    def running(self) -> bool:
        return self._running

    @property
    def started(self) -> bool:
        """False until the first start after creation or reset."""
        return self._started

    @property
    def remaining(self) -> float:
        """Seconds left; negative in overtime."""
        if self._running:
            return self._remaining - (self._monotonic() - self._anchor)
        return self._remaining

    @property
    def status(self) -> TimerStatus:
        if not self._started:
            return TimerStatus.IDLE
        left = self.remaining
        if left <= 0:
            return TimerStatus.EXPIRED
        if left <= warning_threshold_s(self._duration):
            return TimerStatus.WARNING
        return TimerStatus.RUNNING if self._running else TimerStatus.PAUSED

    @property
    def text(self) -> str:
        return clock(self.remaining)

    @property
    def fraction_elapsed(self) -> float:
        """0..1 for a progress bar (1 once expired; +1 min moves it back)."""
        if self._duration <= 0:
            return 1.0
        return min(1.0, max(0.0, 1.0 - self.remaining / self._duration))

    # -- operations --------------------------------------------------------
    def start(self) -> None:
        """Run from the current remaining time (no-op while running)."""
        self._observe()
        if not self._running:
            self._anchor = self._monotonic()
            self._running = self._started = True

    def pause(self) -> None:
        """Freeze the remaining time (no-op while stopped)."""
        self._observe()
        if self._running:
            self._remaining = self.remaining
            self._running = False

    def toggle(self) -> None:
        """Start if stopped, pause if running."""
        self.pause() if self._running else self.start()

    def add(self, seconds: float) -> None:
        """Add (or, negative, take away) time; see the module rules."""
        self._observe()
        left = self.remaining
        target = left + seconds if seconds >= 0 else max(left + seconds, min(left, 0.0))
        self._shift(target - left)

    def reset(self) -> None:
        """Back to the full duration, stopped and idle; pending bells dropped."""
        self._running = self._started = False
        self._remaining = self._last = float(self._duration)
        self._anchor = 0.0
        self._pending.clear()

    def set_duration(self, duration_s: float, *, step: str | None = None) -> None:
        """A new timebox (e.g. the next step's): sets the duration and resets."""
        if duration_s < 0:
            raise ValueError(f"duration must not be negative ({duration_s})")
        self._duration = int(round(duration_s))
        if step is not None:
            self.step = step
        self.reset()

    def carry_over(self, duration_s: float) -> None:
        """Chain the next timebox on the same clock: the new duration plus the
        current remaining time (overtime is taken off), keeping the running
        state - how the cycle moves from sharing to scoring without drift."""
        self._observe()
        self._duration = int(round(duration_s))
        self._shift(float(self._duration))

    def _shift(self, delta: float) -> None:
        # Same offset for the anchored and the stopped representation.
        self._remaining += delta
        self._last = self.remaining  # re-arm the bells from here, silently

    # -- bells -------------------------------------------------------------
    def _observe(self) -> None:
        left = self.remaining
        for mark, bell in self._MARKS:
            if self._last > mark >= left:
                self._pending.add(bell)
        self._last = left

    def poll(self) -> set[Bell]:
        """Bells since the last poll (each crossing rings once)."""
        self._observe()
        events, self._pending = self._pending, set()
        return events

    # -- persistence -------------------------------------------------------
    def to_record(self, now: datetime | None = None) -> dict[str, Any]:
        """The ``[timer]`` table: ``deadline`` while running, else ``remaining_s``."""
        # The file keeps a timebox, and its overtime, within a day (SECONDS_MAX): a
        # timer left running over a weekend, or + pressed a thousand times, still saves.
        remaining = max(-SECONDS_MAX, min(SECONDS_MAX, self.remaining))
        record: dict[str, Any] = {"step": self.step, "duration_s": min(self._duration, SECONDS_MAX), "running": self._running}
        if self._running:
            now = _aware(now if now is not None else self._now(), "now")
            record["deadline"] = now + timedelta(seconds=remaining)
        else:
            record["remaining_s"] = float(remaining)
        return record

    @classmethod
    def from_record(cls, record: Mapping[str, Any], *, monotonic: Monotonic = time.monotonic, now: WallClock = utc_now) -> Countdown:
        """Restore a ``[timer]`` table. A running timer gets ``deadline - now()``
        and continues on ``monotonic``; a stopped one keeps ``remaining_s``
        (missing: the full duration). A running record without a deadline is
        read as running from ``remaining_s``. A stopped record at its full
        duration comes back idle. Thresholds already passed do not ring."""
        timer = cls(int(record.get("duration_s") or 0), step=str(record.get("step") or ""), monotonic=monotonic, now=now)
        running = bool(record.get("running"))
        deadline, stored = record.get("deadline"), record.get("remaining_s")
        if running and deadline is not None:
            left = (_aware(deadline, "deadline") - _aware(now(), "now")).total_seconds()
        elif stored is not None:
            left = float(stored)
        else:
            left = float(timer._duration)
        timer._remaining = timer._last = left
        timer._started = running or left != timer._duration
        if running:
            timer._anchor, timer._running = monotonic(), True
        return timer


class CasePart(StrEnum):
    SHARE = "share"
    SCORE = "score"


@dataclass(frozen=True)
class CyclePosition:
    """Where the cycle is: "Case ``number``/``case_count`` - ``part`` - time"."""

    case_index: int  # 0-based
    case_count: int
    case_id: str
    part: CasePart
    part_remaining_s: float  # negative only in the last part's overtime

    @property
    def number(self) -> int:
        return self.case_index + 1


def cycle_position(cases: Sequence[str], elapsed_s: float, *, share_s: float = SHARE_S, score_s: float = SCORE_S) -> CyclePosition:
    """The cycle's position after ``elapsed_s`` seconds of running time.

    Parts follow each other without gaps; past the end the last scoring part
    stays current and its remaining time goes negative (overtime).
    """
    if not cases:
        raise ValueError("the cycle needs at least one case")
    part_lengths = (share_s, score_s)
    t, index = max(0.0, elapsed_s), 0
    while True:
        length = part_lengths[index % 2]
        if t < length or index == 2 * len(cases) - 1:
            return CyclePosition(index // 2, len(cases), cases[index // 2], CasePart.SHARE if index % 2 == 0 else CasePart.SCORE, length - t)
        t -= length
        index += 1


class CycleTimer:
    """Invent's cycle: per case ``share_s`` sharing, then ``score_s`` scoring.

    One ``Countdown`` runs the current part; when it reaches zero the next part
    is chained with ``carry_over`` (the overtime is taken off the new part), so
    the cycle follows the same monotonic clock as a single countdown would and
    survives pauses. Parts advance lazily whenever the cycle is read or polled.
    ``add``/``reset`` act on the current part; ``skip`` ends it now;
    ``restart`` goes back to the first case.

    Record: the ``[timer]`` table of the current part plus ``cycle_cases`` (the
    case ids, in order), ``cycle_index`` (0-based case) and ``cycle_part``
    (``share`` | ``score``). ``duration_s`` is the current part's length; the
    following parts take ``share_s`` / ``score_s``.
    """

    def __init__(
        self,
        cases: Sequence[str],
        *,
        share_s: int = SHARE_S,
        score_s: int = SCORE_S,
        step: str = "invent.cases",
        monotonic: Monotonic = time.monotonic,
        now: WallClock = utc_now,
    ) -> None:
        if not cases:
            raise ValueError("the cycle needs at least one case")
        if share_s <= 0 or score_s <= 0:
            raise ValueError("share and score parts must last more than 0 s")
        self.cases: tuple[str, ...] = tuple(cases)
        self.share_s, self.score_s = share_s, score_s
        self._part = 0  # index into [share c1, score c1, share c2, ...]
        self._pending: set[Bell] = set()
        self._countdown = Countdown(share_s, step=step, monotonic=monotonic, now=now)

    def _length(self, part: int) -> int:
        return self.share_s if part % 2 == 0 else self.score_s

    def _last_part(self) -> bool:
        return self._part == 2 * len(self.cases) - 1

    def _advance(self) -> None:
        events = self._countdown.poll()
        while self._countdown.remaining <= 0 and not self._last_part():
            if Bell.EXPIRED in events:  # a part ran out; the cycle itself goes on
                events.discard(Bell.EXPIRED)
                events.add(Bell.PART_END)
            self._part += 1
            self._countdown.carry_over(self._length(self._part))
            events |= self._countdown.poll()
        self._pending |= events

    # -- reading -----------------------------------------------------------
    @property
    def countdown(self) -> Countdown:
        """The current part's countdown (read it through the cycle's properties,
        which advance the parts first)."""
        self._advance()
        return self._countdown

    @property
    def position(self) -> CyclePosition:
        self._advance()
        index = self._part // 2
        part = CasePart.SHARE if self._part % 2 == 0 else CasePart.SCORE
        return CyclePosition(index, len(self.cases), self.cases[index], part, self._countdown.remaining)

    @property
    def case_index(self) -> int:
        return self.position.case_index

    @property
    def part(self) -> CasePart:
        return self.position.part

    @property
    def remaining(self) -> float:
        return self.countdown.remaining

    @property
    def status(self) -> TimerStatus:
        return self.countdown.status

    @property
    def text(self) -> str:
        return self.countdown.text

    @property
    def fraction_elapsed(self) -> float:
        return self.countdown.fraction_elapsed

    @property
    def running(self) -> bool:
        return self._countdown.running

    # -- operations --------------------------------------------------------
    def start(self) -> None:
        self._advance()
        self._countdown.start()

    def pause(self) -> None:
        self._advance()
        self._countdown.pause()

    def toggle(self) -> None:
        self._advance()
        self._countdown.toggle()

    def add(self, seconds: float) -> None:
        """More (or less) time for the current part only."""
        self._advance()
        self._countdown.add(seconds)

    def reset(self) -> None:
        """The current part from its full length, stopped."""
        self._advance()
        self._countdown.set_duration(self._length(self._part))

    def restart(self) -> None:
        """Back to the first case's sharing, stopped and idle."""
        self._part = 0
        self._pending.clear()
        self._countdown.set_duration(self.share_s)

    def skip(self) -> bool:
        """End the current part now and start the next one at full length
        (running if the cycle was running). False on the last part."""
        self._advance()
        if self._last_part():
            return False
        running = self._countdown.running
        self._part += 1
        self._countdown.set_duration(self._length(self._part))
        if running:
            self._countdown.start()
        return True

    def poll(self) -> set[Bell]:
        """Bells since the last poll: ``one_minute`` (a part's last minute),
        ``part_end`` (the next part began), ``expired`` (the last part ended)."""
        self._advance()
        events, self._pending = self._pending, set()
        return events

    # -- persistence -------------------------------------------------------
    def to_record(self, now: datetime | None = None) -> dict[str, Any]:
        """The current part's ``[timer]`` table plus the ``cycle_*`` keys."""
        position = self.position
        return self._countdown.to_record(now) | {"cycle_cases": list(self.cases), "cycle_index": position.case_index, "cycle_part": position.part.value}

    @classmethod
    def from_record(
        cls, record: Mapping[str, Any], *, share_s: int = SHARE_S, score_s: int = SCORE_S, monotonic: Monotonic = time.monotonic, now: WallClock = utc_now
    ) -> CycleTimer:
        """Restore a cycle; time that passed while the app was closed moves it
        on through the parts silently (no bells for parts already over)."""
        cases = list(record.get("cycle_cases") or ())
        cycle = cls(cases, share_s=share_s, score_s=score_s, step=str(record.get("step") or "invent.cases"), monotonic=monotonic, now=now)
        index = int(record.get("cycle_index") or 0)
        if not 0 <= index < len(cases):
            raise ValueError(f"cycle_index {index} is outside the {len(cases)} cases")
        cycle._part = 2 * index + (1 if record.get("cycle_part") == CasePart.SCORE else 0)
        if not record.get("duration_s"):  # a hand-written record: the part's own length
            record = {**record, "duration_s": cycle._length(cycle._part)}
        cycle._countdown = Countdown.from_record(record, monotonic=monotonic, now=now)
        cycle._advance()
        cycle._pending.clear()  # whatever was crossed while closed has passed
        return cycle
