"""SVG snapshots of Test/Iterate: the milestone grid (en, ja, 80x24), a late
m1 flagged, and the EC example shown. Update with ``--snapshot-update`` and
look at the SVGs."""

from __future__ import annotations

from datetime import date

import pytest

from mlew_tui import store

from .test_refine_snapshots import app_at


@pytest.mark.parametrize("sample", ["en_sample", "ja_sample"])
def test_grid(snap_compare, request, clock, sample) -> None:  # noqa: ANN001
    app, run_before = app_at(request.getfixturevalue(sample), "test.who_what_how", clock)
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_grid_small(snap_compare, en_sample, clock) -> None:  # noqa: ANN001
    app, run_before = app_at(en_sample, "test.who_what_how", clock)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_late_m1_and_missing_parts(snap_compare, en_sample, clock) -> None:  # noqa: ANN001
    session = store.load(en_sample)
    session.milestones[0].due = date(2027, 5, 31)
    session.milestones[1].how = ""
    store.save(session, en_sample)
    app, run_before = app_at(en_sample, "test.milestones", clock)
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_example_hint(snap_compare, en_sample, clock) -> None:  # noqa: ANN001
    session = store.load(en_sample)
    session.milestones = []
    store.save(session, en_sample)
    app, run_before = app_at(en_sample, "test.who_what_how", clock, "e")
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)
