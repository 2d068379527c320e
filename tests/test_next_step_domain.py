"""Next Step's pure rules: the go / no-go answer, processes to improve
pre-ticked from the diagnostics, Day 1 at a glance, the Day 2 checklist."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlew_tui import store
from mlew_tui.domain import next_step as ns
from mlew_tui.domain.diagnostics import diagnose
from mlew_tui.domain.history import History
from mlew_tui.domain.session import NextStep
from mlew_tui.i18n import LANGUAGES, catalog

from .conftest import made


def test_go_to_implementation_is_recorded_and_undone(en_sample: Path) -> None:
    session = store.load(en_sample)
    history = History()
    history.do(ns.set_go_to_implementation(session, True))
    assert session.next_step.go_to_implementation is True
    history.undo()
    assert session.next_step.go_to_implementation is False


def test_improve_is_pre_ticked_from_the_checks(en_sample: Path) -> None:
    session = store.load(en_sample)
    session.next_step = NextStep()
    diagnoses = diagnose(session)
    assert ns.suggested_improve(diagnoses) == ["invent", "refine"]
    history = History()
    history.do(made(ns.prefill_improve(session, diagnoses)))
    assert session.next_step.improve == ["invent", "refine"]
    assert ns.prefill_improve(session) is None  # already ticked
    history.undo()
    assert session.next_step.improve == []


def test_no_pre_tick_once_the_team_has_answered(en_sample: Path) -> None:
    session = store.load(en_sample)
    session.next_step = NextStep(go_to_implementation=False)
    assert ns.prefill_improve(session) is None


def test_toggle_keeps_the_decks_order(en_sample: Path) -> None:
    session = store.load(en_sample)
    history = History()
    history.do(ns.toggle_improve(session, "listen"))
    assert session.next_step.improve == ["listen", "invent", "refine"]
    history.do(ns.toggle_improve(session, "invent"))
    assert session.next_step.improve == ["listen", "refine"]
    history.undo()
    history.undo()
    assert session.next_step.improve == ["invent", "refine"]
    with pytest.raises(ValueError):
        ns.toggle_improve(session, "deploy")


def test_day1_summary_of_the_english_sample(en_sample: Path) -> None:
    s = ns.day1_summary(store.load(en_sample))
    assert (s.reviews, s.assumptions, s.posts, s.issues, s.strengths) == (13, 3, 5, 3, 3)
    assert (s.cases_scored, s.cases, s.winner, s.decided_by) == (5, 5, "c1", "scores")
    assert (s.steps, s.faqs, s.uncertain) == (5, 7, 4)
    assert (s.milestones_complete, s.m1_due, s.m1_late) == (3, "2027-02-26", False)
    assert s.go_to_implementation is False
    assert s.improve == ("invent", "refine") and s.checks == ("invent", "refine")


def test_notes_edit(en_sample: Path) -> None:
    session = store.load(en_sample)
    History().do(ns.set_notes(session, "[b]literal[/b]"))
    assert session.next_step.notes == "[b]literal[/b]"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_three_day2_checks_are_in_the_catalog(lang: str) -> None:
    messages = catalog(lang)
    assert len(ns.DAY2_CHECKLIST) == 3
    for item in ns.DAY2_CHECKLIST:
        assert messages[f"next.day2.{item}.title"] and messages[f"next.day2.{item}.text"]
    if lang == "ja":
        assert messages["next.day2.output_digital.title"] == "実践編のアウトプットは電子化・共有されている"
