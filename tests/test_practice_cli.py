"""CLI conventions and layout: --version, -h, topics in help, one suggestion, stats, 80 columns, --ascii everywhere."""

import json
import re

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from tutor.interface.cli import app
from tutor.teaching.explanation import example, fmt

from .conftest import assert_golden

runner = CliRunner()
ENV = {"COLUMNS": "80", "NO_COLOR": "1", "TERM": "dumb"}


def run(*args, input=None):
    return runner.invoke(app, list(args), env=ENV, input=input)


def test_version():
    result = run("--version")
    assert result.exit_code == 0 and re.fullmatch(r"rnn-tutor \d+\.\d+\.\d+\n", result.output)


HELP = [("app", []), ("drill", ["drill"]), ("quiz", ["quiz"]), ("interview", ["interview"]), ("stats", ["stats"]),
        ("explain", ["explain"]), ("check", ["check"]), ("reset", ["reset"]), ("list", ["list"])]


@pytest.mark.parametrize("args", [h[1] for h in HELP], ids=[h[0] for h in HELP])
def test_short_help_option(args):
    short, long = run(*args, "-h"), run(*args, "--help")
    assert short.exit_code == long.exit_code == 0 and short.output == long.output and "Usage:" in short.output


TOPICS = [("app", [], ["rnn", "lstm", "gru", "deriv", "gradients"]), ("drill", ["drill"], ["rnn", "lstm", "gru", "deriv", "due"]),
          ("quiz", ["quiz"], ["basics", "gradients", "remedies", "shapes", "lengths", "cells"]),
          ("interview", ["interview"], ["lstm", "gru", "rnn"]), ("explain", ["explain"], ["rnn", "lstm", "gru"]),
          ("reset", ["reset"], ["rnn", "lstm", "gru", "deriv", "quiz"])]


@pytest.mark.parametrize("args,topics", [t[1:] for t in TOPICS], ids=[t[0] for t in TOPICS])
def test_every_help_names_the_topics(args, topics):
    text = " ".join(run(*args, "--help").output.split())
    assert all(re.search(rf"\b{t}\b", text) for t in topics)


MISSPELT = [("command", ["dril", "lstm"], "'drill'"), ("check-id", ["check", "lstm.forgt", "f_t = x"], "'lstm.forget'"),
            ("drill-id", ["drill", "gru.candidat"], "'gru.candidate'"), ("interview-cell", ["interview", "lstn"], "'lstm'")]


@pytest.mark.parametrize("args,meant", [m[1:] for m in MISSPELT], ids=[m[0] for m in MISSPELT])
def test_one_suggestion_for_a_misspelt_name(args, meant):
    result = run(*args)
    assert result.exit_code == 2
    said = result.output.lower()
    assert said.count("did you mean") == 1 and meant in said
    assert "lstm.hidden" not in said  # not the list of every id


def test_stats_of_a_new_learner_is_short_and_says_no_accuracy():
    text = run("stats").output
    assert len(text.splitlines()) <= 25 and "No progress yet" in text
    data = json.loads(run("stats", "--json").output)
    assert data["summary"]["accuracy"] is None and data["summary"]["attempts"] == 0
    assert all(t["totals"]["accuracy"] is None for t in data["topics"].values())
    assert all(row["accuracy"] is None for t in data["topics"].values() for row in t["problems"].values())


def test_stats_opens_with_a_summary_and_fits_80_columns(tmp_path, monkeypatch):
    monkeypatch.setenv("RNN_TUTOR_HOME", str(tmp_path))
    run("drill", "gru", "--in-order", input="r_t = σ(W_r [h_{t-1}, x_t] + b_r)\nz_t = tanh(W_z [h_{t-1}, x_t] + b_z)\n:quit\n")
    text = run("stats").output
    summary = re.fullmatch(r"2 attempts, accuracy 50%; 0 done, 2 learning, 0 due, (\d+) new of (\d+) items", text.splitlines()[0])
    assert summary and int(summary[1]) == int(summary[2]) - 2  # every other item of the bank and the quiz is new
    assert f"progress is kept in {tmp_path / 'progress.sqlite3'}" in " ".join(text.split())
    every = run("stats", "--all").output
    assert "gru.update" in every and "gru.reset" in every
    assert max(cell_len(line) for line in (text + every).splitlines()) <= 80
    where = run("stats", "--where").output.splitlines()
    assert where == [str(tmp_path / "progress.sqlite3"), str(tmp_path / "history")]


# ---------------------------------------------------------------- explain at 80 columns

WIDE = [("explain_lstm_hidden8_steps2", "lstm", 8, 2), ("explain_lstm_hidden3_steps2", "lstm", 3, 2),
        ("explain_gru_hidden8", "gru", 8, 3)]


@pytest.mark.parametrize("name,topic,hidden,steps", WIDE, ids=[w[0] for w in WIDE])
def test_wide_examples_wrap_and_cut_no_value(name, topic, hidden, steps):
    out = run("explain", topic, "--hidden", str(hidden), "--steps", str(steps)).output
    assert max(cell_len(line) for line in out.splitlines()) <= 80
    numbers = re.findall(r"-?\d+\.\d{4}", out)
    ex = example(topic, hidden=hidden, steps=steps)
    for s in ex.steps:  # every value of every state is printed whole
        for key in ("h", "c") if topic == "lstm" else ("h",):
            for value in re.findall(r"-?\d+\.\d{4}", fmt(s[key])):
                assert value in numbers
    for row in ex.rows:
        for value in re.findall(r"-?\d+\.\d{4}", fmt(ex.steps[0][row.name])):
            assert value in numbers, row.name
    assert_golden(name, out)


# ---------------------------------------------------------------- --ascii everywhere

ASCII_ANSWERS = "f_t = sigmoid(W_f [h_{t-1}, x_t] + b_f)\ni_t = tanh(W_i [h_{t-1}, x_t] + b_i)\n?\n?\n:show\n:skip\n:quit\n"
CELL = ("f_t = sigmoid(W_f [h_{t-1}, x_t] + b_f)\ni_t = tanh(W_i [h_{t-1}, x_t] + b_i)\ng_t = tanh(W_g [h_{t-1}, x_t] + b_g)\n"
        "o_t = sigmoid(W_o [h_{t-1}, x_t] + b_o)\nc_t = f_t * c_{t-1} + i_t * g_t\nh_t = o_t * tanh(c_{t-1})\n\n")
COMMANDS = [
    ("list", ["list", "--ascii"], None),
    ("check", ["check", "lstm.forget", "f_t = tanh(W_f [h_{t-1}, x_t] + b_f)", "--ascii"], None),
    ("check-invalid", ["check", "lstm.cell", "c_t = f_t @ c_{t-1} + i_t * g_t + (", "--ascii"], None),
    ("check-json", ["check", "gru.hidden", "h' = (1 - z) * n + z * h", "--json", "--ascii"], None),
    ("check-batch", ["check", "--batch", "-", "--jobs", "1", "--ascii"],
     '{"problem": "lstm.cell", "answer": "c_t = f_t ⊙ c_{t-1} + i_t ⊙ g_t", "who": "学生"}\n'),
    ("explain-rnn", ["explain", "rnn", "--ascii"], None),
    ("explain-lstm-wide", ["explain", "lstm", "--hidden", "8", "--steps", "2", "--ascii"], None),
    ("explain-gru", ["explain", "gru", "--convention", "wikipedia", "--ascii"], None),
    ("drill", ["drill", "lstm", "--in-order", "--ascii"], ASCII_ANSWERS),
    ("drill-whole", ["drill", "lstm", "--whole", "--ascii"], CELL + ":skip\n"),
    ("quiz", ["quiz", "cells", "--seed", "1", "--ascii"], "a\n:show\n:skip\n" * 4 + ":quit\n"),
    ("interview", ["interview", "lstm", "--seed", "2", "--ascii"], CELL + "a\nb\n4H(H+X+1)\n"),
    ("stats", ["stats", "--all", "--ascii"], None),
    ("stats-json", ["stats", "--json", "--ascii"], None),
    ("demo-vanishing", ["demo", "vanishing", "--ascii"], None),
    ("demo-clipping", ["demo", "clipping", "--ascii"], None),
    ("reset", ["reset", "lstm", "--yes", "--ascii"], None),
]


@pytest.mark.parametrize("args,stdin", [c[1:] for c in COMMANDS], ids=[c[0] for c in COMMANDS])
def test_every_command_is_pure_ascii(tmp_path, monkeypatch, args, stdin):
    monkeypatch.setenv("RNN_TUTOR_HOME", str(tmp_path))
    run("drill", "gru", "--in-order", input="r_t = sigmoid(W_r [h_{t-1}, x_t] + b_r)\n:quit\n")  # some progress
    result = run(*args, input=stdin)
    assert result.exit_code in (0, 1, 2) and result.output.strip()
    bad = sorted({ch for ch in result.output if not ch.isascii()})
    assert not bad, bad


LONG = "c_t = f_t ⊙ c_{t-1} + i_t ⊙ g_t + W_xc x_t + W_hc h_{t-1} + b_c + W_extra h_{t-1} + (x_t"
CARETS = [("check_invalid_long_caret", ["check", "lstm.cell", LONG]),
          ("check_invalid_long_caret_ascii", ["check", "lstm.cell", LONG, "--ascii"])]


@pytest.mark.parametrize("name,args", CARETS, ids=[c[0] for c in CARETS])
def test_the_caret_stays_under_the_fault_of_a_long_answer(name, args):
    out = run(*args).output
    lines = out.splitlines()
    source, marks = lines[1], lines[2]
    assert max(cell_len(line) for line in lines) <= 80
    col = marks.index("^")
    assert source[col - 1] == "t" and source[col - 3 : col] == "x_t"  # the end of the answer, just after (x_t
    assert_golden(name, out)


# ---------------------------------------------------------------- the vanishing-gradient pictures


def test_the_terminal_plot_explains_its_overlap_mark():
    out = run("demo", "vanishing").output
    plot = out[: out.index("RNN ‖∂h_T/∂h_t‖")]
    assert "◆ both" in " ".join(out.split())
    assert "◆" in plot  # both norms are 1 at t = T, so the plot always uses the mark the legend explains


def test_the_png_is_made_for_slides(tmp_path):
    pytest.importorskip("matplotlib", reason="matplotlib is the plot extra: pip install 'rnn-tutor[plot]'")
    from PIL import Image

    target = tmp_path / "v.png"
    assert run("demo", "vanishing", "--save", str(target)).exit_code == 0
    image = Image.open(target)
    assert image.info["dpi"][0] >= 150 and image.size[0] >= 1200


def test_one_install_line_for_the_plot_extra():
    from pathlib import Path

    from tutor.interface.charts import INSTALL_PLOT

    readme = Path(__file__).parent.parent / "README.md"
    if readme.exists():
        assert INSTALL_PLOT in readme.read_text(encoding="utf-8")


def test_reset_interview_forgets_the_follow_ups_only(tmp_path, monkeypatch):
    monkeypatch.setenv("RNN_TUTOR_HOME", str(tmp_path))
    run("interview", "rnn", "--seed", "1", input="h_t = tanh(W_xh x_t + W_hh h_{t-1} + b_h)\n\na\na\nH(H+X+1)\n")
    from tutor.store.progress import Store

    before = [a.problem for a in Store.open(tmp_path / "progress.sqlite3").attempts()]
    assert before[0] == "rnn" and len(before) == 4
    assert run("reset", "Interview", "--yes").exit_code == 0
    assert [a.problem for a in Store.open(tmp_path / "progress.sqlite3").attempts()] == ["rnn"]
