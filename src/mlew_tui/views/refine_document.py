"""The Refine document as Rich text: the customer message, the steps, both
FAQs and the uncertain parts - for the merge view, the read-aloud mode and
the planner's live sentence.

Uncertain parts are red *and* carry the catalog's marker; user text is always
appended literally.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text

from ..domain import refine as rules
from ..domain.session import Session
from ..widgets.faq_list import UNCERTAIN_STYLE

Translate = Callable[..., str]


def blank(tr: Translate, field: str) -> str:
    """How an empty field of the customer message shows: ``(situation (A))``."""
    return tr("refine.message.blank", part=tr(f"diag.part.{field}"))


def message_text(session: Session, tr: Translate, override: tuple[str, str] | None = None) -> Text:
    """The assembled customer message; fields bold, blanks marked. ``override``
    (field, value) shows a value being typed in the form."""
    if override is not None:
        session = session.model_copy(update={"refine": session.refine.model_copy(update={override[0]: override[1]})})
    text = Text()
    for seg in rules.message_segments(session, tr("refine.message.template"), getattr(tr, "lang", None)):
        if not seg.field:
            text.append(seg.text)
        elif seg.text:
            text.append(seg.text, style="bold underline" if override and seg.field == override[0] else "bold")
        else:
            text.append(blank(tr, seg.field), style="italic yellow")
    return text


def steps_text(session: Session, tr: Translate) -> Text:
    text = Text()
    steps = session.refine.steps
    if not steps:
        return Text(tr("refine.doc.no_steps"), style="italic")
    marker = tr("refine.uncertain_marker")
    for n, step in enumerate(steps, start=1):
        if n > 1:
            text.append("\n")
        text.append(f"{n}. ", style="bold")
        if step.uncertain:
            text.append(marker + " ", style=f"{UNCERTAIN_STYLE} reverse")
            text.append(step.text, style=UNCERTAIN_STYLE)
        else:
            text.append(step.text)
    return text


def faq_text(session: Session, tr: Translate, kind: str) -> Text:
    faqs = getattr(session.refine, kind)
    if not faqs:
        return Text(tr("refine.doc.no_faq"), style="italic")
    marker = tr("refine.uncertain_marker")
    text = Text()
    for n, faq in enumerate(faqs, start=1):
        if n > 1:
            text.append("\n\n")
        text.append(tr("refine.faq.question", n=n) + " " + faq.q, style="bold")
        text.append("\n" + tr("refine.faq.answer") + " ", style="bold")
        if faq.uncertain:
            text.append(marker + " ", style=f"{UNCERTAIN_STYLE} reverse")
        if faq.a.strip():
            text.append(rules.one_line(faq.a), style=UNCERTAIN_STYLE if faq.uncertain else "")
        else:
            text.append(tr("refine.faq.no_answer"), style="italic yellow")
    return text


def section_text(session: Session, tr: Translate, section: str) -> Text:
    if section == "message":
        return message_text(session, tr)
    if section == "steps":
        return steps_text(session, tr)
    return faq_text(session, tr, section)


def reader_line(session: Session, tr: Translate, part: rules.ReadingPart) -> str:
    """``Read by: Planner (Maria Lopez)``."""
    names = tr("diag.list_sep").join(part.readers) or tr("refine.nobody")
    return tr("refine.doc.reader", role=tr(f"refine.role.{part.role}"), names=names)


def uncertain_text(session: Session, tr: Translate) -> Text:
    """Every uncertain part, numbered within its section, to discuss after reading."""
    parts = rules.uncertain_parts(session)
    if not parts:
        return Text(tr("refine.doc.no_uncertain"), style="green")
    marker = tr("refine.uncertain_marker")
    text = Text()
    for n, part in enumerate(parts, start=1):
        if n > 1:
            text.append("\n")
        text.append(f"{n}. ", style="bold")
        text.append(marker + " ", style=f"{UNCERTAIN_STYLE} reverse")
        text.append(tr(f"refine.doc.where.{part.section}", n=part.number) + " ", style="bold")
        text.append(part.text, style=UNCERTAIN_STYLE)
        if part.answer.strip():
            text.append("\n     " + rules.one_line(part.answer), style="red")
    return text


def document_text(session: Session, tr: Translate) -> Text:
    """The whole merged document in read-aloud order, then the uncertain parts."""
    text = Text()
    for n, part in enumerate(rules.read_aloud(session), start=1):
        text.append(f"{n}. " + tr(f"refine.section.{part.section}"), style="bold reverse")
        text.append("  " + reader_line(session, tr, part) + "\n", style="bold")
        text.append_text(section_text(session, tr, part.section))
        text.append("\n\n")
    text.append(tr("refine.section.uncertain", n=len(rules.uncertain_parts(session))), style="bold reverse")
    text.append("\n")
    text.append_text(uncertain_text(session, tr))
    return text
