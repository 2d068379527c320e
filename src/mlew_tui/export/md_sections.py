"""The Markdown document's writer and its back half: what changed since
Day 1 and the appendix (the customer card, reviews, posts, items, the scoring
tables, the votes, the diagnosis).

:class:`Writer` holds the lines and the helpers every section uses; the
sections are methods of :class:`BackMatter`, which :mod:`.markdown`'s
document extends with the front half (summary, PR/FAQ, plan).
"""

from __future__ import annotations

from collections.abc import Callable

from ..domain import refine as rf
from ..domain.changes import Changes, compare
from ..domain.diagnostics import diagnose
from ..domain.formats import day, number
from ..domain.scoring import Analysis
from ..domain.session import Review, Session
from ..i18n import Translator
from .md_text import block, code, esc, heading_text, inline, lead, link, table

CUSTOMER_FIELDS = ("who", "goal", "actions", "trigger", "usage", "personality", "notes")
CASE_FIELDS = ("company", "valued_for", "solves", "reinforces", "result", "data_loop", "source")


class Writer:
    """The document's lines and the helpers to add to them."""

    def __init__(self, session: Session, analysis: Analysis) -> None:
        self.s = session
        self.a = analysis
        self.tr: Callable[..., str] = Translator(session.language)
        self.names = {p.id: p.name for p in session.participants}
        self.lines: list[str] = []
        self.sep = self.tr("diag.list_sep")

    def out(self, *lines: str) -> None:
        self.lines.extend(lines)

    def para(self, text: str) -> None:
        self.lines.extend([lead(text), ""])

    def heading(self, level: int, text: str) -> None:
        self.lines.extend(["#" * level + " " + heading_text(text), ""])

    def items(self, lines: list[str]) -> None:
        """A bullet list (each line's text may start with user text)."""
        self.lines.extend("- " + lead(line) for line in lines)
        self.lines.append("")

    def table(self, headers: list[str], rows: list[list[str]], align: str = "") -> None:
        self.lines.extend(table(headers, rows, tuple(align)))
        self.lines.append("")

    def person(self, pid: str) -> str:
        return inline(self.names.get(pid, pid)) if pid else ""

    def none(self) -> None:
        self.para(self.tr("export.none"))

    def case_name(self, cid: str | None, *others: Session) -> str:
        if cid is None:
            return esc(self.tr("plan.changes.none"))
        case = next((c for s in (self.s, *others) if (c := s.case(cid)) is not None), None)
        return inline(case.name) if case else code(cid)


class BackMatter(Writer):
    """What changed since Day 1, and the appendix."""

    # -- what changed since Day 1 ---------------------------------------------------
    def changes(self, day1: Session | None, on_day2: bool) -> None:
        """Omitted for a Day 1 session; one line on Day 2 without a snapshot."""
        if day1 is None and not on_day2:
            return
        tr = self.tr
        self.heading(2, tr("export_md.changes"))
        if day1 is None:
            self.para(tr("export_md.no_snapshot"))
            return
        found = compare(day1, self.s)
        if not found.any:
            self.para(tr("plan.changes.nothing"))
            return
        self.changes_listen_define(found, day1)
        self.changes_invent(found, day1)
        self.changes_refine_milestones(found)

    def changes_listen_define(self, found: Changes, day1: Session) -> None:
        tr, s = self.tr, self.s
        self.heading(3, tr("process.listen"))
        lines = [esc(tr("plan.changes.reviews", before=len(day1.reviews), after=len(s.reviews), added=len(found.reviews_added)))]
        lines += [f"{tr('export_md.added')} {inline(r.text)}" for r in found.reviews_added]
        lines += [f"{tr('export_md.removed')} {inline(r.text)}" for r in found.reviews_removed]
        lines += [f"{tr('export_md.edited')} {inline(r.text)}" for r in found.reviews_edited]
        lines.append(esc(tr("plan.changes.assumptions", before=found.assumptions[0], after=found.assumptions[1])))
        self.items(lines)
        self.heading(3, tr("process.define"))
        lines = [esc(tr("plan.changes.posts", n=found.posts_added))] if found.posts_added else []
        lines += [f"{tr('export_md.added')} " + tr("plan.changes.item", title=inline(i.title), points=i.points) for i in found.items_added]
        lines += [f"{tr('export_md.removed')} " + tr("plan.changes.item", title=inline(i.title), points=i.points) for i in found.items_removed]
        for change in found.items_changed:
            if change.old_points != change.points:
                lines.append(
                    f"{tr('export_md.edited')} " + tr("plan.changes.points", title=inline(change.title), before=change.old_points, after=change.points)
                )
            if change.old_title != change.title:
                lines.append(f"{tr('export_md.edited')} " + tr("plan.changes.renamed", before=inline(change.old_title), after=inline(change.title)))
        self.items(lines or [esc(tr("plan.changes.unchanged"))])

    def changes_invent(self, found: Changes, day1: Session) -> None:
        tr = self.tr
        self.heading(3, tr("process.invent"))
        lines = [f"{tr('export_md.added')} " + tr("plan.changes.case", name=inline(c.name)) for c in found.cases_added]
        for result in found.cases:
            if result.changed:
                values = {"old_sum": number(result.old_sum), "sum": number(result.sum), "old_picks": result.old_picks, "picks": result.picks}
                lines.append(tr("plan.changes.case_result", name=inline(result.name), **values))
        for pick in found.picks:
            who = self.s.participant(pick.person) or day1.participant(pick.person)
            name = inline(who.name) if who else code(pick.person)
            lines.append(tr("plan.changes.pick", name=name, before=self.case_name(pick.old, day1), after=self.case_name(pick.new, day1)))
        old, new = found.winner
        if found.winner_changed:
            lines.append("**" + tr("plan.changes.winner", before=self.case_name(old, day1), after=self.case_name(new, day1)) + "**")
        else:
            lines.append(tr("plan.changes.same_winner", name=self.case_name(new, day1)))
        self.items(lines)

    def changes_refine_milestones(self, found: Changes) -> None:
        tr = self.tr
        self.heading(3, tr("process.refine"))
        lines = [esc(tr("plan.changes.uncertain", before=found.uncertain[0], after=found.uncertain[1]))]
        lines += [f"{tr('export_md.cleared')} {esc(tr(f'plan.changes.section.{p.section}'))}: {inline(p.text)}" for p in found.cleared]
        lines += [f"{tr('export_md.new_uncertain')} {esc(tr(f'plan.changes.section.{p.section}'))}: {inline(p.text)}" for p in found.new_uncertain]
        self.items(lines)
        self.heading(3, tr("export_md.milestones"))
        lines = [
            f"{tr('export_md.added')} " + tr("plan.changes.milestone", id=code(m.id), title=inline(m.title), due=day(m.due) or "-")
            for m in found.milestones_added
        ]
        lines += [
            f"{tr('export_md.removed')} " + tr("plan.changes.milestone", id=code(m.id), title=inline(m.title), due=day(m.due) or "-")
            for m in found.milestones_removed
        ]
        for moved in found.milestones_changed:
            for field, was, now in moved.fields:
                what = esc(tr("plan.form.title") if field == "title" else tr(f"milestone.col.{field}"))
                lines.append(
                    f"{tr('export_md.edited')} "
                    + tr("plan.changes.milestone_field", id=code(moved.id), field=what, before=inline(was) or "-", after=inline(now) or "-")
                )
        self.items(lines or [esc(tr("plan.changes.unchanged"))])

    # -- the appendix ------------------------------------------------------------------
    def appendix(self) -> None:
        self.heading(2, self.tr("export_md.appendix"))
        for section in (self.participants, self.customer, self.reviews, self.posts, self.issues, self.scoring, self.votes, self.diagnosis):
            section()

    def participants(self) -> None:
        tr = self.tr
        self.heading(3, tr("export.participants", n=len(self.s.participants)))
        if not self.s.participants:
            self.none()
            return
        rows = []
        for p in self.s.participants:
            role = rf.role_of(self.s, p.id)
            rows.append([inline(p.name), tr(f"role.{p.role}"), tr(f"refine.role.{role}") if role else ""])
        self.table([tr("export.col.name"), tr("export.col.role"), tr("export.col.refine_role")], rows)

    def customer(self) -> None:
        s, tr = self.s, self.tr
        self.heading(3, tr("export.customer_card"))
        card = [[tr(f"export.customer.{f}"), inline(getattr(s.customer, f))] for f in CUSTOMER_FIELDS if getattr(s.customer, f).strip()]
        if card:
            self.table([tr("export.col.field"), tr("export.col.value")], card)
        else:
            self.none()

    def reviews(self) -> None:
        s, tr = self.s, self.tr
        self.heading(3, tr("export.reviews", n=len(s.reviews)))
        if not s.reviews:
            self.none()
            return
        positive = sum(r.polarity == "positive" for r in s.reviews)
        assumptions = sum(r.basis == "assumption" for r in s.reviews)
        counts = self.a.references
        self.para(tr("export.reviews_summary", positive=positive, negative=len(s.reviews) - positive, assumptions=assumptions, customer=counts.customer))
        groups = sorted(s.groups, key=lambda g: -counts.groups.get(g.id, 0))  # stable: file order on ties
        for group in groups:
            members = [r for r in s.reviews if r.group == group.id]
            self.heading(4, tr("export.group", label=inline(group.label or group.id), n=counts.groups.get(group.id, 0), reviews=len(members)))
            self.review_list(members)
        known = {g.id for g in s.groups}
        loose = [r for r in s.reviews if r.group not in known]
        if loose:
            self.heading(4, tr("export.ungrouped", reviews=len(loose)))
            self.review_list(loose)

    def review_list(self, reviews: list[Review]) -> None:
        tr, counts = self.tr, self.a.references.reviews
        if not reviews:
            self.none()
            return
        for r in reviews:
            meta = [self.person(r.author)]
            if r.basis == "assumption":
                meta.append("**" + tr("export.assumption") + "**")
            if r.moment:
                meta.append(tr(f"export.moment.{r.moment}"))
            if r.source.strip():
                meta.append(link(r.source))
            refs = counts.get(r.id, 0)
            if refs:
                meta.append(tr("export.refs", n=refs))
            sign = tr(f"export.polarity.{r.polarity}")
            self.out(f"- {code(r.id)} {sign} {inline(r.text)} — " + " · ".join(m for m in meta if m))
        self.out("")

    def posts(self) -> None:
        s, tr = self.s, self.tr
        self.heading(3, tr("export.posts", n=len(s.posts)))
        if not s.posts:
            self.none()
            return
        for post in s.posts:
            refs = [tr("export.customer_ref") if ref == "customer" else code(ref) for ref in post.refs]
            line = f"- **{tr(f'export.stance.{post.stance}')}** — {self.person(post.author)}: {inline(post.text)}"
            if refs:
                line += " " + tr("export.cites", refs=", ".join(refs))
            self.out(line)
        self.out("")

    def issues(self) -> None:
        s, tr = self.s, self.tr
        self.heading(3, tr("export.items", n=len(s.items)))
        if not s.items:
            self.none()
            return
        info = {i.id: i for i in self.a.items}
        rows = []
        for item in s.ordered_items():
            i = info[item.id]
            suggested = str(i.suggested_points) if i.suggested_points != item.points else ""
            name = code(item.id) + " " + inline(item.title)
            rows.append([tr(f"export.kind.{item.kind}"), name, self.person(item.owner), f"**{item.points}**", str(i.references), suggested])
        cols = ("kind", "item", "owner", "points", "references", "suggested")
        self.table([tr(f"export.col.{c}") for c in cols], rows, "lllrrr")
        self.para(tr("export.points_note", ratio=number(s.scoring.partial_ratio)))

    def scoring(self) -> None:
        s, tr, a = self.s, self.tr, self.a
        self.heading(3, tr("export_md.scoring"))
        if not s.cases:
            self.none()
            return
        cases = {c.id: c for c in s.cases}
        self.heading(4, tr("export.team_totals"))
        rows = []
        for rank, cid in enumerate(a.ranking, start=1):
            name = code(cid) + " " + inline(cases[cid].name)
            if cid == a.winner.case:
                name = f"**{name}**"
            rows.append([str(rank), name, inline(cases[cid].company), self.person(cases[cid].presenter), str(number(a.sums[cid])), str(a.votes[cid])])
        cols = ("rank", "case", "company", "presenter", "sum", "picks")
        self.table([tr(f"export.col.{c}") for c in cols], rows, "rlllrr")
        self.heading(4, tr("export_md.person_totals"))
        rows = []
        for pid, result in a.persons.items():
            rows.append([self.person(pid), *(f"**{number(result.totals[c])}**" if c in result.top else str(number(result.totals[c])) for c in a.case_order)])
        self.table([tr("export.col.person"), *(code(c) for c in a.case_order)], rows, "l" + "r" * len(a.case_order))

    def votes(self) -> None:
        s, tr, a = self.s, self.tr, self.a
        self.heading(3, tr("export_md.votes"))
        if not s.cases:
            self.none()
            return
        rows = []
        for pid, result in a.persons.items():
            if result.source == "vote":
                pick = tr("export.pick_vote", case=code(result.pick or ""))
            elif result.source == "scores":
                pick = code(result.pick or "")
            elif result.source == "tied":
                pick = tr("export.pick_tied", cases=", ".join(code(c) for c in result.tied))
            else:
                pick = "—"
            rows.append([self.person(pid), pick, self.case_name(result.pick) if result.pick else ""])
        self.table([tr("export.col.person"), tr("export.col.pick"), tr("export.col.case")], rows)
        how = tr(f"decided_by.{a.winner.decided_by}")
        winner = s.case(a.winner.case or "")
        if winner is None:
            self.para(tr("export.no_winner", how=how))
            return
        self.para(tr("export.winner", name="**" + inline(winner.name) + "**", case=code(winner.id), how=how))
        details = [
            [tr(f"export.case.{f}"), link(winner.source) if f == "source" else inline(getattr(winner, f))] for f in CASE_FIELDS if getattr(winner, f).strip()
        ]
        if details:
            self.table([tr("export.col.field"), tr("export.col.value")], details)

    def diagnosis(self) -> None:
        s, tr = self.s, self.tr
        self.heading(3, tr("export.diagnostics"))
        if s.next_step.notes.strip():
            self.para(f"**{tr('next.summary.notes')}**")
            self.para(block(s.next_step.notes))
        for d in diagnose(s, self.a):
            status = tr(f"diag.{d.status}")
            self.heading(4, f"{tr(f'process.{d.process}')} — {status}")
            self.para("_" + tr(d.question_key) + "_")
            if not d.reasons:
                continue
            self.items([esc(reason.render(tr)) for reason in d.reasons])
            self.para(f"**{tr('next.remedy')}** {tr(d.remedy_key)}")
