"""Listen and Define as pure operations (domain/listen_define.py) and the
board's arrow-key movement (widgets/board_nav.py) - no terminal needed."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlew_tui import store
from mlew_tui.domain import listen_define as ld
from mlew_tui.domain.diagnostics import MIN_REVIEWS
from mlew_tui.domain.history import History
from mlew_tui.domain.session import Session, new_session
from mlew_tui.domain.validation import validate
from mlew_tui.widgets.board_nav import NavLane, move


@pytest.fixture
def en(en_sample: Path) -> Session:
    return store.load(en_sample)


def valid(session: Session) -> None:
    """The session still saves: every reference resolves."""
    problems = validate(session.to_toml_dict())[1]
    assert not problems, [p.path for p in problems]


def small() -> Session:
    session = new_session("t", "en", participants=[{"id": "ann", "name": "Ann", "role": "pm"}, {"id": "bob", "name": "Bob", "role": "developer"}])
    history = History()
    for text, polarity, basis in (("slow", "negative", "fact"), ("cheap", "positive", "assumption"), ("crashes", "negative", "assumption")):
        history.do(ld.add_review(session, author="ann", text=text, polarity=polarity, basis=basis))
    return session


# -- reviews -----------------------------------------------------------------------


def test_add_review_takes_a_free_id_and_undoes(en: Session) -> None:
    history = History()
    before = len(en.reviews)
    history.do(ld.add_review(en, author="james", text="[b]x[/b]", polarity="positive", basis="assumption", moment="after", source="support"))
    review = en.reviews[-1]
    assert (review.id, review.author, review.text, review.basis, review.moment) == ("r14", "james", "[b]x[/b]", "assumption", "after")
    valid(en)
    history.undo()
    assert len(en.reviews) == before


def test_review_ids_avoid_group_ids() -> None:
    session = small()
    History().do(ld.group_reviews(session, ["r1"], label="a"))  # g1
    session.groups[0].id = "r4"  # a hand-edited file may name a group like a review
    History().do(ld.add_review(session, author="ann", text="t", polarity="negative"))
    assert session.reviews[-1].id == "r5"


def test_delete_review_removes_its_citations_and_undo_restores_them(en: Session) -> None:
    history = History()
    cited_by = [p.id for p in en.posts if "r1" in p.refs]
    assert cited_by and any("r1" in i.reviews for i in en.items)
    history.do(ld.delete_review(en, "r1"))
    assert en.review("r1") is None
    assert all("r1" not in p.refs for p in en.posts)
    assert all("r1" not in i.reviews for i in en.items)
    valid(en)
    history.undo()
    assert en.reviews[0].id == "r1"
    assert [p.id for p in en.posts if "r1" in p.refs] == cited_by
    assert "r1" in en.item("i1").reviews


def test_edit_review_changes_only_what_changed(en: Session) -> None:
    assert ld.edit_review(en, "r2", text=en.review("r2").text) is None
    history = History()
    history.do(ld.edit_review(en, "r2", text="new", basis="assumption"))
    assert (en.review("r2").text, en.review("r2").basis) == ("new", "assumption")
    history.undo()
    assert en.review("r2").basis == "fact"


def test_counters_against_the_threshold_and_balance() -> None:
    session = small()
    counts = ld.review_counts(session)
    assert (counts.total, counts.positive, counts.assumptions, counts.minimum) == (3, 1, 2, MIN_REVIEWS)
    assert not counts.enough
    assert counts.too_many_assumptions and counts.assumption_percent == 67
    ann, bob = counts.persons
    assert (ann.person, ann.positive, ann.negative, ann.balanced) == ("ann", 1, 2, True)
    assert (bob.positive, bob.negative, bob.balanced) == (0, 0, True)
    assert not ld.balanced(3, 1) and ld.balanced(2, 1) and ld.balanced(1, 0) and not ld.balanced(2, 0)


def test_half_assumptions_is_not_too_many() -> None:
    session = small()
    History().do(ld.add_review(session, author="bob", text="x", polarity="positive"))
    assert not ld.review_counts(session).too_many_assumptions  # 2 of 4


# -- customer card --------------------------------------------------------------------------


def test_customer_card_is_one_undoable_edit_owned_by_the_pm(en: Session) -> None:
    assert ld.customer_owner(en).id == "maria"
    history = History()
    old = en.customer.who
    assert ld.edit_customer(en, {"who": old}) is None
    history.do(ld.edit_customer(en, {"who": "Students\nwho travel", "notes": "[b]n[/b]", "bogus": "x"}))
    assert en.customer.who == "Students\nwho travel" and en.customer.notes == "[b]n[/b]"
    history.undo()
    assert en.customer.who == old


# -- groups ---------------------------------------------------------------------------------------


def test_grouping_into_a_new_group_then_an_existing_one() -> None:
    session = small()
    history = History()
    history.do(ld.group_reviews(session, ["r1", "r3"], label="Speed"))
    assert [(g.id, g.label) for g in session.groups] == [("g1", "Speed")]
    assert [r.group for r in session.reviews] == ["g1", "", "g1"]
    history.do(ld.group_reviews(session, ["r2"], label="Price"))
    history.do(ld.group_reviews(session, ["r2"], group_id="g1"))
    # g2 lost its only review and no post cites it: it is gone
    assert [g.id for g in session.groups] == ["g1"]
    history.undo()
    assert [g.id for g in session.groups] == ["g1", "g2"] and session.review("r2").group == "g2"
    assert ld.group_reviews(session, ["r2"], group_id="nope") is None


def test_ungroup_keeps_a_group_that_a_post_cites() -> None:
    session = small()
    history = History()
    history.do(ld.group_reviews(session, ["r1"], label="Speed"))
    history.do(ld.add_post(session, author="ann", stance="quit", text="t", refs=["g1"]))
    history.do(ld.ungroup_reviews(session, ["r1"]))
    assert [g.id for g in session.groups] == ["g1"]
    valid(session)


def test_ungroup_removes_emptied_groups_in_order_and_undo_puts_them_back(en: Session) -> None:
    history = History()
    labels = [g.label for g in en.groups]
    # g3 (r5, r9) and g5 (r12, r13) are cited by no post
    history.do(ld.ungroup_reviews(en, ["r5", "r9", "r12", "r13"]))
    assert [g.id for g in en.groups] == ["g1", "g2", "g4"]
    valid(en)
    history.undo()
    assert [g.label for g in en.groups] == labels


def test_rename_group(en: Session) -> None:
    history = History()
    history.do(ld.rename_group(en, "g1", "[i]Me[/i]"))
    assert en.groups[0].label == "[i]Me[/i]"
    assert ld.rename_group(en, "g1", "[i]Me[/i]") is None


# -- posts and +1 ---------------------------------------------------------------------------------


def test_posts_cite_reviews_groups_and_the_customer_card(en: Session) -> None:
    history = History()
    before = ld.plus_one(en)
    history.do(ld.add_post(en, author="emma", stance="quit", text="no", refs=["r2", "customer", "g3", "r2"]))
    post = en.posts[-1]
    assert (post.id, post.refs) == ("s6", ["r2", "customer", "g3"])
    after = ld.plus_one(en)
    assert after.counts.reviews["r2"] == before.counts.reviews["r2"] + 1
    assert after.counts.customer == before.counts.customer + 1
    assert after.counts.groups["g3"] == before.counts.groups["g3"] + 1
    valid(en)
    history.do(ld.delete_post(en, "s6"))
    assert ld.plus_one(en).counts == before.counts


def test_most_referenced_stand_out(en: Session) -> None:
    counts = ld.plus_one(en)
    assert counts.hot_reviews == {"r1"}  # cited by three posts
    assert counts.hot_groups == {"g2"}
    assert ld.plus_one(small()).hot_reviews == frozenset()


def test_ref_choices(en: Session) -> None:
    choices = ld.ref_choices(en)
    assert choices[0].kind == "customer" and choices[1].id == "r1" and choices[-1].id == "g5"
    assert all(c.kind == "review" for c in ld.ref_choices(en, reviews_only=True))


# -- issues and strengths -----------------------------------------------------------------------------


def test_link_warnings(en: Session) -> None:
    assert ld.link_notice(en, "issue", ["r7", "r8"]).key == "ld.warn.issue_only_positive"
    assert ld.link_notice(en, "strength", ["r1"]).key == "ld.warn.strength_only_negative"
    assert ld.link_notice(en, "issue", ["r1", "r7"]) is None
    assert ld.link_notice(en, "issue", []) is None


def test_items_with_points_owners_and_suggestions(en: Session) -> None:
    history = History()
    assert ld.column_owners(en, "issue") == ["priya"]
    assert ld.default_owner(en, "strength", "james") == "emma"
    assert ld.default_owner(small(), "issue", "bob") == "bob"
    hint = ld.suggest_for(en, ["r1", "r2"])
    assert (hint.references, hint.points) == (5, 5)
    assert ld.suggest_for(en, []).points == 1
    history.do(ld.add_item(en, kind="issue", title="Search", owner="priya", points=3, reviews=["r2", "r3", "r2"]))
    item = en.items[-1]
    assert (item.id, item.points, item.reviews) == ("i7", 3, ["r2", "r3"])
    assert ld.item_suggestions(en)["i7"] == ld.Suggestion(3, 5)  # 2 of 7 items above it
    with pytest.raises(ValueError):
        ld.edit_item(en, "i7", points=4)
    history.do(ld.edit_item(en, "i7", points=5, title="Search by trip"))
    assert (item.points, item.title) == (5, "Search by trip")
    valid(en)


def test_delete_item_clears_its_scores_and_undo_restores_them(en: Session) -> None:
    history = History()
    cells = {(p, c): cells["i1"] for p, by_case in en.scores.items() for c, cells in by_case.items() if "i1" in cells}
    assert cells
    history.do(ld.delete_item(en, "i1"))
    assert en.item("i1") is None
    assert all("i1" not in cells for by_case in en.scores.values() for cells in by_case.values())
    valid(en)
    history.undo()
    assert en.items[0].id == "i1"
    assert {(p, c): cells["i1"] for p, by_case in en.scores.items() for c, cells in by_case.items() if "i1" in cells} == cells


def test_unlinked_reviews(en: Session) -> None:
    assert ld.unlinked_reviews(en) == {"negative": [], "positive": ["r12", "r13"]}


def test_credit_rules_use_the_session_ratio(en: Session) -> None:
    assert [(c.points, c.full, c.partial) for c in ld.credit_rules(en)] == [(5, 5.0, 3.0), (3, 3.0, 2.0), (1, 1.0, 0.5)]
    en.scoring.partial_ratio = 0.5
    assert [c.partial for c in ld.credit_rules(en)] == [2.5, 1.5, 0.5]


# -- arrow keys on the board --------------------------------------------------------------------------


def test_nav_in_a_grid_and_across_rows() -> None:
    rows = [[NavLane(("a", "b", "c", "d", "e"), cols=2)], [NavLane(("x", "y"), cols=2)]]
    assert move(rows, "a", "right") == "b"
    assert move(rows, "b", "right") == "c"  # reading order at the end of a line
    assert move(rows, "a", "down") == "c"
    assert move(rows, "d", "down") == "e"  # a shorter last line
    assert move(rows, "e", "down") == "x"
    assert move(rows, "y", "up") == "d"  # same column, last line above
    assert move(rows, "x", "up") == "e"
    assert move(rows, "a", "up") == "a"
    assert move(rows, None, "down") == "a"
    assert (move(rows, "c", "home"), move(rows, "c", "end")) == ("a", "y")


def test_nav_between_side_by_side_lanes_skips_empty_ones() -> None:
    rows = [[NavLane(("a", "b")), NavLane(()), NavLane(("c",))], [NavLane(("d",)), NavLane(()), NavLane(())]]
    assert move(rows, "b", "right") == "c"
    assert move(rows, "c", "left") == "a"
    assert move(rows, "c", "down") == "d"
    assert move(rows, "a", "left") == "a"
    assert move([], None, "down") is None
