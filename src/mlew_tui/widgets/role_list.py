"""``RoleList``: the participants, each assigned to one Refine role.

``p`` / ``s`` / ``d`` put the highlighted person in the planner, sales or
developer role; ``r`` applies the recommended roles to everyone. The list
shows each person's job, the role they are in (or a "no role" mark) and the
recommendation; it posts :class:`RoleList.Assign` / :class:`RoleList.Recommend`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option


@dataclass(frozen=True)
class PersonRow:
    id: str
    name: str
    job: str  # already translated
    role: str  # the Refine role's name, "" when unassigned
    recommended: str  # the recommendation, already worded
    differs: bool  # the role is not the recommended one


class RoleList(OptionList):
    BINDINGS = [
        Binding("p", "assign('planner')", "Planner", id="refine.role_planner", show=False),
        Binding("s", "assign('sales')", "Sales", id="refine.role_sales", show=False),
        Binding("d", "assign('developer')", "Developer", id="refine.role_developer", show=False),
        Binding("r", "recommend", "Recommended roles", id="refine.recommend", show=False),
    ]

    class Assign(Message):
        def __init__(self, person: str, role: str) -> None:
            super().__init__()
            self.person = person
            self.role = role

    class Recommend(Message):
        pass

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self._ids: list[str] = []

    def show(self, rows: Sequence[PersonRow], no_role: str, empty: str) -> None:
        keep = self.highlighted
        self._ids = [r.id for r in rows]
        if not rows:
            self.set_options([Option(Text(empty, style="italic"), disabled=True)])
            return
        width = max(len(r.name) for r in rows)
        options = []
        for row in rows:
            text = Text()
            text.append(row.name.ljust(width), style="bold")
            text.append(f"  {row.job}\n", style="dim")
            text.append("  → ")
            if row.role:
                text.append(row.role, style="bold reverse")
            else:
                text.append(no_role, style="bold yellow reverse")
            text.append("   " + row.recommended, style="yellow" if row.differs else "dim")
            options.append(Option(text))
        self.set_options(options)
        self.highlighted = min(keep if keep is not None else 0, len(rows) - 1)

    def action_assign(self, role: str) -> None:
        index = self.highlighted
        if index is not None and index < len(self._ids):
            self.post_message(self.Assign(self._ids[index], role))

    def action_recommend(self) -> None:
        self.post_message(self.Recommend())
