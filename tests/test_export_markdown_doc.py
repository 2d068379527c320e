"""The Markdown export as a document for the sponsor: its heading tree parsed
with a CommonMark parser (markdown-it-py), the summary (chosen case, PR
headline, nearest milestones, next meeting), the plan's milestones in time
order under the deck's labels, what changed since Day 1, and user text that
never makes a heading."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from mlew_tui import store
from mlew_tui.domain import summary
from mlew_tui.domain.session import Case, Faq, Meeting, Milestone, Participant, Post, RefineStep, Review, Session, Todo, new_session
from mlew_tui.export import to_markdown

TODAY = date(2026, 12, 10)
JST = timezone(timedelta(hours=9))


def heading_tree(text: str) -> list[tuple[int, str]]:
    """(level, text) of every heading, as a CommonMark parser reads the document."""
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    out = []
    for n, token in enumerate(tokens):
        if token.type == "heading_open":
            inline = tokens[n + 1]
            out.append((int(token.tag[1]), "".join(child.content for child in inline.children or [] if child.type in ("text", "code_inline"))))
    return out


def blocks(text: str) -> list[str]:
    """The document's block structure: every token but the text inside."""
    return [f"{token.type}:{token.tag}" for token in MarkdownIt("commonmark").enable("table").parse(text) if token.type != "inline"]


def top(text: str) -> list[tuple[int, str]]:
    return [(level, title) for level, title in heading_tree(text) if level <= 2]


def below(text: str, section: str, level: int = 3) -> list[str]:
    """The headings of ``level`` inside the level-2 section ``section``."""
    found, inside = [], False
    for lvl, title in heading_tree(text):
        if lvl <= 2:
            inside = title == section
        elif inside and lvl == level:
            found.append(title)
    return found


# -- the heading tree of the samples -------------------------------------------------------------


def test_english_sample_heading_tree(en_sample: Path) -> None:
    text = to_markdown(store.load(en_sample), today=TODAY)
    assert top(text) == [
        (1, "Northfield Outfitters - ML Enablement Workshop, December 2026"),
        (2, "Summary"),
        (2, "PR/FAQ"),
        (2, "Day 2 plan"),
        (2, "Appendix"),
    ]
    assert below(text, "Day 2 plan") == ["Milestones", "Meetings", "TODOs (0)"]
    assert below(text, "Day 2 plan", 4) == [
        "Milestone 1: Is the customer experience improved?",
        "Milestone 2: Does more usage bring more profit?",
        "Milestone 3: Does model improvement improve the experience?",
    ]
    assert below(text, "Appendix") == [
        "Participants (4)",
        "Customer card",
        "Reviews (13)",
        "SNS posts (5)",
        "Issues and strengths (6)",
        "Evaluation sheet",
        "Votes: each person's #1 and the winner",
        "Diagnostics: which processes need improving",
    ]


def test_japanese_sample_heading_tree(ja_day2_sample: Path) -> None:
    text = to_markdown(store.load(ja_day2_sample), today=TODAY)
    assert [title for _, title in top(text)] == [
        "トークライン ML Enablement Workshop（2026年12月）",
        "概要",
        "プレスリリースと FAQ",
        "改善編の計画",
        "改善編で変わったこと",  # a Day 2 session: compared with the Day 1 frozen in it
        "付録",
    ]
    assert [level for level, _ in top(text)] == [1, 2, 2, 2, 2, 2]
    assert below(text, "プレスリリースと FAQ")[0] == "1. 顧客へのメッセージ — 企画役が読む（佐藤 美咲）"
    assert below(text, "改善編の計画") == ["マイルストーン", "会議", "Todo（9 件）", "プロセス改善の時間配分"]
    assert below(text, "改善編の計画", 4) == [
        "マイルストーン 0：ユースケース決定",
        "マイルストーン 1：顧客体験を改善している？",
        "マイルストーン 2：行動増による利益増ができている？",
        "マイルストーン 3：モデルの改善が体験を改善している？",
    ]
    assert "比較できる実践編の記録がありません。" not in text
    changes = text.split("## 改善編で変わったこと\n", 1)[1].split("\n## ", 1)[0]
    assert "c5" in changes or "機械学習による音声パケットロス補完" in changes  # the case added on Day 2


def test_japanese_summary_reads_first(ja_day2_sample: Path) -> None:
    text = to_markdown(store.load(ja_day2_sample), today=TODAY)
    summary_part = text.split("## 概要\n\n", 1)[1].split("\n\n## ", 1)[0]
    assert summary_part.splitlines() == [
        "- **チーム（5 名）:** 佐藤 美咲、田中 健太、鈴木 彩、高橋 直樹、伊藤 由美",
        "- **製品:** トークライン",
        "- **日程:** 実践編 2026-12-03 · 改善編 2026-12-10",
        "- **採用した解決策:** **レッスン音声の自動文字起こしと振り返りレポート**（`c2`）、決め方: 得票数（最も多く 1 位に選ばれた事例）",
        summary_part.splitlines()[4],  # the headline: checked below
        "- **直近のマイルストーン:**",
        "  - **2026-12-10** マイルストーン 0：ユースケース決定",
        "  - **2027-02-26** マイルストーン 1：顧客体験を改善している？",
        "  - **2027-04-23** マイルストーン 2：行動増による利益増ができている？",
        "- **次の会議:** 2026-12-17 10:00+09:00「レッスンログ 週次定例」（30 分）、2027-02-25 まで毎週",
        "- **このまま実装に行きますか？** いいえ",
        "- **改善編で改善するプロセス:** Listen、Invent",
    ]
    assert summary_part.splitlines()[4].startswith(
        "- **プレスリリースの見出し:** **トークライン レッスンログ（AI 振り返りレポート）**：レッスン音声を自動で文字起こしし、"
    )


# -- a session built here: milestones out of order, an m0 without Who / What / How ------------------


def planned() -> Session:
    s = new_session("Plan", "en", workshop_date=date(2026, 12, 3), day2_date=TODAY)
    s.progress.day = 2
    s.participants = [Participant(id="ann", name="Ann"), Participant(id="bo", name="Bo")]
    s.product.name = "Shop"
    s.refine.offer = "kits that complete themselves."
    s.milestones = [
        Milestone(id="m3", title="Model", who="DS", what="model", how="blind test", due=date(2027, 6, 1)),
        Milestone(id="m1", title="Experience", who="30 users", due=date(2027, 2, 26)),
        Milestone(id="later", title="Undated step"),
        Milestone(id="m0", title="Use case decided", due=TODAY),
        Milestone(id="m1a", title="Pilot", who="PM", what="pilot", how="10 orders", due=date(2027, 1, 15)),
        Milestone(id="m2", title="Profit", who="PM", what="A/B", how="+10%", due=date(2027, 4, 1)),
    ]
    s.todos = [
        Todo(id="t1", text="Survey", owner="ann", milestone="m1", due=date(2027, 1, 5)),
        Todo(id="t2", text="Undated task", owner="bo"),
        Todo(id="t3", text="Budget", owner="bo", milestone="m1", due=date(2026, 12, 20)),
    ]
    s.meetings = [
        Meeting(kind="executive_report", title="Report M1", start=datetime(2027, 2, 26, 15, 0, tzinfo=JST), duration_min=60, milestone="m1"),
        Meeting(kind="progress", title="Weekly", start=datetime(2026, 11, 26, 10, 0, tzinfo=JST), weekly_until=date(2027, 2, 25)),
    ]
    return s


def test_milestones_in_time_order_under_the_decks_labels() -> None:
    text = to_markdown(planned(), today=TODAY)
    assert below(text, "Day 2 plan", 4) == [
        "Milestone 0: use case decided",
        "Intermediate milestone m1a: Pilot",
        "Milestone 1: Experience",
        "Milestone 2: Profit",
        "Milestone 3: Model",
        "Intermediate milestone later: Undated step",
    ]
    m0 = text.split("#### Milestone 0: use case decided\n\n", 1)[1].split("\n\n", 1)[0]
    assert m0 == "- **Due:** 2026-12-10"  # m0 needs no Who / What / How and shows none
    m1 = text.split("#### Milestone 1: Experience\n\n", 1)[1].split("\n\n", 1)[0]
    assert m1.splitlines() == ["- **Due:** 2027-02-26", "- **Who:** 30 users", "- **What:** _missing_", "- **How (measure, pass line):** _missing_"]
    later = text.split("#### Intermediate milestone `later`: Undated step\n\n", 1)[1].split("\n\n", 1)[0]
    assert later.splitlines()[0] == "- **Due:** _missing_"
    assert "- **Due:** 2027-04-01 _beyond the 3-month horizon_" in text  # m2, after 2027-03-10 (m0 + 3 months)
    assert "The first results come within 3 months of milestone 0 (2026-12-10): by 2027-03-10." in text


def test_the_first_milestone_beyond_the_horizon_asks_for_an_intermediate_one() -> None:
    s = planned()
    s.milestones = [m for m in s.milestones if m.id != "m1a"]
    s.milestones[1].due = date(2027, 3, 11)  # m1, a day after m0 + 3 months
    text = to_markdown(s, today=TODAY)
    assert "- **Due:** 2027-03-11 **⚠ the first results are more than 3 months away: add an intermediate milestone**" in text


def test_summary_nearest_milestones_and_next_meeting() -> None:
    text = to_markdown(planned(), today=date(2027, 1, 20))
    assert "  - **2027-02-26** Milestone 1: Experience\n  - **2027-04-01** Milestone 2: Profit\n  - **2027-06-01** Milestone 3: Model\n" in text
    # the weekly meeting started 2026-11-26 (a Thursday): its next occurrence on or after 2027-01-20 is 2027-01-21
    assert "- **Next meeting:** 2027-01-21 10:00+09:00, Weekly (30 min), weekly until 2027-02-25" in text
    late = to_markdown(planned(), today=date(2027, 5, 1))
    assert (
        "  - **2027-06-01** Milestone 3: Model\n  - **2027-04-01** Milestone 2: Profit (passed)\n  - **2027-02-26** Milestone 1: Experience (passed)\n" in late
    )
    assert "- **Next meeting:** none planned" in late


def test_summary_of_an_empty_session() -> None:
    text = to_markdown(new_session("Empty", "en"), today=TODAY)
    assert "- **Chosen case:** not decided yet\n" in text
    assert "- **PR headline:** _not written yet_" in text
    assert "- **Nearest milestones:** none dated yet" in text
    assert [title for _, title in top(text)] == ["Empty", "Summary", "PR/FAQ", "Day 2 plan", "Appendix"]


def test_a_tie_says_which_cases_and_what_to_do() -> None:
    s = planned()
    s.cases = [Case(id="c1", name="One"), Case(id="c2", name="Two")]
    s.scores = {"ann": {"c1": {}, "c2": {}}}
    s.votes = {"ann": "c1", "bo": "c2"}
    text = to_markdown(s, today=TODAY)
    assert "- **Chosen case:** not decided yet: `c1`, `c2` are tied in picks and sums - roll the die or let the facilitator decide\n" in text


def test_todos_by_date_with_owners() -> None:
    text = to_markdown(planned(), today=TODAY)
    rows = [line for line in text.splitlines() if line.startswith("| ☐")]
    assert rows == [
        "| ☐ | Budget | Bo | 2026-12-20 | `m1` |",
        "| ☐ | Survey | Ann | 2027-01-05 | `m1` |",
        "| ☐ | Undated task | Bo | _missing_ |   |",
    ]


# -- what changed since Day 1 --------------------------------------------------------------------------


def test_changes_since_day1_from_the_snapshot(ja_day2_sample: Path) -> None:
    day1 = store.load(ja_day2_sample)
    now = store.load(ja_day2_sample)
    now.reviews.append(Review(id="r99", author="sato", text="新しいレビュー", polarity="negative"))
    now.milestones[1].due = date(2027, 3, 5)
    now.refine.steps[2].uncertain = False
    text = to_markdown(now, today=TODAY, day1=day1)
    assert below(text, "改善編で変わったこと") == ["Listen", "Define", "Invent", "Refine", "マイルストーン"]
    assert "- 追加: 新しいレビュー" in text
    assert "- 変更: `m1` の 期日: 2027-02-26 → 2027-03-05" in text
    assert "- 解消: ステップ: レッスン終了から 5 分以内に、振り返りレポートがプッシュ通知で届く" in text
    unchanged = to_markdown(day1, today=TODAY, day1=day1)
    assert "実践編からまだ何も変わっていません。" in unchanged


# -- user text never makes a heading ---------------------------------------------------------------------

HOSTILE = [
    "# Heading",
    "Setext\n=====",
    "Line\n---",
    "- item",
    "> quote",
    "1. one",
    "    code",
    "<h1>x</h1>",
    "Title ##",
    "a\n- b\n# c",
    "| x | y |\n|---|---|",
]


def with_text(text: str) -> Session:
    """:func:`planned` with ``text`` in every place user text goes."""
    s = planned()
    s.title = text
    s.product.description = text
    s.participants.append(Participant(id="x", name=text))
    s.reviews = [Review(id="r1", author="x", text=text, polarity="positive", source=text)]
    s.posts = [Post(id="p1", author="x", stance="continue", text=text, refs=["r1"])]
    s.cases = [Case(id="c1", name=text, company=text, solves=text)]
    s.scores = {"x": {"c1": {}}}
    s.refine.steps = [RefineStep(text=text), RefineStep(text=text, uncertain=True)]
    s.refine.customer_faq = [Faq(q=text, a=text)]
    s.refine.internal_faq = [Faq(q=text, a=text, uncertain=True)]
    s.refine.product_name = s.refine.offer = s.refine.situation = text
    s.next_step.notes = text
    for m in s.milestones:
        m.title = m.who = m.what = m.how = text
    s.todos[0].text = text
    s.meetings[0].title = s.meetings[1].title = text
    return s


@pytest.mark.parametrize("text", HOSTILE)
def test_user_text_never_makes_a_heading(text: str) -> None:
    day1 = planned()  # what changed since Day 1 quotes the hostile text too
    tree = heading_tree(to_markdown(with_text(text), today=TODAY, day1=day1))
    plain = heading_tree(to_markdown(with_text("plain"), today=TODAY, day1=day1))
    assert [level for level, _ in tree] == [level for level, _ in plain]
    # and no list item, table row, quote or code block more or less: the same blocks, only the words differ
    assert blocks(to_markdown(with_text(text), today=TODAY, day1=day1)) == blocks(to_markdown(with_text("plain"), today=TODAY, day1=day1))
    assert [title for level, title in tree if level == 2] == ["Summary", "PR/FAQ", "Day 2 plan", "What changed since Day 1", "Appendix"]


# -- the summary's domain rules ------------------------------------------------------------------------------


def test_next_occurrence_of_weekly_and_single_meetings() -> None:
    weekly = Meeting(kind="progress", start=datetime(2026, 12, 17, 10, 0, tzinfo=JST), weekly_until=date(2027, 1, 7))
    assert summary.next_occurrence(weekly, date(2026, 12, 1)) == datetime(2026, 12, 17, 10, 0, tzinfo=JST)
    assert summary.next_occurrence(weekly, date(2026, 12, 18)) == datetime(2026, 12, 24, 10, 0, tzinfo=JST)
    assert summary.next_occurrence(weekly, date(2027, 1, 7)) == datetime(2027, 1, 7, 10, 0, tzinfo=JST)
    assert summary.next_occurrence(weekly, date(2027, 1, 8)) is None
    endless = Meeting(kind="progress", start=datetime(2026, 12, 17, 10, 0, tzinfo=JST))
    assert summary.last_day(endless) == date(2027, 3, 17)  # the 3-month horizon
    once = Meeting(kind="executive_report", start=datetime(2027, 2, 26, 15, 0, tzinfo=JST))
    assert summary.next_occurrence(once, date(2027, 2, 26)) == once.start
    assert summary.next_occurrence(once, date(2027, 2, 27)) is None


def test_headline_prefers_the_refine_product_name() -> None:
    s = new_session("t", "en")
    s.product.name = "Shop"
    s.refine.offer = "kits.\n"
    assert summary.headline(s) == ("Shop", "kits")
    s.refine.product_name = "Kit Builder"
    assert summary.headline(s) == ("Kit Builder", "kits")


def test_write_markdown_passes_the_day1_snapshot_on(ja_sample: Path, tmp_path: Path) -> None:
    from mlew_tui.export import write_markdown

    day1 = store.load(ja_sample)
    now = store.load(ja_sample)
    now.reviews.append(Review(id="r99", author="sato", text="新しいレビュー", polarity="negative"))
    target = write_markdown(now, tmp_path / "out.md", session_file=tmp_path / "ws.toml", day1=day1)
    assert "- 追加: 新しいレビュー" in target.read_text(encoding="utf-8")
