"""The customer message follows the deck's template (issue #19): what people
type into each blank - the template's own words, bare nouns, dictionary-form
verbs, polite forms - gives one grammatical sentence, each particle and
auxiliary once. Every expected sentence below was read as a native reader
would hear it in the room."""

from __future__ import annotations

import pytest

from mlew_tui.domain import refine as rf
from mlew_tui.domain.session import Refine, new_session
from mlew_tui.i18n import Translator

#: The deck's example service (英会話), the blanks filled with bare nouns.
JA_BASE = {
    "product_name": "TalkMate",
    "situation": "海外出張の前",
    "wanted": "英語で商談",
    "blocked_by": "継続",
    "outcome": "退会寸前",
    "offer": "AI 会話パートナー",
    "strength": "実践的",
}
EN_BASE = {
    "product_name": "Lesson log",
    "situation": "preparing for meetings",
    "wanted": "keep new phrases",
    "blocked_by": "review them",
    "outcome": "felt stuck",
    "offer": "a report after each lesson",
    "strength": "practical corrections",
}

JA_CASES = [
    (
        {},
        "TalkMate は海外出張の前に英語で商談したかったが、継続できず退会寸前だった顧客に対し、AI 会話パートナーを提供します。実践的な点が特徴で高く評価されています。",
    ),
    (
        {
            "situation": "○○な状況で",
            "wanted": "△△したかったが",
            "blocked_by": "××できず",
            "outcome": "□□だった",
            "offer": "○○を提供します",
            "strength": "○○な点が特徴で高く評価されています",
        },
        "TalkMate は○○な状況で△△したかったが、××できず□□だった顧客に対し、○○を提供します。○○な点が特徴で高く評価されています。",
    ),
    (
        {"situation": "多忙な状況で"},
        "TalkMate は多忙な状況で英語で商談したかったが、継続できず退会寸前だった顧客に対し、AI 会話パートナーを提供します。実践的な点が特徴で高く評価されています。",
    ),
    (
        {"situation": "多忙"},
        "TalkMate は多忙な状況で英語で商談したかったが、継続できず退会寸前だった顧客に対し、AI 会話パートナーを提供します。実践的な点が特徴で高く評価されています。",
    ),
    (
        {"situation": "忙しい"},
        "TalkMate は忙しい状況で英語で商談したかったが、継続できず退会寸前だった顧客に対し、AI 会話パートナーを提供します。実践的な点が特徴で高く評価されています。",
    ),
    (
        {"situation": "英語で会議をする"},
        "TalkMate は英語で会議をする状況で英語で商談したかったが、継続できず退会寸前だった顧客に対し、AI 会話パートナーを提供します。実践的な点が特徴で高く評価されています。",
    ),
    (
        {"situation": "通勤中"},
        "TalkMate は通勤中に英語で商談したかったが、継続できず退会寸前だった顧客に対し、AI 会話パートナーを提供します。実践的な点が特徴で高く評価されています。",
    ),
    (
        {"situation": "海外拠点との会議に備えて、忙しい仕事の合間に週 3 回レッスンを受けている"},
        "TalkMate は海外拠点との会議に備えて、忙しい仕事の合間に週 3 回レッスンを受けている状況で、英語で商談したかったが、継続できず退会寸前だった顧客に対し、AI 会話パートナーを提供します。実践的な点が特徴で高く評価されています。",
    ),
    (
        {"situation": "子どもが寝たあとの夜"},
        "TalkMate は子どもが寝たあとの夜に英語で商談したかったが、継続できず退会寸前だった顧客に対し、AI 会話パートナーを提供します。実践的な点が特徴で高く評価されています。",
    ),
    (
        {"wanted": "伝える"},
        "TalkMate は海外出張の前に伝えたかったが、継続できず退会寸前だった顧客に対し、AI 会話パートナーを提供します。実践的な点が特徴で高く評価されています。",
    ),
    (
        {"wanted": "英語で商談が"},
        "TalkMate は海外出張の前に英語で商談したかったが、継続できず退会寸前だった顧客に対し、AI 会話パートナーを提供します。実践的な点が特徴で高く評価されています。",
    ),
    (
        {"wanted": "伝えたいです"},
        "TalkMate は海外出張の前に伝えたかったが、継続できず退会寸前だった顧客に対し、AI 会話パートナーを提供します。実践的な点が特徴で高く評価されています。",
    ),
    (
        {"wanted": "話せるようになりたい"},
        "TalkMate は海外出張の前に話せるようになりたかったが、継続できず退会寸前だった顧客に対し、AI 会話パートナーを提供します。実践的な点が特徴で高く評価されています。",
    ),
    (
        {"wanted": "復習したかった"},
        "TalkMate は海外出張の前に復習したかったが、継続できず退会寸前だった顧客に対し、AI 会話パートナーを提供します。実践的な点が特徴で高く評価されています。",
    ),
    (
        {"wanted": "自分のペースで学ぶ"},
        "TalkMate は海外出張の前に自分のペースで学びたかったが、継続できず退会寸前だった顧客に対し、AI 会話パートナーを提供します。実践的な点が特徴で高く評価されています。",
    ),
    (
        {"wanted": "レッスンで教わった表現を自分のものにして、上達を実感したかった"},
        "TalkMate は海外出張の前にレッスンで教わった表現を自分のものにして、上達を実感したかったが、継続できず退会寸前だった顧客に対し、AI 会話パートナーを提供します。実践的な点が特徴で高く評価されています。",
    ),
    (
        {"blocked_by": "続ける"},
        "TalkMate は海外出張の前に英語で商談したかったが、続けられず退会寸前だった顧客に対し、AI 会話パートナーを提供します。実践的な点が特徴で高く評価されています。",
    ),
    (
        {"blocked_by": "予約が取れない"},
        "TalkMate は海外出張の前に英語で商談したかったが、予約が取れず退会寸前だった顧客に対し、AI 会話パートナーを提供します。実践的な点が特徴で高く評価されています。",
    ),
    (
        {"blocked_by": "復習する時間がない"},
        "TalkMate は海外出張の前に英語で商談したかったが、復習する時間がなく退会寸前だった顧客に対し、AI 会話パートナーを提供します。実践的な点が特徴で高く評価されています。",
    ),
    (
        {"blocked_by": "継続できないため"},
        "TalkMate は海外出張の前に英語で商談したかったが、継続できず退会寸前だった顧客に対し、AI 会話パートナーを提供します。実践的な点が特徴で高く評価されています。",
    ),
    (
        {"blocked_by": "復習できなかった"},
        "TalkMate は海外出張の前に英語で商談したかったが、復習できず退会寸前だった顧客に対し、AI 会話パートナーを提供します。実践的な点が特徴で高く評価されています。",
    ),
    (
        {"blocked_by": "何をどう復習すればよいかわからなかった"},
        "TalkMate は海外出張の前に英語で商談したかったが、何をどう復習すればよいかわからず退会寸前だった顧客に対し、AI 会話パートナーを提供します。実践的な点が特徴で高く評価されています。",
    ),
    (
        {"outcome": "悔しい"},
        "TalkMate は海外出張の前に英語で商談したかったが、継続できず悔しかった顧客に対し、AI 会話パートナーを提供します。実践的な点が特徴で高く評価されています。",
    ),
    (
        {"outcome": "諦める"},
        "TalkMate は海外出張の前に英語で商談したかったが、継続できず諦めた顧客に対し、AI 会話パートナーを提供します。実践的な点が特徴で高く評価されています。",
    ),
    (
        {"outcome": "退会を考えていた"},
        "TalkMate は海外出張の前に英語で商談したかったが、継続できず退会を考えていた顧客に対し、AI 会話パートナーを提供します。実践的な点が特徴で高く評価されています。",
    ),
    (
        {"outcome": "自信をなくしている"},
        "TalkMate は海外出張の前に英語で商談したかったが、継続できず自信をなくしていた顧客に対し、AI 会話パートナーを提供します。実践的な点が特徴で高く評価されています。",
    ),
    (
        {"outcome": "退会寸前でした"},
        "TalkMate は海外出張の前に英語で商談したかったが、継続できず退会寸前だった顧客に対し、AI 会話パートナーを提供します。実践的な点が特徴で高く評価されています。",
    ),
    (
        {"offer": "毎回レポートを届ける"},
        "TalkMate は海外出張の前に英語で商談したかったが、継続できず退会寸前だった顧客に対し、毎回レポートを届けます。実践的な点が特徴で高く評価されています。",
    ),
    (
        {"offer": "振り返りレポートを毎回届けます。"},
        "TalkMate は海外出張の前に英語で商談したかったが、継続できず退会寸前だった顧客に対し、振り返りレポートを毎回届けます。実践的な点が特徴で高く評価されています。",
    ),
    (
        {"offer": "予約を自動化する"},
        "TalkMate は海外出張の前に英語で商談したかったが、継続できず退会寸前だった顧客に対し、予約を自動化します。実践的な点が特徴で高く評価されています。",
    ),
    (
        {"strength": "実践的な添削"},
        "TalkMate は海外出張の前に英語で商談したかったが、継続できず退会寸前だった顧客に対し、AI 会話パートナーを提供します。実践的な添削が特徴で高く評価されています。",
    ),
    (
        {"strength": "価格が安い"},
        "TalkMate は海外出張の前に英語で商談したかったが、継続できず退会寸前だった顧客に対し、AI 会話パートナーを提供します。価格が安い点が特徴で高く評価されています。",
    ),
    (
        {"strength": "手軽"},
        "TalkMate は海外出張の前に英語で商談したかったが、継続できず退会寸前だった顧客に対し、AI 会話パートナーを提供します。手軽な点が特徴で高く評価されています。",
    ),
    (
        {"strength": "ネイティブ講師"},
        "TalkMate は海外出張の前に英語で商談したかったが、継続できず退会寸前だった顧客に対し、AI 会話パートナーを提供します。ネイティブ講師が特徴で高く評価されています。",
    ),
    (
        {"strength": "24 時間予約できる"},
        "TalkMate は海外出張の前に英語で商談したかったが、継続できず退会寸前だった顧客に対し、AI 会話パートナーを提供します。24 時間予約できる点が特徴で高く評価されています。",
    ),
    (
        {"product_name": "AI 英会話コーチ"},
        "AI 英会話コーチは海外出張の前に英語で商談したかったが、継続できず退会寸前だった顧客に対し、AI 会話パートナーを提供します。実践的な点が特徴で高く評価されています。",
    ),
    (
        {"product_name": "トークライン レッスンログ（AI 振り返りレポート）"},
        "トークライン レッスンログ（AI 振り返りレポート）は海外出張の前に英語で商談したかったが、継続できず退会寸前だった顧客に対し、AI 会話パートナーを提供します。実践的な点が特徴で高く評価されています。",
    ),
    (
        {"blocked_by": "レッスンを続けることができない"},
        "TalkMate は海外出張の前に英語で商談したかったが、レッスンを続けることができず退会寸前だった顧客に対し、AI 会話パートナーを提供します。実践的な点が特徴で高く評価されています。",
    ),
]

EN_CASES = [
    (
        {},
        "Lesson log: for customers who, while preparing for meetings, wanted to keep new phrases but could not review them and so felt stuck, we offer a report after each lesson. It is valued for practical corrections.",
    ),
    (
        {"situation": "while they prepare for meetings"},
        "Lesson log: for customers who, while they prepare for meetings, wanted to keep new phrases but could not review them and so felt stuck, we offer a report after each lesson. It is valued for practical corrections.",
    ),
    (
        {"situation": "a busy week before a trip"},
        "Lesson log: for customers who, in a busy week before a trip, wanted to keep new phrases but could not review them and so felt stuck, we offer a report after each lesson. It is valued for practical corrections.",
    ),
    (
        {"wanted": "wanted to keep new phrases"},
        "Lesson log: for customers who, while preparing for meetings, wanted to keep new phrases but could not review them and so felt stuck, we offer a report after each lesson. It is valued for practical corrections.",
    ),
    (
        {"blocked_by": "could not review them"},
        "Lesson log: for customers who, while preparing for meetings, wanted to keep new phrases but could not review them and so felt stuck, we offer a report after each lesson. It is valued for practical corrections.",
    ),
    (
        {"blocked_by": "notes got lost"},
        "Lesson log: for customers who, while preparing for meetings, wanted to keep new phrases but could not, because notes got lost, and so felt stuck, we offer a report after each lesson. It is valued for practical corrections.",
    ),
    (
        {"blocked_by": "because the notes got lost"},
        "Lesson log: for customers who, while preparing for meetings, wanted to keep new phrases but could not, because the notes got lost, and so felt stuck, we offer a report after each lesson. It is valued for practical corrections.",
    ),
    (
        {"outcome": "close to cancelling"},
        "Lesson log: for customers who, while preparing for meetings, wanted to keep new phrases but could not review them and ended up close to cancelling, we offer a report after each lesson. It is valued for practical corrections.",
    ),
    (
        {"outcome": "ended up cancelling"},
        "Lesson log: for customers who, while preparing for meetings, wanted to keep new phrases but could not review them and ended up cancelling, we offer a report after each lesson. It is valued for practical corrections.",
    ),
    (
        {"offer": "we offer a report after each lesson."},
        "Lesson log: for customers who, while preparing for meetings, wanted to keep new phrases but could not review them and so felt stuck, we offer a report after each lesson. It is valued for practical corrections.",
    ),
    (
        {"strength": "It is valued for practical corrections."},
        "Lesson log: for customers who, while preparing for meetings, wanted to keep new phrases but could not review them and so felt stuck, we offer a report after each lesson. It is valued for practical corrections.",
    ),
]


def message(language: str, fields: dict[str, str]) -> str:
    session = new_session("t", language)
    session.refine = Refine(**fields)
    return rf.customer_message(session, Translator(language))


@pytest.mark.parametrize(("change", "sentence"), JA_CASES, ids=[str(n) for n in range(len(JA_CASES))])
def test_japanese_blanks_make_one_grammatical_sentence(change: dict[str, str], sentence: str) -> None:
    assert message("ja", {**JA_BASE, **change}) == sentence


@pytest.mark.parametrize(("change", "sentence"), EN_CASES, ids=[str(n) for n in range(len(EN_CASES))])
def test_english_blanks_make_one_sentence(change: dict[str, str], sentence: str) -> None:
    assert message("en", {**EN_BASE, **change}) == sentence


def test_there_are_at_least_thirty_japanese_inputs() -> None:
    assert len(JA_CASES) >= 30


def test_the_samples_read_as_one_message() -> None:
    from pathlib import Path

    from mlew_tui import store

    root = Path(__file__).resolve().parents[1] / "sample_workshops"
    ja = store.load(root / "ja_eikaiwa.toml")
    text = rf.customer_message(ja, Translator("ja"))
    assert text.startswith("トークライン レッスンログ（AI 振り返りレポート）は海外拠点との会議に備えて、")
    assert "受けている状況で、レッスンで教わった表現を自分のものにして、上達を実感したかったが、" in text
    assert "何をどう復習すればよいかわからず、3 か月たっても伸びている実感がなく、退会を考えていた顧客に対し、" in text
    assert text.endswith("会議でそのまま使える実践的な添削が特徴で高く評価されています。")
    for doubled in ("状況で状況で", "がが", "ずため", "だっただった", "特徴でが特徴で"):
        assert doubled not in text
