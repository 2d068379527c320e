"""Views of Invent for the widgets, built from the session and the scoring
analysis in the UI language. User text (case names, titles, names) is only
ever appended to rich ``Text`` - never formatted into markup."""

from __future__ import annotations

import string
from typing import TYPE_CHECKING, Any

from rich.text import Text

from ..domain.formats import number_text
from ..domain.invent import case_frame, tied_cases
from ..domain.scoring import Analysis, partial_credit
from ..domain.session import Case, Item, Session
from ..i18n import plural
from ..literal import literal as safe
from ..widgets.scoring_table import ScoringColumn, ScoringLayout, ScoringRow
from ..widgets.team_panel import PersonLine, TallyLine, TeamHeadings

if TYPE_CHECKING:
    from ..i18n import Translator


def fill(tr: Translator, key: str, style: str = "", user_style: str = "bold", **params: Any) -> Text:
    """The message ``key`` as ``Text`` with ``params`` inserted literally: a
    name like ``[b]x[/b]`` stays exactly that, control characters show as
    pictures (``str`` params; ``Text`` params are inserted as they are)."""
    text = Text(style=style)
    for piece, name, spec, _conv in string.Formatter().parse(tr(key)):
        if piece:
            text.append(piece)
        if name is not None:
            value = params.get(name, "")
            if spec and "|" in spec:  # a plural spec: "point{points:|s}"
                text.append(plural(value, spec))
            elif isinstance(value, Text):
                text.append_text(value)
            else:
                text.append(safe(str(value)), style=user_style)
    return text


def item_shorts(session: Session, tr: Translator) -> dict[str, str]:
    """Item id -> ``I1`` / ``S2`` (``課1`` / ``強2``), numbered per kind."""
    out: dict[str, str] = {}
    counts = {"issue": 0, "strength": 0}
    for item in session.ordered_items():
        counts[item.kind] += 1
        out[item.id] = tr(f"invent.table.{item.kind}_short") + str(counts[item.kind])
    return out


def scoring_layout(session: Session, tr: Translator) -> ScoringLayout:
    shorts = item_shorts(session, tr)
    return ScoringLayout(
        rows=tuple(ScoringRow(c.id, n, safe(c.name)) for n, c in enumerate(session.cases, 1)),
        columns=tuple(ScoringColumn(i.id, shorts[i.id], i.points, i.kind == "strength") for i in session.ordered_items()),
        case_heading=tr("invent.table.case"),
        total_heading=tr("invent.table.total"),
        points_unit=tr("invent.table.points"),
    )


def item_text(session: Session, tr: Translator, item: Item | None, short: str) -> Text:
    """The line under the table: which item the cursor is on, its points and credits."""
    text = Text(no_wrap=True, overflow="ellipsis")
    if item is None:
        text.append(tr("invent.table.no_items"), style="dim")
        return text
    text.append(f"{short} ", style="bold")
    text.append(tr(f"invent.kind.{item.kind}") + " · ", style="dim")
    text.append(safe(item.title), style="bold")
    partial = partial_credit(item.points, session.scoring.partial_ratio)
    text.append("  " + tr("invent.table.credits", points=item.points, partial=number_text(partial)), style="dim")
    return text


def case_detail(session: Session, tr: Translator, case: Case | None, number: int) -> Text:
    """The case as the deck frames it: name, company, presenter, the frame sentence."""
    text = Text()
    if case is None:
        text.append(tr("invent.cases.none"), style="dim")
        return text
    text.append(f"{number} ", style="bold")
    text.append(safe(case.name), style="bold")
    if case.company:
        text.append(" — ")
        text.append(safe(case.company))
    presenter = session.participant(case.presenter)
    text.append("\n" + tr("invent.cases.presenter") + " ", style="dim")
    text.append(safe(presenter.name) if presenter else tr("invent.cases.no_presenter"), style="" if presenter else "dim")
    if case.source:
        text.append(" · " + tr("invent.cases.source") + " ", style="dim")
        text.append(safe(case.source), style="underline")
    for line in case_frame(case, tr):
        text.append("\n")
        for piece, kind in line:
            text.append(safe(piece) if kind == "field" else piece, style={"field": "bold", "missing": "dim italic"}.get(kind, ""))
    return text


def headings(tr: Translator) -> TeamHeadings:
    return TeamHeadings(
        person=tr("invent.team.person"),
        pick=tr("invent.team.pick"),
        how=tr("invent.team.how"),
        tally=tr("invent.team.tally"),
        total=tr("invent.team.sum"),
        legend=tr("invent.team.legend"),
    )


def team_lines(session: Session, tr: Translator, analysis: Analysis, turn: str) -> tuple[list[PersonLine], list[TallyLine]]:
    """The grid of persons x cases and the tally, from one analysis."""
    order = analysis.case_order
    index = {c: i for i, c in enumerate(order)}
    persons = []
    for p in session.participants:
        result = analysis.persons.get(p.id)
        if result is None:
            continue
        persons.append(
            PersonLine(
                id=p.id,
                name=safe(p.name),
                totals=tuple(result.totals.get(c, 0.0) for c in order),
                pick=index.get(result.pick) if result.pick else None,
                tied=tuple(index[c] for c in result.tied if c in index),
                how=tr(f"invent.how.{result.source}"),
                current=p.id == turn,
            )
        )
    tied = set(tied_cases(analysis))
    winner = analysis.winner.case
    tally = [
        TallyLine(n, safe(c.name), analysis.votes.get(c.id, 0), analysis.sums.get(c.id, 0.0), c.id == winner, c.id in tied)
        for n, c in enumerate(session.cases, 1)
    ]
    return persons, tally
