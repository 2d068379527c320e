"""An in-memory stand-in for the join server (docs/JOIN_API.md) for the page's
tests: the contract's routes, the real page files, a room whose step and mode
the test switches, and switches that make submissions fail like a bad Wi-Fi.

It checks only what the page relies on (tokens, devices, joining, SID de-dup,
the step's mode) and records every submission it received, first tries and
retries alike, so a test asserts on exactly what the page sent.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import web

import mlew_tui
from mlew_tui.domain.join import ACTION_MODES
from mlew_tui.i18n import catalog

PAGE_DIR = Path(mlew_tui.__file__).parent / "join_page"
TOKEN = "tok_" + "A" * 28
PEOPLE = [{"id": "sato", "name": "佐藤"}, {"id": "lee", "name": "Lee"}, {"id": "kim", "name": "Kim"}, {"id": "ana", "name": "Ana"}]
DEVICE = re.compile(r"[A-Za-z0-9_-]{16,64}")
SID = re.compile(r"[A-Za-z0-9_-]{8,64}")
HEADERS = {"Content-Security-Policy": "default-src 'self'", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "Cache-Control": "no-store"}
FILES = {"": ("index.html", "text/html"), "app.js": ("app.js", "text/javascript"), "style.css": ("style.css", "text/css")}

#: Which mode each action belongs to: the contract's table, as the core holds it.
ACTION_MODE = ACTION_MODES

#: A step of each mode (id, view, phase, title, what).
STEPS = {
    "read": ("intro.goal", "intro.goal", "Intro", "The goal of the day", "Listen to the facilitator."),
    "reviews": ("listen.reviews", "listen.reviews", "Listen", "Reviews on sticky notes", "Write the reviews customers actually gave."),
    "posts": ("define.posts", "define.posts", "Define", "SNS posts", "Write a post: will use again, or won't."),
    "case": ("invent.growth_cycle", "invent.growth_cycle", "Invent", "The AI/ML growth cycle", "Write the case you present."),
    "score": ("invent.cases", "invent.cases", "Invent", "Cases and scoring", "Score the case being presented."),
    "vote": ("invent.vote", "invent.vote", "Invent", "Each person's #1", "Pick your #1."),
    "refine": ("refine.work", "refine.work", "Refine", "Role work", "Fill in your role's template."),
    "todos": ("day2.tasks", "day2.tasks", "Day 2", "TODOs", "Add your TODOs towards milestone 1."),
}

CASE_FIELDS = ["name", "company", "valued_for", "solves", "reinforces", "result", "data_loop", "source"]
ITEMS = [
    {"id": "i1", "kind": "issue", "title": "Feel my language ability improve", "points": 5, "partial": 2.5},
    {"id": "i2", "kind": "strength", "title": "Practical corrections", "points": 3, "partial": 1.5},
]
CASES = [{"id": "c1", "number": 1, "name": "Lesson log"}, {"id": "c2", "number": 2, "name": "Talk bot"}]
ROLE_FIELDS = ["product_name", "situation"]


class Refusal(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(code)
        self.status, self.code, self.message = status, code, message


@dataclass
class Room:
    """The workshop as the page sees it, in memory."""

    token: str = TOKEN
    language: str = "en"
    mode: str = "reviews"
    title: str = "Demo session"
    revision: int = 1
    #: GET api/state requests answered (a test waits for the page's own refetches).
    state_requests: int = 0
    timer: dict[str, Any] = field(default_factory=lambda: {"running": True, "remaining_s": 300.0, "duration_s": 300})
    #: device -> person
    joined: dict[str, str] = field(default_factory=dict)
    removed: set[str] = field(default_factory=set)
    #: (device, sid) -> the first answer
    answers: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    #: every submit received: (device, sid, action, args), retries included
    received: list[tuple[str, str, str, dict[str, Any]]] = field(default_factory=list)
    #: every submission applied (once each)
    applied: list[tuple[str, str, str, dict[str, Any]]] = field(default_factory=list)
    #: "503" or "429": submissions are answered so; "drop": the connection is closed without an answer
    fail: str | None = None
    reviews: list[dict[str, Any]] = field(default_factory=list)
    posts: list[dict[str, Any]] = field(default_factory=list)
    cases: list[dict[str, Any]] = field(default_factory=lambda: [dict(c, presenter="") for c in CASES])
    #: person -> case -> item -> credit
    credits: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    votes: dict[str, str | None] = field(default_factory=dict)
    presented: str | None = "c1"
    #: the vote mode's tie for every person (top = both cases)
    tie: bool = False
    roles: dict[str, str] = field(default_factory=lambda: {"sato": "planner", "lee": "sales", "kim": "developer"})
    message: dict[str, str] = field(default_factory=lambda: dict.fromkeys(ROLE_FIELDS, ""))
    faq: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: {"internal": [], "customer": []})
    steps: list[dict[str, Any]] = field(default_factory=list)
    todos: list[dict[str, Any]] = field(default_factory=list)
    counter: int = 0
    #: raw states sent to every open stream as they are (a late, out-of-order event)
    pushed: list[dict[str, Any]] = field(default_factory=list)
    changes: asyncio.Event | None = None

    # -- the test's switches ----------------------------------------------------
    def changed(self) -> None:
        self.revision += 1
        if self.changes is not None:
            self.changes.set()
            self.changes = asyncio.Event()

    def push(self, state: dict[str, Any]) -> None:
        """Send ``state`` to every open stream as it is, without a new revision."""
        self.pushed.append(state)
        if self.changes is not None:
            self.changes.set()
            self.changes = asyncio.Event()

    def set_mode(self, mode: str) -> None:
        self.mode = mode
        self.changed()

    def set_language(self, language: str) -> None:
        self.language = language
        self.changed()

    def next_id(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    # -- the state ---------------------------------------------------------------
    def strings(self) -> dict[str, str]:
        prefix = "join_page."
        return {k[len(prefix) :]: v for k, v in catalog(self.language).items() if k.startswith(prefix)}  # type: ignore[arg-type]

    def state(self, device: str | None) -> dict[str, Any]:
        person = self.joined.get(device or "")
        me = None
        if person is not None:
            me = {"device": device, "person": person, "name": next(p["name"] for p in PEOPLE if p["id"] == person)}
        sid, view, phase, title, what = STEPS[self.mode]
        step = {"id": sid, "view": view, "title": title, "phase": phase, "what": what, "mode": self.mode}
        return {
            "ok": True,
            "revision": self.revision,
            "language": self.language,
            "strings": self.strings(),
            "title": self.title,
            "people": PEOPLE,
            "me": me,
            "step": step,
            "timer": dict(self.timer),
            "work": self.work(person) if person else {},
        }

    def work(self, person: str) -> dict[str, Any]:
        mode = self.mode
        if mode == "reviews":
            mine = [{k: r[k] for k in ("id", "text", "polarity", "basis")} for r in self.reviews if r["author"] == person]
            count = {p: sum(1 for r in self.reviews if r["polarity"] == p) for p in ("positive", "negative")}
            return {"mine": mine, "count": count}
        if mode == "posts":
            mine = [{k: p[k] for k in ("id", "stance", "text", "refs")} for p in self.posts if p["author"] == person]
            return {"mine": mine, "reviews": [{k: r[k] for k in ("id", "text", "polarity")} for r in self.reviews]}
        if mode == "case":
            fields = [{"name": f, "label": f.replace("_", " ").capitalize(), "hint": f"hint for {f}"} for f in CASE_FIELDS]
            return {"fields": fields, "mine": [{"id": c["id"], "name": c["name"]} for c in self.cases if c["presenter"] == person]}
        if mode == "score":
            sheet = self.credits.get(person, {})
            cases = [
                {
                    "id": c["id"],
                    "number": c["number"],
                    "name": c["name"],
                    "done": len(sheet.get(c["id"], {})) == len(ITEMS),
                    "credits": dict(sheet.get(c["id"], {})),
                }
                for c in self.cases
            ]
            return {"presented": self.presented, "items": ITEMS, "cases": cases}
        if mode == "vote":
            totals = [{"id": c["id"], "number": c["number"], "name": c["name"], "total": 5.0 if self.tie or c["id"] == "c1" else 3.0} for c in self.cases]
            top = [c["id"] for c in self.cases] if self.tie else ["c1"]
            return {"cases": totals, "top": top, "pick": self.votes.get(person, None if self.tie else "c1"), "choose": self.tie}
        if mode == "refine":
            role = self.roles.get(person)
            fields = []
            if role == "planner":
                fields = [{"name": f, "label": f.replace("_", " ").capitalize(), "hint": f"hint for {f}", "value": self.message[f]} for f in ROLE_FIELDS]
            kind = {"planner": "internal", "sales": "customer"}.get(role or "")
            faq = [dict(f, index=i) for i, f in enumerate(self.faq[kind])] if kind else []
            steps = [dict(s, index=i) for i, s in enumerate(self.steps)] if role == "developer" else []
            return {"role": role, "fields": fields, "faq": faq, "faq_kind": kind, "steps": steps}
        if mode == "todos":
            mine = [{k: t[k] for k in ("id", "text", "milestone", "due", "done")} for t in self.todos if t["owner"] == person]
            return {"mine": mine, "milestones": [{"id": "m1", "title": "Customer experience improved"}, {"id": "m2", "title": "More usage, more profit"}]}
        return {}

    # -- the actions ---------------------------------------------------------------
    def apply(self, person: str, action: str, args: dict[str, Any]) -> dict[str, Any]:
        if action not in ACTION_MODE:
            raise Refusal(400, "bad_request", "unknown action")
        if ACTION_MODE[action] != self.mode:
            raise Refusal(409, "not_now", "Not in this step: the room has moved on.")

        def own(rows: list[dict[str, Any]], key: str, owner: str = "author") -> dict[str, Any]:
            row = next((r for r in rows if r["id"] == args.get(key)), None)
            if row is None:
                raise Refusal(404, "not_found", "No such record.")
            if row[owner] != person:
                raise Refusal(403, "not_yours", "That is someone else's.")
            return row

        if action == "add_review":
            if not str(args.get("text", "")).strip():
                raise Refusal(422, "refused", "A review needs a text.")
            rid = self.next_id("r")
            self.reviews.append({"id": rid, "author": person, "text": args["text"], "polarity": args["polarity"], "basis": args["basis"]})
            return {"id": rid}
        if action == "edit_review":
            own(self.reviews, "review").update(text=args["text"], polarity=args["polarity"], basis=args["basis"])
            return {}
        if action == "delete_review":
            self.reviews.remove(own(self.reviews, "review"))
            return {}
        if action == "add_post":
            pid = self.next_id("s")
            self.posts.append({"id": pid, "author": person, "text": args["text"], "stance": args["stance"], "refs": list(args["refs"])})
            return {"id": pid}
        if action == "edit_post":
            own(self.posts, "post").update(text=args["text"], stance=args["stance"], refs=list(args["refs"]))
            return {}
        if action == "delete_post":
            self.posts.remove(own(self.posts, "post"))
            return {}
        if action == "add_case":
            fields = args["fields"]
            cid = self.next_id("c")
            self.cases.append({"id": cid, "number": len(self.cases) + 1, "name": fields["name"], "presenter": person})
            return {"id": cid}
        if action == "score":
            sheet = self.credits.setdefault(person, {}).setdefault(args["case"], {})
            if args["credit"] is None:
                sheet.pop(args["item"], None)
            else:
                sheet[args["item"]] = args["credit"]
            return {}
        if action == "vote":
            self.votes[person] = args["case"]
            return {}
        if action == "refine_field":
            conflict = self.message[args["field"]] != args["base"]
            self.message[args["field"]] = args["value"]
            return {"conflict": conflict}
        kind = {"planner": "internal", "sales": "customer"}.get(self.roles.get(person, ""), "internal")
        if action == "add_faq":
            self.faq[kind].append({"q": args["q"], "a": args["a"], "uncertain": args["uncertain"]})
            return {}
        if action == "edit_faq":
            self.faq[kind][args["index"]] = {"q": args["q"], "a": args["a"], "uncertain": args["uncertain"]}
            return {}
        if action == "remove_faq":
            del self.faq[kind][args["index"]]
            return {}
        if action == "add_step":
            self.steps.append({"text": args["text"], "uncertain": args["uncertain"]})
            return {}
        if action == "edit_step":
            self.steps[args["index"]] = {"text": args["text"], "uncertain": args["uncertain"]}
            return {}
        if action == "remove_step":
            del self.steps[args["index"]]
            return {}
        if action == "add_todo":
            tid = self.next_id("t")
            self.todos.append({"id": tid, "owner": person, "text": args["text"], "milestone": args["milestone"], "due": None, "done": False})
            return {"id": tid}
        if action == "toggle_todo":
            row = own(self.todos, "todo", "owner")
            row["done"] = not row["done"]
            return {}
        if action == "remove_todo":
            self.todos.remove(own(self.todos, "todo", "owner"))
            return {}
        raise Refusal(400, "bad_request", "unknown action")  # pragma: no cover


def refusal(status: int, code: str, message: str) -> web.Response:
    return web.json_response({"ok": False, "error": code, "message": message}, status=status, headers=HEADERS)


def make_app(room: Room) -> web.Application:
    async def page(request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != room.token or request.match_info["name"] not in FILES:
            return refusal(404, "not_found", "Not found.")
        name, content_type = FILES[request.match_info["name"]]
        return web.Response(body=(PAGE_DIR / name).read_bytes(), content_type=content_type, charset="utf-8", headers=HEADERS)

    def device_of(request: web.Request, body: dict[str, Any] | None = None) -> str:
        if request.match_info["token"] != room.token:
            raise Refusal(404, "not_found", "Not found.")
        value = body.get("device") if body is not None else request.query.get("device")
        if not isinstance(value, str) or not DEVICE.fullmatch(value):
            raise Refusal(400, "bad_request", "A malformed device id.")
        if value in room.removed:
            raise Refusal(410, "removed", "The facilitator removed this device.")
        return value

    async def state(request: web.Request) -> web.StreamResponse:
        room.state_requests += 1
        try:
            return web.json_response(room.state(device_of(request)), headers=HEADERS)
        except Refusal as refused:
            return refusal(refused.status, refused.code, refused.message)

    async def events(request: web.Request) -> web.StreamResponse:
        try:
            device = device_of(request)
        except Refusal as refused:
            return refusal(refused.status, refused.code, refused.message)
        response = web.StreamResponse(headers={**HEADERS, "Content-Type": "text/event-stream"})
        await response.prepare(request)
        sent, pushed = -1, len(room.pushed)
        with contextlib.suppress(ConnectionError, asyncio.CancelledError):
            while request.match_info["token"] == room.token and device not in room.removed:
                if room.changes is None:
                    room.changes = asyncio.Event()
                waiter = room.changes
                if room.revision != sent:
                    sent = room.revision
                    await response.write(f"event: state\ndata: {json.dumps(room.state(device))}\n\n".encode())
                while pushed < len(room.pushed):
                    await response.write(f"event: state\ndata: {json.dumps(room.pushed[pushed])}\n\n".encode())
                    pushed += 1
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(waiter.wait(), 15)
                if room.revision == sent and pushed == len(room.pushed):
                    await response.write(b": ping\n\n")
        return response

    async def join(request: web.Request) -> web.StreamResponse:
        try:
            body = await request.json()
            device = device_of(request, body)
            person = body.get("person")
            if person not in {p["id"] for p in PEOPLE}:
                raise Refusal(404, "not_found", "No such participant.")
            room.joined[device] = person
            room.changed()
            return web.json_response({"ok": True, "me": {"device": device, "person": person}}, headers=HEADERS)
        except Refusal as refused:
            return refusal(refused.status, refused.code, refused.message)

    async def submit(request: web.Request) -> web.StreamResponse:
        try:
            body = await request.json()
            device = device_of(request, body)
            sid, action, args = body.get("id"), body.get("action"), body.get("args")
            if not isinstance(sid, str) or not SID.fullmatch(sid) or not isinstance(action, str) or not isinstance(args, dict):
                raise Refusal(400, "bad_request", "A field is missing.")
            room.received.append((device, sid, action, args))
            if room.fail == "503":
                return refusal(503, "internal", "Busy.")
            if room.fail == "429":
                return web.json_response({"ok": False, "error": "slow_down", "message": "Slow down."}, status=429, headers={**HEADERS, "Retry-After": "1"})
            if room.fail == "drop":
                assert request.transport is not None
                request.transport.close()
                return web.Response(status=500)
            person = room.joined.get(device)
            if person is None:
                raise Refusal(409, "not_joined", "Join first.")
            first = room.answers.get((device, sid))
            if first is not None:
                return web.json_response({**first, "duplicate": True}, headers=HEADERS)
            result = room.apply(person, action, args)
            conflict = bool(result.pop("conflict", False))
            answer = {"ok": True, "id": sid, "duplicate": False, "result": result}
            if conflict:
                answer["conflict"] = True
            room.answers[(device, sid)] = answer
            room.applied.append((device, sid, action, args))
            room.changed()
            return web.json_response(answer, headers=HEADERS)
        except Refusal as refused:
            return refusal(refused.status, refused.code, refused.message)

    app = web.Application()
    app.router.add_get("/j/{token}/api/state", state)
    app.router.add_get("/j/{token}/api/events", events)
    app.router.add_post("/j/{token}/api/join", join)
    app.router.add_post("/j/{token}/api/submit", submit)
    app.router.add_get("/j/{token}/{name:(|app\\.js|style\\.css)}", page)
    return app


@contextlib.asynccontextmanager
async def serving(room: Room) -> AsyncIterator[str]:
    """Serve ``room`` on 127.0.0.1 (a free port) in the running loop; yields the page's URL."""
    runner = web.AppRunner(make_app(room), shutdown_timeout=0.5)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        yield f"http://127.0.0.1:{port}/j/{room.token}/"
    finally:
        room.changed()  # wake the streams so they can end
        await runner.cleanup()
