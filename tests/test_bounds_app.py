"""The app never holds a session it could not save: a command that would go
past a bound of the file (a review of 4,001 characters, a 51st participant)
is refused before it changes anything, with the file's message, and the app
goes on (issue #18, item 4)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from mlew_tui import store
from mlew_tui.app import MlewApp
from mlew_tui.domain.commands import NO_CHANGE
from mlew_tui.domain.session import PARTICIPANTS_MAX, TEXT_MAX
from mlew_tui.domain.validation import OutOfBounds
from mlew_tui.i18n import Translator
from mlew_tui.workshop import Workshop

from .conftest import FakeClock


def test_a_review_too_long_is_refused_and_nothing_changes(en_sample: Path) -> None:
    workshop = Workshop(store.load(en_sample))
    before, revision = workshop.session.model_dump(), workshop.history.revision
    with pytest.raises(OutOfBounds) as refused:
        workshop.apply("add_review", author="maria", text="x" * (TEXT_MAX + 1), polarity="negative")
    assert refused.value.render(Translator("en")) == "text: 4,001 characters is too long (at most 4,000)"
    assert refused.value.render(Translator("ja")) == "text: 4,001 文字あります。4,000 文字以内にしてください。"
    assert (workshop.session.model_dump(), workshop.history.revision) == (before, revision)
    change = workshop.apply("add_review", author="maria", text="x" * TEXT_MAX, polarity="negative")
    assert change.parts == {"reviews"}
    assert workshop.session.reviews[-1].text == "x" * TEXT_MAX


def test_one_participant_too_many_is_refused_and_nothing_changes(en_sample: Path) -> None:
    workshop = Workshop(store.load(en_sample))
    while len(workshop.session.participants) < PARTICIPANTS_MAX:
        workshop.apply("add_participant", f"Person {len(workshop.session.participants)}", "other")
    before, revision = workshop.session.model_dump(), workshop.history.revision
    with pytest.raises(OutOfBounds) as refused:
        workshop.apply("add_participant", "One Too Many", "other")
    assert refused.value.render(Translator("en")) == "participants: 51 entries are too many (at most 50)"
    assert (workshop.session.model_dump(), workshop.history.revision) == (before, revision)
    workshop.undo()  # the history holds the 50th, not the refused 51st
    assert len(workshop.session.participants) == PARTICIPANTS_MAX - 1


async def test_the_app_says_so_and_saves_what_it_had(en_sample: Path, clock: FakeClock) -> None:
    app = MlewApp(en_sample, day=1, monotonic=clock.monotonic, now=clock.now)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        reviews = len(app.workshop.session.reviews)
        change = app.apply("add_review", author="maria", text="[b]x[/b]" * 1000, polarity="negative")
        await pilot.pause()
        assert change is NO_CHANGE
        assert [n.message for n in app._notifications][-1] == "text: 8,000 characters is too long (at most 4,000)"
        assert len(app.workshop.session.reviews) == reviews
        app.apply("add_review", author="maria", text="Short and fine", polarity="negative")
        await pilot.pause()
        assert app.save_now_blocking()
    saved = store.load(en_sample)
    assert [r.text for r in saved.reviews][reviews:] == ["Short and fine"]


def test_a_text_field_takes_no_more_than_a_file_holds() -> None:
    from mlew_tui.widgets.text_field import MAX_LENGTH, TextField

    assert MAX_LENGTH == TEXT_MAX
    assert TextField().max_length == TEXT_MAX


def test_a_refused_calendar_change_leaves_the_revision_alone(en_day2_sample: Path) -> None:
    workshop = Workshop(store.load(en_day2_sample), day=2)
    target = workshop.session.milestones[0]
    before, revision = target.model_dump(), workshop.history.revision
    with pytest.raises(OutOfBounds) as refused:
        workshop.apply("set_milestone_field", target.id, "due", date(2101, 1, 1))
    assert refused.value.render(Translator("en")) == "milestones[0].due: 2101-01-01 is out of range: dates go from 2000-01-01 to 2100-12-31"
    assert (target.model_dump(), workshop.history.revision) == (before, revision)
    workshop.apply("set_milestone_field", target.id, "due", date(2100, 12, 31))
    assert (target.due, target.revision) == (date(2100, 12, 31), before.get("revision", 0) + 1)


async def test_a_paragraph_longer_than_the_file_holds_keeps_its_form_open() -> None:
    from textual.app import App
    from textual.widgets import Label, TextArea

    from mlew_tui.forms.refine_forms import TextForm

    results: list[str | None] = []

    class Host(App[None]):
        def on_mount(self) -> None:
            self.push_screen(TextForm(Translator("ja"), "Notes", "", multiline=True), results.append)

    app = Host()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        form = app.screen
        assert isinstance(form, TextForm)
        form.query_one("#value", TextArea).text = "あ" * (TEXT_MAX + 1)
        form.action_save()
        await pilot.pause()
        assert app.screen is form and results == []
        assert str(form.query_one("#error", Label).render()) == "4,001 文字あります。4,000 文字以内にしてください。"
        form.query_one("#value", TextArea).text = "あ" * TEXT_MAX
        form.action_save()
        await pilot.pause()
        assert results == ["あ" * TEXT_MAX]


async def test_a_customer_field_longer_than_the_file_holds_keeps_its_form_open() -> None:
    from textual.app import App
    from textual.widgets import TextArea

    from mlew_tui.forms.customer_form import CustomerForm

    results: list[dict[str, str] | None] = []

    class Host(App[None]):
        def on_mount(self) -> None:
            self.push_screen(CustomerForm(Translator("en"), "Maria", {"who": "", "goal": ""}), results.append)

    app = Host()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        form = app.screen
        assert isinstance(form, CustomerForm)
        form.query_one("#field-goal", TextArea).text = "g" * (TEXT_MAX + 1)
        form.action_save()
        await pilot.pause()
        assert app.screen is form and results == []
        assert [n.message for n in app._notifications] == ["Goal: 4,001 characters is too long (at most 4,000)"]
        form.query_one("#field-goal", TextArea).text = "g" * TEXT_MAX
        form.action_save()
        await pilot.pause()
        assert results == [{"who": "", "goal": "g" * TEXT_MAX}]
