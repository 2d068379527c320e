"""Invent's pure operations: cells (full / partial / halves / refusal above
points), votes, the die and the facilitator, winner records, cases and the
case frame sentence."""

from __future__ import annotations

import ast
import random
from pathlib import Path

import pytest

from mlew_tui import store
from mlew_tui.domain import invent
from mlew_tui.domain.history import Edit, History
from mlew_tui.domain.invent import Refused
from mlew_tui.domain.prepare import PrepareError
from mlew_tui.domain.scoring import analyse
from mlew_tui.domain.session import Case, Item, Participant, Session, new_session
from mlew_tui.i18n import Translator


def tiny() -> Session:
    """Two people, three cases, items worth 5 (issue), 3 (issue) and 1 (strength)."""
    return new_session(
        "t",
        "en",
        participants=[Participant(id="ann", name="Ann", role="pm"), Participant(id="bob", name="Bob", role="developer")],
        items=[
            Item(id="i1", kind="issue", title="Big issue", points=5),
            Item(id="s1", kind="strength", title="Small strength", points=1),
            Item(id="i2", kind="issue", title="Mid issue", points=3),
        ],
        cases=[Case(id="c1", name="One"), Case(id="c2", name="Two"), Case(id="c3", name="Three")],
    )


def do(history: History, edit: Edit | None) -> None:
    assert edit is not None
    history.do(edit)


# -- cells ---------------------------------------------------------------------------


def test_set_cell_stores_halves_and_clears_pruning_tables() -> None:
    s, h = tiny(), History()
    do(h, invent.set_cell(s, "ann", "c1", "i1", 2.5))
    assert s.scores == {"ann": {"c1": {"i1": 2.5}}}
    do(h, invent.set_cell(s, "ann", "c1", "i1", None))
    assert s.scores == {}
    h.undo()
    assert s.scores == {"ann": {"c1": {"i1": 2.5}}}


@pytest.mark.parametrize("value", [5.5, 6.0, 9.0])
def test_value_above_the_items_points_is_refused_and_never_stored(value: float) -> None:
    s = tiny()
    with pytest.raises(Refused) as info:
        invent.set_cell(s, "ann", "c1", "i1", value)
    assert info.value.key == "invent.refused.above"
    assert info.value.params["points"] == 5
    assert info.value.params["item"] == "Big issue"
    assert s.scores == {}


@pytest.mark.parametrize("value", [0.3, 2.25, -1.0])
def test_only_whole_and_half_points(value: float) -> None:
    with pytest.raises(Refused) as info:
        invent.set_cell(tiny(), "ann", "c1", "i1", value)
    assert info.value.key == "invent.refused.halves"


def test_exactly_the_items_points_is_allowed() -> None:
    s, h = tiny(), History()
    do(h, invent.set_cell(s, "ann", "c1", "s1", 1))
    do(h, invent.set_cell(s, "ann", "c1", "i2", 3))
    assert s.scores["ann"]["c1"] == {"s1": 1.0, "i2": 3.0}


def test_full_and_partial_credit_follow_the_items_points_and_the_ratio() -> None:
    s, h = tiny(), History()
    for item in ("i1", "i2", "s1"):
        do(h, invent.credit_cell(s, "ann", "c1", item, "full"))
        do(h, invent.credit_cell(s, "bob", "c1", item, "partial"))
    assert s.scores["ann"]["c1"] == {"i1": 5.0, "i2": 3.0, "s1": 1.0}
    assert s.scores["bob"]["c1"] == {"i1": 3.0, "i2": 2.0, "s1": 0.5}  # the deck's 3 of 5, 2 of 3
    s.scoring.partial_ratio = 0.5
    do(h, invent.credit_cell(s, "bob", "c2", "i1", "partial"))
    assert s.scores["bob"]["c2"]["i1"] == 2.5


def test_unknown_cells_and_nobody_at_the_keyboard_are_refused() -> None:
    s = tiny()
    with pytest.raises(Refused):
        invent.set_cell(s, "ann", "nope", "i1", 1)
    with pytest.raises(Refused):
        invent.set_cell(s, "ann", "c1", "nope", 1)
    with pytest.raises(Refused) as info:
        invent.set_cell(s, "", "c1", "i1", 1)
    assert info.value.key == "invent.refused.nobody"


# -- votes ------------------------------------------------------------------------------


def tied_session() -> Session:
    """Ann's top is tied (c1 = c2 = 5); Bob's top is c3."""
    s, h = tiny(), History()
    do(h, invent.set_cell(s, "ann", "c1", "i1", 5))
    do(h, invent.set_cell(s, "ann", "c2", "i1", 5))
    do(h, invent.set_cell(s, "bob", "c3", "i1", 5))
    return s


def test_a_person_with_a_tied_top_chooses_among_the_tied_cases() -> None:
    s, h = tied_session(), History()
    assert analyse(s).tied_top("ann") == ("c1", "c2")
    with pytest.raises(Refused) as info:
        invent.set_vote(s, "ann", "c3")
    assert info.value.key == "invent.refused.not_top"
    with pytest.raises(Refused) as info:
        invent.set_vote(s, "bob", "c1")
    assert info.value.key == "invent.refused.not_tied"
    do(h, invent.set_vote(s, "ann", "c2"))
    assert s.votes == {"ann": "c2"}
    assert analyse(s).picks == {"ann": "c2", "bob": "c3"}
    do(h, invent.set_vote(s, "ann", None))
    assert s.votes == {}
    h.undo()
    assert s.votes == {"ann": "c2"}


# -- the winner: die, facilitator, record --------------------------------------------------


def undecided_session() -> Session:
    """Ann picks c1, Bob picks c2, equal sums: only the die or the facilitator decide."""
    s, h = tiny(), History()
    do(h, invent.set_cell(s, "ann", "c1", "i1", 5))
    do(h, invent.set_cell(s, "bob", "c2", "i1", 5))
    return s


def test_die_chooses_among_the_tied_cases_with_the_injected_random() -> None:
    s, h = undecided_session(), History()
    a = analyse(s)
    assert a.winner.decided_by == "undecided" and a.winner.tied == ("c1", "c2")
    rolls = {invent.roll_die(s, random.Random(seed)).case for seed in range(20)}
    assert rolls == {"c1", "c2"}  # never c3, and both faces come up
    roll = invent.roll_die(s, random.Random(7))
    assert roll == invent.roll_die(s, random.Random(7))  # deterministic with a seed
    assert roll.tied == ("c1", "c2") and roll.case == roll.tied[roll.face - 1]
    do(h, roll.edit)
    assert (s.invent.winner, s.invent.decided_by) == (roll.case, "die")
    assert analyse(s).winner.case == roll.case
    with pytest.raises(Refused) as info:
        invent.roll_die(s, random.Random(1))
    assert info.value.key == "invent.refused.decided"
    h.undo()
    assert (s.invent.winner, s.invent.decided_by) == ("", None)


def test_facilitator_decides_only_among_the_tied_cases() -> None:
    s, h = undecided_session(), History()
    with pytest.raises(Refused) as info:
        invent.facilitator_decides(s, "c3")
    assert info.value.key == "invent.refused.not_tied_case"
    do(h, invent.facilitator_decides(s, "c2"))
    assert (s.invent.winner, s.invent.decided_by) == ("c2", "facilitator")
    assert analyse(s).winner.decided_by == "facilitator"


def test_nothing_to_roll_when_the_rules_decide_or_nothing_is_scored() -> None:
    with pytest.raises(Refused) as info:
        invent.roll_die(tiny(), random.Random(1))
    assert info.value.key == "invent.refused.nothing_tied"
    s = undecided_session()
    History().do(invent.set_cell(s, "ann", "c1", "i2", 1))  # c1's sum is now higher
    assert analyse(s).winner.decided_by == "scores"
    with pytest.raises(Refused):
        invent.roll_die(s, random.Random(1))


def test_winner_record_follows_the_rules_and_drops_stale_decisions() -> None:
    s = undecided_session()
    assert invent.winner_record(s, analyse(s)) is None  # undecided, nothing recorded
    History().do(invent.facilitator_decides(s, "c1"))
    assert invent.winner_record(s, analyse(s)) is None  # a standing decision is kept
    History().do(invent.set_cell(s, "bob", "c2", "i2", 3))  # now c2 wins on scores
    edit = invent.winner_record(s, analyse(s))
    assert edit is not None
    edit.apply()
    assert (s.invent.winner, s.invent.decided_by) == ("c2", "scores")
    History().do(invent.set_cell(s, "bob", "c2", "i2", None))  # tied again: the record goes
    edit = invent.winner_record(s, analyse(s))
    assert edit is not None
    edit.apply()
    assert (s.invent.winner, s.invent.decided_by) == ("", None)


# -- cases -------------------------------------------------------------------------------------


def test_add_and_edit_case() -> None:
    s, h = tiny(), History()
    case, edit = invent.add_case(s, {"name": " Visual search ", "company": "Pinterest", "presenter": "bob"})
    do(h, edit)
    assert case.id == "c4" and s.cases[-1].name == "Visual search" and s.cases[-1].presenter == "bob"
    do(h, invent.edit_case(s, "c4", {"name": "Visual search 2", "solves": "finding"}))
    edited = s.case("c4")
    assert edited is not None
    assert edited.name == "Visual search 2" and edited.presenter == ""
    with pytest.raises(Refused):
        invent.add_case(s, {"name": "  "})
    with pytest.raises(Refused):
        invent.add_case(s, {"name": "x", "presenter": "ghost"})
    h.undo()
    h.undo()
    assert [c.id for c in s.cases] == ["c1", "c2", "c3"]


def test_import_renumbers_clashing_ids_and_accepts_presenter_names() -> None:
    s, h = tiny(), History()
    data = {"cases": [{"id": "c1", "name": "Imported", "presenter": "Bob"}, {"name": "No id"}, {"id": "x9", "name": "Keeps id"}]}
    cases, edit = invent.import_cases_edit(s, data)
    do(h, edit)
    assert [(c.id, c.name, c.presenter) for c in s.cases[3:]] == [("c4", "Imported", "bob"), ("c5", "No id", ""), ("x9", "Keeps id", "")]
    h.undo()
    assert len(s.cases) == 3


def test_import_lists_every_problem() -> None:
    with pytest.raises(PrepareError) as info:
        invent.import_cases_edit(tiny(), {"cases": [{"name": "a", "presenter": "ghost"}, {"nam": "typo"}]})
    paths = [p.path for p in info.value.problems]
    assert any(p.startswith("cases[0]") for p in paths) and any(p.startswith("cases[1]") for p in paths)
    with pytest.raises(PrepareError):
        invent.import_cases_edit(tiny(), {"title": "no cases"})


def test_case_frame_sentence_in_both_languages_with_user_text_as_fields() -> None:
    case = Case(id="c1", name="[b]Search[/b]", company="Pinterest", valued_for="finding by photo.", solves="hard to find", result="more sales")
    lines = invent.case_frame(case, Translator("en"))
    plain = ["".join(t for t, _ in line) for line in lines]
    assert plain[0] == "The “[b]Search[/b]” adopted in this case is valued by the customers of Pinterest for finding by photo;"
    assert plain[1] == "• it solves the issue “hard to find”;"
    assert not any("strength" in p for p in plain)  # no reinforces: the line is left out
    assert ("[b]Search[/b]", "field") in lines[0]
    assert lines[-1][-2] == (Translator("en")("invent.frame.missing"), "missing")  # no data loop yet
    ja = ["".join(t for t, _ in line) for line in invent.case_frame(case, Translator("ja"))]
    assert ja[0] == "この事例で採用されている「[b]Search[/b]」は、(Pinterest の) 顧客からfinding by photoで評価されており、"
    assert ja[1] == "・「hard to find」の課題を解決"


def test_the_english_sample_replays_through_the_operations(samples_dir: Path) -> None:
    """Every cell of the sample goes through set_cell (none is refused) and the
    result is the sample's recorded winner."""
    sample = store.load(samples_dir / "en_ec_recommendations.toml")
    fresh = sample.model_copy(deep=True)
    fresh.scores, fresh.votes = {}, {}
    h = History()
    for person, by_case in sample.scores.items():
        for case, cells in by_case.items():
            for item, value in cells.items():
                do(h, invent.set_cell(fresh, person, case, item, value))
    for person, case in sample.votes.items():
        do(h, invent.set_vote(fresh, person, case))
    result = analyse(fresh)
    assert (result.winner.case, result.winner.decided_by) == (sample.invent.winner, sample.invent.decided_by)


def test_domain_invent_does_not_import_textual() -> None:
    source = Path(invent.__file__).read_text(encoding="utf-8")
    imported = {n.module or "" for n in ast.walk(ast.parse(source)) if isinstance(n, ast.ImportFrom)}
    imported |= {a.name for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Import) for a in n.names}
    assert not any(name.startswith(("textual", "rich")) for name in imported)
