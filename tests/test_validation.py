"""Every rule of the session file: a broken file is refused by ``mlew check``
(exit 1, one line naming the TOML path) and by ``store.load``, and neither
touches a byte of it."""

from __future__ import annotations

import copy
import string
import tomllib
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from typer.testing import CliRunner

from mlew_tui import store
from mlew_tui.cli import app
from mlew_tui.domain.validation import Problem, toml_path, validate
from mlew_tui.i18n import LANGUAGES, catalog
from mlew_tui.store import StoreError

JST = timezone(timedelta(hours=9))

#: A small session that touches every reference of the format.
BASE_TOML = """\
format = "mlew-session"
schema_version = 1
title = "Base"
language = "en"
workshop_date = 2026-12-03
day2_date = 2026-12-10

[[participants]]
id = "sato"
name = "Sato"
role = "pm"

[[participants]]
id = "ben"
name = "Ben"
role = "developer"

[[participants]]
id = "ito"
name = "Ito"
role = "sales"

[progress]
day = 1
step = "listen.reviews"
started_at = 2026-12-03T10:00:00+09:00

[progress.actual."listen.reviews"]
started_at = 2026-12-03T10:21:00+09:00
ended_at = 2026-12-03T10:27:10+09:00

[timer]
step = "invent.cases"
duration_s = 300
running = true
deadline = 2026-12-03T10:26:00+09:00
cycle_cases = ["c1"]

[[reviews]]
id = "r1"
author = "sato"
text = "Lessons are hard to book"
polarity = "negative"
basis = "fact"
moment = "using"
group = "g1"

[[reviews]]
id = "r2"
author = "ben"
text = "Great teachers"
polarity = "positive"

[[groups]]
id = "g1"
label = "Booking"

[[posts]]
id = "s1"
author = "ben"
stance = "quit"
text = "Cannot book"
refs = ["r1", "g1", "customer"]

[[items]]
id = "i1"
kind = "issue"
title = "Booking"
owner = "sato"
points = 5
reviews = ["r1"]

[[items]]
id = "i2"
kind = "strength"
title = "Teachers"
owner = "ben"
points = 3
reviews = ["r2"]

[[cases]]
id = "c1"
name = "Calendar sync"
presenter = "ben"

[[cases]]
id = "c2"
name = "Teacher match"
presenter = "ito"

[scoring]
partial_ratio = 0.6

[scores.sato.c1]
i1 = 5
i2 = 1.5

[scores.ben.c2]
i1 = 2.5

[votes]
sato = "c1"

[invent]
winner = "c1"
decided_by = "votes"

[refine]
planner = ["sato"]
sales = ["ito"]
developer = ["ben"]

[[milestones]]
id = "m1"
title = "PoC"
due = 2027-01-31

[next_step]
improve = ["listen", "invent"]

[[todos]]
id = "t1"
text = "Collect data"
owner = "sato"
milestone = "m1"
due = 2027-01-15

[[meetings]]
kind = "executive_report"
title = "Report"
start = 2026-12-17T10:00:00+09:00
milestone = "m1"
"""

BASE: dict[str, Any] = tomllib.loads(BASE_TOML)
runner = CliRunner()


# -- helpers --------------------------------------------------------------------


def _parent(data: Any, loc: tuple[str | int, ...]) -> Any:
    for part in loc[:-1]:
        data = data[part]
    return data


def setv(loc: tuple[str | int, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def mutate(data: dict[str, Any]) -> None:
        _parent(data, loc)[loc[-1]] = value

    return mutate


def delete(loc: tuple[str | int, ...]) -> Callable[[dict[str, Any]], None]:
    def mutate(data: dict[str, Any]) -> None:
        del _parent(data, loc)[loc[-1]]

    return mutate


def duplicate(name: str) -> Callable[[dict[str, Any]], None]:
    """Append a copy of the first entry of list ``name`` (same id)."""

    def mutate(data: dict[str, Any]) -> None:
        data[name].append(copy.deepcopy(data[name][0]))

    return mutate


def both(*mutations: Callable[[dict[str, Any]], None]) -> Callable[[dict[str, Any]], None]:
    def mutate(data: dict[str, Any]) -> None:
        for m in mutations:
            m(data)

    return mutate


def broken(mutate: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    mutate(data)
    return data


def write(folder: Path, data: dict[str, Any] | str | bytes, name: str = "s.toml") -> Path:
    path = folder / name
    if isinstance(data, dict):
        path.write_text(tomli_w.dumps(data), encoding="utf-8")
    elif isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def assert_renderable(problems: list[Problem]) -> None:
    """Every problem carries the parameters its message needs, in both languages."""
    for problem in problems:
        for lang in LANGUAGES:
            text = catalog(lang).get(problem.key)
            assert text is not None, f"{problem.key} missing from the {lang} catalog"
            assert placeholders(text) <= set(problem.params), (problem, lang)


def run_check(path: Path) -> tuple[int, list[str], str]:
    result = runner.invoke(app, ["check", str(path)])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result.exit_code, result.output.splitlines(), result.output


def refused(path: Path) -> tuple[list[str], list[Problem]]:
    """``mlew check`` and ``store.load`` both refuse ``path`` and leave it as it was."""
    before = path.read_bytes()
    code, lines, _ = run_check(path)
    assert code == 1, lines
    assert path.read_bytes() == before
    with pytest.raises(StoreError) as caught:
        store.load(path)
    assert path.read_bytes() == before
    assert caught.value.problems
    assert_renderable(caught.value.problems)
    return lines, caught.value.problems


def test_base_is_valid(tmp_path: Path) -> None:
    path = write(tmp_path, BASE_TOML)
    code, lines, _ = run_check(path)
    assert (code, lines) == (0, ["OK"])
    assert validate(BASE) == (store.load(path), [])


# -- one rule, one broken file ------------------------------------------------------

# (test id, mutation, the TOML path of the one problem, the exact line or None)
CASES: list[tuple[str, Callable[[dict[str, Any]], None], str, str | None]] = [
    # ids unique within their list
    ("dup-participant", duplicate("participants"), "participants[3].id", "participants[3].id: id 'sato' is used twice"),
    ("dup-review", duplicate("reviews"), "reviews[2].id", "reviews[2].id: id 'r1' is used twice"),
    ("dup-group", duplicate("groups"), "groups[1].id", "groups[1].id: id 'g1' is used twice"),
    ("dup-post", duplicate("posts"), "posts[1].id", "posts[1].id: id 's1' is used twice"),
    ("dup-item", duplicate("items"), "items[2].id", "items[2].id: id 'i1' is used twice"),
    ("dup-case", duplicate("cases"), "cases[2].id", "cases[2].id: id 'c1' is used twice"),
    ("dup-milestone", duplicate("milestones"), "milestones[1].id", "milestones[1].id: id 'm1' is used twice"),
    ("dup-todo", duplicate("todos"), "todos[1].id", "todos[1].id: id 't1' is used twice"),
    (
        "bad-slug",
        both(setv(("milestones", 0, "id"), "m 1"), setv(("todos", 0, "milestone"), "m 1"), setv(("meetings", 0, "milestone"), "")),
        "milestones[0].id",
        None,
    ),
    # every reference resolves
    ("review-author", setv(("reviews", 0, "author"), "nobody"), "reviews[0].author", "reviews[0].author: no participant has the id 'nobody'"),
    ("review-group", setv(("reviews", 0, "group"), "g9"), "reviews[0].group", "reviews[0].group: no group has the id 'g9'"),
    ("post-author", setv(("posts", 0, "author"), "nobody"), "posts[0].author", None),
    (
        "post-ref",
        setv(("posts", 0, "refs"), ["customer", "r2", "g1", "r9"]),
        "posts[0].refs[3]",
        "posts[0].refs[3]: 'r9' is not a review, a group or \"customer\"",
    ),
    ("item-owner", setv(("items", 1, "owner"), "nobody"), "items[1].owner", None),
    ("item-review", setv(("items", 0, "reviews"), ["r1", "r7"]), "items[0].reviews[1]", "items[0].reviews[1]: no review has the id 'r7'"),
    ("case-presenter", setv(("cases", 1, "presenter"), "nobody"), "cases[1].presenter", None),
    ("score-person", setv(("scores", "nobody"), {"c1": {"i1": 1}}), "scores.nobody", "scores.nobody: no participant has the id 'nobody'"),
    ("score-case", setv(("scores", "sato", "c9"), {"i1": 1}), "scores.sato.c9", "scores.sato.c9: no case has the id 'c9'"),
    ("score-item", setv(("scores", "sato", "c1", "i9"), 1), "scores.sato.c1.i9", "scores.sato.c1.i9: no item has the id 'i9'"),
    ("vote-person", setv(("votes", "nobody"), "c1"), "votes.nobody", "votes.nobody: no participant has the id 'nobody'"),
    ("vote-case", setv(("votes", "sato"), "c9"), "votes.sato", "votes.sato: no case has the id 'c9'"),
    ("invent-winner", setv(("invent", "winner"), "c9"), "invent.winner", "invent.winner: no case has the id 'c9'"),
    ("refine-planner", setv(("refine", "planner"), ["nobody"]), "refine.planner[0]", None),
    ("refine-sales", setv(("refine", "sales"), ["ito", "nobody"]), "refine.sales[1]", None),
    ("refine-developer", setv(("refine", "developer"), ["nobody"]), "refine.developer[0]", None),
    (
        "refine-two-roles",
        setv(("refine", "developer"), ["ben", "sato"]),
        "refine.developer[1]",
        "refine.developer[1]: sato is already in the planner role (everyone has exactly one)",
    ),
    ("todo-owner", setv(("todos", 0, "owner"), "nobody"), "todos[0].owner", None),
    ("todo-milestone", setv(("todos", 0, "milestone"), "m9"), "todos[0].milestone", "todos[0].milestone: no milestone has the id 'm9'"),
    ("meeting-milestone", setv(("meetings", 0, "milestone"), "m9"), "meetings[0].milestone", None),
    ("progress-turn", setv(("progress", "turn"), "nobody"), "progress.turn", None),
    ("progress-step", setv(("progress", "step"), "listen.review"), "progress.step", None),
    ("timer-step", setv(("timer", "step"), "invent"), "timer.step", None),
    ("actual-step", setv(("progress", "actual", "no.such"), {"started_at": datetime(2026, 12, 3, 10, tzinfo=JST)}), 'progress.actual."no.such"', None),
    ("timer-cycle", setv(("timer", "cycle_cases"), ["c1", "c9"]), "timer.cycle_cases[1]", "timer.cycle_cases[1]: no case has the id 'c9'"),
    (
        "group-is-review-id",
        both(setv(("groups", 0, "id"), "r2"), setv(("reviews", 0, "group"), "r2"), setv(("posts", 0, "refs"), ["r1"])),
        "groups[0].id",
        None,
    ),
    ("reserved-customer", both(setv(("reviews", 1, "id"), "customer"), setv(("items", 1, "reviews"), ["customer"])), "reviews[1].id", None),
    # enums
    ("role", setv(("participants", 0, "role"), "boss"), "participants[0].role", None),
    ("polarity", setv(("reviews", 0, "polarity"), "neutral"), "reviews[0].polarity", None),
    ("basis", setv(("reviews", 0, "basis"), "rumour"), "reviews[0].basis", None),
    ("moment", setv(("reviews", 0, "moment"), "later"), "reviews[0].moment", "reviews[0].moment: 'later' is not one of 'signup', 'using', 'after' or ''"),
    ("stance", setv(("posts", 0, "stance"), "stay"), "posts[0].stance", None),
    ("kind", setv(("items", 0, "kind"), "bug"), "items[0].kind", None),
    ("decided-by", setv(("invent", "decided_by"), "coin"), "invent.decided_by", None),
    ("meeting-kind", setv(("meetings", 0, "kind"), "party"), "meetings[0].kind", None),
    ("language", setv(("language",), "fr"), "language", "language: 'fr' is not one of 'ja' or 'en'"),
    ("improve", setv(("next_step", "improve"), ["listen", "sleep"]), "next_step.improve[1]", None),
    ("day", setv(("progress", "day"), 3), "progress.day", None),
    # item points in {1, 3, 5}
    ("points-2", setv(("items", 0, "points"), 2), "items[0].points", "items[0].points: 2 is not 1, 3 or 5 points"),
    ("points-true", setv(("items", 0, "points"), True), "items[0].points", None),
    ("points-float", setv(("items", 0, "points"), 5.0), "items[0].points", None),
    ("points-string", setv(("items", 0, "points"), "5"), "items[0].points", None),
    # score cells: 0 <= x <= item points, multiple of 0.5
    ("cell-above", setv(("scores", "sato", "c1", "i1"), 7), "scores.sato.c1.i1", "scores.sato.c1.i1: 7 is more than item i1's 5 points"),
    ("cell-above-half", setv(("scores", "sato", "c1", "i2"), 3.5), "scores.sato.c1.i2", "scores.sato.c1.i2: 3.5 is more than item i2's 3 points"),
    ("cell-negative", setv(("scores", "sato", "c1", "i1"), -1), "scores.sato.c1.i1", None),
    ("cell-not-half", setv(("scores", "sato", "c1", "i1"), 1.2), "scores.sato.c1.i1", "scores.sato.c1.i1: 1.2 is not a multiple of 0.5"),
    ("cell-bool", setv(("scores", "sato", "c1", "i1"), True), "scores.sato.c1.i1", None),
    ("cell-string", setv(("scores", "sato", "c1", "i1"), "5"), "scores.sato.c1.i1", None),
    # partial_ratio in (0, 1)
    ("ratio-0", setv(("scoring", "partial_ratio"), 0), "scoring.partial_ratio", None),
    ("ratio-0.0", setv(("scoring", "partial_ratio"), 0.0), "scoring.partial_ratio", None),
    ("ratio-1", setv(("scoring", "partial_ratio"), 1), "scoring.partial_ratio", None),
    ("ratio-1.0", setv(("scoring", "partial_ratio"), 1.0), "scoring.partial_ratio", None),
    ("ratio-negative", setv(("scoring", "partial_ratio"), -0.5), "scoring.partial_ratio", None),
    # dates are TOML dates, datetimes carry an offset
    ("date-string", setv(("workshop_date",), "2026-12-03"), "workshop_date", "workshop_date: '2026-12-03' has the wrong type (expected: date)"),
    ("date-datetime", setv(("day2_date",), datetime(2026, 12, 10, 10, tzinfo=JST)), "day2_date", None),
    ("due-string", setv(("milestones", 0, "due"), "2027-01-31"), "milestones[0].due", None),
    ("todo-due-string", setv(("todos", 0, "due"), "soon"), "todos[0].due", None),
    (
        "meeting-local",
        setv(("meetings", 0, "start"), datetime(2026, 12, 17, 10)),
        "meetings[0].start",
        "meetings[0].start: 2026-12-17T10:00:00 needs a UTC offset, e.g. 2026-12-03T10:00:00+09:00",
    ),
    ("meeting-date", setv(("meetings", 0, "start"), date(2026, 12, 17)), "meetings[0].start", None),
    ("progress-local", setv(("progress", "started_at"), datetime(2026, 12, 3, 10)), "progress.started_at", None),
    ("timer-local", setv(("timer", "deadline"), datetime(2026, 12, 3, 10, 26)), "timer.deadline", None),
    (
        "actual-local",
        setv(("progress", "actual", "listen.reviews", "ended_at"), datetime(2026, 12, 3, 10, 27)),
        'progress.actual."listen.reviews".ended_at',
        None,
    ),
    ("datetime-string", setv(("meetings", 0, "start"), "2026-12-17T10:00:00+09:00"), "meetings[0].start", None),
    # unknown keys
    ("unknown-top", setv(("colour",), "blue"), "colour", "colour: unknown key (a typo?)"),
    ("unknown-review", setv(("reviews", 1, "txt"), "typo"), "reviews[1].txt", "reviews[1].txt: unknown key (a typo?)"),
    ("unknown-table", setv(("scoring", "ratio"), 0.5), "scoring.ratio", None),
    ("unknown-nested", setv(("progress", "actual", "listen.reviews", "paused"), True), 'progress.actual."listen.reviews".paused', None),
    # missing required keys
    ("missing-title", delete(("title",)), "title", "title: required key is missing"),
    ("missing-language", delete(("language",)), "language", "language: required key is missing"),
    ("missing-review-text", delete(("reviews", 1, "text")), "reviews[1].text", "reviews[1].text: required key is missing"),
    ("missing-review-polarity", delete(("reviews", 1, "polarity")), "reviews[1].polarity", None),
    ("missing-participant-name", delete(("participants", 2, "name")), "participants[2].name", None),
    ("missing-item-points", delete(("items", 1, "points")), "items[1].points", None),
    ("missing-case-name", delete(("cases", 1, "name")), "cases[1].name", None),
    ("missing-meeting-start", delete(("meetings", 0, "start")), "meetings[0].start", None),
    ("missing-todo-text", delete(("todos", 0, "text")), "todos[0].text", None),
    # other ranges and orders
    ("duration-negative", setv(("timer", "duration_s"), -5), "timer.duration_s", None),
    ("meeting-minutes", setv(("meetings", 0, "duration_min"), 0), "meetings[0].duration_min", None),
    ("until-before-start", setv(("meetings", 0, "weekly_until"), date(2026, 12, 16)), "meetings[0].weekly_until", None),
    ("day2-before-day1", setv(("day2_date",), date(2026, 12, 1)), "day2_date", None),
    ("decided-without-winner", setv(("invent", "winner"), ""), "invent.decided_by", None),
    ("list-is-a-table", both(setv(("groups",), {"g1": "Booking"}), setv(("reviews", 0, "group"), ""), setv(("posts", 0, "refs"), ["r1"])), "groups", None),
]


@pytest.mark.parametrize(("mutate", "path", "line"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_rule(tmp_path: Path, mutate: Callable[[dict[str, Any]], None], path: str, line: str | None) -> None:
    data = broken(mutate)
    file = write(tmp_path, data)
    lines, problems = refused(file)
    paths = [p.path for p in problems]
    assert paths == [path], [p.render(lambda k, **kw: k) for p in problems]
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"{path}: ")
    if line is not None:
        assert lines[0] == line
    # the pure function agrees with the store
    assert [p.path for p in validate(data)[1]] == [path]


def test_customer_ref_and_empty_optional_refs_are_fine(tmp_path: Path) -> None:
    data = broken(setv(("posts", 0, "refs"), ["customer"]))
    data["reviews"][0]["group"] = ""
    data["items"][0]["owner"] = ""
    data["cases"][0]["presenter"] = ""
    data["todos"][0]["milestone"] = ""
    data["invent"] = {}
    assert validate(data)[1] == []
    assert run_check(write(tmp_path, data))[:2] == (0, ["OK"])


def test_a_short_hand_written_file_is_valid(tmp_path: Path) -> None:
    path = write(tmp_path, 'format = "mlew-session"\nschema_version = 1\ntitle = "T"\nlanguage = "ja"\n')
    session = store.load(path)
    assert session.participants == [] and session.scoring.partial_ratio == 0.6
    assert run_check(path)[:2] == (0, ["OK"])


def test_cell_may_equal_points_and_halves_are_fine() -> None:
    data = broken(
        setv(
            ("scores", "ito"),
            {
                "c2": {
                    "i1": 0,
                    "i2": 3,
                }
            },
        )
    )
    data["scores"]["sato"]["c1"]["i1"] = 4.5
    assert validate(data)[1] == []


def test_all_problems_at_once(tmp_path: Path) -> None:
    """Five different problems in one file: five lines, each naming its path."""
    data = broken(setv(("colour",), "blue"))
    data["participants"][1]["role"] = "boss"
    data["reviews"][1]["author"] = "nobody"
    data["scores"]["sato"]["c1"]["i1"] = 7
    data["meetings"][0]["start"] = datetime(2026, 12, 17, 10)
    file = write(tmp_path, data)
    lines, problems = refused(file)
    expected = {"colour", "participants[1].role", "reviews[1].author", "scores.sato.c1.i1", "meetings[0].start"}
    assert {p.path for p in problems} == expected and len(problems) == 5
    header, *body = lines
    assert "5" in header and str(file) in header
    assert len(body) == 5
    assert {line.split(": ", 1)[0] for line in body} == expected


def test_structure_and_references_both_run(tmp_path: Path) -> None:
    """A type error in one review does not hide a dangling author in another."""
    data = broken(setv(("reviews", 0, "polarity"), 1))
    data["reviews"][1]["author"] = "nobody"
    assert [p.path for p in validate(data)[1]] == ["reviews[0].polarity", "reviews[1].author"]


# -- problems found before the rules run -------------------------------------------------


def test_toml_syntax_error_names_line_and_column(tmp_path: Path) -> None:
    file = write(tmp_path, 'format = "mlew-session"\nschema_version = 1\ntitle = "x\nlanguage = "en"\n')
    lines, problems = refused(file)
    assert problems[0].key == "store.toml_syntax"
    assert (problems[0].params["line"], problems[0].params["column"]) == (3, 11)
    assert lines[0].startswith("line 3, column 11: ")


def test_toml_syntax_error_in_japanese_file_is_reported(tmp_path: Path) -> None:
    file = write(tmp_path, BASE_TOML.replace('language = "en"', 'language = "ja"') + "\n[[reviews]\n")
    lines, problems = refused(file)
    assert problems[0].key == "store.toml_syntax"
    assert problems[0].params["line"] == BASE_TOML.count("\n") + 2


def test_duplicate_table_is_a_syntax_error(tmp_path: Path) -> None:
    file = write(tmp_path, BASE_TOML + "\n[scoring]\npartial_ratio = 0.5\n")
    _, problems = refused(file)
    assert problems[0].key == "store.toml_syntax"


def test_wrong_format_refused(tmp_path: Path) -> None:
    file = write(tmp_path, BASE_TOML.replace('format = "mlew-session"', 'format = "other-tool"'))
    lines, problems = refused(file)
    assert problems[0].key == "store.not_a_session"
    assert "other-tool" in lines[0] and "mlew-session" in lines[0]


def test_pyproject_is_not_a_session(tmp_path: Path) -> None:
    file = write(tmp_path, '[project]\nname = "x"\n', "pyproject.toml")
    lines, _ = refused(file)
    assert len(lines) == 1 and "format" in lines[0]


@pytest.mark.parametrize("key", ["format", "schema_version"])
def test_missing_format_or_schema_version(tmp_path: Path, key: str) -> None:
    text = "".join(line for line in BASE_TOML.splitlines(keepends=True) if not line.startswith(f"{key} ="))
    lines, problems = refused(write(tmp_path, text))
    assert [p.path for p in problems] == [key]
    assert lines == [f"{key}: required key is missing"]


@pytest.mark.parametrize("value", ['"1"', "1.0", "true", "-1"])
def test_bad_schema_version(tmp_path: Path, value: str) -> None:
    lines, problems = refused(write(tmp_path, BASE_TOML.replace("schema_version = 1", f"schema_version = {value}")))
    assert problems[0].key == "store.bad_schema_version"
    assert "schema_version" in lines[0]


def test_newer_schema_version_refused_clearly(tmp_path: Path) -> None:
    lines, problems = refused(write(tmp_path, BASE_TOML.replace("schema_version = 1", "schema_version = 2")))
    assert problems[0].key == "store.newer_schema"
    assert lines == ["schema_version 2 is newer than this mlew understands (1); update mlew to open it"]


def test_old_version_without_migration_refused(tmp_path: Path) -> None:
    _, problems = refused(write(tmp_path, BASE_TOML.replace("schema_version = 1", "schema_version = 0")))
    assert problems[0].key == "store.no_migration"


def test_migration_hook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A version-0 file (that called ``language`` ``lang``) is upgraded on load;
    loading never rewrites the file."""

    def v0_to_v1(data: dict[str, Any]) -> dict[str, Any]:
        data = dict(data)
        data["language"] = data.pop("lang")
        data["schema_version"] = 1
        return data

    monkeypatch.setattr(store, "MIGRATIONS", {0: v0_to_v1})
    text = BASE_TOML.replace("schema_version = 1", "schema_version = 0").replace('language = "en"', 'lang = "ja"')
    file = write(tmp_path, text)
    before = file.read_bytes()
    session = store.load(file)
    assert session.schema_version == 1 and session.language == "ja"
    assert session.reviews[0].text == "Lessons are hard to book"
    assert file.read_bytes() == before
    code, lines, _ = run_check(file)
    assert (code, lines) == (0, ["OK"])
    assert file.read_bytes() == before


def test_utf8_bom_is_tolerated(tmp_path: Path) -> None:
    file = write(tmp_path, b"\xef\xbb\xbf" + BASE_TOML.replace('title = "Base"', 'title = "佐藤の会"').encode())
    before = file.read_bytes()
    assert store.load(file).title == "佐藤の会"
    assert run_check(file)[:2] == (0, ["OK"])
    assert file.read_bytes() == before


def test_bom_file_with_problems_reports_them(tmp_path: Path) -> None:
    file = write(tmp_path, b"\xef\xbb\xbf" + BASE_TOML.replace('role = "pm"', 'role = "boss"').encode())
    lines, _ = refused(file)
    assert lines[0].startswith("participants[0].role: ")


@pytest.mark.parametrize("raw", [b"\xff\xfe", b"\x80", "é".encode("latin-1"), "佐藤".encode("shift_jis")])
def test_non_utf8_refused_cleanly(tmp_path: Path, raw: bytes) -> None:
    text = BASE_TOML.replace('title = "Base"', 'title = "@@"')
    file = write(tmp_path, text.encode().replace(b"@@", raw))
    lines, problems = refused(file)
    assert problems[0].key == "store.not_utf8"
    assert lines == [f"the file is not UTF-8 text (byte {text.encode().index(b'@@')})"]


def test_utf16_file_refused_cleanly(tmp_path: Path) -> None:
    file = write(tmp_path, BASE_TOML.encode("utf-16"))
    lines, problems = refused(file)
    assert problems[0].key == "store.not_utf8"


# -- the pieces --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("loc", "text"),
    [
        (("scores", "sato", "c1", "i1"), "scores.sato.c1.i1"),
        (("reviews", 3, "author"), "reviews[3].author"),
        (("posts", 0, "refs", 2), "posts[0].refs[2]"),
        (("progress", "actual", "listen.reviews", "ended_at"), 'progress.actual."listen.reviews".ended_at'),
        (("a b", 'q"uote', "back\\slash"), '"a b"."q\\"uote"."back\\\\slash"'),
        (("佐藤",), '"佐藤"'),
    ],
)
def test_toml_path(loc: tuple[str | int, ...], text: str) -> None:
    assert toml_path(loc) == text


def test_toml_path_round_trips_through_tomllib() -> None:
    """A quoted path segment is a TOML key that means the original string."""
    path = toml_path(("a b", 'q"uote', "back\\slash"))
    assert tomllib.loads(f"{path} = 1") == {"a b": {'q"uote': {"back\\slash": 1}}}


def test_messages_follow_the_file_language(tmp_path: Path) -> None:
    text = BASE_TOML.replace('language = "en"', 'language = "ja"').replace("i1 = 5", "i1 = 7")
    file = write(tmp_path, text)
    lines, problems = refused(file)
    assert len(lines) == 1 and lines[0].startswith("scores.sato.c1.i1: ")
    assert lines[0] != "scores.sato.c1.i1: 7 is more than item i1's 5 points"
    assert "7" in lines[0] and "i1" in lines[0]


def test_quoted_keys_keep_their_brackets(tmp_path: Path) -> None:
    """A key that looks like pydantic's loc markers still names its own path."""
    data = broken(setv(("votes", "a[1]"), 5))
    lines, problems = refused(write(tmp_path, data))
    assert [p.path for p in problems] == ['votes."a[1]"', 'votes."a[1]"']
    assert lines[1].startswith('votes."a[1]": 5 has the wrong type')


def test_value_shown_as_toml_not_python(tmp_path: Path) -> None:
    data = broken(setv(("items", 0, "points"), True))
    data["prerequisites"] = {"day2_booked": "yes"}
    data["milestones"][0]["due"] = datetime(2027, 1, 31, 9, 30, tzinfo=JST)
    _, problems = refused(write(tmp_path, data))
    values = {p.path: p.params.get("value") for p in problems}
    assert values == {"items[0].points": "true", "prerequisites.day2_booked": "'yes'", "milestones[0].due": "2027-01-31T09:30:00+09:00"}
