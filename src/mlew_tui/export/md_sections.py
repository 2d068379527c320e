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
from ..domain.changes import compare
from ..domain.diagnostics import diagnose
from ..domain.formats import number
from ..domain.scoring import Analysis
from ..domain.session import Review, Session
from ..i18n import Translator
from ..views.changes_view import Line, Plain, User, change_sections
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
        for section in change_sections(found, day1, self.s, tr, self.milestone_field):
            self.heading(3, tr("export_md.milestones") if section.process == "test_iterate" else tr(f"process.{section.process}"))
            self.items([self.change_line(line) for line in section.lines])

    def milestone_field(self, field: str) -> str:
        return self.tr("plan.form.title") if field == "title" else self.tr(f"milestone.col.{field}")

    def change_line(self, line: Line) -> str:
        """A line of :mod:`..views.changes_view` in Markdown: its mark as a
        word, catalog text escaped, user text inline, ids as code."""
        text = "".join(esc(p.text) if isinstance(p, Plain) else inline(p.text) if isinstance(p, User) else code(p.text) for p in line.parts)
        if line.tone == "strong":
            text = f"**{text}**"
        return f"{self.tr(f'export_md.{line.mark}')} {text}" if line.mark else text

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
