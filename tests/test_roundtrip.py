"""load(save(x)) == x for generated sessions full of awkward text.

Control characters are held in memory as their visible pictures (see
``domain/controls.py``) and written back exactly, so a loaded session equals
the original seen through ``to_memory``, and the file's bytes round-trip."""

from __future__ import annotations

import tempfile
import tomllib
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mlew_tui import toml_writer
from mlew_tui.domain.agenda import STEP_IDS
from mlew_tui.domain.controls import to_file, to_memory
from mlew_tui.domain.session import (
    PROCESSES,
    ROLES,
    Case,
    Customer,
    Day2,
    Faq,
    Group,
    Invent,
    Item,
    Meeting,
    Milestone,
    NextStep,
    Participant,
    Post,
    Prerequisites,
    Product,
    Progress,
    Refine,
    RefineStep,
    Review,
    Scoring,
    Session,
    StepActual,
    TimerRecord,
    Todo,
    new_session,
)
from mlew_tui.domain.validation import check
from mlew_tui.samples import samples_folder
from mlew_tui.store import dumps, load, save

SPECIALS = [
    "佐藤",
    "美咲",
    "ｶﾀｶﾅ",
    "😀",
    "👩🏽‍💻",
    "🇯🇵",
    "[b]x[/b]",
    "[@click=app.quit]x[/]",
    "[red on blue]",
    "\n",
    "\r\n",
    "\r",
    '"',
    '"""',
    "'''",
    "'",
    "\\",
    "\\n",
    "\x00",
    "\x1b[31m",
    "\t",
    "\x7f",
    "\u2028",
    "\ufeff",
    "\u200b",
    "#",
    "=",
    "[[reviews]]",
    "]]",
    "{}",
    "{value}",
    "%s",
    " ",
]

text = st.lists(st.one_of(st.sampled_from(SPECIALS), st.text(max_size=8)), max_size=6).map("".join)
short_text = st.one_of(st.just(""), text)


def slugs(prefix: str) -> st.SearchStrategy[str]:
    return st.from_regex(rf"\A{prefix}[A-Za-z0-9_-]{{0,8}}\Z", fullmatch=True)


offsets = st.integers(min_value=-(23 * 60 + 59), max_value=23 * 60 + 59).map(lambda m: timezone(timedelta(minutes=m)))
# Within the session file's bounds (DESIGN.md): dates 2000-2100, a timebox within a day.
aware = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 12, 31, 23, 59, 59), timezones=offsets)
dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))
finite = st.floats(min_value=-86400, max_value=86400, allow_nan=False, allow_infinity=False)


revisions = st.one_of(st.just(0), st.integers(0, 10**6))


def opt(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


@st.composite
def sessions(draw: st.DrawFn) -> Session:
    pids = draw(st.lists(slugs("[a-z]"), min_size=1, max_size=5, unique=True))
    participants = [Participant(id=pid, name=draw(text), role=draw(st.sampled_from(ROLES))) for pid in pids]
    person = st.sampled_from(pids)
    maybe_person = st.one_of(st.just(""), person)

    gids = draw(st.lists(slugs("g"), max_size=3, unique=True))
    groups = [Group(id=gid, label=draw(short_text)) for gid in gids]
    rids = draw(st.lists(slugs("r"), max_size=6, unique=True))
    reviews = [
        Review(
            id=rid,
            author=draw(person),
            text=draw(text),
            polarity=draw(st.sampled_from(["positive", "negative"])),
            basis=draw(st.sampled_from(["fact", "assumption"])),
            moment=draw(st.sampled_from(["signup", "using", "after", ""])),
            source=draw(short_text),
            group=draw(st.sampled_from(["", *gids])),
        )
        for rid in rids
    ]
    targets = ["customer", *rids, *gids]
    posts = [
        Post(
            id=sid,
            author=draw(person),
            stance=draw(st.sampled_from(["continue", "quit"])),
            text=draw(text),
            refs=draw(st.lists(st.sampled_from(targets), max_size=4)),
        )
        for sid in draw(st.lists(slugs("s"), max_size=3, unique=True))
    ]
    items = [
        Item(
            id=iid,
            kind=draw(st.sampled_from(["issue", "strength"])),
            title=draw(text),
            owner=draw(maybe_person),
            points=draw(st.sampled_from([1, 3, 5])),
            reviews=draw(st.lists(st.sampled_from(rids), max_size=3)) if rids else [],
        )
        for iid in draw(st.lists(slugs("i"), max_size=4, unique=True))
    ]
    cids = draw(st.lists(slugs("c"), max_size=4, unique=True))
    cases = [
        Case(
            id=cid,
            name=draw(text),
            company=draw(short_text),
            valued_for=draw(short_text),
            solves=draw(short_text),
            result=draw(short_text),
            data_loop=draw(short_text),
            source=draw(short_text),
            presenter=draw(maybe_person),
        )
        for cid in cids
    ]
    scores: dict[str, dict[str, dict[str, float]]] = {}
    if cids and items:
        for pid in draw(st.lists(person, unique=True)):
            by_case = scores.setdefault(pid, {})
            for cid in draw(st.lists(st.sampled_from(cids), min_size=1, unique=True)):
                chosen = draw(st.lists(st.sampled_from(items), min_size=1, unique_by=lambda i: i.id))
                by_case[cid] = {i.id: draw(st.integers(0, 2 * i.points)) / 2 for i in chosen}
    votes = {pid: draw(st.sampled_from(cids)) for pid in draw(st.lists(person, unique=True))} if cids else {}
    winner = draw(st.sampled_from(["", *cids]))
    invent = Invent(winner=winner, decided_by=draw(st.sampled_from(["votes", "scores", "die", "facilitator"])) if winner else None)

    roles = draw(st.permutations(pids))
    cut1, cut2 = sorted(draw(st.lists(st.integers(0, len(roles)), min_size=2, max_size=2)))
    faq = st.builds(Faq, q=short_text, a=short_text, uncertain=st.booleans())
    refine = Refine(
        planner=list(roles[:cut1]),
        sales=list(roles[cut1:cut2]),
        developer=list(roles[cut2:]),
        product_name=draw(short_text),
        situation=draw(short_text),
        wanted=draw(short_text),
        outcome=draw(short_text),
        offer=draw(short_text),
        internal_faq=draw(st.lists(faq, max_size=2)),
        customer_faq=draw(st.lists(faq, max_size=2)),
        steps=draw(st.lists(st.builds(RefineStep, text=short_text, uncertain=st.booleans()), max_size=3)),
    )

    mids = draw(st.lists(slugs("m"), max_size=3, unique=True))
    milestones = [
        Milestone(
            id=mid,
            title=draw(short_text),
            who=draw(short_text),
            what=draw(short_text),
            how=draw(short_text),
            due=draw(opt(dates)),
            revision=draw(revisions),
        )
        for mid in mids
    ]
    todos = [
        Todo(
            id=tid,
            text=draw(text),
            owner=draw(maybe_person),
            milestone=draw(st.sampled_from(["", *mids])),
            due=draw(opt(dates)),
            done=draw(st.booleans()),
            revision=draw(revisions),
        )
        for tid in draw(st.lists(slugs("t"), max_size=3, unique=True))
    ]
    meetings = []
    # "" is a meeting of a file written before meetings had ids: it gets one on load
    meeting_ids = draw(st.lists(st.one_of(st.just(""), slugs("mt")), max_size=2, unique=True))
    for meeting_id in meeting_ids:
        start = draw(aware)
        until = draw(opt(st.dates(min_value=start.date(), max_value=date(2100, 12, 31))))
        meetings.append(
            Meeting(
                kind=draw(st.sampled_from(["progress", "executive_report"])),
                title=draw(short_text),
                start=start,
                duration_min=draw(st.integers(1, 600)),
                weekly_until=until,
                milestone=draw(st.sampled_from(["", *mids])),
                id=meeting_id,
                revision=draw(revisions),
            )
        )

    day1 = draw(opt(dates))
    day2 = draw(opt(st.dates(min_value=day1 or date(2000, 1, 1), max_value=date(2100, 12, 31))))
    step_keys = st.sampled_from(STEP_IDS)  # dotted: quoted keys, progress.actual."listen.reviews"
    actual = draw(st.dictionaries(step_keys, st.builds(StepActual, started_at=aware, ended_at=opt(aware)), max_size=3))
    fields: dict[str, Any] = dict(
        workshop_date=day1,
        time_zone=draw(opt(st.sampled_from(["Asia/Tokyo", "America/New_York", "UTC", "Europe/Berlin", "Australia/Lord_Howe"]))),
        day2_date=day2,
        product=Product(name=draw(short_text), description=draw(short_text)),
        participants=participants,
        prerequisites=draw(st.builds(Prerequisites, **{k: st.booleans() for k in Prerequisites.model_fields})),
        progress=Progress(
            day=draw(st.sampled_from([1, 2])),
            step=draw(st.sampled_from(STEP_IDS)),
            started_at=draw(opt(aware)),
            turn=draw(maybe_person),
            actual=actual,
        ),
        timer=TimerRecord(
            step=draw(st.sampled_from(["", *STEP_IDS])),
            duration_s=draw(st.integers(0, 86400)),
            running=draw(st.booleans()),
            deadline=draw(opt(aware)),
            remaining_s=draw(opt(finite)),
            cycle_cases=draw(st.lists(st.sampled_from(cids), max_size=4)) if cids else [],
            cycle_index=draw(st.integers(0, 50)),
            cycle_part=draw(st.sampled_from(["share", "score", ""])),
        ),
        customer=Customer(**{k: draw(short_text) for k in Customer.model_fields}),
        reviews=reviews,
        groups=groups,
        posts=posts,
        items=items,
        cases=cases,
        scoring=Scoring(partial_ratio=draw(st.floats(0, 1, exclude_min=True, exclude_max=True))),
        scores=scores,
        votes=votes,
        invent=invent,
        refine=refine,
        milestones=milestones,
        next_step=NextStep(
            go_to_implementation=draw(opt(st.booleans())),
            improve=draw(st.lists(st.sampled_from(PROCESSES), max_size=5)),
            notes=draw(short_text),
        ),
        day2=Day2(allotted_min=draw(st.dictionaries(st.sampled_from(PROCESSES), st.integers(0, 600)))),
        todos=todos,
        meetings=meetings,
    )
    return new_session(draw(text), draw(st.sampled_from(["ja", "en"])), **fields)


def _offsets(session: Session) -> list[Any]:
    """Every datetime's UTC offset (== on aware datetimes ignores it)."""
    found: list[Any] = []

    def walk(value: Any) -> None:
        if isinstance(value, datetime):
            found.append((value, value.utcoffset()))
        elif isinstance(value, dict):
            for k, v in value.items():
                walk(k)
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(session.model_dump())
    return found


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(sessions())
def test_load_save_roundtrip(session: Session) -> None:
    # The generated text is what a file may hold; in memory it is what the
    # store reads it as (control characters as pictures, a real picture marked).
    session = Session.model_validate(to_memory(session.model_dump()))
    assert check(session) == [], [p.path for p in check(session)]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "s.toml"
        assert save(session, path) is True
        loaded = load(path)
        assert loaded.model_dump() == session.model_dump()
        assert _offsets(loaded) == _offsets(session)
        assert dumps(loaded) == dumps(session)
        assert save(loaded, path) is False  # nothing to write: the same bytes


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(sessions(), st.data())
def test_converting_chunk_by_chunk_writes_what_converting_the_whole_would(session: Session, data: st.DataObject) -> None:
    """The writer converts pictures back to control characters entry by entry
    and reuses an entry's text while its data is equal; the text is always
    the one the whole session converted at once renders, and text rendered
    without the conversion is never served to a call with it (or the reverse)."""
    shown = to_memory(session.to_toml_dict())
    expected = toml_writer.dumps(to_file(shown))
    assert toml_writer.dumps(shown, to_file) == expected
    # without the conversion the pictures stay pictures: never the converted chunks of the memo
    assert tomllib.loads(toml_writer.dumps(shown)) == to_memory(tomllib.loads(expected))
    assert toml_writer.dumps(shown, to_file) == expected  # from the memo this time
    # one review changed: only its entry is rendered again, and still the same as a whole conversion
    if shown.get("reviews"):
        index = data.draw(st.integers(0, len(shown["reviews"]) - 1))
        shown["reviews"][index] = {**shown["reviews"][index], "text": data.draw(text)}
        shown = to_memory(shown)
        assert toml_writer.dumps(shown, to_file) == toml_writer.dumps(to_file(shown))


@settings(max_examples=50, deadline=None)
@given(text)
def test_any_text_survives_in_every_kind_of_place(value: str) -> None:
    """``value`` is text as a file may hold it; in memory it is what the
    store reads it as (control characters as pictures, a real picture
    marked), and it goes back to the file exactly."""
    shown = to_memory(value)
    session = new_session(
        shown,
        "en",
        participants=[Participant(id="p1", name=shown)],
        reviews=[Review(id="r1", author="p1", text=shown, polarity="negative", source=shown)],
        product=Product(name=shown, description=shown),
        customer=Customer(who=shown, notes=shown),
        refine=Refine(steps=[RefineStep(text=shown)], internal_faq=[Faq(q=shown, a=shown)]),
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "s.toml"
        save(session, path)
        loaded = load(path)
    assert loaded.title == shown
    assert loaded.reviews[0].text == shown
    assert loaded.customer.notes == shown
    assert loaded.model_dump() == session.model_dump()
    assert to_file(loaded.title) == value


def test_markup_and_control_characters_example() -> None:
    value = 'a\r\nb [b]x[/b] [@click=app.quit]x[/] """ \\ \x00\x1b\t 佐藤 😀\n'
    session = new_session("t", "ja", participants=[Participant(id="sato", name=value)])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "s.toml"
        save(session, path)
        assert load(path).participants[0].name == to_memory(value)
        assert to_file(load(path).participants[0].name) == value


def test_bundled_samples_roundtrip() -> None:
    files = sorted(samples_folder().glob("*.toml"))
    if not files:
        pytest.skip("no samples yet")
    for file in files:
        session = load(file)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / file.name
            assert save(session, path) is True
            assert load(path).model_dump() == session.model_dump(), file.name
            assert save(load(path), path) is False
