"""``rnn-tutor glossary [WORD]``: bilingual terms, searchable in either language, in-process."""

import tomllib

import pytest
from typer.testing import CliRunner

from tutor.base.location import bank_dir
from tutor.interface.cli import app
from tutor.teaching.glossary import search, terms

from .test_translation import english_words


def run(*args, **env):
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "80", "NO_COLOR": "1", "TERM": "dumb", **env})


SEARCHES = [
    ("english part", "forget", "forget gate", "遗忘门"),
    ("chinese part", "遗忘", "forget gate", "遗忘门"),
    ("chinese exact", "梯度裁剪", "gradient clipping", "梯度裁剪"),
    ("other spelling", "细胞状态", "memory cell (cell state)", "记忆元"),
    ("case", "BPTT", "backpropagation through time (BPTT)", "时间反向传播"),
    ("full-width letters", "ＧＲＵ", "gated recurrent unit (GRU)", "门控循环单元"),
    ("symbol", "zₜ", "update gate", "更新门"),
]


@pytest.mark.parametrize("word,en,zh", [s[1:] for s in SEARCHES], ids=[s[0] for s in SEARCHES])
def test_search_either_language(word, en, zh):
    found = search(word)
    assert found and found[0].en == en and found[0].zh == zh


def test_exact_match_first():
    found = search("门")  # every gate's Chinese contains 门; the term 门 itself comes first
    assert found[0].zh == "门" and len(found) > 5


@pytest.mark.parametrize("lang,definition", [("en", "how much of the old memory cell"), ("zh", "保留多少")],
                         ids=["en", "zh"])
def test_cli_shows_both_terms_and_the_definition_in_the_chosen_language(lang, definition):
    result = run("--lang", lang, "glossary", "forget")
    assert result.exit_code == 0
    assert "forget gate · 遗忘门" in result.output and definition in result.output


def test_cli_chinese_word():
    result = run("glossary", "遗忘", RNN_TUTOR_LANG="zh")
    assert result.exit_code == 0 and result.output.startswith("forget gate · 遗忘门")


def test_cli_without_word_lists_every_term():
    result = run("glossary")
    assert result.exit_code == 0
    assert all(f"{t.en} · {t.zh}" in result.output for t in terms() if len(t.en) + len(t.zh) < 50)


def test_cli_no_match_exits_1():
    result = run("glossary", "transformer")
    assert result.exit_code == 1 and "transformer" in result.output


TERMS = tomllib.loads((bank_dir() / "glossary.toml").read_text(encoding="utf-8"))["term"]


@pytest.mark.parametrize("term", TERMS, ids=[t["en"] for t in TERMS])
def test_every_term_has_both_languages_and_one_line_definitions(term):
    assert term["en"] and term["zh"] and not english_words(term["zh"])
    assert set(term["definition"]) == {"en", "zh"}
    assert "\n" not in term["definition"]["en"] and "\n" not in term["definition"]["zh"]
    assert not english_words(term["definition"]["zh"]), english_words(term["definition"]["zh"])


def test_terms_are_unique():
    assert len({t.en for t in terms()}) == len(terms()) and len({t.zh for t in terms()}) == len(terms())


@pytest.mark.parametrize("term", ["循环神经网络", "长短期记忆网络", "门控循环单元", "隐状态", "记忆元", "遗忘门", "输入门",
                                  "输出门", "候选记忆元", "重置门", "更新门", "梯度消失", "梯度爆炸", "梯度裁剪", "填充",
                                  "掩码", "时间反向传播"])
def test_the_standard_terms_are_there(term):
    assert any(t.zh == term for t in terms())


def test_ascii_shows_the_english_in_ascii():
    result = run("glossary", "--ascii")
    assert result.exit_code == 0 and result.output.isascii()
    assert "forget gate  (f_t)" in result.output
