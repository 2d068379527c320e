"""The agenda bar on a narrow terminal: what gives way is what the room needs
least - the current phase, the step number, ahead/behind and the day clock
stay whole."""

from __future__ import annotations

from mlew_tui.widgets.agenda_bar import AgendaView, phases_line, step_line

JA = AgendaView(
    phases=("イントロダクション", "Listen", "Define", "Invent", "Refine", "Test/Iterate", "Next Step"),
    current_phase=6,
    step_title="ゴール・行動・Working Backwards",
    position="ステップ 19/19",
    clock="04:35  終了 07:15 → 07:45",
    delta="30 分遅れ",
    behind=True,
)


def test_a_wide_bar_shows_everything() -> None:
    assert phases_line(JA, 200).plain == "イントロダクション > Listen > Define > Invent > Refine > Test/Iterate > [Next Step]"
    assert step_line(JA, 200).plain == "ゴール・行動・Working Backwards  ·  ステップ 19/19  ·  30 分遅れ  ·  04:35  終了 07:15 → 07:45"


def test_at_80_columns_the_current_phase_is_seen() -> None:
    line = phases_line(JA, 78).plain
    assert line.startswith("… > ")
    assert line.endswith("[Next Step]")
    assert len(line) <= 78  # all of these characters are narrow once イントロダクション is gone


def test_at_80_columns_the_title_gives_way_to_the_clock() -> None:
    line = step_line(JA, 78)
    assert line.cell_len <= 78
    assert line.plain.endswith("ステップ 19/19  ·  30 分遅れ  ·  04:35  終了 07:15 → 07:45")
    assert line.plain.startswith("ゴール")
    assert "…" in line.plain


def test_the_first_phase_current_keeps_its_place() -> None:
    first = AgendaView(JA.phases, 0, "x", "1/19", "09:00", "on time", False)
    assert phases_line(first, 40).plain.startswith("[イントロダクション]")


def test_the_planned_minutes_follow_the_title_when_it_fits_whole() -> None:
    from dataclasses import replace

    est = replace(JA, minutes="約 25 分（目安）")
    assert step_line(est, 200).plain.startswith("ゴール・行動・Working Backwards  ·  約 25 分（目安）  ·  ステップ 19/19")
    narrow = step_line(est, 78).plain  # no room: the title alone gives way, the card still says the minutes
    assert "目安" not in narrow and narrow.startswith("ゴール") and "…" in narrow
