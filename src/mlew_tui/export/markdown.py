"""The whole workshop as one Markdown document (GitHub flavoured), in the
session's language - written for the sponsor who was not in the room.

Top sections, in this order (each a level-2 heading under the title):

1. **Summary** - the team, the dates, the chosen case and its PR headline
   (:func:`mlew_tui.domain.summary.headline`), the three nearest milestones
   and the next meeting as of ``today``, the Next Step verdict.
2. **PR/FAQ** - in read-aloud order, every uncertain part flagged on its own
   line with the word *uncertain* / *要確認*, then the list to discuss.
3. **Day 2 plan** - the milestones in time order (m0 first, then by due date,
   undated last: :func:`mlew_tui.domain.plan.timeline`) under the deck's
   labels, each with Who / What / How (m0 needs none: only what is written
   shows) and the one 3-month rule (:func:`mlew_tui.domain.milestones.beyond_horizon`);
   then the meetings, the TODOs with owners and dates, the minutes allotted.
4. **What changed since Day 1** - :func:`mlew_tui.domain.changes.compare`
   against the Day 1 snapshot passed as ``day1``. Omitted while the session
   is on Day 1 (nothing to compare yet); on Day 2 without a snapshot, one line
   says so.
5. **Appendix** - participants, customer card, reviews, posts, issues and
   strengths, the scoring tables, the votes and the winner, the diagnosis.

User text never produces a heading, a list or a quote (:mod:`.md_text`). The
document depends only on the session, the Day 1 snapshot and ``today``.
"""

from __future__ import annotations

from datetime import date

from ..domain import milestones as ms
from ..domain import plan, summary
from ..domain import refine as rf
from ..domain.changes import day1_session
from ..domain.formats import day
from ..domain.scoring import Analysis, analyse
from ..domain.session import Milestone, Session
from .md_sections import BackMatter
from .md_text import block, code, esc, inline, lead


def to_markdown(session: Session, analysis: Analysis | None = None, *, today: date | None = None, day1: Session | None = None) -> str:
    """The Markdown document of ``session`` (ends with one newline).

    ``today`` places the nearest milestones and the next meeting (default: the
    machine's date); ``day1`` is the Day 1 to compare with (by default the
    one frozen in the session)."""
    return _Document(session, analysis or analyse(session), today or date.today(), day1 or day1_session(session)).render()


def on_day2(session: Session) -> bool:
    """The session has reached Day 2: its clock says so, or a Day 2 plan exists."""
    s = session
    return s.progress.day == 2 or bool(s.day2.allotted_min or s.todos or s.meetings) or ms.milestone(s, plan.M0) is not None


class _Document(BackMatter):
    def __init__(self, session: Session, analysis: Analysis, today: date, day1: Session | None) -> None:
        super().__init__(session, analysis)
        self.today = today
        self.day1 = day1

    def render(self) -> str:
        self.title()
        self.summary()
        self.prfaq()
        self.plan()
        self.changes(self.day1, on_day2(self.s))
        self.appendix()
        while self.lines and not self.lines[-1]:
            self.lines.pop()
        return "\n".join(line.rstrip(" ") for line in "\n".join(self.lines).split("\n")) + "\n"

    def uncertain(self) -> str:
        return "**" + self.tr("export.uncertain") + "**"

    def label(self, m: Milestone) -> str:
        """The deck's label: milestone 0 (use case decided), 1-3 with their question, or intermediate."""
        tr = self.tr
        title = inline(m.title)
        if m.id == plan.M0:
            name = tr("export_md.m0_name")
            default = {name.casefold(), tr("plan.m0.title").casefold(), ""}
            return tr("export_md.m0", name=name) if m.title.strip().casefold() in default else tr("export_md.m0_titled", name=name, title=title)
        if m.id in ms.MILESTONES:
            return tr("export_md.fixed", n=m.id[1:], title=title or esc(tr(ms.title_key(m.id))))
        return tr("export_md.intermediate", id=code(m.id), title=title or code(m.id))

    # -- 1. summary ---------------------------------------------------------------------
    def title(self) -> None:
        s = self.s
        self.heading(1, inline(s.title))
        if s.product.description.strip():
            self.para(block(s.product.description))

    def summary(self) -> None:
        s, tr = self.s, self.tr
        self.heading(2, tr("export_md.summary"))
        lines = []
        names = self.sep.join(inline(p.name) for p in s.participants) or tr("export.none")
        lines.append(self.field(tr("export_md.team", n=len(s.participants)), names))
        if s.product.name.strip():
            lines.append(self.field(tr("export_md.product"), inline(s.product.name)))
        dates = [tr("export_md.day1", date=s.workshop_date.isoformat())] if s.workshop_date else []
        if s.day2_date:
            dates.append(tr("export_md.day2", date=s.day2_date.isoformat()))
        lines.append(self.field(tr("export_md.dates"), " · ".join(dates) or tr("export_md.no_dates")))
        lines.append(self.field(tr("export_md.chosen"), self.chosen()))
        lines.append(self.field(tr("export_md.headline"), self.headline()))
        lines.append(self.field(tr("export_md.nearest"), self.nearest()))
        lines.append(self.field(tr("export_md.next_meeting"), self.next_meeting()))
        answer = {True: "next.go.yes", False: "next.go.no", None: "next.go.unanswered"}[s.next_step.go_to_implementation]
        lines.append(f"**{tr('next.go.question')}** {tr(answer)}")
        improve = self.sep.join(tr(f"process.{p}") for p in s.next_step.improve) or tr("next.summary.nothing")
        lines.append(self.field(tr("export_md.improve"), improve))
        self.items(lines)

    def field(self, label: str, value: str) -> str:
        return self.tr("export_md.field", label=label, value=value)

    def chosen(self) -> str:
        a, tr = self.a, self.tr
        case = self.s.case(a.winner.case or "")
        if case is not None:
            how = tr(f"decided_by.{a.winner.decided_by}")
            return tr("export_md.chosen_case", name="**" + inline(case.name) + "**", case=code(case.id), how=how)
        if a.winner.tied:
            return tr("export_md.tied", cases=self.sep.join(code(c) for c in a.winner.tied))
        return tr("export_md.no_winner")

    def headline(self) -> str:
        product, offer = summary.headline(self.s)
        if product and offer:
            return self.tr("export_md.headline_text", product=esc(product), offer=esc(offer))
        if product or offer:
            return "**" + esc(product or offer) + "**"
        return "_" + self.tr("export_md.no_headline") + "_"

    def nearest(self) -> str:
        found = summary.nearest_milestones(self.s, self.today)
        if not found:
            return self.tr("export_md.no_nearest")
        lines = []
        for m in found:
            line = f"**{day(m.due)}** {self.label(m)}"
            if m.due is not None and m.due < self.today:
                line += " " + self.tr("export_md.past")
            lines.append(line)
        return "".join("\n  - " + line for line in lines)  # a list inside the summary's item

    def next_meeting(self) -> str:
        found = summary.next_meeting(self.s, self.today)
        if found is None:
            return self.tr("export_md.no_meeting")
        m, tr = found.meeting, self.tr
        title = inline(m.title) or tr(f"export.meeting.{m.kind}")
        text = tr("export_md.meeting", start=found.start.isoformat(sep=" ", timespec="minutes"), title=title, minutes=m.duration_min)
        if summary.repeats_weekly(m):
            text += tr("export_md.weekly", until=summary.last_day(m).isoformat())
        return text

    # -- 2. PR/FAQ ---------------------------------------------------------------------------
    def prfaq(self) -> None:
        s, tr = self.s, self.tr
        self.heading(2, tr("export_md.prfaq"))
        self.para(tr("export.read_order"))
        for n, part in enumerate(rf.read_aloud(s), start=1):
            readers = self.sep.join(inline(r) for r in part.readers) or tr("refine.nobody")
            self.heading(3, tr("export.section", n=n, section=tr(f"refine.section.{part.section}"), role=tr(f"refine.role.{part.role}"), names=readers))
            getattr(self, f"doc_{part.section}")()
        parts = rf.uncertain_parts(s)
        self.heading(3, tr("refine.section.uncertain", n=len(parts)))
        if not parts:
            self.para(tr("refine.doc.no_uncertain"))
            return
        lines = []
        for spot in parts:
            line = f"{self.uncertain()} {tr(f'refine.doc.where.{spot.section}', n=spot.number)}: {inline(spot.text)}"
            if spot.answer.strip():
                line += " — " + inline(spot.answer)
            lines.append(line)
        self.items(lines)

    def doc_message(self) -> None:
        tr = self.tr
        text = []
        bold = ""  # filled fields next to each other make one bold run (`**a****b**` is not Markdown)
        for seg in rf.message_segments(self.s, tr("refine.message.template")):
            if seg.field and seg.text:
                bold += seg.text
                continue
            if bold:
                text.append(f"**{esc(bold)}**")
                bold = ""
            if not seg.field:
                text.append(esc(seg.text))
            else:
                text.append("_" + esc(tr("refine.message.blank", part=tr(f"diag.part.{seg.field}"))) + "_")
        if bold:
            text.append(f"**{esc(bold)}**")
        self.out("> " + "".join(text), "")

    def doc_steps(self) -> None:
        steps = self.s.refine.steps
        if not steps:
            self.para(self.tr("refine.doc.no_steps"))
            return
        for n, step in enumerate(steps, start=1):
            text = inline(step.text)
            self.out(f"{n}. " + (f"{self.uncertain()} {text}" if step.uncertain else lead(text)))
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

    # -- 3. the plan ---------------------------------------------------------------------------
    def plan(self) -> None:
        s, tr = self.s, self.tr
        self.heading(2, tr("export_md.plan"))
        if not on_day2(s):
            self.para(tr("export_md.plan_day1"))
        window = ms.horizon(s)
        if window is not None:
            self.para(tr(f"export_md.horizon.{window.basis}", start=window.start.isoformat(), end=window.end.isoformat(), months=ms.HORIZON_MONTHS))
        self.heading(3, tr("export_md.milestones"))
        line = plan.timeline(s)
        if not line:
            self.none()
        first = plan.first_after_m0(s)
        for m in line:
            self.milestone(m, first is not None and m.id == first.id)
        self.meetings()
        self.todos()
        self.allotted()

    def milestone(self, m: Milestone, first: bool) -> None:
        tr = self.tr
        missing = "_" + tr("export.missing") + "_"
        self.heading(4, self.label(m))
        due = day(m.due) or missing
        if ms.beyond_horizon(self.s, m):
            note = tr("export_md.first_beyond" if first else "export_md.beyond", months=ms.HORIZON_MONTHS)
            due += f" **{note}**" if first else f" _{note}_"
        lines = [self.field(tr("milestone.col.due"), due)]
        for part in ms.PARTS:
            value = inline(getattr(m, part))
            if value or m.id != plan.M0:  # m0 needs no Who / What / How: only what is written shows
                lines.append(self.field(tr(f"milestone.col.{part}"), value or missing))
        self.items(lines)

    def meetings(self) -> None:
        s, tr = self.s, self.tr
        self.heading(3, tr("export_md.meetings"))
        if not s.meetings:
            self.none()
            return
        rows = []
        for m in sorted(s.meetings, key=lambda m: m.start):
            repeat = tr("export.weekly_until", date=summary.last_day(m).isoformat()) if summary.repeats_weekly(m) else ""
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
        cols = ("kind", "title", "start", "duration", "repeats", "milestone")
        self.table([tr(f"export.col.{c}") for c in cols], rows)

    def todos(self) -> None:
        s, tr = self.s, self.tr
        self.heading(3, tr("export.todos", n=len(s.todos)))
        if not s.todos:
            self.none()
            return
        order = sorted(s.todos, key=lambda t: (t.due is None, t.due or date.min))  # by date, undated last; ties in file order
        missing = "_" + tr("export.missing") + "_"
        rows = [["☑" if t.done else "☐", inline(t.text), self.person(t.owner) or missing, day(t.due) or missing, code(t.milestone)] for t in order]
        cols = ("done", "todo", "owner", "due", "milestone")
        self.table([tr(f"export.col.{c}") for c in cols], rows)

    def allotted(self) -> None:
        s, tr = self.s, self.tr
        if not s.day2.allotted_min:
            return
        self.heading(3, tr("export.allotted"))
        rows = [[tr(f"process.{p}"), str(m)] for p, m in s.day2.allotted_min.items()]
        rows.append([f"**{tr('export.total')}**", f"**{sum(s.day2.allotted_min.values())}**"])
        self.table([tr("export.col.process"), tr("export.col.minutes")], rows, "lr")
