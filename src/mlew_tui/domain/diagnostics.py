"""Next Step: which processes need improving (改善が必要なプロセスを特定する).

One :class:`Diagnosis` per process (listen, define, invent, refine,
test_iterate): ``ok`` or ``check``, the reasons (i18n keys ``diag.*`` with
parameters, so they render in ja and en) and the remedy of the deck
(``diag.<process>.remedy``). The thresholds are the module constants below;
the checks follow WORKSHOP.md, "Next Step":

- Listen: fewer than 9 reviews; more than half of them assumptions; one
  polarity under a third of the reviews.
- Define: no issues or no strengths; an item without an owner or without linked
  reviews; two or more items, all with the same points.
- Invent: fewer than 4 cases scored; no winner yet; a winner with under half of
  the picks or decided by scores, die or facilitator; the two highest sums
  within 10 %; a case whose persons' totals spread over more than half of the
  maximum total; persons whose own #1 is tied and who have not chosen.
- Refine: uncertain (red) steps or FAQ answers; a required internal-FAQ
  question (business growth, accumulated data) missing or unanswered; an empty
  part of the customer message.
- Test/Iterate: milestone m1, m2 or m3 missing, or missing Who, What or How,
  or a due date; m1 due beyond the 1-3 month horizon
  (:func:`mlew_tui.domain.milestones.beyond_horizon`: more than
  :data:`~mlew_tui.domain.milestones.HORIZON_MONTHS` months after milestone 0
  when Day 2 dated it, else after the workshop).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

from . import milestones as ms
from .formats import number
from .listen_define import MIN_REVIEWS
from .milestones import add_months as add_months  # re-exported: it lived here first
from .scoring import Analysis, analyse
from .session import PROCESSES, Session

Status = Literal["ok", "check"]

MIN_CASES = 4
CLOSE_SUMS = 0.10  # the two highest sums closer than this share of the first
SPREAD_SHARE = 0.5  # totals of one case further apart than this share of the maximum
M1_MONTHS = ms.HORIZON_MONTHS  # the same constant, under its old name
MESSAGE_PARTS = ("product_name", "situation", "wanted", "blocked_by", "outcome", "offer", "strength")
MEASURED_MILESTONES = ("m1", "m2", "m3")
#: Words that recognise the internal FAQ's two required questions (deck wording, ja and en).
REQUIRED_FAQ: Mapping[str, tuple[str, ...]] = MappingProxyType({"growth": ("成長", "計測", "growth", "measure"), "data": ("データ", "data")})


@dataclass(frozen=True)
class Reason:
    """Why a process needs a check: an i18n key and its parameters.

    ``terms`` names parameters that hold catalog key suffixes (for example the
    parts of the customer message); they are translated and joined on render.
    Other list parameters are joined as they are.
    """

    key: str
    params: Mapping[str, Any] = field(default_factory=dict)
    terms: Mapping[str, str] = field(default_factory=dict)  # param -> catalog key prefix

    def render(self, tr: Callable[..., str]) -> str:
        sep = tr("diag.list_sep")
        values: dict[str, Any] = {}
        for name, value in self.params.items():
            if name in self.terms:
                value = sep.join(tr(self.terms[name] + v) for v in value)
            elif isinstance(value, (list, tuple)):
                value = sep.join(str(v) for v in value)
            values[name] = value
        return tr(self.key, **values)


@dataclass(frozen=True)
class Diagnosis:
    process: str
    reasons: tuple[Reason, ...]

    @property
    def status(self) -> Status:
        return "check" if self.reasons else "ok"

    @property
    def question_key(self) -> str:
        """The deck's question for the process (``diag.<process>.question``)."""
        return f"diag.{self.process}.question"

    @property
    def remedy_key(self) -> str:
        return f"diag.{self.process}.remedy"


def _r(key: str, terms: Mapping[str, str] | None = None, **params: Any) -> Reason:
    return Reason(f"diag.{key}", MappingProxyType(params), MappingProxyType(terms or {}))


def listen(session: Session) -> list[Reason]:
    reasons: list[Reason] = []
    total = len(session.reviews)
    if total < MIN_REVIEWS:
        reasons.append(_r("listen.few_reviews", n=total, min=MIN_REVIEWS))
    if not total:
        return reasons
    assumptions = sum(1 for r in session.reviews if r.basis == "assumption")
    if assumptions * 2 > total:
        reasons.append(_r("listen.many_assumptions", n=assumptions, total=total))
    positive = sum(1 for r in session.reviews if r.polarity == "positive")
    for polarity, n in (("positive", positive), ("negative", total - positive)):
        if n * 3 < total:
            reasons.append(_r(f"listen.few_{polarity}", n=n, total=total))
    return reasons


def define(session: Session) -> list[Reason]:
    reasons: list[Reason] = []
    kinds = {i.kind for i in session.items}
    if "issue" not in kinds:
        reasons.append(_r("define.no_issues"))
    if "strength" not in kinds:
        reasons.append(_r("define.no_strengths"))
    no_owner = [i.id for i in session.items if not i.owner]
    if no_owner:
        reasons.append(_r("define.no_owner", items=no_owner))
    no_reviews = [i.id for i in session.items if not i.reviews]
    if no_reviews:
        reasons.append(_r("define.no_reviews", items=no_reviews))
    points = {i.points for i in session.items}
    if len(session.items) >= 2 and len(points) == 1:
        reasons.append(_r("define.same_points", n=len(session.items), points=points.pop()))
    return reasons


def invent(session: Session, analysis: Analysis) -> list[Reason]:
    reasons: list[Reason] = []
    names = {c.id: c.name for c in session.cases}
    scored = len(analysis.scored_cases)
    if scored < MIN_CASES:
        reasons.append(_r("invent.few_cases", n=scored, min=MIN_CASES))
    winner, stab = analysis.winner, analysis.stability
    if winner.case is None:
        if winner.tied:
            reasons.append(_r("invent.undecided", cases=list(winner.tied)))
        else:
            reasons.append(_r("invent.no_winner"))
    else:
        name = names.get(winner.case, "")
        if winner.decided_by in ("scores", "die", "facilitator"):
            reasons.append(_r(f"invent.by_{winner.decided_by}", case=winner.case, name=name))
        if stab.picks_made and stab.winner_picks * 2 < stab.picks_made:
            reasons.append(_r("invent.split_votes", case=winner.case, name=name, n=stab.winner_picks, total=stab.picks_made))
    if stab.sum_margin is not None and stab.sum_margin <= CLOSE_SUMS and len(analysis.scored_cases) >= 2:
        first, second = sorted(analysis.sums.items(), key=lambda e: -e[1])[:2]
        reasons.append(_r("invent.close_sums", first=first[0], second=second[0], a=number(first[1]), b=number(second[1]), pct=round(CLOSE_SUMS * 100)))
    limit = SPREAD_SHARE * stab.max_total
    for case, (low, high) in stab.ranges.items():
        if stab.max_total > 0 and high - low > limit:
            reasons.append(_r("invent.spread", case=case, name=names.get(case, ""), low=number(low), high=number(high), max=number(stab.max_total)))
    tied = [p for p, r in analysis.persons.items() if r.source == "tied"]
    if tied:
        reasons.append(_r("invent.personal_tie", persons=tied))
    return reasons


def _asks(question: str, topic: str) -> bool:
    text = question.casefold()
    return any(word in text for word in REQUIRED_FAQ[topic])


def refine(session: Session) -> list[Reason]:
    reasons: list[Reason] = []
    ref = session.refine
    for part in ("steps", "customer_faq", "internal_faq"):
        red = [n for n, entry in enumerate(getattr(ref, part), start=1) if entry.uncertain]
        if red:
            reasons.append(_r(f"refine.uncertain_{part}", n=len(red), numbers=red))
    for topic in REQUIRED_FAQ:
        asked = [f for f in ref.internal_faq if _asks(f.q, topic)]
        if not asked:
            reasons.append(_r(f"refine.faq_{topic}_missing"))
        elif not any(f.a.strip() for f in asked):
            reasons.append(_r(f"refine.faq_{topic}_unanswered"))
    empty = [part for part in MESSAGE_PARTS if not getattr(ref, part).strip()]
    if empty:
        reasons.append(_r("refine.empty_message", {"parts": "diag.part."}, parts=empty))
    return reasons


def test_iterate(session: Session) -> list[Reason]:
    reasons: list[Reason] = []
    by_id = {m.id: m for m in session.milestones}
    for mid in MEASURED_MILESTONES:
        milestone = by_id.get(mid)
        if milestone is None:
            reasons.append(_r("test_iterate.missing", id=mid))
            continue
        blank = [part for part in ("who", "what", "how") if not getattr(milestone, part).strip()]
        if blank:
            reasons.append(_r("test_iterate.incomplete", {"parts": "diag.part."}, id=mid, parts=blank))
        if milestone.due is None:
            reasons.append(_r("test_iterate.no_due", id=mid))
    first = by_id.get("m1")
    window = ms.horizon(session)
    if first is not None and first.due is not None and window is not None and ms.is_late(session, first):
        key = "test_iterate.m1_late_m0" if window.basis == "m0" else "test_iterate.m1_late"
        reasons.append(_r(key, due=first.due.isoformat(), start=window.start.isoformat(), months=ms.HORIZON_MONTHS))
    return reasons


test_iterate.__test__ = False  # type: ignore[attr-defined]  # not a pytest test when imported


def diagnose(session: Session, analysis: Analysis | None = None) -> tuple[Diagnosis, ...]:
    """The five diagnoses in the deck's order (pass ``analysis`` to reuse one)."""
    analysis = analysis or analyse(session)
    found = {
        "listen": listen(session),
        "define": define(session),
        "invent": invent(session, analysis),
        "refine": refine(session),
        "test_iterate": test_iterate(session),
    }
    return tuple(Diagnosis(process, tuple(found[process])) for process in PROCESSES)
