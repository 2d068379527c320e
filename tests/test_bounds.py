"""The session file's bounds (issue #18, item 4): every value out of range,
too long, too many or nested too deep is refused by ``mlew check`` (exit 1)
and by ``store.load`` alike, in one line naming its TOML path, in the file's
language - and nothing ever gives a traceback. Values just inside the bounds
load and run through the report and every export."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from benchmarks.stress import stress_session
from mlew_tui import store
from mlew_tui._toml import MAX_NESTING, loads, nesting_line, too_deep
from mlew_tui.cli import app
from mlew_tui.domain import day_clock
from mlew_tui.domain.session import SECONDS_MAX, SPENT_S_MAX, Progress, StepActual
from mlew_tui.domain.timer import Countdown
from mlew_tui.export.files import FORMATS, render
from mlew_tui.i18n import Translator
from mlew_tui.report import report_data
from mlew_tui.samples import samples_folder
from mlew_tui.store import StoreError

runner = CliRunner()
SAMPLE = samples_folder() / "en_ec_recommendations_day2.toml"
BASE: dict[str, Any] = loads(SAMPLE.read_text(encoding="utf-8"))
HEADER = 'format = "mlew-session"\nschema_version = 1\ntitle = "Deep"\nlanguage = "{lang}"\n'


def setv(path: tuple[str | int, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def mutate(data: dict[str, Any]) -> None:
        target: Any = data
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value

    return mutate


def check(path: Path) -> tuple[int, list[str]]:
    """``mlew check``: its exit code and its lines; never a traceback."""
    result = runner.invoke(app, ["check", str(path)])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result.exit_code, result.output.splitlines()


def write(folder: Path, data: dict[str, Any] | str) -> Path:
    path = folder / "s.toml"
    path.write_text(data if isinstance(data, str) else tomli_w.dumps(data), encoding="utf-8")
    return path


def refused_with(folder: Path, data: dict[str, Any] | str) -> list[str]:
    """The file is refused by check and load alike, and left as it was."""
    path = write(folder, data)
    before = path.read_bytes()
    code, lines = check(path)
    assert code == 1, lines
    with pytest.raises(StoreError):
        store.load(path)
    assert path.read_bytes() == before
    return lines


# (test id, mutation, the one line `mlew check` prints)
CASES: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    ("year-9999", setv(("day2_date",), date(9999, 12, 31)), "day2_date: 9999-12-31 is out of range: dates go from 2000-01-01 to 2100-12-31"),
    ("year-1", setv(("milestones", 0, "due"), date(1, 1, 1)), "milestones[0].due: 0001-01-01 is out of range: dates go from 2000-01-01 to 2100-12-31"),
    (
        "meeting-year-1",
        setv(("meetings", 0, "start"), datetime(1, 1, 1, 0, 0, tzinfo=timezone(timedelta(hours=23)))),
        "meetings[0].start: 0001-01-01T00:00:00+23:00 is out of range: dates go from 2000-01-01 to 2100-12-31",
    ),
    (
        "deadline-9999",
        setv(("timer", "deadline"), datetime(9999, 12, 31, 23, 59, tzinfo=UTC)),
        "timer.deadline: 9999-12-31T23:59:00+00:00 is out of range: dates go from 2000-01-01 to 2100-12-31",
    ),
    (
        "actual-1999",
        setv(("progress", "actual", "listen.reviews"), {"started_at": datetime(1999, 12, 31, 23, 0, tzinfo=UTC)}),
        'progress.actual."listen.reviews".started_at: 1999-12-31T23:00:00+00:00 is out of range: dates go from 2000-01-01 to 2100-12-31',
    ),
    (
        "until-2101",
        setv(("meetings", 0, "weekly_until"), date(2101, 1, 1)),
        "meetings[0].weekly_until: 2101-01-01 is out of range: dates go from 2000-01-01 to 2100-12-31",
    ),
    (
        "todo-due-day1",
        setv(("day1", "milestones", 0, "due"), date(1970, 1, 1)),
        "day1.milestones[0].due: 1970-01-01 is out of range: dates go from 2000-01-01 to 2100-12-31",
    ),
    ("meeting-minutes-huge", setv(("meetings", 0, "duration_min"), 10**18), "meetings[0].duration_min: 1000000000000000000 must be at most 1,440"),
    ("meeting-minutes-1441", setv(("meetings", 0, "duration_min"), 1441), "meetings[0].duration_min: 1441 must be at most 1,440"),
    ("allotted-negative", setv(("day2", "allotted_min", "invent"), -5), "day2.allotted_min.invent: -5 must be at least 0"),
    ("allotted-1441", setv(("day2", "allotted_min", "invent"), 1441), "day2.allotted_min.invent: 1441 must be at most 1,440"),
    ("duration-s", setv(("timer", "duration_s"), 86401), "timer.duration_s: 86401 must be at most 86,400"),
    ("remaining-s", setv(("timer", "remaining_s"), -1e18), "timer.remaining_s: -1e+18 must be at least -86,400"),
    ("remaining-inf", setv(("timer", "remaining_s"), float("inf")), "timer.remaining_s: inf is not a number a session can hold (inf and nan are not allowed)"),
    (
        "cell-nan",
        setv(("scores", "priya", "c1", "i1"), float("nan")),
        "scores.priya.c1.i1: nan is not a number a session can hold (inf and nan are not allowed)",
    ),
    (
        "spent-s",
        setv(("progress", "actual", "listen.reviews"), {"started_at": datetime(2026, 12, 3, 1, tzinfo=UTC), "spent_s": 1e300}),
        'progress.actual."listen.reviews".spent_s: 1e+300 must be at most 31,622,400',
    ),
    ("revision", setv(("milestones", 0, "revision"), 2**63 - 1), "milestones[0].revision: 9223372036854775807 must be at most 1,000,000"),
    ("cycle-index", setv(("timer", "cycle_index"), 10**9), "timer.cycle_index: 1000000000 must be at most 100"),
    ("title-101", setv(("title",), "T" * 101), "title: 101 characters is too long (at most 100)"),
    ("name-3.6MB", setv(("participants", 0, "name"), "n" * 3_600_000), "participants[0].name: 3,600,000 characters is too long (at most 100)"),
    ("item-title", setv(("items", 0, "title"), "x" * 101), "items[0].title: 101 characters is too long (at most 100)"),
    ("case-name", setv(("cases", 0, "name"), "x" * 101), "cases[0].name: 101 characters is too long (at most 100)"),
    ("milestone-title", setv(("milestones", 0, "title"), "x" * 101), "milestones[0].title: 101 characters is too long (at most 100)"),
    ("meeting-title", setv(("meetings", 0, "title"), "x" * 101), "meetings[0].title: 101 characters is too long (at most 100)"),
    ("review-text", setv(("reviews", 3, "text"), "x" * 4001), "reviews[3].text: 4,001 characters is too long (at most 4,000)"),
    ("customer-notes", setv(("customer", "notes"), "x" * 4001), "customer.notes: 4,001 characters is too long (at most 4,000)"),
    ("faq-answer", setv(("refine", "internal_faq"), [{"q": "Q", "a": "x" * 5000}]), "refine.internal_faq[0].a: 5,000 characters is too long (at most 4,000)"),
    (
        "participants-51",
        setv(("participants",), BASE["participants"] + [{"id": f"p{n}", "name": f"P{n}"} for n in range(51 - len(BASE["participants"]))]),
        "participants: 51 entries are too many (at most 50)",
    ),
    (
        "cases-101",
        setv(("cases",), BASE["cases"] + [{"id": f"x{n}", "name": f"C{n}"} for n in range(101 - len(BASE["cases"]))]),
        "cases: 101 entries are too many (at most 100)",
    ),
    ("refs-10001", setv(("posts", 0, "refs"), ["r1"] * 10_001), "posts[0].refs: 10,001 entries are too many (at most 10,000)"),
    ("improve-6", setv(("next_step", "improve"), ["listen"] * 6), "next_step.improve: 6 entries are too many (at most 5)"),
]


@pytest.mark.parametrize(("mutate", "line"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_out_of_bounds_is_one_line_naming_its_path(tmp_path: Path, mutate: Callable[[dict[str, Any]], None], line: str) -> None:
    data = copy.deepcopy(BASE)
    mutate(data)
    assert refused_with(tmp_path, data) == [line]


def test_a_wrong_table_where_a_string_belongs(tmp_path: Path) -> None:
    data = copy.deepcopy(BASE)
    data["groups"][0]["id"] = {"a": 1}  # a group id also keys the review-id check: it must not be hashed
    data["participants"][1]["id"] = [1, [2, [3]]]
    lines = refused_with(tmp_path, data)
    assert "groups[0].id: {'a': 1} has the wrong type (expected: string)" in lines
    assert "participants[1].id: [1, [2, [3]]] has the wrong type (expected: string)" in lines


def test_the_top_level_id_table_of_the_issue(tmp_path: Path) -> None:
    text = HEADER.format(lang="en") + "id = {a = 1}\n"
    assert refused_with(tmp_path, text) == ["id: unknown key (a typo?)"]


def test_the_values_a_message_quotes_stay_short(tmp_path: Path) -> None:
    data = copy.deepcopy(BASE)
    data["reviews"][0]["author"] = "a" * 100_000  # a dangling reference quotes its value
    data["reviews"][1]["polarity"] = "b" * 100_000  # so does an enum
    data["x" * 100_000] = 1  # and an unknown key is its path
    lines = refused_with(tmp_path, data)
    assert len(lines) == 5  # the header line, then one per problem (the author is too long, and no one's id)
    assert max(len(line) for line in lines) < 200, [len(line) for line in lines]


def test_more_votes_than_people(tmp_path: Path) -> None:
    data = copy.deepcopy(BASE)
    data["votes"] = {f"p{n}": "c1" for n in range(51)}
    lines = refused_with(tmp_path, data)
    assert lines[1] == "votes: 51 entries are too many (at most 50)"
    assert lines[2:] == [f"votes.p{n}: no participant has the id 'p{n}'" for n in range(51)]


def test_japanese_messages(tmp_path: Path) -> None:
    data = loads((samples_folder() / "ja_eikaiwa_day2.toml").read_text(encoding="utf-8"))
    data["reviews"][0]["text"] = "あ" * 4001
    data["participants"][0]["name"] = "名" * 101
    data["day2_date"] = date(2200, 1, 1)
    data["meetings"][0]["duration_min"] = 2000
    data.setdefault("timer", {})["remaining_s"] = float("nan")
    data["todos"] = [{"id": f"t{n}", "text": "やること"} for n in range(1001)]
    lines = refused_with(tmp_path, data)
    assert lines[1:] == [
        "day2_date: 2200-01-01 は範囲外です。日付は 2000-01-01 から 2100-12-31 までにしてください。",
        "participants[0].name: 101 文字あります。100 文字以内にしてください。",
        "timer.remaining_s: nan は使えません。inf と nan 以外の数にしてください。",
        "reviews[0].text: 4,001 文字あります。4,000 文字以内にしてください。",
        "todos: 1,001 件あります。1,000 件以内にしてください。",
        "meetings[0].duration_min: 2000 は 1,440 以下である必要があります",
    ]


# -- nesting --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "line"),
    [
        ("[" * 10_000 + "]" * 10_000, 5),  # the issue's a = [[[[...]]]]
        ("{b = " * 10_000 + "1" + "}" * 10_000, 5),  # inline tables
        ("[\n" * 40 + "]" * 40, 5 + MAX_NESTING),  # the line it goes too deep on
        ("[" * 500 + "]" * 500, 5),  # past tomli's own limit of 400 (a RecursionError)
    ],
    ids=["arrays-10000", "inline-tables-10000", "arrays-over-lines", "arrays-500"],
)
def test_deep_nesting_names_its_line(tmp_path: Path, value: str, line: int) -> None:
    lines = refused_with(tmp_path, HEADER.format(lang="en") + f"a = {value}\n")
    assert lines == [f"line {line}: arrays or inline tables are nested more than 32 levels deep"]
    # The file's language cannot be read from a file that does not parse: the
    # CLI speaks the system's; the message itself exists in Japanese too.
    with pytest.raises(StoreError) as caught:
        store.load(write(tmp_path, HEADER.format(lang="ja") + f"a = {value}\n"))
    assert [p.render(Translator("ja")) for p in caught.value.problems] == [f"{line} 行目：配列またはインラインテーブルの入れ子が 32 段より深くなっています。"]


def test_deep_dotted_keys_name_their_path(tmp_path: Path) -> None:
    lines = refused_with(tmp_path, HEADER.format(lang="en") + ".".join(["k"] * 100) + " = 1\n")
    assert lines == [".".join(["k"] * 33) + ": nested more than 32 levels deep"]


def test_dotted_keys_too_deep_for_the_parser_give_a_message(tmp_path: Path) -> None:
    lines = refused_with(tmp_path, HEADER.format(lang="en") + ".".join(["k"] * 10_000) + " = 1\n")
    assert lines == ["nested more than 32 levels deep"]


def test_nesting_at_the_limit_is_only_an_unknown_key(tmp_path: Path) -> None:
    lines = refused_with(tmp_path, HEADER.format(lang="en") + "a = " + "[" * MAX_NESTING + "]" * MAX_NESTING + "\n")
    assert lines == ["a: unknown key (a typo?)"]


def test_brackets_in_strings_and_comments_do_not_nest() -> None:
    deep = "[" * 100
    text = (
        f'a = "{deep}"\nb = \'{deep}\'\nc = """\n{deep}\n"""\nd = \'\'\'{deep}\'\'\'\n# {deep}\ne = "\\"{deep}"\n'
        f'["{deep}"]\nf = 1\n[[g]]\nh = [[1, 2], {{x = [3]}}]\n'
    )
    assert nesting_line(text) is None
    assert too_deep(loads(text)) is None


# -- what the app writes stays within the bounds ---------------------------------


def test_the_timer_saves_within_a_day() -> None:
    now = datetime(2026, 12, 3, 10, tzinfo=UTC)
    timer = Countdown(300, step="intro", monotonic=lambda: 0.0, now=lambda: now)
    timer.add(3 * SECONDS_MAX)  # + pressed for hours
    assert timer.to_record(now)["remaining_s"] == SECONDS_MAX
    timer.add(-10 * SECONDS_MAX)
    left_overnight = Countdown.from_record({"duration_s": 300, "running": True, "deadline": now - timedelta(days=7)}, monotonic=lambda: 0.0, now=lambda: now)
    record = left_overnight.to_record(now)
    assert record["deadline"] == now - timedelta(seconds=SECONDS_MAX)


def test_the_step_clock_saves_at_most_a_year() -> None:
    start = datetime(2026, 12, 3, 10, tzinfo=UTC)
    progress = Progress(step="intro", actual={"intro": StepActual(started_at=start)})
    day_clock.leave(progress, "intro", 1, start + timedelta(days=800), start)
    assert progress.actual["intro"].spent_s == SPENT_S_MAX


# -- what loads, loads everywhere -------------------------------------------------


def test_every_sample_loads() -> None:
    for sample in sorted(samples_folder().glob("*.toml")):
        store.load(sample)


def test_a_stress_session_of_3000_reviews_and_50_people_runs_everywhere(tmp_path: Path) -> None:
    path = tmp_path / "stress.toml"
    store.save(stress_session(participants=50, reviews=3000, groups=600, posts=200, items=100, cases=20), path, keep_backup=False)
    session = store.load(path)
    assert len(session.reviews) == 3000
    json.dumps(report_data(session))
    for fmt in ("md", "csv"):
        assert render(session, fmt)


def test_values_at_the_bounds_run_everywhere(tmp_path: Path) -> None:
    data = copy.deepcopy(BASE)
    far = timezone(timedelta(hours=23, minutes=59))
    data["workshop_date"], data["day2_date"] = date(2000, 1, 1), date(2100, 12, 31)
    data["title"] = "T" * 100
    data["participants"][0]["name"] = "名" * 100
    data["reviews"][0]["text"] = "x" * 4000
    data["meetings"][0].update(start=datetime(2100, 12, 31, 23, 59, tzinfo=far), duration_min=1440, weekly_until=date(2100, 12, 31), revision=1_000_000)
    data["meetings"][1].update(start=datetime(2000, 1, 1, 0, 0, tzinfo=timezone(-timedelta(hours=23, minutes=59))))
    data["meetings"][1].pop("weekly_until", None)
    data["milestones"][0]["due"] = date(2100, 12, 31)
    data["timer"].update(duration_s=86400, remaining_s=-86400.0, running=False)
    data["day2"]["allotted_min"] = {"invent": 1440, "listen": 0}
    data["progress"]["actual"]["listen.reviews"] = {"started_at": datetime(2000, 1, 1, tzinfo=UTC), "spent_s": float(SPENT_S_MAX)}
    path = write(tmp_path, data)
    code, lines = check(path)
    assert (code, lines) == (0, ["OK"])
    session = store.load(path)
    json.dumps(report_data(session))
    for fmt in FORMATS:
        assert render(session, fmt)
    for command in (["report", str(path)], ["report", "--json", str(path)]):
        result = runner.invoke(app, command)
        assert result.exit_code == 0, result.output


def test_typed_dates_and_minutes_outside_the_bounds_are_refused_at_the_form() -> None:
    from mlew_tui.domain.milestones import parse_due
    from mlew_tui.domain.setup import SetupError, parse_date
    from mlew_tui.forms.day2_forms import parse_minutes

    assert parse_date("2100-12-31") == date(2100, 12, 31)
    with pytest.raises(SetupError) as refused:
        parse_date("2101-01-01")
    assert Translator("en")(refused.value.key, **refused.value.params) == "2101-01-01 is out of range: dates go from 2000-01-01 to 2100-12-31"
    assert parse_due("2000-01-01") == date(2000, 1, 1)
    with pytest.raises(ValueError):
        parse_due("9999-12-31")
    assert parse_minutes("1440") == 1440
    with pytest.raises(ValueError):
        parse_minutes("1441")


def test_a_record_checked_once_is_checked_again_when_it_changes() -> None:
    """The state loop checks list tables record by record, only records that
    changed (issue #20's load: one review added to 300 checks one). A record
    already checked and then edited past a bound - a field set, or a list
    changed in place - is still refused."""
    from mlew_tui.domain.session import REFS_MAX, TEXT_MAX
    from mlew_tui.domain.validation import OutOfBounds, bounds_problems
    from mlew_tui.workshop import Workshop

    session = store.load(samples_folder() / "en_ec_recommendations.toml")
    workshop = Workshop(session)
    assert bounds_problems(session, {"reviews", "posts"}) == []  # every record checked once
    review = session.reviews[0].id
    with pytest.raises(OutOfBounds) as refused:
        workshop.apply("edit_review", review, text="x" * (TEXT_MAX + 1))
    assert [p.path for p in refused.value.problems] == ["reviews[0].text"]
    assert session.reviews[0].text != "x" * (TEXT_MAX + 1)  # taken back

    post = session.posts[0]
    post.refs.extend(["r1"] * (REFS_MAX + 1 - len(post.refs)))  # in place, as no command does: still seen
    assert [p.key for p in bounds_problems(session, {"posts"})] == ["bounds.too_many"]

    many = [session.reviews[0].model_copy() for _ in range(3)]
    assert bounds_problems(session, {"reviews"}) == []
    session.reviews.extend(many)  # copies of a checked record are new records: checked (and fine)
    assert bounds_problems(session, {"reviews"}) == []


def test_every_list_of_a_flat_record_is_compared_in_place() -> None:
    """A list changed in place is the same object: the check copies every list
    field of a flat record's model (by its annotation), so none is missed."""
    from mlew_tui.domain.validation import FLAT_LISTS, _fields

    for sample in ("en_ec_recommendations.toml", "ja_eikaiwa_day2.toml"):
        session = store.load(samples_folder() / sample)
        for name in FLAT_LISTS:
            for record in getattr(session, name):
                values, lists = _fields(record)
                held = [value for value in record.__dict__.values() if isinstance(value, list)]
                assert lists == tuple(held), (name, record)
                assert all(copy is not original for copy, original in zip(lists, held, strict=True))


OPS = ("append_ok", "append_long", "insert_ok", "remove", "set_ok", "set_long", "set_back", "refs_in_place", "refs_too_many", "other_session")


@settings(max_examples=60, deadline=None)
@given(ops=st.lists(st.tuples(st.sampled_from(OPS), st.integers(min_value=0, max_value=10_000)), min_size=1, max_size=25))
def test_the_quick_bounds_check_agrees_with_checking_everything(ops: list[tuple[str, int]]) -> None:
    """The state loop's check looks only at the records a change could have
    touched (added at the end, given a new value, or any record of a table
    whose records hold lists). Whatever the changes, and in whatever order,
    it finds exactly the problems a check of every record finds - and, as the
    workshop does, a change it refuses is taken back."""
    from mlew_tui.domain import validation
    from mlew_tui.domain.session import REFS_MAX, TEXT_MAX, Review

    session = store.load(samples_folder() / "en_ec_recommendations.toml")
    other = store.load(samples_folder() / "en_ec_recommendations.toml")  # another session in the same process
    parts = {"reviews", "posts"}
    assert validation.bounds_problems(session, parts) == []
    for op, n in ops:
        reviews, posts = session.reviews, session.posts
        undo: Callable[[], None]
        if op.startswith("append") or op == "insert_ok":
            review = reviews[n % len(reviews)].model_copy(update={"id": f"q{n}-{len(reviews)}"})
            if op == "append_long":
                review = Review.model_construct(**{**review.__dict__, "text": "x" * (TEXT_MAX + 1)})
            where = len(reviews) if op.startswith("append") else n % (len(reviews) + 1)
            reviews.insert(where, review)
            undo = lambda r=review, rs=reviews: rs.remove(r)  # noqa: E731
        elif op == "remove" and len(reviews) > 1:
            index = n % len(reviews)
            gone = reviews.pop(index)
            undo = lambda r=gone, i=index, rs=reviews: rs.insert(i, r)  # noqa: E731
        elif op.startswith("set"):
            review = reviews[n % len(reviews)]
            old = review.text
            review.text = {"set_ok": f"edited {n}", "set_long": "y" * (TEXT_MAX + 1), "set_back": old}[op]
            undo = lambda r=review, t=old: setattr(r, "text", t)  # noqa: E731
        elif op.startswith("refs") and posts:
            post = posts[n % len(posts)]
            before = list(post.refs)
            post.refs.extend(["r1"] * (1 if op == "refs_in_place" else REFS_MAX + 1))
            undo = lambda p=post, b=before: p.refs.__setitem__(slice(None), b)  # noqa: E731
        else:  # another session's record changed: none of this one's business
            other.reviews[n % len(other.reviews)].text = "z" * (TEXT_MAX + 1)
            undo = lambda: None  # noqa: E731
        quick = validation.bounds_problems(session, parts)
        saved = (dict(validation._CHECKED), dict(validation._TABLES))
        validation._CHECKED.clear()
        validation._TABLES.clear()
        full = validation.bounds_problems(session, parts)
        validation._CHECKED.update(saved[0])
        validation._TABLES.clear()
        validation._TABLES.update(saved[1])
        assert sorted(p.path for p in quick) == sorted(p.path for p in full), op
        if quick:
            undo()  # refused: taken back
            assert validation.bounds_problems(session, parts) == []
