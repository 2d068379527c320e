"""Reference counts, suggested points, totals, picks, votes and the winner.

Everything here is a pure function of a :class:`~mlew_tui.domain.session.Session`;
:func:`analyse` computes all of it in one pass over the score cells (linear in
the number of cells) and returns a frozen :class:`Analysis`. The app calls it
on every keystroke, so it builds no pydantic model and sorts only cases.

The rules (WORKSHOP.md, "Define" and "Invent"; DESIGN.md, "Scoring rules"):

- **Reference counts.** A review's count is the number of posts that reference
  it; a post counts once per review however often it lists it. A group's count
  is the sum of its reviews' counts plus the posts that reference the group
  itself (once per post); a group reference does not add to the group's
  reviews. The customer card's count is the number of posts that reference
  ``"customer"``. An item's references are the sum of the counts of its
  (distinct) linked reviews.
- **Suggested points** (:func:`suggest_points`): items are ranked by
  references over all items, issues and strengths together. An item with
  ``k`` items strictly above it gets 5 when ``k < n/3``, 3 when ``k < 2n/3``,
  else 1 (``n`` = number of items); an item without references gets 1. Equal
  references get equal suggestions. It is a suggestion: the owner's points
  stand.
- **Credit.** Full credit is the item's points; partial credit is
  ``partial_ratio x points`` rounded to the nearest 0.5 (halves round up) and
  kept strictly between 0 and full (so at least 0.5, at most points - 0.5).
  With the deck's 0.6: 5 -> 3, 3 -> 2, 1 -> 0.5.
- **Totals.** A person's total for a case is the sum of their cells (0 when
  they have not scored it). Every participant and every case appears.
- **Picks.** ``votes.<person>`` when set (an explicit choice always wins), else
  the person's unique highest-total case, else none: when their highest total
  is shared the tied cases are listed (the app asks them); when they have
  scored nothing, or all their totals are 0, they have no pick and no tie.
- **Winner.** The case with most picks (``decided_by = "votes"``); a tie in
  picks goes to the higher sum of all persons' totals (``"scores"``); a tie in
  both is ``"undecided"`` unless ``[invent]`` records a winner decided by
  ``"die"`` or ``"facilitator"`` that is one of the tied cases. When the rules
  decide, they win whatever ``[invent]`` records (see ``recorded_winner``).
- **Ranking.** All cases by picks, then sum, then file order; a winner decided
  by die or facilitator is moved to the front.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal, TypeVar

from .session import CUSTOMER_REF, Session
from .session import DecidedBy as RecordedBy

DecidedBy = Literal["votes", "scores", "undecided", "die", "facilitator"]
PickSource = Literal["vote", "scores", "tied", "none"]


_K = TypeVar("_K")
_V = TypeVar("_V")


def _frozen(mapping: dict[_K, _V]) -> Mapping[_K, _V]:
    return MappingProxyType(mapping)


# -- credit --------------------------------------------------------------------


def round_half(value: float) -> float:
    """``value`` rounded to the nearest 0.5, halves up (1.25 -> 1.5)."""
    # The epsilon absorbs binary noise such as 0.6 * 5 = 3.0000000000000004.
    return math.floor(value * 2 + 0.5 + 1e-9) / 2


def full_credit(points: int) -> float:
    """The cell of a case that fully solves an issue / reinforces a strength."""
    return float(points)


def partial_credit(points: int, ratio: float = 0.6) -> float:
    """The cell of a case that is related but not complete: ``ratio x points``
    to the nearest 0.5, at least 0.5 and at most ``points - 0.5``.

    >>> partial_credit(5), partial_credit(3), partial_credit(1)
    (3.0, 2.0, 0.5)
    """
    value = round_half(ratio * points)
    return min(max(value, 0.5), max(points - 0.5, 0.5))


# -- Define: references and suggested points -------------------------------------


@dataclass(frozen=True)
class ReferenceCounts:
    """+1 counting of Define: posts per review, per group and for the customer card."""

    reviews: Mapping[str, int]
    groups: Mapping[str, int]
    customer: int

    def most_referenced(self, limit: int | None = None) -> list[tuple[str, int]]:
        """Reviews with at least one reference, most first (file order on ties)."""
        ranked = sorted(((rid, n) for rid, n in self.reviews.items() if n > 0), key=lambda e: -e[1])
        return ranked if limit is None else ranked[:limit]


def reference_counts(session: Session) -> ReferenceCounts:
    """How many posts reference each review, each group and the customer card."""
    reviews = {r.id: 0 for r in session.reviews}
    direct_groups = {g.id: 0 for g in session.groups}
    customer = 0
    for post in session.posts:
        for ref in set(post.refs):
            if ref in reviews:
                reviews[ref] += 1
            elif ref in direct_groups:
                direct_groups[ref] += 1
            elif ref == CUSTOMER_REF:
                customer += 1
    groups = dict(direct_groups)
    for review in session.reviews:
        if review.group in groups:
            groups[review.group] += reviews[review.id]
    return ReferenceCounts(_frozen(reviews), _frozen(groups), customer)


def item_references(session: Session, counts: ReferenceCounts) -> dict[str, int]:
    """Item id -> sum of the reference counts of its distinct linked reviews."""
    return {item.id: sum(counts.reviews.get(rid, 0) for rid in dict.fromkeys(item.reviews)) for item in session.items}


def suggest_points(references: Mapping[str, int]) -> dict[str, int]:
    """Suggested 1/3/5 points from item references (rule in the module docstring)."""
    n = len(references)
    ordered = sorted(references.values(), reverse=True)
    above: dict[int, int] = {}
    for index, value in enumerate(ordered):
        above.setdefault(value, index)  # items strictly above = first index of the value
    out: dict[str, int] = {}
    for item, value in references.items():
        k = above[value]
        out[item] = 1 if value <= 0 else 5 if 3 * k < n else 3 if 3 * k < 2 * n else 1
    return out


@dataclass(frozen=True)
class ItemInfo:
    """One issue or strength with what Define knows about it."""

    id: str
    kind: str
    points: int
    references: int
    suggested_points: int
    partial: float


# -- Invent: totals, picks, winner ----------------------------------------------------


@dataclass(frozen=True)
class PersonResult:
    """One person's totals per case and their #1 pick."""

    person: str
    totals: Mapping[str, float]  # every case, 0 when not scored
    cells: int  # number of cells the person has scored
    top: tuple[str, ...]  # the cases with the highest total (empty when all are 0)
    vote: str | None  # the explicit votes.<person> entry
    pick: str | None
    source: PickSource  # why: "vote", "scores" (unique top), "tied" or "none"

    @property
    def tied(self) -> tuple[str, ...]:
        """The cases the person must choose between (empty unless ``source == "tied"``)."""
        return self.top if self.source == "tied" else ()


@dataclass(frozen=True)
class Winner:
    case: str | None
    decided_by: DecidedBy
    tied: tuple[str, ...]  # the cases tied in picks and sums (die / facilitator / undecided)


@dataclass(frozen=True)
class Stability:
    """Measures behind the Invent diagnostics."""

    picks_made: int  # persons with a pick
    winner_picks: int  # picks for the winner (or for the most picked case when undecided)
    winner_share: float  # winner_picks / picks_made (0 without picks)
    sum_margin: float | None  # (first - second) / first of the two highest sums; None if < 2 cases or first is 0
    max_total: float  # the highest possible total of one person for one case
    ranges: Mapping[str, tuple[float, float]]  # case -> (lowest, highest) total of the persons who scored it

    @property
    def spreads(self) -> dict[str, float]:
        """Case -> highest minus lowest total of the persons who scored it."""
        return {case: high - low for case, (low, high) in self.ranges.items()}


@dataclass(frozen=True)
class Analysis:
    """Everything scoring knows about a session, computed once by :func:`analyse`."""

    references: ReferenceCounts
    items: tuple[ItemInfo, ...]  # file order
    persons: Mapping[str, PersonResult]  # participants in file order
    case_order: tuple[str, ...]
    scored_cases: tuple[str, ...]  # cases with at least one cell, file order
    sums: Mapping[str, float]  # case -> sum of all persons' totals
    votes: Mapping[str, int]  # case -> number of picks, every case
    ranking: tuple[str, ...]
    winner: Winner
    recorded_winner: str | None
    recorded_decided_by: str | None
    stability: Stability

    @property
    def totals(self) -> dict[str, Mapping[str, float]]:
        return {p: r.totals for p, r in self.persons.items()}

    @property
    def picks(self) -> dict[str, str | None]:
        return {p: r.pick for p, r in self.persons.items()}

    def tied_top(self, person: str) -> tuple[str, ...]:
        """The cases ``person`` must choose between; empty when they have a pick."""
        result = self.persons.get(person)
        return result.tied if result else ()

    def item(self, item_id: str) -> ItemInfo | None:
        return next((i for i in self.items if i.id == item_id), None)


def _top(totals: Mapping[str, float], order: Sequence[str]) -> tuple[str, ...]:
    best = max(totals.values(), default=0.0)
    if best <= 0:
        return ()
    return tuple(c for c in order if totals[c] == best)


def pick_of(person: str, totals: Mapping[str, float], order: Sequence[str], vote: str | None = None, cells: int = 0) -> PersonResult:
    """A person's pick from their totals (every case of ``order``) and explicit
    vote (rules in the module docstring)."""
    top = _top(totals, order)
    if vote:
        return PersonResult(person, totals, cells, top, vote, vote, "vote")
    if len(top) == 1:
        return PersonResult(person, totals, cells, top, None, top[0], "scores")
    return PersonResult(person, totals, cells, top, None, None, "tied" if top else "none")


def decide_winner(
    votes: Mapping[str, int],
    sums: Mapping[str, float],
    order: Sequence[str],
    recorded: str | None = None,
    recorded_by: RecordedBy | None = None,
) -> Winner:
    """Most picks, then the higher sum; a tie in both takes a recorded die or
    facilitator decision among the tied cases, else stays undecided."""
    if not order:
        return Winner(None, "undecided", ())
    most = max(votes.get(c, 0) for c in order)
    leaders = [c for c in order if votes.get(c, 0) == most]
    if len(leaders) == 1 and most > 0:
        return Winner(leaders[0], "votes", ())
    best = max(sums.get(c, 0.0) for c in leaders)
    finalists = tuple(c for c in leaders if sums.get(c, 0.0) == best)
    if len(finalists) == 1 and best > 0:
        return Winner(finalists[0], "scores", ())
    if best <= 0 and most == 0:
        finalists = ()  # nothing scored, nothing picked: no tie to break yet
    if recorded in finalists and recorded_by in ("die", "facilitator"):
        return Winner(recorded, recorded_by, finalists)
    return Winner(None, "undecided", finalists)


def rank_cases(votes: Mapping[str, int], sums: Mapping[str, float], order: Sequence[str], winner: Winner) -> tuple[str, ...]:
    """Cases by picks, then sum, then file order; a winner decided by die or
    facilitator comes first."""
    position = {c: i for i, c in enumerate(order)}
    ranking = sorted(order, key=lambda c: (-votes.get(c, 0), -sums.get(c, 0.0), position[c]))
    if winner.case is not None and winner.decided_by in ("die", "facilitator"):
        ranking.remove(winner.case)
        ranking.insert(0, winner.case)
    return tuple(ranking)


def _persons(session: Session) -> list[str]:
    """Participants in file order, then anyone else who scored or voted (only in
    sessions that were not validated)."""
    return list(dict.fromkeys([p.id for p in session.participants] + list(session.scores) + list(session.votes)))


def analyse(session: Session) -> Analysis:
    """Reference counts, items, totals, picks, votes, winner, ranking and stability."""
    counts = reference_counts(session)
    refs = item_references(session, counts)
    suggested = suggest_points(refs)
    ratio = session.scoring.partial_ratio
    items = tuple(ItemInfo(i.id, i.kind, i.points, refs[i.id], suggested[i.id], partial_credit(i.points, ratio)) for i in session.items)
    order = tuple(c.id for c in session.cases)
    known = set(order)
    sums = dict.fromkeys(order, 0.0)
    scored: set[str] = set()
    by_case: dict[str, list[float]] = {c: [] for c in order}  # totals of persons who scored the case
    persons: dict[str, PersonResult] = {}
    for person in _persons(session):
        totals = dict.fromkeys(order, 0.0)
        cells = 0
        for case, row in session.scores.get(person, {}).items():
            if case not in known or not row:
                continue
            total = sum(row.values())
            cells += len(row)
            totals[case] = total
            sums[case] += total
            scored.add(case)
            by_case[case].append(total)
        vote = session.votes.get(person)
        persons[person] = pick_of(person, _frozen(totals), order, vote if vote in known else None, cells)
    votes = dict.fromkeys(order, 0)
    for result in persons.values():
        if result.pick is not None:
            votes[result.pick] += 1
    recorded = session.invent.winner or None
    winner = decide_winner(votes, sums, order, recorded, session.invent.decided_by)
    ranking = rank_cases(votes, sums, order, winner)
    picks_made = sum(votes.values())
    lead = winner.case or (ranking[0] if ranking else None)
    lead_picks = votes.get(lead, 0) if lead else 0
    top_sums = sorted(sums.values(), reverse=True)[:2]
    margin = (top_sums[0] - top_sums[1]) / top_sums[0] if len(top_sums) == 2 and top_sums[0] > 0 else None
    stability = Stability(
        picks_made=picks_made,
        winner_picks=lead_picks,
        winner_share=lead_picks / picks_made if picks_made else 0.0,
        sum_margin=margin,
        max_total=float(sum(i.points for i in session.items)),
        ranges=_frozen({c: (min(v), max(v)) for c, v in by_case.items() if v}),
    )
    return Analysis(
        references=counts,
        items=items,
        persons=_frozen(persons),
        case_order=order,
        scored_cases=tuple(c for c in order if c in scored),
        sums=_frozen(sums),
        votes=_frozen(votes),
        ranking=ranking,
        winner=winner,
        recorded_winner=recorded,
        recorded_decided_by=session.invent.decided_by,
        stability=stability,
    )
