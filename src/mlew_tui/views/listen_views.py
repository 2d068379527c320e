"""From the session to what the Listen and Define screens show, in the UI language.

Pure translation of the session (and the domain's counts) into the widgets'
views: review cards, board layouts, counters, the customer card, reference
options. User text is carried as plain strings or appended to ``Text`` - never
parsed as markup.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text

from ..domain.listen_define import CUSTOMER_FIELDS, PlusOne, customer_owner, plus_one, ref_choices, review_counts
from ..domain.session import CUSTOMER_REF, Session
from ..widgets.card_board import BoardLayout
from ..widgets.counters import CountersView, PersonTally
from ..widgets.ref_picker import RefOption
from ..widgets.review_board import MOMENTS, POLARITIES, GroupHeading, ReviewCardView, by_group, by_moment, by_polarity

Tr = Callable[..., str]


def names(session: Session) -> dict[str, str]:
    return {p.id: p.name for p in session.participants}


#: A screen's memo of its review cards: review id -> (what the card was built
#: from, the card). Reviews are edited in place, so a card is reused only when
#: everything it shows is the same.
CardMemo = dict[str, tuple[tuple[object, ...], ReviewCardView]]


def review_cards(session: Session, tr: Tr, counts: PlusOne, memo: CardMemo | None = None) -> list[ReviewCardView]:
    """Every review's card. With ``memo``, cards whose review and labels did
    not change are the very objects of the last call (a board of 2,000
    reviews refreshed four times a second by the phones builds only the new)."""
    people = names(session)
    labels = {g.id: g.label or g.id for g in session.groups}
    moments = {m: tr(f"moment.{m}") for m in MOMENTS if m}
    mark = tr("board.assumption")
    refs = counts.counts.reviews
    memo = {} if memo is None else memo
    cards: list[ReviewCardView] = []
    for r in session.reviews:
        author = people.get(r.author, r.author)
        source = (
            r.polarity,
            r.text,
            author,
            r.basis,
            r.moment,
            r.group,
            labels.get(r.group, ""),
            moments.get(r.moment, ""),
            mark,
            refs.get(r.id, 0),
            r.id in counts.hot_reviews,
        )
        kept = memo.get(r.id)
        if kept is not None and kept[0] == source:
            cards.append(kept[1])
            continue
        card = ReviewCardView(
            id=r.id,
            polarity=r.polarity,
            text=r.text,
            author=author,
            assumption=mark if r.basis == "assumption" else "",
            moment=r.moment,
            moment_label=source[7],
            group=r.group,
            group_label=source[6],
            references=source[9],
            hot=source[10],
        )
        memo[r.id] = (source, card)
        cards.append(card)
    if len(memo) > len(cards) + 64:  # deleted reviews: forget them
        shown = {card.id for card in cards}
        for gone in [key for key in memo if key not in shown]:
            del memo[gone]
    return cards


def board_layout(session: Session, tr: Tr, view: str, cards: list[ReviewCardView], counts: PlusOne, *, ungrouped_first: bool = False) -> BoardLayout:
    """The review board in one of its views (``polarity``, ``moment``, ``group``)."""
    empty = Text(tr("ld.board.empty"))
    if view == "group":
        headings = []
        sizes = {g.id: 0 for g in session.groups}
        for card in cards:
            if card.group in sizes:
                sizes[card.group] += 1
        for group in session.groups:
            title = Text(group.id + "  ", style="dim")
            title.append(group.label or "—", style="bold")
            title.append("  " + tr("ld.board.group_size", n=sizes[group.id]))
            n = counts.counts.groups.get(group.id, 0)
            hot = group.id in counts.hot_groups
            if n:
                title.append(f"   {'★ ' if hot else ''}+{n}", style="bold reverse" if hot else "bold")
            headings.append(GroupHeading(group.id, title, hot))
        loose = sum(1 for card in cards if not card.group)
        layout = by_group(cards, headings, Text(tr("ld.board.ungrouped", n=loose), style="bold"), empty)
        if ungrouped_first:
            layout = BoardLayout(layout.bands[-1:] + layout.bands[:-1], layout.shape, layout.grid, layout.empty)
        return layout
    sizes = {p: sum(1 for c in cards if c.polarity == p) for p in POLARITIES}
    titles = {p: Text(tr(f"ld.board.{p}", n=sizes[p]), style="bold") for p in POLARITIES}
    if view == "moment":
        return by_moment(cards, titles, {m: tr(f"moment.{m}") if m else tr("ld.board.no_moment") for m in MOMENTS}, empty)
    return by_polarity(cards, titles, empty)


def counters_view(session: Session, turn: str) -> CountersView:
    counts = review_counts(session)
    people = names(session)
    return CountersView(
        total=counts.total,
        minimum=counts.minimum,
        enough=counts.enough,
        assumptions=counts.assumptions,
        percent=counts.assumption_percent,
        too_many_assumptions=counts.too_many_assumptions,
        persons=tuple(PersonTally(people.get(p.person, p.person), p.positive, p.negative, p.balanced, p.person == turn) for p in counts.persons),
    )


def owner_line(session: Session, tr: Tr) -> str:
    owner = customer_owner(session)
    if owner is None:
        return tr("ld.customer.no_pm")
    return tr("ld.customer.owner", name=f"{owner.name} ({tr('role.pm')})")


def customer_card(session: Session, tr: Tr, references: int) -> Text:
    """The card as the room reads it: every field under its heading."""
    text = Text()
    text.append(tr("ld.customer.title"), style="bold reverse")
    text.append("  ")
    text.append(owner_line(session, tr), style="bold")
    if references:
        text.append("   ")
        text.append(tr("ld.customer.cited", n=references), style="bold reverse")
    text.append("\n")
    for name in CUSTOMER_FIELDS:
        text.append("\n" + tr(f"ld.customer.field.{name}"), style="bold underline")
        text.append("  " + tr(f"ld.customer.hint.{name}") + "\n", style="dim")
        value = getattr(session.customer, name).strip()
        if value:
            text.append(value + "\n")
        else:
            text.append(tr("ld.customer.blank") + "\n", style="dim italic")
    return text


def ref_options(session: Session, tr: Tr, *, reviews_only: bool = False) -> tuple[list[RefOption], dict[str, str]]:
    """The searchable options of the reference pickers and the short names of the chosen."""
    options: list[RefOption] = []
    short: dict[str, str] = {}
    for choice in ref_choices(session, reviews_only=reviews_only):
        label = Text()
        if choice.kind == "customer":
            name = tr("ld.refs.customer")
            label.append(name + "  ", style="bold")
            short[choice.id] = name
        elif choice.kind == "group":
            label.append(tr("ld.refs.group", id=choice.id) + "  ", style="bold")
            short[choice.id] = choice.id
        else:
            label.append(("+ " if choice.polarity == "positive" else "− ") + choice.id + "  ", style="bold")
            short[choice.id] = choice.id
        label.append(" ".join(choice.text.split())[:120])
        search = f"{choice.id} {short[choice.id]} {choice.text}".casefold()
        options.append(RefOption(choice.id, label, search))
    return options, short


def ref_name(ref: str, tr: Tr) -> str:
    return tr("ld.refs.customer") if ref == CUSTOMER_REF else ref


def counts_for(session: Session) -> PlusOne:
    return plus_one(session)
