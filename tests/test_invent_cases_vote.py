"""Invent with Pilot: votes, the die and the facilitator, cases (add, edit,
import), the frame sentence, literal text, the growth cycle, the palette and
the stress session."""

from __future__ import annotations

import random
import tomllib
from pathlib import Path

import pytest

from mlew_tui import store
from mlew_tui.commands import palette_entries
from mlew_tui.domain.session import Case
from mlew_tui.domain.timer import CycleTimer
from mlew_tui.forms.case_form import CaseForm
from mlew_tui.forms.case_import import CaseImportForm
from mlew_tui.forms.invent_decide import DecideForm
from mlew_tui.screens.invent_cases import CasesPane
from mlew_tui.screens.invent_vote import VotePane
from mlew_tui.widgets.scoring_table import ScoringTable
from mlew_tui.widgets.text_field import TextField

from .conftest import FakeClock
from .test_invent_app import make_app, open_step, screen_text


def data(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


#: make_app opens these tests' files with the scoring and the vote revealed.
REVEALED = {"scores_revealed": True, "votes_revealed": True}


# -- the vote ------------------------------------------------------------------------------


def scored(path: Path, cells: dict[str, dict[str, dict[str, float]]]) -> Path:
    session = store.load(path)
    session.scores = cells
    store.save(session, path)
    return path


async def test_a_person_with_a_tied_top_chooses_their_number_one(fresh: Path, clock: FakeClock) -> None:
    scored(fresh, {"maria": {"c1": {"i1": 5}, "c2": {"i1": 5}}, "james": {"c2": {"i1": 3}}})
    app = make_app(fresh, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_step(app, pilot, "invent.vote")
        grid = app.screen.query_one(VotePane).team.grid
        assert app.screen.focused is grid
        assert "Maria Lopez is tied between 1, 2" in screen_text(app)
        await pilot.press("3")  # not one of her tied cases
        assert app.workshop.session.votes == {}
        assert "Choose one of the cases tied at the top" in screen_text(app)
        await pilot.press("1")
        assert app.workshop.session.votes == {"maria": "c1"}
        assert grid.cell("maria", "how").plain == "own choice"
        assert "Decided by #1 picks" not in screen_text(app)  # 1-1: c2 wins on scores (8 vs 5)
        assert (app.workshop.session.invent.winner, app.workshop.session.invent.decided_by) == ("c2", "scores")
        await pilot.press("delete")
        assert app.workshop.session.votes == {}
        await pilot.press("2")
        assert app.save_now_blocking()
    saved = data(fresh)
    assert saved["votes"] == {"maria": "c2"}
    assert saved["invent"] == {"winner": "c2", "decided_by": "votes", **REVEALED}


def undecided(path: Path) -> Path:
    """Maria picks c1, James c3, equal sums: the die or the facilitator must decide."""
    return scored(path, {"maria": {"c1": {"i1": 5}}, "james": {"c3": {"i2": 5}}})


async def test_roll_the_die_among_the_tied_cases_and_record_it(fresh: Path, clock: FakeClock) -> None:
    undecided(fresh)
    app = make_app(fresh, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_step(app, pilot, "invent.vote")
        text = screen_text(app)
        assert "Tied on #1 picks and on scores: 1 Item-to-item" in text and "3 Personalized" in text
        assert "r  Roll the die" in text and "d  Facilitator decides" in text  # the key bar
        pane = app.screen.query_one(VotePane)
        pane.rng = random.Random(4)
        expected = random.Random(4).randint(1, 2)
        await pilot.press("r")
        invent = app.workshop.session.invent
        assert (invent.winner, invent.decided_by) == (("c1", "c3")[expected - 1], "die")
        text = screen_text(app)
        assert f"The die shows {'⚀⚁'[expected - 1]} ({expected} of 2)" in text
        assert "decided by the die" in text
        assert "r  Roll the die" not in text  # nothing left to roll
        await pilot.press("r")  # already decided: nothing changes
        assert (invent.winner, invent.decided_by) == (("c1", "c3")[expected - 1], "die")
        assert app.save_now_blocking()
    assert data(fresh)["invent"] == {"winner": ("c1", "c3")[expected - 1], "decided_by": "die", **REVEALED}


async def test_roll_the_die_from_the_palette_goes_to_the_vote(fresh: Path, clock: FakeClock) -> None:
    undecided(fresh)
    app = make_app(fresh, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_step(app, pilot, "invent.cases")
        app.screen.query_one(VotePane).rng = random.Random(1)
        await app.run_action("roll_die")
        await pilot.pause()
        assert app.workshop.step.id == "invent.vote"
        assert app.workshop.session.invent.decided_by == "die"
        assert app.workshop.session.invent.winner in ("c1", "c3")
        await pilot.press("ctrl+z")  # undo the roll
        assert app.workshop.session.invent.decided_by is None
        assert "Tied on #1 picks and on scores" in screen_text(app)


async def test_the_facilitator_decides_among_the_tied_cases(fresh: Path, clock: FakeClock) -> None:
    undecided(fresh)
    app = make_app(fresh, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_step(app, pilot, "invent.vote")
        await pilot.press("d")
        assert isinstance(app.screen, DecideForm)
        await pilot.press("3", "enter")  # the case numbered 3 is one of the tied
        assert not isinstance(app.screen, DecideForm)
        assert (app.workshop.session.invent.winner, app.workshop.session.invent.decided_by) == ("c3", "facilitator")
        assert "decided by the facilitator" in screen_text(app)
        assert app.save_now_blocking()
    assert data(fresh)["invent"] == {"winner": "c3", "decided_by": "facilitator", **REVEALED}


async def test_nothing_to_roll_when_the_rules_decide(en_sample: Path, clock: FakeClock) -> None:
    app = make_app(en_sample, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_step(app, pilot, "invent.vote")
        text = screen_text(app)
        assert "Winner: 1 Item-to-item collaborative filtering" in text
        assert "the higher sum of everyone's totals wins (44)" in text
        await app.run_action("roll_die")
        await pilot.pause()
        assert app.workshop.session.invent.decided_by == "scores"
        assert "Nothing to decide" in screen_text(app)


# -- cases -----------------------------------------------------------------------------------


@pytest.mark.slow
async def test_add_case_with_the_name_focused_joins_an_idle_cycle(fresh: Path, clock: FakeClock) -> None:
    app = make_app(fresh, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_step(app, pilot, "invent.cases")
        await pilot.press("f2")
        form = app.screen
        assert isinstance(form, CaseForm)
        assert form.focused is not None and form.focused.id == "case-name"
        await pilot.press("ctrl+s")  # no name: refused, stays open
        assert isinstance(app.screen, CaseForm)
        await pilot.press(*"Demand forecast", "enter", *"Acme", "ctrl+s")
        case = app.workshop.session.cases[-1]
        assert (case.id, case.name, case.company, case.presenter) == ("c6", "Demand forecast", "Acme", "maria")
        assert isinstance(app.workshop.timer, CycleTimer) and app.workshop.timer.cases[-1] == "c6"
        assert app.screen.query_one(ScoringTable).cell("c6", "__case__").plain.strip().startswith("6 Demand")
        assert app.save_now_blocking()
    assert data(fresh)["cases"][-1]["name"] == "Demand forecast"


async def test_edit_case_under_the_cursor(fresh: Path, clock: FakeClock) -> None:
    app = make_app(fresh, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_step(app, pilot, "invent.cases")
        await pilot.press("down", "e")
        form = app.screen
        assert isinstance(form, CaseForm) and form.focused is not None and form.focused.id == "case-name"
        assert form.draft()["company"] == "Pinterest"
        await pilot.press("end", *" v2", "ctrl+s")
        edited = app.workshop.session.case("c2")
        assert edited is not None
        assert edited.name.endswith("photo) v2")
        assert edited.company == "Pinterest"


async def test_import_cases_from_a_file_via_the_palette(fresh: Path, clock: FakeClock, tmp_path: Path) -> None:
    good = tmp_path / "more.toml"
    good.write_text('[[cases]]\nid = "c1"\nname = "Churn model"\npresenter = "Priya Raman"\n\n[[cases]]\nname = "Search ranking"\n', encoding="utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_text('[[cases]]\nname = "x"\npresenter = "ghost"\n', encoding="utf-8")
    app = make_app(fresh, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_step(app, pilot, "listen.reviews")
        await app.run_action("add_kind('case_import')")
        await pilot.pause()
        assert app.workshop.step.id == "invent.cases"
        assert isinstance(app.screen, CaseImportForm)
        app.screen.query_one("#import-path", TextField).value = str(bad)
        await pilot.press("enter")
        assert isinstance(app.screen, CaseImportForm)
        assert "cases[0].presenter: no participant has the id 'ghost'" in screen_text(app)
        app.screen.query_one("#import-path", TextField).value = str(good)
        await pilot.press("enter")
        assert not isinstance(app.screen, CaseImportForm)
        cases = app.workshop.session.cases
        assert [(c.id, c.name, c.presenter) for c in cases[5:]] == [("c6", "Churn model", "priya"), ("c7", "Search ranking", "")]
        await pilot.press("ctrl+z")  # one undo takes the whole import back
        assert len(app.workshop.session.cases) == 5


async def test_case_detail_renders_the_frame_sentence(en_sample: Path, clock: FakeClock) -> None:
    app = make_app(en_sample, clock)
    async with app.run_test(size=(120, 50)) as pilot:
        await open_step(app, pilot, "invent.cases")
        app.apply("timer", "toggle")
        clock.advance(5 * 60)  # case 1's 4 min sharing and 1 min scoring: case 2 is presented
        app.screen.follow_cycle()
        await pilot.pause()
        text = screen_text(app)
        assert "2 Visual search ('shop the look' from a photo) — Pinterest" in text
        assert "Presented by James Okafor" in text
        assert "The “Visual search ('shop the look' from a photo)” adopted in this case" in text
        app.screen.query_one("#case-detail-scroll").scroll_end(animate=False)
        await pilot.pause()
        text = screen_text(app)
        assert "• it solves the issue “Partly: finding the right gear for a trip" in text
        assert "Further, the accumulated data differentiates" in text


async def test_the_case_card_shows_the_presented_case_not_the_cursors(en_sample: Path, clock: FakeClock) -> None:
    """Issue #16: the card beside the table follows the cycle; the cursor only moves in the table."""
    app = make_app(en_sample, clock)
    async with app.run_test(size=(120, 50)) as pilot:
        await open_step(app, pilot, "invent.cases")
        table = app.screen.query_one(ScoringTable)
        detail = app.screen.query_one("#case-detail")
        first = app.workshop.session.cases[0].name
        third = app.workshop.session.cases[2].name
        await pilot.press("down", "down")
        assert table.cursor_cell == ("c3", "i1")  # the cursor's row is the table's own
        card = str(detail.render())
        assert card.startswith(f"1 {first}")
        assert third not in card
        assert isinstance(app.workshop.timer, CycleTimer) and app.workshop.timer.position.case_id == "c1"


async def test_the_cycle_is_parked_on_f8_and_resumes_on_f7(en_sample: Path, clock: FakeClock) -> None:
    """Issue #16: leaving the case cycle and coming back keeps its case and its remaining time."""
    app = make_app(en_sample, clock)
    async with app.run_test(size=(120, 50)) as pilot:
        await open_step(app, pilot, "invent.cases")
        await pilot.press("f5")  # start the cycle
        assert app.workshop.timer.running
        clock.advance(5 * 60 + 20)  # case 2, 20 s into its sharing
        app.screen.follow_cycle()
        await pilot.pause()
        timer = app.workshop.timer
        assert isinstance(timer, CycleTimer) and timer.position.case_id == "c2"
        remaining = timer.remaining
        await pilot.press("f8")
        assert app.workshop.step.id == "invent.vote"
        clock.advance(90)  # time on the vote step does not count against the case
        await pilot.press("f7")
        await pilot.pause()
        assert app.workshop.step.id == "invent.cases"
        timer = app.workshop.timer
        assert isinstance(timer, CycleTimer)
        assert timer.position.case_id == "c2"
        assert timer.remaining == remaining
        assert not timer.running  # parked paused; the facilitator resumes it
        second = app.workshop.session.cases[1].name
        assert str(app.screen.query_one("#case-detail").render()).startswith(f"2 {second}")
        assert app.screen.query_one(ScoringTable).cursor_cell == ("c2", "i1")


async def test_user_text_is_shown_literally(fresh: Path, clock: FakeClock) -> None:
    session = store.load(fresh)
    session.cases[0] = Case(id="c1", name="[b]Bold[/b]", company="[@click=app.quit]Evil[/]", valued_for="x\x1b[31mred", presenter="maria")
    session.participants[0].name = "[i]Maria[/i]"
    store.save(session, fresh)
    app = make_app(fresh, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_step(app, pilot, "invent.cases")
        text = screen_text(app)
        assert "[b]Bold[/b]" in text and "[@click=app.quit]Evil[/]" in text
        assert "x␛[31mred" in text  # a control character is shown, never sent to the terminal
        assert "Scores of [i]Maria[/i]" in text
        await open_step(app, pilot, "invent.vote")
        assert "[i]Maria[/i]" in screen_text(app)


async def test_growth_cycle_in_both_languages(ja_sample: Path, clock: FakeClock) -> None:
    app = make_app(ja_sample, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_step(app, pilot, "invent.growth_cycle")
        text = screen_text(app)
        for word in ("顧客体験の改善", "行動の増加", "利益とデータの増加", "モデルの改善", "Canva", "╭", "▶", "◀", "▲", "▼"):
            assert word in text, word
        await pilot.press("f10")
        await pilot.pause()
        text = screen_text(app)
        assert "Better customer experience" in text and "Example: Canva, a design SaaS" in text


def test_palette_has_the_invent_commands(en_sample: Path, clock: FakeClock) -> None:
    titles = [title for title, _, _ in palette_entries(make_app(en_sample, clock))]
    assert {"Add case", "Roll the die", "Import cases"} <= set(titles)


async def test_stress_session_table_is_built_once_and_updated_per_cell(tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> None:
    """12 people, 10 cases, 30 items: keys change cells, never rebuild the table."""
    from mlew_tui.domain.session import Item, Participant, new_session

    people = [Participant(id=f"p{i}", name=f"Person {i}") for i in range(1, 13)]
    items = [Item(id=f"i{i}", kind="issue" if i <= 15 else "strength", title=f"Item {i}", points=(1, 3, 5)[i % 3]) for i in range(1, 31)]
    cases = [Case(id=f"c{i}", name=f"Case {i}") for i in range(1, 11)]
    scores = {p.id: {c.id: {it.id: float(it.points) for it in items} for c in cases} for p in people}
    path = tmp_path / "stress.toml"
    store.save(new_session("Stress", "en", participants=people, items=items, cases=cases, scores=scores), path)
    app = make_app(path, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_step(app, pilot, "invent.cases")
        table = app.screen.query_one(ScoringTable)
        built: list[tuple[object, ...]] = []
        monkeypatch.setattr(table, "set_grid", lambda *a, **k: built.append(a))
        await pilot.press("p", "right", "0", "end", "f")
        assert built == []
        assert app.workshop.session.scores["p1"]["c1"]["i1"] == 2  # partial credit of 3 points
        assert "i2" not in app.workshop.session.scores["p1"]["c1"]
        assert table.cursor_cell == ("c1", "i30")
        assert app.screen.query_one(CasesPane).table is table
