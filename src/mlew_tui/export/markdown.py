"""The whole workshop as one Markdown document (GitHub flavoured), in the
session's language - what a team sends to its executives.

Sections, in the order of the day: the workshop and its participants; Listen
(customer card, reviews by group with reference counts); Define (posts,
issues and strengths with points); Invent (the team's totals, each person's
totals and #1, the winner and how it was decided); Refine (the PR/FAQ in
read-aloud order, every uncertain part flagged on its own line with the word
*uncertain* / *要確認*, then the list to discuss); Test/Iterate (the
milestones table); Next Step (the answer, the processes to improve, the
notes, the diagnostics); and the Day 2 plan when there is one.

The document depends only on the session (no clock, no paths), so the same
file always gives the same Markdown.
"""

from __future__ import annotations

from collections.abc import Callable

from ..domain import milestones as ms
from ..domain import refine as rf
from ..domain.diagnostics import M1_MONTHS, diagnose
from ..domain.formats import day, number
from ..domain.scoring import Analysis, analyse
from ..domain.session import Review, Session
from ..i18n import Translator
from .md_text import block, code, esc, inline, link, table

CUSTOMER_FIELDS = ("who", "goal", "actions", "trigger", "usage", "personality", "notes")
CASE_FIELDS = ("company", "valued_for", "solves", "reinforces", "result", "data_loop", "source")


def to_markdown(session: Session, analysis: Analysis | None = None) -> str:
    """The Markdown document of ``session`` (ends with one newline)."""
    return _Document(session, analysis or analyse(session)).render()


class _Document:
    def __init__(self, session: Session, analysis: Analysis) -> None:
        self.s = session
        self.a = analysis
        self.tr: Callable[..., str] = Translator(session.language)
        self.names = {p.id: p.name for p in session.participants}
        self.lines: list[str] = []
        self.sep = self.tr("diag.list_sep")

    # -- helpers -----------------------------------------------------------------
    def out(self, *lines: str) -> None:
        self.lines.extend(lines)

    def para(self, text: str) -> None:
        self.lines.extend([text, ""])

    def heading(self, level: int, text: str) -> None:
        self.lines.extend(["#" * level + " " + text, ""])

    def table(self, headers: list[str], rows: list[list[str]], align: str = "") -> None:
        self.lines.extend(table(headers, rows, tuple(align)))
        self.lines.append("")

    def person(self, pid: str) -> str:
        return esc(self.names.get(pid, pid)) if pid else ""

    def uncertain(self) -> str:
        return "**" + self.tr("export.uncertain") + "**"

    def phase(self, phase: str) -> str:
        return self.tr("export.phase_heading", phase=self.tr(f"phase.{phase}.title"), question=self.tr(f"phase.{phase}.question"))

    def render(self) -> str:
        for section in (self.header, self.participants, self.listen, self.define, self.invent, self.refine, self.test_iterate, self.next_step, self.day2):
            section()
        while self.lines and not self.lines[-1]:
            self.lines.pop()
        return "\n".join(self.lines) + "\n"

    # -- sections ------------------------------------------------------------------
    def header(self) -> None:
        s, tr = self.s, self.tr
        self.heading(1, inline(s.title))
        facts = []
        if s.product.name:
            facts.append(tr("export.product", name=inline(s.product.name)))
        if s.workshop_date:
            facts.append(tr("export.day1", date=s.workshop_date.isoformat()))
        if s.day2_date:
            facts.append(tr("export.day2", date=s.day2_date.isoformat()))
        if facts:
            self.para(" · ".join(facts))
        if s.product.description.strip():
            self.para(block(s.product.description))

    def participants(self) -> None:
        tr = self.tr
        self.heading(2, tr("export.participants", n=len(self.s.participants)))
        if not self.s.participants:
            self.para(tr("export.none"))
            return
        rows = []
        for p in self.s.participants:
            role = rf.role_of(self.s, p.id)
            rows.append([esc(p.name), tr(f"role.{p.role}"), tr(f"refine.role.{role}") if role else ""])
        self.table([tr("export.col.name"), tr("export.col.role"), tr("export.col.refine_role")], rows)

    def listen(self) -> None:
        s, tr = self.s, self.tr
        self.heading(2, self.phase("listen"))
        self.heading(3, tr("export.customer_card"))
        card = [[tr(f"export.customer.{f}"), inline(getattr(s.customer, f))] for f in CUSTOMER_FIELDS if getattr(s.customer, f).strip()]
        if card:
            self.table([tr("export.col.field"), tr("export.col.value")], card)
        else:
            self.para(tr("export.none"))
        positive = sum(r.polarity == "positive" for r in s.reviews)
        assumptions = sum(r.basis == "assumption" for r in s.reviews)
        self.heading(3, tr("export.reviews", n=len(s.reviews)))
        if not s.reviews:
            self.para(tr("export.none"))
            return
        self.para(
            tr("export.reviews_summary", positive=positive, negative=len(s.reviews) - positive, assumptions=assumptions, customer=self.a.references.customer)
        )
        counts = self.a.references
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
            self.para(tr("export.none"))
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

    def define(self) -> None:
        s, tr = self.s, self.tr
        self.heading(2, self.phase("define"))
        self.heading(3, tr("export.posts", n=len(s.posts)))
        if not s.posts:
            self.para(tr("export.none"))
        for post in s.posts:
            refs = [tr("export.customer_ref") if ref == "customer" else code(ref) for ref in post.refs]
            line = f"- **{tr(f'export.stance.{post.stance}')}** — {self.person(post.author)}: {inline(post.text)}"
            if refs:
                line += " " + tr("export.cites", refs=", ".join(refs))
            self.out(line)
        if s.posts:
            self.out("")
        self.heading(3, tr("export.items", n=len(s.items)))
        if not s.items:
            self.para(tr("export.none"))
            return
        info = {i.id: i for i in self.a.items}
        rows = []
        for item in s.ordered_items():
            i = info[item.id]
            suggested = str(i.suggested_points) if i.suggested_points != item.points else ""
            rows.append(
                [
                    tr(f"export.kind.{item.kind}"),
                    code(item.id) + " " + inline(item.title),
                    self.person(item.owner),
                    f"**{item.points}**",
                    str(i.references),
                    suggested,
                ]
            )
        headers = [
            tr("export.col.kind"),
            tr("export.col.item"),
            tr("export.col.owner"),
            tr("export.col.points"),
            tr("export.col.references"),
            tr("export.col.suggested"),
        ]
        self.table(headers, rows, "lllrrr")
        self.para(tr("export.points_note", ratio=number(s.scoring.partial_ratio)))

    def invent(self) -> None:
        s, tr, a = self.s, self.tr, self.a
        self.heading(2, self.phase("invent"))
        if not s.cases:
            self.para(tr("export.none"))
            return
        cases = {c.id: c for c in s.cases}
        self.heading(3, tr("export.team_totals"))
        rows = []
        for rank, cid in enumerate(a.ranking, start=1):
            name = code(cid) + " " + inline(cases[cid].name)
            if cid == a.winner.case:
                name = f"**{name}**"
            rows.append([str(rank), name, inline(cases[cid].company), self.person(cases[cid].presenter), str(number(a.sums[cid])), str(a.votes[cid])])
        headers = [
            tr("export.col.rank"),
            tr("export.col.case"),
            tr("export.col.company"),
            tr("export.col.presenter"),
            tr("export.col.sum"),
            tr("export.col.picks"),
        ]
        self.table(headers, rows, "rlllrr")
        self.heading(3, tr("export.person_totals"))
        rows = []
        for pid, result in a.persons.items():
            cells = [f"**{number(result.totals[c])}**" if c in result.top else str(number(result.totals[c])) for c in a.case_order]
            if result.source == "vote":
                pick = tr("export.pick_vote", case=code(result.pick or ""))
            elif result.source == "scores":
                pick = code(result.pick or "")
            elif result.source == "tied":
                pick = tr("export.pick_tied", cases=", ".join(code(c) for c in result.tied))
            else:
                pick = "—"
            rows.append([self.person(pid), *cells, pick])
        self.table([tr("export.col.person"), *(code(c) for c in a.case_order), tr("export.col.pick")], rows, "l" + "r" * len(a.case_order) + "l")
        self.heading(3, tr("export.winner_heading"))
        how = tr(f"decided_by.{a.winner.decided_by}")
        winner = cases.get(a.winner.case or "")
        if winner is None:
            self.para(tr("export.no_winner", how=how))
            return
        self.para(tr("export.winner", name="**" + inline(winner.name) + "**", case=code(winner.id), how=how))
        details = [
            [tr(f"export.case.{f}"), link(winner.source) if f == "source" else inline(getattr(winner, f))] for f in CASE_FIELDS if getattr(winner, f).strip()
        ]
        if details:
            self.table([tr("export.col.field"), tr("export.col.value")], details)

    def refine(self) -> None:
        s, tr = self.s, self.tr
        self.heading(2, self.phase("refine"))
        self.para(tr("export.read_order"))
        for n, part in enumerate(rf.read_aloud(s), start=1):
            readers = self.sep.join(esc(r) for r in part.readers) or tr("refine.nobody")
            self.heading(3, tr("export.section", n=n, section=tr(f"refine.section.{part.section}"), role=tr(f"refine.role.{part.role}"), names=readers))
            getattr(self, f"doc_{part.section}")()
        parts = rf.uncertain_parts(s)
        self.heading(3, tr("refine.section.uncertain", n=len(parts)))
        if not parts:
            self.para(tr("refine.doc.no_uncertain"))
            return
        for spot in parts:
            line = f"- {self.uncertain()} {tr(f'refine.doc.where.{spot.section}', n=spot.number)}: {inline(spot.text)}"
            if spot.answer.strip():
                line += " — " + inline(spot.answer)
            self.out(line)
        self.out("")

    def doc_message(self) -> None:
        tr = self.tr
        text = []
        for seg in rf.message_segments(self.s, tr("refine.message.template")):
            if not seg.field:
                text.append(esc(seg.text))
            elif seg.text:
                text.append(f"**{esc(seg.text)}**")
            else:
                text.append("_" + esc(tr("refine.message.blank", part=tr(f"diag.part.{seg.field}"))) + "_")
        self.para("> " + "".join(text))

    def doc_steps(self) -> None:
        steps = self.s.refine.steps
        if not steps:
            self.para(self.tr("refine.doc.no_steps"))
            return
        for n, step in enumerate(steps, start=1):
            flag = self.uncertain() + " " if step.uncertain else ""
            self.out(f"{n}. {flag}{inline(step.text)}")
        self.out("")

    def doc_faq(self, kind: str) -> None:
        tr = self.tr
        faqs = getattr(self.s.refine, kind)
        if not faqs:
            self.para(tr("refine.doc.no_faq"))
            return
        for n, faq in enumerate(faqs, start=1):
            self.out(f"**{esc(tr('refine.faq.question', n=n))} {inline(faq.q)}**\\")
            flag = self.uncertain() + " " if faq.uncertain else ""
            answer = inline(faq.a) if faq.a.strip() else "_" + esc(tr("refine.faq.no_answer")) + "_"
            self.para(f"{esc(tr('refine.faq.answer'))} {flag}{answer}")

    def doc_customer_faq(self) -> None:
        self.doc_faq("customer_faq")

    def doc_internal_faq(self) -> None:
        self.doc_faq("internal_faq")

    def test_iterate(self) -> None:
        s, tr = self.s, self.tr
        self.heading(2, self.phase("test_iterate"))
        limit = ms.m1_limit(s)
        if limit is not None and s.workshop_date is not None:
            self.para(tr("milestone.m1_rule", date=s.workshop_date.isoformat(), limit=limit.isoformat()))
        if not s.milestones:
            self.para(tr("export.none"))
            return
        missing = "_" + tr("export.missing") + "_"
        rows = []
        for m in s.milestones:
            due = day(m.due) or missing
            if ms.is_late(s, m):
                due += " **" + tr("export.late", months=M1_MONTHS) + "**"
            cells = [inline(getattr(m, part)) or missing for part in ms.PARTS]
            rows.append([f"**{m.id}** {inline(m.title)}", *cells, due])
        headers = [tr("milestone.col.milestone"), tr("milestone.col.who"), tr("milestone.col.what"), tr("milestone.col.how"), tr("milestone.col.due")]
        self.table(headers, rows)

    def next_step(self) -> None:
        s, tr = self.s, self.tr
        step = s.next_step
        self.heading(2, self.phase("next_step"))
        answer = {True: "next.go.yes", False: "next.go.no", None: "next.go.unanswered"}[step.go_to_implementation]
        self.para(f"**{tr('next.go.question')}** {tr(answer)}")
        improve = self.sep.join(tr(f"process.{p}") for p in step.improve) or tr("next.summary.nothing")
        self.para(f"**{tr('export.improve')}** {improve}")
        if step.notes.strip():
            self.para(f"**{tr('next.summary.notes')}**")
            self.para(block(step.notes))
        self.heading(3, tr("export.diagnostics"))
        for d in diagnose(s, self.a):
            status = tr(f"diag.{d.status}")
            self.heading(4, f"{tr(f'process.{d.process}')} — {status}")
            self.para("_" + tr(d.question_key) + "_")
            if not d.reasons:
                continue
            for reason in d.reasons:
                self.out("- " + esc(reason.render(tr)))
            self.out("")
            self.para(f"**{tr('next.remedy')}** {tr(d.remedy_key)}")

    def day2(self) -> None:
        s, tr = self.s, self.tr
        if not (s.day2.allotted_min or s.todos or s.meetings):
            return
        self.heading(2, tr("export.day2_heading"))
        if s.day2.allotted_min:
            self.heading(3, tr("export.allotted"))
            rows = [[tr(f"process.{p}"), str(m)] for p, m in s.day2.allotted_min.items()]
            rows.append([f"**{tr('export.total')}**", f"**{sum(s.day2.allotted_min.values())}**"])
            self.table([tr("export.col.process"), tr("export.col.minutes")], rows, "lr")
        if s.todos:
            self.heading(3, tr("export.todos", n=len(s.todos)))
            rows = [["☑" if t.done else "☐", inline(t.text), self.person(t.owner), code(t.milestone), day(t.due)] for t in s.todos]
            self.table([tr("export.col.done"), tr("export.col.todo"), tr("export.col.owner"), tr("export.col.milestone"), tr("export.col.due")], rows)
        if s.meetings:
            self.heading(3, tr("export.meetings"))
            rows = []
            for m in s.meetings:
                repeat = tr("export.weekly_until", date=m.weekly_until.isoformat()) if m.weekly_until else ""
                rows.append(
                    [
                        tr(f"export.meeting.{m.kind}"),
                        inline(m.title),
                        m.start.isoformat(sep=" ", timespec="minutes"),
                        tr("export.minutes", n=m.duration_min),
                        repeat,
                        code(m.milestone),
                    ]
                )
            headers = [
                tr("export.col.kind"),
                tr("export.col.title"),
                tr("export.col.start"),
                tr("export.col.duration"),
                tr("export.col.repeats"),
                tr("export.col.milestone"),
            ]
            self.table(headers, rows)
