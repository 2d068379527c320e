"""What changed since Day 1, in words: the lines the change view, the text
report and the Markdown export all show.

:func:`change_sections` turns :class:`~mlew_tui.domain.changes.Changes` into
sections of :class:`Line`\\ s, one section per process. A line is a mark
(added, removed, edited, cleared, newly uncertain or none), a tone and its
parts: catalog text (:class:`Plain`), user text (:class:`User`) and ids
(:class:`Id`), so each renderer shows them its own way - :func:`to_text`
as Rich text for the terminal (user text literally, never markup), the
Markdown export escaped, ids as code.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.text import Text

from ..domain.changes import Changes
from ..domain.formats import day, number
from ..domain.session import Session

Tr = Callable[..., str]


@dataclass(frozen=True)
class Plain:
    """Text of the catalog (or a number, a date)."""

    text: str


@dataclass(frozen=True)
class User:
    """Text a user typed (shown literally; escaped in Markdown)."""

    text: str


@dataclass(frozen=True)
class Id:
    """An id (a code span in Markdown)."""

    text: str


Part = Plain | User | Id

#: Marks: "" (none), "added", "removed", "edited", "cleared", "new_uncertain".
#: Tones: "" (plain), "good", "bad", "changed", "dim", "strong".


@dataclass(frozen=True)
class Line:
    parts: tuple[Part, ...]
    mark: str = ""
    tone: str = ""


@dataclass(frozen=True)
class Section:
    process: str  # listen, define, invent, refine, test_iterate
    lines: tuple[Line, ...]


_HOLE = "\x00"


def message(tr: Tr, key: str, **params: Part | str | int) -> tuple[Part, ...]:
    """The catalog message ``key`` as parts: its own text as :class:`Plain`,
    each placeholder as the part given (a str or int is plain)."""
    text = tr(key, **{name: f"{_HOLE}{name}{_HOLE}" for name in params})
    parts: list[Part] = []
    for n, piece in enumerate(text.split(_HOLE)):
        if n % 2 == 0:
            if piece:
                parts.append(Plain(piece))
        else:
            value = params[piece]
            parts.append(value if isinstance(value, (Plain, User, Id)) else Plain(str(value)))
    return tuple(parts)


def change_sections(changes: Changes, day1: Session, now: Session, tr: Tr, field_label: Callable[[str], str] | None = None) -> list[Section]:
    """The changes in words, one section per process (an empty comparison
    still gives every section; :attr:`Changes.any` says whether to show them).
    ``field_label`` names a milestone's field (by default the form's labels)."""
    label = field_label or (lambda field: tr(f"plan.form.{field}"))

    def case_name(cid: str | None) -> Part:
        if cid is None:
            return Plain(tr("plan.changes.none"))
        case = now.case(cid) or day1.case(cid)
        return User(case.name) if case else Id(cid)

    def line(key: str, mark: str = "", tone: str = "", **params: Part | str | int) -> Line:
        return Line(message(tr, key, **params), mark, tone)

    # Listen
    listen = [line("plan.changes.reviews", before=len(day1.reviews), after=len(now.reviews), added=len(changes.reviews_added))]
    listen += [Line((User(r.text),), "added", "good") for r in changes.reviews_added]
    listen += [Line((User(r.text),), "removed", "bad") for r in changes.reviews_removed]
    listen += [Line((User(r.text),), "edited", "changed") for r in changes.reviews_edited]
    before, after = changes.assumptions
    listen.append(line("plan.changes.assumptions", tone="good" if after < before else "", before=before, after=after))
    # Define
    define = [line("plan.changes.posts", n=changes.posts_added)] if changes.posts_added else []
    define += [line("plan.changes.item", "added", "good", title=User(i.title), points=i.points) for i in changes.items_added]
    define += [line("plan.changes.item", "removed", "bad", title=User(i.title), points=i.points) for i in changes.items_removed]
    for change in changes.items_changed:
        if change.old_points != change.points:
            define.append(line("plan.changes.points", "edited", "changed", title=User(change.title), before=change.old_points, after=change.points))
        if change.old_title != change.title:
            define.append(line("plan.changes.renamed", "edited", "changed", before=User(change.old_title), after=User(change.title)))
    if not define:
        define.append(line("plan.changes.unchanged", tone="dim"))
    # Invent
    invent = [line("plan.changes.case", "added", "good", name=User(c.name)) for c in changes.cases_added]
    for result in changes.cases:
        if result.changed:
            sums = {"old_sum": str(number(result.old_sum)), "sum": str(number(result.sum))}
            invent.append(line("plan.changes.case_result", tone="changed", name=User(result.name), old_picks=result.old_picks, picks=result.picks, **sums))
    for pick in changes.picks:
        person = now.participant(pick.person) or day1.participant(pick.person)
        who: Part = User(person.name) if person else Id(pick.person)
        invent.append(line("plan.changes.pick", name=who, before=case_name(pick.old), after=case_name(pick.new)))
    old, new = changes.winner
    if changes.winner_changed:
        invent.append(line("plan.changes.winner", tone="strong", before=case_name(old), after=case_name(new)))
    else:
        invent.append(line("plan.changes.same_winner", tone="dim" if changes.scores_changed else "", name=case_name(new)))
    # Refine
    before, after = changes.uncertain
    refine = [line("plan.changes.uncertain", tone="good" if after < before else ("changed" if after > before else ""), before=before, after=after)]
    refine += [Line((Plain(tr(f"plan.changes.section.{p.section}") + ": "), User(p.text)), "cleared", "good") for p in changes.cleared]
    refine += [Line((Plain(tr(f"plan.changes.section.{p.section}") + ": "), User(p.text)), "new_uncertain", "changed") for p in changes.new_uncertain]
    # Test/Iterate: the milestones
    milestones = [line("plan.changes.milestone", "added", "good", id=Id(m.id), title=User(m.title), due=day(m.due) or "-") for m in changes.milestones_added]
    milestones += [
        line("plan.changes.milestone", "removed", "bad", id=Id(m.id), title=User(m.title), due=day(m.due) or "-") for m in changes.milestones_removed
    ]
    for moved in changes.milestones_changed:
        for field, was, value in moved.fields:
            ends: dict[str, Part] = {"before": User(was) if was else Plain("-"), "after": User(value) if value else Plain("-")}
            milestones.append(line("plan.changes.milestone_field", "edited", "changed", id=Id(moved.id), field=label(field), **ends))
    if not milestones:
        milestones.append(line("plan.changes.unchanged", tone="dim"))
    return [
        Section("listen", tuple(listen)),
        Section("define", tuple(define)),
        Section("invent", tuple(invent)),
        Section("refine", tuple(refine)),
        Section("test_iterate", tuple(milestones)),
    ]


# -- as Rich text (the change view, the text report) ---------------------------------------

#: How the terminal marks a line.
MARKS = {"": "", "added": "+ ", "removed": "- ", "edited": "~ ", "cleared": "✓ ", "new_uncertain": "! "}
#: The terminal's style of each tone.
STYLES = {"": "", "good": "green", "bad": "red", "changed": "yellow", "dim": "dim", "strong": "bold yellow"}


def plain(parts: Sequence[Part]) -> str:
    """The parts as one plain string (user text as typed)."""
    return "".join(part.text for part in parts)


def to_text(sections: Sequence[Section], tr: Tr, text: Text | None = None) -> Text:
    """The sections as Rich text: a heading per process, indented lines;
    user text is appended literally (never parsed as markup)."""
    text = text if text is not None else Text()
    for section in sections:
        text.append("\n" + tr(f"process.{section.process}") + "\n", style="bold underline")
        for line in section.lines:
            text.append("  " + MARKS[line.mark] + plain(line.parts) + "\n", style=STYLES[line.tone])
    return text
