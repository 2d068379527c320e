"""Preparing a session before Day 1: participants from the command line and
cases a data scientist wrote in a file of their own."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from .ids import slugify
from .session import ROLES, Case, Language, Participant, Session, new_session
from .validation import Problem, structure_problems, toml_path


class PrepareError(ValueError):
    """Bad input for a new session; ``problems`` say what (i18n keys)."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(", ".join(p.key for p in problems))
        self.problems = problems


def parse_participant(spec: str) -> tuple[str, str]:
    """``"佐藤:pm"`` -> ``("佐藤", "pm")``; the role defaults to ``other``."""
    name, sep, role = spec.rpartition(":")
    if not sep:
        name, role = spec, "other"
    name, role = name.strip(), role.strip().lower()
    if not name:
        raise PrepareError([Problem("", "cli.new.bad_participant", {"value": spec})])
    if role not in ROLES:
        raise PrepareError([Problem("", "cli.new.bad_role", {"role": role, "roles": ", ".join(ROLES)})])
    return name, role


def make_participants(specs: Iterable[str]) -> list[Participant]:
    """Participants with slug ids made from their names, unique."""
    people: list[Participant] = []
    for spec in specs:
        name, role = parse_participant(spec)
        pid = slugify(name, (p.id for p in people))
        people.append(Participant(id=pid, name=name, role=role))  # type: ignore[arg-type]  # parse_participant checks ROLES
    return people


def import_cases(data: Mapping[str, Any], participants: Sequence[Participant], taken: Iterable[str] = ()) -> list[Case]:
    """The ``[[cases]]`` of a TOML document, validated.

    A presenter may be written as a participant id or as their name (the data
    scientist may not know the ids yet); unknown presenters are problems. Case
    ids that clash with ``taken`` are problems too.
    """
    raw = data.get("cases")
    if not isinstance(raw, list):
        raise PrepareError([Problem("cases", "validation.missing")])
    by_name = {p.name: p.id for p in participants}
    ids = {p.id for p in participants}
    used = set(taken)
    cases: list[Case] = []
    problems: list[Problem] = []
    for index, entry in enumerate(raw):
        if isinstance(entry, Mapping) and isinstance(entry.get("presenter"), str):
            presenter = entry["presenter"]
            entry = {**entry, "presenter": by_name.get(presenter, presenter)}
        try:
            case = Case.model_validate(entry)
        except ValidationError as error:
            for problem in structure_problems(error):
                problems.append(Problem(toml_path(["cases", index]) + ("." + problem.path if problem.path else ""), problem.key, problem.params))
            continue
        if case.presenter and case.presenter not in ids:
            problems.append(Problem(toml_path(["cases", index, "presenter"]), "validation.unknown.participants", {"value": case.presenter}))
        if case.id in used:
            problems.append(Problem(toml_path(["cases", index, "id"]), "validation.duplicate_id", {"value": case.id}))
        used.add(case.id)
        cases.append(case)
    if problems:
        raise PrepareError(problems)
    return cases


def prepare_session(
    title: str,
    language: Language,
    participant_specs: Iterable[str] = (),
    cases_data: Mapping[str, Any] | None = None,
    time_zone: str | None = None,
) -> Session:
    """A new session for ``mlew new`` (``time_zone``: the machine's IANA zone, if known)."""
    participants = make_participants(participant_specs)
    cases = import_cases(cases_data, participants) if cases_data is not None else []
    return new_session(title, language, participants=participants, cases=cases, time_zone=time_zone)
