"""The countdown and Invent's cycle, on a fake clock (nothing sleeps)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

import pytest

from mlew_tui.domain.formats import clock as format_clock
from mlew_tui.domain.timer import (
    Bell,
    CasePart,
    Countdown,
    CycleTimer,
    TimerStatus,
    cycle_position,
    warning_threshold_s,
)

JST = timezone(timedelta(hours=9))


class FakeClock:
    """Monotonic seconds and a wall clock that move together when told to."""

    def __init__(self) -> None:
        self.t = 1000.0  # monotonic has an arbitrary origin
        self.wall0 = datetime(2026, 12, 3, 10, 0, tzinfo=JST)
        self.wall_skew = timedelta(0)

    def monotonic(self) -> float:
        return self.t

    def now(self) -> datetime:
        return self.wall0 + timedelta(seconds=self.t - 1000.0) + self.wall_skew

    def advance(self, seconds: float) -> None:
        self.t += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def countdown(clock: FakeClock, seconds: int = 300, step: str = "listen.reviews") -> Countdown:
    return Countdown(seconds, step=step, monotonic=clock.monotonic, now=clock.now)


# --- states ----------------------------------------------------------------
def test_idle_running_paused_running(clock: FakeClock) -> None:
    timer = countdown(clock)
    assert timer.status is TimerStatus.IDLE
    assert (timer.remaining, timer.text, timer.fraction_elapsed) == (300, "05:00", 0.0)
    clock.advance(30)
    assert timer.remaining == 300  # idle does not count
    timer.start()
    clock.advance(100.5)
    assert timer.status is TimerStatus.RUNNING and timer.running
    assert timer.remaining == pytest.approx(199.5)
    assert timer.text == "03:20"  # seconds round up while counting down
    timer.pause()
    clock.advance(1000)
    assert timer.status is TimerStatus.PAUSED and not timer.running
    assert timer.remaining == pytest.approx(199.5)
    timer.start()
    clock.advance(99.5)
    assert timer.remaining == pytest.approx(100)
    assert timer.fraction_elapsed == pytest.approx(2 / 3)


def test_start_and_pause_are_idempotent(clock: FakeClock) -> None:
    timer = countdown(clock)
    timer.start()
    clock.advance(10)
    timer.start()  # must not re-anchor and lose or gain time
    clock.advance(10)
    assert timer.remaining == pytest.approx(280)
    timer.pause()
    timer.pause()
    assert timer.remaining == pytest.approx(280)


def test_toggle(clock: FakeClock) -> None:
    timer = countdown(clock)
    timer.toggle()
    assert timer.running
    clock.advance(5)
    timer.toggle()
    assert not timer.running and timer.remaining == pytest.approx(295)


def test_add_and_subtract_a_minute(clock: FakeClock) -> None:
    timer = countdown(clock)
    timer.add(60)
    assert timer.remaining == 360 and timer.status is TimerStatus.IDLE
    timer.start()
    clock.advance(10)
    timer.add(-60)
    assert timer.remaining == pytest.approx(290)
    assert timer.duration_s == 300  # +/- changes the time left, not the step's length


def test_subtract_never_goes_below_zero(clock: FakeClock) -> None:
    timer = countdown(clock, 90)
    timer.add(-60)
    timer.add(-60)
    assert timer.remaining == 0
    running = countdown(clock, 90)
    running.start()
    clock.advance(60)
    running.add(-60)
    assert running.remaining == 0 and running.status is TimerStatus.EXPIRED
    clock.advance(5)
    running.add(-60)  # already in overtime: subtracting changes nothing
    assert running.remaining == pytest.approx(-5)


def test_add_to_an_expired_timer_runs_again(clock: FakeClock) -> None:
    timer = countdown(clock, 300)
    timer.start()
    clock.advance(310)
    assert timer.status is TimerStatus.EXPIRED
    timer.add(60)
    assert timer.remaining == pytest.approx(50)
    assert timer.status is TimerStatus.WARNING  # back in the last minute
    timer.add(60)
    assert timer.status is TimerStatus.RUNNING


def test_reset_and_set_duration(clock: FakeClock) -> None:
    timer = countdown(clock)
    timer.start()
    clock.advance(400)
    timer.reset()
    assert timer.status is TimerStatus.IDLE and not timer.running
    assert timer.remaining == 300
    timer.set_duration(600, step="listen.grouping")
    assert (timer.step, timer.duration_s, timer.remaining) == ("listen.grouping", 600, 600)
    assert timer.status is TimerStatus.IDLE
    with pytest.raises(ValueError):
        timer.set_duration(-1)


# --- warning and expiry ----------------------------------------------------
def test_warning_in_the_last_minute(clock: FakeClock) -> None:
    timer = countdown(clock, 20 * 60)
    timer.start()
    clock.advance(20 * 60 - 61)
    assert timer.status is TimerStatus.RUNNING
    clock.advance(1)
    assert timer.status is TimerStatus.WARNING
    timer.pause()
    assert timer.status is TimerStatus.WARNING  # paused in the last minute: still warned


def test_warning_at_twenty_percent_for_short_timers(clock: FakeClock) -> None:
    assert warning_threshold_s(60) == 12
    assert warning_threshold_s(180) == 36
    assert warning_threshold_s(300) == 60
    assert warning_threshold_s(1200) == 60
    timer = countdown(clock, 60)
    timer.start()
    clock.advance(47)
    assert timer.status is TimerStatus.RUNNING
    clock.advance(1)
    assert timer.status is TimerStatus.WARNING


def test_expired_counts_overtime_up(clock: FakeClock) -> None:
    timer = countdown(clock, 60)
    timer.start()
    clock.advance(60)
    assert timer.status is TimerStatus.EXPIRED and timer.text == "+00:00"
    clock.advance(5.7)
    assert timer.text == "+00:05"
    assert timer.remaining == pytest.approx(-5.7)
    assert timer.fraction_elapsed == 1.0
    timer.pause()
    assert timer.status is TimerStatus.EXPIRED


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (300, "05:00"),
        (299.2, "05:00"),
        (0.2, "00:01"),
        (59.999999999, "01:00"),
        (0, "+00:00"),
        (-0.5, "+00:00"),
        (-5, "+00:05"),
        (-65, "+01:05"),
        (75 * 60, "75:00"),
        (-(61 * 60 + 1), "+61:01"),
    ],
)
def test_format_clock(seconds: float, text: str) -> None:
    assert format_clock(seconds) == text


def test_zero_duration_timer(clock: FakeClock) -> None:
    timer = countdown(clock, 0)
    assert timer.status is TimerStatus.IDLE and timer.fraction_elapsed == 1.0
    timer.start()
    assert timer.status is TimerStatus.EXPIRED


# --- bells -----------------------------------------------------------------
def test_bells_ring_once_each(clock: FakeClock) -> None:
    timer = countdown(clock, 180)
    timer.start()
    rung: list[Bell] = []
    for _ in range(400):  # 0.5 s polls through the end and into overtime
        clock.advance(0.5)
        rung += sorted(timer.poll())
    assert rung == [Bell.ONE_MINUTE, Bell.EXPIRED]
    assert "expired" in {Bell.EXPIRED}  # the UI may compare with plain strings


def test_both_bells_in_one_poll_after_a_long_gap(clock: FakeClock) -> None:
    timer = countdown(clock, 120)
    timer.start()
    clock.advance(500)
    assert timer.poll() == {Bell.ONE_MINUTE, Bell.EXPIRED}
    assert timer.poll() == set()


def test_crossing_before_a_pause_still_rings(clock: FakeClock) -> None:
    timer = countdown(clock, 90)
    timer.start()
    clock.advance(40)
    timer.pause()  # the minute mark was crossed before the pause, unpolled
    assert timer.poll() == {Bell.ONE_MINUTE}


def test_short_timer_has_no_one_minute_bell(clock: FakeClock) -> None:
    timer = countdown(clock, 60)
    timer.start()
    clock.advance(61)
    assert timer.poll() == {Bell.EXPIRED}


def test_manual_changes_do_not_ring_but_rearm(clock: FakeClock) -> None:
    timer = countdown(clock, 120)
    timer.start()
    clock.advance(10)
    timer.add(-60)  # 110 -> 50: below a minute by hand, no bell
    assert timer.poll() == set()
    clock.advance(55)
    assert timer.poll() == {Bell.EXPIRED}
    timer.add(120)  # -5 -> 115: both marks are ahead again
    clock.advance(120)
    assert timer.poll() == {Bell.ONE_MINUTE, Bell.EXPIRED}


def test_reset_drops_pending_bells(clock: FakeClock) -> None:
    timer = countdown(clock, 61)
    timer.start()
    clock.advance(100)
    timer.reset()
    assert timer.poll() == set()


# --- persistence -----------------------------------------------------------
def test_record_while_running_has_a_deadline(clock: FakeClock) -> None:
    timer = countdown(clock)
    timer.start()
    clock.advance(60)
    record = timer.to_record()
    assert record == {"step": "listen.reviews", "duration_s": 300, "running": True, "deadline": clock.now() + timedelta(seconds=240)}
    assert isinstance(record["duration_s"], int)


def test_record_while_paused_has_remaining(clock: FakeClock) -> None:
    timer = countdown(clock)
    timer.start()
    clock.advance(12.5)
    timer.pause()
    assert timer.to_record() == {"step": "listen.reviews", "duration_s": 300, "running": False, "remaining_s": 287.5}


def test_restore_running_timer_from_its_deadline(clock: FakeClock) -> None:
    timer = countdown(clock)
    timer.start()
    clock.advance(100)
    record = timer.to_record()
    # The app crashes; 30 s later it is reopened, with a new monotonic origin.
    clock.advance(30)
    other = FakeClock()
    other.t, other.wall0 = 5.0, clock.now() - timedelta(seconds=5.0 - 1000.0)
    assert other.now() == clock.now()
    restored = Countdown.from_record(record, monotonic=other.monotonic, now=other.now)
    assert restored.running and restored.step == "listen.reviews"
    assert restored.remaining == pytest.approx(170)
    other.advance(10)
    assert restored.remaining == pytest.approx(160)
    assert restored.status is TimerStatus.RUNNING


def test_restore_paused_and_idle(clock: FakeClock) -> None:
    paused = Countdown.from_record({"step": "s", "duration_s": 300, "running": False, "remaining_s": 42.0}, monotonic=clock.monotonic, now=clock.now)
    assert (paused.status, paused.remaining) == (TimerStatus.WARNING, 42.0)
    idle = Countdown.from_record({"step": "s", "duration_s": 300, "running": False}, monotonic=clock.monotonic, now=clock.now)
    assert (idle.status, idle.remaining) == (TimerStatus.IDLE, 300)
    empty = Countdown.from_record({}, monotonic=clock.monotonic, now=clock.now)
    assert (empty.step, empty.duration_s) == ("", 0)


def test_restore_accepts_model_dump_with_nones(clock: FakeClock) -> None:
    record = {"step": "s", "duration_s": 300, "running": False, "deadline": None, "remaining_s": 100.0, "cycle_cases": [], "cycle_index": 0, "cycle_part": ""}
    assert Countdown.from_record(record, monotonic=clock.monotonic, now=clock.now).remaining == 100


def test_running_record_without_deadline_runs_from_remaining(clock: FakeClock) -> None:
    timer = Countdown.from_record({"duration_s": 300, "running": True, "remaining_s": 200.0}, monotonic=clock.monotonic, now=clock.now)
    clock.advance(50)
    assert timer.running and timer.remaining == pytest.approx(150)


def test_no_ring_after_restoring_an_expired_record(clock: FakeClock) -> None:
    record = {"step": "s", "duration_s": 300, "running": True, "deadline": clock.now() - timedelta(seconds=20)}
    timer = Countdown.from_record(record, monotonic=clock.monotonic, now=clock.now)
    assert timer.status is TimerStatus.EXPIRED and timer.text == "+00:20"
    for _ in range(10):
        clock.advance(1)
        assert timer.poll() == set()


def test_restored_under_a_minute_rings_only_at_zero(clock: FakeClock) -> None:
    record = {"step": "s", "duration_s": 300, "running": True, "deadline": clock.now() + timedelta(seconds=30)}
    timer = Countdown.from_record(record, monotonic=clock.monotonic, now=clock.now)
    clock.advance(20)
    assert timer.poll() == set()
    clock.advance(20)
    assert timer.poll() == {Bell.EXPIRED}


def test_round_trip_through_a_record(clock: FakeClock) -> None:
    timer = countdown(clock)
    timer.start()
    clock.advance(33.25)
    again = Countdown.from_record(timer.to_record(), monotonic=clock.monotonic, now=clock.now)
    assert again.remaining == pytest.approx(timer.remaining)
    assert again.to_record() == timer.to_record()


def test_wall_clock_must_be_aware(clock: FakeClock) -> None:
    timer = countdown(clock)
    timer.start()
    with pytest.raises(ValueError, match="aware"):
        timer.to_record(datetime(2026, 12, 3, 10, 0))
    record = {"duration_s": 60, "running": True, "deadline": datetime(2026, 12, 3, 10, 0)}
    with pytest.raises(ValueError, match="deadline"):
        Countdown.from_record(record, monotonic=clock.monotonic, now=clock.now)


def test_wall_clock_jumps_do_not_disturb_a_running_timer(clock: FakeClock) -> None:
    timer = countdown(clock)
    timer.start()
    clock.wall_skew = timedelta(hours=-3)  # NTP or a DST-confused system clock
    clock.advance(60)
    assert timer.remaining == pytest.approx(240)


# --- drift -----------------------------------------------------------------
def test_no_drift_over_an_hour_of_irregular_polls(clock: FakeClock) -> None:
    rng = random.Random(7)
    timer = countdown(clock, 3600)
    timer.start()
    origin, paused_for, rung = clock.t, 0.0, []
    polls = 0
    while clock.t - origin - paused_for < 3700:
        step = rng.choice((0.001, 0.05, 0.25, 0.333, 0.9, 1.7))
        clock.advance(step)
        rung += sorted(timer.poll())
        polls += 1
        if polls % 997 == 0:  # a few pauses along the way
            timer.pause()
            gap = rng.uniform(1, 90)
            clock.advance(gap)
            paused_for += gap
            timer.start()
        ran = clock.t - origin - paused_for
        assert timer.remaining == pytest.approx(3600 - ran, abs=1e-6)
    assert polls > 5000
    assert rung == [Bell.ONE_MINUTE, Bell.EXPIRED]


# --- cycle -----------------------------------------------------------------
def cycle(clock: FakeClock, cases: tuple[str, ...] = ("c1", "c2", "c3", "c4")) -> CycleTimer:
    return CycleTimer(cases, monotonic=clock.monotonic, now=clock.now)


@pytest.mark.parametrize(
    ("elapsed", "index", "part", "left"),
    [
        (0, 0, CasePart.SHARE, 240),
        (239, 0, CasePart.SHARE, 1),
        (240, 0, CasePart.SCORE, 60),
        (300, 1, CasePart.SHARE, 240),
        (600 + 250, 2, CasePart.SCORE, 50),
        (1199, 3, CasePart.SCORE, 1),
        (1200, 3, CasePart.SCORE, 0),
        (1230, 3, CasePart.SCORE, -30),
        (-5, 0, CasePart.SHARE, 240),
    ],
)
def test_cycle_position(elapsed: float, index: int, part: CasePart, left: float) -> None:
    position = cycle_position(["c1", "c2", "c3", "c4"], elapsed)
    assert (position.case_index, position.part, position.part_remaining_s) == (index, part, left)
    assert position.case_id == f"c{index + 1}" and position.number == index + 1
    assert position.case_count == 4


def test_cycle_needs_cases(clock: FakeClock) -> None:
    with pytest.raises(ValueError):
        cycle_position([], 0)
    with pytest.raises(ValueError):
        cycle(clock, ())


def test_cycle_switches_parts_by_itself(clock: FakeClock) -> None:
    timer = cycle(clock)
    assert timer.status is TimerStatus.IDLE
    timer.start()
    clock.advance(48)
    position = timer.position
    assert (position.number, position.case_count, position.part, timer.text) == (1, 4, CasePart.SHARE, "03:12")  # "Case 1/4 - sharing - 03:12"
    clock.advance(192)
    assert timer.part is CasePart.SCORE and timer.text == "01:00"
    assert timer.countdown.duration_s == 60
    clock.advance(60.5)
    assert (timer.case_index, timer.part) == (1, CasePart.SHARE)
    assert timer.remaining == pytest.approx(239.5)  # no time lost at the switch
    assert timer.status is TimerStatus.RUNNING


def test_cycle_bells(clock: FakeClock) -> None:
    timer = cycle(clock, ("c1", "c2"))
    timer.start()
    rung: list[tuple[float, set[Bell]]] = []
    for _ in range(700):  # 700 s: both cases (600 s) and some overtime
        clock.advance(1)
        if events := timer.poll():
            rung.append((clock.t - 1000.0, events))
    assert rung == [
        (180, {Bell.ONE_MINUTE}),
        (240, {Bell.PART_END}),
        (300, {Bell.PART_END}),
        (480, {Bell.ONE_MINUTE}),
        (540, {Bell.PART_END}),
        (600, {Bell.EXPIRED}),
    ]
    assert timer.status is TimerStatus.EXPIRED and timer.text == "+01:40"
    assert (timer.case_index, timer.part) == (1, CasePart.SCORE)


def test_cycle_matches_the_arithmetic_through_pauses(clock: FakeClock) -> None:
    rng = random.Random(3)
    cases = ("a", "b", "c", "d", "e")
    timer = cycle(clock, cases)
    timer.start()
    ran = 0.0
    while ran < 1600:
        step = rng.uniform(0.01, 3.0)
        clock.advance(step)
        ran += step
        if rng.random() < 0.01:
            timer.pause()
            clock.advance(rng.uniform(5, 60))
            timer.start()
        expected = cycle_position(cases, ran)
        position = timer.position
        assert (position.case_index, position.part) == (expected.case_index, expected.part)
        assert position.part_remaining_s == pytest.approx(expected.part_remaining_s, abs=1e-6)


def test_cycle_survives_a_long_unpolled_gap(clock: FakeClock) -> None:
    timer = cycle(clock)
    timer.start()
    clock.advance(3 * 300 + 10)
    assert (timer.case_index, timer.part) == (3, CasePart.SHARE)
    assert timer.remaining == pytest.approx(230)
    assert timer.poll() == {Bell.ONE_MINUTE, Bell.PART_END}


def test_cycle_add_extends_the_current_part_only(clock: FakeClock) -> None:
    timer = cycle(clock)
    timer.start()
    clock.advance(200)
    timer.add(60)
    clock.advance(90)
    assert (timer.case_index, timer.part) == (0, CasePart.SHARE)
    assert timer.remaining == pytest.approx(10)
    clock.advance(10)
    assert timer.part is CasePart.SCORE and timer.remaining == pytest.approx(60)


def test_cycle_skip_reset_restart(clock: FakeClock) -> None:
    timer = cycle(clock, ("c1", "c2"))
    timer.start()
    clock.advance(100)
    assert timer.skip()
    assert timer.part is CasePart.SCORE and timer.running
    assert timer.remaining == 60
    clock.advance(20)
    timer.reset()
    assert (timer.part, timer.remaining, timer.running) == (CasePart.SCORE, 60, False)
    assert timer.skip() and timer.skip()
    assert (timer.case_index, timer.part) == (1, CasePart.SCORE)
    assert not timer.skip()  # the last part
    timer.restart()
    assert (timer.case_index, timer.part, timer.remaining) == (0, CasePart.SHARE, 240)
    assert timer.status is TimerStatus.IDLE


def test_cycle_pause_toggle(clock: FakeClock) -> None:
    timer = cycle(clock)
    timer.toggle()
    clock.advance(230)
    timer.pause()
    clock.advance(500)
    assert (timer.part, timer.remaining) == (CasePart.SHARE, pytest.approx(10))
    timer.toggle()
    clock.advance(15)
    assert timer.part is CasePart.SCORE and timer.remaining == pytest.approx(55)


def test_cycle_record_round_trip(clock: FakeClock) -> None:
    timer = cycle(clock)
    timer.start()
    clock.advance(300 + 250)  # case 2, scoring, 50 s left
    record = timer.to_record()
    assert record == {
        "step": "invent.cases",
        "duration_s": 60,
        "running": True,
        "deadline": clock.now() + timedelta(seconds=50),
        "cycle_cases": ["c1", "c2", "c3", "c4"],
        "cycle_index": 1,
        "cycle_part": "score",
    }
    restored = CycleTimer.from_record(record, monotonic=clock.monotonic, now=clock.now)
    assert (restored.case_index, restored.part) == (1, CasePart.SCORE)
    assert restored.remaining == pytest.approx(50)
    assert restored.poll() == set()


def test_cycle_restored_after_a_crash_moves_on_silently(clock: FakeClock) -> None:
    timer = cycle(clock)
    timer.start()
    clock.advance(100)  # case 1, sharing, 140 s left
    record = timer.to_record()
    clock.advance(140 + 60 + 30)  # closed for the rest of case 1 and 30 s of case 2
    restored = CycleTimer.from_record(record, monotonic=clock.monotonic, now=clock.now)
    assert (restored.case_index, restored.part) == (1, CasePart.SHARE)
    assert restored.remaining == pytest.approx(210)
    assert restored.poll() == set()
    clock.advance(150)
    assert restored.poll() == {Bell.ONE_MINUTE}


def test_cycle_restore_paused_and_finished(clock: FakeClock) -> None:
    paused = {
        "step": "invent.cases",
        "duration_s": 240,
        "running": False,
        "remaining_s": 12.0,
        "cycle_cases": ["c1", "c2"],
        "cycle_index": 1,
        "cycle_part": "share",
    }
    timer = CycleTimer.from_record(paused, monotonic=clock.monotonic, now=clock.now)
    assert (timer.case_index, timer.part, timer.remaining) == (1, CasePart.SHARE, 12)
    assert timer.status is TimerStatus.WARNING and not timer.running
    done = dict(paused, running=True, remaining_s=None, cycle_part="score", duration_s=60, deadline=clock.now() - timedelta(seconds=5))
    finished = CycleTimer.from_record(done, monotonic=clock.monotonic, now=clock.now)
    assert finished.status is TimerStatus.EXPIRED and finished.poll() == set()


def test_cycle_restore_rejects_bad_records(clock: FakeClock) -> None:
    with pytest.raises(ValueError):
        CycleTimer.from_record({"cycle_cases": []}, monotonic=clock.monotonic, now=clock.now)
    with pytest.raises(ValueError, match="cycle_index"):
        CycleTimer.from_record({"cycle_cases": ["c1"], "cycle_index": 3}, monotonic=clock.monotonic, now=clock.now)


def test_cycle_restores_a_hand_written_record(clock: FakeClock) -> None:
    timer = CycleTimer.from_record({"cycle_cases": ["c1", "c2"]}, monotonic=clock.monotonic, now=clock.now)
    assert (timer.case_index, timer.part, timer.remaining) == (0, CasePart.SHARE, 240)
    assert timer.status is TimerStatus.IDLE
    scoring = CycleTimer.from_record({"cycle_cases": ["c1"], "cycle_part": "score"}, monotonic=clock.monotonic, now=clock.now)
    assert (scoring.part, scoring.remaining) == (CasePart.SCORE, 60)


def test_cycle_parts_must_have_length(clock: FakeClock) -> None:
    with pytest.raises(ValueError):
        CycleTimer(["c1"], share_s=0, monotonic=clock.monotonic, now=clock.now)


def test_custom_share_and_score_lengths(clock: FakeClock) -> None:
    timer = CycleTimer(["c1", "c2"], share_s=120, score_s=30, monotonic=clock.monotonic, now=clock.now)
    timer.start()
    clock.advance(150)
    assert (timer.case_index, timer.part, timer.remaining) == (1, CasePart.SHARE, 120)


def test_records_fit_the_session_files_timer_table(clock: FakeClock) -> None:
    from mlew_tui.domain.session import TimerRecord  # the [timer] contract

    plain = countdown(clock)
    plain.start()
    clock.advance(10)
    invent = cycle(clock)
    invent.start()
    clock.advance(250)
    for record in (plain.to_record(), invent.to_record(), (plain.pause(), plain.to_record())[1]):
        dumped = TimerRecord.model_validate(record).model_dump()
        assert {k: v for k, v in dumped.items() if k in record} == record
    restored = CycleTimer.from_record(TimerRecord.model_validate(invent.to_record()).model_dump(), monotonic=clock.monotonic, now=clock.now)
    assert (restored.case_index, restored.part) == (0, CasePart.SCORE)
