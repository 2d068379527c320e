"""Participants' ids (issue #19 item 8): made from the common reading of the
name, shown and changed in the setup form, unique, and renamed everywhere."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, Label, OptionList

from mlew_tui import store
from mlew_tui.domain import setup
from mlew_tui.domain.commands import TURN
from mlew_tui.domain.ids import romanise, slugify
from mlew_tui.domain.name_readings import GIVEN_NAMES, SURNAMES
from mlew_tui.domain.session import Todo
from mlew_tui.domain.validation import check
from mlew_tui.forms.participant_form import ParticipantForm
from mlew_tui.i18n import t
from mlew_tui.workshop import Workshop

from .conftest import FakeClock, make_app

#: Names as people type them -> the id a Japanese reader expects.
NAMES = [
    ("鈴木 彩", "suzuki-aya"),
    ("佐藤 陽菜", "sato-hina"),
    ("高橋 翔", "takahashi-sho"),
    ("田中 大翔", "tanaka-hiroto"),
    ("伊藤 結衣", "ito-yui"),
    ("渡辺 蓮", "watanabe-ren"),
    ("山本 陽翔", "yamamoto-haruto"),
    ("中村 美咲", "nakamura-misaki"),
    ("小林 健太", "kobayashi-kenta"),
    ("加藤 直樹", "kato-naoki"),
    ("吉田 愛", "yoshida-ai"),
    ("山田 優", "yamada-yu"),
    ("佐々木 葵", "sasaki-aoi"),
    ("山口 颯太", "yamaguchi-sota"),
    ("松本 結菜", "matsumoto-yuina"),
    ("井上 悠真", "inoue-yuma"),
    ("木村 花", "kimura-hana"),
    ("林 湊", "hayashi-minato"),
    ("斎藤 凛", "saito-rin"),
    ("清水 陽葵", "shimizu-himari"),
    ("森 樹", "mori-itsuki"),
    ("青木 千尋", "aoki-chihiro"),
    ("中川 彩花", "nakagawa-ayaka"),
    ("中野 七海", "nakano-nanami"),
    ("田村 大樹", "tamura-daiki"),
    ("近藤 亮", "kondo-ryo"),
    ("伊東 学", "ito-manabu"),
    ("藤田 美羽", "fujita-miu"),
    ("平野 結月", "hirano-yuzuki"),
    ("小山 蒼空", "koyama-sora"),
    ("小野 翔太", "ono-shota"),
    ("工藤 翔平", "kudo-shohei"),
    ("石田 陽子", "ishida-yoko"),
    ("和田 裕子", "wada-yuko"),
    ("大野 浩", "ono-hiroshi"),
    ("河野 誠一", "kono-seiichi"),
    # written without a space, or with a full-width one
    ("鈴木彩", "suzuki-aya"),
    ("佐藤陽菜", "sato-hina"),
    ("山本陽翔", "yamamoto-haruto"),
    ("井上悠真", "inoue-yuma"),
    ("鈴木\u3000彩", "suzuki-aya"),
    # a given name alone, a surname alone, kana, Latin letters
    ("彩", "aya"),
    ("佐藤", "sato"),
    ("小川 さくら", "ogawa-sakura"),
    ("ヤマダ タロウ", "yamada-taro"),
    ("Ben Ito", "ben-ito"),
    ("Zoë Çelik", "zoe-celik"),
]


@pytest.mark.parametrize(("name", "expected"), NAMES, ids=[n for n, _ in NAMES])
def test_a_name_becomes_the_id_people_would_write(name: str, expected: str) -> None:
    assert slugify(name) == expected


def test_the_sample_name_in_the_issue_is_read_aya() -> None:
    assert romanise("鈴木 彩") == "suzuki aya"
    assert slugify("鈴木 彩", ["suzuki-aya"]) == "suzuki-aya-2"


def test_the_tables_hold_enough_names_in_plain_hepburn() -> None:
    assert len(GIVEN_NAMES) >= 40
    for table in (GIVEN_NAMES, SURNAMES):
        for kanji, reading in table.items():
            assert re.fullmatch(r"[a-z]+", reading), (kanji, reading)  # no macrons, no spaces
            assert "ou" not in reading or kanji in ("井上",), (kanji, reading)
            assert "uu" not in reading, (kanji, reading)
    assert not set(GIVEN_NAMES) & set(SURNAMES)


# -- renaming an id -------------------------------------------------------------


def _uses(data: Any, pid: str, path: str = "") -> list[str]:
    """Every place in plain TOML data where ``pid`` is a key or a whole value."""
    found: list[str] = []
    if isinstance(data, dict):
        for key, value in data.items():
            where = f"{path}.{key}" if path else str(key)
            if key == pid:
                found.append(where)
            found += _uses(value, pid, where)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _uses(value, pid, f"{path}[{index}]")
    elif data == pid:
        found.append(path)
    return found


def _everywhere(path: Path, pid: str) -> Workshop:
    """The sample at ``path`` with ``pid`` named by every kind of reference:
    reviews, posts, an item, a case, scores, a vote, a Refine role, TODOs, the turn."""
    session = store.load(path)
    s = session
    assert any(r.author == pid for r in s.reviews) and any(c.presenter == pid for c in s.cases) and pid in s.scores
    s.posts[0].author = pid
    s.items[0].owner = pid
    s.votes[pid] = s.cases[0].id
    if not any(pid in getattr(s.refine, role) for role in ("planner", "sales", "developer")):
        s.refine.developer.append(pid)
    s.todos.append(Todo(id="t-rename", text="Ask the team", owner=pid))
    s.progress.turn = pid
    assert setup.references_to(s, pid) >= 8
    assert not check(s)
    clock = FakeClock()
    return Workshop(session, day=session.progress.day, monotonic=clock.monotonic, now=clock.now)


def test_on_day2_someone_from_day1_keeps_their_id(ja_day2_sample: Path) -> None:
    """Day 2 is compared with the frozen Day 1 by id: renaming a Day 1 person would make two people of one."""
    w = _everywhere(ja_day2_sample, "tanaka")
    before = w.session.to_toml_dict()
    with pytest.raises(setup.SetupError) as refused:
        w.apply("rename_participant", "tanaka", "new-id")
    assert refused.value.key == "names.error.day1_frozen"
    assert w.session.to_toml_dict() == before


@pytest.mark.parametrize(("sample", "old"), [("ja_sample", "tanaka"), ("en_sample", "priya")])
def test_a_rename_changes_every_reference_but_the_frozen_day1_in_one_undo_step(request: pytest.FixtureRequest, sample: str, old: str) -> None:
    path: Path = request.getfixturevalue(sample)
    w = _everywhere(path, old)
    before = w.session.to_toml_dict()
    order = list(w.session.scores)
    change = w.apply("rename_participant", old, "new-id")
    assert {"participants", "reviews", "posts", "items", "cases", "scores", "votes", "refine", "todos", TURN} <= change.parts
    assert w.session.participant("new-id") is not None and w.session.participant(old) is None
    assert list(w.session.scores) == [("new-id" if p == old else p) for p in order]  # the file keeps its order
    assert w.session.progress.turn == "new-id"
    assert store.save(w.session, path)
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    day1 = data.pop("day1", None)
    assert _uses(data, old) == []
    assert len(_uses(data, "new-id")) == len(_uses(before, old)) - len(_uses(before.get("day1", {}), old))
    if sample == "ja_day2_sample":
        assert day1 is not None and day1 == before["day1"]  # [day1] is as it was written
        assert _uses(day1, old) and not _uses(day1, "new-id")
    assert not check(store.load(path))  # the saved file is valid (mlew check)
    w.undo()
    assert w.session.to_toml_dict() == before  # one undo takes it all back


def test_a_rename_to_the_same_id_changes_nothing(en_sample: Path) -> None:
    w = _everywhere(en_sample, "priya")
    assert not w.apply("rename_participant", "priya", " priya ")


@pytest.mark.parametrize(
    ("new", "key"),
    [
        ("maria", "names.error.id_taken"),
        ("", "names.error.empty_id"),
        ("a b", "names.error.bad_id"),
        ("-x", "names.error.bad_id"),
        ("x" * 41, "names.error.bad_id"),
    ],
)
def test_a_clash_or_a_bad_id_is_refused_and_changes_nothing(en_sample: Path, new: str, key: str) -> None:
    w = _everywhere(en_sample, "priya")
    before = w.session.to_toml_dict()
    with pytest.raises(setup.SetupError) as refused:
        w.apply("rename_participant", "priya", new)
    assert refused.value.key == key
    assert w.session.to_toml_dict() == before


def test_the_clash_message_names_the_id_and_its_owner_in_both_languages() -> None:
    assert t("en", "names.error.id_taken", value="maria", name="Maria Lopez") == "The ID maria is already Maria Lopez's: choose another."
    assert t("ja", "names.error.id_taken", value="sato", name="佐藤 美咲") == "ID「sato」はすでに 佐藤 美咲 さんが使っています。別の ID にしてください。"


def test_adding_with_an_id_uses_it_and_refuses_a_taken_one(en_sample: Path) -> None:
    w = _everywhere(en_sample, "priya")
    assert w.apply("add_participant", "鈴木 彩", "designer").result.id == "suzuki-aya"
    assert w.apply("add_participant", "鈴木 彩", "designer", "aya").result.id == "aya"
    with pytest.raises(setup.SetupError) as refused:
        w.apply("add_participant", "Aya Two", "designer", "aya")
    assert refused.value.key == "names.error.id_taken"


# -- the setup form -------------------------------------------------------------


async def test_the_setup_form_shows_the_id_and_changes_it_everywhere(ja_sample: Path) -> None:
    app = make_app(ja_sample, FakeClock(), day=1)
    async with app.run_test(size=(120, 40)) as pilot:
        app.apply("goto", "intro")
        await pilot.pause()
        people = app.screen.query_one("#participants", OptionList)
        ids = [p.id for p in app.workshop.session.participants]
        where = ids.index("tanaka")
        assert "(tanaka)" in str(people.get_option_at_index(where).prompt)
        people.focus()
        people.highlighted = where
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ParticipantForm)
        field = form.query_one("#pid", Input)
        assert field.value == "tanaka"
        # a clash: refused in the form, which stays open with what was typed
        field.value = "sato"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert str(form.query_one("#error", Label).render()) == "ID「sato」はすでに 佐藤 美咲 さんが使っています。別の ID にしてください。"
        assert app.workshop.session.participant("tanaka") is not None
        field.value = "kenta"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is not form
        session = app.workshop.session
        assert [p.id for p in session.participants] == [("kenta" if p == "tanaka" else p) for p in ids]
        assert "(kenta)" in str(people.get_option_at_index(where).prompt)
        assert people.highlighted == where
        assert app.save_now_blocking()
        data = tomllib.loads(ja_sample.read_text(encoding="utf-8"))
        assert "day1" not in data and _uses(data, "tanaka") == []
        assert len(_uses(data, "kenta")) > 5
        assert not check(store.load(ja_sample))
        await pilot.press("ctrl+z")  # one undo takes the whole rename back
        await pilot.pause()
        assert [p.id for p in app.workshop.session.participants] == ids
        assert app.save_now_blocking()
        assert _uses(tomllib.loads(ja_sample.read_text(encoding="utf-8")), "kenta") == []


async def test_on_day2_the_form_keeps_a_day1_persons_id_and_says_why(ja_day2_sample: Path) -> None:
    app = make_app(ja_day2_sample, FakeClock(), day=1)
    async with app.run_test(size=(120, 40)) as pilot:
        app.apply("goto", "intro")
        await pilot.pause()
        people = app.screen.query_one("#participants", OptionList)
        people.focus()
        people.highlighted = [p.id for p in app.workshop.session.participants].index("tanaka")
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ParticipantForm)
        form.query_one("#pid", Input).value = "kenta"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        error = str(form.query_one("#error", Label).render())
        assert error == "田中 健太 さんの ID「tanaka」は、改善編では変えられません。Day 1 の記録と Day 2 を人ごとに比べるのに使っているためです。"
        assert app.workshop.session.participant("tanaka") is not None


async def test_the_add_form_shows_the_id_the_name_makes(en_sample: Path) -> None:
    app = make_app(en_sample, FakeClock(), day=1)
    async with app.run_test(size=(120, 40)) as pilot:
        app.apply("goto", "intro")
        await pilot.pause()
        app.screen.query_one("#participants", OptionList).focus()
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ParticipantForm)
        await pilot.press(*"Priya Raman")
        await pilot.pause()
        assert form.query_one("#pid", Input).placeholder == "ID: priya-raman (made from the name)"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.workshop.session.participants[-1].id == "priya-raman"


async def test_a_bad_id_typed_in_the_form_is_refused_and_shown_literally(en_sample: Path) -> None:
    app = make_app(en_sample, FakeClock(), day=1)
    async with app.run_test(size=(120, 40)) as pilot:
        app.apply("goto", "intro")
        await pilot.pause()
        app.screen.query_one("#participants", OptionList).focus()
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ParticipantForm)
        form.query_one("#pid", Input).value = "[bold]x"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        message = "[bold]x cannot be an ID: use up to 40 letters, digits, hyphens (-) and underscores (_), starting with a letter or a digit."
        assert str(form.query_one("#error", Label).render()) == message
        await pilot.press("escape")
        await pilot.pause()
        assert [p.id for p in app.workshop.session.participants] == ["maria", "james", "priya", "emma"]
