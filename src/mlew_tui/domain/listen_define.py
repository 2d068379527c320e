"""Listen and Define as pure operations: the customer card, reviews and their
groups, SNS posts, +1 counts, issues and strengths, and the scoring rule.

Every change is a function returning one undoable :class:`~.history.Edit`
(the app applies it with ``Workshop.do``). Changes keep the file valid: a
deleted review disappears from the posts and items that cited it, a deleted
item from the score table, and a group left without reviews (and not cited by
a post) goes away. Checks that only warn return :class:`Notice` objects - i18n
keys with parameters - never strings.

The rules (WORKSHOP.md, Listen and Define):

- at least :data:`MIN_REVIEWS` reviews, not more than half of them assumptions
  (the thresholds of the Next Step diagnostics);
- each person's reviews balanced: neither polarity under a third of their
  reviews (the diagnostics' rule for the room, applied per person);
- an issue is made from negative reviews, a strength from positive ones: an
  issue linking only positive reviews (or a strength only negative ones) is
  worth a warning, not a refusal - owners decide;
- the most referenced reviews and groups are those with the highest count
  (at least 1); suggested points come from :func:`.scoring.suggest_points`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .history import Edit, combine, insert, remove, set_attrs, set_score
from .ids import next_id
from .scoring import ReferenceCounts, full_credit, item_references, partial_credit, reference_counts, suggest_points
from .session import CUSTOMER_REF, ITEM_POINTS, Basis, Customer, Group, Item, ItemKind, Moment, Participant, Polarity, Post, Review, Session, Stance

#: The deck's minimum number of reviews for the room (the board shows the
#: total against it; the next-step diagnostics check it).
MIN_REVIEWS = 9

#: More than this share of assumptions needs a check (WORKSHOP.md, Next Step).
MAX_ASSUMPTION_SHARE = 0.5
#: A person's minority polarity below this share of their reviews is unbalanced.
MIN_POLARITY_SHARE = 1 / 3
#: The customer card's fields, in the order the PM presents them.
CUSTOMER_FIELDS: tuple[str, ...] = tuple(Customer.model_fields)


@dataclass(frozen=True)
class Notice:
    """A warning for the room: an i18n key and its parameters."""

    key: str
    params: Mapping[str, Any] = field(default_factory=dict)


def _ids(*lists: Iterable[Any]) -> set[str]:
    return {entry.id for entry_list in lists for entry in entry_list}


def _remove_all(label: str, items: list[Any], values: Iterable[Any]) -> list[Edit]:
    """Removal edits for several entries, highest index first so that undo
    puts every one back where it was."""
    return [remove(label, items, v) for v in sorted(values, key=items.index, reverse=True)]


# -- the customer card ---------------------------------------------------------


def customer_owner(session: Session) -> Participant | None:
    """The PM, who alone decides the customer card on Day 1."""
    return next((p for p in session.participants if p.role == "pm"), None)


def edit_customer(session: Session, values: Mapping[str, str]) -> Edit | None:
    """Set the card's fields that changed (one undoable step); None if none did."""
    changed = {k: v for k, v in values.items() if k in CUSTOMER_FIELDS and getattr(session.customer, k) != v}
    return set_attrs("ld.edit.customer", session.customer, **changed) if changed else None


# -- reviews ----------------------------------------------------------------------


def add_review(
    session: Session,
    *,
    author: str,
    text: str,
    polarity: Polarity,
    basis: Basis = "fact",
    moment: Moment = "",
    source: str = "",
    group: str = "",
) -> Edit:
    """A new review at the end of the board. Its id (``r<n>``) is free among
    reviews and groups, which posts cite in one list."""
    review = Review(
        id=next_id("r", _ids(session.reviews, session.groups)),
        author=author,
        text=text,
        polarity=polarity,
        basis=basis,
        moment=moment,
        source=source,
        group=group,
    )
    return insert("edit.add_review", session.reviews, review)


def edit_review(session: Session, review_id: str, **values: Any) -> Edit | None:
    """Change a review's fields (text, polarity, basis, moment, source)."""
    review = session.review(review_id)
    if review is None:
        return None
    changed = {k: v for k, v in values.items() if getattr(review, k) != v}
    return set_attrs("ld.edit.edit_review", review, **changed) if changed else None


def delete_review(session: Session, review_id: str) -> Edit | None:
    """Remove a review and its citations in posts and items (undo restores all)."""
    review = session.review(review_id)
    if review is None:
        return None
    edits = [remove("ld.edit.delete_review", session.reviews, review)]
    edits += [set_attrs("", p, refs=[r for r in p.refs if r != review_id]) for p in session.posts if review_id in p.refs]
    edits += [set_attrs("", i, reviews=[r for r in i.reviews if r != review_id]) for i in session.items if review_id in i.reviews]
    edits += _prune_groups(session, {review.group} - {""}, leaving={review_id})
    return combine("ld.edit.delete_review", edits)


# -- groups -------------------------------------------------------------------------


def _prune_groups(session: Session, candidates: set[str], *, leaving: set[str]) -> list[Edit]:
    """Removal of the candidate groups that keep no review once ``leaving``
    have left them and that no post cites."""
    cited = {ref for post in session.posts for ref in post.refs}
    kept = {r.group for r in session.reviews if r.id not in leaving}
    doomed = [g for g in session.groups if g.id in candidates and g.id not in kept and g.id not in cited]
    return _remove_all("ld.edit.delete_group", session.groups, doomed)


def group_reviews(session: Session, review_ids: Sequence[str], *, group_id: str = "", label: str = "") -> Edit | None:
    """Put reviews into an existing group, or into a new group labelled
    ``label`` when ``group_id`` is empty."""
    reviews = [r for r in session.reviews if r.id in set(review_ids)]
    if not reviews:
        return None
    edits: list[Edit] = []
    if not group_id:
        group = Group(id=next_id("g", _ids(session.groups, session.reviews)), label=label)
        edits.append(insert("ld.edit.new_group", session.groups, group))
        group_id = group.id
    elif not any(g.id == group_id for g in session.groups):
        return None
    moving = [r for r in reviews if r.group != group_id]
    if not moving and not edits:
        return None
    edits += [set_attrs("", r, group=group_id) for r in moving]
    edits += _prune_groups(session, {r.group for r in moving} - {"", group_id}, leaving={r.id for r in moving})
    return combine("ld.edit.group", edits)


def ungroup_reviews(session: Session, review_ids: Sequence[str]) -> Edit | None:
    """Take reviews out of their groups; emptied groups go (see module docstring)."""
    moving = [r for r in session.reviews if r.id in set(review_ids) and r.group]
    if not moving:
        return None
    edits = [set_attrs("", r, group="") for r in moving]
    edits += _prune_groups(session, {r.group for r in moving}, leaving={r.id for r in moving})
    return combine("ld.edit.ungroup", edits)


def rename_group(session: Session, group_id: str, label: str) -> Edit | None:
    group = next((g for g in session.groups if g.id == group_id), None)
    if group is None or group.label == label:
        return None
    old = group.label  # set_attrs cannot take a field called "label"
    return Edit("ld.edit.rename_group", lambda: setattr(group, "label", label), lambda: setattr(group, "label", old))


# -- the room's counters ---------------------------------------------------------------


def balanced(positive: int, negative: int) -> bool:
    """Neither polarity under a third (two or more reviews; one is not judged)."""
    total = positive + negative
    return total < 2 or min(positive, negative) >= MIN_POLARITY_SHARE * total


@dataclass(frozen=True)
class PersonCount:
    person: str
    positive: int
    negative: int

    @property
    def balanced(self) -> bool:
        return balanced(self.positive, self.negative)


@dataclass(frozen=True)
class ReviewCounts:
    """The live counters of the board: the room and every person."""

    total: int
    positive: int
    assumptions: int
    persons: tuple[PersonCount, ...]
    minimum: int = MIN_REVIEWS

    @property
    def enough(self) -> bool:
        return self.total >= self.minimum

    @property
    def assumption_percent(self) -> int:
        return round(100 * self.assumptions / self.total) if self.total else 0

    @property
    def too_many_assumptions(self) -> bool:
        return self.assumptions > MAX_ASSUMPTION_SHARE * self.total


def review_counts(session: Session) -> ReviewCounts:
    """Totals for the room (against the 9-card threshold) and per participant."""
    by_person = {p.id: [0, 0] for p in session.participants}
    assumptions = positive = 0
    for review in session.reviews:
        counts = by_person.setdefault(review.author, [0, 0])
        if review.polarity == "positive":
            counts[0] += 1
            positive += 1
        else:
            counts[1] += 1
        assumptions += review.basis == "assumption"
    persons = tuple(PersonCount(pid, pos, neg) for pid, (pos, neg) in by_person.items())
    return ReviewCounts(len(session.reviews), positive, assumptions, persons)


# -- SNS posts ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RefChoice:
    """Something a post can cite: the customer card, a review or a group."""

    id: str
    kind: str  # customer | review | group
    text: str
    polarity: str = ""


def ref_choices(session: Session, *, reviews_only: bool = False) -> list[RefChoice]:
    """What posts (or, with ``reviews_only``, items) can cite, in board order."""
    choices = [RefChoice(r.id, "review", r.text, r.polarity) for r in session.reviews]
    if reviews_only:
        return choices
    return [RefChoice(CUSTOMER_REF, "customer", session.customer.who)] + choices + [RefChoice(g.id, "group", g.label) for g in session.groups]


def add_post(session: Session, *, author: str, stance: Stance, text: str, refs: Sequence[str]) -> Edit:
    post = Post(
        id=next_id("s", _ids(session.posts)),
        author=author,
        stance=stance,
        text=text,
        refs=list(dict.fromkeys(refs)),
    )
    return insert("ld.edit.add_post", session.posts, post)


def edit_post(session: Session, post_id: str, **values: Any) -> Edit | None:
    post = next((p for p in session.posts if p.id == post_id), None)
    if post is None:
        return None
    if "refs" in values:
        values["refs"] = list(dict.fromkeys(values["refs"]))
    changed = {k: v for k, v in values.items() if getattr(post, k) != v}
    return set_attrs("ld.edit.edit_post", post, **changed) if changed else None


def delete_post(session: Session, post_id: str) -> Edit | None:
    post = next((p for p in session.posts if p.id == post_id), None)
    return remove("ld.edit.delete_post", session.posts, post) if post else None


# -- +1 counting -------------------------------------------------------------------------


@dataclass(frozen=True)
class PlusOne:
    """Reference counts with what stands out: the highest count (at least 1)."""

    counts: ReferenceCounts
    hot_reviews: frozenset[str]
    hot_groups: frozenset[str]


def _top(counts: Mapping[str, int]) -> frozenset[str]:
    best = max(counts.values(), default=0)
    return frozenset(k for k, n in counts.items() if n == best) if best > 0 else frozenset()


def plus_one(session: Session) -> PlusOne:
    """The +1 counts of every review, group and the customer card, from the posts."""
    counts = reference_counts(session)
    return PlusOne(counts, _top(counts.reviews), _top(counts.groups))


# -- issues and strengths ---------------------------------------------------------------


def link_notice(session: Session, kind: str, review_ids: Iterable[str]) -> Notice | None:
    """Warn when an issue links only positive reviews or a strength only negative ones."""
    polarities = {r.polarity for r in session.reviews if r.id in set(review_ids)}
    if kind == "issue" and polarities == {"positive"}:
        return Notice("ld.warn.issue_only_positive")
    if kind == "strength" and polarities == {"negative"}:
        return Notice("ld.warn.strength_only_negative")
    return None


def column_owners(session: Session, kind: str) -> list[str]:
    """The owners of the issues (or strengths), in file order, each once."""
    return list(dict.fromkeys(i.owner for i in session.items if i.kind == kind and i.owner))


def default_owner(session: Session, kind: str, turn: str) -> str:
    """A new item's owner: whoever already owns that column, else whose turn it is."""
    owners = column_owners(session, kind)
    return owners[0] if owners else turn


@dataclass(frozen=True)
class Suggestion:
    references: int
    points: int


def suggest_for(session: Session, review_ids: Sequence[str], item_id: str = "") -> Suggestion:
    """The engine's suggestion for an item linking ``review_ids`` - as if it were
    saved (replacing item ``item_id`` when editing one)."""
    counts = reference_counts(session)
    refs = {k: v for k, v in item_references(session, counts).items() if k != item_id}
    mine = sum(counts.reviews.get(r, 0) for r in dict.fromkeys(review_ids))
    draft = "\0draft"  # a key no item id can take
    refs[draft] = mine
    return Suggestion(mine, suggest_points(refs)[draft])


def item_suggestions(session: Session) -> dict[str, Suggestion]:
    """Item id -> references and suggested points of every item."""
    refs = item_references(session, reference_counts(session))
    points = suggest_points(refs)
    return {k: Suggestion(refs[k], points[k]) for k in refs}


def unlinked_reviews(session: Session) -> dict[str, list[str]]:
    """Negative reviews no issue links and positive reviews no strength links
    (``{"negative": [...], "positive": [...]}``) - what Define may have missed."""
    linked = {kind: {r for i in session.items if i.kind == kind for r in i.reviews} for kind in ("issue", "strength")}
    return {
        "negative": [r.id for r in session.reviews if r.polarity == "negative" and r.id not in linked["issue"]],
        "positive": [r.id for r in session.reviews if r.polarity == "positive" and r.id not in linked["strength"]],
    }


def add_item(session: Session, *, kind: ItemKind, title: str, owner: str, points: int, reviews: Sequence[str]) -> Edit:
    item = Item(
        id=next_id("i", _ids(session.items)),
        kind=kind,
        title=title,
        owner=owner,
        points=points,
        reviews=list(dict.fromkeys(reviews)),
    )
    return insert("ld.edit.add_item", session.items, item)


def edit_item(session: Session, item_id: str, **values: Any) -> Edit | None:
    item = session.item(item_id)
    if item is None:
        return None
    if "reviews" in values:
        values["reviews"] = list(dict.fromkeys(values["reviews"]))
    if "points" in values and values["points"] not in ITEM_POINTS:
        raise ValueError(f"points must be one of {ITEM_POINTS}")
    changed = {k: v for k, v in values.items() if getattr(item, k) != v}
    if not changed:
        return None
    edit = set_attrs("ld.edit.edit_item", item, **changed)
    rescored = _rescore(session, item, changed["points"]) if "points" in changed else []
    return combine("ld.edit.edit_item", [edit, *rescored]) if rescored else edit


def _rescore(session: Session, item: Item, points: int) -> list[Edit]:
    """New points for an item keep every score cell meaning what it meant and
    never above the points (the Define re-run on Day 2 changes weights after
    the cases were scored): full credit stays full, partial stays partial,
    anything else is capped at the new points."""
    ratio = session.scoring.partial_ratio
    full, partial = full_credit(item.points), partial_credit(item.points, ratio)
    edits = []
    for person, by_case in session.scores.items():
        for case, cells in by_case.items():
            value = cells.get(item.id)
            if value is None:
                continue
            new = full_credit(points) if value == full else partial_credit(points, ratio) if value == partial else min(value, points)
            if new != value:
                edits.append(set_score("", session.scores, person, case, item.id, new))
    return edits


def delete_item(session: Session, item_id: str) -> Edit | None:
    """Remove an item and its column of the scoring table (undo restores both)."""
    item = session.item(item_id)
    if item is None:
        return None
    edits = [remove("ld.edit.delete_item", session.items, item)]
    for person, by_case in session.scores.items():
        for case, cells in by_case.items():
            if item_id in cells:
                edits.append(set_score("", session.scores, person, case, item_id, None))
    return combine("ld.edit.delete_item", edits)


# -- preparing to score (define.scoring_prep) -------------------------------------------------


@dataclass(frozen=True)
class CreditRule:
    """What a case earns on an item of ``points``: full, or partial credit."""

    points: int
    full: float
    partial: float


def credit_rules(session: Session) -> tuple[CreditRule, ...]:
    """The full / partial rule for 5, 3 and 1 points with the session's ratio."""
    ratio = session.scoring.partial_ratio
    return tuple(CreditRule(p, full_credit(p), partial_credit(p, ratio)) for p in sorted(ITEM_POINTS, reverse=True))
