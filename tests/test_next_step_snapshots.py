"""SVG snapshots of Next Step: the diagnostics, Day 1 at a glance and the
Day 2 checklist (en, ja, 80x24). Update with ``--snapshot-update`` and look
at the SVGs."""

from __future__ import annotations

import pytest

from .test_refine_snapshots import app_at


@pytest.mark.parametrize("sample", ["en_sample", "ja_sample"])
@pytest.mark.parametrize("view", ["1", "2", "3"])
def test_views(snap_compare, request, clock, sample, view) -> None:  # noqa: ANN001
    app, run_before = app_at(request.getfixturevalue(sample), "next_step", clock, view)
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_small(snap_compare, en_sample, clock) -> None:  # noqa: ANN001
    app, run_before = app_at(en_sample, "next_step", clock)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
