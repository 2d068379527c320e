"""The customer message's blanks joined the way the deck writes them.

The deck's template (Refine, 企画役):

    (製品名 / 機能名) は ○○な状況で△△したかったが、××できず□□だった顧客に対し、
    ○○を提供します。○○な点が特徴で高く評価されています。

People fill the blanks in many ways: with the template's own words
(「英語で商談したかったが」), without them (「英語で商談」), with a verb in
its dictionary form (「伝える」), politely (「伝えたいです」), or with a noun
the blank invites (「継続」). :func:`phrase` turns what was typed into the
phrase that goes into the sentence, ending in the template's particle or
auxiliary exactly once: 伝える -> 伝えたかったが, 継続 -> 継続できず, 退会寸前
-> 退会寸前だった, 実践的 -> 実践的な点が特徴で. English gets the same care
("for customers who, while A, wanted to B but could not C and ended up D").

Pure text rules, no dictionary: the last characters decide (a kanji or
katakana ending is a noun, a u-row kana a verb, い an adjective, and so on).
"""

from __future__ import annotations

import re

# -- Japanese --------------------------------------------------------------------------

#: Godan verb endings and their i-row (masu stem) and e-row (potential) kana.
_GODAN_I = dict(zip("うくぐすつぬぶむる", "いきぎしちにびみり", strict=True))
_GODAN_E = dict(zip("うくぐすつぬぶむる", "えけげせてねべめれ", strict=True))
#: Past (ta-form) of godan endings: 書く -> 書いた, 読む -> 読んだ.
_GODAN_TA = {"う": "った", "つ": "った", "る": "った", "く": "いた", "ぐ": "いだ", "す": "した", "ぬ": "んだ", "ぶ": "んだ", "む": "んだ"}
#: Kana before る that make an ichidan verb (見る, 伝える), where the stem drops る.
_ICHIDAN_BEFORE = set("いきぎしじちぢにひびぴみりえけげせぜてでねへべぺめれ")
#: Common godan verbs in -iru / -eru (帰る is 帰り-, not 帰-).
_GODAN_RU = ("帰る", "入る", "走る", "知る", "切る", "要る", "減る", "滑る", "喋る", "蹴る", "焦る", "限る", "握る", "参る", "散る", "照る")
#: Na-adjectives people write bare (多忙 -> 多忙な). Words in 的 are na-adjectives too.
_NA_ADJECTIVES = (
    "多忙",
    "不安",
    "大変",
    "困難",
    "不便",
    "必要",
    "不慣れ",
    "苦手",
    "心配",
    "面倒",
    "不十分",
    "不規則",
    "不定期",
    "手一杯",
    "暇",
    "静か",
    "簡単",
    "便利",
    "安全",
    "安心",
    "丁寧",
    "正確",
    "手軽",
    "気軽",
    "豊富",
    "快適",
    "柔軟",
    "迅速",
    "確実",
    "明確",
    "身近",
    "自由",
    "特別",
    "有名",
    "重要",
    "無料",
    "安価",
    "高価",
    "シンプル",
    "スムーズ",
    "リアル",
)
_KANA_U = set("うくぐすつぬぶむる")
#: A situation that is a time takes に (通勤中に, 出張の前に, 子どもが寝たあとの夜に).
_TIME_NOUNS = ("とき", "時", "際", "前", "後", "あと", "中", "夜", "朝", "昼", "夕方", "週末", "休日", "合間")
#: Kana a verb's negative stem ends in (取れ-ない, 分から-ない, 起き-ない); a particle
#: before ない (時間が-ない) is not one of them.
_NEGATIVE_STEM = set("かさたなばまらわいきぎしじちにひびみりえけげせてねべめれ")


def _is_japanese(char: str) -> bool:
    """Kana, kanji and full-width punctuation (）」。): no space before は."""
    return "\u3000" <= char <= "\u30ff" or "\u3400" <= char <= "\u9fff" or "\uff00" <= char <= "\uffef"


def _kanji_or_katakana(char: str) -> bool:
    return "\u30a0" <= char <= "\u30ff" or "\u3400" <= char <= "\u9fff" or char in "々〆ー" or char.isascii()


def _ichidan(verb: str) -> bool:
    """``verb`` (dictionary form, ending in る) conjugates as an ichidan verb."""
    if verb.endswith(_GODAN_RU) or len(verb) < 2:
        return False
    return verb[-2] in _ICHIDAN_BEFORE or ("\u3400" <= verb[-2] <= "\u9fff" and verb.endswith(("見る", "居る", "着る", "似る", "寝る", "出る", "得る", "経る")))


def _irregular(verb: str) -> str | None:
    """``する`` or ``来る``/``くる`` when ``verb`` ends in one of them."""
    for ending in ("する", "来る", "くる"):
        if verb.endswith(ending):
            return ending
    return None


def masu_stem(verb: str) -> str:
    """伝える -> 伝え, 話す -> 話し, 勉強する -> 勉強し, 来る -> 来."""
    irregular = _irregular(verb)
    if irregular == "する":
        return verb[:-2] + "し"
    if irregular:
        return verb[:-2] + ("来" if irregular == "来る" else "き")
    if verb.endswith("る") and _ichidan(verb):
        return verb[:-1]
    return verb[:-1] + _GODAN_I[verb[-1]]


def _potential_negative(verb: str) -> str:
    """続ける -> 続けられず, 話す -> 話せず, 勉強する -> 勉強できず."""
    irregular = _irregular(verb)
    if irregular == "する":
        return verb[:-2] + "できず"
    if irregular:
        return verb[:-2] + ("来られず" if irregular == "来る" else "こられず")
    if verb.endswith("る") and _ichidan(verb):
        return verb[:-1] + "られず"
    return verb[:-1] + _GODAN_E[verb[-1]] + "ず"


def _past(verb: str) -> str:
    """諦める -> 諦めた, 書く -> 書いた, 読む -> 読んだ, 行く -> 行った."""
    irregular = _irregular(verb)
    if irregular == "する":
        return verb[:-2] + "した"
    if irregular:
        return verb[:-2] + ("来た" if irregular == "来る" else "きた")
    if verb.endswith(("行く", "いく")):
        return verb[:-1] + "った"
    if verb.endswith("る") and _ichidan(verb):
        return verb[:-1] + "た"
    return verb[:-1] + _GODAN_TA[verb[-1]]


def _strip(value: str, *endings: str) -> str:
    for ending in endings:
        if value.endswith(ending) and len(value) > len(ending):
            return value[: -len(ending)]
    return value


def _plain(value: str) -> str:
    """Polite and plain sentence endings folded: 伝えたいです -> 伝えたい,
    伝えます -> 伝える (only where the plain form is certain: ～します -> ～する)."""
    value = _strip(value, "です", "でした")
    if value.endswith("します"):
        return value[:-3] + "する"
    if value.endswith("ました"):
        return value[:-3] + "た"
    if value.endswith("ませんでした"):
        return value[:-6] + "なかった"
    return value


def _verb(value: str) -> bool:
    return bool(value) and value[-1] in _KANA_U and len(value) >= 2


def _na_adjective(value: str) -> bool:
    return value.endswith("的") or value.endswith(_NA_ADJECTIVES)


def ja_situation(value: str) -> str:
    """○○な状況で: 多忙 -> 多忙な状況で, 海外出張の前 -> 海外出張の前の状況で,
    英語で商談する -> 英語で商談する状況で, ～状況で stays."""
    value = _plain(_strip(value, "、"))
    if value.endswith(("状況で", "場面で", "環境で", "状態で")) or value.endswith(tuple(t + "に" for t in _TIME_NOUNS)):
        return value
    if value.endswith(("状況", "場面", "環境", "状態")):
        return value + "で"
    if value.endswith(_TIME_NOUNS):
        return value + "に"
    if value.endswith("な"):
        return value + "状況で"
    if value.endswith("で") and not value.endswith(("ので", "んで")):
        return value  # 忙しい毎日で, 英語で: already the template's で
    if _na_adjective(value):
        return value + "な状況で"
    if _kanji_or_katakana(value[-1]) or value.endswith("の"):
        return value + ("状況で" if value.endswith("の") else "の状況で")
    return value + "状況で"  # 忙しい, 商談する, 時間がない


def ja_wanted(value: str) -> str:
    """△△したかったが: 伝える -> 伝えたかったが, 英語で商談 -> 英語で商談したかったが."""
    value = _plain(_strip(value, "、"))
    if value.endswith(("たかったが", "たかったのに")):
        return value
    if value.endswith("たかった"):
        return value + "が"
    if value.endswith("たい"):
        return value[:-1] + "かったが"
    if value.endswith(("したかったけど", "たかったけど")):
        return value[:-2] + "が"
    if value.endswith("が") and not value.endswith("たが"):
        value = value[:-1]  # 英語で商談が: the old template's が
        if not value:
            return "が"
    if _verb(value):
        return masu_stem(value) + "たかったが"
    if value.endswith(("たかったです", "たかったんです")):
        return _strip(value, "です", "んです") + "が"
    return value + "したかったが"  # 英語で商談, 自分のペースで復習


def ja_blocked_by(value: str) -> str:
    """××できず: 継続 -> 継続できず, 続ける -> 続けられず, できなかった -> できず."""
    value = _plain(_strip(value, "、", "ため", "ので", "から"))
    for ending, keep in (
        ("ことができなかった", "ことができず"),
        ("できなかった", "できず"),
        ("できない", "できず"),
        ("られなかった", "られず"),
        ("られない", "られず"),
    ):
        if value.endswith(ending):
            return value[: -len(ending)] + keep
    if value.endswith(("できず", "られず", "せず", "ず")):
        return value
    for negative in ("なかった", "ない"):
        if value.endswith(negative) and len(value) > len(negative):
            stem = value[: -len(negative)]
            # 取れない -> 取れず, 分からなかった -> 分からず; 時間がない -> 時間がなく
            return stem + ("ず" if stem[-1] in _NEGATIVE_STEM else "なく")
    if _verb(value):
        return _potential_negative(value)
    return value + "できず"  # 継続, 予約


def ja_outcome(value: str) -> str:
    """□□だった: 退会寸前 -> 退会寸前だった, 悔しい -> 悔しかった, 諦める -> 諦めた."""
    value = _plain(_strip(value, "、", "顧客", "お客様"))
    if value.endswith(("だった", "た", "ていた", "でいた")):
        return value
    if value.endswith("だ"):
        return value + "った"
    if value.endswith("ない"):
        return value[:-1] + "かった"
    if value.endswith("い") and not value.endswith("ていい"):
        return value[:-1] + "かった"  # 悔しい -> 悔しかった
    if value.endswith("ている"):
        return value[:-1] + "た"
    if value.endswith("の") and len(value) > 1:
        return value[:-1] + "だった"  # 退会寸前の
    if _verb(value):
        return _past(value)
    return value + "だった"  # 退会寸前, 不満, 実践的


def ja_offer(value: str) -> str:
    """○○を提供します: a thing gets を提供します, a sentence keeps its verb
    (毎回レポートを届ける -> 毎回レポートを届けます)."""
    value = _strip(value, "、")
    for ending in ("を提供します", "を提供する", "を提供", "を"):
        if value.endswith(ending) and len(value) > len(ending):
            return value[: -len(ending)] + "を提供します"
    if value.endswith("ます"):
        return value
    if value.endswith("する"):
        return value[:-2] + "します"
    if _verb(value):
        return masu_stem(value) + "ます"
    return value + "を提供します"


def ja_strength(value: str) -> str:
    """○○な点が特徴で: 実践的 -> 実践的な点が特徴で, 実践的な添削 -> 実践的な添削が特徴で,
    安い -> 安い点が特徴で."""
    value = _plain(_strip(value, "高く評価されています", "で高く評価されています", "、"))
    value = _strip(value, "、")
    if value.endswith("が特徴で"):
        return value
    if value.endswith(("が特徴", "点が特徴")):
        return value + "で"
    if value.endswith(("特徴で",)):
        return value[:-3] + "が特徴で"
    if value.endswith(("点", "ところ")):
        return value + "が特徴で"
    if value.endswith("な"):
        return value + "点が特徴で"
    if _na_adjective(value):
        return value + "な点が特徴で"
    if value[-1] in "いるうくぐすつぬぶむたず" and not _kanji_or_katakana(value[-1]):
        return value + "点が特徴で"  # 安い, 続けられる, 毎回届く
    return value + "が特徴で"  # 添削, 価格の安さ


def ja_product(value: str) -> str:
    """製品名 は: a space before は after a Latin name (TalkMate は), none after Japanese."""
    value = _strip(value, "は", " は")
    return value + ("は" if _is_japanese(value[-1]) else " は")


JA = {
    "product_name": ja_product,
    "situation": ja_situation,
    "wanted": ja_wanted,
    "blocked_by": ja_blocked_by,
    "outcome": ja_outcome,
    "offer": ja_offer,
    "strength": ja_strength,
}

# -- English ---------------------------------------------------------------------------

_SITUATION_LEADS = ("while ", "when ", "in ", "at ", "during ", "before ", "after ", "on ", "as ", "whenever ", "with ", "without ", "for ")
_PAST_VERBS = {
    "felt",
    "were",
    "was",
    "became",
    "got",
    "gave",
    "left",
    "quit",
    "lost",
    "stopped",
    "went",
    "ended",
    "kept",
    "had",
    "thought",
    "took",
    "made",
    "spent",
}


def _lead_off(value: str, *leads: str) -> str:
    lowered = value.lower()
    for lead in leads:
        if lowered.startswith(lead):
            return value[len(lead) :].lstrip()
    return value


def en_situation(value: str) -> str:
    """while/when/in ...: a gerund gets "while", a noun phrase "in"."""
    if value.lower().startswith(_SITUATION_LEADS):
        return value
    first = value.split(" ", 1)[0].lower()
    return ("while " if first.endswith("ing") else "in ") + value


def en_wanted(value: str) -> str:
    return "wanted to " + _lead_off(value, "wanted to ", "want to ", "wanted ", "to ")


#: First words of a clause with its own subject ("our list kept ...", "they had ...").
_SUBJECTS = {
    "our",
    "the",
    "their",
    "they",
    "it",
    "its",
    "we",
    "there",
    "nothing",
    "no",
    "a",
    "an",
    "my",
    "his",
    "her",
    "this",
    "that",
    "these",
    "those",
    "i",
    "he",
    "she",
    "you",
    "your",
    "every",
    "each",
    "all",
    "some",
    "most",
    "many",
}


#: Finite verbs that make a phrase a clause ("notes got lost", "lessons were full").
_FINITE = {"got", "were", "was", "had", "kept", "did", "didn't", "wasn't", "weren't", "is", "are", "went", "felt", "never"}


def en_blocked_by(value: str) -> str:
    """but could not C: a verb phrase as is; a clause with its own subject, or
    one with because, as the reason (and a comma, so the sentence reads on)."""
    value = _lead_off(value, "but ", "could not ", "couldn't ", "cannot ", "can't ", "were unable to ", "was unable to ", "unable to ")
    lowered = value.lower()
    if lowered.startswith(("because ", "since ", "as ")):
        return f"but could not, {value},"
    words = lowered.split()
    if words[0] in _SUBJECTS or any(w in _FINITE or (w.endswith("ed") and len(w) > 3) for w in words[1:4]):
        return f"but could not, because {value},"
    return "but could not " + value


def en_outcome(value: str) -> str:
    value = _lead_off(value, "and so ", "and ended up ", "ended up ", "so ", "and ")
    first = value.split(" ", 1)[0].lower()
    if first in _PAST_VERBS or (first.endswith("ed") and len(first) > 3):
        return "and so " + value
    return "and ended up " + value


def en_offer(value: str) -> str:
    return "we offer " + _lead_off(value, "we offer ", "we provide ", "offer ", "offering ")


def en_strength(value: str) -> str:
    return "It is valued for " + _lead_off(value, "it is valued for ", "valued for ", "it's valued for ", "for ")


def en_product(value: str) -> str:
    return value.rstrip(":") + ":"


EN = {
    "product_name": en_product,
    "situation": en_situation,
    "wanted": en_wanted,
    "blocked_by": en_blocked_by,
    "outcome": en_outcome,
    "offer": en_offer,
    "strength": en_strength,
}

_END = re.compile(r"[\s。．.、,，!！?？]+$")


#: Blanks after which a long phrase takes a comma (読点) before the next
#: one: the deck's template has none, but a sentence of long clauses is
#: read with a pause there.
_PAUSE_AFTER = ("situation", "blocked_by")
LONG_PHRASE = 16


def phrase(field: str, value: str, language: str) -> str:
    """What a blank holds, as it goes into the sentence (see the module
    docstring). ``value`` is one line; an empty value stays empty (a blank)."""
    value = _END.sub("", value.strip())
    if not value:
        return ""
    if language != "ja":
        return EN[field](value)
    out = JA[field](value)
    if field in _PAUSE_AFTER and len(out) > LONG_PHRASE:
        out += "、"
    return out
