"""Participants' ids (issue #19 item 8): made from the common reading of the
name, shown and changed in the setup form, unique, and renamed everywhere."""

from __future__ import annotations

import re

import pytest

from mlew_tui.domain.ids import romanise, slugify
from mlew_tui.domain.name_readings import GIVEN_NAMES, SURNAMES

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
