"""Next Step diagnostics: one worked example per check, rendered in ja and en."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest

from mlew_tui.domain.diagnostics import Diagnosis, Reason, add_months, diagnose
from mlew_tui.domain.session import session_from_data
from mlew_tui.i18n import Language, Translator, catalog


def good() -> dict[str, Any]:
    """A session in which every process is fine."""
    reviews = [{"id": f"r{n}", "author": "a", "text": f"review {n}", "polarity": "positive" if n <= 5 else "negative"} for n in range(1, 11)]
    cells = {  # person -> case -> total as i1 + i3 cells
        "a": {"c1": (5, 5), "c2": (5, 3), "c3": (3, 2), "c4": (2, 1)},
        "b": {"c1": (5, 4), "c2": (5, 3), "c3": (3, 2), "c4": (2, 1)},
        "c": {"c1": (5, 4), "c2": (3, 3), "c3": (3, 2), "c4": (2, 1)},
    }
    return {
        "format": "mlew-session",
        "schema_version": 1,
        "title": "t",
        "language": "en",
        "workshop_date": date(2026, 12, 3),
        "participants": [{"id": p, "name": p.upper()} for p in "abc"],
        "reviews": reviews,
        "items": [
            {"id": "i1", "kind": "issue", "title": "progress", "owner": "a", "points": 5, "reviews": ["r6"]},
            {"id": "i2", "kind": "issue", "title": "network", "owner": "a", "points": 3, "reviews": ["r7"]},
            {"id": "i3", "kind": "strength", "title": "corrections", "owner": "b", "points": 5, "reviews": ["r1"]},
            {"id": "i4", "kind": "strength", "title": "material", "owner": "b", "points": 1, "reviews": ["r2"]},
        ],
        "cases": [{"id": f"c{n}", "name": f"Case {n}"} for n in range(1, 5)],
        "scores": {p: {c: {"i1": x, "i3": y} for c, (x, y) in by_case.items()} for p, by_case in cells.items()},
        "refine": {
            "product_name": "Lesson log",
            "situation": "after a lesson",
            "wanted": "keep the words",
            "blocked_by": "no record",
            "outcome": "forgot them",
            "offer": "automatic lesson notes",
            "strength": "practical corrections",
            "internal_faq": [
                {"q": "How will we measure the business growth of this feature?", "a": "retention"},
                {"q": "What data do we accumulate to keep improving the experience?", "a": "transcripts"},
            ],
            "customer_faq": [{"q": "Is the effect proven?", "a": "yes"}],
            "steps": [{"text": "1. log in"}, {"text": "2. open the notes"}],
        },
        "milestones": [{"id": f"m{n}", "who": "PM", "what": "notes", "how": "survey >= 4.5", "due": date(2027, 1 + 2 * n, 1)} for n in range(1, 4)],
    }


def run(data: dict[str, Any]) -> dict[str, Diagnosis]:
    return {d.process: d for d in diagnose(session_from_data(data))}


def keys(data: dict[str, Any], process: str) -> list[str]:
    return [r.key for r in run(data)[process].reasons]


def reason(data: dict[str, Any], process: str, key: str) -> Reason:
    return next(r for r in run(data)[process].reasons if r.key == f"diag.{key}")


def test_a_good_session_is_ok_everywhere() -> None:
    result = diagnose(session_from_data(good()))
    assert [d.process for d in result] == ["listen", "define", "invent", "refine", "test_iterate"]
    assert {d.process: d.status for d in result} == dict.fromkeys(["listen", "define", "invent", "refine", "test_iterate"], "ok")


def test_an_empty_session_needs_checks_everywhere() -> None:
    data = {k: good()[k] for k in ("format", "schema_version", "title", "language")}
    assert {d.status for d in diagnose(session_from_data(data))} == {"check"}


# -- Listen -----------------------------------------------------------------------


def test_listen_fewer_than_nine_reviews() -> None:
    data = good()
    data["reviews"] = data["reviews"][1:9]  # 4 positive, 4 negative
    data["items"] = [{**i, "reviews": [r for r in i["reviews"] if r not in ("r1", "r10")]} for i in data["items"]]
    assert keys(data, "listen") == ["diag.listen.few_reviews"]
    assert reason(data, "listen", "listen.few_reviews").params == {"n": 8, "min": 9}


def test_listen_more_than_half_assumptions() -> None:
    data = good()
    for review in data["reviews"][:5]:
        review["basis"] = "assumption"
    assert keys(data, "listen") == []  # exactly half is fine
    data["reviews"][5]["basis"] = "assumption"
    assert keys(data, "listen") == ["diag.listen.many_assumptions"]


def test_listen_one_polarity_under_a_third() -> None:
    data = good()
    for review in data["reviews"][:3]:
        review["polarity"] = "negative"  # 2 positive of 10
    assert keys(data, "listen") == ["diag.listen.few_positive"]
    data["reviews"][0]["polarity"] = "positive"  # 3 of 10 is still under a third (10 / 3 = 3.33)
    assert keys(data, "listen") == ["diag.listen.few_positive"]
    data["reviews"][1]["polarity"] = "positive"  # 4 of 10
    assert keys(data, "listen") == []


# -- Define -------------------------------------------------------------------------


def test_define_no_strengths() -> None:
    data = good()
    for item in data["items"]:
        item["kind"] = "issue"
    assert keys(data, "define") == ["diag.define.no_strengths"]


def test_define_item_without_owner_or_reviews() -> None:
    data = good()
    data["items"][1]["owner"] = ""
    data["items"][2]["reviews"] = []
    assert keys(data, "define") == ["diag.define.no_owner", "diag.define.no_reviews"]
    assert reason(data, "define", "define.no_owner").params["items"] == ["i2"]
    assert reason(data, "define", "define.no_reviews").params["items"] == ["i3"]


def test_define_all_items_with_the_same_points() -> None:
    data = good()
    for item in data["items"]:
        item["points"] = 5
    assert keys(data, "define") == ["diag.define.same_points"]


# -- Invent --------------------------------------------------------------------------


def test_invent_fewer_than_four_cases_scored() -> None:
    data = good()
    for by_case in data["scores"].values():
        del by_case["c4"]
    assert keys(data, "invent") == ["diag.invent.few_cases"]
    assert reason(data, "invent", "invent.few_cases").params == {"n": 3, "min": 4}


def test_invent_winner_with_under_half_the_picks() -> None:
    data = good()
    data["participants"] += [{"id": "d", "name": "D"}, {"id": "e", "name": "E"}]
    data["votes"] = {"a": "c1", "b": "c1", "c": "c2", "d": "c3", "e": "c4"}
    assert keys(data, "invent") == ["diag.invent.split_votes"]  # 2 of 5
    assert reason(data, "invent", "invent.split_votes").params == {"case": "c1", "name": "Case 1", "n": 2, "total": 5}


def test_invent_winner_decided_by_scores() -> None:
    data = good()
    data["votes"] = {"a": "c1", "b": "c2", "c": "c3"}  # one pick each: c1 has the highest sum
    assert keys(data, "invent") == ["diag.invent.by_scores", "diag.invent.split_votes"]


def test_invent_undecided_and_die() -> None:
    data = good()
    data["participants"] = data["participants"][:2]
    data["scores"] = {
        "a": {"c1": {"i1": 5, "i3": 3}, "c2": {"i1": 3, "i3": 3}, "c3": {"i1": 1}, "c4": {"i1": 1}},
        "b": {"c1": {"i1": 3, "i3": 3}, "c2": {"i1": 5, "i3": 3}, "c3": {"i1": 1}, "c4": {"i1": 1}},
    }
    assert "diag.invent.undecided" in keys(data, "invent")
    assert reason(data, "invent", "invent.undecided").params == {"cases": ["c1", "c2"]}
    data["invent"] = {"winner": "c2", "decided_by": "die"}
    assert "diag.invent.by_die" in keys(data, "invent")
    data["invent"] = {"winner": "c2", "decided_by": "facilitator"}
    assert "diag.invent.by_facilitator" in keys(data, "invent")


def test_invent_top_two_sums_within_ten_percent() -> None:
    data = good()
    data["scores"]["a"]["c2"] = {"i1": 5, "i3": 5}
    data["scores"]["c"]["c2"] = {"i1": 5, "i3": 3}
    data["votes"] = {"a": "c1"}  # a's own tie (10 and 10), chosen
    # Sums: c1 10 + 9 + 9 = 28, c2 10 + 8 + 8 = 26: 7% apart.
    assert keys(data, "invent") == ["diag.invent.close_sums"]
    assert reason(data, "invent", "invent.close_sums").params == {"first": "c1", "second": "c2", "a": 28, "b": 26, "pct": 10}


def test_invent_totals_spread_over_half_the_maximum() -> None:
    data = good()  # maximum total 5 + 3 + 5 + 1 = 14; half = 7
    data["scores"]["c"]["c3"] = {"i1": 5, "i3": 5}  # c3: 5, 5, 10 -> spread 5, fine
    assert keys(data, "invent") == []
    data["scores"]["c"]["c4"] = {"i1": 5, "i3": 5, "i2": 1}  # c4: 3, 3, 11 -> spread 8
    assert keys(data, "invent") == ["diag.invent.spread"]
    assert reason(data, "invent", "invent.spread").params == {"case": "c4", "name": "Case 4", "low": 3, "high": 11, "max": 14}


def test_invent_personal_tie_without_a_choice() -> None:
    data = good()
    data["scores"]["c"]["c2"] = {"i1": 5, "i3": 4}  # c: c1 9, c2 9
    assert "diag.invent.personal_tie" in keys(data, "invent")
    data["votes"] = {"c": "c1"}
    assert "diag.invent.personal_tie" not in keys(data, "invent")


# -- Refine ---------------------------------------------------------------------------


def test_refine_uncertain_steps_and_faq_answers() -> None:
    data = good()
    data["refine"]["steps"][1]["uncertain"] = True
    data["refine"]["customer_faq"][0]["uncertain"] = True
    assert keys(data, "refine") == ["diag.refine.uncertain_steps", "diag.refine.uncertain_customer_faq"]
    assert reason(data, "refine", "refine.uncertain_steps").params == {"n": 1, "numbers": [2]}


def test_refine_required_internal_faq() -> None:
    data = good()
    data["refine"]["internal_faq"][1]["a"] = "  "
    assert keys(data, "refine") == ["diag.refine.faq_data_unanswered"]
    data["refine"]["internal_faq"] = [{"q": "Is it legal?", "a": "yes"}]
    assert keys(data, "refine") == ["diag.refine.faq_growth_missing", "diag.refine.faq_data_missing"]


def test_refine_required_internal_faq_in_the_decks_japanese() -> None:
    data = good()
    data["refine"]["internal_faq"] = [
        {"q": "この機能 / 製品の事業的成長をどのように計測するのか？", "a": "継続率"},
        {"q": "どのようなデータを蓄積し継続的な体験改善をするのか？", "a": "文字起こし"},
    ]
    assert keys(data, "refine") == []


def test_refine_empty_part_of_the_customer_message() -> None:
    data = good()
    data["refine"]["wanted"] = ""
    data["refine"]["offer"] = " "
    assert keys(data, "refine") == ["diag.refine.empty_message"]
    found = reason(data, "refine", "refine.empty_message")
    assert found.params["parts"] == ["wanted", "offer"]
    assert found.render(Translator("en")) == "the customer message has empty parts: what they wanted (B), what we offer (E)"


# -- Test/Iterate ------------------------------------------------------------------------


def test_test_iterate_missing_milestone_and_parts() -> None:
    data = good()
    del data["milestones"][1]
    data["milestones"][0]["how"] = ""
    data["milestones"][0]["who"] = ""
    assert keys(data, "test_iterate") == ["diag.test_iterate.incomplete", "diag.test_iterate.missing"]
    assert reason(data, "test_iterate", "test_iterate.incomplete").render(Translator("en")) == "milestone m1 has no Who, How"


def test_test_iterate_missing_due_date() -> None:
    data = good()
    del data["milestones"][2]["due"]
    assert keys(data, "test_iterate") == ["diag.test_iterate.no_due"]
    assert reason(data, "test_iterate", "test_iterate.no_due").params == {"id": "m3"}


def test_test_iterate_first_milestone_within_three_months() -> None:
    data = good()  # workshop 2026-12-03
    data["milestones"][0]["due"] = date(2027, 3, 3)
    assert keys(data, "test_iterate") == []
    data["milestones"][0]["due"] = date(2027, 3, 4)
    assert keys(data, "test_iterate") == ["diag.test_iterate.m1_late"]
    del data["workshop_date"]
    assert keys(data, "test_iterate") == []


def test_add_months_clamps_to_the_end_of_the_month() -> None:
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2026, 12, 3), 3) == date(2027, 3, 3)
    assert add_months(date(2027, 10, 31), 4) == date(2028, 2, 29)


# -- rendering -----------------------------------------------------------------------------


def _everything_wrong() -> dict[str, Any]:
    data = copy.deepcopy(good())
    data["reviews"] = [{**r, "basis": "assumption", "polarity": "negative"} for r in data["reviews"][:4]]
    data["items"] = [{"id": "i1", "kind": "issue", "title": "x", "points": 3}, {"id": "i2", "kind": "issue", "title": "y", "points": 3}]
    data["scores"] = {"a": {"c1": {"i1": 3}, "c2": {"i1": 3}}}
    data["refine"]["steps"][0]["uncertain"] = True
    data["refine"]["situation"] = ""
    data["milestones"] = [{"id": "m1"}]
    return data


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_reason_and_remedy_renders_from_the_catalog(lang: Language) -> None:
    tr = Translator(lang)
    known = catalog(lang)
    for diagnosis in diagnose(session_from_data(_everything_wrong())):
        assert diagnosis.status == "check"
        for key in (diagnosis.remedy_key, diagnosis.question_key, f"process.{diagnosis.process}"):
            assert key in known
        for r in diagnosis.reasons:
            assert r.key in known
            text = r.render(tr)
            assert "{" not in text and text != r.key


def test_japanese_uses_the_decks_words() -> None:
    result = {d.process: d for d in diagnose(session_from_data(_everything_wrong()))}
    ja = Translator("ja")
    assert ja(result["listen"].remedy_key) == "営業や顧客サポート、データアナリストからも顧客の評価をヒアリングします"
    assert ja(result["refine"].remedy_key) == "実現性のリスクについて、識者に評価を仰ぎます"
    texts = [r.render(ja) for r in result["listen"].reasons]
    assert texts[0] == "レビュー（ポストイット）が 4 枚で 9 枚未満"
    assert "仮定" in texts[1]
    incomplete = next(r for r in result["test_iterate"].reasons if r.key.endswith("incomplete"))
    assert incomplete.render(ja) == "マイルストーン m1 の Who、What、How が空欄"


def test_engine_catalogs_have_the_same_keys() -> None:
    def engine_keys(lang: str) -> set[str]:
        prefixes = ("diag.", "report.", "process.", "decided_by.")
        return {k for k in catalog(lang) if k.startswith(prefixes)}

    assert engine_keys("ja") == engine_keys("en")
