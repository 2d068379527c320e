"""Every step of both days at 80x24, in Japanese and in English: the size of
many projectors' terminal setting (issue #19 item 7). Each picture is the step as the room first sees it, the
file saved, the clock fake. Update with ``pytest -m slow --snapshot-update``
and look at the SVGs before committing them."""

from __future__ import annotations

import pytest

from mlew_tui import store
from mlew_tui.domain import agenda
from mlew_tui.samples import samples_folder

from .test_snapshots_shell import app_at

DAY1 = [s.id for s in agenda.day1_steps()]
_DAY2_SAMPLE = store.load(samples_folder() / "ja_eikaiwa_day2.toml")
#: The Day 2 sample's own agenda: the re-runs its team chose, then the plan.
DAY2 = [s.id for s in agenda.day2_steps(_DAY2_SAMPLE.next_step.improve, _DAY2_SAMPLE.day2.allotted_min)]
_EN_DAY2_SAMPLE = store.load(samples_folder() / "en_ec_recommendations_day2.toml")
EN_DAY2 = [s.id for s in agenda.day2_steps(_EN_DAY2_SAMPLE.next_step.improve, _EN_DAY2_SAMPLE.day2.allotted_min)]


@pytest.mark.parametrize("step", DAY1)
def test_day1_step_at_80x24(snap_compare, ja_sample, clock, step) -> None:  # noqa: ANN001
    app, run_before = app_at(ja_sample, step, clock)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("step", DAY2)
def test_day2_step_at_80x24(snap_compare, ja_day2_sample, clock, step) -> None:  # noqa: ANN001
    app, run_before = app_at(ja_day2_sample, step, clock)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("step", DAY1)
def test_en_day1_step_at_80x24(snap_compare, en_sample, clock, step) -> None:  # noqa: ANN001
    app, run_before = app_at(en_sample, step, clock)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("step", EN_DAY2)
def test_en_day2_step_at_80x24(snap_compare, en_day2_sample, clock, step) -> None:  # noqa: ANN001
    app, run_before = app_at(en_day2_sample, step, clock)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
