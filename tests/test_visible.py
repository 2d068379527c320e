"""domain.visible: control and bidi characters never reach an output raw."""

from hypothesis import given
from hypothesis import strategies as st

from mlew_tui.domain.visible import UNSAFE, visible


def test_escapes_each_class_visibly() -> None:
    assert visible("a\x1b[31mred") == "a\u241b[31mred"
    assert visible("x\x7fy") == "x\u2421y"
    assert visible("c1\x85\x9b") == "c1{U+0085}{U+009B}"
    assert visible("abc\u202edcba\u2066i\u2069") == "abc{U+202E}dcba{U+2066}i{U+2069}"
    assert visible("over\rwrite") == "over\u240dwrite"


def test_keeps_text_tabs_and_newlines() -> None:
    text = "鈴木 彩\tレビュー\n二行目 ✓ ␛"
    assert visible(text) is text


@given(st.text())
def test_nothing_unsafe_survives(text: str) -> None:
    out = visible(text)
    assert UNSAFE.search(out) is None
    assert out.count("\n") == text.count("\n")
