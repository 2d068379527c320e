"""The session file as pydantic models: one ``Session`` holds a whole workshop.

The keys and tables are the public format of DESIGN.md ("The session file").
Structure (types, enums, ranges of a single value) is checked by pydantic;
references between tables (authors, review groups, score cells ...) are checked
by :mod:`mlew_tui.domain.validation`, which works on the plain TOML data so
that every problem of a file is reported at once.

Conventions kept by every model:
- missing lists are empty and missing tables take their defaults, so a short
  hand-written file is a valid session;
- text fields default to ``""``; optional dates and datetimes are ``None`` and
  are simply left out of the file;
- values are strict: a TOML date must be a date, a number a number
  (``true`` is not 1, ``"5"`` is not 5);
- every value is bounded (the constants below): dates in 2000-2100, minutes
  0-1440, a text, a list and a number of a known size, so a file that passes
  ``mlew check`` never overflows a report, an export or the app.
"""

# No ``from __future__ import annotations`` here: pydantic then reads the
# fields' types as objects instead of compiling and evaluating some 160
# strings at every launch (about 10 ms of the first frame).

from datetime import date, datetime
from typing import Annotated, Any, Final, Literal, get_args

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from . import timer
from .formats import number
from .ids import next_id
from .zones import check_zone

FORMAT: Final = "mlew-session"
SCHEMA_VERSION: Final = 1

#: The reserved post reference meaning "the customer card".
CUSTOMER_REF = "customer"

Language = Literal["ja", "en"]
Role = Literal["pm", "developer", "data_scientist", "designer", "sales", "support", "executive", "other"]
Polarity = Literal["positive", "negative"]
Basis = Literal["fact", "assumption"]
Moment = Literal["signup", "using", "after", ""]
Stance = Literal["continue", "quit"]
ItemKind = Literal["issue", "strength"]
DecidedBy = Literal["votes", "scores", "die", "facilitator"]
MeetingKind = Literal["progress", "executive_report"]
Process = Literal["listen", "define", "invent", "refine", "test_iterate"]
RefineRole = Literal["planner", "sales", "developer"]

ROLES: tuple[str, ...] = get_args(Role)
PROCESSES: tuple[str, ...] = get_args(Process)
REFINE_ROLES: tuple[str, ...] = get_args(RefineRole)
ITEM_POINTS: tuple[int, ...] = (1, 3, 5)

# -- bounds (DESIGN.md, "The session file") -----------------------------------
#: Every date, and every datetime's own (local) date, lies in this range.
MIN_DATE: Final = date(2000, 1, 1)
MAX_DATE: Final = date(2100, 12, 31)
#: A name or title (a participant, a case, an item, a milestone ...), in characters.
NAME_MAX: Final = 100
#: Any other one text (a review, a customer field, a FAQ answer ...), in characters.
TEXT_MAX: Final = 4000
#: A step id, a view, a time zone name.
KEY_MAX: Final = 100
#: Minutes of a meeting or of a re-run on Day 2; seconds of a timebox.
MINUTES_MAX: Final = 24 * 60
SECONDS_MAX: Final = timer.SECONDS_MAX
#: Seconds a step took over all its visits (a year: more is a clock gone wrong).
SPENT_S_MAX: Final = 366 * SECONDS_MAX
#: How often one calendar event changed.
REVISION_MAX: Final = 1_000_000
#: List lengths.
PARTICIPANTS_MAX: Final = 50
#: Steps with real times (``progress.actual``): the agenda has about thirty.
STEPS_MAX: Final = 100
REVIEWS_MAX: Final = 10_000
GROUPS_MAX: Final = 10_000
POSTS_MAX: Final = 10_000
ITEMS_MAX: Final = 1_000
CASES_MAX: Final = 100
MILESTONES_MAX: Final = 100
TODOS_MAX: Final = 1_000
MEETINGS_MAX: Final = 100
#: FAQ entries and steps of Refine, each list.
REFINE_LIST_MAX: Final = 100
#: References held by one entry (a post's refs, an item's reviews).
REFS_MAX: Final = 10_000


def _date_in_range(value: date) -> date:
    day = value.date() if isinstance(value, datetime) else value
    if not MIN_DATE <= day <= MAX_DATE:
        raise PydanticCustomError("date_range", "{value} is outside {min} to {max}", {"min": MIN_DATE.isoformat(), "max": MAX_DATE.isoformat()})
    return value


Name = Annotated[str, Field(max_length=NAME_MAX)]
Key = Annotated[str, Field(max_length=KEY_MAX)]
Date = Annotated[date, AfterValidator(_date_in_range)]
#: A datetime with its UTC offset, its own date in the range above.
Timestamp = Annotated[AwareDatetime, AfterValidator(_date_in_range)]
Minutes = Annotated[int, Field(ge=0, le=MINUTES_MAX)]

#: A short id: letters, digits, ``-`` and ``_`` - exactly what TOML allows as a
#: bare key, so ids can head tables such as ``[scores.sato.c1]``.
SLUG_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$"
Slug = Annotated[str, Field(pattern=SLUG_PATTERN)]
Ref = str  # a reference to an id; resolution is checked in validation.py


def _check_points(value: int) -> int:
    if value not in ITEM_POINTS:
        raise ValueError("points must be 1, 3 or 5")
    return value


Points = Annotated[int, AfterValidator(_check_points)]
#: An IANA time zone name (``"Asia/Tokyo"``), checked against the zone database.
TimeZoneName = Annotated[str, Field(max_length=KEY_MAX), AfterValidator(check_zone)]
#: A meeting's id: a slug, or ``""`` in a file written before meetings had ids
#: (the session gives it one on load, see :func:`meeting_ids`).
MEETING_ID_PATTERN = r"^$|" + SLUG_PATTERN
#: How often an event of the calendar export changed (its ``SEQUENCE``); ``0``
#: is left out of the file. :mod:`.revisions` raises it.
Revision = Annotated[int, Field(ge=0, le=REVISION_MAX, exclude_if=lambda v: v == 0)]
#: One score cell; its upper bound (the item's points) is checked in validation.py.
Cell = Annotated[float, Field(ge=0, multiple_of=0.5)]


class Model(BaseModel):
    """Base of every table: strict types, unknown keys are errors (typos show);
    no string (a key, a reference, a text) is longer than ``TEXT_MAX`` and no
    number is ``inf`` or ``nan``.

    Validators are built on first use, not at import (``defer_build``): a
    session taken back from :mod:`mlew_tui.session_cache` is shown without
    validating anything, and the app builds them all while the room looks at
    its first frame (:func:`build_validators`)."""

    model_config = ConfigDict(defer_build=True, strict=True, extra="forbid", validate_default=False, str_max_length=TEXT_MAX, allow_inf_nan=False)

    def __setattr__(self, name: str, value: Any) -> None:
        super().__setattr__(name, value)
        TOUCHED[id(self)] = self  # for the bounds check (validation._list_problems)


#: Records given a new value since the bounds check last looked at them
#: (id -> record): a list table's check looks at these and at the records new
#: to it, not at all 2,000 reviews for each phone's submission.
TOUCHED: dict[int, Model] = {}


class Product(Model):
    name: Name = ""
    description: str = ""


class Participant(Model):
    id: Slug
    name: Name
    role: Role = "other"


class Prerequisites(Model):
    """The five checks of WORKSHOP.md, in the deck's order."""

    team_and_sponsor: bool = False
    target_customer: bool = False
    cases_and_sheet: bool = False
    analysis_environment: bool = False
    day2_booked: bool = False


class StepActual(Model):
    """A step's real times: its first start, its last end (None while the room
    is on it), the seconds of its earlier visits and the start of the visit
    under way (a step reopened) - added to the format: a step visited twice
    counts once, with its total time."""

    started_at: Timestamp
    ended_at: Timestamp | None = None
    spent_s: Annotated[float, Field(ge=0, le=SPENT_S_MAX)] | None = None
    resumed_at: Timestamp | None = None


class Progress(Model):
    day: Literal[1, 2] = 1
    step: Key = "intro"
    #: Day 1's start and end; Day 2 keeps its own (added to the format):
    #: starting Day 2 never touches Day 1's.
    started_at: Timestamp | None = None
    ended_at: Timestamp | None = None
    day2_started_at: Timestamp | None = None
    day2_ended_at: Timestamp | None = None
    #: Whose turn it is at the keyboard (a participant id; added to the format).
    turn: Ref = ""
    #: On a Day 2 re-run step: the Day 1 working view shown (e.g. ``invent.vote``);
    #: "" for the step's first view (added to the format).
    view: Key | None = None
    actual: dict[Key, StepActual] = Field(default_factory=dict, max_length=STEPS_MAX)


class TimerRecord(Model):
    """The countdown as saved: a wall-clock deadline while running, so a crash
    loses nothing; the remaining seconds while paused."""

    step: Key = ""
    duration_s: Annotated[int, Field(ge=0, le=SECONDS_MAX)] = 0
    running: bool = False
    deadline: Timestamp | None = None
    #: Negative in overtime; :meth:`~.timer.Countdown.to_record` keeps it within a day either way.
    remaining_s: Annotated[float, Field(ge=-SECONDS_MAX, le=SECONDS_MAX)] | None = None
    # Invent's cycle mode (4 min sharing + 1 min scoring per case).
    cycle_cases: list[Ref] = Field(default_factory=list, max_length=CASES_MAX)
    cycle_index: Annotated[int, Field(ge=0, le=CASES_MAX)] = 0
    cycle_part: Literal["share", "score", ""] = ""


class Customer(Model):
    who: str = ""
    goal: str = ""
    actions: str = ""
    trigger: str = ""
    usage: str = ""
    personality: str = ""
    notes: str = ""


class Review(Model):
    id: Slug
    author: Ref
    text: str
    polarity: Polarity
    basis: Basis = "fact"
    moment: Moment = ""
    source: str = ""
    group: Ref = ""


class Group(Model):
    id: Slug
    label: Name = ""


class Post(Model):
    id: Slug
    author: Ref
    stance: Stance
    text: str = ""
    refs: list[Ref] = Field(default_factory=list, max_length=REFS_MAX)


class Item(Model):
    id: Slug
    kind: ItemKind
    title: Name
    owner: Ref = ""
    points: Points
    reviews: list[Ref] = Field(default_factory=list, max_length=REFS_MAX)


class Case(Model):
    id: Slug
    name: Name
    company: Name = ""
    valued_for: str = ""
    solves: str = ""
    reinforces: str = ""
    result: str = ""
    data_loop: str = ""
    source: str = ""
    presenter: Ref = ""


class Scoring(Model):
    partial_ratio: Annotated[float, Field(gt=0, lt=1)] = 0.6


class Invent(Model):
    """The winner and how it was decided, and what the projector may show of
    the private work (issue #19; added to the format, written only when true).

    ``scores_revealed``: the facilitator has revealed the scoring (everyone's
    totals, the #1 picks, the tally and the ★); until then the scoring step
    shows only the cells of the person at the keyboard and who has scored.
    ``votes_revealed``: likewise for the #1 vote (who has a #1, not which).
    Exports and the report show everything regardless: they come after the
    fact. A Day 2 re-run starts hidden again (``domain.invent.hide_for_rerun``).
    """

    winner: Ref = ""
    decided_by: DecidedBy | None = None
    scores_revealed: bool = Field(default=False, exclude_if=lambda shown: not shown)
    votes_revealed: bool = Field(default=False, exclude_if=lambda shown: not shown)


class Faq(Model):
    q: str = ""
    a: str = ""
    uncertain: bool = False


class RefineStep(Model):
    text: str = ""
    uncertain: bool = False


class Refine(Model):
    planner: list[Ref] = Field(default_factory=list, max_length=PARTICIPANTS_MAX)
    sales: list[Ref] = Field(default_factory=list, max_length=PARTICIPANTS_MAX)
    developer: list[Ref] = Field(default_factory=list, max_length=PARTICIPANTS_MAX)
    product_name: Name = ""
    situation: str = ""
    wanted: str = ""
    blocked_by: str = ""
    outcome: str = ""
    offer: str = ""
    strength: str = ""
    internal_faq: list[Faq] = Field(default_factory=list, max_length=REFINE_LIST_MAX)
    customer_faq: list[Faq] = Field(default_factory=list, max_length=REFINE_LIST_MAX)
    steps: list[RefineStep] = Field(default_factory=list, max_length=REFINE_LIST_MAX)


class Milestone(Model):
    id: Slug
    title: Name = ""
    who: str = ""
    what: str = ""
    how: str = ""
    due: Date | None = None
    revision: Revision = 0


class NextStep(Model):
    go_to_implementation: bool | None = None
    improve: list[Process] = Field(default_factory=list, max_length=len(PROCESSES))
    notes: str = ""


class Day2(Model):
    allotted_min: dict[Process, Minutes] = Field(default_factory=dict)


class Todo(Model):
    id: Slug
    text: str
    owner: Ref = ""
    milestone: Ref = ""
    due: Date | None = None
    done: bool = False
    revision: Revision = 0


class Meeting(Model):
    kind: MeetingKind
    title: Name = ""
    start: Timestamp
    duration_min: Annotated[int, Field(gt=0, le=MINUTES_MAX)] = 30
    weekly_until: Date | None = None
    milestone: Ref = ""
    #: Stable across renames and moves: the calendar's UID is made from it.
    id: Annotated[str, Field(pattern=MEETING_ID_PATTERN)] = ""
    revision: Revision = 0


#: person -> case -> item -> points
Scores = Annotated[
    dict[str, Annotated[dict[str, Annotated[dict[str, Cell], Field(max_length=ITEMS_MAX)]], Field(max_length=CASES_MAX)]],
    Field(max_length=PARTICIPANTS_MAX),
]

#: The work of Day 1 that Day 2 re-runs and compares (the ``[day1]`` table).
DAY1_FIELDS: tuple[str, ...] = (
    "participants",
    "customer",
    "reviews",
    "groups",
    "posts",
    "items",
    "cases",
    "scoring",
    "scores",
    "votes",
    "invent",
    "refine",
    "milestones",
    "next_step",
)


class Day1(Model):
    """Day 1 as it stood when Day 2 started (added to the format): written
    once, never changed, so Day 2 always compares against the real Day 1 and
    the room can look back at it. Its references resolve within itself."""

    frozen_at: Timestamp | None = None
    participants: list[Participant] = Field(default_factory=list, max_length=PARTICIPANTS_MAX)
    customer: Customer = Field(default_factory=Customer)
    reviews: list[Review] = Field(default_factory=list, max_length=REVIEWS_MAX)
    groups: list[Group] = Field(default_factory=list, max_length=GROUPS_MAX)
    posts: list[Post] = Field(default_factory=list, max_length=POSTS_MAX)
    items: list[Item] = Field(default_factory=list, max_length=ITEMS_MAX)
    cases: list[Case] = Field(default_factory=list, max_length=CASES_MAX)
    scoring: Scoring = Field(default_factory=Scoring)
    scores: Scores = Field(default_factory=dict)
    votes: dict[str, Ref] = Field(default_factory=dict, max_length=PARTICIPANTS_MAX)
    invent: Invent = Field(default_factory=Invent)
    refine: Refine = Field(default_factory=Refine)
    milestones: list[Milestone] = Field(default_factory=list, max_length=MILESTONES_MAX)
    next_step: NextStep = Field(default_factory=NextStep)


class Session(Model):
    """A whole workshop: Day 1 and Day 2, exactly as the session file holds it."""

    format: Literal["mlew-session"]
    schema_version: Literal[1]
    title: Name
    language: Language
    workshop_date: Date | None = None
    day2_date: Date | None = None
    #: The IANA zone of meetings and the calendar export; unset: the meetings' UTC offset.
    time_zone: TimeZoneName | None = None
    product: Product = Field(default_factory=Product)
    participants: list[Participant] = Field(default_factory=list, max_length=PARTICIPANTS_MAX)
    prerequisites: Prerequisites = Field(default_factory=Prerequisites)
    progress: Progress = Field(default_factory=Progress)
    timer: TimerRecord = Field(default_factory=TimerRecord)
    customer: Customer = Field(default_factory=Customer)
    reviews: list[Review] = Field(default_factory=list, max_length=REVIEWS_MAX)
    groups: list[Group] = Field(default_factory=list, max_length=GROUPS_MAX)
    posts: list[Post] = Field(default_factory=list, max_length=POSTS_MAX)
    items: list[Item] = Field(default_factory=list, max_length=ITEMS_MAX)
    cases: list[Case] = Field(default_factory=list, max_length=CASES_MAX)
    scoring: Scoring = Field(default_factory=Scoring)
    scores: Scores = Field(default_factory=dict)
    votes: dict[str, Ref] = Field(default_factory=dict, max_length=PARTICIPANTS_MAX)
    invent: Invent = Field(default_factory=Invent)
    refine: Refine = Field(default_factory=Refine)
    milestones: list[Milestone] = Field(default_factory=list, max_length=MILESTONES_MAX)
    next_step: NextStep = Field(default_factory=NextStep)
    day2: Day2 = Field(default_factory=Day2)
    todos: list[Todo] = Field(default_factory=list, max_length=TODOS_MAX)
    meetings: list[Meeting] = Field(default_factory=list, max_length=MEETINGS_MAX)
    day1: Day1 | None = None

    # -- lookups used everywhere -------------------------------------------
    def participant(self, pid: str) -> Participant | None:
        return next((p for p in self.participants if p.id == pid), None)

    def review(self, rid: str) -> Review | None:
        return next((r for r in self.reviews if r.id == rid), None)

    def item(self, iid: str) -> Item | None:
        return next((i for i in self.items if i.id == iid), None)

    def case(self, cid: str) -> Case | None:
        return next((c for c in self.cases if c.id == cid), None)

    def ordered_items(self) -> list[Item]:
        """Issues first, then strengths, each in file order (the table's columns)."""
        return [i for i in self.items if i.kind == "issue"] + [i for i in self.items if i.kind == "strength"]

    # -- the file ---------------------------------------------------------
    def to_toml_dict(self) -> dict[str, Any]:
        """The session as plain TOML data, in the documented key order.

        ``None`` values are left out (TOML has no null), as are empty top-level
        lists and tables, so a short file stays short after a save. Whole
        numbers in score cells are written as integers (``5``, not ``5.0``).
        """
        data = self.model_dump(mode="python", exclude_none=True)
        data["scores"] = _whole_numbers(self.scores)
        if self.day1 is not None:
            frozen = data["day1"]
            frozen["scores"] = _whole_numbers(self.day1.scores)
            data["day1"] = {k: v for k, v in frozen.items() if not (isinstance(v, (list, dict)) and not v)}
        return {k: v for k, v in data.items() if not (isinstance(v, (list, dict)) and not v)}

    @model_validator(mode="after")
    def _give_meetings_ids(self) -> "Session":
        """Meetings of a file written before they had ids get ``mt1``, ``mt2`` ...
        (in file order, so the same file always gives the same ids; saved with the session)."""
        for meeting, mid in zip(self.meetings, meeting_ids(self.meetings), strict=True):
            meeting.id = mid
        return self


def meeting_ids(meetings: list[Meeting]) -> list[str]:
    """Each meeting's id: its own, else the first free ``mt<n>``, in order."""
    taken = {m.id for m in meetings if m.id}
    out = []
    for meeting in meetings:
        mid = meeting.id or next_id("mt", taken)
        taken.add(mid)
        out.append(mid)
    return out


def _whole_numbers(scores: Scores) -> dict[str, Any]:
    return {person: {case: {item: number(v) for item, v in cells.items()} for case, cells in by_case.items()} for person, by_case in scores.items()}


def new_session(title: str, language: Language, **fields: Any) -> Session:
    """A fresh session with the required keys set."""
    return Session(format=FORMAT, schema_version=SCHEMA_VERSION, title=title, language=language, **fields)


def session_from_data(data: dict[str, Any]) -> Session:
    """Build a session from TOML data (raises pydantic.ValidationError)."""
    return Session.model_validate(data)


def models() -> list[type[Model]]:
    """Every table's model, the nested ones before those holding them."""
    found: list[type[Model]] = []
    pending = list(Model.__subclasses__())
    while pending:
        model = pending.pop(0)
        if model not in found:
            found.append(model)
            pending.extend(model.__subclasses__())
    return sorted(found, key=lambda m: m is Session)


def build_validators(limit: int | None = None) -> bool:
    """Build the validators not built yet (``limit`` of them at most); True
    when all are built. Each takes a few milliseconds, the session's last."""
    for model in models():
        if not model.__pydantic_complete__:
            if limit == 0:
                return False
            model.model_rebuild()
            limit = None if limit is None else limit - 1
    return True
