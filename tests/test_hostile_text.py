"""Hostile text in every text field: Rich markup (``[@click=app.quit]``),
ANSI escapes, NUL and other control characters, a 10,000-character string,
right-to-left text, emoji and CJK. It round-trips through the file unchanged,
and every screen shows it literally: the markup as text, the control
characters as visible pictures, nothing executed."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlew_tui import store
from mlew_tui.app import MlewApp
from mlew_tui.domain.controls import to_file, to_memory
from mlew_tui.domain.session import Session

from .test_state_loop import screen_lines

HOSTILE = "[@click=app.quit]quit[/] [b]bold[/b] \x1b[31mred\x1b]0;title\x07 \x00nul\x7f שלום עולם 漢字 😀🎉"
#: As long as one text may be (4,000 characters: the session file's bound), wide and narrow.
LONG = "長" * 2000 + "x" * 2000


def hostile_session(path: Path) -> Session:
    """Every free-text field of the English sample made hostile."""
    s = store.load(path)
    s.title = HOSTILE
    s.product.name = s.product.description = HOSTILE
    for person in s.participants:
        person.name = f"{person.name} {HOSTILE}"
    for field in type(s.customer).model_fields:
        setattr(s.customer, field, HOSTILE)
    for n, review in enumerate(s.reviews):
        review.text = LONG if n == 0 else HOSTILE
        review.source = HOSTILE
    for group in s.groups:
        group.label = HOSTILE
    for post in s.posts:
        post.text = HOSTILE
    for item in s.items:
        item.title = HOSTILE
    for case in s.cases:
        for field in ("name", "company", "valued_for", "solves", "reinforces", "result", "data_loop", "source"):
            setattr(case, field, HOSTILE)
    for field in ("product_name", "situation", "wanted", "blocked_by", "outcome", "offer", "strength"):
        setattr(s.refine, field, HOSTILE)
    for faq in [*s.refine.internal_faq, *s.refine.customer_faq]:
        faq.q = faq.a = HOSTILE
    for step in s.refine.steps:
        step.text = HOSTILE
    for milestone in s.milestones:
        milestone.title = milestone.who = milestone.what = milestone.how = HOSTILE
    s.next_step.notes = HOSTILE
    return s


def test_hostile_text_round_trips_through_the_file(tmp_path: Path, en_sample: Path) -> None:
    session = hostile_session(en_sample)
    path = tmp_path / "hostile.toml"
    store.save(session, path, keep_backup=False)
    raw = path.read_bytes()
    assert b"\\u001b[31mred" in raw and b"\\u0000nul" in raw  # on disk as it is (TOML escapes)
    again = store.load(path)
    assert again.model_dump() == to_memory(session.model_dump())
    assert again.reviews[0].text == LONG and again.title == to_memory(HOSTILE)
    assert "␛[31mred" in again.title  # in memory: visible pictures
    store.save(again, path, keep_backup=False)
    assert path.read_bytes() == raw  # and back, byte for byte


STEPS = [
    "intro",
    "listen.customer",
    "listen.reviews",
    "listen.grouping",
    "define.posts",
    "define.plus_one",
    "define.items",
    "define.scoring_prep",
    "invent.cases",
    "invent.vote",
    "refine.work",
    "refine.merge",
    "test.who_what_how",
    "next_step",
]


@pytest.mark.parametrize("step", STEPS)
async def test_every_screen_shows_hostile_text_literally(tmp_path: Path, en_sample: Path, step: str) -> None:
    path = tmp_path / "hostile.toml"
    store.save(hostile_session(en_sample), path, keep_backup=False)
    app = MlewApp(path, day=1)
    async with app.run_test(size=(200, 60)) as pilot:
        app.apply("goto", step)
        await pilot.pause()
        svg = app.export_screenshot()
        screen = "\n".join(screen_lines(app))
        assert app.is_running  # [@click=app.quit] did not quit
        assert "[@click=app.quit]quit[/]" in screen, "markup was interpreted or hidden"
        assert "\x1b" not in svg and "\x00" not in svg
        assert "␛[31mred" in screen, "control characters are not shown as pictures"
        await pilot.press("f9", "f9")  # the turn passes; names with markup stay literal
        assert app.is_running
        assert app.save_now_blocking()
    assert to_file(store.load(path).title) == HOSTILE
