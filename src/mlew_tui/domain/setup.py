"""Setting up a workshop in the app: the team, the product, the dates and the
five prerequisites - as undoable edits."""

from __future__ import annotations

import re
from collections.abc import MutableMapping, MutableSequence
from datetime import date
from typing import Any

from .history import Edit, combine, insert, move, remove, set_attrs
from .ids import slugify
from .session import MAX_DATE, MIN_DATE, REFINE_ROLES, ROLES, SLUG_PATTERN, Participant, Role, Session
from .zones import is_zone


class SetupError(ValueError):
    """A change that would break the session; ``key``/``params`` say why (i18n)."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def references_to(session: Session, pid: str) -> int:
    """How many things name participant ``pid`` (reviews, posts, items, cases,
    scores, votes, roles, todos, the turn)."""
    s = session
    count = sum(r.author == pid for r in s.reviews) + sum(p.author == pid for p in s.posts)
    count += sum(i.owner == pid for i in s.items) + sum(c.presenter == pid for c in s.cases)
    count += int(pid in s.scores) + int(pid in s.votes) + sum(t.owner == pid for t in s.todos)
    count += sum(pid in getattr(s.refine, role) for role in ("planner", "sales", "developer"))
    return count


def add_participant(session: Session, name: str, role: Role, pid: str = "") -> tuple[Edit, Participant]:
    """A new participant; their id is ``pid`` when given (checked as
    :func:`check_id` does), else made from the name (``鈴木 彩`` -> ``suzuki-aya``)."""
    name = name.strip()
    if not name:
        raise SetupError("setup.error.empty_name")
    if role not in ROLES:
        raise SetupError("setup.error.bad_role", role=role)
    taken = [p.id for p in session.participants]
    pid = check_id(session, pid) if pid.strip() else slugify(name, taken)
    person = Participant(id=pid, name=name, role=role)
    return insert("edit.add_participant", session.participants, person), person


def suggested_id(session: Session, name: str, person: Participant | None = None) -> str:
    """The id :func:`add_participant` would make from ``name`` (``person``'s
    own id does not count as taken)."""
    return slugify(name, (p.id for p in session.participants if p is not person)) if name.strip() else ""


_SLUG = re.compile(SLUG_PATTERN)


def check_id(session: Session, pid: str, person: Participant | None = None) -> str:
    """``pid`` stripped, if it can be ``person``'s id (a new person's when None):
    a slug (letters, digits, ``-`` and ``_``, at most 40) that no one else has,
    and not a new id for someone who was there on Day 1 once Day 1 is frozen."""
    pid = pid.strip()
    if not pid:
        raise SetupError("names.error.empty_id")
    if not _SLUG.match(pid):
        raise SetupError("names.error.bad_id", value=pid)
    other = session.participant(pid)
    if other is not None and other is not person:
        raise SetupError("names.error.id_taken", value=pid, name=other.name)
    if person is not None and pid != person.id and session.day1 is not None and any(p.id == person.id for p in session.day1.participants):
        # Day 2 is compared with Day 1 person by person, by id: a new id would make two people of one
        raise SetupError("names.error.day1_frozen", name=person.name, value=person.id)
    return pid


def _rename_key(mapping: MutableMapping[str, Any], old: str, new: str) -> Edit:
    """``mapping[old]`` moved to ``mapping[new]`` in its place (the file keeps its order)."""

    def rekey(a: str, b: str) -> None:
        entries = [(b if key == a else key, value) for key, value in mapping.items()]
        mapping.clear()
        mapping.update(entries)

    return Edit("edit.rename_participant", lambda: rekey(old, new), lambda: rekey(new, old))


def _replace_in(items: MutableSequence[str], old: str, new: str) -> Edit:
    """Every ``old`` in a list of ids (a Refine role's members) becomes ``new``."""
    where = [i for i, value in enumerate(items) if value == old]

    def put(value: str) -> None:
        for i in where:
            items[i] = value

    return Edit("edit.rename_participant", lambda: put(new), lambda: put(old))


def _by_field(records: list[Any], name: str, old: str, new: str) -> list[Edit]:
    return [set_attrs("edit.rename_participant", r, **{name: new}) for r in records if getattr(r, name) == old]


def rename_participant(session: Session, person: Participant, new_id: str) -> Edit | None:
    """Give ``person`` the id ``new_id`` and make everything that names them
    name the new id, as one undo step: reviews' and posts' authors, items'
    owners, cases' presenters, their scores and their vote, their Refine role,
    TODOs' owners and whose turn it is. Someone who was there on Day 1 keeps
    their id once Day 1 is frozen (``[day1]`` is never changed, and Day 2 is
    compared with it by id): :class:`SetupError`. ``None`` when unchanged."""
    new_id = check_id(session, new_id, person)
    old = person.id
    if new_id == old:
        return None
    s = session
    edits: list[Edit] = [set_attrs("edit.rename_participant", person, id=new_id)]
    edits += _by_field(s.reviews, "author", old, new_id) + _by_field(s.posts, "author", old, new_id)
    edits += _by_field(s.items, "owner", old, new_id) + _by_field(s.cases, "presenter", old, new_id)
    edits += _by_field(s.todos, "owner", old, new_id) + _by_field([s.progress], "turn", old, new_id)
    edits += [_rename_key(table, old, new_id) for table in (s.scores, s.votes) if old in table]
    edits += [_replace_in(getattr(s.refine, role), old, new_id) for role in REFINE_ROLES if old in getattr(s.refine, role)]
    return combine("edit.rename_participant", edits)


def update_participant(session: Session, person: Participant, name: str, role: str, new_id: str = "") -> Edit | None:
    """The participant form's save: name, role and (when given) id, as one undo step."""
    edit = edit_participant(person, name, role)
    rename = rename_participant(session, person, new_id) if new_id.strip() else None
    return combine("edit.edit_participant", [edit, rename]) if rename is not None else edit


def edit_participant(person: Participant, name: str, role: str) -> Edit:
    """Rename and re-role; the id stays, so everything that names them still does."""
    name = name.strip()
    if not name:
        raise SetupError("setup.error.empty_name")
    if role not in ROLES:
        raise SetupError("setup.error.bad_role", role=role)
    return set_attrs("edit.edit_participant", person, name=name, role=role)


def remove_participant(session: Session, person: Participant) -> Edit:
    """Refused while anything still names them (their reviews would lose an author)."""
    used = references_to(session, person.id)
    if used:
        raise SetupError("setup.error.in_use", name=person.name, n=used)
    return remove("edit.remove_participant", session.participants, person)


def move_participant(session: Session, person: Participant, offset: int) -> Edit:
    return move("edit.move_participant", session.participants, person, offset)


def parse_date(text: str) -> date | None:
    """``2026-12-03`` -> a date; ``""`` -> None; anything else -> SetupError."""
    text = text.strip()
    if not text:
        return None
    try:
        value = date.fromisoformat(text)
    except ValueError:
        raise SetupError("setup.error.bad_date", value=text) from None
    if not MIN_DATE <= value <= MAX_DATE:  # a date the session file cannot hold
        raise SetupError("bounds.date_range", value=text, min=MIN_DATE.isoformat(), max=MAX_DATE.isoformat())
    return value


def parse_zone(text: str) -> str | None:
    """``Asia/Tokyo`` -> the session's ``time_zone``; ``""`` -> None (unset);
    anything that is not an IANA zone -> SetupError."""
    text = text.strip()
    if not text:
        return None
    if not is_zone(text):
        raise SetupError("setup.error.bad_zone", value=text)
    return text
