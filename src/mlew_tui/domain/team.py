"""Who is in the room: the deck's conditions on the team (実践編を進める前の確認)."""

from __future__ import annotations

from .agenda import MAX_TEAM
from .session import Session
from .validation import Problem

#: Roles the deck requires: product manager, developer, data scientist.
REQUIRED_ROLES: tuple[str, ...] = ("pm", "developer", "data_scientist")
PREREQUISITES: tuple[str, ...] = ("team_and_sponsor", "target_customer", "cases_and_sheet", "analysis_environment", "day2_booked")


def team_warnings(session: Session) -> list[Problem]:
    """Missing required roles, a team larger than six, unchecked prerequisites."""
    roles = {p.role for p in session.participants}
    warnings = [Problem("participants", "team.missing_role", {"role": role}) for role in REQUIRED_ROLES if role not in roles]
    if len(session.participants) > MAX_TEAM:
        warnings.append(Problem("participants", "team.too_many", {"n": len(session.participants), "max": MAX_TEAM}))
    for name in PREREQUISITES:
        if not getattr(session.prerequisites, name):
            warnings.append(Problem(f"prerequisites.{name}", "team.prerequisite_open", {"name": name}))
    return warnings
