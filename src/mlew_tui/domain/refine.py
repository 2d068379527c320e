"""Refine - the planning document (PR/FAQ) written in three roles.

The rules (WORKSHOP.md, "Refine"; the deck's Refine の進め方):

- **Roles.** Everyone works in exactly one of three roles: planner (企画役),
  sales (営業役) or developer (開発者役). Recommendations follow the
  participant's job (:data:`ROLE_RECOMMENDATION`): PM -> planner; designer,
  sales, support -> sales; developer, data scientist -> developer. Not in the
  deck, our choice: an executive -> planner (the business view of the internal
  FAQ), anyone else ("other") -> sales (the deck welcomes outsiders there).
  :func:`recommend_roles` then fills an empty role from the largest one so all
  three are staffed when the team has three people or more.
- **The document.** The planner writes the customer message - a sentence
  assembled from seven fields (:data:`MESSAGE_FIELDS`) by the catalog's
  ``refine.message.template`` - and the internal FAQ, which must ask the two
  required questions; sales writes the customer FAQ; the developer writes the
  numbered steps a customer takes. Steps and FAQ answers whose feasibility is
  uncertain are marked (red, 赤字).
- **Prefills.** ``offer`` from the winning case, ``strength`` from the strength
  with the most points, the internal FAQ seeded with its two required
  questions, the customer FAQ with "Is the effect proven?" / "How much does it
  cost?" - each only where the team has written nothing yet.
- **Read aloud** (:data:`READ_ALOUD`): the planner reads the customer message,
  the developer the steps, sales the customer FAQ, the planner the internal
  FAQ; then the team discusses every uncertain part (:func:`uncertain_parts`).

Operations return undoable :class:`~mlew_tui.domain.history.Edit` objects; the
app applies them as named commands (``Workshop.apply``, see ``domain/commands.py``). Texts that come from the catalog
(seed questions, the sentence template) are passed in through ``tr``, a
translator callable, so this module stays free of any UI.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from string import Formatter
from types import MappingProxyType
from typing import Any, Literal

from .diagnostics import REQUIRED_FAQ
from .history import Edit, combine, insert, move, remove, set_attrs
from .message_grammar import phrase
from .scoring import Analysis, analyse
from .session import REFINE_ROLES, Faq, RefineStep, Session

Translate = Callable[..., str]
FaqKind = Literal["internal_faq", "customer_faq"]
Section = Literal["message", "steps", "customer_faq", "internal_faq"]

#: Job role -> recommended Refine role (see the module docstring).
ROLE_RECOMMENDATION: Mapping[str, str] = MappingProxyType(
    {
        "pm": "planner",
        "executive": "planner",
        "designer": "sales",
        "sales": "sales",
        "support": "sales",
        "other": "sales",
        "developer": "developer",
        "data_scientist": "developer",
    }
)

#: The customer message's fields, in the order of the sentence.
MESSAGE_FIELDS: tuple[str, ...] = ("product_name", "situation", "wanted", "blocked_by", "outcome", "offer", "strength")
FAQ_KINDS: tuple[FaqKind, ...] = ("internal_faq", "customer_faq")
#: Catalog keys of the seeded questions.
INTERNAL_SEEDS: tuple[tuple[str, str], ...] = (("growth", "refine.seed.internal_growth"), ("data", "refine.seed.internal_data"))
CUSTOMER_SEEDS: tuple[str, ...] = ("refine.seed.customer_proven", "refine.seed.customer_cost")
#: The read-aloud order of the merged document: (section, role that reads it).
READ_ALOUD: tuple[tuple[Section, str], ...] = (
    ("message", "planner"),
    ("steps", "developer"),
    ("customer_faq", "sales"),
    ("internal_faq", "planner"),
)
#: Parts that can be uncertain, in read-aloud order.
UNCERTAIN_SECTIONS: tuple[Section, ...] = ("steps", "customer_faq", "internal_faq")


# -- roles ------------------------------------------------------------------------


def recommended_role(job: str) -> str:
    """The Refine role recommended for a participant's job role."""
    return ROLE_RECOMMENDATION.get(job, "sales")


def role_of(session: Session, person: str) -> str | None:
    """The Refine role ``person`` is in (the first, if a hand-edited file lists several)."""
    for role in REFINE_ROLES:
        if person in getattr(session.refine, role):
            return role
    return None


def assignments(session: Session) -> dict[str, str | None]:
    """Participant id -> their Refine role (``None`` while unassigned), file order."""
    return {p.id: role_of(session, p.id) for p in session.participants}


def recommend_roles(session: Session) -> dict[str, str]:
    """A role for every participant: by job, then an empty role is filled from
    the largest (the last person of the first largest role moves), as long as
    that role keeps at least one person."""
    plan = {p.id: recommended_role(p.role) for p in session.participants}
    for empty in REFINE_ROLES:
        members = {r: [p for p, role in plan.items() if role == r] for r in REFINE_ROLES}
        if members[empty]:
            continue
        donor = max(REFINE_ROLES, key=lambda r: len(members[r]))
        if len(members[donor]) >= 2:
            plan[members[donor][-1]] = empty
    return plan


def _roles_edit(session: Session, plan: Mapping[str, str | None], label: str) -> Edit:
    ref = session.refine
    order = [p.id for p in session.participants]
    # Any: a list could not be passed as **values (set_attrs' ``key`` is a str).
    lists: dict[str, Any] = {role: [pid for pid in order if plan.get(pid) == role] for role in REFINE_ROLES}
    # Keep ids the file lists that are not participants (validation reports them).
    for role in REFINE_ROLES:
        lists[role] += [pid for pid in getattr(ref, role) if pid not in order and pid not in lists[role]]
    return set_attrs(label, ref, **lists)


def assign_role(session: Session, person: str, role: str | None) -> Edit:
    """Put ``person`` in ``role`` (``None``: in none) and out of the others."""
    if role is not None and role not in REFINE_ROLES:
        raise ValueError(f"unknown role {role!r}")
    plan: dict[str, str | None] = dict(assignments(session))
    plan[person] = role
    return _roles_edit(session, plan, "refine.edit.assign_role")


def apply_recommendations(session: Session, *, only_unassigned: bool = False) -> Edit:
    """Assign every participant (or only those without a role) as recommended."""
    current = assignments(session)
    recommended = recommend_roles(session)
    plan = {pid: (role if only_unassigned and role else recommended[pid]) for pid, role in current.items()}
    return _roles_edit(session, plan, "refine.edit.recommend_roles")


@dataclass(frozen=True)
class RoleProblem:
    """A problem with the roles: an i18n key (``refine.problem.*``) and its subject."""

    key: str
    subject: str  # a participant id or a role


def role_problems(session: Session) -> list[RoleProblem]:
    """Unassigned people, people in several roles, roles nobody is in."""
    problems: list[RoleProblem] = []
    ref = session.refine
    for person in session.participants:
        count = sum(person.id in getattr(ref, role) for role in REFINE_ROLES)
        if count == 0:
            problems.append(RoleProblem("refine.problem.unassigned", person.id))
        elif count > 1:
            problems.append(RoleProblem("refine.problem.several", person.id))
    if session.participants:
        for role in REFINE_ROLES:
            if not getattr(ref, role):
                problems.append(RoleProblem("refine.problem.empty_role", role))
    return problems


def readers(session: Session, role: str) -> list[str]:
    """Names of the people in ``role`` (ids when a name is unknown)."""
    names = {p.id: p.name for p in session.participants}
    return [names.get(pid, pid) for pid in getattr(session.refine, role)]


# -- prefills ----------------------------------------------------------------------


def offer_prefill(session: Session, tr: Translate, analysis: Analysis | None = None) -> str:
    """The offer (E) drafted from the winning case: its name and what it is valued for."""
    analysis = analysis or analyse(session)
    case = session.case(analysis.winner.case or session.invent.winner or "")
    if case is None:
        return ""
    if case.valued_for.strip():
        return tr("refine.prefill.offer", name=case.name.strip(), valued_for=case.valued_for.strip())
    return case.name.strip()


def strength_prefill(session: Session, analysis: Analysis | None = None) -> str:
    """The title of the strength with the most points (ties: most references, then file order)."""
    analysis = analysis or analyse(session)
    refs = {i.id: i.references for i in analysis.items}
    strengths = [i for i in session.items if i.kind == "strength"]
    if not strengths:
        return ""
    best = max(strengths, key=lambda i: (i.points, refs.get(i.id, 0), -strengths.index(i)))
    return best.title.strip()


def asks(question: str, topic: str) -> bool:
    """Whether an internal-FAQ question asks a required ``topic`` (``growth`` | ``data``)."""
    text = question.casefold()
    return any(word.casefold() in text for word in REQUIRED_FAQ[topic])


def prefill(session: Session, tr: Translate, analysis: Analysis | None = None) -> Edit | None:
    """One undoable edit that fills what is still empty: offer, strength, the
    internal FAQ's required questions (those no question asks yet) and the
    customer FAQ's two questions (when it has none). ``None`` when nothing is empty."""
    ref = session.refine
    analysis = analysis or analyse(session)
    edits: list[Edit] = []
    values: dict[str, str] = {}
    if not ref.offer.strip():
        values["offer"] = offer_prefill(session, tr, analysis)
    if not ref.strength.strip():
        values["strength"] = strength_prefill(session, analysis)
    values = {k: v for k, v in values.items() if v}
    if values:
        edits.append(set_attrs("refine.edit.prefill", ref, **values))
    # Insert positions are fixed when an edit is made, so count what goes in first.
    length = len(ref.internal_faq)
    for n, (topic, key) in enumerate(INTERNAL_SEEDS):
        if not any(asks(f.q, topic) for f in ref.internal_faq):
            edits.append(insert("refine.edit.prefill", ref.internal_faq, Faq(q=tr(key)), index=min(n, length)))
            length += 1
    if not ref.customer_faq:
        for n, key in enumerate(CUSTOMER_SEEDS):
            edits.append(insert("refine.edit.prefill", ref.customer_faq, Faq(q=tr(key)), index=n))
    return combine("refine.edit.prefill", edits) if edits else None


# -- the customer message ---------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    """A piece of the customer message: template text, or a field's value
    (``field`` set; ``text`` empty while the field is)."""

    text: str
    field: str = ""


def one_line(value: str) -> str:
    """Multi-line text as one line: lines join with a space, except between two
    Japanese characters (Japanese has no spaces between words)."""
    text = ""
    for line in (line.strip() for line in value.strip().splitlines()):
        if not line:
            continue
        if text and (text[-1].isascii() or line[0].isascii()):
            text += " "
        text += line
    return text


def clean_field(value: str) -> str:
    """A field as it goes into the sentence: one line, without a final full stop
    (the template has its own)."""
    return one_line(value).rstrip("。．.")


def message_segments(session: Session, template: str, language: str | None = None) -> list[Segment]:
    """The customer message cut into template text and field values, so a
    screen can style the fields and show empty ones as blanks. ``template`` is
    the catalog's ``refine.message.template`` with ``{field}`` placeholders;
    each value is joined the deck's way in ``language`` (the session's by
    default): it carries its own particle or auxiliary, once
    (:func:`mlew_tui.domain.message_grammar.phrase`)."""
    ref = session.refine
    lang = language or session.language
    out: list[Segment] = []
    for literal, name, _spec, _conv in Formatter().parse(template):
        if literal:
            out.append(Segment(literal))
        if name:
            out.append(Segment(phrase(name, clean_field(getattr(ref, name, "")), lang), name))
    return out


def customer_message(session: Session, tr: Translate, blank: Callable[[str], str] | None = None) -> str:
    """The assembled customer message as one string; an empty field shows as
    ``blank(field)`` (by default ``"…"``)."""
    parts = []
    for seg in message_segments(session, tr("refine.message.template"), getattr(tr, "lang", None)):
        if seg.field and not seg.text:
            parts.append(blank(seg.field) if blank else "…")
        else:
            parts.append(seg.text)
    return "".join(parts)


def empty_fields(session: Session) -> list[str]:
    """Fields of the customer message still empty, in sentence order."""
    return [f for f in MESSAGE_FIELDS if not getattr(session.refine, f).strip()]


# -- read aloud and uncertain parts -------------------------------------------------


@dataclass(frozen=True)
class ReadingPart:
    """One section of the read-aloud: what, the role that reads it, who is in that role."""

    section: Section
    role: str
    readers: tuple[str, ...]


def read_aloud(session: Session) -> list[ReadingPart]:
    """The merged document's sections in read-aloud order, with their readers."""
    return [ReadingPart(section, role, tuple(readers(session, role))) for section, role in READ_ALOUD]


@dataclass(frozen=True)
class UncertainPart:
    """A red part: a step or an FAQ entry (1-based ``number`` within its section)."""

    section: Section
    number: int
    text: str  # the step, or the FAQ's question
    answer: str = ""


def uncertain_parts(session: Session) -> list[UncertainPart]:
    """Every uncertain step and FAQ entry, in read-aloud order."""
    ref = session.refine
    parts = [UncertainPart("steps", n, s.text) for n, s in enumerate(ref.steps, start=1) if s.uncertain]
    for section in ("customer_faq", "internal_faq"):
        faqs: list[Faq] = getattr(ref, section)
        parts += [UncertainPart(section, n, f.q, f.a) for n, f in enumerate(faqs, start=1) if f.uncertain]
    return parts


# -- edits -------------------------------------------------------------------------


def set_message_field(session: Session, field: str, value: str) -> Edit:
    """Set one field of the customer message."""
    if field not in MESSAGE_FIELDS:
        raise ValueError(f"unknown field {field!r}")
    return set_attrs("refine.edit.message", session.refine, **{field: value})


def _faqs(session: Session, kind: FaqKind) -> list[Faq]:
    if kind not in FAQ_KINDS:
        raise ValueError(f"unknown FAQ {kind!r}")
    faqs: list[Faq] = getattr(session.refine, kind)
    return faqs


def add_faq(session: Session, kind: FaqKind, q: str, a: str = "", uncertain: bool = False) -> Edit:
    """Append a question (and answer) to the internal or customer FAQ."""
    return insert("refine.edit.add_faq", _faqs(session, kind), Faq(q=q, a=a, uncertain=uncertain))


def edit_faq(session: Session, kind: FaqKind, index: int, q: str, a: str, uncertain: bool) -> Edit:
    """Change the FAQ entry at ``index`` (0-based)."""
    return set_attrs("refine.edit.faq", _faqs(session, kind)[index], q=q, a=a, uncertain=uncertain)


def remove_faq(session: Session, kind: FaqKind, index: int) -> Edit:
    faqs = _faqs(session, kind)
    return remove("refine.edit.remove_faq", faqs, faqs[index])


def move_faq(session: Session, kind: FaqKind, index: int, offset: int) -> Edit:
    faqs = _faqs(session, kind)
    return move("refine.edit.move_faq", faqs, faqs[index], offset)


def toggle_faq_uncertain(session: Session, kind: FaqKind, index: int) -> Edit:
    """Mark the answer at ``index`` uncertain (red), or clear the mark."""
    faq = _faqs(session, kind)[index]
    return set_attrs("refine.edit.uncertain", faq, uncertain=not faq.uncertain)


def add_step(session: Session, text: str, uncertain: bool = False, index: int | None = None) -> Edit:
    """Add a step (at the end by default)."""
    return insert("refine.edit.add_step", session.refine.steps, RefineStep(text=text, uncertain=uncertain), index)


def edit_step(session: Session, index: int, text: str, uncertain: bool) -> Edit:
    return set_attrs("refine.edit.step", session.refine.steps[index], text=text, uncertain=uncertain)


def remove_step(session: Session, index: int) -> Edit:
    steps = session.refine.steps
    return remove("refine.edit.remove_step", steps, steps[index])


def move_step(session: Session, index: int, offset: int) -> Edit:
    steps = session.refine.steps
    return move("refine.edit.move_step", steps, steps[index], offset)


def toggle_step_uncertain(session: Session, index: int) -> Edit:
    """Mark the step at ``index`` uncertain (red), or clear the mark."""
    step = session.refine.steps[index]
    return set_attrs("refine.edit.uncertain", step, uncertain=not step.uncertain)
