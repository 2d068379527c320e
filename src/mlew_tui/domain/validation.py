"""Every rule of the session file, reported all at once as ``<toml path>: <message>``.

Two passes, both always run:

1. *structure* - pydantic's errors (types, enums, ranges of one value) turned
   into :class:`Problem` s;
2. *references* - ids unique within their list and every reference resolving,
   checked on the plain TOML data (so they run even when pass 1 failed, and a
   file with a typo in one review still has its dangling authors reported).

Messages are i18n keys with parameters (catalog ``validation.*``) so that
``mlew check`` speaks the session's language.
"""

from __future__ import annotations

import re
import reprlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any, get_args, get_origin

from pydantic import ValidationError

from .agenda import STEP_IDS
from .formats import number
from .session import CUSTOMER_REF, ITEM_POINTS, MEETING_ID_PATTERN, REVIEWS_MAX, SLUG_PATTERN, TEXT_MAX, TOUCHED, Session

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
#: What a quoted TOML key must escape: the quote, the backslash and control characters.
_KEY_ESCAPES = re.compile(r'["\\\x00-\x1f\x7f]')
_SHORT_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def _quoted(key: str) -> str:
    """``key`` as a TOML basic string (``"listen.reviews"``, ``"a\\nb"``)."""
    return '"' + _KEY_ESCAPES.sub(lambda m: _SHORT_ESCAPES.get(m.group(), f"\\u{ord(m.group()):04X}"), key) + '"'


#: Lists whose entries carry an ``id`` unique within the list.
ID_LISTS = ("participants", "reviews", "groups", "posts", "items", "cases", "milestones", "todos", "meetings")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a session: where (a TOML path) and what (i18n key)."""

    path: str
    key: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def render(self, tr: Any) -> str:
        """``path: message`` with ``tr`` a translator (``tr(key, **params)``);
        always one line (a line break from the file is shown as ``\\n``)."""
        text = f"{self.path}: {tr(self.key, **self.params)}" if self.path else tr(self.key, **self.params)
        return text.replace("\r", "\\r").replace("\n", "\\n")


def toml_path(loc: Sequence[str | int]) -> str:
    """``("scores", "sato", "c1")`` -> ``scores.sato.c1``; list indexes in brackets;
    keys that are not bare TOML keys are quoted (``progress.actual."listen.reviews"``)."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            if len(part) > QUOTE_MAX:  # a key the size of a book: its start says which
                part = part[: QUOTE_MAX - 3] + "..."
            text = part if _BARE_KEY.match(part) else _quoted(part)
            out += f".{text}" if out else text
    return out


# -- pass 1: structure --------------------------------------------------------

_TYPE_NAMES = {
    "string_type": "string",
    "int_type": "integer",
    "int_parsing": "integer",
    "float_type": "number",
    "bool_type": "boolean",
    "date_type": "date",
    "datetime_type": "datetime",
    "list_type": "array",
    "dict_type": "table",
    "model_type": "table",
    "model_attributes_type": "table",
}


#: Values in messages: a few levels, a few entries, short strings - whatever the
#: file holds (a 3 MB text, a list nested 30 deep), its line stays short.
_SHORT = reprlib.Repr()
_SHORT.maxlevel = _SHORT.maxdict = _SHORT.maxlist = 3
_SHORT.maxstring = _SHORT.maxother = _SHORT.maxlong = 40
#: Characters of a string a message quotes.
QUOTE_MAX = 60


def _describe(value: Any) -> str:
    """The value as it looks in the file (``true``, ``2026-12-03T10:00:00``), not as Python."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value != value:
        return "nan"
    if isinstance(value, float) and value in (float("inf"), float("-inf")):
        return "inf" if value > 0 else "-inf"
    if isinstance(value, str):
        # the quoted form is what counts: an invisible character is quoted as \u202e (six characters)
        text = repr(value[: QUOTE_MAX + 1])
        return text if len(value) <= QUOTE_MAX and len(text) <= QUOTE_MAX + 2 else text[: QUOTE_MAX - 2] + "..." + text[0]
    text = value.isoformat() if isinstance(value, (date, time)) else _SHORT.repr(value)
    return text if len(text) <= QUOTE_MAX else text[: QUOTE_MAX - 3] + "..."


#: For the store's messages about the file's header (its ``format`` ...).
describe = _describe


def _count(value: Any) -> str:
    """A count as the messages write it: ``10,001``."""
    if isinstance(value, float):
        value = number(value)
    return f"{value:,}" if isinstance(value, int) else str(value)


def structure_problems(error: ValidationError) -> list[Problem]:
    """Pydantic's errors as problems, one per error, in file order."""
    problems: list[Problem] = []
    for err in error.errors(include_url=False):
        # Tagged-union and function validators add loc parts that are not keys.
        # (they start with "[" or "function-"; a user's key like "a[1]" stays in the path).
        loc = [p for p in err["loc"] if not (isinstance(p, str) and p.startswith(("[", "function-")))]
        path = toml_path(loc)
        kind = err["type"]
        value = err.get("input")
        ctx = err.get("ctx") or {}
        if kind == "missing":
            problems.append(Problem(path, "validation.missing"))
        elif kind == "extra_forbidden":
            problems.append(Problem(path, "validation.unknown_key"))
        elif kind == "literal_error":
            problems.append(Problem(path, "validation.enum", {"value": _describe(value), "expected": ctx.get("expected", "")}))
        elif kind == "timezone_aware":
            problems.append(Problem(path, "validation.needs_offset", {"value": _describe(value)}))
        elif kind in _TYPE_NAMES:
            problems.append(Problem(path, "validation.type", {"value": _describe(value), "expected": _TYPE_NAMES[kind]}))
        elif kind == "string_pattern_mismatch" and ctx.get("pattern") in (SLUG_PATTERN, MEETING_ID_PATTERN):
            problems.append(Problem(path, "validation.slug", {"value": _describe(value)}))
        elif kind == "string_too_long":
            length = len(value) if isinstance(value, str) else "?"
            problems.append(Problem(path, "bounds.text_too_long", {"length": _count(length), "limit": _count(ctx.get("max_length"))}))
        elif kind == "too_long":
            count = ctx.get("actual_length") or (len(value) if hasattr(value, "__len__") else "?")
            problems.append(Problem(path, "bounds.too_many", {"count": _count(count), "limit": _count(ctx.get("max_length"))}))
        elif kind == "date_range":
            problems.append(Problem(path, "bounds.date_range", {"value": _describe(value), "min": ctx.get("min", ""), "max": ctx.get("max", "")}))
        elif kind == "finite_number":
            problems.append(Problem(path, "bounds.not_finite", {"value": _describe(value)}))
        elif kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal", "multiple_of"):
            limit = next(iter(ctx.values()), "")
            problems.append(Problem(path, f"validation.{kind}", {"value": _describe(value), "limit": _count(limit)}))
        elif kind == "value_error" and "unknown time zone" in err["msg"]:
            problems.append(Problem(path, "validation.time_zone", {"value": _describe(value)}))
        elif kind == "value_error" and "points must be" in err["msg"]:
            problems.append(Problem(path, "validation.points", {"value": _describe(value)}))
        else:
            problems.append(Problem(path, "validation.other", {"detail": err["msg"]}))
    return problems


# -- pass 2: references -------------------------------------------------------


def _entries(data: Mapping[str, Any], name: str) -> Iterator[tuple[int, Mapping[str, Any]]]:
    value = data.get(name)
    if isinstance(value, list):
        for index, entry in enumerate(value):
            if isinstance(entry, Mapping):
                yield index, entry


def _table(data: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    value = data.get(name)
    return value if isinstance(value, Mapping) else {}


def _ids(data: Mapping[str, Any], name: str) -> set[str]:
    return {e["id"] for _, e in _entries(data, name) if isinstance(e.get("id"), str)}


class _Checker:
    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data
        self.problems: list[Problem] = []
        self.ids = {name: _ids(data, name) for name in ID_LISTS}

    def add(self, loc: Sequence[str | int], key: str, **params: Any) -> None:
        short = {k: v[: QUOTE_MAX - 3] + "..." if isinstance(v, str) and len(v) > QUOTE_MAX else v for k, v in params.items()}
        self.problems.append(Problem(toml_path(loc), key, short))

    def ref(self, loc: Sequence[str | int], value: Any, kind: str, *, optional: bool = True) -> None:
        """``value`` must be an id of list ``kind`` ("" allowed when optional)."""
        if not isinstance(value, str) or (optional and value == ""):
            return
        if value not in self.ids[kind]:
            self.add(loc, f"validation.unknown.{kind}", value=value)

    def run(self) -> list[Problem]:
        self.unique_ids()
        self.progress()
        self.listen_define()
        self.invent()
        self.refine()
        self.plan()
        return self.problems

    def unique_ids(self) -> None:
        for name in ID_LISTS:
            seen: set[str] = set()
            for index, entry in _entries(self.data, name):
                ident = entry.get("id")
                if not isinstance(ident, str) or not ident:  # a meeting without an id gets one on load
                    continue
                if ident in seen:
                    self.add([name, index, "id"], "validation.duplicate_id", value=ident)
                seen.add(ident)
        # Posts refer to reviews and groups in one list, so the two must not collide.
        for index, entry in _entries(self.data, "groups"):
            if isinstance(entry.get("id"), str) and entry["id"] in self.ids["reviews"]:
                self.add(["groups", index, "id"], "validation.group_id_is_review", value=entry.get("id"))
        for index, entry in _entries(self.data, "reviews"):
            if entry.get("id") == CUSTOMER_REF:
                self.add(["reviews", index, "id"], "validation.reserved_id", value=CUSTOMER_REF)

    def progress(self) -> None:
        progress = _table(self.data, "progress")
        for loc, value in ((["progress", "step"], progress.get("step")), (["timer", "step"], _table(self.data, "timer").get("step"))):
            if isinstance(value, str) and value and value not in STEP_IDS:
                self.add(loc, "validation.unknown.step", value=value)
        for step in _table(progress, "actual"):
            if step not in STEP_IDS:
                self.add(["progress", "actual", step], "validation.unknown.step", value=step)
        self.ref(["progress", "turn"], progress.get("turn"), "participants")

    def listen_define(self) -> None:
        for i, review in _entries(self.data, "reviews"):
            self.ref(["reviews", i, "author"], review.get("author"), "participants", optional=False)
            self.ref(["reviews", i, "group"], review.get("group"), "groups")
        targets = self.ids["reviews"] | self.ids["groups"] | {CUSTOMER_REF}
        for i, post in _entries(self.data, "posts"):
            self.ref(["posts", i, "author"], post.get("author"), "participants", optional=False)
            refs = post.get("refs")
            for j, ref in enumerate(refs if isinstance(refs, list) else []):
                if isinstance(ref, str) and ref not in targets:
                    self.add(["posts", i, "refs", j], "validation.unknown.post_ref", value=ref)
        for i, item in _entries(self.data, "items"):
            self.ref(["items", i, "owner"], item.get("owner"), "participants")
            reviews = item.get("reviews")
            for j, rid in enumerate(reviews if isinstance(reviews, list) else []):
                self.ref(["items", i, "reviews", j], rid, "reviews", optional=False)

    def invent(self) -> None:
        for i, case in _entries(self.data, "cases"):
            self.ref(["cases", i, "presenter"], case.get("presenter"), "participants")
        points = {
            e["id"]: e["points"]
            for _, e in _entries(self.data, "items")
            # an item with invalid points is reported once, not again for every cell
            if isinstance(e.get("id"), str) and type(e.get("points")) is int and e["points"] in ITEM_POINTS
        }
        for person, by_case in _table(self.data, "scores").items():
            self.ref(["scores", person], person, "participants", optional=False)
            for case, cells in (by_case if isinstance(by_case, Mapping) else {}).items():
                self.ref(["scores", person, case], case, "cases", optional=False)
                for item, value in (cells if isinstance(cells, Mapping) else {}).items():
                    loc = ["scores", person, case, item]
                    self.ref(loc, item, "items", optional=False)
                    if item in points and isinstance(value, (int, float)) and not isinstance(value, bool) and value > points[item]:
                        self.add(loc, "validation.cell_above_points", value=number(value), item=item, points=points[item])
        for person, case in _table(self.data, "votes").items():
            self.ref(["votes", person], person, "participants", optional=False)
            self.ref(["votes", person], case, "cases", optional=False)
        invent = _table(self.data, "invent")
        self.ref(["invent", "winner"], invent.get("winner"), "cases")
        if invent.get("decided_by") and not invent.get("winner"):
            self.add(["invent", "decided_by"], "validation.decided_without_winner")
        timer = _table(self.data, "timer")
        cycle = timer.get("cycle_cases")
        for j, cid in enumerate(cycle if isinstance(cycle, list) else []):
            self.ref(["timer", "cycle_cases", j], cid, "cases", optional=False)

    def refine(self) -> None:
        refine = _table(self.data, "refine")
        where: dict[str, str] = {}
        for role in ("planner", "sales", "developer"):
            members = refine.get(role)
            for j, pid in enumerate(members if isinstance(members, list) else []):
                self.ref(["refine", role, j], pid, "participants", optional=False)
                if isinstance(pid, str):
                    if pid in where:
                        self.add(["refine", role, j], "validation.two_roles", value=pid, other=where[pid])
                    where.setdefault(pid, role)

    def plan(self) -> None:
        for i, todo in _entries(self.data, "todos"):
            self.ref(["todos", i, "owner"], todo.get("owner"), "participants")
            self.ref(["todos", i, "milestone"], todo.get("milestone"), "milestones")
        for i, meeting in _entries(self.data, "meetings"):
            self.ref(["meetings", i, "milestone"], meeting.get("milestone"), "milestones")
            start, until = meeting.get("start"), meeting.get("weekly_until")
            if until is not None and start is not None and hasattr(start, "date") and hasattr(until, "isoformat"):
                try:
                    if until < start.date():
                        self.add(["meetings", i, "weekly_until"], "validation.until_before_start")
                except TypeError:
                    pass
        day1, day2 = self.data.get("workshop_date"), self.data.get("day2_date")
        try:
            if day1 is not None and day2 is not None and day2 < day1:
                self.add(["day2_date"], "validation.day2_before_day1")
        except TypeError:
            pass


def reference_problems(data: Mapping[str, Any]) -> list[Problem]:
    """Duplicate ids and dangling references in plain TOML data; the frozen
    Day 1 (``[day1]``) is checked the same way, within itself."""
    problems = _Checker(data).run()
    day1 = data.get("day1")
    if isinstance(day1, Mapping):
        problems += [Problem(f"day1.{p.path}", p.key, p.params) for p in _Checker(day1).run()]
    return problems


def validate(data: Mapping[str, Any]) -> tuple[Session | None, list[Problem]]:
    """Both passes: the session (``None`` when structure failed) and every problem."""
    session: Session | None = None
    problems: list[Problem] = []
    try:
        session = Session.model_validate(data)
    except ValidationError as error:
        problems.extend(structure_problems(error))
    problems.extend(reference_problems(data))
    if problems:
        session = None
    return session, problems


def check(session: Session) -> list[Problem]:
    """Every problem of an in-memory session (after edits in the app)."""
    return validate(session.to_toml_dict())[1]


def text_too_long(text: str, limit: int = TEXT_MAX) -> Problem | None:
    """A text a form is about to send, when the file could not hold it (the
    form keeps it open with this message rather than lose it to a refusal)."""
    if len(text) <= limit:
        return None
    return Problem("", "bounds.text_too_long", {"length": _count(len(text)), "limit": _count(limit)})


class OutOfBounds(ValueError):
    """A command would take the session past a bound of the file (a text
    too long, a list too long, a date out of range): nothing changed."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(f"{p.path}: {p.key}" for p in problems))
        self.problems = problems

    def render(self, tr: Any) -> str:
        """The first few problems, for a toast."""
        return "; ".join(p.render(tr) for p in self.problems[:3])


#: List tables of flat records (strings, numbers, dates and lists of ids): a
#: record is checked again only when one of its fields changed.
FLAT_LISTS = frozenset({"participants", "reviews", "groups", "posts", "items", "cases", "milestones", "todos"})
#: Records checked since they last changed: id -> (the record, its fields as checked).
_CHECKED: dict[int, tuple[Any, tuple[Any, ...], tuple[list[Any], ...]]] = {}
#: A model's fields that hold lists (changed in place, so copied to compare).
_LIST_FIELDS: dict[type, tuple[str, ...]] = {}
#: Each list table as it was last found within bounds: (the list, its records then).
_TABLES: dict[str, tuple[list[Any], tuple[Any, ...]]] = {}


def _holds_list(annotation: Any) -> bool:
    """``list[...]``, alone or in a union (``list[str] | None``)."""
    return annotation is list or get_origin(annotation) is list or any(_holds_list(arg) for arg in get_args(annotation))


def _lists_of(kind: Any) -> tuple[str, ...]:
    lists = _LIST_FIELDS.get(kind)
    if lists is None:
        lists = _LIST_FIELDS[kind] = tuple(name for name, info in kind.model_fields.items() if _holds_list(info.annotation))
    return lists


def _fields(record: Any) -> tuple[tuple[Any, ...], tuple[list[Any], ...]]:
    """A record's fields as they are now: its values (a field set anew is
    another object), and copies of its lists (a list changed in place shows)."""
    lists = _lists_of(type(record))
    values = record.__dict__
    return tuple(values.values()), tuple(list(values[key]) for key in lists) if lists else ()


def _limit(name: str) -> int | None:
    return next((m.max_length for m in Session.model_fields[name].metadata if hasattr(m, "max_length")), None)


def _list_problems(session: Session, name: str) -> list[Problem]:
    """The bounds of the list table ``name``: its length, and each record
    changed since it was last checked (adding one review to 300 checks one).

    When the table is the list last checked with records only added at its
    end, and its records hold no lists, the records to check are those added
    and those given a new value since (``session.TOUCHED``): no scan of the
    rest. Otherwise every record is compared with how it was checked."""
    records = getattr(session, name)
    problems: list[Problem] = []
    limit = _limit(name)
    if limit is not None and len(records) > limit:
        problems.append(Problem(name, "bounds.too_many", {"count": _count(len(records)), "limit": _count(limit)}))
    now = tuple(records)
    kind = type(now[0]) if now else None
    seen = _TABLES.get(name)
    mine = [record for record in TOUCHED.values() if type(record) is kind]
    where = {id(record): index for index, record in enumerate(now)} if mine else {}
    touched = [(where[id(record)], record) for record in mine if id(record) in where and now[where[id(record)]] is record]
    for _, record in touched:  # this table's; another session's stay for its own check
        del TOUCHED[id(record)]
    if kind is not None and seen is not None and seen[0] is records and now[: len(seen[1])] == seen[1] and not _lists_of(kind):
        problems += _record_problems(name, touched + list(enumerate(now[len(seen[1]) :], start=len(seen[1]))))
    else:
        changed = []
        for index, record in enumerate(now):
            values, lists = _fields(record)
            checked = _CHECKED.get(id(record))
            if checked is None or checked[0] is not record or checked[1] != values or checked[2] != lists:
                changed.append((index, record))
        problems += _record_problems(name, changed)
    if not problems:
        _TABLES[name] = (records, now)
    if len(_CHECKED) > 4 * REVIEWS_MAX:  # records long gone: forget them
        _CHECKED.clear()
    return problems


def _record_problems(name: str, records: list[tuple[int, Any]]) -> list[Problem]:
    """Each record's own bounds, by its path in the table ``name``."""
    problems: list[Problem] = []
    for index, record in records:
        try:
            type(record).model_validate(record.model_dump(mode="python", exclude_none=True))
        except ValidationError as error:
            for problem in structure_problems(error):
                path = f"{name}[{index}]" + (f".{problem.path}" if problem.path else "")
                problems.append(Problem(path, problem.key, problem.params))
            continue
        _CHECKED[id(record)] = (record, *_fields(record))
    return problems


def bounds_problems(session: Session, parts: Iterable[str]) -> list[Problem]:
    """The structure problems (bounds, types) of the tables ``parts`` of an
    in-memory session: what a command checks before it changes anything, so
    that the app never holds a session it could not save. References are
    left to :func:`check` (the commands keep them). List tables of flat
    records are checked record by record, only the records that changed."""
    names = {part for part in parts if part in Session.model_fields} - {"format", "schema_version"}
    if not names:
        return []
    problems: list[Problem] = []
    for name in sorted(names & FLAT_LISTS):
        problems += _list_problems(session, name)
    rest = names - FLAT_LISTS
    if not rest:
        return problems
    data = session.model_dump(mode="python", include=rest | {"format", "schema_version", "title", "language"}, exclude_none=True)
    try:
        Session.model_validate(data)
    except ValidationError as error:
        return problems + structure_problems(error)
    return problems
