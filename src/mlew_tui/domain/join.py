"""What a participant's phone shows and may send (issue #20), pure.

The room's step decides the page's *mode* (``docs/JOIN_API.md``): what the
step asks of each person (their reviews, their posts, their scoring sheet,
their #1, their Refine role's template, their TODOs) or, on any other step,
nothing but the step and its countdown. :func:`work` gives the mode's data
for one person: only their own scores and pick (the round stays private
until the facilitator reveals it on the projector: :mod:`.invent`).

:func:`to_call` turns a submission (an action and its arguments, for the
device's participant) into one of the workshop's commands
(:mod:`.commands`) after checking it: the arguments' shape, that the action
belongs to the room's step, and that the person edits only their own work.
A refusal is a :class:`Refusal` with the HTTP status and error code of the
contract; nothing is changed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from . import agenda, invent, plan_tasks
from .invent import case_numbers
from .refine import role_of
from .scoring import partial_credit, pick_of
from .session import Session

Translate = Callable[..., str]

#: The working view (a Day 1 step) -> the page's mode.
MODES: Mapping[str, str] = {
    "listen.reviews": "reviews",
    "define.posts": "posts",
    "invent.growth_cycle": "case",
    "invent.cases": "score",
    "invent.vote": "vote",
    "refine.work": "refine",
    "refine.merge": "refine",
}
#: Day 2's own steps where people add their TODOs.
TODO_STEPS = frozenset({"day2.tasks", "day2.task_review"})
#: Every mode the page knows ("read": the step and its countdown only).
ALL_MODES = ("reviews", "posts", "case", "score", "vote", "refine", "todos", "read")

#: action -> the mode it belongs to.
ACTIONS: Mapping[str, str] = {
    "add_review": "reviews",
    "edit_review": "reviews",
    "delete_review": "reviews",
    "add_post": "posts",
    "edit_post": "posts",
    "delete_post": "posts",
    "add_case": "case",
    "score": "score",
    "vote": "vote",
    "refine_field": "refine",
    "add_faq": "refine",
    "edit_faq": "refine",
    "remove_faq": "refine",
    "add_step": "refine",
    "edit_step": "refine",
    "remove_step": "refine",
    "add_todo": "todos",
    "toggle_todo": "todos",
    "remove_todo": "todos",
}

#: The customer message's fields, in the deck's order (the planner's template).
MESSAGE_FIELDS = ("product_name", "situation", "wanted", "blocked_by", "outcome", "offer", "strength")
#: A case's fields a participant writes (the deck's case frame).
CASE_FIELDS = ("name", "company", "valued_for", "solves", "reinforces", "result", "data_loop", "source")
#: Each role's FAQ (the developer writes steps instead).
ROLE_FAQ: Mapping[str, str] = {"planner": "internal", "sales": "customer"}
CREDITS = ("full", "partial", "none")


class Refusal(Exception):
    """A submission the API refuses: ``status`` and ``code`` (the contract's),
    ``key``/``params`` the words (i18n, ``join.*`` unless the key says otherwise)."""

    def __init__(self, status: int, code: str, key: str = "", **params: Any) -> None:
        super().__init__(code)
        self.status, self.code, self.key, self.params = status, code, key or f"join.error.{code}", params


def bad(what: str) -> Refusal:
    return Refusal(400, "bad_request", "join.error.bad_field", field=what)


# -- the mode --------------------------------------------------------------------


def mode_of(step_id: str, view: str | None) -> str:
    """The page's mode on ``step_id`` (a Day 2 re-run: the Day 1 view it shows)."""
    if step_id in TODO_STEPS:
        return "todos"
    return MODES.get(agenda.working_step(step_id, view), "read")


# -- what the page shows ------------------------------------------------------------


def work(session: Session, mode: str, person: str, tr: Translate, *, presented: str | None = None) -> dict[str, Any]:
    """The mode's data for ``person`` (the contract's ``work``): their own only."""
    if mode == "reviews":
        mine = [r for r in session.reviews if r.author == person]
        return {
            "mine": [{"id": r.id, "text": r.text, "polarity": r.polarity, "basis": r.basis} for r in mine],
            "count": {"positive": sum(r.polarity == "positive" for r in mine), "negative": sum(r.polarity == "negative" for r in mine)},
        }
    if mode == "posts":
        return {
            "mine": [{"id": p.id, "stance": p.stance, "text": p.text, "refs": list(p.refs)} for p in session.posts if p.author == person],
            "reviews": [{"id": r.id, "text": r.text, "polarity": r.polarity} for r in session.reviews],
        }
    if mode == "case":
        return {
            "fields": [{"name": f, "label": tr(f"invent.field.{f}"), "hint": tr(f"invent.placeholder.{f}")} for f in CASE_FIELDS],
            "mine": [{"id": c.id, "name": c.name} for c in session.cases if c.presenter == person],
        }
    if mode == "score":
        return _score_work(session, person, presented)
    if mode == "vote":
        return _vote_work(session, person)
    if mode == "refine":
        return _refine_work(session, person, tr)
    if mode == "todos":
        return {
            "mine": [
                {"id": t.id, "text": t.text, "milestone": t.milestone, "due": t.due.isoformat() if t.due else None, "done": t.done}
                for t in session.todos
                if t.owner == person
            ],
            "milestones": [{"id": m.id, "title": m.title} for m in session.milestones],
        }
    return {}


def credit_of(value: float | None, points: int, ratio: float) -> str | None:
    """A stored cell as the phone's buttons say it: ``full``, ``partial``,
    ``none`` (0), or None (not scored, or a value typed on the keyboard)."""
    if value is None:
        return None
    if value == points:
        return "full"
    if value == partial_credit(points, ratio):
        return "partial"
    if value == 0:
        return "none"
    return None


def _score_work(session: Session, person: str, presented: str | None) -> dict[str, Any]:
    ratio = session.scoring.partial_ratio
    numbers = case_numbers(session.cases)
    cells = session.scores.get(person, {})
    cases = []
    for case in session.cases:
        mine = cells.get(case.id, {})
        credits = {}
        values = {}
        for item in session.items:
            value = mine.get(item.id)
            if value is None:
                continue
            values[item.id] = value
            credit = credit_of(value, item.points, ratio)
            if credit is not None:
                credits[item.id] = credit
        cases.append(
            {
                "id": case.id,
                "number": numbers.get(case.id, 0),
                "name": case.name,
                "done": invent.has_scored(session, person, case.id),
                "credits": credits,
                "values": values,
            }
        )
    return {
        "presented": presented if presented is not None and session.case(presented) is not None else None,
        "items": [{"id": i.id, "kind": i.kind, "title": i.title, "points": i.points, "partial": partial_credit(i.points, ratio)} for i in session.items],
        "cases": cases,
    }


def _vote_work(session: Session, person: str) -> dict[str, Any]:
    order = [c.id for c in session.cases]
    numbers = case_numbers(session.cases)
    cells = session.scores.get(person, {})
    totals = {c: float(sum(v for v in cells.get(c, {}).values() if v is not None)) for c in order}
    result = pick_of(person, totals, order, session.votes.get(person))
    return {
        "cases": [{"id": c.id, "number": numbers.get(c.id, 0), "name": c.name, "total": totals[c.id]} for c in session.cases],
        "top": list(result.top),
        "pick": result.pick,
        "choose": len(result.top) >= 2,
    }


def _refine_work(session: Session, person: str, tr: Translate) -> dict[str, Any]:
    role = role_of(session, person)
    refine = session.refine
    out: dict[str, Any] = {"role": role, "role_name": tr(f"refine.role.{role}") if role else "", "fields": [], "faq": [], "faq_kind": None, "steps": []}
    if role == "planner":
        out["fields"] = [
            {"name": f, "label": tr(f"refine.placeholder.{f}"), "hint": tr(f"refine.example.{f}"), "value": getattr(refine, f)} for f in MESSAGE_FIELDS
        ]
    kind = ROLE_FAQ.get(role or "")
    if kind is not None:
        out["faq_kind"] = kind
        out["faq"] = [{"index": n, "q": f.q, "a": f.a, "uncertain": f.uncertain} for n, f in enumerate(_faqs(session, kind))]
    if role == "developer":
        out["steps"] = [{"index": n, "text": s.text, "uncertain": s.uncertain} for n, s in enumerate(refine.steps)]
    return out


def faq_text(q: str, a: str) -> str:
    """A FAQ entry as one text (an edit's ``base``): the question, a line break, the answer."""
    return f"{q}\n{a}"


def _faqs(session: Session, kind: str) -> list[Any]:
    return list(session.refine.internal_faq if kind == "internal" else session.refine.customer_faq)


# -- what the page sends ---------------------------------------------------------------


@dataclass(frozen=True)
class Call:
    """A checked submission: the workshop command to apply, and for a Refine
    text the field it writes (``conflict`` key), the text the page showed
    before the edit (``base``) and the text there now (``current``)."""

    name: str
    args: tuple[Any, ...] = ()
    kwargs: Mapping[str, Any] = field(default_factory=dict)
    conflict: str = ""
    base: str | None = None
    current: str | None = None
    #: A label for the field the conflict is about (shown on the projector).
    label: str = ""


class Args:
    """The submission's arguments, read with their types checked (400 otherwise)."""

    def __init__(self, args: Mapping[str, Any]) -> None:
        self.args = args

    def text(self, name: str, *, blank: bool = False) -> str:
        value = self.args.get(name)
        if not isinstance(value, str) or (not blank and not value.strip()):
            raise bad(name)
        return value

    def optional_text(self, name: str) -> str | None:
        value = self.args.get(name)
        if value is None:
            return None
        if not isinstance(value, str):
            raise bad(name)
        return value

    def choice(self, name: str, choices: Sequence[str | None]) -> Any:
        value = self.args.get(name)
        if value not in choices:
            raise bad(name)
        return value

    def flag(self, name: str) -> bool:
        value = self.args.get(name, False)
        if not isinstance(value, bool):
            raise bad(name)
        return value

    def index(self, name: str, length: int) -> int:
        value = self.args.get(name)
        if not isinstance(value, int) or isinstance(value, bool):
            raise bad(name)
        if not 0 <= value < length:
            raise Refusal(404, "not_found")
        return value

    def ids(self, name: str) -> list[str]:
        value = self.args.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise bad(name)
        return list(dict.fromkeys(value))


def to_call(session: Session, mode: str, person: str, action: str, raw: Mapping[str, Any], tr: Translate) -> Call:
    """The command ``action`` asks for, for ``person``, on a step in ``mode``
    (:class:`Refusal` when it may not be applied; see the module docstring)."""
    wanted = ACTIONS.get(action)
    if wanted is None:
        raise bad("action")
    if not isinstance(raw, Mapping):
        raise bad("args")
    if wanted != mode:
        raise Refusal(409, "not_now")
    args = Args(raw)
    build = _BUILDERS[wanted]
    return build(session, person, action, args, tr)


def _own(record: Any, owner: str, person: str) -> Any:
    if record is None:
        raise Refusal(404, "not_found")
    if getattr(record, owner) != person:
        raise Refusal(403, "not_yours")
    return record


def _reviews(session: Session, person: str, action: str, args: Args, tr: Translate) -> Call:
    if action == "add_review":
        return Call(
            "add_review",
            kwargs={
                "author": person,
                "text": args.text("text"),
                "polarity": args.choice("polarity", ("positive", "negative")),
                "basis": args.choice("basis", ("fact", "assumption")),
            },
        )
    review = _own(session.review(args.text("review")), "author", person)
    if action == "delete_review":
        return Call("delete_review", (review.id,))
    values = {"text": args.text("text"), "polarity": args.choice("polarity", ("positive", "negative")), "basis": args.choice("basis", ("fact", "assumption"))}
    return Call("edit_review", (review.id,), values)


def _posts(session: Session, person: str, action: str, args: Args, tr: Translate) -> Call:
    if action == "delete_post":
        post = _own(_post(session, args.text("post")), "author", person)
        return Call("delete_post", (post.id,))
    stance = args.choice("stance", ("continue", "quit"))
    text = args.text("text")
    refs = args.ids("refs")
    known = {r.id for r in session.reviews} | {g.id for g in session.groups}
    if any(ref not in known for ref in refs):
        raise Refusal(404, "not_found")
    if action == "add_post":
        return Call("add_post", kwargs={"author": person, "stance": stance, "text": text, "refs": refs})
    post = _own(_post(session, args.text("post")), "author", person)
    return Call("edit_post", (post.id,), {"stance": stance, "text": text, "refs": refs})


def _post(session: Session, post_id: str) -> Any:
    return next((p for p in session.posts if p.id == post_id), None)


def _case(session: Session, person: str, action: str, args: Args, tr: Translate) -> Call:
    raw = args.args.get("fields")
    if not isinstance(raw, Mapping) or any(k not in CASE_FIELDS or not isinstance(v, str) for k, v in raw.items()):
        raise bad("fields")
    if not str(raw.get("name", "")).strip():
        raise bad("name")
    return Call("add_case", ({**{k: str(v) for k, v in raw.items()}, "presenter": person},))


def _score(session: Session, person: str, action: str, args: Args, tr: Translate) -> Call:
    case_id, item_id = args.text("case"), args.text("item")
    item = session.item(item_id)
    if session.case(case_id) is None or item is None:
        raise Refusal(404, "not_found")
    credit = args.choice("credit", (*CREDITS, None))
    if credit in ("full", "partial"):
        return Call("credit_cell", (person, case_id, item_id, credit))
    return Call("set_cell", (person, case_id, item_id, 0.0 if credit == "none" else None))


def _vote(session: Session, person: str, action: str, args: Args, tr: Translate) -> Call:
    case_id = args.optional_text("case")
    if case_id is not None and session.case(case_id) is None:
        raise Refusal(404, "not_found")
    return Call("set_vote", (person, case_id))


def _refine(session: Session, person: str, action: str, args: Args, tr: Translate) -> Call:
    role = role_of(session, person)
    if role is None:
        raise Refusal(403, "not_yours", "join.error.no_role")
    refine = session.refine
    if action == "refine_field":
        if role != "planner":
            raise Refusal(403, "not_yours")
        name = args.choice("field", MESSAGE_FIELDS)
        return Call(
            "set_message_field",
            (name, args.text("value", blank=True)),
            conflict=f"message.{name}",
            base=args.optional_text("base"),
            current=getattr(refine, name),
            label=tr(f"refine.placeholder.{name}"),
        )
    if action in ("add_faq", "edit_faq", "remove_faq"):
        kind = ROLE_FAQ.get(role)
        if kind is None:
            raise Refusal(403, "not_yours")
        faqs = _faqs(session, kind)
        if action == "add_faq":
            return Call("add_faq", (kind, args.text("q"), args.text("a", blank=True), args.flag("uncertain")))
        index = args.index("index", len(faqs))
        if action == "remove_faq":
            return Call("remove_faq", (kind, index))
        q, a = args.text("q"), args.text("a", blank=True)
        before = faqs[index]
        return Call(
            "edit_faq",
            (kind, index, q, a, args.flag("uncertain")),
            conflict=f"{kind}_faq.{index}",
            base=args.optional_text("base"),
            current=faq_text(before.q, before.a),
            label=tr(f"join.faq.{kind}", n=index + 1),
        )
    if role != "developer":
        raise Refusal(403, "not_yours")
    steps = refine.steps
    if action == "add_step":
        return Call("add_step", (args.text("text"), args.flag("uncertain")))
    index = args.index("index", len(steps))
    if action == "remove_step":
        return Call("remove_step", (index,))
    return Call(
        "edit_step",
        (index, args.text("text"), args.flag("uncertain")),
        conflict=f"steps.{index}",
        base=args.optional_text("base"),
        current=steps[index].text,
        label=tr("join.step", n=index + 1),
    )


def _todos(session: Session, person: str, action: str, args: Args, tr: Translate) -> Call:
    if action == "add_todo":
        milestone = args.optional_text("milestone") or ""
        if milestone and all(m.id != milestone for m in session.milestones):
            raise Refusal(404, "not_found")
        if not milestone:
            milestone = plan_tasks.default_milestone(session)
        return Call("add_todo", (args.text("text"), person, milestone))
    todo = _own(plan_tasks.todo(session, args.text("todo")), "owner", person)
    return Call("toggle_todo" if action == "toggle_todo" else "remove_todo", (todo.id,))


_BUILDERS: Mapping[str, Callable[[Session, str, str, Args, Translate], Call]] = {
    "reviews": _reviews,
    "posts": _posts,
    "case": _case,
    "score": _score,
    "vote": _vote,
    "refine": _refine,
    "todos": _todos,
}
