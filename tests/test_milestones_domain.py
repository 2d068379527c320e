"""Test/Iterate's pure rules: the three milestones prefilled with the deck's
questions, Who / What / How / due completeness, m1 more than 3 months late."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from mlew_tui import store
from mlew_tui.domain import milestones as ms
from mlew_tui.domain.history import History
from mlew_tui.domain.session import Milestone, Session, new_session
from mlew_tui.i18n import Translator

from .conftest import made

EN, JA = Translator("en"), Translator("ja")


def fresh(day: date | None = date(2026, 12, 3)) -> Session:
    return new_session("t", "en", workshop_date=day)


def test_ensure_creates_the_three_with_the_decks_questions() -> None:
    session = fresh()
    history = History()
    history.do(made(ms.ensure_milestones(session, EN)))
    assert [(m.id, m.title) for m in session.milestones] == [
        ("m1", "Is the customer experience improved?"),
        ("m2", "Does more usage bring more profit?"),
        ("m3", "Does model improvement improve the experience?"),
    ]
    assert ms.ensure_milestones(session, EN) is None
    history.undo()
    assert session.milestones == []


def test_ensure_in_japanese_and_around_existing_ones() -> None:
    session = fresh()
    session.milestones = [Milestone(id="m0", title="ユースケース決定"), Milestone(id="m2", who="PM"), Milestone(id="x1", title="中間")]
    History().do(made(ms.ensure_milestones(session, JA)))
    assert [m.id for m in session.milestones] == ["m0", "m1", "m2", "m3", "x1"]
    assert [m.title for m in session.milestones[1:4]] == ["顧客体験を改善している？", "行動増による利益増ができている？", "モデルの改善が体験を改善している？"]
    assert session.milestones[2].who == "PM"  # kept
    assert [m.id for m in ms.ordered(session)] == ["m1", "m2", "m3", "m0", "x1"]


def test_missing_parts_and_completeness() -> None:
    m = Milestone(id="m1", who="PM", what=" ", how="survey >= 4.5")
    assert ms.missing_parts(m) == ["what", "due"]
    assert not ms.is_complete(m)
    m = Milestone(id="m1", who="PM", what="items", how="survey", due=date(2027, 1, 31))
    assert ms.is_complete(m)


@pytest.mark.parametrize(
    ("due", "late"),
    [(date(2027, 3, 3), False), (date(2027, 3, 4), True), (date(2027, 1, 15), False), (None, False)],
)
def test_m1_due_more_than_three_months_after_the_workshop_is_flagged(due: date | None, late: bool) -> None:
    session = fresh()
    session.milestones = [Milestone(id="m1", due=due), Milestone(id="m2", due=date(2027, 12, 1))]
    assert ms.m1_limit(session) == date(2027, 3, 3)
    assert ms.m1_late(session) is late
    assert not ms.is_late(session, session.milestones[1])  # only m1 has the 1-3 month rule


def test_no_workshop_date_no_flag() -> None:
    session = fresh(None)
    session.milestones = [Milestone(id="m1", due=date(2030, 1, 1))]
    assert ms.m1_limit(session) is None and not ms.m1_late(session)


def test_month_end_is_clamped() -> None:
    session = fresh(date(2026, 11, 30))
    assert ms.m1_limit(session) == date(2027, 2, 28)


def test_checks_per_milestone() -> None:
    session = fresh()
    session.milestones = [Milestone(id="m1", who="a", what="b", how="c", due=date(2027, 6, 1)), Milestone(id="m2", who="a")]
    checks = {c.id: c for c in ms.checks(session)}
    assert checks["m1"].late and checks["m1"].missing == () and not checks["m1"].ok
    assert checks["m2"].missing == ("what", "how", "due")


def test_set_field_and_due_with_undo() -> None:
    session = fresh()
    History().do(made(ms.ensure_milestones(session, EN)))
    history = History()
    history.do(ms.set_field(session, "m1", "who", "30 customers"))
    history.do(ms.set_field(session, "m1", "due", date(2027, 2, 26)))
    m1 = ms.milestone(session, "m1")
    assert m1 is not None and (m1.who, m1.due) == ("30 customers", date(2027, 2, 26))
    history.undo()
    history.undo()
    assert (m1.who, m1.due) == ("", None)
    with pytest.raises(KeyError):
        ms.set_field(session, "m9", "who", "x")
    with pytest.raises(ValueError):
        ms.set_field(session, "m1", "colour", "x")
    with pytest.raises(TypeError):
        ms.set_field(session, "m1", "due", "2027-01-01")


def test_parse_due() -> None:
    assert ms.parse_due(" 2027-02-26 ") == date(2027, 2, 26)
    assert ms.parse_due("") is None
    with pytest.raises(ValueError):
        ms.parse_due("next month")


@pytest.mark.parametrize("tr", [EN, JA], ids=["en", "ja"])
def test_the_decks_ec_example_is_in_the_catalog(tr: Translator) -> None:
    for mid in ms.MILESTONES:
        for part, key in ms.example_keys(mid).items():
            assert tr(key) != key, (mid, part)
    assert "4.5" in tr("milestone.example.m1.how") and "70%" in tr("milestone.example.m2.how")
    assert "100" in tr("milestone.example.m3.what")


def test_apply_example_fills_only_empty_parts() -> None:
    session = fresh()
    History().do(made(ms.ensure_milestones(session, EN)))
    History().do(ms.set_field(session, "m2", "who", "Maria"))
    History().do(made(ms.apply_example(session, "m2", EN)))
    m2 = ms.milestone(session, "m2")
    assert m2 is not None and m2.who == "Maria" and m2.what == "Users one month after a recommendation"
    assert ms.apply_example(session, "m2", EN) is None


def test_samples_have_complete_milestones(en_sample: Path, ja_sample: Path) -> None:
    for path in (en_sample, ja_sample):
        session = store.load(path)
        assert not ms.m1_late(session)
        assert all(c.ok for c in ms.checks(session))


# -- the one 3-month rule ------------------------------------------------------------------


def test_the_horizon_starts_at_m0_when_dated_else_at_the_workshop_else_today() -> None:
    session = fresh()
    session.milestones = [Milestone(id="m1", due=date(2027, 3, 8))]
    assert ms.horizon(session) == ms.Horizon(date(2026, 12, 3), date(2027, 3, 3), "workshop")
    assert ms.m1_late(session)  # 2027-03-08 > 2027-03-03
    session.milestones.insert(0, Milestone(id="m0", due=date(2026, 12, 10)))
    assert ms.horizon(session) == ms.Horizon(date(2026, 12, 10), date(2027, 3, 10), "m0")
    assert not ms.m1_late(session)  # Day 2's plan starts at m0: the same m1 is now within
    undated = new_session("t", "en", milestones=[Milestone(id="m0"), Milestone(id="m1", due=date(2030, 1, 1))])
    assert ms.horizon(undated) is None and not ms.m1_late(undated)
    assert ms.horizon(undated, date(2026, 12, 1)) == ms.Horizon(date(2026, 12, 1), date(2027, 3, 1), "today")


def test_one_rule_for_the_grid_the_timeline_and_the_diagnosis(ja_day2_sample: Path) -> None:
    from mlew_tui.domain import diagnostics, plan

    session = store.load(ja_day2_sample)  # m0 2026-12-10, workshop 2026-12-03
    assert plan.HORIZON_MONTHS is ms.HORIZON_MONTHS and diagnostics.M1_MONTHS is ms.HORIZON_MONTHS
    session.milestones[1].due = date(2027, 3, 8)  # m1: beyond the workshop's window, within m0's
    today = date(2026, 12, 10)
    for m in session.milestones:
        assert plan.beyond_horizon(session, m, today) is ms.beyond_horizon(session, m)
    assert not ms.m1_late(session)
    assert not any(r.key.endswith("m1_late") for r in diagnostics.test_iterate(session))
    session.milestones[1].due = date(2027, 3, 11)
    assert ms.m1_late(session) and plan.beyond_horizon(session, session.milestones[1], today)
    reasons = [r for r in diagnostics.test_iterate(session) if "m1_late" in r.key]
    assert [(r.key, dict(r.params)) for r in reasons] == [
        ("diag.test_iterate.m1_late_m0", {"due": "2027-03-11", "start": "2026-12-10", "months": 3}),
    ]
