"""Participants join from their phones (issue #20), the projector's side: the
app invites the room on loopback, shows the join panel, applies what phones
send through its state loop (undoable, autosaved, shown at once) and keeps
scores private until the facilitator reveals them."""

from __future__ import annotations

import time
import tomllib
from pathlib import Path

import aiohttp
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from textual.pilot import Pilot

from mlew_tui import store
from mlew_tui.app import MlewApp
from mlew_tui.app_join import JoinOptions
from mlew_tui.widgets.card_board import CardBoard
from mlew_tui.widgets.join_panel import JoinPanel

from .conftest import opened
from .join_phone import Phone, invited
from .test_invent_app import screen_text

LOOPBACK = JoinOptions(host="127.0.0.1", port=0)


def data(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


async def goto(app: MlewApp, pilot: Pilot[None], step: str) -> None:
    app.apply("goto", step)
    for _ in range(100):
        screen = app.workshop_screen
        if screen is not None and screen.is_mounted and app.workshop.step.id == step and screen is app.screen:
            break
        await pilot.pause(0.05)
    await pilot.pause()


async def until(pilot: Pilot[None], done, what: str, tries: int = 100) -> None:  # type: ignore[no-untyped-def]
    for _ in range(tries):
        if done():
            return
        await pilot.pause(0.05)
    raise AssertionError(f"never: {what}")


def panel(app: MlewApp) -> JoinPanel:
    return app.screen.query_one(JoinPanel)


async def test_join_shows_the_link_its_code_and_who_has_joined(fresh: Path) -> None:
    app = opened(fresh, join=LOOPBACK)
    async with app.run_test(size=(160, 45)) as pilot, aiohttp.ClientSession() as client:
        url = await invited(app)
        assert url.startswith("http://127.0.0.1:") and "/j/" in url and url.endswith("/")
        token = url.rstrip("/").rsplit("/", 1)[1]
        assert len(token) >= 22  # at least 128 bits, URL-safe
        await pilot.pause()
        shown = panel(app)
        assert shown.has_class("-shown")
        assert shown.view is not None and shown.view.url == url
        assert len(shown.view.qr) == 17  # the link's QR code, in half blocks
        assert "No one has joined yet." in screen_text(app)

        phone = Phone(client, url)
        status, answer = await phone.join("james")
        assert (status, answer["ok"]) == (200, True)
        await until(pilot, lambda: "Joined (1): James Okafor" in screen_text(app), "the panel lists James")

        await pilot.press("j")  # hides
        await pilot.pause()
        assert not panel(app).has_class("-shown")
        assert "Joined (1)" not in screen_text(app)
        await pilot.press("j")
        await pilot.pause()
        assert panel(app).has_class("-shown")


async def test_a_phones_review_shows_is_saved_and_ctrl_z_takes_it_back(fresh: Path) -> None:
    app = opened(fresh, join=LOOPBACK)
    async with app.run_test(size=(160, 45)) as pilot, aiohttp.ClientSession() as client:
        url = await invited(app)
        await goto(app, pilot, "listen.reviews")
        phone = Phone(client, url)
        await phone.join("james")
        text = "[bold]Booked twice[/] <img src=x onerror=alert(1)>"
        status, answer = await phone.submit("add_review", text=text, polarity="negative", basis="assumption")
        assert status == 200 and answer["ok"] and not answer["duplicate"]
        new_id = answer["result"]["id"]
        review = app.workshop.session.review(new_id)
        assert review is not None and (review.author, review.text, review.polarity, review.basis) == ("james", text, "negative", "assumption")
        board = app.screen.query_one(CardBoard)
        await until(pilot, lambda: board.has_card(new_id), "the card on the projector's board")
        board.select(new_id)  # brought into view (a phone's card does not move the facilitator's cursor by itself)
        await until(pilot, lambda: "[bold]Booked twice[/]" in screen_text(app), "the card's text, literally")
        await until(pilot, lambda: any(r["id"] == new_id for r in data(fresh).get("reviews", [])), "the autosave")

        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.workshop.session.review(new_id) is None
        await until(pilot, lambda: all(r["id"] != new_id for r in data(fresh).get("reviews", [])), "the undo saved")


async def test_a_retry_with_the_same_id_is_applied_once(fresh: Path) -> None:
    app = opened(fresh, join=LOOPBACK)
    async with app.run_test(size=(160, 45)) as pilot, aiohttp.ClientSession() as client:
        url = await invited(app)
        await goto(app, pilot, "listen.reviews")
        phone = Phone(client, url)
        await phone.join("maria")
        before = len(app.workshop.session.reviews)
        first = await phone.submit("add_review", sid="retry-after-a-drop-1", text="Slow checkout", polarity="negative", basis="fact")
        again = await phone.submit("add_review", sid="retry-after-a-drop-1", text="Slow checkout", polarity="negative", basis="fact")
        assert first[0] == again[0] == 200
        assert again[1]["duplicate"] is True and again[1]["result"] == first[1]["result"]
        assert len(app.workshop.session.reviews) == before + 1


async def test_scores_from_phones_stay_private_on_the_projector_until_v(fresh: Path) -> None:
    app = opened(fresh, join=LOOPBACK)
    async with app.run_test(size=(160, 50)) as pilot, aiohttp.ClientSession() as client:
        url = await invited(app)
        await goto(app, pilot, "invent.cases")
        phone = Phone(client, url)
        await phone.join("james")
        status, state = await phone.state()
        assert status == 200 and state["step"]["mode"] == "score"
        items = [item["id"] for item in state["work"]["items"]]
        for item in items:
            status, answer = await phone.submit("score", case="c1", item=item, credit="full")
            assert status == 200, answer
        assert all(app.workshop.session.scores["james"]["c1"][i] is not None for i in items)
        await until(pilot, lambda: "✓ James Okafor" in screen_text(app), "who has scored, on the projector")
        assert "★" not in screen_text(app)  # no winner mark, no totals while private
        assert app.workshop.session.invent.scores_revealed is False

        await pilot.press("v")
        await pilot.pause()
        assert app.workshop.session.invent.scores_revealed is True
        assert "★" in screen_text(app)


async def test_a_new_link_shuts_the_old_one_out(fresh: Path) -> None:
    app = opened(fresh, join=LOOPBACK)
    async with app.run_test(size=(160, 45)) as pilot, aiohttp.ClientSession() as client:
        url = await invited(app)
        phone = Phone(client, url)
        await phone.join("james")
        app.action_rotate_join()
        await pilot.pause()
        new_url = app.join_room.url if app.join_room else ""
        assert new_url != url and new_url.rsplit("/j/", 1)[0] == url.rsplit("/j/", 1)[0]
        status, answer = await phone.state()
        assert (status, answer["error"]) == (404, "not_found")
        assert panel(app).view is not None and panel(app).view.url == new_url
        status, _ = await Phone(client, new_url).join("james")
        assert status == 200


async def test_quitting_stops_the_server(fresh: Path) -> None:
    app = opened(fresh, join=LOOPBACK)
    async with app.run_test(size=(160, 45)), aiohttp.ClientSession() as client:
        url = await invited(app)
        assert (await Phone(client, url).state())[0] == 200
    async with aiohttp.ClientSession() as client:
        with pytest.raises(aiohttp.ClientConnectionError):
            await Phone(client, url).state()


async def test_j_before_inviting_says_how_and_a_read_only_app_does_not_invite(fresh: Path) -> None:
    first = opened(fresh)
    second = opened(fresh, join=LOOPBACK)  # the file is open: read-only
    assert second.read_only
    async with second.run_test(size=(160, 45)) as pilot:
        await pilot.pause(0.3)
        assert second.join_room is None
        assert any("read-only" in n.message for n in second._notifications)
    async with first.run_test(size=(160, 45)) as pilot:
        await pilot.press("j")
        await pilot.pause()
        assert first.join_room is None
        assert any("Let participants join" in n.message for n in first._notifications)


def test_mlew_run_help_names_join_host_and_port() -> None:
    from typer.testing import CliRunner

    from mlew_tui.cli import app

    result = CliRunner().invoke(app, ["run", "--help"])
    assert result.exit_code == 0
    for option in ("--join", "--host", "--port", "--allow-host"):
        assert option in result.output


@pytest.mark.parametrize("command", ["run", "demo"])
def test_allow_host_reaches_the_join_server_and_a_bad_one_is_refused_before_anything(
    command: str, fresh: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """``--allow-host`` (repeatable) implies ``--join`` and is handed to the
    join server's Host check; a value that is no host name is refused in
    words, before the app opens or a demo copy is made."""
    from typer.testing import CliRunner

    from mlew_tui import cli

    opened_with: list[object] = []

    def opened(app: MlewApp) -> int:  # the app as it would run, not run
        opened_with.append(app._join_options)
        app.lock.release()
        return 0

    monkeypatch.setattr(cli, "run_opened", opened)
    monkeypatch.chdir(tmp_path)
    target = [str(fresh)] if command == "run" else ["--lang", "en"]
    good = CliRunner().invoke(cli.app, [command, *target, "--allow-host", "workshop.local", "--allow-host", "192.168.1.10"])
    assert good.exit_code == 0, good.output
    (options,) = opened_with
    assert isinstance(options, JoinOptions) and options.allow_hosts == ("workshop.local", "192.168.1.10")
    before = sorted(tmp_path.iterdir())
    bad = CliRunner().invoke(cli.app, [command, *target, "--allow-host", "http://x/"])
    assert bad.exit_code == 1
    assert "--allow-host http://x/: not a host name or an address" in bad.output
    assert len(opened_with) == 1 and sorted(tmp_path.iterdir()) == before


async def test_a_vote_round_from_phones_follows_the_decks_rules_and_stays_hidden_until_v(fresh: Path) -> None:
    """Each person's #1 is their highest total; a tie in their own top is theirs
    to break on the phone (and only among the tied); the case with most #1s
    wins; the projector shows who has a #1 until the facilitator reveals it."""
    session = store.load(fresh)
    item = session.items[0].id
    # maria and james tie c1 and c2; priya's top is c2; emma's is c1
    session.scores = {
        "maria": {"c1": {item: 3.0}, "c2": {item: 3.0}},
        "james": {"c1": {item: 3.0}, "c2": {item: 3.0}},
        "priya": {"c2": {item: 5.0}},
        "emma": {"c1": {item: 5.0}},
    }
    store.save(session, fresh)
    app = opened(fresh, join=LOOPBACK)
    async with app.run_test(size=(160, 50)) as pilot, aiohttp.ClientSession() as client:
        url = await invited(app)
        await goto(app, pilot, "invent.vote")
        maria, james = Phone(client, url), Phone(client, url)
        await maria.join("maria")
        await james.join("james")
        status, state = await maria.state()
        assert state["step"]["mode"] == "vote" and state["work"]["choose"] is True and state["work"]["top"] == ["c1", "c2"]
        status, answer = await maria.submit("vote", case="c3")  # not among her tied top
        assert (status, answer["error"]) == (422, "refused")
        assert (await maria.submit("vote", case="c2"))[0] == 200
        assert (await james.submit("vote", case="c2"))[0] == 200
        live = app.workshop.session
        assert live.votes == {"maria": "c2", "james": "c2"}
        await until(pilot, lambda: live.invent.winner == "c2", "the winner recorded by the rules")
        assert live.invent.decided_by == "votes"  # three #1s for c2 (maria, james, priya), one for c1
        assert live.invent.votes_revealed is False
        await pilot.press("v")
        await pilot.pause()
        assert live.invent.votes_revealed is True


@settings(max_examples=300, deadline=None)
@given(
    first=st.floats(min_value=0, max_value=100),
    key_after=st.floats(min_value=-5, max_value=5),
    now_after=st.floats(min_value=0, max_value=2),
)
def test_phones_changes_wait_for_the_keys_frame_but_never_past_the_second(first: float, key_after: float, now_after: float) -> None:
    """A burst of phones' changes is shown once, DEVICE_REFRESH_S after its
    first; not within KEY_FIRST_S of the facilitator's last key (their frame
    first); and in any case by DEVICE_MAX_WAIT_S after the first, within the
    second issue #20 allows however fast the keyboard goes."""
    from mlew_tui.app_join import DEVICE_MAX_WAIT_S, DEVICE_REFRESH_S, KEY_FIRST_S, device_wait

    assert DEVICE_REFRESH_S <= DEVICE_MAX_WAIT_S < 1.0
    key, now = first + key_after, first + now_after
    wait = device_wait(now, first, key)
    shown = now + wait
    assert wait >= 0
    assert shown <= max(now, first + DEVICE_MAX_WAIT_S) + 1e-9  # never past the cap
    if shown < first + DEVICE_MAX_WAIT_S - 1e-9:  # not capped: both waits kept
        assert shown >= first + DEVICE_REFRESH_S - 1e-9
        assert shown >= key + KEY_FIRST_S - 1e-9


async def test_a_phones_review_shows_within_the_second_while_the_facilitator_keeps_typing(fresh: Path) -> None:
    app = opened(fresh, join=LOOPBACK)
    async with app.run_test(size=(160, 45)) as pilot:
        await goto(app, pilot, "listen.reviews")
        board = app.screen.query_one(CardBoard)
        people = [p.id for p in app.workshop.session.participants]
        app._apply_from_device("add_review", author=people[0], text="From a phone", polarity="positive")
        new_id = app.workshop.session.reviews[-1].id
        start = time.monotonic()
        while not board.has_card(new_id):
            assert time.monotonic() - start < 1.0, "held back by the keys"
            await pilot.press("f9")  # a key every few milliseconds: the next participant, again and again
        assert board.has_card(new_id)
