"""One voice in Japanese (issue #19 item 5): the catalogs follow docs/GLOSSARY.md
and the house style (full-width ？！ in Japanese sentences, no ASCII " - "
separators, no ``!r`` placeholders, 『』 inside 「」, です/ます in sentences and
help), and English counts agree with their numbers (1 review, 2 reviews)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len

from mlew_tui.cli_help import wrap_cells
from mlew_tui.i18n import LANGUAGES, Translator, catalog, format_message, plural

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = ROOT / "docs" / "GLOSSARY.md"

#: A value is Japanese when it holds kana or kanji.
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
#: Japanese text right before a half-width ? or ! (a Japanese sentence ending the ASCII way).
HALF_WIDTH_MARK = re.compile(r"[\u3001\u3002\u3040-\u30ff\u3400-\u9fff\uff01-\uff5e] ?[?!]")
#: Polite endings of a sentence (です/ます and their forms).
POLITE = re.compile(r"(です|ます|ません|ました|ましょう|ください|でした|でしょう|ませんか)$")
#: Plain (だ/である) endings: a verb's or adjective's dictionary or past form, or だ.
PLAIN = re.compile(r"[うくぐすつぬぶむるいただ]$")
#: Keys whose values instruct or explain: their sentences are polite even without a 。.
HELP_KEY = re.compile(r"(^cmd_help\.|^tip\.|\.(help|prompt|what|text|intro|remedy|version_help)$)")
#: Search words typed into the palette: any spelling a user may type is welcome there.
SEARCH_WORDS = "cmd_words."


def japanese_values() -> dict[str, str]:
    return {key: value for key, value in catalog("ja").items() if JAPANESE.search(value)}


def glossary_rejected() -> dict[str, str]:
    """``rejected spelling -> chosen spelling`` from the glossary's "Rejected" table."""
    rejected: dict[str, str] = {}
    section = GLOSSARY.read_text(encoding="utf-8").split("## Rejected spellings", 1)[1].split("\n## ", 1)[0]
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) >= 2 and cells[0].startswith("`") and cells[0].endswith("`"):
            rejected[cells[0].strip("`")] = cells[1]
    return rejected


def sentence_endings(key: str, value: str) -> list[str]:
    """The sentences of ``value`` whose style matters: those ending in 。 or ！,
    a last sentence after a 。, and the whole value of a help-like key (unless it
    is a key legend: ``a 追加 · e 編集``)."""
    parts = re.findall(r"[^。！]*[。！]", value)
    tail = re.split(r"[。！]", value)[-1]
    if parts and tail.strip():
        parts.append(tail)
    if not parts and HELP_KEY.search(key) and " · " not in value:
        parts = [value]
    endings = []
    for part in parts:
        body = part.rstrip().rstrip("。！").rstrip()
        body = re.sub(r"\s*[（(][^()（）]*[)）]$", "", body)  # a closing aside: 「… (例: 2.5)」
        endings.append(body)
    return endings


def test_the_glossary_exists_and_rejects_spellings() -> None:
    rejected = glossary_rejected()
    assert {"マイルストン", "顧客像", "対策", "か月", "TODO"} <= set(rejected)


def test_no_rejected_spelling_in_the_japanese_catalog() -> None:
    rejected = glossary_rejected()
    found = [
        (key, spelling)
        for key, value in catalog("ja").items()
        if not key.startswith(SEARCH_WORDS)
        for spelling in rejected
        if re.search(rejected_pattern(spelling), value)
    ]
    assert found == []


def rejected_pattern(spelling: str) -> str:
    """A rejected spelling as a pattern: ``フォルダ`` is rejected, ``フォルダー`` is not."""
    pattern = re.escape(spelling)
    if spelling[-1] in "ダザタバ":  # katakana that lost its long vowel mark
        pattern += "(?!ー)"
    if spelling.isascii():
        pattern = rf"(?<![A-Za-z]){pattern}(?![A-Za-z])"
    return pattern


def test_no_half_width_question_or_exclamation_marks_in_japanese_sentences() -> None:
    found = {key: value for key, value in japanese_values().items() if HALF_WIDTH_MARK.search(value.replace("!r}", ""))}
    assert found == {}


def test_no_ascii_dash_separators_in_japanese() -> None:
    found = {key: value for key, value in japanese_values().items() if " - " in value}
    assert found == {}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_repr_placeholders(lang: str) -> None:
    found = {key: value for key, value in catalog(lang).items() if "!r}" in value}
    assert found == {}


def test_quotes_inside_japanese_quotes_are_double_brackets() -> None:
    found = {key: value for key, value in japanese_values().items() if re.search(r"「[^」]*「", value)}
    assert found == {}


def test_japanese_sentences_are_polite() -> None:
    """です/ます: a sentence may end in a noun (体言止め: 「変更なし。」) or a polite
    form, never in a plain verb or adjective (「…検討する。」「…決まっていない。」)."""
    found = {
        key: ending
        for key, value in japanese_values().items()
        if not key.startswith(SEARCH_WORDS)
        for ending in sentence_endings(key, value)
        if PLAIN.search(ending) and not POLITE.search(ending)
    }
    assert found == {}


def test_the_polite_check_catches_plain_sentences() -> None:
    """The check above is not vacuous."""
    assert sentence_endings("x.prompt", "課題を検討する") == ["課題を検討する"]
    assert sentence_endings("x.label", "変更なし。") == ["変更なし"]
    plain = [e for e in sentence_endings("x.y", "期日が決まっていない。次に進みます。") if PLAIN.search(e) and not POLITE.search(e)]
    assert plain == ["期日が決まっていない"]


# -- English plurals ---------------------------------------------------------------------

#: A count right before a countable English noun in the plural: "{n} reviews", "{n} of {total} cases".
BARE_PLURAL = re.compile(
    r"\{\w+\}(?: of \{\w+\})? (?:reviews|posts|items|cases|participants|things|picks|steps|answers|months|days|points"
    r"|entries|assumptions|issues|strengths|parts|problems|references|people|TODOs)\b"
)
#: Counts that are never 1 where they are shown.
ALWAYS_MANY = {
    "team.too_many": "shown only above the maximum team size",
    "diag.define.same_points": "shown only when two or more items share their points",
}


def test_plural_spec() -> None:
    assert plural(1, "|s") == "" and plural(2, "|s") == "s" and plural(0, "|s") == "s"
    assert plural(1, "person|people") == "person" and plural(3, "person|people") == "people"
    assert plural("x", "|s") == "s"  # text where a count belongs: the plural, never a crash
    assert format_message("{n} review{n:|s}", n=1) == "1 review"
    assert format_message("{n} review{n:|s}", n=2) == "2 reviews"
    assert format_message("{n} {n:entry|entries}", n=1) == "1 entry"


@pytest.mark.parametrize(
    ("key", "params", "one", "many"),
    [
        ("ld.board.group_size", {}, "1 review", "2 reviews"),
        ("ld.plus_one.posts", {}, "1 post", "2 posts"),
        ("invent.import.done", {}, "Imported 1 case.", "Imported 2 cases."),
        ("diag.listen.few_reviews", {"min": 9}, "only 1 review (at least 9 are needed)", "only 2 reviews (at least 9 are needed)"),
        ("diag.refine.uncertain_steps", {"numbers": "3"}, "1 step in red (uncertain): 3", "2 steps in red (uncertain): 3"),
        ("cli.problems_in", {"path": "s.toml"}, "s.toml has 1 problem:", "s.toml has 2 problems:"),
        ("plan.timeline.days", {}, "(+1 day)", "(+2 days)"),
    ],
)
def test_english_counts_agree_with_their_number(key: str, params: dict[str, object], one: str, many: str) -> None:
    en = Translator("en")
    count = {"plan.timeline.days": "days"}.get(key, "n")
    assert en(key, **params, **{count: 1}) == one
    assert en(key, **params, **{count: 2}) == many


def test_next_step_summary_counts() -> None:
    en = Translator("en")
    assert en("next.summary.listen", reviews=1, assumptions=0) == "1 review (0 assumptions)"
    assert en("next.summary.refine", steps=1, faqs=1, uncertain=2) == "1 step, 1 FAQ entry, 2 uncertain parts"
    assert en("diag.listen.few_positive", n=1, total=6) == "only 1 of 6 reviews is positive (under a third)"
    assert en("cli.new.created", path="s.toml", n=1, cases=1) == "Created s.toml (1 participant, 1 case)."


def test_japanese_counts_are_unchanged_by_the_plural_spec() -> None:
    assert Translator("ja")("ld.board.group_size", n=1) == "1 枚"


def test_no_english_message_counts_a_bare_plural() -> None:
    """No "{n} reviews" that would read "1 reviews": counts use ``{n} review{n:|s}``."""
    found = {key: value for key, value in catalog("en").items() if key not in ALWAYS_MANY and BARE_PLURAL.search(value)}
    assert found == {}


# -- `mlew --help` -------------------------------------------------------------------------


def help_of(*args: str, lang_env: str) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    env.update(LANG=lang_env, PYTHONIOENCODING="utf-8", COLUMNS="80")
    result = subprocess.run([sys.executable, "-m", "mlew_tui", *args, "--help"], capture_output=True, text=True, env=env, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout


TYPER_INTERNALS = ("{file}", "<list[str]>", "<int range>", "<path>", "<str>", "<int>", "<=x<=")
ENGLISH_HELP_LINES = ("Usage:", "Options", "Arguments", "Commands", "Show this message and exit.", "[required]", "default:", "[OPTIONS]")


@pytest.mark.parametrize("command", ["", "export", "serve", "new", "run", "demo", "check", "report"])
def test_japanese_help_is_japanese(command: str) -> None:
    text = help_of(*filter(None, [command]), lang_env="ja_JP.UTF-8")
    assert [word for word in TYPER_INTERNALS + ENGLISH_HELP_LINES if word in text] == []
    assert text.startswith("使い方: ")
    assert "オプション:" in text and "このヘルプを表示して終了します。" in text


def test_japanese_export_help_names_its_argument() -> None:
    text = help_of("export", lang_env="ja_JP.UTF-8")
    assert text.splitlines()[0].endswith("export [オプション] ファイル")
    assert "引数:\n  ファイル  セッションファイル（TOML）。 ［必須］" in text
    assert "-o, --output ファイル" in text and "［既定値: md］" in text


def test_japanese_serve_help_names_its_values() -> None:
    text = help_of("serve", lang_env="ja_JP.UTF-8")
    assert "--port ポート" in text and "0〜65535" in text and "--allow-host ホスト" in text


def test_japanese_top_help_lists_the_commands() -> None:
    text = help_of(lang_env="ja_JP.UTF-8")
    assert text.splitlines()[0].endswith("[オプション] コマンド [引数]...")
    assert "コマンド:\n  new      ワークショップの新しいセッションファイルを作成します。" in text


@pytest.mark.parametrize("command", ["", "export", "serve", "new"])
def test_english_help_names_its_arguments(command: str) -> None:
    text = help_of(*filter(None, [command]), lang_env="C.UTF-8")
    assert [word for word in TYPER_INTERNALS if word in text] == []
    assert text.startswith("Usage: ")


def test_english_export_help() -> None:
    text = help_of("export", lang_env="C.UTF-8")
    assert text.splitlines()[0].endswith("export [OPTIONS] FILE")
    assert "Arguments:\n  FILE  " in text and "-o, --output FILE" in text and "[default: md]" in text


def test_help_lines_fit_80_columns() -> None:
    """Japanese is two cells a character: the help wraps by cells, not characters."""
    for command in ("", "export", "serve", "new"):
        for lang_env in ("ja_JP.UTF-8", "C.UTF-8"):
            long_lines = [line for line in help_of(*filter(None, [command]), lang_env=lang_env).splitlines() if cell_len(line) > 80 and "mlew_tui" not in line]
            assert long_lines == [], (command, lang_env)


def test_wrap_cells() -> None:
    assert wrap_cells("あいうえおかきくけこ", 10) == ["あいうえお", "かきくけこ"]
    assert wrap_cells("one two three", 8) == ["one two", "three"]
    assert wrap_cells("あいうえ。かき", 8) == ["あいうえ。", "かき"]  # 。 never starts a line


def test_japanese_samples_list_joins_title_and_description_with_a_colon() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    env.update(LANG="ja_JP.UTF-8", PYTHONIOENCODING="utf-8")
    result = subprocess.run([sys.executable, "-m", "mlew_tui", "samples"], capture_output=True, text=True, env=env, timeout=60, check=False)
    line = next(line for line in result.stdout.splitlines() if line.strip().startswith("ja_eikaiwa "))
    assert "）：ビジネスパーソン向け" in line and " - " not in line


def usage_error_of(*args: str, lang_env: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    env.update(LANG=lang_env, PYTHONIOENCODING="utf-8", COLUMNS="80")
    return subprocess.run([sys.executable, "-m", "mlew_tui", *args], capture_output=True, text=True, env=env, timeout=60, check=False)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("new",), "エラー: 引数「ファイル」を指定してください。"),
        (("new", "--bogus", "x.toml"), "エラー: 「--bogus」というオプションはありません。"),
        (("bogus",), "エラー: 「bogus」というコマンドはありません。"),
        (("new", "a.toml", "b.toml"), "エラー: 余分な引数があります（b.toml）。"),
    ],
)
def test_japanese_usage_errors(args: tuple[str, ...], message: str, tmp_path: Path) -> None:
    result = usage_error_of(*args, lang_env="ja_JP.UTF-8")
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith("使い方: ") and lines[1].startswith("「") and lines[1].endswith(" --help」で使い方を表示できます。")
    assert lines[-1] == message
    assert "Error" not in result.stderr and "Try " not in result.stderr


def test_english_usage_errors_are_clicks() -> None:
    result = usage_error_of("new", lang_env="C.UTF-8")
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert lines[0].endswith("new [OPTIONS] FILE") and lines[1].startswith("Try '") and lines[-1] == "Error: Missing argument 'FILE'."
