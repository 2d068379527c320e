"""``ScoringPrep``: the empty evaluation table of Invent and the rule to fill it.

First the full / partial rule with the session's ratio; then the table: rows
are the cases (or one blank row before any is prepared), columns the issues
then the strengths, each headed by its id and points, and the row total - all
cells empty; below it, which item each column is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.widgets import Static


@dataclass(frozen=True)
class PrepColumn:
    id: str
    kind: str  # issue | strength
    heading: str  # "5 pt", in the UI language
    legend: Text  # "i1 issue · 5 pt: <title>" - the title literal


@dataclass(frozen=True)
class PrepView:
    case_heading: str
    total_heading: str
    columns: Sequence[PrepColumn]
    cases: Sequence[str]  # case names (user text), or one placeholder
    legend_title: str
    rule_title: str
    rule: Sequence[Text]


class ScoringPrep(Static):
    def show(self, view: PrepView) -> None:
        table = Table(expand=True, show_lines=True)
        table.add_column(Text(view.case_heading), ratio=3, overflow="fold")
        for column in view.columns:
            head = Text(column.id + "\n", style="bold")
            head.append(column.heading, style="reverse" if column.kind == "issue" else "bold")
            table.add_column(head, justify="center", ratio=1)
        table.add_column(Text(view.total_heading), justify="center", ratio=1, min_width=len(view.total_heading))
        for case in view.cases:
            table.add_row(Text(case), *("" for _ in view.columns), "")
        legend = Text()
        legend.append(view.legend_title + "\n", style="bold")
        for column in view.columns:
            legend.append_text(column.legend)
            legend.append("\n")
        rule = Text()
        rule.append(view.rule_title + "\n", style="bold")
        for line in view.rule:
            rule.append_text(line)
            rule.append("\n")
        self.shown = Group(rule, table, legend)
        self.update(self.shown)
