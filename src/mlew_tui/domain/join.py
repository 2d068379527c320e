"""What a participant's phone shows and may do (issue #20), as pure functions.

The join page (``docs/JOIN_API.md``) asks for the room's current step in a
*mode* and sends *submissions* (an action and its arguments). This module
says, from a :class:`~mlew_tui.domain.session.Session`, the step id and the
Day 1 view it shows:

- the page's **mode** (:func:`mode_of`): what the step asks of a participant,
  from the *working* view (a Day 2 re-run of ``listen.reviews`` asks for
  reviews, like Day 1);
- the page's **work** (:func:`work`): the participant's own part of it. A
  device sees only its *own* scores and #1 pick: they stay private until the
  facilitator reveals them on the projector (issue #19);
- the **command** a submission becomes (:func:`submission`): one of the
  Workshop commands the keyboard uses (``domain/commands.py``), after checking
  every argument's type and shape (``400 bad_request``), that the action
  belongs to the room's mode (``409 not_now``), that the ids exist (``404
  not_found``) and that the person edits only their own work (``403
  not_yours``; in Refine only their role's template). The workshop's own
  rules (a vote outside the tied top, a text past a bound) stay where they
  are: applying the command raises them.

Words come from a translator ``tr`` (labels and hints of fields); nothing here
knows HTTP, Textual or the service's devices.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from . import agenda
from .invent import CASE_FIELDS, has_scored
from .listen_define import ref_choices
from .plan import timeline
from .plan_tasks import default_milestone
from .refine import MESSAGE_FIELDS, role_of
from .scoring import full_credit, partial_credit, pick_of
from .session import Session

Translate = Callable[..., str]
Mode = Literal["reviews", "posts", "case", "score", "vote", "refine", "todos", "read"]
MODES: tuple[Mode, ...] = ("reviews", "posts", "case", "score", "vote", "refine", "todos", "read")

#: The working view (a Day 1 step, or a Day 2 plan step) -> the page's mode; every other step is ``read``.
VIEW_MODES: Mapping[str, Mode] = {
    "listen.reviews": "reviews",
    "define.posts": "posts",
    "invent.growth_cycle": "case",
    "invent.cases": "score",
    "invent.vote": "vote",
    "refine.work": "refine",
    "refine.merge": "refine",
    "day2.tasks": "todos",
    "day2.task_review": "todos",
}

#: Each action of the API and the mode it belongs to.
ACTION_MODES: Mapping[str, Mode] = {
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
ACTIONS: tuple[str, ...] = tuple(ACTION_MODES)

#: A Refine role's FAQ (the page's ``faq_kind``) and the session's list of it.
ROLE_FAQ: Mapping[str, str] = {"planner": "internal", "sales": "customer"}
FAQ_LISTS: Mapping[str, str] = {"internal": "internal_faq", "customer": "customer_faq"}
#: The case fields a participant writes (the presenter is the person).
CASE_INPUT_FIELDS: tuple[str, ...] = tuple(f for f in CASE_FIELDS if f != "presenter")
#: Stored score -> the page's credit word (anything else typed on the keyboard is ``other``, with its value).
Credit = Literal["full", "partial", "none", "other"]
_POLARITIES = ("positive", "negative")
_BASES = ("fact", "assumption")
_STANCES = ("continue", "quit")


class Refusal(Exception):
    """A submission refused before any command: the API's ``status`` and
    ``code``; ``key``/``params`` a catalog message when the code's own words
    would not say enough (the service translates)."""

    def __init__(self, status: int, code: str, key: str = "", **params: Any) -> None:
        super().__init__(code)
        self.status, self.code, self.key, self.params = status, code, key, params


#: Characters of an argument's name a message quotes (the name comes from the request).
NAME_QUOTE_MAX = 40


def bad_request(what: str = "") -> Refusal:
    """``400 bad_request`` about the argument ``what`` (none: the request as a whole)."""
    return Refusal(400, "bad_request", "join.refused.field" if what else "", field=what[:NAME_QUOTE_MAX])


# -- the step ----------------------------------------------------------------------


def view_of(session: Session) -> str:
    """The Day 1 step whose work the room's step shows (the step itself but on a Day 2 re-run)."""
    return agenda.working_step(session.progress.step, session.progress.view)


def mode_of(step_id: str, view: str | None) -> Mode:
    """The page's mode on ``step_id`` showing ``view`` (see :data:`VIEW_MODES`)."""
    return VIEW_MODES.get(agenda.working_step(step_id, view), "read")


def step_state(session: Session, tr: Translate) -> dict[str, Any]:
    """The State's ``step``: id, view, title, phase, what (one sentence) and mode."""
    step_id = session.progress.step
    view = view_of(session)
    mode = mode_of(step_id, session.progress.view)
    try:
        phase = tr(f"phase.{agenda.phase_of(step_id)}.title")
    except KeyError:
        phase = ""
    what = tr(f"join.what.{mode}") if mode != "read" else tr(f"step.{step_id}.what")
    return {"id": step_id, "view": view, "title": tr(f"step.{step_id}.title"), "phase": phase, "what": what, "mode": mode}


# -- the work ------------------------------------------------------------------------


def credit_of(value: float, points: int, ratio: float) -> Credit:
    """The page's word for a stored cell: the item's points is ``full``, its
    partial credit ``partial``, 0 ``none``; anything else ``other``."""
    if value == full_credit(points):
        return "full"
    if value == partial_credit(points, ratio):
        return "partial"
    if value == 0:
        return "none"
    return "other"


def work(session: Session, person: str | None, mode: Mode, tr: Translate, *, presented: str | None = None) -> dict[str, Any]:
    """The State's ``work`` for ``person`` (``None``: a device that has not
    joined sees the shape with nothing of anyone's). ``presented``: the case
    the cycle presents now (the app's CycleTimer), else ``None``."""
    me = person or ""
    if mode == "reviews":
        mine = [r for r in session.reviews if r.author == me]
        count = {p: sum(r.polarity == p for r in mine) for p in _POLARITIES}
        return {"mine": [{"id": r.id, "text": r.text, "polarity": r.polarity, "basis": r.basis} for r in mine], "count": count}
    if mode == "posts":
        return {
            "mine": [{"id": p.id, "stance": p.stance, "text": p.text, "refs": list(p.refs)} for p in session.posts if p.author == me],
            "reviews": [{"id": r.id, "text": r.text, "polarity": r.polarity} for r in session.reviews],
        }
    if mode == "case":
        return {
            "fields": [{"name": f, "label": tr(f"invent.field.{f}"), "hint": tr(f"invent.placeholder.{f}")} for f in CASE_INPUT_FIELDS],
            "mine": [{"id": c.id, "name": c.name} for c in session.cases if me and c.presenter == me],
        }
    if mode == "score":
        return _score_work(session, me, presented)
    if mode == "vote":
        return _vote_work(session, me)
    if mode == "refine":
        return _refine_work(session, me, tr)
    if mode == "todos":
        return {
            "mine": [
                {"id": t.id, "text": t.text, "milestone": t.milestone, "due": t.due.isoformat() if t.due else None, "done": t.done}
                for t in session.todos
                if me and t.owner == me
            ],
            "milestones": [{"id": m.id, "title": m.title} for m in timeline(session)],
            "default": default_milestone(session),
        }
    return {}


def _score_work(session: Session, me: str, presented: str | None) -> dict[str, Any]:
    ratio = session.scoring.partial_ratio
    items = session.ordered_items()
    cells = session.scores.get(me, {}) if me else {}
    cases = []
    for number, case in enumerate(session.cases, 1):
        row = cells.get(case.id, {})
        known = [i for i in items if row.get(i.id) is not None]
        cases.append(
            {
                "id": case.id,
                "number": number,
                "name": case.name,
                "done": bool(me) and has_scored(session, me, case.id),
                "credits": {i.id: credit_of(row[i.id], i.points, ratio) for i in known},
                "values": {i.id: row[i.id] for i in known},
            }
        )
    return {
        "presented": presented if presented is not None and session.case(presented) is not None else None,
        "items": [{"id": i.id, "kind": i.kind, "title": i.title, "points": i.points, "partial": partial_credit(i.points, ratio)} for i in items],
        "cases": cases,
    }


def _vote_work(session: Session, me: str) -> dict[str, Any]:
    order = [c.id for c in session.cases]
    cells = session.scores.get(me, {}) if me else {}
    totals = {c: float(sum(v for v in cells.get(c, {}).values() if v is not None)) for c in order}
    vote = session.votes.get(me) if me else None
    result = pick_of(me, totals, order, vote if vote in order else None)
    return {
        "cases": [{"id": c.id, "number": n, "name": c.name, "total": totals[c.id]} for n, c in enumerate(session.cases, 1)],
        "top": list(result.top),
        "pick": result.pick,
        "choose": bool(me) and len(result.top) >= 2,
    }


def _refine_work(session: Session, me: str, tr: Translate) -> dict[str, Any]:
    ref = session.refine
    role = role_of(session, me) if me else None
    faq_kind = ROLE_FAQ.get(role or "")
    fields = []
    if role == "planner":
        fields = [{"name": f, "label": tr(f"diag.part.{f}"), "hint": tr(f"refine.example.{f}"), "value": getattr(ref, f)} for f in MESSAGE_FIELDS]
    faqs = getattr(ref, FAQ_LISTS[faq_kind]) if faq_kind else []
    steps = ref.steps if role == "developer" else []
    return {
        "role": role,
        "fields": fields,
        "faq": [{"index": n, "q": f.q, "a": f.a, "uncertain": f.uncertain} for n, f in enumerate(faqs)],
        "faq_kind": faq_kind,
        "steps": [{"index": n, "text": s.text, "uncertain": s.uncertain} for n, s in enumerate(steps)],
    }


# -- a submission --------------------------------------------------------------------


@dataclass(frozen=True)
class Submission:
    """A Workshop command a submission becomes: ``apply(command, *args, **kwargs)``.

    ``target`` names the Refine text a save overwrites (``refine.offer``,
    ``refine.internal_faq.2``, ``refine.steps.0``), ``current`` is its text
    now and ``base`` the text the page showed before the edit (``None``: not
    given), so the service can tell a conflict. ``result`` is what the answer
    reports besides the command's own result."""

    command: str
    args: tuple[Any, ...] = ()
    kwargs: Mapping[str, Any] = field(default_factory=dict)
    target: str = ""
    current: str = ""
    base: str | None = None
    result: Mapping[str, Any] = field(default_factory=dict)


def _text(args: Mapping[str, Any], name: str, *, default: str | None = None, required: bool = False) -> str:
    value = args.get(name, default)
    if not isinstance(value, str):
        raise bad_request(name)
    if required and not value.strip():
        raise Refusal(422, "refused", "join.refused.empty", field=name)
    return value


def _choice(args: Mapping[str, Any], name: str, choices: tuple[str, ...], *, default: str | None = None) -> str:
    value = args.get(name, default)
    if not isinstance(value, str) or value not in choices:
        raise bad_request(name)
    return value


def _flag(args: Mapping[str, Any], name: str, default: bool | None = None) -> bool:
    value = args.get(name, default)
    if not isinstance(value, bool):
        raise bad_request(name)
    return value


def _index(args: Mapping[str, Any], name: str, length: int) -> int:
    value = args.get(name)
    if not isinstance(value, int) or isinstance(value, bool):
        raise bad_request(name)
    if not 0 <= value < length:
        raise Refusal(404, "not_found")
    return value


def _id(args: Mapping[str, Any], name: str, *, nullable: bool = False) -> str | None:
    value = args.get(name)
    if value is None and nullable and name in args:
        return None
    if not isinstance(value, str) or not value:
        raise bad_request(name)
    return value


def _base(args: Mapping[str, Any]) -> str | None:
    value = args.get("base")
    if value is not None and not isinstance(value, str):
        raise bad_request("base")
    return value


def _refs(session: Session, args: Mapping[str, Any], *, default: list[str] | None = None) -> list[str]:
    value = args.get("refs", default)
    if not isinstance(value, list) or not all(isinstance(r, str) for r in value):
        raise bad_request("refs")
    known = {c.id for c in ref_choices(session)}
    if any(r not in known for r in value):
        raise Refusal(404, "not_found")
    return list(dict.fromkeys(value))


def _known_args(args: Mapping[str, Any], allowed: set[str]) -> None:
    unknown = sorted(set(args) - allowed)
    if unknown:
        raise bad_request(unknown[0])


#: The arguments each action takes (anything else is a 400).
ACTION_ARGS: Mapping[str, frozenset[str]] = {
    "add_review": frozenset({"text", "polarity", "basis"}),
    "edit_review": frozenset({"review", "text", "polarity", "basis"}),
    "delete_review": frozenset({"review"}),
    "add_post": frozenset({"text", "stance", "refs"}),
    "edit_post": frozenset({"post", "text", "stance", "refs"}),
    "delete_post": frozenset({"post"}),
    "add_case": frozenset({"fields"}),
    "score": frozenset({"case", "item", "credit"}),
    "vote": frozenset({"case"}),
    "refine_field": frozenset({"field", "value", "base"}),
    "add_faq": frozenset({"q", "a", "uncertain"}),
    "edit_faq": frozenset({"index", "q", "a", "uncertain", "base"}),
    "remove_faq": frozenset({"index"}),
    "add_step": frozenset({"text", "uncertain"}),
    "edit_step": frozenset({"index", "text", "uncertain", "base"}),
    "remove_step": frozenset({"index"}),
    "add_todo": frozenset({"text", "milestone"}),
    "toggle_todo": frozenset({"todo"}),
    "remove_todo": frozenset({"todo"}),
}


def submission(session: Session, person: str, action: str, args: Any, *, mode: Mode) -> Submission:
    """The command ``person``'s ``action`` with ``args`` becomes while the room is in ``mode``.

    Raises :class:`Refusal`: ``400 bad_request`` (an unknown action, an
    argument missing, unknown or of the wrong type or shape), ``409 not_now``
    (the action is not the mode's), ``404 not_found`` (an unknown review,
    post, case, item, FAQ entry, step, milestone or TODO), ``403 not_yours``
    (another person's work, another role's template), ``422 refused`` (an
    empty text where one is needed)."""
    wanted = ACTION_MODES.get(action) if isinstance(action, str) else None
    if wanted is None:
        raise Refusal(400, "bad_request", "join.refused.action")
    if not isinstance(args, Mapping) or not all(isinstance(k, str) for k in args):
        raise bad_request("args")
    if wanted != mode:
        raise Refusal(409, "not_now")
    _known_args(args, set(ACTION_ARGS[action]))
    return _BUILDERS[action](session, person, args)


def _own(records: Iterable[Any], args: Mapping[str, Any], key: str, person: str, owner: str = "author") -> str:
    """The id ``args[key]`` names, if it is one of ``records`` and ``person``'s
    (its ``owner`` field): 404 when there is no such record, 403 when it is
    someone else's."""
    wanted = _id(args, key)
    record = next((r for r in records if r.id == wanted), None)
    if record is None:
        raise Refusal(404, "not_found")
    if getattr(record, owner) != person:
        raise Refusal(403, "not_yours")
    return str(record.id)


def _own_review(session: Session, person: str, args: Mapping[str, Any]) -> str:
    return _own(session.reviews, args, "review", person)


def _add_review(session: Session, person: str, args: Mapping[str, Any]) -> Submission:
    text = _text(args, "text", required=True)
    values = {"author": person, "text": text, "polarity": _choice(args, "polarity", _POLARITIES), "basis": _choice(args, "basis", _BASES, default="fact")}
    return Submission("add_review", kwargs=values)


def _edit_review(session: Session, person: str, args: Mapping[str, Any]) -> Submission:
    # shape first, then the record: a malformed request is a 400 whatever it names
    text = _text(args, "text", required=True)
    polarity, basis = _choice(args, "polarity", _POLARITIES), _choice(args, "basis", _BASES)
    review = _own_review(session, person, args)
    return Submission("edit_review", (review,), {"text": text, "polarity": polarity, "basis": basis}, result={"id": review})


def _delete_review(session: Session, person: str, args: Mapping[str, Any]) -> Submission:
    return Submission("delete_review", (_own_review(session, person, args),))


def _own_post(session: Session, person: str, args: Mapping[str, Any]) -> str:
    return _own(session.posts, args, "post", person)


def _add_post(session: Session, person: str, args: Mapping[str, Any]) -> Submission:
    text = _text(args, "text", required=True)
    stance = _choice(args, "stance", _STANCES)
    return Submission("add_post", kwargs={"author": person, "stance": stance, "text": text, "refs": _refs(session, args, default=[])})


def _edit_post(session: Session, person: str, args: Mapping[str, Any]) -> Submission:
    text = _text(args, "text", required=True)
    stance = _choice(args, "stance", _STANCES)
    refs = _refs(session, args) if "refs" in args else None
    post = _own_post(session, person, args)
    values: dict[str, Any] = {"text": text, "stance": stance} | ({"refs": refs} if refs is not None else {})
    return Submission("edit_post", (post,), values, result={"id": post})


def _delete_post(session: Session, person: str, args: Mapping[str, Any]) -> Submission:
    return Submission("delete_post", (_own_post(session, person, args),))


def _add_case(session: Session, person: str, args: Mapping[str, Any]) -> Submission:
    fields = args.get("fields")
    if not isinstance(fields, Mapping):
        raise bad_request("fields")
    _known_args(fields, set(CASE_INPUT_FIELDS))
    values = {name: _text(fields, name, default="") for name in CASE_INPUT_FIELDS}
    if not values["name"].strip():
        raise Refusal(422, "refused", "invent.refused.no_name")
    return Submission("add_case", ({**values, "presenter": person},))


def _score(session: Session, person: str, args: Mapping[str, Any]) -> Submission:
    case_id, item_id = _id(args, "case"), _id(args, "item")
    if "credit" not in args:
        raise bad_request("credit")
    credit = args["credit"]
    if credit is not None and credit not in ("full", "partial", "none"):
        raise bad_request("credit")
    if session.case(case_id or "") is None or session.item(item_id or "") is None:
        raise Refusal(404, "not_found")
    if credit in ("full", "partial"):
        return Submission("credit_cell", (person, case_id, item_id, credit))
    return Submission("set_cell", (person, case_id, item_id, 0.0 if credit == "none" else None))


def _vote(session: Session, person: str, args: Mapping[str, Any]) -> Submission:
    if "case" not in args:
        raise bad_request("case")
    case_id = _id(args, "case", nullable=True)
    if case_id is not None and session.case(case_id) is None:
        raise Refusal(404, "not_found")
    return Submission("set_vote", (person, case_id))


def _role(session: Session, person: str, *wanted: str) -> str:
    role = role_of(session, person)
    if role not in wanted:
        raise Refusal(403, "not_yours", "join.refused.role")
    return role or ""


def _refine_field(session: Session, person: str, args: Mapping[str, Any]) -> Submission:
    name = _choice(args, "field", MESSAGE_FIELDS)
    value, base = _text(args, "value"), _base(args)
    _role(session, person, "planner")
    return Submission("set_message_field", (name, value), target=f"refine.{name}", current=getattr(session.refine, name), base=base)


def _faq_list(session: Session, person: str) -> str:
    return FAQ_LISTS[ROLE_FAQ[_role(session, person, "planner", "sales")]]


def _add_faq(session: Session, person: str, args: Mapping[str, Any]) -> Submission:
    q = _text(args, "q", required=True)
    a, uncertain = _text(args, "a", default=""), _flag(args, "uncertain", False)
    kind = _faq_list(session, person)
    return Submission("add_faq", (kind, q, a, uncertain), result={"index": len(getattr(session.refine, kind))})


def _edit_faq(session: Session, person: str, args: Mapping[str, Any]) -> Submission:
    q, base = _text(args, "q", required=True), _base(args)
    if "a" in args:
        _text(args, "a")
    kind = _faq_list(session, person)
    faqs = getattr(session.refine, kind)
    index = _index(args, "index", len(faqs))
    # what the page leaves out stays as it is (an answer is never wiped by omission)
    a, uncertain = _text(args, "a", default=faqs[index].a), _flag(args, "uncertain", faqs[index].uncertain)
    return Submission("edit_faq", (kind, index, q, a, uncertain), target=f"refine.{kind}.{index}", current=faqs[index].a, base=base, result={"index": index})


def _remove_faq(session: Session, person: str, args: Mapping[str, Any]) -> Submission:
    kind = _faq_list(session, person)
    return Submission("remove_faq", (kind, _index(args, "index", len(getattr(session.refine, kind)))))


def _add_step(session: Session, person: str, args: Mapping[str, Any]) -> Submission:
    text, uncertain = _text(args, "text", required=True), _flag(args, "uncertain", False)
    _role(session, person, "developer")
    return Submission("add_step", (text, uncertain), result={"index": len(session.refine.steps)})


def _edit_step(session: Session, person: str, args: Mapping[str, Any]) -> Submission:
    text, base = _text(args, "text", required=True), _base(args)
    _role(session, person, "developer")
    steps = session.refine.steps
    index = _index(args, "index", len(steps))
    uncertain = _flag(args, "uncertain", steps[index].uncertain)
    return Submission("edit_step", (index, text, uncertain), target=f"refine.steps.{index}", current=steps[index].text, base=base, result={"index": index})


def _remove_step(session: Session, person: str, args: Mapping[str, Any]) -> Submission:
    _role(session, person, "developer")
    return Submission("remove_step", (_index(args, "index", len(session.refine.steps)),))


def _add_todo(session: Session, person: str, args: Mapping[str, Any]) -> Submission:
    text = _text(args, "text", required=True)
    milestone = args.get("milestone")
    if milestone is None:
        milestone = default_milestone(session)
    if not isinstance(milestone, str):
        raise bad_request("milestone")
    if milestone and all(m.id != milestone for m in session.milestones):
        raise Refusal(404, "not_found")
    return Submission("add_todo", (text.strip(), person, milestone))


def _own_todo(session: Session, person: str, args: Mapping[str, Any]) -> str:
    return _own(session.todos, args, "todo", person, owner="owner")


def _toggle_todo(session: Session, person: str, args: Mapping[str, Any]) -> Submission:
    return Submission("toggle_todo", (_own_todo(session, person, args),))


def _remove_todo(session: Session, person: str, args: Mapping[str, Any]) -> Submission:
    return Submission("remove_todo", (_own_todo(session, person, args),))


_BUILDERS: Mapping[str, Callable[[Session, str, Mapping[str, Any]], Submission]] = {
    "add_review": _add_review,
    "edit_review": _edit_review,
    "delete_review": _delete_review,
    "add_post": _add_post,
    "edit_post": _edit_post,
    "delete_post": _delete_post,
    "add_case": _add_case,
    "score": _score,
    "vote": _vote,
    "refine_field": _refine_field,
    "add_faq": _add_faq,
    "edit_faq": _edit_faq,
    "remove_faq": _remove_faq,
    "add_step": _add_step,
    "edit_step": _edit_step,
    "remove_step": _remove_step,
    "add_todo": _add_todo,
    "toggle_todo": _toggle_todo,
    "remove_todo": _remove_todo,
}
