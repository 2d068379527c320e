"""Scoring rules with worked examples (WORKSHOP.md, Define and Invent) and properties."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlew_tui.domain.scoring import (
    analyse,
    decide_winner,
    full_credit,
    partial_credit,
    reference_counts,
    round_half,
    suggest_points,
)
from mlew_tui.domain.session import Session, new_session

ITEMS = [
    {"id": "i1", "kind": "issue", "title": "feel my progress", "points": 5},
    {"id": "i2", "kind": "issue", "title": "stable on a slow network", "points": 3},
    {"id": "i3", "kind": "strength", "title": "practical corrections", "points": 5},
    {"id": "i4", "kind": "strength", "title": "business material", "points": 3},
]


def make(
    people: str = "a b c",
    cases: str = "c1 c2 c3",
    scores: dict[str, Any] | None = None,
    votes: dict[str, str] | None = None,
    invent: dict[str, Any] | None = None,
    **fields: Any,
) -> Session:
    """A small session: participants and cases by id, the four deck items."""
    fields.setdefault("items", ITEMS)
    return new_session(
        "test",
        "en",
        participants=[{"id": p, "name": p.upper()} for p in people.split()],
        cases=[{"id": c, "name": f"Case {c}"} for c in cases.split()],
        scores=scores or {},
        votes=votes or {},
        invent=invent or {},
        **fields,
    )


def totals(**by_person: dict[str, float]) -> dict[str, Any]:
    """Scores where each person's total for a case sits in one cell of i1 + i3 (max 10)."""
    out: dict[str, Any] = {}
    for person, by_case in by_person.items():
        out[person] = {}
        for case, total in by_case.items():
            first = min(total, 5.0)
            out[person][case] = {"i1": first, "i3": total - first}
    return out


# -- credit ------------------------------------------------------------------------


@pytest.mark.parametrize(("points", "expected"), [(5, 3), (3, 2), (1, 0.5)])
def test_partial_credit_matches_the_deck(points: int, expected: float) -> None:
    # The deck: "related but not complete" is 3 on a 5-point item, 2 on a 3-point item.
    assert partial_credit(points, 0.6) == expected
    assert partial_credit(points) == expected


@pytest.mark.parametrize(("points", "expected"), [(5, 2.5), (3, 1.5), (1, 0.5)])
def test_partial_credit_allows_halves(points: int, expected: float) -> None:
    assert partial_credit(points, 0.5) == expected


def test_partial_credit_stays_between_zero_and_full() -> None:
    assert partial_credit(1, 0.1) == 0.5  # never 0: related is worth something
    assert partial_credit(1, 0.9) == 0.5  # never full
    assert partial_credit(5, 0.95) == 4.5


def test_full_credit_is_the_items_points() -> None:
    assert [full_credit(p) for p in (1, 3, 5)] == [1, 3, 5]


def test_round_half_rounds_halves_up() -> None:
    assert [round_half(x) for x in (0.6, 1.8, 1.25, 1.24, 3.0000000000000004, 2.75)] == [0.5, 2.0, 1.5, 1.0, 3.0, 3.0]


def test_analysis_gives_each_item_its_partial_credit() -> None:
    analysis = analyse(make(scoring={"partial_ratio": 0.6}))
    assert [i.partial for i in analysis.items] == [3, 2, 3, 2]


# -- reference counts ------------------------------------------------------------------


def _listen(**extra: Any) -> Session:
    reviews = [
        {"id": "r1", "author": "a", "text": "can't hear the teacher", "polarity": "negative", "group": "g1"},
        {"id": "r2", "author": "a", "text": "sessions time out", "polarity": "negative", "group": "g1"},
        {"id": "r3", "author": "b", "text": "corrections come across", "polarity": "positive"},
        {"id": "r4", "author": "b", "text": "free ticket", "polarity": "positive"},
    ]
    posts = [
        {"id": "s1", "author": "a", "stance": "quit", "refs": ["r1", "r2", "r1"]},  # r1 twice: counts once
        {"id": "s2", "author": "b", "stance": "quit", "refs": ["r1", "customer"]},
        {"id": "s3", "author": "c", "stance": "continue", "refs": ["r3", "g1", "customer", "customer"]},
    ]
    return make(reviews=reviews, groups=[{"id": "g1", "label": "network"}], posts=posts, **extra)


def test_reference_counts_count_each_post_once_per_review() -> None:
    counts = reference_counts(_listen())
    assert dict(counts.reviews) == {"r1": 2, "r2": 1, "r3": 1, "r4": 0}
    assert counts.customer == 2


def test_group_count_is_its_reviews_plus_direct_references() -> None:
    counts = reference_counts(_listen())
    # r1 (2) + r2 (1) + s3's direct reference to g1 (1); the direct one does not inflate r1/r2.
    assert dict(counts.groups) == {"g1": 4}


def test_most_referenced_is_sorted_and_skips_zero() -> None:
    counts = reference_counts(_listen())
    assert counts.most_referenced() == [("r1", 2), ("r2", 1), ("r3", 1)]
    assert counts.most_referenced(1) == [("r1", 2)]


def test_item_references_sum_linked_reviews_once_each() -> None:
    items = [
        {"id": "i1", "kind": "issue", "title": "network", "points": 3, "reviews": ["r1", "r2", "r1"]},
        {"id": "i2", "kind": "strength", "title": "corrections", "points": 5, "reviews": ["r3"]},
        {"id": "i3", "kind": "strength", "title": "trial", "points": 1, "reviews": ["r4"]},
    ]
    analysis = analyse(_listen(items=items))
    assert [(i.id, i.references) for i in analysis.items] == [("i1", 3), ("i2", 1), ("i3", 0)]
    assert [i.suggested_points for i in analysis.items] == [5, 3, 1]


# -- suggested points ----------------------------------------------------------------------


def test_suggested_points_by_thirds() -> None:
    refs = {"a": 9, "b": 7, "c": 5, "d": 4, "e": 2, "f": 1}
    assert suggest_points(refs) == {"a": 5, "b": 5, "c": 3, "d": 3, "e": 1, "f": 1}


def test_suggested_points_ties_get_the_same_points_and_zero_gets_one() -> None:
    assert suggest_points({"a": 4, "b": 4, "c": 2, "d": 0}) == {"a": 5, "b": 5, "c": 3, "d": 1}
    assert suggest_points({"a": 0, "b": 0}) == {"a": 1, "b": 1}
    assert suggest_points({"a": 1}) == {"a": 5}
    assert suggest_points({}) == {}


@given(st.dictionaries(st.text(min_size=1, max_size=3), st.integers(0, 20), max_size=12))
def test_suggested_points_are_monotone_in_references(refs: dict[str, int]) -> None:
    points = suggest_points(refs)
    assert set(points.values()) <= {1, 3, 5}
    for x in refs:
        for y in refs:
            if refs[x] >= refs[y]:
                assert points[x] >= points[y]


# -- totals and picks ---------------------------------------------------------------------


def test_totals_are_sums_of_cells_and_unscored_cases_are_zero() -> None:
    session = make(scores={"a": {"c1": {"i1": 5, "i2": 2, "i3": 2.5}, "c2": {"i4": 3}}})
    analysis = analyse(session)
    assert dict(analysis.totals["a"]) == {"c1": 9.5, "c2": 3.0, "c3": 0.0}
    assert dict(analysis.totals["b"]) == {"c1": 0.0, "c2": 0.0, "c3": 0.0}
    assert dict(analysis.sums) == {"c1": 9.5, "c2": 3.0, "c3": 0.0}
    assert analysis.persons["a"].cells == 4


def test_pick_is_the_unique_highest_total() -> None:
    analysis = analyse(make(scores=totals(a={"c1": 6, "c2": 8})))
    assert analysis.picks["a"] == "c2"
    assert analysis.persons["a"].source == "scores"


def test_a_persons_own_tie_is_no_pick_until_they_choose() -> None:
    session = make(scores=totals(a={"c1": 8, "c2": 8, "c3": 3}))
    analysis = analyse(session)
    assert analysis.picks["a"] is None
    assert analysis.persons["a"].source == "tied"
    assert analysis.tied_top("a") == ("c1", "c2")
    # They choose: the explicit vote is their pick.
    chosen = analyse(make(scores=totals(a={"c1": 8, "c2": 8, "c3": 3}), votes={"a": "c2"}))
    assert chosen.picks["a"] == "c2"
    assert chosen.persons["a"].source == "vote"
    assert chosen.tied_top("a") == ()


def test_an_explicit_vote_wins_over_the_highest_total() -> None:
    analysis = analyse(make(scores=totals(a={"c1": 9, "c2": 2}), votes={"a": "c2"}))
    assert analysis.picks["a"] == "c2"
    assert analysis.votes["c2"] == 1 and analysis.votes["c1"] == 0


def test_nothing_scored_or_all_zero_is_no_pick_and_no_tie() -> None:
    analysis = analyse(make(scores={"a": {"c1": {"i1": 0}, "c2": {"i1": 0}}}))
    assert analysis.picks == {"a": None, "b": None, "c": None}
    assert {r.source for r in analysis.persons.values()} == {"none"}
    assert analysis.tied_top("a") == () and analysis.tied_top("nobody") == ()


# -- the winner -------------------------------------------------------------------------


def test_winner_by_votes() -> None:
    session = make(scores=totals(a={"c1": 9, "c2": 1}, b={"c1": 7, "c2": 5}, c={"c1": 1, "c2": 10}))
    analysis = analyse(session)
    assert dict(analysis.votes) == {"c1": 2, "c2": 1, "c3": 0}
    assert (analysis.winner.case, analysis.winner.decided_by) == ("c1", "votes")
    assert analysis.ranking == ("c1", "c2", "c3")


def test_a_tie_in_picks_is_decided_by_the_sums() -> None:
    # One pick each for c1 and c2; sums c1 = 8 + 6 = 14, c2 = 4 + 9 = 13.
    session = make(people="a b", scores=totals(a={"c1": 8, "c2": 4}, b={"c1": 6, "c2": 9}))
    analysis = analyse(session)
    assert dict(analysis.votes) == {"c1": 1, "c2": 1, "c3": 0}
    assert (analysis.winner.case, analysis.winner.decided_by) == ("c1", "scores")
    assert analysis.ranking == ("c1", "c2", "c3")


def test_a_tie_in_picks_and_sums_is_undecided() -> None:
    session = make(people="a b", scores=totals(a={"c1": 8, "c2": 5}, b={"c1": 5, "c2": 8}))
    analysis = analyse(session)
    assert analysis.winner.case is None
    assert analysis.winner.decided_by == "undecided"
    assert analysis.winner.tied == ("c1", "c2")
    assert analysis.ranking == ("c1", "c2", "c3")  # case order breaks the tie in the ranking


def test_the_die_decides_a_tie_in_both() -> None:
    scores = totals(a={"c1": 8, "c2": 5}, b={"c1": 5, "c2": 8})
    analysis = analyse(make(people="a b", scores=scores, invent={"winner": "c2", "decided_by": "die"}))
    assert (analysis.winner.case, analysis.winner.decided_by) == ("c2", "die")
    assert analysis.ranking[0] == "c2"
    facilitator = analyse(make(people="a b", scores=scores, invent={"winner": "c1", "decided_by": "facilitator"}))
    assert (facilitator.winner.case, facilitator.winner.decided_by) == ("c1", "facilitator")


def test_a_die_outside_the_tie_or_a_recorded_vote_does_not_decide() -> None:
    scores = totals(a={"c1": 8, "c2": 5}, b={"c1": 5, "c2": 8})
    outside = analyse(make(people="a b", scores=scores, invent={"winner": "c3", "decided_by": "die"}))
    assert (outside.winner.case, outside.winner.decided_by) == (None, "undecided")
    by_votes = analyse(make(people="a b", scores=scores, invent={"winner": "c1", "decided_by": "votes"}))
    assert by_votes.winner.case is None
    assert by_votes.recorded_winner == "c1"


def test_the_rules_win_over_what_invent_records() -> None:
    session = make(scores=totals(a={"c1": 9}, b={"c1": 9}), invent={"winner": "c2", "decided_by": "die"})
    analysis = analyse(session)
    assert (analysis.winner.case, analysis.winner.decided_by) == ("c1", "votes")
    assert (analysis.recorded_winner, analysis.recorded_decided_by) == ("c2", "die")


def test_nobody_scored_means_undecided_without_a_tie() -> None:
    analysis = analyse(make())
    assert (analysis.winner.case, analysis.winner.decided_by, analysis.winner.tied) == (None, "undecided", ())
    assert analysis.scored_cases == ()
    assert decide_winner({}, {}, []).decided_by == "undecided"


def test_personal_ties_only_leave_the_sums_to_decide() -> None:
    # Nobody has a pick (both tied on their own), so all cases tie at 0 picks: sums decide.
    session = make(people="a b", scores=totals(a={"c1": 6, "c2": 6}, b={"c2": 4, "c3": 4}))
    analysis = analyse(session)
    assert analysis.picks == {"a": None, "b": None}
    assert dict(analysis.sums) == {"c1": 6, "c2": 10, "c3": 4}
    assert (analysis.winner.case, analysis.winner.decided_by) == ("c2", "scores")


def test_one_person_scoring_makes_the_winner_by_votes() -> None:
    analysis = analyse(make(scores=totals(b={"c1": 4, "c2": 4, "c3": 9})))
    assert analysis.picks == {"a": None, "b": "c3", "c": None}
    assert (analysis.winner.case, analysis.winner.decided_by) == ("c3", "votes")


# -- stability ---------------------------------------------------------------------------


def test_stability_measures() -> None:
    session = make(
        people="a b c d",
        scores=totals(a={"c1": 10, "c2": 2}, b={"c1": 1, "c2": 9}, c={"c1": 6, "c2": 5}, d={"c3": 4}),
    )
    stab = analyse(session).stability
    assert stab.picks_made == 4  # c1, c2, c1, c3
    assert stab.winner_picks == 2 and stab.winner_share == 0.5
    assert stab.max_total == 16  # 5 + 3 + 5 + 3
    assert stab.sum_margin == pytest.approx((17 - 16) / 17)
    assert stab.ranges["c1"] == (1, 10)
    assert stab.spreads == {"c1": 9, "c2": 7, "c3": 0}  # only the persons who scored the case


# -- properties --------------------------------------------------------------------------

CASES = ("c1", "c2", "c3")
cell = st.sampled_from([0, 0.5, 1, 2, 2.5, 3, 4, 5])
person_scores = st.dictionaries(st.sampled_from(CASES), st.fixed_dictionaries({"i1": cell, "i3": cell}), max_size=3)
all_scores = st.dictionaries(st.sampled_from(["a", "b", "c", "d"]), person_scores, max_size=4)
all_votes = st.dictionaries(st.sampled_from(["a", "b", "c", "d"]), st.sampled_from(CASES), max_size=2)


@settings(max_examples=200, deadline=None)
@given(all_scores, all_votes)
def test_totals_equal_the_sum_of_cells(scores: dict[str, Any], votes: dict[str, str]) -> None:
    analysis = analyse(make(people="a b c d", scores=scores, votes=votes))
    for person, by_case in scores.items():
        for case, cells in by_case.items():
            assert analysis.totals[person][case] == sum(cells.values())
    for case in CASES:
        assert analysis.sums[case] == sum(analysis.totals[p][case] for p in "abcd")
    assert sum(analysis.votes.values()) == sum(1 for p in analysis.picks.values() if p)
    assert sorted(analysis.ranking) == list(CASES)
    if analysis.winner.case is not None:
        assert analysis.ranking[0] == analysis.winner.case


@settings(max_examples=200, deadline=None)
@given(all_scores, all_votes)
def test_one_more_pick_for_the_winner_never_makes_it_lose(scores: dict[str, Any], votes: dict[str, str]) -> None:
    before = analyse(make(people="a b c d", scores=scores, votes=votes))
    winner = before.winner.case
    if winner is None:
        return
    # A latecomer "e" scores nothing and picks the winner explicitly.
    after = analyse(make(people="a b c d e", scores=scores, votes={**votes, "e": winner}))
    assert after.winner.case == winner
    assert after.winner.decided_by == "votes"


@settings(max_examples=200, deadline=None)
@given(all_scores, all_votes, st.sampled_from(CASES), st.sampled_from(["die", "facilitator"]))
def test_one_more_pick_for_a_recorded_winner_never_makes_it_lose(scores: dict[str, Any], votes: dict[str, str], recorded: str, by: str) -> None:
    invent = {"winner": recorded, "decided_by": by}
    before = analyse(make(people="a b c d", scores=scores, votes=votes, invent=invent))
    winner = before.winner.case
    if winner is None:
        return
    after = analyse(make(people="a b c d e", scores=scores, votes={**votes, "e": winner}, invent=invent))
    assert after.winner.case == winner


@settings(max_examples=100, deadline=None)
@given(all_scores)
def test_an_own_tie_never_counts_as_a_pick(scores: dict[str, Any]) -> None:
    analysis = analyse(make(people="a b c d", scores=scores))
    for result in analysis.persons.values():
        if result.source == "tied":
            assert result.pick is None and len(result.tied) >= 2
        if result.pick is not None:
            assert result.totals[result.pick] == max(result.totals.values())
