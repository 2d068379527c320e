"""Listen and Define with Pilot: the customer card, reviews typed in turns,
grouping, posts with references, live +1 counts, issues and strengths with
points and suggestions, undo of deletes, and user text shown literally."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from textual.widgets import Input, Label, Static, TextArea

from mlew_tui.app import MlewApp
from mlew_tui.forms.group_form import GroupForm
from mlew_tui.forms.review_form import ReviewForm
from mlew_tui.screens.define import DefineScreen
from mlew_tui.screens.listen import ListenScreen
from mlew_tui.widgets.card_board import CardBoard
from mlew_tui.widgets.card_lane import CardLane
from mlew_tui.widgets.choice import ChoiceField
from mlew_tui.widgets.counters import ReviewCounters

from .conftest import FakeClock


def data(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def make_app(path: Path, clock: FakeClock) -> MlewApp:
    return MlewApp(path, day=1, monotonic=clock.monotonic, now=clock.now)


async def goto(app: MlewApp, pilot, step: str) -> None:  # noqa: ANN001
    app.workshop.goto(step)
    app.show_step()
    await pilot.pause()


def lane_text(lane: CardLane) -> str:
    """Every line the lane draws (not only those on screen)."""
    return "\n".join(lane.render_line(y).text for y in range(lane.get_content_height(lane.size, lane.size, lane.size.width)))


def board_text(app: MlewApp, board_id: str | None = None) -> str:
    board = app.screen.query_one(f"#{board_id}" if board_id else "CardBoard", CardBoard)
    titles = [str(s.render()) for s in board.query(".band-title")]
    return "\n".join(titles + [lane_text(lane) for lane in board.query(CardLane)])


def card_text(app: MlewApp, board_id: str, card: str) -> str:
    """The words on one card, as drawn (borders dropped, lines joined)."""
    board = app.screen.query_one(f"#{board_id}", CardBoard)
    lane = board.lane_of(card)
    assert lane is not None, card
    region = lane.card_region(card)
    lines = [lane.render_line(y).text[region.x + 2 : region.right - 2] for y in range(region.y + 1, region.bottom - 1)]
    return " ".join(" ".join(lines).split())


def static_text(app: MlewApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def type_text(pilot, text: str) -> None:  # noqa: ANN001
    await pilot.press(*text)


# -- Listen: customer card ------------------------------------------------------------------


async def test_customer_card_shows_owner_and_edits_as_one_undoable_change(en_sample: Path, clock: FakeClock) -> None:
    app = make_app(en_sample, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(app, pilot, "listen.customer")
        card = static_text(app, "#customer-card")
        assert "Owner: Maria Lopez (Product manager)" in card
        assert "Weekend hikers and campers" in card and "Personality" in card
        await pilot.press("e")
        await pilot.pause()
        area = app.screen.query_one("#field-who", TextArea)
        assert area.has_focus
        before_who = app.workshop.session.customer.who
        await pilot.press("enter", *"[b]Students[/b]")
        await pilot.press("tab")
        assert app.screen.query_one("#field-goal", TextArea).has_focus
        await pilot.press("ctrl+s")
        await pilot.pause()
        who = app.workshop.session.customer.who
        assert who == before_who + "\n[b]Students[/b]"  # typed at the end of the field, on a new line
        assert "[b]Students[/b]" in static_text(app, "#customer-card")
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert "[b]Students[/b]" not in app.workshop.session.customer.who
        assert app.save_now_blocking()
    assert "Students" not in data(en_sample)["customer"]["who"]


# -- Listen: reviews -------------------------------------------------------------------------------


@pytest.mark.slow
async def test_a_review_being_typed_survives_a_language_switch(en_sample: Path, clock: FakeClock) -> None:
    """F10 rebuilds every screen in the other language; the half-typed review
    goes on in the rebuilt form (it had been lost) and saves as typed."""
    app = make_app(en_sample, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(app, pilot, "listen.reviews")
        before = len(app.workshop.session.reviews)
        await pilot.press("f2")
        await type_text(pilot, "Checkout is slow")
        await pilot.press("tab", "+")
        await pilot.press("f10")
        await pilot.pause()
        form = app.screen.query_one(ReviewForm)
        assert form.display
        assert form.query_one("#text", Input).value == "Checkout is slow"
        assert "レビュー" in str(form.query_one("#review-title", Label).render())
        assert form.query_one("#text", Input).has_focus
        await type_text(pilot, " at night")
        await pilot.press("ctrl+s")
        await pilot.pause()
        added = app.workshop.session.reviews[before:]
        assert [(r.text, r.polarity) for r in added] == [("Checkout is slow at night", "positive")]
        # saved: the form stays open, empty, for the next review (in the new language)
        assert form.display and form.query_one("#text", Input).value == ""
        assert f"{added[0].id} を保存しました" in str(form.query_one("#error", Static).render())


@pytest.mark.slow
async def test_japanese_reviews_typed_in_turn(ja_sample: Path, clock: FakeClock) -> None:
    app = make_app(ja_sample, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(app, pilot, "listen.reviews")
        people = [p.id for p in app.workshop.session.participants]
        first = app.workshop.turn
        before = len(app.workshop.session.reviews)
        await pilot.press("f2")
        form = app.screen.query_one(ReviewForm)
        assert form.display and form.query_one("#text", Input).has_focus
        await type_text(pilot, "予約が取りにくい")
        form.query_one("#text", Input).insert_text_at_cursor("😢")
        await pilot.press("tab", "-", "tab", "a", "ctrl+s")
        await pilot.pause()
        # saved; the new card has the cursor and the form waits, empty, for the next review
        assert app.screen.query_one(CardBoard).cursor == app.workshop.session.reviews[-1].id
        assert form.display and form.query_one("#text", Input).has_focus
        assert form.query_one("#text", Input).value == ""
        assert (form.query_one("#polarity", ChoiceField).value, form.query_one("#basis", ChoiceField).value) == ("negative", "fact")
        # F9 passes the turn; the form names whoever's turn it is (even while open)
        await pilot.press("f9")
        await pilot.pause()
        second = app.workshop.turn
        assert second == people[(people.index(first) + 1) % len(people)]
        assert app.workshop.session.participant(second).name in str(form.query_one("#author").render())
        await type_text(pilot, "先生が丁寧")
        await pilot.press("tab", "+", "ctrl+s")
        await pilot.pause()
        reviews = app.workshop.session.reviews[before:]
        assert [(r.text, r.author, r.polarity, r.basis) for r in reviews] == [
            ("予約が取りにくい😢", first, "negative", "assumption"),
            ("先生が丁寧", second, "positive", "fact"),
        ]
        text = board_text(app)
        assert "予約が取りにくい😢" in text and "[仮定]" in text
        counters = str(app.screen.query_one(ReviewCounters).render())
        assert f"レビュー: {before + 2} 枚" in counters
        assert app.save_now_blocking()
    saved = data(ja_sample)["reviews"][-2:]
    assert [r["text"] for r in saved] == ["予約が取りにくい😢", "先生が丁寧"]


@pytest.mark.slow
async def test_polarity_basis_and_moment_by_single_keys(en_sample: Path, clock: FakeClock) -> None:
    app = make_app(en_sample, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(app, pilot, "listen.reviews")
        await pilot.press("f2")
        await type_text(pilot, "Checkout asks for my address twice")
        await pilot.press("tab", "+", "-", "tab", "a", "f", "tab", "1", "tab")
        await type_text(pilot, "chat log")
        await pilot.press("ctrl+s")
        await pilot.pause()
        review = app.workshop.session.reviews[-1]
        assert (review.polarity, review.basis, review.moment, review.source) == ("negative", "fact", "signup", "chat log")
        assert app.screen.query_one(CardBoard).cursor == review.id  # the new card is selected
        form = app.screen.query_one(ReviewForm)
        assert form.display and form.query_one("#text", Input).has_focus  # ready for the next review
        message = form.query_one("#error", Static)
        assert str(message.render()) == f"Saved {review.id}. Write the next review, or press Escape to close the form."
        assert not message.has_class("error")
        await type_text(pilot, "draft")
        await pilot.press("escape")
        await pilot.pause()
        assert not form.display
        assert app.workshop.session.reviews[-1] is review  # Escape cancels what was typed
        assert app.screen.query_one(CardBoard).has_focus
        await pilot.press("f2", "ctrl+s")  # nothing typed: said in red, nothing added, the old message gone
        await pilot.pause()
        assert form.display and message.has_class("error") and "Saved" not in str(message.render())
        assert app.workshop.session.reviews[-1] is review


@pytest.mark.slow
async def test_keys_typed_right_after_ctrl_s_begin_the_next_review(en_sample: Path, clock: FakeClock) -> None:
    """A fast typist goes on before the save is done: what they typed after
    ctrl+s is not wiped when the form empties for the next review."""
    app = make_app(en_sample, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(app, pilot, "listen.reviews")
        await pilot.press("f2")
        await type_text(pilot, "First one")
        form = app.screen.query_one(ReviewForm)
        field = form.query_one("#text", Input)
        form.action_save()  # ctrl+s: the save is queued ...
        field.insert_text_at_cursor("Sec")  # ... and a key lands before it is done
        await pilot.pause()
        assert app.workshop.session.reviews[-1].text == "First one"
        assert form.display and field.value == "Sec" and field.cursor_position == 3
        await type_text(pilot, "ond")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [r.text for r in app.workshop.session.reviews[-2:]] == ["First one", "Second"]
        assert field.value == ""


async def test_counters_per_person_and_room(en_sample: Path, clock: FakeClock) -> None:
    app = make_app(en_sample, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(app, pilot, "listen.reviews")
        text = str(app.screen.query_one(ReviewCounters).render())
        assert "Reviews: 13 (at least 9) ✓" in text
        assert "Assumptions: 3 (23%)" in text
        assert "Maria Lopez +2/−1" in text and "James Okafor +1/−2" in text


async def test_edit_then_delete_a_review_and_undo(en_sample: Path, clock: FakeClock) -> None:
    app = make_app(en_sample, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(app, pilot, "listen.reviews")
        board = app.screen.query_one(CardBoard)
        assert board.has_focus and board.cursor == "r7"  # first card of the positive row
        await pilot.press("right")
        assert board.cursor == "r8"
        await pilot.press("e")
        await pilot.pause()
        form = app.screen.query_one(ReviewForm)
        assert form.editing == "r8" and form.query_one("#text", Input).value.startswith("Honest")
        await pilot.press("home", "ctrl+k")
        await type_text(pilot, "Honest specs")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.workshop.session.review("r8").text == "Honest specs"
        assert not form.display
        await pilot.press("delete")
        await pilot.pause()
        session = app.workshop.session
        assert session.review("r8") is None
        assert all("r8" not in p.refs for p in session.posts) and all("r8" not in i.reviews for i in session.items)
        assert "Honest specs" not in board_text(app)
        assert board.cursor == "r9"  # the card that took its place
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert session.review("r8").text == "Honest specs"
        assert "r8" in session.posts[3].refs and "r8" in session.item("i5").reviews
        assert "Honest specs" in board_text(app)
        assert app.save_now_blocking()
    assert any(r["id"] == "r8" for r in data(en_sample)["reviews"])


async def test_views_by_moment_and_by_group(en_sample: Path, clock: FakeClock) -> None:
    app = make_app(en_sample, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(app, pilot, "listen.reviews")
        await pilot.press("v")
        await pilot.pause()
        lanes = [lane.border_title for lane in app.screen.query(CardLane)]
        assert lanes[:4] == ["signing up", "using", "after use", "moment not given"]
        await pilot.press("v")
        await pilot.pause()
        text = board_text(app)
        assert "g2  Finding the right gear for a trip  4 reviews" in text and "Not grouped yet (0)" in text


@pytest.mark.slow
async def test_grouping_by_keyboard(en_sample: Path, clock: FakeClock) -> None:
    app = make_app(en_sample, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(app, pilot, "listen.grouping")
        board = app.screen.query_one(CardBoard)
        session = app.workshop.session
        assert board.cursor == "r1"  # nothing ungrouped: the first group comes first
        await pilot.press("space", "right", "space")
        assert board.picked() == ["r1", "r4"]
        assert "marked: 2" in static_text(app, "#board-status")
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, GroupForm)
        app.screen.query_one("#label", Input).insert_text_at_cursor("[b]Memory[/b]")
        await pilot.press("enter")
        await pilot.pause()
        group = session.groups[-1]
        assert (group.id, group.label) == ("g6", "[b]Memory[/b]")
        assert [r.id for r in session.reviews if r.group == "g6"] == ["r1", "r4"]
        assert not board.marked
        assert "[b]Memory[/b]" in board_text(app)
        # join an existing group from the list: r6 into g6
        board.select("r6")
        await pilot.press("g")
        await pilot.pause()
        await pilot.press("down")
        assert app.screen.focused.id == "groups"
        await pilot.press(*["down"] * 5, "enter")  # g1..g6: the sixth
        await pilot.pause()
        assert session.review("r6").group == "g6"
        # rename, then ungroup all three: the group goes, undo brings it back
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("ctrl+k", "home", "ctrl+k")
        await type_text(pilot, "Memory")
        await pilot.press("enter")
        await pilot.pause()
        assert session.groups[-1].label == "Memory"
        for rid in ("r1", "r4", "r6"):
            board.select(rid)
            await pilot.press("u")
        await pilot.pause()
        assert "g6" not in [g.id for g in session.groups]
        assert "Not grouped yet (3)" in board_text(app)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert session.groups[-1].id == "g6" and session.review("r6").group == "g6"
        assert app.save_now_blocking()
    assert data(en_sample)["groups"][-1] == {"id": "g6", "label": "Memory"}


async def test_marking_is_only_offered_while_grouping(en_sample: Path, clock: FakeClock) -> None:
    app = make_app(en_sample, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(app, pilot, "listen.reviews")
        await pilot.press("space", "g")
        await pilot.pause()
        assert isinstance(app.screen, ListenScreen)
        assert not app.screen.query_one(CardBoard).marked
        assert "Mark" not in str(app.screen.query_one("#keys").render())
        await goto(app, pilot, "listen.grouping")
        assert "Mark" in str(app.screen.query_one("#keys").render())


# -- Define ------------------------------------------------------------------------------------------


@pytest.mark.slow
async def test_post_with_references_updates_the_counts(en_sample: Path, clock: FakeClock) -> None:
    app = make_app(en_sample, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(app, pilot, "define.posts")
        assert "Will use again (3)" in board_text(app) and "Won't use (2)" in board_text(app)
        await pilot.press("f2")
        await pilot.pause()
        await type_text(pilot, "Two days to Denver!")
        await pilot.press("tab", "-", "tab", "2", "tab")
        await type_text(pilot, "r13 customer")
        await pilot.press("enter")
        await type_text(pilot, "checklists")
        await pilot.press("down", "enter")  # the first match: r7
        await pilot.press("ctrl+s")
        await pilot.pause()
        post = app.workshop.session.posts[-1]
        assert (post.id, post.author, post.stance, post.text, post.refs) == ("s6", "james", "quit", "Two days to Denver!", ["r13", "customer", "r7"])
        await pilot.press("escape")  # the form stays open for the next post
        await pilot.pause()
        assert "→ r13 · customer card · r7" in board_text(app)
        await goto(app, pilot, "define.plus_one")
        ranking = static_text(app, "#plus-ranking")
        assert "6 posts" in ranking
        assert "★ r1 +3" in ranking and "★ r7 +3" in ranking  # tied at the top: both stand out
        assert "customer card +3" in ranking
        assert card_text(app, "plus-board", "r13").endswith("Price and delivery +1")
        assert "★ +3" in card_text(app, "plus-board", "r7")
        # counts follow the posts: deleting the post takes the +1 away again
        await goto(app, pilot, "define.posts")
        app.screen.query_one(CardBoard).select("s6")
        await pilot.press("delete")
        await goto(app, pilot, "define.plus_one")
        assert "★ r1 +3" in static_text(app, "#plus-ranking") and "r7 +2" in static_text(app, "#plus-ranking")
        assert app.save_now_blocking()
    assert [p["id"] for p in data(en_sample)["posts"]] == ["s1", "s2", "s3", "s4", "s5"]


async def test_the_post_form_stays_open_for_the_next_post(en_sample: Path, clock: FakeClock) -> None:
    """The deck's five minutes of writing are several posts in a row: after
    ctrl+s a new post's form stays open, empty, saying which post it saved,
    with the stance and the author kept and the references cleared. Escape
    closes it on the last new card; an edit closes the form as before."""
    from mlew_tui.forms.post_form import PostForm
    from mlew_tui.widgets.ref_picker import RefPicker
    from mlew_tui.widgets.wrapped import WrappedStatic

    app = make_app(en_sample, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(app, pilot, "define.posts")
        define = app.screen
        assert isinstance(define, DefineScreen)
        await pilot.press("ctrl+s")  # the board's ctrl+s is the app's save: nothing opens
        await pilot.press("f2")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, PostForm)
        assert str(form.query_one(".hint", Label).render()) == "ctrl+s saves · Escape closes · Tab moves on · Enter starts a new line"
        await pilot.press("ctrl+s")  # nothing typed: said in red, nothing added
        await pilot.pause()
        message = form.query_one("#error", WrappedStatic)
        assert str(message.render()) == "Write the post first." and message.has_class("error")
        assert len(app.workshop.session.posts) == 5
        await type_text(pilot, "First of two")
        await pilot.press("tab", "-", "tab", "2", "tab")
        await type_text(pilot, "r13")
        await pilot.press("enter", "ctrl+s")
        await pilot.pause()
        posts = app.workshop.session.posts
        assert [(p.id, p.author, p.stance, p.text, p.refs) for p in posts[5:]] == [("s6", "james", "quit", "First of two", ["r13"])]
        assert app.screen is form  # still open, ready for the next
        assert form.query_one("#text", TextArea).text == ""
        assert form.query_one(RefPicker).chosen == []
        assert (form.query_one("#stance", ChoiceField).value, form.query_one("#author", ChoiceField).value) == ("quit", "james")
        assert str(message.render()) == "Saved s6. Write the next post, or press Escape to close the form." and not message.has_class("error")
        assert form.focused is form.query_one("#text", TextArea)
        await type_text(pilot, "Second")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [(p.id, p.author, p.stance, p.text, p.refs) for p in posts[5:]] == [
            ("s6", "james", "quit", "First of two", ["r13"]),
            ("s7", "james", "quit", "Second", []),
        ]
        assert str(message.render()) == "Saved s7. Write the next post, or press Escape to close the form."
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is define
        board = define.query_one(CardBoard)
        assert board.cursor == "s7" and "Second" in board_text(app)
        # an edit saves and closes, as before
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, PostForm)
        assert str(app.screen.query_one(".hint", Label).render()) == "ctrl+s saves · Escape cancels · Tab moves on · Enter starts a new line"
        await type_text(pilot, " again")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is define
        assert posts[-1].text == "Second again" and len(posts) == 7
        await pilot.press("ctrl+z", "ctrl+z")  # each post, and the edit, undo on their own
        await pilot.pause()
        assert [p.text for p in posts[5:]] == ["First of two"]
        assert app.save_now_blocking()
    assert [p["text"] for p in data(en_sample)["posts"][5:]] == ["First of two"]


async def test_unknown_reference_ids_are_refused(en_sample: Path, clock: FakeClock) -> None:
    app = make_app(en_sample, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(app, pilot, "define.posts")
        await pilot.press("f2")
        await pilot.pause()
        await type_text(pilot, "x")
        await pilot.press("tab", "tab", "tab")
        await type_text(pilot, "r99")
        await pilot.press("enter")
        await pilot.pause()
        assert "Unknown: r99" in str(app.screen.query_one("#ref-error", Static).render())
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DefineScreen) and len(app.workshop.session.posts) == 5


@pytest.mark.slow
async def test_item_with_points_suggestion_and_warning(en_sample: Path, clock: FakeClock) -> None:
    app = make_app(en_sample, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(app, pilot, "define.items")
        text = board_text(app, "item-board")
        assert "Issues (3)" in text and "owner: Priya Raman" in text and "owner: Emma Walsh" in text
        assert "suggested 3 pt · +1" in text  # i6: 1 pt by its owner, 3 suggested
        assert "r12 r13" in static_text(app, "#items-status")
        await pilot.press("f2")
        await pilot.pause()
        await type_text(pilot, "Try before you buy")
        await pilot.press("tab", "s", "tab", "4", "tab", "5", "tab")
        await type_text(pilot, "r12 r13")
        await pilot.press("enter")
        await pilot.pause()
        assert "suggest 1 pt (0 references)" in static_text(app, "#suggestion")
        assert not static_text(app, "#warning")
        await pilot.press("ctrl+s")
        await pilot.pause()
        item = app.workshop.session.items[-1]
        assert (item.id, item.kind, item.title, item.owner, item.points, item.reviews) == ("i7", "strength", "Try before you buy", "emma", 5, ["r12", "r13"])
        assert "Try before you buy" in board_text(app, "item-board") and "✓" in static_text(app, "#items-status")
        # an issue that links only a positive review is warned about, not refused
        await pilot.press("f2")
        await pilot.pause()
        await type_text(pilot, "Odd")
        await pilot.press("tab", "i", "tab", "tab", "tab")
        await type_text(pilot, "r9")
        await pilot.press("enter")
        await pilot.pause()
        assert "only positive reviews" in static_text(app, "#warning")
        assert "suggest 3 pt (1 reference)" in static_text(app, "#suggestion")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "⚠ this issue links only positive reviews" in card_text(app, "item-board", "i8")
        assert app.save_now_blocking()
    saved = data(en_sample)["items"]
    assert saved[-2]["points"] == 5 and saved[-1]["reviews"] == ["r9"]


async def test_edit_and_delete_an_item_with_undo(en_sample: Path, clock: FakeClock) -> None:
    app = make_app(en_sample, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(app, pilot, "define.items")
        board = app.screen.query_one("#item-board", CardBoard)
        await pilot.press("right")  # the strengths column
        assert board.cursor == "i4"
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("tab", "tab", "tab", "3", "ctrl+s")
        await pilot.pause()
        session = app.workshop.session
        assert session.item("i4").points == 3
        scored = {p for p, by_case in session.scores.items() for cells in by_case.values() if "i4" in cells}
        await pilot.press("delete")
        await pilot.pause()
        assert session.item("i4") is None
        assert not any("i4" in cells for by_case in session.scores.values() for cells in by_case.values())
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert session.item("i4").points == 3
        assert {p for p, by_case in session.scores.items() for cells in by_case.values() if "i4" in cells} == scored


async def test_scoring_preparation(en_sample: Path, clock: FakeClock) -> None:
    app = make_app(en_sample, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(app, pilot, "define.scoring_prep")
        prep = app.screen.query_one("#scoring-prep", Static)
        lines = app.console.render_lines(prep.shown, app.console.options.update_width(80))
        text = "\n".join("".join(s.text for s in line) for line in lines)
        assert "partial credit = 0.6 x points" in text
        assert "5 pt item: full 5, partial 3" in text and "1 pt item: full 1, partial 0.5" in text
        assert "i1  issue · 5 pt: Recommendations ignore" in text
        assert "Item-to-item" in text and "Total" in text


# -- text safety ------------------------------------------------------------------------------------------

MARKUP = "[b]x[/b] [@click=app.quit]y[/]"


async def test_markup_is_shown_literally_everywhere(en_sample: Path, clock: FakeClock) -> None:
    app = make_app(en_sample, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(app, pilot, "listen.reviews")
        await pilot.press("f2")
        app.screen.query_one("#text", Input).insert_text_at_cursor(MARKUP)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert MARKUP in card_text(app, "review-board", "r14")
        session = app.workshop.session
        session.customer.who = MARKUP
        session.groups[0].label = MARKUP
        session.participants[0].name = MARKUP
        session.posts[0].text = MARKUP
        session.items[0].title = MARKUP
        await goto(app, pilot, "listen.customer")
        assert MARKUP in static_text(app, "#customer-card")
        await goto(app, pilot, "listen.grouping")
        assert MARKUP in board_text(app)  # the group heading
        assert card_text(app, "review-board", "r1").endswith(f"{MARKUP} ★ +3")
        assert f"{MARKUP} +2/−2" in str(app.screen.query_one(ReviewCounters).render())
        await goto(app, pilot, "define.posts")
        assert MARKUP in card_text(app, "post-board", "s1")
        await goto(app, pilot, "define.items")
        assert MARKUP in card_text(app, "item-board", "i1")
        await goto(app, pilot, "define.scoring_prep")
        assert app.is_running


async def test_long_texts_wrap_inside_their_cards(en_sample: Path, clock: FakeClock) -> None:
    app = make_app(en_sample, clock)
    long = "長い" * 40 + " " + "word " * 60 + "🙂" * 10
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(app, pilot, "listen.reviews")
        await pilot.press("f2")
        app.screen.query_one("#text", Input).value = long
        await pilot.press("ctrl+s")
        await pilot.pause()
        lane = app.workshop.session.reviews[-1].id
        board = app.screen.query_one(CardBoard)
        card = board.lane_of(lane)
        region = card.card_region(lane)
        lines = [card.render_line(y) for y in range(region.y, region.bottom)]
        assert region.height > 10
        assert {line.cell_length for line in lines} == {card.size.width}
        drawn = "".join(line.text[region.x : region.right] for line in lines)
        assert drawn.count("🙂") == 10 and drawn.count("長い") == 40


async def test_small_terminal_keeps_the_board_usable(en_sample: Path, clock: FakeClock) -> None:
    app = make_app(en_sample, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await goto(app, pilot, "listen.reviews")
        board = app.screen.query_one(CardBoard)
        assert board.region.height >= 8
        assert all(lane.cols == 1 for lane in board.query(CardLane))
        await pilot.press("down", "down")
        await pilot.pause()
        assert board.cursor == "r9"


# -- the palette's Add commands ----------------------------------------------------------------------------


@pytest.mark.slow
async def test_add_commands_go_where_the_kind_is_made(en_sample: Path, clock: FakeClock) -> None:
    from mlew_tui.forms.customer_form import CustomerForm
    from mlew_tui.forms.item_form import ItemForm
    from mlew_tui.forms.post_form import PostForm

    app = make_app(en_sample, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(app, pilot, "listen.customer")
        await pilot.press("f2")  # on the customer step F2 opens the card
        await pilot.pause()
        assert isinstance(app.screen, CustomerForm)
        await pilot.press("escape")
        for title, step, form in (("Add post", "define.posts", PostForm), ("Add item", "define.items", ItemForm)):
            await pilot.press("ctrl+p")
            await pilot.press(*title)
            await pilot.press("enter")
            await pilot.pause(0.3)
            assert app.workshop.step.id == step
            assert isinstance(app.screen, form)
            focused = app.screen.focused
            assert focused is not None and focused.id in ("text", "title")
            await pilot.press("escape")
            await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.press(*"Add review")
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert app.workshop.step.id == "listen.reviews"
        assert app.screen.query_one(ReviewForm).display
        assert app.screen.query_one("#text", Input).has_focus


async def test_switching_language_redraws_the_board(en_sample: Path, clock: FakeClock) -> None:
    app = make_app(en_sample, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(app, pilot, "listen.reviews")
        await pilot.press("f10")
        await pilot.pause(0.2)
        text = board_text(app)
        assert "ポジティブ (7)" in text and "[仮定]" in text
        assert "表示: ポジティブ / ネガティブ" in static_text(app, "#board-status")
        await goto(app, pilot, "define.items")
        assert "課題 (3)" in board_text(app, "item-board")
