"""One validation for every command (issue #18, item 4), as a property: a
valid session mutated anywhere - a value of another type, a value past its
bound, a value wrapped in nesting, an oversized text or list, a key added or
taken away - is either refused by ``mlew check`` (``store.load`` raises
``StoreError`` with one-line problems in both languages) or goes through
``report --json`` and every export without an error. The real CLI is driven
on a few of the generated files: exit 0 or 1, never a traceback.

The fast run keeps the example counts small; ``pytest -m slow`` runs many more.
"""

from __future__ import annotations

import copy
import json
import tempfile
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from mlew_tui import store
from mlew_tui._toml import loads
from mlew_tui.cli import app
from mlew_tui.export.files import FORMATS, render
from mlew_tui.i18n import LANGUAGES, Translator
from mlew_tui.report import report_data
from mlew_tui.samples import samples_folder
from mlew_tui.store import StoreError

SAMPLES = {path.name: loads(path.read_text(encoding="utf-8")) for path in sorted(samples_folder().glob("*.toml"))}
FAST = settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
SLOW = settings(max_examples=600, deadline=None, suppress_health_check=list(HealthCheck))

# -- values -----------------------------------------------------------------------

offsets = st.integers(-(23 * 60 + 59), 23 * 60 + 59).map(lambda m: timezone(timedelta(minutes=m)))
#: Numbers at and past the bounds (minutes, seconds, counts, revisions) and of every size TOML holds.
edge_ints = st.sampled_from([-(2**63), -86401, -1, 0, 1, 5, 100, 101, 1440, 1441, 86400, 86401, 10**6, 10**6 + 1, 2**31, 2**63 - 1])
edge_floats = st.sampled_from([float("nan"), float("inf"), float("-inf"), -0.0, 0.5, 1e-300, 1e300, -86400.5, 31622400.5])
edge_dates = st.sampled_from([date(1, 1, 1), date(1999, 12, 31), date(2000, 1, 1), date(2100, 12, 31), date(2101, 1, 1), date(9999, 12, 31)])
edge_datetimes = st.sampled_from(
    [
        datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=23, minutes=59))),
        datetime(1999, 12, 31, 23, 59, tzinfo=UTC),
        datetime(2000, 1, 1, tzinfo=timezone(-timedelta(hours=23, minutes=59))),
        datetime(2100, 12, 31, 23, 59, tzinfo=timezone(timedelta(hours=23, minutes=59))),
        datetime(9999, 12, 31, 23, 59, 59, tzinfo=timezone(-timedelta(hours=23, minutes=59))),
        datetime(2026, 12, 3, 10, 0),  # no offset
    ]
)
scalars = st.one_of(
    st.booleans(),
    st.integers(-(2**63), 2**63 - 1),
    edge_ints,
    st.floats(),
    edge_floats,
    st.text(max_size=12),
    st.sampled_from(["", "customer", "c1", "r1", "sato", "maria", "=1+1", "\x1b[31m", "\u202e", "listen.reviews"]),
    st.dates(),
    edge_dates,
    st.datetimes(timezones=offsets),
    edge_datetimes,
    st.times(),
)
toml_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3), max_leaves=8)


def _paths(data: Any, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """Every key and list entry of the data, tables and lists included."""
    out: list[tuple[str | int, ...]] = [path] if path else []
    if isinstance(data, dict):
        for key, value in data.items():
            out += _paths(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            out += _paths(value, (*path, index))
    return out


def _get(data: Any, path: tuple[str | int, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


def _oversized(value: Any, size: int) -> Any:
    """``value`` made ``size`` long: a text repeated, a list's entries repeated."""
    if isinstance(value, str):
        return ((value or "x") * size)[:size]
    if isinstance(value, list):
        return [copy.deepcopy(value[i % len(value)]) for i in range(size)] if value else ["x"] * size
    if isinstance(value, dict):
        return {**value, **{f"k{i}": copy.deepcopy(next(iter(value.values()), 1)) for i in range(size)}}
    return value


HOSTILE = ['=HYPERLINK("http://x")', "+1", "-1", "@SUM(A1)", "\t=1", "<script>alert(1)</script>", "javascript:alert(1)", "\x1b[31m", "\u202e", "\x85", "[x](y)"]
FAR_EAST = timezone(timedelta(hours=23, minutes=59))
FAR_WEST = timezone(-timedelta(hours=23, minutes=59))


def _at_the_edge(value: Any, draw: st.DrawFn) -> Any:
    """``value`` replaced by one of its own type at the edge of the bounds (a
    file that should still load, when the key allows that type at all)."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return draw(st.sampled_from([0, 1, 3, 5, 60, 1440, 86400, 1_000_000]))
    if isinstance(value, float):
        return draw(st.sampled_from([0.0, 0.5, 0.999, 86400.0, -86400.0, 31622400.0]))
    if isinstance(value, datetime):
        return draw(st.sampled_from([datetime(2000, 1, 1, tzinfo=FAR_WEST), datetime(2100, 12, 31, 23, 59, 59, tzinfo=FAR_EAST)]))
    if isinstance(value, date):
        return draw(st.sampled_from([date(2000, 1, 1), date(2100, 12, 31)]))
    if isinstance(value, str):
        hostile = draw(st.sampled_from(HOSTILE))
        return draw(st.sampled_from([hostile + value, (value + hostile * 100)[:100], (hostile + value * 4000)[:4000]]))
    if isinstance(value, list) and value:
        return [copy.deepcopy(value[i % len(value)]) for i in range(draw(st.integers(len(value), 3 * len(value))))]
    return value


def _nested(value: Any, depth: int, table: bool) -> Any:
    for _ in range(depth):
        value = {"n": value} if table else [value]
    return value


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, dict[str, Any], str]:
    """(sample name, mutated data, a TOML tail appended to the written file)."""
    name = draw(st.sampled_from(sorted(SAMPLES)))
    data = copy.deepcopy(SAMPLES[name])
    tail = ""
    for _ in range(draw(st.sampled_from([1, 1, 1, 2, 3]))):
        paths = _paths(data)
        path = draw(st.sampled_from(paths))
        parent = _get(data, path[:-1])
        action = draw(st.sampled_from(["edge_within"] * 10 + ["type", "edge", "nest", "oversize", "delete", "add_key", "deep_tail"]))
        if action == "edge_within":
            parent[path[-1]] = _at_the_edge(parent[path[-1]], draw)
        elif action == "type":
            parent[path[-1]] = draw(toml_values)
        elif action == "edge":
            parent[path[-1]] = draw(st.one_of(edge_ints, edge_floats, edge_dates, edge_datetimes))
        elif action == "nest":
            parent[path[-1]] = _nested(parent[path[-1]], draw(st.integers(1, 40)), draw(st.booleans()))
        elif action == "oversize":
            parent[path[-1]] = _oversized(parent[path[-1]], draw(st.sampled_from([6, 51, 101, 1001, 4001, 10_001])))
        elif action == "delete" and isinstance(parent, dict):
            del parent[path[-1]]
        elif action == "add_key":
            target = parent if isinstance(parent, dict) else data
            target[draw(st.text(min_size=1, max_size=8))] = draw(toml_values)
        elif action == "deep_tail":  # nesting deeper than any writer would produce, as text
            depth, table = draw(st.sampled_from([33, 401, 10_000])), draw(st.booleans())
            tail = "zz = " + ("{a = " * depth + "1" + "}" * depth if table else "[" * depth + "]" * depth) + "\n"
    return name, data, tail


def _write(folder: Path, data: dict[str, Any], tail: str) -> Path | None:
    try:
        text = tomli_w.dumps(data)
    except (TypeError, ValueError, RecursionError):  # a value TOML cannot hold (an aware time ...)
        return None
    path = folder / "mutated.toml"
    # The tail goes before the first table so that it stays a top-level key.
    head, sep, rest = text.partition("\n[")
    path.write_text(head + "\n" + tail + sep + rest if tail else text, encoding="utf-8")
    return path


def _all_commands_agree(path: Path) -> None:
    """check refuses it (with one-line problems, in both languages), or
    report --json and every export succeed on it."""
    try:
        session = store.load(path)
    except StoreError as error:
        event("refused")
        assert error.problems
        for lang in LANGUAGES:
            for problem in error.problems:
                line = problem.render(Translator(lang))
                assert "\n" not in line and len(line) < 400, line
        return
    event("loaded")
    json.dumps(report_data(session), ensure_ascii=False)
    for fmt in FORMATS:
        assert render(session, fmt)


def _run(data: tuple[str, dict[str, Any], str]) -> None:
    _, mutated_data, tail = data
    with tempfile.TemporaryDirectory() as folder:
        path = _write(Path(folder), mutated_data, tail)
        assume(path is not None)
        assert path is not None
        _all_commands_agree(path)


@FAST
@given(mutated())
def test_a_mutated_session_is_refused_or_runs_everywhere(data: tuple[str, dict[str, Any], str]) -> None:
    _run(data)


@pytest.mark.slow
@SLOW
@given(mutated())
def test_a_mutated_session_is_refused_or_runs_everywhere_long(data: tuple[str, dict[str, Any], str]) -> None:
    _run(data)


runner = CliRunner()


@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
@given(mutated())
def test_the_cli_on_mutated_sessions_exits_0_or_1_without_a_traceback(data: tuple[str, dict[str, Any], str]) -> None:
    _, mutated_data, tail = data
    with tempfile.TemporaryDirectory() as folder:
        path = _write(Path(folder), mutated_data, tail)
        assume(path is not None)
        assert path is not None
        commands = [["check", str(path)], ["report", "--json", str(path)], ["report", str(path)]]
        commands += [["export", str(path), "--format", fmt, "-o", str(Path(folder) / f"out.{fmt}")] for fmt in FORMATS]
        codes = []
        for command in commands:
            result = runner.invoke(app, command)
            assert "Traceback" not in result.output, (command, result.output[-2000:])
            assert result.exception is None or isinstance(result.exception, SystemExit), (command, repr(result.exception))
            assert result.exit_code in (0, 1), (command, result.exit_code, result.output[-2000:])
            codes.append(result.exit_code)
        # one validation: every command accepts the file, or every command refuses it
        assert len(set(codes)) == 1, (codes, result.output[-2000:])


def test_a_local_time_where_a_date_belongs_is_refused(tmp_path: Path) -> None:
    data = copy.deepcopy(SAMPLES["en_ec_recommendations.toml"])
    data["workshop_date"] = time(10, 0)
    path = _write(tmp_path, data, "")
    assert path is not None
    with pytest.raises(StoreError) as caught:
        store.load(path)
    assert [p.render(Translator("en")) for p in caught.value.problems] == ["workshop_date: 10:00:00 has the wrong type (expected: date)"]
