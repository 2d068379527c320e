"""``mlew report``: the state of a workshop as one JSON object or Rich tables.

:func:`report_data` builds the JSON object (its keys are a public contract,
documented in the README); :func:`render` prints the human report in the
session's language. User text (titles, names, reviews) is always put in
:class:`rich.text.Text`, never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from rich import box
from rich.console import Console, Group, JustifyMethod
from rich.table import Table
from rich.text import Text

from .domain.changes import Changes, compare, day1_session
from .domain.diagnostics import Diagnosis, diagnose
from .domain.formats import day, hhmm, number, number_text
from .domain.scoring import Analysis, analyse
from .domain.session import Item, Milestone, Session
from .i18n import Translator
from .views.changes_view import change_sections, to_text

REPORT_VERSION = 1
TOP_REVIEWS = 10
BAR_WIDTH = 20


def _json_value(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _json_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    if isinstance(value, float):
        return number(value)
    return value


def _diagnosis_data(diagnosis: Diagnosis, tr: Translator) -> dict[str, Any]:
    return {
        "process": diagnosis.process,
        "status": diagnosis.status,
        "reasons": [r.render(tr) for r in diagnosis.reasons],
        "reason_keys": [{"key": r.key, "params": _json_value(r.params)} for r in diagnosis.reasons],
        "remedy": tr(diagnosis.remedy_key) if diagnosis.reasons else None,
    }


def report_data(session: Session, analysis: Analysis | None = None) -> dict[str, Any]:
    """The ``mlew report --json`` object (keys documented in the README)."""
    analysis = analysis or analyse(session)
    tr = Translator(session.language)
    reviews = session.reviews
    positive = sum(1 for r in reviews if r.polarity == "positive")
    assumptions = sum(1 for r in reviews if r.basis == "assumption")
    titles = {i.id: (i.title, i.owner) for i in session.items}
    stab = analysis.stability
    winner = analysis.winner
    return {
        "report_version": REPORT_VERSION,
        "title": session.title,
        "language": session.language,
        "reviews": {
            "total": len(reviews),
            "positive": positive,
            "negative": len(reviews) - positive,
            "fact": len(reviews) - assumptions,
            "assumption": assumptions,
        },
        "reference_counts": dict(analysis.references.reviews),
        "group_counts": dict(analysis.references.groups),
        "customer_references": analysis.references.customer,
        "items": [
            {
                "id": i.id,
                "kind": i.kind,
                "title": titles[i.id][0],
                "owner": titles[i.id][1] or None,
                "points": i.points,
                "references": i.references,
                "suggested_points": i.suggested_points,
                "partial_credit": number(i.partial),
            }
            for i in analysis.items
        ],
        "max_total": number(stab.max_total),
        "totals": _json_value(analysis.totals),
        "sums": _json_value(analysis.sums),
        "picks": analysis.picks,
        "pick_sources": {p: r.source for p, r in analysis.persons.items()},
        "tied": {p: list(r.tied) for p, r in analysis.persons.items() if r.tied},
        "votes": dict(analysis.votes),
        "ranking": list(analysis.ranking),
        "winner": winner.case,
        "decided_by": winner.decided_by,
        "tied_cases": list(winner.tied),
        "recorded_winner": analysis.recorded_winner,
        "recorded_decided_by": analysis.recorded_decided_by,
        "stability": {
            "picks_made": stab.picks_made,
            "winner_picks": stab.winner_picks,
            "winner_share": round(stab.winner_share, 4),
            "sum_margin": None if stab.sum_margin is None else round(stab.sum_margin, 4),
            "spreads": _json_value(stab.spreads),
        },
        "diagnostics": [_diagnosis_data(d, tr) for d in diagnose(session, analysis)],
        "changes": changes_data(session),
    }


def changes_data(session: Session) -> dict[str, Any] | None:
    """The ``changes`` object of ``mlew report --json``: what changed since
    the Day 1 frozen in the session (``[day1]``); None without one."""
    day1 = day1_session(session)
    if day1 is None or session.day1 is None:
        return None
    found = compare(day1, session)
    return _changes_json(found, day1, session)


def _changes_json(found: Changes, day1: Session, now: Session) -> dict[str, Any]:
    frozen = now.day1.frozen_at if now.day1 is not None else None

    def item(i: Item) -> dict[str, Any]:
        return {"id": i.id, "kind": i.kind, "title": i.title, "points": i.points}

    def milestone(m: Milestone) -> dict[str, Any]:
        return {"id": m.id, "title": m.title, "due": m.due.isoformat() if m.due else None}

    return {
        "frozen_at": frozen.isoformat() if frozen else None,
        "any": found.any,
        "reviews": {
            "day1": len(day1.reviews),
            "now": len(now.reviews),
            "added": len(found.reviews_added),
            "removed": len(found.reviews_removed),
            "edited": len(found.reviews_edited),
            "added_ids": [r.id for r in found.reviews_added],
            "removed_ids": [r.id for r in found.reviews_removed],
            "edited_ids": [r.id for r in found.reviews_edited],
            "assumptions": {"day1": found.assumptions[0], "now": found.assumptions[1]},
        },
        "posts_added": found.posts_added,
        "items": {
            "added": [item(i) for i in found.items_added],
            "removed": [item(i) for i in found.items_removed],
            "changed": [{"id": c.id, "title": c.title, "old_title": c.old_title, "old_points": c.old_points, "points": c.points} for c in found.items_changed],
        },
        "cases_added": [{"id": c.id, "name": c.name} for c in found.cases_added],
        "cases": [
            {"id": c.id, "name": c.name, "day1": {"sum": number(c.old_sum), "picks": c.old_picks}, "now": {"sum": number(c.sum), "picks": c.picks}}
            for c in found.cases
        ],
        "picks_changed": [{"person": p.person, "day1": p.old, "now": p.new} for p in found.picks],
        "winner": {"day1": found.winner[0], "now": found.winner[1], "changed": found.winner_changed},
        "decided_by": {"day1": found.decided_by[0], "now": found.decided_by[1]},
        "uncertain": {
            "day1": found.uncertain[0],
            "now": found.uncertain[1],
            "cleared": [{"section": u.section, "text": u.text} for u in found.cleared],
            "added": [{"section": u.section, "text": u.text} for u in found.new_uncertain],
        },
        "milestones": {
            "added": [milestone(m) for m in found.milestones_added],
            "removed": [milestone(m) for m in found.milestones_removed],
            "changed": [
                {"id": m.id, "title": m.title, "fields": [{"field": f, "day1": was or None, "now": value or None} for f, was, value in m.fields]}
                for m in found.milestones_changed
            ],
        },
    }


# -- the human report --------------------------------------------------------------


def _table(title: str, *columns: str | tuple[str, JustifyMethod]) -> Table:
    table = Table(title=Text(title, style="bold"), title_justify="left", box=box.SIMPLE_HEAD, show_edge=False)
    for column in columns:
        header, justify = column if isinstance(column, tuple) else (column, "left")
        # Long user text folds (Japanese has no spaces to wrap at) instead of being cut.
        # Numbers (right-aligned) never break.
        table.add_column(Text(header), justify=justify, overflow="fold", no_wrap=justify == "right")
    return table


def _num(value: float) -> Text:
    return Text(number_text(value))


class _Report:
    def __init__(self, session: Session, analysis: Analysis) -> None:
        self.s = session
        self.a = analysis
        self.tr = Translator(session.language)
        self.names = {p.id: p.name for p in session.participants}
        self.cases = {c.id: c.name for c in session.cases}

    def person(self, pid: str) -> Text:
        return Text(self.names.get(pid, pid))

    def header(self) -> Text:
        s, tr = self.s, self.tr
        text = Text(s.title, style="bold")
        if s.product.name:
            text.append(" - ").append(s.product.name)
        if s.workshop_date:
            when = tr("report.date2", day1=s.workshop_date, day2=s.day2_date) if s.day2_date else tr("report.date", day1=s.workshop_date)
            text.append("\n").append(when, style="dim")
        return text

    def reviews(self) -> Table:
        tr = self.tr
        table = _table(
            tr("report.reviews"), tr("report.polarity"), (tr("report.fact"), "right"), (tr("report.assumption"), "right"), (tr("report.total"), "right")
        )
        for polarity in ("positive", "negative"):
            rows = [r for r in self.s.reviews if r.polarity == polarity]
            facts = sum(1 for r in rows if r.basis == "fact")
            table.add_row(Text(tr(f"report.{polarity}")), Text(str(facts)), Text(str(len(rows) - facts)), Text(str(len(rows))))
        facts = sum(1 for r in self.s.reviews if r.basis == "fact")
        total = len(self.s.reviews)
        table.add_row(Text(tr("report.total"), style="bold"), Text(str(facts)), Text(str(total - facts)), Text(str(total), style="bold"))
        return table

    def references(self) -> Group:
        tr, refs = self.tr, self.a.references
        parts: list[Any] = []
        top = refs.most_referenced(TOP_REVIEWS)
        if top:
            by_id = {r.id: r for r in self.s.reviews}
            labels = {g.id: g.label or g.id for g in self.s.groups}
            table = _table(
                tr("report.most_referenced"), (tr("report.refs"), "right"), tr("report.id"), tr("report.polarity"), tr("report.text"), tr("report.group")
            )
            for rid, n in top:
                review = by_id[rid]
                table.add_row(Text(str(n)), Text(rid), Text(tr(f"report.{review.polarity}")), Text(review.text), Text(labels.get(review.group, "")))
            parts.append(table)
        else:
            parts.append(Text(tr("report.no_references"), style="dim"))
        if self.s.groups:
            table = _table(tr("report.groups"), tr("report.id"), tr("report.label"), (tr("report.refs"), "right"))
            for group in self.s.groups:
                table.add_row(Text(group.id), Text(group.label), Text(str(refs.groups[group.id])))
            parts.append(table)
        parts.append(Text(tr("report.customer_refs", n=refs.customer)))
        return Group(*parts)

    def items(self) -> Group:
        tr = self.tr
        table = _table(
            tr("report.items"), tr("report.kind"), tr("report.id"), tr("report.title"), tr("report.owner"),
            (tr("report.points"), "right"), (tr("report.refs"), "right"), (tr("report.suggested"), "right"), (tr("report.partial"), "right"),
        )  # fmt: skip
        info = {i.id: i for i in self.a.items}
        for item in self.s.ordered_items():
            i = info[item.id]
            suggested = Text(str(i.suggested_points), style="yellow" if i.suggested_points != i.points else "")
            table.add_row(
                Text(tr(f"report.{item.kind}")), Text(item.id), Text(item.title), self.person(item.owner) if item.owner else Text(""),
                Text(str(item.points), style="bold"), Text(str(i.references)), suggested, _num(i.partial),
            )  # fmt: skip
        return Group(table, Text(tr("report.suggestion_note"), style="dim"))

    def team(self) -> Table | Text:
        tr, a = self.tr, self.a
        if not a.case_order:
            return Text(tr("report.no_cases"), style="dim")
        table = _table(
            tr("report.team_totals"),
            (tr("report.rank"), "right"),
            tr("report.id"),
            tr("report.case"),
            (tr("report.sum"), "right"),
            "",
            (tr("report.picks_col"), "right"),
        )
        best = max(a.sums.values(), default=0.0)
        for rank, case in enumerate(a.ranking, start=1):
            width = round(BAR_WIDTH * a.sums[case] / best) if best > 0 else 0
            style = "bold green" if case == a.winner.case else ""
            table.add_row(
                Text(str(rank)), Text(case, style=style), Text(self.cases[case], style=style), _num(a.sums[case]),
                Text("█" * width, style="green" if case == a.winner.case else "cyan"), Text(str(a.votes[case])),
            )  # fmt: skip
        return table

    def persons(self) -> Table:
        tr, a = self.tr, self.a
        table = _table(tr("report.person_totals"), tr("report.person"), *((c, "right") for c in a.case_order), tr("report.pick"))
        table.collapse_padding = True  # one space between columns: 10 cases fit in 80 columns
        table.columns[0].min_width = 8
        table.columns[-1].min_width = 6
        sep = tr("diag.list_sep")
        for pid, result in a.persons.items():
            if result.source == "vote":
                pick = Text(tr("report.pick_vote", case=result.pick))
            elif result.source == "scores":
                pick = Text(str(result.pick))
            elif result.source == "tied":
                pick = Text(tr("report.pick_tied", cases=sep.join(result.tied)), style="yellow")
            else:
                pick = Text(tr("report.pick_none"), style="dim")
            cells = [Text(str(number(result.totals[c])), style="bold" if c in result.top else "") for c in a.case_order]
            table.add_row(self.person(pid), *cells, pick)
        return table

    def winner(self) -> Text:
        tr, a = self.tr, self.a
        how = tr(f"decided_by.{a.winner.decided_by}")
        if a.winner.case is None:
            text = Text(tr("report.no_winner", how=how), style="bold yellow")
        else:
            text = Text(tr("report.winner", name=self.cases[a.winner.case], case=a.winner.case, how=how), style="bold green")
        if a.recorded_winner and a.recorded_winner != a.winner.case:
            by = tr(f"decided_by.{a.recorded_decided_by}") if a.recorded_decided_by else "-"
            computed = a.winner.case or tr("report.recorded_none")
            text.append("\n").append(tr("report.recorded", case=a.recorded_winner, by=by, computed=computed), style="yellow")
        return text

    def changes(self) -> Text | None:
        """What changed since the frozen Day 1 (none without one)."""
        s, tr = self.s, self.tr
        day1 = day1_session(s)
        if day1 is None or s.day1 is None:
            return None
        text = Text(tr("changes_export.title"), style="bold")
        frozen = s.day1.frozen_at
        if frozen is not None:
            text.append("\n" + tr("plan.changes.against", when=f"{day(frozen.date())} {hhmm(frozen)}"), style="dim")
        found = compare(day1, s)
        if not found.any:
            return text.append("\n\n" + tr("plan.changes.nothing"))
        return to_text(change_sections(found, day1, s, tr), tr, text.append("\n"))

    def diagnostics(self) -> Table:
        tr = self.tr
        table = _table(tr("report.diagnostics"), tr("report.process_col"), tr("report.status"), tr("report.reasons"))
        for d in diagnose(self.s, self.a):
            status = Text(tr(f"diag.{d.status}"), style="green" if d.status == "ok" else "bold yellow")
            details = Text(tr(d.question_key), style="dim")
            for reason in d.reasons:
                details.append("\n- " + reason.render(tr))
            if d.reasons:
                details.append("\n" + tr("report.remedy") + ": ", style="bold").append(tr(d.remedy_key), style="cyan")
            table.add_row(Text(tr(f"process.{d.process}"), style="bold"), status, details)
        return table


def render(session: Session, console: Console, analysis: Analysis | None = None) -> None:
    """Print the human report on ``console`` in the session's language."""
    report = _Report(session, analysis or analyse(session))
    sections: list[Callable[[], Any]] = [
        report.header, report.reviews, report.references, report.items, report.team, report.persons, report.winner, report.changes,
        report.diagnostics,
    ]  # fmt: skip
    for section in sections:
        shown = section()
        if shown is None:
            continue
        console.print(shown)
        console.print()
