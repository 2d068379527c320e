"""From the session to what the Define screen shows, in the UI language:
post cards, item cards with suggestions and warnings, the +1 ranking and the
empty evaluation table. User text is never parsed as markup."""

from __future__ import annotations

from rich.text import Text

from ..domain import listen_define as ld
from ..domain.formats import number_text
from ..domain.listen_define import PlusOne
from ..domain.session import Session
from ..widgets.card_board import BoardLayout
from ..widgets.item_columns import KINDS, ItemCardView, items_layout
from ..widgets.post_list import STANCES, PostCardView, posts_layout
from ..widgets.scoring_prep import PrepColumn, PrepView
from .listen_views import Tr, names, ref_name

#: How many of the most referenced the +1 ranking lists.
RANKING = 8


def post_board(session: Session, tr: Tr) -> tuple[BoardLayout, dict[str, PostCardView]]:
    people = names(session)
    cards = [PostCardView(p.id, p.stance, people.get(p.author, p.author), p.text, tuple(ref_name(r, tr) for r in p.refs)) for p in session.posts]
    titles = {s: Text(tr(f"ld.posts.{s}", n=sum(1 for c in cards if c.stance == s)), style="bold") for s in STANCES}
    return posts_layout(cards, titles, Text(tr("ld.posts.empty"))), {c.id: c for c in cards}


def item_board(session: Session, tr: Tr) -> tuple[BoardLayout, dict[str, ItemCardView]]:
    people = names(session)
    suggestions = ld.item_suggestions(session)
    cards = []
    for item in session.items:
        hint = suggestions[item.id]
        notice = ld.link_notice(session, item.kind, item.reviews)
        cards.append(
            ItemCardView(
                id=item.id,
                kind=item.kind,
                title=item.title,
                points=tr("ld.item.pt", n=item.points),
                suggestion=tr("ld.item.suggested", points=hint.points, refs=hint.references),
                differs=hint.points != item.points,
                owner=tr("ld.item.owned_by", name=people.get(item.owner, item.owner or "—")),
                reviews=" ".join(item.reviews),
                warning=tr(notice.key, **notice.params) if notice else "",
            )
        )
    titles = {}
    for kind in KINDS:
        title = Text(tr(f"ld.items.{kind}", n=sum(1 for c in cards if c.kind == kind)), style="bold")
        owners = [people.get(o, o) for o in ld.column_owners(session, kind)]
        title.append("  " + tr("ld.items.owner", names=", ".join(owners) if owners else "—"))
        titles[kind] = title
    return items_layout(cards, titles, Text(tr("ld.items.empty"))), {c.id: c for c in cards}


def unlinked_line(session: Session, tr: Tr) -> Text:
    missing = ld.unlinked_reviews(session)
    text = Text()
    if not session.reviews:
        return text
    text.append(tr("ld.items.unlinked_negative") + " ", style="bold")
    text.append(" ".join(missing["negative"]) or "✓")
    text.append("   ")
    text.append(tr("ld.items.unlinked_positive") + " ", style="bold")
    text.append(" ".join(missing["positive"]) or "✓")
    return text


def ranking_line(session: Session, tr: Tr, counts: PlusOne) -> Text:
    """The most referenced reviews and the customer card, as the room counts them."""
    text = Text()
    text.append(tr("ld.plus_one.posts", n=len(session.posts)) + "   ", style="bold")
    ranked = counts.counts.most_referenced(RANKING)
    text.append(tr("ld.plus_one.most") + " ", style="bold")
    if not ranked:
        text.append(tr("ld.plus_one.none"), style="dim")
    for index, (review, n) in enumerate(ranked):
        if index:
            text.append(" · ")
        hot = review in counts.hot_reviews
        text.append(f"{'★ ' if hot else ''}{review} +{n}", style="bold reverse" if hot else "bold")
    text.append("   ")
    text.append(tr("ld.refs.customer") + f" +{counts.counts.customer}", style="bold")
    return text


def prep_view(session: Session, tr: Tr) -> PrepView:
    columns = []
    for item in session.ordered_items():
        legend = Text()
        legend.append(f"{item.id}  ", style="bold")
        legend.append(tr(f"ld.kind.{item.kind}") + " · " + tr("ld.item.pt", n=item.points) + ": ")
        legend.append(item.title)
        columns.append(PrepColumn(item.id, item.kind, tr("ld.item.pt", n=item.points), legend))
    rule = [Text(tr("ld.prep.full")), Text(tr("ld.prep.partial", ratio=session.scoring.partial_ratio))]
    for credit in ld.credit_rules(session):
        rule.append(Text(tr("ld.prep.example", points=credit.points, full=number_text(credit.full), partial=number_text(credit.partial))))
    rule.append(Text(tr("ld.prep.cap")))
    return PrepView(
        case_heading=tr("ld.prep.case"),
        total_heading=tr("ld.prep.total"),
        columns=columns,
        cases=[c.name for c in session.cases] or [tr("ld.prep.no_cases")],
        legend_title=tr("ld.prep.legend") if columns else tr("ld.prep.no_items"),
        rule_title=tr("ld.prep.rule"),
        rule=rule,
    )
