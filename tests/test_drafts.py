"""Unsent form text survives a crash (issue #16): kept within a second next
to the file, offered back on the next open, gone once sent or cancelled."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from textual.widgets import Input

from mlew_tui import drafts, store
from mlew_tui.app import MlewApp
from mlew_tui.forms.review_form import ReviewForm

from .conftest import FakeClock

POLL_S = 0.6  # a little over two autosave ticks


def make_app(path: Path, clock: FakeClock) -> MlewApp:
    return MlewApp(path, monotonic=clock.monotonic, now=clock.now)


def test_drafts_round_trip_and_an_empty_set_removes_the_sidecar(tmp_path: Path) -> None:
    session = tmp_path / "w.toml"
    kept = [drafts.Draft("ReviewForm", "", "sato", "listen.reviews", {"text": "半分だけ書いた"}, datetime(2026, 12, 3, 10, 0, tzinfo=UTC))]
    drafts.save(session, kept)
    assert drafts.drafts_path(session).name == "w.toml.drafts.toml"
    assert drafts.load(session) == kept
    drafts.save(session, [])
    assert not drafts.drafts_path(session).exists()
    assert drafts.load(session) == []


def test_a_broken_sidecar_is_set_aside_not_trusted(tmp_path: Path) -> None:
    session = tmp_path / "w.toml"
    drafts.drafts_path(session).write_text("[[drafts]\nnot toml", encoding="utf-8")
    assert drafts.load(session) == []
    assert (tmp_path / "w.toml.drafts.toml.bad").read_text(encoding="utf-8").startswith("[[drafts]")


async def test_a_half_typed_review_survives_a_crash_and_goes_when_cancelled(en_sample: Path) -> None:
    clock = FakeClock()
    app = make_app(en_sample, clock)
    sidecar = drafts.drafts_path(en_sample)
    async with app.run_test(size=(120, 40)) as pilot:
        app.apply("goto", "listen.reviews")
        await pilot.pause()
        await pilot.press("ctrl+r")
        await pilot.pause()
        await pilot.press(*"Lessons drop")
        await pilot.pause(POLL_S)
        kept = drafts.load(en_sample)
        assert [(d.form, d.target, d.author, d.step, dict(d.fields)) for d in kept] == [
            ("ReviewForm", "", app.workshop.turn, "listen.reviews", {"text": "Lessons drop"})
        ]
        reviews_before = len(app.workshop.session.reviews)
    # The app is gone with the form open (as after kill -9): the draft stays.
    assert sidecar.exists()
    assert len(store.load(en_sample).reviews) == reviews_before

    app = make_app(en_sample, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(POLL_S)
        form = app.screen.query_one(ReviewForm)
        assert form.display  # reopened on the step it was typed on
        assert form.query_one("#text", Input).value == "Lessons drop"
        messages = [n.message for n in app._notifications]
        assert any("Lessons drop" in m for m in messages), messages
        await pilot.press("escape")
        await pilot.pause(POLL_S)
        assert not sidecar.exists()


async def test_a_sent_form_takes_its_draft_with_it(en_sample: Path) -> None:
    clock = FakeClock()
    app = make_app(en_sample, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        app.apply("goto", "listen.reviews")
        await pilot.pause()
        await pilot.press("ctrl+r", *"Sent at once")
        await pilot.pause(POLL_S)
        assert drafts.drafts_path(en_sample).exists()
        await pilot.press("ctrl+s")
        await pilot.pause(POLL_S)
        assert not drafts.drafts_path(en_sample).exists()
        assert app.save_now_blocking()
    assert store.load(en_sample).reviews[-1].text == "Sent at once"


async def test_a_modal_form_keeps_its_text_too(en_sample: Path) -> None:
    clock = FakeClock()
    app = make_app(en_sample, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        app.apply("goto", "define.posts")
        await pilot.pause()
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert type(app.screen).__name__ == "PostForm"
        await pilot.press(*"Half a post")
        await pilot.pause(POLL_S)
        kept = drafts.load(en_sample)
        assert [(d.form, d.target) for d in kept] == [("PostForm", "")]
        assert "Half a post" in list(kept[0].fields.values())


async def test_a_post_saved_in_a_form_that_stays_open_leaves_no_draft(en_sample: Path) -> None:
    """The post form stays open after ctrl+s: what it sent is no unsent draft
    (a crash must not offer a saved post again), what is typed next is."""
    clock = FakeClock()
    app = make_app(en_sample, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        app.apply("goto", "define.posts")
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        await pilot.press(*"Sent post")
        await pilot.pause(POLL_S)
        assert [v for d in drafts.load(en_sample) for v in d.fields.values() if v] == ["Sent post"]
        await pilot.press("ctrl+s")
        await pilot.pause(POLL_S)
        assert type(app.screen).__name__ == "PostForm"
        assert not drafts.drafts_path(en_sample).exists()
        await pilot.press(*"Next post")
        await pilot.pause(POLL_S)
        assert [v for d in drafts.load(en_sample) for v in d.fields.values() if v] == ["Next post"]
        assert app.save_now_blocking()
    assert store.load(en_sample).posts[-1].text == "Sent post"
