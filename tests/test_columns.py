"""Text by terminal columns: Chinese wraps between characters, within the width, losing nothing."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from tutor.interface.columns import CLOSING, columns, pad_columns, wrap_columns

CASES = [
    ("english", "hello world foo bar baz", 10, ["hello", "world foo", "bar baz"]),
    ("chinese", "遗忘门决定保留多少旧记忆元", 10, ["遗忘门决定", "保留多少旧", "记忆元"]),
    ("no break before closing marks", "一二三四，五六", 8, ["一二三", "四，五六"]),
    ("closing mark after a space", "一二三四 ，五六", 8, ["一二三", "四，五六"]),  # the space before it is dropped
    ("latin runs stay whole", "乘上 diag(1 − hₜ²) W_hh，随距离", 16, ["乘上 diag(1 −", "hₜ²) W_hh，随距", "离"]),
]


@pytest.mark.parametrize("text,width,lines", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_wrap_columns(text, width, lines):
    assert wrap_columns(text, width) == lines


@pytest.mark.parametrize("text,width", [("C̃ₜ", 2), ("遗忘门", 6), ("ｆ", 2), ("abc", 3)], ids=["combining", "cjk", "full-width", "ascii"])
def test_columns_agree_with_rich(text, width):
    assert columns(text) == cell_len(text) == width


def test_pad_columns():
    assert pad_columns("未学", 6) == "未学  " and pad_columns("new", 6) == "new   "


PIECES = st.lists(st.sampled_from(["遗忘门", "记忆元", "，", "。", "（", "）", "hₜ", "σ", "W_f", "tanh(cₜ)", " ", "gate",
                                   "的", "梯度消失", "："]), max_size=40)


@settings(max_examples=200, deadline=None)
@given(PIECES, st.integers(min_value=8, max_value=60))
def test_wrapping_keeps_every_character_and_the_width(pieces, width):
    text = "".join(pieces)
    lines = wrap_columns(text, width)
    assert re.sub(r"\s", "", "".join(lines)) == re.sub(r"\s", "", text)
    for line in lines:
        longest_atom = max(columns(w) for w in line.split()) if line.split() else 0
        assert columns(line) <= width or longest_atom > width  # only a single over-long run may exceed
    assert all(line[0] not in CLOSING[:11] for line in lines[1:])  # the Chinese marks (English is textwrap's)
