"""Invent's operations: score cells, picks, the winner, and the cases.

Pure functions over a :class:`~mlew_tui.domain.session.Session` that return
undoable :class:`~mlew_tui.domain.history.Edit` objects (the app runs them
through ``Workshop.do``). The scoring *rules* - totals, picks, votes, the
winner - live in :mod:`mlew_tui.domain.scoring`; this module only changes the
session within those rules:

- **A cell** holds ``0 <= x <= item points`` in steps of 0.5 (the deck's 2.5).
  ``full`` is the item's points, ``partial`` is
  :func:`~mlew_tui.domain.scoring.partial_credit` with the session's
  ``partial_ratio``. A value above the points is refused (:class:`Refused`,
  never stored); clearing removes the cell.
- **A vote** (``votes.<person>``) is the #1 a person chooses when their own
  highest total is shared by several cases; it must be one of those cases.
- **The winner** follows from the picks and sums; when they leave cases tied,
  the die (an injected ``random.Random``) or the facilitator chooses among the
  tied cases and ``[invent]`` records it with ``decided_by``.
"""

from __future__ import annotations

import random
import string
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from .formats import number_text
from .history import Edit, combine, insert, set_attrs, set_key, set_score
from .ids import next_id
from .prepare import import_cases
from .scoring import Analysis, analyse, full_credit, partial_credit, pick_of
from .session import Case, Session

Credit = Literal["full", "partial"]
#: Case fields a form edits, in the order of the deck's frame sentence.
CASE_FIELDS: tuple[str, ...] = ("name", "company", "valued_for", "solves", "reinforces", "result", "data_loop", "source", "presenter")


class Refused(ValueError):
    """An operation the rules do not allow; ``key``/``params`` say why (i18n)."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


# -- score cells ----------------------------------------------------------------


def check_cell(value: float, points: int) -> Refused | None:
    """Why ``value`` cannot go in a cell of an item worth ``points`` (None: it can)."""
    if value < 0 or (value * 2) != int(value * 2):
        return Refused("invent.refused.halves", value=number_text(value))
    if value > points:
        return Refused("invent.refused.above", value=number_text(value), points=points)
    return None


def set_cell(session: Session, person: str, case_id: str, item_id: str, value: float | None) -> Edit:
    """Set (or with ``None`` clear) ``scores.<person>.<case>.<item>``.

    Raises :class:`Refused` for a value above the item's points or not a
    multiple of 0.5, and for unknown cases or items.
    """
    item = session.item(item_id)
    if item is None or session.case(case_id) is None:
        raise Refused("invent.refused.no_cell")
    if not person:
        raise Refused("invent.refused.nobody")
    if value is not None:
        problem = check_cell(value, item.points)
        if problem is not None:
            problem.params["item"] = item.title
            raise problem
        value = float(value)
    label = "edit.clear_score" if value is None else "edit.set_score"
    return set_score(label, session.scores, person, case_id, item_id, value)


def credit_cell(session: Session, person: str, case_id: str, item_id: str, credit: Credit) -> Edit:
    """Full points (``"full"``) or partial credit (``"partial"``) for one cell."""
    item = session.item(item_id)
    if item is None:
        raise Refused("invent.refused.no_cell")
    value = full_credit(item.points) if credit == "full" else partial_credit(item.points, session.scoring.partial_ratio)
    return set_cell(session, person, case_id, item_id, value)


def cell_value(session: Session, person: str, case_id: str, item_id: str) -> float | None:
    """The stored cell, or ``None`` when the person has not scored it."""
    return session.scores.get(person, {}).get(case_id, {}).get(item_id)


# -- votes and the winner ------------------------------------------------------------


def set_vote(session: Session, person: str, case_id: str | None) -> Edit:
    """``votes.<person> = case_id`` (``None`` removes the vote).

    A person chooses only among the cases that share their highest total (the
    deck: each person's #1 comes from their own scores). Removing a vote is
    always allowed.
    """
    if session.participant(person) is None:
        raise Refused("invent.refused.nobody")
    if case_id is None:
        return set_key("edit.clear_vote", session.votes, person)
    if session.case(case_id) is None:
        raise Refused("invent.refused.no_case")
    order = [c.id for c in session.cases]
    cells = session.scores.get(person, {})
    totals = {c: float(sum(cells.get(c, {}).values())) for c in order}
    top = pick_of(person, totals, order).top
    if len(top) < 2:
        raise Refused("invent.refused.not_tied")
    if case_id not in top:
        raise Refused("invent.refused.not_top")
    return set_key("edit.set_vote", session.votes, person, case_id)


def tied_cases(analysis: Analysis) -> tuple[str, ...]:
    """The cases the die or the facilitator must choose between (empty when
    the picks or the sums decide, or when nothing is scored yet)."""
    winner = analysis.winner
    return winner.tied if winner.decided_by == "undecided" else ()


@dataclass(frozen=True)
class DieRoll:
    """What the room sees: the die's face among ``tied`` and the chosen case."""

    face: int  # 1-based position in ``tied``
    tied: tuple[str, ...]
    case: str
    edit: Edit = field(compare=False)


def roll_die(session: Session, rng: random.Random) -> DieRoll:
    """Roll among the cases still tied; the edit records ``decided_by = "die"``.

    Raises :class:`Refused` when nothing is tied (the rules already decide,
    the winner is recorded, or nothing is scored yet).
    """
    tied = _undecided(session)
    face = rng.randint(1, len(tied))
    case = tied[face - 1]
    return DieRoll(face, tied, case, set_attrs("edit.roll_die", session.invent, winner=case, decided_by="die"))


def facilitator_decides(session: Session, case_id: str) -> Edit:
    """The facilitator chooses one of the tied cases (``decided_by = "facilitator"``)."""
    tied = _undecided(session)
    if case_id not in tied:
        raise Refused("invent.refused.not_tied_case")
    return set_attrs("edit.decide", session.invent, winner=case_id, decided_by="facilitator")


def _undecided(session: Session) -> tuple[str, ...]:
    analysis = analyse(session)
    if analysis.winner.decided_by in ("die", "facilitator"):
        raise Refused("invent.refused.decided", how=analysis.winner.decided_by)
    tied = tied_cases(analysis)
    if not tied:
        raise Refused("invent.refused.nothing_tied")
    return tied


def winner_record(session: Session, analysis: Analysis) -> Edit | None:
    """An edit that makes ``[invent]`` agree with the rules, or ``None`` when it does.

    A winner decided by picks or sums is recorded as such; a die or
    facilitator decision that still stands is kept; a record that no longer
    applies (the scores changed) is cleared. The app applies it as derived
    state (saved, not undone on its own).
    """
    winner = analysis.winner
    if winner.decided_by == "undecided":
        want: tuple[str, str | None] = ("", None)
    else:
        want = (winner.case or "", winner.decided_by)
    if (session.invent.winner, session.invent.decided_by) == want:
        return None
    return set_attrs("edit.record_winner", session.invent, winner=want[0], decided_by=want[1])


# -- cases ---------------------------------------------------------------------------


def add_case(session: Session, fields: Mapping[str, str]) -> tuple[Case, Edit]:
    """A new case with the next free id ``c<n>``; the name is required."""
    values = _case_values(session, fields)
    case = Case(id=next_id("c", (c.id for c in session.cases)), **values)
    return case, insert("edit.add_case", session.cases, case)


def edit_case(session: Session, case_id: str, fields: Mapping[str, str]) -> Edit:
    """Change the fields of a case (its id, and so its scores, stay)."""
    case = session.case(case_id)
    if case is None:
        raise Refused("invent.refused.no_case")
    return set_attrs("edit.edit_case", case, **_case_values(session, fields))


def _case_values(session: Session, fields: Mapping[str, str]) -> dict[str, str]:
    values = {name: str(fields.get(name, "")).strip() for name in CASE_FIELDS}
    if not values["name"]:
        raise Refused("invent.refused.no_name")
    if values["presenter"] and session.participant(values["presenter"]) is None:
        raise Refused("invent.refused.nobody")
    return values


def import_cases_edit(session: Session, data: Mapping[str, Any]) -> tuple[list[Case], Edit]:
    """The ``[[cases]]`` of a TOML document added to the session as one edit.

    Presenters may be participant ids or names. A case without an id, or whose
    id is already taken, gets the next free ``c<n>`` (a prepared file usually
    numbers its cases from c1 too). Raises
    :class:`~mlew_tui.domain.prepare.PrepareError` listing every problem.
    """
    raw = data.get("cases")
    taken = {c.id for c in session.cases}
    if isinstance(raw, list):
        entries = []
        for entry in raw:
            if isinstance(entry, Mapping):
                entry = dict(entry)
                if not isinstance(entry.get("id"), str) or entry["id"] in taken:
                    entry["id"] = next_id("c", taken)
                taken.add(entry["id"])
            entries.append(entry)
        data = {**data, "cases": entries}
    cases = import_cases(data, session.participants, (c.id for c in session.cases))
    start = len(session.cases)  # each insert knows its place: they are built before any is applied
    return cases, combine("edit.import_cases", [insert("edit.import_cases", session.cases, c, start + k) for k, c in enumerate(cases)])


# -- the case frame sentence -----------------------------------------------------------

#: One piece of a frame line: ``(text, kind)`` where kind is ``"frame"`` (the
#: catalog's words), ``"field"`` (the user's text, shown literally) or
#: ``"missing"`` (a field not filled in yet).
Segment = tuple[str, str]

#: The lines of the frame: (catalog key, the fields it needs to be shown).
_FRAME: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("invent.frame.valued", ("valued_for",)),
    ("invent.frame.solves", ("solves",)),
    ("invent.frame.reinforces", ("reinforces",)),
    ("invent.frame.result", ("result",)),
    ("invent.frame.data_loop", ("data_loop",)),
)


def case_frame(case: Case, tr: Callable[..., str]) -> list[list[Segment]]:
    """The deck's frame sentence for ``case`` as lines of segments.

    ``tr`` is a translator (``tr(key)`` returns the raw catalog text with
    ``{field}`` placeholders). Field values are inserted as ``"field"``
    segments so the UI can show them literally; trailing sentence punctuation
    of a field is dropped because the frame adds its own. ``solves`` and
    ``reinforces`` lines are left out when empty (a case may do only one);
    other empty fields show as ``"missing"``. The company falls back to a
    neutral word when not given.
    """
    values = {name: _clean(getattr(case, name)) for name in ("name", "valued_for", "solves", "reinforces", "result", "data_loop")}
    values["company"] = _clean(case.company)
    lines: list[list[Segment]] = []
    for key, needs in _FRAME:
        if key in ("invent.frame.solves", "invent.frame.reinforces") and not values[needs[0]]:
            continue
        template = tr(f"{key}_company" if key == "invent.frame.valued" and values["company"] else key)
        lines.append(_fill(template, values, tr("invent.frame.missing")))
    return lines


def _clean(text: str) -> str:
    return " ".join(text.split()).rstrip("。.．")


def _fill(template: str, values: Mapping[str, str], missing: str) -> list[Segment]:
    out: list[Segment] = []
    for literal, name, _spec, _conv in string.Formatter().parse(template):
        if literal:
            out.append((literal, "frame"))
        if name is not None:
            value = values.get(name, "")
            out.append((value, "field") if value else (missing, "missing"))
    return out


def case_numbers(cases: Sequence[Case]) -> dict[str, int]:
    """Case id -> its 1-based number on screen (file order)."""
    return {c.id: n for n, c in enumerate(cases, 1)}


# -- private scoring, then a reveal (issue #19 item 4) ---------------------------------
#
# The deck marks scoring as individual work (each person alone, 1 min per
# case) and shares the #1 picks afterwards. While a round is private the
# projector shows the cells of the person at the keyboard and *who* has
# scored or has a #1, never what; the facilitator reveals the round
# (``[invent] scores_revealed`` / ``votes_revealed``). The same rules serve
# any device that shows a round (issue #20's phones).

#: A private round: the scoring of the cases, or the #1 vote.
Round = Literal["scores", "votes"]
ROUNDS: tuple[Round, ...] = ("scores", "votes")
#: The step whose round each is.
ROUND_STEPS: Mapping[str, Round] = {"invent.cases": "scores", "invent.vote": "votes"}
_REVEALED = {"scores": "scores_revealed", "votes": "votes_revealed"}
#: The Day 2 re-run of Invent: its first visit starts hidden again.
RERUN_STEP = "day2.invent"


@dataclass(frozen=True)
class Shown:
    """What the projector may show of everyone's work on a step."""

    #: Everyone's totals per case (and the person at the keyboard's own row totals).
    totals: bool = True
    #: The #1 picks, the tally of picks, the sums, the ★ and the winner.
    picks: bool = True

    @property
    def private(self) -> bool:
        return not (self.totals and self.picks)


def is_revealed(session: Session, round_: Round) -> bool:
    return bool(getattr(session.invent, _REVEALED[round_]))


def shown(session: Session, step: str) -> Shown:
    """What ``step`` (the Day 1 step whose work shows) may show now.

    Scoring (``invent.cases``) shows totals and picks once the scores are
    revealed. The vote (``invent.vote``) shows each person's #1, the tally
    and the winner once the votes are revealed; the totals once either round
    is. Every other step (and every export) shows everything.
    """
    round_ = ROUND_STEPS.get(step)
    if round_ == "scores":
        scores = is_revealed(session, "scores")
        return Shown(totals=scores, picks=scores)
    if round_ == "votes":
        votes = is_revealed(session, "votes")
        return Shown(totals=votes or is_revealed(session, "scores"), picks=votes)
    return Shown()


def has_scored(session: Session, person: str, case_id: str) -> bool:
    """``person`` has scored ``case_id``: at least one of its cells holds a
    value (an empty cell is no credit, so a case that earns nothing from
    anyone cannot be told from one not scored yet)."""
    return any(value is not None for value in session.scores.get(person, {}).get(case_id, {}).values())


def scored_by(session: Session, case_id: str) -> tuple[tuple[str, bool], ...]:
    """Every participant, in file order, with whether they have scored ``case_id``."""
    return tuple((p.id, has_scored(session, p.id, case_id)) for p in session.participants)


def has_pick(analysis: Analysis, person: str) -> bool:
    """``person`` has a #1 (from their scores, or chosen among their tied top)."""
    result = analysis.persons.get(person)
    return result is not None and result.pick is not None


def set_revealed(session: Session, round_: Round, revealed: bool) -> Edit | None:
    """Reveal (``True``) or hide again (``False``) a round; ``None`` when it already is."""
    if round_ not in _REVEALED:
        raise ValueError(round_)
    name = _REVEALED[round_]
    if getattr(session.invent, name) == revealed:
        return None
    values: dict[str, Any] = {name: revealed}
    return set_attrs(f"edit.{'reveal' if revealed else 'hide'}_{round_}", session.invent, **values)


def first_rerun_visit(session: Session) -> bool:
    """The room has just entered the Day 2 re-run of Invent for the first time
    (its step record is new: no earlier visit has been closed)."""
    record = session.progress.actual.get(RERUN_STEP)
    return session.progress.day == 2 and record is not None and record.spent_s is None and record.resumed_at is None


def hide_for_rerun(session: Session) -> Edit | None:
    """Both rounds hidden again: a re-run on Day 2 scores and votes in private
    like Day 1 (Day 1's reveal stays frozen in ``[day1]``). ``None`` when hidden."""
    if not any(is_revealed(session, r) for r in ROUNDS):
        return None
    return set_attrs("edit.hide_for_rerun", session.invent, scores_revealed=False, votes_revealed=False)
