"""Views of Invent for the widgets, built from the session and the scoring
analysis in the UI language. User text (case names, titles, names) is only
ever appended to rich ``Text`` - never formatted into markup."""

from __future__ import annotations

import string
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.text import Text

from ..domain.formats import number_text
from ..domain.invent import Shown, case_frame, has_pick, has_scored, scored_by, tied_cases
from ..domain.scoring import Analysis, partial_credit
from ..domain.session import Case, Item, Session
from ..i18n import plural
from ..literal import literal as safe
from ..widgets.scoring_table import ScoringColumn, ScoringLayout, ScoringRow
from ..widgets.team_panel import PersonLine, TallyLine, TeamHeadings

if TYPE_CHECKING:
    from ..i18n import Translator

#: Shown for a case scored / a #1 made while the round is private.
DONE = "✓"
ALL_SHOWN = Shown()


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


def team_lines(session: Session, tr: Translator, analysis: Analysis, turn: str, shown: Shown = ALL_SHOWN) -> tuple[list[PersonLine], list[TallyLine]]:
    """The grid of persons x cases and the tally, from one analysis.

    While a round is private (``shown``, :func:`mlew_tui.domain.invent.shown`)
    a person's totals give way to ``✓`` on each case they have scored, their
    #1 to ``✓`` when they have one, and the tally (with the ★) is empty."""
    order = analysis.case_order
    index = {c: i for i, c in enumerate(order)}
    persons = []
    for p in session.participants:
        result = analysis.persons.get(p.id)
        if result is None:
            continue
        marks = None if shown.totals else tuple(DONE if has_scored(session, p.id, c) else "" for c in order)
        pick_mark = None
        how = tr(f"invent.how.{result.source}")
        if not shown.picks:
            pick_mark = DONE if result.pick is not None else "—"
            how = tr("reveal.how." + ("voted" if result.pick is not None else "choosing" if result.tied else "waiting"))
        persons.append(
            PersonLine(
                id=p.id,
                name=safe(p.name),
                totals=tuple(result.totals.get(c, 0.0) for c in order) if shown.totals else (),
                pick=index.get(result.pick) if result.pick and shown.picks else None,
                tied=tuple(index[c] for c in result.tied if c in index) if shown.picks else (),
                how=how,
                current=p.id == turn,
                marks=marks,
                pick_mark=pick_mark,
            )
        )
    if not shown.picks:
        return persons, []
    tied = set(tied_cases(analysis))
    winner = analysis.winner.case
    tally = [
        TallyLine(n, safe(c.name), analysis.votes.get(c.id, 0), analysis.sums.get(c.id, 0.0), c.id == winner, c.id in tied)
        for n, c in enumerate(session.cases, 1)
    ]
    return persons, tally


def private_note(session: Session, tr: Translator, analysis: Analysis, step: str, case_id: str | None) -> Text:
    """While a round is private, the line under the team: who has scored the
    case being presented (scoring) or who has a #1 (the vote) - names with
    ``✓``, never values - and how the facilitator reveals."""
    text = Text()
    if step == "invent.vote":
        done = [p for p in session.participants if has_pick(analysis, p.id)]
        text.append(tr("reveal.voted", done=len(done), count=len(session.participants)), style="bold")
        names = [p.name for p in done]
        tail = "reveal.private_votes"
    else:
        numbers = {c.id: n for n, c in enumerate(session.cases, 1)}
        who = scored_by(session, case_id) if case_id else ()
        names = [p.name for p, (_, scored) in zip(session.participants, who, strict=False) if scored]
        text.append(tr("reveal.scored", number=numbers.get(case_id or "", "?"), done=len(names), count=len(session.participants)), style="bold")
        tail = "reveal.private_scores"
    if names:
        for name in names:
            text.append(f"  {DONE} ")
            text.append(safe(name), style="bold")
    else:
        text.append(" " + tr("reveal.nobody"), style="dim")
    text.append("\n" + tr(tail), style="dim")
    return text


def more_hints(tr: Translator, overflow: Any, width: int) -> Text:
    """The line under the scoring table: ``← more`` at its left when columns
    are scrolled out that way, ``more →`` at its right, ``↑ more`` / ``more ↓``
    between (``overflow`` has ``left``, ``right``, ``up``, ``down``)."""
    left = tr("reveal.more.left") if overflow.left else ""
    middle = "  ".join(tr(f"reveal.more.{way}") for way in ("up", "down") if getattr(overflow, way))
    right = tr("reveal.more.right") if overflow.right else ""
    text = Text(no_wrap=True, overflow="ellipsis")
    if not (left or middle or right):
        return text
    text.append(left, style="bold reverse")
    gap = max(2, width - cell_len(left) - cell_len(middle) - cell_len(right))
    text.append(" " * (gap // 2))
    text.append(middle, style="bold reverse")
    text.append(" " * (gap - gap // 2))
    text.append(right, style="bold reverse")
    return text
