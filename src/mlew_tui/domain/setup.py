"""Setting up a workshop in the app: the team, the product, the dates and the
five prerequisites - as undoable edits."""

from __future__ import annotations

from datetime import date

from .history import Edit, insert, move, remove, set_attrs
from .ids import slugify
from .session import MAX_DATE, MIN_DATE, ROLES, Participant, Role, Session
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


def add_participant(session: Session, name: str, role: Role) -> tuple[Edit, Participant]:
    name = name.strip()
    if not name:
        raise SetupError("setup.error.empty_name")
    if role not in ROLES:
        raise SetupError("setup.error.bad_role", role=role)
    person = Participant(id=slugify(name, (p.id for p in session.participants)), name=name, role=role)
    return insert("edit.add_participant", session.participants, person), person


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
