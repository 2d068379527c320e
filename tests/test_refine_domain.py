"""Refine's pure rules: role recommendations and assignment, prefills, the
customer message sentence, read-aloud order, uncertain parts, edits + undo."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlew_tui import store
from mlew_tui.domain import diagnostics
from mlew_tui.domain import refine as rf
from mlew_tui.domain.history import History
from mlew_tui.domain.session import REFINE_ROLES, ROLES, Case, Faq, Invent, Item, Participant, Refine, RefineStep, Role, Session, new_session
from mlew_tui.i18n import Translator

from .conftest import made

EN, JA = Translator("en"), Translator("ja")


def team(*roles: Role) -> Session:
    people = [Participant(id=f"p{n}", name=f"Person {n}", role=role) for n, role in enumerate(roles, start=1)]
    return new_session("t", "en", participants=people)


def members(session: Session) -> dict[str, list[str]]:
    return {role: list(getattr(session.refine, role)) for role in REFINE_ROLES}


# -- roles ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("job", "role"),
    [
        ("pm", "planner"),
        ("designer", "sales"),
        ("sales", "sales"),
        ("support", "sales"),
        ("developer", "developer"),
        ("data_scientist", "developer"),
        ("executive", "planner"),
        ("other", "sales"),
    ],
)
def test_recommendation_by_job(job: str, role: str) -> None:
    assert rf.recommended_role(job) == role


def test_every_job_has_a_recommendation() -> None:
    assert set(rf.ROLE_RECOMMENDATION) == set(ROLES)
    assert set(rf.ROLE_RECOMMENDATION.values()) == set(REFINE_ROLES)


def test_recommendations_fill_an_empty_role_from_the_largest() -> None:
    session = team("pm", "developer", "data_scientist")  # nobody for sales by job
    plan = rf.recommend_roles(session)
    assert plan == {"p1": "planner", "p2": "developer", "p3": "sales"}
    assert set(plan.values()) == set(REFINE_ROLES)


def test_recommendations_never_empty_a_role_to_fill_another() -> None:
    assert rf.recommend_roles(team("pm", "developer")) == {"p1": "planner", "p2": "developer"}


def test_apply_recommendations_puts_everyone_in_exactly_one_role() -> None:
    session = team("pm", "developer", "data_scientist", "designer", "support")
    History().do(rf.apply_recommendations(session))
    assert members(session) == {"planner": ["p1"], "sales": ["p4", "p5"], "developer": ["p2", "p3"]}
    assert rf.role_problems(session) == []


def test_assign_moves_a_person_out_of_every_other_role() -> None:
    session = team("pm", "developer", "sales")
    session.refine = Refine(planner=["p1", "p2"], developer=["p2"], sales=["p3"])  # a hand-edited file
    assert [p.key for p in rf.role_problems(session)] == ["refine.problem.several"]
    history = History()
    history.do(rf.assign_role(session, "p2", "developer"))
    assert members(session) == {"planner": ["p1"], "sales": ["p3"], "developer": ["p2"]}
    assert all(sum(p.id in getattr(session.refine, r) for r in REFINE_ROLES) == 1 for p in session.participants)
    history.undo()
    assert members(session) == {"planner": ["p1", "p2"], "sales": ["p3"], "developer": ["p2"]}


def test_assign_keeps_file_order_and_rejects_unknown_roles() -> None:
    session = team("pm", "developer", "sales")
    History().do(rf.apply_recommendations(session))
    History().do(rf.assign_role(session, "p1", "developer"))
    assert session.refine.developer == ["p1", "p2"]
    with pytest.raises(ValueError):
        rf.assign_role(session, "p1", "boss")


def test_role_problems_name_unassigned_people_and_empty_roles() -> None:
    session = team("pm", "developer")
    History().do(rf.assign_role(session, "p1", "planner"))
    problems = [(p.key, p.subject) for p in rf.role_problems(session)]
    assert problems == [("refine.problem.unassigned", "p2"), ("refine.problem.empty_role", "sales"), ("refine.problem.empty_role", "developer")]


def test_apply_only_unassigned_keeps_choices() -> None:
    session = team("pm", "developer", "sales")
    History().do(rf.assign_role(session, "p1", "sales"))
    History().do(rf.apply_recommendations(session, only_unassigned=True))
    assert rf.assignments(session) == {"p1": "sales", "p2": "developer", "p3": "sales"}


# -- prefills --------------------------------------------------------------------------


def scored() -> Session:
    """Two cases, c2 wins by votes; strengths worth 3 and 5."""
    session = team("pm", "developer")
    session.items = [
        Item(id="i1", kind="issue", title="Slow", points=5),
        Item(id="s1", kind="strength", title="Friendly staff", points=3),
        Item(id="s2", kind="strength", title="Practical corrections", points=5),
    ]
    session.cases = [Case(id="c1", name="Search"), Case(id="c2", name="Lesson log", valued_for="seeing progress")]
    session.scores = {"p1": {"c2": {"i1": 5}}, "p2": {"c2": {"i1": 3}, "c1": {"i1": 1}}}
    return session


def test_offer_comes_from_the_winning_case() -> None:
    session = scored()
    assert rf.offer_prefill(session, EN) == "Lesson log - seeing progress"
    assert rf.offer_prefill(session, JA) == "Lesson log（seeing progress）"
    session.cases[1].valued_for = ""
    assert rf.offer_prefill(session, EN) == "Lesson log"


def test_offer_uses_the_recorded_winner_when_the_rules_are_undecided() -> None:
    session = scored()
    session.scores = {}
    assert rf.offer_prefill(session, EN) == ""
    session.invent = Invent(winner="c1", decided_by="facilitator")
    assert rf.offer_prefill(session, EN) == "Search"


def test_strength_is_the_one_with_most_points() -> None:
    assert rf.strength_prefill(scored()) == "Practical corrections"
    assert rf.strength_prefill(team("pm")) == ""


def test_prefill_fills_only_what_is_empty_and_undoes_in_one_step() -> None:
    session = scored()
    history = History()
    edit = rf.prefill(session, EN)
    assert edit is not None
    history.do(edit)
    ref = session.refine
    assert ref.offer == "Lesson log - seeing progress"
    assert ref.strength == "Practical corrections"
    assert [f.q for f in ref.internal_faq] == [
        "How will we measure the business growth of this feature?",
        "What data do we accumulate to keep improving the experience?",
    ]
    assert [f.q for f in ref.customer_faq] == ["Is the effect proven?", "How much does it cost?"]
    assert rf.prefill(session, EN) is None  # nothing left to fill
    history.undo()
    assert (ref.offer, ref.strength, ref.internal_faq, ref.customer_faq) == ("", "", [], [])


def test_prefill_in_japanese_uses_the_decks_questions() -> None:
    session = scored()
    History().do(made(rf.prefill(session, JA)))
    assert [f.q for f in session.refine.customer_faq] == ["効果は実証されている？", "費用はどれだけかかる？"]
    assert [f.q for f in session.refine.internal_faq] == [
        "この機能 / 製品の事業的成長をどのように計測するのか？",
        "どのようなデータを蓄積し継続的な体験改善をするのか？",
    ]


@pytest.mark.parametrize("tr", [EN, JA], ids=["en", "ja"])
def test_seeded_questions_are_the_ones_diagnostics_require(tr: Translator) -> None:
    session = scored()
    History().do(made(rf.prefill(session, tr)))
    keys = [r.key for r in diagnostics.refine(session)]
    assert "diag.refine.faq_growth_missing" not in keys and "diag.refine.faq_data_missing" not in keys
    assert "diag.refine.faq_growth_unanswered" in keys  # asked, not yet answered


def test_prefill_keeps_the_teams_text_and_adds_only_missing_questions() -> None:
    session = scored()
    session.refine.offer = "Our own offer"
    session.refine.internal_faq = [Faq(q="Which data do we keep?", a="clicks")]
    session.refine.customer_faq = [Faq(q="Is it safe?")]
    History().do(made(rf.prefill(session, EN)))
    assert session.refine.offer == "Our own offer"
    assert [f.q for f in session.refine.internal_faq] == ["How will we measure the business growth of this feature?", "Which data do we keep?"]
    assert [f.q for f in session.refine.customer_faq] == ["Is it safe?"]


# -- the customer message ----------------------------------------------------------------


def test_message_assembled_from_the_fields_in_english() -> None:
    session = team("pm")
    session.refine = Refine(
        product_name="Lesson log",
        situation="preparing for meetings",
        wanted="keep new phrases",
        blocked_by="notes got lost",
        outcome="felt stuck.",
        offer="a report after each lesson.\n",
        strength="practical corrections",
    )
    assert rf.customer_message(session, EN) == (
        "Lesson log: for customers who, while preparing for meetings, wanted to keep new phrases but could not, because notes got lost, "
        "and so felt stuck, we offer a report after each lesson. It is valued for practical corrections."
    )


def test_message_in_japanese_joins_lines_without_spaces() -> None:
    session = team("pm")
    session.refine = Refine(
        product_name="レッスンログ",
        situation="会議に備えている",
        wanted="表現を覚えたかった",
        blocked_by="復習できなかった",
        outcome="退会を考えていた",
        offer="振り返りレポートを\n毎回届けます。",
        strength="実践的な添削",
    )
    assert rf.customer_message(session, JA) == (
        "レッスンログは会議に備えている状況で表現を覚えたかったが、復習できず退会を考えていた顧客に対し、"
        "振り返りレポートを毎回届けます。実践的な添削が特徴で高く評価されています。"
    )


def test_message_segments_mark_fields_and_blanks() -> None:
    session = team("pm")
    session.refine.product_name = "X"
    segments = rf.message_segments(session, EN("refine.message.template"))
    fields = [s.field for s in segments if s.field]
    assert fields == list(rf.MESSAGE_FIELDS)
    assert segments[0] == rf.Segment("X:", "product_name")
    assert rf.customer_message(session, EN, blank=lambda f: f"<{f}>").startswith("X: for customers who, <situation>, <wanted> <blocked_by>")
    assert rf.empty_fields(session) == list(rf.MESSAGE_FIELDS[1:])


def test_one_line_and_clean_field() -> None:
    assert rf.one_line("  a\n b \n\n c ") == "a b c"
    assert rf.one_line("日本語の\n文章") == "日本語の文章"
    assert rf.one_line("ABC\n日本") == "ABC 日本"
    assert rf.clean_field("done.") == "done" and rf.clean_field("完了。") == "完了"


# -- read aloud and uncertain parts ---------------------------------------------------


def test_read_aloud_order_and_readers(en_sample: Path) -> None:
    session = store.load(en_sample)
    parts = rf.read_aloud(session)
    assert [(p.section, p.role) for p in parts] == [("message", "planner"), ("steps", "developer"), ("customer_faq", "sales"), ("internal_faq", "planner")]
    assert parts[1].readers == ("James Okafor", "Priya Raman")


def test_uncertain_parts_in_read_aloud_order(en_sample: Path) -> None:
    parts = rf.uncertain_parts(store.load(en_sample))
    assert [(p.section, p.number) for p in parts] == [("steps", 3), ("steps", 5), ("customer_faq", 1), ("internal_faq", 3)]
    assert parts[2].text == "Is the effect proven?" and parts[2].answer.startswith("In a two-week pilot")


# -- edits ------------------------------------------------------------------------------


def test_step_edits_and_uncertain_toggle_undo() -> None:
    session = team("developer")
    history = History()
    history.do(rf.add_step(session, "Log in"))
    history.do(rf.add_step(session, "Open menu X", uncertain=True))
    history.do(rf.add_step(session, "Start", index=0))
    assert [(s.text, s.uncertain) for s in session.refine.steps] == [("Start", False), ("Log in", False), ("Open menu X", True)]
    history.do(rf.toggle_step_uncertain(session, 1))
    assert session.refine.steps[1].uncertain
    history.do(rf.move_step(session, 2, -1))
    history.do(rf.edit_step(session, 0, "Open the app", False))
    history.do(rf.remove_step(session, 2))
    assert [s.text for s in session.refine.steps] == ["Open the app", "Open menu X"]
    for _ in range(4):
        history.undo()
    assert [(s.text, s.uncertain) for s in session.refine.steps] == [("Start", False), ("Log in", False), ("Open menu X", True)]


def test_faq_edits_and_uncertain_answers() -> None:
    session = team("sales")
    history = History()
    history.do(rf.add_faq(session, "customer_faq", "Is the effect proven?", "Yes, x %"))
    history.do(rf.add_faq(session, "internal_faq", "Data?"))
    history.do(rf.toggle_faq_uncertain(session, "customer_faq", 0))
    assert session.refine.customer_faq[0].uncertain
    history.do(rf.edit_faq(session, "customer_faq", 0, "Is it proven?", "Pilot with N", True))
    assert session.refine.customer_faq[0] == Faq(q="Is it proven?", a="Pilot with N", uncertain=True)
    history.do(rf.move_faq(session, "customer_faq", 0, 1))
    history.do(rf.remove_faq(session, "internal_faq", 0))
    assert session.refine.internal_faq == []
    history.undo()
    assert [f.q for f in session.refine.internal_faq] == ["Data?"]
    with pytest.raises(ValueError):
        rf.add_faq(session, "other_faq", "?")  # type: ignore[arg-type]  # an unknown FAQ kind on purpose


def test_set_message_field() -> None:
    session = team("pm")
    history = History()
    history.do(rf.set_message_field(session, "situation", "on the train"))
    assert session.refine.situation == "on the train"
    history.undo()
    assert session.refine.situation == ""
    with pytest.raises(ValueError):
        rf.set_message_field(session, "title", "x")


def test_samples_need_no_prefill(en_sample: Path, ja_sample: Path) -> None:
    assert rf.prefill(store.load(en_sample), EN) is None
    assert rf.prefill(store.load(ja_sample), JA) is None


def test_steps_keep_their_identity() -> None:
    session = team("developer")
    session.refine.steps = [RefineStep(text="a")]
    edit = rf.toggle_step_uncertain(session, 0)
    History().do(edit)
    assert session.refine.steps == [RefineStep(text="a", uncertain=True)]
